//! Scores the extractor on gold-coded sentences.
//!
//! `cargo run --release --example eval -- FILE [--documents [--first-evidence]] [--sure-only] [--rules RULES.toml] [--errors [--trace]]`
//!
//! FILE is JSONL with `text`, `event_type` (PLOVER, or `NONE`), `actor` (ISO3 codes, or
//! IGO/NGO), and optionally `also`, `recipient`, `quad_class`, `sent_id`, `genre`; the format
//! and every figure are described in `newsworker::eval`. Each sentence is extracted as an
//! article body on its own; the extractor's most confident event is its prediction. With
//! `--documents`, the sentences of one document (their `sent_id` without the `-NNNN`) are
//! extracted together as one article body, a paragraph each, and each event counts for
//! every sentence its evidence lies in: an event merged from three sentences reports each of
//! them (before stop 23 it counted for its first sentence only, which scored the merged
//! sentences as misses; `--first-evidence` keeps that scoring). `--sure-only` leaves out the sentences whose coding
//! is marked `doubt` (in document mode they are still read, as context, but not scored).
//! `--split NAME` keeps only the sentences of that treebank split (`dev` or `test`): error
//! analysis reads `dev`, and `test` stays an estimate nobody tuned to.
//!
//! Prints P/R/F1 per event type and micro, actor-country accuracy, recipient accuracy, the
//! five-way class figures when the file codes `quad_class`, and events per sentence by genre.

use std::collections::BTreeMap;
use std::process::ExitCode;

use newsworker::eval::{actor_code, parse_gold, GoldSentence, Predicted, Score};
use newsworker::extract::Extractor;
use newsworker::records::Extraction;

fn predicted(e: &Extraction) -> Predicted {
    Predicted {
        event_type: e.event_type,
        quad: e.quad_class,
        actor: e.actor.as_ref().and_then(actor_code),
        recipient: e.recipient.as_ref().and_then(actor_code),
    }
}

fn most_confident(events: &[Extraction]) -> Option<&Extraction> {
    events
        .iter()
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
}

/// Each sentence as its own article: the events found for each.
fn by_sentence(x: &Extractor, gold: &[GoldSentence]) -> Vec<Vec<Extraction>> {
    gold.iter().map(|g| x.extract("", &g.text)).collect()
}

/// Each document as one article, a paragraph a sentence: the events whose first evidence
/// lies in each sentence. Returns them and the number of events with no evidence.
fn by_document(
    x: &Extractor,
    gold: &[GoldSentence],
    first_only: bool,
) -> (Vec<Vec<Extraction>>, usize) {
    let mut out: Vec<Vec<Extraction>> = vec![Vec::new(); gold.len()];
    let mut unplaced = 0;
    let mut i = 0;
    while i < gold.len() {
        let mut j = i + 1;
        while j < gold.len() && gold[i].doc.is_some() && gold[j].doc == gold[i].doc {
            j += 1;
        }
        // Spans in code points, as evidence offsets are.
        let mut body = String::new();
        let mut spans = Vec::new();
        let mut at = 0usize;
        for g in &gold[i..j] {
            if !body.is_empty() {
                body.push_str("\n\n");
                at += 2;
            }
            let n = g.text.chars().count();
            spans.push((at, at + n));
            body.push_str(&g.text);
            at += n;
        }
        for e in x.extract("", &body) {
            if e.evidence.is_empty() {
                unplaced += 1;
                continue;
            }
            // A start in the separator belongs to the sentence after it.
            let sentence_of = |start: usize| spans.iter().position(|&(_, end)| start < end);
            let evidence = if first_only {
                &e.evidence[..1]
            } else {
                &e.evidence[..]
            };
            let mut ks: Vec<usize> = evidence
                .iter()
                .filter_map(|ev| sentence_of(ev.start))
                .collect();
            ks.dedup();
            if ks.is_empty() {
                unplaced += 1;
            }
            for k in ks {
                out[i + k].push(e.clone());
            }
        }
        i = j;
    }
    (out, unplaced)
}

