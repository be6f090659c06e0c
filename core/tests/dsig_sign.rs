//! Signing as the transcript profile does it, then verifying, with both providers: two signers in
//! sequence (GVCN, then Hiệu trưởng countersigning), every algorithm, external and two-phase
//! signers, and tampering that must name the broken reference.

use hocba::crypto::{self, CryptoError, CryptoProvider, PrivateKey, PublicKey, SignatureAlgorithm};
use hocba::dsig::{self, DsigError, KeySigner, SignatureRequest, Signer, SignerInput, VerifyOptions};
use hocba::time::UtcTime;
use hocba::xml::Document;

fn file(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn certificate_der(name: &str) -> Vec<u8> {
    der_of_pem(&file(&format!("keys/{name}-cert.pem")))
}

fn der_of_pem(pem: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(pem).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    use base64ct::Encoding;
    base64ct::Base64::decode_vec(&body).unwrap()
}

fn signer(name: &str, algorithm: SignatureAlgorithm, provider: &'static dyn CryptoProvider) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&file(&format!("keys/{name}-key.pem"))).unwrap();
    KeySigner::new(key, vec![certificate_der(name)], algorithm, provider).unwrap()
}

fn public(name: &str) -> PublicKey {
    PublicKey::from_certificate_der(&certificate_der(name)).unwrap()
}

fn time() -> UtcTime {
    UtcTime::parse("2026-05-20T09:30:00+07:00").unwrap()
}

fn sign_both(
    provider: &'static dyn CryptoProvider,
    gvcn: SignatureAlgorithm,
    principal: SignatureAlgorithm,
) -> Vec<u8> {
    let sample = file("samples/van-ban-mau-khong-phai-hoc-ba.xml");
    let first =
        SignatureRequest { provider, ..SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", time()) };
    let once = dsig::sign(&sample, &first, &signer("rsa2048", gvcn, provider)).unwrap();
    let mut second = SignatureRequest::new("data-1", &["DSCKS", "HieuTruong"], "sig-HieuTruong", time());
    second.provider = provider;
    second.countersign = vec!["sig-GVCN-SignatureValue".into()];
    dsig::sign(&once, &second, &signer("p256", principal, provider)).unwrap()
}

fn verify_with(
    signed: &[u8],
    provider: &'static dyn CryptoProvider,
) -> Result<Vec<dsig::VerifiedSignature>, DsigError> {
    let doc = Document::parse(signed).unwrap();
    let options = VerifyOptions {
        provider,
        trusted_keys: vec![public("rsa2048"), public("p256")],
        required: vec![dsig::RequiredElement::new("data-1", &["HocBa", "DuLieuHocBa"])],
        signature_places: vec![vec!["DSCKS".into(), "GVCN".into()], vec!["DSCKS".into(), "HieuTruong".into()]],
        ..VerifyOptions::default()
    };
    dsig::verify(&doc, &options)
}

#[test]
fn two_signers_in_sequence_verify_with_every_provider() {
    for signer_provider in crypto::providers() {
        for (gvcn, principal) in [
            (SignatureAlgorithm::RSA_SHA256, SignatureAlgorithm::ECDSA_SHA256),
            (SignatureAlgorithm::RSA_PSS_SHA256, SignatureAlgorithm::ECDSA_SHA256),
        ] {
            let signed = sign_both(signer_provider, gvcn, principal);
            for verifier in crypto::providers() {
                let context = format!("{} signed {gvcn:?}, {} verified", signer_provider.name(), verifier.name());
                let signatures = verify_with(&signed, verifier).unwrap_or_else(|e| panic!("{context}: {e}"));
                assert_eq!(signatures.len(), 2, "{context}");
                // The GVCN's signature is untouched by the principal's, which covers its value.
                assert_eq!(signatures[0].key(), &public("rsa2048"));
                assert_eq!(signatures[0].id(), Some("sig-GVCN"));
                assert_eq!(signatures[0].signer_certificate(), Some(&certificate_der("rsa2048")[..]));
                assert_eq!(signatures[1].claimed_signing_time(), Some(time()));
                assert_eq!(signatures[1].key(), &public("p256"));
                let uris: Vec<&str> = signatures[1].references().iter().map(|r| r.uri()).collect();
                assert_eq!(uris, ["#data-1", "#sig-HieuTruong-SigningTime", "#sig-GVCN-SignatureValue"]);
                // What was signed, re-read: the data element, with the student's name.
                let data = signatures[0].references()[0].parse().unwrap();
                assert_eq!(data.root_element().local_name(), "DuLieuHocBa");
                let name = "Nguyễn Thị Ánh Dương".as_bytes();
                assert!(signatures[0].references()[0].canonical_bytes().windows(name.len()).any(|w| w == name));
            }
        }
    }
}

#[test]
fn the_signature_sits_where_asked_and_the_rest_of_the_document_is_unchanged() {
    let sample = file("samples/van-ban-mau-khong-phai-hoc-ba.xml");
    let signed =
        sign_both(crypto::default_provider(), SignatureAlgorithm::RSA_SHA256, SignatureAlgorithm::ECDSA_SHA256);
    let text = String::from_utf8(signed).unwrap();
    let original = String::from_utf8(sample).unwrap();
    let (head, _) = original.split_once("<DSCKS>").unwrap();
    assert!(text.starts_with(head), "bytes before the signatures changed");
    assert!(text.contains("<GVCN><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"sig-GVCN\">"));
    assert!(text.contains("</Signature></GVCN><HieuTruong><Signature"));
    assert!(text.contains(&format!(
        "<SigningTime xmlns=\"{}\">2026-05-20T09:30:00+07:00</SigningTime>",
        dsig::SIGNATURE_PROPERTIES_NS
    )));
}

#[test]
fn tampering_names_the_broken_reference() {
    let signed = String::from_utf8(sign_both(
        crypto::default_provider(),
        SignatureAlgorithm::RSA_SHA256,
        SignatureAlgorithm::ECDSA_SHA256,
    ))
    .unwrap();
    let cases = [
        ("<kq:DiemCK>10</kq:DiemCK>", "<kq:DiemCK>9</kq:DiemCK>", "#data-1"),
        ("Nguyễn Thị Ánh Dương", "Nguyễn Thị Ánh Dượng", "#data-1"),
        ("2015-09-02", "2015-09-03", "#data-1"),
        ("2026-05-20T09:30:00+07:00</SigningTime>", "2026-05-21T09:30:00+07:00</SigningTime>", "#sig-GVCN-SigningTime"),
    ];
    for (from, to, uri) in cases {
        let tampered = signed.replacen(from, to, 1);
        assert_ne!(tampered, signed, "{from}");
        match verify_with(tampered.as_bytes(), crypto::default_provider()) {
            Err(DsigError::DigestMismatch { uri: broken, .. }) => assert_eq!(broken, uri, "{from}"),
            other => panic!("{from}: expected a digest mismatch on {uri}, got {other:?}"),
        }
    }
    // Swapping the signatures' places breaks the principal's countersignature of the GVCN value.
    let gvcn_value =
        signed.split("<SignatureValue Id=\"sig-GVCN-SignatureValue\">").nth(1).unwrap().split('<').next().unwrap();
    let tampered = signed.replacen(gvcn_value, &gvcn_value.chars().rev().collect::<String>(), 1);
    assert!(verify_with(tampered.as_bytes(), crypto::default_provider()).is_err());
}

/// A signer that takes a digest, as a token or HSM does: RSA PKCS#1 v1.5 over a prehash.
struct DigestSigner {
    key: rsa::pkcs1v15::SigningKey<sha2::Sha256>,
    certificates: Vec<Vec<u8>>,
}

impl Signer for DigestSigner {
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::RSA_SHA256
    }
    fn certificates(&self) -> &[Vec<u8>] {
        &self.certificates
    }
    fn input(&self) -> SignerInput {
        SignerInput::Digest
    }
    fn sign(&self, digest: &[u8]) -> Result<Vec<u8>, CryptoError> {
        use rsa::signature::SignatureEncoding;
        use rsa::signature::hazmat::PrehashSigner;
        assert_eq!(digest.len(), 32, "a SHA-256 digest");
        Ok(self.key.sign_prehash(digest).map_err(|e| CryptoError::SigningFailed(e.to_string()))?.to_vec())
    }
}

#[test]
fn external_digest_signers_and_two_phase_signing() {
    use rsa::pkcs8::DecodePrivateKey;
    let pem = String::from_utf8(file("keys/rsa2048-key.pem")).unwrap();
    let key = rsa::PrivateKey::from_pkcs8_pem(&pem).unwrap();
    let external =
        DigestSigner { key: rsa::pkcs1v15::SigningKey::new(key), certificates: vec![certificate_der("rsa2048")] };
    let sample = file("samples/van-ban-mau-khong-phai-hoc-ba.xml");
    let request = SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", time());
    let signed = dsig::sign(&sample, &request, &external).unwrap();
    let doc = Document::parse(&signed).unwrap();
    dsig::verify(&doc, &VerifyOptions { trusted_keys: vec![public("rsa2048")], ..VerifyOptions::default() }).unwrap();

    // Two phases: what to sign goes out, the value comes back (here from a software key).
    let prepared =
        dsig::prepare(&sample, &request, SignatureAlgorithm::RSA_SHA256, &[certificate_der("rsa2048")]).unwrap();
    let to_sign = prepared.to_be_signed(SignerInput::Message);
    assert!(to_sign.starts_with(b"<SignedInfo xmlns=\"http://www.w3.org/2000/09/xmldsig#\""));
    let key = PrivateKey::from_pem_or_der(&file("keys/rsa2048-key.pem")).unwrap();
    let value = crypto::default_provider().sign(SignatureAlgorithm::RSA_SHA256, &key, &to_sign).unwrap();
    assert_eq!(prepared.finish(&value).unwrap(), signed, "PKCS#1 v1.5 is deterministic: both ways give the same bytes");

    // A wrong value is caught before the document leaves the library.
    let prepared =
        dsig::prepare(&sample, &request, SignatureAlgorithm::RSA_SHA256, &[certificate_der("rsa2048")]).unwrap();
    assert!(matches!(prepared.finish(&[0u8; 256]), Err(DsigError::BadSignature { .. })));
}

#[test]
fn bad_requests_are_refused() {
    let sample = file("samples/van-ban-mau-khong-phai-hoc-ba.xml");
    let rsa = signer("rsa2048", SignatureAlgorithm::RSA_SHA256, crypto::default_provider());
    let request = |reference: &str, into: &[&str], id: &str| SignatureRequest::new(reference, into, id, time());
    assert!(matches!(
        dsig::sign(&sample, &request("nope", &["DSCKS", "GVCN"], "s"), &rsa),
        Err(DsigError::UnresolvedReference { .. })
    ));
    assert!(matches!(
        dsig::sign(&sample, &request("data-1", &["DSCKS", "PhoHieuTruong"], "s"), &rsa),
        Err(DsigError::Placement { .. })
    ));
    // More references than a verifier with the default limits (30) accepts: refused, not signed.
    let mut many = request("data-1", &["DSCKS", "GVCN"], "s");
    many.countersign = (0..29).map(|i| format!("v{i}")).collect();
    assert!(matches!(dsig::sign(&sample, &many, &rsa), Err(DsigError::InvalidRequest(_))));
    assert!(matches!(
        dsig::sign(&sample, &request("data-1", &["DSCKS", "GVCN"], "data-1"), &rsa),
        Err(DsigError::InvalidRequest(_))
    ));
    assert!(matches!(
        dsig::sign(&sample, &request("data-1", &["DSCKS", "GVCN"], "a\"b"), &rsa),
        Err(DsigError::InvalidRequest(_))
    ));
    // A key that does not match its certificate, and SHA-1 for new signatures.
    let key = PrivateKey::from_pem_or_der(&file("keys/p256-key.pem")).unwrap();
    assert!(
        KeySigner::new(
            key,
            vec![certificate_der("rsa2048")],
            SignatureAlgorithm::ECDSA_SHA256,
            crypto::default_provider()
        )
        .is_err()
    );
    let key = PrivateKey::from_pem_or_der(&file("keys/rsa2048-key.pem")).unwrap();
    let sha1 = SignatureAlgorithm::from_uri("http://www.w3.org/2000/09/xmldsig#rsa-sha1").unwrap();
    assert!(KeySigner::new(key, vec![certificate_der("rsa2048")], sha1, crypto::default_provider()).is_err());
}

// Regressions from the security review (each was reproduced before its fix).

#[test]
fn documents_with_a_byte_order_mark_are_signed_and_keep_it() {
    let mut sample = "\u{FEFF}".as_bytes().to_vec();
    sample.extend(file("samples/van-ban-mau-khong-phai-hoc-ba.xml"));
    let request = SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", time());
    let signed =
        dsig::sign(&sample, &request, &signer("rsa2048", SignatureAlgorithm::RSA_SHA256, crypto::default_provider()))
            .unwrap();
    assert!(signed.starts_with("\u{FEFF}<?xml".as_bytes()));
    verify_with(&signed, crypto::default_provider()).unwrap();
}

#[test]
fn c14n11_signatures_below_nested_xml_base_verify() {
    let document = br#"<r xml:base="http://a.example/b/"><d Id="data">x</d><S xml:base="c/"><G/></S></r>"#;
    for algorithm in
        [hocba::c14n::Algorithm::C14n11, hocba::c14n::Algorithm::C14n11WithComments, hocba::c14n::Algorithm::C14n10]
    {
        let mut request = SignatureRequest::new("data", &["S", "G"], "sig", time());
        request.canonicalization = algorithm;
        let signed = dsig::sign(
            document,
            &request,
            &signer("rsa2048", SignatureAlgorithm::RSA_SHA256, crypto::default_provider()),
        )
        .unwrap_or_else(|e| panic!("{algorithm:?}: {e}"));
        let doc = Document::parse(&signed).unwrap();
        let options = VerifyOptions { trusted_keys: vec![public("rsa2048")], ..VerifyOptions::default() };
        dsig::verify(&doc, &options).unwrap_or_else(|e| panic!("{algorithm:?}: {e}"));
    }
}

#[test]
fn countersigning_an_element_that_will_hold_the_signature_is_refused() {
    let document = br#"<r><d Id="d">x</d><S Id="s"><G/></S></r>"#;
    let mut request = SignatureRequest::new("d", &["S", "G"], "sig", time());
    request.countersign = vec!["s".into()];
    let result =
        dsig::sign(document, &request, &signer("rsa2048", SignatureAlgorithm::RSA_SHA256, crypto::default_provider()));
    assert!(matches!(result, Err(DsigError::InvalidRequest(_))), "{result:?}");
}

/// A third signer countersigning both earlier `SignatureValue`s: one reference each, in that order; a changed earlier value is caught, and
/// an `Id` that resolves nowhere is refused before signing.
#[test]
fn countersigning_several_earlier_signatures() {
    let provider = crypto::default_provider();
    let both = sign_both(provider, SignatureAlgorithm::RSA_SHA256, SignatureAlgorithm::ECDSA_SHA256);
    let text = String::from_utf8(both).unwrap().replacen("<HieuTruong>", "<HieuTruong/><PhoHieuTruong>", 1).replacen(
        "</HieuTruong>",
        "</PhoHieuTruong>",
        1,
    );
    // The principal's signature now sits in PhoHieuTruong; an empty HieuTruong takes the third.
    let mut third = SignatureRequest::new("data-1", &["DSCKS", "HieuTruong"], "sig-third", time());
    third.countersign = vec!["sig-GVCN-SignatureValue".into(), "sig-HieuTruong-SignatureValue".into()];
    let signed =
        dsig::sign(text.as_bytes(), &third, &signer("p384", SignatureAlgorithm::ECDSA_SHA256, provider)).unwrap();
    let doc = Document::parse(&signed).unwrap();
    let options = VerifyOptions {
        trusted_keys: vec![public("rsa2048"), public("p256"), public("p384")],
        ..VerifyOptions::default()
    };
    let signatures = dsig::verify(&doc, &options).unwrap();
    let third = signatures.iter().find(|s| s.id() == Some("sig-third")).unwrap();
    let uris: Vec<&str> = third.references().iter().map(|r| r.uri()).collect();
    assert_eq!(
        uris,
        ["#data-1", "#sig-third-SigningTime", "#sig-GVCN-SignatureValue", "#sig-HieuTruong-SignatureValue"]
    );
    // The principal's value changed after the third signer countersigned it.
    let value_start = String::from_utf8(signed.clone()).unwrap().find("Id=\"sig-HieuTruong-SignatureValue\">").unwrap()
        + "Id=\"sig-HieuTruong-SignatureValue\">".len();
    let mut tampered = signed.clone();
    tampered[value_start] = if tampered[value_start] == b'A' { b'B' } else { b'A' };
    let doc = Document::parse(&tampered).unwrap();
    assert!(dsig::verify(&doc, &options).is_err());
    // An Id to countersign that is not in the document.
    let mut missing = SignatureRequest::new("data-1", &["DSCKS", "HieuTruong"], "sig-fourth", time());
    missing.countersign = vec!["sig-nobody-SignatureValue".into()];
    assert!(matches!(
        dsig::sign(text.as_bytes(), &missing, &signer("p384", SignatureAlgorithm::ECDSA_SHA256, provider)),
        Err(DsigError::UnresolvedReference { uri, .. }) if uri == "#sig-nobody-SignatureValue"
    ));
}

/// Signing parses the document once, with the new signature in place; what is wrong with the input is
/// still reported where it is in the input, and the signature's own parts are never taken for the
/// caller's.
#[test]
fn input_errors_are_reported_at_their_place_in_the_input() {
    let sample = String::from_utf8(file("samples/van-ban-mau-khong-phai-hoc-ba.xml")).unwrap();
    let rsa = signer("rsa2048", SignatureAlgorithm::RSA_SHA256, crypto::default_provider());
    let request = |reference: &str, id: &str| SignatureRequest::new(reference, &["DSCKS", "GVCN"], id, time());
    let after_the_signature = |extra: &str| sample.replace("</DSCKS>", &format!("</DSCKS>{extra}"));

    // Malformed after the place of the signature: the input's position, not the signed draft's.
    let malformed = after_the_signature("<X a=\"1\" a=\"2\"/>");
    let expected = Document::parse(malformed.as_bytes()).map(|_| ()).expect_err("malformed input");
    match dsig::sign(malformed.as_bytes(), &request("data-1", "s"), &rsa) {
        Err(DsigError::Xml(e)) => assert_eq!(e, expected),
        other => panic!("{other:?}"),
    }

    // A duplicate Id after the place of the signature: both positions in the input.
    let duplicated = after_the_signature("<X Id=\"x\"/><Y Id=\"x\"/>");
    let doc = Document::parse(duplicated.as_bytes()).unwrap();
    let positions: Vec<_> =
        doc.descendants().filter(|n| n.attribute(None, "Id") == Some("x")).map(|n| n.text_pos()).collect();
    match dsig::sign(duplicated.as_bytes(), &request("data-1", "s"), &rsa) {
        Err(DsigError::DuplicateId { id, first, second }) => {
            assert_eq!((id.as_str(), vec![first, second]), ("x", positions))
        }
        other => panic!("{other:?}"),
    }

    // Ids the new signature takes, already used after its place.
    for taken in ["s", "s-SigningTime", "s-SignatureValue"] {
        let used = after_the_signature(&format!("<X Id=\"{taken}\"/>"));
        let result = dsig::sign(used.as_bytes(), &request("data-1", "s"), &rsa);
        assert!(matches!(result, Err(DsigError::InvalidRequest(_))), "{taken}: {result:?}");
    }

    // The new signature's own parts are not the caller's to reference or countersign.
    for own in ["s-SigningTime", "s-SignatureValue", "s"] {
        let result = dsig::sign(sample.as_bytes(), &request(own, "s"), &rsa);
        assert!(
            matches!(&result, Err(DsigError::UnresolvedReference { uri, .. }) if uri == &format!("#{own}")),
            "{result:?}"
        );
        let mut countersigning = request("data-1", "s");
        countersigning.countersign = vec![own.to_owned()];
        let result = dsig::sign(sample.as_bytes(), &countersigning, &rsa);
        assert!(
            matches!(&result, Err(DsigError::UnresolvedReference { uri, .. }) if uri == &format!("#{own}")),
            "{result:?}"
        );
    }

    // A document type declaration is refused by the parser, as for verification.
    let with_dtd = sample.replacen("<HocBa", "<!DOCTYPE HocBa>\n<HocBa", 1);
    let result = dsig::sign(with_dtd.as_bytes(), &request("data-1", "s"), &rsa);
    assert!(matches!(result, Err(DsigError::Xml(hocba::xml::XmlError::DtdNotAllowed { .. }))), "{result:?}");

    // Tag-like text in a comment and in an attribute value before the real place is skipped.
    let decoy = sample.replacen("<DSCKS>", "<!-- <DSCKS><GVCN></GVCN></DSCKS> --><GhiChu a=\"GVCN/>\"/><DSCKS>", 1);
    let signed = dsig::sign(decoy.as_bytes(), &request("data-1", "s"), &rsa).unwrap();
    let signed = String::from_utf8(signed).unwrap();
    assert!(
        signed.contains("<DSCKS><GVCN><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"s\">"),
        "{signed}"
    );
    assert!(signed.contains("<!-- <DSCKS><GVCN></GVCN></DSCKS> -->"));
}

/// A signer whose values are the right size but wrong: a token holding another key, a faulty device.
struct WrongValueSigner(Vec<Vec<u8>>);

impl Signer for WrongValueSigner {
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::RSA_SHA256
    }
    fn certificates(&self) -> &[Vec<u8>] {
        &self.0
    }
    fn sign(&self, _: &[u8]) -> Result<Vec<u8>, CryptoError> {
        Ok(vec![0x5a; 256])
    }
}

