//! Archive time-stamps (XAdES' "A" level, for a whole document): each is an RFC 3161 time-stamp
//! over the document as it stood when the time-stamp was added, validation data included, so it
//! proves that everything before it existed at its time. A signature time-stamp stops proving
//! anything when its authority's certificate expires; an archive time-stamp added before then,
//! by an authority whose certificate lasts longer, carries the proof on, and the next one
//! renews it again.
//!
//! The layout (specified in `schemas/PROFILE.md`): one `hp:ArchiveTimeStamps` element, the last
//! child of the root element, holding the time-stamps in the order they were added, with no text
//! between them:
//!
//! ```xml
//! <hp:ArchiveTimeStamps xmlns:hp="urn:hocba:xmldsig-properties:1.0"><hp:ArchiveTimeStamp>
//!     <hp:CertificateValues>…</hp:CertificateValues>
//!     <hp:RevocationValues>…</hp:RevocationValues>
//!     <hp:EncapsulatedTimeStamp>base64 RFC 3161 TimeStampToken</hp:EncapsulatedTimeStamp>
//!     <hp:TimeStampValidationData>…its own authority's certificates and status…</hp:TimeStampValidationData>
//! </hp:ArchiveTimeStamp></hp:ArchiveTimeStamps>
//! ```
//!
//! Time-stamp `k` covers the canonical form (C14N 1.0, without comments) of the whole document
//! without its own `EncapsulatedTimeStamp` and `TimeStampValidationData` and without every
//! `ArchiveTimeStamp` after it: the signatures with what they embed, every earlier time-stamp,
//! and the validation data added before it (the status of every authority before it, as it was
//! when it was added). Its own authority's status, learnt once the token is back, follows the
//! token and is covered by the next time-stamp.

#[cfg(not(target_arch = "wasm32"))]
use base64ct::{Base64, Encoding};

use super::authority::authority_trusted;
use super::certificate::Certificate;
use super::error::PkiError;
#[cfg(not(target_arch = "wasm32"))]
use super::ltv::values_xml;
use super::ltv::{EmbeddedValidationData, decode_base64, read_embedded, read_values};
use super::options::TrustOptions;
use super::outcome::TrustFinding;
use super::revocation::{Asking, RevocationChecker, RevocationData};
#[cfg(not(target_arch = "wasm32"))]
use super::revocation::{Evidence, UsedEvidence};
#[cfg(not(target_arch = "wasm32"))]
use super::signing::check_path_revocation;
use super::timestamp::{ProvenTime, verify_time_stamp_token};
#[cfg(not(target_arch = "wasm32"))]
use super::timestamp::{time_stamp_request_over, token_from_response};
use crate::c14n::{Algorithm, Budget, Method, Subset, canonicalize_within};
use crate::crypto::CryptoProvider;
use crate::dsig::SIGNATURE_PROPERTIES_NS;
use crate::time::UtcTime;
use crate::xml::{Document, Node, NodeId, NodeType};

/// The most archive time-stamps a document may carry: one per renewal, renewals years apart.
pub const MAX_ARCHIVE_TIME_STAMPS: usize = 32;

const CONTAINER: &str = "ArchiveTimeStamps";
const STAMP: &str = "ArchiveTimeStamp";
const TOKEN: &str = "EncapsulatedTimeStamp";
const AFTER_TOKEN: &str = "TimeStampValidationData";

/// One archive time-stamp as the document holds it.
struct ArchiveStamp<'a, 'i> {
    element: Node<'a, 'i>,
    token_element: Node<'a, 'i>,
    /// The validation data of its own authority, added with it and covered by the next one.
    after_token: Option<Node<'a, 'i>>,
    token: Vec<u8>,
    data: EmbeddedValidationData,
}

fn malformed(node: Node<'_, '_>, what: &str) -> PkiError {
    PkiError::MalformedValidationData { detail: format!("archive time-stamps: {what} at {}", node.text_pos()) }
}

