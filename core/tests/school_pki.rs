//! The schools' certificates (`test-vectors/pki/schools`, made by its `generate.sh`): each staff,
//! seal and ward certificate chains to its own root (the test VGCA root through `ca`, or the test
//! national root through the test public CA), is accepted as a document signer at 2026-01-01,
//! signs a document that verifies, and names its school where the verifier looks for it (the OU of
//! staff certificates: a year is by its school when a signer's unit is the school's name).

use std::sync::Arc;

use hocba::crypto::{self, CryptoProvider, KeyType, PrivateKey, SignatureAlgorithm};
use hocba::dsig::{self, KeySigner, SignatureRequest, VerifyOptions};
use hocba::pki::{
    Certificate, Crl, PathFailure, Purpose, RevocationChecker, RevocationData, RevocationPolicy, RevocationStatus,
    SigningOptions, TrustOptions, TrustStore, validate_certificate, verify_document,
};
use hocba::report::{Language, Verdict};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::{Role, Transcript, sample, to_xml};
use hocba::verifier::{Record, RecordSet, Verifier, VerifierConfig};
use hocba::xml::Document;

const TRUNG_VUONG: &str = "Trường THCS Trưng Vương";
const NGUYEN_DU: &str = "Trường THCS Nguyễn Du";
const LE_LOI: &str = "Trường THCS Lê Lợi";
const NGOI_SAO: &str = "Trường Tiểu học Quốc tế Ngôi Sao";
const BA_DINH: &str = "UBND phường Ba Đình";
const BEN_NGHE: &str = "UBND phường Bến Nghé";
const GVCN: &str = "Giáo viên chủ nhiệm";
const HIEU_TRUONG: &str = "Hiệu trưởng";

/// The hierarchy a certificate belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Root {
    /// `root-cert.pem` → `ca-cert.pem` (VGCA-like: public schools and the wards).
    Vgca,
    /// `schools/neac-root-cert.pem` → `schools/public-ca-cert.pem` (the non-public school).
    Neac,
}

impl Root {
    fn anchor(self) -> Certificate {
        cert(match self {
            Root::Vgca => "root-cert.pem",
            Root::Neac => "schools/neac-root-cert.pem",
        })
    }

    fn intermediate(self) -> Certificate {
        cert(match self {
            Root::Vgca => "ca-cert.pem",
            Root::Neac => "schools/public-ca-cert.pem",
        })
    }

    fn other(self) -> Root {
        match self {
            Root::Vgca => Root::Neac,
            Root::Neac => Root::Vgca,
        }
    }
}

/// One signer certificate of `schools/` and what its subject says.
struct Leaf {
    name: &'static str,
    serial: &'static str,
    root: Root,
    /// `ST`.
    province: &'static str,
    /// `O`: the ward's people's committee.
    organization: &'static str,
    /// `OU`: the school, for staff; none for a seal or a ward's office.
    unit: Option<&'static str>,
    title: Option<&'static str>,
    /// `CN`: the person, or the organization for a seal or a ward's office.
    common_name: &'static str,
}

const fn leaf(
    name: &'static str,
    serial: &'static str,
    root: Root,
    (province, organization): (&'static str, &'static str),
    unit: Option<&'static str>,
    title: Option<&'static str>,
    common_name: &'static str,
) -> Leaf {
    Leaf { name, serial, root, province, organization, unit, title, common_name }
}

const WARD_1: (&str, &str) = ("Hà Nội", BA_DINH);
const WARD_2: (&str, &str) = ("Hồ Chí Minh", BEN_NGHE);

const LEAVES: [Leaf; 13] = [
    leaf("phuong-ba-dinh", "2001", Root::Vgca, WARD_1, None, None, "Phòng Văn hóa - Xã hội phường Ba Đình"),
    leaf("trung-vuong-gvcn", "2002", Root::Vgca, WARD_1, Some(TRUNG_VUONG), Some(GVCN), "Phan Thị Ngọc"),
    leaf(
        "trung-vuong-hieutruong",
        "2003",
        Root::Vgca,
        WARD_1,
        Some(TRUNG_VUONG),
        Some(HIEU_TRUONG),
        "Nguyễn Thị Thu Trang",
    ),
    leaf(
        "trung-vuong-phohieutruong",
        "2004",
        Root::Vgca,
        WARD_1,
        Some(TRUNG_VUONG),
        Some("Phó Hiệu trưởng"),
        "Lê Văn Hùng",
    ),
    leaf("trung-vuong-condau", "2005", Root::Vgca, WARD_1, None, None, TRUNG_VUONG),
    leaf("phuong-ben-nghe", "2006", Root::Vgca, WARD_2, None, None, "Phòng Văn hóa - Xã hội phường Bến Nghé"),
    leaf("nguyen-du-gvcn", "2007", Root::Vgca, WARD_2, Some(NGUYEN_DU), Some(GVCN), "Lý Thị Thu"),
    leaf("nguyen-du-hieutruong", "2008", Root::Vgca, WARD_2, Some(NGUYEN_DU), Some(HIEU_TRUONG), "Hồ Văn Phúc"),
    leaf("nguyen-du-condau", "2009", Root::Vgca, WARD_2, None, None, NGUYEN_DU),
    leaf("le-loi-gvcn", "200A", Root::Vgca, WARD_1, Some(LE_LOI), Some(GVCN), "Đặng Văn Bình"),
    leaf("le-loi-hieutruong", "200B", Root::Vgca, WARD_1, Some(LE_LOI), Some(HIEU_TRUONG), "Trịnh Thị Hằng"),
    leaf("ngoi-sao-condau", "200E", Root::Neac, WARD_1, None, None, NGOI_SAO),
    leaf("ngoi-sao-hieutruong", "200F", Root::Neac, WARD_1, Some(NGOI_SAO), Some(HIEU_TRUONG), "Đỗ Minh Khôi"),
];

