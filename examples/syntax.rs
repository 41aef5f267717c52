//! Prints the tokens, tree and clauses the analyser finds in each argument (or each
//! line of stdin): `cargo run --release --example syntax -- "Russia agreed to send troops."`
//!
//! With `--bench N`, instead times tag + parse of the stdin lines N times and prints
//! tokens/s and sentences/s (one thread).

use std::io::BufRead;
use std::time::Instant;

use newsworker::extract::syntax::Analyser;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let a = Analyser::builtin();
    if args.first().map(String::as_str) == Some("--bench") {
        let reps: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(5);
        let lines: Vec<String> = std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .collect();
        let tokens: usize = lines.iter().map(|l| a.analyse(l).tokens.len()).sum();
        let t = Instant::now();
        let mut check = 0usize;
        for _ in 0..reps {
            for l in &lines {
                check += a.analyse(l).tokens.len();
            }
        }
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(check, tokens * reps);
        println!(
            "{} sentences, {} tokens, {} passes: {:.0} tokens/s, {:.0} sentences/s (tokenise + tag + parse)",
            lines.len(),
            tokens,
            reps,
            (tokens * reps) as f64 / secs,
            (lines.len() * reps) as f64 / secs
        );
        return;
    }
    let input: Vec<String> = if args.is_empty() {
        std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .collect()
    } else {
        args
    };
    for s in &input {
        let p = a.analyse(s);
        println!("# {s}");
        for (i, t) in p.tokens.iter().enumerate() {
            println!(
                "{}\t{}\t{}\t{}\t{}",
                i,
                p.word(i),
                t.upos.as_str(),
                t.head.map_or("-".to_string(), |h| h.to_string()),
                t.deprel
            );
        }
        for c in p.clauses() {
            println!("{c:?}");
        }
        println!();
    }
}
