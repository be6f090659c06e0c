//! Character classes of XML 1.0 (fifth edition), section 2.2 and 2.3.

/// `NameStartChar` without ':' (Namespaces in XML: names are NCNames or QNames).
fn is_ncname_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// `NameChar` without ':'.
fn is_ncname_char(c: char) -> bool {
    is_ncname_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// ASCII bytes allowed first in an NCName (bit 0) and later in it (bit 1); 0 for other bytes,
/// non-ASCII ones included (those take the `char` path).
const ASCII_NAME: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b'_' {
            table[b] = 0b11;
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            table[b] = 0b10;
        }
        b += 1;
    }
    table
};

/// Whether `s` is an NCName (a name without a colon).
pub(crate) fn is_ncname(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some((&first, rest)) = bytes.split_first() else { return false };
    // Fast path: the names in transcripts and signatures are ASCII.
    if first < 0x80 && ASCII_NAME[first as usize] & 0b01 != 0 {
        match rest.iter().position(|&b| b >= 0x80 || ASCII_NAME[b as usize] == 0) {
            None => return true,
            Some(i) if rest[i] < 0x80 => return false,
            Some(_) => {}
        }
    }
    let mut chars = s.chars();
    chars.next().is_some_and(is_ncname_start) && chars.all(is_ncname_char)
}

/// Reads a qualified name made of ASCII name characters from `from`: where it ends (the first byte
/// that cannot continue it) and where its local part starts. `None` when no such name starts there;
/// a name that goes on with other characters ends at the first of them, so callers check the byte
/// at the end and leave everything but the usual terminators to the general path.
pub(crate) fn ascii_qname(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let is = |i: usize, bit: u8| bytes.get(i).is_some_and(|&b| b < 0x80 && ASCII_NAME[b as usize] & bit != 0);
    let mut i = from;
    let mut local = from;
    loop {
        // Each part starts with a name-start character.
        if !is(i, 0b01) {
            return None;
        }
        i += 1;
        while is(i, 0b10) {
            i += 1;
        }
        if local == from && bytes.get(i) == Some(&b':') {
            i += 1;
            local = i;
        } else {
            return Some((i, local));
        }
    }
}

/// The XML white space characters (`S`), as a pattern.
pub(crate) const XML_SPACE: [char; 4] = [' ', '\t', '\n', '\r'];

/// XML white space (`S`).
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Whether `b` ends an element's name in a tag: white space, or the tag's end.
pub(crate) fn ends_tag_name(b: u8) -> bool {
    is_space(b) || matches!(b, b'/' | b'>')
}

/// Byte classes for the single-pass scans of text and attribute values.
pub(crate) mod class {
    /// A C0 control other than TAB, LF and CR: never allowed.
    pub(crate) const CONTROL: u8 = 1;
    pub(crate) const CR: u8 = 2;
    pub(crate) const TAB_LF: u8 = 4;
    pub(crate) const AMPERSAND: u8 = 8;
    pub(crate) const LESS_THAN: u8 = 16;
    /// `]`, which may start the forbidden `]]>` in text.
    pub(crate) const BRACKET: u8 = 32;
    /// 0xEF, the first byte of U+FFFE and U+FFFF.
    pub(crate) const EF: u8 = 64;

    pub(crate) const TABLE: [u8; 256] = {
        let mut table = [0u8; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = CONTROL;
            b += 1;
        }
        table[b'\t' as usize] = TAB_LF;
        table[b'\n' as usize] = TAB_LF;
        table[b'\r' as usize] = CR;
        table[b'&' as usize] = AMPERSAND;
        table[b'<' as usize] = LESS_THAN;
        table[b']' as usize] = BRACKET;
        table[0xEF] = EF;
        table
    };
}

/// The first byte at or after `from` whose class is in `mask`.
#[inline]
pub(crate) fn find_class(bytes: &[u8], from: usize, mask: u8) -> Option<usize> {
    find_class_or_byte(bytes, from, mask, None)
}

/// The first byte at or after `from` whose class is in `mask` or that is `byte` (the quote that
/// ends an attribute value).
#[inline]
pub(crate) fn find_class_or(bytes: &[u8], from: usize, mask: u8, byte: u8) -> Option<usize> {
    find_class_or_byte(bytes, from, mask, Some(byte))
}

#[inline(always)]
fn find_class_or_byte(bytes: &[u8], from: usize, mask: u8, byte: Option<u8>) -> Option<usize> {
    // Eight bytes at a time: most text has no byte of any class, and Vietnamese text (mostly
    // multi-byte characters) defeats per-byte loops. A word is looked at byte by byte only when it
    // may hold a byte of some class: below 0x20, '&', '<', ']' or 0xEF (or `byte`).
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // Nonzero when some byte of `word` is below `n` (n <= 0x80); never zero when one is.
    let has_below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS;
    let has_byte = |word: u64, b: u8| has_below(word ^ (ONES * u64::from(b)), 1);
    let wanted = |b: u8| class::TABLE[b as usize] & mask != 0 || Some(b) == byte;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        let candidates = has_below(word, 0x20)
            | has_byte(word, b'&')
            | has_byte(word, b'<')
            | has_byte(word, b']')
            | has_byte(word, 0xEF)
            | byte.map_or(0, |b| has_byte(word, b));
        if candidates != 0
            && let Some(j) = chunk.iter().position(|&b| wanted(b))
        {
            return Some(i + j);
        }
        i += 8;
    }
    bytes.get(i..)?.iter().position(|&b| wanted(b)).map(|j| i + j)
}

