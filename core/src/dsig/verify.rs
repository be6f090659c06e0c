//! Verification: every `Signature` in a document, each of its references, its value.

use std::collections::HashMap;
use std::sync::Arc;

use super::DSIG_NS;
use super::error::DsigError;
use super::syntax::{ReferenceSyntax, SignatureSyntax, SyntaxLimits, Transform};
use super::xpath::XPathFilter;
use crate::c14n::{Algorithm, Budget, C14nError, Method, Subset, canonicalize_within};
use crate::cache::Caches;
use crate::crypto::{self, CryptoError, CryptoProvider, DigestAlgorithm, KeyType, PublicKey, SignatureAlgorithm};
use crate::time::UtcTime;
use crate::xml::{Document, Node, NodeId, TextPos, XmlError};

/// How to verify. The default is the secure setting: no SHA-1, Santuario's limits, work budgets
/// that bound the cost of any document the reader accepts (at most 16 MiB), OpenSSL where built
/// in. Keys are the caller's: a key in `KeyInfo` is never trusted for being there.
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
    /// Accept SHA-1 digests and signatures and pinned RSA keys below 2048 bits (old documents),
    /// reported as weak. Default: false.
    pub allow_sha1: bool,
    /// Elements every signature must cover, each where it must be. Default: none.
    pub required: Vec<RequiredElement>,
    /// Signature algorithms accepted. Default: `None`, every supported one (SHA-1 still needs
    /// `allow_sha1`).
    pub allowed_algorithms: Option<Vec<SignatureAlgorithm>>,
    /// Where signatures may sit: paths of element local names from the root element to the
    /// signature's parent (e.g. `["DSCKS", "GVCN"]`), at most one signature in each. Default: empty,
    /// anywhere.
    pub signature_places: Vec<Vec<String>>,
    /// References in one `SignedInfo`. Default: 30.
    pub max_references: usize,
    /// Transforms on one reference. Default: 5.
    pub max_transforms: usize,
    /// Signatures in one document ([`DsigError::TooManySignatures`]). Default: 256 (a transcript
    /// has at most about 70: per school year one per subject teacher, the class teacher and the
    /// principal).
    pub max_signatures: usize,
    /// Prefixes in one exclusive canonicalization's `InclusiveNamespaces PrefixList`
    /// ([`DsigError::TooManyPrefixes`]). Default: 64 (signers list a handful).
    pub max_inclusive_prefixes: usize,
    /// Certificates in a signature's `KeyInfo` tried as its key when the keys come from `KeyInfo`
    /// (the PKI layer), and key values read from it ([`DsigError::TooManyKeyCandidates`] when
    /// there are more). Default: 8 (the signer and its chain: real signatures carry one to four
    /// certificates, and at most one key value).
    pub max_key_candidates: usize,
    /// Keys from `KeyInfo` that failed to verify, for all the signatures of one document together
    /// ([`DsigError::KeyTryBudget`]). Default: 512. The key that verifies is not counted, so a
    /// transcript's signatures cost nothing when the signer's certificate comes first, as signers
    /// put it, and at most three each when it comes last in a chain of four (70 signatures: 210).
    /// Each try is a public-key verification under a key the document chose.
    pub max_key_tries: usize,
    /// Work of all the canonicalizations one document's verification runs, together: canonical
    /// bytes produced, one for each node passed over, and what is read without being output
    /// (32 plus the URI's length for each namespace declaration, 8 for each ancestor attribute
    /// read for the xml:* attributes an element inherits) ([`DsigError::CanonicalizationBudget`]). Default: 32 MiB, twice the largest input, while a
    /// signature over the transcript data shares that element's canonical form with the others.
    /// It bounds what many `URI=""` signatures, each canonicalizing the whole document minus
    /// itself, would cost, and the memory the verified references hold.
    pub max_canonical_bytes: u64,
    /// The keys read from `KeyInfo` certificates, kept for the next signatures and documents.
    /// Default: new, empty caches; clones of these options share them.
    pub caches: Caches,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            provider: crypto::default_provider(),
            trusted_keys: Vec::new(),
            id_attributes: ["Id", "ID", "id"].map(String::from).to_vec(),
            allow_sha1: false,
            required: Vec::new(),
            allowed_algorithms: None,
            signature_places: Vec::new(),
            max_references: 30,
            max_transforms: 5,
            max_signatures: 256,
            max_inclusive_prefixes: 64,
            max_key_candidates: 8,
            max_key_tries: 512,
            max_canonical_bytes: 32 << 20,
            caches: Caches::default(),
        }
    }
}

