//! Writing tables as ERP export files in one of three header vocabularies.
//!
//! Each entity is a [`Table`] of [`Col`]s naming the column in every
//! vocabulary; a row is a slice of [`Cell`]s that the [`TableWriter`] renders
//! in the vocabulary's styles (numbers, dates, ids, choice spellings), quotes,
//! encodes and streams to a buffered file.
//!
//! Every header below is a name or an alias of `bodesk-ingest`'s contract
//! (`crates/bodesk-ingest/src/contract.rs`); the crate's tests check that.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::Vocabulary;

/// Which vocabularies write a column (SAP writes a PO's status as ELIKZ/LOEKZ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Only {
    All,
    Generic,
    Sap,
}

/// One column: its generic (contract) name, its SAP-EN header (SAP field name,
/// else an English label, else generic) and its SAP-DE header (German label,
/// else SAP field name, else generic).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    pub generic: &'static str,
    pub en: &'static str,
    pub de: &'static str,
    pub only: Only,
}

const fn c(generic: &'static str, en: &'static str, de: &'static str) -> Col {
    Col {
        generic,
        en,
        de,
        only: Only::All,
    }
}

/// One entity's file.
#[derive(Debug)]
pub(crate) struct Table {
    /// The contract's entity (= generic file name).
    pub entity: &'static str,
    /// File-name stems for SAP-DE and SAP-EN (recognised by the ingest).
    pub de_file: &'static str,
    pub en_file: &'static str,
    /// SAP-DE report title (the preamble line).
    pub de_title: &'static str,
    pub cols: &'static [Col],
}

impl Table {
    pub(crate) fn file_name(&self, vocab: Vocabulary, as_of: NaiveDate) -> String {
        let stamp = as_of.format("%Y%m%d");
        match vocab {
            Vocabulary::Generic => format!("{}.csv", self.entity),
            Vocabulary::SapDe => format!("{}_{stamp}.csv", self.de_file),
            Vocabulary::SapEn => format!("{}_{stamp}.txt", self.en_file),
        }
    }

    pub(crate) fn header(&self, vocab: Vocabulary) -> Vec<&'static str> {
        self.cols
            .iter()
            .filter(|col| writes(col.only, vocab))
            .map(|col| match vocab {
                Vocabulary::Generic => col.generic,
                Vocabulary::SapDe => col.de,
                Vocabulary::SapEn => col.en,
            })
            .collect()
    }
}

fn writes(only: Only, vocab: Vocabulary) -> bool {
    match only {
        Only::All => true,
        Only::Generic => vocab == Vocabulary::Generic,
        Only::Sap => vocab != Vocabulary::Generic,
    }
}

// SAP padding of numeric ids (SapEn writes them zero-padded, as SAP does internally).
pub(crate) const PAD_MATNR: u8 = 18;
pub(crate) const PAD_PARTNER: u8 = 10; // KUNNR, LIFNR
pub(crate) const PAD_DOC: u8 = 10; // VBELN, EBELN, STO
pub(crate) const PAD_POSNR: u8 = 6;
pub(crate) const PAD_EBELP: u8 = 5;
pub(crate) const PAD_EQUNR: u8 = 18;
pub(crate) const PAD_QMNUM: u8 = 12;

pub(crate) static PARTS: Table = Table {
    entity: "parts",
    de_file: "Material_Stammdaten",
    en_file: "MARA_materials",
    de_title: "Materialstamm Ersatzteile",
    cols: &[
        c("part_id", "MATNR", "Material"),
        c("description", "MAKTX", "Materialkurztext"),
        c("unit_cost", "STPRS", "Standardpreis"),
        c("criticality", "MAABC", "ABC-Kennzeichen"),
        c("lifecycle", "MMSTA", "Werksspezifischer Materialstatus"),
        c("eol_date", "AUSDT", "Auslaufdatum"),
        c("successor_part_id", "NFMAT", "Nachfolgematerial"),
        c("lead_time_days", "PLIFZ", "Planlieferzeit"),
        c("primary_supplier_id", "LIFNR", "Lieferant"),
        c("safety_stock", "EISBE", "Sicherheitsbestand"),
        c("reorder_point", "MINBE", "Meldebestand"),
        c("max_stock", "MABST", "Höchstbestand"),
        c("moq", "BSTMI", "Mindestlosgröße"),
        c("weight_kg", "BRGEW", "Bruttogewicht"),
        c("product_line", "MATKL", "Warengruppe"),
    ],
};

