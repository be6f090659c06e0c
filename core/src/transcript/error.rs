//! What can be wrong with a transcript: as XML content, or as a signed document under the profile.

use crate::Code;
use std::fmt;

use super::codes::MonHoc;
use super::model::ScoreError;
use crate::dsig::DsigError;
use crate::xml::{TextPos, XmlError};

/// A transcript could not be read, written, signed or verified.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TranscriptError {
    /// Not acceptable XML.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// Well-formed XML that is not a transcript: `path` into the document, and where.
    #[error("{path} ({pos}): {problem}")]
    Content {
        /// Where in the document, as element names from the root: `/HocBa/QuaTrinhHocTap[1]/Lop`.
        path: String,
        /// Where the element is.
        pos: TextPos,
        /// What is wrong.
        problem: ContentProblem,
    },
    /// A model that cannot be written as XML (from JSON, say): `path` names the field.
    #[error("{path}: {problem}")]
    Unwritable {
        /// The field, as the path of the element it would be written to.
        path: String,
        /// What is wrong.
        problem: ContentProblem,
    },
    /// The signature layer refused the document.
    #[error(transparent)]
    Dsig(#[from] DsigError),
    /// The signatures verified but do not follow the profile (`schemas/PROFILE.md`).
    #[error("{0}")]
    Profile(ProfileError),
}

impl TranscriptError {
    /// What is wrong, in Vietnamese. The signature and XML layers speak English only: for them,
    /// the code and the position say what and where.
    pub fn message_vi(&self) -> String {
        match self {
            TranscriptError::Xml(error) => match error.pos() {
                Some(pos) => format!("không phải XML hợp lệ ({}, {pos})", error.code()),
                None => format!("không phải XML hợp lệ ({})", error.code()),
            },
            TranscriptError::Content { path, pos, problem } => format!("{path} ({pos}): {}", problem.message_vi()),
            TranscriptError::Unwritable { path, problem } => format!("{path}: {}", problem.message_vi()),
            TranscriptError::Dsig(error) => format!("chữ ký số không kiểm tra được ({})", error.code()),
            TranscriptError::Profile(error) => error.message_vi(),
        }
    }

    /// What is wrong, in English (as `Display` writes it).
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The stable code of this error: for content, the code of the problem; for a signature,
    /// the signature's.
    pub fn code(&self) -> Code {
        match self {
            TranscriptError::Xml(error) => error.code(),
            TranscriptError::Content { problem, .. } => problem.code(),
            TranscriptError::Unwritable { .. } => Code::TranscriptUnwritable,
            TranscriptError::Dsig(error) => error.code(),
            TranscriptError::Profile(_) => Code::TranscriptProfile,
        }
    }
}

/// What is wrong with one element or value. Each has a Vietnamese and an English message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContentProblem {
    /// The root element is not `HocBa` in the transcript namespace.
    NotATranscript {
        /// The root element's name as written.
        found: String,
    },
    /// A required element is absent.
    Missing {
        /// Its name.
        element: &'static str,
    },
    /// An element not allowed here (unknown, repeated or out of order).
    Unexpected {
        /// Its name.
        element: String,
    },
    /// Text where only elements are allowed, or an element where only text is.
    MixedContent,
    /// A code that is not in its list.
    InvalidCode {
        /// The code list's name.
        list: &'static str,
        /// The value found.
        value: String,
    },
    /// A score that is not a score.
    InvalidScore {
        /// The value found.
        value: String,
        /// Why it is not a score.
        why: ScoreError,
    },
    /// A date that does not exist or is not `YYYY-MM-DD`.
    InvalidDate {
        /// The value found.
        value: String,
    },
    /// Any other value of the wrong form.
    InvalidValue {
        /// The value found.
        value: String,
        /// What form was expected.
        expected: &'static str,
    },
    /// A character XML 1.0 cannot carry.
    InvalidCharacter {
        /// The value found.
        value: String,
    },
}

impl ContentProblem {
    /// The stable code of this problem.
    pub fn code(&self) -> Code {
        match self {
            ContentProblem::NotATranscript { .. } => Code::NotATranscript,
            ContentProblem::Missing { .. } => Code::MissingElement,
            ContentProblem::Unexpected { .. } => Code::UnexpectedElement,
            ContentProblem::MixedContent => Code::MixedContent,
            ContentProblem::InvalidCode { .. } => Code::InvalidCode,
            ContentProblem::InvalidScore { .. } => Code::InvalidScore,
            ContentProblem::InvalidDate { .. } => Code::InvalidDate,
            _ => Code::InvalidValue,
        }
    }
}

