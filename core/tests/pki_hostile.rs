//! Hostile certificates: look-alike CAs that make path building explode, service certificates
//! (OCSP responder, TSA) and certificates with small keys posing as document signers. Every
//! certificate here is made by the test, from the test PKI's keys (`test-vectors/pki`,
//! `test-vectors/keys`): the attacker's material is code, not files.

mod common;

use common::test_pki::{cert, pki};

use hocba::crypto::{self, CryptoProvider, PrivateKey, SignatureAlgorithm};
use hocba::dsig::{self, KeySigner, SignatureRequest, VerifyOptions};
use hocba::pki::{
    Certificate, MAX_PATH_ISSUERS_TRIED, MAX_PATH_SIGNATURE_CHECKS, PathFailure, Purpose, RevocationChecker,
    RevocationPolicy, TrustOptions, TrustStore, validate_certificate, verify_document,
};
use hocba::report::{Language, Verdict, VerificationReport};
use hocba::time::UtcTime;
use hocba::xml::Document;

/// A minimal DER writer: just what a certificate needs.
mod der {
    pub use super::common::tlv;

    pub fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
        tlv(0x30, &parts.concat())
    }

    pub fn int(value: u64) -> Vec<u8> {
        let mut bytes: Vec<u8> = value.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
        if bytes.first().is_none_or(|&b| b & 0x80 != 0) {
            bytes.insert(0, 0);
        }
        tlv(0x02, &bytes)
    }

    pub fn oid(dotted: &str) -> Vec<u8> {
        let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
        let mut body = Vec::new();
        for arc in std::iter::once(arcs[0] * 40 + arcs[1]).chain(arcs[2..].iter().copied()) {
            let mut base128 = vec![(arc & 0x7f) as u8];
            let mut rest = arc >> 7;
            while rest > 0 {
                base128.insert(0, 0x80 | (rest & 0x7f) as u8);
                rest >>= 7;
            }
            body.extend(base128);
        }
        tlv(0x06, &body)
    }

    /// `CN=<cn>` (UTF8String).
    pub fn name(cn: &str) -> Vec<u8> {
        seq(&[tlv(0x31, &seq(&[oid("2.5.4.3"), tlv(0x0c, cn.as_bytes())]))])
    }

    /// The elements (tag, length and content) inside a constructed value.
    pub fn elements(der: &[u8]) -> Vec<&[u8]> {
        let (_, content) = split(der);
        let mut rest = content;
        let mut out = Vec::new();
        while !rest.is_empty() {
            let (header, body) = split(rest);
            let total = header + body.len();
            out.push(&rest[..total]);
            rest = &rest[total..];
        }
        out
    }

    /// The header length and the content of the value at the start of `der`.
    fn split(der: &[u8]) -> (usize, &[u8]) {
        let (len, header) = match der[1] {
            l if l < 0x80 => (l as usize, 2),
            l => {
                let n = (l & 0x7f) as usize;
                (der[2..2 + n].iter().fold(0usize, |a, &b| a << 8 | b as usize), 2 + n)
            }
        };
        (header, &der[header..header + len])
    }

    pub fn extension(oid_: &str, critical: bool, value: &[u8]) -> Vec<u8> {
        let mut parts = vec![oid(oid_)];
        if critical {
            parts.push(tlv(0x01, &[0xff]));
        }
        parts.push(tlv(0x04, value));
        seq(&parts)
    }

    pub fn ca_extensions() -> Vec<Vec<u8>> {
        vec![
            extension("2.5.29.19", true, &seq(&[tlv(0x01, &[0xff])])),
            // keyCertSign, cRLSign
            extension("2.5.29.15", true, &tlv(0x03, &[0x01, 0x06])),
        ]
    }

    /// KeyUsage digitalSignature and nonRepudiation, and the extended key usages `ekus` (no
    /// extension when `None`).
    pub fn signer_extensions(ekus: Option<&[&str]>) -> Vec<Vec<u8>> {
        let mut out = vec![extension("2.5.29.15", true, &tlv(0x03, &[0x06, 0xc0]))];
        if let Some(ekus) = ekus {
            out.push(extension("2.5.29.37", false, &seq(&ekus.iter().map(|e| oid(e)).collect::<Vec<_>>())));
        }
        out
    }
}