pub(crate) static LOCATIONS: Table = Table {
    entity: "locations",
    de_file: "Werke",
    en_file: "T001W_plants",
    de_title: "Werke und Lagerorte",
    cols: &[
        c("location_id", "WERKS", "Werk"),
        c("name", "NAME1", "Name"),
        c("region", "REGIO", "Region"),
        c("country", "LAND1", "Land"),
        c("kind", "Location Type", "kind"),
        c("latitude", "Lat", "Breitengrad"),
        c("longitude", "Lon", "Längengrad"),
    ],
};

pub(crate) static SUPPLIERS: Table = Table {
    entity: "suppliers",
    de_file: "Lieferanten",
    en_file: "LFA1_vendors",
    de_title: "Lieferantenstamm",
    cols: &[
        c("supplier_id", "LIFNR", "Lieferant"),
        c("name", "NAME1", "Name"),
        c("country", "LAND1", "Land"),
        c("otd_target_pct", "OTD Target", "otd_target_pct"),
        c("consignment", "consignment", "Konsignation"),
    ],
};

pub(crate) static CUSTOMERS: Table = Table {
    entity: "customers",
    de_file: "Kunden",
    en_file: "KNA1_customers",
    de_title: "Kundenstamm",
    cols: &[
        c("customer_id", "KUNNR", "Auftraggeber"),
        c("name", "NAME1", "Name"),
        c("tier", "KDGRP", "Kundengruppe"),
        c("region", "REGIO", "Region"),
    ],
};

pub(crate) static SLA: Table = Table {
    entity: "sla",
    de_file: "SLA_Vertragsbedingungen",
    en_file: "SLA_contract_terms",
    de_title: "Servicevertraege: Reaktionszeiten",
    cols: &[
        c("tier", "KDGRP", "Kundengruppe"),
        c("criticality", "MAABC", "ABC-Kennzeichen"),
        c(
            "max_backorder_days",
            "max_backorder_days",
            "max_backorder_days",
        ),
        c("penalty_per_day", "penalty_per_day", "penalty_per_day"),
    ],
};

pub(crate) static EQUIPMENT: Table = Table {
    entity: "equipment",
    de_file: "EQUI_Equipment",
    en_file: "EQUI_installed_base",
    de_title: "Installierte Basis",
    cols: &[
        c("equipment_id", "EQUNR", "Equipment"),
        c("customer_id", "KUNNR", "Auftraggeber"),
        c("location_id", "WERKS", "Werk"),
        c("model", "TYPBZ", "Modell"),
        c("criticality", "ABCKZ", "ABCKZ"),
        c(
            "downtime_cost_per_day",
            "downtime_cost_per_day",
            "downtime_cost_per_day",
        ),
        c("failure_prob_90d", "failure_prob_90d", "failure_prob_90d"),
    ],
};

pub(crate) static STOCK: Table = Table {
    entity: "stock",
    de_file: "MARD_Bestand",
    en_file: "MARD_stock",
    de_title: "Bestandsübersicht",
    cols: &[
        c("part_id", "MATNR", "Material"),
        c("location_id", "WERKS", "Werk"),
        c("on_hand", "LABST", "Frei verwendbar"),
        c("quality_inspection", "INSME", "Qualitätsprüfung"),
        c("blocked", "SPEME", "Gesperrt"),
        c("in_transit", "UMLME", "Umlagerungsbestand"),
    ],
};

pub(crate) static PURCHASE_ORDERS: Table = Table {
    entity: "purchase_orders",
    de_file: "EKPO_Bestellungen",
    en_file: "EKET_schedule_lines",
    de_title: "Bestellungen: Einteilungen",
    cols: &[
        c("po_id", "EBELN", "Einkaufsbeleg"),
        c("po_line", "EBELP", "Position"),
        c("part_id", "MATNR", "Material"),
        c("supplier_id", "LIFNR", "Lieferant"),
        c("location_id", "WERKS", "Werk"),
        c("qty_ordered", "MENGE", "Bestellmenge"),
        c("qty_received", "WEMNG", "Gelieferte Menge"),
        c("order_date", "BEDAT", "Belegdatum"),
        c("requested_date", "SLFDT", "Statistisches Lieferdatum"),
        c("committed_date", "EINDT", "Liefertermin"),
        c(
            "received_date",
            "Last Goods Receipt",
            "Letzter Wareneingang",
        ),
        Col {
            generic: "status",
            en: "status",
            de: "status",
            only: Only::Generic,
        },
        Col {
            generic: "delivery_completed",
            en: "ELIKZ",
            de: "Endlieferungskennzeichen",
            only: Only::Sap,
        },
        Col {
            generic: "deletion_indicator",
            en: "LOEKZ",
            de: "Löschkennzeichen",
            only: Only::Sap,
        },
    ],
};

