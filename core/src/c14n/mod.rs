//! XML canonicalization, byte-exact with the W3C recommendations:
//! - Canonical XML 1.0 ([`Algorithm::C14n10`]),
//! - Canonical XML 1.1 ([`Algorithm::C14n11`]),
//! - Exclusive XML Canonicalization 1.0 ([`Algorithm::ExcC14n`]),
//!
//! each with and without comments, over a whole document or a document subset ([`Subset`]: an
//! element and its descendants, optionally minus some descendants' subtrees, which is what XMLDSig
//! same-document references and the enveloped-signature transform produce). The output is
//! streamed to any [`std::io::Write`]: a digest can consume it without the bytes ever being
//! collected.
//!
//! # Example
//!
//! The canonical form of the element a signature's `URI="#data-1"` selects, by exclusive C14N
//! (as `hocba c14n --algorithm exc-c14n --subtree-id data-1` writes it):
//!
//! ```
//! use hocba::c14n::{Algorithm, Method, Subset, canonicalize, canonicalize_to_vec};
//! use hocba::xml::{Document, first_element_named};
//!
//! let xml = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml"))?;
//! let doc = Document::parse(&xml)?;
//! let data = first_element_named(&doc, "{urn:hocba:vi-du:1.0}DuLieuHocBa")?.expect("the sample has it");
//! let canonical = canonicalize_to_vec(&doc, &Subset::element(data)?, &Method::new(Algorithm::ExcC14n))?;
//! assert!(canonical.starts_with(b"<DuLieuHocBa xmlns=\"urn:hocba:vi-du:1.0\" Id=\"data-1\""));
//!
//! // Or streamed: the whole document, with comments, into any writer.
//! let mut out = Vec::new();
//! canonicalize(&doc, &Subset::document(&doc), &Method::new(Algorithm::C14n10WithComments), &mut out)?;
//! assert!(out.starts_with(b"<!-- "));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod uri;

mod writer;

use std::io::Write;

pub use error::C14nError;

use crate::xml::{Document, Node, NodeId};

/// A canonicalization algorithm, identified in XMLDSig by its URI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// Canonical XML 1.0, comments omitted.
    C14n10,
    /// Canonical XML 1.0 with comments.
    C14n10WithComments,
    /// Canonical XML 1.1, comments omitted.
    C14n11,
    /// Canonical XML 1.1 with comments.
    C14n11WithComments,
    /// Exclusive XML Canonicalization 1.0, comments omitted.
    ExcC14n,
    /// Exclusive XML Canonicalization 1.0 with comments.
    ExcC14nWithComments,
}

impl Algorithm {
    /// Every algorithm, in the order of the CLI's short names.
    pub const ALL: [Algorithm; 6] = [
        Algorithm::C14n10,
        Algorithm::C14n10WithComments,
        Algorithm::ExcC14n,
        Algorithm::ExcC14nWithComments,
        Algorithm::C14n11,
        Algorithm::C14n11WithComments,
    ];

    /// The algorithm's identifier in XMLDSig.
    pub const fn uri(self) -> &'static str {
        match self {
            Algorithm::C14n10 => "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
            Algorithm::C14n10WithComments => "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
            Algorithm::C14n11 => "http://www.w3.org/2006/12/xml-c14n11",
            Algorithm::C14n11WithComments => "http://www.w3.org/2006/12/xml-c14n11#WithComments",
            Algorithm::ExcC14n => "http://www.w3.org/2001/10/xml-exc-c14n#",
            Algorithm::ExcC14nWithComments => "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
        }
    }

    /// The short name used by the CLI (`c14n`, `c14n-comments`, `exc-c14n`, ...).
    pub const fn short_name(self) -> &'static str {
        match self {
            Algorithm::C14n10 => "c14n",
            Algorithm::C14n10WithComments => "c14n-comments",
            Algorithm::C14n11 => "c14n11",
            Algorithm::C14n11WithComments => "c14n11-comments",
            Algorithm::ExcC14n => "exc-c14n",
            Algorithm::ExcC14nWithComments => "exc-c14n-comments",
        }
    }

    /// The algorithm with this XMLDSig URI.
    pub fn from_uri(uri: &str) -> Result<Self, C14nError> {
        Self::ALL.into_iter().find(|a| a.uri() == uri).ok_or_else(|| C14nError::UnsupportedAlgorithm(uri.to_owned()))
    }

    /// The algorithm with this short name or URI.
    pub fn from_name(name: &str) -> Result<Self, C14nError> {
        Self::ALL.into_iter().find(|a| a.short_name() == name).map_or_else(|| Self::from_uri(name), Ok)
    }

    /// Whether comments are kept.
    pub const fn with_comments(self) -> bool {
        matches!(self, Algorithm::C14n10WithComments | Algorithm::C14n11WithComments | Algorithm::ExcC14nWithComments)
    }

    /// Whether this is Exclusive XML Canonicalization.
    pub const fn is_exclusive(self) -> bool {
        matches!(self, Algorithm::ExcC14n | Algorithm::ExcC14nWithComments)
    }

    /// The same algorithm without comments: XMLDSig same-document references drop comments
    /// before the transforms run.
    pub const fn without_comments(self) -> Self {
        match self {
            Algorithm::C14n10 | Algorithm::C14n10WithComments => Algorithm::C14n10,
            Algorithm::C14n11 | Algorithm::C14n11WithComments => Algorithm::C14n11,
            Algorithm::ExcC14n | Algorithm::ExcC14nWithComments => Algorithm::ExcC14n,
        }
    }
}

