//! Verifying a signed document into a [`VerificationReport`]: each XML signature, then trust in
//! its signer ([`crate::pki`]), each signature's result put in words here.

use super::wording::{archive as archive_wording, dsig_finding, dsig_warning, role_label, trust_finding};
use super::{ArchiveTimeStampReport, ChainEntry, EtsiStatus, EtsiSummary, SignatureReport, Signer, VerificationReport};
use crate::dsig::{DsigError, VerifiedSignature, VerifyOptions};
use crate::pki::{
    ArchiveEvidence, ArchiveFailure, ArchiveStampStatus, Certificate, MAX_REVOCATION_REQUESTS, RevocationChecker,
    RevocationData, RevocationRequest, SignerTrust, TimePolicy, TrustOptions, judge_archive, judge_signature,
    requests_for,
};
use crate::verdict::Verdict;
use crate::xml::{Document, NodeId};

/// Verifies every signature of `doc` and the trust in each signer.
///
/// With `dsig.trusted_keys` empty (the normal case) each signature's key is taken from a
/// certificate in its own `KeyInfo`, and that certificate must then chain to `trust`; with
/// pinned keys, the pinned key is the trust decision and no path is built (reported so).
/// Errors are reserved for input that is not usable at all; everything else is in the report.
pub fn verify_document(
    doc: &Document<'_>,
    dsig: &VerifyOptions,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
) -> Result<VerificationReport, crate::Error> {
    verify_document_keeping(doc, dsig, trust, revocation).map(|(report, _)| report)
}

/// [`verify_document`], also handing back each signature's verification, for the transcript
/// profile to check without verifying again.
pub(crate) fn verify_document_keeping(
    doc: &Document<'_>,
    dsig: &VerifyOptions,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
) -> Result<(VerificationReport, Vec<crate::dsig::EachSignature>), crate::Error> {
    // The one reading of the clock for this verification; every step is given it.
    let now = trust.now()?;
    let pinned = !dsig.trusted_keys.is_empty();
    let keys = if pinned { crate::dsig::Keys::Pinned } else { crate::dsig::Keys::KeyInfoCandidates };
    let mut report = VerificationReport {
        verdict: Verdict::Valid,
        verified_at: now,
        revocation_policy: trust.revocation,
        online: revocation.is_online(),
        problems: Vec::new(),
        warnings: Vec::new(),
        archive_time_stamps: Vec::new(),
        renew_archive_by: None,
        signatures: Vec::new(),
        etsi: EtsiSummary::default(),
    };
    let results = match crate::dsig::verify_each(doc, dsig, keys) {
        Ok(results) => results,
        Err(e) => {
            report.problems.push(dsig_finding(&e));
            report.verdict = Verdict::Invalid;
            return Ok((report, Vec::new()));
        }
    };
    // Time-stamps are not looked at with pinned keys or when the policy judges at the
    // verification time; archive time-stamps neither.
    let archive = if pinned || trust.time == TimePolicy::VerificationTime {
        ArchiveEvidence::default()
    } else {
        let nodes: Vec<NodeId> = results.iter().map(|(node, _)| *node).collect();
        judge_archive(doc, &nodes, trust, revocation, (dsig.provider, dsig.max_canonical_bytes), now)
    };
    add_archive_findings(&mut report, &archive);
    let last_archive = archive.stamps.last().filter(|s| matches!(s.status, ArchiveStampStatus::Proves));
    report.renew_archive_by = last_archive.map(|s| s.valid_until);
    for (node, result) in &results {
        let signature = match result {
            Ok(verified) => {
                let judged = judge_signature(doc, verified, pinned, dsig, trust, revocation, &archive, now);
                if last_archive.is_none()
                    && let Some(until) = judged.time_stamp_valid_until
                {
                    report.renew_archive_by = Some(report.renew_archive_by.map_or(until, |by| by.min(until)));
                }
                signature_report(doc, verified, judged)
            }
            Err(e) => failed_signature(doc, *node, e),
        };
        report.push_signature(signature);
    }
    Ok((report, results))
}

/// What the archive time-stamps came to, in the report: each one, and at the document's level why
/// one makes it invalid or proves nothing.
fn add_archive_findings(report: &mut VerificationReport, archive: &ArchiveEvidence) {
    match &archive.failure {
        Some(ArchiveFailure::Malformed { detail }) => report.add_problem(archive_wording::malformed(detail)),
        Some(ArchiveFailure::Altered { index }) => report.add_problem(archive_wording::altered(*index)),
        Some(ArchiveFailure::Invalid { index, detail }) => report.add_problem(archive_wording::invalid(*index, detail)),
        Some(ArchiveFailure::OutOfOrder { index, time, earlier }) => {
            report.add_undetermined(archive_wording::out_of_order(*index, *time, *earlier))
        }
        None => {}
    }
    for (i, stamp) in archive.stamps.iter().enumerate() {
        let proves = match &stamp.status {
            ArchiveStampStatus::Proves => true,
            ArchiveStampStatus::ProvesNothing(finding) => {
                report.add_warning(archive_wording::about_stamp(i + 1, trust_finding(finding)));
                false
            }
        };
        for note in &stamp.notes {
            report.add_warning(archive_wording::about_stamp(i + 1, trust_finding(note)));
        }
        report.archive_time_stamps.push(ArchiveTimeStampReport {
            time: stamp.time,
            authority: stamp.authority.clone(),
            valid_until: stamp.valid_until,
            proves,
        });
    }
}

