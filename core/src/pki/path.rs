//! Certificate paths: built from the signer's certificate through the candidates to an anchor,
//! then validated by RFC 5280 rules. Validation is behind [`PathValidator`] so the engine can be
//! swapped; the default, [`CertvalValidator`], is `certval`'s RFC 5280 / RFC 9618 implementation,
//! fed with our own crypto provider.

use std::collections::{HashMap, HashSet};
use std::fmt;

use certval::{
    CertificationPath, CertificationPathResults, CertificationPathSettings, PDVTrustAnchorChoice, PathValidationStatus,
    PkiEnvironment, TimeOfInterest,
};
use der::Encode;
use der::oid::ObjectIdentifier;
use sha2::{Digest, Sha256};

use super::certificate::Certificate;
use super::signature::verify_x509_signature;
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
    /// An RSA key, the signer's own or an issuer's, below [`PathPolicy::min_rsa_bits`].
    KeyTooSmall {
        bits: usize,
        minimum: u16,
    },
    /// A document signer's certificate whose extended key usage is for a service (OCSP signing,
    /// time stamping) or names no purpose of a signer. The usages are dotted OIDs, empty when
    /// the extension cannot be read.
    ExtendedKeyUsage {
        usages: Vec<String>,
    },
    /// The search for a path spent its budget ([`MAX_PATH_SIGNATURE_CHECKS`],
    /// [`MAX_PATH_ISSUERS_TRIED`]) before finding one: too many look-alike candidate issuers.
    SearchBudgetExceeded {
        signature_checks: u32,
        issuers_tried: u32,
    },
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
            PathFailure::KeyTooSmall { bits, minimum } => {
                write!(f, "{bits}-bit RSA key, below the minimum of {minimum} bits")
            }
            PathFailure::ExtendedKeyUsage { usages } if usages.is_empty() => {
                f.write_str("unreadable extended key usage, not a document signer's")
            }
            PathFailure::ExtendedKeyUsage { usages } => {
                write!(f, "extended key usage {} is not a document signer's", usages.join(", "))
            }
            PathFailure::SearchBudgetExceeded { signature_checks, issuers_tried } => write!(
                f,
                "path search stopped after {issuers_tried} candidate issuers and {signature_checks} signature checks"
            ),
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

/// Issuer signatures one path search may verify. Each certificate is checked under each issuer
/// key at most once per search (the verdict is remembered), and a complete path handed to the
/// validator is charged its signatures too. A real path needs a handful; an RSA check costs up
/// to a private-key operation when the key's public exponent is as large as its modulus.
pub const MAX_PATH_SIGNATURE_CHECKS: u32 = 32;

/// Candidate issuers (anchors included) one path search may try, those whose signature verdict
/// is remembered included: same-named CAs issuing each other give exponentially many chains.
pub const MAX_PATH_ISSUERS_TRIED: u32 = 1024;

/// id-kp-OCSPSigning and id-kp-timeStamping: certificates dedicated to a service (RFC 6960,
/// RFC 3161), whose keys answer for the service and never for a person.
const SERVICE_USAGES: [&str; 2] = ["1.3.6.1.5.5.7.3.9", "1.3.6.1.5.5.7.3.8"];

/// The extended key usages that make a certificate a document signer's. Vietnamese signers'
/// certificates (VGCA's and the public CAs') carry TLS client authentication and e-mail
/// protection, with smart-card logon, Microsoft's or Adobe's document signing; none carries
/// RFC 9336's id-kp-documentSigning yet, which is accepted too, as is anyExtendedKeyUsage.
/// Server authentication and code signing are not among them: a TLS server's or a code signer's
/// key is not a person's signature, though a certificate listing them beside one of these passes.
const SIGNER_USAGES: [&str; 7] = [
    "1.3.6.1.5.5.7.3.2",
    "1.3.6.1.5.5.7.3.4",
    "1.3.6.1.4.1.311.20.2.2",
    "1.3.6.1.4.1.311.10.3.12",
    "1.2.840.113583.1.1.5",
    "1.3.6.1.5.5.7.3.36",
    "2.5.29.37.0",
];

/// What an extended key usage is called, in Vietnamese and English, for the known ones.
pub(crate) fn extended_key_usage_label(oid: &str) -> Option<(&'static str, &'static str)> {
    Some(match oid {
        "1.3.6.1.5.5.7.3.1" => ("xác thực máy chủ TLS", "TLS server authentication"),
        "1.3.6.1.5.5.7.3.2" => ("xác thực máy khách TLS", "TLS client authentication"),
        "1.3.6.1.5.5.7.3.3" => ("ký mã chương trình", "code signing"),
        "1.3.6.1.5.5.7.3.4" => ("bảo vệ thư điện tử", "e-mail protection"),
        "1.3.6.1.5.5.7.3.8" => ("cấp dấu thời gian", "time stamping"),
        "1.3.6.1.5.5.7.3.9" => ("ký phản hồi OCSP", "OCSP signing"),
        "1.3.6.1.5.5.7.3.36" => ("ký văn bản", "document signing"),
        "2.5.29.37.0" => ("mọi mục đích", "any purpose"),
        "1.3.6.1.4.1.311.20.2.2" => ("đăng nhập bằng thẻ thông minh", "smart-card logon"),
        "1.3.6.1.4.1.311.10.3.12" => ("ký văn bản của Microsoft", "Microsoft document signing"),
        "1.2.840.113583.1.1.5" => ("ký tài liệu PDF của Adobe", "Adobe PDF signing"),
        _ => return None,
    })
}

