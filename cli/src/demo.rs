//! `hocba demo`: the main job end to end. Builds a sample THCS transcript (grades 6-9, one transfer),
//! validates it, signs every school year as the homeroom teacher (RSA-2048, RSASSA-PSS) and then the
//! principal (ECDSA P-256, countersigning) with the bundled test PKI: each signer's certificate is
//! checked against the test root and its revocation before signing, the signature is time-stamped
//! when a TSA is given, and the validation data is embedded. Then it verifies the transcript
//! offline, trusting only the test root, prints the report, and shows that a changed score is caught.
//!
//! Exit codes: 0 the signed transcript verified (and the changed one did not), 1 otherwise, 2 the
//! test PKI cannot be read or signing was refused.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hocba::crypto::{PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::{KeySigner, VerifyOptions};
use hocba::pki::{Crl, RevocationChecker, RevocationData, SigningOptions, TrustOptions, TrustStore};
use hocba::report::{Language, Verdict};
use hocba::time::UtcTime;
use hocba::transcript::{
    ProfileVerifyOptions, Role, Severity, ValidateOptions, VerifiedTranscript, YearResults, sample, sign_as_trusted,
    to_xml, validate, verify_trusted,
};

use crate::{Failure, provider, read_named};

#[derive(clap::Args)]
pub(crate) struct DemoArgs {
    /// The test PKI (`test-vectors/pki`): its root is the only trust anchor, its GVCN and
    /// principal sign.
    #[arg(long, default_value = "test-vectors/pki")]
    pki: PathBuf,
    /// Check the signers' certificates online (OCSP, CRL distribution points) instead of with
    /// the test PKI's CRL files; needed for --tsa.
    #[arg(long)]
    online: bool,
    /// Time-stamp each signature at this RFC 3161 TSA (e.g. the test PKI's, http://127.0.0.1:18080/tsa).
    #[arg(long, requires = "online")]
    tsa: Option<String>,
    /// Also write the signed transcript here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Crypto provider: openssl or rustcrypto.
    #[arg(long)]
    provider: Option<String>,
}

fn signer(dir: &Path, name: &str, algorithm: SignatureAlgorithm, args: &DemoArgs) -> Result<KeySigner, Failure> {
    let named = |e: &dyn std::fmt::Display, file: &Path| Failure(format!("{}: {e}", file.display()));
    let key_file = dir.join(format!("{name}-key.pem"));
    let key = PrivateKey::from_pem_or_der(&read_named(&key_file)?).map_err(|e| named(&e, &key_file))?;
    let mut certificates = Vec::new();
    for file in [dir.join(format!("{name}-cert.pem")), dir.join("ca-cert.pem")] {
        certificates.extend(certificates_from_pem_or_der(&read_named(&file)?).map_err(|e| named(&e, &file))?);
    }
    KeySigner::new(key, certificates, algorithm, provider(args.provider.as_deref())?).map_err(|e| named(&e, &key_file))
}

