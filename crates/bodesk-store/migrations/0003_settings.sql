-- Settings of the working set a user can view and change (for example the
-- root-cause rules as TOML, the alert warning level). One row per key; the
-- value is text in the format the key's owner documents. Every change is
-- written with an audit_log record in the same transaction.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
