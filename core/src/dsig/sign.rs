//! Signing: an enveloped signature over a same-document reference, plus a reference to the
//! signer's own `SigningTime` object, placed where the caller says, laid out the way Vietnamese
//! signed XML is (`../shared/docs/signature-profile.md`).
//!
//! The document's own bytes are kept: the signature is inserted into them, never re-serialized,
//! so every earlier signature stays intact.

use base64ct::{Base64, Encoding as _};

use super::DSIG_NS;
use super::error::DsigError;
use super::syntax::{ENVELOPED_SIGNATURE, Transform};
use super::verify::{IdIndex, VerifyOptions, canonical_reference};
use crate::c14n::{Algorithm, Budget, Method, Subset, canonicalize_to_vec};
use crate::crypto::sealed::OnlyHocba;
use crate::crypto::{
    self, CryptoError, CryptoProvider, DigestAlgorithm, KeyType, PrivateKey, PublicKey, SignatureAlgorithm,
    SignatureScheme,
};
use crate::time::UtcTime;
use crate::xml::{
    Document, ElementEnd, Node, ParseOptions, TextPos, check_size, element_end, find_element_end,
    guess_last_element_end,
};

/// The namespace of the `SigningTime` element. Not the XMLDSig namespace: its schema has no
/// `SigningTime`, and validating verifiers (signxml) reject one there.
pub const SIGNATURE_PROPERTIES_NS: &str = "urn:hocba:xmldsig-properties:1.0";

/// `Type` of the reference to the signing-time object (XMLDSig section 5.2).
const SIGNATURE_PROPERTIES_TYPE: &str = "http://www.w3.org/2000/09/xmldsig#SignatureProperties";

/// A UTF-8 byte order mark, kept where the input has one.
const BOM: &str = "\u{FEFF}";

/// What a [`Signer`] is handed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignerInput {
    /// The canonical `SignedInfo`, to be hashed and signed (a software key, most remote services).
    Message,
    /// Its digest under the signature algorithm's hash (tokens and HSMs that sign a digest).
    /// For RSA PKCS#1 v1.5 the signer must add the DigestInfo prefix itself (e.g. `CKM_RSA_PKCS`
    /// over DigestInfo, or `CKM_SHA256_RSA_PKCS` over the message instead).
    Digest,
}

/// Whoever holds the private key: in this process, on a USB token (PKCS#11), in an HSM or behind
/// a remote-signing service. The library hands over exactly the bytes to sign and assembles the
/// signature from what comes back.
pub trait Signer {
    /// The algorithm the signer uses.
    fn algorithm(&self) -> SignatureAlgorithm;
    /// DER certificates for `KeyInfo/X509Data`, the signer's own first, then its chain.
    fn certificates(&self) -> &[Vec<u8>];
    /// What [`Signer::sign`] takes. Default: [`SignerInput::Message`].
    fn input(&self) -> SignerInput {
        SignerInput::Message
    }
    /// The signature value over `data`; ECDSA as `r || s`.
    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError>;
    /// The key of the first certificate, if the signer keeps it: it checks every value before the
    /// document is returned, and one kept key is decoded once instead of once per signature.
    fn public_key(&self) -> Option<&PublicKey> {
        None
    }
    /// Whether every value this signer returns was checked against its key where it was computed,
    /// so that checking it again is wasted work. Only this crate's own signers can say so: the
    /// argument's type cannot be named outside it, and any other signer's values are checked.
    #[doc(hidden)]
    fn values_are_checked(&self, _: OnlyHocba) -> bool {
        false
    }
}

/// A [`Signer`] with a software key.
#[derive(Debug)]
pub struct KeySigner {
    key: PrivateKey,
    certificate_key: PublicKey,
    certificates: Vec<Vec<u8>>,
    algorithm: SignatureAlgorithm,
    provider: &'static dyn CryptoProvider,
}

