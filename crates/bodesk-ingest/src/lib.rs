//! Reading ERP export files into validated rows.
//!
//! - [`reader`]: bytes to a table. Detects encoding, delimiter, quoting, line
//!   ends, preamble, header and footer, and streams records with their line
//!   numbers. Knows nothing about backorders.
//! - [`values`]: one cell to one value: numbers in every locale style, dates,
//!   periods, ids, flags, with per-column style evidence.
//! - [`contract`]: the entities of `shared/spec/erp-exports.md`, their columns,
//!   SAP aliases, file-name recognition and user mapping profiles.
//! - [`validate`]: a record of a recognised file to a typed row or a reject.
//!
//! No SQL and no clock here: the store writes, the api crate orchestrates.

pub mod contract;
pub mod reader;
pub mod validate;
pub mod values;
