//! End to end: every format aspect of the ERP export contract
//! (`shared/spec/erp-exports.md`, "Formats that must be understood") and
//! every bad-input class ("Bad input"), with files written byte for byte the
//! way the ERPs write them, imported by the real `bodesk` binary and read back
//! from the working set with SQL.

mod common;

use std::path::PathBuf;

use common::{cp1252, lines, seeded, utf16be_bom, utf16le_bom, utf8_bom, Ws};
use serde_json::Value;

// ---------------------------------------------------------------- helpers

/// Byte offset where 1-based `line` starts (lines end with `\n`).
fn line_offset(bytes: &[u8], line: usize) -> u64 {
    if line == 1 {
        return 0;
    }
    let mut seen = 1;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            seen += 1;
            if seen == line {
                return i as u64 + 1;
            }
        }
    }
    panic!("the text has no line {line}");
}

/// The files of an import report, by file name.
fn file_report<'a>(json: &'a Value, file: &str) -> &'a Value {
    json["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["file"] == file)
        .unwrap_or_else(|| panic!("no report for {file}: {json:#}"))
}

fn rejects(json: &Value) -> &Vec<Value> {
    json["rejects"].as_array().expect("rejects")
}

/// The one reject of an import report.
#[track_caller]
fn only_reject(json: &Value) -> &Value {
    let r = rejects(json);
    assert_eq!(r.len(), 1, "expected exactly one reject: {json:#}");
    assert_eq!(json["rejects_total"], 1, "{json:#}");
    &r[0]
}

/// Imports `paths` into `ws`, expecting a rejection: once for the text
/// output and once with `--json`. Checks that both runs exit non-zero, that
/// the working set's data is exactly as before (every table's contents, and
/// its row counts), that each run recorded one `rejected` batch and nothing
/// else, and that `bodesk check` passes. Returns (JSON report, stderr of the
/// text run).
#[track_caller]
fn assert_rejected(ws: &Ws, paths: &[PathBuf], extra: &[&str]) -> (Value, String) {
    let dump_before = ws.dump_data();
    let counts_before = ws.data_counts();
    let batches_before = ws.count("import_batch");
    let committed_before = ws.value("SELECT count(*) FROM import_batch WHERE status = 'committed'");

    let text = ws.import(paths, extra);
    text.assert_failed();
    assert!(
        !text.stderr.trim().is_empty(),
        "a rejected import explains itself on stderr: {text:#?}"
    );
    let (out, json) = ws.import_json(paths, extra);
    out.assert_failed();
    assert_eq!(json["committed"], false, "{json:#}");
    assert!(json["rejects_total"].as_u64().unwrap_or(0) >= 1, "{json:#}");

    assert_eq!(
        ws.data_counts(),
        counts_before,
        "row counts changed by a rejected import"
    );
    assert!(
        ws.dump_data() == dump_before,
        "the working set's data changed by a rejected import"
    );
    assert_eq!(
        ws.count("import_batch"),
        batches_before + 2,
        "each rejected import records one batch"
    );
    assert_eq!(
        ws.value("SELECT count(*) FROM import_batch WHERE status = 'committed'"),
        committed_before,
        "no committed batch from a rejected import"
    );
    ws.assert_check();
    (json, text.stderr)
}

/// Asserts a row reject names file, line, byte offset, column, value and a reason containing `reason`.
#[track_caller]
fn assert_row_reject(
    r: &Value,
    file: &str,
    line: u64,
    offset: u64,
    column: &str,
    value: &str,
    reason: &str,
) {
    assert_eq!(r["file"], file, "{r:#}");
    assert_eq!(r["line"], line, "{r:#}");
    assert_eq!(r["byte_offset"], offset, "{r:#}");
    assert_eq!(r["column"], column, "{r:#}");
    assert_eq!(r["value"], value, "{r:#}");
    let why = r["reason"].as_str().unwrap_or_default().to_lowercase();
    assert!(
        why.contains(reason),
        "reason {why:?} should say {reason:?}: {r:#}"
    );
}

/// Asserts a whole-file reject names the file and says each of `words` (lower case).
#[track_caller]
fn assert_file_reject(json: &Value, stderr: &str, file: &str, words: &[&str]) {
    let r = only_reject(json);
    let reason = r["reason"].as_str().unwrap_or_default();
    assert_eq!(r["file"], file, "{json:#}");
    assert!(stderr.contains(file), "stderr names the file: {stderr:?}");
    for w in words {
        assert!(
            reason.to_lowercase().contains(w),
            "the message {reason:?} should say {w:?}"
        );
        assert!(
            stderr.to_lowercase().contains(w),
            "stderr {stderr:?} should say {w:?}"
        );
    }
    assert!(stderr.contains(file), "stderr names the file: {stderr:?}");
    let f = file_report(json, file);
    assert_eq!(f["status"], "rejected", "{json:#}");
    assert_eq!(f["written"], 0, "{json:#}");
}

// ---------------------------------------------------------------- ERP flavours

