//! Trust in signers, offline: the real government roots, the test PKI's every failure case (each
//! with its own reason in the report), revocation from supplied CRLs and OCSP responses under
//! each policy, and a differential check of paths and revocation against `openssl verify`.

mod common;

use common::test_pki::{cert, pki};

use hocba::crypto::{self, CryptoProvider, PrivateKey, SignatureAlgorithm};
use hocba::dsig::{self, KeySigner, SignatureRequest, VerifyOptions};
use hocba::pki::{
    Certificate, Crl, OcspResponse, PathFailure, Purpose, RevocationChecker, RevocationData, RevocationPolicy,
    RevocationStatus, TimePolicy, TrustOptions, TrustStore, validate_certificate, verify_document,
};
use hocba::report::{Language, Verdict, VerificationReport};
use hocba::time::UtcTime;
use hocba::xml::Document;

fn shared() -> std::path::PathBuf {
    common::shared_dir().expect("../shared is beside the repository")
}

fn sample() -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
}

/// When the tests sign, and (a little later) verify: inside every test certificate's window
/// except the expired and not-yet-valid ones, after the revoked one's revocation.
fn signing_time() -> UtcTime {
    UtcTime::parse("2026-05-20T09:00:00+07:00").unwrap()
}

fn test_root() -> TrustStore {
    let mut store = TrustStore::empty();
    store.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    store
}

fn trust(revocation: RevocationPolicy) -> TrustOptions {
    TrustOptions {
        trust: test_root(),
        revocation,
        now: Some(UtcTime::parse("2026-06-01T10:00:00+07:00").unwrap()),
        ..TrustOptions::default()
    }
}

fn crls() -> RevocationData {
    let mut data = RevocationData::default();
    data.crls.extend(Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap());
    data.crls.extend(Crl::all_from_pem_or_der(&pki("root.crl")).unwrap());
    data
}

/// `name`'s key signs the sample as the homeroom teacher, with `chain` in KeyInfo.
fn signed_by(name: &str, chain: &[&str], provider: &'static dyn CryptoProvider) -> Vec<u8> {
    let key = PrivateKey::from_pem_or_der(&pki(&format!("{name}-key.pem"))).unwrap();
    let algorithm = match key.public_key().key_type() {
        crypto::KeyType::Rsa => SignatureAlgorithm::RSA_SHA256,
        crypto::KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
    };
    let mut certificates = vec![cert(name).der().to_vec()];
    certificates.extend(chain.iter().map(|c| cert(c).der().to_vec()));
    let signer = KeySigner::new(key, certificates, algorithm, provider).unwrap();
    let request = SignatureRequest {
        provider,
        ..SignatureRequest::new("data-1", &["DSCKS", "GVCN"], "sig-GVCN", signing_time())
    };
    dsig::sign(&sample(), &request, &signer).unwrap()
}

fn verify(
    document: &[u8],
    trust: &TrustOptions,
    checker: &RevocationChecker,
    provider: &'static dyn CryptoProvider,
) -> VerificationReport {
    let doc = Document::parse(document).unwrap();
    let report =
        verify_document(&doc, &VerifyOptions { provider, ..VerifyOptions::default() }, trust, checker).unwrap();
    common::assert_etsi_agrees(&report);
    report
}

fn codes(report: &VerificationReport) -> Vec<&'static str> {
    report.signatures().iter().flat_map(|s| s.problems()).map(|f| f.code.as_str()).collect()
}

#[test]
fn the_real_roots_load_match_their_pinned_fingerprints_and_chain() {
    let readme = std::fs::read_to_string(shared().join("trust/README.md")).unwrap();
    let store = TrustStore::government();
    assert_eq!(store.anchors().len(), 2);
    for file in ["rootcag2.pem", "cpcag2.pem", "vnrca256.pem"] {
        let certificate = Certificate::all_from_pem_or_der(&std::fs::read(shared().join("trust").join(file)).unwrap())
            .unwrap()
            .remove(0);
        let row = readme.lines().find(|l| l.starts_with(&format!("| {file} "))).unwrap();
        assert!(row.contains(&certificate.fingerprint_hex()), "{file}: {} not in {row}", certificate.fingerprint_hex());
    }
    // The embedded anchors are the shared files, byte for byte.
    let root = Certificate::all_from_pem_or_der(&std::fs::read(shared().join("trust/rootcag2.pem")).unwrap()).unwrap();
    assert!(store.anchors().contains(&root[0]));
    assert_eq!(root[0].subject().common_name(), Some("RootCA chuyên dùng Chính phủ G2"));
    // cpcag2 validates under rootcag2 (pathlen 0 CA, the VGCA policy), with both providers.
    let intermediate =
        Certificate::all_from_pem_or_der(&std::fs::read(shared().join("trust/cpcag2.pem")).unwrap()).unwrap().remove(0);
    for provider in crypto::providers() {
        let options = TrustOptions { revocation: RevocationPolicy::Off, ..TrustOptions::default() };
        let at = UtcTime::parse("2026-06-01T00:00:00Z").unwrap();
        let mut policy_options = options.clone();
        policy_options.path.required_policies.push(hocba::pki::VGCA_POLICY.parse().unwrap());
        for options in [options, policy_options] {
            let result = validate_certificate(
                &intermediate,
                &[],
                &options,
                &RevocationChecker::offline(Default::default()),
                at,
                Purpose::Any,
                provider,
            );
            let path = result.path.unwrap_or_else(|e| panic!("{}: {e}", provider.name()));
            assert_eq!(path.certificates().len(), 2);
            assert_eq!(path.anchor(), &root[0]);
        }
    }
}

