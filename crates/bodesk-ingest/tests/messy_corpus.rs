//! Messy ERP exports, read end to end: the dialect found and the table cell
//! by cell.
//!
//! Plain UTF-8/LF files live in `tests/corpus/`; files whose exact bytes
//! matter (line ends, BOMs, UTF-16, Windows-1252, binary) are written here
//! from byte literals into a temporary directory.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use bodesk_ingest::reader::{
    read_table, scan_table, sniff_file, FileError, ReadTable, Record, RowKind, TableReader,
    TextEncoding, MAX_FIELD_BYTES,
};
use expect_test::{expect, Expect};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

/// Writes `bytes` to a file `name` in a fresh temporary directory.
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn utf16le(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

fn utf16be(s: &str) -> Vec<u8> {
    let mut v = vec![0xFE, 0xFF];
    v.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    v
}

/// Windows-1252 bytes of `s` (only the characters the tests use).
fn cp1252(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '\u{0}'..='\u{7f}' => c as u8,
            'ä' => 0xE4,
            'ö' => 0xF6,
            'ü' => 0xFC,
            'Ä' => 0xC4,
            'Ö' => 0xD6,
            'Ü' => 0xDC,
            'ß' => 0xDF,
            '€' => 0x80,
            '°' => 0xB0,
            other => panic!("not in the test's cp1252 table: {other}"),
        })
        .collect()
}

/// The table as read, one line per record with its line number and kind.
fn render(t: &ReadTable) -> String {
    let d = &t.sniffed.dialect;
    let mut s = String::new();
    writeln!(
        s,
        "{:?} delim={:?} quote={:?} escape={:?} ends={:?} preamble={} header_rows={} edges={} trailing={} width={}",
        d.encoding,
        d.delimiter as char,
        d.quote as char,
        d.escape.map(|e| e as char),
        d.line_ends,
        d.preamble_lines,
        d.header_rows,
        d.trim_edge_columns,
        d.trim_trailing_empty,
        d.width,
    )
    .unwrap();
    for p in &t.sniffed.preamble {
        writeln!(s, "preamble {}: {:?}", p.line, p.text).unwrap();
    }
    writeln!(s, "header {:?}: {:?}", t.sniffed.header_lines, t.rows[0]).unwrap();
    for ((line, kind), row) in t.records.iter().zip(&t.rows[1..]) {
        let k = match kind {
            RowKind::Data => "data  ",
            RowKind::Ragged => "RAGGED",
        };
        writeln!(s, "{k} {line:>3}: {row:?}").unwrap();
    }
    for f in &t.footer {
        writeln!(s, "footer {}: {:?}", f.line, f.text).unwrap();
    }
    if t.repeated_headers > 0 {
        writeln!(s, "repeated headers skipped: {}", t.repeated_headers).unwrap();
    }
    s
}

fn check(path: &Path, expected: Expect) {
    let t = read_table(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // One profile per column, named like the header.
    let names: Vec<&str> = t.sniffed.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, t.sniffed.header, "{}", path.display());
    assert_eq!(t.sniffed.header.len(), t.sniffed.dialect.width);
    expected.assert_eq(&render(&t));
}

fn check_err(path: &Path, expected: Expect) {
    match read_table(path) {
        Ok(t) => panic!("{} was read:\n{}", path.display(), render(&t)),
        Err(e) => expected.assert_eq(&format!("{e:?}\n{e}")),
    }
}

// --- Preambles, headers, footers -------------------------------------------