impl ContentProblem {
    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            ContentProblem::NotATranscript { found } => {
                format!("phần tử gốc {found} không phải HocBa trong không gian tên {}", super::TRANSCRIPT_NS)
            }
            ContentProblem::Missing { element } => format!("thiếu phần tử bắt buộc {element}"),
            ContentProblem::Unexpected { element } => {
                format!("phần tử {element} không được phép ở đây (không có trong lược đồ, bị lặp hoặc sai thứ tự)")
            }
            ContentProblem::MixedContent => "nội dung văn bản và phần tử lẫn lộn".into(),
            ContentProblem::InvalidCode { list, value } => format!("mã {value:?} không có trong danh mục {list}"),
            ContentProblem::InvalidScore { value, why } => format!("điểm {value:?} không hợp lệ: {}", score_vi(*why)),
            ContentProblem::InvalidDate { value } => {
                format!("ngày {value:?} không tồn tại hoặc không có dạng YYYY-MM-DD")
            }
            ContentProblem::InvalidValue { value, expected } => {
                format!("giá trị {value:?} không hợp lệ: cần {expected}")
            }
            ContentProblem::InvalidCharacter { value } => format!("giá trị {value:?} chứa ký tự XML không cho phép"),
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            ContentProblem::NotATranscript { found } => {
                format!("root element {found} is not HocBa in the namespace {}", super::TRANSCRIPT_NS)
            }
            ContentProblem::Missing { element } => format!("required element {element} is missing"),
            ContentProblem::Unexpected { element } => {
                format!("element {element} is not allowed here (unknown, repeated or out of order)")
            }
            ContentProblem::MixedContent => "text and elements mixed".into(),
            ContentProblem::InvalidCode { list, value } => format!("code {value:?} is not in the list {list}"),
            ContentProblem::InvalidScore { value, why } => format!("score {value:?} is invalid: {}", score_en(*why)),
            ContentProblem::InvalidDate { value } => format!("date {value:?} does not exist or is not YYYY-MM-DD"),
            ContentProblem::InvalidValue { value, expected } => {
                format!("value {value:?} is invalid: expected {expected}")
            }
            ContentProblem::InvalidCharacter { value } => format!("value {value:?} has a character XML cannot carry"),
        }
    }
}

fn score_vi(why: ScoreError) -> &'static str {
    match why {
        ScoreError::NotANumber => "không phải số",
        ScoreError::NotAnInteger => "điểm tiểu học là số nguyên",
        ScoreError::TooManyDecimals => "nhiều hơn một chữ số thập phân",
        ScoreError::OutOfRange => "ngoài thang điểm 0-10",
        ScoreError::PrimaryZero => "điểm tiểu học không có điểm 0 (thang 1-10)",
    }
}

fn score_en(why: ScoreError) -> &'static str {
    match why {
        ScoreError::NotANumber => "not a number",
        ScoreError::NotAnInteger => "primary scores are integers",
        ScoreError::TooManyDecimals => "more than one decimal",
        ScoreError::OutOfRange => "outside 0-10",
        ScoreError::PrimaryZero => "primary scores have no 0 (scale 1-10)",
    }
}

impl fmt::Display for ContentProblem {
    /// In English ([`ContentProblem::message_vi`] has the Vietnamese).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_en())
    }
}

/// How a signed transcript departs from the signature profile.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileError {
    /// The document has no signature container for a year, or one for a year it does not have.
    MissingSignaturePlace {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
    },
    /// A role's signature is absent.
    MissingSignature {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
        /// The role's element name: `GVCN` or `HieuTruong`.
        role: &'static str,
    },
    /// A signature sits somewhere the profile has no place for.
    UnexpectedSignature {
        /// Where the `Signature` is.
        pos: TextPos,
    },
    /// A signature does not reference what its place says it signs.
    WrongReference {
        /// The signature's `Id`.
        signature: String,
        /// What it should reference.
        expected: String,
    },
    /// The principal's signature does not countersign the teacher's: the roles are out of order.
    OutOfOrder {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
    },
    /// A transcript with validation errors is not signed.
    NotSignable {
        /// Where the first error is.
        path: String,
        /// The error, in Vietnamese.
        message_vi: String,
        /// The error, in English.
        message_en: String,
    },
    /// The signed bytes of a year do not read as that year.
    SignedContent {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
        /// What is wrong with the signed data, in Vietnamese.
        problem_vi: String,
        /// What is wrong with the signed data, in English.
        problem_en: String,
    },
    /// A subject teacher's place or signature names a subject the year does not have (or a code
    /// that is no subject), or signs another element than that subject of the year.
    UnknownSubject {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
        /// The subject code as found.
        subject: String,
    },
    /// Two subject teacher places for the same subject in one year.
    DuplicateSubjectPlace {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
        /// The subject.
        subject: MonHoc,
    },
    /// The subject has no `Id`, so no `GVBM` place: its teacher does not sign it.
    NoSubjectPlace {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
        /// The subject.
        subject: MonHoc,
    },
    /// A subject teacher's place is not signed.
    MissingSubjectSignature {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
        /// The subject.
        subject: MonHoc,
    },
    /// A subject teacher's signature is not countersigned by the GVCN's: it came after the GVCN
    /// signed (or its place follows the GVCN's).
    SubjectTeacherOutOfOrder {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
        /// The subject.
        subject: MonHoc,
    },
    /// Every year verified, but together they are not one valid transcript (years of another
    /// student, years out of order): `path` and the validation error, in Vietnamese and English.
    InvalidContent {
        /// Where the error is.
        path: String,
        /// The error, in Vietnamese.
        message_vi: String,
        /// The error, in English.
        message_en: String,
    },
}

