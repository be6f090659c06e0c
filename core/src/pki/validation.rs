//! Judging trust in the signer of one verified signature, in steps: the signer's certificate, the
//! time it is judged at, its path, the revocation of each certificate in the path. The result is
//! typed ([`SignerTrust`]); the report puts it in words.

use super::archive::ArchiveEvidence;
use super::authority::authority_trusted;
use super::certificate::Certificate;
use super::error::{PathError, PathFailure};
use super::ltv::{EmbeddedValidationData, read_embedded};
use super::options::TrustOptions;
use super::outcome::{SignerTrust, SigningTime, TrustFinding};
use super::path::{CertificatePath, build_and_validate};
use super::policy::{CLOCK_SKEW_SECONDS, Purpose, RevocationPolicy, TimePolicy};
use super::revocation::{
    Asking, LaterRevocation, RevocationCheck, RevocationChecker, RevocationReason, RevocationStatus,
};
use super::timestamp::{ProvenTime, verify_signature_time_stamp};
use crate::dsig::{VerifiedSignature, VerifyOptions};
use crate::time::UtcTime;
use crate::verdict::Verdict;
use crate::xml::Document;

/// Trust in the signer of `verified`, judged as of `now` (the verification time, read once by the
/// caller), with what the document's archive time-stamps prove. With `pinned` keys the pinned key
/// is the trust decision: no path, no revocation.
#[allow(clippy::too_many_arguments)]
pub(crate) fn judge_signature(
    doc: &Document<'_>,
    verified: &VerifiedSignature,
    pinned: bool,
    dsig: &VerifyOptions,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
    archive: &ArchiveEvidence,
    now: UtcTime,
) -> SignerTrust {
    let mut judged = SignerTrust::new();
    let signer = match verified.signer_certificate().map(Certificate::from_der) {
        Some(Ok(certificate)) => Some(certificate),
        Some(Err(e)) => return judged.fail(TrustFinding::CertificateMalformed { detail: e.to_string() }),
        None => None,
    };
    judged.signer = signer.clone();
    if pinned {
        judge_pinned(&mut judged, verified, now);
        return judged;
    }
    let Some(signer) = signer else {
        // Keys::KeyInfoCandidates only verifies with a KeyInfo certificate, so this is a bug
        // guard, reported rather than assumed away.
        return judged.fail(TrustFinding::NoSignerCertificate);
    };
    let mut embedded = match read_embedded(doc, verified.signature_node()) {
        Ok(data) => data,
        Err(e) => return judged.fail(TrustFinding::ValidationDataMalformed { detail: e.to_string() }),
    };
    let candidates: Vec<Certificate> = verified
        .key_info_certificates()
        .iter()
        .filter_map(|der| Certificate::from_der(der).ok())
        .chain(embedded.certificates.iter().cloned())
        .chain(archive.data.certificates.iter().cloned())
        .chain(trust.intermediates.iter().cloned())
        .collect();
    // What the archive time-stamps added is evidence for this signature too.
    embedded.revocation.crls.extend(archive.data.revocation.crls.iter().cloned());
    embedded.revocation.ocsp_responses.extend(archive.data.revocation.ocsp_responses.iter().cloned());
    let asking = Asking { now, provider: dsig.provider, caches: &trust.caches, allow_sha1: trust.path.allow_sha1 };
    let step =
        Step { doc, verified, trust, revocation, embedded: &embedded, archive, candidates: &candidates, now, asking };

    let Some(signing_time) = step.signing_time(&signer, &mut judged) else { return judged };
    let (at, proven, claimed) =
        (signing_time.time(), signing_time.is_proven(), matches!(signing_time, SigningTime::Claimed { .. }));
    judged.signing_time = Some(signing_time);
    let Some(path) = step.path(&signer, at, proven, &mut judged) else { return judged };
    step.revocation(&path, at, proven, claimed, &mut judged);
    judged.path = Some(path);
    judged
}

