//! The one entry point: a `Verifier` configured once verifies documents by their kind, keeps a
//! record of each for checks across records, and a `TranscriptSigner` signs by year and role.

mod common;

use std::sync::Arc;

use hocba::crypto::{self, KeyType, PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::{KeySigner, RequiredElement, element_by_id, place_from_str};
use hocba::pki::{Crl, RevocationChecker, RevocationData, SigningOptions, TrustOptions, TrustStore};
use hocba::report::Verdict;
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::{MonHoc, Role, Transcript, sample, to_xml};
use hocba::verifier::{DocumentKind, OtherDocuments, Record, RecordSet, RecordYear, Verifier, VerifierConfig};
use hocba::xml::{Document, first_element_named};

fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/pki/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn key(name: &str) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&pki(&format!("{name}-key.pem"))).unwrap();
    let mut chain = certificates_from_pem_or_der(&pki(&format!("{name}-cert.pem"))).unwrap();
    chain.extend(certificates_from_pem_or_der(&pki("ca-cert.pem")).unwrap());
    let algorithm = match key.public_key().key_type() {
        KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
        _ => SignatureAlgorithm::RSA_SHA256,
    };
    KeySigner::new(key, chain, algorithm, crypto::default_provider()).unwrap()
}

fn trust(at: &str) -> TrustOptions {
    let mut anchors = TrustStore::empty();
    anchors.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    TrustOptions { trust: anchors, now: Some(UtcTime::parse(at).unwrap()), ..TrustOptions::default() }
}

fn checker() -> Arc<RevocationChecker> {
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()]
        .concat();
    Arc::new(RevocationChecker::offline(RevocationData { crls, ..Default::default() }))
}

fn transcript() -> Transcript {
    let mut transcript = sample::secondary_with_transfer();
    for year in &mut transcript.years {
        year.giao_vien_chu_nhiem = "Nguyễn Thị Hoa".into();
        year.hieu_truong = "TRẦN VĂN MINH".into();
        year.truong.ten_truong = "Trường Tiểu học Kim Đồng".into();
    }
    transcript
}

fn signer() -> TranscriptSigner {
    TranscriptSigner::new(SignerConfig {
        trust: trust("2026-06-15T01:00:00Z"),
        revocation: checker(),
        signing: SigningOptions { tsa_url: None, embed_validation_data: true },
        ..SignerConfig::default()
    })
}

/// Every year signed by the homeroom teacher, then the principal, through the `TranscriptSigner`.
fn signed(transcript: &Transcript) -> Vec<u8> {
    let signer = signer();
    let mut xml = to_xml(transcript).unwrap();
    for year in &transcript.years {
        xml = signer.sign_year(&xml, &year.id, Role::Gvcn, &key("gvcn")).unwrap();
        xml = signer.sign_year(&xml, &year.id, Role::HieuTruong, &key("hieutruong")).unwrap();
    }
    xml
}

fn verifier() -> Verifier {
    Verifier::new(VerifierConfig { trust: trust("2026-07-01T00:00:00Z"), revocation: checker(), ..Default::default() })
}

#[test]
fn a_transcript_signed_by_year_and_role_verifies_and_keeps_its_record() {
    let transcript = transcript();
    let verification = verifier().verify(&signed(&transcript)).unwrap();
    assert_eq!(verification.kind(), DocumentKind::Transcript);
    assert_eq!(verification.report().verdict(), Verdict::Valid, "{}", verification.report().to_json());
    let record = verification.record();
    assert_eq!(record.verdict, Verdict::Valid);
    let student = transcript.student().unwrap();
    assert_eq!(record.student_id.as_deref(), Some(student.ma_dinh_danh.as_str()));
    assert_eq!(record.student_name.as_deref(), Some(student.ho_va_ten.as_str()));
    assert_eq!(record.years.len(), transcript.years.len());
    assert_eq!(record.years[0].start, transcript.years[0].nam_hoc.start());
    assert!(record.years[0].signer_units.iter().any(|u| u == "Trường Tiểu học Kim Đồng"), "{:?}", record.years[0]);
    assert_eq!(record.signers, vec!["Nguyễn Thị Hoa".to_owned(), "Trần Văn Minh".to_owned()]);
    let mut records = RecordSet::new();
    records.add("a.xml", record);
    let students = records.check();
    assert_eq!(students.len(), 1);
    assert!(students[0].problems.is_empty(), "{:?}", students[0].problems);
}

