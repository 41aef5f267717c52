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
        let read_error = |source| OfflineError::Read {
            path: name.clone(),
            source,
        };
        // Never more than the size limit (plus one byte, to tell) per article
        // in memory, however large the file or line.
        let limit = pipeline.max_message_bytes();
        if text {
            let mut bytes = Vec::new();
            reader
                .take(limit as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(read_error)?;
            if bytes.len() > limit {
                summary.articles += 1;
                let size = std::fs::metadata(path)
                    .ok()
                    .filter(|m| m.is_file())
                    .map(|m| m.len());
                let dead = pipeline.too_large(size);
                reject(&name, dead.kind.as_str(), &dead.message, &mut summary);
                continue;
            }
            one_text(pipeline, mode, &name, &bytes, &mut out, &mut summary)?;
        } else {
            let mut lines = BufReader::new(reader);
            let mut line = Vec::new();
            let mut n = 0;
            while let Some(length) = read_line(&mut lines, limit, &mut line).map_err(read_error)? {
                n += 1;
                let at = format!("{name}:{n}");
                if length > limit as u64 {
                    summary.articles += 1;
                    let dead = pipeline.too_large(Some(length));
                    reject(&at, dead.kind.as_str(), &dead.message, &mut summary);
                    continue;
                }
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let input = Input {
                    bytes: &line,
                    ..Input::default()
                };
                one_json(pipeline, mode, &at, input, &mut out, &mut summary)?;
            }
        }
    }
    out.flush()?;
    Ok(summary)
}

/// Read the next line (without its `\n`) into `line`, keeping at most
/// `limit + 1` bytes of it; the rest of a longer line is read and dropped.
/// Returns the line's full length, or `None` at the end of the input.
fn read_line(
    input: &mut impl BufRead,
    limit: usize,
    line: &mut Vec<u8>,
) -> io::Result<Option<u64>> {
    line.clear();
    let mut length = 0u64;
    let mut any = false;
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(length));
        }
        any = true;
        let (part, newline) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], true),
            None => (chunk, false),
        };
        let room = (limit + 1).saturating_sub(line.len());
        line.extend_from_slice(&part[..part.len().min(room)]);
        length += part.len() as u64;
        let used = part.len() + usize::from(newline);
        input.consume(used);
        if newline {
            return Ok(Some(length));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_up_to_the_limit_and_the_rest_dropped() {
        let data = b"short\n0123456789abcdef\n\nlast";
        let mut input = io::BufReader::with_capacity(4, &data[..]);
        let mut line = Vec::new();
        let mut got = Vec::new();
        while let Some(len) = read_line(&mut input, 8, &mut line).unwrap() {
            assert!(line.len() <= 9);
            got.push((len, String::from_utf8(line.clone()).unwrap()));
        }
        assert_eq!(
            got,
            vec![
                (5, "short".to_string()),
                (16, "012345678".to_string()),
                (0, String::new()),
                (4, "last".to_string()),
            ]
        );
    }

    #[test]
    fn oversized_text_files_and_lines_are_too_large_without_reading_them_whole() {
        let dir = std::env::temp_dir().join(format!("newsworker-offline-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.txt");
        std::fs::write(&big, format!("Title\n{}", "Leaders met. ".repeat(100))).unwrap();
        let small = dir.join("small.txt");
        std::fs::write(&small, "Title\nLeaders met.").unwrap();
        let jsonl = dir.join("in.jsonl");
        std::fs::write(
            &jsonl,
            format!(
                "{{\"body\": \"{}\"}}\n{{\"body\": \"ok\"}}\n",
                "x".repeat(500)
            ),
        )
        .unwrap();
        let p = Pipeline::new(
            Normalizer::default(),
            crate::extract::Extractor::builtin(),
            256,
        );
        let mut out = Vec::new();
        let s = run(&p, Mode::Normalize, &[big, small], true, &mut out).unwrap();
        assert_eq!((s.articles, s.records, s.rejected), (2, 1, 1));
        let s = run(
            &p,
            Mode::Normalize,
            std::slice::from_ref(&jsonl),
            false,
            &mut out,
        )
        .unwrap();
        assert_eq!((s.articles, s.records, s.rejected), (2, 1, 1));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