/// A pinned key: the signing time is the claim (or now), and a claim is only checked for sense.
fn judge_pinned(judged: &mut SignerTrust, verified: &VerifiedSignature, now: UtcTime) {
    judged.warnings.push(TrustFinding::PinnedKey);
    judged.signing_time = Some(match verified.claimed_signing_time() {
        Some(time) => SigningTime::Claimed { time },
        None => SigningTime::VerificationTime { time: now },
    });
    // The pinned key is the trust decision and its certificate's validity is not checked, so
    // a claim outside that validity is remarked on; a claim after the clock still fails.
    if let Some(claim) = verified.claimed_signing_time() {
        if let Some(finding) = claim_in_future(claim, now) {
            judged.problem(finding, Verdict::Invalid);
        } else if let Some(finding) =
            judged.signer.as_ref().and_then(|certificate| inconsistent_claim(claim, certificate, now))
        {
            judged.warnings.push(finding);
        }
    }
}

/// What the steps after reading the signer's certificate share.
struct Step<'a, 'd> {
    doc: &'a Document<'d>,
    verified: &'a VerifiedSignature,
    trust: &'a TrustOptions,
    revocation: &'a RevocationChecker,
    /// The signature's own validation data, with what the archive time-stamps added.
    embedded: &'a EmbeddedValidationData,
    archive: &'a ArchiveEvidence,
    candidates: &'a [Certificate],
    now: UtcTime,
    asking: Asking<'a>,
}

impl Step<'_, '_> {
    /// The time step: which time the certificate is judged at (proven, or now; the claim under
    /// the legacy policy), and the claim checked against the certificate and now. `None` when the
    /// signature fails here.
    fn signing_time(&self, signer: &Certificate, judged: &mut SignerTrust) -> Option<SigningTime> {
        let signing_time = match self.judged_time(judged) {
            Ok(time) => time,
            Err(finding) => {
                judged.problem(finding, Verdict::Invalid);
                return None;
            }
        };
        if let Some(finding) =
            self.verified.claimed_signing_time().and_then(|claim| inconsistent_claim(claim, signer, self.now))
        {
            judged.problem(finding, Verdict::Invalid);
            return None;
        }
        if let SigningTime::Claimed { time } = &signing_time {
            judged.warnings.push(TrustFinding::SigningTimeClaimed { time: *time });
        }
        Some(signing_time)
    }

    /// The time the signer's certificate is judged at, by the trust options' policy; remarks on
    /// the time-stamp go to `warnings`.
    fn judged_time(&self, judged: &mut SignerTrust) -> Result<SigningTime, TrustFinding> {
        let (trust, verified) = (self.trust, self.verified);
        if trust.time != TimePolicy::VerificationTime
            && let Some(token) = &self.embedded.time_stamp
        {
            let stamp = verify_signature_time_stamp(
                self.doc,
                verified.signature_node(),
                token,
                trust,
                self.candidates,
                self.now,
                self.asking.provider,
            )
            .map_err(|e| TrustFinding::TimeStampInvalid { detail: e.to_string() })?;
            // A time-stamp whose authority can no longer be believed proves nothing: the
            // signature is then judged as if it had none.
            match self.time_stamp_authority_trusted(&stamp) {
                Ok(notes) => {
                    judged.warnings.extend(notes);
                    judged.time_stamp_valid_until = Some(stamp.tsa_path.valid_until());
                    return Ok(SigningTime::TimeStamp { time: stamp.time, authority: stamp.authority });
                }
                Err(finding) => judged.warnings.push(finding),
            }
        }
        // Without a believed signature time-stamp, an archive time-stamp still proves the
        // signature existed at its time.
        if trust.time != TimePolicy::VerificationTime
            && let Some((time, authority)) = &self.archive.proven
        {
            return Ok(SigningTime::ArchiveTimeStamp { time: *time, authority: authority.clone() });
        }
        if trust.time == TimePolicy::ClaimedSigningTime
            && let Some(time) = verified.claimed_signing_time()
            && time <= self.now
        {
            return Ok(SigningTime::Claimed { time });
        }
        Ok(SigningTime::VerificationTime { time: self.now })
    }

