//! Paper copies of a transcript: the verification reference a printed or PDF copy carries (in its
//! QR code, and printed beside it), and the check that a copy belongs to a signed transcript.
//!
//! A reference names the record (`MaDinhDanhHocBa`) and the school years the copy shows, and
//! binds the exact signed content by a digest over every signature value of those years. It is
//! computed only from a transcript verified valid ([`PaperReference::of`]). Anyone can copy a
//! record's identifier onto a forged page; nobody can make the digest of signatures they do not
//! have, and a copy printed from another version (a correction, a re-signed year) has another
//! digest. The text form is `docs/paper-copy.md`'s:
//!
//! ```text
//! HOCBA1:2022-2023+2023-2024:OGDOQ3DXHIWPD2OQK3YV5DZXSNHXWGPN:HB01-THCS-2022-0100543210
//! ```

mod error;

pub use error::{PaperError, ReferencePart};

use std::fmt;

use sha2::{Digest, Sha256};

use crate::Error;
use crate::report::wording::paper as wording;
use crate::report::{Language, Verdict};
use crate::transcript::{TranscriptVerification, VerifiedTranscript};
use crate::verifier::{DocumentVerification, Verifier};

/// The format and its version: the reference's first field.
pub const FORMAT: &str = "HOCBA1";
/// Separates what the digest covers from any other use of SHA-256 over signature values.
const DOMAIN: &[u8] = b"hocba paper reference 1\0";
/// The digest kept: 160 bits of SHA-256, 32 base32 characters.
const DIGEST_BYTES: usize = 20;
const DIGEST_CHARS: usize = DIGEST_BYTES * 8 / 5;
/// More years than a primary or lower secondary transcript holds, repeated years included.
const MAX_YEARS: usize = 12;
/// The longest reference read: a QR code holds more, a clerk types less.
const MAX_TEXT: usize = 512;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// What a paper copy carries to tie it to its signed transcript: the record, the school years
/// shown (oldest first, as the transcript holds them) and the digest of their signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaperReference {
    record: String,
    years: Vec<String>,
    digest: [u8; DIGEST_BYTES],
}

impl PaperReference {
    /// The reference of a transcript verified valid, all its years shown; `None` under any other
    /// verdict: a copy of a transcript that does not verify carries no reference.
    pub fn of(verification: &TranscriptVerification) -> Option<PaperReference> {
        verification.valid_transcript().map(PaperReference::of_signed)
    }

    /// The reference of a transcript whose signatures verified (the verdict is the caller's to
    /// judge). The record's identifier is the header's, which is not signed: the digest binds it
    /// with the signatures, so a reference with another identifier does not match.
    fn of_signed(transcript: &VerifiedTranscript) -> PaperReference {
        let record = transcript.unsigned_header().ma_dinh_danh_hoc_ba.clone();
        let years: Vec<String> = transcript.years().iter().map(|y| y.year().nam_hoc.to_string()).collect();
        let mut hash = Sha256::new();
        hash.update(DOMAIN);
        let mut field = |bytes: &[u8]| {
            // Each field length-prefixed: no two different inputs hash the same bytes.
            hash.update((bytes.len() as u32).to_be_bytes());
            hash.update(bytes);
        };
        field(record.as_bytes());
        for (year, name) in transcript.years().iter().zip(&years) {
            field(name.as_bytes());
            let signatures = year.signatures();
            field(&(signatures.len() as u32).to_be_bytes());
            for (_, signature) in signatures {
                field(signature.value());
            }
        }
        let full = hash.finalize();
        let mut digest = [0; DIGEST_BYTES];
        digest.copy_from_slice(&full[..DIGEST_BYTES]);
        PaperReference { record, years, digest }
    }

    /// Reads a reference as [`fmt::Display`] writes it (leading and trailing white space, as a
    /// scanner may add, is ignored).
    pub fn parse(text: &str) -> Result<PaperReference, PaperError> {
        let text = text.trim();
        if text.len() > MAX_TEXT {
            return Err(PaperError::Malformed(ReferencePart::Layout));
        }
        let mut fields = text.splitn(4, ':');
        let (Some(FORMAT), Some(years), Some(digest), Some(record)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(PaperError::Malformed(ReferencePart::Layout));
        };
        let years: Vec<String> = years.split('+').map(str::to_owned).collect();
        if years.len() > MAX_YEARS || !years.iter().all(|y| is_year_name(y)) {
            return Err(PaperError::Malformed(ReferencePart::Years));
        }
        let digest = base32_decode(digest).ok_or(PaperError::Malformed(ReferencePart::Digest))?;
        if record.is_empty() || record.chars().any(char::is_control) {
            return Err(PaperError::Malformed(ReferencePart::Record));
        }
        Ok(PaperReference { record: record.to_owned(), years, digest })
    }

