//! Certificate paths: built from the signer's certificate through the candidates to an anchor,
//! then validated by RFC 5280 rules. Validation is behind [`PathValidator`] so the engine can be
//! swapped; the default, [`CertvalValidator`], is `certval`'s RFC 5280 / RFC 9618 implementation,
//! fed with our own crypto provider.

use std::fmt;

use certval::{
    CertificationPath, CertificationPathResults, CertificationPathSettings, PDVTrustAnchorChoice, PathValidationStatus,
    PkiEnvironment, TimeOfInterest,
};
use der::oid::ObjectIdentifier;

use super::certificate::Certificate;
use super::signature::verify_x509_signature;
use super::trust::TrustStore;
use super::validation::TrustOptions;
use crate::crypto::CryptoProvider;
use crate::time::UtcTime;

/// The certificate policy of VGCA's government public-service certificates.
pub const VGCA_POLICY: &str = "2.16.704.1.1.1.1.1";

/// Paths longer than this (certificates, the anchor included) are not searched: real ones have 3.
const MAX_PATH_LENGTH: usize = 8;

/// What a path must satisfy besides RFC 5280's own rules.
#[derive(Clone, Debug)]
pub struct PathPolicy {
    /// Certificate policies one of which the whole path must assert (e.g. [`VGCA_POLICY`]).
    /// Default: none required.
    pub required_policies: Vec<ObjectIdentifier>,
    /// Smallest RSA modulus accepted anywhere in the path. Default: 2048.
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
    /// Signing documents: digitalSignature or nonRepudiation.
    DocumentSigning,
    /// Whatever the certificate's own extensions allow (a CA, a responder, a TSA: their own
    /// extended key usages are checked where they are used).
    Any,
}

/// A validated path: the signer's certificate first, the trust anchor last.
#[derive(Clone, Debug)]
pub struct CertificatePath {
    certificates: Vec<Certificate>,
}

impl CertificatePath {
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    pub fn signer(&self) -> &Certificate {
        &self.certificates[0]
    }

    pub fn anchor(&self) -> &Certificate {
        self.certificates.last().expect("a path holds at least the anchor")
    }

    /// Each certificate with the one that issued it (the anchor has none in the path).
    pub fn with_issuers(&self) -> impl Iterator<Item = (&Certificate, &Certificate)> {
        self.certificates.windows(2).map(|w| (&w[0], &w[1]))
    }
}

/// Why no valid path was found, for the certificate it concerns.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{reason} ({subject})")]
pub struct PathError {
    pub reason: PathFailure,
    /// The subject of the certificate the failure concerns.
    pub subject: String,
}

/// The ways a certificate path fails.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PathFailure {
    /// No chain of issuers leads to a trust anchor (unknown or untrusted root, missing
    /// intermediate).
    NoPathToAnchor,
    /// A certificate had expired at the validation time.
    Expired {
        not_after: UtcTime,
    },
    /// A certificate was not yet valid at the validation time.
    NotYetValid {
        not_before: UtcTime,
    },
    /// A certificate's signature does not verify under its issuer's key.
    BadSignature,
    /// A CA certificate lacks `cA` or exceeds its path length.
    BasicConstraints,
    /// The signer's key usage allows neither digitalSignature nor nonRepudiation, or a CA's
    /// forbids certificate signing.
    KeyUsage,
    /// The path does not carry a required certificate policy.
    Policy,
    NameConstraints,
    /// A critical extension nobody understands.
    UnknownCriticalExtension,
    /// An RSA key below the minimum, or a weak signature algorithm in the path.
    WeakKeyOrAlgorithm,
    /// Anything else the validator reports.
    Other(String),
}

impl fmt::Display for PathFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathFailure::NoPathToAnchor => f.write_str("no certificate path to a trust anchor"),
            PathFailure::Expired { not_after } => write!(f, "certificate expired at {}", not_after.to_utc_string()),
            PathFailure::NotYetValid { not_before } => {
                write!(f, "certificate not valid before {}", not_before.to_utc_string())
            }
            PathFailure::BadSignature => f.write_str("certificate signature does not verify"),
            PathFailure::BasicConstraints => f.write_str("basic constraints or path length violated"),
            PathFailure::KeyUsage => f.write_str("key usage does not allow this use"),
            PathFailure::Policy => f.write_str("required certificate policy missing"),
            PathFailure::NameConstraints => f.write_str("name constraints violated"),
            PathFailure::UnknownCriticalExtension => f.write_str("unrecognized critical extension"),
            PathFailure::WeakKeyOrAlgorithm => f.write_str("key too small or weak signature algorithm"),
            PathFailure::Other(detail) => f.write_str(detail),
        }
    }
}

/// Validates one candidate path (target first, anchor last) at a time.
pub trait PathValidator: Send + Sync + fmt::Debug {
    fn validate_path(
        &self,
        path: &[Certificate],
        at: UtcTime,
        policy: &PathPolicy,
        purpose: Purpose,
        provider: &'static dyn CryptoProvider,
    ) -> Result<(), PathError>;
}

/// RFC 5280 validation by `certval`.
///
/// Paths that validated are remembered, process-wide and a bounded number, with the window in
/// which every certificate of the path is valid: everything else RFC 5280 checks does not depend
/// on the time, so the same path (the same certificates, settings and provider) at another time
/// inside the window is valid without checking its signatures again. A batch of transcripts
/// from one school has a handful of paths; a web page verifying one file after another too.
#[derive(Debug, Default)]
pub struct CertvalValidator;

static VALIDATED: std::sync::Mutex<Vec<ValidatedPath>> = std::sync::Mutex::new(Vec::new());

