use crate::c14n::C14nError;
use crate::crypto::CryptoError;
use crate::xml::{TextPos, XmlError};

/// Why a signature was refused. Every variant names where: the position of the `Signature`,
/// `Reference` or element concerned, and the reference URI where there is one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DsigError {
    /// The document is not acceptable XML.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The document has no `Signature` element.
    #[error("the document has no XML signature")]
    NoSignature,
    /// The signature's elements are not laid out as XMLDSig requires.
    #[error("malformed signature at {pos}: {what}")]
    Structure { pos: TextPos, what: StructureError },
    /// An algorithm we do not implement (or refuse: MD5, DSA, HMAC, XPath, XSLT, ...).
    #[error("unsupported algorithm {uri:?} at {pos}")]
    UnsupportedAlgorithm { pos: TextPos, uri: String },
    /// SHA-1 without the legacy option.
    #[error("weak algorithm {uri:?} at {pos} is refused unless legacy SHA-1 is allowed")]
    WeakAlgorithm { pos: TextPos, uri: String },
    /// A reference we do not follow: only same-document references (`""`, `"#id"`) are.
    #[error("reference URI {uri:?} at {pos} is not a same-document reference")]
    UnsupportedReference { pos: TextPos, uri: String },
    /// `#id` names no element.
    #[error("reference URI {uri:?} at {pos} points at no element")]
    UnresolvedReference { pos: TextPos, uri: String },
    /// An Id value occurs twice, so a reference to it is ambiguous (signature wrapping).
    #[error("Id {id:?} occurs twice, at {first} and {second}")]
    DuplicateId { id: String, first: TextPos, second: TextPos },
    /// More references in one SignedInfo than allowed.
    #[error("signature at {pos} has more than {limit} references")]
    TooManyReferences { pos: TextPos, limit: usize },
    /// More signatures in the document than allowed.
    #[error("the document has {count} signatures, more than the {limit} allowed (the first beyond is at {pos})")]
    TooManySignatures { pos: TextPos, count: usize, limit: usize },
    /// An `InclusiveNamespaces PrefixList` longer than allowed.
    #[error("InclusiveNamespaces at {pos} lists more than {limit} prefixes")]
    TooManyPrefixes { pos: TextPos, limit: usize },
    /// More certificates (or key values) in `KeyInfo` than are tried as the signature's key.
    #[error("KeyInfo of the signature at {pos} offers {count} keys or certificates, more than the {limit} tried")]
    TooManyKeyCandidates { pos: TextPos, count: usize, limit: usize },
    /// The document's budget of keys tried from `KeyInfo` is spent.
    #[error("signature at {pos}: the document's budget of {limit} keys tried from KeyInfo is spent")]
    KeyTryBudget { pos: TextPos, limit: usize },
    /// The document's canonicalization work budget is spent (hostile or oversized document).
    #[error("signature at {pos}: the document's canonicalization budget of {limit} bytes is spent")]
    CanonicalizationBudget { pos: TextPos, limit: u64 },
    /// More transforms on one reference than allowed.
    #[error("reference at {pos} has more than {limit} transforms")]
    TooManyTransforms { pos: TextPos, limit: usize },
    /// A transform chain we do not run (e.g. a transform after canonicalization).
    #[error("reference at {pos}: {what}")]
    UnsupportedTransforms { pos: TextPos, what: &'static str },
    /// `DigestValue` or `SignatureValue` is not base64.
    #[error("{element} at {pos} is not valid base64")]
    Base64 { pos: TextPos, element: &'static str },
    /// The digest of the referenced data does not match: the data was changed.
    #[error("reference {uri:?} at {pos}: digest does not match, the signed data was changed")]
    DigestMismatch { pos: TextPos, uri: String },
    /// The signature verified under a pinned RSA key below the minimum, which only the legacy
    /// option accepts.
    #[error(
        "signature at {pos}: the {bits}-bit RSA key is below the minimum of {minimum} bits (accepted only for old documents, with legacy SHA-1 allowed)"
    )]
    WeakKey { pos: TextPos, bits: usize, minimum: usize },
    /// The signature value does not verify under any trusted key.
    #[error("signature at {pos} does not verify with {tried} trusted key(s): {reason}")]
    BadSignature { pos: TextPos, tried: usize, reason: CryptoError },
    /// A key in `KeyInfo` cannot be read, or disagrees with the key that verified the signature.
    #[error("KeyInfo at {pos}: {reason}")]
    KeyInfo { pos: TextPos, reason: CryptoError },
    /// A required element is signed but not where the caller expects it (signature wrapping).
    #[error("the element with Id {id:?} at {pos} is at {found:?}, not where it belongs")]
    Misplaced { pos: TextPos, id: String, found: String },
    /// A `KeyValue` in `KeyInfo` is not the key that verified the signature (a swapped key).
    #[error("KeyValue at {pos} disagrees with the trusted key that verified the signature")]
    KeyValueMismatch { pos: TextPos },
    /// The signed `SigningTime` is not a date-time.
    #[error("SigningTime {text:?} of the signature at {pos} is not a date-time")]
    SigningTime { pos: TextPos, text: String },
    /// The signature uses an algorithm the caller did not allow.
    #[error("signature at {pos} uses {uri:?}, which the caller does not allow")]
    DisallowedAlgorithm { pos: TextPos, uri: String },
    /// The signature is not where the caller expects signatures, or shares its place with another.
    #[error("signature at {pos} is not in an expected place ({place})")]
    UnexpectedPlace { pos: TextPos, place: String },
    /// No key to verify with: keys come from the caller, never from KeyInfo alone.
    #[error("signature at {pos}: no trusted key to verify with")]
    NoTrustedKey { pos: TextPos },
    /// A signature does not cover an element the caller requires it to.
    #[error("signature at {pos} does not cover the element with Id {id:?}")]
    NotCovered { pos: TextPos, id: String },
    /// The element a signature should be placed in does not exist.
    #[error("no element at {path:?} below the root element (looked in the element at {pos})")]
    Placement { pos: TextPos, path: String },
    /// A signing request that cannot be carried out.
    #[error("cannot sign: {0}")]
    InvalidRequest(&'static str),
    /// The signer (key, token, remote service) failed, or its key is unusable.
    #[error("signer failed: {0}")]
    Signing(CryptoError),
    /// Canonicalization failed.
    #[error("signature at {pos}: {source}")]
    C14n { pos: TextPos, source: C14nError },
}

