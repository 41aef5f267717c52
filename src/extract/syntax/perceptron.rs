//! Averaged perceptron over hashed features (Collins 2002), shared by the tagger and
//! the parser.
//!
//! Training keeps, per feature, only the classes it was ever updated for (a sparse
//! row), with the running totals needed for averaging. Freezing averages, drops the
//! near-zero weights and lays the rows out contiguously behind an open-addressing
//! table, so scoring is one probe and a short scan per feature with no allocation.

use std::collections::HashMap;

/// Feature-hash mixing: stable across platforms and runs (the model file depends on it).
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(23)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 29)
}

/// FNV-1a over bytes, then mixed: the hash of a word or affix.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h, 0x51_7cc1_b727_220a)
}

#[derive(Clone, Copy)]
struct Param {
    class: u8,
    w: f32,
    total: f64,
    stamp: u32,
}

/// A perceptron being trained.
pub struct Trainer {
    n_classes: usize,
    rows: HashMap<u64, Vec<Param>>,
    instances: u32,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Self {
        assert!(n_classes <= 255, "a row length is stored in one byte");
        Trainer {
            n_classes,
            rows: HashMap::new(),
            instances: 0,
        }
    }

    pub fn score(&self, feats: &[u64], scores: &mut Vec<f32>) {
        scores.clear();
        scores.resize(self.n_classes, 0.0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for p in row {
                    scores[p.class as usize] += p.w;
                }
            }
        }
    }

    /// One training instance: reward `truth`, penalise `guess` when they differ.
    pub fn update(&mut self, truth: usize, guess: usize, feats: &[u64]) {
        self.instances += 1;
        if truth == guess {
            return;
        }
        let now = self.instances;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let p = match row.iter_mut().find(|p| p.class as usize == class) {
                    Some(p) => p,
                    None => {
                        row.push(Param {
                            class: class as u8,
                            w: 0.0,
                            total: 0.0,
                            stamp: now,
                        });
                        row.last_mut().expect("just pushed")
                    }
                };
                p.total += (now - p.stamp) as f64 * p.w as f64;
                p.stamp = now;
                p.w += delta;
            }
        }
    }

    /// The averaged weights, without those smaller than `min_abs`.
    pub fn freeze(self, min_abs: f32) -> Weights {
        let n = self.instances.max(1);
        let mut rows: Vec<(u64, Vec<(u8, f32)>)> = self
            .rows
            .into_iter()
            .map(|(f, row)| {
                let kept: Vec<(u8, f32)> = row
                    .into_iter()
                    .map(|p| {
                        let total = p.total + (n - p.stamp) as f64 * p.w as f64;
                        (p.class, (total / n as f64) as f32)
                    })
                    .filter(|&(_, w)| w.abs() >= min_abs)
                    .collect();
                (f, kept)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        Weights::from_rows(self.n_classes, rows)
    }
}

/// Frozen weights: what ships in the model file.
///
/// Weights are quantised to i16 in units of `scale` (as stored in the file), so a
/// model scores the same freshly trained and loaded. Scoring touches one 8-byte slot
/// per feature: the slot holds a 32-bit key check and either the feature's only
/// (class, weight) pair inline, or the position of its row of pairs, or, for a row
/// with many classes, of its dense row of all `n_classes` weights (added with vector
/// instructions instead of one scattered add per pair). Scores are integer sums of
/// quantised weights; only their order matters.
pub struct Weights {
    n_classes: usize,
    scale: f32,
    /// Open addressing, power-of-two size, 0 = empty; key check in the high half.
    slots: Vec<u64>,
    /// Packed (class << 16 | weight as u16) pairs of sparse rows with more than one entry.
    entries: Vec<u32>,
    /// Dense rows, `n_classes` weights each (0 where the row has none).
    dense: Vec<i16>,
    /// The rows by full feature hash, for writing the model out.
    rows: Vec<(u64, Vec<(u8, i16)>)>,
}

const INLINE: u32 = 1 << 31;
/// The row-length field (length - 1, 8 bits) of a dense row: no sparse row is that long.
const DENSE: u32 = 0xff;
const START: u32 = (1 << 23) - 1;

#[inline]
fn check(key: u64) -> u64 {
    ((key >> 32) | 1) << 32
}

/// Adds one packed (class << 16 | weight) pair.
#[inline(always)]
fn add(scores: &mut [i32], e: u32) {
    if let Some(s) = scores.get_mut(((e >> 16) & 0xff) as usize) {
        *s += (e as u16 as i16) as i32;
    }
}

/// A hint to load `x`'s cache line; nothing on other architectures.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; the pointer comes from a live reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (x as *const T).cast(),
        )
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Rows with at least this many classes are stored dense: about where a vector add of
/// the whole row gets cheaper than one scattered add per pair.
fn dense_min(n_classes: usize) -> usize {
    (n_classes / 6).max(4)
}

