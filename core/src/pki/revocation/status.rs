//! What revocation checking says about a certificate, and why a certificate was revoked.

use x509_cert::ext::pkix::CrlReason;

use crate::time::UtcTime;

/// RFC 5280's CRLReason (also OCSP's, RFC 6960); the number after each variant is its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RevocationReason {
    /// No reason given (0); counted as a possible compromise of the key.
    Unspecified,
    /// The subject's private key may be known to others (1).
    KeyCompromise,
    /// The issuing CA's key may be known to others (2).
    CaCompromise,
    /// The subject's name or affiliation changed (3), e.g. a teacher moved to another school.
    AffiliationChanged,
    /// Replaced by a new certificate (4).
    Superseded,
    /// No longer needed (5).
    CessationOfOperation,
    /// Suspended, not ended (6): the hold may later be lifted.
    CertificateHold,
    /// Lifted from a hold (8); only meaningful in delta CRLs.
    RemoveFromCrl,
    /// A privilege the certificate granted was withdrawn (9).
    PrivilegeWithdrawn,
    /// The attribute authority's key may be known to others (10).
    AaCompromise,
}

impl RevocationReason {
    /// Whether the key itself may be in someone else's hands: then no signature claiming a time
    /// before the revocation can be believed without a time-stamp.
    pub fn is_compromise(self) -> bool {
        matches!(
            self,
            RevocationReason::Unspecified
                | RevocationReason::KeyCompromise
                | RevocationReason::CaCompromise
                | RevocationReason::AaCompromise
        )
    }

    /// The reason in Vietnamese, for reports (e.g. "lộ khoá bí mật").
    pub fn label_vi(self) -> &'static str {
        match self {
            RevocationReason::Unspecified => "không nêu lý do",
            RevocationReason::KeyCompromise => "lộ khoá bí mật",
            RevocationReason::CaCompromise => "tổ chức cấp chứng thư bị lộ khoá",
            RevocationReason::AffiliationChanged => "thay đổi đơn vị công tác",
            RevocationReason::Superseded => "đã được thay thế",
            RevocationReason::CessationOfOperation => "ngừng sử dụng",
            RevocationReason::CertificateHold => "tạm dừng",
            RevocationReason::RemoveFromCrl => "gỡ khỏi danh sách thu hồi",
            RevocationReason::PrivilegeWithdrawn => "bị rút quyền",
            RevocationReason::AaCompromise => "cơ quan cấp thuộc tính bị lộ khoá",
        }
    }

    /// The reason in English, for reports (e.g. "key compromise").
    pub fn label_en(self) -> &'static str {
        match self {
            RevocationReason::Unspecified => "unspecified",
            RevocationReason::KeyCompromise => "key compromise",
            RevocationReason::CaCompromise => "CA compromise",
            RevocationReason::AffiliationChanged => "affiliation changed",
            RevocationReason::Superseded => "superseded",
            RevocationReason::CessationOfOperation => "cessation of operation",
            RevocationReason::CertificateHold => "certificate hold",
            RevocationReason::RemoveFromCrl => "removed from CRL",
            RevocationReason::PrivilegeWithdrawn => "privilege withdrawn",
            RevocationReason::AaCompromise => "AA compromise",
        }
    }
}

impl From<CrlReason> for RevocationReason {
    fn from(reason: CrlReason) -> Self {
        match reason {
            CrlReason::Unspecified => RevocationReason::Unspecified,
            CrlReason::KeyCompromise => RevocationReason::KeyCompromise,
            CrlReason::CaCompromise => RevocationReason::CaCompromise,
            CrlReason::AffiliationChanged => RevocationReason::AffiliationChanged,
            CrlReason::Superseded => RevocationReason::Superseded,
            CrlReason::CessationOfOperation => RevocationReason::CessationOfOperation,
            CrlReason::CertificateHold => RevocationReason::CertificateHold,
            CrlReason::RemoveFromCRL => RevocationReason::RemoveFromCrl,
            CrlReason::PrivilegeWithdrawn => RevocationReason::PrivilegeWithdrawn,
            CrlReason::AaCompromise => RevocationReason::AaCompromise,
        }
    }
}

/// The status of one certificate.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum RevocationStatus {
    /// An answer current at the time judged says the certificate is not revoked (or was revoked
    /// only after that time: see [`RevocationCheck::revoked_later`]).
    Good,
    /// Revoked at or before the time judged (or, when that time is only claimed, for a compromise
    /// of the key at any time).
    Revoked {
        /// When it was revoked (`revocationDate` of a CRL, `revocationTime` of OCSP).
        time: UtcTime,
        /// Why (RFC 5280 CRLReason).
        reason: RevocationReason,
    },
    /// No usable answer; `why` says what was tried.
    Unknown {
        /// Every source tried and why it gave no answer, joined with `; `.
        why: String,
    },
    /// The policy is `off`.
    NotChecked,
}

/// Where a status came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RevocationSource {
    /// `"ocsp"` or `"crl"`.
    pub kind: &'static str,
    /// The CRL's issuer or the OCSP responder.
    pub signer: String,
    /// When the answer was produced (`thisUpdate`).
    pub this_update: UtcTime,
    /// When the next answer is due (`nextUpdate`); `None` when the answer does not say.
    pub next_update: Option<UtcTime>,
    /// `"supplied"`, `"embedded"` or the URL it was fetched from.
    pub origin: String,
}

/// The revocation check of one certificate in a path.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RevocationCheck {
    /// The certificate's subject (distinguished name).
    pub subject: String,
    /// The certificate's serial number in uppercase hex.
    pub serial: String,
    /// The status at the time judged.
    #[serde(flatten)]
    pub status: RevocationStatus,
    /// The CRL or OCSP response the status rests on; `None` when there is none (unknown, not
    /// checked).
    pub source: Option<RevocationSource>,
    /// The certificate was revoked, but after the proven signing time (or for a reason that does
    /// not put the key in doubt): the signature stands, and the reader is told.
    pub revoked_later: Option<LaterRevocation>,
}

/// A revocation that does not count against a signature made before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LaterRevocation {
    /// When it was revoked.
    pub time: UtcTime,
    /// Why (RFC 5280 CRLReason).
    pub reason: RevocationReason,
}
