//! The one list of stable codes the library reports: every finding of a verification or a
//! validation, and every error, has one. Codes are kebab-case and never change meaning; the
//! bindings hand them over as they are, and take their lists from [`Code::ALL`].

use std::fmt;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $text:literal,)*) => {
        /// A stable, machine-readable code for what was found or what went wrong. The wording
        /// for people, in Vietnamese and English, is in [`crate::report`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the order of this list.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written in reports and JSON: `digest-mismatch`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    // Reading and canonicalizing XML.
    /// The input is not acceptable XML (malformed, or refused for safety: a DOCTYPE, too deep, ...).
    Xml = "xml",
    /// The input is larger than allowed.
    TooLarge = "too-large",
    /// A document or subset cannot be canonicalized.
    C14n = "c14n",
    /// Reading or writing a file failed.
    Io = "io",

    // XML signatures.
    /// The document has no `ds:Signature`.
    NoSignature = "no-signature",
    /// A `ds:Signature` breaks the XMLDSig syntax.
    MalformedSignature = "malformed-signature",
    /// An algorithm that is not supported (or not allowed: MD5, DSA, HMAC, XSLT).
    UnsupportedAlgorithm = "unsupported-algorithm",
    /// SHA-1 without the legacy option.
    WeakAlgorithm = "weak-algorithm",
    /// A reference that is not a same-document reference.
    UnsupportedReference = "unsupported-reference",
    /// A reference to an Id no element has.
    UnresolvedReference = "unresolved-reference",
    /// An Id that occurs twice (signature wrapping), in a signature's document or the transcript.
    DuplicateId = "duplicate-id",
    /// More references in one `SignedInfo` than allowed.
    TooManyReferences = "too-many-references",
    /// More transforms on one reference than allowed.
    TooManyTransforms = "too-many-transforms",
    /// More signatures in one document than allowed.
    TooManySignatures = "too-many-signatures",
    /// More prefixes in an exclusive canonicalization's `PrefixList` than allowed.
    TooManyPrefixes = "too-many-prefixes",
    /// More key candidates in a `KeyInfo` than allowed.
    TooManyKeyCandidates = "too-many-key-candidates",
    /// More failed key tries in one document than allowed.
    KeyTryBudget = "key-try-budget",
    /// More canonicalization work in one document than allowed.
    CanonicalizationBudget = "canonicalization-budget",
    /// A chain of transforms that is not supported.
    UnsupportedTransforms = "unsupported-transforms",
    /// An XPath transform other than the idioms that leave signatures out.
    XPathNotSupported = "xpath-not-supported",
    /// The output of a canonicalization cannot be read again for the next transform.
    TransformOutput = "transform-output",
    /// The signature an enveloped-signature transform removes cannot be identified after a
    /// canonicalization.
    SignatureNotIdentified = "signature-not-identified",
    /// Base64 that does not decode.
    Base64 = "base64",
    /// What a reference covers changed after signing.
    DigestMismatch = "digest-mismatch",
    /// The signature value does not verify with the signer's key.
    BadSignature = "bad-signature",
    /// A key too small to be trusted.
    WeakKey = "weak-key",
    /// A signature does not cover what it must.
    NotCovered = "not-covered",
    /// A covered element is not where it must be.
    Misplaced = "misplaced",
    /// A `KeyInfo` that cannot be used.
    KeyInfo = "key-info",
    /// A `KeyValue` that is not the certificate's key.
    KeyValueMismatch = "key-value-mismatch",
    /// A `SigningTime` that cannot be read.
    SigningTime = "signing-time",
    /// An algorithm the caller did not allow.
    DisallowedAlgorithm = "disallowed-algorithm",
    /// A signature outside the places allowed.
    UnexpectedPlace = "unexpected-place",
    /// No pinned key verifies the signature.
    NoTrustedKey = "no-trusted-key",
    /// A signature cannot be placed where asked.
    Placement = "placement",
    /// A signing request that cannot be carried out.
    InvalidRequest = "invalid-request",
    /// The signer (key, token, service) failed.
    SigningFailed = "signing-failed",
    /// A key that does not go with the algorithm.
    KeyMismatch = "key-mismatch",
    /// A key that cannot be read or used.
    InvalidKey = "invalid-key",
    /// No randomness could be had.
    NoRandomness = "no-randomness",
    /// A file that holds another kind of thing than the one expected (a certificate given as the
    /// private key, a key as a certificate, a text file as either).
    WrongFile = "wrong-file",
    /// A password that does not open a PKCS#12 file.
    WrongPassword = "wrong-password",
    /// A private key to sign with, and no certificate for it.
    MissingCertificate = "missing-certificate",
    /// A private key to sign with, and a certificate that is not that key's.
    CertificateNotForKey = "certificate-not-for-key",
    /// A CA certificate given as a signer's to pin: its key signs certificates, not documents.
    CaCertificatePinned = "ca-certificate-pinned",

    // Keys on PKCS#11 tokens.
    /// A PKCS#11 URI that cannot be read or asks for something refused, or no module named.
    TokenUriInvalid = "token-uri-invalid",
    /// A file that is not a PKCS#11 module.
    NotAPkcs11Module = "not-a-pkcs11-module",
    /// No token matches the URI.
    TokenNotFound = "token-not-found",
    /// No private key (or no certificate for it) on the token matches the URI.
    TokenKeyNotFound = "token-key-not-found",
    /// More than one token or key matches the URI.
    TokenAmbiguous = "token-ambiguous",
    /// The token needs a PIN and none could be had.
    TokenPinNeeded = "token-pin-needed",
    /// The token refused the PIN.
    TokenPinIncorrect = "token-pin-incorrect",
    /// The token's PIN is locked.
    TokenPinLocked = "token-pin-locked",
    /// The token was removed while in use.
    TokenRemoved = "token-removed",
    /// The token offers no mechanism for the signature algorithm.
    TokenMechanismUnsupported = "token-mechanism-unsupported",
    /// Another failure the token's module reported.
    TokenFailed = "token-failed",

    // Trust in signers.
    /// The signer's key is pinned by the caller: no path and no revocation are checked.
    PinnedKey = "pinned-key",
    /// No certificate in the signature's `KeyInfo` holds the key that verified it.
    NoSignerCertificate = "no-signer-certificate",
    /// A certificate that cannot be read.
    CertificateMalformed = "certificate-malformed",
    /// No path from the signer's certificate to a trust anchor.
    Untrusted = "untrusted",
    /// A certificate of the path was expired at the time that matters.
    CertificateExpired = "certificate-expired",
    /// A certificate of the path was not yet valid at the time that matters.
    CertificateNotYetValid = "certificate-not-yet-valid",
    /// A certificate's signature does not verify with its issuer's key.
    CertificateSignatureInvalid = "certificate-signature-invalid",
    /// The path breaks another RFC 5280 rule.
    CertificatePathInvalid = "certificate-path-invalid",
    /// A key usage that does not allow signing documents.
    KeyUsage = "key-usage",
    /// An extended key usage that does not allow signing documents.
    ExtendedKeyUsage = "extended-key-usage",
    /// The required certificate policy is not on the path.
    CertificatePolicy = "certificate-policy",
    /// An RSA key too short in the path.
    WeakKeyInPath = "weak-key-in-path",
    /// Too many certificates offered to build a path from.
    PathSearchBudget = "path-search-budget",
    /// The signer's certificate is revoked.
    Revoked = "revoked",
    /// Revoked after the signing time, for a reason that does not touch earlier signatures.
    RevokedAfterSigning = "revoked-after-signing",
    /// Revoked, and no proof that the signature existed before.
    RevokedNoPoe = "revoked-no-poe",
    /// The certificate is on hold.
    CertificateOnHold = "certificate-on-hold",
    /// The revocation status is not known.
    RevocationUnknown = "revocation-unknown",
    /// Revocation was not checked, as the caller asked.
    RevocationOff = "revocation-off",
    /// The certificate has expired, and no time-stamp proves the signature existed before.
    OutOfBoundsNoPoe = "out-of-bounds-no-poe",
    /// The signing time is only the signer's claim.
    SigningTimeClaimed = "signing-time-claimed",
    /// The claimed signing time is in the future.
    SigningTimeInFuture = "signing-time-in-future",
    /// The claimed signing time is before the certificate's validity.
    SigningTimeBeforeCertificate = "signing-time-before-certificate",
    /// The claimed signing time is after the certificate's validity.
    SigningTimeAfterCertificate = "signing-time-after-certificate",
    /// A time-stamp that does not verify or cannot be read.
    TimeStampInvalid = "time-stamp-invalid",
    /// The time-stamping authority's certificate has expired.
    TimeStampExpired = "time-stamp-expired",
    /// The time-stamping authority's certificate is revoked.
    TimeStampAuthorityRevoked = "time-stamp-authority-revoked",
    /// The time-stamping authority's revocation status is not known.
    TimeStampRevocationUnknown = "time-stamp-revocation-unknown",
    /// The document's archive time-stamps are not laid out as the profile says, or one cannot be
    /// read.
    ArchiveMalformed = "archive-malformed",
    /// The document was changed after an archive time-stamp was added.
    ArchiveAltered = "archive-altered",
    /// An archive time-stamp does not verify (its signature, or its authority's path at its time).
    ArchiveTimeStampInvalid = "archive-time-stamp-invalid",
    /// An archive time-stamp is dated before one it covers.
    ArchiveTimeStampOrder = "archive-time-stamp-order",
    /// An archive time-stamp was not added: the document is invalid.
    ArchiveRefused = "archive-refused",
    /// Embedded validation data that cannot be read.
    ValidationDataMalformed = "validation-data-malformed",
    /// A CRL that cannot be read.
    CrlMalformed = "crl-malformed",
    /// An OCSP response that cannot be read.
    OcspResponseMalformed = "ocsp-response-malformed",
    /// Fetching revocation data or a time-stamp failed.
    FetchFailed = "fetch-failed",
    /// The network is needed but off.
    Offline = "offline",

    // Transcripts.
    /// The document is not a transcript.
    NotATranscript = "not-a-transcript",
    /// The transcript is not signed as the profile requires.
    TranscriptProfile = "transcript-profile",
    /// The transcript was withdrawn.
    Withdrawn = "withdrawn",
    /// The signer is not the person the year names.
    SignerNotNamedInTranscript = "signer-not-named-in-transcript",
    /// Not a newer version than the one held.
    StaleVersion = "stale-version",
    /// Another record than the one held.
    DifferentRecord = "different-record",
    /// A transcript model that cannot be written as XML.
    TranscriptUnwritable = "transcript-unwritable",
    /// A required element is missing.
    MissingElement = "missing-element",
    /// An element the schema does not allow there.
    UnexpectedElement = "unexpected-element",
    /// Text between elements.
    MixedContent = "mixed-content",
    /// A code not in its list.
    InvalidCode = "invalid-code",
    /// A score out of range or badly written.
    InvalidScore = "invalid-score",
    /// A date that does not exist or is badly written.
    InvalidDate = "invalid-date",
    /// A value of the wrong form.
    InvalidValue = "invalid-value",
    /// A required field left empty.
    EmptyField = "empty-field",
    /// A record version that is not a positive number.
    InvalidVersion = "invalid-version",
    /// A school level that is not primary or lower secondary.
    InvalidLevel = "invalid-level",
    /// School years out of order.
    YearOrder = "year-order",
    /// The student's identity differs between years.
    IdentityMismatch = "identity-mismatch",
    /// A data element takes the `Id` of a signature.
    ReservedId = "reserved-id",
    /// A grade outside the school level.
    GradeOutOfLevel = "grade-out-of-level",
    /// A personal identification number of the wrong form.
    InvalidPersonalId = "invalid-personal-id",
    /// Dates in the wrong order.
    DateOrder = "date-order",
    /// Results of the other school level.
    ResultsWrongLevel = "results-wrong-level",
    /// A score where the subject is assessed by comments.
    ScoreNotAllowed = "score-not-allowed",
    /// A primary year's result that does not follow from its assessments.
    PrimaryResult = "primary-result",
    /// A supplementary assessment of a subject the year does not have.
    SupplementarySubject = "supplementary-subject",
    /// A supplementary assessment's outcome that does not follow.
    SupplementaryOutcome = "supplementary-outcome",
    /// A subject recorded twice.
    DuplicateSubject = "duplicate-subject",
    /// A learning result that does not follow from the averages.
    LearningResult = "learning-result",
    /// Summer conduct training without its conditions.
    SummerTraining = "summer-training",
    /// An assessment kind the subject does not take.
    AssessmentKind = "assessment-kind",
    /// More regular scores than allowed.
    TooManyRegular = "too-many-regular",
    /// Fewer regular scores than required.
    RegularCount = "regular-count",
    /// A term average that does not follow from the scores.
    TermAverage = "term-average",
    /// A year average that does not follow from the term averages.
    YearAverage = "year-average",
    /// A title (khen thưởng) the results do not earn.
    Title = "title",
    /// Promotion that does not follow from the results.
    Promotion = "promotion",
    /// Completion of primary school that does not follow from the results.
    Completion = "completion",
    /// A re-test that does not follow from the results.
    Retest = "retest",
    /// A supplementary assessment that does not follow from the results.
    Supplementary = "supplementary",

    // Records checked together.
    /// The student's name differs between records.
    StudentNameDiffers = "student-name-differs",
    /// A school year in two records.
    SchoolYearRepeated = "school-year-repeated",
    /// A school year missing between two records.
    SchoolYearMissing = "school-year-missing",
    /// A year not signed by people of that year's school.
    YearSignedByOtherSchool = "year-signed-by-other-school",

    // Approved signers and withdrawals (the managing authority's lists).
    /// An approval list or withdrawal request that breaks its schema or layout.
    ApprovalDocumentMalformed = "approval-document-malformed",
    /// An approval list or withdrawal request whose signature does not verify or is not trusted.
    ApprovalDocumentUntrusted = "approval-document-untrusted",
    /// An approval list not signed by a configured authority, or a withdrawal request not signed
    /// by the school's approved principal and seal.
    ApprovalSignerNotAllowed = "approval-signer-not-allowed",
    /// An edit of an approval list that does not fit it.
    ApprovalEditRefused = "approval-edit-refused",
    /// The next edition of an approval list could not be fetched.
    ApprovalListUnavailable = "approval-list-unavailable",
    /// No approval list was checked (none given, or the policy is off).
    ApprovalNotChecked = "approval-not-checked",
    /// No approval list held covers the year's school.
    SchoolNotListed = "school-not-listed",
    /// The approval lists held disagree about the year's school.
    ApprovalConflict = "approval-conflict",
    /// The approval list held is older than an edition seen before.
    ApprovalListRolledBack = "approval-list-rolled-back",
    /// The approval list held is past its next update.
    ApprovalListStale = "approval-list-stale",
    /// A signer not approved for the year's school and role at the signing time.
    SignerNotApproved = "signer-not-approved",
    /// A signer whose approval was suspended by the signing time.
    ApprovalSuspended = "approval-suspended",
    /// A signer no longer approved, whose claimed signing time (within the approval) nothing
    /// proves.
    ApprovalNotProven = "approval-not-proven",
    /// A year without the school seal the approval list requires.
    SealMissing = "seal-missing",
    /// A school year withdrawn by the managing authority.
    YearWithdrawn = "year-withdrawn",
    /// A signer whose certificate names no unit that is the year's school.
    SignerOfOtherSchool = "signer-of-other-school",

    // Paper copies.
    /// A paper copy's verification reference that is not in the format.
    PaperReferenceMalformed = "paper-reference-malformed",
    /// A paper copy of another record than the file's.
    PaperOtherRecord = "paper-other-record",
    /// A paper copy showing other school years than the file holds.
    PaperOtherYears = "paper-other-years",
    /// A paper copy whose digest is not of the file's signatures.
    PaperDigestMismatch = "paper-digest-mismatch",
    /// A PDF that cannot be read, or is beyond the reader's limits.
    PdfMalformed = "pdf-malformed",
    /// A PDF that carries no transcript as an embedded file.
    PdfNoTranscript = "pdf-no-transcript",

    /// The verdict is not valid (the report says why).
    NotValid = "not-valid",
    /// A fault of the library itself, not of the input (to be reported).
    Internal = "internal",

    // What front ends are given.
    /// A setting that is not one of its choices or not of its form.
    InvalidSetting = "invalid-setting",
    /// No element with that Id or name.
    NotFound = "not-found",
    /// The document on stdin is larger than allowed.
    StdinTooLarge = "stdin-too-large",
    /// A line too long in a list of paths.
    PathTooLong = "path-too-long",
    /// A NUL byte in a list of paths.
    PathNulByte = "path-nul-byte",
    /// A pipe, not a file.
    Fifo = "fifo",
    /// A device, not a file.
    Device = "device",
    /// A socket, not a file.
    Socket = "socket",
    /// Not a regular file.
    NotAFile = "not-a-file",
    /// A symbolic link inside a folder, not followed.
    LinkNotFollowed = "link-not-followed",
    /// A file that cannot be read.
    Unreadable = "unreadable",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::str::FromStr for Code {
    type Err = crate::InvalidSetting;
    /// A code as [`Code::as_str`] writes it.
    fn from_str(text: &str) -> Result<Self, crate::InvalidSetting> {
        Code::ALL
            .iter()
            .find(|code| code.as_str() == text)
            .copied()
            .ok_or_else(|| crate::InvalidSetting::new("code", text, "one of hocba::Code::ALL"))
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn codes_are_unique_kebab_case_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{text}");
            assert!(!text.starts_with('-') && !text.ends_with('-') && !text.contains("--"), "{text}");
            assert_eq!(text.parse::<Code>().unwrap(), *code);
        }
        assert!("digest_mismatch".parse::<Code>().is_err());
    }
}
