//! OCSP (RFC 6960): requests for a certificate, and responses checked against its issuer.

use certval::ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspResponse as OcspResponseAsn1, OcspResponseStatus, ResponderId,
};
use certval::ocsp::{OcspRequest, Request, TbsRequest};
use der::asn1::OctetString;
use der::{Decode, Encode};

use super::super::certificate::Certificate;
use super::super::error::PkiError;
use super::super::signature::{digest, verify_x509_signature};
use super::signed::{RawSigned, utc_generalized};
use super::status::RevocationReason;
use crate::cache::Caches;
use crate::crypto::{CryptoProvider, DigestAlgorithm};
use crate::time::UtcTime;

const SHA1_OID: &str = "1.3.14.3.2.26";
const SHA256_OID: &str = "2.16.840.1.101.3.4.2.1";
const OCSP_SIGNING_EKU: &str = "1.3.6.1.5.5.7.3.9";
const NONCE_OID: &str = "1.3.6.1.5.5.7.48.1.2";

/// A successful OCSP response, read and not yet trusted.
#[derive(Clone, Debug)]
pub struct OcspResponse {
    der: Vec<u8>,
    basic_der: Vec<u8>,
    basic: BasicOcspResponse,
}

/// What a verified response says about one certificate.
#[derive(Clone, Debug)]
pub(crate) struct OcspAnswer {
    pub status: OcspCertStatus,
    pub this_update: UtcTime,
    pub next_update: Option<UtcTime>,
    /// Who signed the response (the issuer or its delegated responder).
    pub responder: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum OcspCertStatus {
    Good,
    Revoked { time: UtcTime, reason: RevocationReason },
    Unknown,
}

impl OcspResponse {
    /// Reads an OCSP response in DER (RFC 6960 `OCSPResponse`); its signature is not checked here.
    /// Fails with [`PkiError::MalformedOcspResponse`] when it cannot be read, its status is not
    /// `successful`, or it is not a basic response (`id-pkix-ocsp-basic`).
    pub fn from_der(der: &[u8]) -> Result<Self, PkiError> {
        let malformed = |detail: String| PkiError::MalformedOcspResponse { detail };
        let response = OcspResponseAsn1::from_der(der).map_err(|e| malformed(e.to_string()))?;
        if response.response_status != OcspResponseStatus::Successful {
            return Err(malformed(format!("responder answered {:?}", response.response_status)));
        }
        let bytes = response.response_bytes.ok_or_else(|| malformed("no response bytes".into()))?;
        if bytes.response_type.to_string() != "1.3.6.1.5.5.7.48.1.1" {
            return Err(malformed(format!("response type {} is not id-pkix-ocsp-basic", bytes.response_type)));
        }
        let basic_der = bytes.response.as_bytes().to_vec();
        let basic = BasicOcspResponse::from_der(&basic_der).map_err(|e| malformed(e.to_string()))?;
        Ok(OcspResponse { der: der.to_vec(), basic_der, basic })
    }

    /// The response exactly as read, in DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Whether every answer in the response carries a next update and none is past at `now`.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn current_at(&self, now: UtcTime) -> bool {
        let responses = &self.basic.tbs_response_data.responses;
        !responses.is_empty()
            && responses.iter().all(|r| r.next_update.as_ref().is_some_and(|t| utc_generalized(&t.0) >= now))
    }