#[derive(Debug)]
struct ValidatedPath {
    fingerprints: Vec<[u8; 32]>,
    settings: (Vec<ObjectIdentifier>, u16, bool, Purpose, &'static str),
    window: (UtcTime, UtcTime),
}

const REMEMBERED_PATHS: usize = 256;

impl PathValidator for CertvalValidator {
    fn validate_path(
        &self,
        path: &[Certificate],
        at: UtcTime,
        policy: &PathPolicy,
        purpose: Purpose,
        provider: &'static dyn CryptoProvider,
    ) -> Result<(), PathError> {
        let fingerprints: Vec<[u8; 32]> = path.iter().map(|c| *c.fingerprint()).collect();
        let settings =
            (policy.required_policies.clone(), policy.min_rsa_bits, policy.allow_sha1, purpose, provider.name());
        let known = |v: &ValidatedPath| v.fingerprints == fingerprints && v.settings == settings;
        {
            let validated = VALIDATED.lock().unwrap_or_else(|e| e.into_inner());
            if validated.iter().any(|v| known(v) && v.window.0 <= at && at <= v.window.1) {
                return Ok(());
            }
        }
        self.validate_uncached(path, at, policy, purpose, provider)?;
        let window = (
            path.iter().map(Certificate::not_before).max().expect("non-empty"),
            path.iter().map(Certificate::not_after).min().expect("non-empty"),
        );
        let mut validated = VALIDATED.lock().unwrap_or_else(|e| e.into_inner());
        if !validated.iter().any(known) {
            if validated.len() >= REMEMBERED_PATHS {
                validated.remove(0);
            }
            validated.push(ValidatedPath { fingerprints, settings, window });
        }
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
    ) -> Result<(), PathError> {
        let subject_of = |c: &Certificate| c.subject().to_string();
        let (target, rest) = path.split_first().expect("paths are built non-empty");
        let (anchor, intermediates) = rest.split_last().unwrap_or((target, &[]));
        let other = |detail: String| PathError { reason: PathFailure::Other(detail), subject: subject_of(target) };

        let mut environment = PkiEnvironment::new();
        environment.add_validate_path_callback(certval::validate_path_rfc5280);
        let allow_sha1 = policy.allow_sha1;
        environment.add_verify_signature_message_callback(
            move |_: &PkiEnvironment,
                  message: &[u8],
                  signature: &der::asn1::BitString,
                  algorithm: &spki::AlgorithmIdentifierOwned,
                  spki_info: &spki::SubjectPublicKeyInfoOwned| {
                let spki_der = der::Encode::to_der(spki_info).map_err(certval::Error::Asn1Error)?;
                let signature = signature.as_bytes().ok_or(certval::Error::Unrecognized)?;
                verify_x509_signature(provider, &algorithm.oid, &spki_der, message, signature, allow_sha1)
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

/// Finds a valid path from `target` to an anchor of `trust`, trying every chain of issuers the
/// candidates allow (cross-certificates and re-keyed CAs give more than one). Returns the first
/// valid path, or the failure of the most complete one tried.
pub(crate) fn build_and_validate(
    target: &Certificate,
    candidates: &[Certificate],
    options: &TrustOptions,
    at: UtcTime,
    purpose: Purpose,
    provider: &'static dyn CryptoProvider,
) -> Result<CertificatePath, PathError> {
    let (trust, policy, validator) = (&options.trust, &options.path, options.validator.as_ref());
    let mut pool: Vec<&Certificate> = Vec::new();
    for c in candidates.iter().chain(trust.intermediates()) {
        if !pool.contains(&c) && c != target {
            pool.push(c);
        }
    }
    let mut best: Option<PathError> = None;
    let mut chain = vec![target.clone()];
    if let Some(path) = search(&mut chain, &pool, trust, at, policy, purpose, validator, provider, &mut best) {
        return Ok(path);
    }
    Err(best
        .unwrap_or_else(|| PathError { reason: PathFailure::NoPathToAnchor, subject: target.subject().to_string() }))
}

#[allow(clippy::too_many_arguments)]
fn search(
    chain: &mut Vec<Certificate>,
    pool: &[&Certificate],
    trust: &TrustStore,
    at: UtcTime,
    policy: &PathPolicy,
    purpose: Purpose,
    validator: &dyn PathValidator,
    provider: &'static dyn CryptoProvider,
    best: &mut Option<PathError>,
) -> Option<CertificatePath> {
    let last = chain.last().expect("chains start with the target").clone();
    let issuer_name = last.issuer_name_der();
    // The trust store's anchors first: a path should end as soon as it reaches one.
    for anchor in trust.anchors().iter().filter(|a| a.subject_name_der() == issuer_name) {
        let mut path = chain.clone();
        // A self-signed target that is itself an anchor is its own path.
        if &last != anchor {
            path.push(anchor.clone());
        }
        match validator.validate_path(&path, at, policy, purpose, provider) {
            Ok(()) => return Some(CertificatePath { certificates: path }),
            Err(e) => {
                // An anchor whose key did not sign this certificate (same name, other key) says
                // nothing about the path; every other failure is the path's own.
                if e.reason != PathFailure::BadSignature || best.is_none() {
                    *best = Some(e);
                }
            }
        }
    }
    if chain.len() + 1 >= MAX_PATH_LENGTH || last.is_self_issued() {
        return None;
    }
    for issuer in pool.iter().filter(|c| c.subject_name_der() == issuer_name && c.is_ca()) {
        if chain.contains(issuer) {
            continue;
        }
        chain.push((*issuer).clone());
        let found = search(chain, pool, trust, at, policy, purpose, validator, provider, best);
        chain.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}
