//! The demo network's promises: deterministic bytes, intermittent demand, the
//! planted stories, snapshot semantics between exports, references that
//! hold, and three vocabularies that read as the same rows.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use bodesk_demo::{ids, write_exports, DemoConfig, DemoExport, Vocabulary, STORIES};
use chrono::NaiveDate;

fn generate(cfg: &DemoConfig) -> (tempfile::TempDir, Vec<DemoExport>) {
    let dir = tempfile::tempdir().unwrap();
    let exports = write_exports(cfg, dir.path()).unwrap();
    (dir, exports)
}

fn small(vocabulary: Vocabulary) -> DemoConfig {
    DemoConfig {
        vocabulary,
        ..DemoConfig::default()
    }
}

/// Every file under `dir`, relative path to bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            for (k, v) in tree(&p) {
                out.insert(PathBuf::from(p.file_name().unwrap()).join(k), v);
            }
        } else {
            out.insert(
                PathBuf::from(p.file_name().unwrap()),
                std::fs::read(&p).unwrap(),
            );
        }
    }
    out
}

type Row = HashMap<String, String>;

/// A generic (`,`, `"`-quoted, UTF-8) CSV file as rows keyed by header.
fn read_csv(path: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut field = String::new();
    let mut record = Vec::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "{}: no final newline",
        path.display()
    );
    let header = records.remove(0);
    records
        .into_iter()
        .map(|r| {
            assert_eq!(
                r.len(),
                header.len(),
                "{}: ragged row {r:?}",
                path.display()
            );
            header.iter().cloned().zip(r).collect()
        })
        .collect()
}

fn table(export: &DemoExport, entity: &str) -> Vec<Row> {
    read_csv(&export.dir.join(format!("{entity}.csv")))
}

fn num(r: &Row, col: &str) -> f64 {
    r[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?}", r[col]))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    for v in [Vocabulary::Generic, Vocabulary::SapDe, Vocabulary::SapEn] {
        // Two exports are enough to see the bytes; the stories need the full history.
        let cfg = DemoConfig {
            exports: 2,
            ..small(v)
        };
        let (a, ea) = generate(&cfg);
        let (b, eb) = generate(&cfg);
        assert_eq!(
            ea.iter().map(|e| e.as_of).collect::<Vec<_>>(),
            eb.iter().map(|e| e.as_of).collect::<Vec<_>>()
        );
        let (ta, tb) = (tree(a.path()), tree(b.path()));
        assert_eq!(
            ta.len(),
            2 * 16,
            "{v:?}: {:?}",
            ta.keys().collect::<Vec<_>>()
        );
        assert!(ta == tb, "{v:?}: same seed, different bytes");
        let (c, _) = generate(&DemoConfig { seed: 43, ..cfg });
        let tc = tree(c.path());
        let differing = ta
            .iter()
            .filter(|(k, bytes)| tc.get(*k) != Some(bytes))
            .count();
        assert!(
            differing > 2 * 12,
            "{v:?}: another seed changed only {differing} files"
        );
    }
}

#[test]
fn the_last_export_does_not_depend_on_how_many_came_before() {
    let (a, ea) = generate(&DemoConfig {
        exports: 1,
        ..DemoConfig::default()
    });
    let (b, eb) = generate(&DemoConfig {
        exports: 6,
        ..DemoConfig::default()
    });
    assert_eq!(ea.last().unwrap().as_of, eb.last().unwrap().as_of);
    let last = PathBuf::from(eb.last().unwrap().as_of.to_string());
    let ta = tree(a.path());
    let tb: BTreeMap<PathBuf, Vec<u8>> = tree(b.path())
        .into_iter()
        .filter(|(k, _)| k.starts_with(&last))
        .collect();
    assert!(ta == tb);
}

#[test]
fn exports_fall_on_month_ends_ending_with_the_last_as_of() {
    let (_d, exports) = generate(&DemoConfig {
        exports: 3,
        ..DemoConfig::default()
    });
    let dates: Vec<String> = exports.iter().map(|e| e.as_of.to_string()).collect();
    assert_eq!(dates, ["2026-08-31", "2026-09-30", "2026-10-31"]);
    for e in &exports {
        assert_eq!(
            e.dir.file_name().unwrap().to_string_lossy(),
            e.as_of.to_string()
        );
    }
}

