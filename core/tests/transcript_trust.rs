//! A transcript verified end to end: the profile and every signer's trust, in one report. Signed
//! with the test PKI (each signer checked against its root and CRLs first), verified offline from
//! the embedded validation data.

use hocba::crypto::{self, PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::{KeySigner, VerifyOptions};
use hocba::pki::{Crl, RevocationChecker, RevocationData, SigningOptions, TrustOptions, TrustStore};
use hocba::report::{Language, Verdict};
use hocba::time::UtcTime;
use hocba::transcript::{ProfileVerifyOptions, Role, Transcript, sample, sign_as_trusted, to_xml, verify_trusted};

fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/pki/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn signer(name: &str, algorithm: SignatureAlgorithm) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&pki(&format!("{name}-key.pem"))).unwrap();
    let mut chain = certificates_from_pem_or_der(&pki(&format!("{name}-cert.pem"))).unwrap();
    chain.extend(certificates_from_pem_or_der(&pki("ca-cert.pem")).unwrap());
    KeySigner::new(key, chain, algorithm, crypto::default_provider()).unwrap()
}

fn trust() -> TrustOptions {
    let mut anchors = TrustStore::empty();
    anchors.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    TrustOptions {
        trust: anchors,
        now: Some(UtcTime::parse("2026-07-01T00:00:00Z").unwrap()),
        ..TrustOptions::default()
    }
}

fn crls() -> RevocationChecker {
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()]
        .concat();
    RevocationChecker::offline(RevocationData { crls, ..Default::default() })
}

/// `transcript` with every year signed by the test PKI's GVCN, then its principal.
fn signed(transcript: &Transcript) -> Vec<u8> {
    let (gvcn, principal) =
        (signer("gvcn", SignatureAlgorithm::RSA_SHA256), signer("hieutruong", SignatureAlgorithm::ECDSA_SHA256));
    let options = SigningOptions { tsa_url: None, embed_validation_data: true };
    let time = UtcTime::parse("2026-06-15T08:00:00+07:00").unwrap();
    let mut xml = to_xml(transcript).unwrap();
    for year in &transcript.years {
        xml = sign_as_trusted(&xml, &year.id, Role::Gvcn, &gvcn, time, &trust(), &crls(), &options).unwrap();
        xml = sign_as_trusted(&xml, &year.id, Role::HieuTruong, &principal, time, &trust(), &crls(), &options).unwrap();
    }
    xml
}

fn named_for_the_test_pki() -> Transcript {
    let mut transcript = sample::secondary_with_transfer();
    for year in &mut transcript.years {
        year.giao_vien_chu_nhiem = "Nguyễn Thị Hoa".into();
        year.hieu_truong = "TRẦN VĂN MINH".into();
    }
    transcript
}

fn offline() -> RevocationChecker {
    RevocationChecker::offline(RevocationData::default())
}

#[test]
fn a_transcript_signed_with_the_test_pki_verifies_offline_from_its_embedded_data() {
    let xml = signed(&named_for_the_test_pki());
    let verification = verify_trusted(&xml, &ProfileVerifyOptions::default(), &trust(), &offline()).unwrap();
    let report = verification.report();
    assert_eq!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
    assert_eq!(report.signatures().len(), 8);
    assert!(
        report.signatures().iter().all(|s| s.warnings().iter().all(|w| w.code != "signer-not-named-in-transcript"))
    );
    let transcript = verification.valid_transcript().expect("valid");
    assert_eq!(transcript.years().len(), 4);
    assert_eq!(transcript.to_transcript().years, named_for_the_test_pki().years);
    // Trusting another root: the same transcript is invalid, and not handed out as valid.
    let mut other = trust();
    other.trust = TrustStore::empty();
    other.trust.add_pem_or_der(&pki("other-root-cert.pem")).unwrap();
    let untrusted = verify_trusted(&xml, &ProfileVerifyOptions::default(), &other, &offline()).unwrap();
    assert_eq!(untrusted.report().verdict(), Verdict::Invalid);
    assert!(untrusted.valid_transcript().is_none());
    assert!(untrusted.signed_transcript().is_some(), "the content is still readable under the verdict");
}

#[test]
fn a_signer_who_is_not_the_person_the_year_names_is_a_warning() {
    let xml = signed(&sample::secondary_with_transfer());
    let verification = verify_trusted(&xml, &ProfileVerifyOptions::default(), &trust(), &offline()).unwrap();
    let report = verification.report();
    assert_eq!(report.verdict(), Verdict::Valid);
    let warned: Vec<&str> = report
        .signatures()
        .iter()
        .flat_map(|s| s.warnings())
        .filter(|w| w.code == "signer-not-named-in-transcript")
        .map(|w| w.vi.as_str())
        .collect();
    assert_eq!(warned.len(), 8, "{warned:?}");
    assert!(warned[0].contains("Người ký (Nguyễn Thị Hoa) không phải Giáo viên chủ nhiệm"), "{}", warned[0]);
}

#[test]
fn a_withdrawn_transcript_presented_as_current_is_invalid() {
    // The envelope is not signed: the sender sets SuKien=CANCEL on the record it withdraws.
    let xml = String::from_utf8(signed(&named_for_the_test_pki())).unwrap().replacen(
        "<SuKien>NEW</SuKien>",
        "<SuKien>CANCEL</SuKien>",
        1,
    );
    let verification = verify_trusted(xml.as_bytes(), &ProfileVerifyOptions::default(), &trust(), &offline()).unwrap();
    assert_eq!(verification.report().verdict(), Verdict::Invalid);
    assert_eq!(verification.report().problems()[0].code, "withdrawn");
    assert!(verification.report().message(Language::Vi).contains("đã bị thu hồi"));
    assert!(verification.valid_transcript().is_none());
}