/// An element every signature must cover: its `Id` and where it must sit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequiredElement {
    /// The element's `Id`.
    pub id: String,
    /// Local names from the root element (included) down to the element itself, e.g.
    /// `["HocBa", "DuLieuHocBa"]`; empty for anywhere. Data moved elsewhere (signature wrapping)
    /// then fails verification instead of verifying somewhere unexpected.
    pub place: Vec<String>,
}

impl RequiredElement {
    /// `id` at `place` (local names from the root element down).
    pub fn new(id: &str, place: &[&str]) -> Self {
        RequiredElement { id: id.to_owned(), place: place.iter().map(|s| (*s).to_owned()).collect() }
    }
}

impl std::str::FromStr for RequiredElement {
    type Err = crate::InvalidSetting;
    /// `ID`, anywhere, or `ID@PLACE` with the place as local names from the root element down,
    /// separated by `/`: `data-1@HocBa/DuLieuHocBa`.
    fn from_str(text: &str) -> Result<Self, crate::InvalidSetting> {
        let (id, place) = text.split_once('@').unwrap_or((text, ""));
        if id.is_empty() {
            return Err(crate::InvalidSetting::new("required", text, "ID or ID@PLACE, e.g. data-1@HocBa/DuLieuHocBa"));
        }
        Ok(RequiredElement { id: id.to_owned(), place: place_from_str(place) })
    }
}

/// A place written as local names separated by `/` (`DSCKS/GVCN`), as
/// [`VerifyOptions::signature_places`] and [`RequiredElement::place`] hold it; empty segments
/// (a leading or doubled `/`) are dropped.
pub fn place_from_str(text: &str) -> Vec<String> {
    text.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// The element whose Id is `id`, as a same-document reference `#id` resolves it: an attribute
/// named in `id_attributes` (without a namespace) or `xml:id`. `None` when no element has it; an
/// Id that occurs twice is an error ([`DsigError::DuplicateId`]), as in verification.
pub fn element_by_id<'a, 'i>(
    doc: &'a Document<'i>,
    id: &str,
    id_attributes: &[String],
) -> Result<Option<Node<'a, 'i>>, DsigError> {
    Ok(IdIndex::build(doc, id_attributes)?.get(id).map(|node| doc.node(node)))
}

/// A signature that verified, and only what it signed. Only the library constructs one.
#[derive(Debug)]
pub struct VerifiedSignature {
    signature: NodeId,
    id: Option<String>,
    pos: TextPos,
    algorithm: SignatureAlgorithm,
    key: PublicKey,
    signer_certificate: Option<Vec<u8>>,
    key_info_certificates: Vec<Vec<u8>>,
    claimed_signing_time: Option<UtcTime>,
    references: Vec<VerifiedReference>,
    warnings: Vec<Warning>,
    value: Vec<u8>,
}

/// A reference of a verified signature: the canonical bytes its digest covers.
#[derive(Debug)]
pub struct VerifiedReference {
    uri: String,
    node: NodeId,
    /// Subtrees the transforms removed from the selection (signatures).
    excluded: Vec<NodeId>,
    digest: DigestAlgorithm,
    canonical: Arc<[u8]>,
}

/// The smallest RSA key accepted without the legacy option ([`VerifyOptions::allow_sha1`]).
const MIN_RSA_BITS: usize = 2048;

/// Something that did not stop verification but that a reader must be told.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// SHA-1 was accepted under the legacy option.
    WeakAlgorithm(&'static str),
    /// An RSA key below 2048 bits, accepted for old documents under
    /// [`VerifyOptions::allow_sha1`] (else a pinned one is [`DsigError::WeakKey`]).
    WeakKey {
        /// The key's size, in bits.
        bits: usize,
    },
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

    /// The `Signature` element's `Id`.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The signature value that verified (`SignatureValue`, decoded): what identifies this
    /// signature among every other signature over the same content.
    pub fn value(&self) -> &[u8] {
        &self.value
    }

    /// The `SignatureMethod` it was verified with.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The certificate in `KeyInfo` whose key verified the signature (DER), if there is one.
    pub fn signer_certificate(&self) -> Option<&[u8]> {
        self.signer_certificate.as_deref()
    }

    /// Every certificate in `KeyInfo` (DER): candidates for path building, trusted for nothing.
    pub fn key_info_certificates(&self) -> &[Vec<u8>] {
        &self.key_info_certificates
    }

    /// The `SigningTime` the signer claims, read from signed bytes only. A claim: only a
    /// time-stamp proves a time.
    pub fn claimed_signing_time(&self) -> Option<UtcTime> {
        self.claimed_signing_time
    }

    /// The trusted key it verified under.
    pub fn key(&self) -> &PublicKey {
        &self.key
    }

    /// The references of its `SignedInfo`, in order, each with the bytes it covers.
    pub fn references(&self) -> &[VerifiedReference] {
        &self.references
    }

    /// What was accepted only under a legacy option, for the reader to be told.
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

    /// The reference's `DigestMethod`.
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
    let signatures = signatures(doc, options)?;
    let mut work = DocumentWork::new(options);
    signatures.into_iter().map(|signature| verify_one(doc, signature, &ids, options, Keys::Pinned, &mut work)).collect()
}

/// The document's `Signature` elements: at least one, at most `max_signatures`, each in its place.
fn signatures<'a, 'i>(doc: &'a Document<'i>, options: &VerifyOptions) -> Result<Vec<Node<'a, 'i>>, DsigError> {
    let signatures: Vec<Node<'_, '_>> = doc.descendants().filter(|n| n.has_name(Some(DSIG_NS), "Signature")).collect();
    if signatures.is_empty() {
        return Err(DsigError::NoSignature);
    }
    if let Some(beyond) = signatures.get(options.max_signatures) {
        return Err(DsigError::TooManySignatures {
            pos: beyond.text_pos(),
            count: signatures.len(),
            limit: options.max_signatures,
        });
    }
    check_places(&signatures, &options.signature_places)?;
    Ok(signatures)
}

/// Where the verifying key of each signature comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keys {
    /// One of `VerifyOptions::trusted_keys`.
    Pinned,
    /// A certificate in the signature's own `KeyInfo`: only for the PKI layer, which then
    /// validates exactly that certificate's path to a trust anchor.
    KeyInfoCandidates,
}