impl KeySigner {
    /// A signer for `key`, whose certificate must be the first of `certificates`.
    pub fn new(
        key: PrivateKey,
        certificates: Vec<Vec<u8>>,
        algorithm: SignatureAlgorithm,
        provider: &'static dyn CryptoProvider,
    ) -> Result<Self, CryptoError> {
        let first = certificates.first().ok_or(CryptoError::MissingCertificate)?;
        let certificate_key = PublicKey::from_certificate_der(first)?;
        if certificate_key != *key.public_key() {
            return Err(CryptoError::CertificateNotForKey);
        }
        if algorithm.is_weak() {
            return Err(CryptoError::UnsupportedAlgorithm(format!("{} for new signatures", algorithm.uri())));
        }
        Ok(KeySigner { key, certificate_key, certificates, algorithm, provider })
    }
}

impl Signer for KeySigner {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    fn certificates(&self) -> &[Vec<u8>] {
        &self.certificates
    }

    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        self.provider.sign(self.algorithm, &self.key, data)
    }

    fn public_key(&self) -> Option<&PublicKey> {
        Some(&self.certificate_key)
    }

    fn values_are_checked(&self, _: OnlyHocba) -> bool {
        // `new` checked that the key is the certificate's; this crate's providers check an RSA
        // result with the public exponent. No provider checks an ECDSA signature it makes, and a
        // provider from elsewhere promises nothing: those values are verified in `finish`.
        matches!(self.algorithm.scheme(), SignatureScheme::RsaPkcs1v15 | SignatureScheme::RsaPss)
            && self.provider.checks_rsa_results(OnlyHocba)
    }
}

/// What to sign and where the signature goes.
#[derive(Clone, Debug)]
pub struct SignatureRequest {
    /// `Id` of the element to sign (the transcript's data element).
    pub reference_id: String,
    /// Where to put the signature: element local names from the root element down, e.g.
    /// `["DSCKS", "GVCN"]`; a step `Name[n]` takes the n-th such element (from 1) instead of the
    /// first. The signature becomes the last child of that element.
    pub into: Vec<String>,
    /// `Id` of the new `Signature`; its SigningTime object is `{id}-SigningTime` and its
    /// `SignatureValue` is `{id}-SignatureValue`.
    pub signature_id: String,
    /// When the signer signs (an input: the library reads no clock).
    pub signing_time: UtcTime,
    /// Also sign earlier signatures' `SignatureValue`s, by `Id` (countersigning), one reference
    /// each in this order: a principal countersigns the homeroom teacher, a homeroom teacher every
    /// subject teacher of the year.
    pub countersign: Vec<String>,
    /// Default: Canonical XML 1.0 (what Vietnamese signed XML uses).
    pub canonicalization: Algorithm,
    /// Default: the signature algorithm's digest.
    pub digest: Option<DigestAlgorithm>,
    /// Digests and the self-check. Default: [`crypto::default_provider`].
    pub provider: &'static dyn CryptoProvider,
}

impl SignatureRequest {
    /// A request with the defaults.
    pub fn new(reference_id: &str, into: &[&str], signature_id: &str, signing_time: UtcTime) -> Self {
        SignatureRequest {
            reference_id: reference_id.to_owned(),
            into: into.iter().map(|s| (*s).to_owned()).collect(),
            signature_id: signature_id.to_owned(),
            signing_time,
            countersign: Vec::new(),
            canonicalization: Algorithm::C14n10,
            digest: None,
            provider: crypto::default_provider(),
        }
    }
}

/// A signature waiting for its value: the first phase of two-phase signing, for signers that
/// answer later or from another machine. [`PreparedSignature::to_be_signed`] says what to sign;
/// [`PreparedSignature::finish`] takes the value.
#[derive(Debug)]
pub struct PreparedSignature {
    draft: Draft,
    algorithm: SignatureAlgorithm,
    provider: &'static dyn CryptoProvider,
    signer_key: PublicKey,
}

