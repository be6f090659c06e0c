//! Each signature's ETSI status (EN 319 102-1 indication and sub-indication) on real cases of the
//! test PKI, the table in `ETSI.md` against the code, and the status never disagreeing with the
//! verdict.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use common::test_pki::{crl_revoking, pki, signer};
use hocba::Code;
use hocba::dsig::{SignatureRequest, VerifyOptions};
use hocba::pki::{Crl, RevocationChecker, RevocationData, RevocationPolicy, TrustOptions, TrustStore, verify_document};
use hocba::report::{
    EtsiIndication, EtsiStatus, EtsiSubIndication, EtsiSummary, Language, Verdict, VerificationReport,
};
use hocba::time::UtcTime;
use hocba::verifier::{Verifier, VerifierConfig};
use hocba::xml::Document;

use EtsiIndication::{Indeterminate, TotalFailed, TotalPassed};
use EtsiSubIndication as Sub;

fn trust_at(now: &str, root: &str) -> TrustOptions {
    let mut anchors = TrustStore::empty();
    anchors.add_pem_or_der(&pki(root)).unwrap();
    TrustOptions { trust: anchors, now: Some(UtcTime::parse(now).unwrap()), ..Default::default() }
}

fn trust(now: &str) -> TrustOptions {
    trust_at(now, "root-cert.pem")
}

fn root_crl() -> Vec<Crl> {
    Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()
}

fn crls() -> RevocationChecker {
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), root_crl()].concat();
    RevocationChecker::offline(RevocationData { crls, ..Default::default() })
}

/// The sample signed by `name`'s key, claiming `claimed` as its signing time.
fn signed_claiming(name: &str, claimed: &str) -> Vec<u8> {
    let sample = std::fs::read(format!(
        "{}/../test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let request = SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", UtcTime::parse(claimed).unwrap());
    hocba::dsig::sign(&sample, &request, &signer(name)).unwrap()
}

fn verify(xml: &[u8], trust: &TrustOptions, checker: &RevocationChecker) -> VerificationReport {
    let doc = Document::parse(xml).unwrap();
    let report = verify_document(&doc, &VerifyOptions::default(), trust, checker).unwrap();
    common::assert_etsi_agrees(&report);
    report
}

/// The one signature's status, and its verdict as the message says it (for failures).
fn status(report: &VerificationReport) -> (EtsiIndication, Option<EtsiSubIndication>) {
    assert_eq!(report.signatures().len(), 1, "{}", report.message(Language::En));
    let etsi = report.signatures()[0].etsi();
    (etsi.indication, etsi.sub_indication)
}

const SIGNED: &str = "2026-05-20T09:00:00+07:00";
const CHECKED: &str = "2026-07-01T00:00:00Z";

#[test]
fn a_valid_signature_is_total_passed() {
    let report = verify(&signed_claiming("gvcn", SIGNED), &trust(CHECKED), &crls());
    assert_eq!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
    assert_eq!(status(&report), (TotalPassed, None));
    assert_eq!(report.etsi(), EtsiSummary { signatures_count: 1, valid_signatures_count: 1 });
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(
        json["signatures"][0]["etsi"],
        serde_json::json!({ "indication": "TOTAL_PASSED", "sub_indication": null })
    );
    assert_eq!(json["etsi"], serde_json::json!({ "signatures_count": 1, "valid_signatures_count": 1 }));
}

#[test]
fn an_expired_certificate_without_proof_of_existence_is_out_of_bounds() {
    // The ltv certificate expires on 2031-01-01; verified in 2032 with no time-stamp.
    let signed = signed_claiming("ltv", SIGNED);
    let trust = TrustOptions { revocation: RevocationPolicy::Off, ..trust("2032-01-01T00:00:00Z") };
    let report = verify(&signed, &trust, &RevocationChecker::offline(RevocationData::default()));
    assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
    assert_eq!(status(&report), (Indeterminate, Some(Sub::OutOfBoundsNoPoe)));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["signatures"][0]["etsi"]["sub_indication"], "OUT_OF_BOUNDS_NO_POE");
    assert_eq!(json["etsi"]["valid_signatures_count"], 0);
}

#[test]
fn revocations_are_failed_or_indeterminate_by_what_is_proven() {
    // Revoked for a key compromise on 2025-06-01: a signature claiming any time fails.
    let report = verify(&signed_claiming("revoked", "2025-05-01T09:00:00+07:00"), &trust(CHECKED), &crls());
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(status(&report), (TotalFailed, Some(Sub::Revoked)));
    // Superseded on 2026-06-01: the key stays trusted, nothing proves the signature older.
    let Some(superseded) = crl_revoking("gvcn", "260601000000Z", "superseded", "20260602000000Z") else { return };
    let checker = RevocationChecker::offline(RevocationData {
        crls: [vec![superseded], root_crl()].concat(),
        ..Default::default()
    });
    let report = verify(&signed_claiming("gvcn", SIGNED), &trust(CHECKED), &checker);
    assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
    assert_eq!(status(&report), (Indeterminate, Some(Sub::RevokedNoPoe)));
    // Claiming a time after it: by the signer's own word, revoked when signing.
    let report = verify(&signed_claiming("gvcn", "2026-06-15T09:00:00+07:00"), &trust(CHECKED), &checker);
    assert_eq!(status(&report), (TotalFailed, Some(Sub::Revoked)));
    // On hold: the status may change.
    let hold = crl_revoking("gvcn", "260601000000Z", "certificateHold", "20260602000000Z").unwrap();
    let checker =
        RevocationChecker::offline(RevocationData { crls: [vec![hold], root_crl()].concat(), ..Default::default() });
    let report = verify(&signed_claiming("gvcn", SIGNED), &trust(CHECKED), &checker);
    assert_eq!(status(&report), (Indeterminate, Some(Sub::TryLater)));
}

