//! XML Signatures (XMLDSig 1.1), verified strictly.
//!
//! Defences against every bypass in `../shared/docs/security-checklist.md`: the result holds only
//! what was signed ([`VerifiedReference::canonical_bytes`], [`VerifiedReference::parse`]); exactly
//! one `SignedInfo`, a `Signature` read element by element; duplicate Ids refused; comments never
//! split a `DigestValue` or `SignatureValue`; keys only from the caller; same-document references
//! only; at most 30 references and 5 transforms; no XPath or XSLT; an algorithm allow-list with
//! SHA-1 behind an explicit legacy option. Work budgets ([`VerifyOptions`]) bound the cost of any
//! document the reader accepts: at most 256 signatures, 64 `PrefixList` entries, 8 `KeyInfo`
//! candidates per signature and 512 keys tried per document, and 32 MiB of canonicalization per
//! document, shared by its signatures.

mod error;
mod sign;
mod syntax;
mod verify;

pub use error::{DsigError, StructureError};
pub use sign::{
    KeySigner, PreparedSignature, SIGNATURE_PROPERTIES_NS, SignatureRequest, Signer, SignerInput, prepare, sign,
};
pub(crate) use verify::{EachSignature, Keys, verify_each};
pub use verify::{
    RequiredElement, VerifiedReference, VerifiedSignature, VerifyOptions, Warning, element_by_id, place_from_str,
    verify,
};

/// The XMLDSig namespace.
pub const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
