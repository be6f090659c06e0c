//! The transcript's data: what the reader refuses (a content problem), and each check of the
//! validation (errors: not a transcript; rules: the circulars' arithmetic and conditions).
//!
//! Names of subjects, levels and results come looked up in both languages ([`Text`]); school years,
//! dates and scores as they display.

use std::fmt::Display;

use super::super::Finding;
use super::{Text, Words};
use crate::Code;

// What the reader refuses: `ContentProblem`.

/// The root element is not `HocBa` in the transcript namespace `namespace`.
pub(crate) fn not_a_transcript_root(found: &str, namespace: &str) -> Words {
    Words::new(
        format!("phần tử gốc {found} không phải HocBa trong không gian tên {namespace}"),
        format!("root element {found} is not HocBa in the namespace {namespace}"),
    )
}

/// A required element is absent.
pub(crate) fn missing_element(element: &str) -> Words {
    Words::new(format!("thiếu phần tử bắt buộc {element}"), format!("required element {element} is missing"))
}

/// An element not allowed where it is.
pub(crate) fn unexpected_element(element: &str) -> Words {
    Words::new(
        format!("phần tử {element} không được phép ở đây (không có trong lược đồ, bị lặp hoặc sai thứ tự)"),
        format!("element {element} is not allowed here (unknown, repeated or out of order)"),
    )
}

/// Text and elements mixed.
pub(crate) fn mixed_content() -> Words {
    Words::new("nội dung văn bản và phần tử lẫn lộn", "text and elements mixed")
}

/// A code not in the code list `list`.
pub(crate) fn invalid_code(list: &str, value: &str) -> Words {
    Words::new(
        format!("mã {value:?} không có trong danh mục {list}"),
        format!("code {value:?} is not in the list {list}"),
    )
}

/// A score that is not a score, and why (one of the `SCORE_` reasons).
pub(crate) fn invalid_score(value: &str, why: Text<'_>) -> Words {
    Words::new(format!("điểm {value:?} không hợp lệ: {}", why.vi), format!("score {value:?} is invalid: {}", why.en))
}

/// Why a score is not one: not a number.
pub(crate) const SCORE_NOT_A_NUMBER: Text<'static> = Text::new("không phải số", "not a number");
/// Why a score is not one: a primary score with decimals.
pub(crate) const SCORE_NOT_AN_INTEGER: Text<'static> =
    Text::new("điểm tiểu học là số nguyên", "primary scores are integers");
/// Why a score is not one: more than one decimal.
pub(crate) const SCORE_TOO_MANY_DECIMALS: Text<'static> =
    Text::new("nhiều hơn một chữ số thập phân", "more than one decimal");
/// Why a score is not one: outside 0-10.
pub(crate) const SCORE_OUT_OF_RANGE: Text<'static> = Text::new("ngoài thang điểm 0-10", "outside 0-10");
/// Why a score is not one: a primary score of 0.
pub(crate) const SCORE_PRIMARY_ZERO: Text<'static> =
    Text::new("điểm tiểu học không có điểm 0 (thang 1-10)", "primary scores have no 0 (scale 1-10)");

/// A date that does not exist or is not `YYYY-MM-DD`.
pub(crate) fn invalid_date(value: &str) -> Words {
    Words::new(
        format!("ngày {value:?} không tồn tại hoặc không có dạng YYYY-MM-DD"),
        format!("date {value:?} does not exist or is not YYYY-MM-DD"),
    )
}

/// A value of the wrong form; `expected` names the form (Vietnamese, English).
pub(crate) fn invalid_value(value: &str, expected: (&str, &str)) -> Words {
    Words::new(
        format!("giá trị {value:?} không hợp lệ: cần {}", expected.0),
        format!("value {value:?} is invalid: expected {}", expected.1),
    )
}

// The forms `invalid_value` expects, as `ContentProblem::InvalidValue` keeps them: (Vietnamese,
// English).