pub(crate) static BACKORDERS: Table = Table {
    entity: "backorders",
    de_file: "Rückstände",
    en_file: "VBAP_backorders",
    de_title: "Rückstandsliste Ersatzteile",
    cols: &[
        c("order_id", "VBELN", "Verkaufsbeleg"),
        c("order_line", "POSNR", "Position"),
        c("customer_id", "KUNNR", "Auftraggeber"),
        c("part_id", "MATNR", "Material"),
        c("location_id", "WERKS", "Werk"),
        c("qty_open", "OMENG", "Offene Menge"),
        c("qty_ordered", "KWMENG", "Auftragsmenge"),
        c("created_date", "ERDAT", "Angelegt am"),
        c("promised_date", "EDATU", "Einteilungsdatum"),
        c("equipment_id", "EQUNR", "Equipment"),
        c("status", "Status", "Status"),
        c("closed_date", "Closed On", "Erledigt am"),
    ],
};

pub(crate) static DEMAND_HISTORY: Table = Table {
    entity: "demand_history",
    de_file: "Verbrauch",
    en_file: "consumption_history",
    de_title: "Verbrauchswerte je Werk und Monat",
    cols: &[
        c("period", "SPMON", "Monat"),
        c("part_id", "MATNR", "Material"),
        c("location_id", "WERKS", "Werk"),
        c("qty_demanded", "Demand", "Bedarf"),
        c("qty_filled", "Shipped", "Geliefert"),
        c("stockout_days", "Stockout Days", "Fehltage"),
    ],
};

pub(crate) static TRANSFERS: Table = Table {
    entity: "transfers",
    de_file: "Umlagerungen",
    en_file: "STO_transfers",
    de_title: "Umlagerungsbestellungen",
    cols: &[
        c("transfer_id", "STO", "transfer_id"),
        c("part_id", "MATNR", "Material"),
        c("from_location_id", "RESWK", "Lieferwerk"),
        c("to_location_id", "Receiving Plant", "Empfangswerk"),
        c("qty", "MENGE", "Menge"),
        c("ship_date", "Shipped On", "Versanddatum"),
        c("expected_date", "EINDT", "EINDT"),
        c("received_date", "Received On", "received_date"),
        c("status", "Status", "Status"),
    ],
};

pub(crate) static EQUIPMENT_PARTS: Table = Table {
    entity: "equipment_parts",
    de_file: "Stückliste",
    en_file: "BOM_model_parts",
    de_title: "Stücklisten je Modell",
    cols: &[
        c("model", "Model", "Modell"),
        c("part_id", "MATNR", "Material"),
        c("qty_per", "Qty per", "Menge"),
    ],
};

pub(crate) static CAMPAIGNS: Table = Table {
    entity: "campaigns",
    de_file: "Kampagnen",
    en_file: "retrofit_campaigns",
    de_title: "Nachrüstkampagnen",
    cols: &[
        c("campaign_id", "Campaign", "campaign_id"),
        c("part_id", "MATNR", "Material"),
        c("location_id", "WERKS", "Werk"),
        c("qty", "Quantity", "Menge"),
        c("start_date", "Start Date", "Beginn"),
        c("end_date", "End Date", "Ende"),
    ],
};

pub(crate) static SUBSTITUTES: Table = Table {
    entity: "substitutes",
    de_file: "Ersatz",
    en_file: "interchangeability",
    de_title: "Austauschbarkeit",
    cols: &[
        c("part_id", "MATNR", "Material"),
        c(
            "substitute_part_id",
            "Substitute Material",
            "Ersatzmaterial",
        ),
        c("direction", "Direction", "Richtung"),
        c("ratio", "Ratio", "Faktor"),
        c("valid_from", "Valid From", "Gültig ab"),
    ],
};