    /// Whether the signature time-stamp's authority is still to be believed: unexpired when the
    /// time-stamp is last proven to have existed (an archive time-stamp's time, else now).
    fn time_stamp_authority_trusted(&self, stamp: &ProvenTime) -> Result<Vec<TrustFinding>, TrustFinding> {
        let judged_at = self.archive.proven.as_ref().map_or(self.now, |(time, _)| *time);
        authority_trusted(stamp, judged_at, self.trust, self.revocation, &self.embedded.revocation, &self.asking)
    }

    /// The path step: a valid path at `at`, or why there is none. `None` when the signature
    /// fails here.
    fn path(
        &self,
        signer: &Certificate,
        at: UtcTime,
        proven: bool,
        judged: &mut SignerTrust,
    ) -> Option<CertificatePath> {
        let path =
            build_and_validate(signer, self.candidates, self.trust, at, Purpose::DocumentSigning, self.asking.provider);
        match path {
            Ok(path) => Some(path),
            Err(PathError { reason, subject }) => {
                match reason {
                    // Expired by now, and nothing proves the signature is older: nobody can tell.
                    PathFailure::Expired { not_after } if !proven => {
                        judged.problem(TrustFinding::OutOfBoundsNoPoe { subject, not_after, at }, Verdict::Undetermined)
                    }
                    // The search was cut short: no path is known, none is ruled out.
                    failure @ PathFailure::SearchBudgetExceeded { .. } => {
                        judged.problem(TrustFinding::Path { failure, subject, at }, Verdict::Undetermined)
                    }
                    failure => judged.problem(TrustFinding::Path { failure, subject, at }, Verdict::Invalid),
                }
                None
            }
        }
    }

    /// The revocation step: every certificate of `path` below the anchor, at `at`.
    fn revocation(&self, path: &CertificatePath, at: UtcTime, proven: bool, claimed: bool, judged: &mut SignerTrust) {
        if self.trust.revocation == RevocationPolicy::Off {
            judged.revocation = path
                .with_issuers()
                .map(|(c, _)| RevocationCheck {
                    subject: c.subject().to_string(),
                    serial: c.serial_hex(),
                    status: RevocationStatus::NotChecked,
                    source: None,
                    revoked_later: None,
                })
                .collect();
            judged.warnings.push(TrustFinding::RevocationOff);
            return;
        }
        let claimed_signing_time = self.verified.claimed_signing_time();
        for (certificate, issuer) in path.with_issuers() {
            let subject = certificate.subject().to_string();
            let check =
                self.revocation.check(certificate, issuer, at, claimed, &self.embedded.revocation, &self.asking);
            match &check.status {
                RevocationStatus::Revoked { time, reason } => {
                    let (time, reason) = (*time, *reason);
                    let claimed_before = claimed_signing_time.is_some_and(|claim| claim < time);
                    if reason == RevocationReason::CertificateHold {
                        // Suspended, not ended: the status may change.
                        judged.problem(
                            TrustFinding::OnHold { subject: subject.clone(), since: time },
                            Verdict::Undetermined,
                        );
                    } else if !proven && !reason.is_compromise() && claimed_before {
                        // Revoked for a reason that leaves the key trusted (a change of school, a
                        // new certificate), and nothing proves the signature older or newer.
                        judged.problem(
                            TrustFinding::RevokedNoPoe { subject: subject.clone(), time, reason },
                            Verdict::Undetermined,
                        );
                    } else {
                        judged.problem(
                            TrustFinding::Revoked { subject: subject.clone(), time, reason },
                            Verdict::Invalid,
                        );
                    }
                }
                RevocationStatus::Unknown { why } => {
                    let finding = TrustFinding::RevocationUnknown { subject: subject.clone(), why: why.clone() };
                    if self.trust.revocation == RevocationPolicy::Require {
                        judged.problem(finding, Verdict::Undetermined);
                    } else {
                        judged.warnings.push(finding);
                    }
                }
                RevocationStatus::Good | RevocationStatus::NotChecked => {}
            }
            if let Some(LaterRevocation { time, reason }) = check.revoked_later {
                judged.warnings.push(TrustFinding::RevokedAfterSigning { subject, time, reason });
            }
            judged.revocation.push(check);
        }
    }
}