#[test]
fn a_valid_signer_with_crls_is_valid_with_both_providers() {
    for provider in crypto::providers() {
        let signed = signed_by("gvcn", &["ca"], provider);
        let report = verify(&signed, &trust(RevocationPolicy::Require), &RevocationChecker::offline(crls()), provider);
        assert_eq!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
        let signature = &report.signatures()[0];
        assert_eq!(signature.role(), Some("Giáo viên chủ nhiệm"));
        assert_eq!(signature.signer().unwrap().name.as_deref(), Some("Nguyễn Thị Hoa"));
        assert_eq!(signature.chain().len(), 3);
        assert_eq!(signature.revocation().len(), 2);
        assert!(signature.revocation().iter().all(|c| c.status == RevocationStatus::Good));
        assert_eq!(signature.revocation()[0].source.as_ref().unwrap().kind, "crl");
        // The claim is reported; the certificate was judged at the verification time.
        assert!(!signature.warnings().iter().any(|w| w.code == "signing-time-claimed"));
        assert_eq!(signature.claimed_signing_time(), Some(signing_time()));
        let vi = report.message(Language::Vi);
        assert!(vi.contains("Kết quả: HỢP LỆ") && vi.contains("Nguyễn Thị Hoa") && vi.contains("còn hiệu lực"), "{vi}");
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(json["verdict"], "valid");
        assert_eq!(json["signatures"][0]["signing_time"]["source"], "verification-time");
        assert_eq!(json["signatures"][0]["signing_time"]["time"], "2026-06-01T03:00:00Z");
        assert_eq!(json["signatures"][0]["claimed_signing_time"], "2026-05-20T02:00:00Z");
        assert_eq!(json["signatures"][0]["revocation"][0]["status"], "good");
    }
}

#[test]
fn each_failure_case_of_the_test_pki_has_its_own_reason() {
    let provider = crypto::default_provider();
    let checker = RevocationChecker::offline(crls());
    let cases: [(&str, &[&str], &str); 6] = [
        ("revoked", &["ca"], "revoked"),
        // Both claim a signing time outside their certificate's validity.
        ("expired", &["ca"], "signing-time-after-certificate"),
        ("notyetvalid", &["ca"], "signing-time-before-certificate"),
        ("nokeyusage", &["ca"], "key-usage"),
        ("other-gvcn", &["other-root"], "untrusted"),
        ("selfsigned-gvcn", &[], "untrusted"),
    ];
    for (name, chain, code) in cases {
        let report = verify(&signed_by(name, chain, provider), &trust(RevocationPolicy::Require), &checker, provider);
        assert_eq!(report.verdict(), Verdict::Invalid, "{name}: {}", report.message(Language::En));
        assert_eq!(codes(&report), [code], "{name}: {}", report.message(Language::En));
    }
    // The revoked certificate's report says when and why.
    let report =
        verify(&signed_by("revoked", &["ca"], provider), &trust(RevocationPolicy::Require), &checker, provider);
    let check = &report.signatures()[0].revocation()[0];
    assert_eq!(
        check.status,
        RevocationStatus::Revoked {
            time: UtcTime::parse("2025-06-01T00:00:00Z").unwrap(),
            reason: hocba::pki::RevocationReason::KeyCompromise
        }
    );
    assert!(report.message(Language::Vi).contains("lộ khoá bí mật"));
}