impl DsigError {
    /// A stable, machine-readable name for the kind of failure (for JSON, bindings, reports).
    pub fn code(&self) -> &'static str {
        match self {
            DsigError::Xml(_) => "xml",
            DsigError::NoSignature => "no_signature",
            DsigError::Structure { .. } => "malformed_signature",
            DsigError::UnsupportedAlgorithm { .. } => "unsupported_algorithm",
            DsigError::WeakAlgorithm { .. } => "weak_algorithm",
            DsigError::UnsupportedReference { .. } => "unsupported_reference",
            DsigError::UnresolvedReference { .. } => "unresolved_reference",
            DsigError::DuplicateId { .. } => "duplicate_id",
            DsigError::TooManyReferences { .. } => "too_many_references",
            DsigError::TooManyTransforms { .. } => "too_many_transforms",
            DsigError::TooManySignatures { .. } => "too_many_signatures",
            DsigError::TooManyPrefixes { .. } => "too_many_prefixes",
            DsigError::TooManyKeyCandidates { .. } => "too_many_key_candidates",
            DsigError::KeyTryBudget { .. } => "key_try_budget",
            DsigError::CanonicalizationBudget { .. } => "canonicalization_budget",
            DsigError::UnsupportedTransforms { .. } => "unsupported_transforms",
            DsigError::Base64 { .. } => "base64",
            DsigError::DigestMismatch { .. } => "digest_mismatch",
            DsigError::BadSignature { .. } => "bad_signature",
            DsigError::WeakKey { .. } => "weak_key",
            DsigError::NotCovered { .. } => "not_covered",
            DsigError::Misplaced { .. } => "misplaced",
            DsigError::KeyInfo { .. } => "key_info",
            DsigError::KeyValueMismatch { .. } => "key_value_mismatch",
            DsigError::SigningTime { .. } => "signing_time",
            DsigError::DisallowedAlgorithm { .. } => "disallowed_algorithm",
            DsigError::UnexpectedPlace { .. } => "unexpected_place",
            DsigError::NoTrustedKey { .. } => "no_trusted_key",
            DsigError::Placement { .. } => "placement",
            DsigError::InvalidRequest(_) => "invalid_request",
            DsigError::Signing(_) => "signing_failed",
            DsigError::C14n { .. } => "c14n",
        }
    }
}

/// The XMLDSig syntax rule a signature breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StructureError {
    #[error("missing <{0}>")]
    Missing(&'static str),
    #[error("unexpected <{0}>")]
    Unexpected(String),
    #[error("<{0}> appears more than once")]
    Repeated(&'static str),
    #[error("text is not allowed in <{0}>")]
    Text(&'static str),
    #[error("comments and processing instructions are not allowed in <{0}>")]
    CommentOrPi(&'static str),
    #[error("<{element}> lacks its {attribute} attribute")]
    MissingAttribute { element: &'static str, attribute: &'static str },
    #[error("{0}")]
    Invalid(&'static str),
}
