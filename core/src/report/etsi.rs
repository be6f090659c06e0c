//! Each signature's status in the terms of ETSI EN 319 102-1 (clause 5.1.3), which the EU
//! reference validator (DSS) reports, beside the project's own verdict.
//!
//! A signature the verdict says valid is `TOTAL_PASSED`. Otherwise the status is that of the
//! decisive problem, under the indication the standard files its reason under: the first problem
//! (in the order the checks found them: the signature's syntax and digests, its value, the
//! signer's certificate, the signing time, the path, revocation, the approval lists) whose reason
//! is `TOTAL_FAILED`, else the first whose reason is `INDETERMINATE`. So the pairs are always the
//! standard's, as DSS reports them: a certificate that does not chain to a trusted root is
//! `INDETERMINATE` / `NO_CERTIFICATE_CHAIN_FOUND` even where this verifier's policy makes the
//! signature invalid (the project's verdict says that, beside it). `ETSI.md` at the repository's
//! root lists every code.

use std::fmt;

use serde::Serialize;

use super::Finding;
use crate::Code;
use crate::verdict::Verdict;

/// The main status indication of a signature (EN 319 102-1, Table 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EtsiIndication {
    /// `TOTAL_PASSED`: the signature is valid.
    TotalPassed,
    /// `INDETERMINATE`: what is at hand does not settle it.
    Indeterminate,
    /// `TOTAL_FAILED`: the signature is not acceptable.
    TotalFailed,
}

impl EtsiIndication {
    /// Every indication, passed first.
    pub const ALL: [EtsiIndication; 3] =
        [EtsiIndication::TotalPassed, EtsiIndication::TotalFailed, EtsiIndication::Indeterminate];

    /// The indication as DSS writes it: `TOTAL_PASSED`, `TOTAL_FAILED`, `INDETERMINATE`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EtsiIndication::TotalPassed => "TOTAL_PASSED",
            EtsiIndication::TotalFailed => "TOTAL_FAILED",
            EtsiIndication::Indeterminate => "INDETERMINATE",
        }
    }
}

