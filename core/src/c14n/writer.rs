//! The canonicalizer: one pass over the nodes of the subset in document order.
//!
//! Subsets are an apex (document or element) minus whole subtrees, so every output element other
//! than the apex has its parent in the output. Namespace handling therefore only needs, besides
//! the apex's inherited context, a stack of what has been rendered: a namespace node is written
//! when the nearest output ancestor did not render the same prefix with the same URI. For the
//! inclusive algorithms the candidates are the element's own declarations (at the apex: every
//! in-scope binding); for the exclusive one, the prefixes the element visibly uses plus the
//! InclusiveNamespaces list.

use std::collections::HashMap;
use std::io::Write;

use super::uri::join_xml_base;
use super::{Algorithm, Budget, C14nError, Method, Subset};
use crate::xml::{Document, NodeId, NodeKind, Span, XML_NAMESPACE};

pub(crate) struct Canonicalizer<'d, 'i, W: Write> {
    doc: &'d Document<'i>,
    algorithm: Algorithm,
    inclusive_prefixes: &'d [String],
    /// Output not yet handed to `sink`. Writing to a concrete Vec lets every small write inline;
    /// `sink` gets it in blocks of `flush_at` bytes.
    out: Vec<u8>,
    sink: W,
    flush_at: usize,
    /// Namespace bindings in scope (an empty URI on the empty prefix means no default namespace).
    in_scope: Bindings<'d>,
    /// Namespace nodes rendered by the open output elements.
    rendered: Bindings<'d>,
    /// Per open element: its end index and the lengths of `in_scope` and `rendered` before it.
    open: Vec<OpenElement>,
    namespaces_out: Vec<(&'d str, &'d str)>,
    attributes_out: Vec<OutputAttribute<'d>>,
    xml_base: String,
    /// Nodes passed over, namespace declarations and inherited attributes read (see
    /// [`declaration_work`], [`INHERITED_ATTRIBUTE_WORK`]), and bytes handed to `sink`, counted
    /// against `work_left`.
    read: u64,
    flushed: u64,
    work_left: u64,
    work_limit: u64,
}

/// Namespace bindings by prefix, the innermost for each, undone element by element: a lookup
/// costs the same however many bindings are in scope.
#[derive(Default)]
struct Bindings<'d> {
    current: HashMap<&'d str, &'d str>,
    /// Each binding made, with the one it hid.
    undo: Vec<(&'d str, Option<&'d str>)>,
}

impl<'d> Bindings<'d> {
    fn get(&self, prefix: &str) -> Option<&'d str> {
        self.current.get(prefix).copied()
    }

    fn push(&mut self, prefix: &'d str, uri: &'d str) {
        let hidden = self.current.insert(prefix, uri);
        self.undo.push((prefix, hidden));
    }

    fn len(&self) -> usize {
        self.undo.len()
    }

    /// Undoes the bindings made after the first `len`.
    fn truncate(&mut self, len: usize) {
        if len >= self.undo.len() {
            return;
        }
        for (prefix, hidden) in self.undo.drain(len..).rev() {
            match hidden {
                Some(uri) => self.current.insert(prefix, uri),
                None => self.current.remove(prefix),
            };
        }
    }

    fn clear(&mut self) {
        self.current.clear();
        self.undo.clear();
    }
}

struct OpenElement {
    /// Its name as written, for the end tag.
    name: Span,
    end: u32,
    in_scope_len: usize,
    rendered_len: usize,
}

struct OutputAttribute<'d> {
    namespace: &'d str,
    prefix: &'d str,
    local: &'d str,
    value: AttributeValue<'d>,
}

enum AttributeValue<'d> {
    Borrowed(&'d str),
    /// The fixed-up xml:base of a C14N 1.1 apex, kept in `Canonicalizer::xml_base`.
    XmlBase,
}

