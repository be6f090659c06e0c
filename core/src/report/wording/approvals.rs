//! Approval lists and withdrawal requests: what is wrong with one, and what the lists say about a
//! transcript's signers and years.

use super::super::Finding;
use super::Text;
use crate::Code;
use crate::time::UtcTime;

type Pair = (String, String);

fn pair(vi: impl Into<String>, en: impl Into<String>) -> Pair {
    (vi.into(), en.into())
}

fn when(time: UtcTime) -> Pair {
    let shown = time.to_vietnam_string();
    (format!("{shown} (giờ Việt Nam)"), format!("{shown} (Vietnam time)"))
}

/// An approval list, as a document.
pub(crate) const LIST: Text<'static> = Text::new("Danh sách phê duyệt", "The approval list");
/// A withdrawal request, as a document.
pub(crate) const REQUEST: Text<'static> = Text::new("Yêu cầu thu hồi", "The withdrawal request");

// Reading a document.

pub(crate) fn mixed_content() -> Pair {
    pair("có văn bản lẫn giữa các phần tử", "text mixed between elements")
}
pub(crate) fn empty() -> Pair {
    pair("giá trị rỗng", "empty value")
}
pub(crate) fn bad_code(text: &str) -> Pair {
    pair(
        format!("mã không hợp lệ {text:?} (chữ, số, -, _, ., /; tối đa 64 ký tự)"),
        format!("invalid code {text:?} (letters, digits, -, _, ., /; at most 64 characters)"),
    )
}
pub(crate) fn bad_time(text: &str) -> Pair {
    pair(
        format!("thời điểm không hợp lệ {text:?} (dạng 2026-09-01T08:00:00Z)"),
        format!("invalid time {text:?} (form 2026-09-01T08:00:00Z)"),
    )
}
pub(crate) fn bad_sha256(text: &str) -> Pair {
    pair(
        format!("giá trị SHA-256 không hợp lệ {text:?} (64 chữ số hệ 16)"),
        format!("invalid SHA-256 {text:?} (64 hex digits)"),
    )
}
pub(crate) fn bad_number(text: &str) -> Pair {
    pair(format!("số không hợp lệ {text:?}"), format!("invalid number {text:?}"))
}
pub(crate) fn bad_boolean(text: &str) -> Pair {
    pair(format!("giá trị {text:?} không hợp lệ (1 hoặc 0)"), format!("invalid value {text:?} (1 or 0)"))
}
pub(crate) fn bad_choice(text: &str, expected: &str) -> Pair {
    pair(
        format!("giá trị {text:?} không hợp lệ (một trong: {expected})"),
        format!("invalid value {text:?} (expected {expected})"),
    )
}
pub(crate) fn unexpected(name: &str) -> Pair {
    pair(format!("phần tử không được phép: {name}"), format!("unexpected element: {name}"))
}
pub(crate) fn missing(name: &str) -> Pair {
    pair(format!("thiếu phần tử {name}"), format!("missing element {name}"))
}
pub(crate) fn next_update_before_issue() -> Pair {
    pair("thời điểm cập nhật tiếp theo phải sau thời điểm ban hành", "the next update must be after the issue time")
}
pub(crate) fn bad_url(url: &str) -> Pair {
    pair(
        format!("địa chỉ công bố không hợp lệ {url:?} (http:// hoặc https://)"),
        format!("invalid publication address {url:?} (http:// or https://)"),
    )
}
pub(crate) fn too_many_distribution_points(max: usize) -> Pair {
    pair(format!("quá {max} địa chỉ công bố"), format!("more than {max} publication addresses"))
}
pub(crate) fn withdrawal_for_unlisted_school(code: &str) -> Pair {
    pair(
        format!("thu hồi học bạ của trường {code} không có trong danh sách"),
        format!("a withdrawal for school {code}, which the list does not hold"),
    )
}
pub(crate) fn duplicate_withdrawal() -> Pair {
    pair("một năm học của một trường bị thu hồi hai lần", "one school year of one school withdrawn twice")
}
pub(crate) fn duplicate_school(code: &str) -> Pair {
    pair(format!("trường {code} có hai lần trong danh sách"), format!("school {code} is listed twice"))
}
pub(crate) fn duplicate_certificate(sha256: &str) -> Pair {
    pair(
        format!("chứng thư số {sha256} có hai lần trong một trường"),
        format!("certificate {sha256} is listed twice for one school"),
    )
}
pub(crate) fn duplicate_role() -> Pair {
    pair("một vai trò ghi hai lần", "a role given twice")
}
pub(crate) fn bad_base64() -> Pair {
    pair("dữ liệu base64 không hợp lệ", "invalid base64")
}
pub(crate) fn bad_certificate(detail: &str) -> Pair {
    // `detail` is the parser's, in English: the Vietnamese text says it in general.
    pair("chứng thư số không đọc được", format!("the certificate cannot be read ({detail})"))
}
pub(crate) fn certificate_digest_differs() -> Pair {
    pair(
        "SHA-256 ghi trong danh sách không khớp với chứng thư số",
        "the SHA-256 written does not match the certificate",
    )
}
pub(crate) fn until_before_from() -> Pair {
    pair("ngày kết thúc phê duyệt phải sau ngày bắt đầu", "the approval must end after it begins")
}
pub(crate) fn unwritable_text(text: &str) -> Pair {
    pair(
        format!("văn bản rỗng hoặc có ký tự điều khiển: {text:?}"),
        format!("empty text, or a control character in it: {text:?}"),
    )
}