#[test]
fn a_profile_violation_is_a_document_problem_and_a_change_names_its_reference() {
    let xml = String::from_utf8(signed(&named_for_the_test_pki())).unwrap();
    // The principal's signature of the first year removed: every remaining signature verifies,
    // the profile does not hold.
    let start = xml.find("<HieuTruong><Signature").or_else(|| xml.find("<HieuTruong><ds:Signature")).unwrap()
        + "<HieuTruong>".len();
    let end = xml[start..].find("</HieuTruong>").unwrap() + start;
    let missing = format!("{}{}", &xml[..start], &xml[end..]);
    let verification =
        verify_trusted(missing.as_bytes(), &ProfileVerifyOptions::default(), &trust(), &offline()).unwrap();
    assert_eq!(verification.report().verdict(), Verdict::Invalid);
    assert_eq!(
        verification.report().problems()[0].code,
        "transcript-profile",
        "{}",
        verification.report().message(Language::En)
    );
    // A changed name: the signatures over that year fail, naming the year's reference.
    let changed = xml.replacen("Trần Đức Minh Khôi", "Trần Đức Minh Khoa", 1);
    let verification =
        verify_trusted(changed.as_bytes(), &ProfileVerifyOptions::new(VerifyOptions::default()), &trust(), &offline())
            .unwrap();
    assert_eq!(verification.report().verdict(), Verdict::Invalid);
    let problem = &verification.report().signatures()[0].problems()[0];
    assert_eq!(problem.code, "digest-mismatch");
    assert!(problem.en.contains("#QTHT-"), "{}", problem.en);
}

/// Grade 8 with Ngữ văn and Toán signed by their teachers (the test PKI's `ltv` leaf, Bùi Thị
/// Ngọc Ánh), then the GVCN and the principal: the report names each subject teacher's role and
/// subject, and warns where the subject records another teacher.
#[test]
fn subject_teachers_are_reported_with_their_subject() {
    let mut transcript = named_for_the_test_pki();
    let year_id = transcript.years[2].id.clone();
    let hocba::transcript::YearResults::Thcs(results) = &mut transcript.years[2].ket_qua else { unreachable!() };
    for subject in &mut results.mon_hoc[..2] {
        subject.id = Some(format!("{year_id}-{}", subject.ma_mon_hoc.code()));
    }
    results.mon_hoc[1].giao_vien = Some("BÙI THỊ NGỌC ÁNH".into());
    let recorded_for_nv = results.mon_hoc[0].giao_vien.clone().unwrap();
    let teacher = signer("ltv", SignatureAlgorithm::RSA_SHA256);
    let options = SigningOptions { tsa_url: None, embed_validation_data: true };
    let time = UtcTime::parse("2026-06-14T08:00:00+07:00").unwrap();
    let mut xml = to_xml(&transcript).unwrap();
    for subject in [hocba::transcript::MonHoc::NguVan, hocba::transcript::MonHoc::Toan] {
        xml =
            sign_as_trusted(&xml, &year_id, Role::SubjectTeacher(subject), &teacher, time, &trust(), &crls(), &options)
                .unwrap();
    }
    let (gvcn, principal) =
        (signer("gvcn", SignatureAlgorithm::RSA_SHA256), signer("hieutruong", SignatureAlgorithm::ECDSA_SHA256));
    let time = UtcTime::parse("2026-06-15T08:00:00+07:00").unwrap();
    for year in &transcript.years {
        xml = sign_as_trusted(&xml, &year.id, Role::Gvcn, &gvcn, time, &trust(), &crls(), &options).unwrap();
        xml = sign_as_trusted(&xml, &year.id, Role::HieuTruong, &principal, time, &trust(), &crls(), &options).unwrap();
    }
    let verification = verify_trusted(&xml, &ProfileVerifyOptions::default(), &trust(), &offline()).unwrap();
    let report = verification.report();
    assert_eq!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
    assert_eq!(report.signatures().len(), 10);
    let toan = report.signatures().iter().find(|s| s.id() == Some(&format!("{year_id}-GVBM-TOAN"))).unwrap();
    assert_eq!(toan.role(), Some("Giáo viên bộ môn (Toán)"));
    assert_eq!(toan.role_en(), Some("subject teacher (Mathematics)"));
    assert_eq!(toan.place(), "DSCKS/ChuKyNamHoc/GVBM");
    assert!(toan.warnings().iter().all(|w| w.code != "signer-not-named-in-transcript"), "{:?}", toan.warnings());
    let nv = report.signatures().iter().find(|s| s.id() == Some(&format!("{year_id}-GVBM-NV"))).unwrap();
    let warning = nv.warnings().iter().find(|w| w.code == "signer-not-named-in-transcript").expect("a name warning");
    assert_eq!(
        warning.vi,
        format!(
            "Người ký (Bùi Thị Ngọc Ánh) không phải Giáo viên bộ môn (Ngữ văn) ghi trong học bạ năm 2024-2025 ({recorded_for_nv})."
        )
    );
    assert!(warning.en.contains("is not the subject teacher (Literature)"), "{}", warning.en);
    let text = report.message(Language::Vi);
    assert!(text.contains("Giáo viên bộ môn (Toán) (ký #QTHT-2024-2025-TOAN): HỢP LỆ"), "{text}");
    assert!(report.message(Language::En).contains("subject teacher (Mathematics) (signs #QTHT-2024-2025-TOAN)"));
    let signed = verification.valid_transcript().expect("valid");
    assert!(signed.years()[2].signature(Role::SubjectTeacher(hocba::transcript::MonHoc::Toan)).is_some());
}
