//! Criterion bench of event extraction on news-sized text.
//!
//! Throughput is reported in sentences per second (one core): `cargo bench --bench extract`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use newsworker::extract::{sentences, Extractor};

/// A wire-style political article: the reference article with its punctuation restored
/// (first line: title).
const POLITICAL: &str = include_str!("../tests/extract_seed_clean.txt");

/// Business and sport copy: mostly sentences without events, which the extractor must still read.
const OTHER: &str = "Shares in the carmaker rose 3 percent on Monday after it reported record quarterly deliveries and raised its forecast for the year. Analysts said demand for electric models in Europe had held up better than expected despite higher interest rates. The company will open a new battery plant in the spring, the chief executive told investors on a conference call.

Manchester United beat Chelsea 2-1 at Old Trafford on Saturday to climb to fourth in the table. The visitors had taken the lead through a first-half header before two late goals turned the match around. The manager praised his players for their patience and said the squad would need to stay focused ahead of the cup tie on Wednesday.

Heavy rain is expected across the north on Thursday as the storm moves inland, forecasters said. Drivers were warned to take care on flooded roads, and several ferry crossings were cancelled.";

fn bench(c: &mut Criterion) {
    let x = Extractor::builtin();
    let mut g = c.benchmark_group("extract");
    for (name, title, body) in [
        (
            "political_article",
            POLITICAL.split_once('\n').map_or("", |p| p.0),
            POLITICAL.split_once('\n').map_or(POLITICAL, |p| p.1),
        ),
        ("mixed_news", "Markets, football and the weather", OTHER),
    ] {
        let n = (sentences::split(title).len() + sentences::split(body).len()) as u64;
        g.throughput(Throughput::Elements(n));
        g.bench_function(name, |b| {
            b.iter(|| x.extract(black_box(title), black_box(body)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
