use std::fmt;

/// A position in the input: 1-based line and column, the column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextPos {
    pub line: u32,
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
    #[error("document of {size} bytes is larger than the limit of {limit} bytes")]
    InputTooLarge { size: usize, limit: usize },
    #[error("input is not UTF-8: invalid byte sequence at {pos}")]
    NotUtf8 { pos: TextPos },
    #[error("encoding {declared:?} declared at {pos} is not supported: only UTF-8 is read")]
    UnsupportedEncoding { declared: String, pos: TextPos },
    #[error("XML version {declared:?} declared at {pos} is not supported: only 1.0 is read")]
    UnsupportedVersion { declared: String, pos: TextPos },
    #[error("document type declaration (DOCTYPE) at {pos} is not allowed")]
    DtdNotAllowed { pos: TextPos },
    #[error(
        "entity reference &{name}; at {pos} is not allowed: only the five predefined entities and character references are"
    )]
    UnknownEntity { name: String, pos: TextPos },
    #[error("element at {pos} is nested deeper than the limit of {limit}")]
    TooDeep { pos: TextPos, limit: u32 },
    #[error("node at {pos} exceeds the limit of {limit} nodes")]
    TooManyNodes { pos: TextPos, limit: u32 },
    #[error("element at {pos} has more than the limit of {limit} attributes")]
    TooManyAttributes { pos: TextPos, limit: u32 },
    #[error("attribute value at {pos} is longer than the limit of {limit} bytes")]
    AttributeValueTooLong { pos: TextPos, limit: usize },
    #[error("text at {pos} is longer than the limit of {limit} bytes")]
    TextTooLong { pos: TextPos, limit: usize },
    #[error("namespace declaration at {pos} exceeds the limit of {limit} namespaces in scope")]
    TooManyNamespaces { pos: TextPos, limit: u32 },
    #[error("malformed XML at {pos}: {what}")]
    Malformed { pos: TextPos, what: Malformed },
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
    #[error("unexpected end of input{}", in_element(.open_element))]
    UnexpectedEof { open_element: Option<String> },
    #[error("end tag </{found}> does not match start tag <{expected}>")]
    MismatchedEndTag { expected: String, found: String },
    #[error("end tag </{0}> has no start tag")]
    UnmatchedEndTag(String),
    #[error("invalid name {0:?}")]
    InvalidName(String),
    #[error("name {0:?} is not a qualified name (XML Namespaces 1.0 allows at most one colon, between two names)")]
    NotQualifiedName(String),
    #[error("invalid attribute syntax")]
    InvalidAttributeSyntax,
    #[error("attribute {0} appears twice")]
    DuplicateAttribute(String),
    #[error("'<' is not allowed in an attribute value")]
    LessThanInAttributeValue,
    #[error("character U+{0:04X} is not allowed in XML")]
    InvalidCharacter(u32),
    #[error("character reference {0:?} is invalid")]
    InvalidCharacterReference(String),
    #[error("'&' must start an entity or character reference ending in ';'")]
    BareAmpersand,
    #[error("']]>' is not allowed in text")]
    CdataEndInText,
    #[error("'--' is not allowed inside a comment")]
    DoubleHyphenInComment,
    #[error("invalid processing instruction")]
    InvalidProcessingInstruction,
    #[error("processing instruction target {0:?} contains a colon, which XML Namespaces 1.0 forbids")]
    ColonInProcessingInstructionTarget(String),
    #[error("processing instruction target {0:?} is reserved")]
    ReservedProcessingInstructionTarget(String),
    #[error("invalid XML declaration")]
    InvalidXmlDeclaration,
    #[error("XML declaration is only allowed at the very start of the document")]
    MisplacedXmlDeclaration,
    #[error("document type declaration after the root element")]
    MisplacedDoctype,
    #[error("text outside the root element")]
    TextOutsideRoot,
    #[error("second root element")]
    MultipleRoots,
    #[error("no root element")]
    NoRootElement,
    #[error("namespace prefix {0:?} is not declared")]
    UndeclaredPrefix(String),
    #[error("namespace declaration {0}")]
    InvalidNamespaceDeclaration(&'static str),
    #[error("{0} is not closed")]
    Unclosed(&'static str),
    #[error("invalid markup after '<!'")]
    InvalidMarkup,
}

fn in_element(open: &Option<String>) -> String {
    match open {
        Some(name) => format!(" inside <{name}>"),
        None => String::new(),
    }
}
