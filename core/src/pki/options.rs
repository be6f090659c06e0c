//! How signers are trusted: the configuration every step of a verification reads.

use std::sync::Arc;

use super::certificate::Certificate;
use super::policy::{PathPolicy, RevocationPolicy, TimePolicy};
use super::trust::TrustStore;
use super::validator::{CertvalValidator, PathValidator};
use crate::cache::Caches;
use crate::time::UtcTime;

/// How signers are trusted.
#[derive(Clone, Debug)]
pub struct TrustOptions {
    /// Default: [`TrustStore::government`].
    pub trust: TrustStore,
    /// Intermediates offered to path building besides those in each signature's `KeyInfo`.
    pub intermediates: Vec<Certificate>,
    /// What paths must satisfy besides RFC 5280. Default: [`PathPolicy::default`] (no required
    /// policy, RSA keys of at least 2048 bits, no SHA-1).
    pub path: PathPolicy,
    /// Default: `require`.
    pub revocation: RevocationPolicy,
    /// Which time signers' certificates are judged at. Default: [`TimePolicy::TimeStampOrNow`].
    pub time: TimePolicy,
    /// The verification time ("now"). Default: the system clock where there is one, read once at
    /// the start of each verification. Set it to check as of another moment
    /// (`hocba verify --at`); the WASM build must set it.
    pub now: Option<UtcTime>,
    /// Default: [`CertvalValidator`].
    pub validator: Arc<dyn PathValidator>,
    /// Validated paths, checked CRLs and issuers' keys, kept between documents. Default: new,
    /// empty caches; clones of these options share them.
    pub caches: Caches,
}

impl Default for TrustOptions {
    fn default() -> Self {
        TrustOptions {
            trust: TrustStore::government(),
            intermediates: Vec::new(),
            path: PathPolicy::default(),
            revocation: RevocationPolicy::Require,
            time: TimePolicy::TimeStampOrNow,
            now: None,
            validator: Arc::new(CertvalValidator),
            caches: Caches::default(),
        }
    }
}

impl TrustOptions {
    /// The verification time: [`TrustOptions::now`] if set, else the system clock. The only place
    /// the clock is read; a verification reads it once, at its start, and passes it down.
    pub(crate) fn now(&self) -> Result<UtcTime, crate::Error> {
        if let Some(now) = self.now {
            return Ok(now);
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            Ok(UtcTime::from_system_time(std::time::SystemTime::now()))
        }
        #[cfg(target_arch = "wasm32")]
        {
            Err(crate::Error::Dsig(crate::dsig::DsigError::InvalidRequest("the verification time must be given")))
        }
    }
}
