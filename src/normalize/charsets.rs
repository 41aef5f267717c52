//! The legacy single-byte charsets that UTF-8 gets misdecoded through, as
//! reverse tables (char → byte) built once from encoding_rs's WHATWG tables.
//!
//! Windows-1252 also covers Latin-1: the C1 controls U+0080..U+009F map back to
//! their own byte, so `â\u{80}\u{99}` (UTF-8 read as ISO-8859-1) repairs too.

use std::sync::OnceLock;

use encoding_rs::Encoding;

/// Index of a charset in [`CHARSETS`].
pub(super) type Cs = usize;

/// A legacy charset that mojibake is repaired from.
pub(super) struct Charset {
    /// Repair tag, e.g. `mojibake:utf8-as-windows-1252`.
    pub tag: &'static str,
    encoding: Table,
}

/// Where a charset's high half comes from.
#[derive(Clone, Copy)]
enum Table {
    /// encoding_rs's WHATWG table.
    Whatwg(&'static Encoding),
    /// Our own, for a charset WHATWG does not define: (name, bytes 0x80..=0xFF).
    Own(&'static str, &'static str),
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Whatwg(e) => e.name(),
            Table::Own(name, _) => name,
        }
    }

    fn decode(self, b: u8) -> Option<char> {
        match self {
            Table::Whatwg(e) => {
                let one = [b];
                let (text, had_errors) = e.decode_without_bom_handling(&one);
                text.chars().next().filter(|_| !had_errors)
            }
            // Code page 437's Greek letters (E0..EF: leads of three-byte
            // UTF-8, CJK's) are left out: real Greek must stay a script no
            // charset leads with, and `√π` stays math.
            Table::Own(_, high) => high
                .chars()
                .nth(usize::from(b - 0x80))
                .filter(|c| !('\u{370}'..='\u{3FF}').contains(c)),
        }
    }
}

/// IBM code page 437 (the DOS console), bytes 0x80..=0xFF: its box drawing
/// and Greek are what UTF-8 Cyrillic and Vietnamese turn into there.
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»\
    ░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀\
    αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}";

/// In tie-break order: the most common source of mojibake first.
pub(super) const CHARSETS: [Charset; 8] = [
    Charset {
        tag: "mojibake:utf8-as-windows-1252",
        encoding: Table::Whatwg(encoding_rs::WINDOWS_1252),
    },
    Charset {
        tag: "mojibake:utf8-as-windows-1250",
        encoding: Table::Whatwg(encoding_rs::WINDOWS_1250),
    },
    Charset {
        tag: "mojibake:utf8-as-windows-1251",
        encoding: Table::Whatwg(encoding_rs::WINDOWS_1251),
    },
    Charset {
        tag: "mojibake:utf8-as-macroman",
        encoding: Table::Whatwg(encoding_rs::MACINTOSH),
    },
    Charset {
        tag: "mojibake:utf8-as-windows-874",
        encoding: Table::Whatwg(encoding_rs::WINDOWS_874),
    },
    // Central European as ISO (Czech, Slovak pages): its A1..BF differ from
    // Windows-1250's, and its 80..9F are C1 controls that stand for themselves.
    Charset {
        tag: "mojibake:utf8-as-iso-8859-2",
        encoding: Table::Whatwg(encoding_rs::ISO_8859_2),
    },
    // Baltic (Latvian, Lithuanian).
    Charset {
        tag: "mojibake:utf8-as-windows-1257",
        encoding: Table::Whatwg(encoding_rs::WINDOWS_1257),
    },
    // The DOS console (Russian, Czech, Vietnamese through a terminal).
    Charset {
        tag: "mojibake:utf8-as-cp437",
        encoding: Table::Own("IBM437", CP437_HIGH),
    },
];

pub(super) const N: usize = CHARSETS.len();
pub(super) const WINDOWS_1252: Cs = 0;
pub(super) const WINDOWS_1250: Cs = 1;
pub(super) const WINDOWS_874: Cs = 4;
pub(super) const LATIN1_TAG: &str = "mojibake:utf8-as-latin-1";

/// Chars below this are looked up in a dense table; the few above in a list.
const DENSE: usize = 0x2600;

struct Tables {
    /// `dense[c][cs]` = byte (0x80..=0xFF) that `c` encodes to in `cs`, or 0.
    dense: Vec<[u8; N]>,
    /// Mapped chars at or above `DENSE` (MacRoman's ◊, ﬁ, ﬂ, Apple logo).
    sparse: Vec<(char, [u8; N])>,
    /// `forward[cs][b - 0x80]` = the char byte `b` decodes to, if any.
    forward: [[Option<char>; 128]; N],
    /// See [`continuation_seconds`].
    seconds: [u64; 256],
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(build)
}

fn build() -> Tables {
    let mut dense = vec![[0u8; N]; DENSE];
    let mut sparse: Vec<(char, [u8; N])> = Vec::new();
    let mut forward = [[None; 128]; N];
    for (cs, charset) in CHARSETS.iter().enumerate() {
        for b in 0x80u8..=0xFF {
            let Some(c) = charset.encoding.decode(b) else {
                continue;
            };
            forward[cs][usize::from(b - 0x80)] = Some(c);
            set(&mut dense, &mut sparse, c, cs, b);
        }
        if cs == WINDOWS_1252 {
            // Latin-1: C1 controls stand for themselves.
            for b in 0x80u8..=0x9F {
                set(&mut dense, &mut sparse, char::from(b), cs, b);
            }
        }
    }
    // The chars that encode to a continuation byte: those bytes decoded, and
    // the C1 controls Latin-1 keeps as themselves.
    let mut seconds = [0u64; 256];
    let decoded = forward
        .iter()
        .flat_map(|f| f[..0x40].iter().flatten().copied());
    for c in decoded.chain('\u{80}'..='\u{9F}') {
        let mut utf8 = [0u8; 4];
        let b = c.encode_utf8(&mut utf8).as_bytes();
        seconds[usize::from(b[0])] |= 1 << (b[1] & 0x3F);
    }
    Tables {
        dense,
        sparse,
        forward,
        seconds,
    }
}

