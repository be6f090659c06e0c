use std::fmt;

/// A position in the input: 1-based line and column, the column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextPos {
    /// Line number, from 1. CR LF and a lone CR each end a line, as XML 1.0 section 2.11 says.
    pub line: u32,
    /// Column number in the line, from 1, counted in characters (not bytes).
    pub column: u32,
}

impl TextPos {
    /// The position of byte `offset` in `text` (an offset past the end is clamped to the end).
    pub(crate) fn at(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // Line ends as XML 1.0 section 2.11 defines them: LF, CR LF, and a lone CR. A SIMD search:
        // positions are computed for every reported error, over documents of many megabytes.
        let bytes = text.as_bytes();
        let mut line = 1usize;
        let mut line_start = 0;
        for i in memchr::memchr2_iter(b'\n', b'\r', &bytes[..offset]) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line += 1;
                line_start = i + 1;
            }
        }
        let column = text[line_start..offset].chars().count() + 1;
        TextPos { line: u32::try_from(line).unwrap_or(u32::MAX), column: u32::try_from(column).unwrap_or(u32::MAX) }
    }
}

impl fmt::Display for TextPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Why an input was refused by the XML reader.
///
/// Every variant that concerns a place in the document names it as line:column.
/// Each limit of [`Limits`](crate::xml::Limits) has its own variant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XmlError {
    /// The input is larger than [`Limits::max_input_bytes`](crate::xml::Limits::max_input_bytes).
    #[error("document of {size} bytes is larger than the limit of {limit} bytes")]
    InputTooLarge {
        /// The input's size, in bytes.
        size: usize,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The input is not valid UTF-8, the only encoding read.
    #[error("input is not UTF-8: invalid byte sequence at {pos}")]
    NotUtf8 {
        /// Where the first invalid byte sequence starts.
        pos: TextPos,
    },
    /// The XML declaration names an encoding other than UTF-8.
    #[error("encoding {declared:?} declared at {pos} is not supported: only UTF-8 is read")]
    UnsupportedEncoding {
        /// The encoding name as declared.
        declared: String,
        /// Where the declaration is.
        pos: TextPos,
    },
    /// The XML declaration names a version other than 1.0.
    #[error("XML version {declared:?} declared at {pos} is not supported: only 1.0 is read")]
    UnsupportedVersion {
        /// The version as declared.
        declared: String,
        /// Where the declaration is.
        pos: TextPos,
    },
    /// The document has a document type declaration that the
    /// [`DoctypePolicy`](crate::xml::DoctypePolicy) refuses (by default, any).
    #[error("document type declaration (DOCTYPE) at {pos} is not allowed")]
    DtdNotAllowed {
        /// Where the declaration starts.
        pos: TextPos,
    },
    /// A reference to an entity other than the five predefined ones (`lt`, `gt`, `amp`, `apos`,
    /// `quot`); entities are never expanded.
    #[error(
        "entity reference &{name}; at {pos} is not allowed: only the five predefined entities and character references are"
    )]
    UnknownEntity {
        /// The entity's name, without `&` and `;`.
        name: String,
        /// Where the reference is.
        pos: TextPos,
    },
    /// Elements are nested deeper than [`Limits::max_depth`](crate::xml::Limits::max_depth).
    #[error("element at {pos} is nested deeper than the limit of {limit}")]
    TooDeep {
        /// The start of the first element too deep.
        pos: TextPos,
        /// The limit.
        limit: u32,
    },
    /// The document has more nodes than [`Limits::max_nodes`](crate::xml::Limits::max_nodes).
    #[error("node at {pos} exceeds the limit of {limit} nodes")]
    TooManyNodes {
        /// The start of the first node over the limit.
        pos: TextPos,
        /// The limit.
        limit: u32,
    },
    /// An element has more attributes than
    /// [`Limits::max_attributes`](crate::xml::Limits::max_attributes).
    #[error("element at {pos} has more than the limit of {limit} attributes")]
    TooManyAttributes {
        /// The start of the element.
        pos: TextPos,
        /// The limit.
        limit: u32,
    },
    /// An attribute value is longer than
    /// [`Limits::max_attribute_value_bytes`](crate::xml::Limits::max_attribute_value_bytes).
    #[error("attribute value at {pos} is longer than the limit of {limit} bytes")]
    AttributeValueTooLong {
        /// Where the attribute value is.
        pos: TextPos,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A text node is longer than [`Limits::max_text_bytes`](crate::xml::Limits::max_text_bytes).
    #[error("text at {pos} is longer than the limit of {limit} bytes")]
    TextTooLong {
        /// Where the text is.
        pos: TextPos,
        /// The limit, in bytes.
        limit: usize,
    },
    /// More namespace declarations are in scope than
    /// [`Limits::max_namespaces_in_scope`](crate::xml::Limits::max_namespaces_in_scope).
    #[error("namespace declaration at {pos} exceeds the limit of {limit} namespaces in scope")]
    TooManyNamespaces {
        /// Where the declaration over the limit is.
        pos: TextPos,
        /// The limit.
        limit: u32,
    },
    /// The input is not well-formed XML 1.0, or breaks a rule of Namespaces in XML 1.0.
    #[error("malformed XML at {pos}: {what}")]
    Malformed {
        /// Where the fault is.
        pos: TextPos,
        /// Which rule it breaks.
        what: Malformed,
    },
}