pub(crate) static LANES: Table = Table {
    entity: "lanes",
    de_file: "Fracht",
    en_file: "freight_lanes",
    de_title: "Frachtrelationen",
    cols: &[
        c("from_id", "Origin", "from_id"),
        c("to_location_id", "Destination", "to_location_id"),
        c("mode", "Transport Mode", "Versandart"),
        c("transit_days", "Transit Days", "Transitzeit"),
        c("cost_fixed", "Fixed Cost", "cost_fixed"),
        c("cost_per_kg", "Cost per kg", "cost_per_kg"),
    ],
};

pub(crate) static SERVICE_EVENTS: Table = Table {
    entity: "service_events",
    de_file: "QMEL_Meldungen",
    en_file: "QMEL_notifications",
    de_title: "Servicemeldungen",
    cols: &[
        c("event_id", "QMNUM", "Meldung"),
        c("date", "QMDAT", "Meldungsdatum"),
        c("equipment_id", "EQUNR", "Equipment"),
        c("part_id", "MATNR", "Material"),
        c("location_id", "WERKS", "Werk"),
        c("technician_id", "Technician", "technician_id"),
        c("outcome", "Outcome", "outcome"),
        c("note", "Text", "note"),
    ],
};

/// Every table, in the contract's dependency order.
pub(crate) static ALL_TABLES: [&Table; 16] = [
    &PARTS,
    &LOCATIONS,
    &SUPPLIERS,
    &CUSTOMERS,
    &SLA,
    &EQUIPMENT,
    &STOCK,
    &PURCHASE_ORDERS,
    &BACKORDERS,
    &DEMAND_HISTORY,
    &TRANSFERS,
    &EQUIPMENT_PARTS,
    &CAMPAIGNS,
    &SUBSTITUTES,
    &LANES,
    &SERVICE_EVENTS,
];

/// Spellings of one choice value: `[generic, SAP-DE, SAP-EN]`.
pub(crate) type Word = [&'static str; 3];

/// One value of a row, rendered per vocabulary.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cell<'a> {
    Empty,
    /// A numeric id; SAP-EN pads it with zeros to this width (0: no padding).
    Id(u64, u8),
    Text(&'a str),
    /// A whole quantity: `12` / `12,000` / `12.000` (SAP writes three decimals).
    Qty(i64),
    /// Money in cents: `1234.50` / `1.234,50` / `1,234.50`.
    Cents(i64),
    /// A decimal with this many places: `-33.8700` / `33,8700-` / `-33.8700`.
    Dec(f64, u8),
    /// A small whole number written alike everywhere (days).
    Int(i64),
    Date(Option<NaiveDate>),
    /// A month.
    Period(NaiveDate),
    Word(&'a Word),
    Flag(bool),
}

/// Streams one table to one file.
pub(crate) struct TableWriter {
    out: BufWriter<File>,
    path: PathBuf,
    vocab: Vocabulary,
    table: &'static Table,
    /// Which of the table's columns this vocabulary writes.
    mask: Vec<bool>,
    line: String,
    bytes: Vec<u8>,
    pub(crate) rows: u64,
}

impl TableWriter {
    pub(crate) fn create(
        dir: &Path,
        table: &'static Table,
        vocab: Vocabulary,
        as_of: NaiveDate,
    ) -> io::Result<TableWriter> {
        let path = dir.join(table.file_name(vocab, as_of));
        let out = BufWriter::with_capacity(1 << 17, File::create(&path)?);
        let mask = table
            .cols
            .iter()
            .map(|col| writes(col.only, vocab))
            .collect();
        let mut w = TableWriter {
            out,
            path,
            vocab,
            table,
            mask,
            line: String::with_capacity(256),
            bytes: Vec::with_capacity(512),
            rows: 0,
        };
        match vocab {
            Vocabulary::SapEn => w.out.write_all(&[0xFF, 0xFE])?,
            Vocabulary::SapDe => {
                w.line.push_str(table.de_title);
                w.line.push_str("\r\n");
                w.line.push_str(&format!(
                    "Stichtag {}  Mandant 100",
                    as_of.format("%d.%m.%Y")
                ));
                w.line.push_str("\r\n\r\n");
                w.emit()?;
            }
            Vocabulary::Generic => {}
        }
        let header = table.header(vocab);
        let sep = w.delimiter();
        for (i, h) in header.iter().enumerate() {
            if i > 0 {
                w.line.push(sep);
            }
            w.line.push_str(h);
        }
        w.line.push_str(w.line_end());
        w.emit()?;
        Ok(w)
    }

    fn delimiter(&self) -> char {
        match self.vocab {
            Vocabulary::Generic => ',',
            Vocabulary::SapDe => ';',
            Vocabulary::SapEn => '\t',
        }
    }

    fn line_end(&self) -> &'static str {
        match self.vocab {
            Vocabulary::Generic => "\n",
            _ => "\r\n",
        }
    }

    /// Encodes and writes `self.line`, then clears it.
    fn emit(&mut self) -> io::Result<()> {
        match self.vocab {
            Vocabulary::Generic => self.out.write_all(self.line.as_bytes())?,
            Vocabulary::SapDe => {
                let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&self.line);
                if unmappable {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "{}: text not representable in Windows-1252: {:?}",
                            self.path.display(),
                            self.line
                        ),
                    ));
                }
                self.out.write_all(&bytes)?;
            }
            Vocabulary::SapEn => {
                self.bytes.clear();
                for u in self.line.encode_utf16() {
                    self.bytes.extend_from_slice(&u.to_le_bytes());
                }
                self.out.write_all(&self.bytes)?;
            }
        }
        self.line.clear();
        Ok(())
    }

    pub(crate) fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        debug_assert_eq!(cells.len(), self.table.cols.len(), "{}", self.table.entity);
        let sep = self.delimiter();
        let mut first = true;
        for (cell, &on) in cells.iter().zip(&self.mask) {
            if !on {
                continue;
            }
            if !first {
                self.line.push(sep);
            }
            first = false;
            render(&mut self.line, *cell, self.vocab, sep);
        }
        self.line.push_str(self.line_end());
        self.rows += 1;
        self.emit()
    }

    /// Flushes the file; a table without rows is removed (a header-only file
    /// is not an export). Returns the rows written.
    pub(crate) fn finish(mut self) -> io::Result<u64> {
        self.out.flush()?;
        drop(self.out);
        if self.rows == 0 {
            std::fs::remove_file(&self.path)?;
        }
        Ok(self.rows)
    }
}

