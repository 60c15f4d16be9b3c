//! The working set turned into compact per-line records, once, so that the
//! totals and any drill-down are each one sequential pass.

use crate::fxhash::FxHashMap;
use crate::intern::Interner;
use crate::rules::{self, day, RootCauses, SupplierTally, LONG_OPEN_DAYS};
use crate::{
    Criticality, Dim, Group, KpiConfig, Kpis, LineView, Network, RootCause, SlaTerms,
    SupplierFigures, Totals, NONE_KEY,
};

/// The figures' inputs, precomputed for one [`Network`] and one
/// [`KpiConfig`]: build it once per working set and as-of date, then ask for
/// [`totals`](Prepared::totals) and any number of
/// [`drill_down`](Prepared::drill_down)s.
///
/// Holds only the lines that contribute to some figure (open, or with a day
/// in the window), as small records with integer ids, sorted by (customer,
/// start of the clipped interval). Every id table is in key order, so groups
/// come out sorted by key without sorting strings.
#[derive(Debug, Clone)]
pub struct Prepared {
    lines: Vec<Rec>,
    /// Indices into `lines` of the records with backorder days, by part.
    with_days_by_part: Vec<u32>,
    part_has_days: Vec<bool>,

    part_keys: Vec<String>,
    location_keys: Vec<String>,
    customer_keys: Vec<String>,
    region_keys: Vec<String>,
    product_line_keys: Vec<String>,
    tier_keys: Vec<String>,
    supplier_keys: Vec<String>,

    part_product_line: Vec<u32>,
    part_criticality: Vec<u32>,
    part_supplier: Vec<u32>,
    location_region: Vec<u32>,
    customer_tier: Vec<u32>,

    fill_rate: Option<f64>,
    supplier_on_time_pct: Option<f64>,
    scorecard: Vec<SupplierFigures>,
}

const OPEN: u8 = 1;
const BREACH: u8 = 2;
const OVER_30: u8 = 4;

/// One contributing line.
#[derive(Debug, Clone, Copy, Default)]
struct Rec {
    customer: u32,
    part: u32,
    location: u32,
    /// `[start, stop)`: the line's days in the window, as day numbers.
    start: i32,
    stop: i32,
    age: i32,
    root_cause: u8,
    flags: u8,
    qty: f64,
    value: f64,
    penalty: f64,
}

/// Criticality group keys, sorted: `(none)` < `A` < `B` < `C`.
const CRITICALITY_KEYS: [&str; 4] = [NONE_KEY, "A", "B", "C"];

/// Root-cause group keys, sorted by name.
const ROOT_CAUSE_KEYS: [RootCause; 6] = [
    RootCause::DemandSpike,
    RootCause::EolTransition,
    RootCause::ForecastError,
    RootCause::InternalTransfer,
    RootCause::SupplierDelay,
    RootCause::Unknown,
];

fn root_cause_rank(rc: RootCause) -> u8 {
    ROOT_CAUSE_KEYS.iter().position(|&k| k == rc).unwrap() as u8
}

impl Prepared {
    pub fn new(net: &Network, cfg: &KpiConfig) -> Prepared {
        Prepared::from_lines(net, net.lines.iter().map(LineView::from), cfg)
    }

