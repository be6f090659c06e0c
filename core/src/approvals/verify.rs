//! Verifying an approval list or a withdrawal request: its signatures sound and trusted (the same
//! machinery as transcripts), in their places, over the content element; the content read from the
//! bytes they signed.

use super::error::{ApprovalDocument, ApprovalError};
use super::model::{ApprovalList, ApprovalRole, WithdrawalRequest};
use super::read;
use super::{APPROVALS_NS, CONTENT, LIST_ROOT, REQUEST_ROOT, SIGNATURE_PLACE};
use crate::dsig::{DSIG_NS, VerifiedSignature, VerifyOptions};
use crate::pki::hex;
use crate::pki::{RevocationChecker, TrustOptions};
use crate::report::wording::approvals as wording;
use crate::report::{Signer, Verdict};
use crate::time::UtcTime;
use crate::xml::{Document, Node};

/// Who may sign approval lists: the managing authorities' certificates, by SHA-256 of their DER,
/// each optionally bound to the authority code (`MaCoQuan`) it publishes under. A list signed by
/// anyone else is refused, however well its certificate chains; a list by a bound authority under
/// another code is refused too. Unbound, an authority may publish under any code, and two
/// certificates publishing under one code are a conflict ([`super::Approvals::new`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListAuthorities {
    entries: Vec<([u8; 32], Option<String>)>,
}

impl ListAuthorities {
    /// No authority: every list is refused.
    pub fn new() -> Self {
        ListAuthorities::default()
    }

    /// Adds the authority whose certificate is `der`.
    pub fn add_certificate(&mut self, der: &[u8]) {
        self.add(read::sha256_of(der), None);
    }

    /// Adds the authority written `FINGERPRINT` or `FINGERPRINT=CODE`: the SHA-256 of its
    /// certificate (as [`parse_fingerprint`] reads it) and, after `=`, the code it is bound to.
    pub fn add_written(&mut self, text: &str) -> Result<(), crate::InvalidSetting> {
        let (fingerprint, code) = match text.split_once('=') {
            Some((fingerprint, code)) => (fingerprint, Some(parse_authority_code(code)?)),
            None => (text, None),
        };
        self.add(parse_fingerprint(fingerprint.trim())?, code.as_deref());
        Ok(())
    }

    /// Adds the authority whose certificate's SHA-256 is `sha256`, bound to the code `code` when
    /// given: its lists must be published under that code. Adding one certificate twice keeps the
    /// binding given last.
    pub fn add(&mut self, sha256: [u8; 32], code: Option<&str>) {
        let code = code.map(str::to_owned);
        match self.entries.iter_mut().find(|(known, _)| *known == sha256) {
            Some(entry) => entry.1 = code,
            None => self.entries.push((sha256, code)),
        }
    }

    /// Whether no authority is configured.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The configured authorities' certificate fingerprints, with the code each is bound to.
    pub fn entries(&self) -> &[([u8; 32], Option<String>)] {
        &self.entries
    }

    /// The entry of the certificate whose SHA-256 is written in `sha256_hex`.
    fn entry(&self, sha256_hex: &str) -> Option<&([u8; 32], Option<String>)> {
        let sha256 = read::hex32(sha256_hex)?;
        self.entries.iter().find(|(known, _)| *known == sha256)
    }
}

/// An approval list whose signature verified, by a configured authority whose certificate is
/// trusted. Only the library constructs one.
#[derive(Clone, Debug)]
pub struct VerifiedApprovalList {
    list: ApprovalList,
    signer: Signer,
    signer_sha256: [u8; 32],
    code_bound: bool,
    signed_at: Option<UtcTime>,
    content_sha256: [u8; 32],
}

impl VerifiedApprovalList {
    /// The list, as its signature covers it.
    pub fn list(&self) -> &ApprovalList {
        &self.list
    }