/// SAP (German UI), exported from ALV lists to "Tabellenkalkulation":
/// Windows-1252, `;`, decimal commas with `.` thousands, `DD.MM.YYYY`, German
/// column labels, a report title preamble, zero-padded numbers.
#[test]
fn sap_de_cp1252_semicolon_decimal_comma_german_labels_preamble() {
    let ws = Ws::new();
    let files: &[(&str, &str)] = &[
        (
            "Material_2026-11-24.csv",
            "Materialstamm – Auszug Werk 1000\r\n\
             Erstellt am 24.11.2026 von PLANER1\r\n\
             \r\n\
             Materialnummer;Materialkurztext;Standardpreis;ABC-Kennzeichen;Planlieferzeit;Lieferant;Sicherheitsbestand;Höchstbestand;Mindestlosgröße;Warengruppe;Nachfolgematerial\r\n\
             000000000000012345;Dichtung Ø 40 für Pumpe;1.234,50;A;14;0000100200;5;1.000;10;Pumpen;\r\n\
             000000000000012346;Filtereinsatz Größe M;7,95;C;3;0000100200;;;;Filter;000000000000012345\r\n",
        ),
        ("Werke.csv", "Werk;Name;Region;Land\r\n1000;Zentrallager Köln;EMEA;DE\r\n1100;Außenlager München;EMEA;DE\r\n"),
        ("Lieferanten.csv", "Lieferant;Name;Land\r\n0000100200;Müller & Söhne GmbH;DE\r\n"),
        (
            "Kunden.csv",
            "Auftraggeber;Name;Kundengruppe;Region\r\n0000004711;Universitätsklinikum Düsseldorf;Platin;EMEA\r\n0000004712;Praxis Dr. Weiß;Silber;EMEA\r\n",
        ),
        (
            "Bestand.csv",
            "Bestandsübersicht\r\nStichtag: 24.11.2026\r\n\r\n\
             Materialnummer;Werk;Frei verwendbar;Qualitätsprüfung;Gesperrt;Umlagerungsbestand\r\n\
             000000000000012345;1000;1.234,5;0;2,25;10\r\n\
             000000000000012346;1100;0;;;\r\n",
        ),
        (
            "Bestellungen.csv",
            "Einkaufsbeleg;Position;Materialnummer;Lieferant;Werk;Bestellmenge;Gelieferte Menge;Belegdatum;Liefertermin;Endlieferung;Löschkennzeichen\r\n\
             4500012345;00010;000000000000012345;0000100200;1000;1.500;0;01.10.2026;15.11.2026;;\r\n\
             4500012345;00020;000000000000012346;0000100200;1000;20;20;01.10.2026;20.10.2026;X;\r\n\
             4500012346;00010;000000000000012346;0000100200;1100;5,5;0;02.10.2026;30.11.2026;;L\r\n",
        ),
        (
            "Rückstände.csv",
            "Rückstandsliste Vertrieb\r\nStichtag 24.11.2026\r\n\r\n\
             Verkaufsbeleg;Position;Auftraggeber;Materialnummer;Werk;Offene Menge;Auftragsmenge;Angelegt am;Einteilungsdatum\r\n\
             0000700001;000010;0000004711;000000000000012345;1000;2;2;05.11.2026;12.11.2026\r\n\
             0000700002;000020;0000004712;000000000000012346;1100;1,5;3;01.09.2026;\r\n",
        ),
    ];
    for (name, text) in files {
        ws.write(&format!("sap-de/{name}"), cp1252(text));
    }
    let (out, json) = ws.import_json(&[ws.path("sap-de")], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    assert_eq!(json["committed"], true, "{json:#}");
    for (name, entity) in [
        ("Material_2026-11-24.csv", "parts"),
        ("Werke.csv", "locations"),
        ("Lieferanten.csv", "suppliers"),
        ("Kunden.csv", "customers"),
        ("Bestand.csv", "stock"),
        ("Bestellungen.csv", "purchase_orders"),
        ("Rückstände.csv", "backorders"),
    ] {
        let f = file_report(&json, name);
        assert_eq!(f["entity"], entity, "{f:#}");
        assert_eq!(f["status"], "imported", "{f:#}");
        assert_eq!(f["dialect"]["encoding"], "windows1252", "{f:#}");
        assert_eq!(f["dialect"]["delimiter"], ";", "{f:#}");
        assert_eq!(f["dialect"]["line_ends"], "crlf", "{f:#}");
        assert_eq!(f["ignored_columns"], serde_json::json!([]), "{f:#}");
    }
    assert_eq!(
        file_report(&json, "Bestand.csv")["dialect"]["preamble_lines"],
        3
    );
    assert_eq!(
        file_report(&json, "Rückstände.csv")["dialect"]["preamble_lines"],
        3
    );
    assert_eq!(
        file_report(&json, "Material_2026-11-24.csv")["dialect"]["preamble_lines"],
        3
    );
    assert_eq!(
        file_report(&json, "Bestand.csv")["dialect"]["decimal_mark"],
        "comma"
    );

    assert_eq!(
        ws.rows("SELECT part_id, description, unit_cost, criticality, lifecycle, lead_time_days, primary_supplier_id, safety_stock, max_stock, moq, product_line, successor_part_id FROM parts ORDER BY part_id"),
        [
            "12345 | Dichtung Ø 40 für Pumpe | 1234.5 | A | active | 14 | 100200 | 5 | 1000 | 10 | Pumpen | NULL",
            "12346 | Filtereinsatz Größe M | 7.95 | C | active | 3 | 100200 | NULL | NULL | NULL | Filter | 12345",
        ]
    );
    assert_eq!(
        ws.rows("SELECT location_id, name, region, country FROM locations ORDER BY 1"),
        [
            "1000 | Zentrallager Köln | EMEA | DE",
            "1100 | Außenlager München | EMEA | DE"
        ]
    );
    assert_eq!(
        ws.rows("SELECT supplier_id, name, country FROM suppliers"),
        ["100200 | Müller & Söhne GmbH | DE"]
    );
    assert_eq!(
        ws.rows("SELECT customer_id, name, tier, region FROM customers ORDER BY 1"),
        [
            "4711 | Universitätsklinikum Düsseldorf | platinum | EMEA",
            "4712 | Praxis Dr. Weiß | silver | EMEA"
        ]
    );
    assert_eq!(
        ws.rows("SELECT part_id, location_id, on_hand, quality_inspection, blocked, in_transit FROM stock ORDER BY 1"),
        ["12345 | 1000 | 1234.5 | 0 | 2.25 | 10", "12346 | 1100 | 0 | NULL | NULL | NULL"]
    );
    assert_eq!(
        ws.rows("SELECT po_id, po_line, part_id, supplier_id, location_id, qty_ordered, qty_received, order_date, committed_date, status FROM purchase_orders ORDER BY 1, 2"),
        [
            "4500012345 | 10 | 12345 | 100200 | 1000 | 1500 | 0 | 2026-10-01 | 2026-11-15 | open",
            "4500012345 | 20 | 12346 | 100200 | 1000 | 20 | 20 | 2026-10-01 | 2026-10-20 | closed",
            "4500012346 | 10 | 12346 | 100200 | 1100 | 5.5 | 0 | 2026-10-02 | 2026-11-30 | cancelled",
        ]
    );
    assert_eq!(
        ws.rows("SELECT order_id, order_line, customer_id, part_id, location_id, qty_open, qty_ordered, created_date, promised_date, status, closed_date FROM backorders ORDER BY 1"),
        [
            "700001 | 10 | 4711 | 12345 | 1000 | 2 | 2 | 2026-11-05 | 2026-11-12 | open | NULL",
            "700002 | 20 | 4712 | 12346 | 1100 | 1.5 | 3 | 2026-09-01 | NULL | open | NULL",
        ]
    );
    ws.assert_check();
}

/// SAP (English UI), list exported as "Unicode text": UTF-16 LE with BOM,
/// tab-separated, SAP field names as headers, `YYYYMMDD` dates with
/// `00000000` for none, 18-digit zero-padded material numbers, `1,234.50`
/// numbers, ELIKZ / LOEKZ flags on purchase order lines.
#[test]
fn sap_en_utf16le_tab_field_names_null_dates_padded_materials() {
    let ws = Ws::new();
    let t = |rows: &[&str]| utf16le_bom(&lines(rows, "\r\n"));
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "MARA.txt",
            t(&[
                "MATNR\tMAKTX\tSTPRS\tMAABC\tPLIFZ\tLIFNR\tEISBE\tMINBE\tBRGEW\tMATKL\tMMSTA\tAUSDT\tNFMAT",
                "000000000000012345\tSeal Ø40 pump (µ-fit)\t1,234.50\tA\t14\t0000100200\t5\t8\t0.25\tPUMPS\t\t00000000\t",
                "000000000000012346\tFilter insert\t7.95\tC\t3\t0000100200\t\t\t\tFILTERS\tEOL\t20261231\t000000000000012347",
                "000000000000012347\tFilter insert v2\t8.10\tB\t3\t0000100200\t\t\t\tFILTERS\t\t00000000\t",
            ]),
        ),
        ("T001W.txt", t(&["WERKS\tNAME1\tREGIO\tLAND1", "1000\tHamburg DC\tEMEA\tDE", "US10\tDallas\tAMER\tUS"])),
        ("LFA1.txt", t(&["LIFNR\tNAME1\tLAND1", "0000100200\tSeal Corp.\tUS"])),
        ("KNA1.txt", t(&["KUNNR\tNAME1\tKDGRP\tREGIO", "0000004711\tCity Hospital\tGold\tAMER"])),
        (
            "MARD.txt",
            t(&[
                "MATNR\tWERKS\tLABST\tINSME\tSPEME\tUMLME",
                "000000000000012345\t1000\t1,234.500\t0.000\t2.000\t0.000",
                "000000000000012346\tUS10\t12.000\t\t\t",
            ]),
        ),
        (
            "EKPO.txt",
            t(&[
                "EBELN\tEBELP\tMATNR\tLIFNR\tWERKS\tMENGE\tWEMNG\tBEDAT\tSLFDT\tEINDT\tELIKZ\tLOEKZ",
                "4500012345\t00010\t000000000000012345\t0000100200\t1000\t1,500.000\t0.000\t20261001\t20261110\t20261115\t\t",
                "4500012345\t00020\t000000000000012346\t0000100200\tUS10\t20.000\t20.000\t20261001\t00000000\t20261020\tX\t",
                "4500012346\t00010\t000000000000012347\t0000100200\tUS10\t5.000\t0.000\t20261002\t00000000\t20261130\t\tL",
            ]),
        ),
        (
            "VBAP.txt",
            t(&[
                "VBELN\tPOSNR\tKUNNR\tMATNR\tWERKS\tOMENG\tKWMENG\tERDAT\tEDATU\tEQUNR",
                "0000700001\t000010\t0000004711\t000000000000012345\t1000\t2.000\t2.000\t20261105\t00000000\t000000000010000001",
                "0000700002\t000020\t0000004711\t000000000000012346\tUS10\t1.500\t3.000\t20260901\t20261201\t",
            ]),
        ),
    ];
    for (name, bytes) in &files {
        ws.write(&format!("sap-en/{name}"), bytes);
    }
    let (out, json) = ws.import_json(&[ws.path("sap-en")], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    for (name, entity) in [
        ("MARA.txt", "parts"),
        ("T001W.txt", "locations"),
        ("LFA1.txt", "suppliers"),
        ("KNA1.txt", "customers"),
        ("MARD.txt", "stock"),
        ("EKPO.txt", "purchase_orders"),
        ("VBAP.txt", "backorders"),
    ] {
        let f = file_report(&json, name);
        assert_eq!(f["entity"], entity, "{f:#}");
        assert_eq!(f["status"], "imported", "{f:#}");
        assert_eq!(f["dialect"]["encoding"], "utf16-le", "{f:#}");
        assert_eq!(f["dialect"]["delimiter"], "\\t", "{f:#}");
        assert_eq!(f["ignored_columns"], serde_json::json!([]), "{f:#}");
    }
    assert_eq!(
        ws.rows("SELECT part_id, description, unit_cost, criticality, lifecycle, eol_date, successor_part_id, lead_time_days, primary_supplier_id, safety_stock, reorder_point, weight_kg, product_line FROM parts ORDER BY 1"),
        [
            "12345 | Seal Ø40 pump (µ-fit) | 1234.5 | A | active | NULL | NULL | 14 | 100200 | 5 | 8 | 0.25 | PUMPS",
            "12346 | Filter insert | 7.95 | C | eol | 2026-12-31 | 12347 | 3 | 100200 | NULL | NULL | NULL | FILTERS",
            "12347 | Filter insert v2 | 8.1 | B | active | NULL | NULL | 3 | 100200 | NULL | NULL | NULL | FILTERS",
        ]
    );
    assert_eq!(
        ws.rows("SELECT location_id, name, region, country FROM locations ORDER BY 1"),
        ["1000 | Hamburg DC | EMEA | DE", "US10 | Dallas | AMER | US"]
    );
    assert_eq!(
        ws.rows("SELECT supplier_id, name, country FROM suppliers"),
        ["100200 | Seal Corp. | US"]
    );
    assert_eq!(
        ws.rows("SELECT customer_id, name, tier, region FROM customers"),
        ["4711 | City Hospital | gold | AMER"]
    );
    assert_eq!(
        ws.rows("SELECT part_id, location_id, on_hand, quality_inspection, blocked, in_transit FROM stock ORDER BY 1"),
        ["12345 | 1000 | 1234.5 | 0 | 2 | 0", "12346 | US10 | 12 | NULL | NULL | NULL"]
    );
    assert_eq!(
        ws.rows("SELECT po_id, po_line, part_id, location_id, qty_ordered, qty_received, order_date, requested_date, committed_date, status FROM purchase_orders ORDER BY 1, 2"),
        [
            "4500012345 | 10 | 12345 | 1000 | 1500 | 0 | 2026-10-01 | 2026-11-10 | 2026-11-15 | open",
            "4500012345 | 20 | 12346 | US10 | 20 | 20 | 2026-10-01 | NULL | 2026-10-20 | closed",
            "4500012346 | 10 | 12347 | US10 | 5 | 0 | 2026-10-02 | NULL | 2026-11-30 | cancelled",
        ]
    );
    assert_eq!(
        ws.rows("SELECT order_id, order_line, customer_id, part_id, location_id, qty_open, qty_ordered, created_date, promised_date, equipment_id, status FROM backorders ORDER BY 1"),
        [
            "700001 | 10 | 4711 | 12345 | 1000 | 2 | 2 | 2026-11-05 | NULL | 10000001 | open",
            "700002 | 20 | 4711 | 12346 | US10 | 1.5 | 3 | 2026-09-01 | 2026-12-01 | NULL | open",
        ]
    );
    ws.assert_check();
}

