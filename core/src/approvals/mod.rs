//! Approved signers and withdrawals: the managing authority's approval list (*danh sách phê
//! duyệt*) and the school's withdrawal request (*yêu cầu thu hồi*), both signed XML in the
//! namespace [`APPROVALS_NS`] (`schemas/hocba-approvals-1.0.xsd`, `schemas/PROFILE.md` section 7).
//!
//! A transcript's signatures chaining to a government root say that *someone* with a public-service
//! certificate signed it. The managing authority (for primary and lower-secondary schools, the
//! ward's culture and society office) approves which certificates may sign for each school it
//! manages, in which roles, and approves withdrawals. With lists held, a [`crate::verifier::Verifier`]
//! requires every signature of a year to be by a certificate approved for that year's school and
//! role at the signing time, the school's seal where the list requires it, and no withdrawn year
//! ([`ApprovalPolicy`] says what a question the lists cannot settle does to the verdict).
//!
//! - A list is verified like a CRL: its signature sound and trusted, by one of the
//!   [`ListAuthorities`] the verifier is configured with; [`Approvals`] holds each authority's
//!   newest edition, treats a school listed by two authorities as a conflict, and with a
//!   [`ListHistory`] refuses to go back to an older edition.
//! - A withdrawal names the signed year by a fingerprint of exactly what was signed
//!   ([`year_fingerprint`]), so a corrected year, signed again, is not caught by it.
//! - Authoring: [`ApprovalList`] has the edits an authority makes ([`ApprovalList::approve`],
//!   [`ApprovalList::suspend`], [`ApprovalList::withdraw`]); [`list_to_xml`] and
//!   [`request_to_xml`] write the documents to sign with [`crate::signer::TranscriptSigner`].

mod authoring;
mod check;
mod error;
mod model;
mod read;
mod registry;
mod verify;
mod write;

pub use error::{ApprovalDocument, ApprovalError};
pub use model::{
    ApprovalList, ApprovalRole, ApprovedCertificate, Authority, NotApproved, School, SchoolKind, SignedYearRef,
    Suspension, SuspensionReason, Withdrawal, WithdrawalRequest,
};
pub use registry::{Approvals, ListHistory};
pub use verify::{
    ListAuthorities, SignatureCheck, VerifiedApprovalList, VerifiedWithdrawalRequest, certificate_sha256,
    fingerprint_hex, parse_authority_code, parse_fingerprint, roles_for, verify_list, verify_request, year_fingerprint,
};
pub use write::{list_to_xml, request_to_xml};

pub(crate) use check::check_transcript;

/// The namespace of approval lists and withdrawal requests.
pub const APPROVALS_NS: &str = "urn:hocba:pheduyet:1.0";

/// The root element of an approval list.
pub(crate) const LIST_ROOT: &str = "DanhSachPheDuyet";
/// The root element of a withdrawal request.
pub(crate) const REQUEST_ROOT: &str = "YeuCauThuHoi";
/// The signed content element of both documents.
pub(crate) const CONTENT: &str = "NoiDung";
/// The signature place of both documents.
pub(crate) const SIGNATURE_PLACE: &str = "ChuKy";
/// The `Id` of a list's content, and its signature's.
pub(crate) const LIST_CONTENT_ID: &str = "DSPD";
/// The `Id` of a request's content.
pub(crate) const REQUEST_CONTENT_ID: &str = "YCTH";
/// The most addresses a list may name for its next edition (`NoiCongBo`): each is one request
/// (with its timeout) when the list is stale and the network is on.
pub const MAX_DISTRIBUTION_POINTS: usize = 4;
/// A request's signature places under `ChuKy`: the principal's, then the seal's.
pub(crate) const REQUEST_PLACES: [&str; 2] = ["HieuTruong", "ConDau"];

/// The signing request for an approval list written by [`list_to_xml`]: the authority's signature
/// over `NoiDung`, in `ChuKy`.
pub fn list_signature_request(signing_time: crate::time::UtcTime) -> crate::dsig::SignatureRequest {
    crate::dsig::SignatureRequest::new(
        LIST_CONTENT_ID,
        &[SIGNATURE_PLACE],
        &format!("{LIST_CONTENT_ID}-ChuKy"),
        signing_time,
    )
}

/// The signing request for a withdrawal request written by [`request_to_xml`]: the principal
/// ([`ApprovalRole::Principal`] or [`ApprovalRole::DeputyPrincipal`]) signs first, then the seal
/// ([`ApprovalRole::Seal`]), countersigning the principal's signature. Other roles do not sign
/// requests.
pub fn request_signature_request(
    role: ApprovalRole,
    signing_time: crate::time::UtcTime,
) -> Result<crate::dsig::SignatureRequest, crate::InvalidSetting> {
    let place = match role {
        ApprovalRole::Principal | ApprovalRole::DeputyPrincipal => REQUEST_PLACES[0],
        ApprovalRole::Seal => REQUEST_PLACES[1],
        other => return Err(crate::InvalidSetting::new("request-role", other.as_str(), "hieu-truong or con-dau")),
    };
    let id = |place: &str| format!("{REQUEST_CONTENT_ID}-{place}");
    let mut request =
        crate::dsig::SignatureRequest::new(REQUEST_CONTENT_ID, &[SIGNATURE_PLACE, place], &id(place), signing_time);
    if role == ApprovalRole::Seal {
        request.countersign = vec![format!("{}-SignatureValue", id(REQUEST_PLACES[0]))];
    }
    Ok(request)
}

/// What a question the approval lists cannot settle does to the verdict: no list for the
/// school, a stale list, lists that disagree, an edition older than one seen. A signer not
/// approved, a missing seal the list requires and a withdrawn year make the transcript invalid
/// under every policy but `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApprovalPolicy {
    /// Undetermined (the default).
    #[default]
    Require,
    /// A warning; the verdict stands.
    SoftFail,
    /// Approvals are not checked; the report says so.
    Off,
}

impl ApprovalPolicy {
    /// Every policy.
    pub const ALL: [ApprovalPolicy; 3] = [ApprovalPolicy::Require, ApprovalPolicy::SoftFail, ApprovalPolicy::Off];

    /// The policy as written in settings: `require`, `soft-fail`, `off`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ApprovalPolicy::Require => "require",
            ApprovalPolicy::SoftFail => "soft-fail",
            ApprovalPolicy::Off => "off",
        }
    }
}

impl std::str::FromStr for ApprovalPolicy {
    type Err = crate::InvalidSetting;
    /// `require`, `soft-fail` or `off`.
    fn from_str(text: &str) -> Result<Self, crate::InvalidSetting> {
        ApprovalPolicy::ALL
            .into_iter()
            .find(|p| p.as_str() == text)
            .ok_or_else(|| crate::InvalidSetting::new("approval-policy", text, "require, soft-fail or off"))
    }
}
