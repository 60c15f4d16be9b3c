//! The drill-down dimensions.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ParseError;

/// What a drill-down groups backorder lines by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dim {
    /// The region of the line's location.
    Region,
    /// The line's location.
    Location,
    /// The line's part.
    Part,
    /// The product line of the line's part.
    ProductLine,
    /// The criticality of the line's part (`A`, `B`, `C`).
    Criticality,
    /// The tier of the line's customer.
    Tier,
    /// The line's customer.
    Customer,
    /// The primary supplier of the line's part.
    Supplier,
    /// The line's root cause (`unknown` when it has none).
    RootCause,
}

impl Dim {
    pub const ALL: [Dim; 9] = [
        Dim::Region,
        Dim::Location,
        Dim::Part,
        Dim::ProductLine,
        Dim::Criticality,
        Dim::Tier,
        Dim::Customer,
        Dim::Supplier,
        Dim::RootCause,
    ];

    /// The name used on the command line and in the JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Dim::Region => "region",
            Dim::Location => "location",
            Dim::Part => "part",
            Dim::ProductLine => "product_line",
            Dim::Criticality => "criticality",
            Dim::Tier => "tier",
            Dim::Customer => "customer",
            Dim::Supplier => "supplier",
            Dim::RootCause => "root_cause",
        }
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Dim {
    type Err = ParseError;

    /// Accepts [`Dim::name`] and the aliases `primary_supplier` and
    /// `customer_tier` (the wording of `kpis.md`).
    fn from_str(s: &str) -> Result<Dim, ParseError> {
        match s {
            "primary_supplier" => return Ok(Dim::Supplier),
            "customer_tier" => return Ok(Dim::Tier),
            _ => {}
        }
        Dim::ALL
            .into_iter()
            .find(|d| d.name() == s)
            .ok_or_else(|| ParseError {
                what: "drill-down dimension",
                value: s.to_string(),
            })
    }
}
