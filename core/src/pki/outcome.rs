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
    TimeStamp { time: UtcTime, authority: String },
    /// Claimed by the signer (`SigningTime`); nothing proves it.
    Claimed { time: UtcTime },
    /// Neither: the signature was judged at the verification time.
    VerificationTime { time: UtcTime },
}

impl SigningTime {
    pub fn time(&self) -> UtcTime {
        match self {
            SigningTime::TimeStamp { time, .. }
            | SigningTime::Claimed { time }
            | SigningTime::VerificationTime { time } => *time,
        }
    }

    pub fn is_proven(&self) -> bool {
        matches!(self, SigningTime::TimeStamp { .. })
    }
}

/// One thing found about a signer's trust. Subjects are whole distinguished names; times are
/// UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrustFinding {
    /// The signer's certificate cannot be read.
    CertificateMalformed {
        detail: String,
    },
    /// Verified with a pinned key: no path, no revocation.
    PinnedKey,
    /// No certificate of the signer's (a guard: keys from `KeyInfo` come with one).
    NoSignerCertificate,
    /// The embedded long-term validation data cannot be read.
    ValidationDataMalformed {
        detail: String,
    },
    /// The certificate was judged at the signer's claimed time, on the verifier's request.
    SigningTimeClaimed {
        time: UtcTime,
    },
    /// The claimed signing time is after the verification time.
    SigningTimeInFuture {
        claim: UtcTime,
    },
    /// The claimed signing time is before the signer's certificate became valid.
    SigningTimeBeforeCertificate {
        claim: UtcTime,
        not_before: UtcTime,
    },
    /// The claimed signing time is after the signer's certificate expired.
    SigningTimeAfterCertificate {
        claim: UtcTime,
        not_after: UtcTime,
    },
    /// Expired at the time judged, with no proof of existence before (ETSI's
    /// `OUT_OF_BOUNDS_NO_POE`).
    OutOfBoundsNoPoe {
        subject: String,
        not_after: UtcTime,
        at: UtcTime,
    },
    /// No valid path, judged at `at`.
    Path {
        failure: PathFailure,
        subject: String,
        at: UtcTime,
    },
    /// Revocation was not checked (the policy is `off`).
    RevocationOff,
    /// A certificate of the path is on hold.
    OnHold {
        subject: String,
        since: UtcTime,
    },
    /// Revoked for a reason that leaves the key trusted, with nothing proving the signature older.
    RevokedNoPoe {
        subject: String,
        time: UtcTime,
        reason: RevocationReason,
    },
    Revoked {
        subject: String,
        time: UtcTime,
        reason: RevocationReason,
    },
    RevocationUnknown {
        subject: String,
        why: String,
    },
    /// Revoked after the time judged: the signature stands.
    RevokedAfterSigning {
        subject: String,
        time: UtcTime,
        reason: RevocationReason,
    },
    /// The signature's time-stamp does not verify.
    TimeStampInvalid {
        detail: String,
    },
    /// A certificate of the time-stamping authority's path has expired by the verification time.
    TimeStampExpired {
        authority: String,
        subject: String,
        not_after: UtcTime,
    },
    TimeStampAuthorityRevoked {
        authority: String,
        subject: String,
        time: UtcTime,
        reason: RevocationReason,
    },
    TimeStampRevocationUnknown {
        authority: String,
        subject: String,
        why: String,
    },
}

/// Trust in the signer of one verified signature: its certificate, the time it was judged at, its
/// path and the revocation status of each certificate in it, and what was found.
#[derive(Clone, Debug)]
pub struct SignerTrust {
    pub verdict: Verdict,
    pub signer: Option<Certificate>,
    pub signing_time: Option<SigningTime>,
    pub path: Option<CertificatePath>,
    pub revocation: Vec<RevocationCheck>,
    pub problems: Vec<TrustFinding>,
    pub warnings: Vec<TrustFinding>,
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
