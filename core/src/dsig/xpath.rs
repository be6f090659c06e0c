//! The XPath transform, for exactly the expressions signers write to leave signatures out of what
//! they sign. An expression is read into tokens and compared with those idioms; it is never
//! evaluated, and anything else is refused.

use super::DSIG_NS;

/// What a recognized XPath transform removes from the node-set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum XPathFilter {
    /// `not(ancestor-or-self::ds:Signature)`: every `Signature` element, with its content.
    EverySignature,
    /// `count(ancestor-or-self::ds:Signature | here()/ancestor::ds:Signature[1]) >
    /// count(ancestor-or-self::ds:Signature)`: the signature that holds the transform, as the
    /// enveloped-signature transform (XMLDSig 1.0 section 6.6.4, the expression it stands for).
    EnclosingSignature,
}

/// Why an expression is not one of the idioms, for the error message.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum NotAnIdiom {
    /// It does not read as one of them.
    Expression,
    /// It does, but this prefix is not bound to the XMLDSig namespace where the `XPath` element is.
    Prefix { prefix: String, bound_to: Option<String> },
}

impl std::fmt::Display for NotAnIdiom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotAnIdiom::Expression => f.write_str("only the expressions that leave signatures out are supported"),
            NotAnIdiom::Prefix { prefix, bound_to: Some(ns) } => {
                write!(f, "prefix {prefix:?} is bound to {ns:?}, not to the XMLDSig namespace")
            }
            NotAnIdiom::Prefix { prefix, bound_to: None } => write!(f, "prefix {prefix:?} is not declared"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token<'a> {
    Name(&'a str),
    /// A `prefix:local` name test.
    QName(&'a str, &'a str),
    Number(&'a str),
    Symbol(&'static str),
}

/// One step of an idiom: a token, or a name test `P:Signature` whose prefix is checked afterwards.
#[derive(Clone, Copy)]
enum Pattern {
    Name(&'static str),
    Symbol(&'static str),
    Number(&'static str),
    Signature,
}

const EVERY_SIGNATURE: &[Pattern] = {
    use Pattern::*;
    &[Name("not"), Symbol("("), Name("ancestor-or-self"), Symbol("::"), Signature, Symbol(")")]
};

const ENCLOSING_SIGNATURE: &[Pattern] = {
    use Pattern::*;
    &[
        Name("count"),
        Symbol("("),
        Name("ancestor-or-self"),
        Symbol("::"),
        Signature,
        Symbol("|"),
        Name("here"),
        Symbol("("),
        Symbol(")"),
        Symbol("/"),
        Name("ancestor"),
        Symbol("::"),
        Signature,
        Symbol("["),
        Number("1"),
        Symbol("]"),
        Symbol(")"),
        Symbol(">"),
        Name("count"),
        Symbol("("),
        Name("ancestor-or-self"),
        Symbol("::"),
        Signature,
        Symbol(")"),
    ]
};

/// `/descendant::ds:Signature`, subtracted by XPath Filter 2.0: every `Signature` element.
const EVERY_SIGNATURE_SELECTED: &[Pattern] = {
    use Pattern::*;
    &[Symbol("/"), Name("descendant"), Symbol("::"), Signature]
};

/// `here()/ancestor::ds:Signature[1]`, subtracted by XPath Filter 2.0: the signature that holds
/// the transform.
const ENCLOSING_SIGNATURE_SELECTED: &[Pattern] = {
    use Pattern::*;
    &[
        Name("here"),
        Symbol("("),
        Symbol(")"),
        Symbol("/"),
        Name("ancestor"),
        Symbol("::"),
        Signature,
        Symbol("["),
        Number("1"),
        Symbol("]"),
    ]
};

/// The filter `expression` stands for, its prefixes resolved by `namespace` (the namespaces in
/// scope on the `XPath` element).
pub(crate) fn recognize<'a>(
    expression: &str,
    namespace: impl Fn(&str) -> Option<&'a str>,
) -> Result<XPathFilter, NotAnIdiom> {
    let idioms =
        [(XPathFilter::EverySignature, EVERY_SIGNATURE), (XPathFilter::EnclosingSignature, ENCLOSING_SIGNATURE)];
    recognize_among(expression, &idioms, namespace)
}

/// The filter an XPath Filter 2.0 `subtract` of `expression` stands for (the nodes it selects,
/// with their descendants, are left out), its prefixes resolved by `namespace`.
pub(crate) fn recognize_subtracted<'a>(
    expression: &str,
    namespace: impl Fn(&str) -> Option<&'a str>,
) -> Result<XPathFilter, NotAnIdiom> {
    let idioms = [
        (XPathFilter::EverySignature, EVERY_SIGNATURE_SELECTED),
        (XPathFilter::EnclosingSignature, ENCLOSING_SIGNATURE_SELECTED),
    ];
    recognize_among(expression, &idioms, namespace)
}

fn recognize_among<'a>(
    expression: &str,
    idioms: &[(XPathFilter, &[Pattern])],
    namespace: impl Fn(&str) -> Option<&'a str>,
) -> Result<XPathFilter, NotAnIdiom> {
    let tokens = tokenize(expression).ok_or(NotAnIdiom::Expression)?;
    let (filter, prefixes) = idioms
        .iter()
        .find_map(|(filter, pattern)| matches(&tokens, pattern).map(|prefixes| (*filter, prefixes)))
        .ok_or(NotAnIdiom::Expression)?;
    for prefix in prefixes {
        match namespace(prefix) {
            Some(DSIG_NS) => {}
            bound_to => {
                return Err(NotAnIdiom::Prefix { prefix: prefix.to_owned(), bound_to: bound_to.map(str::to_owned) });
            }
        }
    }
    Ok(filter)
}

/// The prefixes of the `Signature` name tests, when `tokens` follow `pattern`.
fn matches<'a>(tokens: &[Token<'a>], pattern: &[Pattern]) -> Option<Vec<&'a str>> {
    if tokens.len() != pattern.len() {
        return None;
    }
    let mut prefixes = Vec::new();
    for (token, step) in tokens.iter().zip(pattern) {
        match (*token, *step) {
            (Token::Name(a), Pattern::Name(b)) | (Token::Number(a), Pattern::Number(b)) if a == b => {}
            (Token::Symbol(a), Pattern::Symbol(b)) if a == b => {}
            (Token::QName(prefix, "Signature"), Pattern::Signature) => prefixes.push(prefix),
            _ => return None,
        }
    }
    Some(prefixes)
}