    /// [`Prepared::new`] with the backorder lines given apart: `lines` in
    /// place of `net.lines` (which is not read), in the same order. The
    /// lookups, PO lines, demand and root causes come from `net`. For a
    /// caller that keeps its lines in its own compact form; lines that do
    /// not [count](crate::counts_in_window) may be left out.
    pub fn from_lines<'a>(
        net: &Network,
        lines: impl IntoIterator<Item = LineView<'a>>,
        cfg: &KpiConfig,
    ) -> Prepared {
        let t = day(cfg.as_of);
        let root_causes = RootCauses::new(net);

        // Pass 1: the contributing lines, with first-sight ids.
        let mut parts = Interner::default();
        let mut locations = Interner::default();
        let mut customers = Interner::default();
        let input = lines.into_iter();
        let mut lines = Vec::with_capacity(input.size_hint().0);
        for line in input {
            let Some(timing) = rules::timing(&line, t) else {
                continue;
            };
            if !timing.counts() {
                continue;
            }
            let mut flags = 0;
            if timing.open {
                flags |= OPEN;
                if timing.age > LONG_OPEN_DAYS {
                    flags |= OVER_30;
                }
            }
            lines.push(Rec {
                customer: customers.intern(line.customer_id),
                part: parts.intern(line.part_id),
                location: locations.intern(line.location_id),
                start: timing.start,
                stop: timing.stop,
                age: timing.age,
                root_cause: root_causes.of(&line) as u8,
                flags,
                qty: line.qty_open,
                value: 0.0,
                penalty: 0.0,
            });
        }

        // The lookups, once per distinct id, in key order.
        let (part_names, part_rank) = parts.into_sorted();
        let (location_names, location_rank) = locations.into_sorted();
        let (customer_names, customer_rank) = customers.into_sorted();

        let mut product_lines = Interner::default();
        let mut suppliers = Interner::default();
        let mut part_unit_cost = Vec::with_capacity(part_names.len());
        let mut part_crit: Vec<Option<Criticality>> = Vec::with_capacity(part_names.len());
        let mut part_product_line = Vec::with_capacity(part_names.len());
        let mut part_supplier = Vec::with_capacity(part_names.len());
        let mut part_primary_supplier: Vec<Option<&str>> = Vec::with_capacity(part_names.len());
        for name in &part_names {
            let info = net.parts.get(name.as_str());
            part_unit_cost.push(info.map_or(0.0, |p| p.unit_cost));
            part_crit.push(info.map(|p| p.criticality));
            let product_line = info.and_then(|p| p.product_line.as_deref());
            part_product_line.push(product_line_id(&mut product_lines, product_line));
            let supplier = info.and_then(|p| p.primary_supplier_id.as_deref());
            part_primary_supplier.push(supplier);
            part_supplier.push(suppliers.intern(supplier.unwrap_or(NONE_KEY)));
        }
        let (product_line_names, product_line_rank) = product_lines.into_sorted();
        let (supplier_names, supplier_rank) = suppliers.into_sorted();
        remap(&mut part_product_line, &product_line_rank);
        remap(&mut part_supplier, &supplier_rank);
        let part_criticality = part_crit
            .iter()
            .map(|c| c.map_or(0, |c| c.index() as u32 + 1))
            .collect();

        let mut regions = Interner::default();
        let mut location_region: Vec<u32> = location_names
            .iter()
            .map(|name| {
                regions.intern(
                    net.locations
                        .get(name.as_str())
                        .map_or(NONE_KEY, |l| l.region.as_str()),
                )
            })
            .collect();
        let (region_names, region_rank) = regions.into_sorted();
        remap(&mut location_region, &region_rank);

        // SLA terms per customer and criticality; a customer without a
        // known tier has none.
        let mut tiers = Interner::default();
        let mut terms_by_tier: FxHashMap<&str, [Option<SlaTerms>; 3]> = FxHashMap::default();
        let mut customer_terms: Vec<[Option<SlaTerms>; 3]> =
            Vec::with_capacity(customer_names.len());
        let mut customer_tier: Vec<u32> = Vec::with_capacity(customer_names.len());
        for name in &customer_names {
            match net.customers.get(name.as_str()) {
                Some(c) => {
                    let tier = c.tier.as_str();
                    customer_tier.push(tiers.intern(tier));
                    let terms = terms_by_tier.entry(tier).or_insert_with(|| {
                        Criticality::ALL.map(|k| net.sla.get(&(tier.to_string(), k)).copied())
                    });
                    customer_terms.push(*terms);
                }
                None => {
                    customer_tier.push(tiers.intern(NONE_KEY));
                    customer_terms.push([None; 3]);
                }
            }
        }
        let (tier_names, tier_rank) = tiers.into_sorted();
        remap(&mut customer_tier, &tier_rank);

        // Pass 2: ids to key order; value, breach and penalty.
        let mut caused_by_part = vec![0u64; part_names.len()];
        for rec in &mut lines {
            let (part_seen, customer_seen) = (rec.part as usize, rec.customer as usize);
            if rec.flags & OPEN != 0 {
                rec.value = rec.qty * part_unit_cost[part_rank[part_seen] as usize];
                let terms = part_crit[part_rank[part_seen] as usize]
                    .and_then(|c| customer_terms[customer_rank[customer_seen] as usize][c.index()]);
                if let Some(penalty) = rules::sla_breach(rec.age, terms.as_ref()) {
                    rec.flags |= BREACH;
                    rec.penalty = penalty;
                }
                if rec.root_cause == RootCause::SupplierDelay as u8 {
                    caused_by_part[part_rank[part_seen] as usize] += 1;
                }
            }
            rec.part = part_rank[part_seen];
            rec.customer = customer_rank[customer_seen];
            rec.location = location_rank[rec.location as usize];
            rec.root_cause = root_cause_rank(RootCause::ALL[rec.root_cause as usize]);
        }
        let lines = sort_by_customer_and_start(lines, customer_names.len());

        // Lines with days, grouped by part (a counting sort).
        let mut part_has_days = vec![false; part_names.len()];
        let mut bucket_start = vec![0u32; part_names.len() + 1];
        for rec in &lines {
            if rec.stop > rec.start {
                part_has_days[rec.part as usize] = true;
                bucket_start[rec.part as usize + 1] += 1;
            }
        }
        for i in 1..bucket_start.len() {
            bucket_start[i] += bucket_start[i - 1];
        }
        let mut with_days_by_part = vec![0u32; bucket_start[part_names.len()] as usize];
        for (i, rec) in lines.iter().enumerate() {
            if rec.stop > rec.start {
                let slot = &mut bucket_start[rec.part as usize];
                with_days_by_part[*slot as usize] = i as u32;
                *slot += 1;
            }
        }

        let mut caused: FxHashMap<&str, u64> = FxHashMap::default();
        for (p, &n) in caused_by_part.iter().enumerate() {
            if let (true, Some(s)) = (n > 0, part_primary_supplier[p]) {
                *caused.entry(s).or_default() += n;
            }
        }
        let (scorecard, supplier_on_time_pct) = scorecard(net, t, caused);

        Prepared {
            lines,
            with_days_by_part,
            part_has_days,
            part_keys: part_names,
            location_keys: location_names,
            customer_keys: customer_names,
            region_keys: region_names,
            product_line_keys: product_line_names,
            tier_keys: tier_names,
            supplier_keys: supplier_names,
            part_product_line,
            part_criticality,
            part_supplier,
            location_region,
            customer_tier,
            fill_rate: rules::fill_rate(&net.demand, cfg.as_of),
            supplier_on_time_pct,
            scorecard,
        }
    }

    /// The backorder KPIs over all lines, with fill rate and supplier
    /// on-time percentage.
    pub fn totals(&self) -> Totals {
        let acc = self.accumulate(1, |_| 0, PartsAffected::AllInOne);
        Totals {
            kpis: acc[0].kpis(),
            fill_rate: self.fill_rate,
            supplier_on_time_pct: self.supplier_on_time_pct,
        }
    }

    /// The backorder KPIs per group of `dim`, sorted by key; only groups
    /// with at least one contributing line.
    pub fn drill_down(&self, dim: Dim) -> Vec<Group> {
        self.drill_down_with(dim, PartsStrategy::Fastest)
    }

    fn drill_down_with(&self, dim: Dim, strategy: PartsStrategy) -> Vec<Group> {
        let crit_keys = CRITICALITY_KEYS.map(str::to_string);
        let rc_keys = ROOT_CAUSE_KEYS.map(|rc| rc.as_str().to_string());
        // For groupings that are not a function of the part (or customer).
        let other = |groups: usize| match strategy {
            PartsStrategy::Fastest if groups * self.part_keys.len() <= BITSET_MAX_BITS => {
                PartsAffected::Bitset
            }
            _ => PartsAffected::PerLine,
        };
        let (keys, acc): (&[String], Vec<Acc>) = match dim {
            Dim::Part => (
                &self.part_keys,
                self.accumulate(self.part_keys.len(), |r| r.part, PartsAffected::PartIsGroup),
            ),
            Dim::ProductLine => self.by_part(&self.product_line_keys, &self.part_product_line),
            Dim::Criticality => self.by_part(&crit_keys, &self.part_criticality),
            Dim::Supplier => self.by_part(&self.supplier_keys, &self.part_supplier),
            Dim::Location => {
                let n = self.location_keys.len();
                (
                    &self.location_keys,
                    self.accumulate(n, |r| r.location, other(n)),
                )
            }
            Dim::Region => {
                let (n, map) = (self.region_keys.len(), &self.location_region);
                (
                    &self.region_keys,
                    self.accumulate(n, |r| map[r.location as usize], other(n)),
                )
            }
            Dim::Customer => {
                let parts = match strategy {
                    PartsStrategy::Fastest => PartsAffected::CustomerIsGroup,
                    PartsStrategy::PerLine => PartsAffected::PerLine,
                };
                (
                    &self.customer_keys,
                    self.accumulate(self.customer_keys.len(), |r| r.customer, parts),
                )
            }
            Dim::Tier => {
                let (n, map) = (self.tier_keys.len(), &self.customer_tier);
                (
                    &self.tier_keys,
                    self.accumulate(n, |r| map[r.customer as usize], other(n)),
                )
            }
            Dim::RootCause => {
                let n = rc_keys.len();
                (
                    &rc_keys,
                    self.accumulate(n, |r| r.root_cause as u32, other(n)),
                )
            }
        };
        let mut groups = Vec::with_capacity(acc.iter().filter(|a| a.has_lines()).count());
        for (key, a) in keys.iter().zip(&acc) {
            if a.has_lines() {
                groups.push(Group {
                    key: key.clone(),
                    kpis: a.kpis(),
                });
            }
        }
        groups
    }

    /// The backorder KPIs of the lines whose groups match every
    /// `(dimension, key)` filter (a drill-down path such as region `EMEA`,
    /// then location `L004`). Equal to the matching group of
    /// [`drill_down`](Prepared::drill_down) for one filter.
    pub fn totals_where(&self, filters: &[(Dim, String)]) -> Kpis {
        let Some(matches) = self.filter(filters) else {
            return Kpis::default();
        };
        let acc = self.accumulate(2, |r| u32::from(!matches(r)), PartsAffected::PerLine);
        acc[0].kpis()
    }

    /// [`drill_down`](Prepared::drill_down) of `dim` over the lines that
    /// match every filter: the next level of a drill-down path.
    pub fn drill_down_where(&self, filters: &[(Dim, String)], dim: Dim) -> Vec<Group> {
        if filters.is_empty() {
            return self.drill_down(dim);
        }
        let Some(matches) = self.filter(filters) else {
            return Vec::new();
        };
        let keys = self.keys(dim);
        let n = keys.len() as u32;
        let acc = self.accumulate(
            keys.len() + 1,
            |r| if matches(r) { self.group_id(r, dim) } else { n },
            PartsAffected::PerLine,
        );
        keys.iter()
            .zip(&acc)
            .filter(|(_, a)| a.has_lines())
            .map(|(key, a)| Group {
                key: key.clone(),
                kpis: a.kpis(),
            })
            .collect()
    }

    /// The group keys of `dim`, indexed by [`group_id`](Prepared::group_id).
    fn keys(&self, dim: Dim) -> std::borrow::Cow<'_, [String]> {
        use std::borrow::Cow;
        match dim {
            Dim::Region => Cow::Borrowed(&self.region_keys),
            Dim::Location => Cow::Borrowed(&self.location_keys),
            Dim::Part => Cow::Borrowed(&self.part_keys),
            Dim::ProductLine => Cow::Borrowed(&self.product_line_keys),
            Dim::Criticality => Cow::Owned(CRITICALITY_KEYS.map(str::to_string).to_vec()),
            Dim::Tier => Cow::Borrowed(&self.tier_keys),
            Dim::Customer => Cow::Borrowed(&self.customer_keys),
            Dim::Supplier => Cow::Borrowed(&self.supplier_keys),
            Dim::RootCause => {
                Cow::Owned(ROOT_CAUSE_KEYS.map(|rc| rc.as_str().to_string()).to_vec())
            }
        }
    }

    /// The index of a line's group of `dim` in [`keys`](Prepared::keys).
    fn group_id(&self, r: &Rec, dim: Dim) -> u32 {
        match dim {
            Dim::Region => self.location_region[r.location as usize],
            Dim::Location => r.location,
            Dim::Part => r.part,
            Dim::ProductLine => self.part_product_line[r.part as usize],
            Dim::Criticality => self.part_criticality[r.part as usize],
            Dim::Tier => self.customer_tier[r.customer as usize],
            Dim::Customer => r.customer,
            Dim::Supplier => self.part_supplier[r.part as usize],
            Dim::RootCause => r.root_cause as u32,
        }
    }

    /// A predicate for the filters; `None` when a filter's key names no
    /// group (then nothing matches).
    fn filter(&self, filters: &[(Dim, String)]) -> Option<impl Fn(&Rec) -> bool + '_> {
        let mut wanted = Vec::with_capacity(filters.len());
        for (dim, key) in filters {
            let id = self.keys(*dim).iter().position(|k| k == key)? as u32;
            wanted.push((*dim, id));
        }
        Some(move |r: &Rec| wanted.iter().all(|&(d, id)| self.group_id(r, d) == id))
    }

    /// The supplier scorecard, sorted by supplier id.
    pub fn supplier_scorecard(&self) -> &[SupplierFigures] {
        &self.scorecard
    }

    fn by_part<'k>(&self, keys: &'k [String], map: &[u32]) -> (&'k [String], Vec<Acc>) {
        (
            keys,
            self.accumulate(
                keys.len(),
                |r| map[r.part as usize],
                PartsAffected::PartMap(map),
            ),
        )
    }

    /// One pass over the lines in (customer, start) order: the additive
    /// figures, and per group the union of each customer's intervals (a
    /// group sees its lines of one customer contiguously and by start).
    /// Then `parts_affected`, the cheapest way the grouping allows.
    fn accumulate<F: Fn(&Rec) -> u32>(
        &self,
        groups: usize,
        group_of: F,
        parts: PartsAffected<'_>,
    ) -> Vec<Acc> {
        let mut acc = vec![Acc::EMPTY; groups];
        let n_parts = self.part_keys.len();
        let mut seen = match parts {
            PartsAffected::Bitset => vec![0u64; (groups * n_parts).div_ceil(64)],
            _ => Vec::new(),
        };
        let mut last_customer = match parts {
            PartsAffected::CustomerIsGroup => vec![u32::MAX; n_parts],
            _ => Vec::new(),
        };
        for rec in &self.lines {
            let g = group_of(rec) as usize;
            let a = &mut acc[g];
            if rec.flags & OPEN != 0 {
                a.open_lines += 1;
                a.open_qty += rec.qty;
                a.open_value += rec.value;
                a.age_sum += rec.age as u64;
                a.max_age = a.max_age.max(rec.age as u32);
                if rec.flags & BREACH != 0 {
                    a.sla_breaches += 1;
                    a.penalty += rec.penalty;
                }
                if rec.flags & OVER_30 != 0 {
                    a.over_30 += 1;
                }
            }
            if rec.stop > rec.start {
                a.backorder_days += (rec.stop - rec.start) as u64;
                // The days of this interval not yet covered by the
                // customer's earlier ones in this group.
                let from = if a.run_customer == rec.customer {
                    rec.start.max(a.run_stop)
                } else {
                    rec.start
                };
                a.run_customer = rec.customer;
                if rec.stop > from {
                    a.impact += (rec.stop - from) as u64;
                    a.run_stop = rec.stop;
                }
                match parts {
                    PartsAffected::Bitset => {
                        let bit = g * n_parts + rec.part as usize;
                        let (word, mask) = (&mut seen[bit / 64], 1u64 << (bit % 64));
                        if *word & mask == 0 {
                            *word |= mask;
                            a.parts += 1;
                        }
                    }
                    PartsAffected::CustomerIsGroup => {
                        // A customer's lines are contiguous: a part is new to
                        // the customer when another customer saw it last.
                        let last = &mut last_customer[rec.part as usize];
                        if *last != rec.customer {
                            *last = rec.customer;
                            a.parts += 1;
                        }
                    }
                    _ => {}
                }
            }
        }

        let affected = self
            .part_has_days
            .iter()
            .enumerate()
            .filter(|(_, &has)| has);
        match parts {
            PartsAffected::AllInOne => acc[0].parts = affected.count() as u32,
            PartsAffected::PartIsGroup => affected.for_each(|(p, _)| acc[p].parts += 1),
            PartsAffected::PartMap(map) => {
                affected.for_each(|(p, _)| acc[map[p] as usize].parts += 1)
            }
            PartsAffected::Bitset | PartsAffected::CustomerIsGroup => {}
            PartsAffected::PerLine => {
                // Parts come in order, so a part is new to a group when it
                // differs from the last part the group saw.
                let mut last_part = vec![u32::MAX; groups];
                for &i in &self.with_days_by_part {
                    let rec = &self.lines[i as usize];
                    let g = group_of(rec) as usize;
                    if last_part[g] != rec.part {
                        last_part[g] = rec.part;
                        acc[g].parts += 1;
                    }
                }
            }
        }
        acc
    }
}

