//! The signature profile: a transcript signed year by year by the GVCN (RSA-2048) and then the
//! principal (ECDSA P-256) verifies and reads back from the signed bytes; changing any score, name
//! or date, or the order of the signatures, fails with an error naming the broken reference.

use hocba::crypto::{self, PrivateKey, PublicKey, SignatureAlgorithm};
use hocba::dsig::{self, DsigError, KeySigner, SignatureRequest, VerifyOptions};
use hocba::time::UtcTime;
use hocba::transcript::*;

fn file(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn signer(name: &str, algorithm: SignatureAlgorithm) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&file(&format!("keys/{name}-key.pem"))).unwrap();
    let certificates = crypto::certificates_from_pem_or_der(&file(&format!("keys/{name}-cert.pem"))).unwrap();
    KeySigner::new(key, certificates, algorithm, crypto::default_provider()).unwrap()
}

fn options() -> ProfileVerifyOptions {
    let keys = ["rsa2048", "p256"].map(|name| {
        let der = crypto::certificates_from_pem_or_der(&file(&format!("keys/{name}-cert.pem"))).unwrap();
        PublicKey::from_certificate_der(&der[0]).unwrap()
    });
    ProfileVerifyOptions::new(VerifyOptions { trusted_keys: keys.to_vec(), ..VerifyOptions::default() })
}

fn at(time: &str) -> UtcTime {
    UtcTime::parse(time).unwrap()
}

/// Every year of `t` signed by its GVCN, then its principal.
fn signed(t: &Transcript) -> Vec<u8> {
    let gvcn = signer("rsa2048", SignatureAlgorithm::RSA_SHA256);
    let principal = signer("p256", SignatureAlgorithm::ECDSA_SHA256);
    let mut xml = to_xml(t).unwrap();
    for year in &t.years {
        let end = year.nam_hoc.start() + 1;
        xml = sign_as(&xml, &year.id, Role::Gvcn, &gvcn, at(&format!("{end}-05-25T08:00:00+07:00"))).unwrap();
        xml =
            sign_as(&xml, &year.id, Role::HieuTruong, &principal, at(&format!("{end}-05-28T15:30:00+07:00"))).unwrap();
    }
    xml
}

#[test]
fn a_two_signer_transcript_verifies_and_reads_back_from_signed_bytes() {
    for t in [sample::secondary_with_transfer(), sample::primary()] {
        let xml = signed(&t);
        let verified = verify(&xml, &options()).unwrap();
        assert_eq!(verified.to_transcript(), t);
        assert_eq!(verified.years().len(), t.years.len());
        for y in verified.years() {
            let gvcn = y.signature(Role::Gvcn).unwrap();
            assert_eq!(gvcn.id(), Some(signature_id(&y.year().id, Role::Gvcn).as_str()));
            assert!(gvcn.claimed_signing_time() < y.signature(Role::HieuTruong).unwrap().claimed_signing_time());
        }
        assert!(!verified.is_withdrawn());
        // The signed document still reads and validates as a transcript.
        assert_eq!(from_xml(&xml).unwrap(), t);
    }
}

