use crate::Code;
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
    Structure {
        /// Where the offending element is.
        pos: TextPos,
        /// Which rule it breaks.
        what: StructureError,
    },
    /// An algorithm we do not implement (or refuse: MD5, DSA, HMAC, XSLT, XPath Filter 2.0, ...).
    #[error("unsupported algorithm {uri:?} at {pos}")]
    UnsupportedAlgorithm {
        /// Where the element naming the algorithm is.
        pos: TextPos,
        /// The algorithm identifier.
        uri: String,
    },
    /// SHA-1 without the legacy option.
    #[error("weak algorithm {uri:?} at {pos} is refused unless legacy SHA-1 is allowed")]
    WeakAlgorithm {
        /// Where the element naming the algorithm is.
        pos: TextPos,
        /// The algorithm identifier.
        uri: String,
    },
    /// A reference we do not follow: only same-document references (`""`, `"#id"`) are.
    #[error("reference URI {uri:?} at {pos} is not a same-document reference")]
    UnsupportedReference {
        /// Where the `Reference` is.
        pos: TextPos,
        /// Its `URI` attribute.
        uri: String,
    },
    /// `#id` names no element.
    #[error("reference URI {uri:?} at {pos} points at no element")]
    UnresolvedReference {
        /// Where the `Reference` is.
        pos: TextPos,
        /// Its `URI` attribute.
        uri: String,
    },
    /// An Id value occurs twice, so a reference to it is ambiguous (signature wrapping).
    #[error("Id {id:?} occurs twice, at {first} and {second}")]
    DuplicateId {
        /// The Id value.
        id: String,
        /// The first element carrying it.
        first: TextPos,
        /// The second element carrying it.
        second: TextPos,
    },
    /// More references in one SignedInfo than allowed.
    #[error("signature at {pos} has more than {limit} references")]
    TooManyReferences {
        /// Where the `Signature` is.
        pos: TextPos,
        /// The limit.
        limit: usize,
    },
    /// More signatures in the document than allowed.
    #[error("the document has {count} signatures, more than the {limit} allowed (the first beyond is at {pos})")]
    TooManySignatures {
        /// Where the first signature over the limit is.
        pos: TextPos,
        /// How many signatures the document has.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// An `InclusiveNamespaces PrefixList` longer than allowed.
    #[error("InclusiveNamespaces at {pos} lists more than {limit} prefixes")]
    TooManyPrefixes {
        /// Where the `InclusiveNamespaces` element is.
        pos: TextPos,
        /// The limit.
        limit: usize,
    },
    /// More certificates (or key values) in `KeyInfo` than are tried as the signature's key.
    #[error("KeyInfo of the signature at {pos} offers {count} keys or certificates, more than the {limit} tried")]
    TooManyKeyCandidates {
        /// Where the `Signature` is.
        pos: TextPos,
        /// How many keys and certificates `KeyInfo` offers.
        count: usize,
        /// How many are tried.
        limit: usize,
    },
    /// The document's budget of keys tried from `KeyInfo` is spent.
    #[error("signature at {pos}: the document's budget of {limit} keys tried from KeyInfo is spent")]
    KeyTryBudget {
        /// Where the `Signature` is.
        pos: TextPos,
        /// The budget: keys tried over the whole document.
        limit: usize,
    },
    /// The document's canonicalization work budget is spent (hostile or oversized document).
    #[error("signature at {pos}: the document's canonicalization budget of {limit} bytes is spent")]
    CanonicalizationBudget {
        /// Where the `Signature` is.
        pos: TextPos,
        /// The budget, in bytes.
        limit: u64,
    },
    /// More transforms on one reference than allowed.
    #[error("reference at {pos} has more than {limit} transforms")]
    TooManyTransforms {
        /// Where the `Reference` is.
        pos: TextPos,
        /// The limit.
        limit: usize,
    },
    /// A transform chain we do not run (e.g. a transform after canonicalization).
    #[error("reference at {pos}: {what}")]
    UnsupportedTransforms {
        /// Where the `Reference` is.
        pos: TextPos,
        /// What is wrong with the chain.
        what: &'static str,
    },
    /// An XPath transform whose expression is not one of the idioms that leave signatures out
    /// (`not(ancestor-or-self::ds:Signature)` and the enveloped-signature expression of XMLDSig),
    /// with `ds` bound to the XMLDSig namespace: no other XPath is run.
    #[error("XPath transform at {pos} is not supported ({reason}): {expression:?}")]
    XPathNotSupported {
        /// Where the `XPath` element is.
        pos: TextPos,
        /// The expression (its first 200 characters).
        expression: String,
        /// Why it is not one of the idioms.
        reason: String,
    },
    /// The output of a canonicalization that another transform follows cannot be read as XML
    /// again (with the reader's default, secure limits).
    #[error(
        "reference at {pos}: the output of a canonicalization cannot be read again for the next transform: {source}"
    )]
    TransformOutput {
        /// Where the `Reference` is.
        pos: TextPos,
        /// Why the canonical bytes were refused.
        source: XmlError,
    },
    /// After a canonicalization, the signature an enveloped-signature transform removes cannot be
    /// told apart in the data read again (the copy does not match the node-set it was made from).
    #[error(
        "reference at {pos}: the signature to remove cannot be identified in the re-read output of a canonicalization"
    )]
    SignatureNotIdentified {
        /// Where the `Reference` is.
        pos: TextPos,
    },
    /// `DigestValue` or `SignatureValue` is not base64.
    #[error("{element} at {pos} is not valid base64")]
    Base64 {
        /// Where the element is.
        pos: TextPos,
        /// The element's name.
        element: &'static str,
    },
    /// The digest of the referenced data does not match: the data was changed.
    #[error("reference {uri:?} at {pos}: digest does not match, the signed data was changed")]
    DigestMismatch {
        /// Where the `Reference` is.
        pos: TextPos,
        /// Its `URI` attribute.
        uri: String,
    },
    /// The signature verified under a pinned RSA key below the minimum, which only the legacy
    /// option accepts.
    #[error(
        "signature at {pos}: the {bits}-bit RSA key is below the minimum of {minimum} bits (accepted only for old documents, with legacy SHA-1 allowed)"
    )]
    WeakKey {
        /// Where the `Signature` is.
        pos: TextPos,
        /// The key's size, in bits.
        bits: usize,
        /// The smallest size accepted without the legacy option, in bits.
        minimum: usize,
    },
    /// The signature value does not verify under any trusted key.
    #[error("signature at {pos} does not verify with {tried} trusted key(s): {reason}")]
    BadSignature {
        /// Where the `Signature` is.
        pos: TextPos,
        /// How many trusted keys were tried.
        tried: usize,
        /// Why the last one failed.
        reason: CryptoError,
    },
    /// A key in `KeyInfo` cannot be read, or disagrees with the key that verified the signature.
    #[error("KeyInfo at {pos}: {reason}")]
    KeyInfo {
        /// Where the `KeyInfo` is.
        pos: TextPos,
        /// What is wrong with the key.
        reason: CryptoError,
    },
    /// A required element is signed but not where the caller expects it (signature wrapping).
    #[error("the element with Id {id:?} at {pos} is at {found:?}, not where it belongs")]
    Misplaced {
        /// Where the element is.
        pos: TextPos,
        /// Its Id value.
        id: String,
        /// Where it is: local names from below the root element down, `/`-separated.
        found: String,
    },
    /// A `KeyValue` in `KeyInfo` is not the key that verified the signature (a swapped key).
    #[error("KeyValue at {pos} disagrees with the trusted key that verified the signature")]
    KeyValueMismatch {
        /// Where the `KeyValue` is.
        pos: TextPos,
    },
    /// The signed `SigningTime` is not a date-time.
    #[error("SigningTime {text:?} of the signature at {pos} is not a date-time")]
    SigningTime {
        /// Where the `Signature` is.
        pos: TextPos,
        /// The `SigningTime` text.
        text: String,
    },
    /// The signature uses an algorithm the caller did not allow.
    #[error("signature at {pos} uses {uri:?}, which the caller does not allow")]
    DisallowedAlgorithm {
        /// Where the `Signature` is.
        pos: TextPos,
        /// The algorithm identifier.
        uri: String,
    },
    /// The signature is not where the caller expects signatures, or shares its place with another.
    #[error("signature at {pos} is not in an expected place ({place})")]
    UnexpectedPlace {
        /// Where the `Signature` is.
        pos: TextPos,
        /// Where it was found, or why its place is taken.
        place: String,
    },
    /// No key to verify with: keys come from the caller, never from KeyInfo alone.
    #[error("signature at {pos}: no trusted key to verify with")]
    NoTrustedKey {
        /// Where the `Signature` is.
        pos: TextPos,
    },
    /// A signature does not cover an element the caller requires it to.
    #[error("signature at {pos} does not cover the element with Id {id:?}")]
    NotCovered {
        /// Where the `Signature` is.
        pos: TextPos,
        /// The Id of the element it should cover.
        id: String,
    },
    /// The element a signature should be placed in does not exist.
    #[error("no element at {path:?} below the root element (looked in the element at {pos})")]
    Placement {
        /// The last element found on the way.
        pos: TextPos,
        /// The path asked for, `/`-separated.
        path: String,
    },
    /// A signing request that cannot be carried out.
    #[error("cannot sign: {0}")]
    InvalidRequest(&'static str),
    /// The signer (key, token, remote service) failed, or its key is unusable.
    #[error("signer failed: {0}")]
    Signing(CryptoError),
    /// Canonicalization failed.
    #[error("signature at {pos}: {source}")]
    C14n {
        /// Where the `Signature` is.
        pos: TextPos,
        /// The canonicalization error.
        source: C14nError,
    },
}

