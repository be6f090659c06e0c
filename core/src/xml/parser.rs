//! A strict, non-validating XML 1.0 + Namespaces reader.
//!
//! It tokenizes the input itself and checks every rule the XML and Namespaces recommendations set
//! for a document without a DTD: names, attribute syntax and normalization, references, characters,
//! the document's shape, namespace bindings. A document type declaration is refused by default and
//! never processed.
//!
//! Why not a crate's tokenizer: roxmltree builds more than is needed here, and quick-xml's `Reader`
//! re-validates UTF-8 per event and builds events that would then be read again. One pass here over
//! already-validated UTF-8 is cheaper. Its strictness is held to roxmltree and libxml2 by the
//! differential tests in `core/tests/xml_wellformedness.rs`.

use std::borrow::Cow;

use super::chars::{
    XML_SPACE, ascii_qname, class, ends_tag_name, find_class, find_class_or, find_invalid_char, is_ncname, is_space,
    is_xml_char, noncharacter_at,
};
use super::error::{Malformed, TextPos, XmlError};
use super::tree::{
    AttributeData, Chars, Document, ElementData, NO_NAMESPACE, NO_PARENT, NamespaceDecl, NodeData, NodeKind, NsIndex,
    QName, Span, XML_NAMESPACE, XML_NS_INDEX, XMLNS_NAMESPACE,
};

/// Limits on what a document may contain. Each breach is its own [`XmlError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes. Default: 16 MiB (a transcript is tens of KB; embedded
    /// revocation data can add a few MB). Never more than 4 GiB - 1, whatever is set here.
    pub max_input_bytes: usize,
    /// Deepest element nesting; the root element is at depth 1. Default: 100.
    pub max_depth: u32,
    /// Most nodes (elements, text, comments, processing instructions). Default: 1,000,000.
    pub max_nodes: u32,
    /// Most attributes on one element, namespace declarations included. Default: 256.
    pub max_attributes: u32,
    /// Longest attribute value, in bytes after normalization. Default: 64 KiB.
    pub max_attribute_value_bytes: usize,
    /// Longest text node, in bytes after normalization. Default: 8 MiB.
    pub max_text_bytes: usize,
    /// Most namespace declarations in scope at once (declared on an element or any ancestor).
    /// Default: 256 (transcripts use a handful). Namespace lookups and canonicalization are linear
    /// in it, so it bounds their cost on hostile input.
    pub max_namespaces_in_scope: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 16 << 20,
            max_depth: 100,
            max_nodes: 1_000_000,
            max_attributes: 256,
            max_attribute_value_bytes: 64 << 10,
            max_text_bytes: 8 << 20,
            max_namespaces_in_scope: 256,
        }
    }
}

/// What to do with a document type declaration (`<!DOCTYPE ...>`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum DoctypePolicy {
    /// Refuse any DOCTYPE with [`XmlError::DtdNotAllowed`]. Default.
    #[default]
    Reject,
    /// Accept a DOCTYPE that only names the root element and an external identifier, and ignore it:
    /// the external subset is never loaded, so it supplies no default attributes and no entities.
    /// A DOCTYPE with an internal subset is still refused. For reading test suites and old
    /// documents whose DOCTYPE is decoration; never needed for transcripts.
    IgnoreExternalOnly,
}

/// How [`Document::parse_with`] reads a document. The default is the secure setting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Default: [`DoctypePolicy::Reject`].
    pub doctype: DoctypePolicy,
    /// Default: [`Limits::default`].
    pub limits: Limits,
}

impl<'input> Document<'input> {
    /// Parses UTF-8 bytes with the default, secure [`ParseOptions`].
    pub fn parse(input: &'input [u8]) -> Result<Self, XmlError> {
        Self::parse_with(input, &ParseOptions::default())
    }

    /// Parses UTF-8 bytes. A UTF-8 byte order mark is skipped; any other encoding is refused.
    pub fn parse_with(input: &'input [u8], options: &ParseOptions) -> Result<Self, XmlError> {
        check_size(input.len(), options)?;
        let input = input.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(input);
        // SIMD validation first (Vietnamese text defeats std's ASCII fast path); std's only to
        // locate an error.
        let text = match simdutf8::basic::from_utf8(input).or_else(|_| std::str::from_utf8(input)) {
            Ok(text) => text,
            Err(e) => {
                let valid = std::str::from_utf8(&input[..e.valid_up_to()]).unwrap_or_default();
                return Err(XmlError::NotUtf8 { pos: TextPos::at(valid, valid.len()) });
            }
        };
        Self::from_text(text, options)
    }

    /// [`Document::parse`] of text already known to be UTF-8 (a document this crate assembled
    /// from checked parts), without checking the encoding again.
    pub(crate) fn parse_text(text: &'input str) -> Result<Self, XmlError> {
        let options = ParseOptions::default();
        check_size(text.len(), &options)?;
        Self::from_text(text.strip_prefix('\u{FEFF}').unwrap_or(text), &options)
    }

    fn from_text(text: &'input str, options: &ParseOptions) -> Result<Self, XmlError> {
        // One byte order mark is an encoding signature; a second is a character before the root
        // element.
        if text.starts_with('\u{FEFF}') {
            return Err(XmlError::Malformed { pos: TextPos::at(text, 0), what: Malformed::TextOutsideRoot });
        }
        Parser::new(text, options).run()
    }
}

