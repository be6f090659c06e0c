//! What the caller chooses: which paths, times and revocation answers are acceptable. Plain
//! values, read by every step of a verification.

use der::oid::ObjectIdentifier;

/// The certificate policy of VGCA's government public-service certificates.
pub const VGCA_POLICY: &str = "2.16.704.1.1.1.1.1";

/// What a path must satisfy besides RFC 5280's own rules.
#[derive(Clone, Debug)]
pub struct PathPolicy {
    /// Certificate policies one of which the whole path must assert (e.g. [`VGCA_POLICY`]).
    /// Default: none required.
    pub required_policies: Vec<ObjectIdentifier>,
    /// Smallest RSA modulus accepted anywhere in the path: the signer's own key, every issuer's
    /// and the anchor's. Default: 2048.
    pub min_rsa_bits: u16,
    /// Accept SHA-1 certificate signatures (the G1 generation). Default: false.
    pub allow_sha1: bool,
}

impl Default for PathPolicy {
    fn default() -> Self {
        PathPolicy { required_policies: Vec::new(), min_rsa_bits: 2048, allow_sha1: false }
    }
}

/// What the certificate at the start of a path is for: RFC 5280 leaves the end entity's key
/// usage to the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Signing documents: digitalSignature or nonRepudiation, and no extended key usage or one
    /// that names a signer's purpose and no service (OCSP signing, time stamping).
    DocumentSigning,
    /// Whatever the certificate's own extensions allow (a CA, a responder, a TSA: their own
    /// extended key usages are checked where they are used).
    Any,
}

/// Which time a signer's certificate is judged at. A signer's claimed `SigningTime` is reported
/// and checked for consistency (not before the certificate's validity, not after it, not after the
/// verification time) under every policy, but only [`TimePolicy::ClaimedSigningTime`] judges
/// at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TimePolicy {
    /// A verified time-stamp's proven time, else the verification time (ETSI EN 319 102-1): a
    /// certificate that has expired by then, with no proof the signature existed before,
    /// leaves the signature undetermined (`out-of-bounds-no-poe`). The default; `"timestamp"`.
    #[default]
    TimeStampOrNow,
    /// Always the verification time, even when a time-stamp proves an earlier one; `"now"`.
    VerificationTime,
    /// Legacy, on request only: a time-stamp's time, else the signer's claimed `SigningTime`,
    /// else the verification time; `"claimed"`. A claim is the signer's own word: an expired or
    /// compromised key can sign back-dated documents that verify under this policy.
    ClaimedSigningTime,
}

impl TimePolicy {
    /// Every policy, the default first.
    pub const ALL: [TimePolicy; 3] =
        [TimePolicy::TimeStampOrNow, TimePolicy::VerificationTime, TimePolicy::ClaimedSigningTime];

    /// The name the front ends take: `timestamp`, `now`, `claimed`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TimePolicy::TimeStampOrNow => "timestamp",
            TimePolicy::VerificationTime => "now",
            TimePolicy::ClaimedSigningTime => "claimed",
        }
    }
}

impl std::fmt::Display for TimePolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for TimePolicy {
    type Err = crate::InvalidSetting;
    /// `timestamp`, `now` or `claimed` ([`TimePolicy::as_str`]).
    fn from_str(s: &str) -> Result<Self, crate::InvalidSetting> {
        TimePolicy::ALL
            .into_iter()
            .find(|policy| policy.as_str() == s)
            .ok_or_else(|| crate::InvalidSetting::new("time", s, "timestamp, now or claimed"))
    }
}

/// How much revocation matters to the verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevocationPolicy {
    /// A status that cannot be determined leaves the signature undetermined (the default).
    #[default]
    Require,
    /// A status that cannot be determined is a warning; a revoked certificate still fails.
    SoftFail,
    /// Revocation is not checked (reported as not checked).
    Off,
}

impl RevocationPolicy {
    /// Every policy, the default first.
    pub const ALL: [RevocationPolicy; 3] =
        [RevocationPolicy::Require, RevocationPolicy::SoftFail, RevocationPolicy::Off];

    /// The name the front ends take and the report writes: `require`, `soft-fail`, `off`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RevocationPolicy::Require => "require",
            RevocationPolicy::SoftFail => "soft-fail",
            RevocationPolicy::Off => "off",
        }
    }
}

impl std::fmt::Display for RevocationPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RevocationPolicy {
    type Err = crate::InvalidSetting;
    /// `require`, `soft-fail` or `off` ([`RevocationPolicy::as_str`]).
    fn from_str(s: &str) -> Result<Self, crate::InvalidSetting> {
        RevocationPolicy::ALL
            .into_iter()
            .find(|policy| policy.as_str() == s)
            .ok_or_else(|| crate::InvalidSetting::new("revocation", s, "require, soft-fail or off"))
    }
}

/// How far a signer's clock may be from the verifier's before a claimed time is held against it.
pub(crate) const CLOCK_SKEW_SECONDS: i64 = 5 * 60;
