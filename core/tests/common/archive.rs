//! What the archive time-stamp tests share: the test PKI's servers (TSA ending 2099 and 2032,
//! OCSP, CRLs), a transcript signed with time-stamps, verification with the clock moved, and the
//! archive's own renewing run.

use std::process::Command;
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

/// The servers listen on fixed ports: one test of this file at a time uses them.
pub static SERVERS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The test PKI's servers, stopped on drop only if this process started them.
pub struct Servers {
    started: bool,
}

fn script() -> String {
    format!("{}/../test-vectors/pki/serve.sh", env!("CARGO_MANIFEST_DIR"))
}

/// Whether the HTTP server answers (another worktree's process may run it).
fn http_answers() -> bool {
    std::net::TcpStream::connect_timeout(&"127.0.0.1:18080".parse().unwrap(), std::time::Duration::from_secs(1)).is_ok()
}

impl Servers {
    pub fn start() -> Option<Servers> {
        if !super::require_tool("openssl", "openssl") || !super::require_tool("python3", "python3") {
            return None;
        }
        let output = Command::new("bash").arg(script()).arg("start").output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        if output.status.success() {
            return Some(Servers { started: !stdout.contains("already running") });
        }
        // Run by another process (another worktree's state folder): use them, leave them.
        assert!(http_answers(), "the test PKI's servers did not start: {}", String::from_utf8_lossy(&output.stderr));
        Some(Servers { started: false })
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        if self.started {
            let _ = Command::new("bash").arg(script()).arg("stop").status();
        }
    }
}

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
        revocation: Arc::new(RevocationChecker::online(RevocationData { crls: crls(), ..Default::default() })),
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
        revocation: Arc::new(RevocationChecker::online(RevocationData { crls: crls(), ..Default::default() })),
        ..VerifierConfig::default()
    });
    verifier.add_archive_time_stamp(xml, tsa).unwrap().xml
}