/// The `hp:ArchiveTimeStamps` element, if the document has one; an error when one is anywhere
/// but last among the root element's children.
fn container<'a, 'i>(doc: &'a Document<'i>) -> Result<Option<Node<'a, 'i>>, PkiError> {
    let root = doc.root_element();
    let elements: Vec<Node<'a, 'i>> = root.children().filter(|n| n.is_element()).collect();
    let mut found = None;
    for (i, element) in elements.iter().enumerate() {
        if element.has_name(Some(SIGNATURE_PROPERTIES_NS), CONTAINER) {
            if i + 1 != elements.len() {
                return Err(malformed(*element, "the ArchiveTimeStamps element is not the root element's last child"));
            }
            found = Some(*element);
        }
    }
    Ok(found)
}

/// Reads the archive time-stamps, strictly: only the layout above.
fn read_stamps<'a, 'i>(doc: &'a Document<'i>) -> Result<Vec<ArchiveStamp<'a, 'i>>, PkiError> {
    let Some(container) = container(doc)? else { return Ok(Vec::new()) };
    let mut stamps = Vec::new();
    for child in container.children() {
        if !child.has_name(Some(SIGNATURE_PROPERTIES_NS), STAMP) {
            // Text between time-stamps would be covered by the earlier ones, so adding a later one
            // could not leave them intact: none is allowed, not even white space.
            return Err(malformed(child, "only ArchiveTimeStamp elements, without text, may be in ArchiveTimeStamps"));
        }
        if stamps.len() == MAX_ARCHIVE_TIME_STAMPS {
            return Err(malformed(child, &format!("more than {MAX_ARCHIVE_TIME_STAMPS} archive time-stamps")));
        }
        let mut data = EmbeddedValidationData::default();
        let (mut token, mut after_token) = (None, None);
        for item in child.children() {
            match item.node_type() {
                NodeType::Element => {}
                NodeType::Text if item.text().unwrap_or_default().chars().all(|c| c.is_ascii_whitespace()) => continue,
                _ => return Err(malformed(item, "text inside ArchiveTimeStamp")),
            }
            if after_token.is_some() {
                return Err(malformed(item, "an element after TimeStampValidationData"));
            }
            if token.is_some() {
                if !item.has_name(Some(SIGNATURE_PROPERTIES_NS), AFTER_TOKEN) {
                    return Err(malformed(item, "an element after EncapsulatedTimeStamp"));
                }
                for values in item.children() {
                    match values.node_type() {
                        NodeType::Element if read_values(values, &mut data)? => {}
                        NodeType::Text
                            if values.text().unwrap_or_default().chars().all(|c| c.is_ascii_whitespace()) => {}
                        _ => return Err(malformed(values, "unexpected content in TimeStampValidationData")),
                    }
                }
                after_token = Some(item);
            } else if item.has_name(Some(SIGNATURE_PROPERTIES_NS), TOKEN) {
                token = Some((item, decode_base64(item)?));
            } else if !read_values(item, &mut data)? {
                return Err(malformed(item, "unexpected element"));
            }
        }
        let Some((token_element, token)) = token else {
            return Err(malformed(child, "an ArchiveTimeStamp without EncapsulatedTimeStamp"));
        };
        stamps.push(ArchiveStamp { element: child, token_element, after_token, token, data });
    }
    if stamps.is_empty() {
        return Err(malformed(container, "an empty ArchiveTimeStamps"));
    }
    Ok(stamps)
}

/// What archive time-stamp `index` covers: the canonical document without its token, without the
/// validation data of its own authority, and without every archive time-stamp after it.
fn covered_bytes(
    doc: &Document<'_>,
    stamps: &[ArchiveStamp<'_, '_>],
    index: usize,
    budget: &mut Budget,
) -> Result<Vec<u8>, PkiError> {
    let c14n = |e: crate::c14n::C14nError| malformed(stamps[index].element, &e.to_string());
    let stamp = &stamps[index];
    let mut subset = Subset::document(doc).excluding(stamp.token_element).map_err(c14n)?;
    if let Some(after) = stamp.after_token {
        subset = subset.excluding(after).map_err(c14n)?;
    }
    for later in &stamps[index + 1..] {
        subset = subset.excluding(later.element).map_err(c14n)?;
    }
    canonicalize_within(doc, &subset, &Method::new(Algorithm::C14n10), budget).map_err(c14n)
}