#[test]
fn a_certificate_swapped_in_key_info_does_not_verify() {
    // The signature by gvcn's key, with KeyInfo claiming hieutruong's certificate: no key in
    // KeyInfo verifies it.
    let provider = crypto::default_provider();
    let signed = String::from_utf8(signed_by("gvcn", &["ca"], provider)).unwrap();
    let b64 = |c: &Certificate| {
        use base64ct::Encoding;
        base64ct::Base64::encode_string(c.der())
    };
    let swapped = signed.replace(&b64(&cert("gvcn")), &b64(&cert("hieutruong")));
    assert_ne!(swapped, signed);
    let report =
        verify(swapped.as_bytes(), &trust(RevocationPolicy::Require), &RevocationChecker::offline(crls()), provider);
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(codes(&report), ["bad-signature"]);
}

#[test]
fn revocation_policies_decide_what_an_unknown_status_means() {
    let provider = crypto::default_provider();
    let signed = signed_by("gvcn", &["ca"], provider);
    let nothing = RevocationChecker::offline(RevocationData::default());
    let required = verify(&signed, &trust(RevocationPolicy::Require), &nothing, provider);
    assert_eq!(required.verdict(), Verdict::Undetermined);
    assert_eq!(codes(&required), ["revocation-unknown", "revocation-unknown"]);
    let soft = verify(&signed, &trust(RevocationPolicy::SoftFail), &nothing, provider);
    assert_eq!(soft.verdict(), Verdict::Valid);
    assert!(soft.signatures()[0].warnings().iter().any(|w| w.code == "revocation-unknown"));
    let off = verify(&signed, &trust(RevocationPolicy::Off), &nothing, provider);
    assert_eq!(off.verdict(), Verdict::Valid);
    assert!(off.signatures()[0].revocation().iter().all(|c| c.status == RevocationStatus::NotChecked));
    // A revoked certificate fails under soft-fail too.
    let revoked = verify(
        &signed_by("revoked", &["ca"], provider),
        &trust(RevocationPolicy::SoftFail),
        &RevocationChecker::offline(crls()),
        provider,
    );
    assert_eq!(revoked.verdict(), Verdict::Invalid);
}

#[test]
fn ocsp_responses_answer_offline_and_agree_with_the_crl() {
    for provider in crypto::providers() {
        let mut data = RevocationData::default();
        for name in ["gvcn", "revoked", "hieutruong", "ltv"] {
            data.ocsp_responses.push(OcspResponse::from_der(&pki(&format!("ocsp/{name}.der"))).unwrap());
        }
        // The CA's own status still comes from the root's CRL.
        data.crls.extend(Crl::all_from_pem_or_der(&pki("root.crl")).unwrap());
        let checker = RevocationChecker::offline(data);
        let good = verify(&signed_by("gvcn", &["ca"], provider), &trust(RevocationPolicy::Require), &checker, provider);
        assert_eq!(good.verdict(), Verdict::Valid, "{}", good.message(Language::En));
        let source = good.signatures()[0].revocation()[0].source.clone().unwrap();
        assert_eq!(source.kind, "ocsp");
        assert!(source.signer.contains("OCSP"), "delegated responder: {}", source.signer);
        let revoked =
            verify(&signed_by("revoked", &["ca"], provider), &trust(RevocationPolicy::Require), &checker, provider);
        assert_eq!(codes(&revoked), ["revoked"]);
        let by_crl = verify(
            &signed_by("revoked", &["ca"], provider),
            &trust(RevocationPolicy::Require),
            &RevocationChecker::offline(crls()),
            provider,
        );
        assert_eq!(revoked.signatures()[0].revocation()[0].status, by_crl.signatures()[0].revocation()[0].status);
    }
}