#[test]
fn the_signer_refuses_a_role_out_of_order_or_a_year_not_there() {
    let transcript = transcript();
    let xml = to_xml(&transcript).unwrap();
    let signer = signer();
    let year = &transcript.years[0].id;
    let error = signer.sign_year(&xml, year, Role::HieuTruong, &key("hieutruong")).unwrap_err();
    assert!(error.to_string().contains("GVCN") || error.to_string().contains("homeroom"), "{error}");
    assert!(signer.sign_year(&xml, "QTHT-1900-1901", Role::Gvcn, &key("gvcn")).is_err());
    let once = signer.sign_year(&xml, year, Role::Gvcn, &key("gvcn")).unwrap();
    assert!(signer.sign_year(&once, year, Role::Gvcn, &key("gvcn")).is_err(), "a place already signed");
}

#[test]
fn without_the_signer_check_no_time_stamp_or_validation_data_is_added() {
    let transcript = transcript();
    let unchecked = TranscriptSigner::new(SignerConfig {
        trust: trust("2026-06-15T01:00:00Z"),
        signing: SigningOptions { tsa_url: None, embed_validation_data: true },
        check_signer: false,
        ..SignerConfig::default()
    });
    let xml = to_xml(&transcript).unwrap();
    let error = unchecked.sign_year(&xml, &transcript.years[0].id, Role::Gvcn, &key("gvcn")).unwrap_err();
    assert!(error.to_string().contains("validation data"), "{error}");
}

#[test]
fn the_version_held_is_part_of_the_configuration() {
    let transcript = transcript();
    let xml = signed(&transcript);
    let mut config =
        VerifierConfig { trust: trust("2026-07-01T00:00:00Z"), revocation: checker(), ..Default::default() };
    config.previous = Some(transcript.clone());
    let verification = Verifier::new(config).verify(&xml).unwrap();
    assert_eq!(verification.report().verdict(), Verdict::Invalid);
    assert!(verification.report().problems().iter().any(|f| f.code == "stale-version"));
}

#[test]
fn other_documents_follow_the_configuration() {
    let xml = b"<a xmlns='urn:x'><b Id='x'/></a>";
    let refused = verifier().verify(xml).unwrap();
    assert_eq!(refused.kind(), DocumentKind::Other);
    assert!(refused.report().problems().iter().any(|f| f.code == "not-a-transcript"));
    let generic = Verifier::new(VerifierConfig { other_documents: OtherDocuments::Verify, ..Default::default() });
    let verified = generic.verify(xml).unwrap();
    assert!(verified.report().problems().iter().all(|f| f.code != "not-a-transcript"));
    assert!(verified.record().student_id.is_none());
    let doc = Document::parse(xml).unwrap();
    assert!(verifier().revocation_requests(&doc, &RevocationData::default()).unwrap().is_empty());
}

#[test]
fn one_verifier_serves_many_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Verifier>();
    shareable::<TranscriptSigner>();
    let xml = signed(&transcript());
    let verifier = verifier();
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| assert_eq!(verifier.verify(&xml).unwrap().report().verdict(), Verdict::Valid));
        }
    });
}

fn record(name: &str, years: &[(u16, &str, &str)]) -> Record {
    Record {
        verdict: Verdict::Valid,
        student_id: Some("079123456789".into()),
        student_name: Some(name.into()),
        years: years
            .iter()
            .map(|(start, school, unit)| RecordYear {
                start: *start,
                name: format!("{start}-{}", start + 1),
                school: (*school).into(),
                signer_units: vec![(*unit).into()],
            })
            .collect(),
        signers: Vec::new(),
    }
}

