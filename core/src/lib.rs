//! hocba: create, sign and verify Vietnam's digital school transcript (*Học bạ số*).
//!
//! The crate is built in layers, each a module:
//! - [`xml`]: a strict, secure XML reader producing a read-only tree;
//! - [`c14n`]: Canonical XML 1.0 and 1.1 and Exclusive XML Canonicalization 1.0, over whole
//!   documents and document subsets, streamed to any [`std::io::Write`];
//! - [`crypto`]: digests and signature verification behind a provider (OpenSSL or pure Rust);
//! - [`dsig`]: XML signatures (XMLDSig 1.1), verified strictly;
//! - [`pki`]: certificate paths to the trust anchors, revocation, time-stamps, validation data;
//! - [`report`]: the verification report, in Vietnamese and English;
//! - [`transcript`]: the transcript's model, reading, writing, validation and signing profile;
//! - [`verifier`]: what a signed document is, decided once, and its verification by that kind;
//! - [`time`]: UTC instants, shown in Vietnam's time.
//!
//! The public interface is the modules' own `pub use` lists plus [`Error`].
#![forbid(unsafe_code)]

pub mod c14n;
pub mod cache;
pub mod crypto;
pub mod dsig;
mod error;
pub mod pki;
pub mod report;
pub mod time;
pub mod transcript;
mod verdict;
pub mod verifier;
pub mod xml;

pub use error::Error;
