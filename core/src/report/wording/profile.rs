//! The signing profile (`schemas/PROFILE.md`): a transcript not signed as it requires, a signer
//! the transcript does not name, a withdrawal, a version that does not replace the one held, and a
//! document that is no transcript at all.

use std::fmt::Display;

use super::super::Finding;
use super::{Text, Words};
use crate::Code;

// `TranscriptError`: the XML and signature layers speak English only (their `Display`); in
// Vietnamese, their code and position say what and where.

/// Not acceptable XML, in Vietnamese.
pub(crate) fn not_xml_vi(code: Code, pos: Option<impl Display>) -> String {
    match pos {
        Some(pos) => format!("không phải XML hợp lệ ({code}, {pos})"),
        None => format!("không phải XML hợp lệ ({code})"),
    }
}

/// A signature the signature layer refused, in Vietnamese.
pub(crate) fn signature_unverifiable_vi(code: Code) -> String {
    format!("chữ ký số không kiểm tra được ({code})")
}

// `ProfileError`.

/// No signature container for the school year `year_id`.
pub(crate) fn missing_signature_place(year_id: &str) -> Words {
    Words::new(
        format!("không có chỗ chữ ký cho năm học {year_id} trong DSCKS"),
        format!("no signature place for school year {year_id} in DSCKS"),
    )
}

/// The signature of `role` (its element name: `GVCN`, `HieuTruong`, `ConDau`) is absent.
pub(crate) fn missing_signature(year_id: &str, role: &str) -> Words {
    Words::new(
        format!("năm học {year_id} thiếu chữ ký {role}"),
        format!("school year {year_id} lacks the {role} signature"),
    )
}

/// A signature at `pos`, where the profile has no place.
pub(crate) fn unexpected_signature(pos: impl Display) -> Words {
    Words::new(
        format!("chữ ký ở {pos} nằm ngoài vị trí hồ sơ quy định"),
        format!("signature at {pos} is outside the profile's places"),
    )
}

/// A signature (its `Id`, if it has one) that does not reference what its place signs;
/// `expected` is one of the `expected_` texts below (Vietnamese, English).
pub(crate) fn wrong_reference(signature: Option<&str>, expected: (&str, &str)) -> Words {
    Words::new(
        format!("chữ ký {} không tham chiếu {} như hồ sơ quy định", signature.unwrap_or("(không có Id)"), expected.0),
        format!(
            "signature {} does not reference {} as the profile requires",
            signature.unwrap_or("(no Id)"),
            expected.1
        ),
    )
}

// What `wrong_reference` names, as `ProfileError::WrongReference` keeps it: (Vietnamese, English).

/// The reference a signature must make: `uri` to the element `what`, as the signature `id`.
pub(crate) fn expected_reference(uri: &str, what: &str, id: &str) -> (String, String) {
    (format!("{uri} ({what}) với Id chữ ký {id}"), format!("{uri} ({what}) as {id}"))
}

/// The references a homeroom teacher's signature must make, and no more.
pub(crate) fn expected_homeroom_references(year_uri: &str) -> (String, String) {
    (
        format!("{year_uri}, SigningTime của chữ ký và SignatureValue của từng giáo viên bộ môn, không gì khác"),
        format!("{year_uri}, its SigningTime and each subject teacher's SignatureValue only"),
    )
}

/// The principal's signature does not countersign the homeroom teacher's.
pub(crate) fn out_of_order(year_id: &str) -> Words {
    Words::new(
        format!("năm học {year_id}: chữ ký Hiệu trưởng không ký xác nhận chữ ký GVCN (sai thứ tự)"),
        format!("school year {year_id}: the principal's signature does not countersign the GVCN's (out of order)"),
    )
}

/// The school seal's signature does not countersign the principal's, or claims an earlier time.
pub(crate) fn seal_out_of_order(year_id: &str) -> Words {
    Words::new(
        format!(
            "năm học {year_id}: chữ ký con dấu đơn vị không ký xác nhận chữ ký Hiệu trưởng hoặc ghi thời điểm ký trước Hiệu trưởng (sai thứ tự)"
        ),
        format!(
            "school year {year_id}: the school seal's signature does not countersign the principal's, or claims to be made before it (out of order)"
        ),
    )
}