impl<'d, 'i, W: Write> Canonicalizer<'d, 'i, W> {
    /// `flush_at`: how many buffered bytes are handed to `sink` at a time (`usize::MAX`: none;
    /// [`Canonicalizer::run`] then returns the whole output).
    pub(crate) fn new(doc: &'d Document<'i>, method: &'d Method, sink: W, flush_at: usize) -> Self {
        Canonicalizer {
            doc,
            algorithm: method.algorithm(),
            inclusive_prefixes: method.inclusive_prefixes(),
            // Kept whole: sized in `run`, by the subset.
            out: Vec::with_capacity(if flush_at == usize::MAX { 0 } else { flush_at + 4096 }),
            sink,
            flush_at,
            in_scope: Bindings::default(),
            rendered: Bindings::default(),
            open: Vec::new(),
            namespaces_out: Vec::new(),
            attributes_out: Vec::new(),
            xml_base: String::new(),
            read: 0,
            flushed: 0,
            work_left: 0,
            work_limit: 0,
        }
    }

    /// Canonicalizes `subset`; returns what was not handed to the sink (everything when
    /// `flush_at` is `usize::MAX`, else nothing: the rest is written and the sink flushed).
    /// The work is charged to `budget`, when it fails too.
    pub(crate) fn run(mut self, subset: &Subset, budget: &mut Budget) -> Result<Vec<u8>, C14nError> {
        self.work_left = budget.limit.saturating_sub(budget.spent);
        self.work_limit = budget.limit;
        let result = self.canonicalize(subset);
        budget.spent = budget.spent.saturating_add(self.work_done());
        result?;
        Ok(self.out)
    }

    fn work_done(&self) -> u64 {
        self.read + self.flushed + self.out.len() as u64
    }

    fn canonicalize(&mut self, subset: &Subset) -> Result<(), C14nError> {
        let apex = subset.apex;
        if self.flush_at == usize::MAX {
            // The canonical form is about as long as the markup it comes from (a `SignedInfo`
            // is a few hundred bytes of a document of many kilobytes).
            self.out.reserve(self.doc.node(apex).byte_range().len());
        }
        if apex.index() == 0 {
            self.document(subset)?;
        } else {
            self.subtree(apex, &subset.excluded)?;
        }
        if self.flush_at == usize::MAX {
            return Ok(());
        }
        self.sink.write_all(&self.out)?;
        self.sink.flush()?;
        self.flushed += self.out.len() as u64;
        self.out.clear();
        Ok(())
    }

    /// After each node: counts it and its output against the budget, and hands a full block to
    /// the sink.
    fn step(&mut self) -> Result<(), C14nError> {
        self.read += 1;
        self.within_budget()?;
        if self.out.len() >= self.flush_at {
            self.sink.write_all(&self.out)?;
            self.flushed += self.out.len() as u64;
            self.out.clear();
        }
        Ok(())
    }

    fn within_budget(&self) -> Result<(), C14nError> {
        match self.work_done() > self.work_left {
            true => Err(C14nError::BudgetExceeded { limit: self.work_limit }),
            false => Ok(()),
        }
    }

    /// The whole document: the root element, and the comments and PIs around it, each separated
    /// from the root element by a line feed.
    fn document(&mut self, subset: &Subset) -> Result<(), C14nError> {
        let mut after_root = false;
        for child in self.doc.root().children() {
            let id = child.id();
            if subset.excluded.binary_search(&id).is_ok() {
                continue;
            }
            match &self.doc.data(id).kind {
                NodeKind::Element(_) => {
                    self.subtree(id, &subset.excluded)?;
                    after_root = true;
                }
                NodeKind::Comment(_) if !self.algorithm.with_comments() => {}
                NodeKind::Comment(_) | NodeKind::ProcessingInstruction { .. } => {
                    if after_root {
                        self.out.extend_from_slice(b"\n");
                    }
                    self.leaf(id)?;
                    if !after_root {
                        self.out.extend_from_slice(b"\n");
                    }
                }
                NodeKind::Root | NodeKind::Text(_) => {}
            }
            self.step()?;
        }
        Ok(())
    }

    fn subtree(&mut self, apex: NodeId, excluded: &[NodeId]) -> Result<(), C14nError> {
        self.inherit_context(apex);
        self.within_budget()?;
        let end = self.doc.data(apex).subtree_end;
        let mut i = apex.0;
        while i < end {
            while self.open.last().is_some_and(|e| e.end <= i) {
                self.end_element()?;
            }
            let id = NodeId(i);
            if !excluded.is_empty() && excluded.binary_search(&id).is_ok() {
                i = self.doc.data(id).subtree_end;
                continue;
            }
            match self.doc.data(id).kind {
                NodeKind::Element(_) => self.start_element(id, id == apex)?,
                NodeKind::Text(text) => escape_text(&mut self.out, self.doc.chars(text)),
                NodeKind::Comment(_) if !self.algorithm.with_comments() => {}
                NodeKind::Comment(_) | NodeKind::ProcessingInstruction { .. } => self.leaf(id)?,
                NodeKind::Root => {}
            }
            i += 1;
            self.step()?;
        }
        while !self.open.is_empty() {
            self.end_element()?;
        }
        Ok(())
    }

