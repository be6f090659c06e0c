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
//! - [`verifier`]: what a signed document is, decided once, and its verification by that kind;
//! - [`time`]: UTC instants, shown in Vietnam's time.
//!
//! The public interface is the modules' own `pub use` lists plus [`Error`].
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
//! use hocba::time::UtcTime;
//! use hocba::transcript::{ProfileVerifyOptions, Role, sample, sign_as, to_xml, verify_trusted};
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
//! // Each school year is signed by its GVCN, then countersigned by its principal.
//! let transcript = sample::primary();
//! let signing_time = UtcTime::parse("2026-06-15T08:00:00+07:00")?;
//! let mut xml = to_xml(&transcript)?;
//! for year in &transcript.years {
//!     xml = sign_as(&xml, &year.id, Role::Gvcn, &gvcn, signing_time)?;
//!     xml = sign_as(&xml, &year.id, Role::HieuTruong, &principal, signing_time)?;
//! }
//!
//! // Verify: the profile, each signer's certificate path to the root, revocation from the CRLs.
//! let mut anchors = TrustStore::empty();
//! anchors.add_pem_or_der(pki!("root-cert.pem"))?;
//! let now = Some(UtcTime::parse("2026-07-01T00:00:00Z")?);
//! let trust = TrustOptions { trust: anchors, now, ..TrustOptions::default() };
//! let crls = [Crl::all_from_pem_or_der(pki!("ca.crl"))?, Crl::all_from_pem_or_der(pki!("root.crl"))?].concat();
//! let revocation = RevocationChecker::offline(RevocationData { crls, ..RevocationData::default() });
//! let verification = verify_trusted(&xml, &ProfileVerifyOptions::default(), &trust, &revocation)?;
//! assert_eq!(verification.report().verdict(), Verdict::Valid);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod c14n;
pub mod crypto;
pub mod dsig;
mod error;
#[allow(missing_docs)] // documented separately
pub mod pki;
#[allow(missing_docs)] // documented separately
pub mod report;
pub mod signer;
pub mod time;
pub mod transcript;
#[allow(missing_docs)] // documented separately
pub mod verifier;
pub mod xml;

pub use error::{Error, InvalidSetting};
