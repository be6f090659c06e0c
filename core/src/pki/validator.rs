//! Validating one candidate certificate path by RFC 5280 rules, behind [`PathValidator`] so the
//! engine can be swapped; the default, [`CertvalValidator`], is `certval`'s RFC 5280 / RFC 9618
//! implementation, fed with our own crypto provider.

use std::fmt;

use certval::{
    CertificationPath, CertificationPathResults, CertificationPathSettings, PDVTrustAnchorChoice, PathValidationStatus,
    PkiEnvironment, TimeOfInterest,
};

use super::certificate::Certificate;
use super::error::{PathError, PathFailure};
use super::policy::{PathPolicy, Purpose};
use super::signature::verify_x509_signature;
use crate::cache::Caches;
use crate::crypto::CryptoProvider;
use crate::time::UtcTime;

/// Validates one candidate path (target first, anchor last) at a time.
pub trait PathValidator: Send + Sync + fmt::Debug {
    /// `caches` are the configuration's ([`super::TrustOptions::caches`]): a validator may keep
    /// what does not depend on the input's time there, and read issuers' keys through them.
    fn validate_path(
        &self,
        path: &[Certificate],
        at: UtcTime,
        policy: &PathPolicy,
        purpose: Purpose,
        provider: &'static dyn CryptoProvider,
        caches: &Caches,
    ) -> Result<(), PathError>;
}

/// RFC 5280 validation by `certval`.
///
/// Paths that validated are remembered in the configuration's caches, a bounded number, with the
/// window in which every certificate of the path is valid: everything else RFC 5280 checks does
/// not depend on the time, so the same path (the same certificates, settings and provider) at
/// another time inside the window is valid without checking its signatures again. A batch of
/// transcripts from one school has a handful of paths; a web page verifying one file after
/// another too.
#[derive(Debug, Default)]
pub struct CertvalValidator;

impl PathValidator for CertvalValidator {
    fn validate_path(
        &self,
        path: &[Certificate],
        at: UtcTime,
        policy: &PathPolicy,
        purpose: Purpose,
        provider: &'static dyn CryptoProvider,
        caches: &Caches,
    ) -> Result<(), PathError> {
        let key = (
            path.iter().map(|c| *c.fingerprint()).collect(),
            policy.required_policies.clone(),
            policy.min_rsa_bits,
            policy.allow_sha1,
            purpose == Purpose::DocumentSigning,
            provider.name(),
        );
        if caches.path_valid_at(&key, at) {
            return Ok(());
        }
        self.validate_uncached(path, at, policy, purpose, provider, caches)?;
        let window = (
            path.iter().map(Certificate::not_before).max().expect("non-empty"),
            path.iter().map(Certificate::not_after).min().expect("non-empty"),
        );
        caches.remember_path(key, window);
        Ok(())
    }
}