/// What one archive time-stamp came to.
#[derive(Clone, Debug)]
pub(crate) enum ArchiveStampStatus {
    /// Its authority is believed at the time it was judged at: it proves its time.
    Proves,
    /// Verified, but its authority can no longer be believed: it proves nothing.
    ProvesNothing(TrustFinding),
}

/// One verified archive time-stamp.
#[derive(Clone, Debug)]
pub(crate) struct ArchiveStampOutcome {
    pub(crate) time: UtcTime,
    pub(crate) authority: String,
    /// The earliest end of validity in its authority's path.
    pub(crate) valid_until: UtcTime,
    pub(crate) status: ArchiveStampStatus,
    /// Remarks that do not stop it proving (a status not learnt under `soft-fail`).
    pub(crate) notes: Vec<TrustFinding>,
}

/// Why the archive time-stamps make the document invalid or leave it undetermined.
#[derive(Clone, Debug)]
pub(crate) enum ArchiveFailure {
    /// The layout or a token cannot be read.
    Malformed { detail: String },
    /// Time-stamp `index` (1-based) is over other bytes than the document's: the document was
    /// changed after it was added.
    Altered { index: usize },
    /// Time-stamp `index` (1-based) does not verify (its signature, its authority's path at its
    /// time).
    Invalid { index: usize, detail: String },
    /// Time-stamp `index` (1-based) is dated before the one it covers.
    OutOfOrder { index: usize, time: UtcTime, earlier: UtcTime },
}

/// What a document's archive time-stamps prove, read and judged once per verification.
#[derive(Clone, Debug, Default)]
pub(crate) struct ArchiveEvidence {
    /// The earliest time a believed archive time-stamp proves, and its authority: everything in
    /// the document existed then.
    pub(crate) proven: Option<(UtcTime, String)>,
    /// The certificates and revocation data added with the time-stamps.
    pub(crate) data: EmbeddedValidationData,
    /// Each time-stamp, in document order (empty when `failure` stopped the reading).
    pub(crate) stamps: Vec<ArchiveStampOutcome>,
    pub(crate) failure: Option<ArchiveFailure>,
}

