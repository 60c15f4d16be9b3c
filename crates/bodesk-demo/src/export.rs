//! The network written as export folders: master data first, then every
//! series streamed into all as-of folders at once, then the planted rows.

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::network::{date, day, Day, Lifecycle, LocKind, Network, Origin, PRODUCT_LINES, REGIONS};
use crate::rng::Rng;
use crate::sim::{self, Ids, SeriesOut};
use crate::stories as st;
use crate::vocab::*;
use crate::{DemoConfig, DemoExport, Size, Vocabulary};

const CRIT: [Word; 3] = [["A", "A", "A"], ["B", "B", "B"], ["C", "C", "C"]];
const LIFECYCLE: [Word; 3] = [
    ["active", "aktiv", ""],
    ["eol", "LTB", "End of Life"],
    ["obsolete", "obsolet", "Discontinued"],
];
const TIER: [Word; 4] = [
    ["platinum", "Platin", "Platinum"],
    ["gold", "Gold", "Gold"],
    ["silver", "Silber", "Silver"],
    ["bronze", "Bronze", "Bronze"],
];
const KIND: [Word; 3] = [
    ["central", "Zentral", "DC"],
    ["regional", "Regional", "Regional Warehouse"],
    ["field", "field", "Field Stock"],
];
const OPEN: Word = ["open", "offen", "Open"];
const CLOSED: Word = ["closed", "erledigt", "Completed"];
const CANCELLED: Word = ["cancelled", "storniert", "Canceled"];
const PLANNED: Word = ["planned", "geplant", "Planned"];
const IN_TRANSIT: Word = ["in_transit", "unterwegs", "Shipped"];
const BLOCKED: Word = ["blocked", "gesperrt", "On Hold"];
const RECEIVED: Word = ["received", "erhalten", "Delivered"];
const ONE_WAY: Word = ["one_way", "1", "one way"];
const TWO_WAY: Word = ["two_way", "2", "both"];
const MODE: [Word; 3] = [
    ["ground", "LKW", "Road"],
    ["air", "Luftfracht", "Air"],
    ["courier", "Kurier", "Express"],
];
const FIXED: Word = ["fixed", "behoben", "Repaired"];
const WAITING: Word = ["waiting_for_part", "waiting for part", "Waiting for part"];
const UNAVAILABLE: Word = ["part_unavailable", "part unavailable", "Unavailable"];
const WRONG_PART: Word = ["wrong_part", "wrong part", "Wrong part"];
const SUBSTITUTE_USED: Word = ["substitute_used", "substitute used", "Substitute"];
const WORKAROUND: Word = ["workaround", "Workaround", "Workaround"];
const DEFERRED: Word = ["deferred", "deferred", "Postponed"];

const NOTES_WAIT: [&str; 7] = [
    "Machine down, part on backorder",
    "Waiting for part; customer informed",
    "Kunde wartet auf Ersatzteil, Anlage steht",
    "Part requested from regional DC",
    "No temporary fix possible, customer says \"urgent\"",
    "Ersatzteil nicht verfügbar\nAnlage außer Betrieb",
    "",
];
const NOTES_FIXED: [&str; 5] = [
    "Replaced part, tested OK",
    "Teil getauscht, Funktionstest i.O.",
    "Repaired on site",
    "Replaced and calibrated, 2 h",
    "",
];
const NOTES_ROUTINE: [&str; 6] = [
    "Preventive maintenance",
    "Wrong part delivered; reordered",
    "Workaround: bypass valve, follow-up needed",
    "Deferred to next visit (customer request)",
    "Used substitute from van stock",
    "Wartung durchgeführt, keine Mängel",
];

/// Days of backorder and PO history an export carries (closed lines created
/// in the last 24 months).
const HISTORY_DAYS: Day = 730;

/// The writers of one as-of folder that the series stream into.
struct Folder {
    as_of: NaiveDate,
    a: Day,
    month: usize,
    /// Closed lines appear once the month after their closing is exported.
    closed_cutoff: Day,
    dir: PathBuf,
    stock: TableWriter,
    pos: TableWriter,
    backorders: TableWriter,
    demand: Option<TableWriter>,
    transfers: TableWriter,
    events: TableWriter,
}

