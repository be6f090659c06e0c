//! `hocba demo`: the main job end to end. Builds a sample THCS transcript (grades 6-9, one transfer),
//! validates it, signs every school year as the homeroom teacher (RSA-2048, RSASSA-PSS) and then the
//! principal (ECDSA P-256, countersigning) with the bundled test keys, verifies it under the profile
//! with those keys pinned, prints the report, and shows that a changed score is caught.
//!
//! Exit codes: 0 the signed transcript verified (and the changed one did not), 1 otherwise, 2 the
//! keys cannot be read.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hocba::crypto::{PrivateKey, PublicKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::{KeySigner, VerifyOptions};
use hocba::time::UtcTime;
use hocba::transcript::{
    ProfileVerifyOptions, Role, Severity, TranscriptError, ValidateOptions, VerifiedTranscript, YearResults, sample,
    sign_as, to_xml, validate, verify,
};

use crate::{Failure, provider, read_named};

#[derive(clap::Args)]
pub(crate) struct DemoArgs {
    /// The test keys (`rsa2048-key.pem`, `rsa2048-cert.pem`, `p256-key.pem`, `p256-cert.pem`).
    #[arg(long, default_value = "test-vectors/keys")]
    keys: PathBuf,
    /// Also write the signed transcript here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Crypto provider: openssl or rustcrypto.
    #[arg(long)]
    provider: Option<String>,
}

struct Identity {
    signer: KeySigner,
    key: PublicKey,
}

fn identity(dir: &Path, name: &str, algorithm: SignatureAlgorithm, args: &DemoArgs) -> Result<Identity, Failure> {
    let named = |e: &dyn std::fmt::Display, file: &Path| Failure(format!("{}: {e}", file.display()));
    let key_file = dir.join(format!("{name}-key.pem"));
    let cert_file = dir.join(format!("{name}-cert.pem"));
    let key = PrivateKey::from_pem_or_der(&read_named(&key_file)?).map_err(|e| named(&e, &key_file))?;
    let certificates = certificates_from_pem_or_der(&read_named(&cert_file)?).map_err(|e| named(&e, &cert_file))?;
    let first = certificates.first().ok_or_else(|| Failure(format!("{}: no certificate", cert_file.display())))?;
    let public = PublicKey::from_certificate_der(first).map_err(|e| named(&e, &cert_file))?;
    let signer = KeySigner::new(key, certificates, algorithm, provider(args.provider.as_deref())?)
        .map_err(|e| named(&e, &key_file))?;
    Ok(Identity { signer, key: public })
}

/// A fixed signing time per school year and role (the demo is reproducible; real signers pass the clock).
fn signing_time(end_year: u16, role: Role) -> Result<UtcTime, Failure> {
    let time = match role {
        Role::Gvcn => format!("{end_year}-05-25T08:00:00+07:00"),
        Role::HieuTruong => format!("{end_year}-05-28T15:30:00+07:00"),
    };
    Ok(UtcTime::parse(&time)?)
}