// The signatures of a document.

pub(crate) fn list_signature_count(count: usize) -> Pair {
    pair(
        format!("danh sách phải có đúng một chữ ký (có {count})"),
        format!("the list must have exactly one signature (it has {count})"),
    )
}
pub(crate) fn request_signatures() -> Pair {
    pair(
        "yêu cầu phải có đúng hai chữ ký: Hiệu trưởng trong ChuKy/HieuTruong và con dấu đơn vị trong ChuKy/ConDau",
        "the request must have exactly two signatures: the principal's in ChuKy/HieuTruong and the school seal's in ChuKy/ConDau",
    )
}
pub(crate) fn seal_not_after_principal() -> Pair {
    pair(
        "chữ ký con dấu đơn vị phải ký sau và ký xác nhận chữ ký của Hiệu trưởng",
        "the school seal must sign after the principal and countersign the principal's signature",
    )
}
pub(crate) fn signed_different_content() -> Pair {
    pair("hai chữ ký ký hai nội dung khác nhau", "the two signatures sign different content")
}
pub(crate) fn signature_not_over_content(place: &str) -> Pair {
    pair(
        format!("chữ ký phải nằm trong {place} và ký phần tử NoiDung của tài liệu"),
        format!("the signature must sit in {place} and sign the document's NoiDung element"),
    )
}
pub(crate) fn signer_unknown() -> Pair {
    pair("không xác định được người ký", "the signer cannot be identified")
}
pub(crate) fn not_allowed(list: bool) -> Pair {
    if list {
        pair(
            "không phải cơ quan quản lý được tin cậy để phát hành danh sách phê duyệt",
            "not an authority trusted to publish approval lists",
        )
    } else {
        pair(
            "không phải Hiệu trưởng hoặc con dấu đơn vị được phê duyệt của trường",
            "not the school's approved principal or seal",
        )
    }
}

// Editing a list.

pub(crate) fn no_such_school(code: &str) -> Pair {
    pair(format!("trường {code} không có trong danh sách"), format!("school {code} is not in the list"))
}
pub(crate) fn no_such_certificate(sha256: &str) -> Pair {
    pair(
        format!("chứng thư số {sha256} không được phê duyệt cho trường này"),
        format!("certificate {sha256} is not approved for this school"),
    )
}
pub(crate) fn already_withdrawn(year: &str) -> Pair {
    pair(format!("năm học {year} đã bị thu hồi"), format!("school year {year} is withdrawn already"))
}

// What the lists say about a transcript.