#[test]
fn records_of_one_student_are_checked_together() {
    let mut records = RecordSet::new();
    records.add("a.xml", record("Lê Văn An", &[(2020, "Trường A", "Trường A"), (2021, "Trường A", "Trường A")]));
    records.add("b.xml", record("LÊ VĂN AN", &[(2021, "Trường B", "Trường B")]));
    records.add("c.xml", record("Lê Văn Bình", &[(2024, "Trường C", "Trường D")]));
    let mut invalid = record("Người Khác", &[(2030, "X", "Y")]);
    invalid.verdict = Verdict::Invalid;
    records.add("d.xml", invalid);
    assert_eq!(records.len(), 4);
    let students = records.check();
    assert_eq!(students.len(), 1);
    let codes: Vec<&str> = students[0].problems.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(
        codes,
        ["student-name-differs", "school-year-repeated", "school-year-missing", "year-signed-by-other-school"]
    );
    assert!(students[0].problems[0].vi.contains("c.xml") && students[0].problems[0].en.contains("Lê Văn Bình"));
}

#[test]
fn settings_parse_from_their_written_forms() {
    assert_eq!("gvcn".parse::<Role>().unwrap(), Role::Gvcn);
    assert_eq!("hieu-truong".parse::<Role>().unwrap(), Role::HieuTruong);
    let subject: Role = "gvbm:TOAN".parse().unwrap();
    assert_eq!(subject, Role::SubjectTeacher(MonHoc::Toan));
    assert_eq!(subject.to_string(), "gvbm:TOAN");
    for bad in ["GVCN", "gvbm:", "gvbm:KHONG", "principal", ""] {
        let error = bad.parse::<Role>().unwrap_err();
        assert_eq!(error.setting, "role");
        assert!(error.to_string().contains("hieu-truong"), "{error}");
    }
    let required: RequiredElement = "data-1@HocBa/DuLieuHocBa".parse().unwrap();
    assert_eq!(required, RequiredElement::new("data-1", &["HocBa", "DuLieuHocBa"]));
    assert_eq!("x".parse::<RequiredElement>().unwrap(), RequiredElement::new("x", &[]));
    assert_eq!("@HocBa".parse::<RequiredElement>().unwrap_err().setting, "required");
    assert_eq!(place_from_str("/DSCKS//GVCN/"), ["DSCKS", "GVCN"]);
    assert!("sometimes".parse::<OtherDocuments>().is_err());
    assert!(hocba::crypto::provider_named(Some("nss")).unwrap_err().to_string().contains("rustcrypto"));
}

#[test]
fn elements_are_found_by_id_as_references_find_them() {
    let doc = Document::parse(b"<r xmlns:p='urn:p'><a xml:id='one'/><p:b Id='two'/><c id='three'/></r>").unwrap();
    let names = hocba::dsig::VerifyOptions::default().id_attributes;
    assert_eq!(element_by_id(&doc, "one", &names).unwrap().unwrap().local_name(), "a");
    assert_eq!(element_by_id(&doc, "two", &names).unwrap().unwrap().local_name(), "b");
    assert!(element_by_id(&doc, "four", &names).unwrap().is_none());
    let twice = Document::parse(b"<r><a Id='x'/><b xml:id='x'/></r>").unwrap();
    assert!(element_by_id(&twice, "x", &names).is_err());
    assert_eq!(first_element_named(&doc, "{urn:p}b").unwrap().unwrap().local_name(), "b");
    assert_eq!(first_element_named(&doc, "c").unwrap().unwrap().local_name(), "c");
    assert!(first_element_named(&doc, "b").unwrap().is_none());
    assert!(first_element_named(&doc, "{urn:p").is_err());
}