/// A `Signature` element and what verifying it gave.
pub(crate) type EachSignature = (NodeId, Result<VerifiedSignature, DsigError>);

/// Verifies each signature on its own, so a report can say which failed and which did not.
/// The outer error is about the whole document (no signature, duplicate Ids, misplaced
/// signatures).
pub(crate) fn verify_each(
    doc: &Document<'_>,
    options: &VerifyOptions,
    keys: Keys,
) -> Result<Vec<EachSignature>, DsigError> {
    let ids = IdIndex::build(doc, &options.id_attributes)?;
    let signatures = signatures(doc, options)?;
    let mut work = DocumentWork::new(options);
    Ok(signatures
        .into_iter()
        .map(|signature| (signature.id(), verify_one(doc, signature, &ids, options, keys, &mut work)))
        .collect())
}

/// The work of one document's verification: the canonicalization budget all its signatures
/// draw on, and the references already canonicalized and digested, so that signatures by
/// several signers over the same data element share the work.
struct DocumentWork {
    budget: Budget,
    /// Keys from `KeyInfo` that may still be tried.
    key_tries_left: usize,
    /// By URI and transforms.
    shared: HashMap<(String, Vec<Transform>), MemoEntry>,
}

impl DocumentWork {
    fn new(options: &VerifyOptions) -> Self {
        DocumentWork {
            budget: Budget::new(options.max_canonical_bytes),
            key_tries_left: options.max_key_tries,
            shared: HashMap::new(),
        }
    }
}

/// A reference's canonical form that does not depend on the signature, so other signatures can
/// share it (one that an enveloped-signature transform cut its signature out of is that
/// signature's alone, and is not kept).
struct MemoEntry {
    node: NodeId,
    /// What the transforms removed (every signature, for the XPath idiom that says so).
    excluded: Vec<NodeId>,
    /// Kept once a digest matched (the verified reference holds the same bytes); a form no
    /// digest matched is needed by no one and dropped.
    canonical: Option<Arc<[u8]>>,
    digests: Vec<(DigestAlgorithm, Vec<u8>)>,
}