/// Signs `document` as `request` says, with `signer`; returns the signed document.
pub fn sign(document: &[u8], request: &SignatureRequest, signer: &dyn Signer) -> Result<Vec<u8>, DsigError> {
    let prepared = prepare_with_key(document, request, signer.algorithm(), signer.certificates(), signer.public_key())?;
    let data = prepared.to_be_signed(signer.input());
    let value = signer.sign(&data).map_err(DsigError::Signing)?;
    match signer.values_are_checked(OnlyHocba) {
        true => Ok(prepared.assemble(&value)),
        false => prepared.finish(&value),
    }
}

/// The first phase of signing: builds the signature around everything but its value.
pub fn prepare(
    document: &[u8],
    request: &SignatureRequest,
    algorithm: SignatureAlgorithm,
    certificates: &[Vec<u8>],
) -> Result<PreparedSignature, DsigError> {
    prepare_with_key(document, request, algorithm, certificates, None)
}

/// [`prepare`], with the first certificate's key when the caller already holds it.
fn prepare_with_key(
    document: &[u8],
    request: &SignatureRequest,
    algorithm: SignatureAlgorithm,
    certificates: &[Vec<u8>],
    certificate_key: Option<&PublicKey>,
) -> Result<PreparedSignature, DsigError> {
    let invalid = |what: &'static str| DsigError::InvalidRequest(what);
    // What a verifier with the default options accepts and takes for Ids.
    let defaults = VerifyOptions::default();
    for id in [&request.reference_id, &request.signature_id].into_iter().chain(&request.countersign) {
        if !crate::xml::is_ncname(id) {
            return Err(invalid("Ids must be XML names"));
        }
    }
    // What a verifier with the default limits accepts: the data, the SigningTime object and the
    // countersigned values, one reference each.
    if 2 + request.countersign.len() > defaults.max_references {
        return Err(invalid("too many earlier signatures to countersign: verifiers would refuse the references"));
    }
    if algorithm.is_weak() || request.digest.is_some_and(DigestAlgorithm::is_weak) {
        return Err(invalid("SHA-1 is not used for new signatures"));
    }
    let first = certificates.first().ok_or(invalid("a signature needs the signer's certificate"))?;
    let signer_key = match certificate_key {
        Some(key) => key.clone(),
        None => PublicKey::from_certificate_der(first).map_err(DsigError::Signing)?,
    };

    // Refused before any work on it, as the parser would.
    check_size(document.len(), &ParseOptions::default())?;
    let bom_len = if document.starts_with(BOM.as_bytes()) { BOM.len() } else { 0 };
    let Ok(text) = simdutf8::basic::from_utf8(&document[bom_len..]) else {
        // The parser says where.
        return Err(Document::parse(document).err().map_or(invalid("the document is not UTF-8"), DsigError::from));
    };
    let layout = Layout {
        signature_id: request.signature_id.clone(),
        reference_id: request.reference_id.clone(),
        countersign: request.countersign.clone(),
        c14n: request.canonicalization,
        digest: request.digest.unwrap_or(algorithm.digest()),
        algorithm,
        certificates: certificates.iter().map(|c| Base64::encode_string(c)).collect(),
        signing_time: request.signing_time.to_vietnam_string(),
        value_len: {
            let bytes = signer_key.bits().div_ceil(8);
            let bytes = if signer_key.key_type() == KeyType::Ec { 2 * bytes } else { bytes };
            bytes.div_ceil(3) * 4
        },
    };

    let steps = path_steps(&request.into);
    // The usual place is the last element of its name, found from the end of the text at little
    // cost. It is kept only when the draft's tree confirms it; otherwise (and on any error, which
    // the careful way reports with the input's positions) the place is found by following the markup.
    let draft_at = |insertion| Draft::at(document, text, bom_len, request, &layout, &defaults, insertion);
    let guess = steps.as_ref().and_then(|steps| guess_last_element_end(text, steps.last()?.0));
    let draft = match guess.and_then(|end| draft_at(Insertion::before(end)).ok().flatten()) {
        Some(draft) => draft,
        None => {
            let insertion = match steps.and_then(|steps| find_element_end(text, &steps)) {
                Some(end) => Insertion::before(end),
                // No such element, or markup the scan does not follow: the parser says what is wrong
                // and where (duplicate Ids first: they matter more than a missing place), or finds
                // the element.
                None => {
                    let doc = Document::parse(document)?;
                    IdIndex::build(&doc, &defaults.id_attributes)?;
                    Insertion::before(element_end(find_path(&doc, &request.into)?))
                }
            };
            draft_at(insertion)?.ok_or(invalid("the new signature is not found where it was put"))?
        }
    };
    Ok(PreparedSignature { draft, algorithm, provider: request.provider, signer_key })
}