impl XmlError {
    /// The stable code of this error: `too-large` for input over the size limit, else `xml`.
    pub fn code(&self) -> crate::Code {
        match self {
            XmlError::InputTooLarge { .. } => crate::Code::TooLarge,
            _ => crate::Code::Xml,
        }
    }

    /// Which rule the input breaks, as a stable kebab-case name of the variant (`dtd-not-allowed`,
    /// `too-deep`, `malformed`, ...): finer than [`XmlError::code`], for callers that act on it.
    pub fn kind(&self) -> &'static str {
        match self {
            XmlError::InputTooLarge { .. } => "input-too-large",
            XmlError::NotUtf8 { .. } => "not-utf8",
            XmlError::UnsupportedEncoding { .. } => "unsupported-encoding",
            XmlError::UnsupportedVersion { .. } => "unsupported-version",
            XmlError::DtdNotAllowed { .. } => "dtd-not-allowed",
            XmlError::UnknownEntity { .. } => "unknown-entity",
            XmlError::TooDeep { .. } => "too-deep",
            XmlError::TooManyNodes { .. } => "too-many-nodes",
            XmlError::TooManyAttributes { .. } => "too-many-attributes",
            XmlError::AttributeValueTooLong { .. } => "attribute-value-too-long",
            XmlError::TextTooLong { .. } => "text-too-long",
            XmlError::TooManyNamespaces { .. } => "too-many-namespaces",
            XmlError::Malformed { .. } => "malformed",
        }
    }
}

impl XmlError {
    /// The place in the document the error is about, where it has one.
    pub fn pos(&self) -> Option<TextPos> {
        match self {
            XmlError::InputTooLarge { .. } => None,
            XmlError::NotUtf8 { pos }
            | XmlError::UnsupportedEncoding { pos, .. }
            | XmlError::UnsupportedVersion { pos, .. }
            | XmlError::DtdNotAllowed { pos }
            | XmlError::UnknownEntity { pos, .. }
            | XmlError::TooDeep { pos, .. }
            | XmlError::TooManyNodes { pos, .. }
            | XmlError::TooManyAttributes { pos, .. }
            | XmlError::AttributeValueTooLong { pos, .. }
            | XmlError::TextTooLong { pos, .. }
            | XmlError::TooManyNamespaces { pos, .. }
            | XmlError::Malformed { pos, .. } => Some(*pos),
        }
    }
}