/// Every signature sits in one of `places`, each place holding at most one.
fn check_places(signatures: &[Node<'_, '_>], places: &[Vec<String>]) -> Result<(), DsigError> {
    if places.is_empty() {
        return Ok(());
    }
    let mut taken = vec![false; places.len()];
    for signature in signatures {
        // Local names from below the root element down to the signature's parent.
        let full = element_path(*signature);
        let path = full.get(1..full.len() - 1).unwrap_or_default();
        let place = places.iter().position(|p| p.iter().map(String::as_str).eq(path.iter().copied()));
        let what = match place {
            Some(i) if !taken[i] => {
                taken[i] = true;
                continue;
            }
            Some(_) => format!("a second signature in {}", path.join("/")),
            None => format!("found in {:?}", path.join("/")),
        };
        return Err(DsigError::UnexpectedPlace { pos: signature.text_pos(), place: what });
    }
    Ok(())
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
                // The configured names without a namespace, and xml:id (an ID wherever it appears).
                let is_id = match attribute.namespace() {
                    None => names.iter().any(|n| n == attribute.local_name()),
                    Some(ns) => ns == crate::xml::XML_NAMESPACE && attribute.local_name() == "id",
                };
                if !is_id {
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
    keys: Keys,
    work: &mut DocumentWork,
) -> Result<VerifiedSignature, DsigError> {
    let pos = || signature.text_pos();
    let limits = SyntaxLimits {
        max_references: options.max_references,
        max_transforms: options.max_transforms,
        max_inclusive_prefixes: options.max_inclusive_prefixes,
        max_key_values: options.max_key_candidates,
    };
    let syntax = SignatureSyntax::parse(signature, &limits)?;
    let mut warnings = Vec::new();
    let weak = |uri: &'static str, at: NodeId, warnings: &mut Vec<Warning>| {
        if !options.allow_sha1 {
            return Err(DsigError::WeakAlgorithm { pos: doc.node(at).text_pos(), uri: uri.to_owned() });
        }
        if !warnings.contains(&Warning::WeakAlgorithm(uri)) {
            warnings.push(Warning::WeakAlgorithm(uri));
        }
        Ok(())
    };
    if options.allowed_algorithms.as_ref().is_some_and(|allowed| !allowed.contains(&syntax.signature_method)) {
        return Err(DsigError::DisallowedAlgorithm {
            pos: doc.node(syntax.signature_method_node).text_pos(),
            uri: syntax.signature_method.uri().to_owned(),
        });
    }
    if syntax.signature_method.is_weak() {
        weak(syntax.signature_method.uri(), syntax.signature_method_node, &mut warnings)?;
    }
    for reference in &syntax.references {
        if reference.digest.is_weak() {
            weak(reference.digest.uri(), reference.digest_node, &mut warnings)?;
        }
    }

    let mut references = Vec::with_capacity(syntax.references.len());
    for reference in &syntax.references {
        references.push(verify_reference(doc, signature, reference, ids, options.provider, work)?);
    }

    let c14n_error = |source| c14n_failure(pos(), source);
    let signed_info = canonicalize_within(
        doc,
        &Subset::element(doc.node(syntax.signed_info)).map_err(c14n_error)?,
        &syntax.canonicalization,
        &mut work.budget,
    )
    .map_err(c14n_error)?;
    let candidates: Vec<PublicKey> = match keys {
        Keys::Pinned => options.trusted_keys.clone(),
        Keys::KeyInfoCandidates => {
            let certificates = &syntax.key_info.certificates;
            // Each is a verification attempt, for every signature of the document.
            if certificates.len() > options.max_key_candidates {
                return Err(DsigError::TooManyKeyCandidates {
                    pos: pos(),
                    count: certificates.len(),
                    limit: options.max_key_candidates,
                });
            }
            certificates.iter().filter_map(|c| options.caches.certificate_key(c).ok()).collect()
        }
    };
    let tries_left = (keys == Keys::KeyInfoCandidates).then_some(&mut work.key_tries_left);
    let key = verify_value(&syntax, &signed_info, &candidates, options, signature, tries_left)?;
    if key.key_type() == KeyType::Rsa && key.bits() < MIN_RSA_BITS {
        // A pinned key is checked nowhere else; a certificate's key is refused by the path
        // policy's own minimum.
        if keys == Keys::Pinned && !options.allow_sha1 {
            return Err(DsigError::WeakKey { pos: pos(), bits: key.bits(), minimum: MIN_RSA_BITS });
        }
        warnings.push(Warning::WeakKey { bits: key.bits() });
    }
    // A key value in KeyInfo is at most a hint; one that is not the verifying key is an attack.
    if let Some((at, _)) = syntax.key_info.key_values.iter().find(|(_, value)| *value != key) {
        return Err(DsigError::KeyValueMismatch { pos: doc.node(*at).text_pos() });
    }
    let signer_certificate = syntax
        .key_info
        .certificates
        .iter()
        .find(|c| crate::crypto::certificate_spki_der(c).is_some_and(|spki| spki == key.spki_der()))
        .cloned();
    let claimed_signing_time = signing_time(doc, signature, &references)?;

    for required in &options.required {
        let node = ids.get(&required.id);
        if !node.is_some_and(|node| references.iter().any(|r| r.covers(doc, node))) {
            return Err(DsigError::NotCovered { pos: pos(), id: required.id.clone() });
        }
        let node = doc.node(node.expect("covered nodes exist"));
        let path = element_path(node);
        if !required.place.is_empty() && !required.place.iter().map(String::as_str).eq(path.iter().copied()) {
            return Err(DsigError::Misplaced { pos: node.text_pos(), id: required.id.clone(), found: path.join("/") });
        }
        // And it is the only element there: an unsigned twin at the same place is what a reader
        // that looks the data up by its place would take (signature wrapping).
        if !required.place.is_empty() && elements_at(doc, &required.place) > 1 {
            return Err(DsigError::Misplaced {
                pos: node.text_pos(),
                id: required.id.clone(),
                found: format!("{} (more than one element there)", path.join("/")),
            });
        }
    }
    Ok(VerifiedSignature {
        signature: signature.id(),
        id: signature.attribute(None, "Id").map(str::to_owned),
        pos: pos(),
        algorithm: syntax.signature_method,
        key,
        signer_certificate,
        key_info_certificates: syntax.key_info.certificates,
        claimed_signing_time,
        references,
        warnings,
        value: syntax.signature_value,
    })
}

