//! Finding where an element ends without building a tree.
//!
//! Signing puts the new signature just before the end of an element named by a path, and then parses
//! the document with the signature in place (the tree everything is digested in). Parsing the input as
//! well, only to learn that one offset, would double the XML work of signing; this scan learns it by
//! skipping over markup. It reads markup without checking it: the caller parses the result and checks
//! that the element found is the one the path names in that tree, and it answers `None` on anything a
//! document without a DTD does not contain, so the caller can ask the parser instead.

use memchr::{memchr, memchr3, memmem};

use super::Node;
use super::chars::ends_tag_name;

/// The end of an element: where its content ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ElementEnd<'t> {
    /// Byte offset of the `</` of the end tag, or of the `/>` of an empty-element tag.
    pub(crate) at: usize,
    /// The element is written as an empty-element tag (`<GVCN/>`).
    pub(crate) empty: bool,
    /// Its name as written (`prefix:local` or `local`).
    pub(crate) qualified_name: &'t str,
}

/// The end of the element at `path` from the root element down: each step is a local name and which
/// such child to take (from 1). `None` when there is no such element or the text holds markup the scan
/// does not follow (a document type declaration, markup left open).
pub(crate) fn find_element_end<'t>(text: &'t str, path: &[(&str, usize)]) -> Option<ElementEnd<'t>> {
    let bytes = text.as_bytes();
    // Depth of the element being read (the root element is 1); `matched` path steps found so far,
    // the last at depth `matched + 1`; `seen` children of it named like the next step.
    let (mut depth, mut matched, mut seen) = (0usize, 0usize, 0usize);
    // The name of the element found, once all steps are: the last matched element.
    let mut target: Option<&str> = None;
    let mut i = 0;
    loop {
        let lt = i + memchr(b'<', &bytes[i..])?;
        let rest = &bytes[lt..];
        match *rest.get(1)? {
            b'!' if rest.starts_with(b"<!--") => i = lt + 4 + memmem::find(&rest[4..], b"-->")? + 3,
            b'!' if rest.starts_with(b"<![CDATA[") => i = lt + 9 + memmem::find(&rest[9..], b"]]>")? + 3,
            b'!' => return None,
            b'?' => i = lt + 2 + memmem::find(&rest[2..], b"?>")? + 2,
            b'/' => {
                // The last matched element (the root before any step) ends: either it is the one
                // looked for, or it has no child for the next step.
                if depth == matched + 1 {
                    return target.map(|name| ElementEnd { at: lt, empty: false, qualified_name: name });
                }
                depth = depth.checked_sub(1)?;
                // End tags are short: a plain scan beats setting up a SIMD search.
                i = lt + rest.iter().position(|&b| b == b'>')? + 1;
            }
            _ => {
                let name_len = rest[1..].iter().position(|&b| ends_tag_name(b))?;
                let name = text.get(lt + 1..lt + 1 + name_len)?;
                let close = lt + 1 + name_len + tag_length(&bytes[lt + 1 + name_len..])?;
                depth += 1;
                if depth == 1 && path.is_empty() {
                    target = Some(name);
                } else if target.is_none()
                    && depth == matched + 2
                    && path.get(matched).is_some_and(|&(step, _)| step == name.rsplit(':').next().unwrap_or(name))
                {
                    seen += 1;
                    if seen == path[matched].1 {
                        matched += 1;
                        seen = 0;
                        if matched == path.len() {
                            target = Some(name);
                        }
                    }
                }
                if bytes[close - 1] == b'/' {
                    // An empty-element tag: when it is the last matched element, as above.
                    if depth == matched + 1 {
                        return target.map(|name| ElementEnd { at: close - 1, empty: true, qualified_name: name });
                    }
                    depth -= 1;
                }
                i = close + 1;
            }
        }
    }
}