#[test]
fn stock_report_with_title_lines_and_footer() {
    check(
        &corpus("stock_report_preamble_footer.csv"),
        expect![[r#"
        Utf8 delim=';' quote='"' escape=None ends=Lf preamble=3 header_rows=1 edges=false trailing=false width=4
        preamble 1: "Stock report plant 1000;;;"
        preamble 2: "Date: 24.11.2026;;;"
        preamble 3: ""
        header [4]: ["Material", "Plant", "Unrestricted", "Value EUR"]
        data     5: ["000000000000004711", "1000", "12,000", "1.234,50"]
        data     6: ["000000000000004712", "1000", "3,000", "99,00"]
        data     7: ["000000000000004713", "1000", "0,000", "0,00"]
        footer 9: "Total;;15,000;1.333,50"
        footer 10: "3 rows exported"
    "#]],
    );
}

#[test]
fn ten_title_lines_before_the_header() {
    check(
        &corpus("ten_title_lines.csv"),
        expect![[r#"
        Utf8 delim=',' quote='"' escape=None ends=Lf preamble=10 header_rows=1 edges=false trailing=false width=6
        preamble 1: "ACME Spare Parts GmbH"
        preamble 2: "Backorder report"
        preamble 3: "Plant: 1000 - Hamburg"
        preamble 4: "Sales org.: 1000"
        preamble 5: "Distribution channel: 10"
        preamble 6: "Created by: JSMITH"
        preamble 7: "Date: 24.11.2026"
        preamble 8: "Time: 10:15:00"
        preamble 9: ""
        preamble 10: "Selection: open items only"
        header [11]: ["Order", "Item", "Customer", "Material", "Open qty", "Created on"]
        data    12: ["4500012345", "10", "100200", "000000000000004711", "3", "05.11.2026"]
        data    13: ["4500012346", "20", "100201", "000000000000004712", "1", "06.11.2026"]
    "#]],
    );
}

#[test]
fn longer_preambles_are_still_found() {
    check(
        &corpus("eleven_title_lines.csv"),
        expect![[r#"
        Utf8 delim=',' quote='"' escape=None ends=Lf preamble=11 header_rows=1 edges=false trailing=false width=6
        preamble 1: "ACME Spare Parts GmbH"
        preamble 2: "Backorder report"
        preamble 3: "Plant: 1000 - Hamburg"
        preamble 4: "Sales org.: 1000"
        preamble 5: "Distribution channel: 10"
        preamble 6: "Created by: JSMITH"
        preamble 7: "Date: 24.11.2026"
        preamble 8: "Time: 10:15:00"
        preamble 9: ""
        preamble 10: "Selection: open items only"
        preamble 11: "Layout: /STANDARD"
        header [12]: ["Order", "Item", "Customer", "Material", "Open qty", "Created on"]
        data    13: ["4500012345", "10", "100200", "000000000000004711", "3", "05.11.2026"]
        data    14: ["4500012346", "20", "100201", "000000000000004712", "1", "06.11.2026"]
    "#]],
    );
}

#[test]
fn every_field_quoted() {
    check(
        &corpus("quoted_everything.csv"),
        expect![[r#"
        Utf8 delim=',' quote='"' escape=None ends=Lf preamble=0 header_rows=1 edges=false trailing=false width=4
        header [1]: ["part_id", "description", "unit_cost", "lead_time_days"]
        data     2: ["000123", "Pump, 5 kW", "1,234.50", "30"]
        data     3: ["000124", "Seal \"O-ring\"", "0.99", "7"]
        data     4: ["000125", "", "12.00", ""]
    "#]],
    );
}

#[test]
fn two_row_header_with_group_titles() {
    check(
        &corpus("two_row_header.csv"),
        expect![[r#"
        Utf8 delim=';' quote='"' escape=None ends=Lf preamble=0 header_rows=2 edges=false trailing=false width=5
        header [1, 2]: ["Material", "Plant", "Stock Unrestricted", "Stock Blocked", "Open orders Qty"]
        data     3: ["4711", "1000", "12", "0", "5"]
        data     4: ["4712", "1000", "3", "1", "0"]
    "#]],
    );
}

#[test]
fn no_header() {
    check(
        &corpus("no_header.csv"),
        expect![[r#"
        Utf8 delim=',' quote='"' escape=None ends=Lf preamble=0 header_rows=0 edges=false trailing=false width=4
        header []: ["column1", "column2", "column3", "column4"]
        data     1: ["4711", "1000", "12.5", "2026-11-24"]
        data     2: ["4712", "1000", "3", "2026-11-25"]
        data     3: ["4713", "2000", "0", "2026-11-26"]
    "#]],
    );
}

#[test]
fn ragged_rows_are_listed_not_padded_or_cut() {
    check(
        &corpus("ragged_rows.csv"),
        expect![[r#"
        Utf8 delim=',' quote='"' escape=None ends=Lf preamble=0 header_rows=1 edges=false trailing=false width=3
        header [1]: ["part_id", "location_id", "on_hand"]
        data     2: ["4711", "1000", "12"]
        RAGGED   3: ["4712", "1000"]
        RAGGED   4: ["4713", "1000", "7", "extra"]
        data     5: ["4714", "1000", "1"]
        RAGGED   6: ["4715"]
        data     7: ["4716", "1000", "2"]
    "#]],
    );
}

/// Several tables in one file: the first table is the table. What follows
/// it after a blank line in another width (a summary block, a second small
/// table) is the footer: reported, not read as rows. Had a row of the first
/// table's width come after it, those lines would be ragged rows instead (they
/// would be in the middle of the table).
#[test]
fn several_tables_take_the_first() {
    check(
        &corpus("several_tables.csv"),
        expect![[r#"
        Utf8 delim=',' quote='"' escape=None ends=Lf preamble=0 header_rows=1 edges=false trailing=false width=3
        header [1]: ["part_id", "location_id", "on_hand"]
        data     2: ["4711", "1000", "12"]
        data     3: ["4712", "1000", "3"]
        footer 5: "Summary by plant"
        footer 6: "plant,parts"
        footer 7: "1000,2"
    "#]],
    );
}

#[test]
fn paginated_export_repeats_the_header() {
    check(
        &corpus("paginated_repeated_header.csv"),
        expect![[r#"
        Utf8 delim=';' quote='"' escape=None ends=Lf preamble=0 header_rows=1 edges=false trailing=false width=2
        header [1]: ["part_id", "qty"]
        data     2: ["4711", "1"]
        data     3: ["4712", "2"]
        data     5: ["4713", "3"]
        repeated headers skipped: 1
    "#]],
    );
}

// --- Quotes -------------------------------------------------------------

#[test]
fn stray_quotes_inside_unquoted_fields() {
    check(
        &corpus("stray_quotes.csv"),
        expect![[r#"
        Utf8 delim=',' quote='"' escape=None ends=Lf preamble=0 header_rows=1 edges=false trailing=false width=3
        header [1]: ["part_id", "description", "qty"]
        data     2: ["4711", "5\" screw", "3"]
        data     3: ["4712", "Bolt \"M8\", zinc", "4"]
        data     4: ["4713", "Pipe 3/4\" x 2\"", "5"]
        data     5: ["4714", "He said \"hi\"", "6"]
    "#]],
    );
}

#[test]
fn backslash_escaped_quotes() {
    check(
        &corpus("backslash_escapes.csv"),
        expect![[r#"
        Utf8 delim=',' quote='"' escape=Some('\\') ends=Lf preamble=0 header_rows=1 edges=false trailing=false width=3
        header [1]: ["part_id", "description", "qty"]
        data     2: ["4711", "5\" screw, zinc", "3"]
        data     3: ["4712", "plain", "4"]
        data     4: ["4713", "a \\ backslash", "5"]
    "#]],
    );
}

#[test]
fn quoted_fields_with_delimiters_and_newlines_crlf() {
    // Excel style: rows end with CRLF, line breaks inside cells are LF.
    let bytes = b"part_id,note,qty\r\n4711,\"two\nlines, and a comma\",3\r\n4712,\"\"\"quoted\"\"\",4\r\n4713,\"three\r\nline\r\nnote\",5\r\n4714,plain,6\r\n";
    let (_dir, path) = temp_file("quoted.csv", bytes);
    check(
        &path,
        expect![[r#"
        Utf8 delim=',' quote='"' escape=None ends=Crlf preamble=0 header_rows=1 edges=false trailing=false width=3
        header [1]: ["part_id", "note", "qty"]
        data     2: ["4711", "two\nlines, and a comma", "3"]
        data     4: ["4712", "\"quoted\"", "4"]
        data     5: ["4713", "three\r\nline\r\nnote", "5"]
        data     8: ["4714", "plain", "6"]
    "#]],
    );
}

#[test]
fn unterminated_quote_names_the_line_where_the_field_starts() {
    check_err(
        &corpus("unterminated_quote.csv"),
        expect![[r#"
        UnterminatedQuote { line: 3, offset: 43 }
        line 3, byte offset 43: a quoted field is never closed"#]],
    );
}

// --- Delimiters, line ends, blank lines ----------------------------------

#[test]
fn every_delimiter() {
    for (delim, name) in [
        (',', "comma"),
        (';', "semicolon"),
        ('\t', "tab"),
        ('|', "pipe"),
    ] {
        // The description holds every delimiter, quoted.
        let text = format!(
            "part_id{delim}description{delim}qty\n4711{delim}\"Screw, 5 mm; zinc | {delim}\"{delim}3\n4712{delim}Nut{delim}2\n"
        );
        let (_dir, path) = temp_file(&format!("{name}.csv"), text.as_bytes());
        let t = read_table(&path).unwrap();
        let expected = format!(
            "Utf8 delim={delim:?} quote='\"' escape=None ends=Lf preamble=0 header_rows=1 edges=false trailing=false width=3\n\
             header [1]: [\"part_id\", \"description\", \"qty\"]\n\
             data     2: [\"4711\", {:?}, \"3\"]\n\
             data     3: [\"4712\", \"Nut\", \"2\"]\n",
            format!("Screw, 5 mm; zinc | {delim}")
        );
        assert_eq!(render(&t), expected, "{name}");
    }
}

#[test]
fn mixed_line_ends() {
    let (_dir, path) = temp_file("mixed.csv", b"a,b\r\n1,2\n3,4\r5,6\r\n\r\n7,8");
    check(
        &path,
        expect![[r#"
        Utf8 delim=',' quote='"' escape=None ends=Mixed preamble=0 header_rows=1 edges=false trailing=false width=2
        header [1]: ["a", "b"]
        data     2: ["1", "2"]
        data     3: ["3", "4"]
        data     4: ["5", "6"]
        data     6: ["7", "8"]
    "#]],
    );
}

#[test]
fn classic_mac_cr_line_ends() {
    let (_dir, path) = temp_file("cr.csv", b"a;b\r1;2\r\r3;4\r");
    check(
        &path,
        expect![[r#"
        Utf8 delim=';' quote='"' escape=None ends=Cr preamble=0 header_rows=1 edges=false trailing=false width=2
        header [1]: ["a", "b"]
        data     2: ["1", "2"]
        data     4: ["3", "4"]
    "#]],
    );
}

#[test]
fn trailing_delimiter_on_every_line() {
    check(
        &corpus("trailing_delimiters.csv"),
        expect![[r#"
        Utf8 delim=',' quote='"' escape=None ends=Lf preamble=0 header_rows=1 edges=false trailing=true width=3
        header [1]: ["part_id", "location_id", "on_hand"]
        data     2: ["4711", "1000", "12"]
        data     3: ["4712", "1000", "3"]
        data     4: ["4713", "1000", "7"]
    "#]],
    );
}

#[test]
fn empty_lines_and_lines_of_delimiters() {
    check(
        &corpus("empty_lines.csv"),
        expect![[r#"
        Utf8 delim=';' quote='"' escape=None ends=Lf preamble=1 header_rows=1 edges=false trailing=false width=2
        preamble 1: ""
        header [2]: ["part_id", "qty"]
        data     4: ["4711", "1"]
        data     7: ["4712", "2"]
        data    10: ["4713", "3"]
    "#]],
    );
}

// --- SAP ALV lists ---------------------------------------------------------

#[test]
fn sap_alv_list_with_title_and_dash_lines() {
    check(
        &corpus("sap_alv_list.txt"),
        expect![[r#"
        Utf8 delim='|' quote='"' escape=None ends=Lf preamble=3 header_rows=1 edges=true trailing=false width=4
        preamble 1: "Stock overview plant 1000"
        preamble 2: ""
        preamble 3: "--------------------------------------------------"
        header [4]: ["Material", "Plnt", "Unrestricted", "Bl"]
        data     6: ["000000000000004711", "1000", "12,000", ""]
        data     7: ["000000000000004712", "1000", "3,000-", "X"]
        data     9: ["000000000000004713", "1000", "0,500", ""]
        footer 11: "*|1000|9,500|"
    "#]],
    );
}

// --- Encodings -------------------------------------------------------------

#[test]
fn utf16le_with_bom_tab_separated() {
    let text = "Material\tBezeichnung\tMenge\r\n4711\tSchraube Ø5 – verzinkt\t12\r\n4712\tMutter 😀\t3\r\n";
    let (_dir, path) = temp_file("unicode.txt", &utf16le(text));
    check(
        &path,
        expect![[r#"
        Utf16Le delim='\t' quote='"' escape=None ends=Crlf preamble=0 header_rows=1 edges=false trailing=false width=3
        header [1]: ["Material", "Bezeichnung", "Menge"]
        data     2: ["4711", "Schraube Ø5 – verzinkt", "12"]
        data     3: ["4712", "Mutter 😀", "3"]
    "#]],
    );
    // Byte offsets count UTF-16 code units twice, BOM included.
    let t = read_table(&path).unwrap();
    let mut r = TableReader::open(&path, &t.sniffed.dialect).unwrap();
    let mut rec = Record::default();
    let mut offsets = vec![];
    while r.next_row(&mut rec).unwrap().is_some() {
        offsets.push(rec.byte_offset);
    }
    let units = |s: &str| s.encode_utf16().count() as u64;
    let first = text.find("4711").unwrap();
    let second = text.find("4712").unwrap();
    assert_eq!(
        offsets,
        vec![
            2 + 2 * units(&text[..first]),
            2 + 2 * units(&text[..second])
        ]
    );
}

#[test]
fn utf16be_with_bom() {
    let (_dir, path) = temp_file("be.txt", &utf16be("a\tb\n1\tÄ\n"));
    check(
        &path,
        expect![[r#"
        Utf16Be delim='\t' quote='"' escape=None ends=Lf preamble=0 header_rows=1 edges=false trailing=false width=2
        header [1]: ["a", "b"]
        data     2: ["1", "Ä"]
    "#]],
    );
}

#[test]
fn utf8_bom_crlf() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("Material;Werk;Menge\r\n4711;1000;1,5\r\n4712;1000;2\r\n".as_bytes());
    let (_dir, path) = temp_file("bom.csv", &bytes);
    check(
        &path,
        expect![[r#"
        Utf8Bom delim=';' quote='"' escape=None ends=Crlf preamble=0 header_rows=1 edges=false trailing=false width=3
        header [1]: ["Material", "Werk", "Menge"]
        data     2: ["4711", "1000", "1,5"]
        data     3: ["4712", "1000", "2"]
    "#]],
    );
    let t = read_table(&path).unwrap();
    let mut r = TableReader::open(&path, &t.sniffed.dialect).unwrap();
    let mut rec = Record::default();
    r.next_row(&mut rec).unwrap();
    // The BOM counts in the file offset.
    assert_eq!(rec.byte_offset, 3 + "Material;Werk;Menge\r\n".len() as u64);
}

#[test]
fn windows_1252_with_german_umlauts() {
    let bytes = cp1252("Materialkurztext;Höchstbestand;Preis €\r\nSchraube für Türen;12;1,50\r\nMutter groß;3;0,20\r\nÄÖÜ äöü ß °;4;9,99\r\n");
    let (_dir, path) = temp_file("cp1252.csv", &bytes);
    check(
        &path,
        expect![[r#"
        Windows1252 delim=';' quote='"' escape=None ends=Crlf preamble=0 header_rows=1 edges=false trailing=false width=3
        header [1]: ["Materialkurztext", "Höchstbestand", "Preis €"]
        data     2: ["Schraube für Türen", "12", "1,50"]
        data     3: ["Mutter groß", "3", "0,20"]
        data     4: ["ÄÖÜ äöü ß °", "4", "9,99"]
    "#]],
    );
}

// --- Files that are rejected -------------------------------------------------

#[test]
fn field_over_one_mib() {
    let mut bytes = b"part_id,note\n4711,short\n4712,\"".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 2 << 20));
    bytes.extend_from_slice(b"\"\n4713,after\n");
    let (_dir, path) = temp_file("big_field.csv", &bytes);
    check_err(
        &path,
        expect![[r#"
        FieldTooLarge { line: 3, offset: 24 }
        line 3, byte offset 24: a field is larger than 1 MiB"#]],
    );
    // Also unquoted, and exactly at the limit it is fine.
    let mut bytes = b"part_id,note\n4711,".to_vec();
    bytes.extend(std::iter::repeat_n(b'y', MAX_FIELD_BYTES));
    bytes.extend_from_slice(b"\n4712,");
    bytes.extend(std::iter::repeat_n(b'z', MAX_FIELD_BYTES + 1));
    bytes.extend_from_slice(b"\n");
    let (_dir2, path) = temp_file("big_field2.csv", &bytes);
    let sniffed = sniff_file(&path).unwrap();
    let mut r = TableReader::open(&path, &sniffed.dialect).unwrap();
    let mut rec = Record::default();
    assert_eq!(r.next_row(&mut rec).unwrap(), Some(RowKind::Data));
    assert_eq!(rec.get(1).map(str::len), Some(MAX_FIELD_BYTES));
    let err = r.next_row(&mut rec).unwrap_err();
    assert!(
        matches!(err, FileError::FieldTooLarge { line: 3, offset } if offset == 13 + 5 + MAX_FIELD_BYTES as u64 + 1),
        "{err:?}"
    );
}

#[test]
fn zip_renamed_csv() {
    // The start of an .xlsx file: a ZIP local file header.
    let (_dir, path) = temp_file(
        "stock.csv",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",
    );
    check_err(
        &path,
        expect![[r#"
        Binary { what: "a ZIP archive (an .xlsx workbook?): export as CSV", offset: 0 }
        not a text table: a ZIP archive (an .xlsx workbook?): export as CSV (byte offset 0)"#]],
    );
}

#[test]
fn old_excel_workbook() {
    let (_dir, path) = temp_file(
        "stock.csv",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00",
    );
    check_err(
        &path,
        expect![[r#"
        Binary { what: "an OLE2 compound file (an old .xls workbook?): export as CSV", offset: 0 }
        not a text table: an OLE2 compound file (an old .xls workbook?): export as CSV (byte offset 0)"#]],
    );
}

#[test]
fn empty_file() {
    let (_dir, path) = temp_file("empty.csv", b"");
    check_err(
        &path,
        expect![[r#"
        Empty
        the file is empty"#]],
    );
    let (_dir, path) = temp_file("bom_only.csv", b"\xEF\xBB\xBF");
    check_err(
        &path,
        expect![[r#"
        Empty
        the file is empty"#]],
    );
}

#[test]
fn header_only() {
    let (_dir, path) = temp_file("header.csv", b"part_id;qty\r\n");
    check_err(
        &path,
        expect![[r#"
        NoTable("only a header (line 1), no data rows")
        no table found: only a header (line 1), no data rows"#]],
    );
}

#[test]
fn random_binary() {
    let mut rng = fastrand::Rng::with_seed(7);
    let bytes: Vec<u8> = (0..4096).map(|_| rng.u8(..)).collect();
    let (_dir, path) = temp_file("random.csv", &bytes);
    check_err(
        &path,
        expect![[r#"
            Binary { what: "binary data (control bytes)", offset: 22 }
            not a text table: binary data (control bytes) (byte offset 22)"#]],
    );
    // Without NUL bytes and control characters: still not text.
    let bytes: Vec<u8> = bytes.iter().map(|&b| b | 0x80).collect();
    let (_dir, path) = temp_file("random2.csv", &bytes);
    let err = read_table(&path).unwrap_err();
    assert!(
        matches!(err, FileError::Undecodable { line: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn unterminated_quote_offsets_in_other_encodings() {
    // Windows-1252: the offset counts one byte per umlaut.
    let (_dir, path) = temp_file(
        "q1252.csv",
        &cp1252("a;b\r\nä;ö\r\nü;\"open\r\nstill open\r\n"),
    );
    check_err(
        &path,
        expect![[r#"
        UnterminatedQuote { line: 3, offset: 12 }
        line 3, byte offset 12: a quoted field is never closed"#]],
    );
    // UTF-16: two bytes per code unit after the BOM.
    let (_dir, path) = temp_file("q16.csv", &utf16le("a\tb\n1\t2\n3\t\"open\n"));
    check_err(
        &path,
        expect![[r#"
        UnterminatedQuote { line: 3, offset: 22 }
        line 3, byte offset 22: a quoted field is never closed"#]],
    );
}

#[test]
fn nul_byte_in_text() {
    let (_dir, path) = temp_file("nul.csv", b"a,b\n1,2\n3,\x004\n");
    check_err(
        &path,
        expect![[r#"
        Binary { what: "a NUL byte on line 3 (binary data, or UTF-16 text without a byte order mark)", offset: 10 }
        not a text table: a NUL byte on line 3 (binary data, or UTF-16 text without a byte order mark) (byte offset 10)"#]],
    );
}

#[test]
fn undecodable_bytes() {
    // UTF-8 with BOM and an invalid byte on line 3.
    let (_dir, path) = temp_file("bad_utf8.csv", b"\xEF\xBB\xBFa;b\n1;\xC3\xA4\n2;\xC3\n");
    check_err(
        &path,
        expect![[r#"
        Undecodable { line: 3, offset: 14, encoding: "UTF-8" }
        line 3, byte offset 14: bytes that are not valid UTF-8"#]],
    );
    // Windows-1252 (umlauts) with an undefined byte.
    let (_dir, path) = temp_file("bad_1252.csv", b"a;b\r\n1;\xE4\r\n2;\x81\r\n");
    check_err(
        &path,
        expect![[r#"
        Undecodable { line: 3, offset: 12, encoding: "Windows-1252" }
        line 3, byte offset 12: bytes that are not valid Windows-1252"#]],
    );
    // Windows-1252 with a control byte.
    let (_dir, path) = temp_file("ctl_1252.csv", b"a;b\n1;\xE4\x02\n");
    check_err(
        &path,
        expect![[r#"
        Undecodable { line: 2, offset: 7, encoding: "Windows-1252" }
        line 2, byte offset 7: bytes that are not valid Windows-1252"#]],
    );
    // UTF-16 with an unpaired surrogate.
    let mut bytes = utf16le("a\tb\n1\t");
    bytes.extend_from_slice(&[0x00, 0xDC]);
    bytes.extend_from_slice(&utf16le("x\n")[2..]);
    let (_dir, path) = temp_file("bad_utf16.txt", &bytes);
    check_err(
        &path,
        expect![[r#"
        Undecodable { line: 2, offset: 14, encoding: "UTF-16LE" }
        line 2, byte offset 14: bytes that are not valid UTF-16LE"#]],
    );
    // The 0x1A end-of-file marker of old DOS programs is fine.
    let (_dir, path) = temp_file("eof_marker.csv", b"a;b\r\n1;\xE4\r\n\x1A");
    let t = read_table(&path).unwrap();
    assert_eq!(t.sniffed.dialect.encoding, TextEncoding::Windows1252);
    assert_eq!(t.rows, vec![vec!["a", "b"], vec!["1", "ä"]]);
    assert!(t.footer.is_empty());
}

// --- Streaming -------------------------------------------------------------

/// A file larger than the reader's chunks, with CRLF line ends, multi-byte
/// characters and quoted newlines landing on chunk borders: every record's
/// line and byte offset, and the cells, are checked against the text.
#[test]
fn streaming_lines_and_offsets_across_chunks() {
    for utf16 in [false, true] {
        let mut text = String::from("id;name;note\r\n");
        let mut expected = vec![];
        let mut line = 2u64;
        let mut rng = fastrand::Rng::with_seed(42);
        let file_len = |s: &str| {
            if utf16 {
                2 * s.encode_utf16().count() as u64
            } else {
                s.len() as u64
            }
        };
        let mut offset = if utf16 { 2 } else { 0 } + file_len(&text);
        while text.len() < 1_500_000 {
            let id = expected.len();
            let name = "ä€😀x".repeat(rng.usize(0..40));
            let multiline = rng.u8(..) < 20;
            let note = if multiline {
                "a\r\nb\nc".to_string()
            } else {
                "n".repeat(rng.usize(0..50))
            };
            let row = format!("{id};{name};\"{note}\"\r\n");
            text.push_str(&row);
            expected.push((line, offset, vec![id.to_string(), name, note]));
            offset += file_len(&row);
            line += if multiline { 3 } else { 1 };
        }
        // Footer after the data.
        text.push_str(&format!("{} rows\r\n", expected.len()));
        let bytes = if utf16 {
            utf16le(&text)
        } else {
            text.clone().into_bytes()
        };
        let (_dir, path) = temp_file("big.csv", &bytes);
        let sniffed = sniff_file(&path).unwrap();
        assert_eq!(sniffed.dialect.width, 3);
        assert_eq!(sniffed.header, vec!["id", "name", "note"]);
        let mut r = TableReader::open(&path, &sniffed.dialect).unwrap();
        let mut rec = Record::default();
        let mut i = 0;
        while let Some(kind) = r.next_row(&mut rec).unwrap() {
            assert_eq!(kind, RowKind::Data);
            let (line, offset, cells) = &expected[i];
            assert_eq!(
                (rec.line, rec.byte_offset),
                (*line, *offset),
                "record {i} utf16={utf16}"
            );
            assert_eq!(rec.iter().collect::<Vec<_>>(), *cells, "record {i}");
            i += 1;
        }
        assert_eq!(i, expected.len());
        assert_eq!(r.footer().len(), 1);
        assert_eq!(r.footer()[0].line, line);
        assert_eq!(r.bytes_read(), bytes.len() as u64);
        let scan = scan_table(&path, &sniffed.dialect).unwrap();
        assert_eq!(
            (scan.data_rows, scan.ragged_rows, scan.footer.len()),
            (expected.len() as u64, 0, 1)
        );
    }
}

/// Random text made of the characters that matter: no panic, and what is
/// returned keeps its promises (lines and offsets grow, data rows have the
/// table's width, the footer comes after the rows).
#[test]
fn random_delimited_text_keeps_the_invariants() {
    let mut rng = fastrand::Rng::with_seed(2026);
    let alphabet: Vec<char> = "ab1 ,;|\t\"\"\r\n\n\\-*äT".chars().collect();
    let dir = tempfile::tempdir().unwrap();
    for case in 0..1500 {
        let len = rng.usize(0..300);
        let text: String = (0..len)
            .map(|_| alphabet[rng.usize(..alphabet.len())])
            .collect();
        let path = dir.path().join(format!("{case}.csv"));
        std::fs::write(&path, &text).unwrap();
        let Ok(t) = read_table(&path) else { continue };
        let d = &t.sniffed.dialect;
        let lines = text.split('\n').count() as u64 + text.matches('\r').count() as u64;
        let mut last = (0u64, 0u64);
        let mut rdr = TableReader::open(&path, d).unwrap();
        let mut rec = Record::default();
        while let Ok(Some(kind)) = rdr.next_row(&mut rec) {
            assert!((rec.line, rec.byte_offset) > last, "case {case}: {text:?}");
            assert!(
                rec.line <= lines && rec.byte_offset < text.len() as u64,
                "case {case}: {text:?}"
            );
            last = (rec.line, rec.byte_offset);
            if kind == RowKind::Data {
                assert_eq!(rec.len(), d.width, "case {case}: {text:?}");
            } else {
                assert_ne!(rec.len(), d.width, "case {case}: {text:?}");
            }
        }
        for f in rdr.footer() {
            assert!(f.line > last.0, "case {case}: {text:?}");
        }
        assert_eq!(t.sniffed.header.len(), d.width, "case {case}: {text:?}");
        assert!(d.preamble_lines < lines.max(1), "case {case}: {text:?}");
    }
}