macro_rules! sub_indications {
    ($($(#[doc = $doc:literal])* $variant:ident = $text:literal under $indication:ident,)*) => {
        /// Why a signature is not `TOTAL_PASSED` (EN 319 102-1, Table 6), named as the standard
        /// and DSS write it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum EtsiSubIndication {
            $($(#[doc = $doc])* $variant,)*
        }

        impl EtsiSubIndication {
            /// Every sub-indication, in the standard's order.
            pub const ALL: &'static [EtsiSubIndication] = &[$(EtsiSubIndication::$variant,)*];

            /// The sub-indication as written: `OUT_OF_BOUNDS_NO_POE`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(EtsiSubIndication::$variant => $text,)*
                }
            }

            /// The indication the standard files it under (EN 319 102-1, Table 6).
            pub const fn standard_indication(self) -> EtsiIndication {
                match self {
                    $(EtsiSubIndication::$variant => EtsiIndication::$indication,)*
                }
            }
        }
    };
}

sub_indications! {
    /// The signature is not well formed enough to be checked.
    FormatFailure = "FORMAT_FAILURE" under TotalFailed,
    /// A signed data object's digest does not match.
    HashFailure = "HASH_FAILURE" under TotalFailed,
    /// The signature value does not verify with the signer's key.
    SigCryptoFailure = "SIG_CRYPTO_FAILURE" under TotalFailed,
    /// The signing certificate was revoked, and the signature is proven made after.
    Revoked = "REVOKED" under TotalFailed,
    /// The signature is proven made after the signing certificate expired.
    Expired = "EXPIRED" under TotalFailed,
    /// The signature is proven made before the signing certificate became valid.
    NotYetValid = "NOT_YET_VALID" under TotalFailed,
    /// A property of the signature does not meet the validation constraints.
    SigConstraintsFailure = "SIG_CONSTRAINTS_FAILURE" under Indeterminate,
    /// The certificate chain does not meet the validation constraints on certificates.
    ChainConstraintsFailure = "CHAIN_CONSTRAINTS_FAILURE" under Indeterminate,
    /// The certificates at hand gave an error in chain validation, for another reason.
    CertificateChainGeneralFailure = "CERTIFICATE_CHAIN_GENERAL_FAILURE" under Indeterminate,
    /// An algorithm or key size below the required level, in material made after it was.
    CryptoConstraintsFailure = "CRYPTO_CONSTRAINTS_FAILURE" under Indeterminate,
    /// A formal signature policy file could not be processed.
    PolicyProcessingError = "POLICY_PROCESSING_ERROR" under Indeterminate,
    /// The document stating the signature policy is not available.
    SignaturePolicyNotAvailable = "SIGNATURE_POLICY_NOT_AVAILABLE" under Indeterminate,
    /// Time-stamps that break the order they must be in.
    TimestampOrderFailure = "TIMESTAMP_ORDER_FAILURE" under Indeterminate,
    /// The signing certificate cannot be identified.
    NoSigningCertificateFound = "NO_SIGNING_CERTIFICATE_FOUND" under Indeterminate,
    /// No certificate chain was found for the signing certificate.
    NoCertificateChainFound = "NO_CERTIFICATE_CHAIN_FOUND" under Indeterminate,
    /// No chain to an anchor trusted at the validation time, and no proof of when the signature
    /// was made against when the anchor was trusted.
    NoCertificateChainFoundNoPoe = "NO_CERTIFICATE_CHAIN_FOUND_NO_POE" under Indeterminate,
    /// The signing certificate is revoked, and nothing proves the signature made before.
    RevokedNoPoe = "REVOKED_NO_POE" under Indeterminate,
    /// A CA certificate of the chain is revoked, and nothing proves the signature made before.
    RevokedCaNoPoe = "REVOKED_CA_NO_POE" under Indeterminate,
    /// The signing certificate is expired or not yet valid at the validation time, known not
    /// revoked, and nothing proves the signature made while it was valid.
    OutOfBoundsNotRevoked = "OUT_OF_BOUNDS_NOT_REVOKED" under Indeterminate,
    /// The signing certificate is expired or not yet valid at the validation time, and nothing
    /// proves the signature made while it was valid.
    OutOfBoundsNoPoe = "OUT_OF_BOUNDS_NO_POE" under Indeterminate,
    /// The certificate of the revocation data's issuer is out of its validity, and nothing
    /// proves the revocation data made while it was valid.
    RevocationOutOfBoundsNoPoe = "REVOCATION_OUT_OF_BOUNDS_NO_POE" under Indeterminate,
    /// An algorithm or key size below the required level, and nothing proves the material made
    /// while it was considered secure.
    CryptoConstraintsFailureNoPoe = "CRYPTO_CONSTRAINTS_FAILURE_NO_POE" under Indeterminate,
    /// A proof of existence before some compromising event is missing.
    NoPoe = "NO_POE" under Indeterminate,
    /// Revocation status information that may settle it is not available yet.
    TryLater = "TRY_LATER" under Indeterminate,
    /// Signed data cannot be obtained.
    SignedDataNotFound = "SIGNED_DATA_NOT_FOUND" under Indeterminate,
}

impl fmt::Display for EtsiIndication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for EtsiSubIndication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EtsiIndication {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for EtsiSubIndication {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A signature's ETSI status: the indication, and for a signature not `TOTAL_PASSED` the
/// sub-indication of the finding that decided it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct EtsiStatus {
    /// The main indication, the verdict's.
    pub indication: EtsiIndication,
    /// Why it is not `TOTAL_PASSED`; `None` for a passed signature.
    pub sub_indication: Option<EtsiSubIndication>,
}

impl EtsiStatus {
    /// The status of a signature with `verdict` and `problems` (module docs: the precedence).
    pub(crate) fn judge(verdict: Verdict, problems: &[Finding]) -> Self {
        if verdict == Verdict::Valid {
            return EtsiStatus { indication: EtsiIndication::TotalPassed, sub_indication: None };
        }
        let decided: Vec<EtsiStatus> = problems.iter().filter_map(|p| EtsiStatus::for_code(p.code)).collect();
        let first_under = |indication| decided.iter().copied().find(|d| d.indication == indication);
        first_under(EtsiIndication::TotalFailed).or_else(|| first_under(EtsiIndication::Indeterminate)).unwrap_or(
            // A problem of the document's own made the signature fail: no reason of ETSI's.
            EtsiStatus {
                indication: match verdict {
                    Verdict::Invalid => EtsiIndication::TotalFailed,
                    _ => EtsiIndication::Indeterminate,
                },
                sub_indication: None,
            },
        )
    }

    /// The status a problem with `code` gives the signature it is found on: its reason in the
    /// standard's terms, under the indication the standard files it. `None` for a code that never
    /// decides a signature's verdict: the document's own problems (the transcript profile, a
    /// withdrawn year, ...), warnings, and errors of other operations. Every code is here, so a
    /// new one does not build until it is placed.
    pub const fn for_code(code: Code) -> Option<EtsiStatus> {
        use EtsiSubIndication as Sub;
        let sub_indication = match code {
            // Read before any signature, or about the whole document.
            Code::Xml | Code::TooLarge | Code::Io => return None,
            Code::NoSignature | Code::DuplicateId | Code::TooManySignatures | Code::UnexpectedPlace => return None,
            // Signing, not verifying.
            Code::Placement
            | Code::InvalidRequest
            | Code::SigningFailed
            | Code::KeyMismatch
            | Code::InvalidKey
            | Code::NoRandomness
            | Code::WrongFile
            | Code::WrongPassword
            | Code::MissingCertificate
            | Code::CertificateNotForKey
            | Code::CaCertificatePinned
            | Code::TokenUriInvalid
            | Code::NotAPkcs11Module
            | Code::TokenNotFound
            | Code::TokenKeyNotFound
            | Code::TokenAmbiguous
            | Code::TokenPinNeeded
            | Code::TokenPinIncorrect
            | Code::TokenPinLocked
            | Code::TokenRemoved
            | Code::TokenMechanismUnsupported
            | Code::TokenFailed => return None,

            // The signature itself.
            Code::C14n
            | Code::MalformedSignature
            | Code::UnsupportedAlgorithm
            | Code::UnsupportedTransforms
            | Code::Base64
            | Code::SigningTime
            | Code::TooManyReferences
            | Code::TooManyTransforms
            | Code::TooManyPrefixes
            | Code::TooManyKeyCandidates
            | Code::KeyTryBudget
            | Code::CanonicalizationBudget
            | Code::ValidationDataMalformed
            | Code::XPathNotSupported
            | Code::TransformOutput
            | Code::SignatureNotIdentified => Sub::FormatFailure,
            Code::DigestMismatch => Sub::HashFailure,
            Code::BadSignature => Sub::SigCryptoFailure,
            Code::UnsupportedReference | Code::UnresolvedReference => Sub::SignedDataNotFound,
            Code::WeakAlgorithm | Code::WeakKey => Sub::CryptoConstraintsFailureNoPoe,
            Code::DisallowedAlgorithm | Code::WeakKeyInPath => Sub::CryptoConstraintsFailure,
            Code::NotCovered
            | Code::Misplaced
            | Code::KeyValueMismatch
            | Code::SigningTimeInFuture
            | Code::TimeStampInvalid => Sub::SigConstraintsFailure,

            // The signer's certificate and its path.
            Code::KeyInfo | Code::NoTrustedKey | Code::NoSignerCertificate | Code::CertificateMalformed => {
                Sub::NoSigningCertificateFound
            }
            Code::Untrusted => Sub::NoCertificateChainFound,
            Code::PathSearchBudget => Sub::NoCertificateChainFound,
            Code::CertificateSignatureInvalid => Sub::CertificateChainGeneralFailure,
            Code::CertificatePathInvalid | Code::KeyUsage | Code::ExtendedKeyUsage | Code::CertificatePolicy => {
                Sub::ChainConstraintsFailure
            }
            Code::CertificateExpired | Code::SigningTimeAfterCertificate => Sub::Expired,
            Code::CertificateNotYetValid | Code::SigningTimeBeforeCertificate => Sub::NotYetValid,
            Code::OutOfBoundsNoPoe => Sub::OutOfBoundsNoPoe,

            // Revocation.
            Code::Revoked => Sub::Revoked,
            Code::RevokedNoPoe => Sub::RevokedNoPoe,
            Code::CertificateOnHold | Code::RevocationUnknown => Sub::TryLater,
            // Remarks only: the signature stands, or its time-stamp is set aside and the
            // signature judged without it.
            Code::PinnedKey
            | Code::RevokedAfterSigning
            | Code::RevocationOff
            | Code::SigningTimeClaimed
            | Code::TimeStampExpired
            | Code::TimeStampAuthorityRevoked
            | Code::TimeStampRevocationUnknown => return None,
            // The archive time-stamps are the document's: they never decide one signature.
            Code::ArchiveMalformed
            | Code::ArchiveAltered
            | Code::ArchiveTimeStampInvalid
            | Code::ArchiveTimeStampOrder
            | Code::ArchiveRefused => return None,
            // Errors of reading or fetching revocation data; verification reports the status as
            // unknown instead.
            Code::CrlMalformed | Code::OcspResponseMalformed | Code::FetchFailed | Code::Offline => return None,

            // The transcript and records checked together: the document's problems.
            Code::NotATranscript
            | Code::TranscriptProfile
            | Code::Withdrawn
            | Code::SignerNotNamedInTranscript
            | Code::StaleVersion
            | Code::DifferentRecord
            | Code::TranscriptUnwritable
            | Code::MissingElement
            | Code::UnexpectedElement
            | Code::MixedContent
            | Code::InvalidCode
            | Code::InvalidScore
            | Code::InvalidDate
            | Code::InvalidValue
            | Code::EmptyField
            | Code::InvalidVersion
            | Code::InvalidLevel
            | Code::YearOrder
            | Code::IdentityMismatch
            | Code::ReservedId
            | Code::GradeOutOfLevel
            | Code::InvalidPersonalId
            | Code::DateOrder
            | Code::ResultsWrongLevel
            | Code::ScoreNotAllowed
            | Code::PrimaryResult
            | Code::SupplementarySubject
            | Code::SupplementaryOutcome
            | Code::DuplicateSubject
            | Code::LearningResult
            | Code::SummerTraining
            | Code::AssessmentKind
            | Code::TooManyRegular
            | Code::RegularCount
            | Code::TermAverage
            | Code::YearAverage
            | Code::Title
            | Code::Promotion
            | Code::Completion
            | Code::Retest
            | Code::Supplementary
            | Code::StudentNameDiffers
            | Code::SchoolYearRepeated
            | Code::SchoolYearMissing
            | Code::YearSignedByOtherSchool => return None,

            // The approval lists: a constraint on the signer's certificate, like a trusted list.
            Code::SignerNotApproved | Code::ApprovalSuspended => Sub::ChainConstraintsFailure,
            // No longer approved, and nothing proves the signature made while it was.
            Code::ApprovalNotProven => Sub::NoPoe,
            // The lists themselves, or the document's questions they leave open.
            Code::ApprovalDocumentMalformed
            | Code::ApprovalDocumentUntrusted
            | Code::ApprovalSignerNotAllowed
            | Code::ApprovalEditRefused
            | Code::ApprovalListUnavailable
            | Code::ApprovalNotChecked
            | Code::SchoolNotListed
            | Code::ApprovalConflict
            | Code::ApprovalListRolledBack
            | Code::ApprovalListStale
            | Code::SealMissing
            | Code::YearWithdrawn
            | Code::SignerOfOtherSchool => return None,

            // Paper copies: the copy against the file, not a signature.
            Code::PaperReferenceMalformed
            | Code::PaperOtherRecord
            | Code::PaperOtherYears
            | Code::PaperDigestMismatch
            | Code::PdfMalformed
            | Code::PdfNoTranscript => return None,

            // Errors of the library and of front ends.
            Code::NotValid
            | Code::Internal
            | Code::InvalidSetting
            | Code::NotFound
            | Code::StdinTooLarge
            | Code::PathTooLong
            | Code::PathNulByte
            | Code::Fifo
            | Code::Device
            | Code::Socket
            | Code::NotAFile
            | Code::LinkNotFollowed
            | Code::Unreadable => return None,
        };
        Some(EtsiStatus { indication: sub_indication.standard_indication(), sub_indication: Some(sub_indication) })
    }
}

/// The document's summary as DSS's simple report gives it: how many signatures, and how many of
/// them `TOTAL_PASSED`. The document's own verdict stays the report's: a transcript whose
/// signatures all pass can still be invalid for the profile or a withdrawn year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EtsiSummary {
    /// Signatures in the document.
    pub signatures_count: usize,
    /// Signatures whose indication is `TOTAL_PASSED`.
    pub valid_signatures_count: usize,
}

impl EtsiSummary {
    pub(crate) fn of(signatures: &[super::SignatureReport]) -> Self {
        EtsiSummary {
            signatures_count: signatures.len(),
            valid_signatures_count: signatures
                .iter()
                .filter(|s| s.etsi.indication == EtsiIndication::TotalPassed)
                .count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code placed under an indication names a reason, under the standard's indication.
    #[test]
    fn a_decided_status_always_names_a_reason() {
        for code in Code::ALL {
            if let Some(status) = EtsiStatus::for_code(*code) {
                assert_ne!(status.indication, EtsiIndication::TotalPassed, "{code}");
                let sub = status.sub_indication.expect("a reason");
                assert_eq!(status.indication, sub.standard_indication(), "{code}");
            }
        }
    }

    #[test]
    fn the_status_follows_the_verdict_and_the_first_decisive_problem() {
        let finding = |code| Finding::new(code, "", "");
        let problems = [finding(Code::RevokedNoPoe), finding(Code::Revoked), finding(Code::DigestMismatch)];
        let failed = EtsiStatus::judge(Verdict::Invalid, &problems);
        assert_eq!(
            failed,
            EtsiStatus { indication: EtsiIndication::TotalFailed, sub_indication: Some(EtsiSubIndication::Revoked) }
        );
        let open = EtsiStatus::judge(Verdict::Undetermined, &problems[..1]);
        assert_eq!(open.sub_indication, Some(EtsiSubIndication::RevokedNoPoe));
        let passed = EtsiStatus::judge(Verdict::Valid, &[]);
        assert_eq!(passed, EtsiStatus { indication: EtsiIndication::TotalPassed, sub_indication: None });
        assert_eq!(
            serde_json::to_string(&failed).unwrap(),
            r#"{"indication":"TOTAL_FAILED","sub_indication":"REVOKED"}"#
        );
    }
}