fn render(out: &mut String, cell: Cell<'_>, vocab: Vocabulary, sep: char) {
    use std::fmt::Write as _;
    match cell {
        Cell::Empty => {}
        Cell::Id(n, pad) => {
            if vocab == Vocabulary::SapEn && pad > 0 {
                let _ = write!(out, "{n:0width$}", width = pad as usize);
            } else {
                let _ = write!(out, "{n}");
            }
        }
        Cell::Text(s) => push_text(out, s, sep),
        Cell::Qty(q) => match vocab {
            Vocabulary::Generic => {
                let _ = write!(out, "{q}");
            }
            _ => push_decimal(out, q.unsigned_abs(), "000", q < 0, vocab),
        },
        Cell::Cents(c) => {
            let abs = c.unsigned_abs();
            let frac = format!("{:02}", abs % 100);
            match vocab {
                Vocabulary::Generic => {
                    let _ = write!(out, "{}{}.{frac}", if c < 0 { "-" } else { "" }, abs / 100);
                }
                _ => push_decimal(out, abs / 100, &frac, c < 0, vocab),
            }
        }
        Cell::Dec(v, places) => {
            let s = format!("{:.*}", places as usize, v.abs());
            let negative = v < 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b));
            let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
            match vocab {
                Vocabulary::Generic => {
                    if negative {
                        out.push('-');
                    }
                    out.push_str(&s);
                }
                _ => push_decimal(out, int.parse().expect("digits"), frac, negative, vocab),
            }
        }
        Cell::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Cell::Date(d) => match (d, vocab) {
            (None, Vocabulary::SapEn) => out.push_str("00000000"),
            (None, _) => {}
            (Some(d), Vocabulary::Generic) => {
                let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
            }
            (Some(d), Vocabulary::SapDe) => {
                let _ = write!(out, "{:02}.{:02}.{:04}", d.day(), d.month(), d.year());
            }
            (Some(d), Vocabulary::SapEn) => {
                let _ = write!(out, "{:04}{:02}{:02}", d.year(), d.month(), d.day());
            }
        },
        Cell::Period(d) => {
            let _ = match vocab {
                Vocabulary::Generic => write!(out, "{:04}-{:02}", d.year(), d.month()),
                Vocabulary::SapDe => write!(out, "{:02}.{:04}", d.month(), d.year()),
                Vocabulary::SapEn => write!(out, "{:04}{:02}", d.year(), d.month()),
            };
        }
        Cell::Word(w) => push_text(
            out,
            match vocab {
                Vocabulary::Generic => w[0],
                Vocabulary::SapDe => w[1],
                Vocabulary::SapEn => w[2],
            },
            sep,
        ),
        Cell::Flag(b) => out.push_str(match (vocab, b) {
            (Vocabulary::Generic, true) => "true",
            (Vocabulary::Generic, false) => "false",
            (Vocabulary::SapDe, true) => "ja",
            (Vocabulary::SapDe, false) => "nein",
            (Vocabulary::SapEn, true) => "Yes",
            (Vocabulary::SapEn, false) => "No",
        }),
    }
}