/// If the 0xEF at `i` starts U+FFFE or U+FFFF (not allowed by the `Char` production), its code point.
#[inline]
pub(crate) fn noncharacter_at(bytes: &[u8], i: usize) -> Option<u32> {
    match bytes.get(i + 1..i + 3) {
        Some([0xBF, last @ (0xBE | 0xBF)]) => Some(0xFFFE + u32::from(last - 0xBE)),
        _ => None,
    }
}

/// The first character of `s` outside the `Char` production, as its offset and code point.
///
/// `&str` already excludes surrogates; what remains are the C0 controls other than tab, line feed
/// and carriage return, and U+FFFE / U+FFFF.
pub(crate) fn find_invalid_char(s: &str) -> Option<(usize, u32)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = find_class(bytes, from, class::CONTROL | class::EF) {
        if bytes[i] != 0xEF {
            return Some((i, u32::from(bytes[i])));
        }
        if let Some(c) = noncharacter_at(bytes, i) {
            return Some((i, c));
        }
        from = i + 1;
    }
    None
}

/// Whether `c` is allowed by the `Char` production (for character references).
pub(crate) fn is_xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_ncname("DuLieuHocBa"));
        assert!(is_ncname("_a-b.c9"));
        assert!(is_ncname("Điểm"));
        assert!(!is_ncname(""));
        assert!(!is_ncname("9a"));
        assert!(!is_ncname("-a"));
        assert!(!is_ncname("a:b"));
        assert!(!is_ncname("a b"));
        assert!(!is_ncname("a\u{D7}"));
    }

    #[test]
    fn ascii_qnames() {
        let read = |s: &str| ascii_qname(s.as_bytes(), 1);
        assert_eq!(read("<a>"), Some((2, 1)));
        assert_eq!(read("<gd:Ten x"), Some((7, 4)));
        assert_eq!(read("<_a-b.9/"), Some((7, 1)));
        // Stops at what cannot continue it; the caller decides about that byte.
        assert_eq!(read("<a:b:c>"), Some((4, 3)));
        assert_eq!(read("<Điểm>"), None);
        assert_eq!(read("<aĐ>"), Some((2, 1)));
        assert_eq!(read("<a:>"), None);
        assert_eq!(read("<:a>"), None);
        assert_eq!(read("<9a>"), None);
        assert_eq!(read("<a:9>"), None);
        assert_eq!(read("<a:-b>"), None);
        assert_eq!(read("<"), None);
        assert_eq!(read("<ab"), Some((3, 1)));
        // Every two-byte name, then a space.
        for a in 0..128u8 {
            for b in 0..128u8 {
                let name = [b'<', a, b, b' '];
                let text = std::str::from_utf8(&name).expect("ASCII");
                let expected = if is_ncname(&text[1..3]) {
                    Some((3, 1))
                } else if b == b':' || !is_ncname(&text[1..2]) {
                    None // "a:" has no local part
                } else {
                    Some((2, 1))
                };
                assert_eq!(ascii_qname(&name, 1), expected, "{text:?}");
            }
        }
    }

    #[test]
    fn find_class_is_the_first_byte_of_the_class_or_the_quote() {
        // Every byte value at every position of a run longer than a word, with each mask in use.
        let masks = [
            class::CONTROL | class::CR | class::BRACKET | class::EF,
            class::CONTROL | class::EF,
            class::CONTROL | class::CR | class::TAB_LF | class::AMPERSAND | class::LESS_THAN | class::EF,
            class::CONTROL | class::CR | class::BRACKET | class::EF | class::AMPERSAND | class::LESS_THAN,
        ];
        let base = "Trường Nguyễn Trãi, lớp 6A7".as_bytes();
        for mask in masks {
            for b in 0..=255u8 {
                for at in 0..base.len() {
                    let mut bytes = base.to_vec();
                    bytes[at] = b;
                    for from in [0, 1, 7, 9] {
                        let in_class = |b: u8| class::TABLE[b as usize] & mask != 0;
                        let expected = bytes[from..].iter().position(|&b| in_class(b)).map(|i| from + i);
                        assert_eq!(find_class(&bytes, from, mask), expected, "{b:#x} at {at} from {from}");
                        for quote in [b'"', b'\'', 0xBB] {
                            let expected =
                                bytes[from..].iter().position(|&b| in_class(b) || b == quote).map(|i| from + i);
                            let found = find_class_or(&bytes, from, mask, quote);
                            assert_eq!(found, expected, "{b:#x} at {at} from {from}, or {quote:#x}");
                        }
                    }
                }
            }
        }
        assert_eq!(find_class(b"", 0, class::CONTROL), None);
        assert_eq!(find_class(b"ab", 2, class::CONTROL), None);
    }

    #[test]
    fn invalid_chars() {
        assert_eq!(find_invalid_char("ab\tc\r\n"), None);
        assert_eq!(find_invalid_char("a\u{1}b"), Some((1, 1)));
        let text = "Học bạ\u{FFFE}";
        assert_eq!(find_invalid_char(text), Some((text.len() - 3, 0xFFFE)));
        assert_eq!(find_invalid_char("\u{FFFD}"), None);
        assert!(!is_xml_char(0));
        assert!(!is_xml_char(0xD800));
        assert!(is_xml_char(0x1F600));
    }
}