impl Weights {
    fn from_rows(n_classes: usize, rows: Vec<(u64, Vec<(u8, f32)>)>) -> Weights {
        let max = rows
            .iter()
            .flat_map(|r| r.1.iter())
            .fold(0f32, |m, w| m.max(w.1.abs()))
            .max(1e-6);
        let scale = max / i16::MAX as f32;
        let rows = rows
            .into_iter()
            .map(|(k, r)| {
                let q = r
                    .into_iter()
                    .map(|(c, w)| (c, (w / scale).round() as i16))
                    .filter(|x| x.1 != 0)
                    .collect();
                (k, q)
            })
            .filter(|r: &(u64, Vec<(u8, i16)>)| !r.1.is_empty())
            .collect();
        Self::quantised(n_classes, scale, rows)
    }

    fn quantised(n_classes: usize, scale: f32, mut rows: Vec<(u64, Vec<(u8, i16)>)>) -> Weights {
        rows.sort_unstable_by_key(|r| r.0);
        let size = (rows.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![0u64; size];
        let mut entries = Vec::new();
        let mut dense: Vec<i16> = Vec::new();
        let pack = |c: u8, w: i16| ((c as u32) << 16) | (w as u16 as u32);
        for (key, row) in &rows {
            let distinct = || {
                let mut seen = [false; 256];
                row.iter()
                    .all(|&(c, _)| !std::mem::replace(&mut seen[c as usize], true))
            };
            let payload = if row.len() == 1 {
                INLINE | pack(row[0].0, row[0].1)
            } else if row.len() >= dense_min(n_classes) && distinct() {
                let index = dense.len() / n_classes;
                assert!(index < START as usize, "weight table too large");
                let base = dense.len();
                dense.resize(base + n_classes, 0);
                for &(c, w) in row {
                    if let Some(d) = dense.get_mut(base + c as usize) {
                        *d = w;
                    }
                }
                index as u32 | (DENSE << 23)
            } else {
                let start = entries.len() as u32;
                assert!(start < START, "weight table too large");
                entries.extend(row.iter().map(|&(c, w)| pack(c, w)));
                start | ((row.len() as u32 - 1) << 23)
            };
            let mut i = (*key as usize) & (size - 1);
            while slots[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            slots[i] = check(*key) | payload as u64;
        }
        Weights {
            n_classes,
            scale,
            slots,
            entries,
            dense,
            rows,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features and of stored weights.
    pub fn size(&self) -> (usize, usize) {
        (self.rows.len(), self.rows.iter().map(|r| r.1.len()).sum())
    }

    /// Adds the (quantised) weights of `feats` into `scores` (`n_classes` long).
    ///
    /// Three passes over a chunk of features, so that no cache miss waits behind
    /// another: prefetch every slot; read the slots, adding inline weights and
    /// prefetching the rows of the others; add those rows. Integer sums, so the
    /// order of the additions does not matter.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        const CHUNK: usize = 64;
        let n_classes = self.n_classes;
        let scores = &mut scores[..n_classes];
        for chunk in feats.chunks(CHUNK) {
            let mut rows = [0u32; CHUNK];
            let n = self.score_chunk(chunk, scores, &mut rows);
            for &payload in &rows[..n] {
                let start = (payload & START) as usize;
                let len = (payload >> 23) & 0xff;
                if len == DENSE {
                    let base = start * n_classes;
                    if let Some(row) = self.dense.get(base..base + n_classes) {
                        for (s, &w) in scores.iter_mut().zip(row) {
                            *s += w as i32;
                        }
                    }
                } else if let Some(row) = self.entries.get(start..start + len as usize + 1) {
                    for &e in row {
                        add(scores, e);
                    }
                }
            }
        }
    }

    /// Passes one and two of [`Weights::score`]: the payloads of rows stored apart go
    /// to `rows` (returns how many).
    #[inline]
    fn score_chunk(&self, feats: &[u64], scores: &mut [i32], rows: &mut [u32]) -> usize {
        let mask = self.slots.len() - 1;
        // The slots are scattered over megabytes: ask for all of them first so the
        // cache misses overlap instead of queueing one behind the other.
        for &f in feats {
            prefetch(&self.slots[(f as usize) & mask]);
        }
        let mut n = 0;
        for &f in feats {
            let want = check(f);
            let mut i = (f as usize) & mask;
            loop {
                let slot = self.slots[i];
                if slot == 0 {
                    break;
                }
                if slot & 0xffff_ffff_0000_0000 == want {
                    let payload = slot as u32;
                    if payload & INLINE != 0 {
                        add(scores, payload);
                        break;
                    }
                    // A row elsewhere: a second miss, overlapped the same way.
                    let start = (payload & START) as usize;
                    if (payload >> 23) & 0xff == DENSE {
                        let base = start * self.n_classes;
                        for k in (base..base + self.n_classes).step_by(32) {
                            if let Some(d) = self.dense.get(k) {
                                prefetch(d);
                            }
                        }
                    } else if let Some(e) = self.entries.get(start) {
                        prefetch(e);
                    }
                    if let Some(r) = rows.get_mut(n) {
                        *r = payload;
                        n += 1;
                    }
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        n
    }

    /// Serialises: n_classes, row count, scale, then per row key, length,
    /// (class, i16 weight) pairs.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.n_classes as u32).to_le_bytes());
        out.extend_from_slice(&(self.rows.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for (key, row) in &self.rows {
            out.extend_from_slice(&key.to_le_bytes());
            out.push(row.len() as u8);
            for &(c, w) in row {
                out.push(c);
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Weights, String> {
        let n_classes = r.u32()? as usize;
        let n_rows = r.u32()? as usize;
        let scale = f32::from_bits(r.u32()?);
        if n_classes == 0 || n_classes > 255 || n_rows > 4_000_000 {
            return Err("bad weight table header".into());
        }
        let mut rows = Vec::with_capacity(n_rows);
        for _ in 0..n_rows {
            let key = r.u64()?;
            let len = r.u8()? as usize;
            if len == 0 {
                return Err("empty weight row".into());
            }
            let mut row = Vec::with_capacity(len);
            for _ in 0..len {
                let c = r.u8()?;
                if c as usize >= n_classes {
                    return Err("class out of range".into());
                }
                row.push((c, r.u16()? as i16));
            }
            rows.push((key, row));
        }
        Ok(Weights::quantised(n_classes, scale, rows))
    }
}

/// A bounds-checked little-endian reader over the model bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| "model file truncated".to_string())?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    pub fn u16(&mut self) -> Result<u16, String> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }

    pub fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    pub fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    pub fn str(&mut self) -> Result<&'a str, String> {
        let n = self.u8()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| "model string is not UTF-8".to_string())
    }

    pub fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let mut t = Trainer::new(3);
        let data: Vec<(Vec<u64>, usize)> = (0..30)
            .map(|i| (vec![hash_bytes(&[i % 3]), 99], (i % 3) as usize))
            .collect();
        let mut scores = Vec::new();
        for _ in 0..5 {
            for (f, y) in &data {
                t.score(f, &mut scores);
                let g = argmax(&scores);
                t.update(*y, g, f);
            }
        }
        let w = t.freeze(0.0);
        let mut bytes = Vec::new();
        w.write(&mut bytes);
        let w2 = Weights::read(&mut Reader::new(&bytes)).expect("reads back");
        for (f, y) in &data {
            for m in [&w, &w2] {
                let mut s = vec![0; 3];
                m.score(f, &mut s);
                assert_eq!(argmax(&s), *y);
            }
        }
    }

    fn argmax<T: PartialOrd>(s: &[T]) -> usize {
        (0..s.len()).fold(0, |b, i| if s[i] > s[b] { i } else { b })
    }
}
