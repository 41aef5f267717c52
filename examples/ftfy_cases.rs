//! Score the normaliser's text repair on ftfy's published test cases.
//!
//! Usage: ftfy_cases CASES.json... [--verbose]
//!
//! Each file is a JSON array of ftfy test cases (`label`, `original`, `fixed`,
//! optional `fixed-encoding`, `expect`), as in python-ftfy's
//! `tests/test-cases/*.json` or the `tests/test_cases.json` its sdist ships.
//! The files are not part of this repository: fetch them yourself (see
//! BENCHMARKS.md). Cases marked `"expect": "fail"` (ftfy's known failures) are
//! skipped.
//!
//! A case passes when `Normalizer::text` (what `normalize` applies to a body)
//! gives ftfy's `fixed` or `fixed-encoding` text, after the output shape both
//! sides agree to differ on is set aside: ftfy keeps runs of spaces and line
//! breaks as they are, newsworker collapses them (one space, one blank line
//! between paragraphs), so both are compared with whitespace runs collapsed.
//! Negative cases (the label starts "Negative", "Sort of negative" or "Mostly
//! negative") also report whether the text changed in anything but whitespace.

use newsworker::normalize::Normalizer;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

fn squash(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if files.is_empty() {
        anyhow::bail!("usage: ftfy_cases CASES.json... [--verbose]");
    }
    let normalizer = Normalizer::default();
    let (mut total, mut passed, mut negatives, mut negatives_changed) = (0, 0, 0, 0);
    for file in files {
        let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(file)?)?;
        for case in &cases {
            if case["expect"] != "pass" {
                continue;
            }
            let label = case["label"].as_str().unwrap_or("");
            let original = case["original"].as_str().unwrap_or("");
            let mut repairs = Vec::new();
            let out = squash(&normalizer.text(original, &mut repairs));
            let accepted: Vec<String> = ["fixed", "fixed-encoding"]
                .iter()
                .filter_map(|k| case[*k].as_str())
                .map(squash)
                .collect();
            let ok = accepted.contains(&out);
            total += 1;
            passed += usize::from(ok);
            let lower = label.to_lowercase();
            let negative = ["negative", "sort of negative", "mostly negative"]
                .iter()
                .any(|p| lower.starts_with(p));
            if negative {
                negatives += 1;
                negatives_changed += usize::from(out != squash(original) && !ok);
            }
            if !ok || verbose {
                println!(
                    "{} {label}\n   in:  {original:?}\n   out: {out:?}\n   want: {:?}",
                    if ok { "PASS" } else { "FAIL" },
                    accepted.first().map(String::as_str).unwrap_or("")
                );
            }
        }
    }
    println!(
        "passed {passed}/{total} ({:.3}); negatives wrongly changed: {negatives_changed}/{negatives}",
        passed as f64 / total.max(1) as f64
    );
    Ok(())
}
