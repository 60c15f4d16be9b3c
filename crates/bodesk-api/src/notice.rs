//! What the app tells its host when a job has committed an import:
//! [`ImportNotice`], the SLA alerts that import raised (the same counts as
//! `alert_summary`), handed to the listeners the host registers with
//! [`crate::App::on_import_committed`]. The desktop shell turns a notice with
//! new alerts into a desktop notification; this crate only calls a plain
//! Rust callback (no tauri here, invariant 1).

use std::sync::{Arc, RwLock};

use crate::dto::AlertSummary;

/// The newest committed import and what it raised: one per import job that
/// committed a batch, one per demo job (its last export's batch, as
/// `alert_summary` reports it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportNotice {
    pub batch_id: i64,
    /// The as-of date of the import.
    pub as_of: String,
    pub warning: u64,
    pub breached: u64,
    pub escalated: u64,
    pub reviews_opened: u64,
}

impl ImportNotice {
    /// The notice of the newest committed import in `summary`; none before
    /// the first import.
    pub fn from_summary(summary: &AlertSummary) -> Option<ImportNotice> {
        Some(ImportNotice {
            batch_id: summary.last_batch_id?,
            as_of: summary.last_as_of.clone()?,
            warning: summary.raised_warning,
            breached: summary.raised_breached,
            escalated: summary.raised_escalated,
            reviews_opened: summary.reviews_opened,
        })
    }

    /// Alerts of every level the import raised.
    pub fn new_alerts(&self) -> u64 {
        self.warning + self.breached + self.escalated
    }

    /// The notification's summary line: "Backorder Desk: 12 new SLA alerts".
    pub fn title(&self) -> String {
        let n = self.new_alerts();
        format!(
            "Backorder Desk: {n} new SLA alert{}",
            if n == 1 { "" } else { "s" }
        )
    }

    /// The notification's body: the levels present, most urgent first, the
    /// as-of date and the reviews opened, e.g. "3 escalated, 1 breached,
    /// 8 warning as of 2026-10-31 · 5 reviews opened".
    pub fn body(&self) -> String {
        let levels: Vec<String> = [
            (self.escalated, "escalated"),
            (self.breached, "breached"),
            (self.warning, "warning"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, level)| format!("{n} {level}"))
        .collect();
        let mut body = if levels.is_empty() {
            format!("as of {}", self.as_of)
        } else {
            format!("{} as of {}", levels.join(", "), self.as_of)
        };
        if self.reviews_opened > 0 {
            let s = if self.reviews_opened == 1 { "" } else { "s" };
            body.push_str(&format!(" · {} review{s} opened", self.reviews_opened));
        }
        body
    }
}

/// A host's callback for committed imports; runs on the job's thread after
/// the job has ended (its status is already final), so it should not block
/// for long.
pub type ImportListener = Box<dyn Fn(&ImportNotice) + Send + Sync>;

/// The registered listeners, shared with the job threads.
#[derive(Clone, Default)]
pub(crate) struct Listeners(Arc<RwLock<Vec<ImportListener>>>);

impl std::fmt::Debug for Listeners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.read().map(|l| l.len()).unwrap_or_default();
        write!(f, "Listeners({n})")
    }
}

impl Listeners {
    pub(crate) fn add(&self, listener: ImportListener) {
        self.0
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(listener);
    }

    /// Calls every listener; one that panics does not stop the others or
    /// the job (whose result is already recorded).
    pub(crate) fn notify(&self, notice: &ImportNotice) {
        let listeners = self.0.read().unwrap_or_else(|e| e.into_inner());
        for listener in listeners.iter() {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| listener(notice)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(warning: u64, breached: u64, escalated: u64, reviews_opened: u64) -> ImportNotice {
        ImportNotice {
            batch_id: 7,
            as_of: "2026-10-31".into(),
            warning,
            breached,
            escalated,
            reviews_opened,
        }
    }

    #[test]
    fn title_and_body_name_the_counts() {
        let cases = [
            (
                notice(8, 3, 1, 5),
                "Backorder Desk: 12 new SLA alerts",
                "1 escalated, 3 breached, 8 warning as of 2026-10-31 · 5 reviews opened",
            ),
            (
                notice(0, 1, 0, 0),
                "Backorder Desk: 1 new SLA alert",
                "1 breached as of 2026-10-31",
            ),
            (
                notice(2, 0, 0, 1),
                "Backorder Desk: 2 new SLA alerts",
                "2 warning as of 2026-10-31 · 1 review opened",
            ),
            (
                notice(0, 0, 0, 0),
                "Backorder Desk: 0 new SLA alerts",
                "as of 2026-10-31",
            ),
        ];
        for (n, title, body) in cases {
            assert_eq!((n.title().as_str(), n.body().as_str()), (title, body));
        }
    }

    #[test]
    fn a_panicking_listener_does_not_stop_the_next() {
        let listeners = Listeners::default();
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        listeners.add(Box::new(|_| panic!("a broken host")));
        let into = seen.clone();
        listeners.add(Box::new(move |n| into.lock().unwrap().push(n.batch_id)));
        listeners.notify(&notice(1, 0, 0, 0));
        assert_eq!(*seen.lock().unwrap(), vec![7]);
    }
}
