//! One test per item of `../shared/docs/security-checklist.md`, each an attack on a genuinely
//! signed transcript that would succeed without the defence.

mod common;

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
    String::from_utf8(dsig::sign(&file("samples/van-ban-mau-khong-phai-hoc-ba.xml"), &request, &signer).unwrap())
        .unwrap()
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

/// Checklist item 7: Limits: at most 5 transforms and 30 references; no general XPath, no XSLT.
#[test]
fn limits_and_forbidden_transforms() {
    let text = genuine();
    let c14n = "<Transform Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>";
    let six = replace_once(&text, "<Transforms>", &format!("<Transforms>{}", c14n.repeat(4)));
    assert!(matches!(verify(&six), Err(DsigError::TooManyTransforms { limit: 5, .. })));
    let xslt = "<Transforms><Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"/>";
    assert!(matches!(verify(&replace_once(&text, "<Transforms>", xslt)), Err(DsigError::UnsupportedAlgorithm { .. })));
    // XPath Filter 2.0: only a subtract of the signatures (tests/dsig_transforms.rs); without a
    // filter, a malformed transform.
    let filter2 = "<Transforms><Transform Algorithm=\"http://www.w3.org/2002/06/xmldsig-filter2\"/>";
    assert!(matches!(verify(&replace_once(&text, "<Transforms>", filter2)), Err(DsigError::Structure { .. })));
    // XPath: only the idioms that leave signatures out (tests/dsig_transforms.rs), never evaluated.
    let xpath = "<Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\">";
    let bare = replace_once(&text, "<Transforms>", &format!("<Transforms>{xpath}</Transform>"));
    assert!(matches!(verify(&bare), Err(DsigError::Structure { .. })));
    let general =
        replace_once(&text, "<Transforms>", &format!("<Transforms>{xpath}<XPath>id('data-1')</XPath></Transform>"));
    assert!(matches!(verify(&general), Err(DsigError::XPathNotSupported { .. })));
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

// Work budgets (checklist item 12): no input the reader accepts costs seconds or gigabytes.

const DIGEST_OF_ZEROS: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/// A `Signature` whose one reference is `uri` with `transforms` (inner XML of `Transforms`),
/// carrying `key-info` (inner XML of `KeyInfo`); the digest and value are zeros.
fn bare_signature(uri: &str, transforms: &str, key_info: &str) -> String {
    let transforms =
        if transforms.is_empty() { String::new() } else { format!("<ds:Transforms>{transforms}</ds:Transforms>") };
    format!(
        "<ds:Signature><ds:SignedInfo>\
         <ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>\
         <ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>\
         <ds:Reference URI=\"{uri}\">{transforms}\
         <ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>\
         <ds:DigestValue>{DIGEST_OF_ZEROS}</ds:DigestValue></ds:Reference></ds:SignedInfo>\
         <ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo>{key_info}</ds:KeyInfo></ds:Signature>"
    )
}

const ENVELOPED: &str = "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>";

/// A document of `padding` bytes of elements followed by `signatures`.
fn document_with(padding: usize, signatures: &[String]) -> String {
    let mut text = String::from("<Doc xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><Data Id=\"data\">");
    text.push_str(&"<x>pad</x>".repeat(padding / 10));
    text.push_str("</Data>");
    signatures.iter().for_each(|s| text.push_str(s));
    text.push_str("</Doc>");
    text
}

/// Class 6, first defence: at most `max_signatures` signatures, refused before any is verified.
#[test]
fn more_signatures_than_allowed_are_refused() {
    let limit = VerifyOptions::default().max_signatures;
    assert_eq!(limit, 256);
    let one = bare_signature("", ENVELOPED, "");
    let over = document_with(0, &vec![one.clone(); limit + 1]);
    match verify(&over) {
        Err(e @ DsigError::TooManySignatures { count, limit: 256, .. }) => {
            assert_eq!(count, 257);
            assert_eq!(e.code(), "too-many-signatures");
        }
        other => panic!("{other:?}"),
    }
    // At the limit, the signatures are verified (and these fail on their digest).
    let at = document_with(0, &vec![one; limit]);
    assert!(matches!(verify(&at), Err(DsigError::DigestMismatch { .. })));
}

/// Class 6: many signatures, each `URI=""` with the enveloped-signature transform, so each
/// canonicalizes the whole document minus itself. All of them draw on one budget for the
/// document: once it is spent the rest are refused with their own error instead of each
/// canonicalizing the document again.
#[test]
fn whole_document_signatures_share_one_canonicalization_budget() {
    use hocba::pki::{RevocationChecker, TrustOptions, verify_document};
    let signatures = vec![bare_signature("", ENVELOPED, ""); 100];
    let text = document_with(200_000, &signatures);
    let doc = Document::parse(text.as_bytes()).unwrap();
    let budget: u64 = 8 << 20;
    let options = VerifyOptions { max_canonical_bytes: budget, ..options() };
    let checker = RevocationChecker::offline(Default::default());
    let report = verify_document(&doc, &options, &TrustOptions::default(), &checker).unwrap();
    let codes: Vec<&str> = report.signatures().iter().map(|s| s.problems()[0].code.as_str()).collect();
    assert_eq!(codes.len(), 100);
    let canonicalized = codes.iter().take_while(|c| **c == "digest-mismatch").count();
    // Each canonicalized about the whole document; the budget allowed no more than that.
    assert!(canonicalized >= 1 && canonicalized as u64 * text.len() as u64 <= budget, "{codes:?}");
    assert!(codes[canonicalized..].iter().all(|c| *c == "canonicalization-budget"), "{codes:?}");
    // The default budget canonicalizes a document of the largest size the reader accepts twice.
    assert!(VerifyOptions::default().max_canonical_bytes >= 2 * (16 << 20));
}

/// The budget counts the signed data too: a genuine transcript verifies with the default, and
/// is refused with the typed error when the budget is smaller than its canonical forms.
#[test]
fn a_budget_too_small_for_the_signed_data_is_a_typed_error() {
    let text = genuine();
    let doc = Document::parse(text.as_bytes()).unwrap();
    dsig::verify(&doc, &options()).unwrap();
    // The least budget that verifies: one less is refused, and it is what the canonical forms
    // returned (and the SignedInfo, and one per node) add up to, not more.
    let with_budget = |max_canonical_bytes| dsig::verify(&doc, &VerifyOptions { max_canonical_bytes, ..options() });
    let (mut low, mut high) = (0u64, 1 << 20);
    while low + 1 < high {
        let middle = (low + high) / 2;
        if with_budget(middle).is_ok() { high = middle } else { low = middle }
    }
    assert!(matches!(with_budget(high - 1), Err(DsigError::CanonicalizationBudget { .. })));
    let verified = with_budget(high).unwrap();
    let returned: usize = verified[0].references().iter().map(|r| r.canonical_bytes().len()).sum();
    assert!(high as usize > returned && (high as usize) < 2 * returned + 4096, "{high} for {returned} bytes");
    let tight = VerifyOptions { max_canonical_bytes: 1000, ..options() };
    match dsig::verify(&doc, &tight) {
        Err(e @ DsigError::CanonicalizationBudget { limit: 1000, .. }) => {
            assert_eq!(e.code(), "canonicalization-budget")
        }
        other => panic!("{other:?}"),
    }
}

/// Class 8: an exclusive-C14N PrefixList bomb. A list longer than allowed is refused before any
/// canonicalization; one at the limit over many elements in many namespaces is canonicalized
/// within the document's budget (the canonicalizer looks at a listed prefix below the apex only
/// where an element declares it).
#[test]
fn prefix_list_bombs_are_refused_or_bounded() {
    let limit = VerifyOptions::default().max_inclusive_prefixes;
    let prefixes = |n: usize| (0..n).map(|i| format!("p{i}")).collect::<Vec<_>>().join(" ");
    let exclusive = |list: &str| {
        format!(
            "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\">\
             <ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"{list}\"/>\
             </ds:Transform>"
        )
    };
    let declarations: String = (0..200).map(|i| format!(" xmlns:p{i}=\"urn:p{i}\"")).collect();
    let body = "<p1:e p2:a=\"\"/>".repeat(20_000);
    let bomb = |list: &str| {
        format!(
            "<Doc xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"{declarations}><Data Id=\"data\">{body}</Data>{}</Doc>",
            bare_signature("#data", &exclusive(list), "")
        )
    };
    match verify(&bomb(&prefixes(5000))) {
        Err(e @ DsigError::TooManyPrefixes { limit: 64, .. }) => assert_eq!(e.code(), "too-many-prefixes"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(verify(&bomb(&prefixes(limit + 1))), Err(DsigError::TooManyPrefixes { .. })));
    assert!(matches!(verify(&bomb(&prefixes(limit))), Err(DsigError::DigestMismatch { .. })));
    // The work counted for it is that of its output and nodes, not of the list times the elements.
    let doc_text = bomb(&prefixes(limit));
    let doc = Document::parse(doc_text.as_bytes()).unwrap();
    let within = VerifyOptions { max_canonical_bytes: 2 * doc_text.len() as u64, ..options() };
    assert!(matches!(dsig::verify(&doc, &within), Err(DsigError::DigestMismatch { .. })));
}

/// A SubjectPublicKeyInfo for an RSA key (n, e), DER-encoded by hand so any exponent can be put in.
fn rsa_spki(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
    use common::tlv;
    let integer = |bytes: &[u8]| {
        let mut content = if bytes[0] & 0x80 != 0 { vec![0] } else { Vec::new() };
        content.extend_from_slice(bytes);
        tlv(0x02, &content)
    };
    let key = tlv(0x30, &[integer(modulus), integer(exponent)].concat());
    let algorithm =
        tlv(0x30, &[&[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01][..], &[0x05, 0x00]].concat());
    let bits = tlv(0x03, &[&[0u8][..], &key].concat());
    tlv(0x30, &[algorithm, bits].concat())
}

/// Class 9: implausible RSA public exponents are refused when the key is read, so neither
/// provider ever runs a private-size exponentiation for a key an attacker offers.
#[test]
fn implausible_rsa_exponents_are_refused_for_every_provider() {
    let spki = PublicKey::from_certificate_der(&certificate("rsa2048")).unwrap().spki_der().to_vec();
    // The modulus of the test key, from its PKCS#1 form inside the SPKI: the last 270 bytes hold
    // 02 82 01 01 00 <256 bytes of n> 02 03 01 00 01.
    let modulus = spki[spki.len() - 261..spki.len() - 5].to_vec();
    assert_eq!(modulus.len(), 256);
    assert_eq!(rsa_spki(&modulus, &[1, 0, 1]), spki, "the hand-made encoding matches the real one");
    let mut n_minus_2 = modulus.clone();
    *n_minus_2.last_mut().unwrap() -= 2;
    let two_64_plus_1 = [1, 0, 0, 0, 0, 0, 0, 0, 1];
    let two_33_plus_1 = [2, 0, 0, 0, 1];
    for exponent in [&n_minus_2[..], &two_64_plus_1, &two_33_plus_1] {
        match PublicKey::from_spki_der(&rsa_spki(&modulus, exponent)) {
            Err(crypto::CryptoError::RsaExponentTooLarge { maximum_bits: 33, .. }) => {}
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            PublicKey::from_rsa_components(&modulus, exponent),
            Err(crypto::CryptoError::RsaExponentTooLarge { .. })
        ));
    }
    // The largest allowed, 2^33 - 1, is read and usable by both providers (a wrong value is "no").
    let largest = PublicKey::from_spki_der(&rsa_spki(&modulus, &[1, 0xff, 0xff, 0xff, 0xff])).unwrap();
    let genuine_key = PublicKey::from_spki_der(&spki).unwrap();
    let message = b"<SignedInfo/>";
    let value = crypto::default_provider().sign(SignatureAlgorithm::RSA_SHA256, &key("rsa2048"), message).unwrap();
    for provider in crypto::providers() {
        provider.verify(SignatureAlgorithm::RSA_SHA256, &genuine_key, message, &value).unwrap();
        assert!(
            provider.verify(SignatureAlgorithm::RSA_SHA256, &largest, message, &value).is_err(),
            "{}",
            provider.name()
        );
    }
}

/// Class 9: the certificates of a signature's KeyInfo are each tried as its key, so their number
/// is capped. A signer whose certificate comes third of three verifies; nine certificates are
/// refused before any is tried, wherever the signer's is.
#[test]
fn key_info_candidates_are_capped() {
    use common::test_pki::{cert, pki, trust};
    use hocba::pki::{RevocationChecker, RevocationPolicy, verify_document};
    use hocba::report::Verdict;
    let signed_with = |chain: Vec<Vec<u8>>| {
        let key = PrivateKey::from_pem_or_der(&pki("gvcn-key.pem")).unwrap();
        let signer = KeySigner::new(key, chain, SignatureAlgorithm::RSA_SHA256, crypto::default_provider());
        let request = SignatureRequest::new(
            "data-1",
            &["DSCKS", "GVCN"],
            "sig-GVCN",
            UtcTime::parse("2026-05-20T09:30:00+07:00").unwrap(),
        );
        dsig::sign(&file("samples/van-ban-mau-khong-phai-hoc-ba.xml"), &request, &signer.unwrap()).unwrap()
    };
    let mut options = trust(RevocationPolicy::Off);
    options.now = Some(UtcTime::parse("2026-06-01T10:00:00+07:00").unwrap());
    let checker = RevocationChecker::offline(Default::default());
    let judge = |text: &[u8]| {
        let doc = Document::parse(text).unwrap();
        verify_document(&doc, &VerifyOptions::default(), &options, &checker).unwrap()
    };
    let (signer, ca, root) = (cert("gvcn").der().to_vec(), cert("ca").der().to_vec(), cert("root").der().to_vec());
    // The signer's certificate moved from first to third (KeyInfo is not signed).
    let text = String::from_utf8(signed_with(vec![signer.clone(), ca.clone(), root])).unwrap();
    let certificates: Vec<&str> = text.match_indices("<X509Certificate>").map(|(at, _)| &text[at..]).collect();
    let element = |c: &str| c[..c.find("</X509Certificate>").unwrap() + "</X509Certificate>".len()].to_owned();
    let (first, second, third) = (element(certificates[0]), element(certificates[1]), element(certificates[2]));
    let moved = text.replacen(&format!("{first}{second}{third}"), &format!("{second}{third}{first}"), 1);
    assert_ne!(moved, text);
    let third = judge(moved.as_bytes());
    assert_eq!(third.verdict(), Verdict::Valid, "{:?}", third.signatures()[0].problems());

    let limit = VerifyOptions::default().max_key_candidates;
    assert_eq!(limit, 8);
    let mut many = vec![signer];
    many.extend(std::iter::repeat_n(ca, limit));
    let refused = judge(&signed_with(many));
    assert_eq!(refused.verdict(), Verdict::Invalid);
    assert_eq!(refused.signatures()[0].problems()[0].code, "too-many-key-candidates", "{:?}", refused.problems());
}

/// Key values in KeyInfo are each validated when read (an EC point decompressed, an RSA modulus
/// prepared): more than the candidate limit are refused before any is read.
#[test]
fn key_values_in_key_info_are_capped() {
    let value = "<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>AQ==</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>";
    let text = document_with(0, &[bare_signature("#data", "", &value.repeat(9))]);
    match verify(&text) {
        Err(e @ DsigError::TooManyKeyCandidates { count: 9, limit: 8, .. }) => {
            assert_eq!(e.code(), "too-many-key-candidates")
        }
        other => panic!("{other:?}"),
    }
}

/// Class 9, across signatures: each signature may offer up to the candidate limit, but the keys
/// tried from KeyInfo for one document share one budget, so many signatures cannot multiply it.
#[test]
fn keys_tried_from_key_info_share_one_budget_per_document() {
    use base64ct::Encoding;
    use hocba::crypto::DigestAlgorithm;
    use hocba::pki::{RevocationChecker, TrustOptions, verify_document};
    let mut digest = crypto::default_provider().digest(DigestAlgorithm::Sha256);
    // The canonical form (C14N 1.0, no transforms) of the empty data element.
    digest.update(b"<Data xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"data\"></Data>");
    let digest = base64ct::Base64::encode_string(&digest.finish());
    let candidate = format!(
        "<ds:X509Certificate>{}</ds:X509Certificate>",
        base64ct::Base64::encode_string(&certificate("rsa2048"))
    );
    let key_info = format!("<ds:X509Data>{}</ds:X509Data>", candidate.repeat(8));
    // A reference that verifies, so that the keys are reached; a value no key verifies.
    let one = bare_signature("#data", "", &key_info).replace(DIGEST_OF_ZEROS, &digest);
    let text = document_with(0, &vec![one; 80]);
    let doc = Document::parse(text.as_bytes()).unwrap();
    let checker = RevocationChecker::offline(Default::default());
    let report = verify_document(&doc, &VerifyOptions::default(), &TrustOptions::default(), &checker).unwrap();
    let codes: Vec<&str> = report.signatures().iter().map(|s| s.problems()[0].code.as_str()).collect();
    let limit = VerifyOptions::default().max_key_tries;
    assert_eq!(limit, 512);
    // 64 signatures try their 8 keys each, the 16 after them none.
    assert!(codes[..limit / 8].iter().all(|c| *c == "bad-signature"), "{codes:?}");
    assert!(codes[limit / 8..].iter().all(|c| *c == "key-try-budget"), "{codes:?}");
}

/// The finding code of each signature's first problem, verified with `budget`.
fn codes_within(text: &str, budget: u64) -> Vec<&'static str> {
    use hocba::pki::{RevocationChecker, TrustOptions, verify_document};
    let doc = Document::parse(text.as_bytes()).unwrap();
    let options = VerifyOptions { max_canonical_bytes: budget, ..options() };
    let checker = RevocationChecker::offline(Default::default());
    let report = verify_document(&doc, &options, &TrustOptions::default(), &checker).unwrap();
    report.signatures().iter().map(|s| s.problems()[0].code.as_str()).collect()
}