#[test]
fn an_ocsp_response_for_another_certificate_or_a_forged_one_is_not_used() {
    let provider = crypto::default_provider();
    // gvcn's answer does not speak for hieutruong.
    let checker = RevocationChecker::offline(RevocationData {
        ocsp_responses: vec![OcspResponse::from_der(&pki("ocsp/gvcn.der")).unwrap()],
        crls: Crl::all_from_pem_or_der(&pki("root.crl")).unwrap(),
    });
    let mut options = trust(RevocationPolicy::Require);
    let report = verify(&signed_by("hieutruong", &["ca"], provider), &options, &checker, provider);
    assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
    // A response whose signature is broken is refused, and says so.
    let mut forged = pki("ocsp/gvcn.der");
    let last = forged.len() - 1;
    forged[last] ^= 1;
    let checker = RevocationChecker::offline(RevocationData {
        ocsp_responses: vec![OcspResponse::from_der(&forged).unwrap()],
        crls: Crl::all_from_pem_or_der(&pki("root.crl")).unwrap(),
    });
    let report = verify(&signed_by("gvcn", &["ca"], provider), &options, &checker, provider);
    assert_eq!(report.verdict(), Verdict::Undetermined);
    assert!(report.message(Language::En).contains("does not verify"), "{}", report.message(Language::En));
    // A stale CRL is not used either.
    options.now = Some(UtcTime::parse("2026-06-01T10:00:00+07:00").unwrap());
    let stale = RevocationChecker::offline(RevocationData {
        crls: [
            Crl::all_from_pem_or_der(&pki("ca-stale.crl")).unwrap(),
            Crl::all_from_pem_or_der(&pki("root.crl")).unwrap(),
        ]
        .concat(),
        ..Default::default()
    });
    let report = verify(&signed_by("gvcn", &["ca"], provider), &options, &stale, provider);
    assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
    assert!(report.message(Language::En).contains("stale"), "{}", report.message(Language::En));
}

#[test]
fn time_policies_choose_the_time_a_certificate_is_judged_at() {
    let provider = crypto::default_provider();
    let none = || RevocationChecker::offline(Default::default());
    // Signed (claimed) while the ltv certificate was valid; verified after it expired, with no
    // time-stamp: nothing proves the signature is older than the expiry.
    let signed = signed_by("ltv", &["ca"], provider);
    let mut options = trust(RevocationPolicy::Off);
    options.now = Some(UtcTime::parse("2035-01-01T00:00:00Z").unwrap());
    assert_eq!(options.time, TimePolicy::TimeStampOrNow, "the default");
    for policy in [TimePolicy::TimeStampOrNow, TimePolicy::VerificationTime] {
        options.time = policy;
        let report = verify(&signed, &options, &none(), provider);
        assert_eq!(report.verdict(), Verdict::Undetermined, "{}", report.message(Language::En));
        assert_eq!(codes(&report), ["out-of-bounds-no-poe"]);
        assert!(report.message(Language::Vi).contains("dấu thời gian"), "{}", report.message(Language::Vi));
    }
    // The legacy policy takes the signer's word, and says so.
    options.time = TimePolicy::ClaimedSigningTime;
    let claimed = verify(&signed, &options, &none(), provider);
    assert_eq!(claimed.verdict(), Verdict::Valid, "{}", claimed.message(Language::En));
    assert!(claimed.signatures()[0].warnings().iter().any(|w| w.code == "signing-time-claimed"));
    // A claim after the verification time is refused, whatever the policy.
    let mut early = trust(RevocationPolicy::Off);
    early.now = Some(UtcTime::parse("2026-01-01T00:00:00Z").unwrap());
    for policy in [TimePolicy::TimeStampOrNow, TimePolicy::VerificationTime, TimePolicy::ClaimedSigningTime] {
        early.time = policy;
        let future = verify(&signed, &early, &none(), provider);
        assert_eq!(codes(&future), ["signing-time-in-future"]);
    }
    // The policies by name, as the CLI and the bindings take them.
    assert_eq!("timestamp".parse::<TimePolicy>(), Ok(TimePolicy::TimeStampOrNow));
    assert_eq!("now".parse::<TimePolicy>(), Ok(TimePolicy::VerificationTime));
    assert_eq!("claimed".parse::<TimePolicy>(), Ok(TimePolicy::ClaimedSigningTime));
    assert!("best".parse::<TimePolicy>().is_err());
}