/// The tokens of an XPath 1.0 expression (section 3.7), for the few kinds the idioms use; `None`
/// for any other character.
fn tokenize(expression: &str) -> Option<Vec<Token<'_>>> {
    const SYMBOLS: [&str; 9] = ["::", "(", ")", "[", "]", "|", ">", "/", ":"];
    let name_start = |c: char| c.is_ascii_alphabetic() || c == '_' || !c.is_ascii();
    let name_char = |c: char| name_start(c) || c.is_ascii_digit() || c == '-' || c == '.';
    let name_end = |s: &str| s.find(|c: char| !name_char(c)).unwrap_or(s.len());
    let mut tokens = Vec::new();
    // XPath's ExprWhitespace: the four XML white-space characters.
    let mut rest = expression.trim_start_matches([' ', '\t', '\r', '\n']);
    while let Some(c) = rest.chars().next() {
        let len;
        if let Some(symbol) = SYMBOLS.into_iter().find(|s| rest.starts_with(s)) {
            // A lone `:` is only ever part of a QName, read below.
            if symbol == ":" {
                return None;
            }
            tokens.push(Token::Symbol(symbol));
            len = symbol.len();
        } else if c.is_ascii_digit() {
            len = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            tokens.push(Token::Number(&rest[..len]));
        } else if name_start(c) {
            let first = name_end(rest);
            let after = &rest[first..];
            match after.strip_prefix(':') {
                Some(local) if !local.starts_with(':') && local.starts_with(name_start) => {
                    let second = name_end(local);
                    tokens.push(Token::QName(&rest[..first], &local[..second]));
                    len = first + 1 + second;
                }
                _ => {
                    tokens.push(Token::Name(&rest[..first]));
                    len = first;
                }
            }
        } else {
            return None;
        }
        rest = rest[len..].trim_start_matches([' ', '\t', '\r', '\n']);
    }
    Some(tokens)
}

#[cfg(test)]
mod tests {
    use super::{NotAnIdiom, XPathFilter, recognize};
    use crate::dsig::DSIG_NS;