impl DsigError {
    /// A stable, machine-readable name for the kind of failure (for JSON, bindings, reports).
    pub fn code(&self) -> Code {
        match self {
            DsigError::Xml(error) => error.code(),
            DsigError::NoSignature => Code::NoSignature,
            DsigError::Structure { .. } => Code::MalformedSignature,
            DsigError::UnsupportedAlgorithm { .. } => Code::UnsupportedAlgorithm,
            DsigError::WeakAlgorithm { .. } => Code::WeakAlgorithm,
            DsigError::UnsupportedReference { .. } => Code::UnsupportedReference,
            DsigError::UnresolvedReference { .. } => Code::UnresolvedReference,
            DsigError::DuplicateId { .. } => Code::DuplicateId,
            DsigError::TooManyReferences { .. } => Code::TooManyReferences,
            DsigError::TooManyTransforms { .. } => Code::TooManyTransforms,
            DsigError::TooManySignatures { .. } => Code::TooManySignatures,
            DsigError::TooManyPrefixes { .. } => Code::TooManyPrefixes,
            DsigError::TooManyKeyCandidates { .. } => Code::TooManyKeyCandidates,
            DsigError::KeyTryBudget { .. } => Code::KeyTryBudget,
            DsigError::CanonicalizationBudget { .. } => Code::CanonicalizationBudget,
            DsigError::UnsupportedTransforms { .. } => Code::UnsupportedTransforms,
            DsigError::XPathNotSupported { .. } => Code::XPathNotSupported,
            DsigError::TransformOutput { .. } => Code::TransformOutput,
            DsigError::SignatureNotIdentified { .. } => Code::SignatureNotIdentified,
            DsigError::Base64 { .. } => Code::Base64,
            DsigError::DigestMismatch { .. } => Code::DigestMismatch,
            DsigError::BadSignature { .. } => Code::BadSignature,
            DsigError::WeakKey { .. } => Code::WeakKey,
            DsigError::NotCovered { .. } => Code::NotCovered,
            DsigError::Misplaced { .. } => Code::Misplaced,
            DsigError::KeyInfo { .. } => Code::KeyInfo,
            DsigError::KeyValueMismatch { .. } => Code::KeyValueMismatch,
            DsigError::SigningTime { .. } => Code::SigningTime,
            DsigError::DisallowedAlgorithm { .. } => Code::DisallowedAlgorithm,
            DsigError::UnexpectedPlace { .. } => Code::UnexpectedPlace,
            DsigError::NoTrustedKey { .. } => Code::NoTrustedKey,
            DsigError::Placement { .. } => Code::Placement,
            DsigError::InvalidRequest(_) => Code::InvalidRequest,
            // What the user must do about a token (another PIN, the token put back) is in its code.
            #[cfg(feature = "pkcs11")]
            DsigError::Signing(CryptoError::Token(error)) => error.code(),
            DsigError::Signing(_) => Code::SigningFailed,
            DsigError::C14n { source, .. } => source.code(),
        }
    }
}

/// The XMLDSig syntax rule a signature breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StructureError {
    /// A required element is missing (its name).
    #[error("missing <{0}>")]
    Missing(&'static str),
    /// An element XMLDSig does not allow here (its name).
    #[error("unexpected <{0}>")]
    Unexpected(String),
    /// An element allowed once appears more than once (its name).
    #[error("<{0}> appears more than once")]
    Repeated(&'static str),
    /// Non-white-space text in an element that allows only elements (its name).
    #[error("text is not allowed in <{0}>")]
    Text(&'static str),
    /// A comment or processing instruction inside a signature element (its name).
    #[error("comments and processing instructions are not allowed in <{0}>")]
    CommentOrPi(&'static str),
    /// An element lacks a required attribute.
    #[error("<{element}> lacks its {attribute} attribute")]
    MissingAttribute {
        /// The element's name.
        element: &'static str,
        /// The missing attribute's name.
        attribute: &'static str,
    },
    /// Any other breach, described.
    #[error("{0}")]
    Invalid(&'static str),
}
