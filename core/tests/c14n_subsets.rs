//! Document subsets, whose rules libxml2's whole-document CLI cannot check: expected outputs
//! worked out by hand from the recommendations' rules.

use hocba::c14n::{Algorithm, C14nError, Method, Subset, canonicalize, canonicalize_to_vec};
use hocba::xml::{Document, Node};

fn find<'a, 'i>(doc: &'a Document<'i>, local: &str) -> Node<'a, 'i> {
    doc.descendants().find(|n| n.local_name() == local).unwrap()
}

fn c14n(doc: &Document<'_>, subset: &Subset, algorithm: Algorithm) -> String {
    String::from_utf8(canonicalize_to_vec(doc, subset, &Method::new(algorithm)).unwrap()).unwrap()
}

const XML_ATTRIBUTES: &str = r#"<a xml:lang="vi" xml:space="preserve" xml:id="root" xml:base="http://example.org/dir/"><b xml:base="sub/"><c xml:base="../x/y.xml" Id="c1">t</c></b></a>"#;

#[test]
fn c14n10_apex_inherits_every_xml_attribute_of_omitted_ancestors() {
    let doc = Document::parse(XML_ATTRIBUTES.as_bytes()).unwrap();
    let subset = Subset::element(find(&doc, "c")).unwrap();
    assert_eq!(
        c14n(&doc, &subset, Algorithm::C14n10),
        r#"<c Id="c1" xml:base="../x/y.xml" xml:id="root" xml:lang="vi" xml:space="preserve">t</c>"#
    );
}

#[test]
fn c14n11_inherits_lang_and_space_not_id_and_fixes_up_base() {
    let doc = Document::parse(XML_ATTRIBUTES.as_bytes()).unwrap();
    let c = Subset::element(find(&doc, "c")).unwrap();
    assert_eq!(
        c14n(&doc, &c, Algorithm::C14n11),
        r#"<c Id="c1" xml:base="http://example.org/dir/x/y.xml" xml:lang="vi" xml:space="preserve">t</c>"#
    );
    // Below the apex, elements keep their own xml:base: their parent is in the output.
    let b = Subset::element(find(&doc, "b")).unwrap();
    assert_eq!(
        c14n(&doc, &b, Algorithm::C14n11WithComments),
        r#"<b xml:base="http://example.org/dir/sub/" xml:lang="vi" xml:space="preserve"><c Id="c1" xml:base="../x/y.xml">t</c></b>"#
    );
}

