//! The overall answer about a document or a signature: shared by trust ([`crate::pki`]) and the
//! report ([`crate::report`]), which re-exports it.

use serde::Serialize;

/// The overall answer, for the document and for each signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every signature verified, its certificate chains to a trust anchor and is not revoked.
    Valid,
    /// Something could not be determined (revocation status unknown under `require`).
    Undetermined,
    /// A signature or certificate is definitely not acceptable.
    Invalid,
}

impl Verdict {
    /// The verdict as reports and JSON write it: `valid`, `undetermined`, `invalid`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Undetermined => "undetermined",
            Verdict::Invalid => "invalid",
        }
    }

    /// Every verdict: valid, then the two that are not.
    pub const ALL: [Verdict; 3] = [Verdict::Valid, Verdict::Invalid, Verdict::Undetermined];
}
