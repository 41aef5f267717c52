//! Tokenisation as the English Web Treebank does it, with byte offsets.
//!
//! Words are runs of letters and digits; punctuation stands alone. As in EWT:
//! clitics split off ("don't" → "do n't", "Iran's" → "Iran 's", "can't" → "ca n't"),
//! "cannot" → "can not", hyphenated compounds split ("search-engine" → "search - engine")
//! except after a prefix ("anti-American", "e-mail", "co-founder") and between
//! digits ("2-1"), abbreviations keep their full stop ("Mr.", "U.S."), numbers keep
//! their separators ("1,000", "3.5", "10:30"), and URLs and e-mail addresses stay whole.
//! The gazetteer sees "al-Qaeda" as one word; here it is three tokens with offsets
//! inside that span, so a mention maps to the tokens it covers by byte range.

/// Hyphenated prefixes EWT keeps in one token.
const PREFIXES: &[&str] = &[
    "anti", "co", "counter", "e", "ex", "mid", "mis", "multi", "neo", "non", "over", "post", "pre",
    "pro", "re", "self", "semi", "sub", "vice", "inter", "ultra", "un", "cross",
];

/// Words whose final full stop belongs to them (lowercase, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen",
    "rep", "rev", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "pres",
    "approx", "dept", "univ", "cf", "al",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Byte ranges of the tokens of `text`.
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let b = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("in bounds");
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        // URLs and e-mail addresses: up to whitespace, without trailing punctuation.
        let rest = &text[i..];
        let lower_starts = |p: &str| {
            rest.as_bytes()
                .get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
        };
        if lower_starts("http://") || lower_starts("https://") || lower_starts("www.") {
            let mut e = rest.find(char::is_whitespace).map_or(text.len(), |p| i + p);
            while e > i + 4
                && matches!(
                    b[e - 1],
                    b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'"' | b'\''
                )
            {
                e -= 1;
            }
            out.push((i, e));
            i = e;
            continue;
        }
        if is_word_char(c) {
            let e = word_end(text, i);
            split_word(text, i, e, &mut out);
            i = e;
            continue;
        }
        // Punctuation: a run of the same character is one token ("...", "--", "!!").
        let mut e = i + c.len_utf8();
        while let Some(d) = text[e..].chars().next() {
            if d != c || c.is_alphanumeric() {
                break;
            }
            e += d.len_utf8();
        }
        out.push((i, e));
        i = e;
    }
    out
}

/// End of the word starting at `s`: letters and digits, with inner '.', ',', ':' between
/// digits, inner '.' in dotted abbreviations, '@' in addresses, '-', and apostrophes.
fn word_end(text: &str, s: usize) -> usize {
    let mut e = s;
    let mut prev: Option<char> = None;
    let mut chars = text[s..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let next = chars.peek().map(|x| x.1);
        let ok = if is_word_char(c) {
            true
        } else {
            let (p, n) = (prev.unwrap_or(' '), next.unwrap_or(' '));
            match c {
                ',' | ':' => p.is_ascii_digit() && n.is_ascii_digit(),
                '.' => p.is_alphanumeric() && n.is_alphanumeric(),
                '@' | '/' => p.is_alphanumeric() && n.is_alphanumeric() && c == '@',
                '-' | '\'' | '’' | '&' => p.is_alphanumeric() && n.is_alphanumeric(),
                _ => false,
            }
        };
        if !ok {
            break;
        }
        e = s + off + c.len_utf8();
        prev = Some(c);
    }
    // A final full stop that belongs to an abbreviation ("Mr.", "U.S.", "a.m.").
    if text[e..].starts_with('.') {
        let w = &text[s..e];
        let lower = w.to_ascii_lowercase();
        let dotted = w.contains('.') && w.split('.').all(|p| p.chars().count() <= 2);
        let single_cap = w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase());
        if ABBREVIATIONS.contains(&lower.as_str()) || dotted || single_cap {
            e += 1;
        }
    }
    e
}

