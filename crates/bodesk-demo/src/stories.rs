//! The planted stories: fixed ids (the same for every seed and size), so a
//! screen, a test or a demo script can go straight to them.

/// One planted story and where to find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Story {
    /// Short stable name.
    pub key: &'static str,
    pub title: &'static str,
    /// `(what, id)` pairs, ids as the working set stores them.
    pub ids: &'static [(&'static str, &'static str)],
    /// What the data shows and where.
    pub look: &'static str,
}

/// The stories planted in every demo network (see the crate README).
///
/// 1. `late_supplier`: supplier 200003 (Brandt Präzisionsteile GmbH) promises
///    95% on time and delivers about one PO line in six on time, weeks late,
///    some months late: by far the most past-due open PO lines of any
///    supplier, and open backorder lines on its parts (among them the fast
///    movers 100020 to 100024) at every echelon.
/// 2. `eol_successor`: part 100007 is end-of-life (lifecycle `eol`,
///    `eol_date` four months before the last export, its last-time buy used
///    up, no supply since); its successor 100008 is a one-way substitute,
///    stocked only at AC01 (AMER central), while the demand and the open lines
///    of 100007 are in EMEA (EC01, ER01, ER02, EF01, EF02).
/// 3. `campaign_spike`: retrofit campaign CMP-0001 for part 100011 at ER01
///    runs over the last three months of history and one more: monthly demand
///    jumps from about one to about thirty and backorder lines pile up at ER01.
/// 4. `blocked_transfer`: transfer 4899000001 of two units of A-critical part
///    100015 from ER01 to EF03 is `blocked` (quality hold, `blocked` stock at
///    ER01) nearly three weeks past its expected date, while at EF03 platinum
///    customer 300002 waits on line 9000000001/10 for machine 10000001, with a
///    `waiting_for_part` service event.
/// 5. `overlapping_customer`: platinum customer 300002 (Universitätsklinikum
///    Rhein-Main) has far more open backorder lines than any other customer,
///    many open at the same time, among them the ten-line order 9000000002.
pub const STORIES: &[Story] = &[
    Story {
        key: "late_supplier",
        title: "A supplier with chronic late deliveries",
        ids: &[("supplier", ids::LATE_SUPPLIER), ("fast-moving parts", "100020..100024")],
        look: "purchase_orders: most past-due open lines (committed_date < as-of); received lines mostly after committed_date; open backorders on parts whose primary supplier it is",
    },
    Story {
        key: "eol_successor",
        title: "An end-of-life part whose successor is not stocked where the demand is",
        ids: &[("eol part", ids::EOL_PART), ("successor", ids::SUCCESSOR_PART), ("successor stocked at", "AC01"), ("demand at", "EC01 ER01 ER02 EF01 EF02")],
        look: "parts: lifecycle eol, eol_date, successor_part_id; substitutes: one_way; stock of the successor only at AC01; open backorders of the eol part in EMEA",
    },
    Story {
        key: "campaign_spike",
        title: "A campaign's demand spike",
        ids: &[("campaign", ids::CAMPAIGN), ("part", ids::CAMPAIGN_PART), ("location", ids::CAMPAIGN_LOCATION)],
        look: "campaigns; demand_history of the part at the location in the campaign's months; backorder lines created there since the start",
    },
    Story {
        key: "blocked_transfer",
        title: "A blocked transfer while a machine waits",
        ids: &[("transfer", ids::BLOCKED_TRANSFER), ("part", ids::BLOCKED_PART), ("from", "ER01"), ("to", "EF03"), ("line", "9000000001/10"), ("equipment", ids::STORY_EQUIPMENT)],
        look: "transfers: status blocked past expected_date; stock: blocked units at ER01, none at EF03; backorders and service_events at EF03",
    },
    Story {
        key: "overlapping_customer",
        title: "A customer with many overlapping backorder lines",
        ids: &[("customer", ids::OVERLAP_CUSTOMER), ("ten-line order", ids::MULTI_LINE_ORDER)],
        look: "backorders: the most open lines of any customer, open at the same time (customer_impact_days far below the sum of line days)",
    },
];

/// The stories' ids.
pub mod ids {
    pub const LATE_SUPPLIER: &str = "200003";
    pub const EOL_PART: &str = "100007";
    pub const SUCCESSOR_PART: &str = "100008";
    pub const CAMPAIGN: &str = "CMP-0001";
    pub const CAMPAIGN_PART: &str = "100011";
    pub const CAMPAIGN_LOCATION: &str = "ER01";
    pub const BLOCKED_TRANSFER: &str = "4899000001";
    pub const BLOCKED_PART: &str = "100015";
    pub const BLOCKED_FROM: &str = "ER01";
    pub const BLOCKED_TO: &str = "EF03";
    pub const BLOCKED_ORDER: &str = "9000000001";
    pub const STORY_EQUIPMENT: &str = "10000001";
    pub const OVERLAP_CUSTOMER: &str = "300002";
    pub const MULTI_LINE_ORDER: &str = "9000000002";
}

// Indices behind the ids (part n has id 100000 + n + 1, and so on).
pub(crate) const EOL_PART: usize = 6;
pub(crate) const SUCCESSOR_PART: usize = 7;
pub(crate) const CAMPAIGN_PART: usize = 10;
pub(crate) const BLOCKED_PART: usize = 14;
pub(crate) const LATE_FAST_PARTS: std::ops::RangeInclusive<usize> = 19..=23;
pub(crate) const LATE_SUPPLIER: usize = 2;
pub(crate) const OVERLAP_CUSTOMER: usize = 1;
pub(crate) const BLOCKED_TRANSFER_ID: u64 = 4_899_000_001;
pub(crate) const BLOCKED_ORDER_ID: u64 = 9_000_000_001;
pub(crate) const MULTI_LINE_ORDER_ID: u64 = 9_000_000_002;
/// Story service events are numbered from here.
pub(crate) const STORY_EVENTS: u64 = 390_000_001;
