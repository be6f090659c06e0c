//! What was found about a signer: the certificate, its path to a trust anchor, revocation, and
//! the time the signature was judged at.

use super::super::{Finding, short_subject};
use super::labels::extended_key_usage_label;
use crate::Code;
use crate::pki::{PathFailure, TrustFinding};
use crate::time::UtcTime;

/// A finding about a signer's trust, in words.
pub(crate) fn trust_finding(finding: &TrustFinding) -> Finding {
    match finding {
        TrustFinding::CertificateMalformed { detail } => Finding::new(
            Code::CertificateMalformed,
            // `detail` is the parser's, in English: the Vietnamese text says it in general.
            "Chứng thư số của người ký không đọc được (sai cấu trúc).",
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
            "Dữ liệu kiểm tra dài hạn gắn trong chữ ký bị hỏng, không đọc được.",
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
                // `why` lists what was tried, in the English of the sources' own errors: the
                // Vietnamese text says it in general.
                format!(
                    "Không xác định được tình trạng thu hồi chứng thư của {name}: không có CRL hoặc phản hồi OCSP dùng được."
                ),
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
            "Dấu thời gian của chữ ký không hợp lệ: không đọc được, chữ ký của nó không khớp, hoặc nó không gắn với chữ ký này.",
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

/// A certificate path that does not validate, for `subject` judged at `at`.
fn path_finding(reason: &PathFailure, subject: &str, at: UtcTime) -> Finding {
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