    /// The record's identifier (`MaDinhDanhHocBa`).
    pub fn record(&self) -> &str {
        &self.record
    }

    /// The school years shown, as `2024-2025`, oldest first.
    pub fn years(&self) -> &[String] {
        &self.years
    }

    /// Whether this reference is `signed`'s: the same record, years and digest; else why not.
    fn compare(&self, signed: &PaperReference) -> Result<(), PaperError> {
        if self.record != signed.record {
            return Err(PaperError::OtherRecord { paper: self.record.clone(), document: signed.record.clone() });
        }
        if self.years != signed.years {
            return Err(PaperError::OtherYears { paper: self.years.clone(), document: signed.years.clone() });
        }
        // Public values: the digest of signatures anyone holding the file can compute.
        if self.digest != signed.digest {
            return Err(PaperError::DigestMismatch);
        }
        Ok(())
    }
}

impl fmt::Display for PaperReference {
    /// `HOCBA1:<years joined by +>:<digest in base32>:<record>`; the record comes last, so it
    /// may hold any character but a control one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{FORMAT}:{}:{}:{}", self.years.join("+"), base32_encode(&self.digest), self.record)
    }
}

/// `YYYY-YYYY`, the second year the first's next.
fn is_year_name(text: &str) -> bool {
    let Some((start, end)) = text.split_once('-') else { return false };
    let year = |s: &str| (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u16>().ok())?;
    matches!((year(start), year(end)), (Some(a), Some(b)) if a.checked_add(1) == Some(b))
}

fn base32_encode(bytes: &[u8; DIGEST_BYTES]) -> String {
    let mut out = String::with_capacity(DIGEST_CHARS);
    // 160 bits are exactly 32 groups of five: no padding.
    for chunk in bytes.chunks(5) {
        let bits = chunk.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b));
        for i in (0..8).rev() {
            out.push(char::from(BASE32[(bits >> (i * 5)) as usize & 31]));
        }
    }
    out
}

fn base32_decode(text: &str) -> Option<[u8; DIGEST_BYTES]> {
    if text.len() != DIGEST_CHARS {
        return None;
    }
    let mut out = [0; DIGEST_BYTES];
    for (group, chunk) in text.as_bytes().chunks(8).enumerate() {
        let mut bits = 0u64;
        for c in chunk {
            bits = bits << 5 | BASE32.iter().position(|b| b == c)? as u64;
        }
        out[group * 5..group * 5 + 5].copy_from_slice(&bits.to_be_bytes()[3..]);
    }
    Some(out)
}

/// A paper copy checked against a signed document: the document's full verification, and whether
/// the copy's reference is that transcript's.
#[derive(Debug)]
pub struct PaperCheck {
    reference: PaperReference,
    verification: DocumentVerification,
    mismatch: Option<PaperError>,
}

impl PaperCheck {
    /// The reference read from the copy.
    pub fn reference(&self) -> &PaperReference {
        &self.reference
    }

    /// The document's verification, as `Verifier::verify` gives it.
    pub fn verification(&self) -> &DocumentVerification {
        &self.verification
    }

    /// The document's verification, owned.
    pub fn into_verification(self) -> DocumentVerification {
        self.verification
    }

    /// Why the copy is not of this document's signed transcript; `None` when it is (whatever the
    /// verdict: see [`PaperCheck::belongs`]).
    pub fn mismatch(&self) -> Option<&PaperError> {
        self.mismatch.as_ref()
    }

    /// Whether the copy belongs to a valid transcript: its reference is this document's and the
    /// document verified valid. A copy of a transcript that is no longer valid (revoked,
    /// withdrawn) matches, but does not belong.
    pub fn belongs(&self) -> bool {
        self.mismatch.is_none() && self.verification.report().verdict() == Verdict::Valid
    }