/// An algorithm with its parameters: the `InclusiveNamespaces PrefixList` of exclusive C14N.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Method {
    algorithm: Algorithm,
    inclusive_prefixes: Vec<String>,
}

impl Method {
    /// The algorithm without parameters.
    pub fn new(algorithm: Algorithm) -> Self {
        Method { algorithm, inclusive_prefixes: Vec::new() }
    }

    /// Exclusive C14N with an `InclusiveNamespaces PrefixList`: white-space separated prefixes,
    /// `#default` for the default namespace. Refused for the inclusive algorithms, which have no
    /// such parameter.
    pub fn exclusive_with_prefixes(algorithm: Algorithm, prefix_list: &str) -> Result<Self, C14nError> {
        if !algorithm.is_exclusive() {
            return Err(C14nError::PrefixListNotExclusive(algorithm));
        }
        let mut inclusive_prefixes = Vec::new();
        for token in prefix_list.split_ascii_whitespace() {
            let prefix = match token {
                "#default" => "",
                p if crate::xml::is_ncname(p) => p,
                p => return Err(C14nError::InvalidPrefix(p.to_owned())),
            };
            inclusive_prefixes.push(prefix.to_owned());
        }
        // Sorted, so the canonicalizer finds a prefix by binary search.
        inclusive_prefixes.sort_unstable();
        inclusive_prefixes.dedup();
        Ok(Method { algorithm, inclusive_prefixes })
    }

    /// The same method without comments (same-document references select no comments).
    pub fn without_comments(&self) -> Self {
        Method { algorithm: self.algorithm.without_comments(), inclusive_prefixes: self.inclusive_prefixes.clone() }
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The inclusive prefixes (`""` for `#default`), sorted, each once.
    pub fn inclusive_prefixes(&self) -> &[String] {
        &self.inclusive_prefixes
    }
}

impl From<Algorithm> for Method {
    fn from(algorithm: Algorithm) -> Self {
        Method::new(algorithm)
    }
}

/// Which part of a document to canonicalize.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subset {
    apex: NodeId,
    excluded: Vec<NodeId>,
}

impl Subset {
    /// The whole document, comments and processing instructions outside the root element included.
    pub fn document(doc: &Document<'_>) -> Self {
        Subset { apex: doc.root().id(), excluded: Vec::new() }
    }

    /// An element with all its descendants, attributes and namespaces (what `URI="#id"` selects).
    pub fn element(element: Node<'_, '_>) -> Result<Self, C14nError> {
        if !element.is_element() {
            return Err(C14nError::NotAnElement { pos: element.text_pos() });
        }
        Ok(Subset { apex: element.id(), excluded: Vec::new() })
    }

    /// The same subset without `node` and its descendants (the enveloped-signature transform
    /// removes the Signature element this way). `node` must lie strictly inside the subset.
    pub fn excluding(mut self, node: Node<'_, '_>) -> Result<Self, C14nError> {
        let apex = node.document().node(self.apex);
        if node.id() == self.apex || !apex.contains(node.id()) {
            return Err(C14nError::ExclusionOutsideSubset { pos: node.text_pos() });
        }
        if let Err(at) = self.excluded.binary_search(&node.id()) {
            self.excluded.insert(at, node.id());
        }
        Ok(self)
    }

    /// The node the subset starts at: the document node or an element.
    pub fn apex(&self) -> NodeId {
        self.apex
    }
}

/// Writes the canonical form of `subset` of `doc` to `out`.
///
/// The output is buffered internally and flushed before returning; on error, what was written
/// so far must be discarded (it is not a canonical form of anything).
pub fn canonicalize<W: Write>(doc: &Document<'_>, subset: &Subset, method: &Method, out: W) -> Result<(), C14nError> {
    writer::Canonicalizer::new(doc, method, out, OUTPUT_BUFFER_BYTES).run(subset, &mut Budget::new(u64::MAX))?;
    Ok(())
}

/// Output is handed to the writer in blocks of about this size (an element's tag is a few bytes).
const OUTPUT_BUFFER_BYTES: usize = 32 * 1024;

/// The canonical form of `subset` as bytes.
pub fn canonicalize_to_vec(doc: &Document<'_>, subset: &Subset, method: &Method) -> Result<Vec<u8>, C14nError> {
    canonicalize_within(doc, subset, method, &mut Budget::new(u64::MAX))
}

/// [`canonicalize_to_vec`], the work charged to `budget`: [`C14nError::BudgetExceeded`] once
/// it is spent.
pub(crate) fn canonicalize_within(
    doc: &Document<'_>,
    subset: &Subset,
    method: &Method,
    budget: &mut Budget,
) -> Result<Vec<u8>, C14nError> {
    writer::Canonicalizer::new(doc, method, std::io::sink(), usize::MAX).run(subset, budget)
}

/// A bound on the work of several canonicalizations together (all those one document's
/// verification runs), counted as canonical bytes produced, one for each node passed over, and
/// the namespace declarations and attributes read without being output.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Budget {
    limit: u64,
    spent: u64,
}

impl Budget {
    pub(crate) fn new(limit: u64) -> Self {
        Budget { limit, spent: 0 }
    }
}
