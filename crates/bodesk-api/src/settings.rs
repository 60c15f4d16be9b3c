//! Settings kept in the working set (`settings` table): text values by key,
//! each change written with its audit record in one transaction. The owner
//! of a key validates its value before calling [`Workspace::set_setting`].

use bodesk_store::Store;
use rusqlite::{Connection, OptionalExtension};

use crate::{now_utc, user_name, ApiError, Workspace};

/// The stored value of `key`, if one was ever set.
pub(crate) fn setting(conn: &Connection, key: &str) -> Result<Option<String>, ApiError> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

impl Workspace {
    /// The stored value of `key`, if one was ever set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, ApiError> {
        setting(self.store().conn(), key)
    }

    /// Stores `value` under `key` with an audit record (old and new value),
    /// in one transaction.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), ApiError> {
        let tx = self.store_mut().conn_mut().transaction()?;
        let old = setting(&tx, key)?;
        let (user, at) = (user_name(), now_utc());
        tx.execute(
            "INSERT INTO settings (key, value, user_name, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                 user_name = excluded.user_name, updated_at = excluded.updated_at",
            rusqlite::params![key, value, user, at],
        )?;
        Store::audit(
            &tx,
            &at,
            &user,
            "set_setting",
            Some("settings"),
            Some(key),
            &serde_json::json!({ "old": old, "new": value }),
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_round_trips_and_each_change_is_audited() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(&dir.path().join("ws.sqlite")).unwrap();
        assert_eq!(ws.setting("k").unwrap(), None);
        ws.set_setting("k", "one").unwrap();
        ws.set_setting("k", "two").unwrap();
        assert_eq!(ws.setting("k").unwrap().as_deref(), Some("two"));
        let audits: i64 = ws
            .store()
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'set_setting' AND entity_key = 'k'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audits, 2);
    }
}