/// The `SigningTime` in a signed `Object` of this signature, read from the signed bytes.
fn signing_time(
    doc: &Document<'_>,
    signature: Node<'_, '_>,
    references: &[VerifiedReference],
) -> Result<Option<UtcTime>, DsigError> {
    for reference in references {
        let node = doc.node(reference.node);
        if !(node.has_name(Some(DSIG_NS), "Object") && signature.contains(reference.node)) {
            continue;
        }
        let signed = reference.parse()?;
        if let Some(time) = signed.descendants().find(|n| n.is_element() && n.local_name() == "SigningTime") {
            let text: String = time.children().filter_map(|c| c.text()).collect();
            let text = text.trim();
            return UtcTime::parse(text)
                .map(Some)
                .map_err(|_| DsigError::SigningTime { pos: signature.text_pos(), text: text.to_owned() });
        }
    }
    Ok(None)
}

/// Local names of the elements from the root element down to `node` itself.
fn element_path<'a>(node: Node<'a, '_>) -> Vec<&'a str> {
    let mut path: Vec<&str> = node.ancestors_or_self().filter(|n| n.is_element()).map(|n| n.local_name()).collect();
    path.reverse();
    path
}

/// How many elements sit at `place` (local names from the root element down), counting to 2.
fn elements_at(doc: &Document<'_>, place: &[String]) -> usize {
    let root = doc.root_element();
    if place.first().map(String::as_str) != Some(root.local_name()) {
        return 0;
    }
    let mut level = vec![root];
    for name in &place[1..] {
        level = level
            .iter()
            .flat_map(|n| n.children())
            .filter(|c| c.is_element() && c.local_name() == name)
            .take(2)
            .collect();
    }
    level.len()
}

impl VerifiedReference {
    /// Whether the signed bytes include `node`: it lies in the selected subtree, and not inside
    /// what the transforms removed.
    fn covers(&self, doc: &Document<'_>, node: NodeId) -> bool {
        covered(doc, self.node, &self.excluded, node)
    }
}

