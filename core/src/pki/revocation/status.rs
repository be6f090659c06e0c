//! What revocation checking says about a certificate, and why a certificate was revoked.

use x509_cert::ext::pkix::CrlReason;

use crate::time::UtcTime;

/// RFC 5280's CRLReason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RevocationReason {
    Unspecified,
    KeyCompromise,
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    CertificateHold,
    RemoveFromCrl,
    PrivilegeWithdrawn,
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
    Good,
    Revoked {
        time: UtcTime,
        reason: RevocationReason,
    },
    /// No usable answer; `why` says what was tried.
    Unknown {
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
    pub this_update: UtcTime,
    pub next_update: Option<UtcTime>,
    /// `"supplied"`, `"embedded"` or the URL it was fetched from.
    pub origin: String,
}

/// The revocation check of one certificate in a path.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RevocationCheck {
    pub subject: String,
    pub serial: String,
    #[serde(flatten)]
    pub status: RevocationStatus,
    pub source: Option<RevocationSource>,
    /// The certificate was revoked, but after the proven signing time (or for a reason that does
    /// not put the key in doubt): the signature stands, and the reader is told.
    pub revoked_later: Option<LaterRevocation>,
}

/// A revocation that does not count against a signature made before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LaterRevocation {
    pub time: UtcTime,
    pub reason: RevocationReason,
}