pub(crate) fn write(cfg: &DemoConfig, out_dir: &Path) -> io::Result<Vec<DemoExport>> {
    if cfg.exports == 0 || cfg.exports > 36 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("exports must be 1 to 36, not {}", cfg.exports),
        ));
    }
    let net = Network::build(cfg.size, cfg.seed, cfg.last_as_of, cfg.exports);
    let v = cfg.vocabulary;
    let mut folders = Vec::new();
    for (k, &as_of) in net.cal.as_of.iter().enumerate() {
        let dir = out_dir.join(as_of.format("%Y-%m-%d").to_string());
        std::fs::create_dir_all(&dir)?;
        remove_other_vocabularies(&dir, v, as_of)?;
        write_master(&net, &dir, v, as_of)?;
        let month = net.cal.as_of_month[k];
        let last = k + 1 == net.cal.as_of.len();
        folders.push(Folder {
            as_of,
            a: day(as_of),
            month,
            closed_cutoff: net.cal.month_days[month] - 1,
            stock: TableWriter::create(&dir, &STOCK, v, as_of)?,
            pos: TableWriter::create(&dir, &PURCHASE_ORDERS, v, as_of)?,
            backorders: TableWriter::create(&dir, &BACKORDERS, v, as_of)?,
            demand: if cfg.size == Size::Small || last {
                Some(TableWriter::create(&dir, &DEMAND_HISTORY, v, as_of)?)
            } else {
                None
            },
            transfers: TableWriter::create(&dir, &TRANSFERS, v, as_of)?,
            events: TableWriter::create(&dir, &SERVICE_EVENTS, v, as_of)?,
            dir,
        });
    }

    let mut ids = Ids::default();
    let mut out = SeriesOut::default();
    for part in 0..net.parts.len() {
        for li in 0..net.parts[part].locations.len() {
            let loc = net.parts[part].locations[li] as usize;
            sim::simulate(&net, part, loc, &mut ids, &mut out);
            for f in &mut folders {
                write_series(&net, part, loc, &out, f)?;
            }
        }
    }
    write_routine_events(&net, &mut folders)?;
    write_story_rows(&net, &mut folders)?;

    let mut result = Vec::new();
    for f in folders {
        f.stock.finish()?;
        f.pos.finish()?;
        f.backorders.finish()?;
        if let Some(d) = f.demand {
            d.finish()?;
        }
        f.transfers.finish()?;
        f.events.finish()?;
        result.push(DemoExport {
            as_of: f.as_of,
            dir: f.dir,
        });
    }
    Ok(result)
}

/// A folder rewritten in another vocabulary must not keep the old files.
fn remove_other_vocabularies(dir: &Path, v: Vocabulary, as_of: NaiveDate) -> io::Result<()> {
    for other in [Vocabulary::Generic, Vocabulary::SapDe, Vocabulary::SapEn] {
        if other == v {
            continue;
        }
        for t in ALL_TABLES {
            let p = dir.join(t.file_name(other, as_of));
            if p.exists() {
                std::fs::remove_file(p)?;
            }
        }
    }
    Ok(())
}

fn opt_date(d: Option<Day>) -> Cell<'static> {
    Cell::Date(d.map(date))
}

fn part_id(net: &Network, part: usize) -> Cell<'static> {
    Cell::Id(net.parts[part].id, PAD_MATNR)
}