/// A shortcut for the usual document, where the element looked for is the last one with its local
/// name (signature places follow the data they sign): the end of the last end tag or empty-element tag
/// named `local`, found from the end of the text. It does not follow the markup, so the answer may be
/// another element of that name or tag-like text in a comment, a CDATA section or an attribute
/// value: the caller must check it in a parsed tree and use [`find_element_end`] when it is wrong.
pub(crate) fn guess_last_element_end<'t>(text: &'t str, local: &str) -> Option<ElementEnd<'t>> {
    // The empty name names no element, and is found at every offset (the search would not move).
    if local.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let finder = memmem::FinderRev::new(local.as_bytes());
    let mut before = bytes.len();
    while let Some(at) = finder.rfind(&bytes[..before]) {
        before = at;
        let after = at + local.len();
        if !bytes.get(after).is_some_and(|&b| ends_tag_name(b)) {
            continue;
        }
        let name_start = match bytes[..at].last() {
            Some(b':') => {
                let is_name_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') || b >= 0x80;
                bytes[..at - 1].iter().rposition(|&b| !is_name_byte(b)).map_or(0, |i| i + 1)
            }
            _ => at,
        };
        let qualified_name = text.get(name_start..after)?;
        match bytes[..name_start] {
            [.., b'<', b'/'] => return Some(ElementEnd { at: name_start - 2, empty: false, qualified_name }),
            [.., b'<'] => {
                let close = after + tag_length(&bytes[after..])?;
                // A start tag after every end tag of that name: not the end of an element.
                return (bytes[close - 1] == b'/').then_some(ElementEnd { at: close - 1, empty: true, qualified_name });
            }
            _ => continue,
        }
    }
    None
}

/// The end of `element`, from its tree: what [`find_element_end`] finds without one.
pub(crate) fn element_end<'t>(element: Node<'_, 't>) -> ElementEnd<'t> {
    let text = element.document().input_text();
    let range = element.byte_range();
    let name_len = element.prefix().len() + usize::from(!element.prefix().is_empty()) + element.local_name().len();
    let qualified_name = &text[range.start + 1..range.start + 1 + name_len];
    let markup = &text[range.clone()];
    match markup.strip_suffix("/>") {
        Some(_) => ElementEnd { at: range.end - 2, empty: true, qualified_name },
        // The end tag is the last markup of an element that is not empty.
        None => {
            ElementEnd { at: range.start + markup.rfind("</").unwrap_or(markup.len()), empty: false, qualified_name }
        }
    }
}

