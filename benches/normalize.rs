//! Throughput of `Normalizer::text` on news-sized text (~5 KB): clean English,
//! clean multilingual, Windows-1252 mojibake, and the seed article's lossy
//! Windows-874 damage. `cargo bench --bench normalize`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsworker::normalize::{misdecode, Normalizer};

const SEED: &str = include_str!("../tests/fixtures/seed-article-azerbaijan-isf.txt");

const MULTILINGUAL: &str =
    "Le président a déclaré mardi que l’économie française « résiste mieux que prévu ».\n\
    Президент заявил во вторник, что переговоры «продвигаются», однако отказался назвать сроки.\n\
    Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα στήριξης για τα νοικοκυριά.\n\
    外交部发言人周二表示，中方愿与各方一道，推动局势尽快降温。\n\
    Rząd przyjął we wtorek projekt ustawy, który ma zwiększyć nakłady na obronność.\n\
    รัฐบาลประกาศมาตรการช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากน้ำท่วม\n";

/// Repeat `s` to about `n` bytes, on paragraph boundaries.
fn sized(s: &str, n: usize) -> String {
    let mut out = String::with_capacity(n + s.len());
    while out.len() < n {
        out.push_str(s);
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let n = Normalizer::default();
    let mut repairs = Vec::new();
    // The seed repaired is clean English with typographic punctuation.
    let clean_en = sized(&n.text(SEED, &mut repairs), 5000);
    let clean_multi = sized(MULTILINGUAL, 5000);
    let damaged_1252 = misdecode(&clean_en, "windows-1252").unwrap_or_default();
    let damaged_multi = misdecode(&clean_multi, "windows-1252").unwrap_or_default();
    let damaged_874 = sized(SEED, 5000);
    let inputs = [
        ("clean-english", &clean_en),
        ("clean-multilingual", &clean_multi),
        ("damaged-1252-english", &damaged_1252),
        ("damaged-1252-multilingual", &damaged_multi),
        ("damaged-874-lossy-seed", &damaged_874),
    ];
    let mut group = c.benchmark_group("normalize_text");
    for (name, input) in inputs {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), input, |b, input| {
            b.iter(|| {
                let mut repairs = Vec::new();
                n.text(input, &mut repairs)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