/// The well-formedness or namespace rule a malformed document breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Malformed {
    /// The input ends before the document does.
    #[error("unexpected end of input{}", in_element(.open_element))]
    UnexpectedEof {
        /// The innermost element still open, if any.
        open_element: Option<String>,
    },
    /// An end tag names a different element than the start tag it closes.
    #[error("end tag </{found}> does not match start tag <{expected}>")]
    MismatchedEndTag {
        /// The start tag's name.
        expected: String,
        /// The end tag's name.
        found: String,
    },
    /// An end tag with no open element to close (the name as written).
    #[error("end tag </{0}> has no start tag")]
    UnmatchedEndTag(String),
    /// A name that is not an XML 1.0 `Name`.
    #[error("invalid name {0:?}")]
    InvalidName(String),
    /// A name with a misplaced colon, which Namespaces in XML 1.0 forbids.
    #[error("name {0:?} is not a qualified name (XML Namespaces 1.0 allows at most one colon, between two names)")]
    NotQualifiedName(String),
    /// An attribute not written `name="value"` or `name='value'`.
    #[error("invalid attribute syntax")]
    InvalidAttributeSyntax,
    /// An attribute (by expanded name, or a namespace declaration) given twice on one element.
    #[error("attribute {0} appears twice")]
    DuplicateAttribute(String),
    /// A literal `<` in an attribute value.
    #[error("'<' is not allowed in an attribute value")]
    LessThanInAttributeValue,
    /// A character outside XML 1.0's `Char` production (the code point).
    #[error("character U+{0:04X} is not allowed in XML")]
    InvalidCharacter(u32),
    /// A character reference that is malformed or names a character XML does not allow.
    #[error("character reference {0:?} is invalid")]
    InvalidCharacterReference(String),
    /// An `&` that does not start a reference.
    #[error("'&' must start an entity or character reference ending in ';'")]
    BareAmpersand,
    /// The sequence `]]>` in text outside a CDATA section.
    #[error("']]>' is not allowed in text")]
    CdataEndInText,
    /// `--` inside a comment.
    #[error("'--' is not allowed inside a comment")]
    DoubleHyphenInComment,
    /// A processing instruction that is not `<?target data?>`.
    #[error("invalid processing instruction")]
    InvalidProcessingInstruction,
    /// A processing instruction target with a colon.
    #[error("processing instruction target {0:?} contains a colon, which XML Namespaces 1.0 forbids")]
    ColonInProcessingInstructionTarget(String),
    /// A processing instruction target that is `xml` in some letter case, which XML 1.0 reserves.
    #[error("processing instruction target {0:?} is reserved")]
    ReservedProcessingInstructionTarget(String),
    /// A malformed XML declaration (`<?xml ...?>`).
    #[error("invalid XML declaration")]
    InvalidXmlDeclaration,
    /// An XML declaration anywhere but at the very start.
    #[error("XML declaration is only allowed at the very start of the document")]
    MisplacedXmlDeclaration,
    /// A document type declaration after the root element.
    #[error("document type declaration after the root element")]
    MisplacedDoctype,
    /// Non-white-space text before or after the root element.
    #[error("text outside the root element")]
    TextOutsideRoot,
    /// A second element at the top level.
    #[error("second root element")]
    MultipleRoots,
    /// A document without an element.
    #[error("no root element")]
    NoRootElement,
    /// A prefix on an element or attribute with no namespace declaration in scope.
    #[error("namespace prefix {0:?} is not declared")]
    UndeclaredPrefix(String),
    /// A namespace declaration Namespaces in XML 1.0 forbids (e.g. one for the prefix `xmlns`, or one undeclaring a prefix); the text says which rule.
    #[error("namespace declaration {0}")]
    InvalidNamespaceDeclaration(&'static str),
    /// A construct (comment, CDATA section, PI, tag...) that the input ends inside; the text names it.
    #[error("{0} is not closed")]
    Unclosed(&'static str),
    /// `<!` not followed by a comment, CDATA section or DOCTYPE.
    #[error("invalid markup after '<!'")]
    InvalidMarkup,
}

fn in_element(open: &Option<String>) -> String {
    match open {
        Some(name) => format!(" inside <{name}>"),
        None => String::new(),
    }
}
