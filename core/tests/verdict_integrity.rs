//! The verdict cannot be bought with unsigned content or old evidence: the kind of document is
//! decided once by the core, a claimed signing time never moves the time a certificate is judged
//! at, and revocation evidence is weighed, not taken first-come.

mod common;

use common::test_pki::{cert, pki, signer};
use hocba::dsig::{KeySigner, SignatureRequest, VerifyOptions};
use hocba::pki::{
    Crl, RevocationChecker, RevocationData, RevocationPolicy, RevocationStatus, TimePolicy, TrustOptions, TrustStore,
    verify_document,
};
use hocba::report::{Language, Verdict, VerificationReport};
use hocba::time::UtcTime;
use hocba::verifier::{DocumentKind, DocumentVerification, OtherDocuments, Verifier, VerifierConfig};
use hocba::xml::Document;
use std::sync::Arc;

fn attack(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../test-vectors/attacks/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The attack corpus's verifier: the test root, the CAs' CRLs, judged at 2026-07-01.
fn corpus_trust() -> TrustOptions {
    let mut anchors = TrustStore::empty();
    anchors.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    TrustOptions { trust: anchors, now: Some(UtcTime::parse("2026-07-01T00:00:00Z").unwrap()), ..Default::default() }
}

fn crls() -> RevocationData {
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()]
        .concat();
    RevocationData { crls, ..Default::default() }
}

fn verify_any(xml: &str, other: OtherDocuments) -> DocumentVerification {
    let config = VerifierConfig {
        trust: corpus_trust(),
        revocation: Arc::new(RevocationChecker::offline(crls())),
        other_documents: other,
        ..VerifierConfig::default()
    };
    Verifier::new(config).verify(xml.as_bytes()).unwrap()
}

fn codes(report: &VerificationReport) -> Vec<&'static str> {
    report
        .problems()
        .iter()
        .chain(report.signatures().iter().flat_map(|s| s.problems()))
        .map(|f| f.code.as_str())
        .collect()
}

/// An element the schema does not know, in the unsigned record header: the document no longer
/// reads as a strict transcript.
fn with_unsigned_note(xml: &str) -> String {
    assert!(xml.contains("</ThongTinBanGhi>"));
    xml.replacen("</ThongTinBanGhi>", "<GhiChu/></ThongTinBanGhi>", 1)
}

#[test]
fn unsigned_content_never_turns_the_transcript_checks_off() {
    // Each of these is refused under the profile; with the header broken, it must still be.
    for name in ["principal-signature-removed.xml", "years-swapped-between-places.xml", "genuine.xml"] {
        let broken = with_unsigned_note(&attack(name));
        for other in [OtherDocuments::Refuse, OtherDocuments::Verify] {
            let verification = verify_any(&broken, other);
            assert_eq!(verification.kind(), DocumentKind::Transcript, "{name}");
            let report = verification.report();
            assert_eq!(report.verdict(), Verdict::Invalid, "{name}: {}", report.message(Language::En));
            assert_eq!(codes(report), ["transcript-profile"], "{name}: {}", report.message(Language::En));
        }
    }
    // Any element in the transcript namespace makes a transcript, wherever it is and whatever
    // the root: years that carry their own namespace under a renamed root are still judged so.
    let genuine = attack("genuine.xml");
    let renamed = genuine
        .replacen("<HocBa xmlns=\"urn:hocba:hocbaso:1.0\">", "<VanBan xmlns=\"urn:khac\">", 1)
        .replace("</HocBa>", "</VanBan>")
        .replace("<QuaTrinhHocTap ", "<QuaTrinhHocTap xmlns=\"urn:hocba:hocbaso:1.0\" ");
    let verification = verify_any(&renamed, OtherDocuments::Verify);
    assert_eq!(verification.kind(), DocumentKind::Transcript);
    assert_eq!(verification.report().verdict(), Verdict::Invalid);
    // The genuine transcript is valid, as a transcript.
    let genuine = verify_any(&genuine, OtherDocuments::Refuse);
    assert_eq!(genuine.kind(), DocumentKind::Transcript);
    assert_eq!(genuine.report().verdict(), Verdict::Valid, "{}", genuine.report().message(Language::En));
    assert!(genuine.transcript().unwrap().signed_transcript().is_some());
}

