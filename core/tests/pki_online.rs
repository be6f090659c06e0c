//! Trust with real servers: the test PKI's OCSP responder (`openssl ocsp`) and its HTTP server
//! (CRLs, RFC 3161 time-stamps by `openssl ts`), started by `test-vectors/pki/serve.sh` behind one
//! HTTP proxy on a free port of 127.0.0.1, which the checkers ask through. The servers stop when
//! the test ends, pass or fail.

mod common;

use common::test_pki::{pki, signer, trust};

use hocba::dsig::{SignatureRequest, VerifyOptions};
use hocba::pki::{
    Crl, RevocationChecker, RevocationData, RevocationPolicy, RevocationStatus, SigningOptions, TimePolicy,
    TrustOptions, sign_with_trust, verify_document,
};
use hocba::report::{Language, SigningTime, Verdict, VerificationReport};
use hocba::time::UtcTime;
use hocba::xml::Document;

const TSA: &str = "http://127.0.0.1:18080/tsa";

fn now() -> UtcTime {
    UtcTime::from_system_time(std::time::SystemTime::now())
}

fn sample() -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
}

fn request(into: &str, id: &str) -> SignatureRequest {
    SignatureRequest::new("data-1", &["DSCKS", into], id, now())
}

fn verify(document: &[u8], trust: &TrustOptions, checker: &RevocationChecker) -> VerificationReport {
    let doc = Document::parse(document).unwrap();
    verify_document(&doc, &VerifyOptions::default(), trust, checker).unwrap()
}

fn codes(report: &VerificationReport) -> Vec<&'static str> {
    report.signatures().iter().flat_map(|s| s.problems()).map(|f| f.code.as_str()).collect()
}