/// Length of a start tag's rest after its name, up to its `>` (excluded): attribute values may hold `>`.
fn tag_length(rest: &[u8]) -> Option<usize> {
    // Most tags of a transcript have no attributes.
    match rest {
        [b'>', ..] => return Some(0),
        [b'/', b'>', ..] => return Some(1),
        _ => {}
    }
    let mut i = 0;
    loop {
        i += memchr3(b'>', b'"', b'\'', &rest[i..])?;
        match rest[i] {
            b'>' => return Some(i),
            quote => i += 1 + memchr(quote, &rest[i + 1..])? + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::xml::Document;

    /// What the tree says: the same lookup over a parsed document.
    fn from_tree<'t>(text: &'t str, path: &[(&str, usize)]) -> Option<ElementEnd<'t>> {
        let doc = Document::parse(text.as_bytes()).expect("well-formed");
        let mut node: Node<'_, 't> = doc.root_element();
        for &(name, nth) in path {
            node = node.children().filter(|c| c.is_element() && c.local_name() == name).nth(nth - 1)?;
        }
        Some(element_end(node))
    }

    const MARKUP: &str = r#"<?xml version="1.0"?>
<!-- <DSCKS><GVCN></GVCN></DSCKS> -->
<r:HocBa xmlns:r="urn:r" a='>' b="/>" c="'&lt;&gt;'">
  <?pi <DSCKS> ?>
  <DuLieu Id="d"><![CDATA[</DSCKS><GVCN/>]]>x &lt;DSCKS&gt;</DuLieu>
  <r:DSCKS><x><GVCN/></x><GVCN t=">"></GVCN><GVCN/></r:DSCKS>
  <DSCKS><GVCN><GVCN>inner</GVCN></GVCN></DSCKS>
</r:HocBa>"#;

    #[test]
    fn markup_that_only_looks_like_tags_is_skipped() {
        for path in [
            &[][..],
            &[("DSCKS", 1)],
            &[("DSCKS", 1), ("GVCN", 1)],
            &[("DSCKS", 1), ("GVCN", 2)],
            &[("DSCKS", 2), ("GVCN", 1)],
            &[("DSCKS", 2), ("GVCN", 1), ("GVCN", 1)],
            &[("DuLieu", 1)],
        ] {
            let found = find_element_end(MARKUP, path);
            assert!(found.is_some(), "{path:?}");
            assert_eq!(found, from_tree(MARKUP, path), "{path:?}");
        }
    }

    #[test]
    fn a_missing_step_is_none() {
        for path in [
            &[("GVCN", 1)][..],
            &[("DSCKS", 3)],
            &[("DSCKS", 1), ("GVCN", 3)],
            &[("DSCKS", 1), ("GVCN", 1), ("x", 1)],
            &[("DSCKS", 1), ("x", 1), ("GVCN", 2)],
        ] {
            assert_eq!(find_element_end(MARKUP, path), None, "{path:?}");
            assert_eq!(from_tree(MARKUP, path), None, "{path:?}");
        }
        // A document type declaration is left to the parser.
        assert_eq!(find_element_end("<!DOCTYPE a><a><b/></a>", &[("b", 1)]), None);
        // Markup left open.
        assert_eq!(find_element_end("<a><!-- <b/>", &[("b", 1)]), None);
        assert_eq!(find_element_end("<a x='1><b/></a>", &[("b", 1)]), None);
    }

    #[test]
    fn the_guess_is_the_last_tag_of_the_name() {
        for (local, path) in [
            ("GVCN", &[("DSCKS", 2), ("GVCN", 1)][..]),
            ("DSCKS", &[("DSCKS", 2)]),
            ("x", &[("DSCKS", 1), ("x", 1)]),
            ("DuLieu", &[("DuLieu", 1)]),
            // A prefixed end tag.
            ("HocBa", &[]),
        ] {
            let guess = guess_last_element_end(MARKUP, local);
            assert!(guess.is_some(), "{local}");
            assert_eq!(guess, from_tree(MARKUP, path), "{local}");
        }
        // The name inside longer names and in text is not a tag; an empty-element tag with attributes is.
        let text = "<a><GVCN k='v' /><NhanXetGVCN>GVCN</NhanXetGVCN> GVCN</a>";
        assert_eq!(guess_last_element_end(text, "GVCN"), from_tree(text, &[("GVCN", 1)]));
        assert_eq!(guess_last_element_end(text, "GVCN").map(|end| end.empty), Some(true));
        // No such tag, or a start tag with no end after it.
        assert_eq!(guess_last_element_end(text, "HieuTruong"), None);
        assert_eq!(guess_last_element_end("<a><GVCN>", "GVCN"), None);
        // Not following the markup, it takes a comment's text for the place: the caller checks.
        let decoy = "<a><GVCN/></a><!-- <GVCN/> -->";
        let guess = guess_last_element_end(decoy, "GVCN").expect("a guess");
        assert!(guess.at > decoy.find("<!--").unwrap());
        assert_ne!(Some(guess), from_tree(decoy, &[("GVCN", 1)]));
    }

    /// A random well-formed document over a few names, with comments, CDATA sections, processing
    /// instructions and attribute values that hold tag-like text.
    fn document(seed: u64) -> String {
        fn next(rng: &mut u64, n: u64) -> u64 {
            *rng ^= *rng << 13;
            *rng ^= *rng >> 7;
            *rng ^= *rng << 17;
            *rng % n
        }
        fn element(out: &mut String, rng: &mut u64, depth: u32) {
            let name = ["a", "b", "p:a", "p:b"][next(rng, 4) as usize];
            out.push('<');
            out.push_str(name);
            for attribute in &[" x=\"/a>\"", " y='b/>'", " z=\"a>'b\""][..next(rng, 4) as usize] {
                out.push_str(attribute);
            }
            if depth > 3 || next(rng, 4) == 0 {
                out.push_str("/>");
                return;
            }
            out.push('>');
            for _ in 0..next(rng, 5) {
                match next(rng, 6) {
                    0 => out.push_str("<!-- <a> </b> -->"),
                    1 => out.push_str("<![CDATA[</a><b/>]]>"),
                    2 => out.push_str("<?pi <a>?>"),
                    3 => out.push_str(" text &lt;a&gt; "),
                    _ => element(out, rng, depth + 1),
                }
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
        let mut out = String::from("<?xml version=\"1.0\"?><!-- <b> --><root xmlns:p=\"urn:p\">");
        let mut rng = seed | 1;
        for _ in 0..4 {
            element(&mut out, &mut rng, 1);
        }
        out.push_str("</root>");
        out
    }

    proptest! {
        // As the integration tests' `common::proptest_config`: no regression files, a fixed seed on CI.
        #![proptest_config(ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            rng_seed: match std::env::var_os("CI") {
                Some(_) => proptest::test_runner::RngSeed::Fixed(0x4843_4241_2026),
                None => proptest::test_runner::RngSeed::Random,
            },
            ..ProptestConfig::default()
        })]

        #[test]
        fn agrees_with_the_tree(seed in any::<u64>(), steps in proptest::collection::vec((0..2usize, 1..3usize), 0..4)) {
            let text = document(seed);
            let path: Vec<(&str, usize)> = steps.iter().map(|&(name, nth)| (["a", "b"][name], nth)).collect();
            prop_assert_eq!(find_element_end(&text, &path), from_tree(&text, &path), "{}", text);
        }
    }
}
