//! Sentence splitting with byte ranges and Unicode code-point offsets.
//!
//! Evidence offsets index the normalised body in code points (Python slicing),
//! so every sentence carries both: bytes for slicing in Rust, chars for records.

/// One sentence of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Code-point range in the text.
    pub char_start: usize,
    pub char_end: usize,
}

impl Sentence {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// The byte just after the char starting at `p` (for `rfind` results on non-ASCII text).
pub fn after_char(s: &str, p: usize) -> usize {
    p + s[p..].chars().next().map_or(1, char::len_utf8)
}

/// Words (letters, digits, `-`) with their byte offsets.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '-';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

/// Abbreviations after which a full stop does not end a sentence (lowercase, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen",
    "rep", "rev", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k",
    "e.u", "a.m", "p.m", "i.e", "e.g", "approx", "est", "mt", "ft", "pres",
];

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

/// Text read per step of [`split`]: its per-character table (16 bytes a
/// character) is built for one stretch at a time, so splitting a long body
/// costs memory in proportion to this, not to the body.
const CHUNK_BYTES: usize = 64 * 1024;

/// Splits `text` into sentences. Never panics; whitespace-only spans are dropped.
pub fn split(text: &str) -> Vec<Sentence> {
    split_in_chunks(text, CHUNK_BYTES)
}

/// A blank line always ends a sentence, so the text is read in stretches that
/// end just after the first newline of a blank line (at least `chunk` bytes
/// each). Each stretch's table also covers what the rules look at beyond it
/// (the blank, any punctuation, and the next word's first character), so the
/// result is the same as reading the whole text at once.
fn split_in_chunks(text: &str, chunk: usize) -> Vec<Sentence> {
    let mut out = Vec::new();
    let (mut from, mut chars_before) = (0usize, 0usize);
    loop {
        // A newline is one byte and never inside a character: any byte offset works.
        let cut = text
            .as_bytes()
            .get(from + chunk.max(1)..)
            .and_then(|rest| memchr::memmem::find(rest, b"\n\n"))
            .map(|p| from + chunk.max(1) + p + 1);
        let Some(cut) = cut else {
            split_stretch(text, from, None, chars_before, &mut out);
            return out;
        };
        // Beyond the cut: everything up to and including the next alphanumeric character.
        let ahead = text[cut..]
            .char_indices()
            .find(|(_, c)| c.is_alphanumeric())
            .map_or(text.len(), |(p, c)| cut + p + c.len_utf8());
        chars_before += split_stretch(text, from, Some((cut, ahead)), chars_before, &mut out);
        from = cut;
    }
}

/// Split `text[from..]` up to `cut` (or to the end), with `text[cut..ahead]`
/// visible to the rules. Returns the characters in `text[from..cut]`.
fn split_stretch(
    text: &str,
    from: usize,
    cut: Option<(usize, usize)>,
    chars_before: usize,
    out: &mut Vec<Sentence>,
) -> usize {
    let (end, visible) = cut.unwrap_or((text.len(), text.len()));
    let chars: Vec<(usize, char)> = text[from..visible]
        .char_indices()
        .map(|(p, c)| (from + p, c))
        .collect();
    let stretch = chars.partition_point(|&(p, _)| p < end);
    let first = out.len();
    split_chars(text, &chars, stretch, out);
    for s in &mut out[first..] {
        s.char_start += chars_before;
        s.char_end += chars_before;
    }
    stretch
}