#[test]
fn demand_is_intermittent_and_shortfalls_become_backorders() {
    let (_d, exports) = generate(&DemoConfig::default());
    let last = exports.last().unwrap();
    let demand = table(last, "demand_history");
    let zero = demand
        .iter()
        .filter(|r| num(r, "qty_demanded") == 0.0)
        .count();
    let share = zero as f64 / demand.len() as f64;
    assert!(
        (0.6..=0.8).contains(&share),
        "zero-demand months: {share:.3}"
    );
    let months: HashSet<&str> = demand.iter().map(|r| r["period"].as_str()).collect();
    assert!(months.len() >= 24, "{} months of history", months.len());
    let mut short = 0;
    for r in &demand {
        let (d, f, s) = (
            num(r, "qty_demanded"),
            num(r, "qty_filled"),
            num(r, "stockout_days"),
        );
        assert!(f <= d && (0.0..=31.0).contains(&s), "{r:?}");
        if f < d {
            short += 1;
            assert!(s > 0.0, "a shortfall without a stockout day: {r:?}");
        }
    }
    assert!(short > 100, "{short} months with a shortfall");
    // The last 12 whole months: a fill rate a service network would recognise.
    let mut periods: Vec<&str> = months.into_iter().collect();
    periods.sort_unstable();
    let window: HashSet<&str> = periods[periods.len() - 13..periods.len() - 1]
        .iter()
        .copied()
        .collect();
    let (mut dem, mut fil) = (0.0, 0.0);
    for r in demand
        .iter()
        .filter(|r| window.contains(r["period"].as_str()))
    {
        dem += num(r, "qty_demanded");
        fil += num(r, "qty_filled");
    }
    let fill_rate = fil / dem;
    assert!((0.7..0.95).contains(&fill_rate), "fill rate {fill_rate:.3}");
    let lines = table(last, "backorders");
    let open = lines.iter().filter(|r| r["status"] == "open").count();
    assert!(
        lines.len() > 1500 && open > 80,
        "{} lines, {open} open",
        lines.len()
    );
    for r in &lines {
        let open = r["status"] == "open";
        assert_eq!(open, r["closed_date"].is_empty(), "{r:?}");
        assert_eq!(open, num(r, "qty_open") > 0.0, "{r:?}");
        if !open {
            assert!(date(&r["closed_date"]) >= date(&r["created_date"]), "{r:?}");
        }
        assert!(date(&r["created_date"]) <= last.as_of);
    }
}

#[test]
fn every_story_is_in_the_data() {
    assert_eq!(STORIES.len(), 5);
    for seed in [42, 7, 2026] {
        let (_d, exports) = generate(&DemoConfig {
            seed,
            exports: 1,
            ..DemoConfig::default()
        });
        check_stories(exports.last().unwrap());
    }
}