#[test]
fn the_signing_time_is_the_configured_one_else_the_check_time() {
    let transcript = transcript();
    let xml = to_xml(&transcript).unwrap();
    let year = &transcript.years[0].id;
    let by_default = signer().sign_year(&xml, year, Role::Gvcn, &key("gvcn")).unwrap();
    let earlier = TranscriptSigner::new(SignerConfig {
        signing_time: Some(UtcTime::parse("2026-06-10T01:00:00Z").unwrap()),
        ..signer().config().clone()
    });
    let prepared = earlier.sign_year(&xml, year, Role::Gvcn, &key("gvcn")).unwrap();
    let claimed = |signed: &[u8]| {
        let report = verifier().verify(signed).unwrap();
        report.report().signatures()[0].claimed_signing_time().unwrap()
    };
    assert_eq!(claimed(&by_default), UtcTime::parse("2026-06-15T01:00:00Z").unwrap());
    assert_eq!(claimed(&prepared), UtcTime::parse("2026-06-10T01:00:00Z").unwrap());
}

#[test]
fn the_signer_is_checked_now_whatever_signing_time_it_claims() {
    let transcript = transcript();
    let xml = to_xml(&transcript).unwrap();
    let year = &transcript.years[0].id;
    let claiming = |at: &str| {
        TranscriptSigner::new(SignerConfig {
            signing_time: Some(UtcTime::parse(at).unwrap()),
            ..signer().config().clone()
        })
    };
    // Expired at the end of 2021: a claim from inside its validity does not revive it.
    let expired = claiming("2021-06-01T00:00:00Z").sign_year(&xml, year, Role::Gvcn, &key("expired")).unwrap_err();
    assert_eq!(expired.code(), hocba::Code::CertificateExpired, "{expired}");
    // Revoked on 2025-06-01 for key compromise: a claim from before does not either.
    let revoked = claiming("2025-05-01T00:00:00Z").sign_year(&xml, year, Role::Gvcn, &key("revoked")).unwrap_err();
    assert_eq!(revoked.code(), hocba::Code::Revoked, "{revoked}");
    // A claim the certificate cannot vouch for is refused: before its validity, or in the future.
    let before = claiming("2023-01-01T00:00:00Z").sign_year(&xml, year, Role::Gvcn, &key("gvcn")).unwrap_err();
    assert_eq!(before.code(), hocba::Code::SigningTimeBeforeCertificate, "{before}");
    let future = claiming("2026-06-16T01:00:00Z").sign_year(&xml, year, Role::Gvcn, &key("gvcn")).unwrap_err();
    assert_eq!(future.code(), hocba::Code::SigningTimeInFuture, "{future}");
    // A little earlier than now, inside the validity: signed, and the claim is what it says.
    let earlier = claiming("2026-06-14T01:00:00Z").sign_year(&xml, year, Role::Gvcn, &key("gvcn")).unwrap();
    let claimed = verifier().verify(&earlier).unwrap().report().signatures()[0].claimed_signing_time();
    assert_eq!(claimed, Some(UtcTime::parse("2026-06-14T01:00:00Z").unwrap()));
}

#[test]
fn a_crl_accepted_where_sha1_is_allowed_is_checked_again_where_it_is_not() {
    let Some(sha1_crl) = common::test_pki::ca_crl_signed_with("sha1", "20250602000000Z") else { return };
    let unembedded = TranscriptSigner::new(SignerConfig {
        signing: SigningOptions { tsa_url: None, embed_validation_data: false },
        ..signer().config().clone()
    });
    let transcript = transcript();
    let year = &transcript.years[0].id;
    let xml = unembedded.sign_year(&to_xml(&transcript).unwrap(), year, Role::Gvcn, &key("gvcn")).unwrap();
    let crls = vec![sha1_crl, Crl::all_from_pem_or_der(&pki("root.crl")).unwrap().remove(0)];
    let verdict = |trust: TrustOptions| {
        let revocation =
            Arc::new(RevocationChecker::offline(RevocationData { crls: crls.clone(), ..Default::default() }));
        let verification = Verifier::new(VerifierConfig { trust, revocation, ..Default::default() }).verify(&xml);
        let signatures = verification.unwrap().report().signatures().to_vec();
        signatures[0].verdict()
    };
    let strict = trust("2026-07-01T00:00:00Z");
    assert_eq!(verdict(strict.clone()), Verdict::Undetermined, "a SHA-1 CRL says nothing where SHA-1 is refused");
    let mut lax = strict.clone();
    lax.path.allow_sha1 = true;
    assert_eq!(verdict(lax), Verdict::Valid, "the SHA-1 CRL, allowed");
    // The strict configuration shares the lax one's caches (clones share them): still refused.
    assert_eq!(verdict(strict), Verdict::Undetermined);
}

