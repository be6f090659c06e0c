//! XML Signatures (XMLDSig 1.1), verified strictly.
//!
//! Defences against every bypass in `../shared/docs/security-checklist.md`: the result holds only
//! what was signed ([`VerifiedReference::canonical_bytes`], [`VerifiedReference::parse`]); exactly
//! one `SignedInfo`, a `Signature` read element by element; duplicate Ids refused; comments never
//! split a `DigestValue` or `SignatureValue`; keys only from the caller; same-document references
//! only; at most 30 references and 5 transforms; no XSLT, and XPath only for the two idioms that
//! leave signatures out (recognized as tokens, never evaluated); an algorithm allow-list with
//! SHA-1 behind an explicit legacy option.
//!
//! Transforms run in order: canonicalizations may follow one another, each one's output read again
//! as XML (default reader limits) into the next node-set, and an enveloped-signature transform
//! after one removes the copy of the signature being verified, found by matching the elements read
//! again with those they were made from. Work budgets ([`VerifyOptions`]) bound the cost of any
//! document the reader accepts: at most 256 signatures, 64 `PrefixList` entries, 8 `KeyInfo`
//! candidates per signature and 512 keys tried per document, and 32 MiB of canonicalization per
//! document, shared by its signatures.

mod error;
mod sign;
mod syntax;
mod verify;
mod xpath;

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