fn check_stories(last: &DemoExport) {
    let as_of = last.as_of.to_string();
    let parts: HashMap<String, Row> = table(last, "parts")
        .into_iter()
        .map(|r| (r["part_id"].clone(), r))
        .collect();
    let lines = table(last, "backorders");
    let open: Vec<&Row> = lines.iter().filter(|r| r["status"] == "open").collect();
    let stock = table(last, "stock");

    // 1. The late supplier: most past-due PO lines, mostly late, open lines on its parts.
    let pos = table(last, "purchase_orders");
    let mut past_due: HashMap<&str, usize> = HashMap::new();
    for r in pos
        .iter()
        .filter(|r| r["status"] == "open" && r["committed_date"] < as_of)
    {
        *past_due.entry(r["supplier_id"].as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = past_due.into_iter().collect();
    ranked.sort_by_key(|(s, n)| (std::cmp::Reverse(*n), *s));
    assert_eq!(
        ranked[0].0,
        ids::LATE_SUPPLIER,
        "past-due PO lines by supplier: {ranked:?}"
    );
    assert!(
        ranked[0].1 >= 10 && ranked[0].1 >= 3 * ranked.get(1).map_or(0, |r| r.1),
        "{ranked:?}"
    );
    let received: Vec<&Row> = pos
        .iter()
        .filter(|r| r["supplier_id"] == ids::LATE_SUPPLIER && r["status"] == "closed")
        .collect();
    let on_time = received
        .iter()
        .filter(|r| r["received_date"] <= r["committed_date"])
        .count();
    assert!(
        on_time * 2 < received.len(),
        "{on_time} of {} on time",
        received.len()
    );
    let on_its_parts = open
        .iter()
        .filter(|r| parts[&r["part_id"]]["primary_supplier_id"] == ids::LATE_SUPPLIER)
        .count();
    assert!(
        on_its_parts >= 15,
        "{on_its_parts} open lines on the late supplier's parts"
    );
    let supplier = table(last, "suppliers")
        .into_iter()
        .find(|r| r["supplier_id"] == ids::LATE_SUPPLIER)
        .unwrap();
    assert_eq!(supplier["otd_target_pct"], "95.0");

    // 2. The end-of-life part: successor stocked only where there is no demand for it.
    let e = &parts[ids::EOL_PART];
    assert_eq!(
        (e["lifecycle"].as_str(), e["successor_part_id"].as_str()),
        ("eol", ids::SUCCESSOR_PART)
    );
    assert!(e["eol_date"].as_str() < as_of.as_str());
    let subs = table(last, "substitutes");
    assert!(subs.iter().any(|r| r["part_id"] == ids::EOL_PART
        && r["substitute_part_id"] == ids::SUCCESSOR_PART
        && r["direction"] == "one_way"));
    let e_open: Vec<&&Row> = open
        .iter()
        .filter(|r| r["part_id"] == ids::EOL_PART)
        .collect();
    assert!(
        e_open.len() >= 5,
        "{} open lines on the eol part",
        e_open.len()
    );
    let demand_at: HashSet<&str> = e_open.iter().map(|r| r["location_id"].as_str()).collect();
    let successor_at: Vec<(&str, f64)> = stock
        .iter()
        .filter(|r| r["part_id"] == ids::SUCCESSOR_PART)
        .map(|r| (r["location_id"].as_str(), num(r, "on_hand")))
        .collect();
    assert_eq!(successor_at.len(), 1, "{successor_at:?}");
    assert_eq!(successor_at[0].0, "AC01");
    assert!(successor_at[0].1 > 0.0);
    assert!(!demand_at.contains("AC01"), "{demand_at:?}");
    let e_stock: f64 = stock
        .iter()
        .filter(|r| r["part_id"] == ids::EOL_PART)
        .map(|r| num(r, "on_hand"))
        .sum();
    let e_open_qty: f64 = e_open.iter().map(|r| num(r, "qty_open")).sum();
    assert!(
        e_stock < e_open_qty,
        "what is left of the eol part ({e_stock}) covers its open lines ({e_open_qty})"
    );

    // 3. The campaign: demand in its months far above the year before.
    let campaign = table(last, "campaigns")
        .into_iter()
        .find(|r| r["campaign_id"] == ids::CAMPAIGN)
        .unwrap();
    assert_eq!(
        (
            campaign["part_id"].as_str(),
            campaign["location_id"].as_str()
        ),
        (ids::CAMPAIGN_PART, ids::CAMPAIGN_LOCATION)
    );
    let start = &campaign["start_date"][..7];
    let series: Vec<(String, f64)> = table(last, "demand_history")
        .into_iter()
        .filter(|r| {
            r["part_id"] == ids::CAMPAIGN_PART && r["location_id"] == ids::CAMPAIGN_LOCATION
        })
        .map(|r| (r["period"].clone(), num(&r, "qty_demanded")))
        .collect();
    let during: Vec<f64> = series
        .iter()
        .filter(|(p, _)| p.as_str() >= start)
        .map(|x| x.1)
        .collect();
    let before: Vec<f64> = series
        .iter()
        .filter(|(p, _)| p.as_str() < start)
        .rev()
        .take(12)
        .map(|x| x.1)
        .collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert!(
        during.len() == 3 && mean(&during) >= 5.0 * mean(&before).max(1.0),
        "during {during:?}, before {before:?}"
    );
    let spike_lines = lines
        .iter()
        .filter(|r| {
            r["part_id"] == ids::CAMPAIGN_PART
                && r["location_id"] == ids::CAMPAIGN_LOCATION
                && r["created_date"].as_str() >= campaign["start_date"].as_str()
        })
        .count();
    assert!(
        spike_lines >= 5,
        "{spike_lines} lines since the campaign started"
    );

    // 4. The blocked transfer while a machine waits at the destination.
    let t = table(last, "transfers")
        .into_iter()
        .find(|r| r["transfer_id"] == ids::BLOCKED_TRANSFER)
        .unwrap();
    assert_eq!(
        (
            t["status"].as_str(),
            t["part_id"].as_str(),
            t["from_location_id"].as_str(),
            t["to_location_id"].as_str()
        ),
        (
            "blocked",
            ids::BLOCKED_PART,
            ids::BLOCKED_FROM,
            ids::BLOCKED_TO
        )
    );
    assert!(t["expected_date"] < as_of && t["ship_date"].is_empty());
    let waiting = open
        .iter()
        .find(|r| {
            r["order_id"] == ids::BLOCKED_ORDER
                && r["part_id"] == ids::BLOCKED_PART
                && r["location_id"] == ids::BLOCKED_TO
        })
        .expect("the waiting line");
    assert_eq!(
        (
            waiting["customer_id"].as_str(),
            waiting["equipment_id"].as_str()
        ),
        (ids::OVERLAP_CUSTOMER, ids::STORY_EQUIPMENT)
    );
    let at = |loc: &str| {
        stock
            .iter()
            .find(|r| r["part_id"] == ids::BLOCKED_PART && r["location_id"] == loc)
            .unwrap()
    };
    assert!(
        num(at(ids::BLOCKED_FROM), "on_hand") >= 2.0
            && num(at(ids::BLOCKED_FROM), "blocked") >= 2.0
    );
    assert_eq!(num(at(ids::BLOCKED_TO), "on_hand"), 0.0);
    assert!(table(last, "service_events")
        .iter()
        .any(|r| r["equipment_id"] == ids::STORY_EQUIPMENT && r["outcome"] == "waiting_for_part"));
    assert_eq!(parts[ids::BLOCKED_PART]["criticality"], "A");

    // 5. The customer with many overlapping lines.
    let mut by_customer: HashMap<&str, Vec<(NaiveDate, NaiveDate)>> = HashMap::new();
    for r in &lines {
        let end = if r["closed_date"].is_empty() {
            last.as_of
        } else {
            date(&r["closed_date"])
        };
        by_customer
            .entry(r["customer_id"].as_str())
            .or_default()
            .push((date(&r["created_date"]), end));
    }
    let open_of = |c: &str| open.iter().filter(|r| r["customer_id"] == c).count();
    let top = by_customer
        .keys()
        .max_by_key(|c| (open_of(c), std::cmp::Reverse(**c)))
        .unwrap();
    assert_eq!(*top, ids::OVERLAP_CUSTOMER);
    let customers = table(last, "customers");
    assert_eq!(
        customers
            .iter()
            .find(|r| r["customer_id"] == ids::OVERLAP_CUSTOMER)
            .unwrap()["tier"],
        "platinum"
    );
    // Most lines open on one day.
    let spans = &by_customer[ids::OVERLAP_CUSTOMER];
    let most = spans
        .iter()
        .map(|&(day, _)| {
            spans
                .iter()
                .filter(|&&(a, b)| a <= day && day < b.max(a.succ_opt().unwrap()))
                .count()
        })
        .max()
        .unwrap();
    assert!(
        most >= 15,
        "at most {most} lines of the customer open at once"
    );
    let order_lines = open
        .iter()
        .filter(|r| r["order_id"] == ids::MULTI_LINE_ORDER)
        .count();
    assert_eq!(order_lines, 10);
}

#[test]
fn closed_lines_vanish_from_the_next_export_and_return_closed_one_later() {
    let (_d, exports) = generate(&DemoConfig::default());
    let key = |r: &Row| (r["order_id"].clone(), r["order_line"].clone());
    let snap: Vec<HashMap<(String, String), Row>> = exports
        .iter()
        .map(|e| {
            table(e, "backorders")
                .into_iter()
                .map(|r| (key(&r), r))
                .collect()
        })
        .collect();
    let mut vanished = 0;
    for k in 1..exports.len() - 1 {
        for (id, r) in &snap[k - 1] {
            if r["status"] != "open" {
                continue;
            }
            match snap[k].get(id) {
                Some(now) if now["status"] == "open" => {}
                Some(now) => panic!("closed line {id:?} listed at once: {now:?}"),
                None => {
                    vanished += 1;
                    let later = snap[k + 1]
                        .get(id)
                        .unwrap_or_else(|| panic!("{id:?} never comes back"));
                    assert_ne!(later["status"], "open");
                    let closed = date(&later["closed_date"]);
                    assert!(
                        closed > exports[k - 1].as_of && closed <= exports[k].as_of,
                        "{later:?}"
                    );
                }
            }
        }
    }
    assert!(vanished > 50, "{vanished} lines closed between exports");
    // New lines appear.
    let new = snap[5]
        .keys()
        .filter(|id| !snap[4].contains_key(*id))
        .count();
    assert!(new > 50, "{new} new lines");
}

#[test]
fn references_hold_and_keys_are_unique() {
    let (_d, exports) = generate(&DemoConfig::default());
    for (k, e) in exports.iter().enumerate() {
        let last = k + 1 == exports.len();
        let mut tables: HashMap<&str, Vec<Row>> = HashMap::new();
        for entity in [
            "parts",
            "locations",
            "customers",
            "suppliers",
            "equipment",
            "stock",
            "backorders",
            "purchase_orders",
            "transfers",
            "equipment_parts",
            "campaigns",
            "substitutes",
            "lanes",
            "service_events",
            "sla",
        ] {
            tables.insert(entity, table(e, entity));
        }
        if last {
            tables.insert("demand_history", table(e, "demand_history"));
        }
        let set = |entity: &str, col: &str| -> HashSet<String> {
            tables[entity].iter().map(|r| r[col].clone()).collect()
        };
        let parts = set("parts", "part_id");
        let locations = set("locations", "location_id");
        let customers = set("customers", "customer_id");
        let suppliers = set("suppliers", "supplier_id");
        let equipment = set("equipment", "equipment_id");
        let checks: &[(&str, &[&str], &str, &HashSet<String>)] = &[
            ("stock", &["part_id", "location_id"], "part_id", &parts),
            (
                "stock",
                &["part_id", "location_id"],
                "location_id",
                &locations,
            ),
            (
                "backorders",
                &["order_id", "order_line"],
                "customer_id",
                &customers,
            ),
            ("backorders", &["order_id", "order_line"], "part_id", &parts),
            (
                "backorders",
                &["order_id", "order_line"],
                "location_id",
                &locations,
            ),
            (
                "backorders",
                &["order_id", "order_line"],
                "equipment_id",
                &equipment,
            ),
            (
                "purchase_orders",
                &["po_id", "po_line"],
                "supplier_id",
                &suppliers,
            ),
            ("purchase_orders", &["po_id", "po_line"], "part_id", &parts),
            (
                "purchase_orders",
                &["po_id", "po_line"],
                "location_id",
                &locations,
            ),
            (
                "demand_history",
                &["period", "part_id", "location_id"],
                "location_id",
                &locations,
            ),
            (
                "demand_history",
                &["period", "part_id", "location_id"],
                "part_id",
                &parts,
            ),
            (
                "transfers",
                &["transfer_id"],
                "from_location_id",
                &locations,
            ),
            ("transfers", &["transfer_id"], "to_location_id", &locations),
            ("transfers", &["transfer_id"], "part_id", &parts),
            ("equipment", &["equipment_id"], "customer_id", &customers),
            ("equipment", &["equipment_id"], "location_id", &locations),
            ("equipment_parts", &["model", "part_id"], "part_id", &parts),
            ("campaigns", &["campaign_id"], "location_id", &locations),
            ("campaigns", &["campaign_id"], "part_id", &parts),
            (
                "substitutes",
                &["part_id", "substitute_part_id"],
                "substitute_part_id",
                &parts,
            ),
            (
                "substitutes",
                &["part_id", "substitute_part_id"],
                "part_id",
                &parts,
            ),
            ("parts", &["part_id"], "successor_part_id", &parts),
            ("parts", &["part_id"], "primary_supplier_id", &suppliers),
            (
                "lanes",
                &["from_id", "to_location_id", "mode"],
                "to_location_id",
                &locations,
            ),
            ("service_events", &["event_id"], "part_id", &parts),
            ("service_events", &["event_id"], "equipment_id", &equipment),
            (
                "sla",
                &["tier", "criticality"],
                "tier",
                &["platinum", "gold", "silver", "bronze"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
        ];
        for (entity, key, col, known) in checks {
            let Some(rows) = tables.get(entity) else {
                continue;
            };
            let mut seen = HashSet::new();
            for r in rows {
                let k: Vec<&str> = key.iter().map(|c| r[*c].as_str()).collect();
                assert!(
                    seen.insert(k.join("/")),
                    "{entity}: duplicate key {k:?} in {}",
                    e.as_of
                );
                assert!(
                    r[*col].is_empty() || known.contains(&r[*col]),
                    "{entity}.{col} = {} unknown in {}",
                    r[*col],
                    e.as_of
                );
            }
        }
        for r in &tables["lanes"] {
            assert!(
                locations.contains(&r["from_id"]) || suppliers.contains(&r["from_id"]),
                "{r:?}"
            );
        }
        assert_eq!(tables["sla"].len(), 12);
    }
}

mod ingest {
    //! The files read through `bodesk-ingest` exactly as the import reads them.

    use super::*;
    use bodesk_ingest::contract::{self, Entity};
    use bodesk_ingest::reader::{self, Record, RowKind, TableReader};
    use bodesk_ingest::validate::{Evidence, Validator};
    use bodesk_ingest::values::DecimalMark;

    /// Entity, and the validated rows as debug strings, of every file of a folder.
    fn read_folder(dir: &Path) -> BTreeMap<Entity, Vec<String>> {
        let mut out = BTreeMap::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let sniffed = reader::sniff_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            let entity = contract::entity_from_file_name(&path, None)
                .unwrap_or_else(|| panic!("{name}: no entity by name"));
            let mapping = contract::map_header(entity, &sniffed.header, None);
            assert!(
                mapping.missing.is_empty() && mapping.ignored.is_empty(),
                "{name}: missing {:?}, ignored {:?}",
                mapping.missing,
                mapping.ignored
            );
            let mapped = mapping.source.iter().filter(|s| s.is_some()).count();
            assert_eq!(
                mapped,
                sniffed.header.len(),
                "{name}: header {:?}",
                sniffed.header
            );
            let mut evidence = Evidence::new(&mapping);
            let mut rd = TableReader::open(&path, &sniffed.dialect).unwrap();
            let mut rec = Record::default();
            while let Some(kind) = rd.next_row(&mut rec).unwrap() {
                assert_eq!(kind, RowKind::Data, "{name} line {}", rec.line);
                evidence.observe(&rec);
            }
            let fallback = if sniffed.dialect.delimiter == b';' {
                DecimalMark::Comma
            } else {
                DecimalMark::Dot
            };
            let styles = evidence
                .finish(&sniffed.header, fallback)
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let validator = Validator::new(&mapping, styles, &sniffed.header);
            let mut rd = TableReader::open(&path, &sniffed.dialect).unwrap();
            let (mut row, mut rejects, mut rows) = (Vec::new(), Vec::new(), Vec::new());
            while rd.next_row(&mut rec).unwrap().is_some() {
                assert!(
                    validator.row(&rec, &mut row, &mut rejects),
                    "{name} line {}: {rejects:?}",
                    rec.line
                );
                rows.push(format!("{row:?}"));
            }
            assert!(rd.footer().is_empty(), "{name}: footer {:?}", rd.footer());
            assert!(
                out.insert(entity, rows).is_none(),
                "{name}: a second file of {entity}"
            );
        }
        out
    }

    #[test]
    fn every_vocabulary_reads_as_the_same_rows() {
        let read = |v: Vocabulary| {
            let (dir, exports) = generate(&DemoConfig {
                exports: 1,
                ..small(v)
            });
            let rows = read_folder(&exports.last().unwrap().dir);
            drop(dir);
            rows
        };
        let generic = read(Vocabulary::Generic);
        assert_eq!(generic.len(), 16);
        for v in [Vocabulary::SapDe, Vocabulary::SapEn] {
            let other = read(v);
            assert_eq!(
                other.keys().collect::<Vec<_>>(),
                generic.keys().collect::<Vec<_>>(),
                "{v:?}"
            );
            for (entity, rows) in &generic {
                let theirs = &other[entity];
                assert_eq!(rows.len(), theirs.len(), "{v:?} {entity}");
                if let Some(i) = (0..rows.len()).find(|&i| rows[i] != theirs[i]) {
                    panic!(
                        "{v:?} {entity} row {i}:\n generic {}\n {v:?} {}",
                        rows[i], theirs[i]
                    );
                }
            }
        }
    }
}