fn write_master(net: &Network, dir: &Path, v: Vocabulary, as_of: NaiveDate) -> io::Result<()> {
    let a = day(as_of);
    let mut w = TableWriter::create(dir, &PARTS, v, as_of)?;
    for (i, p) in net.parts.iter().enumerate() {
        let home = net
            .locations
            .iter()
            .position(|l| l.region == p.home && l.kind == LocKind::Central)
            .expect("central");
        let pol = sim::policy(net, i, home);
        let lifecycle = match p.lifecycle {
            Lifecycle::Active => &LIFECYCLE[0],
            Lifecycle::Eol => &LIFECYCLE[1],
            Lifecycle::Obsolete => &LIFECYCLE[2],
        };
        w.row(&[
            part_id(net, i),
            Cell::Text(&p.description),
            Cell::Cents(p.cost_cents),
            Cell::Word(&CRIT[p.crit as usize]),
            Cell::Word(lifecycle),
            opt_date(p.eol_date),
            p.successor.map_or(Cell::Empty, |s| part_id(net, s)),
            Cell::Int(p.lead_days),
            Cell::Id(net.suppliers[p.supplier].id, PAD_PARTNER),
            Cell::Qty(pol.safety),
            Cell::Qty(pol.rop),
            Cell::Qty(pol.max),
            Cell::Qty(p.moq),
            Cell::Dec(p.weight_g as f64 / 1000.0, 3),
            Cell::Text(PRODUCT_LINES[p.line]),
        ])?;
    }
    w.finish()?;

    let mut w = TableWriter::create(dir, &LOCATIONS, v, as_of)?;
    for l in &net.locations {
        let kind = match l.kind {
            LocKind::Central => &KIND[0],
            LocKind::Regional => &KIND[1],
            LocKind::Field => &KIND[2],
        };
        w.row(&[
            Cell::Text(&l.id),
            Cell::Text(&l.name),
            Cell::Text(REGIONS[l.region]),
            Cell::Text(l.country),
            Cell::Word(kind),
            Cell::Dec(l.lat, 4),
            Cell::Dec(l.lon, 4),
        ])?;
    }
    w.finish()?;

    let mut w = TableWriter::create(dir, &SUPPLIERS, v, as_of)?;
    for s in &net.suppliers {
        w.row(&[
            Cell::Id(s.id, PAD_PARTNER),
            Cell::Text(&s.name),
            Cell::Text(s.country),
            Cell::Dec(s.otd_target_tenths as f64 / 10.0, 1),
            Cell::Flag(s.consignment),
        ])?;
    }
    w.finish()?;

    let mut w = TableWriter::create(dir, &CUSTOMERS, v, as_of)?;
    for c in &net.customers {
        w.row(&[
            Cell::Id(c.id, PAD_PARTNER),
            Cell::Text(&c.name),
            Cell::Word(&TIER[c.tier as usize]),
            Cell::Text(REGIONS[c.region]),
        ])?;
    }
    w.finish()?;

    let mut w = TableWriter::create(dir, &SLA, v, as_of)?;
    // (max_backorder_days, penalty per day in cents) by tier and criticality.
    const SLA_TERMS: [[(i64, Option<i64>); 3]; 4] = [
        [(5, Some(25_000)), (10, Some(10_000)), (20, Some(2_500))],
        [(7, Some(15_000)), (14, Some(6_000)), (30, Some(1_500))],
        [(10, Some(8_000)), (21, Some(3_000)), (45, Some(750))],
        [(14, Some(4_000)), (30, Some(1_500)), (60, None)],
    ];
    for (t, row) in SLA_TERMS.iter().enumerate() {
        for (c, &(days, penalty)) in row.iter().enumerate() {
            w.row(&[
                Cell::Word(&TIER[t]),
                Cell::Word(&CRIT[c]),
                Cell::Int(days),
                penalty.map_or(Cell::Empty, Cell::Cents),
            ])?;
        }
    }
    w.finish()?;

    let mut w = TableWriter::create(dir, &EQUIPMENT, v, as_of)?;
    for e in &net.equipment {
        w.row(&[
            Cell::Id(e.id, PAD_EQUNR),
            Cell::Id(net.customers[e.customer].id, PAD_PARTNER),
            Cell::Text(&net.locations[e.location].id),
            Cell::Text(&net.models[e.model].name),
            e.crit
                .map_or(Cell::Empty, |c| Cell::Word(&CRIT[c as usize])),
            Cell::Cents(e.downtime_cents),
            Cell::Dec(e.failure_milli as f64 / 1000.0, 3),
        ])?;
    }
    w.finish()?;

    let mut w = TableWriter::create(dir, &EQUIPMENT_PARTS, v, as_of)?;
    for m in &net.models {
        for &(part, qty) in &m.bom {
            w.row(&[Cell::Text(&m.name), part_id(net, part), Cell::Qty(qty)])?;
        }
    }
    w.finish()?;

    let mut w = TableWriter::create(dir, &CAMPAIGNS, v, as_of)?;
    for c in &net.campaigns {
        if c.announced <= a && c.end >= a - 365 {
            w.row(&[
                Cell::Text(&c.id),
                part_id(net, c.part),
                Cell::Text(&net.locations[c.location].id),
                Cell::Qty(c.qty),
                opt_date(Some(c.start)),
                opt_date(Some(c.end)),
            ])?;
        }
    }
    w.finish()?;

    let mut w = TableWriter::create(dir, &SUBSTITUTES, v, as_of)?;
    for s in &net.substitutes {
        w.row(&[
            part_id(net, s.part),
            part_id(net, s.substitute),
            Cell::Word(if s.two_way { &TWO_WAY } else { &ONE_WAY }),
            Cell::Qty(s.ratio),
            opt_date(s.valid_from),
        ])?;
    }
    w.finish()?;

    let mut w = TableWriter::create(dir, &LANES, v, as_of)?;
    for l in &net.lanes {
        let from = match l.from {
            Origin::Location(i) => Cell::Text(&net.locations[i].id),
            Origin::Supplier(i) => Cell::Id(net.suppliers[i].id, PAD_PARTNER),
        };
        w.row(&[
            from,
            Cell::Text(&net.locations[l.to].id),
            Cell::Word(&MODE[l.mode as usize]),
            Cell::Int(l.transit_days),
            Cell::Cents(l.fixed_cents),
            Cell::Cents(l.per_kg_cents),
        ])?;
    }
    w.finish()?;
    Ok(())
}

