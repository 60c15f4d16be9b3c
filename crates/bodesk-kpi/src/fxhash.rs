//! A small, fast, non-cryptographic hasher for the engine's internal id
//! tables. The data is the user's own working set, so hash flooding is not a
//! concern; SipHash would dominate the build time.
//!
//! Each word is mixed with a folded multiply (the high and low halves of a
//! 128-bit product, xored), as in wyhash/foldhash: unlike the plain Fx hash
//! it does not collide on ids such as `PART-000123`, which differ in a few
//! low bits of their last bytes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xa076_1d64_78bd_642f;

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

#[inline]
fn folded_multiply(x: u64, y: u64) -> u64 {
    let p = (x as u128).wrapping_mul(y as u128);
    (p as u64) ^ ((p >> 64) as u64)
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = folded_multiply(self.hash ^ word ^ K2, K1);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap()));
        }
        let rest = chunks.remainder();
        let mut tail = [0u8; 8];
        tail[..rest.len()].copy_from_slice(rest);
        // The length goes into the top byte, so `"a"` and `"a\0"` differ.
        self.add(u64::from_le_bytes(tail) ^ ((bytes.len() as u64) << 56));
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::hash::{BuildHasher, BuildHasherDefault};

    use super::FxHasher;

    #[test]
    fn sequential_ids_do_not_collide() {
        let build = BuildHasherDefault::<FxHasher>::default();
        let hashes: Vec<u64> = (0..50_000)
            .map(|p| build.hash_one(format!("PART-{p:06}").as_str()))
            .collect();
        let distinct =
            |f: fn(u64) -> u64| hashes.iter().map(|&h| f(h)).collect::<HashSet<_>>().len();
        assert_eq!(distinct(|h| h), 50_000);
        // hashbrown picks the bucket from the low bits and tags with the top 7.
        assert!(distinct(|h| h & 0xffff) > 30_000);
        assert_eq!(distinct(|h| h >> 57), 128);
    }
}
