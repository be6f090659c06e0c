//! What can be wrong with a transcript: as XML content, or as a signed document under the profile.

use crate::Code;
use std::fmt;

use super::codes::MonHoc;
use super::model::ScoreError;
use crate::dsig::DsigError;
use crate::report::wording::{Text, Words, data, profile};
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
            TranscriptError::Xml(error) => profile::not_xml_vi(error.code(), error.pos()),
            TranscriptError::Content { path, pos, problem } => format!("{path} ({pos}): {}", problem.message_vi()),
            TranscriptError::Unwritable { path, problem } => format!("{path}: {}", problem.message_vi()),
            TranscriptError::Dsig(error) => profile::signature_unverifiable_vi(error.code()),
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
        /// What form was expected, in Vietnamese and in English.
        expected: (&'static str, &'static str),
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
        self.words().vi
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        self.words().en
    }

    fn words(&self) -> Words {
        match self {
            ContentProblem::NotATranscript { found } => data::not_a_transcript_root(found, super::TRANSCRIPT_NS),
            ContentProblem::Missing { element } => data::missing_element(element),
            ContentProblem::Unexpected { element } => data::unexpected_element(element),
            ContentProblem::MixedContent => data::mixed_content(),
            ContentProblem::InvalidCode { list, value } => data::invalid_code(list, value),
            ContentProblem::InvalidScore { value, why } => data::invalid_score(value, score_reason(*why)),
            ContentProblem::InvalidDate { value } => data::invalid_date(value),
            ContentProblem::InvalidValue { value, expected } => data::invalid_value(value, *expected),
            ContentProblem::InvalidCharacter { value } => data::invalid_character(value),
        }
    }
}

fn score_reason(why: ScoreError) -> Text<'static> {
    match why {
        ScoreError::NotANumber => data::SCORE_NOT_A_NUMBER,
        ScoreError::NotAnInteger => data::SCORE_NOT_AN_INTEGER,
        ScoreError::TooManyDecimals => data::SCORE_TOO_MANY_DECIMALS,
        ScoreError::OutOfRange => data::SCORE_OUT_OF_RANGE,
        ScoreError::PrimaryZero => data::SCORE_PRIMARY_ZERO,
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
        /// The role's element name: `GVCN`, `HieuTruong` or `ConDau`.
        role: &'static str,
    },
    /// A signature sits somewhere the profile has no place for.
    UnexpectedSignature {
        /// Where the `Signature` is.
        pos: TextPos,
    },
    /// A signature does not reference what its place says it signs.
    WrongReference {
        /// The signature's `Id`, if it has one.
        signature: Option<String>,
        /// What it should reference, in Vietnamese.
        expected_vi: String,
        /// What it should reference, in English.
        expected_en: String,
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
    /// The school seal signs a year without a `ConDau` place: the place is written with the
    /// transcript (`to_xml_with` and `WriteOptions::with_seal_places`), not by signing.
    NoSealPlace {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
    },
    /// Two `ConDau` places in one year.
    DuplicateSealPlace {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
    },
    /// The school seal's signature does not countersign the principal's, or claims to be made
    /// before it.
    SealOutOfOrder {
        /// The school year's `Id` (of its `QuaTrinhHocTap`).
        year_id: String,
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
        self.words().vi
    }

    /// What departs from the profile, in English.
    pub fn message_en(&self) -> String {
        self.words().en
    }

    fn words(&self) -> Words {
        let subject_name = |subject: &MonHoc| Text::new(subject.label_vi(), subject.label_en());
        match self {
            ProfileError::MissingSignaturePlace { year_id } => profile::missing_signature_place(year_id),
            ProfileError::MissingSignature { year_id, role } => profile::missing_signature(year_id, role),
            ProfileError::UnexpectedSignature { pos } => profile::unexpected_signature(pos),
            ProfileError::WrongReference { signature, expected_vi, expected_en } => {
                profile::wrong_reference(signature.as_deref(), (expected_vi, expected_en))
            }
            ProfileError::OutOfOrder { year_id } => profile::out_of_order(year_id),
            ProfileError::UnknownSubject { year_id, subject } => profile::unknown_subject(year_id, subject),
            ProfileError::DuplicateSubjectPlace { year_id, subject } => {
                profile::duplicate_subject_place(year_id, subject_name(subject))
            }
            ProfileError::NoSubjectPlace { year_id, subject } => {
                profile::no_subject_place(year_id, subject_name(subject))
            }
            ProfileError::MissingSubjectSignature { year_id, subject } => {
                profile::missing_subject_signature(year_id, subject_name(subject))
            }
            ProfileError::SubjectTeacherOutOfOrder { year_id, subject } => {
                profile::subject_teacher_out_of_order(year_id, subject_name(subject))
            }
            ProfileError::NoSealPlace { year_id } => profile::no_seal_place(year_id),
            ProfileError::DuplicateSealPlace { year_id } => profile::duplicate_seal_place(year_id),
            ProfileError::SealOutOfOrder { year_id } => profile::seal_out_of_order(year_id),
            ProfileError::NotSignable { path, message_vi, message_en } => {
                profile::not_signable(path, Text::new(message_vi, message_en))
            }
            ProfileError::InvalidContent { path, message_vi, message_en } => {
                profile::invalid_content(path, Text::new(message_vi, message_en))
            }
            ProfileError::SignedContent { year_id, problem_vi, problem_en } => {
                profile::signed_content(year_id, Text::new(problem_vi, problem_en))
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