#[test]
fn a_year_is_by_its_school_only_when_a_signer_unit_is_its_name() {
    let year = |unit: &str| record("Lê Văn An", &[(2024, "Trường THPT Chu Văn An", unit)]);
    for (unit, by_school) in [
        ("Trường THPT Chu Văn An", true),
        ("trường  thpt chu văn an", true),
        ("UBND phường X, Trường THPT Chu Văn An", true),
        ("Trường THPT Chu Văn An; UBND phường X", true),
        ("Trường THPT", false),
        ("Trường THPT Chu Văn Anh", false),
        ("Trường THPT Chu Văn An B", false),
        ("A", false),
        ("", false),
    ] {
        let mut records = RecordSet::new();
        records.add("a.xml", year(unit));
        let problems = &records.check()[0].problems;
        assert_eq!(problems.is_empty(), by_school, "{unit:?}: {problems:?}");
    }
}

#[test]
fn a_version_held_is_not_matched_by_a_document_that_is_not_a_transcript() {
    let config = VerifierConfig {
        other_documents: OtherDocuments::Verify,
        previous: Some(transcript()),
        ..VerifierConfig::default()
    };
    let verification = Verifier::new(config).verify(b"<a xmlns='urn:x'><b Id='x'/></a>").unwrap();
    assert_eq!(verification.report().verdict(), Verdict::Invalid);
    assert!(verification.report().problems().iter().any(|f| f.code == "different-record"));
}

#[test]
fn a_year_whose_signers_name_no_unit_is_not_shown_to_be_by_its_school() {
    let mut year = record("Lê Văn An", &[(2024, "Trường THPT Chu Văn An", "x")]);
    year.years[0].signer_units.clear();
    let mut records = RecordSet::new();
    records.add("a.xml", year);
    let problems = &records.check()[0].problems;
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "year-signed-by-other-school");
    assert!(problems[0].vi.contains("không ghi đơn vị") && problems[0].en.contains("no unit named"), "{problems:?}");
}

/// A certificate's signature, once verified, is remembered for the certificate and the key it
/// verified with, not for its names: after the genuine document, a copy whose CA certificate has
/// another signature (the same names and key) finds no path, and the genuine one still verifies.
#[test]
fn a_remembered_certificate_signature_is_the_certificates_own() {
    use base64ct::{Base64, Encoding};
    let xml = signed(&transcript());
    let verifier = verifier();
    assert_eq!(verifier.verify(&xml).unwrap().report().verdict(), Verdict::Valid);

    let ca = certificates_from_pem_or_der(&pki("ca-cert.pem")).unwrap().remove(0);
    let mut forged_ca = ca.clone();
    *forged_ca.last_mut().unwrap() ^= 1;
    let text = String::from_utf8(xml.clone()).unwrap();
    let genuine = Base64::encode_string(&ca);
    assert!(text.contains(&genuine), "the document embeds the CA's certificate");
    let forged = text.replace(&genuine, &Base64::encode_string(&forged_ca)).into_bytes();
    let report = verifier.verify(&forged).unwrap();
    assert!(report.report().verdict() != Verdict::Valid, "a CA certificate with another signature was accepted");
    assert_eq!(verifier.verify(&xml).unwrap().report().verdict(), Verdict::Valid);
}
