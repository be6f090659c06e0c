//! What the archive time-stamp tests share: the test PKI's servers (TSA ending 2099 and 2032,
//! OCSP, CRLs), a transcript signed with time-stamps, verification with the clock moved, and the
//! archive's own renewing run.

use std::sync::Arc;

use super::approvals::{CHECKED_AT, key, kim_dong_transcript, pki, trust};
use hocba::pki::{Crl, RevocationChecker, RevocationData, SigningOptions};
use hocba::report::VerificationReport;
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::transcript::{Role, to_xml};
use hocba::verifier::{Verifier, VerifierConfig};

pub const TSA: &str = "http://127.0.0.1:18080/tsa";
pub const TSA_2032: &str = "http://127.0.0.1:18080/tsa-2032";
/// After anything the tests sign (at the real clock), before anything expires.
pub const LATER: &str = "2028-01-01T00:00:00Z";

/// The TSAs' serial file is one: one test of this file at a time stamps.
pub static SERVERS: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn crls() -> Vec<Crl> {
    [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()].concat()
}

/// Every year of the Kim Đồng transcript (two years) signed now by `ltv` (the GVCN, until 2030)
/// and the principal, each signature time-stamped by `tsa` with its validation data.
pub fn signed(tsa: &str) -> Vec<u8> {
    let mut signing_trust = trust(CHECKED_AT);
    signing_trust.now = None;
    let signer = TranscriptSigner::new(SignerConfig {
        trust: signing_trust,
        revocation: Arc::new(super::pki_servers::online(RevocationData { crls: crls(), ..Default::default() })),
        signing: SigningOptions { tsa_url: Some(tsa.into()), embed_validation_data: true },
        ..SignerConfig::default()
    });
    let mut transcript = kim_dong_transcript();
    transcript.years.truncate(2);
    for year in &mut transcript.years {
        year.giao_vien_chu_nhiem = "Bùi Thị Ngọc Ánh".into();
    }
    let mut xml = to_xml(&transcript).unwrap();
    for year in &transcript.years {
        xml = signer.sign_year(&xml, &year.id, Role::Gvcn, &key("ltv")).unwrap();
        xml = signer.sign_year(&xml, &year.id, Role::HieuTruong, &key("hieutruong")).unwrap();
    }
    xml
}

/// Offline, revocation required, the test root trusted, the clock at `at`, with `crls`.
pub fn verify_with(xml: &[u8], at: &str, crls: Vec<Crl>) -> VerificationReport {
    let verifier = Verifier::new(VerifierConfig {
        trust: trust(at),
        revocation: Arc::new(RevocationChecker::offline(RevocationData { crls, ..Default::default() })),
        ..VerifierConfig::default()
    });
    verifier.verify(xml).unwrap().report().clone()
}

pub fn verify_at(xml: &[u8], at: &str) -> VerificationReport {
    verify_with(xml, at, crls())
}

/// Online, at the real clock: the archive's own renewing run.
pub fn archive(xml: &[u8], tsa: &str) -> Vec<u8> {
    let mut now = trust(CHECKED_AT);
    now.now = None;
    let verifier = Verifier::new(VerifierConfig {
        trust: now,
        revocation: Arc::new(super::pki_servers::online(RevocationData { crls: crls(), ..Default::default() })),
        ..VerifierConfig::default()
    });
    verifier.add_archive_time_stamp(xml, tsa).unwrap().xml
}