#[test]
fn exclusive_c14n_inherits_no_xml_attributes() {
    let doc = Document::parse(XML_ATTRIBUTES.as_bytes()).unwrap();
    let subset = Subset::element(find(&doc, "c")).unwrap();
    assert_eq!(c14n(&doc, &subset, Algorithm::ExcC14n), r#"<c Id="c1" xml:base="../x/y.xml">t</c>"#);
}

#[test]
fn namespaces_in_subsets() {
    let doc = Document::parse(br#"<a xmlns:p="urn:p" xmlns:q="urn:q" xmlns:u="urn:unused"><b p:x="1"><q:c/></b></a>"#)
        .unwrap();
    let b = Subset::element(find(&doc, "b")).unwrap();
    assert_eq!(
        c14n(&doc, &b, Algorithm::C14n10),
        r#"<b xmlns:p="urn:p" xmlns:q="urn:q" xmlns:u="urn:unused" p:x="1"><q:c></q:c></b>"#
    );
    // Exclusive: each namespace where it is first visibly used.
    assert_eq!(c14n(&doc, &b, Algorithm::ExcC14n), r#"<b xmlns:p="urn:p" p:x="1"><q:c xmlns:q="urn:q"></q:c></b>"#);
    let listed = Method::exclusive_with_prefixes(Algorithm::ExcC14n, "u").unwrap();
    assert_eq!(
        String::from_utf8(canonicalize_to_vec(&doc, &b, &listed).unwrap()).unwrap(),
        r#"<b xmlns:p="urn:p" xmlns:u="urn:unused" p:x="1"><q:c xmlns:q="urn:q"></q:c></b>"#
    );
}

#[test]
fn default_namespace_undeclaration_in_subsets() {
    let doc = Document::parse(br#"<a xmlns="urn:a"><b><c xmlns=""><d/></c></b></a>"#).unwrap();
    let b = Subset::element(find(&doc, "b")).unwrap();
    let c = Subset::element(find(&doc, "c")).unwrap();
    for algorithm in Algorithm::ALL {
        assert_eq!(c14n(&doc, &b, algorithm), r#"<b xmlns="urn:a"><c xmlns=""><d></d></c></b>"#, "{algorithm:?}");
        // With no output ancestor rendering a default namespace there is nothing to undeclare.
        assert_eq!(c14n(&doc, &c, algorithm), r#"<c><d></d></c>"#, "{algorithm:?}");
    }
}

#[test]
fn enveloped_signature_is_excluded_with_everything_below_it() {
    let input = br#"<r xmlns="urn:r"><data Id="d">x</data><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><v>1</v></Signature><!--c--></r>"#;
    let doc = Document::parse(input).unwrap();
    let subset = Subset::document(&doc).excluding(find(&doc, "Signature")).unwrap();
    assert_eq!(c14n(&doc, &subset, Algorithm::C14n10), r#"<r xmlns="urn:r"><data Id="d">x</data></r>"#);
    assert_eq!(
        c14n(&doc, &subset, Algorithm::ExcC14nWithComments),
        r#"<r xmlns="urn:r"><data Id="d">x</data><!--c--></r>"#
    );
    // Excluding twice is the same as excluding once.
    let twice = subset.clone().excluding(find(&doc, "Signature")).unwrap();
    assert_eq!(twice, subset);
}

#[test]
fn subsets_are_checked() {
    let doc = Document::parse(br#"<r><a>text</a><b/></r>"#).unwrap();
    let a = find(&doc, "a");
    let text = a.children().next().unwrap();
    assert!(matches!(Subset::element(text), Err(C14nError::NotAnElement { .. })));
    let subset = Subset::element(a).unwrap();
    assert!(matches!(subset.clone().excluding(find(&doc, "b")), Err(C14nError::ExclusionOutsideSubset { .. })));
    assert!(matches!(subset.excluding(a), Err(C14nError::ExclusionOutsideSubset { .. })));
}

#[test]
fn algorithms_are_named_by_uri_and_unknown_ones_are_refused() {
    for algorithm in Algorithm::ALL {
        assert_eq!(Algorithm::from_uri(algorithm.uri()).unwrap(), algorithm);
        assert_eq!(Algorithm::from_name(algorithm.short_name()).unwrap(), algorithm);
    }
    assert!(matches!(
        Algorithm::from_uri("http://www.w3.org/TR/1999/REC-xpath-19991116"),
        Err(C14nError::UnsupportedAlgorithm(_))
    ));
    assert!(matches!(
        Method::exclusive_with_prefixes(Algorithm::C14n11, "a"),
        Err(C14nError::PrefixListNotExclusive(Algorithm::C14n11))
    ));
    assert!(
        matches!(Method::exclusive_with_prefixes(Algorithm::ExcC14n, "a b:c"), Err(C14nError::InvalidPrefix(p)) if p == "b:c")
    );
}

/// A writer that fails after some bytes: the error surfaces as C14nError::Io, nothing panics.
#[test]
fn write_errors_are_reported() {
    struct Failing(usize);
    impl std::io::Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0 < buf.len() {
                return Err(std::io::Error::other("disk full"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let big = format!("<r>{}</r>", "<a>Học bạ</a>".repeat(10_000));
    let doc = Document::parse(big.as_bytes()).unwrap();
    let err =
        canonicalize(&doc, &Subset::document(&doc), &Method::new(Algorithm::C14n10), Failing(50_000)).unwrap_err();
    assert!(matches!(err, C14nError::Io(_)), "{err}");
}

#[test]
fn nodes_know_their_bytes() {
    let input = "<?pi x?><r a=\"1\">t&amp;u<![CDATA[v]]><e/><f>g</f><!--c--></r>";
    let doc = Document::parse(input.as_bytes()).unwrap();
    let texts: Vec<&str> = doc.descendants().map(|n| &input[n.byte_range()]).collect();
    assert_eq!(
        texts,
        [
            input,
            "<?pi x?>",
            "<r a=\"1\">t&amp;u<![CDATA[v]]><e/><f>g</f><!--c--></r>",
            "t&amp;u<![CDATA[v]]>",
            "<e/>",
            "<f>g</f>",
            "g",
            "<!--c-->"
        ]
    );
}