fn verify_reference(
    doc: &Document<'_>,
    signature: Node<'_, '_>,
    reference: &ReferenceSyntax,
    ids: &IdIndex,
    provider: &dyn CryptoProvider,
    work: &mut DocumentWork,
) -> Result<VerifiedReference, DsigError> {
    let at = doc.node(reference.node);
    let mismatch = || DsigError::DigestMismatch { pos: at.text_pos(), uri: reference.uri.clone() };
    let digest_of = |canonical: &[u8]| {
        let mut digest = provider.digest(reference.digest);
        digest.update(canonical);
        digest.finish()
    };
    let canonical_form = |budget: &mut Budget| {
        canonical_reference(doc, signature, at, &reference.uri, &reference.transforms, ids, budget)
    };
    // A form computed for another signature is this one's too, unless an enveloped-signature
    // transform would remove this signature from it.
    let enveloped = reference
        .transforms
        .iter()
        .any(|t| matches!(t, Transform::EnvelopedSignature | Transform::XPath(XPathFilter::EnclosingSignature)));
    let key = (reference.uri.clone(), reference.transforms.clone());
    let shared = work.shared.get_mut(&key).filter(|e| !(enveloped && doc.node(e.node).contains(signature.id())));
    let Some(entry) = shared else {
        let selected = canonical_form(&mut work.budget)?;
        let canonical: Arc<[u8]> = selected.canonical.into();
        let digest = digest_of(&canonical);
        let matched = digest == reference.digest_value;
        if !selected.removed_own_signature {
            let entry = MemoEntry {
                node: selected.node,
                excluded: selected.excluded.clone(),
                canonical: matched.then(|| Arc::clone(&canonical)),
                digests: vec![(reference.digest, digest)],
            };
            work.shared.insert(key, entry);
        }
        if !matched {
            return Err(mismatch());
        }
        return Ok(VerifiedReference {
            uri: reference.uri.clone(),
            node: selected.node,
            excluded: selected.excluded,
            digest: reference.digest,
            canonical,
        });
    };
    let known = entry.digests.iter().find(|(algorithm, _)| *algorithm == reference.digest);
    if known.is_some_and(|(_, digest)| *digest != reference.digest_value) {
        return Err(mismatch());
    }
    let known = known.is_some();
    let canonical = match &entry.canonical {
        Some(canonical) => Arc::clone(canonical),
        None => Arc::from(canonical_form(&mut work.budget)?.canonical),
    };
    if !known {
        let digest = digest_of(&canonical);
        let matched = digest == reference.digest_value;
        entry.digests.push((reference.digest, digest));
        if !matched {
            return Err(mismatch());
        }
    }
    entry.canonical = Some(Arc::clone(&canonical));
    Ok(VerifiedReference {
        uri: reference.uri.clone(),
        node: entry.node,
        excluded: entry.excluded.clone(),
        digest: reference.digest,
        canonical,
    })
}

/// A canonicalization failure as the signature's error; a spent budget has its own.
fn c14n_failure(pos: TextPos, source: C14nError) -> DsigError {
    match source {
        C14nError::BudgetExceeded { limit } => DsigError::CanonicalizationBudget { pos, limit },
        source => DsigError::C14n { pos, source },
    }
}

/// What a reference selects, after its transforms.
pub(crate) struct SelectedReference {
    pub(crate) node: NodeId,
    /// Subtrees the transforms removed (the outermost of each), as nodes of the document.
    pub(crate) excluded: Vec<NodeId>,
    /// Whether an enveloped-signature transform removed the signature being verified: the form
    /// is then that signature's alone.
    pub(crate) removed_own_signature: bool,
    pub(crate) canonical: Vec<u8>,
}

impl SelectedReference {
    /// Whether the bytes include `node`: it lies in the selected subtree, outside what the
    /// transforms removed.
    pub(crate) fn covers(&self, doc: &Document<'_>, node: NodeId) -> bool {
        covered(doc, self.node, &self.excluded, node)
    }
}

fn covered(doc: &Document<'_>, selected: NodeId, excluded: &[NodeId], node: NodeId) -> bool {
    doc.node(selected).contains(node) && !excluded.iter().any(|e| doc.node(*e).contains(node))
}