/// Whether an extended key usage marks a certificate dedicated to a service.
pub(crate) fn is_service_usage(oid: &str) -> bool {
    SERVICE_USAGES.contains(&oid)
}

/// What the certificate at the start of a path must be on its own, whatever the path: a key of
/// at least the policy's size and, for a document signer, an extended key usage (if any) that
/// names a signer's purpose and no service.
fn check_target(target: &Certificate, policy: &PathPolicy, purpose: Purpose) -> Result<(), PathError> {
    let fail = |reason| Err(PathError { reason, subject: target.subject().to_string() });
    if let Some(bits) = target.rsa_modulus_bits().filter(|&bits| bits < usize::from(policy.min_rsa_bits)) {
        return fail(PathFailure::KeyTooSmall { bits, minimum: policy.min_rsa_bits });
    }
    if purpose == Purpose::DocumentSigning {
        match target.extended_key_usages() {
            Ok(None) => {}
            Ok(Some(usages))
                if !usages.iter().any(|u| is_service_usage(u))
                    && usages.iter().any(|u| SIGNER_USAGES.contains(&u.as_str())) => {}
            Ok(Some(usages)) => return fail(PathFailure::ExtendedKeyUsage { usages }),
            Err(()) => return fail(PathFailure::ExtendedKeyUsage { usages: Vec::new() }),
        }
    }
    Ok(())
}

/// Finds a valid path from `target` to an anchor of `trust`, trying the chains of issuers the
/// candidates allow (cross-certificates and re-keyed CAs give more than one), within
/// [`MAX_PATH_SIGNATURE_CHECKS`] and [`MAX_PATH_ISSUERS_TRIED`]. A chain grows only by an issuer
/// whose key verifies the certificate's signature, and never holds the same CA (subject and key)
/// twice. Returns the first valid path, or the failure of the most complete one tried.
pub(crate) fn build_and_validate(
    target: &Certificate,
    candidates: &[Certificate],
    options: &TrustOptions,
    at: UtcTime,
    purpose: Purpose,
    provider: &'static dyn CryptoProvider,
) -> Result<CertificatePath, PathError> {
    check_target(target, &options.path, purpose)?;
    let trust = &options.trust;
    // Only CAs issue; each certificate once.
    let mut seen = HashSet::from([*target.fingerprint()]);
    let pool: Vec<Node> = candidates
        .iter()
        .chain(trust.intermediates())
        .filter(|c| seen.insert(*c.fingerprint()) && c.is_ca())
        .map(Node::new)
        .collect();
    let mut by_subject: HashMap<&[u8], Vec<&Node>> = HashMap::new();
    for node in &pool {
        by_subject.entry(&node.subject).or_default().push(node);
    }
    let anchors: Vec<Node> = trust.anchors().iter().map(Node::new).collect();
    let target = Node::new(target);
    let mut search = Search {
        by_subject,
        anchors: &anchors,
        options,
        at,
        purpose,
        provider,
        verdicts: HashMap::new(),
        signature_checks: 0,
        issuers_tried: 0,
        best: None,
    };
    let mut chain = vec![&target];
    let subject = || target.certificate.subject().to_string();
    match search.extend(&mut chain) {
        Ok(Some(path)) => Ok(path),
        Ok(None) => {
            Err(search.best.unwrap_or_else(|| PathError { reason: PathFailure::NoPathToAnchor, subject: subject() }))
        }
        Err(OverBudget) => Err(PathError {
            reason: PathFailure::SearchBudgetExceeded {
                signature_checks: search.signature_checks,
                issuers_tried: search.issuers_tried,
            },
            subject: subject(),
        }),
    }
}

/// A certificate as the search compares it, its names and key read once.
struct Node {
    certificate: Certificate,
    subject: Vec<u8>,
    issuer: Vec<u8>,
    spki: Vec<u8>,
    /// SHA-256 of the SubjectPublicKeyInfo.
    key: [u8; 32],
}

impl Node {
    fn new(certificate: &Certificate) -> Self {
        let spki = certificate.spki_der();
        Node {
            subject: certificate.subject_name_der(),
            issuer: certificate.issuer_name_der(),
            key: Sha256::digest(&spki).into(),
            spki,
            certificate: certificate.clone(),
        }
    }