/// Per genre: documents, events, and documents given at least one event.
fn per_document(
    gold: &[GoldSentence],
    found: &[Vec<Extraction>],
) -> BTreeMap<String, (u32, usize, u32)> {
    let mut out: BTreeMap<String, (u32, usize, u32)> = BTreeMap::new();
    let mut i = 0;
    while i < gold.len() {
        let mut j = i + 1;
        while j < gold.len() && gold[i].doc.is_some() && gold[j].doc == gold[i].doc {
            j += 1;
        }
        let events: usize = found[i..j].iter().map(Vec::len).sum();
        let genre = gold[i].genre.clone().unwrap_or_else(|| "-".into());
        let e = out.entry(genre).or_default();
        e.0 += 1;
        e.1 += events;
        e.2 += u32::from(events > 0);
        i = j;
    }
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args
        .iter()
        .enumerate()
        .find(|(i, a)| {
            !a.starts_with("--") && !a.ends_with(".toml") && (*i == 0 || args[i - 1] != "--split")
        })
        .map(|(_, a)| a)
    else {
        eprintln!(
            "usage: eval FILE [--documents [--first-evidence]] [--sure-only] [--split dev|test] [--rules RULES.toml] [--errors [--trace]]"
        );
        return ExitCode::from(2);
    };
    let extractor = match args
        .iter()
        .position(|a| a == "--rules")
        .and_then(|i| args.get(i + 1))
    {
        Some(path) => match Extractor::from_rules_file(std::path::Path::new(path)) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
        None => Extractor::builtin(),
    };
    let show_errors = args.iter().any(|a| a == "--errors");
    let trace = args.iter().any(|a| a == "--trace");
    let documents = args.iter().any(|a| a == "--documents");
    let first_evidence = args.iter().any(|a| a == "--first-evidence");
    let sure_only = args.iter().any(|a| a == "--sure-only");
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let split = args
        .iter()
        .position(|a| a == "--split")
        .and_then(|i| args.get(i + 1));
    let gold = match parse_gold(&text) {
        Ok(g) => g
            .into_iter()
            .filter(|g| split.is_none() || g.split.as_ref() == split)
            .collect::<Vec<_>>(),
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::from(2);
        }
    };
    let (found, unplaced) = if documents {
        by_document(&extractor, &gold, first_evidence)
    } else {
        (by_sentence(&extractor, &gold), 0)
    };
    let mut score = Score::default();
    let mut doubtful = 0;
    for (g, events) in gold.iter().zip(&found) {
        if sure_only && g.doubt {
            doubtful += 1;
            continue;
        }
        let top = most_confident(events);
        let pred = top.map(predicted);
        score.add(g, pred.as_ref(), events.len());
        let type_ok = pred
            .as_ref()
            .is_some_and(|p| g.events.contains(&p.event_type));
        let actor_ok = g.actor.is_empty()
            || pred
                .as_ref()
                .and_then(|p| p.actor.as_ref())
                .is_some_and(|c| g.actor.contains(c));
        // Right: the type and actor, or nothing predicted where nothing happened.
        let right_none = g.events.is_empty() && pred.is_none();
        let wrong = if g.coded {
            !(right_none || type_ok && actor_ok)
        } else {
            !events.is_empty()
        };
        if show_errors && wrong {
            println!(
                "MISS {} gold={} {:?} pred={} {:?} | {}",
                g.id,
                if g.events.is_empty() {
                    "NONE".to_string()
                } else {
                    g.events
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join("+")
                },
                g.actor,
                top.map_or("-".to_string(), |p| format!(
                    "{}/{}{}",
                    p.event_type.as_str(),
                    p.cameo_code,
                    match p.modality {
                        newsworker::records::Modality::Asserted => String::new(),
                        m => format!("/{m:?}").to_lowercase(),
                    }
                )),
                pred.as_ref().and_then(|p| p.actor.clone()),
                g.text
            );
            if trace {
                for l in extractor.trace(&g.text) {
                    println!("    {l}");
                }
            }
        }
    }
    print!("{score}");
    if sure_only {
        println!("left out: {doubtful} sentences whose coding is marked doubtful");
    }
    if documents {
        for (genre, (docs, events, with)) in per_document(&gold, &found) {
            println!(
                "events per document, {genre}: {:.3} ({events} events, {docs} documents, {with} with an event)",
                events as f64 / f64::from(docs.max(1))
            );
        }
        println!("mode: documents ({unplaced} events without evidence not scored)");
    } else {
        println!("mode: one sentence per article");
    }
    println!("extractor: {}", extractor.version());
    ExitCode::SUCCESS
}