/// The references a school seal's signature must make, and no more.
pub(crate) fn expected_seal_references(year_uri: &str, principal_value: &str) -> (String, String) {
    (
        format!("{year_uri}, SigningTime của chữ ký và #{principal_value} theo thứ tự đó, không gì khác"),
        format!("{year_uri}, its SigningTime and #{principal_value}, in that order, only"),
    )
}

/// Signing as the school seal in a year without a `ConDau` place.
pub(crate) fn no_seal_place(year_id: &str) -> Words {
    Words::new(
        format!(
            "năm học {year_id} không có chỗ chữ ký con dấu đơn vị (ConDau) trong DSCKS: chỗ này được tạo khi lập học bạ, không phải khi ký"
        ),
        format!(
            "school year {year_id} has no school seal place (ConDau) in DSCKS: the place is written with the transcript, not added by signing"
        ),
    )
}

/// Two school seal places in one year.
pub(crate) fn duplicate_seal_place(year_id: &str) -> Words {
    Words::new(
        format!("năm học {year_id}: hai vị trí chữ ký con dấu đơn vị (ConDau)"),
        format!("school year {year_id}: two school seal places (ConDau)"),
    )
}

/// A subject teacher's signature for `subject` (its code as found), which the year does not have.
pub(crate) fn unknown_subject(year_id: &str, subject: &str) -> Words {
    Words::new(
        format!("năm học {year_id}: chữ ký giáo viên bộ môn cho môn {subject} mà năm học không có"),
        format!(
            "school year {year_id}: a subject teacher's signature for subject {subject}, which the year does not have"
        ),
    )
}

/// Two subject teacher places for one subject.
pub(crate) fn duplicate_subject_place(year_id: &str, subject: Text<'_>) -> Words {
    Words::new(
        format!("năm học {year_id}: hai vị trí chữ ký giáo viên bộ môn {}", subject.vi),
        format!("school year {year_id}: two subject teacher places for {}", subject.en),
    )
}

/// A subject without an `Id`, so without a subject teacher place.
pub(crate) fn no_subject_place(year_id: &str, subject: Text<'_>) -> Words {
    Words::new(
        format!("năm học {year_id}: môn {} không có Id nên không có chỗ chữ ký giáo viên bộ môn", subject.vi),
        format!("school year {year_id}: subject {} has no Id, so no subject teacher place", subject.en),
    )
}

/// A subject teacher's place not signed.
pub(crate) fn missing_subject_signature(year_id: &str, subject: Text<'_>) -> Words {
    Words::new(
        format!("năm học {year_id} thiếu chữ ký giáo viên bộ môn {}", subject.vi),
        format!("school year {year_id} lacks the {} teacher's signature", subject.en),
    )
}

/// A subject teacher's signature the homeroom teacher's does not countersign.
pub(crate) fn subject_teacher_out_of_order(year_id: &str, subject: Text<'_>) -> Words {
    Words::new(
        format!(
            "năm học {year_id}: chữ ký giáo viên bộ môn {} không được GVCN ký xác nhận (ký sau GVCN, sai thứ tự)",
            subject.vi
        ),
        format!(
            "school year {year_id}: the {} teacher's signature is not countersigned by the GVCN (signed after the GVCN, out of order)",
            subject.en
        ),
    )
}

/// A transcript with a validation `error` at `path`, not signed.
pub(crate) fn not_signable(path: &str, error: Text<'_>) -> Words {
    Words::new(
        format!("học bạ có lỗi, không ký: {path}: {}", error.vi),
        format!("the transcript has errors and is not signed: {path}: {}", error.en),
    )
}

/// Signed years that together are not one valid transcript: the validation `error` at `path`.
pub(crate) fn invalid_content(path: &str, error: Text<'_>) -> Words {
    Words::new(
        format!("các năm học đã ký không hợp thành một học bạ hợp lệ: {path}: {}", error.vi),
        format!("the signed years do not make one valid transcript: {path}: {}", error.en),
    )
}

/// The signed bytes of a year that do not read as the year: `problem`, one of the `signed_`
/// texts below.
pub(crate) fn signed_content(year_id: &str, problem: Text<'_>) -> Words {
    Words::new(
        format!("dữ liệu đã ký của năm học {year_id}: {}", problem.vi),
        format!("signed data of school year {year_id}: {}", problem.en),
    )
}

