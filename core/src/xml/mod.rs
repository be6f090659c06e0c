//! Secure XML reading: a strict XML 1.0 + Namespaces reader that builds a cheap read-only tree.
//!
//! Secure by default: a DOCTYPE is refused ([`XmlError::DtdNotAllowed`]), no entity is ever
//! expanded beyond the five predefined ones and character references, nothing is fetched, and
//! every [`Limits`] breach is its own error with the line and column where it happened.

mod chars;
mod error;
mod parser;
mod scan;
mod tree;

pub use error::{Malformed, TextPos, XmlError};
pub use parser::{DoctypePolicy, Limits, ParseOptions};
pub use tree::{Attribute, Document, NamespaceDecl, Node, NodeId, NodeType, XML_NAMESPACE, XMLNS_NAMESPACE};

pub(crate) use chars::is_ncname;
pub(crate) use parser::check_size;
pub(crate) use scan::{ElementEnd, element_end, find_element_end, guess_last_element_end};
pub(crate) use tree::{NodeKind, Span};
