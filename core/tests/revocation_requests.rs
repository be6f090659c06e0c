//! `revocation_requests`: what a verification without the network still lacks, and where to ask,
//! on documents signed by the test PKI (test-vectors/pki), whose certificates name an OCSP
//! responder at 127.0.0.1:18081 and CRLs at 127.0.0.1:18080. The answers here are the PKI's own
//! files (what those servers serve), handed back as a fetching caller would; no network.

mod common;

use common::test_pki::{cert, pki, signer, trust};
use hocba::dsig::{SignatureRequest, VerifyOptions};
use hocba::pki::{
    Crl, OcspResponse, RevocationChecker, RevocationData, RevocationPolicy, RevocationRequest, RevocationStatus,
    SigningOptions, TrustOptions, revocation_requests, sign_with_trust, verify_document,
};
use hocba::report::{Language, Verdict, VerificationReport};
use hocba::time::UtcTime;
use hocba::xml::Document;

const OCSP: &str = "http://127.0.0.1:18081";
const CA_CRL: &str = "http://127.0.0.1:18080/ca.crl";
const ROOT_CRL: &str = "http://127.0.0.1:18080/root.crl";

fn crls(names: &[&str]) -> Vec<Crl> {
    names.iter().flat_map(|name| Crl::all_from_pem_or_der(&pki(name)).unwrap()).collect()
}

