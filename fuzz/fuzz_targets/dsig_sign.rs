//! Signing arbitrary documents into `DSCKS/GVCN`. Signing finds the place by scanning the text and
//! then parses the document with the signature in place. Oracle: a document is signed only when it is
//! well-formed; the result parses, and its one element with the new signature's `Id` is a `Signature`,
//! the last child of the first `GVCN` of the first `DSCKS` of the root element; anything else is an
//! error, never a panic.
#![no_main]

use std::sync::OnceLock;

use hocba::crypto::{self, PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::{self, KeySigner, SignatureRequest};
use hocba::time::UtcTime;
use hocba::xml::{Document, Node};
use libfuzzer_sys::fuzz_target;

// P-256: a fast key, so the time goes to the XML.
const EC_KEY: &[u8] = include_bytes!("../../test-vectors/keys/p256-key.pem");
const EC_CERT: &[u8] = include_bytes!("../../test-vectors/keys/p256-cert.pem");
const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

fn signer() -> &'static (KeySigner, SignatureRequest) {
    static SIGNER: OnceLock<(KeySigner, SignatureRequest)> = OnceLock::new();
    SIGNER.get_or_init(|| {
        let key = PrivateKey::from_pem_or_der(EC_KEY).unwrap();
        let certificates = certificates_from_pem_or_der(EC_CERT).unwrap();
        let signer =
            KeySigner::new(key, certificates, SignatureAlgorithm::ECDSA_SHA256, crypto::default_provider()).unwrap();
        let time = UtcTime::parse("2026-05-20T09:30:00+07:00").unwrap();
        (signer, SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "fuzz-sig", time))
    })
}

fn first_child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.is_element() && c.local_name() == name)
}

fuzz_target!(|input: &[u8]| {
    let (signer, request) = signer();
    let Ok(signed) = dsig::sign(input, request, signer) else { return };
    assert!(Document::parse(input).is_ok(), "a malformed document was signed");
    let doc = Document::parse(&signed).expect("the signed document parses");
    let place = first_child(doc.root_element(), "DSCKS").and_then(|d| first_child(d, "GVCN")).expect("DSCKS/GVCN");
    let last = place.children().last().expect("the new signature");
    assert!(last.has_name(Some(DSIG_NS), "Signature") && last.attribute(None, "Id") == Some("fuzz-sig"));
    assert_eq!(doc.descendants().filter(|n| n.attribute(None, "Id") == Some("fuzz-sig")).count(), 1);
});