fn write_series(
    net: &Network,
    part: usize,
    loc: usize,
    out: &SeriesOut,
    f: &mut Folder,
) -> io::Result<()> {
    let p = &net.parts[part];
    let location = &net.locations[loc];
    let lid = location.id.as_str();
    let a = f.a;

    // Stock at the as-of date.
    let mut on_hand = out.eom_on_hand[f.month];
    let in_transit: i64 = out
        .transfers
        .iter()
        .filter(|t| t.ship <= a && t.received > a)
        .map(|t| t.qty)
        .sum();
    let mut r = Rng::derive(net.seed, &[11, part as u64, loc as u64, f.month as u64]);
    let quality = if r.chance(0.05) { r.range(1, 3) } else { 0 };
    let mut blocked = if r.chance(0.02) { r.range(1, 2) } else { 0 };
    if part == st::BLOCKED_PART && a >= story_transfer_created(net) {
        if lid == st::ids::BLOCKED_FROM {
            on_hand = on_hand.max(4);
            blocked = 2;
        } else if lid == st::ids::BLOCKED_TO {
            on_hand = 0;
        }
    }
    f.stock.row(&[
        part_id(net, part),
        Cell::Text(lid),
        Cell::Qty(on_hand),
        Cell::Qty(quality),
        Cell::Qty(blocked),
        Cell::Qty(in_transit),
    ])?;

    if let Some(w) = &mut f.demand {
        let first = f.month + 1 - net.params.history_months;
        for mi in first..=f.month {
            let m = out.months[mi];
            w.row(&[
                Cell::Period(net.cal.months[mi]),
                part_id(net, part),
                Cell::Text(lid),
                Cell::Qty(m.demanded),
                Cell::Qty(m.filled),
                Cell::Int(m.stockout_days),
            ])?;
        }
    }

    let window = a - HISTORY_DAYS;
    for l in &out.lines {
        if l.created > a {
            continue;
        }
        let open = l.end.is_none_or(|e| e > a);
        // Closed lines: once the month of their closing has been exported.
        let reported_closed = l.end.is_some_and(|e| e <= f.closed_cutoff) && l.created > window;
        if !open && !reported_closed {
            continue;
        }
        let status = match (open, l.cancelled) {
            (true, _) => &OPEN,
            (false, true) => &CANCELLED,
            (false, false) => &CLOSED,
        };
        let customer = &net.customers[l.customer as usize];
        f.backorders.row(&[
            Cell::Id(l.order, PAD_DOC),
            Cell::Id(10, PAD_POSNR),
            Cell::Id(customer.id, PAD_PARTNER),
            part_id(net, part),
            Cell::Text(lid),
            Cell::Qty(if open { l.qty_open } else { 0 }),
            Cell::Qty(l.qty_ordered),
            opt_date(Some(l.created)),
            opt_date(Some(l.promised)),
            l.equipment.map_or(Cell::Empty, |e| {
                Cell::Id(net.equipment[e as usize].id, PAD_EQUNR)
            }),
            Cell::Word(status),
            if open {
                Cell::Date(None)
            } else {
                opt_date(l.end)
            },
        ])?;
    }

    // Service events of the lines' machines.
    for l in &out.lines {
        let Some(e) = l.equipment else { continue };
        let eq = &net.equipment[e as usize];
        let tech = &net.technicians[net.locations[eq.location].region]
            [l.tech as usize % net.technicians[net.locations[eq.location].region].len()];
        if let Some(id) = l.ev_open {
            if l.created <= a && l.created > window {
                let unavailable = p.supply_stops.is_some_and(|s| l.created >= s);
                let (outcome, note) = if unavailable {
                    (
                        &UNAVAILABLE,
                        "Part discontinued, successor not in regional stock",
                    )
                } else {
                    (
                        &WAITING,
                        NOTES_WAIT[(id % NOTES_WAIT.len() as u64) as usize],
                    )
                };
                event_row(
                    net,
                    f,
                    id,
                    l.created,
                    Some(e as usize),
                    Some(part),
                    Some(eq.location),
                    tech,
                    outcome,
                    note,
                )?;
            }
        }
        if let (Some(id), Some(end), false) = (l.ev_close, l.end, l.cancelled) {
            if end <= a && end > window {
                let (outcome, note) = if l.with_substitute {
                    (&SUBSTITUTE_USED, "Fitted substitute part")
                } else {
                    (
                        &FIXED,
                        NOTES_FIXED[(id % NOTES_FIXED.len() as u64) as usize],
                    )
                };
                event_row(
                    net,
                    f,
                    id,
                    end,
                    Some(e as usize),
                    Some(part),
                    Some(eq.location),
                    tech,
                    outcome,
                    note,
                )?;
            }
        }
    }

    let supplier = Cell::Id(net.suppliers[p.supplier].id, PAD_PARTNER);
    for po in &out.pos {
        if po.order > a {
            continue;
        }
        let open = po.received > a;
        let (status, received, qty_received, elikz, loekz) = if po.cancelled {
            if po.order < window {
                continue;
            }
            (&CANCELLED, None, 0, "", "L")
        } else if open {
            (&OPEN, None, 0, "", "")
        } else {
            if po.received <= window {
                continue;
            }
            (&CLOSED, Some(po.received), po.qty, "X", "")
        };
        f.pos.row(&[
            Cell::Id(po.id, PAD_DOC),
            Cell::Id(if po.cancelled { 20 } else { 10 }, PAD_EBELP),
            part_id(net, part),
            supplier,
            Cell::Text(lid),
            Cell::Qty(po.qty),
            Cell::Qty(qty_received),
            opt_date(Some(po.order)),
            opt_date(Some(po.requested)),
            opt_date(Some(po.committed)),
            opt_date(received),
            Cell::Word(status),
            Cell::Text(elikz),
            Cell::Text(loekz),
        ])?;
    }

    for t in &out.transfers {
        if t.created > a || t.received <= a - 365 {
            continue;
        }
        let (status, ship, received) = if t.received <= a {
            (&RECEIVED, Some(t.ship), Some(t.received))
        } else if t.ship <= a {
            (&IN_TRANSIT, Some(t.ship), None)
        } else {
            (&PLANNED, None, None)
        };
        f.transfers.row(&[
            Cell::Id(t.id, PAD_DOC),
            part_id(net, part),
            Cell::Text(&net.locations[t.from].id),
            Cell::Text(lid),
            Cell::Qty(t.qty),
            opt_date(ship),
            opt_date(Some(t.expected)),
            opt_date(received),
            Cell::Word(status),
        ])?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn event_row(
    net: &Network,
    f: &mut Folder,
    id: u64,
    d: Day,
    equipment: Option<usize>,
    part: Option<usize>,
    location: Option<usize>,
    tech: &str,
    outcome: &Word,
    note: &str,
) -> io::Result<()> {
    f.events.row(&[
        Cell::Id(id, PAD_QMNUM),
        opt_date(Some(d)),
        equipment.map_or(Cell::Empty, |e| Cell::Id(net.equipment[e].id, PAD_EQUNR)),
        part.map_or(Cell::Empty, |p| part_id(net, p)),
        location.map_or(Cell::Empty, |l| Cell::Text(&net.locations[l].id)),
        Cell::Text(tech),
        Cell::Word(outcome),
        Cell::Text(note),
    ])
}

/// Maintenance visits, repairs and workarounds on the installed base.
fn write_routine_events(net: &Network, folders: &mut [Folder]) -> io::Result<()> {
    let mut next = 310_000_001u64;
    let start = net.cal.month_days[net.params.warmup_months];
    let span = (net.cal.last - start) as u64;
    for (ei, e) in net.equipment.iter().enumerate() {
        let mut r = Rng::derive(net.seed, &[12, ei as u64]);
        let n = r.range(0, 2) + i64::from(e.failure_milli > 300) + i64::from(r.chance(0.3));
        let region = net.locations[e.location].region;
        for _ in 0..n {
            let id = next;
            next += 1;
            let d = start + r.below(span + 1) as Day;
            let bom = &net.models[e.model].bom;
            let part = (r.chance(0.7) && !bom.is_empty()).then(|| r.pick(bom).0);
            let (outcome, note) = match r.f64() {
                x if x < 0.60 => (&FIXED, NOTES_ROUTINE[0]),
                x if x < 0.70 => (&WORKAROUND, NOTES_ROUTINE[2]),
                x if x < 0.80 => (&DEFERRED, NOTES_ROUTINE[3]),
                x if x < 0.86 => (&WRONG_PART, NOTES_ROUTINE[1]),
                x if x < 0.92 => (&SUBSTITUTE_USED, NOTES_ROUTINE[4]),
                _ => (&FIXED, NOTES_ROUTINE[5]),
            };
            let tech = r.pick(&net.technicians[region]).clone();
            for f in folders.iter_mut() {
                if d <= f.a && d > f.a - HISTORY_DAYS {
                    event_row(
                        net,
                        f,
                        id,
                        d,
                        Some(ei),
                        part,
                        Some(e.location),
                        &tech,
                        outcome,
                        note,
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn story_transfer_created(net: &Network) -> Day {
    net.cal.last - 26
}

/// The rows planted for the stories (see [`crate::STORIES`]).
fn write_story_rows(net: &Network, folders: &mut [Folder]) -> io::Result<()> {
    let last = net.cal.last;
    let x = st::BLOCKED_PART;
    let from = net.loc(st::ids::BLOCKED_FROM);
    let to = net.loc(st::ids::BLOCKED_TO);
    let created = story_transfer_created(net);
    let line_created = last - 25;
    let multi_created = last - 40;
    let er01 = net.loc("ER01");
    // The ten-line order: active A/B parts stocked at ER01, not the story parts.
    let mut r = Rng::derive(net.seed, &[13]);
    let mut multi: Vec<(usize, i64)> = Vec::new();
    let pool: Vec<usize> = (0..net.parts.len())
        .filter(|&i| {
            let p = &net.parts[i];
            i > *st::LATE_FAST_PARTS.end()
                && p.lifecycle == Lifecycle::Active
                && p.crit < 2
                && p.locations.contains(&(er01 as u16))
        })
        .collect();
    let mut guard = 0;
    while multi.len() < 10 && guard < 10_000 {
        guard += 1;
        let i = *r.pick(&pool);
        if !multi.iter().any(|(q, _)| *q == i) {
            multi.push((i, r.range(1, 3)));
        }
    }
    let cust = Cell::Id(net.customers[st::OVERLAP_CUSTOMER].id, PAD_PARTNER);
    let tech = net.technicians[0][0].clone();
    for f in folders.iter_mut() {
        let a = f.a;
        if a >= created {
            let (status, ship) = (&BLOCKED, None);
            f.transfers.row(&[
                Cell::Id(st::BLOCKED_TRANSFER_ID, PAD_DOC),
                part_id(net, x),
                Cell::Text(&net.locations[from].id),
                Cell::Text(&net.locations[to].id),
                Cell::Qty(2),
                opt_date(ship),
                opt_date(Some(last - 19)),
                Cell::Date(None),
                Cell::Word(status),
            ])?;
        }
        if a >= line_created {
            f.backorders.row(&[
                Cell::Id(st::BLOCKED_ORDER_ID, PAD_DOC),
                Cell::Id(10, PAD_POSNR),
                cust,
                part_id(net, x),
                Cell::Text(&net.locations[to].id),
                Cell::Qty(2),
                Cell::Qty(2),
                opt_date(Some(line_created)),
                opt_date(Some(line_created + 1)),
                Cell::Id(net.equipment[0].id, PAD_EQUNR),
                Cell::Word(&OPEN),
                Cell::Date(None),
            ])?;
            event_row(
                net,
                f,
                st::STORY_EVENTS,
                line_created,
                Some(0),
                Some(x),
                Some(to),
                &tech,
                &WAITING,
                "Scanner down. Transfer 4899000001 from ER01 on quality hold, no other stock in region",
            )?;
        }
        if a >= multi_created {
            for (n, &(part, qty)) in multi.iter().enumerate() {
                f.backorders.row(&[
                    Cell::Id(st::MULTI_LINE_ORDER_ID, PAD_DOC),
                    Cell::Id(10 * (n as u64 + 1), PAD_POSNR),
                    cust,
                    part_id(net, part),
                    Cell::Text(&net.locations[er01].id),
                    Cell::Qty(qty),
                    Cell::Qty(qty),
                    opt_date(Some(multi_created)),
                    opt_date(Some(multi_created + 3)),
                    Cell::Empty,
                    Cell::Word(&OPEN),
                    Cell::Date(None),
                ])?;
            }
        }
    }
    Ok(())
}