#[test]
fn an_unknown_revocation_status_under_require_is_try_later() {
    // No CRL at hand, offline: more revocation data may settle it (TRY_LATER), not data out of
    // its issuer's validity (REVOCATION_OUT_OF_BOUNDS_NO_POE).
    let trust = TrustOptions { revocation: RevocationPolicy::Require, ..trust(CHECKED) };
    let report =
        verify(&signed_claiming("gvcn", SIGNED), &trust, &RevocationChecker::offline(RevocationData::default()));
    assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
    assert_eq!(status(&report), (Indeterminate, Some(Sub::TryLater)));
    // Under soft-fail it is a warning: the signature passes.
    let soft = TrustOptions { revocation: RevocationPolicy::SoftFail, ..trust };
    let report =
        verify(&signed_claiming("gvcn", SIGNED), &soft, &RevocationChecker::offline(RevocationData::default()));
    assert_eq!(status(&report), (TotalPassed, None));
}

#[test]
fn a_changed_byte_is_a_hash_failure() {
    let signed = String::from_utf8(signed_claiming("gvcn", SIGNED)).unwrap();
    assert!(signed.contains(">9</kq:DiemCK>"));
    let changed = signed.replacen(">9</kq:DiemCK>", ">8</kq:DiemCK>", 1);
    let report = verify(changed.as_bytes(), &trust(CHECKED), &crls());
    assert_eq!(report.verdict(), Verdict::Invalid, "{}", report.message(Language::En));
    assert_eq!(status(&report), (TotalFailed, Some(Sub::HashFailure)));
}

#[test]
fn no_path_to_a_trusted_root_names_the_missing_chain() {
    // The verifier's anchors are fixed, so no path is final here (invalid); ETSI's status is the
    // standard's pair, as DSS reports it.
    let report = verify(&signed_claiming("gvcn", SIGNED), &trust_at(CHECKED, "other-root-cert.pem"), &crls());
    assert_eq!(report.verdict(), Verdict::Invalid, "{}", report.message(Language::En));
    assert_eq!(status(&report), (Indeterminate, Some(Sub::NoCertificateChainFound)));
    assert_eq!(Sub::NoCertificateChainFound.standard_indication(), Indeterminate);
}

#[test]
fn the_documents_problems_leave_each_signatures_status_alone() {
    // A transcript with a year's principal signature removed: the profile fails the document,
    // while the signatures left verify.
    let xml = std::fs::read(format!(
        "{}/../test-vectors/attacks/principal-signature-removed.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let config = VerifierConfig { trust: trust(CHECKED), revocation: Arc::new(crls()), ..VerifierConfig::default() };
    let verification = Verifier::new(config).verify(&xml).unwrap();
    let report = verification.report();
    common::assert_etsi_agrees(report);
    assert_eq!(report.verdict(), Verdict::Invalid, "{}", report.message(Language::En));
    assert_eq!(report.problems()[0].code, Code::TranscriptProfile);
    assert!(!report.signatures().is_empty());
    for signature in report.signatures() {
        assert_eq!(signature.verdict(), Verdict::Valid);
        assert_eq!(signature.etsi(), EtsiStatus { indication: TotalPassed, sub_indication: None });
    }
    let count = report.signatures().len();
    assert_eq!(report.etsi(), EtsiSummary { signatures_count: count, valid_signatures_count: count });
}

/// `ETSI.md`'s table: each code once, with its indication and sub-indication, or `—` for both.
fn table() -> BTreeMap<String, Option<(String, String)>> {
    let text = std::fs::read_to_string(format!("{}/../ETSI.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut rows = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        assert!(cells.len() >= 3, "{line}");
        let status = match (cells[1], cells[2]) {
            ("—", "—") => None,
            (indication, sub) => Some((indication.to_owned(), sub.to_owned())),
        };
        for code in cells[0].split(", ") {
            let code = code.strip_prefix('`').and_then(|c| c.strip_suffix('`')).unwrap_or_else(|| panic!("{line}"));
            assert!(rows.insert(code.to_owned(), status.clone()).is_none(), "{code} is in the table twice");
        }
    }
    rows
}

#[test]
fn the_table_is_the_mapping() {
    let mut table = table();
    for code in Code::ALL {
        let row = table.remove(code.as_str()).unwrap_or_else(|| panic!("{code} is not in ETSI.md"));
        let mapped = EtsiStatus::for_code(*code)
            .map(|s| (s.indication.as_str().to_owned(), s.sub_indication.unwrap().as_str().to_owned()));
        assert_eq!(row, mapped, "{code}: ETSI.md and EtsiStatus::for_code disagree");
    }
    assert!(table.is_empty(), "ETSI.md lists codes that do not exist: {:?}", table.keys());
}

#[test]
fn the_names_are_the_standards() {
    let names: Vec<&str> = Sub::ALL.iter().map(|s| s.as_str()).collect();
    for name in ["FORMAT_FAILURE", "HASH_FAILURE", "SIG_CRYPTO_FAILURE", "REVOKED", "EXPIRED", "NOT_YET_VALID"] {
        let sub = Sub::ALL.iter().find(|s| s.as_str() == name).unwrap();
        assert_eq!(sub.standard_indication(), TotalFailed, "{name}");
    }
    assert_eq!(names.len(), 25);
    assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')));
    assert_eq!(EtsiIndication::ALL.map(EtsiIndication::as_str), ["TOTAL_PASSED", "TOTAL_FAILED", "INDETERMINATE"]);
}