/// The Name DER of a certificate's subject.
fn subject_der(certificate: &Certificate) -> Vec<u8> {
    let top = der::elements(certificate.der());
    der::elements(top[0])[5].to_vec()
}

/// A certificate for `subject_key` named `subject`, issued under `issuer` and signed (SHA-256
/// with RSA) by `signer`, valid 2020-2049.
fn issue(
    serial: u64,
    subject: &[u8],
    subject_key: &[u8],
    issuer: &[u8],
    signer: &PrivateKey,
    extensions: Vec<Vec<u8>>,
    provider: &'static dyn CryptoProvider,
) -> Certificate {
    let algorithm = der::seq(&[der::oid("1.2.840.113549.1.1.11"), vec![0x05, 0x00]]);
    let validity = der::seq(&[der::tlv(0x17, b"200101000000Z"), der::tlv(0x17, b"491231235959Z")]);
    let tbs = der::seq(&[
        der::tlv(0xa0, &der::int(2)),
        der::int(serial),
        algorithm.clone(),
        issuer.to_vec(),
        validity,
        subject.to_vec(),
        subject_key.to_vec(),
        der::tlv(0xa3, &der::seq(&extensions)),
    ]);
    let signature = provider.sign(SignatureAlgorithm::RSA_SHA256, signer, &tbs).unwrap();
    let mut bits = vec![0];
    bits.extend(signature);
    Certificate::from_der(&der::seq(&[tbs, algorithm, der::tlv(0x03, &bits)])).unwrap()
}

