//! The school seal (con dấu đơn vị): a year written with a `ConDau` place is signed by its GVCN,
//! its principal and then the school's seal certificate, which countersigns the principal; an
//! empty seal place is a year not sealed. Signed with the test PKI: pinned keys, and trusted
//! under its root with its CRLs at a fixed time.

use std::io::Write;
use std::sync::Arc;

use hocba::Code;
use hocba::crypto::{self, PrivateKey, PublicKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::{self, DsigError, KeySigner, SignatureRequest, VerifyOptions};
use hocba::pki::{Crl, RevocationChecker, RevocationData, SigningOptions, TrustOptions, TrustStore};
use hocba::report::{Language, Verdict};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::*;

mod common;

fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/pki/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A test PKI signer with its chain; the seal uses the `ltv` leaf, a name no year records.
fn signer(name: &str) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&pki(&format!("{name}-key.pem"))).unwrap();
    let algorithm = match key.public_key().key_type() {
        crypto::KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
        _ => SignatureAlgorithm::RSA_SHA256,
    };
    let mut chain = certificates_from_pem_or_der(&pki(&format!("{name}-cert.pem"))).unwrap();
    chain.extend(certificates_from_pem_or_der(&pki("ca-cert.pem")).unwrap());
    KeySigner::new(key, chain, algorithm, crypto::default_provider()).unwrap()
}

fn gvcn() -> KeySigner {
    signer("gvcn")
}

fn principal() -> KeySigner {
    signer("hieutruong")
}

fn seal() -> KeySigner {
    signer("ltv")
}