#[test]
fn other_signed_documents_are_verified_only_when_asked() {
    let sample = std::fs::read(format!(
        "{}/../test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let signed = hocba::dsig::sign(
        &sample,
        &SignatureRequest::new(
            "data-1",
            &["DSCKS", "GVCN"],
            "sig-GVCN",
            UtcTime::parse("2026-05-20T09:00:00Z").unwrap(),
        ),
        &signer("gvcn"),
    )
    .unwrap();
    let signed = String::from_utf8(signed).unwrap();
    let refused = verify_any(&signed, OtherDocuments::Refuse);
    assert_eq!(refused.kind(), DocumentKind::Other);
    assert_eq!(refused.report().verdict(), Verdict::Invalid);
    assert_eq!(codes(refused.report()), ["not-a-transcript"]);
    assert!(refused.report().message(Language::Vi).contains("không phải học bạ số"));
    let verified = verify_any(&signed, OtherDocuments::Verify);
    assert_eq!(verified.kind(), DocumentKind::Other);
    assert_eq!(verified.report().verdict(), Verdict::Valid, "{}", verified.report().message(Language::En));
}

/// The document signed by `name`'s key, claiming `claimed` as its signing time.
fn signed_claiming(name: &str, claimed: &str) -> Vec<u8> {
    let sample = std::fs::read(format!(
        "{}/../test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let request = SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", UtcTime::parse(claimed).unwrap());
    let signer: KeySigner = signer(name);
    hocba::dsig::sign(&sample, &request, &signer).unwrap()
}

fn verify_generic(xml: &[u8], trust: &TrustOptions, checker: &RevocationChecker) -> VerificationReport {
    let doc = Document::parse(xml).unwrap();
    verify_document(&doc, &VerifyOptions::default(), trust, checker).unwrap()
}

fn test_trust(now: &str) -> TrustOptions {
    let mut trust = corpus_trust();
    trust.now = Some(UtcTime::parse(now).unwrap());
    trust
}

#[test]
fn a_replayed_good_never_beats_a_key_compromise() {
    let Some(good) = common::test_pki::ocsp_good_for("revoked") else { return };
    // Revoked for key compromise on 2025-06-01; the holder of the key signs later, claiming a
    // time before the revocation, with the responder's "good" at hand.
    let signed = signed_claiming("revoked", "2025-05-01T09:00:00+07:00");
    let trust = test_trust("2026-07-01T00:00:00Z");
    let good_only = || RevocationData { ocsp_responses: vec![good.clone()], ..crls_for_root() };
    let with_crl = || {
        let mut data = crls();
        data.ocsp_responses.push(good.clone());
        data
    };
    for policy in [TimePolicy::TimeStampOrNow, TimePolicy::VerificationTime, TimePolicy::ClaimedSigningTime] {
        let mut trust = trust.clone();
        trust.time = policy;
        // The CA's current CRL lists the compromise: it wins over the "good", whatever came first.
        let report = verify_generic(&signed, &trust, &RevocationChecker::offline(with_crl()));
        assert_eq!(report.verdict(), Verdict::Invalid, "{policy:?}: {}", report.message(Language::En));
        assert_eq!(codes(&report), ["revoked"], "{policy:?}");
        let check = &report.signatures()[0].revocation()[0];
        assert!(matches!(check.status, RevocationStatus::Revoked { .. }), "{check:?}");
    }
    // Even a stale CRL proves a revocation (revocation is final); a stale one proves no "good".
    let stale = RevocationData {
        crls: [
            Crl::all_from_pem_or_der(&pki("ca-stale.crl")).unwrap(),
            Crl::all_from_pem_or_der(&pki("root.crl")).unwrap(),
        ]
        .concat(),
        ..Default::default()
    };
    let report = verify_generic(&signed, &trust, &RevocationChecker::offline(stale));
    assert_eq!(codes(&report), ["revoked"], "{}", report.message(Language::En));
    // The "good" alone (a lying or replaying responder, nothing else at hand) is all there is.
    let report = verify_generic(&signed, &trust, &RevocationChecker::offline(good_only()));
    assert_eq!(report.signatures()[0].revocation()[0].status, RevocationStatus::Good);
}

fn crls_for_root() -> RevocationData {
    RevocationData { crls: Crl::all_from_pem_or_der(&pki("root.crl")).unwrap(), ..Default::default() }
}

#[test]
fn a_claimed_time_never_extends_a_certificates_life() {
    // The ltv certificate expires on 2031-01-01; its key signs claiming 2026, verified in 2032.
    let signed = signed_claiming("ltv", "2026-05-20T09:00:00+07:00");
    let trust = TrustOptions { revocation: RevocationPolicy::Off, ..test_trust("2032-01-01T00:00:00Z") };
    let report = verify_generic(&signed, &trust, &RevocationChecker::offline(RevocationData::default()));
    assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
    assert_eq!(codes(&report), ["out-of-bounds-no-poe"]);
    assert!(report.message(Language::En).contains("time-stamp"));
    // Claiming a time outside the certificate's validity is refused outright.
    let before = signed_claiming("ltv", "2024-06-01T09:00:00+07:00");
    let report = verify_generic(&before, &test_trust("2026-07-01T00:00:00Z"), &RevocationChecker::offline(crls()));
    assert_eq!(codes(&report), ["signing-time-before-certificate"], "{}", report.message(Language::En));
    // With a pinned key (the key is the trust decision; its certificate's validity is not
    // checked) the disagreement is remarked on, and a claim after the clock still fails.
    let doc = Document::parse(&before).unwrap();
    let pinned = VerifyOptions {
        trusted_keys: vec![hocba::crypto::PublicKey::from_certificate_der(cert("ltv").der()).unwrap()],
        ..VerifyOptions::default()
    };
    let checker = RevocationChecker::offline(crls());
    let report = verify_document(&doc, &pinned, &test_trust("2026-07-01T00:00:00Z"), &checker).unwrap();
    assert!(codes(&report).is_empty(), "{}", report.message(Language::En));
    let warnings: Vec<_> = report.signatures()[0].warnings().iter().map(|w| w.code.as_str()).collect();
    assert!(warnings.contains(&"signing-time-before-certificate"), "{warnings:?}");
    let report = verify_document(&doc, &pinned, &test_trust("2024-01-01T00:00:00Z"), &checker).unwrap();
    assert_eq!(codes(&report), ["signing-time-in-future"], "{}", report.message(Language::En));
}

#[test]
fn a_revocation_is_weighed_by_its_reason_and_the_time_it_may_follow() {
    use common::test_pki::crl_revoking;
    let root = || Crl::all_from_pem_or_der(&pki("root.crl")).unwrap();
    let checker = |crls: Vec<Crl>| RevocationChecker::offline(RevocationData { crls, ..Default::default() });
    let trust = test_trust("2026-07-01T00:00:00Z");
    // The teacher moved school on 2026-06-01 (superseded): her key stays trusted, and nothing
    // proves whether a transcript claiming 2026-05-20 was signed before: undetermined, not invalid.
    let Some(superseded) = crl_revoking("gvcn", "260601000000Z", "superseded", "20260602000000Z") else { return };
    let before = signed_claiming("gvcn", "2026-05-20T09:00:00+07:00");
    let report = verify_generic(&before, &trust, &checker([vec![superseded.clone()], root()].concat()));
    assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
    assert_eq!(codes(&report), ["revoked-no-poe"]);
    // Claiming a time after the revocation: by the signer's own word, revoked when signing.
    let after = signed_claiming("gvcn", "2026-06-15T09:00:00+07:00");
    let report = verify_generic(&after, &trust, &checker([vec![superseded.clone()], root()].concat()));
    assert_eq!(codes(&report), ["revoked"], "{}", report.message(Language::En));
    // The CA later says the same revocation was a key compromise: that answer decides, whatever
    // came first.
    let compromise = crl_revoking("gvcn", "260601000000Z", "keyCompromise", "20260610000000Z").unwrap();
    let report = verify_generic(&before, &trust, &checker([vec![superseded, compromise], root()].concat()));
    assert_eq!(report.verdict(), Verdict::Invalid, "{}", report.message(Language::En));
    assert_eq!(codes(&report), ["revoked"]);
    // On hold: suspended, not ended: undetermined, to be checked again later.
    let hold = crl_revoking("gvcn", "260601000000Z", "certificateHold", "20260602000000Z").unwrap();
    let report = verify_generic(&before, &trust, &checker([vec![hold], root()].concat()));
    assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
    assert_eq!(codes(&report), ["certificate-on-hold"]);
}

#[test]
fn a_revocation_that_counts_is_not_hidden_by_a_later_compromise() {
    use common::test_pki::crl_revoking;
    use hocba::pki::{Purpose, validate_certificate};
    // Superseded on 2026-03-01, then (another answer) compromised on 2026-06-20; judged at a
    // proven 2026-05-01: the earlier revocation counts, the later compromise must not hide it.
    let Some(superseded) = crl_revoking("gvcn", "260301000000Z", "superseded", "20260302000000Z") else { return };
    let compromise = crl_revoking("gvcn", "260620000000Z", "keyCompromise", "20260621000000Z").unwrap();
    let root = Crl::all_from_pem_or_der(&pki("root.crl")).unwrap();
    let checker = RevocationChecker::offline(RevocationData {
        crls: [vec![compromise, superseded], root].concat(),
        ..Default::default()
    });
    let at = UtcTime::parse("2026-05-01T00:00:00Z").unwrap();
    let trust = test_trust("2026-07-01T00:00:00Z");
    let validation = validate_certificate(
        &cert("gvcn"),
        &[cert("ca")],
        &trust,
        &checker,
        at,
        Purpose::DocumentSigning,
        hocba::crypto::default_provider(),
    );
    assert_eq!(validation.verdict(RevocationPolicy::Require), Verdict::Invalid, "{:?}", validation.revocation);
    assert!(
        matches!(
            validation.revocation[0].status,
            RevocationStatus::Revoked { reason: hocba::pki::RevocationReason::Superseded, .. }
        ),
        "{:?}",
        validation.revocation[0]
    );
}