fn key(path: &str) -> PrivateKey {
    let bytes = if let Some(name) = path.strip_prefix("keys/") {
        std::fs::read(format!("{}/../test-vectors/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    } else {
        pki(path)
    };
    PrivateKey::from_pem_or_der(&bytes).unwrap()
}

/// RSA keys of the test material, for look-alike CAs with keys of their own.
fn rsa_keys() -> Vec<PrivateKey> {
    [
        "gvcn-key.pem",
        "revoked-key.pem",
        "expired-key.pem",
        "notyetvalid-key.pem",
        "nokeyusage-key.pem",
        "ltv-key.pem",
        "ocsp-key.pem",
        "tsa-key.pem",
        "other-root-key.pem",
        "other-gvcn-key.pem",
        "selfsigned-gvcn-key.pem",
        "keys/rsa2048-key.pem",
    ]
    .iter()
    .map(|p| key(p))
    .collect()
}

fn at() -> UtcTime {
    UtcTime::parse("2026-06-01T00:00:00Z").unwrap()
}

fn trust() -> TrustOptions {
    let mut store = TrustStore::empty();
    store.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    TrustOptions {
        trust: store,
        revocation: RevocationPolicy::Off,
        now: Some(UtcTime::parse("2026-06-01T10:00:00+07:00").unwrap()),
        ..TrustOptions::default()
    }
}

fn path_of(
    target: &Certificate,
    candidates: &[Certificate],
    provider: &'static dyn CryptoProvider,
) -> Result<Vec<Certificate>, hocba::pki::PathError> {
    let checker = RevocationChecker::offline(Default::default());
    validate_certificate(target, candidates, &trust(), &checker, at(), Purpose::DocumentSigning, provider)
        .path
        .map(|p| p.certificates().to_vec())
}

/// The holder of the key at `key_path` signs the sample as the homeroom teacher, with
/// `certificates` (its own first) in KeyInfo.
fn signed(key_path: &str, certificates: &[Certificate], provider: &'static dyn CryptoProvider) -> Vec<u8> {
    let key = key(key_path);
    let algorithm = match key.public_key().key_type() {
        crypto::KeyType::Rsa => SignatureAlgorithm::RSA_SHA256,
        crypto::KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
    };
    let chain = certificates.iter().map(|c| c.der().to_vec()).collect();
    let signer = KeySigner::new(key, chain, algorithm, provider).unwrap();
    let request = SignatureRequest {
        provider,
        ..SignatureRequest::new(
            "data-1",
            &["DSCKS", "GVCN"],
            "sig-GVCN",
            UtcTime::parse("2026-05-20T09:00:00+07:00").unwrap(),
        )
    };
    let sample = std::fs::read(format!(
        "{}/../test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    dsig::sign(&sample, &request, &signer).unwrap()
}

fn verify(document: &[u8], provider: &'static dyn CryptoProvider) -> VerificationReport {
    let doc = Document::parse(document).unwrap();
    let checker = RevocationChecker::offline(Default::default());
    verify_document(&doc, &VerifyOptions { provider, ..VerifyOptions::default() }, &trust(), &checker).unwrap()
}

fn codes(report: &VerificationReport) -> Vec<&'static str> {
    report.signatures().iter().flat_map(|s| s.problems()).map(|f| f.code.as_str()).collect()
}

fn ca_name() -> Vec<u8> {
    subject_der(&cert("ca"))
}

fn root_name() -> Vec<u8> {
    subject_der(&cert("root"))
}

/// The issue's shape: the real CA in KeyInfo beside `count` look-alikes named like it (key `a`,
/// issued under the name `Y` by key `b`) and `count` CAs named `Y` (key `b`, issued under the
/// CA's name by key `a`), each family issuing the other; the signer's certificate is issued under
/// the CA's name by key `a`.
fn two_families(count: u64, provider: &'static dyn CryptoProvider) -> (Certificate, Vec<Certificate>) {
    let keys = rsa_keys();
    let (a, b) = (&keys[0], &keys[1]);
    let y = der::name("Test CA phục vụ các cơ quan Nhà nước G2 (bản sao)");
    let a_spki = a.public_key().spki_der();
    let b_spki = b.public_key().spki_der();
    let mut candidates = vec![cert("ca")];
    for i in 0..count {
        candidates.push(issue(0x100 + i, &ca_name(), a_spki, &y, b, der::ca_extensions(), provider));
        candidates.push(issue(0x200 + i, &y, b_spki, &ca_name(), a, der::ca_extensions(), provider));
    }
    let leaf = issue(
        0x99,
        &der::name("Kẻ giả mạo"),
        keys[2].public_key().spki_der(),
        &ca_name(),
        a,
        der::signer_extensions(None),
        provider,
    );
    (leaf, candidates)
}

#[test]
fn look_alike_cas_issuing_each_other_end_quickly() {
    let provider = crypto::default_provider();
    for count in [1, 4, 8, 16, 64] {
        let (leaf, candidates) = two_families(count, provider);
        let error = path_of(&leaf, &candidates, provider).unwrap_err();
        match error.reason {
            // The copies of one CA (same name, same key) never follow each other: the chain ends
            // at the second family, whose certificates the real CA's key does not verify.
            PathFailure::BadSignature if count <= 8 => {}
            // Each copy is still checked once; many copies spend the budget.
            PathFailure::SearchBudgetExceeded { signature_checks, issuers_tried } if count > 8 => {
                assert!(signature_checks <= MAX_PATH_SIGNATURE_CHECKS && issuers_tried <= MAX_PATH_ISSUERS_TRIED);
            }
            _ => panic!("{count}: {error}"),
        }
    }
}

/// `levels` names in a line, each with `copies` CA certificates of one key issued by the next
/// level's key: `copies ^ levels` chains, each certificate checked once.
fn line_of_copies(
    levels: usize,
    copies: u64,
    provider: &'static dyn CryptoProvider,
) -> (Certificate, Vec<Certificate>) {
    let keys = rsa_keys();
    let names: Vec<Vec<u8>> = (0..=levels).map(|i| der::name(&format!("Look-alike CA {i}"))).collect();
    let mut candidates = Vec::new();
    for level in 0..levels {
        for copy in 0..copies {
            candidates.push(issue(
                (level as u64) << 16 | copy,
                &names[level],
                keys[level].public_key().spki_der(),
                &names[level + 1],
                &keys[level + 1],
                der::ca_extensions(),
                provider,
            ));
        }
    }
    let leaf = issue(
        0x99,
        &der::name("Kẻ giả mạo"),
        keys[levels + 1].public_key().spki_der(),
        &names[0],
        &keys[0],
        der::signer_extensions(None),
        provider,
    );
    (leaf, candidates)
}

#[test]
fn exponentially_many_chains_stop_at_the_issuer_budget() {
    for provider in crypto::providers() {
        let (leaf, candidates) = line_of_copies(7, 6, provider);
        let started = std::time::Instant::now();
        let error = path_of(&leaf, &candidates, provider).unwrap_err();
        eprintln!("{}: line of 7 x 6 copies: {error} in {:?}", provider.name(), started.elapsed());
        let PathFailure::SearchBudgetExceeded { signature_checks, issuers_tried } = error.reason else {
            panic!("{}: {error}", provider.name());
        };
        assert_eq!(issuers_tried, MAX_PATH_ISSUERS_TRIED);
        // Each copy is checked once under the next level's key, whatever the number of chains.
        assert!(signature_checks <= 7 * 6, "{signature_checks}");
        assert_eq!(error.subject, leaf.subject().to_string());
    }
}

/// CAs of two names issuing each other, each with a key of its own: every certificate of one
/// name is checked under every key of the other.
#[test]
fn many_distinct_look_alike_keys_stop_at_the_signature_budget() {
    let provider = crypto::default_provider();
    let keys = rsa_keys();
    let (x, y) = (der::name("Look-alike CA X"), der::name("Look-alike CA Y"));
    let mut candidates = Vec::new();
    for i in 0..5 {
        for j in 5..10 {
            let serial = (i * 16 + j) as u64;
            candidates.push(issue(
                serial,
                &x,
                keys[i].public_key().spki_der(),
                &y,
                &keys[j],
                der::ca_extensions(),
                provider,
            ));
            candidates.push(issue(
                serial << 8,
                &y,
                keys[j].public_key().spki_der(),
                &x,
                &keys[i],
                der::ca_extensions(),
                provider,
            ));
        }
    }
    let leaf = issue(
        0x99,
        &der::name("Kẻ giả mạo"),
        keys[11].public_key().spki_der(),
        &x,
        &keys[0],
        der::signer_extensions(None),
        provider,
    );
    let error = path_of(&leaf, &candidates, provider).unwrap_err();
    let PathFailure::SearchBudgetExceeded { signature_checks, issuers_tried } = error.reason else {
        panic!("{error}");
    };
    assert_eq!(signature_checks, MAX_PATH_SIGNATURE_CHECKS);
    assert!(issuers_tried <= MAX_PATH_ISSUERS_TRIED);
}

/// Genuine chains that all fail validation (the signer's certificate has expired) are each
/// charged their signatures: many copies of real-looking CAs do not buy unbounded validations.
#[test]
fn complete_paths_validated_are_charged_their_signatures() {
    let provider = crypto::default_provider();
    let keys = rsa_keys();
    let root_key = key("root-key.pem");
    let (x, y) = (der::name("Look-alike CA X"), der::name("Look-alike CA Y"));
    let mut candidates = Vec::new();
    for copy in 0..6 {
        candidates.push(issue(
            0x100 + copy,
            &x,
            keys[0].public_key().spki_der(),
            &y,
            &keys[1],
            der::ca_extensions(),
            provider,
        ));
        candidates.push(issue(
            0x200 + copy,
            &y,
            keys[1].public_key().spki_der(),
            &root_name(),
            &root_key,
            der::ca_extensions(),
            provider,
        ));
    }
    let expired = {
        let algorithm = der::seq(&[der::oid("1.2.840.113549.1.1.11"), vec![0x05, 0x00]]);
        let tbs = der::seq(&[
            der::tlv(0xa0, &der::int(2)),
            der::int(0x99),
            algorithm.clone(),
            x.clone(),
            der::seq(&[der::tlv(0x17, b"200101000000Z"), der::tlv(0x17, b"211231235959Z")]),
            der::name("Hết hạn"),
            keys[2].public_key().spki_der().to_vec(),
            der::tlv(0xa3, &der::seq(&der::signer_extensions(None))),
        ]);
        let mut bits = vec![0];
        bits.extend(provider.sign(SignatureAlgorithm::RSA_SHA256, &keys[0], &tbs).unwrap());
        Certificate::from_der(&der::seq(&[tbs, algorithm, der::tlv(0x03, &bits)])).unwrap()
    };
    let error = path_of(&expired, &candidates, provider).unwrap_err();
    let PathFailure::SearchBudgetExceeded { signature_checks, .. } = error.reason else {
        panic!("{error}");
    };
    assert!(signature_checks <= MAX_PATH_SIGNATURE_CHECKS);
    // With two copies of each, the search ends with the expiry itself.
    let few: Vec<Certificate> = candidates.iter().take(4).cloned().collect();
    let error = path_of(&expired, &few, provider).unwrap_err();
    assert!(matches!(error.reason, PathFailure::Expired { .. }), "{error}");
}

#[test]
fn a_budget_failure_is_reported_with_its_own_code() {
    let provider = crypto::default_provider();
    let keys = rsa_keys();
    let (leaf, candidates) = line_of_copies(7, 6, provider);
    // The signer's certificate is the line's leaf, whose key is keys[8].
    assert_eq!(leaf.spki_der(), keys[8].public_key().spki_der());
    // KeyInfo holds at most 8 certificates; the look-alikes come where certificates are not
    // capped by count: the validation data embedded in the signature, or (here) intermediates
    // offered by the verifier's own configuration.
    let doc = signed("other-root-key.pem", &[leaf], provider);
    let doc = Document::parse(&doc).unwrap();
    let checker = RevocationChecker::offline(Default::default());
    let trust = TrustOptions { intermediates: candidates, ..trust() };
    let report =
        verify_document(&doc, &VerifyOptions { provider, ..VerifyOptions::default() }, &trust, &checker).unwrap();
    // Cut short, the search neither found a path nor ruled one out.
    assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
    assert_eq!(codes(&report), ["path-search-budget"], "{}", report.message(Language::En));
    let vi = report.message(Language::Vi);
    assert!(vi.contains("quá nhiều chứng thư trung gian"), "{vi}");
}

#[test]
fn legitimate_paths_are_still_found() {
    for provider in crypto::providers() {
        let ca = cert("ca");
        let gvcn = cert("gvcn");
        // The CA many times over, and look-alikes of it (its name, other keys) before it.
        let keys = rsa_keys();
        let root_key = key("root-key.pem");
        let mut candidates: Vec<Certificate> = (0..10)
            .map(|i| {
                issue(
                    0x300 + i,
                    &ca_name(),
                    keys[i as usize].public_key().spki_der(),
                    &root_name(),
                    &root_key,
                    der::ca_extensions(),
                    provider,
                )
            })
            .collect();
        candidates.extend(std::iter::repeat_n(ca.clone(), 50));
        let path = path_of(&gvcn, &candidates, provider).unwrap_or_else(|e| panic!("{}: {e}", provider.name()));
        assert_eq!(path, [gvcn.clone(), ca.clone(), cert("root")]);
        // A re-keyed CA: the same name with the old key, expired, and with the new one.
        let ca_key = key("ca-key.pem");
        let old = {
            let algorithm = der::seq(&[der::oid("1.2.840.113549.1.1.11"), vec![0x05, 0x00]]);
            let tbs = der::seq(&[
                der::tlv(0xa0, &der::int(2)),
                der::int(0x400),
                algorithm.clone(),
                root_name(),
                der::seq(&[der::tlv(0x17, b"200101000000Z"), der::tlv(0x17, b"211231235959Z")]),
                ca_name(),
                ca_key.public_key().spki_der().to_vec(),
                der::tlv(0xa3, &der::seq(&der::ca_extensions())),
            ]);
            let mut bits = vec![0];
            bits.extend(provider.sign(SignatureAlgorithm::RSA_SHA256, &root_key, &tbs).unwrap());
            Certificate::from_der(&der::seq(&[tbs, algorithm, der::tlv(0x03, &bits)])).unwrap()
        };
        for candidates in [vec![old.clone(), ca.clone()], vec![ca.clone(), old.clone()]] {
            let path = path_of(&gvcn, &candidates, provider).unwrap_or_else(|e| panic!("{}: {e}", provider.name()));
            assert_eq!(path[1], ca);
        }
        // Only the old one: the path is there, and expired.
        let error = path_of(&gvcn, &[old], provider).unwrap_err();
        assert!(matches!(error.reason, PathFailure::Expired { .. }), "{error}");
    }
}

const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
const CODE_SIGNING: &str = "1.3.6.1.5.5.7.3.3";
const EMAIL_PROTECTION: &str = "1.3.6.1.5.5.7.3.4";
const TIME_STAMPING: &str = "1.3.6.1.5.5.7.3.8";
const OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";
const DOCUMENT_SIGNING: &str = "1.3.6.1.5.5.7.3.36";
const ANY_EKU: &str = "2.5.29.37.0";
const SMART_CARD_LOGON: &str = "1.3.6.1.4.1.311.20.2.2";
const MS_DOCUMENT_SIGNING: &str = "1.3.6.1.4.1.311.10.3.12";
const ADOBE_SIGNING: &str = "1.2.840.113583.1.1.5";

/// A certificate for gvcn's key, issued by the test CA, with the extended key usages `ekus`.
fn gvcn_with(ekus: Option<&[&str]>, provider: &'static dyn CryptoProvider) -> Certificate {
    let gvcn = cert("gvcn");
    issue(
        0x5000,
        &subject_der(&gvcn),
        &gvcn.spki_der(),
        &ca_name(),
        &key("ca-key.pem"),
        der::signer_extensions(ekus),
        provider,
    )
}

#[test]
fn the_test_pki_ocsp_responder_and_tsa_cannot_sign_a_transcript() {
    for provider in crypto::providers() {
        for (name, usage) in
            [("ocsp", "OCSP signing (1.3.6.1.5.5.7.3.9)"), ("tsa", "time stamping (1.3.6.1.5.5.7.3.8)")]
        {
            let report = verify(&signed(&format!("{name}-key.pem"), &[cert(name), cert("ca")], provider), provider);
            assert_eq!(report.verdict(), Verdict::Invalid, "{name}: {}", report.message(Language::En));
            assert_eq!(codes(&report), ["extended-key-usage"], "{name}: {}", report.message(Language::En));
            let (vi, en) = (report.message(Language::Vi), report.message(Language::En));
            assert!(en.contains(usage) && en.contains("dedicated to a service"), "{en}");
            assert!(
                vi.contains("dành riêng cho một dịch vụ") && vi.contains(&usage[usage.find('(').unwrap()..]),
                "{vi}"
            );
            // Their paths stay valid for what they are for.
            let checker = RevocationChecker::offline(Default::default());
            let any =
                validate_certificate(&cert(name), &[cert("ca")], &trust(), &checker, at(), Purpose::Any, provider);
            assert!(any.path.is_ok(), "{name}: {:?}", any.path.err());
        }
    }
}

#[test]
fn signers_with_the_extended_key_usages_real_signers_carry_are_accepted() {
    let accepted: [Option<&[&str]>; 10] = [
        None,
        Some(&[CLIENT_AUTH, EMAIL_PROTECTION]),
        Some(&[CLIENT_AUTH, EMAIL_PROTECTION, SMART_CARD_LOGON]),
        Some(&[CLIENT_AUTH, EMAIL_PROTECTION, MS_DOCUMENT_SIGNING, ADOBE_SIGNING]),
        Some(&[EMAIL_PROTECTION]),
        Some(&[MS_DOCUMENT_SIGNING]),
        Some(&[ADOBE_SIGNING]),
        Some(&[DOCUMENT_SIGNING]),
        Some(&[ANY_EKU]),
        Some(&[SERVER_AUTH, CLIENT_AUTH, CODE_SIGNING]),
    ];
    for provider in crypto::providers() {
        for ekus in accepted {
            let certificate = gvcn_with(ekus, provider);
            let path = path_of(&certificate, &[cert("ca")], provider);
            assert!(path.is_ok(), "{ekus:?}: {:?}", path.err());
        }
        // End to end, as VGCA issues them.
        let certificate = gvcn_with(Some(&[CLIENT_AUTH, EMAIL_PROTECTION]), provider);
        let report = verify(&signed("gvcn-key.pem", &[certificate, cert("ca")], provider), provider);
        assert_eq!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
    }
}

#[test]
fn signers_with_a_service_or_no_signing_extended_key_usage_are_refused() {
    let provider = crypto::default_provider();
    let refused: [&[&str]; 8] = [
        &[OCSP_SIGNING],
        &[TIME_STAMPING],
        &[CLIENT_AUTH, EMAIL_PROTECTION, OCSP_SIGNING],
        &[TIME_STAMPING, DOCUMENT_SIGNING],
        &[ANY_EKU, TIME_STAMPING],
        &[SERVER_AUTH],
        &[CODE_SIGNING],
        &["1.2.3.4"],
    ];
    for ekus in refused {
        let certificate = gvcn_with(Some(ekus), provider);
        let error = path_of(&certificate, &[cert("ca")], provider).unwrap_err();
        let expected: Vec<String> = ekus.iter().map(|e| e.to_string()).collect();
        assert_eq!(error.reason, PathFailure::ExtendedKeyUsage { usages: expected }, "{ekus:?}");
        assert_eq!(error.subject, certificate.subject().to_string());
    }
    let report =
        verify(&signed("gvcn-key.pem", &[gvcn_with(Some(&[SERVER_AUTH]), provider), cert("ca")], provider), provider);
    assert_eq!(codes(&report), ["extended-key-usage"]);
    let en = report.message(Language::En);
    assert!(
        en.contains("TLS server authentication (1.3.6.1.5.5.7.3.1)") && en.contains("no document-signing purpose"),
        "{en}"
    );
    let vi = report.message(Language::Vi);
    assert!(
        vi.contains("xác thực máy chủ TLS (1.3.6.1.5.5.7.3.1)") && vi.contains("không gồm mục đích ký văn bản"),
        "{vi}"
    );
}

#[test]
fn an_rsa_1024_signer_is_refused_by_its_key_size() {
    for provider in crypto::providers() {
        let weak = key("keys/rsa1025-key.pem");
        let gvcn = cert("gvcn");
        let certificate = issue(
            0x6000,
            &subject_der(&gvcn),
            weak.public_key().spki_der(),
            &ca_name(),
            &key("ca-key.pem"),
            der::signer_extensions(None),
            provider,
        );
        let error = path_of(&certificate, &[cert("ca")], provider).unwrap_err();
        assert_eq!(error.reason, PathFailure::KeyTooSmall { bits: 1025, minimum: 2048 });
        let report = verify(&signed("keys/rsa1025-key.pem", &[certificate, cert("ca")], provider), provider);
        assert_eq!(report.verdict(), Verdict::Invalid, "{}", report.message(Language::En));
        assert_eq!(codes(&report), ["weak-key-in-path"], "{}", report.message(Language::En));
        assert!(report.message(Language::En).contains("1025-bit RSA key, below the minimum of 2048 bits"));
        assert!(report.message(Language::Vi).contains("khoá RSA 1025 bit, dưới mức tối thiểu 2048 bit"));
    }
}

#[test]
fn an_rsa_1024_issuer_is_refused_by_its_key_size() {
    let provider = crypto::default_provider();
    let weak = key("keys/rsa1025-key.pem");
    let weak_name = der::name("Weak CA");
    let weak_ca = issue(
        0x7000,
        &weak_name,
        weak.public_key().spki_der(),
        &root_name(),
        &key("root-key.pem"),
        der::ca_extensions(),
        provider,
    );
    let gvcn = cert("gvcn");
    let leaf =
        issue(0x7001, &subject_der(&gvcn), &gvcn.spki_der(), &weak_name, &weak, der::signer_extensions(None), provider);
    let error = path_of(&leaf, std::slice::from_ref(&weak_ca), provider).unwrap_err();
    assert_eq!(error.reason, PathFailure::KeyTooSmall { bits: 1025, minimum: 2048 });
    assert_eq!(error.subject, weak_ca.subject().to_string());
}