/// The document as it will be returned, the signature in place with its digests computed and its
/// value not yet: what a [`PreparedSignature`] is made of.
#[derive(Debug)]
struct Draft {
    /// The document as it will be returned, but for the signature value.
    text: String,
    /// Length of the byte order mark `text` starts with (0 or 3).
    bom_len: usize,
    /// Where the signature starts in `text`.
    signature_start: usize,
    /// Where the signature value goes in `text`: the empty content of `SignatureValue`.
    value_at: usize,
    /// The canonical `SignedInfo`, the real digests in it.
    signed_info: Vec<u8>,
}

impl Draft {
    /// The draft with the signature put in at `insertion`; `None` when its tree does not show the
    /// signature as the last child of the element the request names.
    fn at(
        document: &[u8],
        text: &str,
        bom_len: usize,
        request: &SignatureRequest,
        layout: &Layout,
        defaults: &VerifyOptions,
        insertion: Insertion,
    ) -> Result<Option<Draft>, DsigError> {
        let invalid = |what: &'static str| DsigError::InvalidRequest(what);
        // Everything is digested in the document as it will be returned: the signature in place, with
        // placeholder digests of the final length and an empty value. Those base64 texts are the only
        // bytes that differ from the final document, and no reference selects them (checked below),
        // so the digests and the canonical `SignedInfo` are exactly what a verifier computes. The
        // real digests are then written over the placeholders, in the canonical `SignedInfo` and in
        // the draft.
        let placeholder = layout.placeholder();
        let rendered = layout.render(&placeholder);
        let room = insertion.open_rest.len() + rendered.len() + insertion.close_tag.len() + layout.value_len;
        let mut draft = String::with_capacity(document.len() + room);
        draft.push_str(&BOM[..bom_len]);
        draft.push_str(&text[..insertion.at]);
        draft.push_str(insertion.open_rest);
        let signature_start = draft.len();
        draft.push_str(&rendered);
        let signature_end = draft.len();
        draft.push_str(&insertion.close_tag);
        draft.push_str(&text[insertion.at + insertion.replaced..]);

        let signed_doc = match Document::parse_text(&draft) {
            Ok(doc) => doc,
            // Where the input is malformed, its own positions, not the draft's.
            Err(e) => return Err(Document::parse(document).err().unwrap_or(e).into()),
        };
        let signed_ids = match IdIndex::build(&signed_doc, &defaults.id_attributes) {
            Ok(ids) => ids,
            Err(e) => {
                // Duplicates in the input are reported with the input's positions; otherwise the
                // new signature brought the second one.
                let doc = Document::parse(document)?;
                IdIndex::build(&doc, &defaults.id_attributes)?;
                return Err(match e {
                    DsigError::DuplicateId { .. } => invalid("the signature's Ids are already used in the document"),
                    e => e,
                });
            }
        };
        // The draft's text starts after the byte order mark.
        let signature = signed_ids
            .get(&request.signature_id)
            .map(|id| signed_doc.node(id))
            .filter(|node| node.has_name(Some(DSIG_NS), "Signature") && node.offset() == signature_start - bom_len)
            .filter(|node| {
                let target = find_path(&signed_doc, &request.into).ok();
                node.parent().map(|p| p.id()) == target.map(|t| t.id())
                    && target.and_then(|t| t.children().last()).map(|c| c.id()) == Some(node.id())
            });
        let Some(signature) = signature else { return Ok(None) };
        let outside_signature = |id: &String| {
            signed_ids.get(id).filter(|&node| !signature.contains(node)).ok_or_else(|| DsigError::UnresolvedReference {
                pos: signed_doc.root().text_pos(),
                uri: format!("#{id}"),
            })
        };
        outside_signature(&request.reference_id)?;
        for earlier in &request.countersign {
            // Its bytes would change when the new signature is put inside it.
            if signed_doc.node(outside_signature(earlier)?).contains(signature.id()) {
                return Err(invalid("cannot countersign an element the new signature will be placed in"));
            }
        }
        let mut digests = Vec::new();
        for (uri, transforms) in layout.references() {
            // The signer's own document: no budget.
            let selected = canonical_reference(
                &signed_doc,
                signature,
                signature,
                &uri,
                &transforms,
                &signed_ids,
                &mut Budget::new(u64::MAX),
            )?;
            if selected.covers(&signed_doc, signature.id()) {
                return Err(invalid("a reference would cover the new signature itself"));
            }
            let mut digest = request.provider.digest(layout.digest);
            digest.update(&selected.canonical);
            digests.push(digest.finish());
        }
        let signed_info = signature
            .children()
            .find(|n| n.has_name(Some(DSIG_NS), "SignedInfo"))
            .ok_or(invalid("SignedInfo not found in the new signature"))?;
        let c14n_error = |source| DsigError::C14n { pos: signed_info.text_pos(), source };
        let draft_signed_info = canonicalize_to_vec(
            &signed_doc,
            &Subset::element(signed_info).map_err(c14n_error)?,
            &Method::new(layout.c14n),
        )
        .map_err(c14n_error)?;
        let mut signed_info_bytes = draft_signed_info;
        for (at, digest) in placeholders_in(&signed_info_bytes, &placeholder, &digests)? {
            signed_info_bytes[at..at + placeholder.len()].copy_from_slice(digest.as_bytes());
        }
        // The tree borrows `draft`, which the prepared signature keeps: the real digests go in the
        // same way, and the value at the end of its empty element.
        drop(signed_doc);
        let signature_text = &draft[signature_start..signature_end];
        let value_at = memchr::memmem::find(signature_text.as_bytes(), VALUE_END.as_bytes())
            .map(|i| signature_start + i + "\">".len())
            .ok_or(invalid("the signature value's place not found in the new signature"))?;
        for (at, digest) in placeholders_in(signature_text.as_bytes(), &placeholder, &digests)? {
            draft.replace_range(signature_start + at..signature_start + at + placeholder.len(), &digest);
        }

        Ok(Some(Draft { text: draft, bom_len, signature_start, value_at, signed_info: signed_info_bytes }))
    }
}