    /// Namespace bindings of the apex's ancestors, which the output does not contain but whose
    /// bindings the apex still has in scope.
    fn inherit_context(&mut self, apex: NodeId) {
        self.in_scope.clear();
        self.rendered.clear();
        let mut ancestors: Vec<NodeId> = self.doc.node(apex).ancestors_or_self().skip(1).map(|n| n.id()).collect();
        ancestors.reverse();
        for ancestor in ancestors {
            for decl in self.doc.node(ancestor).namespace_declarations() {
                self.read += declaration_work(decl.uri());
                self.in_scope.push(decl.prefix(), decl.uri());
            }
        }
    }

    fn leaf(&mut self, id: NodeId) -> Result<(), C14nError> {
        let doc = self.doc;
        match doc.data(id).kind {
            NodeKind::Comment(text) => {
                self.out.extend_from_slice(b"<!--");
                self.out.extend_from_slice(doc.chars(text).as_bytes());
                self.out.extend_from_slice(b"-->");
            }
            NodeKind::ProcessingInstruction { target, data } => {
                let data = doc.chars(data);
                self.out.extend_from_slice(b"<?");
                self.out.extend_from_slice(doc.span(target).as_bytes());
                if !data.is_empty() {
                    self.out.extend_from_slice(b" ");
                    self.out.extend_from_slice(data.as_bytes());
                }
                self.out.extend_from_slice(b"?>");
            }
            _ => {}
        }
        Ok(())
    }

    fn start_element(&mut self, id: NodeId, is_apex: bool) -> Result<(), C14nError> {
        let doc = self.doc;
        let node = doc.node(id);
        let data = doc.data(id);
        let NodeKind::Element(element) = &data.kind else { return Ok(()) };

        for decl in node.namespace_declarations() {
            let uri = decl.uri();
            self.read += declaration_work(uri);
            if !uri.is_empty() && !super::uri::has_scheme(uri) {
                return Err(C14nError::RelativeNamespaceUri { uri: uri.to_owned(), pos: node.text_pos() });
            }
        }

        self.open.push(OpenElement {
            name: element.name.span(),
            end: data.subtree_end,
            in_scope_len: self.in_scope.len(),
            rendered_len: self.rendered.len(),
        });
        for decl in node.namespace_declarations() {
            self.in_scope.push(decl.prefix(), decl.uri());
        }

        // Candidate namespace nodes, each prefix once.
        self.namespaces_out.clear();
        if self.algorithm.is_exclusive() {
            self.add_candidate_prefix(doc.span(element.name.prefix_span()));
            for attribute in node.attributes() {
                if !attribute.prefix().is_empty() {
                    self.add_candidate_prefix(attribute.prefix());
                }
            }
            if is_apex {
                for prefix in self.inclusive_prefixes {
                    self.add_candidate_prefix(prefix);
                }
            } else {
                // The parent rendered every inclusive prefix bound there as it is bound there, so
                // below the apex only one this element declares anew can need rendering: the
                // work stays linear in the input however long the PrefixList.
                for decl in node.namespace_declarations() {
                    if self.inclusive_prefixes.binary_search_by(|p| p.as_str().cmp(decl.prefix())).is_ok() {
                        self.add_candidate_prefix(decl.prefix());
                    }
                }
            }
            // A prefix has one binding, so its duplicates are equal.
            self.namespaces_out.sort_unstable_by(|a, b| a.0.cmp(b.0));
            self.namespaces_out.dedup_by(|a, b| a.0 == b.0);
        } else if is_apex {
            // Every binding in scope, the innermost for each prefix.
            self.namespaces_out.extend(self.in_scope.current.iter().map(|(&prefix, &uri)| (prefix, uri)));
        } else {
            for decl in node.namespace_declarations() {
                self.namespaces_out.push((decl.prefix(), decl.uri()));
            }
        }
        // Keep those the nearest output ancestor has not rendered the same way.
        let mut kept = 0;
        for i in 0..self.namespaces_out.len() {
            let (prefix, uri) = self.namespaces_out[i];
            let rendered = self.rendered.get(prefix);
            let superfluous = if prefix.is_empty() { uri == rendered.unwrap_or("") } else { rendered == Some(uri) };
            if !superfluous {
                self.namespaces_out[kept] = (prefix, uri);
                kept += 1;
                self.rendered.push(prefix, uri);
            }
        }
        self.namespaces_out.truncate(kept);
        self.namespaces_out.sort_unstable_by(|a, b| a.0.cmp(b.0));

        self.collect_attributes(id, is_apex);

        let out = &mut self.out;
        out.push(b'<');
        out.extend_from_slice(doc.span(element.name.span()).as_bytes());
        for &(prefix, uri) in &self.namespaces_out {
            if prefix.is_empty() {
                out.extend_from_slice(b" xmlns=\"");
            } else {
                out.extend_from_slice(b" xmlns:");
                out.extend_from_slice(prefix.as_bytes());
                out.extend_from_slice(b"=\"");
            }
            escape_attribute(out, uri);
            out.extend_from_slice(b"\"");
        }
        for attribute in &self.attributes_out {
            out.push(b' ');
            write_qname(out, attribute.prefix, attribute.local);
            out.extend_from_slice(b"=\"");
            let value = match attribute.value {
                AttributeValue::Borrowed(v) => v,
                AttributeValue::XmlBase => &self.xml_base,
            };
            escape_attribute(out, value);
            out.push(b'"');
        }
        out.push(b'>');
        Ok(())
    }