/// A file of the test PKI, `path` relative to `test-vectors/pki`.
fn pki(path: &str) -> Vec<u8> {
    let full = format!("{}/../test-vectors/pki/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn cert(path: &str) -> Certificate {
    Certificate::all_from_pem_or_der(&pki(path)).unwrap().remove(0)
}

fn leaf_cert(leaf: &Leaf) -> Certificate {
    cert(&format!("schools/{}-cert.pem", leaf.name))
}

fn at() -> UtcTime {
    UtcTime::parse("2026-01-01T00:00:00Z").unwrap()
}

/// Trust in `roots` only, revocation required, checked as of 2026-01-01.
fn trust(roots: &[Root]) -> TrustOptions {
    let mut store = TrustStore::empty();
    for root in roots {
        store.add_anchor(root.anchor());
    }
    TrustOptions { trust: store, revocation: RevocationPolicy::Require, now: Some(at()), ..TrustOptions::default() }
}

/// The CRLs of both hierarchies: `ca.crl`, `root.crl`, `schools/public-ca.crl`, `schools/neac-root.crl`.
fn crls() -> RevocationChecker {
    let crls = ["ca.crl", "root.crl", "schools/public-ca.crl", "schools/neac-root.crl"]
        .iter()
        .flat_map(|file| Crl::all_from_pem_or_der(&pki(file)).unwrap())
        .collect();
    RevocationChecker::offline(RevocationData { crls, ..Default::default() })
}

/// `schools/{name}-key.pem` signing with SHA-256, its certificate and its issuer's in KeyInfo.
fn key(name: &str, root: Root, provider: &'static dyn CryptoProvider) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&pki(&format!("schools/{name}-key.pem"))).unwrap();
    let algorithm = match key.public_key().key_type() {
        KeyType::Rsa => SignatureAlgorithm::RSA_SHA256,
        KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
    };
    let chain = vec![cert(&format!("schools/{name}-cert.pem")).der().to_vec(), root.intermediate().der().to_vec()];
    KeySigner::new(key, chain, algorithm, provider).unwrap()
}

#[test]
fn every_leaf_chains_to_its_own_root_and_may_sign_documents() {
    let checker = crls();
    // Both roots trusted and both intermediates offered: the path must still be the right one.
    let both = trust(&[Root::Vgca, Root::Neac]);
    let intermediates = [Root::Vgca.intermediate(), Root::Neac.intermediate()];
    for provider in crypto::providers() {
        for leaf in &LEAVES {
            let certificate = leaf_cert(leaf);
            let what = format!("{} ({})", leaf.name, provider.name());
            let validation = validate_certificate(
                &certificate,
                &intermediates,
                &both,
                &checker,
                at(),
                Purpose::DocumentSigning,
                provider,
            );
            assert_eq!(validation.verdict(RevocationPolicy::Require), Verdict::Valid, "{what}: {validation:?}");
            let path = validation.path.as_ref().unwrap();
            assert_eq!(path.certificates().len(), 3, "{what}");
            assert_eq!(path.signer(), &certificate, "{what}");
            assert_eq!(path.certificates()[1], leaf.root.intermediate(), "{what}");
            assert_eq!(path.anchor(), &leaf.root.anchor(), "{what}");
            // The leaf and its intermediate, each found good in its issuer's CRL.
            assert_eq!(validation.revocation.len(), 2, "{what}");
            assert!(validation.revocation.iter().all(|c| c.status == RevocationStatus::Good), "{what}: {validation:?}");

            // Under the other root alone there is no path.
            let other = validate_certificate(
                &certificate,
                &intermediates,
                &trust(&[leaf.root.other()]),
                &checker,
                at(),
                Purpose::DocumentSigning,
                provider,
            );
            let failure = other.path.expect_err(&what);
            assert_eq!(failure.reason, PathFailure::NoPathToAnchor, "{what}");
        }
    }
}

#[test]
fn the_public_ca_chains_to_the_national_root() {
    let validate = |purpose| {
        validate_certificate(
            &Root::Neac.intermediate(),
            &[],
            &trust(&[Root::Neac]),
            &crls(),
            at(),
            purpose,
            crypto::default_provider(),
        )
    };
    let validation = validate(Purpose::Any);
    assert_eq!(validation.verdict(RevocationPolicy::Require), Verdict::Valid, "{validation:?}");
    assert_eq!(validation.path.unwrap().certificates().len(), 2);
    // A CA's key (keyCertSign, cRLSign) signs no documents.
    assert_eq!(validate(Purpose::DocumentSigning).path.unwrap_err().reason, PathFailure::KeyUsage);
}

#[test]
fn subjects_name_the_school_where_the_verifier_looks_for_it() {
    for leaf in &LEAVES {
        let certificate = leaf_cert(leaf);
        let subject = certificate.subject();
        let what = format!("{}: {subject}", leaf.name);
        assert_eq!(certificate.serial_hex().to_uppercase().trim_start_matches('0'), leaf.serial, "{what}");
        assert_eq!(subject.get("C"), Some("VN"), "{what}");
        assert_eq!(subject.get("ST"), Some(leaf.province), "{what}");
        assert_eq!(subject.organization(), Some(leaf.organization), "{what}");
        // Staff: the OU is exactly the school's name (what a year's TenTruong is matched with).
        assert_eq!(subject.organizational_unit(), leaf.unit, "{what}");
        assert_eq!(subject.get("title"), leaf.title, "{what}");
        assert_eq!(subject.common_name(), Some(leaf.common_name), "{what}");
        let expected_attributes = 4 + usize::from(leaf.unit.is_some()) + usize::from(leaf.title.is_some());
        assert_eq!(subject.attributes().len(), expected_attributes, "{what}");
        assert_eq!(certificate.not_before(), UtcTime::parse("2024-01-01T00:00:00Z").unwrap(), "{what}");
        assert_eq!(certificate.not_after(), UtcTime::parse("2099-12-31T23:59:59Z").unwrap(), "{what}");
        assert_eq!(certificate.issuer(), leaf.root.intermediate().subject(), "{what}");
    }
}

#[test]
fn each_leaf_signs_a_document_that_verifies_under_its_root() {
    let document = std::fs::read(format!(
        "{}/../test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let signing_time = UtcTime::parse("2025-12-31T15:00:00+07:00").unwrap();
    let checker = crls();
    for provider in crypto::providers() {
        for leaf in &LEAVES {
            let what = format!("{} ({})", leaf.name, provider.name());
            let request = SignatureRequest {
                provider,
                ..SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", signing_time)
            };
            let signed = dsig::sign(&document, &request, &key(leaf.name, leaf.root, provider)).unwrap();
            let doc = Document::parse(&signed).unwrap();
            let options = VerifyOptions { provider, ..VerifyOptions::default() };
            let report = verify_document(&doc, &options, &trust(&[Root::Vgca, Root::Neac]), &checker).unwrap();
            assert_eq!(report.verdict(), Verdict::Valid, "{what}: {}", report.message(Language::En));
            let signature = &report.signatures()[0];
            let signer = signature.signer().unwrap();
            assert_eq!(signer.name.as_deref(), Some(leaf.common_name), "{what}");
            assert_eq!(signer.organizational_unit.as_deref(), leaf.unit, "{what}");
            assert_eq!(signer.title.as_deref(), leaf.title, "{what}");
            assert_eq!(signature.chain().len(), 3, "{what}");
            // Trusting only the other root, the same signature's signer is untrusted.
            let report = verify_document(&doc, &options, &trust(&[leaf.root.other()]), &checker).unwrap();
            assert_eq!(report.verdict(), Verdict::Invalid, "{what}: {}", report.message(Language::En));
        }
    }
}

#[cfg(feature = "openssl")]
#[test]
fn the_pkcs12_files_open_with_their_password_and_hold_the_chain() {
    use hocba::crypto::Pkcs12Identity;
    for name in ["trung-vuong-hieutruong", "trung-vuong-condau"] {
        let password = String::from_utf8(pki(&format!("schools/{name}.p12.password"))).unwrap();
        assert_eq!(password.trim(), "hocba-test");
        let identity = Pkcs12Identity::from_der(&pki(&format!("schools/{name}.p12")), password.trim()).unwrap();
        let own = PrivateKey::from_pem_or_der(&pki(&format!("schools/{name}-key.pem"))).unwrap();
        assert_eq!(identity.key.public_key(), own.public_key(), "{name}");
        assert_eq!(identity.certificates.len(), 3, "{name}");
        assert_eq!(identity.certificates[0], cert(&format!("schools/{name}-cert.pem")).der(), "{name}");
        for expected in [Root::Vgca.intermediate(), Root::Vgca.anchor()] {
            assert!(identity.certificates.iter().any(|c| c == expected.der()), "{name}");
        }
    }
}

/// The sample transfer transcript (two years at Trưng Vương, then two at Nguyễn Du), with the
/// names of the people `staff` gives each school's years, each year signed by them through the
/// `TranscriptSigner`, then verified: its record.
/// The sample signed by `staff` of each year's school, verified (valid), with the codes of the
/// signatures' warnings.
fn transcript_signed_by(staff: impl Fn(&str) -> (&'static str, &'static str)) -> (Transcript, Record, Vec<String>) {
    let mut transcript = sample::secondary_with_transfer();
    let names = |key: &str| cert(&format!("schools/{key}-cert.pem")).subject().common_name().unwrap().to_owned();
    for year in &mut transcript.years {
        let (gvcn, principal) = staff(&year.truong.ten_truong);
        year.giao_vien_chu_nhiem = names(gvcn);
        year.hieu_truong = names(principal);
    }
    let signer = TranscriptSigner::new(SignerConfig {
        trust: TrustOptions { now: Some(UtcTime::parse("2025-12-31T08:00:00Z").unwrap()), ..trust(&[Root::Vgca]) },
        revocation: Arc::new(crls()),
        signing: SigningOptions { tsa_url: None, embed_validation_data: true },
        ..SignerConfig::default()
    });
    let provider = crypto::default_provider();
    let mut xml = to_xml(&transcript).unwrap();
    for year in &transcript.years {
        let (gvcn, principal) = staff(&year.truong.ten_truong);
        xml = signer.sign_year(&xml, &year.id, Role::Gvcn, &key(gvcn, Root::Vgca, provider)).unwrap();
        xml = signer.sign_year(&xml, &year.id, Role::HieuTruong, &key(principal, Root::Vgca, provider)).unwrap();
    }
    let verifier = Verifier::new(VerifierConfig {
        trust: trust(&[Root::Vgca]),
        revocation: Arc::new(crls()),
        ..Default::default()
    });
    let verification = verifier.verify(&xml).unwrap();
    let report = verification.report();
    assert_eq!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
    let warnings = report.signatures().iter().flat_map(|s| s.warnings()).map(|f| f.code.as_str().to_owned()).collect();
    (transcript, verification.record(), warnings)
}

#[test]
fn a_transfer_transcript_signed_by_each_school_staff_is_by_its_schools() {
    let (transcript, record, warnings) = transcript_signed_by(|school| match school {
        TRUNG_VUONG => ("trung-vuong-gvcn", "trung-vuong-hieutruong"),
        NGUYEN_DU => ("nguyen-du-gvcn", "nguyen-du-hieutruong"),
        other => panic!("a school the sample does not have: {other}"),
    });
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(transcript.years[0].truong.ma_truong, "01002345");
    assert_eq!(transcript.years[3].truong.ma_truong, "79004567");
    for year in &record.years {
        assert!(year.signer_units.contains(&year.school), "{year:?}");
    }
    assert_eq!(
        record.signers,
        ["Phan Thị Ngọc", "Nguyễn Thị Thu Trang", "Lý Thị Thu", "Hồ Văn Phúc"].map(String::from).to_vec()
    );
    let mut records = RecordSet::new();
    records.add("chuyen-truong.xml", record);
    let students = records.check();
    assert!(students[0].problems.is_empty(), "{:?}", students[0].problems);
}

#[test]
fn years_at_trung_vuong_signed_by_le_loi_staff_are_not_by_their_school() {
    let (_, record, warnings) = transcript_signed_by(|school| match school {
        TRUNG_VUONG => ("le-loi-gvcn", "le-loi-hieutruong"),
        NGUYEN_DU => ("nguyen-du-gvcn", "nguyen-du-hieutruong"),
        other => panic!("a school the sample does not have: {other}"),
    });
    // Each file on its own says so too: both signers of both Trưng Vương years.
    assert_eq!(warnings, ["signer-of-other-school"; 4], "{warnings:?}");
    let mut records = RecordSet::new();
    records.add("chuyen-truong.xml", record);
    let problems = &records.check()[0].problems;
    let codes: Vec<&str> = problems.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["year-signed-by-other-school"; 2], "{problems:?}");
    assert!(problems.iter().all(|f| f.vi.contains(TRUNG_VUONG) && f.vi.contains(LE_LOI)), "{problems:?}");
}