/// Reads and judges `doc`'s archive time-stamps as of `now`: each must verify over what it
/// covers, at its own time; then, from the last back, each authority is believed if every
/// certificate of its path is unexpired when the next believed time-stamp (or, for the last,
/// `now`) proves the time-stamp existed, and none is revoked (a compromise at any time counts).
/// `signatures` are the document's signatures: what they embed is evidence too. Canonicalizing
/// what all the time-stamps cover may cost at most `max_canonical_bytes`.
pub(crate) fn judge_archive(
    doc: &Document<'_>,
    signatures: &[NodeId],
    trust: &TrustOptions,
    revocation: &RevocationChecker,
    (provider, max_canonical_bytes): (&'static dyn CryptoProvider, u64),
    now: UtcTime,
) -> ArchiveEvidence {
    let asking = &Asking { now, provider, caches: &trust.caches, allow_sha1: trust.path.allow_sha1 };
    let mut evidence = ArchiveEvidence::default();
    let stamps = match read_stamps(doc) {
        Ok(stamps) => stamps,
        Err(e) => {
            evidence.failure = Some(ArchiveFailure::Malformed { detail: e.to_string() });
            return evidence;
        }
    };
    if stamps.is_empty() {
        return evidence;
    }
    for stamp in &stamps {
        evidence.data.certificates.extend(stamp.data.certificates.iter().cloned());
        evidence.data.revocation.crls.extend(stamp.data.revocation.crls.iter().cloned());
        evidence.data.revocation.ocsp_responses.extend(stamp.data.revocation.ocsp_responses.iter().cloned());
    }
    // The authority's certificates travel in its token or with the archive time-stamps; the rest
    // of the document's are read only for a token that needs them.
    let near: Vec<Certificate> = evidence.data.certificates.iter().chain(&trust.intermediates).cloned().collect();
    let mut whole_document: Option<Vec<Certificate>> = None;
    let mut budget = Budget::new(max_canonical_bytes);
    let mut proven: Vec<ProvenTime> = Vec::with_capacity(stamps.len());
    for (i, stamp) in stamps.iter().enumerate() {
        let covered = match covered_bytes(doc, &stamps, i, &mut budget) {
            Ok(bytes) => bytes,
            Err(e) => {
                evidence.failure = Some(ArchiveFailure::Malformed { detail: e.to_string() });
                return evidence;
            }
        };
        let mut verified = verify_time_stamp_token(&covered, &stamp.token, trust, &near, asking.now, asking.provider);
        if verified.is_err() {
            let candidates = whole_document.get_or_insert_with(|| document_certificates(doc, &evidence.data, trust));
            verified = verify_time_stamp_token(&covered, &stamp.token, trust, candidates, asking.now, asking.provider);
        }
        match verified {
            Ok(time) => {
                if let Some(earlier) = proven.last().map(|p| p.time)
                    && time.time < earlier
                {
                    evidence.failure = Some(ArchiveFailure::OutOfOrder { index: i + 1, time: time.time, earlier });
                    return evidence;
                }
                proven.push(time);
            }
            Err(PkiError::TimeStampImprintMismatch) => {
                evidence.failure = Some(ArchiveFailure::Altered { index: i + 1 });
                return evidence;
            }
            Err(e) => {
                evidence.failure = Some(ArchiveFailure::Invalid { index: i + 1, detail: e.to_string() });
                return evidence;
            }
        }
    }
    // What the archive time-stamps add settles their authorities' status (each is added with
    // its own); what the signatures embed is read only when it does not.
    let archive_revocation = &evidence.data.revocation;
    let mut with_signatures: Option<RevocationData> = None;
    // From the last back: a believed time-stamp moves the time the ones before it are judged at.
    let mut judged_at = asking.now;
    let mut outcomes = Vec::with_capacity(proven.len());
    for stamp in proven.into_iter().rev() {
        let mut judged = authority_trusted(&stamp, judged_at, trust, revocation, archive_revocation, asking);
        let unknown = |finding: &TrustFinding| matches!(finding, TrustFinding::TimeStampRevocationUnknown { .. });
        if matches!(&judged, Err(finding) if unknown(finding))
            || matches!(&judged, Ok(notes) if notes.iter().any(unknown))
        {
            let all = with_signatures.get_or_insert_with(|| {
                let mut all = archive_revocation.clone();
                // A signature whose embedded data cannot be read is reported with it; here it only
                // adds nothing.
                for data in signatures.iter().filter_map(|node| read_embedded(doc, *node).ok()) {
                    all.crls.extend(data.revocation.crls);
                    all.ocsp_responses.extend(data.revocation.ocsp_responses);
                }
                all
            });
            judged = authority_trusted(&stamp, judged_at, trust, revocation, all, asking);
        }
        let (status, notes) = match judged {
            Ok(notes) => (ArchiveStampStatus::Proves, notes),
            Err(finding) => (ArchiveStampStatus::ProvesNothing(finding), Vec::new()),
        };
        let outcome = ArchiveStampOutcome {
            time: stamp.time,
            authority: stamp.authority.clone(),
            valid_until: stamp.tsa_path.valid_until(),
            status: status.clone(),
            notes,
        };
        if matches!(status, ArchiveStampStatus::Proves) {
            judged_at = stamp.time;
            evidence.proven = Some((stamp.time, stamp.authority));
        }
        outcomes.push(outcome);
    }
    outcomes.reverse();
    evidence.stamps = outcomes;
    evidence
}

/// Every certificate the document carries (each signature's `KeyInfo` and embedded values, and
/// what the archive time-stamps add), with the configured intermediates: where the authorities'
/// paths are built from.
fn document_certificates(
    doc: &Document<'_>,
    archive: &EmbeddedValidationData,
    trust: &TrustOptions,
) -> Vec<Certificate> {
    // Each once, by fingerprint: the document may hold thousands, and comparing each with every
    // other would cost their square.
    let mut seen = std::collections::HashSet::new();
    let mut pool: Vec<Certificate> = Vec::new();
    let mut push_new = |certificate: Certificate| {
        if seen.insert(*certificate.fingerprint()) {
            pool.push(certificate);
        }
    };
    for node in doc.descendants().filter(|n| {
        n.has_name(Some(crate::dsig::DSIG_NS), "X509Certificate")
            || n.has_name(Some(SIGNATURE_PROPERTIES_NS), "EncapsulatedX509Certificate")
    }) {
        if let Ok(certificate) = decode_base64(node).and_then(|der| Certificate::from_der(&der)) {
            push_new(certificate);
        }
    }
    for certificate in archive.certificates.iter().chain(&trust.intermediates) {
        push_new(certificate.clone());
    }
    pool
}

#[cfg(not(target_arch = "wasm32"))]
/// `document` with one more archive time-stamp: the validation data `data`, `token` (over
/// [`archive_request_bytes`]), then its authority's own validation data, appended after the last
/// one (or in a new `ArchiveTimeStamps` element, the root element's last child).
fn append_archive_time_stamp(
    document: &[u8],
    data: &EmbeddedValidationData,
    token: &[u8],
    authority_data: &EmbeddedValidationData,
) -> Result<Vec<u8>, crate::Error> {
    let (at, open, close) = insertion_point(document)?;
    let mut stamp = format!(
        "<hp:{STAMP} xmlns:hp=\"{SIGNATURE_PROPERTIES_NS}\">{}<hp:{TOKEN}>{}</hp:{TOKEN}>",
        values_xml(data),
        Base64::encode_string(token)
    );
    if !authority_data.certificates.is_empty() || !authority_data.revocation.is_empty() {
        stamp.push_str(&format!("<hp:{AFTER_TOKEN}>{}</hp:{AFTER_TOKEN}>", values_xml(authority_data)));
    }
    stamp.push_str(&format!("</hp:{STAMP}>"));
    let mut out = Vec::with_capacity(document.len() + stamp.len() + 128);
    out.extend_from_slice(&document[..at]);
    out.extend_from_slice(open.as_bytes());
    out.extend_from_slice(stamp.as_bytes());
    out.extend_from_slice(close.as_bytes());
    out.extend_from_slice(&document[at..]);
    Ok(out)
}

#[cfg(not(target_arch = "wasm32"))]
/// Where the next archive time-stamp goes: before `</hp:ArchiveTimeStamps>` if there is one,
/// else before the root element's end tag inside a new container (the opening and closing text to
/// write around it). Each time-stamp binds its own prefix, whatever the container's is.
fn insertion_point(document: &[u8]) -> Result<(usize, String, String), crate::Error> {
    let doc = Document::parse(document)?;
    read_stamps(&doc)?;
    let (element, open, close) = match container(&doc)? {
        Some(container) => (container, String::new(), String::new()),
        None => (
            doc.root_element(),
            format!("<hp:{CONTAINER} xmlns:hp=\"{SIGNATURE_PROPERTIES_NS}\">"),
            format!("</hp:{CONTAINER}>"),
        ),
    };
    let range = element.byte_range();
    let end_tag = document[..range.end].iter().rposition(|&b| b == b'<').unwrap_or(range.end);
    if document[range.start..range.end].ends_with(b"/>") {
        return Err(malformed(element, "an empty element cannot take archive time-stamps").into());
    }
    Ok((end_tag, open, close))
}

#[cfg(not(target_arch = "wasm32"))]
/// The bytes a new archive time-stamp over `document` must cover, as if `data` had been added
/// with it: what [`judge_archive`] checks it against.
fn archive_request_bytes(document: &[u8], data: &EmbeddedValidationData) -> Result<Vec<u8>, crate::Error> {
    // The new time-stamp with an empty token, then its token left out: exactly what it covers.
    let draft = append_archive_time_stamp(document, data, &[], &EmbeddedValidationData::default())?;
    let doc = Document::parse(&draft)?;
    let stamps = read_stamps(&doc)?;
    Ok(covered_bytes(&doc, &stamps, stamps.len() - 1, &mut Budget::new(u64::MAX))?)
}

/// `document` with a new archive time-stamp from the TSA at `tsa_url`. `used` is what verifying
/// the document just asked about every certificate in it (signers', time-stamping authorities',
/// earlier archive time-stamps'), with the answers used: the certificates and answers the
/// document does not hold yet go in with the time-stamp, and its own authority's status after
/// it. `revocation` asks the TSA and that authority's status.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn stamp_document(
    document: &[u8],
    used: Vec<UsedEvidence>,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
    tsa_url: &str,
    provider: &'static dyn CryptoProvider,
) -> Result<Vec<u8>, crate::Error> {
    let doc = Document::parse(document)?;
    let mut held = HeldData::of(&doc)?;
    let mut data = EmbeddedValidationData::default();
    for (certificate, issuer, evidence) in used {
        for c in [certificate, issuer] {
            if held.add(c.der()) {
                data.certificates.push(c);
            }
        }
        match evidence {
            Some(Evidence::Crl(crl)) if held.add(crl.der()) => data.revocation.crls.push((*crl).clone()),
            Some(Evidence::Ocsp(response)) if held.add(response.der()) => {
                data.revocation.ocsp_responses.push((*response).clone())
            }
            _ => {}
        }
    }
    let stamped = archive_request_bytes(document, &data)?;
    let query = time_stamp_request_over(&stamped, provider)?;
    let token = token_from_response(&revocation.post_time_stamp_request(tsa_url, &query)?)?;
    // The token must prove what it is for before it is added; judged at the clock read after the
    // answer.
    let answered = trust.now()?;
    let mut candidates = document_certificates(&doc, &data, trust);
    candidates.extend(data.certificates.iter().cloned());
    let stamp = verify_time_stamp_token(&stamped, &token, trust, &candidates, answered, provider)?;
    let asking = Asking { now: answered, provider, caches: &trust.caches, allow_sha1: trust.path.allow_sha1 };
    let mut authority_data = EmbeddedValidationData::default();
    check_path_revocation(
        &stamp.tsa_path,
        "the time-stamping authority ",
        stamp.time,
        trust,
        revocation,
        &asking,
        &mut authority_data,
    )?;
    authority_data.revocation.crls.retain(|crl| held.add(crl.der()));
    authority_data.revocation.ocsp_responses.retain(|response| held.add(response.der()));
    for certificate in stamp.tsa_path.certificates() {
        if held.add(certificate.der()) {
            authority_data.certificates.push(certificate.clone());
        }
    }
    append_archive_time_stamp(document, &data, &token, &authority_data)
}

/// The DER of every certificate, CRL and OCSP response a document already holds, and of those
/// added to it since.
#[cfg(not(target_arch = "wasm32"))]
struct HeldData {
    ders: std::collections::HashSet<Vec<u8>>,
}

#[cfg(not(target_arch = "wasm32"))]
impl HeldData {
    fn of(doc: &Document<'_>) -> Result<Self, PkiError> {
        let mut ders = std::collections::HashSet::new();
        for node in doc.descendants().filter(|n| {
            n.has_name(Some(crate::dsig::DSIG_NS), "X509Certificate")
                || (n.namespace() == Some(SIGNATURE_PROPERTIES_NS)
                    && matches!(
                        n.local_name(),
                        "EncapsulatedX509Certificate" | "EncapsulatedCRLValue" | "EncapsulatedOCSPValue"
                    ))
        }) {
            ders.insert(decode_base64(node)?);
        }
        Ok(HeldData { ders })
    }

    /// Notes `der` as held; `false` when it was already.
    fn add(&mut self, der: &[u8]) -> bool {
        !self.ders.contains(der) && self.ders.insert(der.to_vec())
    }
}