/// A boolean.
pub(crate) const EXPECTED_BOOLEAN: (&str, &str) = ("0 hoặc 1", "0 or 1");
/// A record version.
pub(crate) const EXPECTED_VERSION: (&str, &str) = ("số nguyên dương", "a positive integer");
/// A time.
pub(crate) const EXPECTED_TIME: (&str, &str) = ("YYYY-MM-DDThh:mm:ss[+07:00]", "YYYY-MM-DDThh:mm:ss[+07:00]");
/// An element `Id`.
pub(crate) const EXPECTED_ID: (&str, &str) = ("Id là một NCName", "an NCName Id");
/// A school year.
pub(crate) const EXPECTED_SCHOOL_YEAR: (&str, &str) = ("YYYY-YYYY", "YYYY-YYYY");
/// A grade.
pub(crate) const EXPECTED_GRADE: (&str, &str) = ("khối 1-9", "grade 1-9");
/// A number of sessions.
pub(crate) const EXPECTED_SESSIONS: (&str, &str) = ("số buổi", "a number of sessions");

/// A character XML 1.0 cannot carry.
pub(crate) fn invalid_character(value: &str) -> Words {
    Words::new(
        format!("giá trị {value:?} chứa ký tự XML không cho phép"),
        format!("value {value:?} has a character XML cannot carry"),
    )
}

/// A document the reader refuses for another reason than its content: the error in each language.
pub(crate) fn unreadable_xml(detail_vi: &str, detail_en: &str) -> Finding {
    Finding::new(Code::Xml, format!("không đọc được XML: {detail_vi}"), format!("unreadable XML: {detail_en}"))
}

// Validation errors: the document is not a valid transcript.

/// A required field left empty.
pub(crate) fn empty_field(name: &str) -> Finding {
    Finding::new(Code::EmptyField, format!("{name} không được để trống"), format!("{name} must not be empty"))
}

/// A record version of 0.
pub(crate) fn invalid_version() -> Finding {
    Finding::new(Code::InvalidVersion, "PhienBan bắt đầu từ 1", "PhienBan starts at 1")
}

/// A school level (`code`) that has no transcript.
pub(crate) fn invalid_level(level: Text<'_>, code: &str) -> Finding {
    Finding::new(
        Code::InvalidLevel,
        format!("học bạ số chỉ có cho tiểu học (02) và THCS (03), không cho {} ({code})", level.vi),
        format!("transcripts exist for primary (02) and lower secondary (03) only, not {} ({code})", level.en),
    )
}

/// An element `Id` that occurs twice.
pub(crate) fn duplicate_id(id: &str) -> Finding {
    Finding::new(Code::DuplicateId, format!("Id {id:?} bị lặp"), format!("Id {id:?} occurs twice"))
}

/// A school year that does not follow the one before it.
pub(crate) fn year_order(year: impl Display, previous: impl Display) -> Finding {
    Finding::new(
        Code::YearOrder,
        format!("năm học {year} không sau năm học trước ({previous})"),
        format!("school year {year} does not follow the previous one ({previous})"),
    )
}

/// A school year of another student than the first year's.
pub(crate) fn identity_mismatch() -> Finding {
    Finding::new(
        Code::IdentityMismatch,
        "mã định danh hoặc ngày sinh khác năm học đầu tiên",
        "identification number or date of birth differs from the first school year",
    )
}

/// An element `Id` the signing profile gives a signature.
pub(crate) fn reserved_id(id: &str) -> Finding {
    Finding::new(
        Code::ReservedId,
        format!("Id {id:?} trùng với Id dành cho chữ ký số"),
        format!("Id {id:?} is one the signatures use"),
    )
}

/// A grade outside the school level's grades `first`-`last`.
pub(crate) fn grade_out_of_level(grade: u8, level: Text<'_>, first: u8, last: u8) -> Finding {
    Finding::new(
        Code::GradeOutOfLevel,
        format!("khối {grade} không thuộc cấp {} ({first}-{last})", level.vi),
        format!("grade {grade} is not in {} ({first}-{last})", level.en),
    )
}

/// A personal identification number that is not 12 digits.
pub(crate) fn invalid_personal_id(value: &str) -> Finding {
    Finding::new(
        Code::InvalidPersonalId,
        format!("mã định danh cá nhân {value:?} không phải 12 chữ số"),
        format!("personal identification number {value:?} is not 12 digits"),
    )
}

