//! `hocba demo`: the main job end to end, as a school and its managing authorities live it, with
//! the bundled test PKI (`test-vectors/pki`, its schools and wards in `schools/`):
//!
//! 1. a sample THCS transcript (grades 6-9, a transfer from Trường THCS Trưng Vương, ward Ba Đình,
//!    to Trường THCS Nguyễn Du, ward Bến Nghé) is built and validated;
//! 2. each ward's culture and society office approves its school's homeroom teacher, principal
//!    and seal certificates, with the seal required, and signs its approval list;
//! 3. every school year is signed by that school's homeroom teacher, then its principal, then its
//!    seal, each signer's certificate checked first (validation data embedded); with a TSA, each
//!    signature is time-stamped and the whole transcript gets an archive time-stamp;
//! 4. the transcript is verified offline against the test root and the two lists: valid, with who
//!    approved each signer;
//! 5. three forgeries are caught: a changed score, a year signed by a teacher of another school,
//!    and a year the ward withdrew at the school's request.
//!
//! Exit codes: 0 everything went as told, 1 a verification did not come out as it should, 2 the
//! test PKI cannot be read or signing was refused.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use hocba::approvals::{
    ApprovalList, ApprovalRole, Approvals, Authority, ListAuthorities, SchoolKind, SignatureCheck, SignedYearRef,
    WithdrawalRequest, list_signature_request, list_to_xml, request_signature_request, request_to_xml, verify_request,
    year_fingerprint,
};
use hocba::crypto::{KeyType, PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::{KeySigner, VerifyOptions};
use hocba::pki::{Crl, RevocationChecker, RevocationData, SigningOptions, TrustOptions, TrustStore};
use hocba::report::{Language, Verdict, VerificationReport};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::{
    Role, Severity, Transcript, ValidateOptions, VerifiedTranscript, WriteOptions, YearResults, sample, to_xml_with,
    validate,
};
use hocba::verifier::{Verifier, VerifierConfig};

use crate::{Failure, provider, read_named};

#[derive(clap::Args)]
pub(crate) struct DemoArgs {
    /// The test PKI (`test-vectors/pki`): its root is the only trust anchor; its `schools/` folder
    /// holds the schools' signers and the wards' certificates.
    #[arg(long, default_value = "test-vectors/pki")]
    pki: PathBuf,
    /// Check the signers' certificates online (OCSP, CRL distribution points) instead of with
    /// the test PKI's CRL files; needed for --tsa.
    #[arg(long)]
    online: bool,
    /// Time-stamp each signature at this RFC 3161 TSA (e.g. the test PKI's, http://127.0.0.1:18080/tsa).
    #[arg(long, requires = "online")]
    tsa: Option<String>,
    /// Also write the signed transcript here, and the two wards' approval lists beside it.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of what the demo says: vi (default) or en.
    #[arg(long, default_value = "vi")]
    lang: String,
    /// Crypto provider: openssl or rustcrypto.
    #[arg(long)]
    provider: Option<String>,
}

/// One school of the demo: its code, name, ward, and its signers in `schools/` (file prefix).
struct DemoSchool {
    code: &'static str,
    name: &'static str,
    prefix: &'static str,
    gvcn: &'static str,
    principal: &'static str,
    ward: (&'static str, &'static str, &'static str),
}

const SCHOOLS: [DemoSchool; 2] = [
    DemoSchool {
        code: "01002345",
        name: "Trường THCS Trưng Vương",
        prefix: "trung-vuong",
        gvcn: "Phan Thị Ngọc",
        principal: "Nguyễn Thị Thu Trang",
        ward: ("PVHXH-BADINH", "Phòng Văn hóa - Xã hội phường Ba Đình", "phuong-ba-dinh"),
    },
    DemoSchool {
        code: "79004567",
        name: "Trường THCS Nguyễn Du",
        prefix: "nguyen-du",
        gvcn: "Lý Thị Thu",
        principal: "Hồ Văn Phúc",
        ward: ("PVHXH-BENNGHE", "Phòng Văn hóa - Xã hội phường Bến Nghé", "phuong-ben-nghe"),
    },
];

/// What the demo needs at every step.
struct Demo<'a> {
    args: &'a DemoArgs,
    vi: bool,
    schools: PathBuf,
    trust: TrustOptions,
    checker: Arc<RevocationChecker>,
    now: UtcTime,
}

impl Demo<'_> {
    fn say(&self, vi: &str, en: &str) -> Result<(), Failure> {
        Ok(writeln!(crate::stdout(), "{}", if self.vi { vi } else { en })?)
    }

    /// The files written, last, with the commands that show and verify them; or how to have them.
    fn tell_outputs(&self, lists: &[(&str, PathBuf)]) -> Result<(), Failure> {
        let Some(out) = &self.args.out else {
            return self.say(
                "== Không ghi tệp nào: thêm --out hoc-ba.xml để ghi học bạ đã ký (và hai danh sách phê duyệt bên cạnh)",
                "== No file written: add --out hoc-ba.xml to write the signed transcript (and the two approval lists beside it)",
            );
        };
        let names = lists.iter().map(|(_, path)| path.display().to_string()).collect::<Vec<_>>().join(", ");
        let mut verify = format!("hocba verify --trust {}", self.args.pki.join("root-cert.pem").display());
        for (ward, path) in lists {
            let authority = self.schools.join(format!("{ward}-cert.pem"));
            let _ = write!(verify, " --approvals {} --approval-authority {}", path.display(), authority.display());
        }
        let _ = write!(verify, " {}", out.display());
        let out = out.display();
        self.say(
            &format!("== Đã ghi: học bạ đã ký {out}; danh sách phê duyệt {names}"),
            &format!("== Written: the signed transcript {out}; the approval lists {names}"),
        )?;
        self.say(&format!("   Xem: hocba show {out}"), &format!("   Show it: hocba show {out}"))?;
        self.say(&format!("   Kiểm tra: {verify}"), &format!("   Verify it: {verify}"))
    }

    fn signer(&self, name: &str) -> Result<KeySigner, Failure> {
        let named = |e: &dyn std::fmt::Display, file: &Path| Failure(format!("{}: {e}", file.display()));
        let key_file = self.schools.join(format!("{name}-key.pem"));
        let key = PrivateKey::from_pem_or_der(&read_named(&key_file)?).map_err(|e| named(&e, &key_file))?;
        let algorithm = match key.public_key().key_type() {
            KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
            _ => SignatureAlgorithm::RSA_PSS_SHA256,
        };
        let mut certificates = Vec::new();
        for file in [self.schools.join(format!("{name}-cert.pem")), self.args.pki.join("ca-cert.pem")] {
            certificates.extend(certificates_from_pem_or_der(&read_named(&file)?).map_err(|e| named(&e, &file))?);
        }
        KeySigner::new(key, certificates, algorithm, provider(self.args.provider.as_deref())?)
            .map_err(|e| named(&e, &key_file))
    }

    fn certificate(&self, name: &str) -> Result<Vec<u8>, Failure> {
        let file = self.schools.join(format!("{name}-cert.pem"));
        let mut all = certificates_from_pem_or_der(&read_named(&file)?)
            .map_err(|e| Failure(format!("{}: {e}", file.display())))?;
        Ok(all.remove(0))
    }

    /// The signer for transcripts, lists and requests: each signer checked first, the validation
    /// data embedded (a list or request then verifies offline), time-stamped when a TSA is given.
    fn document_signer(&self) -> TranscriptSigner {
        TranscriptSigner::new(SignerConfig {
            trust: self.trust.clone(),
            revocation: self.checker.clone(),
            signing: SigningOptions { tsa_url: self.args.tsa.clone(), embed_validation_data: true },
            check_signer: true,
            signing_time: Some(self.now),
        })
    }

    /// The ward's list for `school`: its homeroom teacher, principal and seal approved since
    /// 2024, the seal required; signed by the ward's office.
    fn approval_list(&self, school: &DemoSchool, edit: impl FnOnce(&mut ApprovalList)) -> Result<Vec<u8>, Failure> {
        let (code, name, ward) = school.ward;
        let next_update = UtcTime::from_unix_seconds(self.now.unix_seconds() + 30 * 86_400);
        let mut list = ApprovalList::new(Authority { code: code.into(), name: name.into() }, self.now, next_update);
        list.set_school(school.code, school.name, SchoolKind::Public, true)?;
        let since = UtcTime::parse("2024-01-01T00:00:00Z")?;
        for (role, file) in [
            (ApprovalRole::HomeroomTeacher, "gvcn"),
            (ApprovalRole::Principal, "hieutruong"),
            (ApprovalRole::Seal, "condau"),
        ] {
            let der = self.certificate(&format!("{}-{file}", school.prefix))?;
            list.approve(school.code, &der, &[role], since, None)?;
        }
        edit(&mut list);
        let xml = list_to_xml(&list)?;
        Ok(self.document_signer().sign(&xml, &list_signature_request(self.now), &self.signer(ward)?)?)
    }

    fn verify(&self, xml: &[u8], lists: &[Vec<u8>]) -> Result<VerificationReport, Failure> {
        let mut authorities = ListAuthorities::new();
        for school in &SCHOOLS {
            authorities.add_certificate(&self.certificate(school.ward.2)?);
        }
        let signatures =
            VerifyOptions { provider: provider(self.args.provider.as_deref())?, ..VerifyOptions::default() };
        // Offline: what the signatures embed, and the lists.
        let offline = RevocationChecker::offline(RevocationData::default());
        let check = SignatureCheck { signatures: &signatures, trust: &self.trust, revocation: &offline };
        let documents = lists.iter().enumerate().map(|(i, list)| (format!("list-{}", i + 1), list.clone()));
        let approvals = Approvals::load(documents, &authorities, &check, None);
        if let Some((label, error)) = approvals.rejected().first() {
            return Err(Failure(format!("{label}: {error}")));
        }
        let config = VerifierConfig {
            signatures,
            trust: self.trust.clone(),
            revocation: Arc::new(offline),
            approvals: Some(Arc::new(approvals)),
            ..VerifierConfig::default()
        };
        Ok(Verifier::new(config).verify(xml)?.report().clone())
    }
}

