//! Certificate paths: built from the signer's certificate through the candidates to an anchor,
//! each candidate path then validated by the configured [`super::validator::PathValidator`].

use std::collections::{HashMap, HashSet};

use der::Encode;
use sha2::{Digest, Sha256};

use super::certificate::Certificate;
use super::error::{PathError, PathFailure};
use super::options::TrustOptions;
use super::policy::{PathPolicy, Purpose};
use super::signature::verify_x509_signature;
use crate::crypto::CryptoProvider;
use crate::time::UtcTime;

/// Paths longer than this (certificates, the anchor included) are not searched: real ones have 3.
const MAX_PATH_LENGTH: usize = 8;

/// A validated path: the signer's certificate first, the trust anchor last.
#[derive(Clone, Debug)]
pub struct CertificatePath {
    certificates: Vec<Certificate>,
}

impl CertificatePath {
    /// The earliest end of validity among its certificates: after it, the path no longer
    /// validates.
    pub fn valid_until(&self) -> UtcTime {
        self.certificates().iter().map(Certificate::not_after).min().unwrap_or(UtcTime::from_unix_seconds(0))
    }

    /// The certificates in order: the signer's (the path's target) first, the trust anchor last.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    /// The certificate the path starts from (the signer's, or a time-stamping authority's).
    pub fn signer(&self) -> &Certificate {
        &self.certificates[0]
    }

    /// The trust anchor the path ends at.
    pub fn anchor(&self) -> &Certificate {
        self.certificates.last().expect("a path holds at least the anchor")
    }

    /// Each certificate with the one that issued it (the anchor has none in the path).
    pub fn with_issuers(&self) -> impl Iterator<Item = (&Certificate, &Certificate)> {
        self.certificates.windows(2).map(|w| (&w[0], &w[1]))
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
            match self.options.validator.validate_path(
                &path,
                self.at,
                policy,
                self.purpose,
                self.provider,
                &self.options.caches,
            ) {
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
        let remembered = (pair.0, pair.1, self.options.path.allow_sha1, self.provider.name());
        if self.options.caches.certificate_signature_verified(&remembered) {
            self.verdicts.insert(pair, true);
            return Ok(true);
        }
        self.charge(1)?;
        let decoded = certificate.certificate.decoded();
        let verdict = match (decoded.tbs_certificate().to_der(), decoded.signature().as_bytes()) {
            (Ok(tbs), Some(signature)) => verify_x509_signature(
                self.provider,
                &self.options.caches,
                &decoded.signature_algorithm().oid,
                &issuer.spki,
                &tbs,
                signature,
                self.options.path.allow_sha1,
            )
            .is_ok(),
            _ => false,
        };
        if verdict {
            self.options.caches.remember_certificate_signature(remembered);
        }
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