/// How many signatures were canonicalized (failing on their digest) before the budget was
/// spent, after which every other one is refused with the budget's error.
fn canonicalized_before_the_budget(codes: &[&str]) -> usize {
    let canonicalized = codes.iter().take_while(|c| **c == "digest-mismatch").count();
    assert!(canonicalized >= 1, "{codes:?}");
    assert!(codes[canonicalized..].iter().all(|c| *c == "canonicalization-budget"), "{codes:?}");
    assert!(canonicalized < codes.len(), "the budget was never spent: {codes:?}");
    canonicalized
}

const C14N10: &str = "<ds:Transform Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>";

/// 256 `URI=""` signatures over elements each declaring `declarations` namespaces that the
/// canonical form does not contain.
fn unrendered_declarations(root: &str, element: &str, transform: &str) -> String {
    let signatures = vec![bare_signature("", &format!("{ENVELOPED}{transform}"), ""); 256];
    let mut text = format!("<Doc xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"{root}><Data Id=\"data\">");
    text.push_str(&element.repeat(200));
    text.push_str("</Data>");
    signatures.iter().for_each(|s| text.push_str(s));
    text.push_str("</Doc>");
    text
}

/// Exclusive C14N drops every namespace declaration an element does not use, inclusive C14N
/// one equal to the binding already rendered: either way the output is tiny while each pass
/// reads every declaration. Each declaration read is charged (at least 32), so the signatures
/// over such a document spend the budget after a few passes instead of each running.
#[test]
fn namespace_declarations_left_out_of_the_output_are_charged() {
    let budget = VerifyOptions::default().max_canonical_bytes;
    let listed: String = (0..64).map(|i| format!(" xmlns:p{i}=\"urn:n{i}\"")).collect();
    let unused = format!("<e{}/>", (0..190).map(|i| format!(" xmlns:q{i}=\"urn:m{i}\"")).collect::<String>());
    let prefixes: Vec<String> = (0..64).map(|i| format!("p{i}")).collect();
    let exclusive = |list: &str| {
        format!(
            "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\">\
             <ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"{list}\"/>\
             </ds:Transform>"
        )
    };
    let redeclared: String = (0..127).map(|i| format!(" xmlns:p{i}=\"urn:n{i}\"")).collect();
    let shapes = [
        (unrendered_declarations(&listed, &unused, &exclusive(&prefixes.join(" "))), 190),
        (unrendered_declarations(&listed, &unused, &exclusive("")), 190),
        (unrendered_declarations(&redeclared, &format!("<e{redeclared}/>"), C14N10), 127),
    ];
    for (text, per_element) in shapes {
        let codes = codes_within(&text, budget);
        assert_eq!(codes.len(), 256);
        let canonicalized = canonicalized_before_the_budget(&codes);
        // Each pass read 200 elements' declarations, each charged at least 32.
        let charged_per_pass = 200 * per_element * 32;
        assert!(canonicalized as u64 * charged_per_pass <= budget, "{canonicalized} passes");
    }
}

