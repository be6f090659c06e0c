//! The test PKI as the approval-list tests use it: files, keys, trust and revocation at a time,
//! a signer checked at a time.

use std::sync::Arc;

use hocba::Code;
use hocba::approvals::{
    ApprovalList, ApprovalRole, Authority, SchoolKind, SignedYearRef, WithdrawalRequest, list_signature_request,
    list_to_xml, request_signature_request, request_to_xml, year_fingerprint,
};
use hocba::crypto::{self, KeyType, PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::KeySigner;
use hocba::pki::{Crl, RevocationChecker, RevocationData, SigningOptions, TrustOptions, TrustStore};
use hocba::report::{Verdict, VerificationReport};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::{Role, Transcript, sample, to_xml};
use hocba::verifier::{Verifier, VerifierConfig};

/// The school the tests' lists approve signers for (Trường Tiểu học Kim Đồng).
pub const SCHOOL: &str = "01001234";
/// When the tests' transcripts are signed.
pub const SIGNED_AT: &str = "2026-06-15T01:00:00Z";
/// When the tests verify.
pub const CHECKED_AT: &str = "2026-07-01T00:00:00Z";

/// A file of `test-vectors/pki` (`schools/…` for the schools and wards).
pub fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/pki/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The certificate `{name}-cert.pem` (DER).
pub fn cert(name: &str) -> Vec<u8> {
    certificates_from_pem_or_der(&pki(&format!("{name}-cert.pem"))).unwrap().remove(0)
}

/// The key `{name}-key.pem` with its certificate and the CA's, signing with `algorithm` (default:
/// RSA SHA-256 or ECDSA SHA-256 by the key).
pub fn key_with(name: &str, algorithm: Option<SignatureAlgorithm>) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&pki(&format!("{name}-key.pem"))).unwrap();
    let mut chain = certificates_from_pem_or_der(&pki(&format!("{name}-cert.pem"))).unwrap();
    chain.extend(certificates_from_pem_or_der(&pki("ca-cert.pem")).unwrap());
    let algorithm = algorithm.unwrap_or(match key.public_key().key_type() {
        KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
        _ => SignatureAlgorithm::RSA_SHA256,
    });
    KeySigner::new(key, chain, algorithm, crypto::default_provider()).unwrap()
}

/// [`key_with`] the key's default algorithm.
pub fn key(name: &str) -> KeySigner {
    key_with(name, None)
}

pub fn time(text: &str) -> UtcTime {
    UtcTime::parse(text).unwrap()
}

/// The test root as the only anchor, the clock at `at`.
pub fn trust(at: &str) -> TrustOptions {
    let mut anchors = TrustStore::empty();
    anchors.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    TrustOptions { trust: anchors, now: Some(time(at)), ..TrustOptions::default() }
}

/// Offline, with the test CA's and root's CRLs.
pub fn checker() -> Arc<RevocationChecker> {
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()]
        .concat();
    Arc::new(RevocationChecker::offline(RevocationData { crls, ..Default::default() }))
}

/// A signer whose certificate is checked at `at`, signing at `at`, nothing embedded.
pub fn signer_at(at: &str) -> TranscriptSigner {
    TranscriptSigner::new(SignerConfig {
        trust: trust(at),
        revocation: checker(),
        signing: SigningOptions { tsa_url: None, embed_validation_data: false },
        ..SignerConfig::default()
    })
}

/// A test authority with code `code`.
pub fn authority(code: &str) -> Authority {
    Authority { code: code.into(), name: format!("Phòng Văn hóa - Xã hội ({code})") }
}

/// A list approving the test PKI's GVCN and principal for the school, issued 2026-06-01, next
/// update 2026-12-31.
pub fn list(code: &str) -> ApprovalList {
    let mut list = ApprovalList::new(authority(code), time("2026-06-01T00:00:00Z"), time("2026-12-31T00:00:00Z"));
    list.set_school(SCHOOL, "Trường Tiểu học Kim Đồng", SchoolKind::Public, false).unwrap();
    let from = time("2026-01-01T00:00:00Z");
    list.approve(SCHOOL, &cert("gvcn"), &[ApprovalRole::HomeroomTeacher], from, None).unwrap();
    list.approve(SCHOOL, &cert("hieutruong"), &[ApprovalRole::Principal], from, None).unwrap();
    list
}

