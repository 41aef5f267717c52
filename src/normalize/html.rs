//! HTML to text: tags stripped, boilerplate elements (script, style, nav,
//! header, footer, aside, form...) dropped with their content, block elements
//! turned into paragraph breaks, character references decoded.
//!
//! A `<` counts as a tag only when followed by a letter, `/`, `!` or `?` and
//! closed by `>`; otherwise it is text, so `a < b` and `x <3` survive.

use memchr::memchr;

use super::entities;

/// Elements dropped with everything inside them.
const SKIP: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "head",
    "title", "svg", "iframe", "object", "select", "button", "canvas", "math",
];

/// Elements whose content is raw text: only their own end tag ends them.
const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp"];

/// Elements that start or end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "address",
    "body",
    "html",
    "caption",
    "details",
    "summary",
    "hgroup",
];

/// Convert HTML to plain text (paragraphs separated by blank lines, before
/// whitespace clean-up). `entities` is set when a character reference was decoded.
pub(super) fn to_text(html: &str) -> (String, bool) {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut had_entities = false;
    let mut i = 0;
    while i < bytes.len() {
        let Some(k) = memchr(b'<', &bytes[i..]) else {
            had_entities |= push_text(&mut out, &html[i..]);
            break;
        };
        let lt = i + k;
        had_entities |= push_text(&mut out, &html[i..lt]);
        match tag_at(html, lt) {
            Some(tag) => {
                i = tag.end;
                if tag.closing || tag.name.is_empty() {
                    if BLOCK.contains(&tag.name.as_str()) {
                        out.push_str("\n\n");
                    }
                    continue;
                }
                if SKIP.contains(&tag.name.as_str()) && !tag.self_closing {
                    i = skip_element(html, i, &tag.name);
                } else if BLOCK.contains(&tag.name.as_str()) {
                    out.push_str(if tag.name == "br" { "\n" } else { "\n\n" });
                } else if RAW.contains(&tag.name.as_str()) {
                    // textarea, xmp: keep the raw content as text.
                    let end = find_end_tag(html, i, &tag.name).unwrap_or(html.len());
                    out.push_str(&html[i..end]);
                    i = end;
                }
            }
            None => {
                out.push('<');
                i = lt + 1;
            }
        }
    }
    (out, had_entities)
}

fn push_text(out: &mut String, text: &str) -> bool {
    let decoded = entities::decode(text, true);
    let changed = matches!(decoded, std::borrow::Cow::Owned(_));
    out.push_str(&decoded);
    changed
}

struct Tag {
    /// Lower-case element name; empty for comments, doctypes, processing instructions.
    name: String,
    closing: bool,
    self_closing: bool,
    /// Byte index just after the tag.
    end: usize,
}

/// Parse the tag starting at `html[lt] == '<'`, if it is one.
fn tag_at(html: &str, lt: usize) -> Option<Tag> {
    let rest = &html[lt + 1..];
    let first = *rest.as_bytes().first()?;
    if let Some(comment) = rest.strip_prefix("!--") {
        let end = comment
            .find("-->")
            .map_or(html.len(), |k| lt + 1 + 3 + k + 3);
        return Some(Tag {
            name: String::new(),
            closing: false,
            self_closing: true,
            end,
        });
    }
    if first == b'!' || first == b'?' {
        let end = lt + 1 + memchr(b'>', rest.as_bytes())? + 1;
        return Some(Tag {
            name: String::new(),
            closing: false,
            self_closing: true,
            end,
        });
    }
    let (closing, name_from) = if first == b'/' { (true, 1) } else { (false, 0) };
    let name_bytes = &rest.as_bytes()[name_from..];
    if !name_bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_len = name_bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
        .count();
    let name = rest[name_from..name_from + name_len].to_ascii_lowercase();
    // Find the closing '>' outside quoted attribute values.
    let mut quote: Option<u8> = None;
    for (k, &b) in rest
        .as_bytes()
        .iter()
        .enumerate()
        .skip(name_from + name_len)
    {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => {
                return Some(Tag {
                    self_closing: k > 0 && rest.as_bytes()[k - 1] == b'/',
                    name,
                    closing,
                    end: lt + 1 + k + 1,
                })
            }
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

/// Skip an element's content (nested same-name elements included); returns
/// the index after its end tag, or the end of input.
fn skip_element(html: &str, from: usize, name: &str) -> usize {
    if RAW.contains(&name) {
        return find_end_tag(html, from, name)
            .and_then(|k| tag_at(html, k))
            .map_or(html.len(), |t| t.end);
    }
    let mut depth = 1usize;
    let mut i = from;
    while let Some(k) = memchr(b'<', &html.as_bytes()[i..]) {
        let lt = i + k;
        match tag_at(html, lt) {
            Some(tag) => {
                i = tag.end;
                if tag.name == name {
                    if tag.closing {
                        depth -= 1;
                        if depth == 0 {
                            return i;
                        }
                    } else if !tag.self_closing {
                        depth += 1;
                    }
                }
            }
            None => i = lt + 1,
        }
    }
    html.len()
}

/// Index of `</name` (case-insensitive) at or after `from`.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(k) = memchr(b'<', &bytes[i..]) {
        let lt = i + k;
        let rest = &bytes[lt + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len()
            && rest[1..=name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(lt);
        }
        i = lt + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_boilerplate_and_blocks() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body>\
            <header><nav><a href='/'>Home</a></nav></header>\
            <article><h1>Big &amp; bold</h1><p>First <b>para</b>&nbsp;here.</p>\
            <script>if (a < b) { x = '</p>'; }</script>\
            <p>Second<br>line &eacute;t&amp;eacute;</p></article>\
            <aside>Related</aside><form><input name=q></form><footer>(c)</footer></body></html>";
        let (text, ents) = to_text(html);
        let paras: Vec<&str> = text
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            paras,
            ["Big & bold", "First para\u{A0}here.", "Second", "line été"]
        );
        assert!(ents);
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        let (text, _) = to_text("if a < b and c <= d, x <3 y > z");
        assert_eq!(text, "if a < b and c <= d, x <3 y > z");
        let (text, _) = to_text("<p>unclosed <b");
        assert_eq!(text.trim(), "unclosed <b");
    }

    #[test]
    fn comments_and_nested_skips() {
        let (text, _) = to_text("a<!-- <p>hidden</p> -->b<nav>x<nav>y</nav>z</nav>c");
        assert_eq!(text, "abc");
    }
}
