//! Canonicalization of whatever the reader accepts, whole documents and element subtrees, with
//! every algorithm. Oracle: the canonical form is itself a document, and a fixed point (its
//! canonical form is itself).
#![no_main]

use hocba::c14n::{Algorithm, C14nError, Method, Subset, canonicalize_to_vec};
use hocba::xml::Document;
use libfuzzer_sys::fuzz_target;

fn fixed_point(canonical: &[u8], algorithm: Algorithm) {
    let doc = Document::parse(canonical)
        .unwrap_or_else(|e| panic!("canonical output does not parse: {e}\n{}", String::from_utf8_lossy(canonical)));
    let again = canonicalize_to_vec(&doc, &Subset::document(&doc), &Method::new(algorithm)).expect("canonical input");
    assert_eq!(again, canonical, "{algorithm:?} is not a fixed point");
}

fuzz_target!(|input: &[u8]| {
    let Some((&choice, xml)) = input.split_first() else { return };
    let Ok(doc) = Document::parse(xml) else { return };
    let elements: Vec<_> = doc.descendants().filter(|n| n.is_element()).collect();
    let apex = elements[choice as usize % elements.len()];
    for algorithm in Algorithm::ALL {
        let method = Method::new(algorithm);
        match canonicalize_to_vec(&doc, &Subset::document(&doc), &method) {
            Ok(whole) => fixed_point(&whole, algorithm),
            Err(C14nError::RelativeNamespaceUri { .. }) => return,
            Err(e) => panic!("{e}"),
        }
        let subtree = canonicalize_to_vec(&doc, &Subset::element(apex).unwrap(), &method).unwrap();
        // A subtree's canonical form stands alone: in-scope namespaces and inherited xml:*
        // attributes are rendered on its apex (C14N 1.1 rewrites xml:base, so it is left out).
        if algorithm != Algorithm::C14n11 && algorithm != Algorithm::C14n11WithComments {
            fixed_point(&subtree, algorithm);
        }
    }
});