pub(crate) fn not_checked_off() -> Finding {
    Finding::new(
        Code::ApprovalNotChecked,
        "Chưa kiểm tra phê duyệt người ký: đã tắt kiểm tra danh sách phê duyệt",
        "Signers' approval was not checked: approval checking is off",
    )
}
pub(crate) fn not_checked_no_list() -> Finding {
    Finding::new(
        Code::ApprovalNotChecked,
        "Chưa kiểm tra phê duyệt người ký: không có danh sách phê duyệt của cơ quan quản lý",
        "Signers' approval was not checked: no approval list from a managing authority was given",
    )
}
pub(crate) fn school_not_listed(code: &str, name: &str, rejected: usize) -> Finding {
    let (more_vi, more_en) = match rejected {
        0 => (String::new(), String::new()),
        n => (format!(" ({n} danh sách bị từ chối)"), format!(" ({n} list(s) refused)")),
    };
    Finding::new(
        Code::SchoolNotListed,
        format!("Không có danh sách phê duyệt hợp lệ nào cho {name} (mã {code}){more_vi}"),
        format!("No valid approval list covers {name} (code {code}){more_en}"),
    )
}
pub(crate) fn school_in_conflict(code: &str, authorities: &[String]) -> Finding {
    let names = authorities.join("; ");
    Finding::new(
        Code::ApprovalConflict,
        format!("Các danh sách phê duyệt mâu thuẫn về trường mã {code}: {names}"),
        format!("The approval lists disagree about school {code}: {names}"),
    )
}
pub(crate) fn list_rolled_back(authority: &str, sequence: u64, seen: u64) -> Finding {
    Finding::new(
        Code::ApprovalListRolledBack,
        format!("Danh sách phê duyệt của {authority} số {sequence} cũ hơn bản số {seen} đã thấy trước đó"),
        format!("The approval list of {authority} number {sequence} is older than number {seen} seen before"),
    )
}
pub(crate) fn list_stale(authority: &str, sequence: u64, next_update: UtcTime) -> Finding {
    let (vi, en) = when(next_update);
    Finding::new(
        Code::ApprovalListStale,
        format!("Danh sách phê duyệt của {authority} số {sequence} đã quá hạn cập nhật ({vi})"),
        format!("The approval list of {authority} number {sequence} is past its next update ({en})"),
    )
}
pub(crate) fn year_withdrawn(year: &str, decision: &str, at: UtcTime, reason: &str, authority: &str) -> Finding {
    let (vi, en) = when(at);
    Finding::new(
        Code::YearWithdrawn,
        format!("Năm học {year} đã bị thu hồi theo quyết định {decision} của {authority}, từ {vi}; lý do: {reason}"),
        format!("School year {year} was withdrawn by decision {decision} of {authority}, from {en}; reason: {reason}"),
    )
}
/// Why a listed certificate is not approved: the role, the approval's start or end, a suspension.
pub(crate) fn not_approved_role() -> Pair {
    pair("không được phê duyệt cho vai trò này", "not approved for this role")
}
pub(crate) fn not_approved_before(from: UtcTime) -> Pair {
    let (vi, en) = when(from);
    pair(format!("ký trước khi được phê duyệt (từ {vi})"), format!("signed before the approval began ({en})"))
}
pub(crate) fn not_approved_after(until: UtcTime) -> Pair {
    let (vi, en) = when(until);
    pair(format!("ký sau khi hết thời hạn phê duyệt ({vi})"), format!("signed after the approval ended ({en})"))
}
pub(crate) fn not_approved_suspended(at: UtcTime, key_compromise: bool, note: Option<&str>) -> Pair {
    let (vi, en) = when(at);
    let (why_vi, why_en) = if key_compromise {
        (
            "nghi lộ khoá; thời điểm ký không được chứng thực trước đó",
            "key in doubt; the signing time is not proven before it",
        )
    } else {
        ("tạm dừng trước thời điểm ký", "suspended before the signing time")
    };
    let note = note.map_or(String::new(), |n| format!(": {n}"));
    pair(
        format!("phê duyệt bị tạm dừng từ {vi} ({why_vi}){note}"),
        format!("approval suspended from {en} ({why_en}){note}"),
    )
}
pub(crate) fn signer_not_approved(
    code: Code,
    role: (&str, &str),
    school: &str,
    authority: &str,
    why: Option<Pair>,
) -> Finding {
    let (why_vi, why_en) = why.map_or_else(
        || pair("chứng thư số không có trong danh sách của trường", "the certificate is not in the school's list"),
        |(vi, en)| (vi, en),
    );
    Finding::new(
        code,
        format!("Người ký với vai trò {} chưa được {authority} phê duyệt cho {school}: {why_vi}", role.0),
        format!("The signer as {} is not approved by {authority} for {school}: {why_en}", role.1),
    )
}
pub(crate) fn approval_not_proven(role: (&str, &str), school: &str, authority: &str, why: Pair) -> Finding {
    Finding::new(
        Code::ApprovalNotProven,
        format!(
            "Người ký với vai trò {} hiện không còn được {authority} phê duyệt cho {school} ({}); thời điểm ký người ký khai báo nằm trong thời hạn phê duyệt nhưng không có dấu thời gian chứng thực",
            role.0, why.0
        ),
        format!(
            "The signer as {} is no longer approved by {authority} for {school} ({}); the signing time the signer claims is within the approval, but no time-stamp proves it",
            role.1, why.1
        ),
    )
}
pub(crate) fn seal_missing(year: &str, school: &str, authority: &str) -> Finding {
    Finding::new(
        Code::SealMissing,
        format!("Năm học {year} thiếu chữ ký con dấu đơn vị mà {authority} yêu cầu đối với {school}"),
        format!("School year {year} lacks the school seal {authority} requires of {school}"),
    )
}
pub(crate) fn signer_of_other_school(units: &str, school: &str, year: &str) -> Finding {
    let (units_vi, units_en) =
        if units.is_empty() { ("không ghi đơn vị", "names no unit") } else { (units, units) };
    Finding::new(
        Code::SignerOfOtherSchool,
        format!("Chứng thư số của người ký ({units_vi}) không ghi {school}, trường của năm học {year}"),
        format!("The signer's certificate ({units_en}) does not name {school}, the school of year {year}"),
    )
}