/// Refuses input over the size limit before reading it.
pub(crate) fn check_size(size: usize, options: &ParseOptions) -> Result<(), XmlError> {
    // Offsets are kept as u32: whatever the configured limit, nothing of 4 GiB or more is read.
    let limit = options.limits.max_input_bytes.min(u32::MAX as usize);
    match size > limit {
        true => Err(XmlError::InputTooLarge { size, limit }),
        false => Ok(()),
    }
}

struct Parser<'input, 'o> {
    text: &'input str,
    options: &'o ParseOptions,
    nodes: Vec<NodeData>,
    attributes: Vec<AttributeData>,
    namespaces: Vec<NamespaceDecl<'input>>,
    replaced: Vec<String>,
    /// Open elements: node index.
    open: Vec<u32>,
    /// Namespace bindings in scope: (prefix, index into `namespaces`), innermost last.
    scope: Vec<(&'input str, NsIndex)>,
    /// Length of `scope` when each open element started.
    scope_marks: Vec<usize>,
    /// A text node being assembled from text, references and CDATA sections.
    pending_text: Option<PendingText>,
    seen_root: bool,
    seen_doctype: bool,
    /// Scratch space for one start tag's namespace declarations: (prefix, URI, offset).
    raw_declarations: Vec<(&'input str, Cow<'input, str>, u32)>,
}

struct PendingText {
    start: u32,
    end: u32,
    /// Where the text is in the input, while it is the input's bytes as they are.
    input: Span,
    /// The text, once it is not.
    replaced: Option<String>,
}

/// Characters to add to the text node being assembled.
enum Piece<'a> {
    /// Bytes of the input, as they are.
    Input(Span),
    /// Characters that are not the input's bytes: a reference's, or text whose line ends changed.
    Replaced(&'a str),
}

impl<'input, 'o> Parser<'input, 'o> {
    fn new(text: &'input str, options: &'o ParseOptions) -> Self {
        // Transcript-shaped documents have about one node per 30 bytes; reserving that up front
        // saves re-allocating (and copying) the node array as it grows. Untouched capacity costs
        // address space, not memory.
        let estimate = (text.len() / 30).min(options.limits.max_nodes as usize) + 16;
        Parser {
            text,
            options,
            nodes: Vec::with_capacity(estimate),
            attributes: Vec::with_capacity(estimate / 3),
            namespaces: Vec::new(),
            replaced: Vec::new(),
            open: Vec::new(),
            scope: Vec::new(),
            scope_marks: Vec::new(),
            pending_text: None,
            seen_root: false,
            seen_doctype: false,
            raw_declarations: Vec::new(),
        }
    }

    fn pos(&self, offset: usize) -> TextPos {
        TextPos::at(self.text, offset)
    }

    fn malformed(&self, offset: usize, what: Malformed) -> XmlError {
        XmlError::Malformed { pos: self.pos(offset), what }
    }