/// Dereferences `uri` (same-document only; both forms select no comments) and runs the
/// transforms: what signing digests and verification checks, computed by the same code.
/// `signature` is the one an enveloped-signature transform removes (when signing, the new one,
/// already in place). `at` is where errors are reported; the work is charged to `budget`.
///
/// A canonicalization that another transform follows gives octets, which are read again as XML
/// (the reader's default limits) into the next node-set (XMLDSig 1.1 section 4.4.3.2). The
/// elements of that copy are matched, in document order, with the elements of the node-set it
/// was made from, so a later enveloped-signature transform removes the copy of this very
/// signature (never one found by an Id, which a document can repeat), and what the transforms
/// removed is known as nodes of `doc`.
pub(crate) fn canonical_reference(
    doc: &Document<'_>,
    signature: Node<'_, '_>,
    at: Node<'_, '_>,
    uri: &str,
    transforms: &[Transform],
    ids: &IdIndex,
    budget: &mut Budget,
) -> Result<SelectedReference, DsigError> {
    let node = match uri {
        "" => doc.root().id(),
        _ => match uri.strip_prefix('#') {
            Some(id) if !id.is_empty() && !id.starts_with("xpointer(") => {
                ids.get(id).ok_or_else(|| DsigError::UnresolvedReference { pos: at.text_pos(), uri: uri.to_owned() })?
            }
            _ => return Err(DsigError::UnsupportedReference { pos: at.text_pos(), uri: uri.to_owned() }),
        },
    };
    let subset = if node == doc.root().id() {
        Subset::document(doc)
    } else {
        Subset::element(doc.node(node)).map_err(|source| c14n_failure(at.text_pos(), source))?
    };
    let mut chain =
        Chain { signature: signature.id(), pos: at.text_pos(), excluded: Vec::new(), removed_own_signature: false };
    let mut rest = transforms;
    let (mut canonical, mut origins) = chain.run(doc, subset, None, &mut rest, budget)?;
    while !rest.is_empty() {
        let next = {
            let copy = Document::parse(&canonical)
                .map_err(|source| DsigError::TransformOutput { pos: at.text_pos(), source })?;
            let elements: Vec<NodeId> = copy.descendants().filter(|n| n.is_element()).map(|n| n.id()).collect();
            if elements.len() != origins.len() {
                return Err(DsigError::SignatureNotIdentified { pos: at.text_pos() });
            }
            let copies = elements.into_iter().zip(origins).collect();
            chain.run(&copy, Subset::document(&copy), Some(&copies), &mut rest, budget)?
        };
        (canonical, origins) = next;
    }
    Ok(SelectedReference {
        node,
        excluded: chain.excluded,
        removed_own_signature: chain.removed_own_signature,
        canonical,
    })
}

/// The state of a reference's transforms across the documents they read.
struct Chain {
    /// The signature being verified (or made), in the reference's document.
    signature: NodeId,
    /// Where the `Reference` is.
    pos: TextPos,
    excluded: Vec<NodeId>,
    removed_own_signature: bool,
}

/// For a document read from canonical bytes: the element of the reference's document each of its
/// elements is a copy of.
type Copies = HashMap<NodeId, NodeId>;