    /// The authority's certificate, as the report describes a signer.
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// SHA-256 of the authority's certificate.
    pub fn signer_sha256(&self) -> [u8; 32] {
        self.signer_sha256
    }

    /// Whether the verifier bound the signer's certificate to the list's code
    /// ([`ListAuthorities::add`]).
    pub fn code_bound(&self) -> bool {
        self.code_bound
    }

    /// The signing time the authority claims, if it wrote one.
    pub fn signed_at(&self) -> Option<UtcTime> {
        self.signed_at
    }

    /// SHA-256 of the signed content's canonical bytes: two lists with one sequence number must
    /// have the same.
    pub fn content_sha256(&self) -> [u8; 32] {
        self.content_sha256
    }

    /// Whether the list is past its next update at `now`.
    pub fn is_stale(&self, now: UtcTime) -> bool {
        now >= self.list.next_update
    }
}

/// A withdrawal request whose signatures (the principal's, then the seal's countersigning it)
/// verified and chain to trust. Whether the school's authority approved those signers is the
/// authority's check ([`super::ApprovalList::withdraw`]). Only the library constructs one.
#[derive(Clone, Debug)]
pub struct VerifiedWithdrawalRequest {
    request: WithdrawalRequest,
    principal: (Signer, Option<UtcTime>),
    seal: (Signer, Option<UtcTime>),
    sha256: [u8; 32],
}

impl VerifiedWithdrawalRequest {
    /// The request, as signed.
    pub fn request(&self) -> &WithdrawalRequest {
        &self.request
    }

    /// Who signed as the principal, and the time they claim.
    pub fn principal(&self) -> &(Signer, Option<UtcTime>) {
        &self.principal
    }

    /// The seal certificate that signed, and the time it claims.
    pub fn seal(&self) -> &(Signer, Option<UtcTime>) {
        &self.seal
    }

    /// SHA-256 of the request document's bytes, as received: the withdrawal refers to it.
    pub fn sha256(&self) -> [u8; 32] {
        self.sha256
    }
}

/// How to verify a list's or a request's signatures: the same options a transcript's are verified
/// with.
pub struct SignatureCheck<'a> {
    /// The signature layer.
    pub signatures: &'a VerifyOptions,
    /// Trust in the signers.
    pub trust: &'a TrustOptions,
    /// Revocation answers.
    pub revocation: &'a RevocationChecker,
}

/// Verifies an approval list: one signature in `ChuKy`, over `NoiDung`, sound and trusted under
/// `check`, by one of `authorities`; the list read from the signed bytes. Staleness is the
/// verifier's to judge at its own time ([`VerifiedApprovalList::is_stale`]).
pub fn verify_list(
    xml: &[u8],
    authorities: &ListAuthorities,
    check: &SignatureCheck<'_>,
) -> Result<VerifiedApprovalList, ApprovalError> {
    let doc = Document::parse(xml)?;
    let document = ApprovalDocument::List;
    let signatures = verify_signed(&doc, document, LIST_ROOT, check)?;
    let [(signer, signature)] = signatures.as_slice() else {
        return Err(layout(document, wording::list_signature_count(signatures.len())));
    };
    covered_content(&doc, document, signature, &[SIGNATURE_PLACE])?;
    let not_allowed = || ApprovalError::SignerNotAllowed {
        document,
        signer: signer.name.clone().unwrap_or_else(|| signer.subject.clone()),
        sha256: signer.sha256.clone(),
    };
    let (signer_sha256, bound) = authorities.entry(&signer.sha256).cloned().ok_or_else(not_allowed)?;
    let signed = signature.references()[0].parse()?;
    let list = read::list_content(signed.root_element())?;
    if bound.as_ref().is_some_and(|code| *code != list.authority.code) {
        return Err(not_allowed());
    }
    Ok(VerifiedApprovalList {
        list,
        signer: signer.clone(),
        signer_sha256,
        code_bound: bound.is_some(),
        signed_at: signature.claimed_signing_time(),
        content_sha256: read::sha256_of(signature.references()[0].canonical_bytes()),
    })
}