/// The sample signed by `first` (GVCN) and, when given, countersigned by `second` (principal);
/// no validation data embedded unless `embed`.
fn signed(first: &str, second: Option<&str>, embed: bool) -> Vec<u8> {
    let at = UtcTime::parse("2025-05-01T00:00:00Z").unwrap();
    let offline =
        RevocationChecker::offline(RevocationData { crls: crls(&["ca.crl", "root.crl"]), ..Default::default() });
    let policy = if embed { RevocationPolicy::Require } else { RevocationPolicy::Off };
    let options = SigningOptions { tsa_url: None, embed_validation_data: embed };
    let sample = std::fs::read(format!(
        "{}/../test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let request = SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", at);
    let mut document = sign_with_trust(&sample, &request, &signer(first), &trust(policy), &offline, &options).unwrap();
    if let Some(second) = second {
        let mut request = SignatureRequest::new("data-1", &["DSCKS", "HieuTruong"], "sig-HieuTruong", at);
        request.countersign = vec!["sig-GVCN-SignatureValue".into()];
        document = sign_with_trust(&document, &request, &signer(second), &trust(policy), &offline, &options).unwrap();
    }
    document
}

fn requests(document: &[u8], trust: &TrustOptions, supplied: &RevocationData) -> Vec<RevocationRequest> {
    let doc = Document::parse(document).unwrap();
    revocation_requests(&doc, &VerifyOptions::default(), trust, supplied).unwrap()
}

fn verify(document: &[u8], checker: &RevocationChecker) -> VerificationReport {
    let doc = Document::parse(document).unwrap();
    verify_document(&doc, &VerifyOptions::default(), &trust(RevocationPolicy::Require), checker).unwrap()
}

/// What a fetching caller hands back: each request answered with the file the test PKI's
/// servers serve for it.
fn answered(requests: &[RevocationRequest], ocsp_files: &[(&str, &str)]) -> RevocationChecker {
    let mut checker = RevocationChecker::offline(RevocationData::default());
    for request in requests {
        checker = match request {
            RevocationRequest::Crl { url, .. } => {
                let file = if url == CA_CRL { "ca.crl.der" } else { "root.crl.der" };
                checker.with_fetched_crl(url.clone(), Crl::all_from_pem_or_der(&pki(file)).unwrap().remove(0))
            }
            RevocationRequest::Ocsp { url, request, .. } => {
                let name =
                    ocsp_files.iter().find(|(_, req)| pki(req) == *request).expect("an unexpected OCSP request").0;
                checker.with_fetched_ocsp_response(url.clone(), OcspResponse::from_der(&pki(name)).unwrap())
            }
        };
    }
    checker
}

#[test]
fn two_signers_without_validation_data_need_ocsp_for_each_and_the_crls_once() {
    let document = signed("gvcn", Some("hieutruong"), false);
    let found = requests(&document, &trust(RevocationPolicy::Require), &RevocationData::default());
    let gvcn = cert("gvcn").subject().to_string();
    let principal = cert("hieutruong").subject().to_string();
    let ca = cert("ca").subject().to_string();
    // In the order the verification asks: the GVCN's certificate (OCSP, then its CA's CRL), the
    // CA (the root's CRL), then the principal's (its OCSP; the CA's CRL is already asked for).
    let summary: Vec<(&str, &str, Vec<&str>)> = found.iter().map(|r| (r.kind(), r.url(), r.subjects())).collect();
    assert_eq!(
        summary,
        [
            ("ocsp", OCSP, vec![gvcn.as_str()]),
            ("crl", CA_CRL, vec![gvcn.as_str(), principal.as_str()]),
            ("crl", ROOT_CRL, vec![ca.as_str()]),
            ("ocsp", OCSP, vec![principal.as_str()]),
        ]
    );
    // The OCSP requests are byte for byte what `openssl ocsp -issuer ca-cert.pem -cert ...` sends.
    let RevocationRequest::Ocsp { request, .. } = &found[0] else { unreachable!() };
    assert_eq!(*request, pki("ocsp/gvcn-req.der"));
    let RevocationRequest::Ocsp { request, .. } = &found[3] else { unreachable!() };
    assert_eq!(*request, pki("ocsp/hieutruong-req.der"));

    // Offline, the verdict is undetermined; with the answers, valid, each from its URL.
    let offline = verify(&document, &RevocationChecker::offline(RevocationData::default()));
    assert_eq!(offline.verdict(), Verdict::Undetermined);
    let files = [("ocsp/gvcn.der", "ocsp/gvcn-req.der"), ("ocsp/hieutruong.der", "ocsp/hieutruong-req.der")];
    let report = verify(&document, &answered(&found, &files));
    assert_eq!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
    for signature in report.signatures() {
        let origins: Vec<(&str, &str)> = signature
            .revocation()
            .iter()
            .map(|c| {
                let source = c.source.as_ref().unwrap();
                (source.kind, source.origin.as_str())
            })
            .collect();
        assert_eq!(origins, [("ocsp", OCSP), ("crl", ROOT_CRL)]);
    }

    // Nothing more is needed once the answers are at hand.
    let supplied = RevocationData {
        crls: crls(&["root.crl"]),
        ocsp_responses: ["ocsp/gvcn.der", "ocsp/hieutruong.der"]
            .iter()
            .map(|f| OcspResponse::from_der(&pki(f)).unwrap())
            .collect(),
    };
    assert_eq!(requests(&document, &trust(RevocationPolicy::Require), &supplied), []);
    // The CA's CRL alone answers for both signers: only the root's CRL is still missing.
    let partial = requests(
        &document,
        &trust(RevocationPolicy::Require),
        &RevocationData { crls: crls(&["ca.crl"]), ..Default::default() },
    );
    assert_eq!(partial.iter().map(|r| (r.kind(), r.url())).collect::<Vec<_>>(), [("crl", ROOT_CRL)]);
}

#[test]
fn a_revoked_signer_is_revoked_with_the_fetched_answer() {
    let document = signed("revoked", None, false);
    let found = requests(&document, &trust(RevocationPolicy::Require), &RevocationData::default());
    assert_eq!(
        found.iter().map(|r| (r.kind(), r.url())).collect::<Vec<_>>(),
        [("ocsp", OCSP), ("crl", CA_CRL), ("crl", ROOT_CRL)]
    );
    let report = verify(&document, &answered(&found, &[("ocsp/revoked.der", "ocsp/revoked-req.der")]));
    assert_eq!(report.verdict(), Verdict::Invalid, "{}", report.message(Language::En));
    let check = &report.signatures()[0].revocation()[0];
    assert!(matches!(check.status, RevocationStatus::Revoked { .. }), "{check:?}");
    assert_eq!(check.source.as_ref().unwrap().origin, OCSP);
}

#[test]
fn nothing_to_ask_when_data_is_embedded_or_revocation_is_off() {
    // Embedded long-term validation data answers everything.
    let embedded = signed("gvcn", None, true);
    assert_eq!(requests(&embedded, &trust(RevocationPolicy::Require), &RevocationData::default()), []);
    assert_eq!(verify(&embedded, &RevocationChecker::offline(RevocationData::default())).verdict(), Verdict::Valid);
    // Revocation off: nothing is checked, nothing asked.
    let plain = signed("gvcn", None, false);
    assert_eq!(requests(&plain, &trust(RevocationPolicy::Off), &RevocationData::default()), []);
    // Soft-fail still asks: the answer can only make the verdict more certain.
    assert_eq!(requests(&plain, &trust(RevocationPolicy::SoftFail), &RevocationData::default()).len(), 3);
}

#[test]
fn nothing_to_ask_for_a_signature_that_fails_before_revocation() {
    // Changed after signing: invalid whatever the revocation status.
    let document = String::from_utf8(signed("gvcn", None, false)).unwrap();
    let tampered = document.replacen("<kq:DiemCK>9</kq:DiemCK>", "<kq:DiemCK>10</kq:DiemCK>", 1);
    assert_ne!(tampered, document);
    assert_eq!(requests(tampered.as_bytes(), &trust(RevocationPolicy::Require), &RevocationData::default()), []);
    // Not trusted (the government roots only): no path, so nothing to ask the test servers.
    assert_eq!(requests(document.as_bytes(), &TrustOptions::default(), &RevocationData::default()), []);
}

#[test]
fn a_document_without_signatures_asks_for_nothing() {
    let doc = Document::parse(b"<a>no signature</a>").unwrap();
    // No signature is a verdict (invalid), not an error.
    let found =
        revocation_requests(&doc, &VerifyOptions::default(), &trust(RevocationPolicy::Require), &Default::default());
    assert_eq!(found.unwrap(), []);
}
