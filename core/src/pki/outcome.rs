//! What trust in one signer comes to, typed: the report ([`crate::report`]) puts it in words.

use serde::Serialize;

use super::certificate::Certificate;
use super::error::PathFailure;
use super::path::CertificatePath;
use super::revocation::{RevocationCheck, RevocationReason};
use crate::time::UtcTime;
use crate::verdict::Verdict;

/// How the signing time is known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum SigningTime {
    /// Proven by an RFC 3161 time-stamp from `authority`.
    TimeStamp {
        /// The time the time-stamp proves.
        time: UtcTime,
        /// The time-stamping authority's name (its certificate's common name).
        authority: String,
    },
    /// Not proven by a time-stamp of its own, but by an archive time-stamp from `authority` over
    /// the document: the signature existed at `time`.
    ArchiveTimeStamp {
        /// The time the archive time-stamp proves.
        time: UtcTime,
        /// The time-stamping authority's name (its certificate's common name).
        authority: String,
    },
    /// Claimed by the signer (`SigningTime`); nothing proves it.
    Claimed {
        /// The claimed time.
        time: UtcTime,
    },
    /// Neither: the signature was judged at the verification time.
    VerificationTime {
        /// The verification time.
        time: UtcTime,
    },
}

impl SigningTime {
    /// The time itself, whichever way it is known.
    pub fn time(&self) -> UtcTime {
        match self {
            SigningTime::TimeStamp { time, .. }
            | SigningTime::ArchiveTimeStamp { time, .. }
            | SigningTime::Claimed { time }
            | SigningTime::VerificationTime { time } => *time,
        }
    }

    /// Whether the time is proven (by a verified time-stamp, the signature's own or an archive
    /// time-stamp), not merely claimed or taken from the verification.
    pub fn is_proven(&self) -> bool {
        matches!(self, SigningTime::TimeStamp { .. } | SigningTime::ArchiveTimeStamp { .. })
    }
}

/// One thing found about a signer's trust. Subjects are whole distinguished names; times are
/// UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrustFinding {
    /// The signer's certificate cannot be read.
    CertificateMalformed {
        /// What the parser reported.
        detail: String,
    },
    /// Verified with a pinned key: no path, no revocation.
    PinnedKey,
    /// No certificate of the signer's (a guard: keys from `KeyInfo` come with one).
    NoSignerCertificate,
    /// The embedded long-term validation data cannot be read.
    ValidationDataMalformed {
        /// What the parser reported.
        detail: String,
    },
    /// The certificate was judged at the signer's claimed time, on the verifier's request.
    SigningTimeClaimed {
        /// The claimed signing time the certificate was judged at.
        time: UtcTime,
    },
    /// The claimed signing time is after the verification time.
    SigningTimeInFuture {
        /// The signer's claimed signing time.
        claim: UtcTime,
    },
    /// The claimed signing time is before the signer's certificate became valid.
    SigningTimeBeforeCertificate {
        /// The signer's claimed signing time.
        claim: UtcTime,
        /// The certificate's `notBefore`.
        not_before: UtcTime,
    },
    /// The claimed signing time is after the signer's certificate expired.
    SigningTimeAfterCertificate {
        /// The signer's claimed signing time.
        claim: UtcTime,
        /// The certificate's `notAfter`.
        not_after: UtcTime,
    },
    /// Expired at the time judged, with no proof of existence before (ETSI's
    /// `OUT_OF_BOUNDS_NO_POE`).
    OutOfBoundsNoPoe {
        /// The certificate that had expired (the signer's or a CA's in its path).
        subject: String,
        /// That certificate's `notAfter`.
        not_after: UtcTime,
        /// The time it was judged at.
        at: UtcTime,
    },
    /// No valid path, judged at `at`.
    Path {
        /// Why the path fails.
        failure: PathFailure,
        /// The certificate the failure concerns.
        subject: String,
        /// The time the path was judged at.
        at: UtcTime,
    },
    /// Revocation was not checked (the policy is `off`).
    RevocationOff,
    /// A certificate of the path is on hold.
    OnHold {
        /// The certificate on hold.
        subject: String,
        /// When it was put on hold.
        since: UtcTime,
    },
    /// Revoked for a reason that leaves the key trusted, with nothing proving the signature older.
    RevokedNoPoe {
        /// The revoked certificate.
        subject: String,
        /// When it was revoked.
        time: UtcTime,
        /// Why (RFC 5280 CRLReason); never a compromise of the key.
        reason: RevocationReason,
    },
    /// A certificate of the path was revoked at or before the time judged (or, when that time is
    /// only claimed, for a compromise of the key at any time): the signature fails.
    Revoked {
        /// The revoked certificate.
        subject: String,
        /// When it was revoked.
        time: UtcTime,
        /// Why (RFC 5280 CRLReason).
        reason: RevocationReason,
    },
    /// The revocation status of a certificate in the path could not be learnt (no CRL or OCSP
    /// response that answers); undetermined under `require`, a warning under `soft-fail`.
    RevocationUnknown {
        /// The certificate whose status is unknown.
        subject: String,
        /// What was tried, and why it gave no answer.
        why: String,
    },
    /// Revoked after the time judged: the signature stands.
    RevokedAfterSigning {
        /// The revoked certificate.
        subject: String,
        /// When it was revoked.
        time: UtcTime,
        /// Why (RFC 5280 CRLReason).
        reason: RevocationReason,
    },
    /// The signature's time-stamp does not verify.
    TimeStampInvalid {
        /// Why it does not verify.
        detail: String,
    },
    /// A certificate of the time-stamping authority's path has expired by the verification time.
    TimeStampExpired {
        /// The time-stamping authority's name.
        authority: String,
        /// The certificate of its path that has expired.
        subject: String,
        /// That certificate's `notAfter`.
        not_after: UtcTime,
    },
    /// A certificate of the time-stamping authority's path was revoked at or before the stamped
    /// time, or for a compromise of its key: the time-stamp proves nothing.
    TimeStampAuthorityRevoked {
        /// The time-stamping authority's name.
        authority: String,
        /// The revoked certificate of its path.
        subject: String,
        /// When it was revoked.
        time: UtcTime,
        /// Why (RFC 5280 CRLReason).
        reason: RevocationReason,
    },
    /// The revocation status of a certificate of the time-stamping authority's path could not be
    /// learnt: under `require` the time-stamp proves nothing, under `soft-fail` it is a warning.
    TimeStampRevocationUnknown {
        /// The time-stamping authority's name.
        authority: String,
        /// The certificate whose status is unknown.
        subject: String,
        /// What was tried, and why it gave no answer.
        why: String,
    },
}

