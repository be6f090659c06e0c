//! Paper copies: a verification reference that cannot be read, and a copy that does not belong to
//! the signed transcript at hand.

use super::Words;

/// The reference's `part` (named in both languages) is not as the format writes it.
pub(crate) fn reference_malformed(part: (&str, &str)) -> Words {
    Words::new(
        format!("Mã xác minh của bản giấy không đúng định dạng HOCBA1: {}", part.0),
        format!("The paper copy's verification reference is not in the HOCBA1 format: {}", part.1),
    )
}

/// The copy names record `paper`; the transcript at hand is `document`.
pub(crate) fn other_record(paper: &str, document: &str) -> Words {
    Words::new(
        format!("Bản giấy thuộc học bạ {paper}, không phải học bạ {document} trong tệp này"),
        format!("The paper copy belongs to record {paper}, not to record {document} in this file"),
    )
}

/// The copy shows the school years `paper`; the transcript at hand has `document`.
pub(crate) fn other_years(paper: &str, document: &str) -> Words {
    Words::new(
        format!("Bản giấy ghi các năm học {paper}, tệp này có các năm học {document}"),
        format!("The paper copy shows school years {paper}; this file has school years {document}"),
    )
}

/// Same record and years, other signatures.
pub(crate) fn digest_mismatch() -> Words {
    Words::new(
        "Bản giấy không khớp với các chữ ký của học bạ trong tệp này: nội dung đã ký khác nhau (bản giấy bị sửa, hoặc in từ một phiên bản khác)",
        "The paper copy does not match the signatures of the transcript in this file: the signed content differs (an altered copy, or one printed from another version)",
    )
}

/// Nothing signed to compare the copy with.
pub(crate) fn unverified() -> Words {
    Words::new(
        "Tệp này không có học bạ có chữ ký xác minh được để đối chiếu với bản giấy",
        "This file holds no transcript whose signatures verify, to compare the paper copy with",
    )
}

/// The copy with `reference` belongs to the transcript in the file, which is valid.
pub(crate) fn belongs(reference: &str) -> Words {
    Words::new(
        format!("BẢN GIẤY KHỚP: bản giấy có mã xác minh {reference} là bản thể hiện của học bạ hợp lệ trong tệp này"),
        format!(
            "PAPER COPY MATCHES: the paper copy with reference {reference} renders the valid transcript in this file"
        ),
    )
}

/// The copy is of the transcript in the file, but that transcript is not valid.
pub(crate) fn matches_not_valid(verdict_vi: &str, verdict_en: &str) -> Words {
    Words::new(
        format!("BẢN GIẤY KHÔNG CÓ GIÁ TRỊ: bản giấy là của học bạ trong tệp này, nhưng học bạ {verdict_vi}"),
        format!(
            "PAPER COPY NOT VALID: the paper copy is of the transcript in this file, but that transcript is {verdict_en}"
        ),
    )
}

/// The copy is not of the transcript in the file: `why`.
pub(crate) fn does_not_belong(why: &Words) -> Words {
    Words::new(format!("BẢN GIẤY KHÔNG KHỚP: {}", why.vi), format!("PAPER COPY DOES NOT MATCH: {}", why.en))
}