fn replace(xml: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(xml.to_vec()).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

fn broken_reference(xml: &[u8]) -> String {
    match verify(xml, &options()) {
        Err(TranscriptError::Dsig(DsigError::DigestMismatch { uri, .. })) => uri,
        other => panic!("{other:?}"),
    }
}

#[test]
fn changing_a_score_a_name_or_a_date_names_the_broken_reference() {
    let t = sample::secondary_with_transfer();
    let xml = signed(&t);
    // The first ĐTBmhk of grade 8 (third year).
    let year3 = String::from_utf8(xml.clone()).unwrap().find("<QuaTrinhHocTap Id=\"QTHT-2024-2025\">").unwrap();
    let text = String::from_utf8(xml.clone()).unwrap();
    let start = year3 + text[year3..].find("<DTBmhk>").unwrap() + "<DTBmhk>".len();
    let end = start + text[start..].find('<').unwrap();
    let score = &text[start..end];
    let changed = if score == "9.9" { "9.8" } else { "9.9" };
    let tampered = format!("{}{changed}{}", &text[..start], &text[end..]);
    assert_eq!(broken_reference(tampered.as_bytes()), "#QTHT-2024-2025");

    let name = replace(&xml, "<HoVaTen>Trần Đức Minh Khôi</HoVaTen>", "<HoVaTen>Trần Đức Minh Khoa</HoVaTen>");
    assert_eq!(broken_reference(&name), "#QTHT-2022-2023");
    let birth = replace(&xml, "<NgaySinh>2011-03-17</NgaySinh>", "<NgaySinh>2011-03-18</NgaySinh>");
    assert_eq!(broken_reference(&birth), "#QTHT-2022-2023");
    let transfer = replace(&xml, "<NgayChuyen>2024-08-20</NgayChuyen>", "<NgayChuyen>2024-08-21</NgayChuyen>");
    assert_eq!(broken_reference(&transfer), "#QTHT-2024-2025");
    let signing_time = replace(&xml, "2025-05-25T08:00:00+07:00", "2025-05-24T08:00:00+07:00");
    assert_eq!(broken_reference(&signing_time), "#QTHT-2024-2025-GVCN-SigningTime");
}

/// The two role elements of the first year's signatures swapped.
fn swapped_roles(xml: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(xml.to_vec()).unwrap();
    let find = |what: &str| text.find("<DSCKS>").unwrap() + text[text.find("<DSCKS>").unwrap()..].find(what).unwrap();
    let (g0, g1) = (find("<GVCN>"), find("</GVCN>") + "</GVCN>".len());
    let (h0, h1) = (find("<HieuTruong>"), find("</HieuTruong>") + "</HieuTruong>".len());
    assert!(g1 < h0);
    let gvcn = &text[g0 + "<GVCN>".len()..g1 - "</GVCN>".len()];
    let principal = &text[h0 + "<HieuTruong>".len()..h1 - "</HieuTruong>".len()];
    format!("{}<GVCN>{principal}</GVCN>{}<HieuTruong>{gvcn}</HieuTruong>{}", &text[..g0], &text[g1..h0], &text[h1..])
        .into_bytes()
}

#[test]
fn changing_the_order_of_signatures_fails() {
    let xml = signed(&sample::secondary_retest());
    match verify(&swapped_roles(&xml), &options()) {
        Err(TranscriptError::Profile(ProfileError::WrongReference { signature, expected_en: expected, .. })) => {
            assert_eq!(signature.as_deref(), Some("QTHT-2022-2023-HieuTruong"));
            assert!(expected.contains("#QTHT-2022-2023"), "{expected}");
        }
        other => panic!("{other:?}"),
    }
    // The role elements themselves in the other order.
    let text = String::from_utf8(xml.clone()).unwrap();
    let find = |what: &str| text.find("<DSCKS>").unwrap() + text[text.find("<DSCKS>").unwrap()..].find(what).unwrap();
    let (g0, h0) = (find("<GVCN>"), find("<HieuTruong>"));
    let h1 = find("</HieuTruong>") + "</HieuTruong>".len();
    let reordered = format!("{}{}{}{}", &text[..g0], &text[h0..h1], &text[g0..h0], &text[h1..]);
    assert!(matches!(
        verify(reordered.as_bytes(), &options()),
        Err(TranscriptError::Profile(ProfileError::OutOfOrder { year_id })) if year_id == "QTHT-2022-2023"
    ));
}

#[test]
fn the_principal_cannot_sign_first_or_twice() {
    let t = sample::secondary_retest();
    let xml = to_xml(&t).unwrap();
    let principal = signer("p256", SignatureAlgorithm::ECDSA_SHA256);
    let gvcn = signer("rsa2048", SignatureAlgorithm::RSA_SHA256);
    let time = at("2024-05-25T08:00:00+07:00");
    assert!(matches!(
        sign_as(&xml, "QTHT-2023-2024", Role::HieuTruong, &principal, time),
        Err(TranscriptError::Profile(ProfileError::MissingSignature { role: "GVCN", .. }))
    ));
    let once = sign_as(&xml, "QTHT-2023-2024", Role::Gvcn, &gvcn, time).unwrap();
    assert!(sign_as(&once, "QTHT-2023-2024", Role::Gvcn, &gvcn, time).is_err());
    assert!(matches!(
        sign_as(&xml, "QTHT-1999-2000", Role::Gvcn, &gvcn, time),
        Err(TranscriptError::Profile(ProfileError::MissingSignaturePlace { .. }))
    ));
}

#[test]
fn every_year_needs_both_signatures() {
    let t = sample::secondary_retest();
    let gvcn = signer("rsa2048", SignatureAlgorithm::RSA_SHA256);
    let principal = signer("p256", SignatureAlgorithm::ECDSA_SHA256);
    let mut xml = to_xml(&t).unwrap();
    xml = sign_as(&xml, "QTHT-2022-2023", Role::Gvcn, &gvcn, at("2023-05-25T08:00:00+07:00")).unwrap();
    xml = sign_as(&xml, "QTHT-2022-2023", Role::HieuTruong, &principal, at("2023-05-26T08:00:00+07:00")).unwrap();
    xml = sign_as(&xml, "QTHT-2023-2024", Role::Gvcn, &gvcn, at("2024-05-25T08:00:00+07:00")).unwrap();
    assert!(matches!(
        verify(&xml, &options()),
        Err(TranscriptError::Profile(ProfileError::MissingSignature { year_id, role: "HieuTruong" })) if year_id == "QTHT-2023-2024"
    ));
}

#[test]
fn a_signature_over_the_wrong_year_is_refused() {
    // Year 2's GVCN place holds a signature, with year 2's signature Id, over year 1's element.
    let t = sample::secondary_retest();
    let gvcn = signer("rsa2048", SignatureAlgorithm::RSA_SHA256);
    let principal = signer("p256", SignatureAlgorithm::ECDSA_SHA256);
    let mut xml = to_xml(&t).unwrap();
    xml = sign_as(&xml, "QTHT-2022-2023", Role::Gvcn, &gvcn, at("2023-05-25T08:00:00+07:00")).unwrap();
    xml = sign_as(&xml, "QTHT-2022-2023", Role::HieuTruong, &principal, at("2023-05-26T08:00:00+07:00")).unwrap();
    let request = hocba::dsig::SignatureRequest::new(
        "QTHT-2022-2023",
        &["DSCKS", "ChuKyNamHoc[2]", "GVCN"],
        "QTHT-2023-2024-GVCN",
        at("2024-05-25T08:00:00+07:00"),
    );
    xml = hocba::dsig::sign(&xml, &request, &gvcn).unwrap();
    xml = sign_as(&xml, "QTHT-2023-2024", Role::HieuTruong, &principal, at("2024-05-26T08:00:00+07:00")).unwrap();
    match verify(&xml, &options()) {
        Err(TranscriptError::Profile(ProfileError::WrongReference { signature, expected_en: expected, .. })) => {
            assert_eq!(signature.as_deref(), Some("QTHT-2023-2024-GVCN"));
            assert!(expected.starts_with("#QTHT-2023-2024 "), "{expected}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn untrusted_keys_fail() {
    let xml = signed(&sample::secondary_retest());
    let only_teacher = ProfileVerifyOptions::new(VerifyOptions {
        trusted_keys: options().signatures.trusted_keys[..1].to_vec(),
        ..VerifyOptions::default()
    });
    assert!(matches!(verify(&xml, &only_teacher), Err(TranscriptError::Dsig(_))));
    assert!(matches!(verify(&xml, &ProfileVerifyOptions::default()), Err(TranscriptError::Dsig(_))));
}

#[test]
fn a_withdrawn_transcript_says_so() {
    let mut t = sample::secondary_retest();
    let xml = signed(&t);
    // The envelope is outside the signatures: the sender changes it when sending CANCEL.
    let cancelled = replace(&xml, "<SuKien>NEW</SuKien>", "<SuKien>CANCEL</SuKien>");
    let cancelled = replace(&cancelled, "<PhienBan>1</PhienBan>", "<PhienBan>2</PhienBan>");
    let verified = verify(&cancelled, &options()).unwrap();
    assert!(verified.is_withdrawn());
    t.envelope.su_kien = SuKien::Cancel;
    t.envelope.phien_ban = 2;
    assert_eq!(verified.to_transcript(), t);
}

#[test]
fn an_invalid_transcript_is_not_signed() {
    let mut t = sample::secondary_retest();
    t.years[0].student.ma_dinh_danh = "123".into();
    t.years[1].student.ma_dinh_danh = "123".into();
    let gvcn = signer("rsa2048", SignatureAlgorithm::RSA_SHA256);
    let result = sign_as(&to_xml(&t).unwrap(), "QTHT-2022-2023", Role::Gvcn, &gvcn, at("2023-05-25T08:00:00+07:00"));
    assert!(matches!(result, Err(TranscriptError::Profile(ProfileError::NotSignable { .. }))), "{result:?}");
}

/// Signed with one provider, verified with the other: the profile adds nothing provider-specific.
#[cfg(feature = "openssl")]
#[test]
fn providers_verify_each_other() {
    let t = sample::secondary_retest();
    let providers: [(&'static dyn crypto::CryptoProvider, &'static dyn crypto::CryptoProvider); 2] =
        [(&crypto::OPENSSL, &crypto::RUSTCRYPTO), (&crypto::RUSTCRYPTO, &crypto::OPENSSL)];
    for (signing, verifying) in providers {
        let with = |name: &str, algorithm| {
            let key = PrivateKey::from_pem_or_der(&file(&format!("keys/{name}-key.pem"))).unwrap();
            let certificates = crypto::certificates_from_pem_or_der(&file(&format!("keys/{name}-cert.pem"))).unwrap();
            KeySigner::new(key, certificates, algorithm, signing).unwrap()
        };
        let gvcn = with("rsa2048", SignatureAlgorithm::RSA_PSS_SHA256);
        let principal =
            with("p384", SignatureAlgorithm::from_uri("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384").unwrap());
        let mut xml = to_xml(&t).unwrap();
        for year in &t.years {
            xml = sign_as(&xml, &year.id, Role::Gvcn, &gvcn, at("2024-05-25T08:00:00+07:00")).unwrap();
            xml = sign_as(&xml, &year.id, Role::HieuTruong, &principal, at("2024-05-25T09:00:00+07:00")).unwrap();
        }
        let keys = ["rsa2048", "p384"].map(|name| {
            let der = crypto::certificates_from_pem_or_der(&file(&format!("keys/{name}-cert.pem"))).unwrap();
            PublicKey::from_certificate_der(&der[0]).unwrap()
        });
        let options = ProfileVerifyOptions::new(VerifyOptions {
            provider: verifying,
            trusted_keys: keys.to_vec(),
            ..VerifyOptions::default()
        });
        assert_eq!(verify(&xml, &options).unwrap().to_transcript(), t);
    }
}

/// The committed signed sample (for the bindings and the verifier page) still verifies and reads
/// back as the sample it was made from; a changed byte in it is caught.
#[test]
fn the_committed_signed_sample_verifies() {
    let xml = file("transcripts/signed/thcs-lop-6-9-da-ky.xml");
    let verified = verify(&xml, &options()).unwrap();
    assert_eq!(verified.to_transcript(), sample::secondary_with_transfer());
    let tampered = replace(&xml, "<Lop>9A2</Lop>", "<Lop>9A1</Lop>");
    assert_eq!(broken_reference(&tampered), "#QTHT-2025-2026");
}

/// The committed sample signed by two subject teachers (grade 8: Ngữ văn, Toán), then the GVCN and
/// the principal of each year (`HOCBA_REGENERATE=1` writes it again; ECDSA values differ per run).
#[test]
fn the_committed_sample_with_subject_teachers_verifies() {
    let path = format!("{}/../test-vectors/transcripts/signed/thcs-lop-6-9-gvbm-da-ky.xml", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("HOCBA_REGENERATE").is_some() {
        std::fs::write(&path, signed_with_subject_teachers(&with_subject_teachers())).unwrap();
    }
    let xml = std::fs::read(&path).unwrap();
    let verified = verify(&xml, &gvbm_options()).unwrap();
    assert_eq!(verified.to_transcript(), with_subject_teachers());
    assert_eq!(verified.years()[2].signatures().len(), 4);
    let tampered = replace(&xml, "<GiaoVien>", "<GiaoVien>Cô ");
    assert_eq!(broken_reference_with(&tampered, &gvbm_options()), "#QTHT-2022-2023");
}

fn broken_reference_with(xml: &[u8], options: &ProfileVerifyOptions) -> String {
    match verify(xml, options) {
        Err(TranscriptError::Dsig(DsigError::DigestMismatch { uri, .. })) => uri,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_principal_claiming_to_sign_before_the_teacher_is_out_of_order() {
    let t = sample::secondary_summer_training();
    let gvcn = signer("rsa2048", SignatureAlgorithm::RSA_SHA256);
    let principal = signer("p256", SignatureAlgorithm::ECDSA_SHA256);
    let mut xml = to_xml(&t).unwrap();
    xml = sign_as(&xml, "QTHT-2025-2026", Role::Gvcn, &gvcn, at("2026-05-25T10:00:00+07:00")).unwrap();
    xml = sign_as(&xml, "QTHT-2025-2026", Role::HieuTruong, &principal, at("2026-05-25T09:59:59+07:00")).unwrap();
    assert!(matches!(
        verify(&xml, &options()),
        Err(TranscriptError::Profile(ProfileError::OutOfOrder { year_id })) if year_id == "QTHT-2025-2026"
    ));
}

// Subject teachers (GVBM): each signs their subject of the year, before the GVCN, who
// countersigns each of them; the principal countersigns the GVCN.

const GVBM_YEAR: &str = "QTHT-2024-2025";

/// The THCS sample with Ngữ văn and Toán of grade 8 signed by their teachers.
fn with_subject_teachers() -> Transcript {
    let mut t = sample::secondary_with_transfer();
    let year = &mut t.years[2];
    assert_eq!(year.id, GVBM_YEAR);
    let YearResults::Thcs(results) = &mut year.ket_qua else { unreachable!() };
    for subject in &mut results.mon_hoc[..2] {
        subject.id = Some(format!("{GVBM_YEAR}-{}", subject.ma_mon_hoc.code()));
    }
    assert_eq!((results.mon_hoc[0].ma_mon_hoc, results.mon_hoc[1].ma_mon_hoc), (MonHoc::NguVan, MonHoc::Toan));
    t
}

fn gvbm_options() -> ProfileVerifyOptions {
    let keys = ["rsa2048", "p256", "p384", "p521"].map(|name| {
        let der = crypto::certificates_from_pem_or_der(&file(&format!("keys/{name}-cert.pem"))).unwrap();
        PublicKey::from_certificate_der(&der[0]).unwrap()
    });
    ProfileVerifyOptions::new(VerifyOptions { trusted_keys: keys.to_vec(), ..VerifyOptions::default() })
}

fn subject_teacher(subject: MonHoc) -> KeySigner {
    signer(if subject == MonHoc::Toan { "p384" } else { "p521" }, SignatureAlgorithm::ECDSA_SHA256)
}

/// Every year of `t` signed: first each subject teacher where the year has them, then the GVCN,
/// then the principal.
fn signed_with_subject_teachers(t: &Transcript) -> Vec<u8> {
    let gvcn = signer("rsa2048", SignatureAlgorithm::RSA_SHA256);
    let principal = signer("p256", SignatureAlgorithm::ECDSA_SHA256);
    let mut xml = to_xml(t).unwrap();
    for year in &t.years {
        let end = year.nam_hoc.start() + 1;
        for subject in year.subjects_signed_by_their_teacher() {
            let time = at(&format!("{end}-05-20T10:00:00+07:00"));
            xml = sign_as(&xml, &year.id, Role::SubjectTeacher(subject), &subject_teacher(subject), time).unwrap();
        }
        xml = sign_as(&xml, &year.id, Role::Gvcn, &gvcn, at(&format!("{end}-05-25T08:00:00+07:00"))).unwrap();
        xml =
            sign_as(&xml, &year.id, Role::HieuTruong, &principal, at(&format!("{end}-05-28T15:30:00+07:00"))).unwrap();
    }
    xml
}

fn profile_error(xml: &[u8]) -> ProfileError {
    match verify(xml, &gvbm_options()) {
        Err(TranscriptError::Profile(e)) => e,
        other => panic!("{other:?}"),
    }
}

#[test]
fn two_subject_teachers_then_the_gvcn_then_the_principal_verify() {
    let t = with_subject_teachers();
    let xml = signed_with_subject_teachers(&t);
    let text = String::from_utf8(xml.clone()).unwrap();
    assert!(text.contains("<MonHoc Id=\"QTHT-2024-2025-TOAN\">"));
    assert!(text.contains(
        "<GVBM MaMonHoc=\"NV\"><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"QTHT-2024-2025-GVBM-NV\">"
    ));
    let verified = verify(&xml, &gvbm_options()).unwrap();
    assert_eq!(verified.to_transcript(), t);
    let year = &verified.years()[2];
    let roles: Vec<Role> = year.signatures().into_iter().map(|(role, _)| role).collect();
    assert_eq!(
        roles,
        [Role::SubjectTeacher(MonHoc::NguVan), Role::SubjectTeacher(MonHoc::Toan), Role::Gvcn, Role::HieuTruong]
    );
    let toan = year.signature(Role::SubjectTeacher(MonHoc::Toan)).unwrap();
    assert_eq!(toan.id(), Some("QTHT-2024-2025-GVBM-TOAN"));
    // The subject teacher signs the subject only; the GVCN the whole year and both teachers' values.
    assert_eq!(toan.references()[0].uri(), "#QTHT-2024-2025-TOAN");
    let gvcn_uris: Vec<&str> = year.signature(Role::Gvcn).unwrap().references().iter().map(|r| r.uri()).collect();
    assert_eq!(
        gvcn_uris,
        [
            "#QTHT-2024-2025",
            "#QTHT-2024-2025-GVCN-SigningTime",
            "#QTHT-2024-2025-GVBM-NV-SignatureValue",
            "#QTHT-2024-2025-GVBM-TOAN-SignatureValue"
        ]
    );
    assert!(year.signature(Role::SubjectTeacher(MonHoc::TinHoc)).is_none());
    // Other years: the two signatures of version 1.0, unchanged.
    assert_eq!(verified.years()[0].signatures().len(), 2);
    assert_eq!(Role::SubjectTeacher(MonHoc::Toan).name_vi(), "Giáo viên bộ môn (Toán)");
    assert_eq!(Role::SubjectTeacher(MonHoc::Toan).name_en(), "subject teacher (Mathematics)");
}

#[test]
fn a_tampered_subject_score_names_the_subject_teachers_reference() {
    let xml = signed_with_subject_teachers(&with_subject_teachers());
    let text = String::from_utf8(xml.clone()).unwrap();
    // The first ĐTBmhk of Toán in grade 8.
    let toan = text.find("<MonHoc Id=\"QTHT-2024-2025-TOAN\">").unwrap();
    let start = toan + text[toan..].find("<DTBmhk>").unwrap() + "<DTBmhk>".len();
    let end = start + text[start..].find('<').unwrap();
    let changed = if &text[start..end] == "9.9" { "9.8" } else { "9.9" };
    let tampered = format!("{}{changed}{}", &text[..start], &text[end..]);
    match verify(tampered.as_bytes(), &gvbm_options()) {
        Err(TranscriptError::Dsig(DsigError::DigestMismatch { uri, .. })) => assert_eq!(uri, "#QTHT-2024-2025-TOAN"),
        other => panic!("{other:?}"),
    }
    // A subject no teacher signed: the GVCN's reference to the year breaks.
    let tin = text.find("<MaMonHoc>TIN</MaMonHoc>").unwrap();
    let start = tin + text[tin..].find("<DDGck>").unwrap() + "<DDGck>".len();
    let end = start + text[start..].find('<').unwrap();
    let changed = if &text[start..end] == "9.9" { "9.8" } else { "9.9" };
    let tampered = format!("{}{changed}{}", &text[..start], &text[end..]);
    match verify(tampered.as_bytes(), &gvbm_options()) {
        Err(TranscriptError::Dsig(DsigError::DigestMismatch { uri, .. })) => {
            assert!(uri.starts_with("#QTHT-"), "{uri}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_subject_teacher_place_for_a_subject_the_year_does_not_have_fails() {
    let t = with_subject_teachers();
    let xml = to_xml(&t).unwrap();
    // Signing as the teacher of a subject the year does not have, or that no teacher signs.
    let teacher = subject_teacher(MonHoc::Toan);
    let time = at("2025-05-20T10:00:00+07:00");
    match sign_as(&xml, GVBM_YEAR, Role::SubjectTeacher(MonHoc::TiengViet), &teacher, time) {
        Err(TranscriptError::Profile(ProfileError::UnknownSubject { year_id, subject })) => {
            assert_eq!((year_id.as_str(), subject.as_str()), (GVBM_YEAR, "TV"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        sign_as(&xml, GVBM_YEAR, Role::SubjectTeacher(MonHoc::TinHoc), &teacher, time),
        Err(TranscriptError::Profile(ProfileError::NoSubjectPlace { subject: MonHoc::TinHoc, .. }))
    ));
    // A signed document whose place is renamed to a subject the year does not have.
    let signed = signed_with_subject_teachers(&t);
    let renamed = replace(&signed, "<GVBM MaMonHoc=\"TOAN\">", "<GVBM MaMonHoc=\"TV\">");
    assert_eq!(
        profile_error(&renamed),
        ProfileError::UnknownSubject { year_id: GVBM_YEAR.into(), subject: "TV".into() }
    );
    // ... or to a subject of the year no teacher signs (it has no Id).
    let other = replace(&signed, "<GVBM MaMonHoc=\"TOAN\">", "<GVBM MaMonHoc=\"TIN\">");
    assert_eq!(
        profile_error(&other),
        ProfileError::NoSubjectPlace { year_id: GVBM_YEAR.into(), subject: MonHoc::TinHoc }
    );
    // ... or to another signed subject's place: the signature covers another subject.
    let mut three = t.clone();
    let YearResults::Thcs(r) = &mut three.years[2].ket_qua else { unreachable!() };
    r.mon_hoc[4].id = Some(format!("{GVBM_YEAR}-LSDL"));
    let signed = signed_with_subject_teachers(&three);
    let text = String::from_utf8(signed).unwrap();
    let swapped = text
        .replacen("<GVBM MaMonHoc=\"TOAN\">", "<GVBM MaMonHoc=\"X\">", 1)
        .replacen("<GVBM MaMonHoc=\"LSDL\">", "<GVBM MaMonHoc=\"TOAN\">", 1)
        .replacen("<GVBM MaMonHoc=\"X\">", "<GVBM MaMonHoc=\"LSDL\">", 1);
    match profile_error(swapped.as_bytes()) {
        ProfileError::WrongReference { signature, expected_en: expected, .. } => {
            assert_eq!(signature.as_deref(), Some("QTHT-2024-2025-GVBM-TOAN"));
            assert!(
                expected.starts_with("#QTHT-2024-2025-LSDL (QuaTrinhHocTap[3]/MonHoc[MaMonHoc=LSDL])"),
                "{expected}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_duplicate_subject_teacher_fails() {
    let t = with_subject_teachers();
    let xml = to_xml(&t).unwrap();
    let teacher = subject_teacher(MonHoc::Toan);
    let time = at("2025-05-20T10:00:00+07:00");
    let once = sign_as(&xml, GVBM_YEAR, Role::SubjectTeacher(MonHoc::Toan), &teacher, time).unwrap();
    assert!(matches!(
        sign_as(&once, GVBM_YEAR, Role::SubjectTeacher(MonHoc::Toan), &teacher, time),
        Err(TranscriptError::Dsig(DsigError::InvalidRequest(_)))
    ));
    // Two places for the same subject.
    let signed = signed_with_subject_teachers(&t);
    let twice = replace(&signed, "<GVBM MaMonHoc=\"NV\">", "<GVBM MaMonHoc=\"TOAN\">");
    assert_eq!(
        profile_error(&twice),
        ProfileError::DuplicateSubjectPlace { year_id: GVBM_YEAR.into(), subject: MonHoc::Toan }
    );
}

#[test]
fn subject_teachers_sign_before_the_gvcn() {
    let t = with_subject_teachers();
    let xml = to_xml(&t).unwrap();
    let gvcn = signer("rsa2048", SignatureAlgorithm::RSA_SHA256);
    let principal = signer("p256", SignatureAlgorithm::ECDSA_SHA256);
    let time = at("2025-05-25T08:00:00+07:00");
    // The GVCN waits for every subject teacher.
    let toan =
        sign_as(&xml, GVBM_YEAR, Role::SubjectTeacher(MonHoc::Toan), &subject_teacher(MonHoc::Toan), time).unwrap();
    assert_eq!(
        sign_as(&toan, GVBM_YEAR, Role::Gvcn, &gvcn, time).err().map(|e| e.to_string()),
        Some(ProfileError::MissingSubjectSignature { year_id: GVBM_YEAR.into(), subject: MonHoc::NguVan }.to_string())
    );
    // Both subject teachers, then the GVCN and the principal: the full order signs.
    let both = sign_as(&toan, GVBM_YEAR, Role::SubjectTeacher(MonHoc::NguVan), &subject_teacher(MonHoc::NguVan), time)
        .unwrap();
    let with_gvcn = sign_as(&both, GVBM_YEAR, Role::Gvcn, &gvcn, time).unwrap();
    sign_as(&with_gvcn, GVBM_YEAR, Role::HieuTruong, &principal, time).unwrap();

    // A subject teacher's signature added after the principal (the profile's request bypassed):
    // the GVCN did not countersign it.
    let unsigned_toan = {
        let mut t = t.clone();
        let YearResults::Thcs(r) = &mut t.years[2].ket_qua else { unreachable!() };
        r.mon_hoc[0].id = None;
        to_xml(&t).unwrap()
    };
    let gvcn_alone = hocba::dsig::sign(
        &unsigned_toan,
        &hocba::dsig::SignatureRequest::new(
            GVBM_YEAR,
            &["DSCKS", "ChuKyNamHoc[3]", "GVCN"],
            &signature_id(GVBM_YEAR, Role::Gvcn),
            time,
        ),
        &gvcn,
    )
    .unwrap();
    // A subject teacher after the GVCN is refused.
    assert_eq!(
        sign_as(&gvcn_alone, GVBM_YEAR, Role::SubjectTeacher(MonHoc::Toan), &subject_teacher(MonHoc::Toan), time)
            .err()
            .map(|e| e.to_string()),
        Some(
            TranscriptError::Profile(ProfileError::SubjectTeacherOutOfOrder {
                year_id: GVBM_YEAR.into(),
                subject: MonHoc::Toan
            })
            .to_string()
        )
    );
    let principal_too = sign_as(&gvcn_alone, GVBM_YEAR, Role::HieuTruong, &principal, time).unwrap();
    let late = hocba::dsig::sign(
        &principal_too,
        &hocba::dsig::SignatureRequest::new(
            &format!("{GVBM_YEAR}-TOAN"),
            &["DSCKS", "ChuKyNamHoc[3]", "GVBM[1]"],
            &signature_id(GVBM_YEAR, Role::SubjectTeacher(MonHoc::Toan)),
            time,
        ),
        &subject_teacher(MonHoc::Toan),
    )
    .unwrap();
    // Other years unsigned: verify that year alone by giving it the only signatures.
    let late = only_year(&late, 2);
    assert_eq!(
        profile_error(&late),
        ProfileError::SubjectTeacherOutOfOrder { year_id: GVBM_YEAR.into(), subject: MonHoc::Toan }
    );

    // A subject teacher's place moved after the principal's.
    let signed = signed_with_subject_teachers(&t);
    let text = String::from_utf8(signed).unwrap();
    let year = text.find(&format!("<ChuKyNamHoc QuaTrinhHocTap=\"{GVBM_YEAR}\">")).unwrap();
    let g0 = year + text[year..].find("<GVBM MaMonHoc=\"TOAN\">").unwrap();
    let g1 = g0 + text[g0..].find("</GVBM>").unwrap() + "</GVBM>".len();
    let h1 = g1 + text[g1..].find("</HieuTruong>").unwrap() + "</HieuTruong>".len();
    let moved = format!("{}{}{}{}", &text[..g0], &text[g1..h1], &text[g0..g1], &text[h1..]);
    assert_eq!(
        profile_error(moved.as_bytes()),
        ProfileError::SubjectTeacherOutOfOrder { year_id: GVBM_YEAR.into(), subject: MonHoc::Toan }
    );
}

/// `xml` reduced to its year `index` (from 0), with that year's signatures: a one-year transcript.
fn only_year(xml: &[u8], index: usize) -> Vec<u8> {
    let text = String::from_utf8(xml.to_vec()).unwrap();
    let cut = |text: &str, open: &str, close: &str, keep: usize| -> String {
        let mut out = String::new();
        let mut rest = text;
        let mut i = 0;
        while let Some(start) = rest.find(open) {
            let end = start + rest[start..].find(close).unwrap() + close.len();
            out.push_str(&rest[..start]);
            if i == keep {
                out.push_str(&rest[start..end]);
            }
            // Drop the line break and indentation before a removed element.
            rest = &rest[end..];
            i += 1;
        }
        out.push_str(rest);
        out
    };
    let text = cut(&text, "<QuaTrinhHocTap Id=", "</QuaTrinhHocTap>", index);
    cut(&text, "<ChuKyNamHoc QuaTrinhHocTap=", "</ChuKyNamHoc>", index).into_bytes()
}

/// A subject with an `Id` is one its teacher signs: removing its `GVBM` place (and so its signature)
/// must not let the year pass as one without subject teachers, neither when the GVCN signs nor when
/// the transcript is verified.
#[test]
fn a_subject_with_an_id_but_no_subject_teacher_place_fails() {
    let t = with_subject_teachers();
    let mut xml = to_xml(&t).unwrap();
    for place in ["<GVBM MaMonHoc=\"NV\"/>", "<GVBM MaMonHoc=\"TOAN\"/>"] {
        let before = xml.len();
        xml = replace(&xml, place, "");
        assert!(xml.len() < before, "no {place} in the written transcript");
    }
    let gvcn = signer("rsa2048", SignatureAlgorithm::RSA_SHA256);
    let principal = signer("p256", SignatureAlgorithm::ECDSA_SHA256);
    let time = at("2025-05-25T08:00:00+07:00");
    assert!(matches!(
        sign_as(&xml, GVBM_YEAR, Role::Gvcn, &gvcn, time),
        Err(TranscriptError::Profile(ProfileError::NoSubjectPlace { subject: MonHoc::NguVan, .. }))
    ));

    // Signed anyway, with the request the profile would make for a year without subject teachers.
    for (index, year) in t.years.iter().enumerate() {
        let end = year.nam_hoc.start() + 1;
        let time = at(&format!("{end}-05-25T08:00:00+07:00"));
        xml = if year.id == GVBM_YEAR {
            let place = format!("ChuKyNamHoc[{}]", index + 1);
            let request =
                SignatureRequest::new(&year.id, &["DSCKS", &place, "GVCN"], &format!("{}-GVCN", year.id), time);
            dsig::sign(&xml, &request, &gvcn).unwrap()
        } else {
            sign_as(&xml, &year.id, Role::Gvcn, &gvcn, time).unwrap()
        };
        xml =
            sign_as(&xml, &year.id, Role::HieuTruong, &principal, at(&format!("{end}-05-28T15:30:00+07:00"))).unwrap();
    }
    assert_eq!(
        profile_error(&xml),
        ProfileError::MissingSubjectSignature { year_id: GVBM_YEAR.into(), subject: MonHoc::NguVan }
    );
}
