//! hocba: create, sign and verify Vietnam's digital school transcript (*Học bạ số*).
//!
//! The crate is built in layers, each a module:
//! - [`xml`]: a strict, secure XML reader producing a read-only tree;
//! - [`c14n`]: Canonical XML 1.0 and 1.1 and Exclusive XML Canonicalization 1.0, over whole
//!   documents and document subsets, streamed to any [`std::io::Write`];
//! - [`crypto`]: keys, digests, signing and signature verification behind a provider (OpenSSL or
//!   pure Rust);
//! - [`dsig`]: XML signatures (XMLDSig 1.1), verified strictly;
//! - [`pki`]: certificate paths to the trust anchors, revocation, time-stamps, validation data;
//! - [`report`]: the verification report, in Vietnamese and English;
//! - [`transcript`]: the transcript's model, reading, writing, validation and signing profile;
//! - [`verifier`]: the one entry point for verifying: a [`verifier::Verifier`] configured once
//!   decides what a document is and verifies it by that kind; records checked together;
//! - [`signer`]: the one entry point for signing: a [`signer::TranscriptSigner`] signs a school
//!   year in a role, with the signer's certificate checked first;
//! - [`approvals`]: the managing authority's approval lists (who may sign for each school) and a
//!   school's withdrawal requests;
//! - [`cache`]: fetched CRLs and OCSP answers kept in a folder between runs;
//! - `pkcs11` (feature `pkcs11`, native builds): keys on USB tokens and HSMs, as a
//!   [`dsig::Signer`];
//! - [`time`]: UTC instants, shown in Vietnam's time.
//!
//! The public interface is the modules' own `pub use` lists plus [`Error`], [`InvalidSetting`]
//! and [`Code`] (every error's and finding's stable code).
//!
//! The entry points have their own examples: [`verifier::Verifier`], [`signer::TranscriptSigner`],
//! [`c14n`]. The repository's guides are in its `docs/` folder.
//!
//! # Example
//!
//! Sign every school year of a transcript as its homeroom teacher (GVCN), then as its principal,
//! and verify the result against a trusted root, offline. The keys, certificates and CRLs are the
//! repository's test PKI (`test-vectors/pki/`), read by `pki!`: its private keys are public, for
//! tests only. A real signer's key stays on its token or in its PKCS#12 file.
//!
//! ```
//! use hocba::crypto::{PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der, default_provider};
//! use hocba::dsig::KeySigner;
//! use hocba::pki::{Crl, RevocationChecker, RevocationData, TrustOptions, TrustStore};
//! use hocba::report::Verdict;
//! use hocba::signer::{SignerConfig, TranscriptSigner};
//! use hocba::time::UtcTime;
//! use hocba::transcript::{Role, sample, to_xml};
//! use hocba::verifier::{Verifier, VerifierConfig};
//! use std::sync::Arc;
//!
//! macro_rules! pki { ($file:literal) => { include_bytes!(concat!("../../test-vectors/pki/", $file)) } }
//!
//! // A signer: the private key, its certificate then the issuing CA's, and the algorithm.
//! let signer = |key: &[u8], certificate: &[u8], algorithm| -> Result<KeySigner, Box<dyn std::error::Error>> {
//!     let ca = certificates_from_pem_or_der(pki!("ca-cert.pem"))?;
//!     let chain = [certificates_from_pem_or_der(certificate)?, ca].concat();
//!     Ok(KeySigner::new(PrivateKey::from_pem_or_der(key)?, chain, algorithm, default_provider())?)
//! };
//! let gvcn = signer(pki!("gvcn-key.pem"), pki!("gvcn-cert.pem"), SignatureAlgorithm::RSA_SHA256)?;
//! let principal = signer(pki!("hieutruong-key.pem"), pki!("hieutruong-cert.pem"), SignatureAlgorithm::ECDSA_SHA256)?;
//!
//! // Trust: the test root, revocation from its CRLs, a fixed clock.
//! let mut anchors = TrustStore::empty();
//! anchors.add_pem_or_der(pki!("root-cert.pem"))?;
//! let trust = |at: &str| -> Result<TrustOptions, Box<dyn std::error::Error>> {
//!     Ok(TrustOptions { trust: anchors.clone(), now: Some(UtcTime::parse(at)?), ..TrustOptions::default() })
//! };
//! let crls = [Crl::all_from_pem_or_der(pki!("ca.crl"))?, Crl::all_from_pem_or_der(pki!("root.crl"))?].concat();
//! let revocation = Arc::new(RevocationChecker::offline(RevocationData { crls, ..RevocationData::default() }));
//!
//! // Each school year is signed by its GVCN, then countersigned by its principal; each signer's
//! // certificate is checked (path to the root, revocation) before it signs.
//! let config = SignerConfig { trust: trust("2026-06-15T08:00:00+07:00")?, revocation: revocation.clone(), ..SignerConfig::default() };
//! let signer = TranscriptSigner::new(config);
//! let transcript = sample::primary();
//! let mut xml = to_xml(&transcript)?;
//! for year in &transcript.years {
//!     xml = signer.sign_year(&xml, &year.id, Role::Gvcn, &gvcn)?;
//!     xml = signer.sign_year(&xml, &year.id, Role::HieuTruong, &principal)?;
//! }
//!
//! // Verify: the profile, each signer's certificate path to the root, revocation from the CRLs.
//! let config = VerifierConfig { trust: trust("2026-07-01T00:00:00Z")?, revocation, ..VerifierConfig::default() };
//! let verification = Verifier::new(config).verify(&xml)?;
//! assert_eq!(verification.report().verdict(), Verdict::Valid);
//! assert_eq!(verification.record().student_name.as_deref(), Some(transcript.student().unwrap().ho_va_ten.as_str()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod approvals;
pub mod c14n;
pub mod cache;
mod code;
pub mod crypto;
pub mod dsig;
mod error;
#[cfg(feature = "pkcs11")]
pub mod pkcs11;
pub mod pki;
pub mod report;
pub mod signer;
pub mod time;
pub mod transcript;
mod verdict;
pub mod verifier;
pub mod xml;

pub use code::Code;
pub use error::{Error, InvalidSetting};