/// Dynamics 365-style data export: UTF-8 with BOM, CRLF, camel-case column
/// names, ISO 8601 timestamps (with `Z`, offsets and 7 fractional digits).
#[test]
fn d365_utf8_bom_crlf_iso_timestamps() {
    let ws = Ws::new();
    let files: &[(&str, &[&str])] = &[
        (
            "Parts.csv",
            &[
                "PartId,Description,UnitCost,Criticality,LeadTimeDays,PrimarySupplierId,Lifecycle,EolDate",
                "HX-100,\"Hydraulikpumpe, groß\",1234.5,high,21,V-01,Active,",
                "HX-200,Ventil ½\",12,medium,7,V-01,EOL,2027-03-31T00:00:00.0000000Z",
            ],
        ),
        ("Locations.csv", &["LocationId,Name,Region,Country,Kind", "WH-01,Main,EMEA,NL,Central", "VAN-07,Van 7,EMEA,NL,Field"]),
        ("Suppliers.csv", &["SupplierId,Name,Country,Consignment", "V-01,Fluid Ltd,GB,Yes"]),
        ("Customers.csv", &["CustomerId,Name,Tier,Region", "CUST-001,Åbo Sjukhus,Bronze,EMEA"]),
        ("Stock.csv", &["PartId,LocationId,OnHand,Blocked", "HX-100,WH-01,3,0", "HX-200,VAN-07,0.5,"]),
        (
            "PurchaseOrders.csv",
            &[
                "PoId,PoLine,PartId,SupplierId,LocationId,QtyOrdered,QtyReceived,OrderDate,CommittedDate,ReceivedDate,Status",
                "PO-000123,1,HX-100,V-01,WH-01,10,0,2026-10-01T08:15:00Z,2026-11-15T00:00:00Z,,Open",
                "PO-000123,2,HX-200,V-01,WH-01,4,4,2026-10-01T08:15:00Z,2026-10-20T00:00:00Z,2026-10-19T16:42:10.1234567+02:00,Closed",
            ],
        ),
        (
            "Backorders.csv",
            &[
                "OrderId,OrderLine,CustomerId,PartId,LocationId,QtyOpen,QtyOrdered,CreatedDate,PromisedDate,Status,ClosedDate",
                "SO-0001,1,CUST-001,HX-100,WH-01,2,2,2026-11-05T23:59:59Z,2026-11-12T00:00:00Z,Open,",
                "SO-0002,1,CUST-001,HX-200,VAN-07,0,1,2026-09-01T10:00:00-05:00,,Closed,2026-10-02T09:00:00Z",
            ],
        ),
    ];
    for (name, rows) in files {
        ws.write(&format!("d365/{name}"), utf8_bom(&lines(rows, "\r\n")));
    }
    let (out, json) = ws.import_json(&[ws.path("d365")], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    for f in json["files"].as_array().unwrap() {
        assert_eq!(f["status"], "imported", "{f:#}");
        assert_eq!(f["dialect"]["encoding"], "utf8-bom", "{f:#}");
        assert_eq!(f["dialect"]["line_ends"], "crlf", "{f:#}");
        assert_eq!(f["dialect"]["delimiter"], ",", "{f:#}");
        assert_eq!(f["ignored_columns"], serde_json::json!([]), "{f:#}");
    }
    assert_eq!(
        ws.rows("SELECT part_id, description, unit_cost, criticality, lead_time_days, lifecycle, eol_date FROM parts ORDER BY 1"),
        ["HX-100 | Hydraulikpumpe, groß | 1234.5 | A | 21 | active | NULL", "HX-200 | Ventil ½\" | 12 | B | 7 | eol | 2027-03-31"]
    );
    assert_eq!(
        ws.rows("SELECT location_id, kind FROM locations ORDER BY 1"),
        ["VAN-07 | field", "WH-01 | central"]
    );
    assert_eq!(
        ws.rows("SELECT supplier_id, consignment FROM suppliers"),
        ["V-01 | 1"]
    );
    assert_eq!(
        ws.rows("SELECT customer_id, name, tier FROM customers"),
        ["CUST-001 | Åbo Sjukhus | bronze"]
    );
    assert_eq!(
        ws.rows("SELECT part_id, location_id, on_hand, blocked FROM stock ORDER BY 1"),
        ["HX-100 | WH-01 | 3 | 0", "HX-200 | VAN-07 | 0.5 | NULL"]
    );
    assert_eq!(
        ws.rows("SELECT po_id, po_line, order_date, committed_date, received_date, status FROM purchase_orders ORDER BY 1, 2"),
        [
            "PO-000123 | 1 | 2026-10-01 | 2026-11-15 | NULL | open",
            "PO-000123 | 2 | 2026-10-01 | 2026-10-20 | 2026-10-19 | closed",
        ]
    );
    assert_eq!(
        ws.rows("SELECT order_id, qty_open, created_date, promised_date, status, closed_date FROM backorders ORDER BY 1"),
        ["SO-0001 | 2 | 2026-11-05 | 2026-11-12 | open | NULL", "SO-0002 | 0 | 2026-09-01 | NULL | closed | 2026-10-02"]
    );
    ws.assert_check();
}

// ---------------------------------------------------------------- format aspects

/// Every encoding of the contract, the same text each time.
#[test]
fn encodings_utf8_with_and_without_bom_utf16_le_be_windows_1252() {
    let text = "part_id,description,unit_cost,criticality,lead_time_days\nP-1,Dichtung für Größe Ø40 – 5 €,12.5,A,10\n";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("utf8", text.as_bytes().to_vec()),
        ("utf8-bom", utf8_bom(text)),
        ("utf16-le", utf16le_bom(text)),
        ("utf16-be", utf16be_bom(text)),
        ("windows1252", cp1252(text)),
    ];
    for (encoding, bytes) in cases {
        let ws = Ws::new();
        let f = ws.write("parts.csv", &bytes);
        let (out, json) = ws.import_json(&[f], &["--as-of", "2026-11-24"]);
        out.assert_ok();
        assert_eq!(
            file_report(&json, "parts.csv")["dialect"]["encoding"],
            encoding,
            "{json:#}"
        );
        assert_eq!(
            ws.rows("SELECT part_id, description, unit_cost FROM parts"),
            ["P-1 | Dichtung für Größe Ø40 – 5 € | 12.5"],
            "{encoding}"
        );
    }
}

