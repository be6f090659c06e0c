use std::borrow::Cow;
use std::fmt;

use super::TextPos;

/// The XML namespace, bound to the prefix `xml` in every document.
pub const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of namespace declarations, bound to the prefix `xmlns`.
pub const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// A parsed, read-only XML document.
///
/// Nodes live in one array in document order, so an element's descendants are the nodes right after
/// it up to its `subtree_end`. Names are spans of the input, and so is text wherever no reference
/// or line ending had to be replaced: node records stay small (52 bytes) and hold no allocation of
/// their own. Build one with [`Document::parse`].
pub struct Document<'input> {
    pub(crate) text: &'input str,
    pub(crate) nodes: Vec<NodeData>,
    pub(crate) attributes: Vec<AttributeData>,
    pub(crate) namespaces: Vec<NamespaceDecl<'input>>,
    /// Text and attribute values that differ from their bytes in the input.
    pub(crate) replaced: Vec<String>,
}

/// Index of a node in its [`Document`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub(crate) u32);

impl NodeId {
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index into `Document::namespaces`, or one of the two sentinels below.
pub(crate) type NsIndex = u32;
pub(crate) const NO_NAMESPACE: NsIndex = u32::MAX;
pub(crate) const XML_NS_INDEX: NsIndex = u32::MAX - 1;
pub(crate) const NO_PARENT: u32 = u32::MAX;

/// Bytes `start..end` of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl Span {
    pub(crate) fn new(start: usize, end: usize) -> Self {
        Span { start: start as u32, end: end as u32 }
    }
}

/// Character data of a node or attribute value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Chars {
    /// As it is in the input.
    Input(Span),
    /// Changed by reading (references replaced, line ends or white space normalized): index
    /// into `Document::replaced`.
    Replaced(u32),
}

/// A qualified name in the input: `prefix:local` or `local`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QName {
    pub(crate) start: u32,
    /// Where the local part starts: `start` when there is no prefix, else just after the colon.
    pub(crate) local: u32,
    pub(crate) end: u32,
}

impl QName {
    pub(crate) fn prefix_span(self) -> Span {
        Span { start: self.start, end: if self.local == self.start { self.start } else { self.local - 1 } }
    }

    pub(crate) fn local_span(self) -> Span {
        Span { start: self.local, end: self.end }
    }

    /// The whole name.
    pub(crate) fn span(self) -> Span {
        Span { start: self.start, end: self.end }
    }

    pub(crate) fn has_prefix(self) -> bool {
        self.local != self.start
    }
}

pub(crate) struct NodeData {
    pub(crate) kind: NodeKind,
    /// Index of the parent node; `NO_PARENT` for the document node.
    pub(crate) parent: u32,
    /// One past the index of this node's last descendant.
    pub(crate) subtree_end: u32,
    /// Byte offset of the node's start in the input.
    pub(crate) offset: u32,
    /// Byte offset just past the node's markup (an element's end tag included).
    pub(crate) end: u32,
}

#[derive(Clone, Copy)]
pub(crate) enum NodeKind {
    Root,
    Element(ElementData),
    Text(Chars),
    Comment(Chars),
    ProcessingInstruction { target: Span, data: Chars },
}

#[derive(Clone, Copy)]
pub(crate) struct ElementData {
    pub(crate) name: QName,
    pub(crate) namespace: NsIndex,
    pub(crate) attributes: Span,
    /// The namespace declarations made on this element (not the inherited ones): indexes into
    /// `Document::namespaces`.
    pub(crate) declarations: Span,
}

#[derive(Clone, Copy)]
pub(crate) struct AttributeData {
    /// Also where the attribute starts.
    pub(crate) name: QName,
    pub(crate) namespace: NsIndex,
    pub(crate) value: Chars,
}

/// A namespace declaration: `xmlns="uri"` (empty prefix) or `xmlns:prefix="uri"`.
/// An empty `uri` on the empty prefix is the undeclaration `xmlns=""`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceDecl<'input> {
    pub(crate) prefix: &'input str,
    pub(crate) uri: Cow<'input, str>,
}

impl NamespaceDecl<'_> {
    /// The declared prefix; empty for the default namespace.
    pub fn prefix(&self) -> &str {
        self.prefix
    }

    /// The namespace name; empty for `xmlns=""`.
    pub fn uri(&self) -> &str {
        &self.uri
    }
}

/// The kind of a [`Node`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeType {
    /// The document node: parent of the root element and of top-level comments and PIs.
    Root,
    /// An element.
    Element,
    /// Character data (text, CDATA sections included, with references replaced).
    Text,
    /// A comment.
    Comment,
    /// A processing instruction.
    ProcessingInstruction,
}

/// A cheap handle to a node of a [`Document`].
#[derive(Clone, Copy)]
pub struct Node<'a, 'input> {
    doc: &'a Document<'input>,
    id: NodeId,
}

