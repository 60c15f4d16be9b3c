//! The SQLite working set.