    /// For exclusive C14N: the binding of `prefix` in scope, as a candidate namespace node.
    fn add_candidate_prefix(&mut self, prefix: &'d str) {
        if prefix == "xml" {
            return;
        }
        match self.in_scope.get(prefix) {
            Some(uri) => self.namespaces_out.push((prefix, uri)),
            // An unbound default namespace is still "used" by an unprefixed element: it may
            // need `xmlns=""` to undo an ancestor's default.
            None if prefix.is_empty() => self.namespaces_out.push(("", "")),
            None => {}
        }
    }

    /// The element's attributes in canonical order, plus, at the apex of a subset under the
    /// inclusive algorithms, the xml:* attributes its omitted ancestors pass down.
    fn collect_attributes(&mut self, id: NodeId, is_apex: bool) {
        let doc = self.doc;
        let node = doc.node(id);
        self.attributes_out.clear();
        for attribute in node.attributes() {
            self.attributes_out.push(OutputAttribute {
                namespace: attribute.namespace().unwrap_or(""),
                prefix: attribute.prefix(),
                local: attribute.local_name(),
                value: AttributeValue::Borrowed(attribute.value()),
            });
        }
        let inherits = is_apex && !self.algorithm.is_exclusive() && node.parent().is_some_and(|p| p.is_element());
        let order = |a: &OutputAttribute<'_>, b: &OutputAttribute<'_>| {
            a.namespace.cmp(b.namespace).then_with(|| a.local.cmp(b.local))
        };
        if inherits {
            self.inherit_xml_attributes(id);
            // Of the same name, the element's own attribute, else the nearest ancestor's, came
            // first and is kept: the sort is stable.
            self.attributes_out.sort_by(order);
            self.attributes_out.dedup_by(|later, kept| later.namespace == kept.namespace && later.local == kept.local);
        } else {
            self.attributes_out.sort_unstable_by(order);
        }
    }