/// Inclusive C14N of an element reads all its ancestors' attributes for the xml:* ones it
/// inherits: those reads are charged besides the inherited attributes output, and an element
/// under many different xml:* attributes costs what it outputs, not its square.
#[test]
fn attributes_read_for_inherited_xml_attributes_are_charged() {
    use hocba::c14n::{Algorithm, Method, Subset, canonicalize_to_vec};
    let (depth, per_ancestor) = (97, 64);
    let chain: String = (0..depth)
        .map(|d| format!("<a{}>", (0..per_ancestor).map(|i| format!(" xml:a{d}x{i}=\"\"")).collect::<String>()))
        .collect();
    let leaves: String = (0..256).map(|k| format!("<i Id=\"i{k}\"/>")).collect();
    let signatures: String = (0..256).map(|k| bare_signature(&format!("#i{k}"), C14N10, "")).collect();
    let text = format!(
        "<Doc xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><Data Id=\"data\">{chain}{leaves}{}</Data>{signatures}</Doc>",
        "</a>".repeat(depth)
    );
    let doc = Document::parse(text.as_bytes()).unwrap();
    let leaf = doc.descendants().find(|n| n.attribute(None, "Id") == Some("i0")).unwrap();
    let output = canonicalize_to_vec(&doc, &Subset::element(leaf).unwrap(), &Method::new(Algorithm::C14n10)).unwrap();
    // Every ancestor's attribute is inherited, the nearest first, each once.
    let inherited = (depth * per_ancestor) as u64;
    assert_eq!(String::from_utf8_lossy(&output).matches(" xml:a").count() as u64, inherited);
    let budget = 8 << 20;
    let canonicalized = canonicalized_before_the_budget(&codes_within(&text, budget));
    // Each pass output the element and read every ancestor's attribute, charged at least 8.
    let charged_per_pass = output.len() as u64 + inherited * 8;
    assert!(canonicalized as u64 * charged_per_pass <= budget, "{canonicalized} passes");
}