/// A date of birth not before the school year.
pub(crate) fn birth_not_before_year(birth: impl Display, year: impl Display) -> Finding {
    Finding::new(
        Code::DateOrder,
        format!("ngày sinh {birth} không trước năm học {year}"),
        format!("date of birth {birth} is not before school year {year}"),
    )
}

/// A transfer dated after the school year.
pub(crate) fn transfer_after_year(date: impl Display, year: impl Display) -> Finding {
    Finding::new(
        Code::DateOrder,
        format!("ngày chuyển {date} sau năm học {year}"),
        format!("transfer date {date} is after school year {year}"),
    )
}

/// A transfer dated before the date of birth.
pub(crate) fn transfer_before_birth(date: impl Display) -> Finding {
    Finding::new(
        Code::DateOrder,
        format!("ngày chuyển {date} không sau ngày sinh"),
        format!("transfer date {date} is not after the date of birth"),
    )
}

/// A certificate issued before the date of birth.
pub(crate) fn issued_before_birth(date: impl Display) -> Finding {
    Finding::new(
        Code::DateOrder,
        format!("ngày cấp {date} không sau ngày sinh"),
        format!("date of issue {date} is not after the date of birth"),
    )
}

/// Results of the other school level than `level`.
pub(crate) fn results_wrong_level(level: Text<'_>) -> Finding {
    Finding::new(
        Code::ResultsWrongLevel,
        format!("kết quả không theo thông tư của cấp {}", level.vi),
        format!("results do not follow the circular of the level ({})", level.en),
    )
}

/// Test scores for a primary subject that has no periodic test.
pub(crate) fn no_periodic_test(subject: Text<'_>) -> Finding {
    Finding::new(
        Code::ScoreNotAllowed,
        format!("{} không có bài kiểm tra định kì (Thông tư 27/2020, Điều 7)", subject.vi),
        format!("{} has no periodic test (Circular 27/2020, article 7)", subject.en),
    )
}

/// A mid-term test where primary school has none.
pub(crate) fn mid_term_not_allowed() -> Finding {
    Finding::new(
        Code::ScoreNotAllowed,
        "bài kiểm tra giữa kì chỉ có ở Tiếng Việt và Toán lớp 4, 5",
        "mid-term tests exist only for Tiếng Việt and Toán in grades 4 and 5",
    )
}

/// A supplementary assessment without a subject.
pub(crate) fn supplementary_without_subject() -> Finding {
    Finding::new(
        Code::SupplementarySubject,
        "đánh giá bổ sung không có môn học nào",
        "the supplementary assessment has no subject",
    )
}

/// A supplementary assessment of a subject the year does not have, or exempted from (`exempted`).
pub(crate) fn supplementary_subject(subject: Text<'_>, exempted: bool) -> Finding {
    let (vi, en) = if exempted {
        ("được miễn học trong năm", "was exempted this year")
    } else {
        ("không có trong các môn của năm học", "is not among the year's subjects")
    };
    Finding::new(
        Code::SupplementarySubject,
        format!("môn {} đánh giá bổ sung {vi}", subject.vi),
        format!("subject {} assessed again {en}", subject.en),
    )
}

/// A subject recorded twice.
pub(crate) fn duplicate_subject(subject: Text<'_>) -> Finding {
    Finding::new(
        Code::DuplicateSubject,
        format!("môn {} bị lặp", subject.vi),
        format!("subject {} occurs twice", subject.en),
    )
}

/// A lower secondary subject assessed the other way: `scored` where it takes comments, or the
/// reverse.
pub(crate) fn assessment_kind(subject: Text<'_>, scored: bool) -> Finding {
    let (vi, en) = if scored {
        ("đánh giá bằng nhận xét, không cho điểm", "is assessed by comment, not scored")
    } else {
        ("đánh giá bằng điểm số kết hợp nhận xét", "is scored")
    };
    Finding::new(
        Code::AssessmentKind,
        format!("môn {} {vi} (Thông tư 22/2021, Điều 7)", subject.vi),
        format!("{} {en} (Circular 22/2021, article 7)", subject.en),
    )
}