impl PreparedSignature {
    /// The bytes a signer signs: the canonical `SignedInfo`, or its digest.
    pub fn to_be_signed(&self, input: SignerInput) -> Vec<u8> {
        match input {
            SignerInput::Message => self.draft.signed_info.clone(),
            SignerInput::Digest => {
                let mut digest = self.provider.digest(self.algorithm.digest());
                digest.update(&self.draft.signed_info);
                digest.finish()
            }
        }
    }

    /// The second phase: checks `signature_value` under the signer's certificate key and puts it
    /// in place. Nothing that would not verify leaves the library: not a wrong value from a signer
    /// or a faulty device, and not a document assembled wrongly, since the digests and the signed
    /// `SignedInfo` were computed in the returned document itself.
    pub fn finish(self, signature_value: &[u8]) -> Result<Vec<u8>, DsigError> {
        let draft = &self.draft;
        self.provider.verify(self.algorithm, &self.signer_key, &draft.signed_info, signature_value).map_err(
            |reason| {
                let pos = TextPos::at(&draft.text[draft.bom_len..], draft.signature_start - draft.bom_len);
                DsigError::BadSignature { pos, tried: 1, reason }
            },
        )?;
        Ok(self.assemble(signature_value))
    }

    /// The returned document: the signature value put in.
    fn assemble(self, signature_value: &[u8]) -> Vec<u8> {
        let mut signed = self.draft.text;
        signed.insert_str(self.draft.value_at, &Base64::encode_string(signature_value));
        signed.into_bytes()
    }
}