/// An attribute of an element (namespace declarations are not attributes; see
/// [`Node::namespace_declarations`]).
#[derive(Clone, Copy)]
pub struct Attribute<'a, 'input> {
    doc: &'a Document<'input>,
    data: &'a AttributeData,
}

impl<'input> Document<'input> {
    /// The document node (parent of the root element and of top-level comments and PIs).
    pub fn root(&self) -> Node<'_, 'input> {
        self.node(NodeId(0))
    }

    /// The document element.
    pub fn root_element(&self) -> Node<'_, 'input> {
        self.root().children().find(|n| n.is_element()).expect("the parser guarantees a root element")
    }

    /// The node with this id.
    ///
    /// # Panics
    /// If `id` came from another document with more nodes.
    pub fn node(&self, id: NodeId) -> Node<'_, 'input> {
        assert!(id.index() < self.nodes.len(), "node id from another document");
        Node { doc: self, id }
    }

    /// All nodes in document order, the document node first.
    pub fn descendants(&self) -> impl Iterator<Item = Node<'_, 'input>> {
        self.root().descendants()
    }

    /// How many nodes the document has (the document node included).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The input text the document was parsed from (after a byte order mark, if any).
    pub fn input_text(&self) -> &'input str {
        self.text
    }

    /// Line and column of a byte offset in [`Document::input_text`].
    pub fn text_pos_at(&self, offset: usize) -> TextPos {
        TextPos::at(self.text, offset)
    }

    pub(crate) fn namespace_uri(&self, index: NsIndex) -> Option<&str> {
        match index {
            NO_NAMESPACE => None,
            XML_NS_INDEX => Some(XML_NAMESPACE),
            i => Some(&self.namespaces[i as usize].uri),
        }
    }

    pub(crate) fn data(&self, id: NodeId) -> &NodeData {
        &self.nodes[id.index()]
    }

    pub(crate) fn span(&self, span: Span) -> &'input str {
        &self.text[span.start as usize..span.end as usize]
    }

    pub(crate) fn chars(&self, chars: Chars) -> &str {
        match chars {
            Chars::Input(span) => self.span(span),
            Chars::Replaced(index) => &self.replaced[index as usize],
        }
    }
}

impl fmt::Debug for Document<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document").field("nodes", &self.nodes.len()).finish_non_exhaustive()
    }
}

impl<'a, 'input> Node<'a, 'input> {
    /// The node's id, to find it again with [`Document::node`].
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The document the node belongs to.
    pub fn document(&self) -> &'a Document<'input> {
        self.doc
    }