/// A crypto provider from outside the crate whose signatures are wrong (a faulty device behind it, a
/// buggy port): it promises nothing, so its values are verified like any other signer's.
#[derive(Debug)]
struct FaultyProvider;

impl CryptoProvider for FaultyProvider {
    fn name(&self) -> &'static str {
        "faulty"
    }
    fn digest(&self, algorithm: hocba::crypto::DigestAlgorithm) -> Box<dyn hocba::crypto::Digest> {
        crypto::RUSTCRYPTO.digest(algorithm)
    }
    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        key: &PublicKey,
        message: &[u8],
        value: &[u8],
    ) -> Result<(), CryptoError> {
        crypto::RUSTCRYPTO.verify(algorithm, key, message, value)
    }
    fn sign(&self, algorithm: SignatureAlgorithm, key: &PrivateKey, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut value = crypto::RUSTCRYPTO.sign(algorithm, key, message)?;
        value[10] ^= 1;
        Ok(value)
    }
    fn fill_random(&self, out: &mut [u8]) -> Result<(), CryptoError> {
        crypto::RUSTCRYPTO.fill_random(out)
    }
}

static FAULTY: FaultyProvider = FaultyProvider;

/// Values from another signer, from a `KeySigner` with a provider from elsewhere, and ECDSA values
/// are verified before a document is returned; this crate's providers check their RSA results
/// themselves, and those documents verify.
#[test]
fn a_signer_returning_a_wrong_value_gets_no_document() {
    let sample = file("samples/van-ban-mau-khong-phai-hoc-ba.xml");
    let request = SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", time());
    let result = dsig::sign(&sample, &request, &WrongValueSigner(vec![certificate_der("rsa2048")]));
    assert!(matches!(result, Err(DsigError::BadSignature { .. })), "{result:?}");
    let algorithms = [
        ("rsa2048", SignatureAlgorithm::RSA_SHA256),
        ("rsa2048", SignatureAlgorithm::RSA_PSS_SHA256),
        ("p256", SignatureAlgorithm::ECDSA_SHA256),
    ];
    for (name, algorithm) in algorithms {
        let result = dsig::sign(&sample, &request, &signer(name, algorithm, &FAULTY));
        assert!(matches!(result, Err(DsigError::BadSignature { .. })), "{name} {}: {result:?}", algorithm.uri());
    }
    for provider in crypto::providers() {
        for (name, algorithm) in algorithms {
            let signed = dsig::sign(&sample, &request, &signer(name, algorithm, provider)).unwrap();
            let doc = Document::parse(&signed).unwrap();
            let options = VerifyOptions { provider, trusted_keys: vec![public(name)], ..VerifyOptions::default() };
            assert_eq!(dsig::verify(&doc, &options).unwrap().len(), 1, "{name} with {}", provider.name());
        }
    }
}

