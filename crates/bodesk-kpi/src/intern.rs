//! Ids as strings to dense integers.
//!
//! Building [`Prepared`](crate::Prepared) looks up three or four ids per
//! line. A table of `&str` or `Box<str>` keys costs a pointer chase per
//! probe, to key bytes anywhere in the heap; with a million lines that chase
//! dominated the build. Ids of up to 23 bytes (part, location, customer and
//! order ids in practice) are therefore stored inline in the table.

use std::hash::{Hash, Hasher};

use crate::fxhash::FxHashMap;

/// Up to 23 bytes inline, the length in the last byte.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct InlineKey([u8; 24]);

impl InlineKey {
    const CAPACITY: usize = 23;

    /// The pieces joined by `0xff` (a byte that no UTF-8 text contains, so
    /// different pieces never give the same key), or `None` if too long.
    #[inline]
    pub(crate) fn new(pieces: &[&str]) -> Option<InlineKey> {
        let len = pieces.iter().map(|p| p.len()).sum::<usize>() + pieces.len().saturating_sub(1);
        if len > Self::CAPACITY {
            return None;
        }
        let mut bytes = [0u8; 24];
        let mut at = 0;
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                bytes[at] = 0xff;
                at += 1;
            }
            bytes[at..at + piece.len()].copy_from_slice(piece.as_bytes());
            at += piece.len();
        }
        bytes[Self::CAPACITY] = len as u8;
        Some(InlineKey(bytes))
    }
}

impl Hash for InlineKey {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        for word in self.0.chunks_exact(8) {
            state.write_u64(u64::from_le_bytes(word.try_into().unwrap()));
        }
    }
}

/// Strings to dense ids in order of first sight; [`Interner::into_sorted`]
/// then renumbers them in key order.
/// Remembers the last short key: rows in order (lines by order id) repeat
/// their customer and location from one row to the next.
#[derive(Default)]
pub(crate) struct Interner {
    short: FxHashMap<InlineKey, u32>,
    long: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    last: Option<(InlineKey, u32)>,
}

impl Interner {
    #[inline]
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        let next = self.names.len() as u32;
        let id = match InlineKey::new(&[s]) {
            Some(key) => match self.last {
                Some((last, id)) if last == key => return id,
                _ => {
                    let id = *self.short.entry(key).or_insert(next);
                    self.last = Some((key, id));
                    id
                }
            },
            None => match self.long.get(s) {
                Some(&id) => id,
                None => *self.long.entry(s.into()).or_insert(next),
            },
        };
        if id == next {
            self.names.push(s.into());
        }
        id
    }

    /// The names in sorted order, and for each first-sight id its rank.
    pub(crate) fn into_sorted(self) -> (Vec<String>, Vec<u32>) {
        let names = self.names;
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let mut rank = vec![0u32; names.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        let mut names: Vec<Option<Box<str>>> = names.into_iter().map(Some).collect();
        let sorted = order
            .iter()
            .map(|&id| names[id as usize].take().unwrap().into_string())
            .collect();
        (sorted, rank)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_ids_get_one_id_each() {
        let long = "a-part-id-longer-than-23-bytes";
        let mut interner = Interner::default();
        let ids: Vec<u32> = ["P2", "P2", long, "P1", "P2", long, long, "", "P1", "P1"]
            .iter()
            .map(|s| interner.intern(s))
            .collect();
        assert_eq!(ids, [0, 0, 1, 2, 0, 1, 1, 3, 2, 2]);
        let (names, rank) = interner.into_sorted();
        assert_eq!(names, ["", "P1", "P2", long]);
        assert_eq!(rank, [2, 3, 1, 0]);
    }

    #[test]
    fn pieces_do_not_run_together() {
        assert!(InlineKey::new(&["ab", "c"]) != InlineKey::new(&["a", "bc"]));
        assert!(InlineKey::new(&["ab"]) != InlineKey::new(&["ab", ""]));
        assert!(InlineKey::new(&["12345678901234567890123"]).is_some());
        assert!(InlineKey::new(&["123456789012345678901234"]).is_none());
        assert!(InlineKey::new(&["1234567890", "123456789012"]).is_some());
        assert!(InlineKey::new(&["1234567890", "1234567890123"]).is_none());
    }
}