pub(crate) fn run(args: &DemoArgs) -> Result<ExitCode, Failure> {
    let language: Language = args.lang.parse().map_err(|e| Failure(format!("--lang: {e}")))?;
    let mut anchors = TrustStore::empty();
    anchors.add_path(&args.pki.join("root-cert.pem")).map_err(|e| Failure(e.to_string()))?;
    let checker = if args.online {
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
    let demo = Demo {
        args,
        vi: language == Language::Vi,
        schools: args.pki.join("schools"),
        trust: TrustOptions { trust: anchors, ..TrustOptions::default() },
        checker: Arc::new(checker),
        // Records of past years are signed when the school adopts the digital transcript: now.
        now: UtcTime::from_system_time(std::time::SystemTime::now()),
    };

    // 1. The transcript, naming each year's own homeroom teacher and principal.
    let mut transcript = sample::secondary_with_transfer();
    for year in &mut transcript.years {
        let school = school_of(&year.truong.ma_truong)?;
        year.giao_vien_chu_nhiem = school.gvcn.into();
        year.hieu_truong = school.principal.into();
    }
    let student = transcript.student().map(|s| s.ho_va_ten.clone()).unwrap_or_default();
    let years = transcript.years.len();
    demo.say(
        &format!("== 1. Tạo học bạ: {student}, THCS lớp 6-9, {years} năm học, chuyển trường trước lớp 8"),
        &format!("== 1. Build the transcript: {student}, lower secondary grades 6-9, {years} school years, a transfer before grade 8"),
    )?;
    let findings = validate(&transcript, ValidateOptions::default()).findings;
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = findings.len() - errors;
    demo.say(
        &format!("   Kiểm tra nội dung: {errors} lỗi, {warnings} cảnh báo"),
        &format!("   Content checks: {errors} errors, {warnings} warnings"),
    )?;

    // 2. Each ward approves its school's signers.
    demo.say(
        "== 2. Phòng Văn hóa - Xã hội của mỗi phường phê duyệt chứng thư số của trường mình quản lý và ký danh sách phê duyệt",
        "== 2. Each ward's culture and society office approves the certificates of the school it manages and signs its approval list",
    )?;
    let mut lists = Vec::new();
    for school in &SCHOOLS {
        lists.push(demo.approval_list(school, |_| {})?);
        demo.say(
            &format!("   {}: {} — GVCN, Hiệu trưởng, con dấu đơn vị (bắt buộc)", school.ward.1, school.name),
            &format!("   {}: {} — homeroom teacher, principal, school seal (required)", school.ward.1, school.name),
        )?;
    }

    // 3. Each year signed by its school's GVCN, principal and seal.
    let how = match (&args.tsa, args.online, demo.vi) {
        (Some(tsa), _, true) => format!("kiểm tra chứng thư trực tuyến, gắn dấu thời gian của {tsa}"),
        (Some(tsa), _, false) => format!("certificates checked online, time-stamped by {tsa}"),
        (None, true, true) => "kiểm tra chứng thư trực tuyến".to_owned(),
        (None, true, false) => "certificates checked online".to_owned(),
        (None, false, true) => "kiểm tra chứng thư bằng CRL của PKI thử nghiệm".to_owned(),
        (None, false, false) => "certificates checked with the test PKI's CRLs".to_owned(),
    };
    demo.say(
        &format!("== 3. Ký số ({how}): mỗi năm học GVCN ký, Hiệu trưởng ký xác nhận, rồi con dấu đơn vị"),
        &format!("== 3. Sign ({how}): each school year by the homeroom teacher, countersigned by the principal, then the school seal"),
    )?;
    let mut xml = sign_all(&demo, &transcript, |_| None)?;
    for year in &transcript.years {
        demo.say(
            &format!(
                "   {} ({}): {}, {}, con dấu",
                year.nam_hoc, year.truong.ten_truong, year.giao_vien_chu_nhiem, year.hieu_truong
            ),
            &format!(
                "   {} ({}): {}, {}, seal",
                year.nam_hoc, year.truong.ten_truong, year.giao_vien_chu_nhiem, year.hieu_truong
            ),
        )?;
    }
    // An archive time-stamp over the whole transcript: it carries every proof past the
    // time-stamping authority's own expiry, and is renewed before the next one's.
    if let Some(tsa) = &args.tsa {
        let signatures = VerifyOptions { provider: provider(args.provider.as_deref())?, ..VerifyOptions::default() };
        let archiver = Verifier::new(VerifierConfig {
            trust: demo.trust.clone(),
            revocation: demo.checker.clone(),
            ..VerifierConfig::new(signatures)
        });
        let archived = archiver.add_archive_time_stamp(&xml, tsa)?;
        let renew_by = archived.verification.report().renew_archive_by();
        let (vi_by, en_by) = renew_by.map_or((String::new(), String::new()), |by| {
            let by = by.to_vietnam_string();
            (format!(" (gia hạn trước {by} giờ Việt Nam)"), format!(" (renew before {by} Vietnam time)"))
        });
        demo.say(
            &format!("   Lưu trữ: gắn dấu thời gian lưu trữ của {tsa} lên toàn bộ học bạ{vi_by}"),
            &format!("   Archive: an archive time-stamp from {tsa} over the whole transcript{en_by}"),
        )?;
        xml = archived.xml;
    } else {
        demo.say(
            "   Chữ ký chưa có dấu thời gian: sau khi chứng thư số hết hạn sẽ không xác định được; chạy scripts/demo.sh (hoặc --online --tsa URL) để gắn dấu thời gian",
            "   The signatures are not time-stamped: once the certificates expire they cannot be judged; run scripts/demo.sh (or --online --tsa URL) to time-stamp them",
        )?;
    }
    let mut written = Vec::new();
    if let Some(out) = &args.out {
        write(out, &xml)?;
        for (school, list) in SCHOOLS.iter().zip(&lists) {
            let path = out.with_file_name(format!("phe-duyet-{}.xml", school.ward.2));
            write(&path, list)?;
            written.push((school.ward.2, path));
        }
    }

    // 4. Verified offline, with the lists.
    demo.say(
        "== 4. Kiểm tra ngoại tuyến (tin cậy: gốc PKI thử nghiệm; danh sách phê duyệt của hai phường)",
        "== 4. Verify offline (trusted: the test root; the two wards' approval lists)",
    )?;
    let report = demo.verify(&xml, &lists)?;
    write!(crate::stdout(), "{}", report.message(language))?;
    if report.verdict() != Verdict::Valid {
        return Ok(ExitCode::from(1));
    }
    let verification = Verifier::new(VerifierConfig {
        trust: demo.trust.clone(),
        revocation: Arc::new(RevocationChecker::offline(RevocationData::default())),
        ..VerifierConfig::default()
    })
    .verify(&xml)?;
    if let Some(verified) = verification.transcript().and_then(|t| t.signed_transcript()) {
        write!(crate::stdout(), "{}", summary(verified, demo.vi))?;
    }

    // 5. Three forgeries.
    demo.say("== 5. Thử ba cách giả mạo", "== 5. Three forgeries")?;
    let mut caught = 0;
    let tampered = change_first_average(&xml).ok_or_else(|| Failure("the signed transcript has no DTBmhk".into()))?;
    caught += expect(
        &demo,
        "a) Sửa một điểm sau khi ký",
        "a) A score changed after signing",
        &demo.verify(&tampered, &lists)?,
    )?;

    let first = &transcript.years[0].id;
    let other_school = sign_all(&demo, &transcript, |year| (year == first.as_str()).then_some("le-loi-gvcn"))?;
    caught += expect(
        &demo,
        "b) Giáo viên trường khác (Trường THCS Lê Lợi) ký thay GVCN năm đầu",
        "b) A teacher of another school (Trường THCS Lê Lợi) signs as the first year's homeroom teacher",
        &demo.verify(&other_school, &lists)?,
    )?;

    let withdrawn_lists = withdraw_first_year(&demo, &xml, &transcript)?;
    caught += expect(
        &demo,
        "c) Năm học đầu đã bị phường thu hồi theo đề nghị của trường",
        "c) The first school year, withdrawn by the ward at the school's request",
        &demo.verify(&xml, &withdrawn_lists)?,
    )?;
    demo.tell_outputs(&written)?;
    Ok(if caught == 3 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn school_of(code: &str) -> Result<&'static DemoSchool, Failure> {
    SCHOOLS.iter().find(|s| s.code == code).ok_or_else(|| Failure(format!("no demo school {code}")))
}

/// Writes `bytes` to `path`, making its folder first.
fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let failed = |e: std::io::Error| Failure(format!("{}: {e}", path.display()));
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    std::fs::write(path, bytes).map_err(failed)
}

/// Every year signed by its school's homeroom teacher (or the signer `instead` names for that
/// year), principal and seal.
fn sign_all(
    demo: &Demo<'_>,
    transcript: &Transcript,
    instead: impl Fn(&str) -> Option<&'static str>,
) -> Result<Vec<u8>, Failure> {
    let signer = demo.document_signer();
    let mut xml = to_xml_with(transcript, WriteOptions::default().with_seal_places())?;
    for year in &transcript.years {
        let school = school_of(&year.truong.ma_truong)?;
        let gvcn = instead(&year.id).map_or_else(|| format!("{}-gvcn", school.prefix), str::to_owned);
        for (role, who) in [
            (Role::Gvcn, gvcn),
            (Role::HieuTruong, format!("{}-hieutruong", school.prefix)),
            (Role::Seal, format!("{}-condau", school.prefix)),
        ] {
            xml = signer
                .sign_year(&xml, &year.id, role, &demo.signer(&who)?)
                .map_err(|e| Failure(format!("{} {}: {e}", year.nam_hoc, role.label_vi())))?;
        }
    }
    Ok(xml)
}

/// The school asks (its principal and seal sign the request), the ward approves: the ward's
/// lists, the first one with the withdrawal.
fn withdraw_first_year(demo: &Demo<'_>, xml: &[u8], transcript: &Transcript) -> Result<Vec<Vec<u8>>, Failure> {
    let verification = Verifier::new(VerifierConfig {
        trust: demo.trust.clone(),
        revocation: Arc::new(RevocationChecker::offline(RevocationData::default())),
        ..VerifierConfig::default()
    })
    .verify(xml)?;
    let verified =
        verification.transcript().and_then(|t| t.signed_transcript()).ok_or_else(|| Failure("not signed".into()))?;
    let year = &verified.years()[0];
    let gvcn = year.signature(Role::Gvcn).ok_or_else(|| Failure("no GVCN signature".into()))?;
    let school = school_of(&year.year().truong.ma_truong)?;
    let request = WithdrawalRequest {
        number: "TV-2026-01".into(),
        school_name: school.name.into(),
        year: SignedYearRef {
            school: school.code.into(),
            record: transcript.envelope.id_ban_ghi.clone(),
            transcript: transcript.header.ma_dinh_danh_hoc_ba.clone(),
            year: year.year().id.clone(),
            fingerprint: year_fingerprint(gvcn),
        },
        reason: "Ghi sai điểm môn Toán".into(),
        requested: demo.now,
    };
    let signer = demo.document_signer();
    let mut request_xml = request_to_xml(&request)?;
    for (role, who) in [(ApprovalRole::Principal, "hieutruong"), (ApprovalRole::Seal, "condau")] {
        let signing = request_signature_request(role, demo.now).map_err(|e| Failure(e.to_string()))?;
        request_xml = signer.sign(&request_xml, &signing, &demo.signer(&format!("{}-{who}", school.prefix))?)?;
    }
    let offline = RevocationChecker::offline(RevocationData::default());
    let options = VerifyOptions::default();
    let check = SignatureCheck { signatures: &options, trust: &demo.trust, revocation: &offline };
    let verified_request = verify_request(&request_xml, &check)?;
    let mut refused = None;
    let first = demo.approval_list(school, |list| {
        list.sequence = 2;
        refused = list.withdraw(&verified_request, "15/QĐ-VHXH", demo.now).err();
    })?;
    if let Some(error) = refused {
        return Err(Failure(error.to_string()));
    }
    let second = demo.approval_list(&SCHOOLS[1], |_| {})?;
    Ok(vec![first, second])
}

/// Says whether `report` caught the forgery: 1 when it did.
fn expect(demo: &Demo<'_>, vi: &str, en: &str, report: &VerificationReport) -> Result<u32, Failure> {
    let reason = report
        .problems()
        .iter()
        .chain(report.signatures().iter().flat_map(|s| s.problems()))
        .next()
        .map(|f| if demo.vi { f.vi.clone() } else { f.en.clone() });
    match (report.verdict(), reason) {
        (Verdict::Invalid, Some(reason)) => {
            demo.say(&format!("   {vi}: bị phát hiện — {reason}"), &format!("   {en}: caught — {reason}"))?;
            Ok(1)
        }
        _ => {
            demo.say(&format!("   {vi}: LỖI, không bị phát hiện"), &format!("   {en}: ERROR, not caught"))?;
            Ok(0)
        }
    }
}

fn summary(verified: &VerifiedTranscript, vi: bool) -> String {
    let mut out = String::new();
    for y in verified.years() {
        let year = y.year();
        let learning = match &year.ket_qua {
            YearResults::Thcs(s) => s.ket_qua_hoc_tap.ca_nam.map(|l| if vi { l.label_vi() } else { l.label_en() }),
            YearResults::TieuHoc(p) => p.ket_qua_giao_duc.map(|k| if vi { k.label_vi() } else { k.label_en() }),
        }
        .unwrap_or("–");
        let _ = if vi {
            writeln!(
                out,
                "   Năm học {} — lớp {} — {} — học tập cả năm: {learning}",
                year.nam_hoc, year.lop, year.truong.ten_truong
            )
        } else {
            writeln!(
                out,
                "   School year {} — class {} — {} — learning, whole year: {learning}",
                year.nam_hoc, year.lop, year.truong.ten_truong
            )
        };
    }
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
