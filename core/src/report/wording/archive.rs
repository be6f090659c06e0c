//! The document's archive time-stamps: what each proves, and why one makes the document invalid.

use super::super::Finding;
use crate::Code;
use crate::time::UtcTime;

/// The archive time-stamps cannot be read.
pub(crate) fn malformed(detail: &str) -> Finding {
    Finding::new(
        Code::ArchiveMalformed,
        // `detail` is the parser's, in English: the Vietnamese text says it in general.
        "Phần dấu thời gian lưu trữ của tệp không đúng cấu trúc quy định, không đọc được.",
        format!(
            "The file's archive time-stamps are not laid out as the profile requires and cannot be read ({detail})."
        ),
    )
}

/// Archive time-stamp `index` (1-based) is over other bytes: the file changed after it.
pub(crate) fn altered(index: usize) -> Finding {
    Finding::new(
        Code::ArchiveAltered,
        format!(
            "Tệp đã bị sửa sau khi gắn dấu thời gian lưu trữ thứ {index}: dấu thời gian đó không khớp với nội dung hiện tại."
        ),
        format!(
            "The file was changed after archive time-stamp {index} was added: that time-stamp does not match the present content."
        ),
    )
}

/// Archive time-stamp `index` does not verify.
pub(crate) fn invalid(index: usize, detail: &str) -> Finding {
    Finding::new(
        Code::ArchiveTimeStampInvalid,
        format!(
            "Dấu thời gian lưu trữ thứ {index} không hợp lệ (chữ ký của đơn vị cấp dấu thời gian hoặc chuỗi chứng thư của đơn vị đó không kiểm tra được)."
        ),
        format!("Archive time-stamp {index} is not valid: {detail}."),
    )
}

/// Archive time-stamp `index` is dated before the one it covers.
pub(crate) fn out_of_order(index: usize, time: UtcTime, earlier: UtcTime) -> Finding {
    let (time, earlier) = (time.to_vietnam_string(), earlier.to_vietnam_string());
    Finding::new(
        Code::ArchiveTimeStampOrder,
        format!(
            "Dấu thời gian lưu trữ thứ {index} ghi thời điểm {time}, sớm hơn dấu thời gian lưu trữ trước nó ({earlier}): thứ tự các dấu thời gian mâu thuẫn."
        ),
        format!(
            "Archive time-stamp {index} is dated {time}, before the archive time-stamp it covers ({earlier}): the time-stamps contradict each other's order."
        ),
    )
}

/// A remark on archive time-stamp `index` (why it proves nothing, or a status not learnt), from
/// the same remark on a signature time-stamp.
pub(crate) fn about_stamp(index: usize, finding: Finding) -> Finding {
    Finding::new(
        finding.code,
        format!("Dấu thời gian lưu trữ thứ {index}: {}", finding.vi),
        format!("Archive time-stamp {index}: {}", finding.en),
    )
}