fn pinned() -> ProfileVerifyOptions {
    let keys = ["gvcn", "hieutruong", "ltv"].map(|name| {
        let der = certificates_from_pem_or_der(&pki(&format!("{name}-cert.pem"))).unwrap();
        PublicKey::from_certificate_der(&der[0]).unwrap()
    });
    ProfileVerifyOptions::new(VerifyOptions { trusted_keys: keys.to_vec(), ..VerifyOptions::default() })
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

fn at(time: &str) -> UtcTime {
    UtcTime::parse(time).unwrap()
}

const GVCN_TIME: &str = "2026-06-15T08:00:00+07:00";
const PRINCIPAL_TIME: &str = "2026-06-15T09:00:00+07:00";
const SEAL_TIME: &str = "2026-06-15T10:00:00+07:00";

/// A signer that checks each signer's certificate (test root, CRLs) at `time` and embeds the
/// validation data.
fn transcript_signer(time: &str) -> TranscriptSigner {
    TranscriptSigner::new(SignerConfig {
        trust: trust(),
        revocation: Arc::new(crls()),
        signing: SigningOptions { tsa_url: None, embed_validation_data: true },
        check_signer: true,
        signing_time: Some(at(time)),
    })
}

/// The THCS sample, its GVCN and principal named as in the test PKI's certificates.
fn named_for_the_test_pki() -> Transcript {
    let mut transcript = sample::secondary_with_transfer();
    for year in &mut transcript.years {
        year.giao_vien_chu_nhiem = "Nguyễn Thị Hoa".into();
        year.hieu_truong = "TRẦN VĂN MINH".into();
    }
    transcript
}

fn with_seal_places(t: &Transcript) -> Vec<u8> {
    to_xml_with(t, WriteOptions::default().with_seal_places()).unwrap()
}

/// `xml`'s year `year_id` signed by the GVCN and then the principal.
fn signed_by_gvcn_and_principal(xml: &[u8], year_id: &str) -> Vec<u8> {
    let xml = transcript_signer(GVCN_TIME).sign_year(xml, year_id, Role::Gvcn, &gvcn()).unwrap();
    transcript_signer(PRINCIPAL_TIME).sign_year(&xml, year_id, Role::HieuTruong, &principal()).unwrap()
}

/// Every year of `t` signed by its GVCN, its principal and the school seal.
fn sealed(t: &Transcript) -> Vec<u8> {
    let mut xml = with_seal_places(t);
    for year in &t.years {
        xml = signed_by_gvcn_and_principal(&xml, &year.id);
        xml = transcript_signer(SEAL_TIME).sign_year(&xml, &year.id, Role::Seal, &seal()).unwrap();
    }
    xml
}

fn profile_error(xml: &[u8]) -> ProfileError {
    match verify(xml, &pinned()) {
        Err(TranscriptError::Profile(e)) => e,
        other => panic!("{other:?}"),
    }
}

fn replace(xml: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(xml.to_vec()).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

/// A signature made outside the profile's request: `signature_id` in the first year's `ConDau`
/// place over `reference_id`, countersigning `countersign`, at `time`.
fn seal_by_hand(xml: &[u8], reference_id: &str, signature_id: &str, countersign: &[&str], time: &str) -> Vec<u8> {
    let mut request =
        SignatureRequest::new(reference_id, &["DSCKS", "ChuKyNamHoc[1]", "ConDau"], signature_id, at(time));
    request.countersign = countersign.iter().map(|id| (*id).to_owned()).collect();
    dsig::sign(xml, &request, &seal()).unwrap()
}

#[test]
fn the_seal_role_reads_writes_and_names_itself() {
    assert_eq!("con-dau".parse::<Role>().unwrap(), Role::Seal);
    assert_eq!(Role::Seal.to_string(), "con-dau");
    assert_eq!(Role::Seal.element(), "ConDau");
    assert_eq!(signature_id("QTHT-2024-2025", Role::Seal), "QTHT-2024-2025-ConDau");
    assert_eq!((Role::Seal.label_vi(), Role::Seal.label_en()), ("Con dấu đơn vị", "school seal"));
    assert_eq!((Role::Seal.name_vi(), Role::Seal.name_en()), ("Con dấu đơn vị".to_owned(), "school seal".to_owned()));
    let error = "con-dau-truong".parse::<Role>().unwrap_err();
    assert!(error.to_string().contains("con-dau"), "{error}");
}

#[test]
fn the_writer_writes_seal_places_only_when_asked() {
    let t = sample::secondary_retest();
    let plain = String::from_utf8(to_xml(&t).unwrap()).unwrap();
    assert!(!plain.contains("ConDau"));
    assert_eq!(to_xml_with(&t, WriteOptions::default()).unwrap(), plain.as_bytes());
    let with_places = String::from_utf8(with_seal_places(&t)).unwrap();
    assert_eq!(with_places.matches("      <HieuTruong/>\n      <ConDau/>\n").count(), t.years.len(), "{with_places}");
    // The places are not content: the document reads as the same transcript.
    assert_eq!(from_xml(with_places.as_bytes()).unwrap(), t);
}

#[test]
fn a_year_signed_by_the_gvcn_the_principal_and_the_seal_verifies() {
    let t = named_for_the_test_pki();
    let xml = sealed(&t);
    let verified = verify(&xml, &pinned()).unwrap();
    assert_eq!(verified.to_transcript(), t);
    for year in verified.years() {
        let id = &year.year().id;
        let roles: Vec<Role> = year.signatures().into_iter().map(|(role, _)| role).collect();
        assert_eq!(roles, [Role::Gvcn, Role::HieuTruong, Role::Seal]);
        let seal = year.seal().expect("sealed");
        assert!(std::ptr::eq(seal, year.signature(Role::Seal).unwrap()));
        assert_eq!(seal.id(), Some(format!("{id}-ConDau").as_str()));
        let uris: Vec<&str> = seal.references().iter().map(|r| r.uri()).collect();
        assert_eq!(
            uris,
            [format!("#{id}"), format!("#{id}-ConDau-SigningTime"), format!("#{id}-HieuTruong-SignatureValue")]
        );
        assert_eq!(seal.claimed_signing_time(), Some(at(SEAL_TIME)));
    }

    let verification = verify_trusted(&xml, &ProfileVerifyOptions::default(), &trust(), &crls()).unwrap();
    let report = verification.report();
    assert_eq!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
    assert_eq!(report.signatures().len(), 3 * t.years.len());
    // The seal's certificate names no person of the year: no name warning, for any signer.
    assert!(
        report.signatures().iter().all(|s| s.warnings().iter().all(|w| w.code != "signer-not-named-in-transcript")),
        "{}",
        report.message(Language::En)
    );
    let first = &t.years[0].id;
    let seal = report.signatures().iter().find(|s| s.id() == Some(&format!("{first}-ConDau"))).unwrap();
    assert_eq!(seal.place(), "DSCKS/ChuKyNamHoc/ConDau");
    assert_eq!((seal.role(), seal.role_en()), (Some("Con dấu đơn vị"), Some("school seal")));
    assert_eq!(seal.covers()[2], format!("#{first}-HieuTruong-SignatureValue"));
    let valid = verification.valid_transcript().expect("valid");
    assert!(valid.years().iter().all(|y| y.seal().is_some()));
}

#[test]
fn an_empty_seal_place_is_a_year_not_sealed() {
    let t = sample::secondary_retest();
    let (sealed_year, open_year) = (&t.years[0].id, &t.years[1].id);
    let mut xml = with_seal_places(&t);
    xml = signed_by_gvcn_and_principal(&xml, sealed_year);
    xml = transcript_signer(SEAL_TIME).sign_year(&xml, sealed_year, Role::Seal, &seal()).unwrap();
    xml = signed_by_gvcn_and_principal(&xml, open_year);
    assert!(String::from_utf8(xml.clone()).unwrap().contains("<ConDau/>"));
    let verified = verify(&xml, &pinned()).unwrap();
    assert_eq!(verified.to_transcript(), t);
    assert!(verified.years()[0].seal().is_some());
    let open = &verified.years()[1];
    assert!(open.seal().is_none() && open.signature(Role::Seal).is_none());
    assert_eq!(open.signatures().len(), 2);
    let verification = verify_trusted(&xml, &ProfileVerifyOptions::default(), &trust(), &crls()).unwrap();
    assert_eq!(verification.report().verdict(), Verdict::Valid, "{}", verification.report().message(Language::En));
}

#[test]
fn the_seal_signs_after_the_principal_and_once() {
    let t = sample::secondary_retest();
    let year = &t.years[0].id;
    let xml = with_seal_places(&t);
    let request = |xml: &[u8]| signature_request(xml, year, Role::Seal, at(SEAL_TIME));
    assert!(matches!(
        request(&xml),
        Err(TranscriptError::Profile(ProfileError::MissingSignature { role: "HieuTruong", .. }))
    ));
    let once = transcript_signer(GVCN_TIME).sign_year(&xml, year, Role::Gvcn, &gvcn()).unwrap();
    assert!(matches!(
        request(&once),
        Err(TranscriptError::Profile(ProfileError::MissingSignature { role: "HieuTruong", .. }))
    ));
    let twice = transcript_signer(PRINCIPAL_TIME).sign_year(&once, year, Role::HieuTruong, &principal()).unwrap();
    let request = request(&twice).unwrap();
    assert_eq!(request.reference_id, *year);
    assert_eq!(request.into, ["DSCKS", "ChuKyNamHoc[1]", "ConDau"]);
    assert_eq!(request.signature_id, format!("{year}-ConDau"));
    assert_eq!(request.countersign, [format!("{year}-HieuTruong-SignatureValue")]);
    let sealed = sign_as(&twice, year, Role::Seal, &seal(), at(SEAL_TIME)).unwrap();
    assert!(matches!(
        sign_as(&sealed, year, Role::Seal, &seal(), at(SEAL_TIME)),
        Err(TranscriptError::Dsig(DsigError::InvalidRequest(_)))
    ));
}

#[test]
fn the_seal_needs_its_place_and_signing_creates_none() {
    let t = sample::secondary_retest();
    let year = &t.years[0].id;
    let xml = signed_by_gvcn_and_principal(&to_xml(&t).unwrap(), year);
    let error = signature_request(&xml, year, Role::Seal, at(SEAL_TIME)).unwrap_err();
    assert!(matches!(&error, TranscriptError::Profile(ProfileError::NoSealPlace { year_id }) if year_id == year));
    assert!(error.message_vi().contains("không có chỗ chữ ký con dấu đơn vị (ConDau)"), "{}", error.message_vi());
    assert!(error.message_en().contains("no school seal place (ConDau)"), "{}", error.message_en());
    match transcript_signer(SEAL_TIME).sign_year(&xml, year, Role::Seal, &seal()) {
        Err(hocba::Error::Transcript(TranscriptError::Profile(ProfileError::NoSealPlace { .. }))) => {}
        other => panic!("{other:?}"),
    }
    // The year without a place still verifies, as a year not sealed.
    let both = signed_by_gvcn_and_principal(&xml, &t.years[1].id);
    assert!(verify(&both, &pinned()).unwrap().years().iter().all(|y| y.seal().is_none()));
}

#[test]
fn a_seal_signature_with_other_roles_missing_fails() {
    let t = sample::secondary_retest();
    let year = t.years[0].id.clone();
    let mut xml = with_seal_places(&t);
    for y in &t.years[1..] {
        xml = signed_by_gvcn_and_principal(&xml, &y.id);
    }
    // Only the seal signed the year.
    let alone = seal_by_hand(&xml, &year, &format!("{year}-ConDau"), &[], SEAL_TIME);
    assert_eq!(profile_error(&alone), ProfileError::MissingSignature { year_id: year.clone(), role: "GVCN" });
    // The GVCN and the seal, countersigning the GVCN: no principal.
    let once = transcript_signer(GVCN_TIME).sign_year(&xml, &year, Role::Gvcn, &gvcn()).unwrap();
    let gvcn_value = format!("{year}-GVCN-SignatureValue");
    let without_principal = seal_by_hand(&once, &year, &format!("{year}-ConDau"), &[&gvcn_value], SEAL_TIME);
    assert_eq!(profile_error(&without_principal), ProfileError::MissingSignature { year_id: year, role: "HieuTruong" });
}

#[test]
fn a_second_seal_place_fails() {
    let t = sample::secondary_retest();
    let year = &t.years[0].id;
    let two_places = replace(&with_seal_places(&t), "<ConDau/>", "<ConDau/>\n      <ConDau/>");
    match transcript_signer(GVCN_TIME).sign_year(&two_places, year, Role::Gvcn, &gvcn()) {
        Err(hocba::Error::Transcript(TranscriptError::Profile(ProfileError::DuplicateSealPlace { year_id })))
            if year_id == *year => {}
        other => panic!("{other:?}"),
    }
    // A sealed transcript with an empty place added after the seal's.
    let xml = sealed(&t);
    let text = String::from_utf8(xml.clone()).unwrap();
    let end = text.find("</ConDau>").unwrap() + "</ConDau>".len();
    let added = format!("{}<ConDau/>{}", &text[..end], &text[end..]);
    let error = profile_error(added.as_bytes());
    assert_eq!(error, ProfileError::DuplicateSealPlace { year_id: year.clone() });
    assert!(error.message_vi().contains("hai vị trí chữ ký con dấu đơn vị"), "{}", error.message_vi());
    let verification = verify_trusted(added.as_bytes(), &ProfileVerifyOptions::default(), &trust(), &crls()).unwrap();
    assert_eq!(verification.report().verdict(), Verdict::Invalid);
    assert_eq!(verification.report().problems()[0].code, "transcript-profile");
    // The seal's place before the principal's: out of order.
    let before = replace(&with_seal_places(&t), "<HieuTruong/>\n      <ConDau/>", "<ConDau/>\n      <HieuTruong/>");
    assert!(matches!(
        signature_request(&before, year, Role::Gvcn, at(GVCN_TIME)),
        Err(TranscriptError::Profile(ProfileError::OutOfOrder { .. }))
    ));
}

/// The first year of the retest sample signed by its GVCN and principal, the second fully; the
/// first year's seal place empty.
fn principal_signed() -> (Vec<u8>, String) {
    let t = sample::secondary_retest();
    let mut xml = with_seal_places(&t);
    for y in &t.years {
        xml = signed_by_gvcn_and_principal(&xml, &y.id);
    }
    (xml, t.years[0].id.clone())
}

#[test]
fn a_seal_that_does_not_countersign_the_principal_fails() {
    let (xml, year) = principal_signed();
    let seal_id = format!("{year}-ConDau");
    let out_of_order = ProfileError::SealOutOfOrder { year_id: year.clone() };
    let none = seal_by_hand(&xml, &year, &seal_id, &[], SEAL_TIME);
    assert_eq!(profile_error(&none), out_of_order);
    let gvcn_value = format!("{year}-GVCN-SignatureValue");
    let the_gvcn = seal_by_hand(&xml, &year, &seal_id, &[&gvcn_value], SEAL_TIME);
    let error = profile_error(&the_gvcn);
    assert_eq!(error, out_of_order);
    assert!(error.message_vi().contains("không ký xác nhận chữ ký Hiệu trưởng"), "{}", error.message_vi());
    assert!(error.message_en().contains("does not countersign the principal's"), "{}", error.message_en());
}

#[test]
fn a_seal_claimed_before_the_principal_fails() {
    let (xml, year) = principal_signed();
    let earlier = sign_as(&xml, &year, Role::Seal, &seal(), at("2026-06-15T08:59:59+07:00")).unwrap();
    assert_eq!(profile_error(&earlier), ProfileError::SealOutOfOrder { year_id: year.clone() });
    // At the principal's own time is not before it.
    let same = sign_as(&xml, &year, Role::Seal, &seal(), at(PRINCIPAL_TIME)).unwrap();
    assert!(verify(&same, &pinned()).unwrap().years()[0].seal().is_some());
}

#[test]
fn a_seal_with_other_references_or_another_id_fails() {
    let (xml, year) = principal_signed();
    let seal_id = format!("{year}-ConDau");
    let principal_value = format!("{year}-HieuTruong-SignatureValue");
    let gvcn_value = format!("{year}-GVCN-SignatureValue");
    // Countersigning the GVCN as well: more than the profile's three references.
    let more = seal_by_hand(&xml, &year, &seal_id, &[&principal_value, &gvcn_value], SEAL_TIME);
    match profile_error(&more) {
        ProfileError::WrongReference { signature, expected_en, .. } => {
            assert_eq!(signature.as_deref(), Some(seal_id.as_str()));
            assert!(expected_en.contains(&principal_value), "{expected_en}");
        }
        other => panic!("{other:?}"),
    }
    // Another Id than the seal's.
    let renamed = seal_by_hand(&xml, &year, &format!("{year}-Seal"), &[&principal_value], SEAL_TIME);
    assert!(matches!(profile_error(&renamed), ProfileError::WrongReference { .. }));
    // Over the other year.
    let other_year = "QTHT-2023-2024";
    let elsewhere = seal_by_hand(&xml, other_year, &seal_id, &[&principal_value], SEAL_TIME);
    match profile_error(&elsewhere) {
        ProfileError::WrongReference { signature, expected_en, .. } => {
            assert_eq!(signature.as_deref(), Some(seal_id.as_str()));
            assert!(expected_en.starts_with(&format!("#{year} ")), "{expected_en}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_changed_seal_signing_time_names_its_reference() {
    let xml = sealed(&sample::secondary_retest());
    // The seal's SigningTime changed: its own reference fails.
    let changed = replace(&xml, "2026-06-15T10:00:00+07:00", "2026-06-15T10:00:01+07:00");
    match verify(&changed, &pinned()) {
        Err(TranscriptError::Dsig(DsigError::DigestMismatch { uri, .. })) => {
            assert_eq!(uri, "#QTHT-2022-2023-ConDau-SigningTime");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_data_element_takes_the_seals_id() {
    let mut t = sample::secondary_retest();
    let id = format!("{}-ConDau", t.years[0].id);
    let YearResults::Thcs(results) = &mut t.years[0].ket_qua else { unreachable!() };
    results.mon_hoc[0].id = Some(id);
    let findings = validate(&t, ValidateOptions::default()).findings;
    assert!(findings.iter().any(|f| f.code == Code::ReservedId && f.severity == Severity::Error), "{findings:?}");
}

/// Whether the transcript schema accepts `xml` (xmllint, from stdin).
fn schema_accepts(xml: &[u8]) -> bool {
    let xsd = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/hocba-transcript-1.0.xsd");
    let mut child = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema", xsd, "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(xml).unwrap();
    child.wait().unwrap().success()
}

#[test]
fn the_schema_takes_one_seal_place_after_the_principal() {
    if !common::require_tool("xmllint", "libxml2-utils") {
        return;
    }
    let t = sample::secondary_retest();
    let places = with_seal_places(&t);
    assert!(schema_accepts(&places));
    assert!(schema_accepts(&sealed(&t)));
    assert!(!schema_accepts(&replace(&places, "<ConDau/>", "<ConDau/>\n      <ConDau/>")));
    assert!(!schema_accepts(&replace(&places, "<HieuTruong/>\n      <ConDau/>", "<ConDau/>\n      <HieuTruong/>")));
}