/// How a grouping relates to parts, for `parts_affected`.
#[derive(Clone, Copy)]
enum PartsAffected<'a> {
    /// One group holds everything.
    AllInOne,
    /// The group id is the part id.
    PartIsGroup,
    /// The group is a function of the part (part id to group id).
    PartMap(&'a [u32]),
    /// The group is the customer: counted in the main pass.
    CustomerIsGroup,
    /// Few enough groups for a bit per (group, part): counted in the main
    /// pass.
    Bitset,
    /// Anything else: distinct (group, part) pairs among the lines with
    /// days, visited by part.
    PerLine,
}

/// Largest (groups x parts) bitset [`PartsAffected::Bitset`] may use: 16 MiB.
const BITSET_MAX_BITS: usize = 1 << 27;

/// Which `parts_affected` computation a drill-down uses; all give the same
/// figures (the tests compare them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartsStrategy {
    Fastest,
    #[cfg_attr(not(test), allow(dead_code))]
    PerLine,
}

/// The records in (customer, start) order; ties keep their input order, so
/// floating-point sums are reproducible. A counting sort by customer, then a
/// stable sort of each customer's (few) lines.
fn sort_by_customer_and_start(lines: Vec<Rec>, customers: usize) -> Vec<Rec> {
    let mut next = vec![0usize; customers + 1];
    for rec in &lines {
        next[rec.customer as usize + 1] += 1;
    }
    for c in 1..next.len() {
        next[c] += next[c - 1];
    }
    let bounds = next.clone();
    let mut sorted = vec![Rec::default(); lines.len()];
    for rec in lines {
        let slot = &mut next[rec.customer as usize];
        sorted[*slot] = rec;
        *slot += 1;
    }
    for c in 0..customers {
        sorted[bounds[c]..bounds[c + 1]].sort_by_key(|r| r.start);
    }
    sorted
}

