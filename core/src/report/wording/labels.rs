//! Short names: what a code, a signature's place and an extended key usage are called.

use super::super::Language;
use super::Text;
use crate::Code;

/// What the homeroom teacher is called.
pub(crate) const HOMEROOM_TEACHER: Text<'static> = Text::new("Giáo viên chủ nhiệm", "homeroom teacher");
/// What the principal is called.
pub(crate) const PRINCIPAL: Text<'static> = Text::new("Hiệu trưởng", "principal");
/// What a subject teacher is called, without the subject.
pub(crate) const SUBJECT_TEACHER: Text<'static> = Text::new("Giáo viên bộ môn", "subject teacher");
/// What the school's organization seal (con dấu đơn vị) is called: an organization's
/// certificate, not a person's.
pub(crate) const SEAL: Text<'static> = Text::new("Con dấu đơn vị", "school seal");
/// What the vice principal is called.
pub(crate) const VICE_PRINCIPAL: Text<'static> = Text::new("Phó hiệu trưởng", "vice principal");

/// The role a signature's place stands for in the transcript profile (`schemas/PROFILE.md`).
pub(crate) fn role_label(element: &str) -> Option<(&'static str, &'static str)> {
    let name = match element {
        "GVCN" => HOMEROOM_TEACHER,
        "HieuTruong" => PRINCIPAL,
        "GiaoVienBoMon" | "GVBM" => SUBJECT_TEACHER,
        "ConDau" => SEAL,
        "PhoHieuTruong" => VICE_PRINCIPAL,
        _ => return None,
    };
    Some((name.vi, name.en))
}

/// What an extended key usage is called, in Vietnamese and English, for the known ones.
pub(crate) fn extended_key_usage_label(oid: &str) -> Option<(&'static str, &'static str)> {
    Some(match oid {
        "1.3.6.1.5.5.7.3.1" => ("xác thực máy chủ TLS", "TLS server authentication"),
        "1.3.6.1.5.5.7.3.2" => ("xác thực máy khách TLS", "TLS client authentication"),
        "1.3.6.1.5.5.7.3.3" => ("ký mã chương trình", "code signing"),
        "1.3.6.1.5.5.7.3.4" => ("bảo vệ thư điện tử", "e-mail protection"),
        "1.3.6.1.5.5.7.3.8" => ("cấp dấu thời gian", "time stamping"),
        "1.3.6.1.5.5.7.3.9" => ("ký phản hồi OCSP", "OCSP signing"),
        "1.3.6.1.5.5.7.3.36" => ("ký văn bản", "document signing"),
        "2.5.29.37.0" => ("mọi mục đích", "any purpose"),
        "1.3.6.1.4.1.311.20.2.2" => ("đăng nhập bằng thẻ thông minh", "smart-card logon"),
        "1.3.6.1.4.1.311.10.3.12" => ("ký văn bản của Microsoft", "Microsoft document signing"),
        "1.2.840.113583.1.1.5" => ("ký tài liệu PDF của Adobe", "Adobe PDF signing"),
        _ => return None,
    })
}