/// Splits one word at hyphens and clitics.
fn split_word(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let w = &text[s..e];
    if w.contains('@')
        || w.contains('.')
            && !w.ends_with('.')
            && w.bytes().any(|c| c.is_ascii_alphabetic())
            && w.len() > 6
    {
        out.push((s, e));
        return;
    }
    // Hyphens: split unless a prefix or digits on both sides.
    let mut start = s;
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    let mut k = s;
    while k < e {
        if bytes[k] == b'-' && k > start {
            let left = &text[start..k];
            let keep = PREFIXES.iter().any(|p| left.eq_ignore_ascii_case(p))
                || (left.bytes().all(|c| c.is_ascii_digit())
                    && bytes.get(k + 1).is_some_and(|c| c.is_ascii_digit()));
            if !keep {
                parts.push((start, k));
                parts.push((k, k + 1));
                start = k + 1;
            }
        }
        k += 1;
    }
    parts.push((start, e));
    for (ps, pe) in parts {
        clitics(text, ps, pe, out);
    }
}

fn clitics(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    if s >= e {
        return;
    }
    let w = &text[s..e];
    let lower = w.to_lowercase().replace('’', "'");
    // "n't" ("don't", "can't" → "ca n't", "won't" → "wo n't").
    if lower.len() > 3 && lower.ends_with("n't") {
        let cut = e - (w.len() - w.rfind(['n', 'N']).unwrap_or(w.len()));
        if cut > s {
            out.push((s, cut));
            out.push((cut, e));
            return;
        }
    }
    if lower == "cannot" {
        out.push((s, s + 3));
        out.push((s + 3, e));
        return;
    }
    if let Some(p) = w
        .char_indices()
        .rev()
        .find(|&(_, c)| is_apostrophe(c))
        .map(|x| x.0)
    {
        let tail = lower[lower.rfind('\'').map_or(0, |x| x + 1)..].to_string();
        if p > 0 && matches!(tail.as_str(), "s" | "re" | "ll" | "ve" | "d" | "m") {
            out.push((s, s + p));
            out.push((s + p, e));
            return;
        }
    }
    out.push((s, e));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<&str> {
        tokenize(t).into_iter().map(|(s, e)| &t[s..e]).collect()
    }

    #[test]
    fn splits_like_the_treebank() {
        assert_eq!(
            toks("Mr. Smith didn't say the U.S. search-engine's 1,000 e-mails cost $3.5 million."),
            [
                "Mr.", "Smith", "did", "n't", "say", "the", "U.S.", "search", "-", "engine", "'s",
                "1,000", "e-mails", "cost", "$", "3.5", "million", "."
            ]
        );
        assert_eq!(
            toks("I can't, we won't… “No!”"),
            ["I", "ca", "n't", ",", "we", "wo", "n't", "…", "“", "No", "!", "”"]
        );
        assert_eq!(
            toks("anti-American al-Qaeda won 2-1"),
            ["anti-American", "al", "-", "Qaeda", "won", "2-1"]
        );
        assert_eq!(
            toks("see www.bbc.co.uk/news. Mail bob@x.org"),
            ["see", "www.bbc.co.uk/news", ".", "Mail", "bob@x.org"]
        );
        assert_eq!(
            toks("leaders' talks cannot wait..."),
            ["leaders", "'", "talks", "can", "not", "wait", "..."]
        );
    }

    #[test]
    fn offsets_are_char_boundaries_on_any_text() {
        for t in [
            "Ça va? Él dijo “sí”—no.",
            "日本の首相は言った。",
            "a\u{301}b’s",
            "'-'.@",
        ] {
            for (s, e) in tokenize(t) {
                assert!(
                    s < e && t.is_char_boundary(s) && t.is_char_boundary(e),
                    "{t:?}"
                );
            }
        }
    }
}