/// How the empty `SignatureValue` of a draft ends, from the quote of its `Id` attribute on.
const VALUE_END: &str = "\"></SignatureValue>";

/// Where each placeholder `DigestValue`'s text is in `rendered` (a signature as rendered, or its
/// canonical `SignedInfo`, which canonicalization leaves unchanged there), in order, with the base64
/// of the real digest to write over it (the same length).
fn placeholders_in(rendered: &[u8], placeholder: &str, digests: &[Vec<u8>]) -> Result<Vec<(usize, String)>, DsigError> {
    let marker = format!("<DigestValue>{placeholder}</DigestValue>");
    let mut from = 0;
    let mut found = Vec::with_capacity(digests.len());
    for digest in digests {
        let at = memchr::memmem::find(&rendered[from..], marker.as_bytes())
            .map(|i| from + i + "<DigestValue>".len())
            .ok_or(DsigError::InvalidRequest("digest placeholder not found in the new signature"))?;
        found.push((at, Base64::encode_string(digest)));
        from = at + placeholder.len();
    }
    Ok(found)
}

/// Everything the signature's text is made of.
#[derive(Debug)]
struct Layout {
    signature_id: String,
    reference_id: String,
    /// The `Id`s of the countersigned values, in reference order.
    countersign: Vec<String>,
    c14n: Algorithm,
    digest: DigestAlgorithm,
    algorithm: SignatureAlgorithm,
    certificates: Vec<String>,
    signing_time: String,
    /// Length of the signature value's base64 under the signer's key (RSA: the modulus; ECDSA:
    /// r and s), kept free in the draft so that putting the value in does not copy it again.
    value_len: usize,
}

impl Layout {
    /// The references in order: the data, the signing time, the countersigned values.
    fn references(&self) -> Vec<(String, Vec<Transform>)> {
        let c14n = Transform::Canonicalize(Method::new(self.c14n));
        let mut references = vec![
            (format!("#{}", self.reference_id), vec![Transform::EnvelopedSignature, c14n.clone()]),
            (format!("#{}-SigningTime", self.signature_id), vec![c14n.clone()]),
        ];
        for earlier in &self.countersign {
            references.push((format!("#{earlier}"), vec![c14n.clone()]));
        }
        references
    }

    /// The base64 of a digest of zeros: what each `DigestValue` holds until the digests are known,
    /// as long as theirs.
    fn placeholder(&self) -> String {
        Base64::encode_string(&vec![0u8; self.digest.output_len()])
    }

