//! Verification: every `Signature` in a document, each of its references, its value.

use std::collections::HashMap;

use super::DSIG_NS;
use super::error::DsigError;
use super::syntax::{ReferenceSyntax, SignatureSyntax, SyntaxLimits, Transform};
use crate::c14n::{Algorithm, Method, Subset, canonicalize_to_vec};
use crate::crypto::{self, CryptoError, CryptoProvider, DigestAlgorithm, KeyType, PublicKey, SignatureAlgorithm};
use crate::xml::{Document, Node, NodeId, TextPos, XmlError};

/// How to verify. The default is the secure setting: no SHA-1, Santuario's limits, OpenSSL where
/// built in. Keys are the caller's: a key in `KeyInfo` is never trusted for being there.
#[derive(Clone, Debug)]
pub struct VerifyOptions {
    /// Default: [`crypto::default_provider`].
    pub provider: &'static dyn CryptoProvider,
    /// Each signature must verify under one of these. Default: none (so verification fails
    /// until the caller pins a key or, with the PKI layer, a trust store supplies one).
    pub trusted_keys: Vec<PublicKey>,
    /// Attribute names (without namespace) that identify elements for `URI="#id"`.
    /// Default: `Id`, `ID`, `id`.
    pub id_attributes: Vec<String>,
    /// Accept SHA-1 digests and signatures (old documents), reported as weak. Default: false.
    pub allow_sha1: bool,
    /// Ids of elements every signature must cover. Default: none.
    pub required_ids: Vec<String>,
    /// Default: 30.
    pub max_references: usize,
    /// Default: 5.
    pub max_transforms: usize,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            provider: crypto::default_provider(),
            trusted_keys: Vec::new(),
            id_attributes: ["Id", "ID", "id"].map(String::from).to_vec(),
            allow_sha1: false,
            required_ids: Vec::new(),
            max_references: 30,
            max_transforms: 5,
        }
    }
}

/// A signature that verified, and only what it signed. Only the library constructs one.
#[derive(Debug)]
pub struct VerifiedSignature {
    signature: NodeId,
    pos: TextPos,
    algorithm: SignatureAlgorithm,
    key: PublicKey,
    references: Vec<VerifiedReference>,
    warnings: Vec<Warning>,
}

/// A reference of a verified signature: the canonical bytes its digest covers.
#[derive(Debug)]
pub struct VerifiedReference {
    uri: String,
    node: NodeId,
    /// The signature an enveloped-signature transform removed from the selection.
    excluded: Option<NodeId>,
    digest: DigestAlgorithm,
    canonical: Vec<u8>,
}

/// Something that did not stop verification but that a reader must be told.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// SHA-1 was accepted under the legacy option.
    WeakAlgorithm(&'static str),
    /// An RSA key below 2048 bits (read for old documents only).
    WeakKey { bits: usize },
}

impl VerifiedSignature {
    /// The `Signature` element.
    pub fn signature_node(&self) -> NodeId {
        self.signature
    }

    /// Where the `Signature` element starts.
    pub fn position(&self) -> TextPos {
        self.pos
    }

    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The trusted key it verified under.
    pub fn key(&self) -> &PublicKey {
        &self.key
    }

    pub fn references(&self) -> &[VerifiedReference] {
        &self.references
    }

    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

impl VerifiedReference {
    /// The reference's `URI` attribute.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The node the URI selected (the document node for `""`).
    pub fn node(&self) -> NodeId {
        self.node
    }

    pub fn digest_algorithm(&self) -> DigestAlgorithm {
        self.digest
    }

    /// Exactly the bytes the digest covers.
    pub fn canonical_bytes(&self) -> &[u8] {
        &self.canonical
    }

    /// A tree read from the signed bytes alone: what a caller should take data from.
    pub fn parse(&self) -> Result<Document<'_>, XmlError> {
        Document::parse(&self.canonical)
    }
}

/// Verifies every XML signature in `doc`; fails on the first that does not verify.
pub fn verify(doc: &Document<'_>, options: &VerifyOptions) -> Result<Vec<VerifiedSignature>, DsigError> {
    let ids = IdIndex::build(doc, &options.id_attributes)?;
    let signatures: Vec<Node<'_, '_>> = doc.descendants().filter(|n| n.has_name(Some(DSIG_NS), "Signature")).collect();
    if signatures.is_empty() {
        return Err(DsigError::NoSignature);
    }
    signatures.into_iter().map(|signature| verify_one(doc, signature, &ids, options)).collect()
}