    fn data(&self) -> &'a NodeData {
        &self.doc.nodes[self.id.index()]
    }

    fn element(&self) -> Option<&'a ElementData> {
        match &self.data().kind {
            NodeKind::Element(e) => Some(e),
            _ => None,
        }
    }

    /// What kind of node this is.
    pub fn node_type(&self) -> NodeType {
        match self.data().kind {
            NodeKind::Root => NodeType::Root,
            NodeKind::Element(_) => NodeType::Element,
            NodeKind::Text(_) => NodeType::Text,
            NodeKind::Comment(_) => NodeType::Comment,
            NodeKind::ProcessingInstruction { .. } => NodeType::ProcessingInstruction,
        }
    }

    /// Whether this node is an element.
    pub fn is_element(&self) -> bool {
        matches!(self.data().kind, NodeKind::Element(_))
    }

    /// The element's local name; empty for other nodes.
    pub fn local_name(&self) -> &'a str {
        self.element().map_or("", |e| self.doc.span(e.name.local_span()))
    }

    /// The element's prefix as written; empty when it has none or is not an element.
    pub fn prefix(&self) -> &'a str {
        self.element().map_or("", |e| self.doc.span(e.name.prefix_span()))
    }

    /// The element's namespace name, if it is in one.
    pub fn namespace(&self) -> Option<&'a str> {
        self.element().and_then(|e| self.doc.namespace_uri(e.namespace))
    }

    /// Whether this is an element with this namespace (`None`: no namespace) and local name.
    pub fn has_name(&self, namespace: Option<&str>, local_name: &str) -> bool {
        self.is_element() && self.local_name() == local_name && self.namespace() == namespace
    }

    /// The element's attributes in document order, namespace declarations excluded; none for
    /// other nodes.
    pub fn attributes(&self) -> impl ExactSizeIterator<Item = Attribute<'a, 'input>> + 'a {
        let doc = self.doc;
        let range = self.element().map_or(0..0, |e| e.attributes.start as usize..e.attributes.end as usize);
        doc.attributes[range].iter().map(move |data| Attribute { doc, data })
    }

    /// The value of the attribute with this namespace (`None`: unprefixed) and local name.
    pub fn attribute(&self, namespace: Option<&str>, local_name: &str) -> Option<&'a str> {
        self.attributes().find(|a| a.local_name() == local_name && a.namespace() == namespace).map(|a| a.value())
    }

    /// The namespace declarations written on this element.
    pub fn namespace_declarations(&self) -> &'a [NamespaceDecl<'input>] {
        self.element().map_or(&[], |e| &self.doc.namespaces[e.declarations.start as usize..e.declarations.end as usize])
    }

    /// The namespace bound to `prefix` (empty: the default namespace) in scope at this element.
    pub fn lookup_namespace(&self, prefix: &str) -> Option<&'a str> {
        if prefix == "xml" {
            return Some(XML_NAMESPACE);
        }
        for node in self.ancestors_or_self() {
            if let Some(d) = node.namespace_declarations().iter().rev().find(|d| d.prefix == prefix) {
                return (!d.uri.is_empty()).then_some(&*d.uri);
            }
        }
        None
    }

    /// Text of a text node, content of a comment, data of a processing instruction.
    pub fn text(&self) -> Option<&'a str> {
        match &self.data().kind {
            &NodeKind::Text(chars) | &NodeKind::Comment(chars) => Some(self.doc.chars(chars)),
            &NodeKind::ProcessingInstruction { data, .. } => Some(self.doc.chars(data)),
            _ => None,
        }
    }

    /// Target of a processing instruction.
    pub fn pi_target(&self) -> Option<&'a str> {
        match &self.data().kind {
            &NodeKind::ProcessingInstruction { target, .. } => Some(self.doc.span(target)),
            _ => None,
        }
    }

    /// The parent node; `None` for the document node.
    pub fn parent(&self) -> Option<Node<'a, 'input>> {
        let parent = self.data().parent;
        (parent != NO_PARENT).then_some(Node { doc: self.doc, id: NodeId(parent) })
    }

    /// This node, then its parent, and so on up to the document node.
    pub fn ancestors_or_self(&self) -> impl Iterator<Item = Node<'a, 'input>> + use<'a, 'input> {
        std::iter::successors(Some(*self), |n| n.parent())
    }

    /// The node's children in document order.
    pub fn children(&self) -> impl Iterator<Item = Node<'a, 'input>> + use<'a, 'input> {
        let doc = self.doc;
        let end = self.data().subtree_end;
        let mut next = self.id.0 + 1;
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let id = NodeId(next);
                next = doc.nodes[next as usize].subtree_end;
                Node { doc, id }
            })
        })
    }

    /// This node and all nodes below it, in document order.
    pub fn descendants(&self) -> impl Iterator<Item = Node<'a, 'input>> + use<'a, 'input> {
        let doc = self.doc;
        (self.id.0..self.data().subtree_end).map(move |i| Node { doc, id: NodeId(i) })
    }

    /// Whether `other` is this node or one of its descendants.
    pub fn contains(&self, other: NodeId) -> bool {
        (self.id.0..self.data().subtree_end).contains(&other.0)
    }

    /// Byte offset of the node's start in the input.
    pub fn offset(&self) -> usize {
        self.data().offset as usize
    }

    /// The bytes of the input the node was read from: an element's from its start tag through
    /// its end tag; the document node's, all of it.
    pub fn byte_range(&self) -> std::ops::Range<usize> {
        self.offset()..self.data().end as usize
    }

    /// Line and column of the node's start.
    pub fn text_pos(&self) -> TextPos {
        self.doc.text_pos_at(self.offset())
    }

    /// The element's name as written (`prefix:local` or `local`).
    pub fn qualified_name(&self) -> String {
        match self.prefix() {
            "" => self.local_name().to_owned(),
            p => format!("{p}:{}", self.local_name()),
        }
    }
}

impl fmt::Debug for Node<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.node_type() {
            NodeType::Element => {
                write!(f, "Element({{{}}}{} at {})", self.namespace().unwrap_or(""), self.local_name(), self.text_pos())
            }
            t => write!(f, "{t:?}(at {})", self.text_pos()),
        }
    }
}

impl<'a> Attribute<'a, '_> {
    /// The attribute's local name.
    pub fn local_name(&self) -> &'a str {
        self.doc.span(self.data.name.local_span())
    }

    /// The attribute's prefix as written; empty when it has none.
    pub fn prefix(&self) -> &'a str {
        self.doc.span(self.data.name.prefix_span())
    }

    /// The attribute's namespace; `None` for unprefixed attributes.
    pub fn namespace(&self) -> Option<&'a str> {
        self.doc.namespace_uri(self.data.namespace)
    }

    /// The normalized value (references replaced, white space characters turned into spaces).
    pub fn value(&self) -> &'a str {
        self.doc.chars(self.data.value)
    }

    /// Line and column of the attribute's name.
    pub fn text_pos(&self) -> TextPos {
        self.doc.text_pos_at(self.data.name.start as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_stay_small() {
        // Every parse writes one node record per element, text, comment and PI, and one attribute
        // record per attribute: their size is much of a parse's memory traffic.
        assert_eq!(std::mem::size_of::<NodeData>(), 52);
        assert_eq!(std::mem::size_of::<AttributeData>(), 28);
    }
}