/// Trust in the signer of one verified signature: its certificate, the time it was judged at, its
/// path and the revocation status of each certificate in it, and what was found.
#[derive(Clone, Debug)]
pub struct SignerTrust {
    /// The outcome for this signer: valid, invalid or undetermined (ETSI EN 319 102-1's
    /// TOTAL-PASSED, TOTAL-FAILED, INDETERMINATE).
    pub verdict: Verdict,
    /// The signer's certificate; `None` when the signature carries none (possible with a pinned
    /// key) or it cannot be read.
    pub signer: Option<Certificate>,
    /// The time the certificate was judged at, and how it is known; `None` when judging stopped
    /// before it was chosen.
    pub signing_time: Option<SigningTime>,
    /// The validated path from the signer's certificate to a trust anchor; `None` with a pinned
    /// key, when no valid path was found, or when judging stopped before the path.
    pub path: Option<CertificatePath>,
    /// The revocation check of each certificate in the path below the anchor, signer first; empty
    /// without a path.
    pub revocation: Vec<RevocationCheck>,
    /// What counts against the signature: each lowers the verdict to undetermined or invalid.
    pub problems: Vec<TrustFinding>,
    /// What the reader should know that does not change the verdict (a pinned key, revocation off,
    /// a revocation after signing, a status unknown under `soft-fail`).
    pub warnings: Vec<TrustFinding>,
    /// When the believed signature time-stamp stops proving anything: the earliest end of
    /// validity in its authority's path (an archive time-stamp must be added before then).
    pub time_stamp_valid_until: Option<UtcTime>,
}

impl SignerTrust {
    pub(crate) fn new() -> Self {
        SignerTrust {
            verdict: Verdict::Valid,
            signer: None,
            signing_time: None,
            path: None,
            revocation: Vec::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
            time_stamp_valid_until: None,
        }
    }

    /// A problem that leaves the signature at least `verdict`.
    pub(crate) fn problem(&mut self, finding: TrustFinding, verdict: Verdict) {
        self.problems.push(finding);
        self.verdict = self.verdict.max(verdict);
    }

    /// A problem that makes the signature invalid, and nothing more to look at.
    pub(crate) fn fail(mut self, finding: TrustFinding) -> Self {
        self.problem(finding, Verdict::Invalid);
        self
    }
}
