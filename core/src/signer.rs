//! Signing the one way every front end shares, the counterpart of [`crate::verifier`]: a
//! [`TranscriptSigner`] holds the configuration (trust in the signer, revocation, time-stamping,
//! validation data, the signing time) and signs a transcript's school year in a role, placed,
//! named and countersigned by the profile, or any document by an explicit request.

use std::sync::Arc;

use crate::Error;
use crate::dsig::{self, SignatureRequest, Signer};
use crate::pki::{CheckedSigner, RevocationChecker, RevocationData, SigningOptions, TrustOptions};
use crate::time::UtcTime;
use crate::transcript::Role;

/// Everything a [`TranscriptSigner`] is configured with. The defaults are the safe ones: the
/// signer's certificate is checked (path to the embedded government roots, revocation required,
/// offline), no time-stamp, the system clock's time.
#[derive(Clone, Debug)]
pub struct SignerConfig {
    /// Trust in the signer: anchors, intermediates, path and revocation policy, and the time the
    /// signer's certificate and any time-stamp are checked at (`now`; default: the clock).
    pub trust: TrustOptions,
    /// Where revocation answers for the signer's certificate come from.
    pub revocation: Arc<RevocationChecker>,
    /// Time-stamping and embedded validation data.
    pub signing: SigningOptions,
    /// Check the signer's certificate before signing (Thông tư 15/2025 asks signers to). Default:
    /// true; false signs with any key (test material, pinned-key documents), and then no
    /// time-stamp or validation data can be added.
    pub check_signer: bool,
    /// The `SigningTime` written into a year's signature. Default: `None`, the time the signer
    /// is checked at (`trust.now`, else the clock). The signer is always checked at that time,
    /// never at this one; this one must be within the certificate's validity and not later than
    /// it (a signature prepared a little earlier). It is the signer's claim: a time-stamp proves
    /// the real time.
    pub signing_time: Option<UtcTime>,
}

impl Default for SignerConfig {
    fn default() -> Self {
        SignerConfig {
            trust: TrustOptions::default(),
            revocation: Arc::new(RevocationChecker::offline(RevocationData::default())),
            signing: SigningOptions::default(),
            check_signer: true,
            signing_time: None,
        }
    }
}

/// Signs documents under one configuration; `Send + Sync`, so one signer serves a batch.
///
/// # Example
///
/// A school year signed by its homeroom teacher, then its principal, with the repository's test
/// PKI (its private keys are public: tests only); each signer's certificate is checked against
/// the test root and CRLs before the key is used:
///
/// ```
/// use hocba::crypto::{PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der, default_provider};
/// use hocba::dsig::KeySigner;
/// use hocba::pki::{Crl, RevocationChecker, RevocationData, TrustOptions, TrustStore};
/// use hocba::signer::{SignerConfig, TranscriptSigner};
/// use hocba::transcript::Role;
/// use std::sync::Arc;
///
/// let file = |name: &str| std::fs::read(format!("{}/../test-vectors/{name}", env!("CARGO_MANIFEST_DIR")));
/// let mut anchors = TrustStore::empty();
/// anchors.add_pem_or_der(&file("pki/root-cert.pem")?)?;
/// let crls = [Crl::all_from_pem_or_der(&file("pki/ca.crl")?)?, Crl::all_from_pem_or_der(&file("pki/root.crl")?)?];
/// let signer = TranscriptSigner::new(SignerConfig {
///     trust: TrustOptions { trust: anchors, ..TrustOptions::default() },
///     revocation: Arc::new(RevocationChecker::offline(RevocationData { crls: crls.concat(), ..RevocationData::default() })),
///     ..SignerConfig::default()
/// });
///
/// // A key with its certificate and the issuing CA's, for KeyInfo.
/// let key = |who: &str| -> Result<KeySigner, Box<dyn std::error::Error>> {
///     let mut chain = certificates_from_pem_or_der(&file(&format!("pki/schools/{who}-cert.pem"))?)?;
///     chain.extend(certificates_from_pem_or_der(&file("pki/ca-cert.pem")?)?);
///     let private = PrivateKey::from_pem_or_der(&file(&format!("pki/schools/{who}-key.pem"))?)?;
///     Ok(KeySigner::new(private, chain, SignatureAlgorithm::RSA_SHA256, default_provider())?)
/// };
///
/// let xml = file("transcripts/valid-thcs-ren-luyen-trong-he.xml")?;
/// let xml = signer.sign_year(&xml, "QTHT-2025-2026", Role::Gvcn, &key("trung-vuong-gvcn")?)?;
/// let xml = signer.sign_year(&xml, "QTHT-2025-2026", Role::HieuTruong, &key("trung-vuong-hieutruong")?)?;
/// // Signing a role again, or out of order, is refused.
/// assert!(signer.sign_year(&xml, "QTHT-2025-2026", Role::Gvcn, &key("trung-vuong-gvcn")?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct TranscriptSigner {
    config: SignerConfig,
}

impl TranscriptSigner {
    /// A signer with this configuration.
    pub fn new(config: SignerConfig) -> Self {
        TranscriptSigner { config }
    }

    /// Its configuration.
    pub fn config(&self) -> &SignerConfig {
        &self.config
    }