impl CertvalValidator {
    fn validate_uncached(
        &self,
        path: &[Certificate],
        at: UtcTime,
        policy: &PathPolicy,
        purpose: Purpose,
        provider: &'static dyn CryptoProvider,
        caches: &Caches,
    ) -> Result<(), PathError> {
        let subject_of = |c: &Certificate| c.subject().to_string();
        let (target, rest) = path.split_first().expect("paths are built non-empty");
        let (anchor, intermediates) = rest.split_last().unwrap_or((target, &[]));
        let other = |detail: String| PathError { reason: PathFailure::Other(detail), subject: subject_of(target) };

        let mut environment = PkiEnvironment::new();
        environment.add_validate_path_callback(certval::validate_path_rfc5280);
        let allow_sha1 = policy.allow_sha1;
        let caches = caches.clone();
        environment.add_verify_signature_message_callback(
            move |_: &PkiEnvironment,
                  message: &[u8],
                  signature: &der::asn1::BitString,
                  algorithm: &spki::AlgorithmIdentifierOwned,
                  spki_info: &spki::SubjectPublicKeyInfoOwned| {
                let spki_der = der::Encode::to_der(spki_info).map_err(certval::Error::Asn1Error)?;
                let signature = signature.as_bytes().ok_or(certval::Error::Unrecognized)?;
                verify_x509_signature(provider, &caches, &algorithm.oid, &spki_der, message, signature, allow_sha1)
                    .map_err(|_| certval::Error::PathValidation(PathValidationStatus::SignatureVerificationFailure))
            },
        );

        let mut settings = CertificationPathSettings::new();
        settings.set_time_of_interest(
            TimeOfInterest::from_unix_secs(at.unix_seconds().max(0) as u64).map_err(|e| other(e.to_string()))?,
        );
        // The anchor comes from our trust store; certval's own store is not used.
        settings.set_require_ta_store(false);
        settings.set_check_revocation_status(false);
        settings.set_min_rsa_modulus_bits(policy.min_rsa_bits);
        if !policy.required_policies.is_empty() {
            settings.set_initial_policy_set(policy.required_policies.iter().map(|o| o.to_string()).collect());
            settings.set_initial_explicit_policy_indicator(true);
        }

        let parse = |c: &Certificate| certval::parse_cert(c.der(), "").map_err(|e| other(e.to_string()));
        let anchor_choice = PDVTrustAnchorChoice::try_from(anchor.der()).map_err(|e| other(e.to_string()))?;
        // certval lists intermediates from the one the anchor issued down to the target's issuer.
        let chain = intermediates.iter().rev().map(parse).collect::<Result<Vec<_>, _>>()?;
        let certification_path = CertificationPath::new(anchor_choice, chain, parse(target)?);
        let mut results = CertificationPathResults::new();
        match environment.validate_path(&environment, &settings, &certification_path, &mut results) {
            Ok(()) => {}
            Err(certval::Error::PathValidation(status)) => {
                return Err(self.explain(status, path, at));
            }
            Err(e) => return Err(other(e.to_string())),
        }
        // RFC 5280 leaves the end entity's key usage to the application: a document signature
        // needs digitalSignature or nonRepudiation.
        if purpose == Purpose::DocumentSigning && !target.allows_document_signing() {
            return Err(PathError { reason: PathFailure::KeyUsage, subject: subject_of(target) });
        }
        Ok(())
    }

    /// Turns certval's status into our failure, naming the certificate it concerns where the
    /// status does not say: the first one whose validity misses `at`, for date failures.
    fn explain(&self, status: PathValidationStatus, path: &[Certificate], at: UtcTime) -> PathError {
        let target = &path[0];
        let in_path = path.iter().take(path.len().saturating_sub(1)).chain(path.last());
        let dated = |pred: &dyn Fn(&Certificate) -> bool| in_path.clone().find(|c| pred(c)).unwrap_or(target).clone();
        let (reason, certificate) = match status {
            PathValidationStatus::InvalidNotAfterDate => {
                let c = dated(&|c| c.not_after() < at);
                (PathFailure::Expired { not_after: c.not_after() }, c)
            }
            PathValidationStatus::InvalidNotBeforeDate => {
                let c = dated(&|c| c.not_before() > at);
                (PathFailure::NotYetValid { not_before: c.not_before() }, c)
            }
            PathValidationStatus::SignatureVerificationFailure => (PathFailure::BadSignature, target.clone()),
            PathValidationStatus::MissingBasicConstraints
            | PathValidationStatus::InvalidBasicConstraints
            | PathValidationStatus::InvalidPathLength => (PathFailure::BasicConstraints, target.clone()),
            PathValidationStatus::InvalidKeyUsage => (PathFailure::KeyUsage, target.clone()),
            PathValidationStatus::NullPolicySet => (PathFailure::Policy, target.clone()),
            PathValidationStatus::NameConstraintsViolation => (PathFailure::NameConstraints, target.clone()),
            PathValidationStatus::UnprocessedCriticalExtension => {
                (PathFailure::UnknownCriticalExtension, target.clone())
            }
            PathValidationStatus::NameChainingFailure | PathValidationStatus::MissingTrustAnchor => {
                (PathFailure::NoPathToAnchor, target.clone())
            }
            other => (PathFailure::Other(format!("{other:?}")), target.clone()),
        };
        PathError { reason, subject: certificate.subject().to_string() }
    }
}
