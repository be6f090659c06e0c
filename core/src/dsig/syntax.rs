//! The `Signature` element read strictly (XML Signature 1.1 section 4): every element in its place,
//! once, and nothing else. What is not understood is refused, not skipped.

use super::DSIG_NS;
use super::error::{DsigError, StructureError};
use super::xpath::{self, XPathFilter};
use crate::c14n::{Algorithm, Method};
use crate::crypto::{DigestAlgorithm, PublicKey, SignatureAlgorithm};
use crate::xml::{Node, NodeId, NodeType};

const EXC_C14N_NS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
pub(crate) const ENVELOPED_SIGNATURE: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const XPATH: &str = "http://www.w3.org/TR/1999/REC-xpath-19991116";
const XPATH_FILTER2: &str = "http://www.w3.org/2002/06/xmldsig-filter2";

/// A parsed `Signature`, with the nodes it refers to.
pub(crate) struct SignatureSyntax {
    pub(crate) signed_info: NodeId,
    pub(crate) canonicalization: Method,
    pub(crate) signature_method: SignatureAlgorithm,
    pub(crate) signature_method_node: NodeId,
    pub(crate) references: Vec<ReferenceSyntax>,
    pub(crate) signature_value: Vec<u8>,
    pub(crate) key_info: KeyInfoSyntax,
}

/// What `KeyInfo` offers. Never trusted for being there: certificates are candidates for the
/// PKI layer, and a key value must agree with the key that verified the signature.
#[derive(Default)]
pub(crate) struct KeyInfoSyntax {
    pub(crate) certificates: Vec<Vec<u8>>,
    pub(crate) key_values: Vec<(NodeId, PublicKey)>,
}

