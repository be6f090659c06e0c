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

/// The first element (in document order) named `name`: `{namespace-uri}local-name`, or a bare
/// local name for an element in no namespace. `None` when there is none; an error when `name` is
/// neither form.
pub fn first_element_named<'a, 'i>(
    doc: &'a Document<'i>,
    name: &str,
) -> Result<Option<Node<'a, 'i>>, crate::InvalidSetting> {
    let (namespace, local) = match name.strip_prefix('{').and_then(|rest| rest.split_once('}')) {
        Some(("", local)) => (None, local),
        Some((namespace, local)) => (Some(namespace), local),
        None if !name.starts_with('{') => (None, name),
        None => return Err(crate::InvalidSetting::new("element", name, "{namespace-uri}local-name or local-name")),
    };
    Ok(doc.descendants().find(|node| node.has_name(namespace, local)))
}