fn product_line_id(interner: &mut Interner, product_line: Option<&str>) -> u32 {
    interner.intern(product_line.unwrap_or(NONE_KEY))
}

fn remap(ids: &mut [u32], rank: &[u32]) {
    for id in ids {
        *id = rank[*id as usize];
    }
}

/// A group's running figures. Kept small (80 bytes): with many groups
/// (parts, customers) each line's update is a cache miss.
#[derive(Debug, Clone, Copy)]
struct Acc {
    open_qty: f64,
    open_value: f64,
    penalty: f64,
    age_sum: u64,
    backorder_days: u64,
    impact: u64,
    open_lines: u32,
    max_age: u32,
    sla_breaches: u32,
    over_30: u32,
    parts: u32,
    /// The customer whose intervals the group is merging (`u32::MAX`: none
    /// yet), and where their union so far ends.
    run_customer: u32,
    run_stop: i32,
}

impl Acc {
    const EMPTY: Acc = Acc {
        open_qty: 0.0,
        open_value: 0.0,
        penalty: 0.0,
        age_sum: 0,
        backorder_days: 0,
        impact: 0,
        open_lines: 0,
        max_age: 0,
        sla_breaches: 0,
        over_30: 0,
        parts: 0,
        run_customer: u32::MAX,
        run_stop: 0,
    };