pub(crate) struct ReferenceSyntax {
    /// The `Reference` element (positions are computed only for errors: each costs a scan).
    pub(crate) node: NodeId,
    pub(crate) uri: String,
    pub(crate) transforms: Vec<Transform>,
    pub(crate) digest: DigestAlgorithm,
    pub(crate) digest_node: NodeId,
    pub(crate) digest_value: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Transform {
    EnvelopedSignature,
    XPath(XPathFilter),
    Canonicalize(Method),
}

/// Limits of the security checklist (Santuario's secure validation as a floor).
pub(crate) struct SyntaxLimits {
    pub(crate) max_references: usize,
    pub(crate) max_transforms: usize,
    pub(crate) max_inclusive_prefixes: usize,
    /// Key values read from one `KeyInfo` (each costs a key validation).
    pub(crate) max_key_values: usize,
}

fn structure(node: Node<'_, '_>, what: StructureError) -> DsigError {
    DsigError::Structure { pos: node.text_pos(), what }
}

fn is_ds(node: Node<'_, '_>, local: &str) -> bool {
    node.has_name(Some(DSIG_NS), local)
}

/// The element children of `node`. White-space text is allowed between them; other text,
/// comments and processing instructions are not.
fn element_children<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> Result<Vec<Node<'a, 'i>>, DsigError> {
    let mut elements = Vec::new();
    for child in node.children() {
        match child.node_type() {
            NodeType::Element => elements.push(child),
            NodeType::Text if child.text().is_some_and(|t| t.bytes().all(|b| b.is_ascii_whitespace())) => {}
            NodeType::Text => return Err(structure(child, StructureError::Text(name))),
            _ => return Err(structure(child, StructureError::CommentOrPi(name))),
        }
    }
    Ok(elements)
}

/// The full text of a leaf element (`DigestValue`, `SignatureValue`): child elements, comments
/// and processing instructions are refused, so nothing can split or truncate the value.
fn leaf_text(node: Node<'_, '_>, name: &'static str) -> Result<String, DsigError> {
    let mut text = String::new();
    for child in node.children() {
        match child.node_type() {
            NodeType::Text => text.push_str(child.text().unwrap_or_default()),
            NodeType::Element => return Err(structure(child, StructureError::Unexpected(child.qualified_name()))),
            _ => return Err(structure(child, StructureError::CommentOrPi(name))),
        }
    }
    Ok(text)
}

fn base64(node: Node<'_, '_>, name: &'static str) -> Result<Vec<u8>, DsigError> {
    use base64ct::Encoding as _;
    let mut text = leaf_text(node, name)?.into_bytes();
    // Signers wrap long values (certificates) in lines; the line breaks are not data.
    text.retain(|b| !b.is_ascii_whitespace());
    let mut decoded = vec![0u8; text.len() / 4 * 3];
    let len = base64ct::Base64::decode(&text, &mut decoded)
        .map_err(|_| DsigError::Base64 { pos: node.text_pos(), element: name })?
        .len();
    decoded.truncate(len);
    Ok(decoded)
}

fn algorithm_attribute(node: Node<'_, '_>, name: &'static str) -> Result<String, DsigError> {
    node.attribute(None, "Algorithm")
        .map(str::to_owned)
        .ok_or_else(|| structure(node, StructureError::MissingAttribute { element: name, attribute: "Algorithm" }))
}

/// Takes the next element if it is `ds:{local}`.
fn take<'a, 'i>(
    elements: &mut std::iter::Peekable<std::vec::IntoIter<Node<'a, 'i>>>,
    local: &str,
) -> Option<Node<'a, 'i>> {
    elements.next_if(|n| is_ds(*n, local))
}

fn require<'a, 'i>(
    parent: Node<'a, 'i>,
    elements: &mut std::iter::Peekable<std::vec::IntoIter<Node<'a, 'i>>>,
    local: &'static str,
) -> Result<Node<'a, 'i>, DsigError> {
    match elements.peek() {
        Some(n) if is_ds(*n, local) => Ok(elements.next().expect("peeked")),
        Some(n) => Err(structure(*n, StructureError::Unexpected(n.qualified_name()))),
        None => Err(structure(parent, StructureError::Missing(local))),
    }
}

fn no_more(elements: &mut std::iter::Peekable<std::vec::IntoIter<Node<'_, '_>>>) -> Result<(), DsigError> {
    match elements.next() {
        Some(n) => Err(structure(n, StructureError::Unexpected(n.qualified_name()))),
        None => Ok(()),
    }
}

/// A canonicalization method element (`CanonicalizationMethod` or a C14N `Transform`), with the
/// exclusive algorithms' `InclusiveNamespaces PrefixList`.
fn canonicalization(
    node: Node<'_, '_>,
    name: &'static str,
    limits: &SyntaxLimits,
) -> Result<Option<Method>, DsigError> {
    let uri = algorithm_attribute(node, name)?;
    let Ok(algorithm) = Algorithm::from_uri(&uri) else { return Ok(None) };
    let children = element_children(node, name)?;
    match children.as_slice() {
        [] => Ok(Some(Method::new(algorithm))),
        [inclusive] if algorithm.is_exclusive() && inclusive.has_name(Some(EXC_C14N_NS), "InclusiveNamespaces") => {
            let list = inclusive.attribute(None, "PrefixList").unwrap_or_default();
            if list.split_ascii_whitespace().nth(limits.max_inclusive_prefixes).is_some() {
                return Err(DsigError::TooManyPrefixes {
                    pos: inclusive.text_pos(),
                    limit: limits.max_inclusive_prefixes,
                });
            }
            Method::exclusive_with_prefixes(algorithm, list)
                .map(Some)
                .map_err(|_| structure(*inclusive, StructureError::Invalid("invalid InclusiveNamespaces PrefixList")))
        }
        [other, ..] => Err(structure(*other, StructureError::Unexpected(other.qualified_name()))),
    }
}

impl SignatureSyntax {
    pub(crate) fn parse(signature: Node<'_, '_>, limits: &SyntaxLimits) -> Result<Self, DsigError> {
        let mut elements = element_children(signature, "Signature")?.into_iter().peekable();
        let signed_info = require(signature, &mut elements, "SignedInfo")?;
        let signature_value_node = require(signature, &mut elements, "SignatureValue")?;
        let key_info = match take(&mut elements, "KeyInfo") {
            Some(node) => KeyInfoSyntax::parse(node, limits.max_key_values)?,
            None => KeyInfoSyntax::default(),
        };
        while take(&mut elements, "Object").is_some() {}
        if let Some(n) = elements.peek() {
            let what = if is_ds(*n, "SignedInfo") {
                StructureError::Repeated("SignedInfo")
            } else {
                StructureError::Unexpected(n.qualified_name())
            };
            return Err(structure(*n, what));
        }

        let mut parts = element_children(signed_info, "SignedInfo")?.into_iter().peekable();
        let c14n_node = require(signed_info, &mut parts, "CanonicalizationMethod")?;
        let canonicalization = canonicalization(c14n_node, "CanonicalizationMethod", limits)?.ok_or_else(|| {
            DsigError::UnsupportedAlgorithm {
                pos: c14n_node.text_pos(),
                uri: c14n_node.attribute(None, "Algorithm").unwrap_or_default().to_owned(),
            }
        })?;
        let method_node = require(signed_info, &mut parts, "SignatureMethod")?;
        let method_uri = algorithm_attribute(method_node, "SignatureMethod")?;
        let signature_method = SignatureAlgorithm::from_uri(&method_uri)
            .map_err(|_| DsigError::UnsupportedAlgorithm { pos: method_node.text_pos(), uri: method_uri.clone() })?;
        // HMACOutputLength and anything else inside SignatureMethod: not for public-key algorithms.
        no_more(&mut element_children(method_node, "SignatureMethod")?.into_iter().peekable())?;

        let mut references = Vec::new();
        while let Some(reference) = take(&mut parts, "Reference") {
            if references.len() == limits.max_references {
                return Err(DsigError::TooManyReferences { pos: signed_info.text_pos(), limit: limits.max_references });
            }
            references.push(ReferenceSyntax::parse(reference, limits)?);
        }
        if references.is_empty() {
            return Err(structure(signed_info, StructureError::Missing("Reference")));
        }
        no_more(&mut parts)?;

        Ok(SignatureSyntax {
            signed_info: signed_info.id(),
            canonicalization,
            signature_method,
            signature_method_node: method_node.id(),
            references,
            signature_value: base64(signature_value_node, "SignatureValue")?,
            key_info,
        })
    }
}

impl ReferenceSyntax {
    fn parse(reference: Node<'_, '_>, limits: &SyntaxLimits) -> Result<Self, DsigError> {
        let uri = reference
            .attribute(None, "URI")
            .ok_or_else(|| {
                structure(reference, StructureError::MissingAttribute { element: "Reference", attribute: "URI" })
            })?
            .to_owned();
        let mut parts = element_children(reference, "Reference")?.into_iter().peekable();
        let mut transforms = Vec::new();
        if let Some(list) = take(&mut parts, "Transforms") {
            let items = element_children(list, "Transforms")?;
            if items.is_empty() {
                return Err(structure(list, StructureError::Missing("Transform")));
            }
            for item in items {
                if !is_ds(item, "Transform") {
                    return Err(structure(item, StructureError::Unexpected(item.qualified_name())));
                }
                if transforms.len() == limits.max_transforms {
                    return Err(DsigError::TooManyTransforms {
                        pos: reference.text_pos(),
                        limit: limits.max_transforms,
                    });
                }
                let uri = algorithm_attribute(item, "Transform")?;
                let transform = if uri == ENVELOPED_SIGNATURE {
                    no_more(&mut element_children(item, "Transform")?.into_iter().peekable())?;
                    Transform::EnvelopedSignature
                } else if uri == XPATH {
                    Transform::XPath(xpath_filter(item)?)
                } else if uri == XPATH_FILTER2 {
                    Transform::XPath(xpath_filter2(item)?)
                } else {
                    match canonicalization(item, "Transform", limits)? {
                        Some(method) => Transform::Canonicalize(method),
                        // XSLT, base64, ...: never run.
                        None => return Err(DsigError::UnsupportedAlgorithm { pos: item.text_pos(), uri }),
                    }
                };
                transforms.push(transform);
            }
        }
        let digest_node = require(reference, &mut parts, "DigestMethod")?;
        let digest_uri = algorithm_attribute(digest_node, "DigestMethod")?;
        let digest = DigestAlgorithm::from_uri(&digest_uri)
            .map_err(|_| DsigError::UnsupportedAlgorithm { pos: digest_node.text_pos(), uri: digest_uri })?;
        no_more(&mut element_children(digest_node, "DigestMethod")?.into_iter().peekable())?;
        let value_node = require(reference, &mut parts, "DigestValue")?;
        let digest_value = base64(value_node, "DigestValue")?;
        no_more(&mut parts)?;
        Ok(ReferenceSyntax {
            node: reference.id(),
            uri,
            transforms,
            digest,
            digest_node: digest_node.id(),
            digest_value,
        })
    }
}

/// The one `subtract` filter of an XPath Filter 2.0 transform, if it selects signatures as the
/// idioms that leave them out do; its prefixes are resolved where the `XPath` element is.
fn xpath_filter2(transform: Node<'_, '_>) -> Result<XPathFilter, DsigError> {
    let mut children = element_children(transform, "Transform")?.into_iter().peekable();
    let filter = children.next().ok_or_else(|| structure(transform, StructureError::Missing("XPath")))?;
    if !filter.has_name(Some(XPATH_FILTER2), "XPath") {
        return Err(structure(filter, StructureError::Unexpected(filter.qualified_name())));
    }
    let text = leaf_text(filter, "XPath")?;
    let refused = |reason: String| DsigError::XPathNotSupported {
        pos: filter.text_pos(),
        expression: text.chars().take(200).collect(),
        reason: format!("XPath Filter 2.0, {XPATH_FILTER2}: {reason}"),
    };
    // Several filters, or intersect and union, select by sets this reader does not compute.
    if children.peek().is_some() {
        return Err(refused("only one subtract filter is supported".into()));
    }
    if filter.attribute(None, "Filter") != Some("subtract") {
        return Err(refused("only a subtract filter is supported".into()));
    }
    xpath::recognize_subtracted(&text, |prefix| filter.lookup_namespace(prefix))
        .map_err(|reason| refused(reason.to_string()))
}

/// The expression of an XPath transform, if it is one of the idioms that leave signatures out;
/// its prefixes are resolved where the `XPath` element is.
fn xpath_filter(transform: Node<'_, '_>) -> Result<XPathFilter, DsigError> {
    let mut children = element_children(transform, "Transform")?.into_iter().peekable();
    let expression = require(transform, &mut children, "XPath")?;
    no_more(&mut children)?;
    let text = leaf_text(expression, "XPath")?;
    xpath::recognize(&text, |prefix| expression.lookup_namespace(prefix)).map_err(|reason| {
        DsigError::XPathNotSupported {
            pos: expression.text_pos(),
            // Enough to recognize it by; an expression can be as long as the input.
            expression: text.chars().take(200).collect(),
            reason: reason.to_string(),
        }
    })
}

const DSIG11_NS: &str = "http://www.w3.org/2009/xmldsig11#";

impl KeyInfoSyntax {
    /// Reads `X509Data/X509Certificate`, `KeyValue/RSAKeyValue`, `KeyValue/dsig11:ECKeyValue` and
    /// `dsig11:DEREncodedKeyValue`; other children (names, references, digests) are left alone,
    /// since they carry no key.
    fn parse(key_info: Node<'_, '_>, max_key_values: usize) -> Result<Self, DsigError> {
        let mut found = KeyInfoSyntax::default();
        let children = element_children(key_info, "KeyInfo")?;
        let key_values: usize = children
            .iter()
            .map(|c| match () {
                _ if is_ds(*c, "KeyValue") => c.children().filter(|n| n.is_element()).count(),
                _ if c.has_name(Some(DSIG11_NS), "DEREncodedKeyValue") => 1,
                _ => 0,
            })
            .sum();
        if key_values > max_key_values {
            return Err(DsigError::TooManyKeyCandidates {
                pos: key_info.parent().unwrap_or(key_info).text_pos(),
                count: key_values,
                limit: max_key_values,
            });
        }
        for child in children {
            if is_ds(child, "X509Data") {
                for item in element_children(child, "X509Data")? {
                    if is_ds(item, "X509Certificate") {
                        found.certificates.push(base64(item, "X509Certificate")?);
                    }
                }
            } else if is_ds(child, "KeyValue") {
                for value in element_children(child, "KeyValue")? {
                    found.key_values.push((value.id(), key_value(value)?));
                }
            } else if child.has_name(Some(DSIG11_NS), "DEREncodedKeyValue") {
                let der = base64(child, "DEREncodedKeyValue")?;
                found.key_values.push((child.id(), PublicKey::from_spki_der(&der).map_err(|e| bad_key(child, e))?));
            }
        }
        Ok(found)
    }
}

fn bad_key(node: Node<'_, '_>, error: crate::crypto::CryptoError) -> DsigError {
    DsigError::KeyInfo { pos: node.text_pos(), reason: error }
}

/// One `KeyValue` child as a public key.
fn key_value(value: Node<'_, '_>) -> Result<PublicKey, DsigError> {
    let child = |parent: Node<'_, '_>, ns: &str, local: &'static str| -> Result<Vec<u8>, DsigError> {
        let node = element_children(parent, local)?
            .into_iter()
            .find(|n| n.has_name(Some(ns), local))
            .ok_or_else(|| structure(parent, StructureError::Missing(local)))?;
        base64(node, local)
    };
    if is_ds(value, "RSAKeyValue") {
        let (modulus, exponent) = (child(value, DSIG_NS, "Modulus")?, child(value, DSIG_NS, "Exponent")?);
        PublicKey::from_rsa_components(&modulus, &exponent).map_err(|e| bad_key(value, e))
    } else if value.has_name(Some(DSIG11_NS), "ECKeyValue") {
        let curve = element_children(value, "ECKeyValue")?
            .into_iter()
            .find(|n| n.has_name(Some(DSIG11_NS), "NamedCurve"))
            .and_then(|n| n.attribute(None, "URI"))
            .ok_or_else(|| structure(value, StructureError::Missing("NamedCurve")))?
            .to_owned();
        let point = child(value, DSIG11_NS, "PublicKey")?;
        PublicKey::from_ec_point(curve.strip_prefix("urn:oid:").unwrap_or(&curve), &point)
            .map_err(|e| bad_key(value, e))
    } else {
        Err(DsigError::UnsupportedAlgorithm {
            pos: value.text_pos(),
            uri: format!("KeyValue {}", value.qualified_name()),
        })
    }
}
