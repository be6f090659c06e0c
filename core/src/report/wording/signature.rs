//! What the signature layer found: a signature that fails, and warnings about one that holds.

use super::super::Finding;
use crate::Code;
use crate::dsig::{DsigError, Warning};

/// A warning about a signature that holds: a weak algorithm or key, accepted on request.
pub(crate) fn dsig_warning(warning: &Warning) -> Finding {
    match warning {
        Warning::WeakAlgorithm(uri) => Finding::new(
            Code::WeakAlgorithm,
            format!("Chữ ký dùng thuật toán yếu ({uri}), chỉ chấp nhận cho văn bản cũ."),
            format!("The signature uses a weak algorithm ({uri}), accepted for old documents only."),
        ),
        Warning::WeakKey { bits } => Finding::new(
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
        DsigError::XPathNotSupported { .. } => (
            "Chữ ký dùng một biểu thức XPath không được hỗ trợ (chỉ chấp nhận các biểu thức loại chữ ký ra khỏi dữ liệu được ký).",
            "The signature uses an XPath expression that is not supported (only those that leave signatures out of the signed data are).",
        ),
        DsigError::TransformOutput { .. } => (
            "Không đọc lại được kết quả chuẩn hoá để thực hiện phép biến đổi tiếp theo của chữ ký.",
            "The output of a canonicalization cannot be read again for the signature's next transform.",
        ),
        DsigError::SignatureNotIdentified { .. } => (
            "Không xác định được chữ ký cần loại ra trong dữ liệu đã chuẩn hoá lại.",
            "The signature to leave out cannot be identified in the canonicalized data read again.",
        ),
        _ => ("Chữ ký số không hợp lệ.", "The signature is not valid."),
    };
    // The English detail is the error's own text; the Vietnamese one says where, in Vietnamese.
    let detail_vi = match error {
        DsigError::DigestMismatch { pos, uri } => format!("tham chiếu \"{uri}\" tại dòng:cột {pos}"),
        DsigError::BadSignature { pos, .. } | DsigError::NoTrustedKey { pos } => {
            format!("chữ ký tại dòng:cột {pos}")
        }
        DsigError::DuplicateId { id, first, second } => {
            format!("mã định danh \"{id}\" tại dòng:cột {first} và {second}")
        }
        other => format!("mã lỗi {}", other.code()),
    };
    Finding { code: error.code(), vi: format!("{vi} ({detail_vi})"), en: format!("{en} ({detail})") }
}