    fn run(mut self) -> Result<Document<'input>, XmlError> {
        self.nodes.push(NodeData { kind: NodeKind::Root, parent: NO_PARENT, subtree_end: 0, offset: 0, end: 0 });
        let text = self.text;
        let bytes = text.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            pos = match bytes[pos] {
                b'<' => self.markup(pos)?,
                b'&' => {
                    let Some(semicolon) = memchr::memchr(b';', &bytes[pos..]) else {
                        return Err(self.malformed(pos, Malformed::BareAmpersand));
                    };
                    let end = pos + semicolon + 1;
                    self.on_reference(pos, &text[pos..end])?;
                    end
                }
                _ if self.open.is_empty() => self.space_outside_root(pos)?,
                _ => self.on_text(pos)?,
            };
        }
        self.flush_text()?;
        if let Some(&open) = self.open.last() {
            let name = self.element_name(open);
            return Err(self.malformed(self.text.len(), Malformed::UnexpectedEof { open_element: Some(name) }));
        }
        if !self.seen_root {
            return Err(self.malformed(self.text.len(), Malformed::NoRootElement));
        }
        self.nodes[0].subtree_end = self.nodes.len() as u32;
        self.nodes[0].end = self.text.len() as u32;
        Ok(Document {
            text: self.text,
            nodes: self.nodes,
            attributes: self.attributes,
            namespaces: self.namespaces,
            replaced: self.replaced,
        })
    }

    /// Reads the markup starting with the '<' at `start`; returns the offset just after it.
    fn markup(&mut self, start: usize) -> Result<usize, XmlError> {
        let text = self.text;
        let rest = &text.as_bytes()[start..];
        let find = |from: usize, needle: &[u8]| memchr::memmem::find(&rest[from..], needle).map(|i| from + i);
        let unclosed = |what| self.malformed(start, Malformed::Unclosed(what));
        match rest.get(1) {
            Some(b'/') => {
                // The usual end tag repeats the open element's name and ends right after it:
                // comparing the name whole is cheaper than scanning for the '>'.
                if let Some(&index) = self.open.last()
                    && let NodeKind::Element(element) = self.nodes[index as usize].kind
                    && let name = self.span(element.name.span()).as_bytes()
                    && rest[2..].starts_with(name)
                    && rest.get(2 + name.len()) == Some(&b'>')
                {
                    let end = start + 2 + name.len() + 1;
                    self.flush_text()?;
                    self.close_element(end);
                    return Ok(end);
                }
                let end = rest.iter().position(|&b| b == b'>').ok_or_else(|| unclosed("tag"))?;
                self.on_end_tag(start, &text[start + 2..start + end], start + end + 1)?;
                Ok(start + end + 1)
            }
            Some(b'?') => {
                let end = find(2, b"?>").ok_or_else(|| unclosed("processing instruction"))? + 2;
                let span = &text[start..start + end];
                let target_end = span[2..].find(XML_SPACE).map_or(span.len() - 2, |i| i + 2);
                if &span[2..target_end] == "xml" {
                    self.on_xml_declaration(start, span)?;
                } else {
                    self.on_processing_instruction(start, span)?;
                }
                Ok(start + end)
            }
            Some(b'!') if rest.starts_with(b"<!--") => {
                // The first "--" must be the start of "-->" (XML 1.0 production 15).
                let dashes = find(4, b"--").ok_or_else(|| unclosed("comment"))?;
                match rest.get(dashes + 2) {
                    Some(b'>') => {}
                    Some(_) => return Err(self.malformed(start + dashes, Malformed::DoubleHyphenInComment)),
                    None => return Err(unclosed("comment")),
                }
                let content = &text[start + 4..start + dashes];
                self.check_chars(start + 4, content)?;
                let content = self.chars(start + 4, normalize_line_ends(content));
                self.push_leaf(start, NodeKind::Comment(content), start + dashes + 3)?;
                Ok(start + dashes + 3)
            }
            Some(b'!') if rest.starts_with(b"<![CDATA[") => {
                let end = find(9, b"]]>").ok_or_else(|| unclosed("CDATA section"))?;
                let content = &text[start + 9..start + end];
                self.check_chars(start + 9, content)?;
                self.require_in_root(start)?;
                self.append_read(start, start + 9, normalize_line_ends(content), start + end + 3)?;
                Ok(start + end + 3)
            }
            Some(b'!') if rest.starts_with(b"<!DOCTYPE") => {
                if self.options.doctype == DoctypePolicy::Reject {
                    return Err(XmlError::DtdNotAllowed { pos: self.pos(start) });
                }
                // Only an external DOCTYPE is acceptable, so its end is the first '>' outside quotes
                // (an internal subset would end earlier and be refused below).
                let end = find_unquoted_gt(rest).ok_or_else(|| unclosed("document type declaration"))?;
                self.on_doctype(start, &text[start..start + end + 1])?;
                Ok(start + end + 1)
            }
            Some(b'!') => Err(self.malformed(start, Malformed::InvalidMarkup)),
            _ => self.on_start_tag(start),
        }
    }

    // ---------------------------------------------------------------- text

    fn require_in_root(&self, offset: usize) -> Result<(), XmlError> {
        if self.open.is_empty() {
            return Err(self.malformed(offset, Malformed::TextOutsideRoot));
        }
        Ok(())
    }

    /// Reads the white space from `start` to the next '<' or '&' outside the root element (where
    /// nothing else may be); returns where it ends.
    fn space_outside_root(&mut self, start: usize) -> Result<usize, XmlError> {
        let bytes = self.text.as_bytes();
        let end = memchr::memchr2(b'<', b'&', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        match bytes[start..end].iter().position(|&b| !is_space(b)) {
            Some(i) => Err(self.malformed(start + i, Malformed::TextOutsideRoot)),
            None => Ok(end),
        }
    }

    /// Reads character data from `start` to the next '<' or '&' (or the end of the input), and
    /// returns where it ends. One pass finds the end and checks the characters: text is most of
    /// the input.
    fn on_text(&mut self, start: usize) -> Result<usize, XmlError> {
        let bytes = self.text.as_bytes();
        let mask = class::CONTROL | class::CR | class::BRACKET | class::EF | class::AMPERSAND | class::LESS_THAN;
        let mut has_cr = false;
        let mut from = start;
        let end = loop {
            let Some(i) = find_class(bytes, from, mask) else { break bytes.len() };
            match bytes[i] {
                b'<' | b'&' => break i,
                b'\r' => has_cr = true,
                b']' if bytes[i + 1..].starts_with(b"]>") => {
                    return Err(self.malformed(i, Malformed::CdataEndInText));
                }
                b']' => {}
                0xEF => {
                    if let Some(c) = noncharacter_at(bytes, i) {
                        return Err(self.malformed(i, Malformed::InvalidCharacter(c)));
                    }
                }
                b => return Err(self.malformed(i, Malformed::InvalidCharacter(u32::from(b)))),
            }
            from = i + 1;
        };
        let raw = &self.text[start..end];
        let text = if has_cr { normalize_line_ends(raw) } else { Cow::Borrowed(raw) };
        // Text that ends at a tag, comment or PI is a node of its own (pushed now: measured faster
        // than assembling it); before a reference or a CDATA section it is only the start of one.
        if self.pending_text.is_none() && bytes.get(end) == Some(&b'<') && !bytes[end..].starts_with(b"<![") {
            self.check_text_length(start, text.len())?;
            let chars = self.chars(start, text);
            self.push_node(start, NodeKind::Text(chars), end)?;
        } else {
            self.append_read(start, start, text, end)?;
        }
        Ok(end)
    }

    fn on_reference(&mut self, start: usize, span: &'input str) -> Result<(), XmlError> {
        let name = &span[1..span.len() - 1];
        let c = self.resolve_reference(start, name)?;
        if self.open.is_empty() {
            return Err(self.malformed(start, Malformed::TextOutsideRoot));
        }
        let mut buf = [0u8; 4];
        self.append_text(start, Piece::Replaced(c.encode_utf8(&mut buf)), start + span.len())
    }

    /// The character a reference (the text between '&' and ';') stands for.
    fn resolve_reference(&self, offset: usize, name: &str) -> Result<char, XmlError> {
        match name {
            "lt" => Ok('<'),
            "gt" => Ok('>'),
            "amp" => Ok('&'),
            "apos" => Ok('\''),
            "quot" => Ok('"'),
            _ if name.starts_with('#') => {
                let digits = &name[1..];
                let value = match digits.strip_prefix('x') {
                    Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                        u32::from_str_radix(hex, 16).ok()
                    }
                    None if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => digits.parse().ok(),
                    _ => None,
                };
                value
                    .filter(|&v| is_xml_char(v))
                    .and_then(char::from_u32)
                    .ok_or_else(|| self.malformed(offset, Malformed::InvalidCharacterReference(format!("&{name};"))))
            }
            _ if is_ncname(name) => Err(XmlError::UnknownEntity { name: name.to_owned(), pos: self.pos(offset) }),
            _ => Err(self.malformed(offset, Malformed::BareAmpersand)),
        }
    }

    /// Adds the characters `read` from the markup at `start..end` (when they are the input's own,
    /// from `read_start`) to the text node being assembled.
    fn append_read(&mut self, start: usize, read_start: usize, read: Cow<'_, str>, end: usize) -> Result<(), XmlError> {
        match read {
            Cow::Borrowed(s) => self.append_text(start, Piece::Input(Span::new(read_start, read_start + s.len())), end),
            Cow::Owned(normalized) => self.append_text(start, Piece::Replaced(&normalized), end),
        }
    }

    /// Refuses a text node starting at `start` of more than the limit's bytes.
    fn check_text_length(&self, start: usize, len: usize) -> Result<(), XmlError> {
        let limit = self.options.limits.max_text_bytes;
        match len > limit {
            true => Err(XmlError::TextTooLong { pos: self.pos(start), limit }),
            false => Ok(()),
        }
    }

    /// Adds `piece`, read from the markup at `start..end`, to the text node being assembled.
    fn append_text(&mut self, start: usize, piece: Piece<'_>, end: usize) -> Result<(), XmlError> {
        let limit = self.options.limits.max_text_bytes;
        let input = self.text;
        let piece_text = match piece {
            Piece::Input(span) => &input[span.start as usize..span.end as usize],
            Piece::Replaced(s) => s,
        };
        match &mut self.pending_text {
            None => {
                self.check_text_length(start, piece_text.len())?;
                let (input, replaced) = match piece {
                    Piece::Input(span) => (span, None),
                    Piece::Replaced(s) => (Span::new(start, start), Some(s.to_owned())),
                };
                self.pending_text = Some(PendingText { start: start as u32, end: end as u32, input, replaced });
            }
            Some(pending) => {
                let text = pending.replaced.get_or_insert_with(|| {
                    let so_far = &input[pending.input.start as usize..pending.input.end as usize];
                    // Room for what usually follows: more text and references.
                    let mut text = String::with_capacity(2 * (so_far.len() + piece_text.len()));
                    text.push_str(so_far);
                    text
                });
                if text.len() + piece_text.len() > limit {
                    return Err(XmlError::TextTooLong { pos: TextPos::at(input, pending.start as usize), limit });
                }
                text.push_str(piece_text);
                pending.end = end as u32;
            }
        }
        Ok(())
    }

    fn flush_text(&mut self) -> Result<(), XmlError> {
        if let Some(pending) = self.pending_text.take() {
            let chars = match pending.replaced {
                None => Chars::Input(pending.input),
                Some(text) => self.replaced_chars(text),
            };
            self.push_node(pending.start as usize, NodeKind::Text(chars), pending.end as usize)?;
        }
        Ok(())
    }

    /// Characters read at `start`, as the tree keeps them.
    fn chars(&mut self, start: usize, read: Cow<'input, str>) -> Chars {
        match read {
            Cow::Borrowed(s) => Chars::Input(Span::new(start, start + s.len())),
            Cow::Owned(s) => self.replaced_chars(s),
        }
    }

    fn replaced_chars(&mut self, text: String) -> Chars {
        self.replaced.push(text);
        Chars::Replaced(self.replaced.len() as u32 - 1)
    }

    fn check_chars(&self, offset: usize, s: &str) -> Result<(), XmlError> {
        match find_invalid_char(s) {
            Some((i, c)) => Err(self.malformed(offset + i, Malformed::InvalidCharacter(c))),
            None => Ok(()),
        }
    }

    // ---------------------------------------------------------------- nodes

    /// Adds a node read from `offset` to `end` (an element's end is set again at its end tag).
    fn push_node(&mut self, offset: usize, kind: NodeKind, end: usize) -> Result<u32, XmlError> {
        let index = self.nodes.len() as u32;
        // The document node is not counted.
        if index > self.options.limits.max_nodes {
            return Err(XmlError::TooManyNodes { pos: self.pos(offset), limit: self.options.limits.max_nodes });
        }
        let parent = self.open.last().copied().unwrap_or(0);
        self.nodes.push(NodeData { kind, parent, subtree_end: index + 1, offset: offset as u32, end: end as u32 });
        Ok(index)
    }

    fn push_leaf(&mut self, offset: usize, kind: NodeKind, end: usize) -> Result<(), XmlError> {
        self.flush_text()?;
        self.push_node(offset, kind, end)?;
        Ok(())
    }

    fn element_name(&self, index: u32) -> String {
        match self.nodes[index as usize].kind {
            NodeKind::Element(e) => self.span(e.name.span()).to_owned(),
            _ => String::new(),
        }
    }

    fn on_processing_instruction(&mut self, start: usize, span: &'input str) -> Result<(), XmlError> {
        let inner = &span[2..span.len() - 2];
        let target_len = inner.bytes().position(is_space).unwrap_or(inner.len());
        let target = &inner[..target_len];
        if !is_ncname(target) {
            let what = if target.contains(':') && is_ncname(&target.replace(':', "_")) {
                Malformed::ColonInProcessingInstructionTarget(target.to_owned())
            } else {
                Malformed::InvalidProcessingInstruction
            };
            return Err(self.malformed(start, what));
        }
        if target.eq_ignore_ascii_case("xml") {
            return Err(self.malformed(start, Malformed::ReservedProcessingInstructionTarget(target.to_owned())));
        }
        let data = inner[target_len..].trim_start_matches(XML_SPACE);
        let data_start = start + 2 + (inner.len() - data.len());
        self.check_chars(data_start, data)?;
        let target = Span::new(start + 2, start + 2 + target_len);
        let kind = NodeKind::ProcessingInstruction { target, data: self.chars(data_start, normalize_line_ends(data)) };
        self.push_leaf(start, kind, start + span.len())
    }

    fn on_xml_declaration(&mut self, start: usize, span: &'input str) -> Result<(), XmlError> {
        // `<?xml ...?>` is only a declaration at the very start.
        if start != 0 {
            return Err(self.malformed(start, Malformed::MisplacedXmlDeclaration));
        }
        let declaration = XmlDeclaration::parse(&span[5..span.len() - 2])
            .ok_or_else(|| self.malformed(start, Malformed::InvalidXmlDeclaration))?;
        if declaration.version != "1.0" {
            return Err(XmlError::UnsupportedVersion {
                declared: declaration.version.to_owned(),
                pos: self.pos(start),
            });
        }
        if let Some(encoding) = declaration.encoding {
            // Only UTF-8 is decoded. A declaration of another ASCII-compatible encoding is harmless
            // while every byte is ASCII (the bytes mean the same in both); otherwise the declared
            // meaning and ours would differ, so refuse.
            let utf8 = encoding.eq_ignore_ascii_case("UTF-8") || encoding.eq_ignore_ascii_case("UTF8");
            let ascii_superset = ["US-ASCII", "ASCII", "ISO-8859-", "ISO_8859-", "LATIN1", "WINDOWS-125"]
                .iter()
                .any(|p| encoding.len() >= p.len() && encoding[..p.len()].eq_ignore_ascii_case(p));
            if !(utf8 || ascii_superset && self.text.is_ascii()) {
                return Err(XmlError::UnsupportedEncoding { declared: encoding.to_owned(), pos: self.pos(start) });
            }
        }
        Ok(())
    }

    fn on_doctype(&mut self, start: usize, span: &'input str) -> Result<(), XmlError> {
        let refuse = XmlError::DtdNotAllowed { pos: self.pos(start) };
        match self.options.doctype {
            DoctypePolicy::Reject => Err(refuse),
            DoctypePolicy::IgnoreExternalOnly => {
                if self.seen_root || self.seen_doctype {
                    return Err(self.malformed(start, Malformed::MisplacedDoctype));
                }
                self.seen_doctype = true;
                let inner = &span["<!DOCTYPE".len()..span.len() - 1];
                if is_external_only_doctype(inner) { Ok(()) } else { Err(refuse) }
            }
        }
    }

    // ---------------------------------------------------------------- elements

    /// Reads the start tag (or empty-element tag) at `start` in one pass, name and attributes,
    /// and returns the offset after its '>'.
    fn on_start_tag(&mut self, start: usize) -> Result<usize, XmlError> {
        self.flush_text()?;
        if self.open.is_empty() {
            if self.seen_root {
                return Err(self.malformed(start, Malformed::MultipleRoots));
            }
            self.seen_root = true;
        }
        let depth = self.open.len() as u32 + 1;
        if depth > self.options.limits.max_depth {
            return Err(XmlError::TooDeep { pos: self.pos(start), limit: self.options.limits.max_depth });
        }

        let text = self.text;
        let bytes = text.as_bytes();
        let (name, name_end) = match plain_qname(bytes, start + 1, ends_tag_name) {
            Some(name) => (name, name.end as usize),
            // Other characters: read to the end of the name, then checked whole.
            None => {
                let name_end = bytes[start + 1..]
                    .iter()
                    .position(|&b| ends_tag_name(b))
                    .map(|i| start + 1 + i)
                    .ok_or_else(|| self.malformed(start, Malformed::Unclosed("tag")))?;
                (self.split_qname(start + 1, &text[start + 1..name_end])?, name_end)
            }
        };
        let attributes_start = self.attributes.len();
        let (end, empty) = self.parse_attributes(start, name_end)?;

        // Namespace declarations first: they apply to the element's own name and attributes.
        let scope_mark = self.scope.len();
        let declarations_start = self.namespaces.len() as u32;
        if !self.raw_declarations.is_empty() {
            self.declare_namespaces(declarations_start as usize)?;
        }
        let declarations = Span { start: declarations_start, end: self.namespaces.len() as u32 };

        let namespace = self.resolve_prefix(start + 1, self.span(name.prefix_span()), true)?;
        for i in attributes_start..self.attributes.len() {
            let mut attribute = self.attributes[i];
            // Unprefixed attributes are in no namespace.
            if attribute.name.has_prefix() {
                let offset = attribute.name.start as usize;
                attribute.namespace = self.resolve_prefix(offset, self.span(attribute.name.prefix_span()), false)?;
                self.attributes[i].namespace = attribute.namespace;
            }
            // Two attributes may not have the same local name and namespace, however prefixed.
            let local = self.span(attribute.name.local_span());
            if self.attributes[attributes_start..i].iter().any(|a| {
                self.span(a.name.local_span()) == local && self.same_namespace(a.namespace, attribute.namespace)
            }) {
                let name = self.span(attribute.name.span()).to_owned();
                return Err(self.malformed(attribute.name.start as usize, Malformed::DuplicateAttribute(name)));
            }
        }

        let element = ElementData {
            name,
            namespace,
            attributes: Span::new(attributes_start, self.attributes.len()),
            declarations,
        };
        let index = self.push_node(start, NodeKind::Element(element), end)?;
        if empty {
            self.scope.truncate(scope_mark);
        } else {
            self.open.push(index);
            self.scope_marks.push(scope_mark);
        }
        Ok(end)
    }

    /// Binds the namespaces the start tag just read declares (in `raw_declarations`).
    fn declare_namespaces(&mut self, declarations_start: usize) -> Result<(), XmlError> {
        let mut raw = std::mem::take(&mut self.raw_declarations);
        let mut declares_xml = false;
        for (declared_prefix, value, offset) in raw.drain(..) {
            let offset = offset as usize;
            self.check_namespace_declaration(offset, declared_prefix, &value)?;
            if self.namespaces[declarations_start..].iter().any(|d| d.prefix == declared_prefix) {
                let name = match declared_prefix {
                    "" => "xmlns".to_owned(),
                    p => format!("xmlns:{p}"),
                };
                return Err(self.malformed(offset, Malformed::DuplicateAttribute(name)));
            }
            if declared_prefix == "xml" {
                if declares_xml {
                    return Err(self.malformed(offset, Malformed::DuplicateAttribute("xmlns:xml".to_owned())));
                }
                declares_xml = true;
                continue; // Binding xml to its own namespace is allowed and changes nothing.
            }
            if self.scope.len() as u32 >= self.options.limits.max_namespaces_in_scope {
                return Err(XmlError::TooManyNamespaces {
                    pos: self.pos(offset),
                    limit: self.options.limits.max_namespaces_in_scope,
                });
            }
            self.scope.push((declared_prefix, self.namespaces.len() as NsIndex));
            self.namespaces.push(NamespaceDecl { prefix: declared_prefix, uri: value });
        }
        self.raw_declarations = raw;
        Ok(())
    }

    fn on_end_tag(&mut self, start: usize, inner: &str, end: usize) -> Result<(), XmlError> {
        self.flush_text()?;
        let name = inner.trim_end_matches(XML_SPACE);
        let Some(&index) = self.open.last() else {
            return Err(self.malformed(start, Malformed::UnmatchedEndTag(name.to_owned())));
        };
        let NodeKind::Element(element) = self.nodes[index as usize].kind else {
            unreachable!("open nodes are elements")
        };
        // The end tag repeats the start tag's name as written.
        if name != self.span(element.name.span()) {
            let expected = self.element_name(index);
            return Err(self.malformed(start, Malformed::MismatchedEndTag { expected, found: name.to_owned() }));
        }
        self.close_element(end);
        Ok(())
    }

    /// Closes the innermost open element at its end tag, which ends at `end`.
    fn close_element(&mut self, end: usize) {
        let Some(index) = self.open.pop() else { return };
        let mark = self.scope_marks.pop().unwrap_or(0);
        self.scope.truncate(mark);
        self.nodes[index as usize].subtree_end = self.nodes.len() as u32;
        self.nodes[index as usize].end = end as u32;
    }

    fn span(&self, span: Span) -> &'input str {
        &self.text[span.start as usize..span.end as usize]
    }

    /// The name read at `offset`, checked to be a qualified name.
    fn split_qname(&self, offset: usize, name: &'input str) -> Result<QName, XmlError> {
        let (prefix, local) = match name.bytes().position(|b| b == b':') {
            Some(i) => (&name[..i], &name[i + 1..]),
            None => ("", name),
        };
        if (!prefix.is_empty() || name.starts_with(':')) && !is_ncname(prefix) || !is_ncname(local) {
            let what = if name.contains(':') && is_ncname(&name.replace(':', "_")) {
                Malformed::NotQualifiedName(name.to_owned())
            } else {
                Malformed::InvalidName(name.to_owned())
            };
            return Err(self.malformed(offset, what));
        }
        let end = offset + name.len();
        Ok(QName { start: offset as u32, local: (end - local.len()) as u32, end: end as u32 })
    }

    fn same_namespace(&self, a: NsIndex, b: NsIndex) -> bool {
        a == b || self.namespace_str(a) == self.namespace_str(b)
    }

    fn namespace_str(&self, index: NsIndex) -> Option<&str> {
        match index {
            NO_NAMESPACE => None,
            XML_NS_INDEX => Some(XML_NAMESPACE),
            i => Some(&self.namespaces[i as usize].uri),
        }
    }

    fn resolve_prefix(&self, offset: usize, prefix: &str, element: bool) -> Result<NsIndex, XmlError> {
        if prefix == "xml" {
            return Ok(XML_NS_INDEX);
        }
        if prefix == "xmlns" {
            return Err(
                self.malformed(offset, Malformed::InvalidNamespaceDeclaration("uses the reserved prefix xmlns"))
            );
        }
        match self.scope.iter().rev().find(|(p, _)| *p == prefix) {
            Some(&(_, index)) if self.namespaces[index as usize].uri.is_empty() => Ok(NO_NAMESPACE),
            Some(&(_, index)) => Ok(index),
            None if prefix.is_empty() && element => Ok(NO_NAMESPACE),
            None => Err(self.malformed(offset, Malformed::UndeclaredPrefix(prefix.to_owned()))),
        }
    }

    fn check_namespace_declaration(&self, offset: usize, prefix: &str, uri: &str) -> Result<(), XmlError> {
        let problem = match prefix {
            "xmlns" => Some("declares the reserved prefix xmlns"),
            "xml" if uri != XML_NAMESPACE => Some("binds the prefix xml to another namespace"),
            "xml" => None,
            _ if uri == XML_NAMESPACE => Some("binds the XML namespace to another prefix"),
            _ if uri == XMLNS_NAMESPACE => Some("binds the xmlns namespace"),
            "" => None,
            _ if uri.is_empty() => Some("undeclares a prefix, which XML Namespaces 1.0 does not allow"),
            _ => None,
        };
        match problem {
            Some(what) => Err(self.malformed(offset, Malformed::InvalidNamespaceDeclaration(what))),
            None => Ok(()),
        }
    }

    /// Parses `(S Attribute)* S? ('>' | '/>')` from `from`, just after the element name: attributes
    /// onto `self.attributes` (their namespaces not yet resolved), namespace declarations into
    /// `self.raw_declarations`. Returns the offset after the tag and whether it was an
    /// empty-element tag.
    fn parse_attributes(&mut self, tag_start: usize, from: usize) -> Result<(usize, bool), XmlError> {
        self.raw_declarations.clear();
        let attributes_start = self.attributes.len();
        let text = self.text;
        let bytes = text.as_bytes();
        let max_attributes = self.options.limits.max_attributes;
        let max_value_bytes = self.options.limits.max_attribute_value_bytes;
        let skip_space = |mut i: usize| {
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            i
        };
        let mut i = from;
        loop {
            let space_start = i;
            i = skip_space(i);
            match bytes.get(i) {
                None => return Err(self.malformed(tag_start, Malformed::Unclosed("tag"))),
                Some(b'>') => return Ok((i + 1, false)),
                Some(b'/') => {
                    return match bytes.get(i + 1) {
                        Some(b'>') => Ok((i + 2, true)),
                        None => Err(self.malformed(tag_start, Malformed::Unclosed("tag"))),
                        Some(_) => Err(self.malformed(i, Malformed::InvalidAttributeSyntax)),
                    };
                }
                Some(_) if i == space_start => return Err(self.malformed(i, Malformed::InvalidAttributeSyntax)),
                Some(_) => {}
            }
            let read = self.attributes.len() - attributes_start + self.raw_declarations.len();
            if read as u32 >= max_attributes {
                return Err(XmlError::TooManyAttributes { pos: self.pos(tag_start), limit: max_attributes });
            }
            let name_start = i;
            let ends_name = |b: u8| ends_tag_name(b) || b == b'=';
            let name = match plain_qname(bytes, name_start, ends_name) {
                Some(name) => {
                    i = name.end as usize;
                    name
                }
                None => {
                    while i < bytes.len() && !ends_name(bytes[i]) {
                        i += 1;
                    }
                    self.split_qname(name_start, &text[name_start..i])?
                }
            };
            i = skip_space(i);
            match bytes.get(i) {
                Some(b'=') => i = skip_space(i + 1),
                None => return Err(self.malformed(tag_start, Malformed::Unclosed("tag"))),
                Some(_) => return Err(self.malformed(i, Malformed::InvalidAttributeSyntax)),
            }
            let quote = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => q,
                None => return Err(self.malformed(tag_start, Malformed::Unclosed("tag"))),
                Some(_) => return Err(self.malformed(i, Malformed::InvalidAttributeSyntax)),
            };
            let value_start = i + 1;
            // One pass finds the closing quote and whether anything needs normalizing or refusing.
            let mut plain = true;
            let mut from = value_start;
            let value_end = loop {
                match find_class_or(bytes, from, ATTRIBUTE_VALUE_CLASSES, quote) {
                    None => return Err(self.malformed(tag_start, Malformed::Unclosed("tag"))),
                    Some(j) if bytes[j] == quote => break j,
                    Some(j) => {
                        plain = false;
                        from = j + 1;
                    }
                }
            };
            let raw_value = &text[value_start..value_end];
            i = value_end + 1;
            let value = match plain {
                true => Cow::Borrowed(raw_value),
                false => self.normalize_attribute_value(value_start, raw_value)?,
            };
            if value.len() > max_value_bytes {
                return Err(XmlError::AttributeValueTooLong { pos: self.pos(value_start), limit: max_value_bytes });
            }
            let prefix = self.span(name.prefix_span());
            let local = self.span(name.local_span());
            match (prefix, local) {
                ("", "xmlns") => self.raw_declarations.push(("", value, name_start as u32)),
                ("xmlns", declared) => self.raw_declarations.push((declared, value, name_start as u32)),
                _ => {
                    let value = self.chars(value_start, value);
                    self.attributes.push(AttributeData { name, namespace: NO_NAMESPACE, value });
                }
            }
        }
    }

    /// Attribute-value normalization (XML 1.0 section 3.3.3) for CDATA attributes: references
    /// replaced, each literal white space character (a CR LF pair counting as one) becomes a space.
    fn normalize_attribute_value(&self, offset: usize, raw: &'input str) -> Result<Cow<'input, str>, XmlError> {
        let bytes = raw.as_bytes();
        let Some(first) = find_class(bytes, 0, ATTRIBUTE_VALUE_CLASSES) else {
            return Ok(Cow::Borrowed(raw));
        };
        self.check_chars(offset + first, &raw[first..])?;
        if let Some(i) = memchr::memchr(b'<', &bytes[first..]) {
            return Err(self.malformed(offset + first + i, Malformed::LessThanInAttributeValue));
        }
        if find_class(bytes, first, class::CR | class::TAB_LF | class::AMPERSAND).is_none() {
            return Ok(Cow::Borrowed(raw));
        }
        let mut out = String::with_capacity(raw.len());
        let mut i = 0;
        let mut run = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'&' => {
                    out.push_str(&raw[run..i]);
                    let Some(len) = bytes[i..].iter().position(|&b| b == b';') else {
                        return Err(self.malformed(offset + i, Malformed::BareAmpersand));
                    };
                    out.push(self.resolve_reference(offset + i, &raw[i + 1..i + len])?);
                    i += len + 1;
                    run = i;
                }
                b'\r' | b'\n' | b'\t' => {
                    out.push_str(&raw[run..i]);
                    out.push(' ');
                    i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                    run = i;
                }
                _ => i += 1,
            }
        }
        out.push_str(&raw[run..]);
        Ok(Cow::Owned(out))
    }
}