/// The requests that would answer every revocation question verifying `doc` leaves open with
/// only `supplied` and the data the signatures embed: for each certificate below the anchor of
/// each signer's path (signer and intermediates, as [`verify_document`] checks them) whose status
/// is unknown, an OCSP request to each responder it names, then a GET of each CRL distribution
/// point. Only `http:` and `https:` URLs; duplicates merged (a CA's CRL serves all its signers);
/// at most [`MAX_REVOCATION_REQUESTS`], in that order. Empty when revocation is off, when every
/// status is known, and for signatures that fail before revocation is looked at (their verdict
/// does not depend on it).
pub fn revocation_requests(
    doc: &Document<'_>,
    dsig: &VerifyOptions,
    trust: &TrustOptions,
    supplied: &RevocationData,
) -> Result<Vec<RevocationRequest>, crate::Error> {
    let checker = RevocationChecker::offline(supplied.clone()).noting_unanswered();
    verify_document(doc, dsig, trust, &checker)?;
    Ok(requests_for(checker.take_unanswered(), MAX_REVOCATION_REQUESTS, dsig.provider)?)
}

/// The signature's place, and the role it stands for in Vietnamese and English.
fn place_of(doc: &Document<'_>, node: NodeId) -> (String, Option<(String, String)>) {
    let mut path: Vec<&str> =
        doc.node(node).ancestors_or_self().skip(1).filter(|n| n.is_element()).map(|n| n.local_name()).collect();
    path.reverse();
    let place = path.get(1..).unwrap_or_default().join("/");
    let role = path.last().and_then(|last| role_label(last)).map(|(vi, en)| {
        // A subject teacher's place names the subject (`GVBM MaMonHoc="TOAN"`).
        let subject = doc
            .node(node)
            .parent()
            .and_then(|p| p.attribute(None, "MaMonHoc"))
            .and_then(crate::transcript::MonHoc::from_code);
        match subject {
            Some(s) => (format!("{vi} ({})", s.label_vi()), format!("{en} ({})", s.label_en())),
            None => (vi.to_owned(), en.to_owned()),
        }
    });
    (place, role)
}

fn failed_signature(doc: &Document<'_>, node: NodeId, error: &DsigError) -> SignatureReport {
    let (place, role) = place_of(doc, node);
    let signature = doc.node(node);
    let problems = vec![dsig_finding(error)];
    SignatureReport {
        verdict: Verdict::Invalid,
        etsi: EtsiStatus::judge(Verdict::Invalid, &problems),
        id: signature.attribute(None, "Id").map(str::to_owned),
        place,
        role_en: role.as_ref().map(|(_, en)| en.clone()),
        role: role.map(|(vi, _)| vi),
        algorithm: None,
        covers: Vec::new(),
        signer: None,
        signing_time: None,
        claimed_signing_time: None,
        chain: Vec::new(),
        revocation: Vec::new(),
        problems,
        warnings: Vec::new(),
        approval: None,
    }
}

fn signer_of(certificate: &Certificate) -> Signer {
    let subject = certificate.subject();
    Signer {
        name: subject.common_name().map(str::to_owned),
        organization: subject.organization().map(str::to_owned),
        organizational_unit: subject.organizational_unit().map(str::to_owned),
        title: subject.get("title").map(str::to_owned),
        subject: subject.to_string(),
        issuer: certificate.issuer().to_string(),
        serial: certificate.serial_hex(),
        not_before: certificate.not_before(),
        not_after: certificate.not_after(),
        sha256: certificate.fingerprint_hex(),
    }
}

/// The report on a verified signature, from its signer's trust.
fn signature_report(doc: &Document<'_>, verified: &VerifiedSignature, judged: SignerTrust) -> SignatureReport {
    let (place, role) = place_of(doc, verified.signature_node());
    let chain = judged.path.as_ref().map_or_else(Vec::new, |path| {
        path.certificates()
            .iter()
            .map(|c| ChainEntry {
                subject: c.subject().to_string(),
                not_before: c.not_before(),
                not_after: c.not_after(),
                sha256: c.fingerprint_hex(),
            })
            .collect()
    });
    let mut warnings: Vec<_> = verified.warnings().iter().map(dsig_warning).collect();
    warnings.extend(judged.warnings.iter().map(trust_finding));
    let problems: Vec<_> = judged.problems.iter().map(trust_finding).collect();
    SignatureReport {
        verdict: judged.verdict,
        etsi: EtsiStatus::judge(judged.verdict, &problems),
        id: verified.id().map(str::to_owned),
        place,
        role_en: role.as_ref().map(|(_, en)| en.clone()),
        role: role.map(|(vi, _)| vi),
        algorithm: Some(verified.algorithm().short_name()),
        covers: verified.references().iter().map(|r| r.uri().to_owned()).collect(),
        signer: judged.signer.as_ref().map(signer_of),
        signing_time: judged.signing_time,
        claimed_signing_time: verified.claimed_signing_time(),
        chain,
        revocation: judged.revocation,
        problems,
        warnings,
        approval: None,
    }
}
