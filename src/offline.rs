//! The offline commands: `newsworker extract` and `newsworker normalize`.
//!
//! JSONL articles in (files, or stdin for none or `-`), one JSON record per line
//! out. With `--text`, each file is one plain-text article whose first line is
//! the title. Rejected inputs are reported on stderr with their line number and
//! error kind and do not stop the run; they are counted in the summary.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::normalize::{NormalizeError, Normalizer, RawArticle};
use crate::pipeline::{Input, Outcome, Pipeline};

#[derive(Debug, Error)]
pub enum OfflineError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: io::Error },
    #[error("cannot write output: {0}")]
    Write(#[from] io::Error),
}

/// What to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Event records.
    Extract,
    /// Normalised article records.
    Normalize,
}

/// Totals for the summary line on stderr.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub articles: u64,
    pub records: u64,
    pub rejected: u64,
}

/// Run an offline command over `files` (stdin when empty or `-`), writing JSONL to `out`.
pub fn run(
    pipeline: &Pipeline,
    mode: Mode,
    files: &[PathBuf],
    text: bool,
    out: &mut dyn Write,
) -> Result<Summary, OfflineError> {
    let mut out = BufWriter::new(out);
    let mut summary = Summary::default();
    let stdin_only = [PathBuf::from("-")];
    let files = if files.is_empty() {
        &stdin_only[..]
    } else {
        files
    };
    for path in files {
        let name = path.display().to_string();
        let reader = open(path).map_err(|source| OfflineError::Read {
            path: name.clone(),
            source,
        })?;
        if text {
            let mut bytes = Vec::new();
            BufReader::new(reader)
                .read_to_end(&mut bytes)
                .map_err(|source| OfflineError::Read {
                    path: name.clone(),
                    source,
                })?;
            one_text(pipeline, mode, &name, &bytes, &mut out, &mut summary)?;
        } else {
            for (n, line) in BufReader::new(reader).split(b'\n').enumerate() {
                let line = line.map_err(|source| OfflineError::Read {
                    path: name.clone(),
                    source,
                })?;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let input = Input {
                    bytes: &line,
                    ..Input::default()
                };
                let at = format!("{name}:{}", n + 1);
                one_json(pipeline, mode, &at, input, &mut out, &mut summary)?;
            }
        }
    }
    out.flush()?;
    Ok(summary)
}

fn open(path: &Path) -> io::Result<Box<dyn Read>> {
    if path.as_os_str() == "-" {
        Ok(Box::new(io::stdin()))
    } else {
        Ok(Box::new(File::open(path)?))
    }
}

fn one_json(
    pipeline: &Pipeline,
    mode: Mode,
    at: &str,
    input: Input<'_>,
    out: &mut impl Write,
    summary: &mut Summary,
) -> Result<(), OfflineError> {
    summary.articles += 1;
    let outcome = pipeline.process(input);
    write_outcome(mode, at, outcome, out, summary)
}

/// A plain-text file: decoded like a message, first line the title, the rest the body.
fn one_text(
    pipeline: &Pipeline,
    mode: Mode,
    name: &str,
    bytes: &[u8],
    out: &mut impl Write,
    summary: &mut Summary,
) -> Result<(), OfflineError> {
    summary.articles += 1;
    let raw = match text_article(pipeline.normalizer(), bytes) {
        Ok(raw) => raw,
        Err(e) => {
            reject(name, e.kind().as_str(), &e.to_string(), summary);
            return Ok(());
        }
    };
    let outcome = pipeline.process_article(raw, None);
    write_outcome(mode, name, outcome, out, summary)
}

/// A plain-text article: decoded like a message; the first line is the title, the rest the body.
pub fn text_article(normalizer: &Normalizer, bytes: &[u8]) -> Result<RawArticle, NormalizeError> {
    let decoded = normalizer.decode(bytes, None)?;
    let text = decoded.text.trim_start_matches('\u{feff}');
    let (title, body) = text.split_once('\n').unwrap_or(("", text));
    Ok(RawArticle {
        title: Some(title.trim_end_matches('\r').to_string()),
        body: Some(body.to_string()),
        repairs: decoded.repairs,
        ..RawArticle::default()
    })
}

fn write_outcome(
    mode: Mode,
    at: &str,
    outcome: Outcome,
    out: &mut impl Write,
    summary: &mut Summary,
) -> Result<(), OfflineError> {
    match outcome {
        Outcome::Accepted { article, events } => match mode {
            Mode::Extract => {
                for event in &events {
                    write_record(out, event)?;
                    summary.records += 1;
                }
            }
            Mode::Normalize => {
                write_record(out, &article)?;
                summary.records += 1;
            }
        },
        Outcome::Rejected(dead) => reject(at, dead.kind.as_str(), &dead.message, summary),
    }
    Ok(())
}

fn write_record(out: &mut impl Write, record: &impl serde::Serialize) -> Result<(), OfflineError> {
    serde_json::to_writer(&mut *out, record).map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}

fn reject(at: &str, kind: &str, message: &str, summary: &mut Summary) {
    summary.rejected += 1;
    eprintln!("{at}: rejected ({kind}): {message}");
}