pub(crate) fn run(args: &DemoArgs) -> Result<ExitCode, Failure> {
    let gvcn = identity(&args.keys, "rsa2048", SignatureAlgorithm::RSA_PSS_SHA256, args)?;
    let principal = identity(&args.keys, "p256", SignatureAlgorithm::ECDSA_SHA256, args)?;

    let transcript = sample::secondary_with_transfer();
    let student = transcript.student().map(|s| s.ho_va_ten.clone()).unwrap_or_default();
    println!("== 1. Tạo học bạ / build the transcript: {student}, THCS lớp 6-9, {} năm học", transcript.years.len());
    let findings = validate(&transcript, ValidateOptions::default()).findings;
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    println!(
        "   Kiểm tra nội dung / validation: {errors} lỗi / errors, {} cảnh báo / warnings",
        findings.len() - errors
    );
    let mut xml = to_xml(&transcript)?;

    println!("== 2. Ký số / sign: mỗi năm học GVCN ký trước, Hiệu trưởng ký sau (ký xác nhận chữ ký GVCN)");
    for year in &transcript.years {
        let end = year.nam_hoc.start() + 1;
        xml = sign_as(&xml, &year.id, Role::Gvcn, &gvcn.signer, signing_time(end, Role::Gvcn)?)?;
        xml = sign_as(&xml, &year.id, Role::HieuTruong, &principal.signer, signing_time(end, Role::HieuTruong)?)?;
        println!("   {}: {} (GVCN), {} (Hiệu trưởng)", year.nam_hoc, year.giao_vien_chu_nhiem, year.hieu_truong);
    }
    if let Some(out) = &args.out {
        std::fs::write(out, &xml).map_err(|e| Failure(format!("{}: {e}", out.display())))?;
        println!("   Đã ghi / written: {} ({} bytes)", out.display(), xml.len());
    }

    println!(
        "== 3. Kiểm tra chữ ký / verify (khoá tin cậy: hai khoá thử được ghim / trusted: the two pinned test keys)"
    );
    let options = ProfileVerifyOptions::new(VerifyOptions {
        provider: provider(args.provider.as_deref())?,
        trusted_keys: vec![gvcn.key.clone(), principal.key.clone()],
        ..VerifyOptions::default()
    });
    let verified = match verify(&xml, &options) {
        Ok(verified) => verified,
        Err(e) => {
            println!("   KHÔNG HỢP LỆ / INVALID: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    print!("{}", report(&verified));

    println!("== 4. Thử sửa một điểm / change one score and verify again");
    let tampered = change_first_average(&xml).ok_or_else(|| Failure("the signed transcript has no DTBmhk".into()))?;
    match verify(&tampered, &options) {
        Err(TranscriptError::Dsig(e)) => {
            println!("   Bị phát hiện / caught: {e}");
            Ok(ExitCode::SUCCESS)
        }
        other => {
            println!("   LỖI: thay đổi không bị phát hiện / the change was not caught: {other:?}");
            Ok(ExitCode::from(1))
        }
    }
}

fn report(verified: &VerifiedTranscript) -> String {
    let mut out = String::new();
    for y in verified.years() {
        let year = y.year();
        let learning = match &year.ket_qua {
            YearResults::Thcs(s) => s.ket_qua_hoc_tap.ca_nam.map(|l| l.label_vi()).unwrap_or("–"),
            YearResults::TieuHoc(p) => p.ket_qua_giao_duc.map(|k| k.label_vi()).unwrap_or("–"),
        };
        let _ = writeln!(
            out,
            "   Năm học {} — lớp {} — {} — học tập cả năm: {learning}",
            year.nam_hoc, year.lop, year.truong.ten_truong
        );
        for role in [Role::Gvcn, Role::HieuTruong] {
            let s = y.signature(role);
            let name = match role {
                Role::Gvcn => &year.giao_vien_chu_nhiem,
                Role::HieuTruong => &year.hieu_truong,
            };
            let time = s.claimed_signing_time().map(|t| t.to_vietnam_string()).unwrap_or_else(|| "–".into());
            let _ = writeln!(
                out,
                "     {} {name}: hợp lệ / valid — {} ({} {} bit), ký lúc (tự khai) / claimed {time}",
                role.label_vi(),
                s.algorithm().short_name(),
                s.key().key_type(),
                s.key().bits()
            );
        }
    }
    let withdrawn = if verified.is_withdrawn() { " — ĐÃ THU HỒI / WITHDRAWN" } else { "" };
    let _ = writeln!(
        out,
        "   KẾT QUẢ / RESULT: HỢP LỆ / VALID — {} năm học đã ký đủ / years fully signed{withdrawn}",
        verified.years().len()
    );
    out
}

/// The signed document with the first term average moved by one tenth.
fn change_first_average(xml: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(xml).ok()?;
    let start = text.find("<DTBmhk>")? + "<DTBmhk>".len();
    let end = start + text[start..].find('<')?;
    let changed = if &text[start..end] == "9.9" { "9.8" } else { "9.9" };
    Some(format!("{}{changed}{}", &text[..start], &text[end..]).into_bytes())
}