    fn inherit_xml_attributes(&mut self, id: NodeId) {
        let node = self.doc.node(id);
        let c14n11 = matches!(self.algorithm, Algorithm::C14n11 | Algorithm::C14n11WithComments);
        for ancestor in node.ancestors_or_self().skip(1) {
            for attribute in ancestor.attributes() {
                self.read += INHERITED_ATTRIBUTE_WORK;
                if attribute.namespace() != Some(XML_NAMESPACE) {
                    continue;
                }
                let local = attribute.local_name();
                // C14N 1.1: xml:lang and xml:space are inherited, xml:id is not, xml:base is fixed
                // up below, any other xml:* attribute is an ordinary attribute.
                if c14n11 && !matches!(local, "lang" | "space") {
                    continue;
                }
                self.attributes_out.push(OutputAttribute {
                    namespace: XML_NAMESPACE,
                    prefix: "xml",
                    local,
                    value: AttributeValue::Borrowed(attribute.value()),
                });
            }
        }
        if c14n11 {
            // The apex's xml:base resolved against the xml:base values of its omitted ancestors.
            let bases: Vec<&str> =
                node.ancestors_or_self().filter_map(|n| n.attribute(Some(XML_NAMESPACE), "base")).collect();
            if bases.is_empty() {
                return;
            }
            self.xml_base.clear();
            for base in bases.iter().rev() {
                self.xml_base = join_xml_base(&self.xml_base, base);
            }
            match self.attributes_out.iter_mut().find(|a| a.namespace == XML_NAMESPACE && a.local == "base") {
                Some(own) => own.value = AttributeValue::XmlBase,
                None => self.attributes_out.push(OutputAttribute {
                    namespace: XML_NAMESPACE,
                    prefix: "xml",
                    local: "base",
                    value: AttributeValue::XmlBase,
                }),
            }
        }
    }

    fn end_element(&mut self) -> Result<(), C14nError> {
        let Some(open) = self.open.pop() else { return Ok(()) };
        self.in_scope.truncate(open.in_scope_len);
        self.rendered.truncate(open.rendered_len);
        let name = self.doc.span(open.name).as_bytes();
        self.out.reserve(name.len() + 3);
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name);
        self.out.push(b'>');
        Ok(())
    }
}

/// Work charged for a namespace declaration read, rendered or not: a hash-table update and
/// lookups cost about as much as writing this many bytes, and comparisons read its URI.
fn declaration_work(uri: &str) -> u64 {
    32 + uri.len() as u64
}

/// Work charged for each attribute of an apex's ancestors read for the xml:* attributes the apex
/// inherits.
const INHERITED_ATTRIBUTE_WORK: u64 = 8;

fn write_qname(out: &mut Vec<u8>, prefix: &str, local: &str) {
    if !prefix.is_empty() {
        out.extend_from_slice(prefix.as_bytes());
        out.extend_from_slice(b":");
    }
    out.extend_from_slice(local.as_bytes());
}

/// Bytes that need escaping in text (`&`, `<`, `>`, CR) and in attribute values (`&`, `<`, `"`,
/// TAB, LF, CR), as bit 0 and bit 1.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    table[b'&' as usize] = 0b11;
    table[b'<' as usize] = 0b11;
    table[b'\r' as usize] = 0b11;
    table[b'>' as usize] = 0b01;
    table[b'"' as usize] = 0b10;
    table[b'\t' as usize] = 0b10;
    table[b'\n' as usize] = 0b10;
    table
};

/// Copies `bytes` to `out`, replacing the byte at each of `positions` (ascending) by its
/// character reference.
fn replace_at(out: &mut Vec<u8>, bytes: &[u8], positions: impl Iterator<Item = usize>) {
    let mut run = 0;
    for i in positions {
        out.extend_from_slice(&bytes[run..i]);
        out.extend_from_slice(match bytes[i] {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\t' => b"&#x9;",
            b'\n' => b"&#xA;",
            _ => b"&#xD;",
        });
        run = i + 1;
    }
    out.extend_from_slice(&bytes[run..]);
}

fn escape(out: &mut Vec<u8>, s: &str, mask: u8) {
    let bytes = s.as_bytes();
    let positions = bytes.iter().enumerate().filter(|&(_, &b)| ESCAPE[b as usize] & mask != 0).map(|(i, _)| i);
    replace_at(out, bytes, positions);
}

fn escape_text(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Most text nodes are a few bytes (a score, a name): a table scan beats setting up SIMD.
    // For long ones: the reader turns every literal CR into LF, so only a `&#xD;` reference
    // leaves one, and the common case needs just the SIMD search for the other three.
    if bytes.len() < 64 || memchr::memchr(b'\r', bytes).is_some() {
        escape(out, s, 0b01);
    } else {
        replace_at(out, bytes, memchr::memchr3_iter(b'&', b'<', b'>', bytes));
    }
}

fn escape_attribute(out: &mut Vec<u8>, s: &str) {
    escape(out, s, 0b10);
}