/// Verifies a withdrawal request: the principal's signature in `ChuKy/HieuTruong` and the seal's
/// in `ChuKy/ConDau`, each over `NoiDung`, the seal's also countersigning the principal's
/// `SignatureValue`; both sound and trusted under `check`; the request read from the signed bytes.
pub fn verify_request(xml: &[u8], check: &SignatureCheck<'_>) -> Result<VerifiedWithdrawalRequest, ApprovalError> {
    let doc = Document::parse(xml)?;
    let document = ApprovalDocument::Request;
    let signatures = verify_signed(&doc, document, REQUEST_ROOT, check)?;
    let in_place = |place: &str| {
        signatures.iter().find(|(_, s)| {
            let parent = doc.node(s.signature_node()).parent();
            parent.is_some_and(|p| p.has_name(Some(APPROVALS_NS), place))
                && parent.and_then(|p| p.parent()).is_some_and(|p| p.has_name(Some(APPROVALS_NS), SIGNATURE_PLACE))
        })
    };
    let (Some((principal_signer, principal)), Some((seal_signer, seal)), 2) =
        (in_place(super::REQUEST_PLACES[0]), in_place(super::REQUEST_PLACES[1]), signatures.len())
    else {
        return Err(layout(document, wording::request_signatures()));
    };
    covered_content(&doc, document, principal, &[SIGNATURE_PLACE, super::REQUEST_PLACES[0]])?;
    covered_content(&doc, document, seal, &[SIGNATURE_PLACE, super::REQUEST_PLACES[1]])?;
    let principal_value = doc
        .node(principal.signature_node())
        .children()
        .find(|c| c.has_name(Some(DSIG_NS), "SignatureValue"))
        .map(|n| n.id());
    let countersigned = seal.references().iter().skip(1).any(|r| Some(r.node()) == principal_value);
    let in_order = match (principal.claimed_signing_time(), seal.claimed_signing_time()) {
        (Some(a), Some(b)) => a <= b,
        _ => true,
    };
    if !countersigned || !in_order {
        return Err(layout(document, wording::seal_not_after_principal()));
    }
    let (a, b) = (principal.references()[0].canonical_bytes(), seal.references()[0].canonical_bytes());
    if a != b {
        return Err(layout(document, wording::signed_different_content()));
    }
    let signed = principal.references()[0].parse()?;
    let request = read::request_content(signed.root_element())?;
    Ok(VerifiedWithdrawalRequest {
        request,
        principal: (principal_signer.clone(), principal.claimed_signing_time()),
        seal: (seal_signer.clone(), seal.claimed_signing_time()),
        sha256: read::sha256_of(xml),
    })
}

fn layout(document: ApprovalDocument, (problem_vi, problem_en): (String, String)) -> ApprovalError {
    ApprovalError::Layout { document, problem_vi, problem_en }
}

/// Every signature of `doc` verified and trusted, or the findings that say why not.
fn verify_signed(
    doc: &Document<'_>,
    document: ApprovalDocument,
    root: &str,
    check: &SignatureCheck<'_>,
) -> Result<Vec<(Signer, VerifiedSignature)>, ApprovalError> {
    let element = doc.root_element();
    if !element.has_name(Some(APPROVALS_NS), root) {
        let found = match element.namespace() {
            Some(namespace) => format!("{{{namespace}}}{}", element.local_name()),
            None => element.local_name().to_owned(),
        };
        return Err(ApprovalError::WrongDocument { document, found });
    }
    let (report, results) =
        crate::report::verify_document_keeping(doc, check.signatures, check.trust, check.revocation).map_err(|e| {
            ApprovalError::Untrusted {
                document,
                findings: vec![crate::report::Finding::new(e.code(), e.to_string(), e.to_string())],
            }
        })?;
    if report.verdict() != Verdict::Valid {
        let findings =
            report.problems().iter().chain(report.signatures().iter().flat_map(|s| s.problems())).cloned().collect();
        return Err(ApprovalError::Untrusted { document, findings });
    }
    // Every signature verified (the verdict is valid), each with its signer, in document order.
    let signatures = results
        .into_iter()
        .zip(report.signatures())
        .filter_map(|((_, result), reported)| Some((reported.signer()?.clone(), result.ok()?)))
        .collect::<Vec<_>>();
    if signatures.len() != report.signatures().len() {
        return Err(layout(document, wording::signer_unknown()));
    }
    Ok(signatures)
}