    /// Signs the school year whose `Id` is `year_id` in `xml` as `role`, with `key`: the profile
    /// decides the place, the signature's `Id` and what it countersigns, and refuses a year that is
    /// not there, a place already signed, a role out of order, or the school seal
    /// ([`Role::Seal`]) in a year written without its place
    /// ([`crate::transcript::signature_request`]). Returns the signed document.
    pub fn sign_year(&self, xml: &[u8], year_id: &str, role: Role, key: &dyn Signer) -> Result<Vec<u8>, Error> {
        let (check, signing_time) = self.check(key)?;
        self.sign_year_checked(check.as_ref(), signing_time, xml, year_id, role, key)
    }

    /// Signs `xml` as `request` says (for documents that are not transcripts, or a layout the
    /// caller chooses), with the signer checked, time-stamped and validation data embedded as
    /// configured.
    pub fn sign(&self, xml: &[u8], request: &SignatureRequest, key: &dyn Signer) -> Result<Vec<u8>, Error> {
        let config = &self.config;
        if !config.check_signer {
            Self::unchecked_allowed(config)?;
            return Ok(dsig::sign(xml, request, key)?);
        }
        crate::pki::sign_with_trust(xml, request, key, &config.trust, &config.revocation, &config.signing)
    }

    /// `key` with its certificate checked once (when the configuration checks signers), for
    /// signing a batch, such as a class at the end of a school year, without checking the same
    /// certificate again for every document; several threads can share it. The check is made now
    /// and holds for every document signed through the result, so make one per batch: a
    /// certificate revoked after it is not seen.
    pub fn check_key<'k>(&self, key: &'k (dyn Signer + Sync)) -> Result<CheckedKey<'_, 'k>, Error> {
        let (check, signing_time) = self.check(key)?;
        Ok(CheckedKey { signer: self, key, check, signing_time })
    }

    /// The signing time every signature claims, and `key`'s certificate checked now when the
    /// configuration says so.
    fn check(&self, key: &dyn Signer) -> Result<(Option<CheckedSigner>, UtcTime), Error> {
        let config = &self.config;
        let signing_time = match config.signing_time {
            Some(time) => time,
            None => config.trust.now()?,
        };
        let check = match config.check_signer {
            true => Some(CheckedSigner::check(
                key,
                &config.trust,
                &config.revocation,
                signing_time,
                crate::crypto::default_provider(),
            )?),
            false => {
                Self::unchecked_allowed(config)?;
                None
            }
        };
        Ok((check, signing_time))
    }

    fn sign_year_checked(
        &self,
        check: Option<&CheckedSigner>,
        signing_time: UtcTime,
        xml: &[u8],
        year_id: &str,
        role: Role,
        key: &dyn Signer,
    ) -> Result<Vec<u8>, Error> {
        let request = crate::transcript::signature_request(xml, year_id, role, signing_time)?;
        self.sign_request(check, xml, &request, key)
    }

    fn sign_request(
        &self,
        check: Option<&CheckedSigner>,
        xml: &[u8],
        request: &SignatureRequest,
        key: &dyn Signer,
    ) -> Result<Vec<u8>, Error> {
        let config = &self.config;
        match check {
            Some(check) => check.sign(xml, request, key, &config.trust, &config.revocation, &config.signing),
            None => Ok(dsig::sign(xml, request, key)?),
        }
    }

    /// Without the signer's certificate checked there is nothing to build time-stamps and
    /// validation data on.
    fn unchecked_allowed(config: &SignerConfig) -> Result<(), Error> {
        if config.signing.tsa_url.is_some() || config.signing.embed_validation_data {
            return Err(Error::Dsig(dsig::DsigError::InvalidRequest(
                "a time-stamp and embedded validation data need the signer's certificate checked",
            )));
        }
        Ok(())
    }
}

/// A key ready to sign many transcripts under a [`TranscriptSigner`]'s configuration, its
/// certificate checked once ([`TranscriptSigner::check_key`]).
pub struct CheckedKey<'s, 'k> {
    signer: &'s TranscriptSigner,
    key: &'k (dyn Signer + Sync),
    /// `None` when the configuration does not check signers.
    check: Option<CheckedSigner>,
    /// The `SigningTime` every signature claims.
    signing_time: UtcTime,
}

impl std::fmt::Debug for CheckedKey<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckedKey")
            .field("algorithm", &self.key.algorithm())
            .field("check", &self.check)
            .field("signing_time", &self.signing_time)
            .finish_non_exhaustive()
    }
}

impl CheckedKey<'_, '_> {
    /// [`TranscriptSigner::sign_year`] with this key.
    pub fn sign_year(&self, xml: &[u8], year_id: &str, role: Role) -> Result<Vec<u8>, Error> {
        self.signer.sign_year_checked(self.check.as_ref(), self.signing_time, xml, year_id, role, self.key)
    }

    /// Signs the school year `year` names in `xml` as `role`, unless `role` has signed it
    /// already: `None` then. `year` is the year's `Id` or its school year as `NamHoc` writes it,
    /// the one name for a whole class ([`crate::transcript::year_status`]). The document is read
    /// once for both.
    pub fn sign_year_unless_signed(&self, xml: &[u8], year: &str, role: Role) -> Result<Option<Vec<u8>>, Error> {
        match crate::transcript::unsigned_year_request(xml, year, role, self.signing_time)? {
            (_, None) => Ok(None),
            (_, Some(request)) => Ok(Some(self.signer.sign_request(self.check.as_ref(), xml, &request, self.key)?)),
        }
    }
}