/// What is wrong with a claimed signing time, if anything: it cannot be after the verification
/// time, nor outside the signer certificate's validity (the signer's own word would then say the
/// key signed while its certificate was not valid).
fn inconsistent_claim(claim: UtcTime, signer: &Certificate, now: UtcTime) -> Option<TrustFinding> {
    if let Some(finding) = claim_in_future(claim, now) {
        return Some(finding);
    }
    if claim.unix_seconds() + CLOCK_SKEW_SECONDS < signer.not_before().unix_seconds() {
        return Some(TrustFinding::SigningTimeBeforeCertificate { claim, not_before: signer.not_before() });
    }
    if claim > signer.not_after() {
        return Some(TrustFinding::SigningTimeAfterCertificate { claim, not_after: signer.not_after() });
    }
    None
}

/// A claimed signing time after the verification time (beyond clock skew), if it is.
fn claim_in_future(claim: UtcTime, now: UtcTime) -> Option<TrustFinding> {
    (claim.unix_seconds() > now.unix_seconds() + CLOCK_SKEW_SECONDS)
        .then_some(TrustFinding::SigningTimeInFuture { claim })
}

/// What validating one certificate found: its path (or why there is none) and, with a path, the
/// revocation status of each certificate below the anchor.
#[derive(Clone, Debug)]
pub struct CertificateValidation {
    /// A valid path at the time asked (RFC 5280), or why none was found.
    pub path: Result<CertificatePath, PathError>,
    /// The revocation check of each certificate in the path below the anchor, signer first; empty
    /// without a path or when the revocation policy is `off`.
    pub revocation: Vec<RevocationCheck>,
}

impl CertificateValidation {
    /// Valid: a path, and nothing in it revoked or (under `require`) of unknown status.
    pub fn verdict(&self, policy: RevocationPolicy) -> Verdict {
        if self.path.is_err() || self.revocation.iter().any(|c| matches!(c.status, RevocationStatus::Revoked { .. })) {
            return Verdict::Invalid;
        }
        if policy == RevocationPolicy::Require
            && self.revocation.iter().any(|c| matches!(c.status, RevocationStatus::Unknown { .. }))
        {
            return Verdict::Undetermined;
        }
        Verdict::Valid
    }
}

/// Validates `certificate` on its own (no signature), at `at` taken as a proven time: the path
/// to `trust` through `candidates` and its intermediates, then revocation by its policy.
pub fn validate_certificate(
    certificate: &Certificate,
    candidates: &[Certificate],
    trust: &TrustOptions,
    revocation: &RevocationChecker,
    at: UtcTime,
    purpose: Purpose,
    provider: &'static dyn crate::crypto::CryptoProvider,
) -> CertificateValidation {
    // The clock, read once for this validation, only dates which fetched answers are still
    // current; a build without one (WASM, which does not fetch) uses `at`.
    let now = trust.now().unwrap_or(at);
    let asking = Asking { now, provider, caches: &trust.caches, allow_sha1: trust.path.allow_sha1 };
    let pool: Vec<Certificate> = candidates.iter().chain(&trust.intermediates).cloned().collect();
    let path = build_and_validate(certificate, &pool, trust, at, purpose, provider);
    let checks = match (&path, trust.revocation) {
        (Ok(path), RevocationPolicy::Require | RevocationPolicy::SoftFail) => path
            .with_issuers()
            .map(|(c, issuer)| revocation.check(c, issuer, at, false, &Default::default(), &asking))
            .collect(),
        _ => Vec::new(),
    };
    CertificateValidation { path, revocation: checks }
}