/// `list` signed by `signer_key` (a path under test-vectors/pki, e.g. "schools/phuong-ba-dinh").
pub fn signed_by(list: &ApprovalList, signer_key: &str) -> Vec<u8> {
    let xml = list_to_xml(list).unwrap();
    signer_at(&list.issued.to_utc_string()).sign(&xml, &list_signature_request(list.issued), &key(signer_key)).unwrap()
}

/// Every finding's code in `report`: the document's and each signature's, problems and warnings.
pub fn codes(report: &VerificationReport) -> Vec<Code> {
    report
        .problems()
        .iter()
        .chain(report.warnings())
        .chain(report.signatures().iter().flat_map(|s| s.problems().iter().chain(s.warnings())))
        .map(|f| f.code)
        .collect()
}

/// `report` has `verdict` and, if given, a finding with `code`.
pub fn assert_verdict(report: &VerificationReport, verdict: Verdict, code: Option<Code>) {
    assert_eq!(report.verdict(), verdict, "{}", report.to_json());
    super::assert_etsi_agrees(report);
    if let Some(code) = code {
        assert!(codes(report).contains(&code), "{code:?} not in {:?}", codes(report));
    }
}

/// The sample primary transcript at Trường Tiểu học Kim Đồng (`SCHOOL`), naming the test PKI's
/// GVCN and principal.
pub fn kim_dong_transcript() -> Transcript {
    let mut transcript = sample::primary();
    for year in &mut transcript.years {
        year.giao_vien_chu_nhiem = "Nguyễn Thị Hoa".into();
        year.hieu_truong = "Trần Văn Minh".into();
        year.truong.ma_truong = SCHOOL.into();
        year.truong.ten_truong = "Trường Tiểu học Kim Đồng".into();
    }
    transcript
}

/// [`kim_dong_transcript`], every year signed by the GVCN (gvcn) and the principal (hieutruong),
/// at `SIGNED_AT`.
pub fn signed_transcript() -> (Transcript, Vec<u8>) {
    let transcript = kim_dong_transcript();
    let signer = signer_at(SIGNED_AT);
    let mut xml = to_xml(&transcript).unwrap();
    for year in &transcript.years {
        xml = signer.sign_year(&xml, &year.id, Role::Gvcn, &key("gvcn")).unwrap();
        xml = signer.sign_year(&xml, &year.id, Role::HieuTruong, &key("hieutruong")).unwrap();
    }
    (transcript, xml)
}

/// The school's request to withdraw the signed year `year` of `transcript` (signed as `xml`).
pub fn request_for(transcript: &Transcript, xml: &[u8], year: usize) -> WithdrawalRequest {
    let verification =
        Verifier::new(VerifierConfig { trust: trust(CHECKED_AT), revocation: checker(), ..Default::default() })
            .verify(xml)
            .unwrap();
    let verified = verification.transcript().unwrap().signed_transcript().unwrap();
    let signed_year = &verified.years()[year];
    WithdrawalRequest {
        number: "01001234-2026-001".into(),
        school_name: "Trường Tiểu học Kim Đồng".into(),
        year: SignedYearRef {
            school: SCHOOL.into(),
            record: transcript.envelope.id_ban_ghi.clone(),
            transcript: transcript.header.ma_dinh_danh_hoc_ba.clone(),
            year: signed_year.year().id.clone(),
            fingerprint: year_fingerprint(signed_year.signature(Role::Gvcn).unwrap()),
        },
        reason: "Sai điểm môn Toán".into(),
        requested: time("2026-06-20T01:00:00Z"),
    }
}

/// The request unsigned, signed by the principal, and countersigned by the seal (the test PKI's
/// gvcn key stands in for the seal).
pub fn request_stages(request: &WithdrawalRequest) -> [Vec<u8>; 3] {
    let unsigned = request_to_xml(request).unwrap();
    let principal = request_signature_request(ApprovalRole::Principal, time("2026-06-20T02:00:00Z")).unwrap();
    let by_principal = signer_at("2026-06-20T02:00:00Z").sign(&unsigned, &principal, &key("hieutruong")).unwrap();
    let seal = request_signature_request(ApprovalRole::Seal, time("2026-06-20T02:10:00Z")).unwrap();
    let sealed = signer_at("2026-06-20T02:10:00Z").sign(&by_principal, &seal, &key("gvcn")).unwrap();
    [unsigned, by_principal, sealed]
}
