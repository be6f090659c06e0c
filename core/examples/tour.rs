// core/examples/tour.rs: sign a school year as its GVCN and its principal, then verify offline.
use hocba::crypto::{PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der, default_provider};
use hocba::dsig::KeySigner;
use hocba::pki::{Crl, RevocationChecker, RevocationData, TrustOptions, TrustStore};
use hocba::report::{Language, Verdict};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::transcript::Role;
use hocba::verifier::{Verifier, VerifierConfig};
use std::fs::read;
use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pki = "test-vectors/pki";
    let xml = read("test-vectors/transcripts/valid-thcs-ren-luyen-trong-he.xml")?;

    // Trust: the test root instead of the government roots, revocation from the test CRLs.
    let mut anchors = TrustStore::empty();
    anchors.add_pem_or_der(&read(format!("{pki}/root-cert.pem"))?)?;
    let trust = TrustOptions { trust: anchors, ..TrustOptions::default() };
    let mut crls = Crl::all_from_pem_or_der(&read(format!("{pki}/ca.crl"))?)?;
    crls.extend(Crl::all_from_pem_or_der(&read(format!("{pki}/root.crl"))?)?);
    let revocation = Arc::new(RevocationChecker::offline(RevocationData { crls, ..RevocationData::default() }));

    // A signer: its key, its certificate then its CA's, and the algorithm.
    let signer = |who: &str| -> Result<KeySigner, Box<dyn std::error::Error>> {
        let mut chain = certificates_from_pem_or_der(&read(format!("{pki}/schools/{who}-cert.pem"))?)?;
        chain.extend(certificates_from_pem_or_der(&read(format!("{pki}/ca-cert.pem"))?)?);
        let key = PrivateKey::from_pem_or_der(&read(format!("{pki}/schools/{who}-key.pem"))?)?;
        Ok(KeySigner::new(key, chain, SignatureAlgorithm::RSA_SHA256, default_provider())?)
    };

    // The GVCN signs the year, then the principal countersigns; each certificate is checked first.
    let config = SignerConfig { trust: trust.clone(), revocation: revocation.clone(), ..SignerConfig::default() };
    let signing = TranscriptSigner::new(config);
    let xml = signing.sign_year(&xml, "QTHT-2025-2026", Role::Gvcn, &signer("trung-vuong-gvcn")?)?;
    let xml = signing.sign_year(&xml, "QTHT-2025-2026", Role::HieuTruong, &signer("trung-vuong-hieutruong")?)?;

    // Verify: the signing profile, each signer's path to the root, revocation from the CRLs.
    let verifier = Verifier::new(VerifierConfig { trust, revocation, ..VerifierConfig::default() });
    let verification = verifier.verify(&xml)?;
    println!("{}", verification.report().message(Language::Vi));
    assert_eq!(verification.report().verdict(), Verdict::Valid);
    Ok(())
}
