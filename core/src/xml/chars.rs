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

/// Whether `s` is an NCName (a name without a colon).
pub(crate) fn is_ncname(s: &str) -> bool {
    let bytes = s.as_bytes();
    // Fast path: the names in transcripts and signatures are ASCII.
    if bytes.is_ascii() {
        return match bytes.split_first() {
            Some((&first, rest)) => {
                (first.is_ascii_alphabetic() || first == b'_')
                    && rest.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            }
            None => false,
        };
    }
    let mut chars = s.chars();
    chars.next().is_some_and(is_ncname_start) && chars.all(is_ncname_char)
}

/// The XML white space characters (`S`), as a pattern.
pub(crate) const XML_SPACE: [char; 4] = [' ', '\t', '\n', '\r'];

/// XML white space (`S`).
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The first character of `s` outside the `Char` production, as its offset and code point.
///
/// `&str` already excludes surrogates; what remains are the C0 controls other than tab, line feed
/// and carriage return, and U+FFFE / U+FFFF.
pub(crate) fn find_invalid_char(s: &str) -> Option<(usize, u32)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x20 {
            if !matches!(b, b'\t' | b'\n' | b'\r') {
                return Some((i, u32::from(b)));
            }
        } else if b == 0xEF
            && bytes.get(i + 1) == Some(&0xBF)
            && let Some(&last @ (0xBE | 0xBF)) = bytes.get(i + 2)
        {
            return Some((i, 0xFFFE + u32::from(last - 0xBE)));
        }
        i += 1;
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