/// `,` `;` tab and `|`, each detected without being told.
#[test]
fn delimiters_comma_semicolon_tab_pipe() {
    for (d, shown, on_hand, expected) in [
        (",", ",", "4.5", "4.5"),
        (";", ";", "4,5", "4.5"),
        ("\t", "\\t", "4.5", "4.5"),
        ("|", "|", "4.5", "4.5"),
    ] {
        let ws = seeded();
        let text = [
            ["part_id", "location_id", "on_hand", "blocked", "in_transit"].join(d),
            ["P-1", "DC01", on_hand, "1", ""].join(d),
            ["P-2", "RW-N", "0", "", "3"].join(d),
        ]
        .map(|l| l + "\n")
        .concat();
        let f = ws.write("stock.csv", text);
        let (out, json) = ws.import_json(&[f], &["--as-of", "2026-11-24"]);
        out.assert_ok();
        assert_eq!(
            file_report(&json, "stock.csv")["dialect"]["delimiter"],
            shown,
            "{json:#}"
        );
        assert_eq!(
            ws.rows(
                "SELECT part_id, location_id, on_hand, blocked, in_transit FROM stock ORDER BY 1"
            ),
            [
                format!("P-1 | DC01 | {expected} | 1 | NULL"),
                "P-2 | RW-N | 0 | NULL | 3".to_string()
            ],
            "delimiter {shown}"
        );
    }
}

