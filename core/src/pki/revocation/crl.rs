//! Certificate revocation lists (RFC 5280, section 5).

use der::Decode;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::CrlReason;

use super::super::certificate::Certificate;
use super::super::error::PkiError;
use super::super::signature::verify_x509_signature;
use super::signed::{RawSigned, utc};
use super::status::RevocationReason;
use crate::cache::Caches;
use crate::crypto::CryptoProvider;
use crate::time::UtcTime;

/// A CRL, read and not yet trusted: a revocation check relies on it only once its signature
/// verifies under the key of the issuer of the certificate in question (indirect CRLs and
/// separate CRL-signing keys are not accepted).
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
    /// The issuing distribution point: which of the issuer's certificates the CRL speaks about.
    scope: Option<Scope>,
}

/// id-ce-issuingDistributionPoint. Not `IssuingDistributionPoint::OID`: x509-cert 0.3.0 gives that
/// type the subject-information-access OID.
const ID_CE_ISSUING_DISTRIBUTION_POINT: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("2.5.29.28");

/// What an issuing distribution point extension (RFC 5280, 5.2.5) limits a CRL to.
#[derive(Clone, Debug)]
struct Scope {
    /// The distribution point's URIs; `None` when it names none. A CRL that names a point speaks
    /// only about certificates that name the same point.
    uris: Option<Vec<String>>,
    /// Names the point in a form other than URIs (relative to the issuer, a directory name...).
    other_names: bool,
    only_user_certificates: bool,
    only_ca_certificates: bool,
    only_attribute_certificates: bool,
    /// Lists only some revocation reasons: not listed there is not "not revoked".
    only_some_reasons: bool,
    /// Lists certificates of other issuers too.
    indirect: bool,
}

impl Scope {
    fn from_extension(value: &[u8]) -> Result<Scope, der::Error> {
        use x509_cert::ext::pkix::crl::dp::IssuingDistributionPoint;
        use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
        let point = IssuingDistributionPoint::from_der(value)?;
        let (uris, other_names) = match &point.distribution_point {
            None => (None, false),
            Some(DistributionPointName::NameRelativeToCRLIssuer(_)) => (Some(Vec::new()), true),
            Some(DistributionPointName::FullName(names)) => {
                let uris: Vec<String> = names
                    .iter()
                    .filter_map(|n| match n {
                        GeneralName::UniformResourceIdentifier(uri) => Some(uri.to_string()),
                        _ => None,
                    })
                    .collect();
                let other_names = uris.len() != names.len();
                (Some(uris), other_names)
            }
        };
        Ok(Scope {
            uris,
            other_names,
            only_user_certificates: point.only_contains_user_certs,
            only_ca_certificates: point.only_contains_ca_certs,
            only_attribute_certificates: point.only_contains_attribute_certs,
            only_some_reasons: point.only_some_reasons.is_some(),
            indirect: point.indirect_crl,
        })
    }
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

    /// Reads one CRL in DER (RFC 5280 `CertificateList`); the signature is not checked here. Fails
    /// with [`PkiError::MalformedCrl`] when it cannot be read or an entry carries a critical
    /// extension that is not understood.
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
        let mut scope = None;
        for extension in tbs.crl_extensions.iter().flatten() {
            if extension.extn_id == ID_CE_ISSUING_DISTRIBUTION_POINT {
                scope = Some(Scope::from_extension(extension.extn_value.as_bytes()).map_err(malformed)?);
            }
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
            scope,
        })
    }

    /// The CRL exactly as read, in DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub(crate) fn fingerprint(&self) -> &[u8; 32] {
        &self.fingerprint
    }

    /// The issuer's distinguished name, as [`DistinguishedName`](crate::pki::DistinguishedName)
    /// displays it.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// When the CRL was issued (`thisUpdate`).
    pub fn this_update(&self) -> UtcTime {
        self.this_update
    }

    /// When the next CRL is due (`nextUpdate`); `None` when the CRL does not say.
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
        caches: &Caches,
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
            caches,
            &raw.algorithm.oid,
            &issuer.spki_der(),
            raw.tbs_der(),
            raw.signature_bytes(),
            allow_sha1,
        )
        .map_err(|source| PkiError::Signature { what: "CRL", source })
    }

    /// Whether this CRL is complete for `certificate` (RFC 5280, 6.3.3 (b)(2)): a CRL whose issuing
    /// distribution point limits it to other certificates, to some reasons only, or to another
    /// distribution point than the certificate names says nothing about it, and one absent from
    /// it is not thereby good. `Err` says why the CRL does not cover the certificate.
    pub(crate) fn covers(&self, certificate: &Certificate) -> Result<(), String> {
        let Some(scope) = &self.scope else { return Ok(()) };
        if scope.indirect {
            return Err("an indirect CRL (lists other issuers' certificates), not supported".into());
        }
        if scope.only_some_reasons {
            return Err("lists only some revocation reasons: a complete CRL is needed".into());
        }
        if scope.only_attribute_certificates {
            return Err("lists attribute certificates only".into());
        }
        let ca = certificate.is_ca();
        if scope.only_user_certificates && ca {
            return Err("lists end-entity certificates only, and this is a CA certificate".into());
        }
        if scope.only_ca_certificates && !ca {
            return Err("lists CA certificates only, and this is an end-entity certificate".into());
        }
        if let Some(uris) = &scope.uris {
            let named = certificate.crl_urls();
            if !uris.iter().any(|uri| named.contains(uri)) {
                let what = if scope.other_names {
                    "a distribution point named otherwise"
                } else {
                    "another distribution point"
                };
                return Err(format!("a CRL for {what} than the certificate's ({})", named.join(", ")));
            }
        }
        Ok(())
    }

    /// The revocation entry for `certificate`, if listed.
    pub(crate) fn entry(&self, certificate: &Certificate) -> Option<(UtcTime, RevocationReason)> {
        self.revoked
            .iter()
            .find(|(serial, ..)| serial == certificate.serial_bytes())
            .map(|(_, time, reason)| (*time, *reason))
    }
}
