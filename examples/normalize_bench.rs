//! The newsworker side of `scripts/bench-ftfy.sh`: normalise every body of a
//! corpus (JSONL with `id`, `kind`, `body`) with `Normalizer::text`, timing only
//! the normalisation, and write `{"id","text"}` lines plus a stats line.
//!
//! Usage: normalize_bench CORPUS.jsonl OUT.jsonl [REPEAT]
//!
//! REPEAT (default 1) normalises every body that many times in a row, for
//! steadier timings on a small corpus; the output is written once.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::{Duration, Instant};

use newsworker::normalize::Normalizer;
use serde_json::{json, Value};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(corpus), Some(out)) = (args.get(1), args.get(2)) else {
        anyhow::bail!("usage: normalize_bench CORPUS.jsonl OUT.jsonl [REPEAT]");
    };
    let repeat: usize = match args.get(3) {
        Some(n) => n.parse()?,
        None => 1,
    };
    let docs: Vec<Value> = BufReader::new(std::fs::File::open(corpus)?)
        .lines()
        .map(|l| Ok(serde_json::from_str(&l?)?))
        .collect::<anyhow::Result<_>>()?;
    let normalizer = Normalizer::default();
    // Lazily built tables are not timed.
    normalizer.prepare();
    let mut stats = [
        ("clean", 0usize, Duration::ZERO),
        ("damaged", 0, Duration::ZERO),
    ];
    // Each result is written as soon as it is timed and then dropped, as the
    // worker drops an article once it is published: keeping every output alive
    // would time the first touch of fresh pages rather than the normaliser.
    let mut w = BufWriter::new(std::fs::File::create(out)?);
    for doc in &docs {
        let body = doc["body"].as_str().unwrap_or_default();
        let slot = usize::from(doc["kind"] == "damaged");
        let mut repairs = Vec::new();
        let t0 = Instant::now();
        let mut text = normalizer.text(body, &mut repairs);
        for _ in 1..repeat {
            repairs.clear();
            text = normalizer.text(body, &mut repairs);
        }
        stats[slot].2 += t0.elapsed();
        stats[slot].1 += body.len() * repeat.max(1);
        serde_json::to_writer(
            &mut w,
            &json!({"id": doc["id"], "text": text, "repairs": repairs}),
        )?;
        w.write_all(b"\n")?;
    }
    let mut s = serde_json::Map::new();
    for (kind, bytes, time) in stats {
        s.insert(
            kind.into(),
            json!({"bytes": bytes, "seconds": time.as_secs_f64()}),
        );
    }
    serde_json::to_writer(
        &mut w,
        &json!({"stats": s, "version": env!("CARGO_PKG_VERSION")}),
    )?;
    w.write_all(b"\n")?;
    w.flush()?;
    Ok(())
}
