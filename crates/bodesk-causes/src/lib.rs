//! Root-cause tagging, pure: no SQL, no clock, no files. The api crate reads
//! the working set into [`Facts`]; the rules come in as a [`RuleSet`] (TOML,
//! [`RuleSet::parse`], built-in [`DEFAULT_RULES_TOML`]) and the as-of date as
//! an argument.
//!
//! ```text
//! OpenLine[] + Facts + RuleSet + as_of ─► tag_lines ─► Tag { cause, rule, evidence }[]
//! ServiceEvent[] + OpenLine[]          ─► stopped_parts ─► StoppedPart[] (field feedback)
//! ```
//!
//! For each line the rules are tried in order and the first that matches
//! decides: its kind gives the cause (`bodesk_kpi::RootCause`), its name is
//! kept as the deciding rule, and the fact that matched is written out as
//! the first line of evidence ("PO 4500000329/10 committed 2026-08-27, not
//! received, 65 days late (supplier 200003, to AC01)"). Technicians'
//! `waiting_for_part` / `part_unavailable` reports about the line's part at
//! its location, or about its machine, follow as further evidence whatever
//! the cause. A line no rule matches is `unknown` (rule [`NO_RULE`]).
//!
//! Demand history is monthly, so "the N days before a line" means the months
//! that start in those N days, the line's own month included. What each
//! rule kind checks is documented on the kinds in [`DEFAULT_RULES_TOML`]
//! and in `docs/root-causes.md`.

mod facts;
mod field;
mod rules;
mod tag;

pub use bodesk_kpi::RootCause;
pub use facts::{
    Campaign, DemandMonth, Facts, OpenLine, Part, PurchaseOrder, ServiceEvent, Stock, Transfer,
};
pub use field::{stopped_parts, StoppedPart};
pub use rules::{ParamSpec, Rule, RuleKind, RuleSet, RulesError, DEFAULT_RULES_TOML};
pub use tag::{tag_lines, Tag, NO_RULE};