/// The splitter over `chars[..stretch]` (`chars` may reach further, for look-ahead).
fn split_chars(text: &str, chars: &[(usize, char)], stretch: usize, out: &mut Vec<Sentence>) {
    let mut seg_start = 0usize; // index into `chars`
    let mut i = 0usize;
    while i < stretch {
        let (_, c) = chars[i];
        let newline_break = c == '\n' && i + 1 < chars.len() && chars[i + 1].1 == '\n';
        let terminal = matches!(c, '.' | '!' | '?' | '…');
        if newline_break || (c == '\n' && line_is_heading(chars, seg_start, i)) {
            push(out, text, chars, seg_start, i);
            seg_start = i + 1;
        } else if terminal {
            // Absorb closing quotes/brackets and repeated punctuation.
            let mut j = i + 1;
            while j < chars.len()
                && (is_closing(chars[j].1) || matches!(chars[j].1, '.' | '!' | '?'))
            {
                j += 1;
            }
            let at_end = j >= chars.len();
            let followed_by_space = !at_end && chars[j].1.is_whitespace();
            if at_end
                || (followed_by_space
                    && starts_new_sentence(chars, j)
                    && !if is_dotted_initials(text, chars, seg_start, i) {
                        !opens_sentence(text, chars, j)
                    } else {
                        is_abbreviation(text, chars, seg_start, i)
                    })
            {
                push(out, text, chars, seg_start, j);
                seg_start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    // A stretch ends just after a blank line's first newline, which ended the
    // last sentence; only the text's last stretch has a sentence left.
    push(out, text, chars, seg_start, stretch);
}

/// A single line without terminal punctuation (a heading, a dateline) stands alone.
fn line_is_heading(chars: &[(usize, char)], from: usize, nl: usize) -> bool {
    // Only the current line, and only when it is a whole line: a heading or dateline
    // ("Gaza City, Monday") rather than prose wrapped across lines.
    let line_start = chars[from..nl]
        .iter()
        .rposition(|c| c.1 == '\n')
        .map_or(from, |p| from + p + 1);
    if line_start != from && chars[line_start - 1].1 != '\n' {
        return false;
    }
    let line: String = chars[line_start..nl].iter().map(|c| c.1).collect();
    let trimmed = line.trim();
    let next_upper = chars[nl + 1..]
        .iter()
        .map(|c| c.1)
        .find(|c| !c.is_whitespace())
        .is_none_or(char::is_uppercase);
    let last_word = trimmed
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    !trimmed.is_empty()
        && next_upper
        && !trimmed.ends_with(['.', '!', '?', ',', ':', ';'])
        && !trimmed.ends_with(is_closing)
        && !matches!(
            last_word.as_str(),
            "the"
                | "a"
                | "an"
                | "of"
                | "and"
                | "to"
                | "in"
                | "with"
                | "for"
                | "by"
                | "on"
                | "at"
                | "or"
        )
        && trimmed.split_whitespace().count() <= 12
}

fn starts_new_sentence(chars: &[(usize, char)], mut j: usize) -> bool {
    while j < chars.len() && chars[j].1.is_whitespace() {
        j += 1;
    }
    while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '“' | '‘' | '(' | '«' | '—' | '-')
    {
        j += 1;
    }
    j >= chars.len() || chars[j].1.is_uppercase() || chars[j].1.is_ascii_digit()
}

fn is_abbreviation(text: &str, chars: &[(usize, char)], seg_start: usize, dot: usize) -> bool {
    // The word before the dot.
    let mut k = dot;
    while k > seg_start
        && !chars[k - 1].1.is_whitespace()
        && !matches!(chars[k - 1].1, '(' | '"' | '“')
    {
        k -= 1;
    }
    if k == dot {
        return false;
    }
    let word = &text[chars[k].0..chars[dot].0];
    let lower = word.to_ascii_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Initials: "J." or "U.S" style.
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1 && word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// "P.W", "U.S", "F.W": letters each followed by a dot. Before a name or title
/// ("P.W. Botha", "U.S. President") the dot ends no sentence.
fn is_dotted_initials(text: &str, chars: &[(usize, char)], seg_start: usize, dot: usize) -> bool {
    let mut k = dot;
    while k > seg_start && !chars[k - 1].1.is_whitespace() {
        k -= 1;
    }
    let word = &text[chars[k].0..chars[dot].0];
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            let mut cs = p.chars();
            cs.next().is_some_and(char::is_uppercase) && cs.next().is_none()
        })
}

/// Whether the word after `j` typically opens a sentence ("The", "He", "In").
fn opens_sentence(text: &str, chars: &[(usize, char)], mut j: usize) -> bool {
    while j < chars.len() && !chars[j].1.is_alphanumeric() {
        j += 1;
    }
    let Some(&(start, _)) = chars.get(j) else {
        return true;
    };
    let word: String = text[start..]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    matches!(
        word.as_str(),
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "In"
            | "On"
            | "But"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "At"
            | "After"
            | "As"
            | "When"
            | "If"
            | "And"
            | "Meanwhile"
            | "However"
            | "Some"
            | "Many"
            | "Officials"
            | "Earlier"
            | "Last"
            | "Since"
            | "While"
    )
}

fn push(out: &mut Vec<Sentence>, text: &str, chars: &[(usize, char)], from: usize, to: usize) {
    let mut a = from;
    let mut b = to.min(chars.len());
    while a < b && chars[a].1.is_whitespace() {
        a += 1;
    }
    while b > a && chars[b - 1].1.is_whitespace() {
        b -= 1;
    }
    if a >= b {
        return;
    }
    let start = chars[a].0;
    let end = if b < chars.len() {
        chars[b].0
    } else {
        text.len()
    };
    out.push(Sentence {
        start,
        end,
        char_start: a,
        char_end: b,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Reading the text in stretches gives exactly what reading it whole
        /// gives, wherever the stretches end.
        #[test]
        fn stretches_split_like_the_whole_text(
            text in "([A-Za-z]{1,6}|[ .!?\"'()\n]|\n\n|\n\n\n|U\\.S\\.|Mr\\.|“|”|é|—|…){0,120}",
            chunk in 1usize..40,
        ) {
            let whole = split_in_chunks(&text, usize::MAX / 2);
            proptest::prop_assert_eq!(split_in_chunks(&text, chunk), whole);
        }
    }

    #[test]
    fn a_long_body_is_split_like_the_whole_text() {
        let para = "Mr. Smith met the U.S. envoy on Monday. “We agree,” he said.\nGaza City, Monday\nThe talks went on… and on! Did they end? No.";
        let text = [para; 50].join("\n\n\n");
        let whole = split_in_chunks(&text, usize::MAX / 2);
        assert!(whole.len() > 200);
        for chunk in [1, 7, 100, 1000] {
            assert_eq!(split_in_chunks(&text, chunk), whole, "chunk {chunk}");
        }
        assert_eq!(split(&text), whole);
    }

    fn texts(t: &str) -> Vec<&str> {
        split(t).iter().map(|s| s.text(t)).collect()
    }

    #[test]
    fn splits_on_terminal_punctuation_not_abbreviations() {
        let t = "Mr. Smith met U.S. officials. They agreed.  Then “No,” he said. Done!";
        assert_eq!(
            texts(t),
            vec![
                "Mr. Smith met U.S. officials.",
                "They agreed.",
                "Then “No,” he said.",
                "Done!"
            ]
        );
    }

    #[test]
    fn dotted_initials_before_a_name_end_no_sentence() {
        let t = "President P.W. Botha refused. U.S. President Bush met him in the U.S. The talks ended.";
        assert_eq!(
            texts(t),
            vec![
                "President P.W. Botha refused.",
                "U.S. President Bush met him in the U.S.",
                "The talks ended."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        let t = "He said, “No participation is envisaged. I am not considering it.” Later.";
        assert_eq!(
            texts(t),
            vec![
                "He said, “No participation is envisaged.",
                "I am not considering it.”",
                "Later."
            ]
        );
    }

    #[test]
    fn char_offsets_index_code_points() {
        let t = "Azerbaijan’s plan — no. Next “one”.";
        for s in split(t) {
            let by_chars: String = t
                .chars()
                .skip(s.char_start)
                .take(s.char_end - s.char_start)
                .collect();
            assert_eq!(by_chars, s.text(t));
        }
    }

    #[test]
    fn wrapped_prose_is_not_split_at_line_ends() {
        let t = "The minister said the talks\nwould resume on Monday in Geneva.\nThey did.";
        assert_eq!(
            texts(t),
            vec![
                "The minister said the talks\nwould resume on Monday in Geneva.",
                "They did."
            ]
        );
    }

    #[test]
    fn long_unpunctuated_text_splits_in_linear_time() {
        let t = "word ".repeat(200_000) + "\n" + &"line\n".repeat(50_000);
        let start = std::time::Instant::now();
        let _ = split(&t);
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn paragraphs_and_headings_split() {
        assert_eq!(
            texts("Title line\nBody text here.\n\nNext para"),
            vec!["Title line", "Body text here.", "Next para"]
        );
        assert!(split("   \n\n ").is_empty());
    }
}