#[test]
fn paths_and_revocation_agree_with_openssl_verify() {
    if !common::require_tool("openssl", "openssl") {
        return;
    }
    let dir = format!("{}/../test-vectors/pki", env!("CARGO_MANIFEST_DIR"));
    let at = UtcTime::parse("2026-06-01T00:00:00Z").unwrap();
    let provider = crypto::default_provider();
    let checker = RevocationChecker::offline(crls());
    let options = trust(RevocationPolicy::Require);
    let names = [
        "gvcn",
        "hieutruong",
        "revoked",
        "expired",
        "notyetvalid",
        "ltv",
        "other-gvcn",
        "selfsigned-gvcn",
        "ocsp",
        "tsa",
    ];
    for name in names {
        let certificate = cert(name);
        let ours = validate_certificate(
            &certificate,
            &[cert("ca")],
            &options,
            &checker,
            at,
            Purpose::DocumentSigning,
            provider,
        );
        // As a document signer: S/MIME signing is OpenSSL's nearest purpose (it refuses the OCSP
        // responder's and the TSA's extended key usages, as we do).
        let openssl = std::process::Command::new("openssl")
            .args(["verify", "-attime", &at.unix_seconds().to_string(), "-purpose", "smimesign", "-crl_check_all"])
            .arg("-CAfile")
            .arg(format!("{dir}/root-cert.pem"))
            .args(["-untrusted", &format!("{dir}/ca-cert.pem"), "-CRLfile", &format!("{dir}/ca.crl"), "-CRLfile"])
            .arg(format!("{dir}/root.crl"))
            .arg(format!("{dir}/{name}-cert.pem"))
            .output()
            .unwrap();
        let openssl_valid = openssl.status.success();
        let ours_valid = ours.verdict(RevocationPolicy::Require) == Verdict::Valid;
        assert_eq!(
            ours_valid,
            openssl_valid,
            "{name}: ours {:?}, openssl {}",
            ours.path.as_ref().err(),
            String::from_utf8_lossy(&openssl.stdout)
        );
        // Where both refuse, for the same kind of reason.
        if let Err(e) = &ours.path {
            let said = String::from_utf8_lossy(&openssl.stdout).to_lowercase()
                + &String::from_utf8_lossy(&openssl.stderr).to_lowercase();
            let expected = match e.reason {
                PathFailure::Expired { .. } => "expired",
                PathFailure::NotYetValid { .. } => "not yet valid",
                PathFailure::NoPathToAnchor if said.contains("self-signed") => "self-signed",
                PathFailure::NoPathToAnchor => "issuer certificate",
                _ => "",
            };
            assert!(said.contains(expected), "{name}: ours {e}, openssl {said}");
        }
    }
}

#[test]
fn crls_read_from_pem_and_der_alike() {
    for (pem, der) in [("ca.crl", "ca.crl.der"), ("root.crl", "root.crl.der"), ("ca-stale.crl", "ca-stale.crl.der")] {
        let from_pem = Crl::all_from_pem_or_der(&pki(pem)).unwrap();
        let from_der = Crl::all_from_pem_or_der(&pki(der)).unwrap();
        assert_eq!(from_pem.len(), 1);
        assert_eq!(from_pem[0].der(), from_der[0].der(), "{pem}");
    }
    // A byte 0x2d ('-') early in DER does not make it PEM: the error is about the DER.
    let error = Crl::all_from_pem_or_der(b"\x30\x03\x02\x01\x2d").unwrap_err().to_string();
    assert!(!error.contains("PEM"), "{error}");
}

/// A CRL whose issuing distribution point limits it (RFC 5280, 5.2.5) speaks only about what it
/// covers: a CRL for another distribution point, for CA certificates only, or for some reasons only
/// does not make a leaf good (nor revoked) — its status stays unknown; a CRL for the distribution
/// point the certificates name covers them. `test-vectors/pki/generate-scoped-crls.sh` makes them.
#[test]
fn a_crl_speaks_only_about_the_certificates_its_distribution_point_covers() {
    let provider = crypto::default_provider();
    let with = |crl: &str| {
        let mut data = RevocationData::default();
        data.crls.extend(Crl::all_from_pem_or_der(&pki(crl)).unwrap());
        data.crls.extend(Crl::all_from_pem_or_der(&pki("root.crl")).unwrap());
        RevocationChecker::offline(data)
    };
    let (good, revoked) = (signed_by("gvcn", &["ca"], provider), signed_by("revoked", &["ca"], provider));
    for crl in ["ca-scope-other-point.crl", "ca-scope-ca-only.crl", "ca-scope-some-reasons.crl"] {
        for (who, signed) in [("gvcn", &good), ("revoked", &revoked)] {
            let report = verify(signed, &trust(RevocationPolicy::Require), &with(crl), provider);
            assert_eq!(report.verdict(), Verdict::Undetermined, "{crl}, {who}: {}", report.message(Language::En));
            assert_eq!(codes(&report), ["revocation-unknown"], "{crl}, {who}");
            assert!(matches!(report.signatures()[0].revocation()[0].status, RevocationStatus::Unknown { .. }));
        }
    }
    let covered = verify(&good, &trust(RevocationPolicy::Require), &with("ca-scope-matching.crl"), provider);
    assert_eq!(covered.verdict(), Verdict::Valid, "{}", covered.message(Language::En));
    let listed = verify(&revoked, &trust(RevocationPolicy::Require), &with("ca-scope-matching.crl"), provider);
    assert_eq!(codes(&listed), ["revoked"], "{}", listed.message(Language::En));
}