impl ProfileError {
    /// What departs from the profile, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            ProfileError::MissingSignaturePlace { year_id } => {
                format!("không có chỗ chữ ký cho năm học {year_id} trong DSCKS")
            }
            ProfileError::MissingSignature { year_id, role } => format!("năm học {year_id} thiếu chữ ký {role}"),
            ProfileError::UnexpectedSignature { pos } => format!("chữ ký ở {pos} nằm ngoài vị trí hồ sơ quy định"),
            ProfileError::WrongReference { signature, expected } => {
                format!("chữ ký {signature} không tham chiếu {expected} như hồ sơ quy định")
            }
            ProfileError::OutOfOrder { year_id } => {
                format!("năm học {year_id}: chữ ký Hiệu trưởng không ký xác nhận chữ ký GVCN (sai thứ tự)")
            }
            ProfileError::UnknownSubject { year_id, subject } => {
                format!("năm học {year_id}: chữ ký giáo viên bộ môn cho môn {subject} mà năm học không có")
            }
            ProfileError::DuplicateSubjectPlace { year_id, subject } => {
                format!("năm học {year_id}: hai vị trí chữ ký giáo viên bộ môn {}", subject.label_vi())
            }
            ProfileError::NoSubjectPlace { year_id, subject } => format!(
                "năm học {year_id}: môn {} không có Id nên không có chỗ chữ ký giáo viên bộ môn",
                subject.label_vi()
            ),
            ProfileError::MissingSubjectSignature { year_id, subject } => {
                format!("năm học {year_id} thiếu chữ ký giáo viên bộ môn {}", subject.label_vi())
            }
            ProfileError::SubjectTeacherOutOfOrder { year_id, subject } => format!(
                "năm học {year_id}: chữ ký giáo viên bộ môn {} không được GVCN ký xác nhận (ký sau GVCN, sai thứ tự)",
                subject.label_vi()
            ),
            ProfileError::NotSignable { path, message_vi, .. } => {
                format!("học bạ có lỗi, không ký: {path}: {message_vi}")
            }
            ProfileError::InvalidContent { path, message_vi, .. } => {
                format!("các năm học đã ký không hợp thành một học bạ hợp lệ: {path}: {message_vi}")
            }
            ProfileError::SignedContent { year_id, problem_vi, .. } => {
                format!("dữ liệu đã ký của năm học {year_id}: {problem_vi}")
            }
        }
    }

    /// What departs from the profile, in English.
    pub fn message_en(&self) -> String {
        match self {
            ProfileError::MissingSignaturePlace { year_id } => {
                format!("no signature place for school year {year_id} in DSCKS")
            }
            ProfileError::MissingSignature { year_id, role } => {
                format!("school year {year_id} lacks the {role} signature")
            }
            ProfileError::UnexpectedSignature { pos } => format!("signature at {pos} is outside the profile's places"),
            ProfileError::WrongReference { signature, expected } => {
                format!("signature {signature} does not reference {expected} as the profile requires")
            }
            ProfileError::OutOfOrder { year_id } => {
                format!(
                    "school year {year_id}: the principal's signature does not countersign the GVCN's (out of order)"
                )
            }
            ProfileError::UnknownSubject { year_id, subject } => format!(
                "school year {year_id}: a subject teacher's signature for subject {subject}, which the year does not have"
            ),
            ProfileError::DuplicateSubjectPlace { year_id, subject } => {
                format!("school year {year_id}: two subject teacher places for {}", subject.label_en())
            }
            ProfileError::NoSubjectPlace { year_id, subject } => {
                format!("school year {year_id}: subject {} has no Id, so no subject teacher place", subject.label_en())
            }
            ProfileError::MissingSubjectSignature { year_id, subject } => {
                format!("school year {year_id} lacks the {} teacher's signature", subject.label_en())
            }
            ProfileError::SubjectTeacherOutOfOrder { year_id, subject } => format!(
                "school year {year_id}: the {} teacher's signature is not countersigned by the GVCN (signed after the GVCN, out of order)",
                subject.label_en()
            ),
            ProfileError::NotSignable { path, message_en, .. } => {
                format!("the transcript has errors and is not signed: {path}: {message_en}")
            }
            ProfileError::InvalidContent { path, message_en, .. } => {
                format!("the signed years do not make one valid transcript: {path}: {message_en}")
            }
            ProfileError::SignedContent { year_id, problem_en, .. } => {
                format!("signed data of school year {year_id}: {problem_en}")
            }
        }
    }
}

impl fmt::Display for ProfileError {
    /// In English ([`ProfileError::message_vi`] has the Vietnamese).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_en())
    }
}