    fn same_ca(&self, other: &Node) -> bool {
        self.subject == other.subject && self.key == other.key
    }
}

/// The search spent its budget before finding a valid path.
struct OverBudget;

struct Search<'a> {
    /// The candidate CA certificates, by subject name, in the order given.
    by_subject: HashMap<&'a [u8], Vec<&'a Node>>,
    anchors: &'a [Node],
    options: &'a TrustOptions,
    at: UtcTime,
    purpose: Purpose,
    provider: &'static dyn CryptoProvider,
    /// Whether a certificate (by fingerprint) verifies under a key (by SPKI digest).
    verdicts: HashMap<([u8; 32], [u8; 32]), bool>,
    signature_checks: u32,
    issuers_tried: u32,
    best: Option<PathError>,
}

impl<'a> Search<'a> {
    fn extend(&mut self, chain: &mut Vec<&'a Node>) -> Result<Option<CertificatePath>, OverBudget> {
        let last = *chain.last().expect("chains start with the target");
        // The trust store's anchors first: a path should end as soon as it reaches one.
        for anchor in self.anchors.iter().filter(|a| a.subject == last.issuer) {
            self.try_issuer()?;
            let mut path: Vec<Certificate> = chain.iter().map(|n| n.certificate.clone()).collect();
            // A self-signed target that is itself an anchor is its own path.
            if last.certificate != anchor.certificate {
                if !self.issued_by(last, anchor)? {
                    // An anchor whose key did not sign this certificate (same name, other key)
                    // says nothing about the path.
                    self.note_bad_signature(last);
                    continue;
                }
                path.push(anchor.certificate.clone());
            }
            if let Some(weak) = self.weak_key(&path[1..]) {
                self.best = Some(weak);
                continue;
            }
            self.charge(path.len() as u32 - 1)?;
            let policy = &self.options.path;
            match self.options.validator.validate_path(&path, self.at, policy, self.purpose, self.provider) {
                Ok(()) => return Ok(Some(CertificatePath { certificates: path })),
                Err(e) => {
                    if e.reason != PathFailure::BadSignature || self.best.is_none() {
                        self.best = Some(e);
                    }
                }
            }
        }
        if chain.len() + 1 >= MAX_PATH_LENGTH || last.certificate.is_self_issued() {
            return Ok(None);
        }
        let issuers = self.by_subject.get(last.issuer.as_slice()).cloned().unwrap_or_default();
        for issuer in issuers {
            if chain.iter().any(|n| n.same_ca(issuer)) {
                continue;
            }
            self.try_issuer()?;
            if !self.issued_by(last, issuer)? {
                self.note_bad_signature(last);
                continue;
            }
            chain.push(issuer);
            let found = self.extend(chain)?;
            chain.pop();
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    fn try_issuer(&mut self) -> Result<(), OverBudget> {
        if self.issuers_tried >= MAX_PATH_ISSUERS_TRIED {
            return Err(OverBudget);
        }
        self.issuers_tried += 1;
        Ok(())
    }

    fn charge(&mut self, signatures: u32) -> Result<(), OverBudget> {
        if self.signature_checks + signatures > MAX_PATH_SIGNATURE_CHECKS {
            return Err(OverBudget);
        }
        self.signature_checks += signatures;
        Ok(())
    }

    /// Whether `issuer`'s key verifies `certificate`'s signature, checked once per pair.
    fn issued_by(&mut self, certificate: &Node, issuer: &Node) -> Result<bool, OverBudget> {
        let pair = (*certificate.certificate.fingerprint(), issuer.key);
        if let Some(&verdict) = self.verdicts.get(&pair) {
            return Ok(verdict);
        }
        self.charge(1)?;
        let decoded = certificate.certificate.decoded();
        let verdict = match (decoded.tbs_certificate().to_der(), decoded.signature().as_bytes()) {
            (Ok(tbs), Some(signature)) => verify_x509_signature(
                self.provider,
                &decoded.signature_algorithm().oid,
                &issuer.spki,
                &tbs,
                signature,
                self.options.path.allow_sha1,
            )
            .is_ok(),
            _ => false,
        };
        self.verdicts.insert(pair, verdict);
        Ok(verdict)
    }

    fn note_bad_signature(&mut self, certificate: &Node) {
        if self.best.is_none() {
            self.best = Some(PathError {
                reason: PathFailure::BadSignature,
                subject: certificate.certificate.subject().to_string(),
            });
        }
    }

    /// The first issuer (the anchor included) whose RSA key is below the policy's minimum.
    fn weak_key(&self, issuers: &[Certificate]) -> Option<PathError> {
        let minimum = self.options.path.min_rsa_bits;
        issuers.iter().find_map(|c| {
            let bits = c.rsa_modulus_bits().filter(|&bits| bits < usize::from(minimum))?;
            Some(PathError { reason: PathFailure::KeyTooSmall { bits, minimum }, subject: c.subject().to_string() })
        })
    }
}