    /// Every contributing line is open or has a day in the window.
    fn has_lines(&self) -> bool {
        self.open_lines > 0 || self.backorder_days > 0
    }

    fn kpis(&self) -> Kpis {
        Kpis {
            open_lines: self.open_lines as u64,
            open_qty: self.open_qty,
            open_value: self.open_value,
            mean_age_days: if self.open_lines == 0 {
                0.0
            } else {
                self.age_sum as f64 / self.open_lines as f64
            },
            max_age_days: self.max_age as u64,
            backorder_days: self.backorder_days,
            parts_affected: self.parts as u64,
            backorder_days_per_part: if self.parts == 0 {
                0.0
            } else {
                self.backorder_days as f64 / self.parts as f64
            },
            customer_impact_days: self.impact,
            sla_breaches: self.sla_breaches as u64,
            penalty_exposure: self.penalty,
            lines_over_30_days: self.over_30 as u64,
        }
    }
}

/// The scorecard rows (suppliers of PO lines and suppliers that caused
/// backorders, by id) and the all-supplier on-time percentage.
pub(crate) fn scorecard(
    net: &Network,
    t: i32,
    caused: FxHashMap<&str, u64>,
) -> (Vec<SupplierFigures>, Option<f64>) {
    let mut tallies: FxHashMap<&str, SupplierTally> = FxHashMap::default();
    let mut all = SupplierTally::default();
    for po in &net.po_lines {
        tallies
            .entry(po.supplier_id.as_str())
            .or_default()
            .add_po_line(po, t);
        all.add_po_line(po, t);
    }
    for (supplier, n) in caused {
        tallies.entry(supplier).or_default().caused += n;
    }
    let mut rows: Vec<SupplierFigures> = tallies
        .into_iter()
        .map(|(supplier, tally)| SupplierFigures {
            supplier_id: supplier.to_string(),
            received_lines: tally.received,
            on_time_pct: tally.on_time_pct(),
            avg_delay_days: tally.avg_delay_days(),
            past_due_lines: tally.past_due,
            backorders_caused: tally.caused,
        })
        .collect();
    rows.sort_unstable_by(|a, b| a.supplier_id.cmp(&b.supplier_id));
    (rows, all.on_time_pct())
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate};

    use super::*;
    use crate::{CustomerInfo, Line, LineStatus, LocationInfo, PartInfo};

    /// A random network with many parts per group, so that every
    /// `parts_affected` strategy has distinct (group, part) pairs to count.
    fn network(seed: u64) -> Network {
        let mut rng = fastrand::Rng::with_seed(seed);
        let t = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let mut net = Network::default();
        for p in 0..30 {
            net.parts.insert(
                format!("P{p}"),
                PartInfo {
                    unit_cost: 1.0,
                    criticality: Criticality::ALL[rng.usize(..3)],
                    product_line: None,
                    primary_supplier_id: None,
                },
            );
        }
        for l in 0..6 {
            net.locations.insert(
                format!("L{l}"),
                LocationInfo {
                    region: format!("R{}", l % 2),
                },
            );
        }
        for c in 0..12 {
            net.customers.insert(
                format!("C{c}"),
                CustomerInfo {
                    tier: format!("T{}", c % 3),
                },
            );
        }
        for i in 0..800 {
            let created = t - Duration::days(rng.i64(-5..400));
            let status = [LineStatus::Open, LineStatus::Closed][rng.usize(..2)];
            net.lines.push(Line {
                order_id: format!("o{i}"),
                order_line: "1".to_string(),
                customer_id: format!("C{}", rng.usize(..13)),
                part_id: format!("P{}", rng.usize(..32)),
                location_id: format!("L{}", rng.usize(..7)),
                qty_open: 1.0,
                created_date: created,
                closed_date: Some(created + Duration::days(rng.i64(0..60))),
                status,
            });
            if rng.bool() {
                net.root_causes.insert(
                    (format!("o{i}"), "1".to_string()),
                    RootCause::ALL[rng.usize(..6)],
                );
            }
        }
        net
    }

    #[test]
    fn parts_affected_strategies_agree() {
        for seed in 0..5 {
            let net = network(seed);
            let cfg = KpiConfig {
                as_of: NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(),
            };
            let prepared = Prepared::new(&net, &cfg);
            for dim in [
                Dim::Region,
                Dim::Location,
                Dim::Customer,
                Dim::Tier,
                Dim::RootCause,
            ] {
                let fastest = prepared.drill_down_with(dim, PartsStrategy::Fastest);
                let per_line = prepared.drill_down_with(dim, PartsStrategy::PerLine);
                assert_eq!(fastest, per_line, "seed {seed}, dim {dim}");
                let parts: u64 = fastest.iter().map(|g| g.kpis.parts_affected).sum();
                assert!(
                    parts > fastest.len() as u64,
                    "seed {seed}, dim {dim}: groups of one part"
                );
            }
        }
    }

    /// Lines that do not count, and PO lines that do not count except one
    /// per supplier, can be left out: every figure stays the same, bit for
    /// bit (what the api's loader relies on).
    #[test]
    fn leaving_out_what_does_not_count_changes_no_figure() {
        let t = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let cfg = KpiConfig { as_of: t };
        for seed in 0..5 {
            let mut net = network(seed);
            let mut rng = fastrand::Rng::with_seed(seed + 100);
            for i in 0..400 {
                let committed = t - Duration::days(rng.i64(-60..500));
                net.po_lines.push(crate::PoLine {
                    po_id: format!("po{i}"),
                    po_line: "1".to_string(),
                    part_id: format!("P{}", rng.usize(..30)),
                    supplier_id: format!("S{}", rng.usize(..8)),
                    committed_date: committed,
                    received_date: rng
                        .bool()
                        .then(|| committed + Duration::days(rng.i64(-20..40))),
                    status: LineStatus::ALL[rng.usize(..3)],
                });
            }
            for (p, info) in net.parts.iter_mut() {
                info.primary_supplier_id = Some(format!("S{}", p.len() % 8));
            }
            let all = Prepared::new(&net, &cfg);

            let mut few = net.clone();
            few.lines.clear();
            let mut suppliers = std::collections::HashSet::new();
            few.po_lines.retain(|po| {
                crate::po_line_counts(po, &cfg) || suppliers.insert(po.supplier_id.clone())
            });
            let kept: Vec<LineView> = net
                .lines
                .iter()
                .filter(|&l| crate::counts_in_window(l, &cfg))
                .map(LineView::from)
                .collect();
            assert!(
                kept.len() < net.lines.len() && kept.len() > 100,
                "seed {seed}"
            );
            assert!(few.po_lines.len() < net.po_lines.len(), "seed {seed}");
            let some = Prepared::from_lines(&few, kept, &cfg);

            assert_eq!(all.totals(), some.totals(), "seed {seed}");
            assert!(all.totals().supplier_on_time_pct.is_some());
            for dim in Dim::ALL {
                assert_eq!(
                    all.drill_down(dim),
                    some.drill_down(dim),
                    "seed {seed}, {dim}"
                );
            }
            assert_eq!(
                all.supplier_scorecard(),
                some.supplier_scorecard(),
                "seed {seed}"
            );
            assert!(all
                .supplier_scorecard()
                .iter()
                .any(|s| s.backorders_caused > 0));
        }
    }

    #[test]
    fn records_are_ordered_by_customer_then_start() {
        let net = network(7);
        let cfg = KpiConfig {
            as_of: NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(),
        };
        let prepared = Prepared::new(&net, &cfg);
        assert!(prepared.lines.len() > 300);
        assert!(prepared
            .lines
            .windows(2)
            .all(|w| (w[0].customer, w[0].start) <= (w[1].customer, w[1].start)));
        assert!(prepared.with_days_by_part.windows(2).all(|w| {
            let (a, b) = (
                &prepared.lines[w[0] as usize],
                &prepared.lines[w[1] as usize],
            );
            a.part <= b.part && a.stop > a.start
        }));
    }
}