/// SAP list style: thousands grouped; SAP-DE `1.234,500` with a trailing
/// minus (`33,87-`), SAP-EN `1,234.500` with a leading one.
fn push_decimal(out: &mut String, int: u64, frac: &str, negative: bool, vocab: Vocabulary) {
    let (group, mark) = if vocab == Vocabulary::SapDe {
        ('.', ',')
    } else {
        (',', '.')
    };
    if negative && vocab == Vocabulary::SapEn {
        out.push('-');
    }
    let digits = int.to_string();
    let first = match digits.len() % 3 {
        0 => 3,
        n => n,
    };
    out.push_str(&digits[..first]);
    for chunk in digits.as_bytes()[first..].chunks(3) {
        out.push(group);
        out.push_str(std::str::from_utf8(chunk).expect("ascii digits"));
    }
    if !frac.is_empty() {
        out.push(mark);
        out.push_str(frac);
    }
    if negative && vocab == Vocabulary::SapDe {
        out.push('-');
    }
}

fn push_text(out: &mut String, s: &str, sep: char) {
    if s.contains(sep) || s.contains('"') || s.contains('\n') || s.contains('\r') {
        out.push('"');
        for ch in s.chars() {
            if ch == '"' {
                out.push('"');
            }
            out.push(ch);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(cell: Cell<'_>) -> String {
        [Vocabulary::Generic, Vocabulary::SapDe, Vocabulary::SapEn]
            .iter()
            .map(|&v| {
                let mut s = String::new();
                render(
                    &mut s,
                    cell,
                    v,
                    if v == Vocabulary::SapDe { ';' } else { ',' },
                );
                s
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }

    #[test]
    fn cells_render_per_vocabulary() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 9);
        let out = [
            show(Cell::Qty(1234)),
            show(Cell::Qty(12)),
            show(Cell::Cents(123450)),
            show(Cell::Cents(5)),
            show(Cell::Dec(-33.87, 4)),
            show(Cell::Dec(-0.00001, 2)),
            show(Cell::Dec(1234.5678, 3)),
            show(Cell::Date(d)),
            show(Cell::Date(None)),
            show(Cell::Period(d.unwrap())),
            show(Cell::Id(100042, PAD_MATNR)),
            show(Cell::Text("Seal kit, 40 mm")),
            show(Cell::Text("Cable 3\" SMA; shielded")),
            show(Cell::Flag(true)),
        ]
        .join("\n");
        expect_test::expect![[r#"
            1234 | 1.234,000 | 1,234.000
            12 | 12,000 | 12.000
            1234.50 | 1.234,50 | 1,234.50
            0.05 | 0,05 | 0.05
            -33.8700 | 33,8700- | -33.8700
            0.00 | 0,00 | 0.00
            1234.568 | 1.234,568 | 1,234.568
            2026-03-09 | 09.03.2026 | 20260309
             |  | 00000000
            2026-03 | 03.2026 | 202603
            100042 | 100042 | 000000000000100042
            "Seal kit, 40 mm" | Seal kit, 40 mm | "Seal kit, 40 mm"
            "Cable 3"" SMA; shielded" | "Cable 3"" SMA; shielded" | "Cable 3"" SMA; shielded"
            true | ja | Yes"#]]
        .assert_eq(&out);
    }
}