fn set(dense: &mut [[u8; N]], sparse: &mut Vec<(char, [u8; N])>, c: char, cs: Cs, b: u8) {
    let i = c as usize;
    if i < DENSE {
        dense[i][cs] = b;
    } else if let Some(entry) = sparse.iter_mut().find(|(k, _)| *k == c) {
        entry.1[cs] = b;
    } else {
        sparse.push((c, {
            let mut row = [0u8; N];
            row[cs] = b;
            row
        }));
    }
}

/// The bytes `c` encodes to in each charset (0 where it has none, and for ASCII).
#[inline]
pub(super) fn bytes_of(c: char) -> [u8; N] {
    let i = c as usize;
    if !(0x80..=0xFB02).contains(&i) {
        return [0; N];
    }
    let t = tables();
    if i < DENSE {
        t.dense[i]
    } else {
        t.sparse
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, row)| *row)
            .unwrap_or([0; N])
    }
}

/// Per UTF-8 lead byte, bit `k` set when some char whose UTF-8 starts with
/// that lead and then `0x80 + k` encodes, in some charset, to a continuation
/// byte (0x80..=0xBF): a quick superset test, per byte, for [`cont_mask`].
pub(super) fn continuation_seconds() -> &'static [u64; 256] {
    &tables().seconds
}

/// Bit `cs` set where a row of [`bytes_of`] holds a byte that can lead a
/// UTF-8 sequence (0xC2..=0xF4).
#[inline]
pub(super) fn lead_mask(row: [u8; N]) -> u8 {
    mask(row, |b| (0xC2..=0xF4).contains(&b))
}

/// Bit `cs` set where a row of [`bytes_of`] holds a UTF-8 continuation byte.
#[inline]
pub(super) fn cont_mask(row: [u8; N]) -> u8 {
    mask(row, |b| (0x80..=0xBF).contains(&b))
}

fn mask(row: [u8; N], f: impl Fn(u8) -> bool) -> u8 {
    row.iter()
        .enumerate()
        .filter(|&(_, &b)| f(b))
        .fold(0, |m, (cs, _)| m | 1 << cs)
}

/// The char that byte `b` (0x80..=0xFF) decodes to in `cs`.
pub(super) fn char_of(cs: Cs, b: u8) -> Option<char> {
    if b < 0x80 {
        return None;
    }
    tables().forward[cs][usize::from(b - 0x80)]
}

/// Misdecode `text`'s UTF-8 bytes through charset `cs`, as a broken pipeline
/// would. `None` when a byte has no char there (the damage would be lossy).
pub fn misdecode(text: &str, cs_name: &str) -> Option<String> {
    if cs_name.eq_ignore_ascii_case("latin-1") || cs_name.eq_ignore_ascii_case("iso-8859-1") {
        return Some(text.bytes().map(char::from).collect());
    }
    let cs = CHARSETS.iter().position(|c| {
        c.tag.ends_with(cs_name) || c.encoding.name().eq_ignore_ascii_case(cs_name)
    })?;
    let mut out = String::with_capacity(text.len() * 2);
    for &b in text.as_bytes() {
        if b < 0x80 {
            out.push(char::from(b));
        } else {
            out.push(char_of(cs, b)?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_round_trip_every_mapped_byte() {
        for (cs, charset) in CHARSETS.iter().enumerate() {
            for b in 0x80u8..=0xFF {
                if let Some(c) = char_of(cs, b) {
                    assert_eq!(bytes_of(c)[cs], b, "{} byte {b:#x}", charset.tag);
                }
            }
        }
    }

    #[test]
    fn continuation_seconds_cover_every_continuation_char() {
        let seconds = continuation_seconds();
        for u in 0x80..=0xFB02u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut utf8 = [0u8; 4];
            let b = c.encode_utf8(&mut utf8).as_bytes();
            let flagged = seconds[usize::from(b[0])] >> (b[1] & 0x3F) & 1 == 1;
            if cont_mask(bytes_of(c)) != 0 {
                assert!(flagged, "U+{u:04X}");
            }
        }
        assert_eq!(
            seconds[0xD0] >> 0x30 & 1,
            0,
            "Cyrillic р is no continuation"
        );
        assert_eq!(
            seconds[0xE0] >> 0x38 & 1,
            1,
            "Thai consonants are (Windows-874)"
        );
    }

    #[test]
    fn known_mappings() {
        assert_eq!(bytes_of('Ã')[WINDOWS_1252], 0xC3);
        assert_eq!(bytes_of('€')[WINDOWS_1252], 0x80);
        assert_eq!(bytes_of('\u{99}')[WINDOWS_1252], 0x99);
        assert_eq!(bytes_of('โ')[WINDOWS_874], 0xE2);
        assert_eq!(bytes_of('a'), [0; N]);
        assert_eq!(misdecode("é", "windows-1252").as_deref(), Some("Ã©"));
        assert_eq!(misdecode("é", "macintosh").as_deref(), Some("√©"));
    }
}