/// What a code means in a few words for a clerk, as batch summaries list the reasons: the common
/// ones (each report has the full explanation). `None` for a code without a short label.
pub fn code_label(code: Code, language: Language) -> Option<&'static str> {
    let (vi, en) = match code {
        Code::DigestMismatch => ("nội dung bị sửa sau khi ký", "content changed after signing"),
        Code::BadSignature => ("chữ ký không khớp với chứng thư", "signature does not match the certificate"),
        Code::Revoked => ("chứng thư số đã bị thu hồi", "certificate revoked"),
        Code::Untrusted => ("người ký không thuộc tổ chức được tin cậy", "signer not from a trusted authority"),
        Code::CertificateExpired => ("chứng thư số đã hết hạn", "certificate expired"),
        Code::CertificateNotYetValid => ("chứng thư số chưa có hiệu lực", "certificate not yet valid"),
        Code::RevocationUnknown => ("không rõ tình trạng thu hồi", "revocation status unknown"),
        Code::NoSignature => ("không có chữ ký số", "no signature"),
        Code::TranscriptProfile => ("không đúng quy cách ký học bạ", "not signed as the profile requires"),
        Code::Withdrawn => ("học bạ đã bị thu hồi", "transcript withdrawn"),
        Code::StaleVersion => ("phiên bản cũ hơn bản đang lưu", "older than the version held"),
        Code::Xml => ("không phải tệp XML hợp lệ", "not acceptable XML"),
        Code::TooLarge => ("tệp quá lớn", "file too large"),
        Code::StdinTooLarge => ("tài liệu trên stdin quá lớn", "document on stdin too large"),
        Code::PathTooLong => ("dòng quá dài trong danh sách đường dẫn", "line too long in the list of paths"),
        Code::PathNulByte => ("byte NUL trong danh sách đường dẫn", "NUL byte in the list of paths"),
        Code::Fifo => ("đường ống (FIFO), không phải tệp", "a pipe (FIFO), not a file"),
        Code::Device => ("thiết bị, không phải tệp", "a device, not a file"),
        Code::Socket => ("socket, không phải tệp", "a socket, not a file"),
        Code::NotAFile => ("không phải tệp thông thường", "not a regular file"),
        Code::LinkNotFollowed => ("liên kết tượng trưng không được theo", "symbolic link not followed"),
        Code::Unreadable => ("không đọc được", "cannot be read"),
        Code::NotATranscript => ("không phải học bạ số", "not a digital transcript"),
        Code::OutOfBoundsNoPoe => ("chứng thư hết hạn, không có dấu thời gian", "certificate expired, no time-stamp"),
        Code::RevokedNoPoe => ("chứng thư bị thu hồi, không có dấu thời gian", "certificate revoked, no time-stamp"),
        Code::CertificateOnHold => ("chứng thư đang bị tạm dừng", "certificate on hold"),
        Code::ExtendedKeyUsage => ("chứng thư không dùng để ký văn bản", "certificate not for signing documents"),
        Code::WeakKeyInPath => ("khoá RSA quá ngắn trong chuỗi chứng thư", "RSA key too short in the chain"),
        Code::PathSearchBudget => ("quá nhiều chứng thư trung gian", "too many intermediate certificates"),
        Code::SignerNotApproved => ("người ký chưa được phê duyệt", "signer not approved"),
        Code::ApprovalSuspended => ("phê duyệt người ký đã bị tạm dừng", "signer's approval suspended"),
        Code::ApprovalNotProven => ("phê duyệt đã hết, không có dấu thời gian", "approval ended, no time-stamp"),
        Code::SealMissing => ("thiếu chữ ký con dấu đơn vị", "school seal missing"),
        Code::YearWithdrawn => ("năm học đã bị thu hồi", "school year withdrawn"),
        Code::SchoolNotListed => ("trường không có trong danh sách phê duyệt", "school not in an approval list"),
        Code::ApprovalConflict => ("các danh sách phê duyệt mâu thuẫn", "approval lists disagree"),
        Code::ApprovalListRolledBack => ("danh sách phê duyệt cũ hơn bản đã thấy", "approval list older than one seen"),
        Code::ApprovalListStale => ("danh sách phê duyệt đã quá hạn cập nhật", "approval list past its next update"),
        Code::SignerOfOtherSchool => ("người ký thuộc đơn vị khác", "signer of another unit"),
        Code::ArchiveAltered => ("tệp bị sửa sau khi lưu trữ", "changed after archiving"),
        Code::ArchiveTimeStampInvalid => ("dấu thời gian lưu trữ không hợp lệ", "archive time-stamp invalid"),
        Code::ArchiveMalformed => ("dấu thời gian lưu trữ sai cấu trúc", "archive time-stamps malformed"),
        Code::TokenUriInvalid => ("URI PKCS#11 không hợp lệ", "PKCS#11 URI invalid"),
        Code::NotAPkcs11Module => ("không phải mô-đun PKCS#11", "not a PKCS#11 module"),
        Code::TokenNotFound => ("không tìm thấy token", "token not found"),
        Code::TokenKeyNotFound => ("không tìm thấy khoá trên token", "key not found on the token"),
        Code::TokenAmbiguous => ("nhiều token hoặc khoá cùng khớp", "several tokens or keys match"),
        Code::TokenPinNeeded => ("token cần mã PIN", "the token needs a PIN"),
        Code::TokenPinIncorrect => ("sai mã PIN", "wrong PIN"),
        Code::TokenPinLocked => ("mã PIN đã bị khoá", "PIN locked"),
        Code::TokenRemoved => ("token đã bị rút ra", "token removed"),
        Code::TokenMechanismUnsupported => ("token không hỗ trợ thuật toán ký", "token cannot sign with the algorithm"),
        Code::TokenFailed => ("token báo lỗi", "the token failed"),
        Code::KeyMismatch => ("khoá không khớp với chứng thư số", "key does not match the certificate"),
        _ => return None,
    };
    Some(match language {
        Language::Vi => vi,
        Language::En => en,
    })
}
