//! Certificate revocation lists (RFC 5280, section 5).

use der::Decode;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::CrlReason;

use super::super::certificate::Certificate;
use super::super::error::PkiError;
use super::super::signature::verify_x509_signature;
use super::{RawSigned, RevocationReason, utc};
use crate::crypto::CryptoProvider;
use crate::time::UtcTime;

/// A CRL, read and not yet trusted: [`Crl::check_issued_by`] proves who signed it.
#[derive(Clone, Debug)]
pub struct Crl {
    der: Vec<u8>,
    fingerprint: [u8; 32],
    issuer_name_der: Vec<u8>,
    issuer: String,
    this_update: UtcTime,
    next_update: Option<UtcTime>,
    /// `(serial, revocation time, reason)`.
    revoked: Vec<(Vec<u8>, UtcTime, RevocationReason)>,
    has_critical_extensions: bool,
}

impl Crl {
    /// Reads one CRL in DER, or every `X509 CRL` block in PEM.
    pub fn all_from_pem_or_der(bytes: &[u8]) -> Result<Vec<Crl>, PkiError> {
        // DER starts with a SEQUENCE tag; PEM with its armour, after any white space.
        if bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
            let text =
                std::str::from_utf8(bytes).map_err(|_| PkiError::MalformedCrl { detail: "PEM is not text".into() })?;
            let mut crls = Vec::new();
            let mut rest = text;
            while let Some(start) = rest.find("-----BEGIN X509 CRL-----") {
                let end = rest[start..]
                    .find("-----END X509 CRL-----")
                    .ok_or_else(|| PkiError::MalformedCrl { detail: "PEM block without END".into() })?;
                let block = &rest[start..start + end + "-----END X509 CRL-----".len()];
                let (_, der) = der::pem::decode_vec(block.as_bytes())
                    .map_err(|e| PkiError::MalformedCrl { detail: e.to_string() })?;
                crls.push(Crl::from_der(&der)?);
                rest = &rest[start + end..][1..];
            }
            if crls.is_empty() {
                return Err(PkiError::MalformedCrl { detail: "no X509 CRL block in PEM".into() });
            }
            return Ok(crls);
        }
        Ok(vec![Crl::from_der(bytes)?])
    }

    pub fn from_der(der: &[u8]) -> Result<Crl, PkiError> {
        let malformed = |e: der::Error| PkiError::MalformedCrl { detail: e.to_string() };
        let list = CertificateList::<x509_cert::certificate::Rfc5280>::from_der(der).map_err(malformed)?;
        let tbs = &list.tbs_cert_list;
        let mut revoked = Vec::new();
        for entry in tbs.revoked_certificates.iter().flatten() {
            let mut reason = RevocationReason::Unspecified;
            for extension in entry.crl_entry_extensions.iter().flatten() {
                if extension.extn_id == <CrlReason as der::oid::AssociatedOid>::OID {
                    reason = CrlReason::from_der(extension.extn_value.as_bytes()).map_err(malformed)?.into();
                } else if extension.critical {
                    // A critical entry extension we do not understand (certificate issuer of an
                    // indirect CRL, ...) makes the entry, and so the CRL, unusable.
                    return Err(PkiError::MalformedCrl {
                        detail: format!("unsupported critical entry extension {}", extension.extn_id),
                    });
                }
            }
            revoked.push((entry.serial_number.as_bytes().to_vec(), utc(&entry.revocation_date), reason));
        }
        let has_critical_extensions = tbs.crl_extensions.iter().flatten().any(|e| {
            e.critical
                && !matches!(
                    e.extn_id.to_string().as_str(),
                    // CRL number, authority key identifier, issuing distribution point
                    "2.5.29.20" | "2.5.29.35" | "2.5.29.28"
                )
        });
        use sha2::Digest;
        Ok(Crl {
            der: der.to_vec(),
            fingerprint: sha2::Sha256::digest(der).into(),
            issuer_name_der: der::Encode::to_der(&tbs.issuer).map_err(malformed)?,
            issuer: super::super::certificate::DistinguishedName::from_x509(&tbs.issuer).to_string(),
            this_update: utc(&tbs.this_update),
            next_update: tbs.next_update.as_ref().map(utc),
            revoked,
            has_critical_extensions,
        })
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub(crate) fn fingerprint(&self) -> &[u8; 32] {
        &self.fingerprint
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn this_update(&self) -> UtcTime {
        self.this_update
    }

    pub fn next_update(&self) -> Option<UtcTime> {
        self.next_update
    }

    /// Whether this CRL speaks about certificates `issuer` issued (by name; the signature is
    /// checked by [`Crl::check_issued_by`]).
    pub(crate) fn names_issuer(&self, issuer: &Certificate) -> bool {
        self.issuer_name_der == issuer.subject_name_der()
    }

    /// Checks that `issuer`'s key signed this CRL (the key that signed the certificate: indirect
    /// CRLs and separate CRL-signing keys are not accepted) and that nothing critical in it is
    /// beyond us.
    pub(crate) fn check_issued_by(
        &self,
        issuer: &Certificate,
        provider: &'static dyn CryptoProvider,
        allow_sha1: bool,
    ) -> Result<(), PkiError> {
        if !self.names_issuer(issuer) {
            return Err(PkiError::MalformedCrl {
                detail: format!("issued by {}, not {}", self.issuer, issuer.subject()),
            });
        }
        if self.has_critical_extensions {
            return Err(PkiError::MalformedCrl { detail: "unsupported critical CRL extension (delta CRL?)".into() });
        }
        let raw = RawSigned::from_der(&self.der).map_err(|e| PkiError::MalformedCrl { detail: e.to_string() })?;
        verify_x509_signature(
            provider,
            &raw.algorithm.oid,
            &issuer.spki_der(),
            raw.tbs_der(),
            raw.signature_bytes(),
            allow_sha1,
        )
        .map_err(|source| PkiError::Signature { what: "CRL", source })
    }

    /// The revocation entry for `certificate`, if listed.
    pub(crate) fn entry(&self, certificate: &Certificate) -> Option<(UtcTime, RevocationReason)> {
        self.revoked
            .iter()
            .find(|(serial, ..)| serial == certificate.serial_bytes())
            .map(|(_, time, reason)| (*time, *reason))
    }
}
