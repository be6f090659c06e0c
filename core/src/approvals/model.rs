//! The approval list and the withdrawal request as data: the types mirror the elements of
//! `schemas/hocba-approvals-1.0.xsd` (`schemas/PROFILE.md`, section 7).

use crate::time::UtcTime;

/// The managing authority that publishes a list (`CoQuanQuanLy`): for primary and lower-secondary
/// schools, the ward's culture and society office.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authority {
    /// Its code (`MaCoQuan`): identifies the authority's lists across editions.
    pub code: String,
    /// Its name (`TenCoQuan`).
    pub name: String,
}

/// An approval list (`DanhSachPheDuyet`): which certificates may sign for each school the authority
/// manages, in which roles and when, and which signed school years it has withdrawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovalList {
    /// Who publishes it.
    pub authority: Authority,
    /// `SoThuTu`: grows with every edition; a verifier refuses to go back to a lower one.
    pub sequence: u64,
    /// `ThoiGianBanHanh`: when this edition was issued.
    pub issued: UtcTime,
    /// `CapNhatTiepTheo`: the next edition is published by then; after it this one is stale.
    pub next_update: UtcTime,
    /// `NoiCongBo`: where the next edition is published (HTTP or HTTPS addresses).
    pub distribution_points: Vec<String>,
    /// One entry per school the authority manages, each school once.
    pub schools: Vec<School>,
    /// The withdrawn school years.
    pub withdrawals: Vec<Withdrawal>,
}

/// Whether a school is public: public schools' certificates come from the government CA,
/// non-public schools' may come from a licensed public CA.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchoolKind {
    /// `cong-lap`.
    Public,
    /// `ngoai-cong-lap`.
    NonPublic,
}

impl SchoolKind {
    /// The code written in the list.
    pub const fn as_str(self) -> &'static str {
        match self {
            SchoolKind::Public => "cong-lap",
            SchoolKind::NonPublic => "ngoai-cong-lap",
        }
    }
}

impl std::str::FromStr for SchoolKind {
    type Err = crate::InvalidSetting;
    fn from_str(text: &str) -> Result<Self, crate::InvalidSetting> {
        match text {
            "cong-lap" => Ok(SchoolKind::Public),
            "ngoai-cong-lap" => Ok(SchoolKind::NonPublic),
            _ => Err(crate::InvalidSetting::new("school-kind", text, "cong-lap or ngoai-cong-lap")),
        }
    }
}

/// One school (`Truong`) and the certificates approved to sign its transcripts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct School {
    /// `MaTruong`, as the transcript's `Truong/MaTruong` writes it.
    pub code: String,
    /// `TenTruong`.
    pub name: String,
    /// `LoaiHinh`.
    pub kind: SchoolKind,
    /// `YeuCauConDau`: every school year must also be signed with the school's seal certificate.
    pub seal_required: bool,
    /// The approved certificates, each once.
    pub certificates: Vec<ApprovedCertificate>,
}

/// What a certificate is approved to sign as (`VaiTro`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApprovalRole {
    /// `hieu-truong`: the principal.
    Principal,
    /// `pho-hieu-truong`: a deputy principal, signing in the principal's place.
    DeputyPrincipal,
    /// `gvcn`: a homeroom teacher.
    HomeroomTeacher,
    /// `gvbm`: a subject teacher.
    SubjectTeacher,
    /// `con-dau`: the school's seal (organization) certificate.
    Seal,
}

impl ApprovalRole {
    /// Every role, in the order the list's schema gives them.
    pub const ALL: [ApprovalRole; 5] = [
        ApprovalRole::Principal,
        ApprovalRole::DeputyPrincipal,
        ApprovalRole::HomeroomTeacher,
        ApprovalRole::SubjectTeacher,
        ApprovalRole::Seal,
    ];

    /// The code written in the list.
    pub const fn as_str(self) -> &'static str {
        match self {
            ApprovalRole::Principal => "hieu-truong",
            ApprovalRole::DeputyPrincipal => "pho-hieu-truong",
            ApprovalRole::HomeroomTeacher => "gvcn",
            ApprovalRole::SubjectTeacher => "gvbm",
            ApprovalRole::Seal => "con-dau",
        }
    }
}

impl std::str::FromStr for ApprovalRole {
    type Err = crate::InvalidSetting;
    fn from_str(text: &str) -> Result<Self, crate::InvalidSetting> {
        ApprovalRole::ALL.into_iter().find(|r| r.as_str() == text).ok_or_else(|| {
            crate::InvalidSetting::new("approval-role", text, "hieu-truong, pho-hieu-truong, gvcn, gvbm or con-dau")
        })
    }
}

/// One approved certificate (`ChungThu`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovedCertificate {
    /// `SHA256`: the SHA-256 of the certificate's DER; signatures are matched by it.
    pub sha256: [u8; 32],
    /// `DuLieu`: the certificate (DER), so a clerk sees whom the authority approved.
    pub der: Vec<u8>,
    /// `VaiTro`: what it may sign as, each once.
    pub roles: Vec<ApprovalRole>,
    /// `TuNgay`: approved from.
    pub from: UtcTime,
    /// `DenNgay`: approved until (exclusive), if the approval ends.
    pub until: Option<UtcTime>,
    /// `TamDung`: the approval was suspended.
    pub suspension: Option<Suspension>,
}