/// A pinned RSA key below 2048 bits is refused unless the legacy option is set; under it the
/// signature verifies with a weak-key warning.
#[test]
fn a_pinned_rsa_key_below_2048_bits_needs_the_legacy_option() {
    use base64ct::Encoding;
    use hocba::c14n::{Algorithm, Method, Subset, canonicalize_to_vec};
    // The genuine document, its SignedInfo signed again with the small key.
    let text = genuine();
    let doc = Document::parse(text.as_bytes()).unwrap();
    let named = |name: &str| doc.descendants().find(|n| n.is_element() && n.local_name() == name).unwrap();
    let method = Algorithm::from_uri(named("CanonicalizationMethod").attribute(None, "Algorithm").unwrap()).unwrap();
    let signed_info = canonicalize_to_vec(&doc, &Subset::element(named("SignedInfo")).unwrap(), &Method::new(method));
    let value = crypto::default_provider()
        .sign(SignatureAlgorithm::RSA_SHA256, &key("rsa1025"), &signed_info.unwrap())
        .unwrap();
    let old_value: String = named("SignatureValue").children().filter_map(|c| c.text()).collect();
    let signed = replace_once(&text, &old_value, &base64ct::Base64::encode_string(&value));
    let doc = Document::parse(signed.as_bytes()).unwrap();
    for provider in crypto::providers() {
        let pinned = VerifyOptions {
            provider,
            trusted_keys: vec![key("rsa1025").public_key().clone()],
            required: vec![RequiredElement::new("data-1", &["HocBa", "DuLieuHocBa"])],
            ..VerifyOptions::default()
        };
        match dsig::verify(&doc, &pinned) {
            Err(e @ DsigError::WeakKey { bits: 1025, minimum: 2048, .. }) => {
                assert_eq!(e.code(), "weak-key");
                assert!(e.to_string().contains("1025-bit RSA key is below the minimum of 2048 bits"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        let legacy = VerifyOptions { allow_sha1: true, ..pinned };
        let verified = dsig::verify(&doc, &legacy).unwrap();
        assert_eq!(verified[0].warnings(), [dsig::Warning::WeakKey { bits: 1025 }]);
    }
}
