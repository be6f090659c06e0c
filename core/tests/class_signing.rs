//! Signing a class with one key: the signer's certificate is checked once
//! ([`TranscriptSigner::check_key`]), and every transcript signed through the checked key is what
//! signing it alone gives, from several threads at once; a revoked signer, another key, a signing
//! time the certificate does not vouch for and an unchecked signer asked for a time-stamp are
//! refused as before.

use std::sync::Arc;

use hocba::crypto::{self, PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::KeySigner;
use hocba::pki::{CheckedSigner, Crl, RevocationChecker, RevocationData, SigningOptions, TrustOptions, TrustStore};
use hocba::report::{Language, Verdict};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::*;
use hocba::{Code, Error};

fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/pki/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn signer(name: &str) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&pki(&format!("{name}-key.pem"))).unwrap();
    let mut chain = certificates_from_pem_or_der(&pki(&format!("{name}-cert.pem"))).unwrap();
    chain.extend(certificates_from_pem_or_der(&pki("ca-cert.pem")).unwrap());
    KeySigner::new(key, chain, SignatureAlgorithm::RSA_SHA256, crypto::default_provider()).unwrap()
}

fn at(time: &str) -> UtcTime {
    UtcTime::parse(time).unwrap()
}

fn trust() -> TrustOptions {
    let mut anchors = TrustStore::empty();
    anchors.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    TrustOptions { trust: anchors, now: Some(at("2026-07-01T00:00:00Z")), ..TrustOptions::default() }
}

fn crls() -> RevocationChecker {
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()]
        .concat();
    RevocationChecker::offline(RevocationData { crls, ..Default::default() })
}

fn config(signing_time: &str) -> SignerConfig {
    SignerConfig {
        trust: trust(),
        revocation: Arc::new(crls()),
        signing: SigningOptions { tsa_url: None, embed_validation_data: true },
        check_signer: true,
        signing_time: Some(at(signing_time)),
    }
}

/// A class of `n` THCS transcripts, each with its own student code, the GVCN and principal
/// named as in the test PKI's certificates.
fn class(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            let mut t = sample::secondary_with_transfer();
            t.header.ma_dinh_danh_hoc_ba = format!("{}{i:03}", &t.header.ma_dinh_danh_hoc_ba[..9]);
            for year in &mut t.years {
                year.giao_vien_chu_nhiem = "Nguyễn Thị Hoa".into();
                year.hieu_truong = "TRẦN VĂN MINH".into();
            }
            to_xml(&t).unwrap()
        })
        .collect()
}

const TIME: &str = "2026-06-15T08:00:00+07:00";

#[test]
fn a_class_signed_through_one_checked_key_is_what_signing_each_alone_gives() {
    let transcripts = class(6);
    let year = sample::secondary_with_transfer().years[0].nam_hoc.to_string();
    let gvcn = signer("gvcn");
    let transcript_signer = TranscriptSigner::new(config(TIME));
    let key = transcript_signer.check_key(&gvcn).unwrap();
    // Three threads share the checked key, as `hocba sign --out-dir` does.
    let signed: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let handles: Vec<_> = transcripts
            .chunks(2)
            .map(|chunk| {
                let (key, year) = (&key, &year);
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|xml| key.sign_year_unless_signed(xml, year, Role::Gvcn).unwrap().unwrap())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(signed.len(), transcripts.len());
    for (xml, signed) in transcripts.iter().zip(&signed) {
        let year_id = year_status(xml, &year, Role::Gvcn).unwrap().year_id;
        // RSA PKCS#1 v1.5 is deterministic: the same bytes as signing this transcript alone.
        let alone = transcript_signer.sign_year(xml, &year_id, Role::Gvcn, &gvcn).unwrap();
        assert!(*signed == alone, "a transcript signed through the checked key differs from signing it alone");
        assert!(key.sign_year(xml, &year_id, Role::Gvcn).unwrap() == alone);
        // Signed once: a second pass skips it.
        assert_eq!(key.sign_year_unless_signed(signed, &year, Role::Gvcn).unwrap(), None);
        let verification = verify_trusted(signed, &ProfileVerifyOptions::default(), &trust(), &crls()).unwrap();
        let report = verification.report();
        let gvcn_signature = &report.signatures()[0];
        assert_eq!(gvcn_signature.place(), "DSCKS/ChuKyNamHoc/GVCN", "{}", report.message(Language::En));
        assert_eq!(gvcn_signature.verdict(), Verdict::Valid, "{}", report.message(Language::En));
    }
    // A year the class does not have is refused, as alone.
    let missing = key.sign_year_unless_signed(&transcripts[0], "2030-2031", Role::Gvcn).unwrap_err();
    assert_eq!(missing.code(), Code::TranscriptProfile, "{missing}");
}

#[test]
fn a_revoked_signer_is_refused_when_its_key_is_checked() {
    let transcript_signer = TranscriptSigner::new(config(TIME));
    let revoked = signer("revoked");
    let alone = transcript_signer.sign_year(&class(1)[0], "QTHT-2022-2023", Role::Gvcn, &revoked).unwrap_err();
    let checked = transcript_signer.check_key(&revoked).unwrap_err();
    assert_eq!(checked.code(), alone.code(), "{checked}");
    assert!(matches!(checked, Error::Pki(_)), "{checked:?}");
    assert!(checked.to_string().contains("revoked"), "{checked}");
}

#[test]
fn a_checked_signer_signs_only_for_the_key_it_checked() {
    let gvcn = signer("gvcn");
    let principal = signer("hieutruong");
    let checked = CheckedSigner::check(&gvcn, &trust(), &crls(), at(TIME), crypto::default_provider()).unwrap();
    assert_eq!(checked.checked_at(), at("2026-07-01T00:00:00Z"));
    let xml = &class(1)[0];
    let request = signature_request(xml, "QTHT-2022-2023", Role::Gvcn, at(TIME)).unwrap();
    let refused = checked.sign(xml, &request, &principal, &trust(), &crls(), &SigningOptions::default()).unwrap_err();
    assert!(refused.to_string().contains("not the one whose certificate was checked"), "{refused}");
    checked.sign(xml, &request, &gvcn, &trust(), &crls(), &SigningOptions::default()).unwrap();
}

#[test]
fn each_signing_time_is_still_checked_against_the_certificate() {
    // A claim years after the check: the certificate does not vouch for it.
    let transcript_signer = TranscriptSigner::new(config("2031-06-15T08:00:00+07:00"));
    let gvcn = signer("gvcn");
    let key = transcript_signer.check_key(&gvcn).unwrap();
    let year = sample::secondary_with_transfer().years[0].nam_hoc.to_string();
    let refused = key.sign_year_unless_signed(&class(1)[0], &year, Role::Gvcn).unwrap_err();
    assert!(refused.to_string().contains("signing time"), "{refused}");
}

#[test]
fn an_unchecked_key_cannot_be_time_stamped() {
    let mut config = config(TIME);
    config.check_signer = false;
    config.signing.tsa_url = Some("http://127.0.0.1:9/".into());
    let gvcn = signer("gvcn");
    let refused = TranscriptSigner::new(config.clone()).check_key(&gvcn).unwrap_err();
    assert!(refused.to_string().contains("need the signer's certificate checked"), "{refused}");
    // Without a time-stamp or validation data, an unchecked key signs.
    config.signing = SigningOptions::default();
    let request_year = sample::secondary_with_transfer().years[0].id.clone();
    let signed =
        TranscriptSigner::new(config).check_key(&gvcn).unwrap().sign_year(&class(1)[0], &request_year, Role::Gvcn);
    assert!(signed.is_ok(), "{signed:?}");
}
