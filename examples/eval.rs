//! Scores the extractor on gold-coded sentences.
//!
//! `cargo run --release --example eval -- FILE [--rules RULES.toml] [--errors [--trace]]`
//!
//! FILE is JSONL with `text`, `event_type` (PLOVER), `actor` (ISO3 codes, or IGO/NGO),
//! as in the PLOVER gold-standard records. Each sentence is extracted as an article
//! body on its own; the extractor's most confident event is its prediction.
//! Prints precision, recall and F1 per event type, micro-F1 and actor-country accuracy.

use std::collections::BTreeMap;
use std::process::ExitCode;

use newsworker::extract::Extractor;
use newsworker::records::{Actor, EventType, Extraction};
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    #[serde(default)]
    id: Option<String>,
    text: String,
    event_type: String,
    #[serde(default)]
    actor: Vec<String>,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
}

fn prf(c: Counts) -> (f64, f64, f64) {
    let p = if c.tp + c.fp == 0 {
        0.0
    } else {
        f64::from(c.tp) / f64::from(c.tp + c.fp)
    };
    let r = if c.tp + c.fn_ == 0 {
        0.0
    } else {
        f64::from(c.tp) / f64::from(c.tp + c.fn_)
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// The code an actor has in the gold standard: its country, or IGO/NGO.
fn code(a: &Actor) -> Option<String> {
    a.country.clone().or_else(|| match a.kind.as_str() {
        "igo" => Some("IGO".into()),
        "ngo" => Some("NGO".into()),
        _ => None,
    })
}

fn predict(x: &Extractor, text: &str) -> Option<Extraction> {
    x.extract("", text)
        .into_iter()
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args
        .iter()
        .find(|a| !a.starts_with("--") && !a.ends_with(".toml"))
    else {
        eprintln!("usage: eval FILE [--rules RULES.toml] [--errors]");
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
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut per_type: BTreeMap<EventType, Counts> = EventType::ALL
        .iter()
        .map(|&t| (t, Counts::default()))
        .collect();
    let (mut n, mut with_event, mut actor_ok_any, mut actor_ok_strict, mut gold_actor_n) =
        (0u32, 0u32, 0u32, 0u32, 0u32);
    for (lineno, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let gold: Gold = match serde_json::from_str(line) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("{file}:{}: {e}", lineno + 1);
                return ExitCode::from(2);
            }
        };
        let Some(gold_type) = EventType::parse(&gold.event_type) else {
            eprintln!(
                "{file}:{}: unknown event type {}",
                lineno + 1,
                gold.event_type
            );
            return ExitCode::from(2);
        };
        n += 1;
        let pred = predict(&extractor, &gold.text);
        match &pred {
            Some(p) if p.event_type == gold_type => per_type.entry(gold_type).or_default().tp += 1,
            Some(p) => {
                per_type.entry(p.event_type).or_default().fp += 1;
                per_type.entry(gold_type).or_default().fn_ += 1;
            }
            None => per_type.entry(gold_type).or_default().fn_ += 1,
        }
        let pred_actor = pred.as_ref().and_then(|p| p.actor.as_ref()).and_then(code);
        let actor_ok = pred_actor.as_ref().is_some_and(|c| gold.actor.contains(c));
        if !gold.actor.is_empty() {
            gold_actor_n += 1;
            if actor_ok {
                actor_ok_strict += 1;
            }
            if pred.is_some() {
                with_event += 1;
                if actor_ok {
                    actor_ok_any += 1;
                }
            }
        }
        let type_ok = pred.as_ref().is_some_and(|p| p.event_type == gold_type);
        if show_errors && (!type_ok || !actor_ok) {
            println!(
                "MISS {} gold={} {:?} pred={} {:?} | {}",
                gold.id.as_deref().unwrap_or("-"),
                gold_type.as_str(),
                gold.actor,
                pred.as_ref().map_or("-".to_string(), |p| format!(
                    "{}/{}",
                    p.event_type.as_str(),
                    p.cameo_code
                )),
                pred_actor,
                gold.text
            );
            if trace {
                for l in extractor.trace(&gold.text) {
                    println!("    {l}");
                }
            }
        }
    }
    println!(
        "{:<10} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
        "type", "tp", "fp", "fn", "P", "R", "F1"
    );
    let mut total = Counts::default();
    for (t, c) in &per_type {
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
        let (p, r, f) = prf(*c);
        println!(
            "{:<10} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3}",
            t.as_str(),
            c.tp,
            c.fp,
            c.fn_,
            p,
            r,
            f
        );
    }
    let (p, r, f) = prf(total);
    println!(
        "{:<10} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3}",
        "micro", total.tp, total.fp, total.fn_, p, r, f
    );
    println!(
        "sentences: {n}; with an extracted event: {}",
        total.tp + total.fp
    );
    let ratio = |a: u32, b: u32| {
        if b == 0 {
            0.0
        } else {
            f64::from(a) / f64::from(b)
        }
    };
    println!(
        "actor-country accuracy: {:.3} ({actor_ok_any}/{with_event} sentences with an extracted event); {:.3} over all {gold_actor_n} gold sentences",
        ratio(actor_ok_any, with_event),
        ratio(actor_ok_strict, gold_actor_n)
    );
    println!("extractor: {}", extractor.version());
    ExitCode::SUCCESS
}