    /// The `Signature` element with `placeholder` for every digest and an empty value.
    fn render(&self, placeholder: &str) -> String {
        let c14n = self.c14n.uri();
        let digest_method = self.digest.uri();
        let id = &self.signature_id;
        let mut s = format!(
            "<Signature xmlns=\"{DSIG_NS}\" Id=\"{id}\"><SignedInfo><CanonicalizationMethod Algorithm=\"{c14n}\"/><SignatureMethod Algorithm=\"{}\"/>",
            self.algorithm.uri()
        );
        s += &format!(
            "<Reference URI=\"#{}\"><Transforms><Transform Algorithm=\"{ENVELOPED_SIGNATURE}\"/><Transform Algorithm=\"{c14n}\"/></Transforms><DigestMethod Algorithm=\"{digest_method}\"/><DigestValue>{placeholder}</DigestValue></Reference>",
            self.reference_id,
        );
        s += &format!(
            "<Reference URI=\"#{id}-SigningTime\" Type=\"{SIGNATURE_PROPERTIES_TYPE}\"><Transforms><Transform Algorithm=\"{c14n}\"/></Transforms><DigestMethod Algorithm=\"{digest_method}\"/><DigestValue>{placeholder}</DigestValue></Reference>"
        );
        for earlier in &self.countersign {
            s += &format!(
                "<Reference URI=\"#{earlier}\"><Transforms><Transform Algorithm=\"{c14n}\"/></Transforms><DigestMethod Algorithm=\"{digest_method}\"/><DigestValue>{placeholder}</DigestValue></Reference>"
            );
        }
        s += &format!("</SignedInfo><SignatureValue Id=\"{id}-SignatureValue\"></SignatureValue><KeyInfo><X509Data>");
        for certificate in &self.certificates {
            s += &format!("<X509Certificate>{certificate}</X509Certificate>");
        }
        s += &format!(
            "</X509Data></KeyInfo><Object Id=\"{id}-SigningTime\"><SignatureProperties><SignatureProperty Target=\"#{id}\"><SigningTime xmlns=\"{SIGNATURE_PROPERTIES_NS}\">{}</SigningTime></SignatureProperty></SignatureProperties></Object></Signature>",
            self.signing_time
        );
        s
    }
}

/// The steps of a signature's place (see [`path_step`]); `None` when one is not of that form.
fn path_steps(path: &[String]) -> Option<Vec<(&str, usize)>> {
    path.iter().map(|step| path_step(step)).collect()
}

/// A step of a signature's place: a local name and which such child to take (from 1); `Name[n]`
/// takes the n-th, for documents with one place per record.
fn path_step(step: &str) -> Option<(&str, usize)> {
    match step.strip_suffix(']').and_then(|s| s.split_once('[')) {
        Some((name, n)) => n.parse::<usize>().ok().filter(|&n| n >= 1).map(|n| (name, n)),
        None => Some((step, 1)),
    }
}

/// The element at `path` (local names from the root element down; see [`path_step`]).
fn find_path<'a, 'i>(doc: &'a Document<'i>, path: &[String]) -> Result<Node<'a, 'i>, DsigError> {
    let mut node = doc.root_element();
    let missing = |node: Node<'_, '_>| DsigError::Placement { pos: node.text_pos(), path: path.join("/") };
    for step in path {
        let (name, nth) = path_step(step).ok_or_else(|| missing(node))?;
        node = node
            .children()
            .filter(|c| c.is_element() && c.local_name() == name)
            .nth(nth - 1)
            .ok_or_else(|| missing(node))?;
    }
    Ok(node)
}

/// How the signature goes in to be the last child of an element, without adding any other text.
struct Insertion {
    /// Byte offset where the signature goes.
    at: usize,
    /// Bytes of the input the insertion replaces (the `/>` of an empty-element tag).
    replaced: usize,
    /// Written before the signature (the `>` that reopens an empty-element tag).
    open_rest: &'static str,
    /// Written after it (the end tag of a formerly empty element).
    close_tag: String,
}

impl Insertion {
    fn before(end: ElementEnd<'_>) -> Self {
        match end.empty {
            // `<GVCN/>` becomes `<GVCN>...signature...</GVCN>`.
            true => {
                Insertion { at: end.at, replaced: 2, open_rest: ">", close_tag: format!("</{}>", end.qualified_name) }
            }
            false => Insertion { at: end.at, replaced: 0, open_rest: "", close_tag: String::new() },
        }
    }
}
