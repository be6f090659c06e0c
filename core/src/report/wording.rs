//! The words of findings, in Vietnamese and English: every sentence a reader sees about a
//! signature or its signer is here.

use super::{Finding, Language, short_subject};
use crate::Code;
use crate::dsig::DsigError;
use crate::pki::{PathFailure, TrustFinding};
use crate::time::UtcTime;

/// The role a signature's place stands for in the transcript profile (`schemas/PROFILE.md`).
pub(crate) fn role_label(element: &str) -> Option<(&'static str, &'static str)> {
    Some(match element {
        "GVCN" => ("Giáo viên chủ nhiệm", "homeroom teacher"),
        "HieuTruong" => ("Hiệu trưởng", "principal"),
        "GiaoVienBoMon" | "GVBM" => ("Giáo viên bộ môn", "subject teacher"),
        "PhoHieuTruong" => ("Phó hiệu trưởng", "vice principal"),
        _ => return None,
    })
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

/// A finding about a signer's trust, in words.
pub(crate) fn trust_finding(finding: &TrustFinding) -> Finding {
    match finding {
        TrustFinding::CertificateMalformed { detail } => Finding::new(
            Code::CertificateMalformed,
            format!("Chứng thư số của người ký không đọc được: {detail}"),
            format!("The signer's certificate cannot be read: {detail}"),
        ),
        TrustFinding::PinnedKey => Finding::new(
            Code::PinnedKey,
            "Chữ ký được kiểm tra bằng khoá do người kiểm tra chỉ định; không kiểm tra chuỗi chứng thư và tình trạng thu hồi.",
            "Verified with a key the verifier pinned; the certificate chain and revocation were not checked.",
        ),
        TrustFinding::NoSignerCertificate => Finding::new(
            Code::NoSignerCertificate,
            "Chữ ký không kèm chứng thư số của người ký.",
            "The signature carries no signer certificate.",
        ),
        TrustFinding::ValidationDataMalformed { detail } => Finding::new(
            Code::ValidationDataMalformed,
            format!("Dữ liệu kiểm tra dài hạn gắn trong chữ ký bị hỏng: {detail}"),
            format!("The long-term validation data embedded in the signature is malformed: {detail}"),
        ),
        TrustFinding::SigningTimeClaimed { time } => Finding::new(
            Code::SigningTimeClaimed,
            format!(
                "Thời điểm ký {} do người ký tự khai, không có dấu thời gian chứng thực; chứng thư số được đánh giá tại thời điểm này theo lựa chọn của người kiểm tra.",
                time.to_vietnam_string()
            ),
            format!(
                "The signing time {} is the signer's claim, proven by no time-stamp; the certificate was judged at it because the verifier chose so.",
                time.to_vietnam_string()
            ),
        ),
        TrustFinding::SigningTimeInFuture { claim } => {
            let shown = claim.to_vietnam_string();
            Finding::new(
                Code::SigningTimeInFuture,
                format!("Thời điểm ký khai báo ({shown}) nằm sau thời điểm kiểm tra."),
                format!("The claimed signing time ({shown}) is after the verification time."),
            )
        }
        TrustFinding::SigningTimeBeforeCertificate { claim, not_before } => {
            let (shown, from) = (claim.to_vietnam_string(), not_before.to_vietnam_string());
            Finding::new(
                Code::SigningTimeBeforeCertificate,
                format!("Thời điểm ký khai báo ({shown}) trước khi chứng thư số của người ký có hiệu lực ({from})."),
                format!("The claimed signing time ({shown}) is before the signer's certificate became valid ({from})."),
            )
        }
        TrustFinding::SigningTimeAfterCertificate { claim, not_after } => {
            let (shown, until) = (claim.to_vietnam_string(), not_after.to_vietnam_string());
            Finding::new(
                Code::SigningTimeAfterCertificate,
                format!("Thời điểm ký khai báo ({shown}) sau khi chứng thư số của người ký đã hết hạn ({until})."),
                format!("The claimed signing time ({shown}) is after the signer's certificate expired ({until})."),
            )
        }
        TrustFinding::OutOfBoundsNoPoe { subject, not_after, at } => {
            out_of_bounds_no_poe(short_subject(subject), *not_after, *at)
        }
        TrustFinding::Path { failure, subject, at } => path_finding(failure, short_subject(subject), *at),
        TrustFinding::RevocationOff => Finding::new(
            Code::RevocationOff,
            "Không kiểm tra tình trạng thu hồi chứng thư (theo lựa chọn của người kiểm tra).",
            "Revocation was not checked (the verifier turned it off).",
        ),
        TrustFinding::OnHold { subject, since } => {
            let (name, when) = (short_subject(subject), since.to_vietnam_string());
            Finding::new(
                Code::CertificateOnHold,
                format!(
                    "Chứng thư số của {name} đang bị tạm dừng từ {when}; chưa xác định được chữ ký, hãy kiểm tra lại sau."
                ),
                format!(
                    "The certificate of {name} has been on hold since {when}; the signature cannot be judged yet, check again later."
                ),
            )
        }
        TrustFinding::RevokedNoPoe { subject, time, reason } => {
            let (name, when, vi_reason, en_reason) =
                (short_subject(subject), time.to_vietnam_string(), reason.label_vi(), reason.label_en());
            Finding::new(
                Code::RevokedNoPoe,
                format!(
                    "Chứng thư số của {name} đã bị thu hồi lúc {when} (lý do: {vi_reason}); không có dấu thời gian chứng minh chữ ký được tạo trước đó, nên chưa xác định được chữ ký có giá trị hay không."
                ),
                format!(
                    "The certificate of {name} was revoked at {when} (reason: {en_reason}); no time-stamp proves the signature was made before, so the signature cannot be judged."
                ),
            )
        }
        TrustFinding::Revoked { subject, time, reason } => {
            let (name, when, vi_reason, en_reason) =
                (short_subject(subject), time.to_vietnam_string(), reason.label_vi(), reason.label_en());
            Finding::new(
                Code::Revoked,
                format!("Chứng thư số của {name} đã bị thu hồi lúc {when} (lý do: {vi_reason})."),
                format!("The certificate of {name} was revoked at {when} (reason: {en_reason})."),
            )
        }
        TrustFinding::RevocationUnknown { subject, why } => {
            let name = short_subject(subject);
            Finding::new(
                Code::RevocationUnknown,
                format!("Không xác định được tình trạng thu hồi chứng thư của {name}: {why}"),
                format!("The revocation status of {name}'s certificate is unknown: {why}"),
            )
        }
        TrustFinding::RevokedAfterSigning { subject, time, reason } => {
            let (name, when) = (short_subject(subject), time.to_vietnam_string());
            Finding::new(
                Code::RevokedAfterSigning,
                format!(
                    "Chứng thư số của {name} bị thu hồi lúc {when} (lý do: {}), sau thời điểm ký; chữ ký vẫn có giá trị.",
                    reason.label_vi()
                ),
                format!(
                    "The certificate of {name} was revoked at {when} (reason: {}), after the signing time; the signature stands.",
                    reason.label_en()
                ),
            )
        }
        TrustFinding::TimeStampInvalid { detail } => Finding::new(
            Code::TimeStampInvalid,
            format!("Dấu thời gian của chữ ký không hợp lệ: {detail}"),
            format!("The signature's time-stamp is not valid: {detail}"),
        ),
        TrustFinding::TimeStampExpired { authority, subject, not_after } => {
            let (subject, expired) = (short_subject(subject), not_after.to_vietnam_string());
            Finding::new(
                Code::TimeStampExpired,
                format!(
                    "Dấu thời gian của {authority} không còn chứng minh được thời điểm ký: chứng thư số của {subject} đã hết hạn lúc {expired} (cần dấu thời gian lưu trữ cấp trước thời điểm đó)."
                ),
                format!(
                    "The time-stamp by {authority} no longer proves the signing time: the certificate of {subject} expired at {expired} (an archive time-stamp from before then would be needed)."
                ),
            )
        }
        TrustFinding::TimeStampAuthorityRevoked { authority, subject, time, reason } => {
            let (subject, when, vi_reason, en_reason) =
                (short_subject(subject), time.to_vietnam_string(), reason.label_vi(), reason.label_en());
            Finding::new(
                Code::TimeStampAuthorityRevoked,
                format!(
                    "Dấu thời gian của {authority} không được tin cậy: chứng thư số của {subject} đã bị thu hồi lúc {when} (lý do: {vi_reason})."
                ),
                format!(
                    "The time-stamp by {authority} cannot be trusted: the certificate of {subject} was revoked at {when} (reason: {en_reason})."
                ),
            )
        }
        TrustFinding::TimeStampRevocationUnknown { authority, subject, why } => {
            let subject = short_subject(subject);
            Finding::new(
                Code::TimeStampRevocationUnknown,
                format!(
                    "Không xác định được tình trạng thu hồi chứng thư số của {subject} (đơn vị cấp dấu thời gian của {authority}): không có CRL hoặc phản hồi OCSP dùng được."
                ),
                format!(
                    "The revocation status of {subject}'s certificate (the time-stamping authority {authority}) is unknown: {why}"
                ),
            )
        }
    }
}

/// A certificate expired at the validation time, with no proof the signature existed before
/// (ETSI's `OUT_OF_BOUNDS_NO_POE`): undetermined, and what would settle it.
fn out_of_bounds_no_poe(subject: &str, not_after: UtcTime, at: UtcTime) -> Finding {
    let (expired, when) = (not_after.to_vietnam_string(), at.to_vietnam_string());
    Finding::new(
        Code::OutOfBoundsNoPoe,
        format!(
            "Chứng thư số của {subject} đã hết hạn lúc {expired} (thời điểm kiểm tra: {when}) và không có dấu thời gian chứng minh chữ ký được tạo khi chứng thư còn hiệu lực, nên chưa xác định được chữ ký có giá trị hay không. Cần bản học bạ có dấu thời gian trên chữ ký (hoặc dấu thời gian lưu trữ) cấp trước khi chứng thư hết hạn."
        ),
        format!(
            "The certificate of {subject} expired at {expired} (verified at {when}) and no time-stamp proves the signature was made while it was valid, so the signature cannot be judged. A copy whose signature was time-stamped (or archive-time-stamped) before the certificate expired would settle it."
        ),
    )
}

pub(crate) fn path_finding(reason: &PathFailure, subject: &str, at: UtcTime) -> Finding {
    let when = at.to_vietnam_string();
    match reason {
        PathFailure::NoPathToAnchor => Finding::new(
            Code::Untrusted,
            format!(
                "Chứng thư số của {subject} không do tổ chức được tin cậy cấp (không có chuỗi đến chứng thư gốc tin cậy)."
            ),
            format!("The certificate of {subject} was not issued by a trusted authority (no chain to a trusted root)."),
        ),
        PathFailure::Expired { not_after } => Finding::new(
            Code::CertificateExpired,
            format!(
                "Chứng thư số của {subject} đã hết hạn lúc {} (thời điểm đánh giá: {when}).",
                not_after.to_vietnam_string()
            ),
            format!("The certificate of {subject} expired at {} (judged at {when}).", not_after.to_vietnam_string()),
        ),
        PathFailure::NotYetValid { not_before } => Finding::new(
            Code::CertificateNotYetValid,
            format!(
                "Chứng thư số của {subject} chưa có hiệu lực trước {} (thời điểm đánh giá: {when}).",
                not_before.to_vietnam_string()
            ),
            format!(
                "The certificate of {subject} is not valid before {} (judged at {when}).",
                not_before.to_vietnam_string()
            ),
        ),
        PathFailure::BadSignature => Finding::new(
            Code::CertificateSignatureInvalid,
            format!("Chữ ký trên chứng thư số của {subject} không đúng (chứng thư giả mạo hoặc bị sửa)."),
            format!("The signature on the certificate of {subject} does not verify (forged or altered)."),
        ),
        PathFailure::KeyUsage => Finding::new(
            Code::KeyUsage,
            format!("Chứng thư số của {subject} không được phép dùng để ký văn bản."),
            format!("The certificate of {subject} may not be used to sign documents."),
        ),
        PathFailure::Policy => Finding::new(
            Code::CertificatePolicy,
            format!("Chứng thư số của {subject} không thuộc chính sách chứng thư yêu cầu."),
            format!("The certificate of {subject} does not carry the required certificate policy."),
        ),
        PathFailure::KeyTooSmall { bits, minimum } => Finding::new(
            Code::WeakKeyInPath,
            format!("Chứng thư số của {subject} có khoá RSA {bits} bit, dưới mức tối thiểu {minimum} bit."),
            format!("The certificate of {subject} has a {bits}-bit RSA key, below the minimum of {minimum} bits."),
        ),
        PathFailure::ExtendedKeyUsage { usages } => {
            let (vi, en): (Vec<String>, Vec<String>) = usages
                .iter()
                .map(|oid| match extended_key_usage_label(oid) {
                    Some((vi, en)) => (format!("{vi} ({oid})"), format!("{en} ({oid})")),
                    None => (oid.clone(), oid.clone()),
                })
                .unzip();
            let (vi, en) = if usages.is_empty() {
                ("không đọc được".to_owned(), "unreadable".to_owned())
            } else {
                (vi.join(", "), en.join(", "))
            };
            if usages.iter().any(|oid| crate::pki::is_service_usage(oid)) {
                Finding::new(
                    Code::ExtendedKeyUsage,
                    format!(
                        "Chứng thư số của {subject} dành riêng cho một dịch vụ (mục đích sử dụng mở rộng: {vi}), không được dùng để ký văn bản."
                    ),
                    format!(
                        "The certificate of {subject} is dedicated to a service (extended key usage: {en}) and may not sign documents."
                    ),
                )
            } else {
                Finding::new(
                    Code::ExtendedKeyUsage,
                    format!(
                        "Mục đích sử dụng mở rộng của chứng thư số của {subject} ({vi}) không gồm mục đích ký văn bản nào."
                    ),
                    format!(
                        "The extended key usage of the certificate of {subject} ({en}) includes no document-signing purpose."
                    ),
                )
            }
        }
        PathFailure::SearchBudgetExceeded { signature_checks, issuers_tried } => Finding::new(
            Code::PathSearchBudget,
            format!(
                "Không xây dựng được chuỗi chứng thư số của {subject}: có quá nhiều chứng thư trung gian ứng viên giống nhau (dừng sau {issuers_tried} chứng thư thử và {signature_checks} lần kiểm tra chữ ký)."
            ),
            format!(
                "No certificate chain could be built for {subject}: too many look-alike candidate issuer certificates (stopped after trying {issuers_tried} issuers and {signature_checks} signature checks)."
            ),
        ),
        other => Finding::new(
            Code::CertificatePathInvalid,
            format!("Chuỗi chứng thư số của {subject} không hợp lệ: {other}."),
            format!("The certificate chain of {subject} is not valid: {other}."),
        ),
    }
}

pub(crate) fn dsig_warning(warning: &crate::dsig::Warning) -> Finding {
    match warning {
        crate::dsig::Warning::WeakAlgorithm(uri) => Finding::new(
            Code::WeakAlgorithm,
            format!("Chữ ký dùng thuật toán yếu ({uri}), chỉ chấp nhận cho văn bản cũ."),
            format!("The signature uses a weak algorithm ({uri}), accepted for old documents only."),
        ),
        crate::dsig::Warning::WeakKey { bits } => Finding::new(
            Code::WeakKey,
            format!("Khoá RSA {bits} bit là khoá yếu."),
            format!("The {bits}-bit RSA key is weak."),
        ),
    }
}

/// A signature-level or document-level failure, in words a clerk understands.
pub(crate) fn dsig_finding(error: &DsigError) -> Finding {
    let detail = error.to_string();
    let (vi, en) = match error {
        DsigError::NoSignature => ("Văn bản không có chữ ký số nào.", "The document carries no signature."),
        DsigError::DigestMismatch { .. } => (
            "Nội dung đã bị thay đổi sau khi ký (giá trị băm không khớp).",
            "The content was changed after signing (digest mismatch).",
        ),
        DsigError::BadSignature { .. } => (
            "Giá trị chữ ký không đúng với khoá của người ký.",
            "The signature value does not verify with the signer's key.",
        ),
        DsigError::DuplicateId { .. } => (
            "Văn bản có hai phần tử cùng mã định danh (dấu hiệu tấn công chèn dữ liệu).",
            "Two elements share an Id (a sign of a signature-wrapping attack).",
        ),
        DsigError::NoTrustedKey { .. } => {
            ("Chữ ký không kèm chứng thư số để kiểm tra.", "The signature carries no certificate to verify it with.")
        }
        DsigError::NotCovered { .. } | DsigError::Misplaced { .. } => (
            "Chữ ký không bao phủ dữ liệu học bạ ở đúng vị trí.",
            "The signature does not cover the transcript data where it must be.",
        ),
        DsigError::UnexpectedPlace { .. } => {
            ("Chữ ký nằm sai vị trí trong văn bản.", "A signature sits in an unexpected place.")
        }
        DsigError::WeakAlgorithm { .. } | DsigError::DisallowedAlgorithm { .. } => {
            ("Chữ ký dùng thuật toán không được chấp nhận.", "The signature uses an algorithm that is not accepted.")
        }
        DsigError::WeakKey { .. } => (
            "Khoá RSA của người ký quá ngắn (dưới 2048 bit); chỉ chấp nhận cho văn bản cũ khi người kiểm tra yêu cầu.",
            "The signer's RSA key is too short (below 2048 bits); accepted for old documents only on request.",
        ),
        DsigError::TooManySignatures { .. } => {
            ("Văn bản có quá nhiều chữ ký số.", "The document carries more signatures than allowed.")
        }
        DsigError::CanonicalizationBudget { .. } | DsigError::KeyTryBudget { .. } => (
            "Kiểm tra văn bản vượt quá giới hạn khối lượng công việc cho phép (dấu hiệu tấn công từ chối dịch vụ).",
            "Checking the document would exceed its work budget (a sign of a denial-of-service attack).",
        ),
        DsigError::TooManyPrefixes { .. } | DsigError::TooManyKeyCandidates { .. } => {
            ("Chữ ký có cấu trúc vượt giới hạn cho phép.", "The signature exceeds an allowed limit.")
        }
        _ => ("Chữ ký số không hợp lệ.", "The signature is not valid."),
    };
    Finding { code: error.code(), vi: format!("{vi} ({detail})"), en: format!("{en} ({detail})") }
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
        _ => return None,
    };
    Some(match language {
        Language::Vi => vi,
        Language::En => en,
    })
}
