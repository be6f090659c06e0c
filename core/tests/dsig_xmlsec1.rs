//! Live interop with xmlsec1 (Debian's, installed by scripts/setup.sh), both ways: what we sign
//! verifies with `xmlsec1 --verify`, and what `xmlsec1 --sign` signs verifies with us, for every
//! algorithm xmlsec1 1.2.37 has (it lacks RSA-PSS: see ../shared/docs/interop-notes.md).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use hocba::crypto::{self, PrivateKey, PublicKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::{self, KeySigner, RequiredElement, SignatureRequest, VerifyOptions};
use hocba::time::UtcTime;
use hocba::xml::Document;

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-vectors")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hocba-xmlsec1-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn xmlsec1(args: &[&str]) -> (bool, String) {
    let output = Command::new("xmlsec1").args(args).output().expect("xmlsec1 runs");
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

const ALGORITHMS: [(&str, &str); 6] = [
    ("rsa2048", "rsa-sha256"),
    ("rsa2048", "rsa-sha384"),
    ("rsa2048", "rsa-sha512"),
    ("p256", "ecdsa-sha256"),
    ("p384", "ecdsa-sha384"),
    ("p521", "ecdsa-sha512"),
];

#[test]
fn what_we_sign_verifies_with_xmlsec1() {
    if !common::require_tool("xmlsec1", "xmlsec1") {
        return;
    }
    let keys = vectors().join("keys");
    for provider in crypto::providers() {
        for (key_name, algorithm) in ALGORITHMS {
            for c14n in ["c14n", "exc-c14n", "c14n11"] {
                let cert_path = keys.join(format!("{key_name}-cert.pem"));
                let key =
                    PrivateKey::from_pem_or_der(&std::fs::read(keys.join(format!("{key_name}-key.pem"))).unwrap())
                        .unwrap();
                let certificates = certificates_from_pem_or_der(&std::fs::read(&cert_path).unwrap()).unwrap();
                let algorithm = SignatureAlgorithm::from_name(algorithm).unwrap();
                let signer = KeySigner::new(key, certificates, algorithm, provider).unwrap();
                let mut request = SignatureRequest::new(
                    "data-1",
                    &["DSCKS", "GVCN"],
                    "sig-GVCN",
                    UtcTime::from_unix_seconds(1_779_244_200),
                );
                request.canonicalization = hocba::c14n::Algorithm::from_name(c14n).unwrap();
                request.provider = provider;
                let signed = dsig::sign(
                    &std::fs::read(vectors().join("samples/van-ban-mau-khong-phai-hoc-ba.xml")).unwrap(),
                    &request,
                    &signer,
                )
                .unwrap();
                let path =
                    scratch(&format!("ours-{}-{key_name}-{}-{c14n}.xml", provider.name(), algorithm.short_name()));
                std::fs::write(&path, &signed).unwrap();
                let (ok, stderr) = xmlsec1(&[
                    "--verify",
                    "--id-attr:Id",
                    "DuLieuHocBa",
                    "--pubkey-cert-pem",
                    cert_path.to_str().unwrap(),
                    path.to_str().unwrap(),
                ]);
                assert!(ok, "{} {key_name} {} {c14n}: xmlsec1 says\n{stderr}", provider.name(), algorithm.short_name());
            }
        }
    }
}

/// The transcript with an empty signature in GVCN for xmlsec1 to fill in, laid out like ours.
fn template(algorithm_uri: &str, digest_uri: &str) -> String {
    let sample =
        String::from_utf8(std::fs::read(vectors().join("samples/van-ban-mau-khong-phai-hoc-ba.xml")).unwrap()).unwrap();
    let c14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
    let signature = format!(
        "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"sig-GVCN\"><SignedInfo><CanonicalizationMethod Algorithm=\"{c14n}\"/><SignatureMethod Algorithm=\"{algorithm_uri}\"/>\
<Reference URI=\"#data-1\"><Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/><Transform Algorithm=\"{c14n}\"/></Transforms><DigestMethod Algorithm=\"{digest_uri}\"/><DigestValue/></Reference>\
<Reference URI=\"#sig-GVCN-SigningTime\"><Transforms><Transform Algorithm=\"{c14n}\"/></Transforms><DigestMethod Algorithm=\"{digest_uri}\"/><DigestValue/></Reference></SignedInfo>\
<SignatureValue/><KeyInfo><X509Data/></KeyInfo><Object Id=\"sig-GVCN-SigningTime\"><SignatureProperties><SignatureProperty Target=\"#sig-GVCN\"><SigningTime xmlns=\"{}\">2026-05-20T09:30:00+07:00</SigningTime></SignatureProperty></SignatureProperties></Object></Signature>",
        dsig::SIGNATURE_PROPERTIES_NS
    );
    sample.replacen("<GVCN/>", &format!("<GVCN>{signature}</GVCN>"), 1)
}

#[test]
fn what_xmlsec1_signs_verifies_with_us() {
    if !common::require_tool("xmlsec1", "xmlsec1") {
        return;
    }
    let keys = vectors().join("keys");
    for (key_name, algorithm) in ALGORITHMS {
        let algorithm = SignatureAlgorithm::from_name(algorithm).unwrap();
        let template_path = scratch(&format!("tmpl-{key_name}-{}.xml", algorithm.short_name()));
        std::fs::write(&template_path, template(algorithm.uri(), algorithm.digest().uri())).unwrap();
        let signed_path = scratch(&format!("theirs-{key_name}-{}.xml", algorithm.short_name()));
        let cert_path = keys.join(format!("{key_name}-cert.pem"));
        let key_and_cert = format!("{},{}", keys.join(format!("{key_name}-key.pem")).display(), cert_path.display());
        let (ok, stderr) = xmlsec1(&[
            "--sign",
            "--id-attr:Id",
            "DuLieuHocBa",
            "--privkey-pem",
            &key_and_cert,
            "--output",
            signed_path.to_str().unwrap(),
            template_path.to_str().unwrap(),
        ]);
        assert!(ok, "xmlsec1 --sign {key_name}: {stderr}");
        let signed = std::fs::read(&signed_path).unwrap();
        let doc = Document::parse(&signed).unwrap();
        let trusted = PublicKey::from_pem_or_der(&std::fs::read(&cert_path).unwrap()).unwrap();
        for provider in crypto::providers() {
            let options = VerifyOptions {
                provider,
                trusted_keys: vec![trusted.clone()],
                required: vec![RequiredElement::new("data-1", &["HocBa", "DuLieuHocBa"])],
                ..VerifyOptions::default()
            };
            let signatures =
                dsig::verify(&doc, &options).unwrap_or_else(|e| panic!("{} {key_name}: {e}", provider.name()));
            assert_eq!(
                signatures[0].claimed_signing_time(),
                Some(UtcTime::parse("2026-05-20T09:30:00+07:00").unwrap())
            );
            assert!(signatures[0].signer_certificate().is_some(), "xmlsec1 puts the certificate in KeyInfo");
        }
        // And a change xmlsec1 did not sign is caught.
        let tampered = String::from_utf8(signed).unwrap().replacen("<kq:DiemCK>10<", "<kq:DiemCK>1<", 1);
        let doc = Document::parse(tampered.as_bytes()).unwrap();
        let options = VerifyOptions { trusted_keys: vec![trusted], ..VerifyOptions::default() };
        assert!(matches!(dsig::verify(&doc, &options), Err(dsig::DsigError::DigestMismatch { .. })));
    }
}
