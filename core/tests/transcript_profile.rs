//! The signature profile: a transcript signed year by year by the GVCN (RSA-2048) and then the
//! principal (ECDSA P-256) verifies and reads back from the signed bytes; changing any score, name
//! or date, or the order of the signatures, fails with an error naming the broken reference.

use hocba::crypto::{self, PrivateKey, PublicKey, SignatureAlgorithm};
use hocba::dsig::{DsigError, KeySigner, VerifyOptions};
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
            let gvcn = y.signature(Role::Gvcn);
            assert_eq!(gvcn.id(), Some(signature_id(&y.year().id, Role::Gvcn).as_str()));
            assert!(gvcn.claimed_signing_time() < y.signature(Role::HieuTruong).claimed_signing_time());
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
        Err(TranscriptError::Profile(ProfileError::WrongReference { signature, expected })) => {
            assert_eq!(signature, "QTHT-2022-2023-HieuTruong");
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
        Err(TranscriptError::Profile(ProfileError::WrongReference { signature, expected })) => {
            assert_eq!(signature, "QTHT-2023-2024-GVCN");
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
