//! Criterion bench of event extraction on news-sized text.
//!
//! Throughput is reported in sentences per second (one core): `cargo bench --bench extract`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use newsworker::extract::{sentences, Extractor};

/// A wire-style political article (the reference article, punctuation restored).
const POLITICAL: &str = "In an interview with national television, Aliyev said the government had discussed the proposed International Stabilisation Force (ISF) in Gaza with the US administration. He added that Azerbaijan submitted a detailed questionnaire of more than 20 items to the American side, seeking clarity about the peacekeeping operation.

However, the president emphasized, “No participation in peacekeeping forces is envisaged. I am not considering participation in hostilities outside Azerbaijan at all.”

Azerbaijani officials had previously indicated in November that the country would only consider contributing troops if all hostilities between Israel and Hamas ceased. In the meantime, Aliyev maintains that Azerbaijan will not deploy any forces to the region under ongoing conflict conditions.

Despite Azerbaijan’s refusal, diplomats involved in discussions over the ISF highlighted the importance of establishing an international peacekeeping presence in Gaza. Many Muslim-majority countries directly associated with the process reportedly support the force, believing it is crucial to protect Palestinians in the besieged enclave.

“Israel has already killed more than 70,000 people in Gaza,” a diplomat said. “Only an international force with a clear mandate can stop this genocide.”

At the same time, diplomats acknowledged the difficult position contributing countries face. Participation in the ISF could expose states to domestic backlash and political risks. Yet, they stressed that the alternative—allowing ongoing violence without intervention—remains unacceptable.

“We know joining the ISF would place us in a very difficult situation,” another diplomat explained. “But the alternative is even worse—uninterrupted bloodshed in Gaza, which cannot continue.”

The ISF concept aims to stabilize the region and ensure civilian protection amid escalating violence. However, Azerbaijan’s refusal underscores the challenges in mobilizing international support for the mission.

As regional and international stakeholders debate their roles, the safety of Gaza’s population remains a primary concern, highlighting the urgent need for a coordinated international response to the humanitarian crisis.";

/// Business and sport copy: mostly sentences without events, which the extractor must still read.
const OTHER: &str = "Shares in the carmaker rose 3 percent on Monday after it reported record quarterly deliveries and raised its forecast for the year. Analysts said demand for electric models in Europe had held up better than expected despite higher interest rates. The company will open a new battery plant in the spring, the chief executive told investors on a conference call.

Manchester United beat Chelsea 2-1 at Old Trafford on Saturday to climb to fourth in the table. The visitors had taken the lead through a first-half header before two late goals turned the match around. The manager praised his players for their patience and said the squad would need to stay focused ahead of the cup tie on Wednesday.

Heavy rain is expected across the north on Thursday as the storm moves inland, forecasters said. Drivers were warned to take care on flooded roads, and several ferry crossings were cancelled.";

fn bench(c: &mut Criterion) {
    let x = Extractor::builtin();
    let mut g = c.benchmark_group("extract");
    for (name, title, body) in [
        ("political_article", "Azerbaijan’s President Ilham Aliyev confirmed that the country has no plans to send troops to peacekeeping operations abroad, including Gaza.", POLITICAL),
        ("mixed_news", "Markets, football and the weather", OTHER),
    ] {
        let n = (sentences::split(title).len() + sentences::split(body).len()) as u64;
        g.throughput(Throughput::Elements(n));
        g.bench_function(name, |b| b.iter(|| x.extract(black_box(title), black_box(body))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