/// Verifies one `Signature` element of `doc`.
pub(crate) fn verify_signature(
    doc: &Document<'_>,
    signature: Node<'_, '_>,
    options: &VerifyOptions,
) -> Result<VerifiedSignature, DsigError> {
    let ids = IdIndex::build(doc, &options.id_attributes)?;
    verify_one(doc, signature, &ids, options)
}

/// Elements by Id value. A value that occurs twice is refused outright: which of the two a
/// reference means is exactly what signature-wrapping attacks play on.
pub(crate) struct IdIndex(HashMap<String, NodeId>);

impl IdIndex {
    pub(crate) fn get(&self, id: &str) -> Option<NodeId> {
        self.0.get(id).copied()
    }

    pub(crate) fn build(doc: &Document<'_>, names: &[String]) -> Result<Self, DsigError> {
        let mut index: HashMap<String, NodeId> = HashMap::new();
        for node in doc.descendants().filter(|n| n.is_element()) {
            for attribute in node.attributes() {
                if attribute.namespace().is_some() || !names.iter().any(|n| n == attribute.local_name()) {
                    continue;
                }
                let value = attribute.value();
                match index.get(value) {
                    Some(&first) if first != node.id() => {
                        return Err(DsigError::DuplicateId {
                            id: value.to_owned(),
                            first: doc.node(first).text_pos(),
                            second: node.text_pos(),
                        });
                    }
                    _ => {
                        index.insert(value.to_owned(), node.id());
                    }
                }
            }
        }
        Ok(IdIndex(index))
    }
}

fn verify_one(
    doc: &Document<'_>,
    signature: Node<'_, '_>,
    ids: &IdIndex,
    options: &VerifyOptions,
) -> Result<VerifiedSignature, DsigError> {
    let pos = signature.text_pos();
    let limits = SyntaxLimits { max_references: options.max_references, max_transforms: options.max_transforms };
    let syntax = SignatureSyntax::parse(signature, &limits)?;
    let mut warnings = Vec::new();
    let weak = |uri: &'static str, at: TextPos, warnings: &mut Vec<Warning>| {
        if !options.allow_sha1 {
            return Err(DsigError::WeakAlgorithm { pos: at, uri: uri.to_owned() });
        }
        if !warnings.contains(&Warning::WeakAlgorithm(uri)) {
            warnings.push(Warning::WeakAlgorithm(uri));
        }
        Ok(())
    };
    if syntax.signature_method.is_weak() {
        weak(syntax.signature_method.uri(), syntax.signature_method_pos, &mut warnings)?;
    }
    for reference in &syntax.references {
        if reference.digest.is_weak() {
            weak(reference.digest.uri(), reference.digest_pos, &mut warnings)?;
        }
    }

    let mut references = Vec::with_capacity(syntax.references.len());
    for reference in &syntax.references {
        references.push(verify_reference(doc, signature, reference, ids, options.provider)?);
    }

    let c14n_error = |source| DsigError::C14n { pos, source };
    let signed_info = canonicalize_to_vec(
        doc,
        &Subset::element(doc.node(syntax.signed_info)).map_err(c14n_error)?,
        &syntax.canonicalization,
    )
    .map_err(c14n_error)?;
    let key = verify_value(&syntax, &signed_info, options, pos)?;
    if key.key_type() == KeyType::Rsa && key.bits() < 2048 {
        warnings.push(Warning::WeakKey { bits: key.bits() });
    }

    for id in &options.required_ids {
        let covered = ids.get(id).is_some_and(|node| references.iter().any(|r| r.covers(doc, node)));
        if !covered {
            return Err(DsigError::NotCovered { pos, id: id.clone() });
        }
    }
    Ok(VerifiedSignature {
        signature: signature.id(),
        pos,
        algorithm: syntax.signature_method,
        key,
        references,
        warnings,
    })
}

impl VerifiedReference {
    /// Whether the signed bytes include `node`: it lies in the selected subtree, and not inside
    /// the signature an enveloped-signature transform removed.
    fn covers(&self, doc: &Document<'_>, node: NodeId) -> bool {
        doc.node(self.node).contains(node) && !self.excluded.is_some_and(|e| doc.node(e).contains(node))
    }
}