impl Chain {
    /// Runs the node-set transforms at the front of `rest` on `subset` of `doc`, up to and with the
    /// next canonicalization (or C14N 1.0 when none is left, XMLDSig 1.1 section 4.4.3.2). Returns
    /// the canonical bytes and, when transforms remain, the reference's document's elements they
    /// hold, in document order.
    fn run(
        &mut self,
        doc: &Document<'_>,
        mut subset: Subset,
        copies: Option<&Copies>,
        rest: &mut &[Transform],
        budget: &mut Budget,
    ) -> Result<(Vec<u8>, Vec<NodeId>), DsigError> {
        let pos = self.pos;
        let c14n_error = |source| c14n_failure(pos, source);
        let original = |id: NodeId| match copies {
            None => Ok(id),
            Some(copies) => copies.get(&id).copied().ok_or(DsigError::SignatureNotIdentified { pos }),
        };
        let everything = |what| DsigError::UnsupportedTransforms { pos, what };
        let apex = doc.node(subset.apex());
        // The outermost element of the node-set: what no transform may remove.
        let top = if apex.is_element() { apex } else { doc.root_element() };
        // Removed from `subset` in this document, outermost first in document order.
        let mut removed: Vec<NodeId> = Vec::new();
        let mut method = None;
        while let Some((transform, tail)) = rest.split_first() {
            *rest = tail;
            match transform {
                Transform::Canonicalize(m) => {
                    method = Some(m.clone());
                    break;
                }
                Transform::XPath(XPathFilter::EnclosingSignature) if copies.is_some() => {
                    // here() is a node of the signature's document: xmlsec1 and Santuario refuse it
                    // on another one, and so do we.
                    return Err(everything("the XPath here() function after a canonicalization"));
                }
                Transform::EnvelopedSignature | Transform::XPath(XPathFilter::EnclosingSignature) => {
                    let own = match copies {
                        None => Some(doc.node(self.signature)),
                        Some(copies) => copies.iter().find(|(_, o)| **o == self.signature).map(|(c, _)| doc.node(*c)),
                    };
                    let Some(own) = own else { continue };
                    if copies.is_some() && !own.has_name(Some(DSIG_NS), "Signature") {
                        return Err(DsigError::SignatureNotIdentified { pos });
                    }
                    if own.contains(top.id()) {
                        return Err(everything("enveloped-signature would remove everything the reference selects"));
                    }
                    if !apex.contains(own.id()) || removed.iter().any(|r| doc.node(*r).contains(own.id())) {
                        continue;
                    }
                    subset = subset.excluding(own).map_err(c14n_error)?;
                    remove(&mut removed, own.id());
                    self.excluded.push(original(own.id())?);
                    self.removed_own_signature = true;
                }
                Transform::XPath(XPathFilter::EverySignature) => {
                    // The expression looks at the ancestors in the whole document, not only the
                    // node-set's.
                    if top.ancestors_or_self().any(is_signature) {
                        return Err(everything("the XPath transform would remove everything the reference selects"));
                    }
                    let mut last: Option<Node<'_, '_>> = None;
                    for found in apex.descendants().filter(|n| is_signature(*n)) {
                        if last.is_some_and(|l| l.contains(found.id()))
                            || removed.iter().any(|r| doc.node(*r).contains(found.id()))
                        {
                            continue;
                        }
                        last = Some(found);
                        subset = subset.excluding(found).map_err(c14n_error)?;
                        remove(&mut removed, found.id());
                        self.excluded.push(original(found.id())?);
                    }
                }
            }
        }
        // Same-document references select no comments, and octets made from them hold none.
        let method = method.unwrap_or_else(|| Method::new(Algorithm::C14n10)).without_comments();
        let canonical = canonicalize_within(doc, &subset, &method, budget).map_err(c14n_error)?;
        let mut kept = Vec::new();
        if !rest.is_empty() {
            let mut elements = apex.descendants().filter(|n| n.is_element()).peekable();
            while let Some(element) = elements.next() {
                if removed.binary_search(&element.id()).is_ok() {
                    // Its descendants follow it in document order.
                    while elements.next_if(|n| element.contains(n.id())).is_some() {}
                    continue;
                }
                kept.push(original(element.id())?);
            }
        }
        Ok((canonical, kept))
    }
}

fn is_signature(node: Node<'_, '_>) -> bool {
    node.has_name(Some(DSIG_NS), "Signature")
}

/// Adds `node` to the sorted list of removed subtrees.
fn remove(removed: &mut Vec<NodeId>, node: NodeId) {
    if let Err(at) = removed.binary_search(&node) {
        removed.insert(at, node);
    }
}

/// The trusted key the signature value verifies under.
fn verify_value(
    syntax: &SignatureSyntax,
    signed_info: &[u8],
    keys: &[PublicKey],
    options: &VerifyOptions,
    signature: Node<'_, '_>,
    // For keys the document offers: how many the document may still have tried.
    mut tries_left: Option<&mut usize>,
) -> Result<PublicKey, DsigError> {
    let pos = || signature.text_pos();
    if keys.is_empty() {
        return Err(DsigError::NoTrustedKey { pos: pos() });
    }
    let mut last_error = None;
    let mut tried = 0;
    for key in keys {
        if tries_left.as_deref() == Some(&0) {
            return Err(DsigError::KeyTryBudget { pos: pos(), limit: options.max_key_tries });
        }
        match options.provider.verify(syntax.signature_method, key, signed_info, &syntax.signature_value) {
            Ok(()) => return Ok(key.clone()),
            // Told apart from the algorithm without any arithmetic.
            Err(CryptoError::KeyMismatch { .. }) => {}
            Err(e) => {
                tried += 1;
                last_error = Some(e);
                if let Some(left) = tries_left.as_deref_mut() {
                    *left -= 1;
                }
            }
        }
    }
    match last_error {
        Some(reason) => Err(DsigError::BadSignature { pos: pos(), tried, reason }),
        None => Err(DsigError::BadSignature {
            pos: pos(),
            tried: 0,
            reason: CryptoError::KeyMismatch { key: keys[0].key_type(), algorithm: syntax.signature_method.uri() },
        }),
    }
}