/// What signing refuses before any work, and which of two problems it names.
#[test]
fn oversized_input_and_duplicate_ids_are_named_first() {
    let rsa = signer("rsa2048", SignatureAlgorithm::RSA_SHA256, crypto::default_provider());
    let request = SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "s", time());
    let limit = hocba::xml::Limits::default().max_input_bytes;
    let mut huge = b"<r><d Id='data-1'/><DSCKS><GVCN/></DSCKS>".to_vec();
    huge.resize(limit + 1 - 4, b' ');
    huge.extend_from_slice(b"</r>");
    match dsig::sign(&huge, &request, &rsa) {
        Err(DsigError::Xml(hocba::xml::XmlError::InputTooLarge { size, limit: l })) => {
            assert_eq!((size, l), (huge.len(), limit))
        }
        other => panic!("{other:?}"),
    }
    // Duplicate Ids (the mark of a wrapping attempt) come before a missing place.
    let result = dsig::sign(b"<r><a Id='x'/><b Id='x'/><d Id='data-1'/></r>", &request, &rsa);
    assert!(matches!(&result, Err(DsigError::DuplicateId { id, .. }) if id == "x"), "{result:?}");
}

#[test]
fn tag_like_text_after_the_place_does_not_move_the_signature() {
    // Signing first looks for the place from the end of the text, without following the markup; each
    // decoy below is found that way first, and the signature must still go into DSCKS/GVCN.
    let sample = String::from_utf8(file("samples/van-ban-mau-khong-phai-hoc-ba.xml")).unwrap();
    let rsa = signer("rsa2048", SignatureAlgorithm::RSA_SHA256, crypto::default_provider());
    let request = SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "s", time());
    for decoy in [
        "<!-- <GVCN/> -->",
        "<GhiChu><![CDATA[<GVCN/>]]></GhiChu>",
        "<?ghi-chu <GVCN/>?>",
        "<Khac><GVCN/></Khac>",
        "<GhiChu a=\"GVCN/>\" b='x GVCN>'>GVCN/></GhiChu>",
    ] {
        let input = sample.replacen("</DSCKS>", &format!("</DSCKS>{decoy}"), 1);
        let signed = String::from_utf8(dsig::sign(input.as_bytes(), &request, &rsa).unwrap()).unwrap();
        let start = signed.find("<Signature ").expect("a signature");
        let end = signed.find("</Signature>").expect("its end") + "</Signature>".len();
        // Taking the signature out (and closing `<GVCN>` again) gives the input back.
        let without = format!("{}{}", &signed[..start], &signed[end..]).replacen("<GVCN></GVCN>", "<GVCN/>", 1);
        assert_eq!(without, input, "{decoy}");
        assert!(signed.contains("<DSCKS><GVCN><Signature "), "{decoy}: {signed}");
        assert!(signed.contains(&format!("</DSCKS>{decoy}")), "{decoy}");
        verify_with(signed.as_bytes(), crypto::default_provider()).unwrap();
    }
}

#[test]
fn an_empty_last_step_is_no_place_and_does_not_hang() {
    // A place whose last step has no name (`DSCKS/`, `DSCKS/[1]`) names no element. The search
    // from the end of the text must not look for the empty name (it is found everywhere). Run on
    // a thread so that a hang fails the test instead of stalling the run.
    for into in [&["DSCKS", ""][..], &["DSCKS", "[1]"], &[""]] {
        let (sent, received) = std::sync::mpsc::channel();
        let steps: Vec<String> = into.iter().map(|s| (*s).to_owned()).collect();
        std::thread::spawn(move || {
            let sample = file("samples/van-ban-mau-khong-phai-hoc-ba.xml");
            let rsa = signer("rsa2048", SignatureAlgorithm::RSA_SHA256, crypto::default_provider());
            let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
            let request = SignatureRequest::new("data-1", &steps, "s", time());
            sent.send(matches!(dsig::sign(&sample, &request, &rsa), Err(DsigError::Placement { .. }))).unwrap();
        });
        let placement_error = received.recv_timeout(std::time::Duration::from_secs(20));
        assert_eq!(placement_error, Ok(true), "{into:?}");
    }
}