    /// The nonce the responder echoed, if any.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn nonce(&self) -> Option<Vec<u8>> {
        self.basic.nonce().map(|n| n.0.as_bytes().to_vec())
    }

    /// Whether one of the single responses is about `certificate` issued by `issuer`.
    pub(crate) fn is_about(
        &self,
        certificate: &Certificate,
        issuer: &Certificate,
        provider: &'static dyn CryptoProvider,
    ) -> bool {
        self.basic
            .tbs_response_data
            .responses
            .iter()
            .any(|r| cert_id_matches(&r.cert_id, certificate, issuer, provider))
    }

    /// Verifies the response's signature (by `issuer`, or by a responder `issuer` delegated with
    /// id-kp-OCSPSigning) and returns what it says about `certificate`.
    pub(crate) fn check(
        &self,
        certificate: &Certificate,
        issuer: &Certificate,
        provider: &'static dyn CryptoProvider,
        caches: &Caches,
        allow_sha1: bool,
    ) -> Result<OcspAnswer, PkiError> {
        let malformed = |detail: String| PkiError::MalformedOcspResponse { detail };
        let data = &self.basic.tbs_response_data;
        let single = data
            .responses
            .iter()
            .find(|r| cert_id_matches(&r.cert_id, certificate, issuer, provider))
            .ok_or_else(|| malformed(format!("no answer about serial {}", certificate.serial_hex())))?;
        let produced_at = utc_generalized(&data.produced_at.0);
        let signer = self.signer(issuer, produced_at, provider, caches, allow_sha1)?;
        let raw = RawSigned::from_der(&self.basic_der).map_err(|e| malformed(e.to_string()))?;
        verify_x509_signature(
            provider,
            caches,
            &raw.algorithm.oid,
            &signer.spki_der(),
            raw.tbs_der(),
            raw.signature_bytes(),
            allow_sha1,
        )
        .map_err(|source| PkiError::Signature { what: "OCSP response", source })?;
        let status = match &single.cert_status {
            CertStatus::Good(_) => OcspCertStatus::Good,
            CertStatus::Revoked(info) => OcspCertStatus::Revoked {
                time: utc_generalized(&info.revocation_time.0),
                reason: info.revocation_reason.map_or(RevocationReason::Unspecified, Into::into),
            },
            CertStatus::Unknown(_) => OcspCertStatus::Unknown,
        };
        Ok(OcspAnswer {
            status,
            this_update: utc_generalized(&single.this_update.0),
            next_update: single.next_update.as_ref().map(|t| utc_generalized(&t.0)),
            responder: signer.subject().to_string(),
        })
    }

    /// The certificate whose key must have signed the response: the issuer itself when the
    /// responder id names it, else a certificate in the response that names the responder, was
    /// issued (and signed) by `issuer`, carries id-kp-OCSPSigning and was valid when the
    /// response was produced.
    fn signer(
        &self,
        issuer: &Certificate,
        produced_at: UtcTime,
        provider: &'static dyn CryptoProvider,
        caches: &Caches,
        allow_sha1: bool,
    ) -> Result<Certificate, PkiError> {
        let responder_id = &self.basic.tbs_response_data.responder_id;
        if responder_matches(responder_id, issuer, provider) {
            return Ok(issuer.clone());
        }
        let unauthorized = |detail: &str| PkiError::MalformedOcspResponse { detail: detail.to_owned() };
        for embedded in self.basic.certs.iter().flatten() {
            let der = embedded.to_der().map_err(|e| unauthorized(&e.to_string()))?;
            let candidate = Certificate::from_der(&der)?;
            if !responder_matches(responder_id, &candidate, provider) {
                continue;
            }
            if candidate.issuer_name_der() != issuer.subject_name_der() {
                return Err(unauthorized("the responder's certificate was not issued by the certificate's issuer"));
            }
            let raw = RawSigned::from_der(candidate.der()).map_err(|e| unauthorized(&e.to_string()))?;
            verify_x509_signature(
                provider,
                caches,
                &raw.algorithm.oid,
                &issuer.spki_der(),
                raw.tbs_der(),
                raw.signature_bytes(),
                allow_sha1,
            )
            .map_err(|source| PkiError::Signature { what: "OCSP responder certificate", source })?;
            if !candidate.has_extended_key_usage(OCSP_SIGNING_EKU) {
                return Err(unauthorized("the responder's certificate lacks id-kp-OCSPSigning"));
            }
            if produced_at < candidate.not_before() || produced_at > candidate.not_after() {
                return Err(unauthorized("the responder's certificate was not valid when the response was produced"));
            }
            return Ok(candidate);
        }
        Err(unauthorized("signed by a responder that is neither the issuer nor delegated by it"))
    }
}

fn responder_matches(id: &ResponderId, certificate: &Certificate, provider: &'static dyn CryptoProvider) -> bool {
    match id {
        ResponderId::ByName(name) => name.to_der().is_ok_and(|der| der == certificate.subject_name_der()),
        ResponderId::ByKey(hash) => {
            hash.as_bytes() == digest(provider, DigestAlgorithm::Sha1, &certificate.public_key_bits())
        }
    }
}

fn cert_id_matches(
    id: &CertId,
    certificate: &Certificate,
    issuer: &Certificate,
    provider: &'static dyn CryptoProvider,
) -> bool {
    let algorithm = match id.hash_algorithm.oid.to_string().as_str() {
        SHA1_OID => DigestAlgorithm::Sha1,
        SHA256_OID => DigestAlgorithm::Sha256,
        _ => return false,
    };
    id.serial_number.as_bytes() == certificate.serial_bytes()
        && id.issuer_name_hash.as_bytes() == digest(provider, algorithm, &issuer.subject_name_der())
        && id.issuer_key_hash.as_bytes() == digest(provider, algorithm, &issuer.public_key_bits())
}

/// The DER of an OCSP request for `certificate` (CertID with SHA-1, as every responder
/// understands), with a nonce extension when given.
pub(crate) fn build_request(
    certificate: &Certificate,
    issuer: &Certificate,
    nonce: Option<&[u8]>,
    provider: &'static dyn CryptoProvider,
) -> Result<Vec<u8>, PkiError> {
    let asn1 = |e: der::Error| PkiError::MalformedOcspResponse { detail: format!("building the request: {e}") };
    let cert_id = CertId {
        hash_algorithm: spki::AlgorithmIdentifierOwned {
            oid: der::oid::ObjectIdentifier::new_unwrap(SHA1_OID),
            // NULL parameters, as OpenSSL and most clients send: responders that compare the
            // CertID as a whole then match it to the one they keep.
            parameters: Some(der::Any::from(der::asn1::Null)),
        },
        issuer_name_hash: OctetString::new(digest(provider, DigestAlgorithm::Sha1, &issuer.subject_name_der()))
            .map_err(asn1)?,
        issuer_key_hash: OctetString::new(digest(provider, DigestAlgorithm::Sha1, &issuer.public_key_bits()))
            .map_err(asn1)?,
        serial_number: certificate.decoded().tbs_certificate().serial_number().clone(),
    };
    let request_extensions = match nonce {
        Some(nonce) => {
            let value = OctetString::new(nonce).map_err(asn1)?.to_der().map_err(asn1)?;
            Some(vec![x509_cert::ext::Extension {
                extn_id: der::oid::ObjectIdentifier::new_unwrap(NONCE_OID),
                critical: false,
                extn_value: OctetString::new(value).map_err(asn1)?,
            }])
        }
        None => None,
    };
    let request = OcspRequest {
        tbs_request: TbsRequest {
            version: Default::default(),
            requestor_name: None,
            request_list: vec![Request { req_cert: cert_id, single_request_extensions: None }],
            request_extensions,
        },
        optional_signature: None,
    };
    request.to_der().map_err(asn1)
}