/// An SAP ALV list saved "unconverted": `|` columns with padding, dashed rules,
/// a title line, the header repeated on the next page.
#[test]
fn sap_alv_list_with_pipes_rules_and_page_headers() {
    let ws = seeded();
    let text = "24.11.2026                Dynamische Listenausgabe                 1\n\
                \n\
                ---------------------------------------------------------\n\
                |Material        |Werk|  Frei verwendbar|      Gesperrt|\n\
                ---------------------------------------------------------\n\
                |P-1             |DC01|         1.234,50|          0,00|\n\
                ---------------------------------------------------------\n\
                |Material        |Werk|  Frei verwendbar|      Gesperrt|\n\
                ---------------------------------------------------------\n\
                |P-2             |RW-N|             7,00|          1,00|\n\
                ---------------------------------------------------------\n";
    let f = ws.write("alv_stock.txt", cp1252(text));
    let (out, json) = ws.import_json(&[f], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    let r = file_report(&json, "alv_stock.txt");
    assert_eq!(r["entity"], "stock", "{r:#}");
    assert_eq!(r["dialect"]["delimiter"], "|", "{r:#}");
    assert_eq!(r["rows"], 2, "{r:#}");
    assert_eq!(
        ws.rows("SELECT part_id, location_id, on_hand, blocked FROM stock ORDER BY 1"),
        ["P-1 | DC01 | 1234.5 | 0", "P-2 | RW-N | 7 | 1"]
    );
}

/// `"` quoting with `""` escapes and embedded delimiters and newlines; line
/// numbers of later rows count the physical lines.
#[test]
fn quoted_fields_with_delimiters_newlines_and_doubled_quotes() {
    let ws = seeded();
    let text = "part_id,description,unit_cost,criticality,lead_time_days\n\
                P-1,\"Seal, 40 mm \"\"Viton\"\"\nsecond line\",12.5,A,10\n\
                P-2,\"a;b|c\tz\",3,C,5\n\
                \"P-3\",\"\",\"1.5\",B,\"2\"\n";
    let f = ws.write("parts.csv", text);
    let (out, _json) = ws.import_json(&[f], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    assert_eq!(
        ws.rows("SELECT part_id, description, unit_cost FROM parts ORDER BY 1"),
        [
            "P-1 | Seal, 40 mm \"Viton\"\nsecond line | 12.5",
            "P-2 | a;b|c\tz | 3",
            "P-3 | NULL | 1.5"
        ]
    );

    // A bad value after a two-line record is reported on its physical line (4).
    let bad = "part_id,description,unit_cost,criticality,lead_time_days\n\
               P-1,\"two\nlines\",12.5,A,10\n\
               P-2,ok,lots,C,5\n";
    let f = ws.write("bad/parts.csv", bad);
    let (json, _) = assert_rejected(&ws, &[f], &[]);
    assert_row_reject(
        only_reject(&json),
        "parts.csv",
        4,
        line_offset(bad.as_bytes(), 4),
        "unit_cost",
        "lots",
        "number",
    );
}

/// LF, CRLF and CR line ends: values read, and line numbers right in each.
#[test]
fn line_ends_lf_crlf_cr() {
    for (end, name) in [("\n", "lf"), ("\r\n", "crlf"), ("\r", "cr")] {
        let ws = seeded();
        let bad = lines(
            &["part_id,location_id,on_hand", "P-1,DC01,4", "P-2,RW-N,many"],
            end,
        );
        let f = ws.write("bad/stock.csv", &bad);
        let (json, _) = assert_rejected(&ws, &[f], &[]);
        let r = only_reject(&json);
        let offset = "part_id,location_id,on_hand".len() + "P-1,DC01,4".len() + 2 * end.len();
        assert_row_reject(
            r,
            "stock.csv",
            3,
            offset as u64,
            "on_hand",
            "many",
            "number",
        );

        let good = lines(
            &[
                "part_id,location_id,on_hand,blocked",
                "P-1,DC01,4,",
                "P-2,RW-N,9.5,1",
            ],
            end,
        );
        let f = ws.write("stock.csv", good);
        let (out, json) = ws.import_json(&[f], &["--as-of", "2026-11-24"]);
        out.assert_ok();
        assert_eq!(
            file_report(&json, "stock.csv")["dialect"]["line_ends"],
            name,
            "{json:#}"
        );
        assert_eq!(
            ws.rows("SELECT part_id, on_hand, blocked FROM stock ORDER BY 1"),
            ["P-1 | 4 | NULL", "P-2 | 9.5 | 1"],
            "{name}"
        );
    }
}

/// Up to 10 report-title and blank lines before the header.
#[test]
fn preamble_of_ten_title_and_blank_lines() {
    let ws = seeded();
    let text = "Stock report\n\
                Company: ACME Service Parts\n\
                \n\
                Selection: all plants\n\
                Date: 2026-11-24\n\
                \n\
                User: PLANNER1\n\
                Layout: /DEFAULT\n\
                \n\
                \n\
                part_id,location_id,on_hand\n\
                P-1,DC01,4\n\
                P-2,RW-N,x\n";
    let f = ws.write("bad/stock.csv", text);
    let (json, _) = assert_rejected(&ws, &[f], &[]);
    assert_row_reject(
        only_reject(&json),
        "stock.csv",
        13,
        line_offset(text.as_bytes(), 13),
        "on_hand",
        "x",
        "number",
    );

    let good = text.replace("P-2,RW-N,x", "P-2,RW-N,8");
    let f = ws.write("stock.csv", good);
    let (out, json) = ws.import_json(&[f], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    assert_eq!(
        file_report(&json, "stock.csv")["dialect"]["preamble_lines"],
        10,
        "{json:#}"
    );
    assert_eq!(
        ws.rows("SELECT part_id, on_hand FROM stock ORDER BY 1"),
        ["P-1 | 4", "P-2 | 8"]
    );

    let sniff = ws.bodesk(&[
        "sniff".as_ref(),
        ws.path("stock.csv").as_os_str(),
        "--json".as_ref(),
    ]);
    sniff.assert_ok();
    let s = sniff.json();
    assert_eq!(s["header_lines"], serde_json::json!([11]), "{s:#}");
    assert_eq!(s["preamble"][0]["text"], "Stock report", "{s:#}");
}

/// Every number style of the contract.
#[test]
fn number_styles() {
    let cases: &[(&str, &str, f64)] = &[
        ("1234.5", ",", 1234.5),
        ("\"1,234.5\"", ",", 1234.5),
        ("1,234.5", "\t", 1234.5),
        ("1.234,5", ";", 1234.5),
        ("1 234,5", ";", 1234.5),
        ("1\u{a0}234,5", ";", 1234.5),
        ("1.500", ";", 1500.0),
        ("+5", ",", 5.0),
        ("0.25", ",", 0.25),
        ("12,5", ";", 12.5),
    ];
    for (written, d, expected) in cases {
        let ws = seeded();
        let text =
            format!("part_id{d}location_id{d}on_hand{d}blocked\nP-1{d}DC01{d}{written}{d}\n");
        let f = ws.write("stock.csv", text);
        let (out, _) = ws.import_json(&[f], &["--as-of", "2026-11-24"]);
        out.assert_ok();
        let c = ws.conn();
        let (on_hand, blocked): (f64, Option<f64>) = c
            .query_row("SELECT on_hand, blocked FROM stock", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(on_hand, *expected, "{written:?} with delimiter {d:?}");
        assert_eq!(blocked, None, "an empty number is NULL");
    }
}

/// A trailing minus is a negative number: a negative quantity is rejected.
#[test]
fn trailing_minus_is_a_negative_quantity() {
    let ws = seeded();
    let text = "part_id;location_id;on_hand\nP-1;DC01;4\nP-2;RW-N;12-\n";
    let f = ws.write("stock.csv", text);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_row_reject(
        only_reject(&json),
        "stock.csv",
        3,
        line_offset(text.as_bytes(), 3),
        "on_hand",
        "12-",
        "negative",
    );
    assert!(
        stderr.contains("stock.csv, line 3, column on_hand, value \"12-\""),
        "{stderr}"
    );
}

/// Every date style of the contract, and the null dates.
#[test]
fn date_styles_and_null_dates() {
    let ws = seeded();
    let text =
        "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date,promised_date\n\
                1,10,C001,P-1,DC01,1,2026-11-05,\n\
                2,10,C001,P-1,DC01,1,20261105,00000000\n\
                3,10,C001,P-1,DC01,1,05.11.2026,0000-00-00\n\
                4,10,C001,P-1,DC01,1,05-NOV-2026,2026-12-01\n\
                5,10,C001,P-1,DC01,1,2026-11-05T08:30:00Z,20261201\n\
                6,10,C001,P-1,DC01,1,2026-11-05T23:30:00.123-05:00,01.12.2026\n\
                7,10,C001,P-1,DC01,1,2026-11-05 08:30:00,01-Dec-2026\n\
                8,10,C001,P-1,DC01,1,5.11.2026,2026-12-01T00:00:00+01:00\n";
    let f = ws.write("backorders.csv", text);
    let (out, _) = ws.import_json(&[f], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    assert_eq!(
        ws.rows("SELECT order_id, created_date, promised_date FROM backorders WHERE length(order_id) = 1 ORDER BY 1"),
        [
            "1 | 2026-11-05 | NULL",
            "2 | 2026-11-05 | NULL",
            "3 | 2026-11-05 | NULL",
            "4 | 2026-11-05 | 2026-12-01",
            "5 | 2026-11-05 | 2026-12-01",
            "6 | 2026-11-05 | 2026-12-01",
            "7 | 2026-11-05 | 2026-12-01",
            "8 | 2026-11-05 | 2026-12-01",
        ]
    );
}

/// `MM/DD/YYYY` when a value of the column has a day over 12; `DD/MM/YYYY` likewise.
#[test]
fn slash_dates_decided_by_a_day_over_12() {
    let ws = seeded();
    let text =
        "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date,promised_date\n\
                1,10,C001,P-1,DC01,1,11/05/2026,05/12/2026\n\
                2,10,C001,P-1,DC01,1,11/25/2026,25/12/2026\n\
                3,10,C001,P-1,DC01,1,01/02/2026,01/02/2027\n";
    let f = ws.write("backorders.csv", text);
    let (out, json) = ws.import_json(&[f], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    let orders = &file_report(&json, "backorders.csv")["dialect"]["date_orders"];
    assert_eq!(
        orders,
        &serde_json::json!(["month_first", "day_first"]),
        "{json:#}"
    );
    assert_eq!(
        ws.rows("SELECT order_id, created_date, promised_date FROM backorders WHERE length(order_id) = 1 ORDER BY 1"),
        ["1 | 2026-11-05 | 2026-12-05", "2 | 2026-11-25 | 2026-12-25", "3 | 2026-01-02 | 2027-02-01"]
    );
}

/// A slash-date column that no value decides is an error naming file and column.
#[test]
fn ambiguous_slash_dates_reject_the_file_naming_file_and_column() {
    let ws = seeded();
    let text = "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date\n\
                1,10,C001,P-1,DC01,1,03/04/2026\n\
                2,10,C001,P-1,DC01,1,03/04/2026\n";
    let f = ws.write("backorders.csv", text);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    let r = only_reject(&json);
    let reason = r["reason"].as_str().unwrap();
    assert_eq!(r["file"], "backorders.csv", "{r:#}");
    assert!(reason.contains("created_date"), "{reason}");
    assert!(
        reason.contains("03/04/2026"),
        "the message shows an ambiguous value: {reason}"
    );
    assert!(reason.to_lowercase().contains("ambiguous"), "{reason}");
    assert!(
        stderr.contains("backorders.csv") && stderr.contains("created_date"),
        "{stderr}"
    );
}

/// Ids: trimmed, leading zeros of numeric ids dropped, Excel `.0` dropped, others kept.
#[test]
fn ids_leading_zeros_excel_artefacts_and_text_ids() {
    let ws = seeded();
    let parts = "part_id,unit_cost,criticality,lead_time_days\n\
                 000000000012345678,1,A,1\n\
                 A-0012,1,A,1\n\
                 \"  P-7  \",1,A,1\n\
                 0042.0,1,A,1\n\
                 007-1,1,A,1\n";
    let pos =
        "po_id,po_line,part_id,supplier_id,location_id,qty_ordered,order_date,committed_date\n\
               4500012345.0,00010,12345678,V100,DC01,1,2026-10-01,2026-11-01\n\
               4500012346,20.0,42,V100,DC01,1,2026-10-01,2026-11-01\n\
               4500012347,10,A-0012,V100,DC01,1,2026-10-01,2026-11-01\n";
    ws.write("ids/parts.csv", parts);
    ws.write("ids/purchase_orders.csv", pos);
    let (out, _) = ws.import_json(&[ws.path("ids")], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    assert_eq!(
        ws.rows("SELECT part_id FROM parts WHERE part_id NOT IN ('P-1', 'P-2') ORDER BY 1"),
        ["007-1", "12345678", "42", "A-0012", "P-7"]
    );
    assert_eq!(
        ws.rows("SELECT po_id, po_line, part_id FROM purchase_orders WHERE po_id <> '4500000001' ORDER BY 1"),
        ["4500012345 | 10 | 12345678", "4500012346 | 20 | 42", "4500012347 | 10 | A-0012"]
    );
}

/// Periods: `YYYY-MM`, `YYYYMM`, `MM/YYYY`, or a date taken as its month.
#[test]
fn periods_in_every_style() {
    let ws = seeded();
    let text = "period,part_id,location_id,qty_demanded\n\
                2026-01,P-1,DC01,1\n\
                202602,P-1,DC01,2\n\
                03/2026,P-1,DC01,3\n\
                2026-04-15,P-1,DC01,4\n\
                31.05.2026,P-1,DC01,5\n\
                6/2026,P-1,DC01,6\n";
    let f = ws.write("demand_history.csv", text);
    let (out, _) = ws.import_json(&[f], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    assert_eq!(
        ws.rows("SELECT period, qty_demanded FROM demand_history ORDER BY 1"),
        [
            "2026-01 | 1",
            "2026-02 | 2",
            "2026-03 | 3",
            "2026-04 | 4",
            "2026-05 | 5",
            "2026-06 | 6"
        ]
    );
}

/// Header names match ignoring case, spaces, `_`, `-` and `.`; SAP English labels too.
#[test]
fn header_aliases_ignore_case_spaces_underscores_dashes_dots() {
    let ws = seeded();
    let text = " PART-ID ,Location.Id,ON_HAND,quality inspection,BLOCKED STOCK,stock-in-transfer\nP-1,DC01,4,1,2,3\n";
    let f = ws.write("stock.csv", text);
    let (out, json) = ws.import_json(&[f], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    assert_eq!(
        file_report(&json, "stock.csv")["ignored_columns"],
        serde_json::json!([]),
        "{json:#}"
    );
    assert_eq!(
        ws.rows("SELECT part_id, location_id, on_hand, quality_inspection, blocked, in_transit FROM stock"),
        ["P-1 | DC01 | 4 | 1 | 2 | 3"]
    );

    let text = "Material,Plant,Unrestricted,In Quality Insp.,Blocked Stock\nP-2,RW-N,6,0,1\n";
    let f = ws.write("labels/stock.csv", text);
    ws.import(&[f], &["--as-of", "2026-11-25"]).assert_ok();
    assert_eq!(
        ws.rows("SELECT part_id, location_id, on_hand, quality_inspection, blocked FROM stock"),
        ["P-2 | RW-N | 6 | 0 | 1"]
    );
}

/// A file whose name says nothing is recognised by its header.
#[test]
fn file_recognised_by_its_header_only() {
    let ws = seeded();
    let backorders =
        "VBELN,POSNR,KUNNR,MATNR,WERKS,OMENG,ERDAT\n0000700009,000010,C001,P-2,RW-N,3,20261110\n";
    let stock = "part_id,location_id,on_hand\nP-1,DC01,11\n";
    let a = ws.write("in/export_1.csv", backorders);
    let b = ws.write("in/export_2.csv", stock);
    let (out, json) = ws.import_json(&[ws.path("in")], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    assert_eq!(
        file_report(&json, "export_1.csv")["entity"],
        "backorders",
        "{json:#}"
    );
    assert_eq!(
        file_report(&json, "export_2.csv")["entity"],
        "stock",
        "{json:#}"
    );
    assert_eq!(
        ws.rows("SELECT order_id, order_line, part_id, qty_open, created_date FROM backorders WHERE order_id = '700009'"),
        ["700009 | 10 | P-2 | 3 | 2026-11-10"]
    );
    assert_eq!(ws.rows("SELECT part_id, on_hand FROM stock"), ["P-1 | 11"]);
    for (f, entity) in [(a, "backorders"), (b, "stock")] {
        let s = ws.bodesk(&["sniff".as_ref(), f.as_os_str(), "--json".as_ref()]);
        s.assert_ok();
        assert_eq!(s.json()["entity"], entity);
        assert_eq!(s.json()["recognised_by"], "header");
    }

    // Neither name nor header says anything: rejected, naming the file.
    let f = ws.write("export_3.csv", "foo,bar\n1,2\n");
    let (json, _) = assert_rejected(&ws, &[f], &[]);
    let r = only_reject(&json);
    assert!(
        r["file"] == "export_3.csv" && r["reason"].as_str().unwrap().contains("cannot tell"),
        "{r:#}"
    );
    assert!(
        r["reason"].as_str().unwrap().contains("foo, bar"),
        "the message shows the header found: {r:#}"
    );
}

/// Columns the contract does not know are reported once as ignored and stored nowhere.
#[test]
fn ignored_columns_are_reported() {
    let ws = seeded();
    let text = "part_id,location_id,Lagerort,on_hand,Bemerkung\nP-1,DC01,0001,4,see note\nP-2,RW-N,0002,5,\n";
    let f = ws.write("stock.csv", text);
    let (out, json) = ws.import_json(&[&f], &["--as-of", "2026-11-24"]);
    out.assert_ok();
    assert_eq!(
        file_report(&json, "stock.csv")["ignored_columns"],
        serde_json::json!(["Lagerort", "Bemerkung"]),
        "{json:#}"
    );
    assert_eq!(
        ws.rows("SELECT part_id, on_hand FROM stock ORDER BY 1"),
        ["P-1 | 4", "P-2 | 5"]
    );

    let text = text.replace("see note", "other note");
    let f = ws.write("again/stock.csv", text);
    let out = ws.import(&[f], &["--as-of", "2026-11-25"]);
    out.assert_ok();
    assert_eq!(
        out.stdout
            .matches("ignored columns: Lagerort, Bemerkung")
            .count(),
        1,
        "reported once in the text output: {out:#?}"
    );
}

/// A user mapping profile (TOML) names files and columns the vocabularies miss.
#[test]
fn mapping_profile_maps_files_and_columns() {
    let ws = seeded();
    let profile = ws.write(
        "acme.toml",
        "name = \"Acme ERP\"\n\
         [entities.parts]\n\
         files = [\"ARTIKEL*.csv\"]\n\
         [entities.parts.columns]\n\
         part_id = \"Artikelnr\"\n\
         unit_cost = [\"EK-Preis\", \"Preis\"]\n\
         criticality = \"Wichtigkeit\"\n\
         lead_time_days = \"WBZ Tage\"\n\
         [entities.stock]\n\
         files = [\"lager_*.csv\"]\n\
         [entities.stock.columns]\n\
         part_id = \"Artikelnr\"\n\
         location_id = \"Lager\"\n\
         on_hand = \"Menge frei\"\n",
    );
    ws.write(
        "acme/ARTIKEL_2026-11.csv",
        "Artikelnr;Bezeichnung;Preis;Wichtigkeit;WBZ Tage\nX-1;Bolzen;2,50;hoch;4\n",
    );
    ws.write(
        "acme/LAGER_2026-11.csv",
        "Artikelnr;Lager;Menge frei\nX-1;DC01;17\n",
    );

    // Without the profile these files say nothing the contract knows.
    let out = ws.import(&[ws.path("acme")], &["--as-of", "2026-11-24"]);
    out.assert_failed();
    assert!(out.stderr.contains("ARTIKEL_2026-11.csv"), "{out:#?}");

    let p = profile.to_str().unwrap();
    let (out, json) = ws.import_json(
        &[ws.path("acme")],
        &["--as-of", "2026-11-24", "--profile", p],
    );
    out.assert_ok();
    assert_eq!(
        file_report(&json, "ARTIKEL_2026-11.csv")["entity"],
        "parts",
        "{json:#}"
    );
    assert_eq!(
        file_report(&json, "ARTIKEL_2026-11.csv")["ignored_columns"],
        serde_json::json!(["Bezeichnung"])
    );
    assert_eq!(
        file_report(&json, "LAGER_2026-11.csv")["entity"],
        "stock",
        "{json:#}"
    );
    assert_eq!(
        ws.rows("SELECT part_id, unit_cost, criticality, lead_time_days FROM parts WHERE part_id = 'X-1'"),
        ["X-1 | 2.5 | A | 4"]
    );
    assert_eq!(
        ws.rows("SELECT part_id, location_id, on_hand FROM stock"),
        ["X-1 | DC01 | 17"]
    );

    // A profile naming a column the contract lacks is refused before anything is read.
    let bad = ws.write("bad.toml", "[entities.parts.columns]\nprice = \"Preis\"\n");
    let before = ws.dump();
    let out = ws.import(&[ws.path("acme")], &["--profile", bad.to_str().unwrap()]);
    out.assert_failed();
    assert!(out.stderr.contains("price"), "{out:#?}");
    assert!(
        ws.dump() == before,
        "a refused profile writes nothing, not even a batch"
    );
}

// ---------------------------------------------------------------- bad input: files

#[test]
fn binary_file_is_rejected() {
    let ws = seeded();
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let f = ws.write("parts.csv", &bytes);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_file_reject(
        &json,
        &stderr,
        "parts.csv",
        &["not a text table", "byte offset"],
    );
}

#[test]
fn zip_or_xlsx_renamed_csv_is_rejected() {
    for name in ["stock.csv", "backorders.csv"] {
        let ws = seeded();
        // A ZIP local file header (an .xlsx is a ZIP) with a stored `[Content_Types].xml`.
        let mut bytes = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec();
        bytes.extend_from_slice(b"\x13\x00\x00\x00[Content_Types].xml");
        bytes.extend([b'x'; 300]);
        bytes.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00");
        let f = ws.write(name, &bytes);
        let (json, stderr) = assert_rejected(&ws, &[f], &[]);
        assert_file_reject(&json, &stderr, name, &["byte offset"]);
        let reason = only_reject(&json)["reason"]
            .as_str()
            .unwrap()
            .to_lowercase();
        assert!(
            reason.contains("zip") || reason.contains("xlsx"),
            "says what the file is: {reason}"
        );
    }
}

#[test]
fn empty_file_is_rejected() {
    let ws = seeded();
    let f = ws.write("stock.csv", b"");
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_file_reject(&json, &stderr, "stock.csv", &["empty"]);
    // Blank lines only count as empty too.
    let f = ws.write("blank/stock.csv", b"\r\n\r\n   \r\n");
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_file_reject(&json, &stderr, "stock.csv", &[]);
}

#[test]
fn header_only_file_is_rejected() {
    let ws = seeded();
    let f = ws.write("stock.csv", "part_id,location_id,on_hand\r\n");
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_file_reject(&json, &stderr, "stock.csv", &["header", "line 1"]);
}

#[test]
fn unterminated_quote_is_rejected() {
    let ws = seeded();
    let text = "part_id,description,unit_cost,criticality,lead_time_days\n\
                P-1,ok,1,A,1\n\
                P-2,\"never closed,1,A,1\n\
                P-3,more,1,A,1\n";
    let f = ws.write("parts.csv", text);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_file_reject(&json, &stderr, "parts.csv", &["line 3", "quote"]);
    let reason = only_reject(&json)["reason"].as_str().unwrap();
    let start = line_offset(text.as_bytes(), 3);
    let quote = start + 4;
    assert!(
        reason.contains(&format!("byte offset {start}"))
            || reason.contains(&format!("byte offset {quote}")),
        "names the byte offset of the record ({start}) or of its quote ({quote}): {reason}"
    );
}

#[test]
fn field_over_one_mib_is_rejected() {
    let ws = seeded();
    let mut text = String::from(
        "part_id,description,unit_cost,criticality,lead_time_days\nP-1,ok,1,A,1\nP-2,",
    );
    text.push_str(&"x".repeat((1 << 20) + 10));
    text.push_str(",1,A,1\n");
    let f = ws.write("parts.csv", &text);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_file_reject(
        &json,
        &stderr,
        "parts.csv",
        &["line 3", "byte offset", "1 mib"],
    );
    let reason = only_reject(&json)["reason"].as_str().unwrap();
    let start = line_offset(text.as_bytes(), 3);
    assert!(
        reason.contains(&format!("byte offset {start}"))
            || reason.contains(&format!("byte offset {}", start + 4)),
        "names the byte offset of the record ({start}) or of the field ({}): {reason}",
        start + 4
    );
}

#[test]
fn undecodable_bytes_are_rejected() {
    let ws = seeded();
    // A UTF-8 file (it says so with its BOM) with a byte that is no UTF-8.
    let mut bytes =
        utf8_bom("part_id,description,unit_cost,criticality,lead_time_days\nP-1,ok,1,A,1\nP-2,Gr");
    let bad_at = bytes.len();
    bytes.extend_from_slice(b"\xF6\xDFe,1,A,1\n");
    let f = ws.write("parts.csv", &bytes);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_file_reject(
        &json,
        &stderr,
        "parts.csv",
        &["line 3", "byte offset", "utf-8"],
    );
    let reason = only_reject(&json)["reason"].as_str().unwrap();
    let line3 =
        3 + "part_id,description,unit_cost,criticality,lead_time_days\nP-1,ok,1,A,1\n".len();
    assert!(
        reason.contains(&format!("byte offset {bad_at}"))
            || reason.contains(&format!("byte offset {line3}")),
        "names the offset of the bad byte ({bad_at}) or of its line ({line3}): {reason}"
    );

    // UTF-16 with a lone surrogate.
    let mut bytes = utf16le_bom("part_id,description,unit_cost,criticality,lead_time_days\r\nP-1,");
    let bad_at = bytes.len();
    bytes.extend_from_slice(&0xD800u16.to_le_bytes());
    bytes.extend_from_slice(&utf16le_bom(",1,A,1\r\n")[2..]);
    let f = ws.write("utf16/parts.csv", &bytes);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_file_reject(
        &json,
        &stderr,
        "parts.csv",
        &["line 2", "byte offset", "utf-16"],
    );
    let reason = only_reject(&json)["reason"].as_str().unwrap();
    let line2 = bad_at - 8;
    assert!(
        reason.contains(&format!("byte offset {bad_at}"))
            || reason.contains(&format!("byte offset {line2}")),
        "names the offset of the lone surrogate ({bad_at}) or of its line ({line2}): {reason}"
    );
}

// ---------------------------------------------------------------- bad input: rows

#[test]
fn missing_required_value_is_rejected() {
    let ws = seeded();
    let text = "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date\n\
                700001,10,C001,P-1,DC01,2,2026-11-02\n\
                700003,10,C001,P-1,DC01,,2026-11-04\n";
    let f = ws.write("backorders.csv", text);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_row_reject(
        only_reject(&json),
        "backorders.csv",
        3,
        line_offset(text.as_bytes(), 3),
        "qty_open",
        "",
        "missing",
    );
    assert!(
        stderr.contains("backorders.csv, line 3, column qty_open"),
        "{stderr}"
    );
}

#[test]
fn unparseable_number_is_rejected() {
    let ws = seeded();
    let text = "part_id,location_id,on_hand\nP-1,DC01,4\nP-2,RW-N,12.3.4\n";
    let f = ws.write("stock.csv", text);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_row_reject(
        only_reject(&json),
        "stock.csv",
        3,
        line_offset(text.as_bytes(), 3),
        "on_hand",
        "12.3.4",
        "number",
    );
    assert!(stderr.contains("value \"12.3.4\""), "{stderr}");
}

#[test]
fn unparseable_date_is_rejected() {
    let ws = seeded();
    let text = "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date\n\
                700001,10,C001,P-1,DC01,2,2026-11-02\n\
                700003,10,C001,P-1,DC01,1,2026-02-30\n\
                700004,10,C001,P-1,DC01,1,next week\n";
    let f = ws.write("backorders.csv", text);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    let r = rejects(&json);
    assert_eq!(r.len(), 2, "{json:#}");
    assert_row_reject(
        &r[0],
        "backorders.csv",
        3,
        line_offset(text.as_bytes(), 3),
        "created_date",
        "2026-02-30",
        "date",
    );
    assert_row_reject(
        &r[1],
        "backorders.csv",
        4,
        line_offset(text.as_bytes(), 4),
        "created_date",
        "next week",
        "date",
    );
    assert!(
        stderr.contains("line 4, column created_date, value \"next week\""),
        "{stderr}"
    );
}

#[test]
fn negative_quantity_is_rejected() {
    let ws = seeded();
    let text = "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date\n\
                700001,10,C001,P-1,DC01,-2,2026-11-02\n";
    let f = ws.write("backorders.csv", text);
    let (json, _) = assert_rejected(&ws, &[f], &[]);
    assert_row_reject(
        only_reject(&json),
        "backorders.csv",
        2,
        line_offset(text.as_bytes(), 2),
        "qty_open",
        "-2",
        "negative",
    );
}

#[test]
fn unknown_part_in_a_backorder_is_rejected() {
    let ws = seeded();
    let text = "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date\n\
                700001,10,C001,P-1,DC01,2,2026-11-02\n\
                700005,10,C001,NOPE-9,DC01,1,2026-11-04\n";
    let f = ws.write("backorders.csv", text);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_row_reject(
        only_reject(&json),
        "backorders.csv",
        3,
        line_offset(text.as_bytes(), 3),
        "part_id",
        "NOPE-9",
        "unknown part",
    );
    assert!(stderr.contains("value \"NOPE-9\""), "{stderr}");

    // A part delivered in the same import is known.
    ws.write(
        "same/parts.csv",
        "part_id,unit_cost,criticality,lead_time_days\nP-1,1,A,1\nP-2,1,A,1\nNOPE-9,1,A,1\n",
    );
    ws.write("same/backorders.csv", text);
    ws.import(&[ws.path("same")], &["--as-of", "2026-11-24"])
        .assert_ok();
    assert_eq!(
        ws.value("SELECT part_id FROM backorders WHERE order_id = '700005'"),
        "NOPE-9"
    );
    ws.assert_check();
}

#[test]
fn duplicate_key_inside_one_file_is_rejected() {
    let ws = seeded();
    let text = "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date\n\
                700001,10,C001,P-1,DC01,2,2026-11-02\n\
                700002,10,C001,P-2,RW-N,1,2026-11-03\n\
                0000700001,010,C001,P-2,DC01,5,2026-11-04\n";
    let f = ws.write("backorders.csv", text);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    let r = only_reject(&json);
    assert_eq!(r["file"], "backorders.csv");
    assert_eq!(r["line"], 4);
    assert_eq!(r["byte_offset"], line_offset(text.as_bytes(), 4));
    let value = r["value"].as_str().unwrap();
    assert!(
        value.contains("700001") && value.contains("10"),
        "the value names the key: {r:#}"
    );
    assert!(r["reason"].as_str().unwrap().contains("duplicate"), "{r:#}");
    assert!(stderr.contains("backorders.csv, line 4"), "{stderr}");
}

#[test]
fn ragged_row_is_rejected() {
    let ws = seeded();
    let text = "part_id,location_id,on_hand,blocked\n\
                P-1,DC01,4,0\n\
                P-2,RW-N,5\n\
                P-1,RW-N,6,0\n";
    let f = ws.write("stock.csv", text);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    let r = only_reject(&json);
    assert_eq!(r["file"], "stock.csv");
    assert_eq!(r["line"], 3);
    assert_eq!(r["byte_offset"], line_offset(text.as_bytes(), 3));
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains('3') && reason.contains('4'),
        "says 3 fields where the header has 4: {reason}"
    );
    assert_eq!(
        r["value"], "P-2,RW-N,5",
        "the value is the row as read: {r:#}"
    );
    assert!(stderr.contains("stock.csv, line 3"), "{stderr}");
}

// ---------------------------------------------------------------- keep-valid, reject export, formulas

#[test]
fn keep_valid_commits_the_valid_rows_and_keeps_the_rejects() {
    let ws = seeded();
    let text = "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date\n\
                700001,10,C001,P-1,DC01,2,2026-11-02\n\
                700002,10,C001,P-2,RW-N,x,2026-11-03\n\
                700003,10,C001,NOPE,DC01,1,2026-11-04\n\
                700004,10,C001,P-2,RW-N,4,2026-11-05\n";
    let f = ws.write("backorders.csv", text);
    let (out, json) = ws.import_json(&[f], &["--as-of", "2026-11-24", "--keep-valid"]);
    out.assert_ok();
    assert_eq!(json["committed"], true, "{json:#}");
    assert_eq!(json["rejects_total"], 2, "{json:#}");
    let batch = json["batch_id"].as_i64().unwrap();
    let f = file_report(&json, "backorders.csv");
    assert_eq!(f["rows"], 4);
    assert_eq!(f["written"], 2);
    assert_eq!(f["rejects"], 2);
    assert_eq!(
        ws.rows("SELECT order_id, qty_open, status FROM backorders ORDER BY 1"),
        [
            "700001 | 2 | open",
            "700002 | 1 | open",
            "700004 | 4 | open"
        ],
        "valid rows written; 700002 (rejected now) keeps its earlier row, not closed as vanished"
    );
    assert_eq!(
        ws.rows(&format!("SELECT line, column_name, value FROM import_reject WHERE batch_id = {batch} ORDER BY reject_no")),
        ["3 | qty_open | x", "4 | part_id | NOPE"]
    );
    assert_eq!(
        ws.value(&format!(
            "SELECT status || ' ' || keep_valid FROM import_batch WHERE batch_id = {batch}"
        )),
        "committed 1"
    );
    ws.assert_check();

    let csv_path = ws.path("rejects.csv");
    let out = ws.bodesk(&[
        "rejects".as_ref(),
        batch.to_string().as_ref(),
        "--out".as_ref(),
        csv_path.as_os_str(),
    ]);
    out.assert_ok();
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert_eq!(
        rows[0],
        "batch_id,file,line,byte_offset,column,value,reason"
    );
    assert!(
        rows[1].starts_with(&format!(
            "{batch},backorders.csv,3,{},qty_open,x,",
            line_offset(text.as_bytes(), 3)
        )),
        "{csv}"
    );
    assert!(
        rows[2].starts_with(&format!(
            "{batch},backorders.csv,4,{},part_id,NOPE,",
            line_offset(text.as_bytes(), 4)
        )),
        "{csv}"
    );
}

#[test]
fn rejects_export_is_formula_safe() {
    let ws = seeded();
    let text = "part_id,location_id,on_hand\n\
                P-1,DC01,4\n\
                P-2,RW-N,=cmd()\n\
                P-1,RW-N,@SUM(A1)\n\
                \"=HYPERLINK(\"\"http://x\"\")\",DC01,1\n";
    let f = ws.write("stock.csv", text);
    let (json, _) = assert_rejected(&ws, &[f], &[]);
    let batch = json["batch_id"].as_i64().unwrap();
    assert_eq!(json["rejects_total"], 3, "{json:#}");
    let csv_path = ws.path("rejects.csv");
    let out = ws.bodesk(&[
        "rejects".as_ref(),
        batch.to_string().as_ref(),
        "--out".as_ref(),
        csv_path.as_os_str(),
    ]);
    out.assert_ok();
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(rows[1].contains(",on_hand,'=cmd(),"), "{csv}");
    assert!(rows[2].contains(",on_hand,'@SUM(A1),"), "{csv}");
    assert!(
        rows[3].contains(",part_id,\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{csv}"
    );
    for row in &rows[1..] {
        for cell in row.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell a spreadsheet would run: {cell:?} in {csv}"
            );
        }
    }

    let missing = ws.bodesk(&[
        "rejects".as_ref(),
        "999".as_ref(),
        "--out".as_ref(),
        csv_path.as_os_str(),
    ]);
    missing.assert_failed();
    assert!(missing.stderr.contains("999"), "{missing:#?}");
}

/// A first data row whose number cell is not a number is a data row with a
/// reject, not a second header row.
#[test]
fn first_data_row_with_a_bad_number_is_a_reject_not_a_header_row() {
    let ws = seeded();
    let text = "part_id,location_id,on_hand\nP-1,DC01,lots\nP-2,RW-N,5\n";
    let f = ws.write("stock.csv", text);
    let (json, stderr) = assert_rejected(&ws, &[f], &[]);
    assert_row_reject(
        only_reject(&json),
        "stock.csv",
        2,
        line_offset(text.as_bytes(), 2),
        "on_hand",
        "lots",
        "number",
    );
    assert!(
        stderr.contains("stock.csv, line 2, column on_hand, value \"lots\""),
        "{stderr}"
    );
}

/// Text starting with `= + - @` or a tab is stored as it is.
#[test]
fn formula_like_values_are_stored_as_is() {
    let ws = seeded();
    let text = "part_id,description,unit_cost,criticality,lead_time_days,product_line\n\
                =P-9,=cmd()|' /C calc'!A0,1,A,1,+Pumps\n\
                @P-10,\"-2+3\",1,A,1,@home\n";
    let f = ws.write("parts.csv", text);
    ws.import(&[f], &["--as-of", "2026-11-24"]).assert_ok();
    assert_eq!(
        ws.rows("SELECT part_id, description, product_line FROM parts WHERE part_id NOT LIKE 'P-%' ORDER BY 1"),
        ["=P-9 | =cmd()|' /C calc'!A0 | +Pumps", "@P-10 | -2+3 | @home"]
    );
}

/// SAP writes yes/no as `X` or nothing; generic files as true/false. Both
/// mean the same: an empty cell in a flag column the file has is "no".
#[test]
fn flags_x_or_empty_equal_true_or_false() {
    let ws = Ws::new();
    let f = ws.write(
        "suppliers.csv",
        "LIFNR;NAME1;consignment\nV1;Acme;X\nV2;Bolt;\n",
    );
    ws.import(&[f], &["--as-of", "2026-11-24"]).assert_ok();
    assert_eq!(
        ws.rows("SELECT supplier_id, consignment FROM suppliers ORDER BY 1"),
        ["V1 | 1", "V2 | 0"]
    );
    let g = ws.write("suppliers2.csv", "supplier_id,name\nV3,Cog\n");
    ws.import(&[g], &["--as-of", "2026-11-25"]).assert_ok();
    assert_eq!(
        ws.value("SELECT coalesce(consignment, 'unknown') FROM suppliers WHERE supplier_id = 'V3'"),
        "unknown"
    );
}
