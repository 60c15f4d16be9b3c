//! Demo network (being written).
