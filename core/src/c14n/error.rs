use crate::xml::TextPos;

use super::Algorithm;

/// Why a document or subset could not be canonicalized.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum C14nError {
    /// The URI names no canonicalization algorithm we implement.
    #[error("unsupported canonicalization algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    /// An InclusiveNamespaces PrefixList was given to an inclusive algorithm.
    #[error("{} takes no InclusiveNamespaces PrefixList", .0.uri())]
    PrefixListNotExclusive(Algorithm),
    /// A PrefixList token is neither `#default` nor an NCName.
    #[error("InclusiveNamespaces PrefixList entry {0:?} is not a prefix")]
    InvalidPrefix(String),
    /// A subset must start at the document or an element.
    #[error("node at {pos} is not an element")]
    NotAnElement {
        /// Where the node is.
        pos: TextPos,
    },
    /// An excluded node must be a proper descendant of the subset's apex.
    #[error("node at {pos} to exclude is not inside the subset")]
    ExclusionOutsideSubset {
        /// Where the node is.
        pos: TextPos,
    },
    /// Canonical XML is undefined for relative namespace URIs (C14N 1.0 section 2, XMLDSig 4.4.3.3).
    #[error("relative namespace URI {uri:?} at {pos} cannot be canonicalized")]
    RelativeNamespaceUri {
        /// The namespace URI as declared.
        uri: String,
        /// Where the declaration is.
        pos: TextPos,
    },
    /// The work allowed for one document (canonical bytes, nodes passed over and declarations
    /// and attributes read, summed over
    /// its canonicalizations) is spent: a hostile document would otherwise cost unbounded time.
    #[error("canonicalization stopped: the document's work budget of {limit} bytes is spent")]
    BudgetExceeded {
        /// The budget, in bytes.
        limit: u64,
    },
    /// Writing the output failed.
    #[error("writing canonical output failed: {0}")]
    Io(#[from] std::io::Error),
}

impl C14nError {
    /// The stable code of this error.
    pub fn code(&self) -> crate::Code {
        match self {
            C14nError::UnsupportedAlgorithm(_) => crate::Code::UnsupportedAlgorithm,
            C14nError::BudgetExceeded { .. } => crate::Code::CanonicalizationBudget,
            C14nError::Io(_) => crate::Code::Io,
            _ => crate::Code::C14n,
        }
    }

    /// Which rule is broken, as a stable kebab-case name of the variant
    /// (`prefix-list-not-exclusive`, `relative-namespace-uri`, ...): finer than
    /// [`C14nError::code`], for callers that act on it.
    pub fn kind(&self) -> &'static str {
        match self {
            C14nError::UnsupportedAlgorithm(_) => "unsupported-algorithm",
            C14nError::PrefixListNotExclusive(_) => "prefix-list-not-exclusive",
            C14nError::InvalidPrefix(_) => "invalid-prefix",
            C14nError::NotAnElement { .. } => "not-an-element",
            C14nError::ExclusionOutsideSubset { .. } => "exclusion-outside-subset",
            C14nError::RelativeNamespaceUri { .. } => "relative-namespace-uri",
            C14nError::BudgetExceeded { .. } => "budget-exceeded",
            C14nError::Io(_) => "io",
        }
    }
}
