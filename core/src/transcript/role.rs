//! Who signs a school year, and the `Id` each signature gets: shared by the signing profile and
//! the content checks (no data element may take a signature's `Id`).

use super::codes::MonHoc;
use crate::report::wording::{HOMEROOM_TEACHER, PRINCIPAL, SEAL, SUBJECT_TEACHER, Text};

/// Who signs a school year, in the order they sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The teacher of one subject (giáo viên bộ môn), over that subject only: where used, before
    /// the homeroom teacher.
    SubjectTeacher(MonHoc),
    /// The homeroom teacher (giáo viên chủ nhiệm).
    Gvcn,
    /// The principal (hiệu trưởng), or the school leader named in `ChucVuGiamHieu`.
    HieuTruong,
    /// The school's organization seal (con dấu đơn vị): an organization certificate, after the
    /// principal, where the year has a `ConDau` place.
    Seal,
}

impl Role {
    /// The role's element under `ChuKyNamHoc`, also the suffix of its signature's `Id`.
    pub const fn element(self) -> &'static str {
        match self {
            Role::SubjectTeacher(_) => "GVBM",
            Role::Gvcn => "GVCN",
            Role::HieuTruong => "HieuTruong",
            Role::Seal => "ConDau",
        }
    }

    /// The kind of role, without the subject: `Giáo viên bộ môn`.
    pub const fn label_vi(self) -> &'static str {
        self.label().vi
    }

    /// The kind of role, without the subject: `subject teacher`.
    pub const fn label_en(self) -> &'static str {
        self.label().en
    }

    const fn label(self) -> Text<'static> {
        match self {
            Role::SubjectTeacher(_) => SUBJECT_TEACHER,
            Role::Gvcn => HOMEROOM_TEACHER,
            Role::HieuTruong => PRINCIPAL,
            Role::Seal => SEAL,
        }
    }

    /// The role with its subject: `Giáo viên bộ môn (Toán)`, `Giáo viên chủ nhiệm`.
    pub fn name_vi(self) -> String {
        match self {
            Role::SubjectTeacher(subject) => format!("{} ({})", self.label_vi(), subject.label_vi()),
            _ => self.label_vi().to_owned(),
        }
    }

    /// The role with its subject: `subject teacher (Mathematics)`, `homeroom teacher`.
    pub fn name_en(self) -> String {
        match self {
            Role::SubjectTeacher(subject) => format!("{} ({})", self.label_en(), subject.label_en()),
            _ => self.label_en().to_owned(),
        }
    }
}

impl std::str::FromStr for Role {
    type Err = crate::InvalidSetting;
    /// `gvcn`, `hieu-truong`, `con-dau`, or `gvbm:SUBJECT` with the subject's code in the data catalogue
    /// (`gvbm:TOAN`).
    fn from_str(text: &str) -> Result<Self, crate::InvalidSetting> {
        let invalid =
            || crate::InvalidSetting::new("role", text, "gvcn, hieu-truong, con-dau or gvbm:SUBJECT (e.g. gvbm:TOAN)");
        match text {
            "gvcn" => Ok(Role::Gvcn),
            "hieu-truong" => Ok(Role::HieuTruong),
            "con-dau" => Ok(Role::Seal),
            _ => {
                let subject = text.strip_prefix("gvbm:").ok_or_else(invalid)?;
                MonHoc::from_code(subject).map(Role::SubjectTeacher).ok_or_else(invalid)
            }
        }
    }
}

impl std::fmt::Display for Role {
    /// The form [`Role`]'s `FromStr` reads: `gvcn`, `hieu-truong`, `con-dau`, `gvbm:TOAN`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Role::SubjectTeacher(subject) => write!(f, "gvbm:{}", subject.code()),
            Role::Gvcn => f.write_str("gvcn"),
            Role::HieuTruong => f.write_str("hieu-truong"),
            Role::Seal => f.write_str("con-dau"),
        }
    }
}

/// The `Id` of `role`'s signature over the year `year_id`.
pub fn signature_id(year_id: &str, role: Role) -> String {
    match role {
        Role::SubjectTeacher(subject) => format!("{year_id}-GVBM-{}", subject.code()),
        _ => format!("{year_id}-{}", role.element()),
    }
}