impl ApprovedCertificate {
    /// Whether the certificate is approved as one of `roles` at `time`, for a signature whose
    /// time is `proven` (by a time-stamp) or not: within `from`..`until`, and not suspended by
    /// then. A suspension because the key is in doubt also counts for a signature made before it
    /// unless its time is proven: anyone holding the key could have written an earlier time.
    /// (The verifier judges at the proven time, else the verification time; a claimed time only
    /// turns "not approved" into "not proven", see `schemas/PROFILE.md` section 7.)
    pub fn approves(&self, roles: &[ApprovalRole], time: UtcTime, proven: bool) -> Result<(), NotApproved> {
        if !self.roles.iter().any(|r| roles.contains(r)) {
            return Err(NotApproved::Role);
        }
        if time < self.from {
            return Err(NotApproved::BeforeFrom(self.from));
        }
        if let Some(until) = self.until.filter(|until| time >= *until) {
            return Err(NotApproved::AfterUntil(until));
        }
        if let Some(suspension) = &self.suspension {
            let key_in_doubt = suspension.reason == SuspensionReason::KeyCompromise && !proven;
            if time >= suspension.at || key_in_doubt {
                return Err(NotApproved::Suspended(suspension.clone()));
            }
        }
        Ok(())
    }
}

/// Why a listed certificate is not approved for a signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotApproved {
    /// Not for the role it signed in.
    Role,
    /// Signed before the approval began (its start).
    BeforeFrom(UtcTime),
    /// Signed after the approval ended (its end).
    AfterUntil(UtcTime),
    /// The approval was suspended.
    Suspended(Suspension),
}

/// A suspended approval (`TamDung`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suspension {
    /// `ThoiDiem`: from when.
    pub at: UtcTime,
    /// `LyDo`.
    pub reason: SuspensionReason,
    /// `GhiChu`: the authority's note, if any.
    pub note: Option<String>,
}

/// Why an approval was suspended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuspensionReason {
    /// `lo-khoa`: the key is, or may be, in other hands.
    KeyCompromise,
    /// `nghi-viec`: the holder left the school or the post.
    LeftPost,
    /// `khac`: another reason, in the note.
    Other,
}

impl SuspensionReason {
    /// Every reason.
    pub const ALL: [SuspensionReason; 3] =
        [SuspensionReason::KeyCompromise, SuspensionReason::LeftPost, SuspensionReason::Other];

    /// The code written in the list.
    pub const fn as_str(self) -> &'static str {
        match self {
            SuspensionReason::KeyCompromise => "lo-khoa",
            SuspensionReason::LeftPost => "nghi-viec",
            SuspensionReason::Other => "khac",
        }
    }
}

impl std::str::FromStr for SuspensionReason {
    type Err = crate::InvalidSetting;
    fn from_str(text: &str) -> Result<Self, crate::InvalidSetting> {
        SuspensionReason::ALL
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or_else(|| crate::InvalidSetting::new("suspension-reason", text, "lo-khoa, nghi-viec or khac"))
    }
}

/// Which signed school year is meant: the record, the year, and the fingerprint that binds exactly
/// the signed bytes. Shared by a withdrawal and the school's request for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedYearRef {
    /// `MaTruong`: the school that signed the year.
    pub school: String,
    /// `IdBanGhi`.
    pub record: String,
    /// `MaDinhDanhHocBa`.
    pub transcript: String,
    /// `QuaTrinhHocTap`: the year's `Id`.
    pub year: String,
    /// `DauVanTay`: SHA-256 of the year's homeroom-teacher signature value
    /// ([`year_fingerprint`](super::year_fingerprint)). Every later signature of the year
    /// countersigns that one, so this names the year as issued; a corrected year is signed anew
    /// and has another fingerprint.
    pub fingerprint: [u8; 32],
}

/// A withdrawn school year (`ThuHoi`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    /// The year withdrawn.
    pub year: SignedYearRef,
    /// `ThoiDiem`: when the withdrawal took effect.
    pub at: UtcTime,
    /// `LyDo`.
    pub reason: String,
    /// `QuyetDinh`: the authority's decision (its number and date as written).
    pub decision: String,
    /// `SoYeuCau`: the school's request it approves.
    pub request: String,
    /// `YeuCauSHA256`: SHA-256 of that request document, as the authority received it.
    pub request_sha256: [u8; 32],
}

/// A school's request to withdraw a signed year (`YeuCauThuHoi`), signed by its principal and its
/// seal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WithdrawalRequest {
    /// `SoYeuCau`: the school's number for the request.
    pub number: String,
    /// `TenTruong`: the school's name (its code is in `year`).
    pub school_name: String,
    /// The year to withdraw.
    pub year: SignedYearRef,
    /// `LyDo`.
    pub reason: String,
    /// `ThoiGianYeuCau`.
    pub requested: UtcTime,
}