#[test]
fn online_revocation_time_stamps_and_long_term_validation() {
    let Some(_servers) = common::pki_servers::PkiServers::start() else { return };
    let offline_signing = RevocationChecker::offline(RevocationData {
        crls: [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()]
            .concat(),
        ..Default::default()
    });
    let plain = |name: &str| {
        sign_with_trust(
            &sample(),
            &request("GVCN", "sig-GVCN"),
            &signer(name),
            &trust(RevocationPolicy::Off),
            &offline_signing,
            &SigningOptions::default(),
        )
        .unwrap()
    };

    // OCSP over HTTP answers for the signer, a fetched CRL for the CA; both agree with offline CRLs.
    let online = common::pki_servers::online(RevocationData::default());
    let good = verify(&plain("gvcn"), &trust(RevocationPolicy::Require), &online);
    assert_eq!(good.verdict(), Verdict::Valid, "{}", good.message(Language::En));
    let checks = good.signatures()[0].revocation();
    assert_eq!(checks[0].source.as_ref().unwrap().kind, "ocsp");
    assert_eq!(checks[0].source.as_ref().unwrap().origin, "http://127.0.0.1:18081");
    assert_eq!(checks[1].source.as_ref().unwrap().kind, "crl");
    assert_eq!(checks[1].source.as_ref().unwrap().origin, "http://127.0.0.1:18080/root.crl");
    let revoked_doc = sign_with_trust(
        &sample(),
        &SignatureRequest::new(
            "data-1",
            &["DSCKS", "GVCN"],
            "sig-GVCN",
            UtcTime::parse("2025-05-01T00:00:00Z").unwrap(),
        ),
        &signer("revoked"),
        &trust(RevocationPolicy::Off),
        &offline_signing,
        &SigningOptions::default(),
    )
    .unwrap();
    let revoked_online = verify(&revoked_doc, &trust(RevocationPolicy::Require), &online);
    let revoked_offline = verify(&revoked_doc, &trust(RevocationPolicy::Require), &offline_signing);
    assert_eq!(codes(&revoked_online), ["revoked"], "{}", revoked_online.message(Language::En));
    assert_eq!(
        revoked_online.signatures()[0].revocation()[0].status,
        revoked_offline.signatures()[0].revocation()[0].status
    );
    // Claimed 2025-05-01, before the revocation; the reason is a key compromise, so the claim is
    // not believed: revoked all the same.
    assert!(matches!(revoked_online.signatures()[0].revocation()[0].status, RevocationStatus::Revoked { .. }));

    // Online, a "good" at hand does not spare asking: the responder may know of a revocation
    // since. The revoked signer with a "good" for its certificate supplied (the CA's database with
    // the revocation undone, as a replayed answer would say) is still revoked.
    if let Some(replayed) = common::test_pki::ocsp_good_for("revoked") {
        let with_good =
            common::pki_servers::online(RevocationData { ocsp_responses: vec![replayed], ..Default::default() });
        let report = verify(&revoked_doc, &trust(RevocationPolicy::Require), &with_good);
        assert_eq!(codes(&report), ["revoked"], "{}", report.message(Language::En));
        assert!(with_good.network_requests() > 0);
    }

    // The cache: twenty documents by the same signer cost no new request.
    let before = online.network_requests();
    for _ in 0..20 {
        assert_eq!(verify(&plain("gvcn"), &trust(RevocationPolicy::Require), &online).verdict(), Verdict::Valid);
    }
    assert_eq!(online.network_requests(), before, "cached answers are reused");

    // A disk cache: a second run (a new checker) reuses what the first fetched, while current.
    let cache = std::env::temp_dir().join(format!("hocba-revocation-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cache);
    let first_run = common::pki_servers::online(RevocationData::default()).with_disk_cache(cache.clone());
    assert_eq!(verify(&plain("gvcn"), &trust(RevocationPolicy::Require), &first_run).verdict(), Verdict::Valid);
    assert_eq!(first_run.network_requests(), 2, "the signer's OCSP answer and the root's CRL");
    let second_run = common::pki_servers::online(RevocationData::default()).with_disk_cache(cache.clone());
    assert_eq!(verify(&plain("gvcn"), &trust(RevocationPolicy::Require), &second_run).verdict(), Verdict::Valid);
    assert_eq!(second_run.network_requests(), 0, "the OCSP answer (next update in a day) and the CRL are reused");
    std::fs::remove_dir_all(&cache).unwrap();

    // A nonce, echoed by the responder.
    let with_nonce = common::pki_servers::online(RevocationData::default()).with_ocsp_nonce();
    assert_eq!(verify(&plain("hieutruong"), &trust(RevocationPolicy::Require), &with_nonce).verdict(), Verdict::Valid);

    // Signing checks the signer online first: a revoked signer is refused.
    let refused = sign_with_trust(
        &sample(),
        &request("GVCN", "sig-GVCN"),
        &signer("revoked"),
        &trust(RevocationPolicy::Require),
        &common::pki_servers::online(RevocationData::default()),
        &SigningOptions::default(),
    );
    assert!(refused.unwrap_err().to_string().contains("revoked"));

    // Long-term validation: time-stamped, with the OCSP answer and CRL embedded, then verified
    // offline in 2035, five years after the signer's certificate expired.
    let ltv_options = SigningOptions { tsa_url: Some(TSA.into()), embed_validation_data: true };
    let signing_checker = common::pki_servers::online(RevocationData::default());
    let ltv = sign_with_trust(
        &sample(),
        &request("GVCN", "sig-GVCN"),
        &signer("ltv"),
        &trust(RevocationPolicy::Require),
        &signing_checker,
        &ltv_options,
    )
    .unwrap();
    // And a second signer on top, time-stamped too, without breaking the first.
    let mut second = request("HieuTruong", "sig-HieuTruong");
    second.countersign = vec!["sig-GVCN-SignatureValue".into()];
    let both = sign_with_trust(
        &ltv,
        &second,
        &signer("hieutruong"),
        &trust(RevocationPolicy::Require),
        &signing_checker,
        &ltv_options,
    )
    .unwrap();
    let mut later = trust(RevocationPolicy::Require);
    later.now = Some(UtcTime::parse("2035-01-01T00:00:00Z").unwrap());
    later.time = TimePolicy::TimeStampOrNow;
    let offline = RevocationChecker::offline(RevocationData::default());
    let report = verify(&both, &later, &offline);
    assert_eq!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
    for signature in report.signatures() {
        let Some(SigningTime::TimeStamp { authority, time }) = signature.signing_time() else {
            panic!("not time-stamped: {:?}", signature.signing_time())
        };
        assert_eq!(authority, "Test TSA chuyên dùng Chính phủ");
        assert!((time.unix_seconds() - now().unix_seconds()).abs() < 600);
        assert!(signature.revocation().iter().all(|c| c.source.as_ref().unwrap().origin == "embedded"));
        // The authority's own status was embedded when signing: it is known offline too.
        assert!(
            signature.warnings().iter().all(|w| !w.code.as_str().starts_with("time-stamp")),
            "{:?}",
            signature.warnings()
        );
    }

    // A time-stamping authority whose key was compromised proves no time: both signatures are
    // judged in 2035 as if unstamped (the teacher's certificate expired in 2030).
    if let Some(crl) = common::test_pki::crl_revoking("tsa", "270101000000Z", "keyCompromise", "20270102000000Z") {
        let tsa_revoked = RevocationChecker::offline(RevocationData { crls: vec![crl], ..Default::default() });
        let report = verify(&both, &later, &tsa_revoked);
        assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
        assert_eq!(codes(&report), ["out-of-bounds-no-poe"], "{}", report.message(Language::En));
        for signature in report.signatures() {
            assert!(matches!(signature.signing_time(), Some(SigningTime::VerificationTime { .. })));
            assert!(signature.warnings().iter().any(|w| w.code == "time-stamp-authority-revoked"));
        }
    }
    // Once the authority's certificate has expired, its time-stamps prove nothing without an
    // archive time-stamp: in 2100 every certificate here has expired.
    let mut after_tsa = later.clone();
    after_tsa.now = Some(UtcTime::parse("2100-01-02T00:00:00Z").unwrap());
    let report = verify(&both, &after_tsa, &offline);
    assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
    assert_eq!(codes(&report), ["out-of-bounds-no-poe", "out-of-bounds-no-poe"], "{}", report.message(Language::En));
    assert!(report.signatures().iter().all(|s| s.warnings().iter().any(|w| w.code == "time-stamp-expired")));

    // Without the time-stamps and the embedded data, nothing proves the teacher's signature older
    // than her certificate's expiry, and the principal's status is unknown: undetermined in 2035,
    // with the reasons.
    let text = String::from_utf8(both.clone()).unwrap();
    let stripped = strip_unsigned_properties(&text);
    let report = verify(stripped.as_bytes(), &later, &offline);
    assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
    assert_eq!(
        codes(&report),
        ["out-of-bounds-no-poe", "revocation-unknown", "revocation-unknown"],
        "{}",
        report.message(Language::En)
    );

    // A damaged token, or one moved from the other signature, is refused with its reason.
    let tokens: Vec<&str> = text
        .match_indices("<hp:SignatureTimeStamp>")
        .map(|(i, _)| &text[i + 23..i + 23 + text[i + 23..].find('<').unwrap()])
        .collect();
    assert_eq!(tokens.len(), 2);
    let moved = text.replacen(tokens[0], tokens[1], 1);
    assert_ne!(moved, text);
    let report = verify(moved.as_bytes(), &later, &offline);
    assert_eq!(codes(&report), ["time-stamp-invalid"], "{}", report.message(Language::En));
    assert!(report.message(Language::En).contains("other data than what it is attached to"));
    // The token ends with the TSA's signature value: damage that (a damaged spare copy of a CA
    // certificate in the token would rightly change nothing).
    let mut damaged = tokens[0].to_owned();
    let middle = damaged.len() - 10;
    let flipped = if &damaged[middle..=middle] == "A" { "B" } else { "A" };
    damaged.replace_range(middle..=middle, flipped);
    let report = verify(text.replacen(tokens[0], &damaged, 1).as_bytes(), &later, &offline);
    assert_eq!(codes(&report), ["time-stamp-invalid"], "{}", report.message(Language::En));
    assert!(report.message(Language::En).contains("does not verify"), "{}", report.message(Language::En));
}

/// The document without the `Object`s holding `hp:UnsignedProperties`.
fn strip_unsigned_properties(text: &str) -> String {
    let mut out = text.to_owned();
    while let Some(inner) = out.find("<hp:UnsignedProperties") {
        let start = out[..inner].rfind('<').unwrap();
        let close = out[inner..].find("</hp:UnsignedProperties>").unwrap() + inner;
        let end = out[close..].find("Object>").unwrap() + close + "Object>".len();
        out.replace_range(start..end, "");
    }
    assert!(!out.contains("UnsignedProperties"));
    out
}