fn verify_reference(
    doc: &Document<'_>,
    signature: Node<'_, '_>,
    reference: &ReferenceSyntax,
    ids: &IdIndex,
    provider: &dyn CryptoProvider,
) -> Result<VerifiedReference, DsigError> {
    let selected = canonical_reference(doc, signature, reference.pos, &reference.uri, &reference.transforms, ids)?;
    let mut digest = provider.digest(reference.digest);
    digest.update(&selected.canonical);
    if digest.finish() != reference.digest_value {
        return Err(DsigError::DigestMismatch { pos: reference.pos, uri: reference.uri.clone() });
    }
    Ok(VerifiedReference {
        uri: reference.uri.clone(),
        node: selected.node,
        excluded: selected.excluded,
        digest: reference.digest,
        canonical: selected.canonical,
    })
}

/// What a reference selects, after its transforms.
pub(crate) struct SelectedReference {
    pub(crate) node: NodeId,
    pub(crate) excluded: Option<NodeId>,
    pub(crate) canonical: Vec<u8>,
}

/// Dereferences `uri` (same-document only; both forms select no comments) and runs the
/// transforms: what signing digests and verification checks, computed by the same code.
pub(crate) fn canonical_reference(
    doc: &Document<'_>,
    signature: Node<'_, '_>,
    pos: TextPos,
    uri: &str,
    transforms: &[Transform],
    ids: &IdIndex,
) -> Result<SelectedReference, DsigError> {
    let node = match uri {
        "" => doc.root().id(),
        _ => match uri.strip_prefix('#') {
            Some(id) if !id.is_empty() && !id.starts_with("xpointer(") => {
                ids.get(id).ok_or_else(|| DsigError::UnresolvedReference { pos, uri: uri.to_owned() })?
            }
            _ => return Err(DsigError::UnsupportedReference { pos, uri: uri.to_owned() }),
        },
    };
    let c14n_error = |source| DsigError::C14n { pos, source };
    let mut subset = if node == doc.root().id() {
        Subset::document(doc)
    } else {
        Subset::element(doc.node(node)).map_err(c14n_error)?
    };
    let mut method: Option<Method> = None;
    let mut excluded = None;
    for transform in transforms {
        match transform {
            Transform::EnvelopedSignature => {
                if method.is_some() {
                    return Err(DsigError::UnsupportedTransforms {
                        pos,
                        what: "enveloped-signature after canonicalization",
                    });
                }
                if signature.contains(node) {
                    return Err(DsigError::UnsupportedTransforms {
                        pos,
                        what: "enveloped-signature would remove everything the reference selects",
                    });
                }
                if doc.node(node).contains(signature.id()) {
                    subset = subset.excluding(signature).map_err(c14n_error)?;
                    excluded = Some(signature.id());
                }
            }
            Transform::Canonicalize(m) => {
                if method.is_some() {
                    return Err(DsigError::UnsupportedTransforms { pos, what: "more than one canonicalization" });
                }
                method = Some(m.clone());
            }
        }
    }
    // Without a canonicalization transform, the node-set becomes octets by C14N 1.0 (XMLDSig 4.4.3.2).
    let method = method.unwrap_or_else(|| Method::new(Algorithm::C14n10)).without_comments();
    let canonical = canonicalize_to_vec(doc, &subset, &method).map_err(c14n_error)?;
    Ok(SelectedReference { node, excluded, canonical })
}

/// The trusted key the signature value verifies under.
fn verify_value(
    syntax: &SignatureSyntax,
    signed_info: &[u8],
    options: &VerifyOptions,
    pos: TextPos,
) -> Result<PublicKey, DsigError> {
    if options.trusted_keys.is_empty() {
        return Err(DsigError::NoTrustedKey { pos });
    }
    let mut last_error = None;
    let mut tried = 0;
    for key in &options.trusted_keys {
        match options.provider.verify(syntax.signature_method, key, signed_info, &syntax.signature_value) {
            Ok(()) => return Ok(key.clone()),
            Err(CryptoError::KeyMismatch { .. }) => {}
            Err(e) => {
                tried += 1;
                last_error = Some(e);
            }
        }
    }
    match last_error {
        Some(reason) => Err(DsigError::BadSignature { pos, tried, reason }),
        None => Err(DsigError::BadSignature {
            pos,
            tried: 0,
            reason: CryptoError::KeyMismatch {
                key: options.trusted_keys[0].key_type(),
                algorithm: syntax.signature_method.uri(),
            },
        }),
    }
}