/// The content element `signature` covers with its first reference: `NoiDung`, a child of the
/// root; the signature sits at `place` below the root.
fn covered_content<'a, 'i>(
    doc: &'a Document<'i>,
    document: ApprovalDocument,
    signature: &VerifiedSignature,
    place: &[&str],
) -> Result<Node<'a, 'i>, ApprovalError> {
    let root = doc.root_element();
    let content = root.children().find(|c| c.has_name(Some(APPROVALS_NS), CONTENT));
    let covers = content.is_some_and(|c| signature.references().first().is_some_and(|r| r.node() == c.id()));
    let mut at = Some(root);
    for step in place {
        at = at.and_then(|n| n.children().find(|c| c.has_name(Some(APPROVALS_NS), step)));
    }
    let placed = at.is_some_and(|p| doc.node(signature.signature_node()).parent().map(|n| n.id()) == Some(p.id()));
    match (content, covers && placed) {
        (Some(content), true) => Ok(content),
        _ => Err(layout(document, wording::signature_not_over_content(&place.join("/")))),
    }
}

/// The fingerprint of a signed school year: SHA-256 of its homeroom teacher's signature value
/// (the signature over the year's content that every later signature of the year countersigns).
pub fn year_fingerprint(gvcn: &VerifiedSignature) -> [u8; 32] {
    read::sha256_of(gvcn.value())
}

/// The approval roles that may sign in a transcript `role`'s place.
pub fn roles_for(role: crate::transcript::Role) -> &'static [ApprovalRole] {
    use crate::transcript::Role;
    match role {
        Role::SubjectTeacher(_) => &[ApprovalRole::SubjectTeacher],
        Role::Gvcn => &[ApprovalRole::HomeroomTeacher],
        Role::HieuTruong => &[ApprovalRole::Principal, ApprovalRole::DeputyPrincipal],
        Role::Seal => &[ApprovalRole::Seal],
    }
}

/// A SHA-256 fingerprint written as 64 hex digits, with `:` or spaces between pairs allowed (as
/// certificate viewers show them).
pub fn parse_fingerprint(text: &str) -> Result<[u8; 32], crate::InvalidSetting> {
    let digits: String = text.chars().filter(|c| !matches!(c, ':' | ' ')).collect();
    read::hex32(&digits)
        .ok_or_else(|| crate::InvalidSetting::new("sha256", text, "a SHA-256 fingerprint: 64 hex digits"))
}

/// An authority code (`MaCoQuan`) as lists write it: letters, digits, `-`, `_`, `.`, `/`, 1 to 64.
pub fn parse_authority_code(text: &str) -> Result<String, crate::InvalidSetting> {
    match read::is_code(text) {
        true => Ok(text.to_owned()),
        false => Err(crate::InvalidSetting::new(
            "authority-code",
            text,
            "an authority code: letters, digits, -, _, ., /; 1 to 64 characters",
        )),
    }
}

/// The SHA-256 of a certificate's DER: how lists name certificates.
pub fn certificate_sha256(der: &[u8]) -> [u8; 32] {
    read::sha256_of(der)
}

/// `sha256` as hex, for people.
pub fn fingerprint_hex(sha256: &[u8; 32]) -> String {
    hex(sha256)
}
