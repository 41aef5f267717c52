//! Criterion bench of the tagger + parser, per sentence (`Analyser::analyse`: tokenise,
//! tag, parse; no clause view): `cargo bench --bench syntax`.
//!
//! Throughput is in tokens per second (one core), so sentences of different lengths
//! compare; the EWT-wide figure is in BENCHMARKS.md ("Sentence structure").

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use newsworker::extract::syntax::Analyser;

/// Wire-style sentences of the lengths `extract` parses (short, typical, long).
const SENTENCES: [(&str, &str); 3] = [
    (
        "short",
        "The rebels did not attack the town, the army said.",
    ),
    (
        "typical",
        "Egypt's foreign minister said on Tuesday that Cairo would send a delegation to \
         Washington next week to discuss the ceasefire proposal with US officials.",
    ),
    (
        "long",
        "The opposition leader, who was arrested in March after weeks of protests against \
         the government's plan to postpone the election, was released on bail late on \
         Friday, his lawyer told reporters outside the court, adding that the charges \
         against him were politically motivated and would be challenged.",
    ),
];

fn bench(c: &mut Criterion) {
    let a = Analyser::builtin();
    let mut g = c.benchmark_group("syntax");
    for (name, s) in SENTENCES {
        g.throughput(Throughput::Elements(a.analyse(s).tokens.len() as u64));
        g.bench_function(name, |b| b.iter(|| a.analyse(black_box(s))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