    fn ds(prefix: &str) -> Option<&'static str> {
        match prefix {
            "ds" | "dsig" => Some(DSIG_NS),
            "x" => Some("urn:x"),
            _ => None,
        }
    }

    #[test]
    fn the_subtracted_selections_of_xpath_filter_2() {
        use super::recognize_subtracted;
        assert_eq!(recognize_subtracted("/descendant::ds:Signature", ds), Ok(XPathFilter::EverySignature));
        assert_eq!(recognize_subtracted(" / descendant :: dsig:Signature ", ds), Ok(XPathFilter::EverySignature));
        assert_eq!(recognize_subtracted("here()/ancestor::ds:Signature[1]", ds), Ok(XPathFilter::EnclosingSignature));
        for other in [
            "/descendant::ds:Object",
            "//ds:Signature",
            "/descendant::ds:Signature[1]",
            "not(ancestor-or-self::ds:Signature)",
        ] {
            assert_eq!(recognize_subtracted(other, ds), Err(NotAnIdiom::Expression), "{other}");
        }
        assert!(matches!(recognize_subtracted("/descendant::x:Signature", ds), Err(NotAnIdiom::Prefix { .. })));
    }

    #[test]
    fn the_idioms_with_any_white_space_and_prefix() {
        for expression in [
            "not(ancestor-or-self::dsig:Signature)",
            " not ( ancestor-or-self :: ds:Signature ) ",
            "\n\tnot(\r\nancestor-or-self::ds:Signature)\n",
        ] {
            assert_eq!(recognize(expression, ds), Ok(XPathFilter::EverySignature), "{expression:?}");
        }
        for expression in [
            "count(ancestor-or-self::dsig:Signature | here()/ancestor::dsig:Signature[1]) > count(ancestor-or-self::dsig:Signature)",
            "count(ancestor-or-self::ds:Signature|here()/ancestor::dsig:Signature[1])>count(ancestor-or-self::ds:Signature)",
            "\n count ( ancestor-or-self :: ds:Signature | here ( ) / ancestor :: ds:Signature [ 1 ] ) >\n count ( ancestor-or-self :: ds:Signature ) ",
        ] {
            assert_eq!(recognize(expression, ds), Ok(XPathFilter::EnclosingSignature), "{expression:?}");
        }
    }

    #[test]
    fn other_expressions_and_namespaces_are_not_the_idioms() {
        for expression in [
            "",
            "not(ancestor-or-self::Signature)",
            "not(ancestor-or-self::*[local-name()='Signature'])",
            "not(ancestor::dsig:Signature)",
            "not(ancestor-or-self::dsig:SignatureValue)",
            "not(ancestor-or-self::dsig:Signature) or true()",
            "not(ancestor-or-self::dsig : Signature)",
            "not(ancestor-or-self::dsig:Signature))",
            "not(ancestor-or-self::dsig:Signature",
            "count(ancestor-or-self::dsig:Signature | here()/ancestor::dsig:Signature[2]) > count(ancestor-or-self::dsig:Signature)",
            "count(ancestor-or-self::dsig:Signature | here()/ancestor::dsig:Signature[1]) >= count(ancestor-or-self::dsig:Signature)",
            "ancestor-or-self::dsig:Signature",
            "not(ancestor-or-self::dsig:Signature)\u{0}",
            "not(ancestor-or-self::dsig:Signature)\u{a0}",
            "1",
        ] {
            assert_eq!(recognize(expression, ds), Err(NotAnIdiom::Expression), "{expression:?}");
        }
        assert_eq!(
            recognize("not(ancestor-or-self::x:Signature)", ds),
            Err(NotAnIdiom::Prefix { prefix: "x".into(), bound_to: Some("urn:x".into()) })
        );
        assert_eq!(
            recognize("not(ancestor-or-self::y:Signature)", ds),
            Err(NotAnIdiom::Prefix { prefix: "y".into(), bound_to: None })
        );
        // Every name test of the exact form is checked, not the first only.
        assert!(matches!(
            recognize(
                "count(ancestor-or-self::ds:Signature | here()/ancestor::x:Signature[1]) > count(ancestor-or-self::ds:Signature)",
                ds
            ),
            Err(NotAnIdiom::Prefix { .. })
        ));
    }
}