/// The signed bytes are not XML, in Vietnamese (`at`: ` (line:column)` or empty); in English, the
/// XML error says it.
pub(crate) fn signed_not_xml_vi(at: &str) -> String {
    format!("không đọc được dưới dạng XML{at}")
}

/// The homeroom teacher and the principal signed different bytes.
pub(crate) fn signed_different_content() -> Words {
    Words::new("GVCN và Hiệu trưởng ký hai nội dung khác nhau", "the GVCN and the principal signed different content")
}

/// The principal and the school seal signed different bytes.
pub(crate) fn seal_signed_different_content() -> Words {
    Words::new(
        "Hiệu trưởng và con dấu đơn vị ký hai nội dung khác nhau",
        "the principal and the school seal signed different content",
    )
}

// Findings in the report.

/// The transcript does not follow the signing profile: `error`, a `ProfileError` (or another
/// `TranscriptError`) in words.
pub(crate) fn not_as_profile(error: Text<'_>) -> Finding {
    Finding::new(
        Code::TranscriptProfile,
        format!("Học bạ không đúng quy cách ký: {}", error.vi),
        format!("The transcript does not follow the signing profile: {}", error.en),
    )
}

/// The certificate's name (`signer`) is not the one the school year `year` records for `role`
/// (`named`).
pub(crate) fn signer_not_named(signer: &str, role: Text<'_>, year: impl Display, named: &str) -> Finding {
    Finding::new(
        Code::SignerNotNamedInTranscript,
        format!("Người ký ({signer}) không phải {} ghi trong học bạ năm {year} ({named}).", role.vi),
        format!("The signer ({signer}) is not the {} the {year} record names ({named}).", role.en),
    )
}

/// A withdrawn transcript (`SuKien=CANCEL`).
pub(crate) fn withdrawn() -> Finding {
    Finding::new(
        Code::Withdrawn,
        "Học bạ này đã bị thu hồi (SuKien=CANCEL); không còn giá trị.",
        "This transcript was withdrawn (SuKien=CANCEL); it is no longer valid.",
    )
}

/// Another record than the one held: its `IdBanGhi` / `MaDinhDanhHocBa`, then the held one's.
pub(crate) fn different_record(record: &str, transcript: &str, held_record: &str, held_transcript: &str) -> Finding {
    Finding::new(
        Code::DifferentRecord,
        format!(
            "Đây không phải phiên bản mới của học bạ đang lưu: IdBanGhi {record} / MaDinhDanhHocBa {transcript}, học bạ đang lưu là {held_record} / {held_transcript}."
        ),
        format!(
            "This is not a new version of the transcript held: IdBanGhi {record} / MaDinhDanhHocBa {transcript}, the one held is {held_record} / {held_transcript}."
        ),
    )
}

/// A document that is not a transcript, verified where a version of a transcript was expected.
pub(crate) fn not_a_version_of(held_record: &str, held_transcript: &str) -> Finding {
    Finding::new(
        Code::DifferentRecord,
        format!(
            "Văn bản không phải học bạ số nên không phải phiên bản mới của học bạ đang lưu (IdBanGhi {held_record} / MaDinhDanhHocBa {held_transcript})."
        ),
        format!(
            "The document is not a digital transcript, so not a new version of the transcript held (IdBanGhi {held_record} / MaDinhDanhHocBa {held_transcript})."
        ),
    )
}

/// A version (`PhienBan`, with its `SuKien` code) not newer than the one held.
pub(crate) fn stale_version(version: u32, event: &str, held: u32) -> Finding {
    Finding::new(
        Code::StaleVersion,
        format!(
            "Phiên bản {version} ({event}) không mới hơn phiên bản {held} đang lưu: bản cũ gửi lại hoặc bị quay lui, không thay thế bản đang lưu."
        ),
        format!(
            "Version {version} ({event}) is not newer than version {held} held: an old version replayed or rolled back, it does not replace the one held."
        ),
    )
}

/// A document that is not a transcript (its root element `root`), refused as the verifier was not
/// asked for other documents.
pub(crate) fn not_a_transcript(root: &str) -> Finding {
    Finding::new(
        Code::NotATranscript,
        format!(
            "Văn bản không phải học bạ số (phần tử gốc {root}); văn bản ký số khác chỉ được kiểm tra khi người kiểm tra yêu cầu rõ."
        ),
        format!(
            "The document is not a digital transcript (root element {root}); other signed documents are verified only when the verifier asks for it."
        ),
    )
}