    /// The conclusion for a person, in `language`: the copy belongs; it is of this transcript,
    /// which is not valid; or it does not match, and why.
    pub fn message(&self, language: Language) -> String {
        let verdict = self.verification.report().verdict();
        let words = match &self.mismatch {
            None if verdict == Verdict::Valid => wording::belongs(&self.reference.to_string()),
            None => wording::matches_not_valid(verdict.label(Language::Vi), verdict.label(Language::En)),
            Some(mismatch) => wording::does_not_belong(&mismatch.words()),
        };
        match language {
            Language::Vi => words.vi,
            Language::En => words.en,
        }
    }
}

/// Checks a paper copy's `reference` (the QR code's text) against the signed document `xml`:
/// reads the reference (an error if it is not in the format), verifies the document with
/// `verifier` as for any document, then compares the reference with the one of the transcript its
/// signatures cover.
pub fn check(verifier: &Verifier, reference: &str, xml: &[u8]) -> Result<PaperCheck, Error> {
    let reference = PaperReference::parse(reference)?;
    let verification = verifier.verify(xml)?;
    let signed = verification.transcript().and_then(TranscriptVerification::signed_transcript);
    let mismatch = match signed {
        Some(transcript) => reference.compare(&PaperReference::of_signed(transcript)).err(),
        None => Some(PaperError::Unverified),
    };
    Ok(PaperCheck { reference, verification, mismatch })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> PaperReference {
        PaperReference {
            record: "HB01-THCS:2022/0100543210".into(),
            years: vec!["2022-2023".into(), "2023-2024".into()],
            digest: core::array::from_fn(|i| (i * 37 + 5) as u8),
        }
    }

    #[test]
    fn the_text_reads_back() {
        let text = reference().to_string();
        assert!(text.starts_with("HOCBA1:2022-2023+2023-2024:"), "{text}");
        assert_eq!(text.split(':').nth(2).unwrap().len(), 32);
        assert_eq!(PaperReference::parse(&format!(" {text}\n")).unwrap(), reference());
    }

    #[test]
    fn base32_is_rfc_4648() {
        // RFC 4648, section 10: BASE32("fooba") = "MZXW6YTB", five bytes at a time.
        let mut bytes = [0u8; DIGEST_BYTES];
        for chunk in bytes.chunks_mut(5) {
            chunk.copy_from_slice(b"fooba");
        }
        assert_eq!(base32_encode(&bytes), "MZXW6YTB".repeat(4));
        assert_eq!(base32_decode(&"MZXW6YTB".repeat(4)), Some(bytes));
    }

    #[test]
    fn malformed_references_say_which_part() {
        let good = reference().to_string();
        let digest = good.split(':').nth(2).unwrap().to_owned();
        let cases = [
            ("HOCBA2:2022-2023:X:Y".to_owned(), ReferencePart::Layout),
            ("HOCBA1:2022-2023".to_owned(), ReferencePart::Layout),
            ("x".repeat(600), ReferencePart::Layout),
            (good.replace("2022-2023+", "2022-2024+"), ReferencePart::Years),
            (good.replace("2022-2023+", "+"), ReferencePart::Years),
            (format!("HOCBA1:{}:{digest}:R", vec!["2022-2023"; 13].join("+")), ReferencePart::Years),
            (good.replace(&digest, &digest.to_lowercase()), ReferencePart::Digest),
            (good.replace(&digest, &digest[1..]), ReferencePart::Digest),
            (good.replace(&digest, &format!("{}1", &digest[1..])), ReferencePart::Digest),
            (format!("HOCBA1:2022-2023:{digest}:"), ReferencePart::Record),
            (format!("HOCBA1:2022-2023:{digest}:A\u{7}B"), ReferencePart::Record),
        ];
        for (text, part) in cases {
            let error = PaperReference::parse(&text).unwrap_err();
            assert_eq!(error, PaperError::Malformed(part), "{text}");
            assert_eq!(error.code(), crate::Code::PaperReferenceMalformed);
            assert!(error.message_vi().starts_with("Mã xác minh"), "{}", error.message_vi());
        }
    }

    #[test]
    fn each_difference_has_its_own_error() {
        let held = reference();
        let mut other = held.clone();
        other.record.push('9');
        assert_eq!(other.compare(&held).unwrap_err().code(), crate::Code::PaperOtherRecord);
        let mut other = held.clone();
        other.years.pop();
        assert_eq!(other.compare(&held).unwrap_err().code(), crate::Code::PaperOtherYears);
        let mut other = held.clone();
        other.digest[19] ^= 1;
        assert_eq!(other.compare(&held), Err(PaperError::DigestMismatch));
        assert_eq!(held.compare(&held.clone()), Ok(()));
    }
}
