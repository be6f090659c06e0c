//! One test per item of `../shared/docs/security-checklist.md`, each an attack on a genuinely
//! signed transcript that would succeed without the defence.

use hocba::crypto::{self, PrivateKey, PublicKey, SignatureAlgorithm};
use hocba::dsig::{self, DsigError, KeySigner, RequiredElement, SignatureRequest, StructureError, VerifyOptions};
use hocba::time::UtcTime;
use hocba::xml::{Document, XmlError};

fn file(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn certificate(name: &str) -> Vec<u8> {
    let text = String::from_utf8(file(&format!("keys/{name}-cert.pem"))).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    use base64ct::Encoding;
    base64ct::Base64::decode_vec(&body).unwrap()
}

fn key(name: &str) -> PrivateKey {
    PrivateKey::from_pem_or_der(&file(&format!("keys/{name}-key.pem"))).unwrap()
}

fn signed_by(name: &str, algorithm: SignatureAlgorithm) -> String {
    let signer = KeySigner::new(key(name), vec![certificate(name)], algorithm, crypto::default_provider()).unwrap();
    let request = SignatureRequest::new(
        "data-1",
        &["DSCKS", "GVCN"],
        "sig-GVCN",
        UtcTime::parse("2026-05-20T09:30:00+07:00").unwrap(),
    );
    String::from_utf8(dsig::sign(&file("samples/hoc-ba-mau.xml"), &request, &signer).unwrap()).unwrap()
}

/// The genuine document: signed by the homeroom teacher's RSA key.
fn genuine() -> String {
    signed_by("rsa2048", SignatureAlgorithm::RSA_SHA256)
}

fn options() -> VerifyOptions {
    VerifyOptions {
        trusted_keys: vec![PublicKey::from_certificate_der(&certificate("rsa2048")).unwrap()],
        required: vec![RequiredElement::new("data-1", &["HocBa", "DuLieuHocBa"])],
        ..VerifyOptions::default()
    }
}

fn verify(text: &str) -> Result<Vec<dsig::VerifiedSignature>, DsigError> {
    let doc = Document::parse(text.as_bytes()).map_err(DsigError::Xml)?;
    dsig::verify(&doc, &options())
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the document");
    text.replacen(from, to, 1)
}

#[test]
fn genuine_document_verifies() {
    verify(&genuine()).unwrap();
}

/// Checklist item 1: Only what was signed: the signed data moved elsewhere (where its Id still resolves) and
/// forged data put in its place. The data is required at its place, so this fails; and without
/// that requirement, the result holds the original bytes, never the forgery.
#[test]
fn wrapping_moved_data_is_caught_and_the_result_holds_only_signed_bytes() {
    let text = genuine();
    let start = text.find("<DuLieuHocBa").unwrap();
    let end = text.find("</DuLieuHocBa>").unwrap() + "</DuLieuHocBa>".len();
    let original = &text[start..end];
    let forged = replace_once(original, "Id=\"data-1\"", "Id=\"forged\"")
        .replace("<kq:DiemCK>9</kq:DiemCK>", "<kq:DiemCK>10</kq:DiemCK>");
    let swapped = format!("{}{}{}", &text[..start], forged, &text[end..]);

    // The original hidden in a wrapper outside the signature: the signature still verifies...
    let hidden = replace_once(&swapped, "<DSCKS>", &format!("<DSCKS><LuuTru>{original}</LuuTru>"));
    match verify(&hidden) {
        Err(DsigError::Misplaced { id, found, .. }) => {
            assert_eq!(id, "data-1");
            assert_eq!(found, "HocBa/DSCKS/LuuTru/DuLieuHocBa");
        }
        other => panic!("expected Misplaced, got {other:?}"),
    }
    // ...so without the place requirement it is valid, and what it returns is the original.
    let doc = Document::parse(hidden.as_bytes()).unwrap();
    let lax = VerifyOptions { required: vec![], ..options() };
    let signatures = dsig::verify(&doc, &lax).unwrap();
    let signed = String::from_utf8(signatures[0].references()[0].canonical_bytes().to_vec()).unwrap();
    assert!(signed.contains("<kq:DiemCK>9</kq:DiemCK>") && !signed.contains("forged"));

    // The original hidden inside the signature's own Object: the enveloped-signature transform
    // would remove it all, which is refused.
    let inside = replace_once(&swapped, "<SignatureProperties>", &format!("{original}<SignatureProperties>"));
    assert!(matches!(verify(&inside), Err(DsigError::UnsupportedTransforms { .. })));
}

/// Checklist item 2: An Id that occurs twice is refused, whichever element a verifier would pick.
#[test]
fn duplicate_ids_are_refused() {
    let text = genuine();
    let forged = replace_once(
        &text,
        "<DSCKS>",
        "<DuLieuHocBa Id=\"data-1\"><HocSinh><HoVaTen>Kẻ Giả Mạo</HoVaTen></HocSinh></DuLieuHocBa><DSCKS>",
    );
    assert!(matches!(verify(&forged), Err(DsigError::DuplicateId { id, .. }) if id == "data-1"));
}

/// Checklist item 2: Exactly one SignedInfo per Signature.
#[test]
fn a_second_signed_info_is_refused() {
    let text = genuine();
    let signed_info = {
        let start = text.find("<SignedInfo>").unwrap();
        let end = text.find("</SignedInfo>").unwrap() + "</SignedInfo>".len();
        text[start..end].to_owned()
    };
    let doubled = replace_once(&text, "</SignedInfo>", &format!("</SignedInfo>{signed_info}"));
    let result = verify(&doubled);
    assert!(
        matches!(
            result,
            Err(DsigError::Structure {
                what: StructureError::Repeated("SignedInfo") | StructureError::Unexpected(_),
                ..
            })
        ),
        "{result:?}"
    );
}

/// Checklist item 2: One signature per expected place.
#[test]
fn a_second_signature_in_the_same_place_is_refused() {
    let text = genuine();
    let start = text.find("<Signature ").unwrap();
    let end = text.find("</Signature>").unwrap() + "</Signature>".len();
    let copy = text[start..end].replace("sig-GVCN", "sig-copy");
    let doubled = replace_once(&text, "</GVCN>", &format!("{copy}</GVCN>"));
    let doc = Document::parse(doubled.as_bytes()).unwrap();
    let places = VerifyOptions { signature_places: vec![vec!["DSCKS".into(), "GVCN".into()]], ..options() };
    assert!(matches!(dsig::verify(&doc, &places), Err(DsigError::UnexpectedPlace { .. })));
}

/// Checklist item 3: A comment inside DigestValue or SignatureValue cannot truncate or split it.
#[test]
fn comments_inside_values_are_refused() {
    let text = genuine();
    for element in ["<DigestValue>", "<SignatureValue Id=\"sig-GVCN-SignatureValue\">"] {
        let commented = replace_once(&text, element, &format!("{element}<!-- x -->"));
        let result = verify(&commented);
        assert!(
            matches!(result, Err(DsigError::Structure { what: StructureError::CommentOrPi(_), .. })),
            "{element}: {result:?}"
        );
        let with_pi = replace_once(&text, element, &format!("{element}<?x y?>"));
        assert!(verify(&with_pi).is_err());
    }
}

/// Checklist item 3: Comments in the signed data are not signed (same-document references drop them), so adding
/// one changes nothing; a comment never hides a change either.
#[test]
fn comments_in_signed_data_are_not_part_of_it() {
    let text = genuine();
    let commented = replace_once(&text, "<HoVaTen>", "<HoVaTen><!-- ghi chú -->");
    let signatures = verify(&commented).unwrap();
    assert!(!String::from_utf8_lossy(signatures[0].references()[0].canonical_bytes()).contains("ghi chú"));
}

/// Checklist item 4: A key is trusted because the caller pinned it, never because KeyInfo carries it: an attacker
/// who re-signs with their own key and puts their certificate in KeyInfo gets nowhere.
#[test]
fn an_attackers_key_in_keyinfo_is_not_trusted() {
    let attacker = signed_by("p256", SignatureAlgorithm::ECDSA_SHA256);
    assert!(matches!(verify(&attacker), Err(DsigError::BadSignature { .. })));
    // Nor does a genuine signature verify with no key pinned at all.
    let text = genuine();
    let doc = Document::parse(text.as_bytes()).unwrap();
    let no_key = VerifyOptions { trusted_keys: vec![], ..options() };
    assert!(matches!(dsig::verify(&doc, &no_key), Err(DsigError::NoTrustedKey { .. })));
}

/// Checklist item 4: A KeyValue that disagrees with the verifying key is an error.
#[test]
fn a_disagreeing_key_value_is_refused() {
    let text = genuine();
    let p256 = PublicKey::from_certificate_der(&certificate("p256")).unwrap();
    use base64ct::Encoding;
    let der = base64ct::Base64::encode_string(p256.spki_der());
    let with_value = replace_once(
        &text,
        "<KeyInfo>",
        &format!("<KeyInfo><DEREncodedKeyValue xmlns=\"http://www.w3.org/2009/xmldsig11#\">{der}</DEREncodedKeyValue>"),
    );
    assert!(matches!(verify(&with_value), Err(DsigError::KeyValueMismatch { .. })));
}

/// Checklist item 5: No DTD, no entities, no external anything.
#[test]
fn doctypes_and_entities_are_refused() {
    let text = genuine();
    let with_dtd =
        replace_once(&text, "<HocBa", "<!DOCTYPE HocBa [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><HocBa");
    assert!(matches!(verify(&with_dtd), Err(DsigError::Xml(XmlError::DtdNotAllowed { .. }))));
}

/// Checklist item 6: Only same-document references: no network or file access from the document.
#[test]
fn external_references_are_refused() {
    let text = genuine();
    for uri in ["http://attacker.example/data.xml", "file:///etc/passwd", "#xpointer(/)", "data.xml"] {
        let external = replace_once(&text, "URI=\"#data-1\"", &format!("URI=\"{uri}\""));
        let result = verify(&external);
        assert!(matches!(result, Err(DsigError::UnsupportedReference { .. })), "{uri}: {result:?}");
    }
}

/// Checklist item 7: Limits: at most 5 transforms and 30 references; no XPath, no XSLT.
#[test]
fn limits_and_forbidden_transforms() {
    let text = genuine();
    let c14n = "<Transform Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>";
    let six = replace_once(&text, "<Transforms>", &format!("<Transforms>{}", c14n.repeat(4)));
    assert!(matches!(verify(&six), Err(DsigError::TooManyTransforms { limit: 5, .. })));
    for (name, algorithm) in [
        ("XPath", "http://www.w3.org/TR/1999/REC-xpath-19991116"),
        ("XSLT", "http://www.w3.org/TR/1999/REC-xslt-19991116"),
    ] {
        let transform =
            replace_once(&text, "<Transforms>", &format!("<Transforms><Transform Algorithm=\"{algorithm}\"/>"));
        assert!(matches!(verify(&transform), Err(DsigError::UnsupportedAlgorithm { .. })), "{name}");
    }
    let reference = {
        let start = text.find("<Reference URI=\"#data-1\"").unwrap();
        let end = start + text[start..].find("</Reference>").unwrap() + "</Reference>".len();
        text[start..end].to_owned()
    };
    let many = replace_once(&text, "</SignedInfo>", &format!("{}</SignedInfo>", reference.repeat(30)));
    assert!(matches!(verify(&many), Err(DsigError::TooManyReferences { limit: 30, .. })));
}

/// Checklist item 8: Algorithm allow-list: SHA-1 only with the legacy option; MD5 and HMAC never; the caller may
/// narrow the list further.
#[test]
fn algorithm_downgrades_are_refused() {
    let text = genuine();
    let sha1 = replace_once(&text, "http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2000/09/xmldsig#sha1");
    assert!(matches!(verify(&sha1), Err(DsigError::WeakAlgorithm { .. })));
    let rsa_sha1 = replace_once(
        &text,
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    );
    assert!(matches!(verify(&rsa_sha1), Err(DsigError::WeakAlgorithm { .. })));
    for forbidden in [
        "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
        "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
        "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
        "http://www.w3.org/2000/09/xmldsig#dsa-sha1",
    ] {
        let downgraded = replace_once(&text, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", forbidden);
        assert!(matches!(verify(&downgraded), Err(DsigError::UnsupportedAlgorithm { .. })), "{forbidden}");
    }
    let md5 =
        replace_once(&text, "http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2001/04/xmldsig-more#md5");
    assert!(matches!(verify(&md5), Err(DsigError::UnsupportedAlgorithm { .. })));
    // HMAC with a public key as the secret: refused before any key is used.
    let hmac = replace_once(
        &text,
        "<SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>",
        "<SignatureMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#hmac-sha1\"><HMACOutputLength>8</HMACOutputLength></SignatureMethod>",
    );
    assert!(matches!(verify(&hmac), Err(DsigError::UnsupportedAlgorithm { .. })));
    let doc = Document::parse(text.as_bytes()).unwrap();
    let only_pss = VerifyOptions { allowed_algorithms: Some(vec![SignatureAlgorithm::RSA_PSS_SHA256]), ..options() };
    assert!(matches!(dsig::verify(&doc, &only_pss), Err(DsigError::DisallowedAlgorithm { .. })));
}

/// Checklist item 10: Fail closed and name the place: each failure carries the position and the reference.
#[test]
fn failures_name_the_reference_and_position() {
    let text = genuine();
    let tampered = replace_once(&text, "Nguyễn Thị Ánh Dương", "Nguyễn Thị Ánh Dương Giả");
    let error = verify(&tampered).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("#data-1") && message.contains("digest does not match"), "{message}");
    match error {
        DsigError::DigestMismatch { pos, .. } => assert!(pos.line > 1, "{pos}"),
        other => panic!("{other:?}"),
    }
}

// Regressions from the security review.

/// An unsigned twin of the data element at the same place, before the signed one: whoever reads
/// the data by its place would read the forgery.
#[test]
fn an_unsigned_twin_at_the_required_place_is_refused() {
    let text = genuine();
    let forged = replace_once(
        &text,
        "<DuLieuHocBa Id=\"data-1\"",
        "<DuLieuHocBa><HocSinh><HoVaTen>Kẻ Giả Mạo</HoVaTen></HocSinh></DuLieuHocBa><DuLieuHocBa Id=\"data-1\"",
    );
    assert!(matches!(verify(&forged), Err(DsigError::Misplaced { .. })));
}

/// xml:id is an ID wherever it appears (libxml2's id() finds it): a duplicate of a referenced Id
/// in xml:id is a duplicate.
#[test]
fn xml_id_duplicates_are_refused() {
    let text = genuine();
    let forged = replace_once(
        &text,
        "<DuLieuHocBa Id=\"data-1\"",
        "<Gia xml:id=\"data-1\"><Diem>10</Diem></Gia><DuLieuHocBa Id=\"data-1\"",
    );
    assert!(matches!(verify(&forged), Err(DsigError::DuplicateId { .. })));
}

/// An RSA signature is exactly as long as the modulus: a PSS value whose leading zero byte was
/// dropped is refused by both providers alike (OpenSSL alone used to accept it).
#[test]
fn rsa_signatures_of_the_wrong_length_are_refused_by_every_provider() {
    let key = key("rsa2048");
    let message = b"<SignedInfo/>";
    let provider = crypto::default_provider();
    let leading_zero = (0..5000)
        .map(|_| provider.sign(SignatureAlgorithm::RSA_PSS_SHA256, &key, message).unwrap())
        .find(|s| s[0] == 0)
        .expect("about one PSS signature in 256 starts with a zero byte");
    for verifier in crypto::providers() {
        verifier.verify(SignatureAlgorithm::RSA_PSS_SHA256, key.public_key(), message, &leading_zero).unwrap();
        let stripped = &leading_zero[1..];
        assert!(
            verifier.verify(SignatureAlgorithm::RSA_PSS_SHA256, key.public_key(), message, stripped).is_err(),
            "{}",
            verifier.name()
        );
    }
}