/// The qualified name of ASCII name characters at `from`, when `ends` accepts the byte after it
/// (the common case, read in one pass); `None` sends the caller to the general path.
fn plain_qname(bytes: &[u8], from: usize, ends: impl Fn(u8) -> bool) -> Option<QName> {
    let (end, local) = ascii_qname(bytes, from)?;
    bytes.get(end).is_some_and(|&b| ends(b)).then_some(QName {
        start: from as u32,
        local: local as u32,
        end: end as u32,
    })
}

/// Bytes an attribute value is normalized at or refused for.
const ATTRIBUTE_VALUE_CLASSES: u8 =
    class::CONTROL | class::CR | class::TAB_LF | class::AMPERSAND | class::LESS_THAN | class::EF;

/// The index of the first '>' in `bytes` that is not inside a quoted literal.
fn find_unquoted_gt(bytes: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'>') => return Some(i),
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            _ => {}
        }
    }
    None
}

/// End-of-line handling (XML 1.0 section 2.11): CR LF and lone CR become LF.
fn normalize_line_ends(s: &str) -> Cow<'_, str> {
    if !s.as_bytes().contains(&b'\r') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}

/// `S Name (S ExternalID)? S?`, without an internal subset, where
/// `ExternalID ::= 'SYSTEM' S SystemLiteral | 'PUBLIC' S PubidLiteral S SystemLiteral`.
fn is_external_only_doctype(inner: &str) -> bool {
    // White-space separated words; a literal must be preceded by white space too.
    let mut words = Vec::new();
    let mut rest = inner;
    loop {
        let trimmed = rest.trim_start_matches(XML_SPACE);
        if trimmed.is_empty() {
            break;
        }
        if trimmed.len() == rest.len() {
            return false;
        }
        rest = trimmed;
        let end = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
                Some(i) => i + 2,
                None => return false,
            },
            _ => rest.find(XML_SPACE).unwrap_or(rest.len()),
        };
        words.push(&rest[..end]);
        rest = &rest[end..];
    }
    let literal = |w: &str| w.len() >= 2 && (w.starts_with('"') || w.starts_with('\''));
    let name = |n: &str| is_ncname(&n.replace(':', "_"));
    match words.as_slice() {
        [n] => name(n),
        [n, "SYSTEM", system] => name(n) && literal(system),
        [n, "PUBLIC", public, system] => name(n) && literal(public) && literal(system),
        _ => false,
    }
}