/// More than four regular assessments in a term.
pub(crate) fn too_many_regular(count: usize) -> Finding {
    Finding::new(
        Code::TooManyRegular,
        format!("{count} điểm ĐĐGtx; mỗi học kì có 2-4"),
        format!("{count} regular assessments; a term has 2-4"),
    )
}

// Validation rules: the circulars' arithmetic and conditions.

/// A primary year result that is not what article 9 of Circular 27/2020 gives.
pub(crate) fn primary_result(claimed: Text<'_>, computed: Text<'_>) -> Finding {
    Finding::new(
        Code::PrimaryResult,
        format!("ghi {} nhưng theo Điều 9 Thông tư 27/2020 là {}", claimed.vi, computed.vi),
        format!("recorded {} but article 9 of Circular 27/2020 gives {}", claimed.en, computed.en),
    )
}

/// Completion of primary school recorded in another grade than 5.
pub(crate) fn completion_outside_grade_5() -> Finding {
    Finding::new(
        Code::Completion,
        "hoàn thành chương trình tiểu học chỉ xét ở lớp 5",
        "completion of primary is decided in grade 5 only",
    )
}

/// A primary pupil promoted without completing the grade.
pub(crate) fn promoted_without_completion() -> Finding {
    Finding::new(
        Code::Promotion,
        "được lên lớp nhưng chưa hoàn thành chương trình lớp học",
        "promoted without completing the grade",
    )
}

/// A supplementary assessment of a pupil who completed the grade.
pub(crate) fn supplementary_after_completion() -> Finding {
    Finding::new(
        Code::Supplementary,
        "đánh giá bổ sung chỉ dành cho học sinh chưa hoàn thành chương trình lớp học (Điều 11 Thông tư 27/2020)",
        "a supplementary assessment is only for a pupil who did not complete the grade (Circular 27/2020, article 11)",
    )
}

/// A supplementary assessment of a subject already at `level` at the end of the year.
pub(crate) fn supplementary_subject_completed(subject: Text<'_>, level: Text<'_>) -> Finding {
    Finding::new(
        Code::Supplementary,
        format!("môn {} đã đạt {} cuối năm, không cần đánh giá bổ sung", subject.vi, level.vi),
        format!(
            "subject {} was already {} at the end of the year; no supplementary assessment is needed",
            subject.en, level.en
        ),
    )
}

/// Completion after a supplementary assessment recorded as `claimed` where the results give
/// `computed`.
pub(crate) fn supplementary_outcome(claimed: bool, computed: bool) -> Finding {
    let (vi, en) = if computed {
        ("đủ điều kiện hoàn thành", "meet the conditions for completion")
    } else {
        (
            "chưa đủ điều kiện hoàn thành (môn Chưa hoàn thành, điểm dưới 5 hoặc phẩm chất, năng lực Cần cố gắng)",
            "do not meet the conditions for completion (a subject Not completed, a score below 5, or a quality or competency Needs effort)",
        )
    };
    Finding::new(
        Code::SupplementaryOutcome,
        format!(
            "ghi {} nhưng kết quả sau đánh giá bổ sung {vi}",
            if claimed { "hoàn thành" } else { "chưa hoàn thành" }
        ),
        format!(
            "recorded {} but the results after the supplementary assessment {en}",
            if claimed { "completed" } else { "not completed" }
        ),
    )
}

/// The grade completed after a supplementary assessment, but the pupil not promoted.
pub(crate) fn completed_not_promoted() -> Finding {
    Finding::new(
        Code::SupplementaryOutcome,
        "hoàn thành chương trình lớp học sau đánh giá bổ sung nhưng không được lên lớp",
        "completed the grade after the supplementary assessment but not promoted",
    )
}

/// Completion of primary school that differs from completion of grade 5.
pub(crate) fn primary_completion_differs() -> Finding {
    Finding::new(
        Code::SupplementaryOutcome,
        "hoàn thành chương trình tiểu học khác với hoàn thành chương trình lớp 5",
        "completion of primary differs from completion of grade 5",
    )
}

