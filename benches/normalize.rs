//! Criterion benchmarks for the normaliser (placeholder until the corpus lands).
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let n = newsworker::normalize::Normalizer::default();
    c.bench_function("normalize/placeholder", |b| {
        b.iter(|| n.text("hello", &mut Vec::new()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