/// `<?xml version="1.0" encoding="..." standalone="..."?>`, between `<?xml` and `?>`.
struct XmlDeclaration<'a> {
    version: &'a str,
    encoding: Option<&'a str>,
}

impl<'a> XmlDeclaration<'a> {
    fn parse(inner: &'a str) -> Option<Self> {
        let mut rest = inner;
        let mut fields = Vec::with_capacity(3);
        loop {
            let trimmed = rest.trim_start_matches(XML_SPACE);
            if trimmed.is_empty() {
                break;
            }
            if trimmed.len() == rest.len() {
                return None; // fields must be separated by white space
            }
            let (name, after) = trimmed.split_once('=')?;
            let name = name.trim_end_matches(XML_SPACE);
            let after = after.trim_start_matches(XML_SPACE);
            let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''))?;
            let end = after[1..].find(quote)? + 1;
            fields.push((name, &after[1..end]));
            rest = &after[end + 1..];
        }
        let mut fields = fields.into_iter().peekable();
        let version = fields.next().filter(|(n, _)| *n == "version")?.1;
        let encoding = fields.next_if(|(n, _)| *n == "encoding").map(|(_, v)| v);
        if encoding.is_some_and(|e| {
            !e.starts_with(|c: char| c.is_ascii_alphabetic())
                || !e.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        }) {
            return None;
        }
        if let Some((_, standalone)) = fields.next_if(|(n, _)| *n == "standalone")
            && !matches!(standalone, "yes" | "no")
        {
            return None;
        }
        fields.next().is_none().then_some(XmlDeclaration { version, encoding })
    }
}