pub(crate) fn run(args: &DemoArgs) -> Result<ExitCode, Failure> {
    let gvcn = signer(&args.pki, "gvcn", SignatureAlgorithm::RSA_PSS_SHA256, args)?;
    let principal = signer(&args.pki, "hieutruong", SignatureAlgorithm::ECDSA_SHA256, args)?;
    let mut anchors = TrustStore::empty();
    anchors.add_path(&args.pki.join("root-cert.pem")).map_err(|e| Failure(e.to_string()))?;
    let trust = TrustOptions { trust: anchors, ..TrustOptions::default() };
    let signing_checker = if args.online {
        RevocationChecker::online(RevocationData::default())
    } else {
        let mut crls = Vec::new();
        for file in ["ca.crl", "root.crl"] {
            let path = args.pki.join(file);
            crls.extend(
                Crl::all_from_pem_or_der(&read_named(&path)?)
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))?,
            );
        }
        RevocationChecker::offline(RevocationData { crls, ..Default::default() })
    };
    let signing = SigningOptions { tsa_url: args.tsa.clone(), embed_validation_data: true };

    let mut transcript = sample::secondary_with_transfer();
    // The test PKI has one homeroom teacher and one principal: they sign every year here, so the
    // transcript names them (a verifier warns when a signer is not the person a year names).
    for year in &mut transcript.years {
        year.giao_vien_chu_nhiem = "Nguyễn Thị Hoa".into();
        year.hieu_truong = "Trần Văn Minh".into();
    }
    let student = transcript.student().map(|s| s.ho_va_ten.clone()).unwrap_or_default();
    println!("== 1. Tạo học bạ / build the transcript: {student}, THCS lớp 6-9, {} năm học", transcript.years.len());
    let findings = validate(&transcript, ValidateOptions::default()).findings;
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    println!(
        "   Kiểm tra nội dung / validation: {errors} lỗi / errors, {} cảnh báo / warnings",
        findings.len() - errors
    );
    let mut xml = to_xml(&transcript)?;

    let how = match (&args.tsa, args.online) {
        (Some(tsa), _) => format!("kiểm tra chứng thư trực tuyến, gắn dấu thời gian của {tsa}"),
        (None, true) => "kiểm tra chứng thư trực tuyến".to_owned(),
        (None, false) => "kiểm tra chứng thư bằng CRL của PKI thử nghiệm".to_owned(),
    };
    println!("== 2. Ký số / sign ({how}): mỗi năm học GVCN ký trước, Hiệu trưởng ký sau (ký xác nhận chữ ký GVCN)");
    // Records of past years are signed when the school adopts the digital transcript: now.
    let now = UtcTime::from_system_time(std::time::SystemTime::now());
    for year in &transcript.years {
        for (role, who) in [(Role::Gvcn, &gvcn), (Role::HieuTruong, &principal)] {
            xml = sign_as_trusted(&xml, &year.id, role, who, now, &trust, &signing_checker, &signing)
                .map_err(|e| Failure(format!("{} {}: {e}", year.nam_hoc, role.label_vi())))?;
        }
        println!("   {}: {} (GVCN), {} (Hiệu trưởng)", year.nam_hoc, year.giao_vien_chu_nhiem, year.hieu_truong);
    }
    if let Some(out) = &args.out {
        std::fs::write(out, &xml).map_err(|e| Failure(format!("{}: {e}", out.display())))?;
        println!("   Đã ghi / written: {} ({} bytes)", out.display(), xml.len());
    }

    println!("== 3. Kiểm tra ngoại tuyến / verify offline (tin cậy / trusted: gốc PKI thử nghiệm / the test root)");
    let options = ProfileVerifyOptions::new(VerifyOptions {
        provider: provider(args.provider.as_deref())?,
        ..VerifyOptions::default()
    });
    let offline = RevocationChecker::offline(RevocationData::default());
    let verification = verify_trusted(&xml, &options, &trust, &offline)?;
    print!("{}", verification.report().message(Language::Vi));
    let Some(verified) = verification.valid_transcript() else {
        println!("   KHÔNG HỢP LỆ / NOT VALID");
        return Ok(ExitCode::from(1));
    };
    print!("{}", report(verified));

    println!("== 4. Thử sửa một điểm / change one score and verify again");
    let tampered = change_first_average(&xml).ok_or_else(|| Failure("the signed transcript has no DTBmhk".into()))?;
    let again = verify_trusted(&tampered, &options, &trust, &offline)?;
    let reasons: Vec<&str> =
        again.report().signatures().iter().flat_map(|s| s.problems()).map(|f| f.vi.as_str()).collect();
    if again.report().verdict() == Verdict::Invalid && !reasons.is_empty() {
        println!("   Bị phát hiện / caught: {}", reasons[0]);
        Ok(ExitCode::SUCCESS)
    } else {
        println!("   LỖI: thay đổi không bị phát hiện / the change was not caught");
        Ok(ExitCode::from(1))
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
        for (role, s) in y.signatures() {
            let name = match role {
                Role::SubjectTeacher(subject) => year.subject(subject).and_then(|(_, teacher)| teacher).unwrap_or(""),
                Role::Gvcn => &year.giao_vien_chu_nhiem,
                Role::HieuTruong => &year.hieu_truong,
                // The seal is the school's: its name is the school's.
                Role::Seal => &year.truong.ten_truong,
            };
            let _ = writeln!(
                out,
                "     {} {name}: hợp lệ / valid — {} ({} {} bit)",
                role.name_vi(),
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