/// A learning result that is not what article 9 of Circular 22/2021 gives.
pub(crate) fn learning_result(claimed: Text<'_>, computed: Text<'_>) -> Finding {
    Finding::new(
        Code::LearningResult,
        format!("ghi {} nhưng theo Điều 9 Thông tư 22/2021 là {}", claimed.vi, computed.vi),
        format!("recorded {} but article 9 of Circular 22/2021 gives {}", claimed.en, computed.en),
    )
}

/// A title the results do not earn; `excellent` for the title that also needs six year averages
/// of 9.0.
pub(crate) fn title(title: Text<'_>, excellent: bool) -> Finding {
    Finding::new(
        Code::Title,
        format!(
            "danh hiệu {} cần kết quả học tập và rèn luyện Tốt{}",
            title.vi,
            if excellent { " và ít nhất 6 môn ĐTBmcn từ 9,0" } else { "" }
        ),
        format!(
            "the title {} needs Good learning and conduct{}",
            title.en,
            if excellent { " and at least 6 year averages of 9.0 or more" } else { "" }
        ),
    )
}

/// Promotion (`promoted`) that does not follow from the learning and conduct results and the
/// sessions absent.
pub(crate) fn promotion(promoted: bool, learning: Text<'_>, conduct: Text<'_>, absent: u16) -> Finding {
    Finding::new(
        Code::Promotion,
        format!(
            "{} trong khi học tập {}, rèn luyện {}, nghỉ {absent} buổi (Điều 14 Thông tư 22/2021: cần từ Đạt và nghỉ không quá 45 buổi)",
            if promoted { "được lên lớp" } else { "không được lên lớp" },
            learning.vi,
            conduct.vi,
        ),
        format!(
            "{} with learning {}, conduct {}, {absent} sessions absent (Circular 22/2021 art. 14: Satisfactory or better and at most 45 absences)",
            if promoted { "promoted" } else { "not promoted" },
            learning.en,
            conduct.en,
        ),
    )
}

/// A re-test after a learning result that was not Unsatisfactory.
pub(crate) fn retest() -> Finding {
    Finding::new(
        Code::Retest,
        "kiểm tra lại chỉ khi kết quả học tập cả năm Chưa đạt",
        "a re-test follows only an Unsatisfactory learning result for the year",
    )
}

/// Summer conduct training after a conduct result that was not Unsatisfactory.
pub(crate) fn summer_training() -> Finding {
    Finding::new(
        Code::SummerTraining,
        "rèn luyện trong hè chỉ khi kết quả rèn luyện cả năm Chưa đạt",
        "summer training follows only an Unsatisfactory conduct result for the year",
    )
}

/// Fewer than two regular assessments in a term that has its end-of-term one.
pub(crate) fn regular_count(count: usize) -> Finding {
    Finding::new(
        Code::RegularCount,
        format!("{count} điểm ĐĐGtx; mỗi học kì có 2-4 (Điều 7 Thông tư 22/2021)"),
        format!("{count} regular assessments; a term has 2-4 (Circular 22/2021 art. 7)"),
    )
}

/// A term average that is not what the scores give.
pub(crate) fn term_average(recorded: impl Display, computed: impl Display) -> Finding {
    Finding::new(
        Code::TermAverage,
        format!("ĐTBmhk ghi {recorded} nhưng (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck)/(số ĐĐGtx + 5) = {computed}"),
        format!("term average recorded {recorded} but (Σtx + 2·mid + 3·end)/(n + 5) = {computed}"),
    )
}

/// A year average that is not what the term averages give.
pub(crate) fn year_average(recorded: impl Display, computed: impl Display) -> Finding {
    Finding::new(
        Code::YearAverage,
        format!("ĐTBmcn ghi {recorded} nhưng (ĐTBmhk1 + 2·ĐTBmhk2)/3 = {computed}"),
        format!("year average recorded {recorded} but (term1 + 2·term2)/3 = {computed}"),
    )
}
