//! An X.509 certificate as the PKI layer reads it: its DER, the decoded structure, and what a
//! report shows of it (names with Vietnamese diacritics intact, validity, fingerprint).

use std::fmt;
use std::sync::Arc;

use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};
use x509_cert::name::Name;

use super::error::PkiError;
use crate::crypto::CryptoError;
use crate::time::UtcTime;

/// A certificate: cheap to clone (the bytes and the decoded form are shared).
#[derive(Clone)]
pub struct Certificate {
    inner: Arc<Inner>,
}

struct Inner {
    der: Vec<u8>,
    decoded: x509_cert::Certificate,
    fingerprint: [u8; 32],
    subject: DistinguishedName,
    issuer: DistinguishedName,
}

impl Certificate {
    /// Reads one DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, PkiError> {
        let decoded = x509_cert::Certificate::from_der(der)
            .map_err(|e| PkiError::MalformedCertificate { detail: e.to_string() })?;
        // Re-encoding must give back the same bytes: a certificate whose signature covers bytes
        // other than the ones we would hash is ambiguous, and BER is not DER.
        let encoded = decoded.to_der().map_err(|e| PkiError::MalformedCertificate { detail: e.to_string() })?;
        if encoded != der {
            return Err(PkiError::MalformedCertificate { detail: "not in DER (distinguished) encoding".into() });
        }
        let subject = DistinguishedName::from_x509(decoded.tbs_certificate().subject());
        let issuer = DistinguishedName::from_x509(decoded.tbs_certificate().issuer());
        Ok(Certificate {
            inner: Arc::new(Inner {
                fingerprint: Sha256::digest(der).into(),
                der: der.to_vec(),
                decoded,
                subject,
                issuer,
            }),
        })
    }

    /// Reads every certificate in PEM (`CERTIFICATE` blocks) or one in DER.
    pub fn all_from_pem_or_der(bytes: &[u8]) -> Result<Vec<Self>, PkiError> {
        let ders = crate::crypto::certificates_from_pem_or_der(bytes).map_err(|e| match e {
            CryptoError::WrongFile { .. } => PkiError::NotCertificates(e),
            other => PkiError::MalformedCertificate { detail: other.to_string() },
        })?;
        ders.iter().map(|der| Certificate::from_der(der)).collect()
    }

    /// The certificate exactly as read, in DER.
    pub fn der(&self) -> &[u8] {
        &self.inner.der
    }

    pub(crate) fn decoded(&self) -> &x509_cert::Certificate {
        &self.inner.decoded
    }

    /// SHA-256 of the DER.
    pub fn fingerprint(&self) -> &[u8; 32] {
        &self.inner.fingerprint
    }

    /// The fingerprint in lowercase hex, as `../shared/trust/README.md` and `openssl x509
    /// -fingerprint` (without colons) write it.
    pub fn fingerprint_hex(&self) -> String {
        hex(&self.inner.fingerprint)
    }

    /// The subject name (whose key this certificate binds).
    pub fn subject(&self) -> &DistinguishedName {
        &self.inner.subject
    }

    /// The issuer name (the CA that signed this certificate).
    pub fn issuer(&self) -> &DistinguishedName {
        &self.inner.issuer
    }

    /// The serial number in uppercase hex.
    pub fn serial_hex(&self) -> String {
        hex(self.serial_bytes()).to_uppercase()
    }

    pub(crate) fn serial_bytes(&self) -> &[u8] {
        self.decoded().tbs_certificate().serial_number().as_bytes()
    }

    /// The start of the validity period (`notBefore`, RFC 5280, 4.1.2.5), to the second.
    pub fn not_before(&self) -> UtcTime {
        UtcTime::from_unix_seconds(
            self.decoded().tbs_certificate().validity().not_before.to_unix_duration().as_secs() as i64
        )
    }

    /// The end of the validity period (`notAfter`, RFC 5280, 4.1.2.5), to the second; the
    /// certificate is valid up to and including this instant.
    pub fn not_after(&self) -> UtcTime {
        UtcTime::from_unix_seconds(
            self.decoded().tbs_certificate().validity().not_after.to_unix_duration().as_secs() as i64
        )
    }

    /// The DER SubjectPublicKeyInfo.
    pub fn spki_der(&self) -> Vec<u8> {
        // Encoding a structure we decoded from DER cannot fail.
        self.decoded().tbs_certificate().subject_public_key_info().to_der().unwrap_or_default()
    }

    pub(crate) fn subject_name_der(&self) -> Vec<u8> {
        self.decoded().tbs_certificate().subject().to_der().unwrap_or_default()
    }

    pub(crate) fn issuer_name_der(&self) -> Vec<u8> {
        self.decoded().tbs_certificate().issuer().to_der().unwrap_or_default()
    }

    pub(crate) fn is_self_issued(&self) -> bool {
        self.subject_name_der() == self.issuer_name_der()
    }

    pub(crate) fn is_ca(&self) -> bool {
        matches!(self.decoded().tbs_certificate().get_extension::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca)
    }

    /// Whether the key usage allows signing documents (digitalSignature or nonRepudiation);
    /// a certificate without the extension allows every use (RFC 5280, 4.2.1.3).
    pub(crate) fn allows_document_signing(&self) -> bool {
        match self.decoded().tbs_certificate().get_extension::<KeyUsage>() {
            Ok(Some((_, usage))) => {
                usage.0.contains(KeyUsages::DigitalSignature) || usage.0.contains(KeyUsages::NonRepudiation)
            }
            Ok(None) => true,
            Err(_) => false,
        }
    }

    /// The bits of the subjectPublicKey BIT STRING (what OCSP's key hashes cover).
    pub(crate) fn public_key_bits(&self) -> Vec<u8> {
        self.decoded().tbs_certificate().subject_public_key_info().subject_public_key.raw_bytes().to_vec()
    }

    /// The extended key usages (dotted OIDs); `None` without the extension, `Err` when it cannot
    /// be read.
    pub(crate) fn extended_key_usages(&self) -> Result<Option<Vec<String>>, ()> {
        match self.decoded().tbs_certificate().get_extension::<x509_cert::ext::pkix::ExtendedKeyUsage>() {
            Ok(Some((_, eku))) => Ok(Some(eku.0.iter().map(|o| o.to_string()).collect())),
            Ok(None) => Ok(None),
            Err(_) => Err(()),
        }
    }

    /// The size of the modulus of an RSA key (rsaEncryption or RSASSA-PSS), in bits; `None` for
    /// other keys and for an RSA key that cannot be read (its signatures then never verify).
    pub(crate) fn rsa_modulus_bits(&self) -> Option<usize> {
        const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
        const RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
        let spki = self.decoded().tbs_certificate().subject_public_key_info();
        if !matches!(spki.algorithm.oid.to_string().as_str(), RSA_ENCRYPTION | RSASSA_PSS) {
            return None;
        }
        let key =
            rsa::pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(spki.subject_public_key.as_bytes()?).ok()?;
        let modulus = key.modulus.as_bytes();
        let first = modulus.iter().position(|&b| b != 0)?;
        Some((modulus.len() - first) * 8 - modulus[first].leading_zeros() as usize)
    }

    /// Whether the extended key usage lists `oid` (dotted form).
    pub(crate) fn has_extended_key_usage(&self, oid: &str) -> bool {
        match self.decoded().tbs_certificate().get_extension::<x509_cert::ext::pkix::ExtendedKeyUsage>() {
            Ok(Some((_, eku))) => eku.0.iter().any(|o| o.to_string() == oid),
            _ => false,
        }
    }

    /// URLs of a kind (`"ocsp"` or `"caIssuers"`) in the authority information access extension.
    pub(crate) fn authority_info_urls(&self, kind: &str) -> Vec<String> {
        use x509_cert::ext::pkix::{AuthorityInfoAccessSyntax, name::GeneralName};
        let method = if kind == "ocsp" { "1.3.6.1.5.5.7.48.1" } else { "1.3.6.1.5.5.7.48.2" };
        match self.decoded().tbs_certificate().get_extension::<AuthorityInfoAccessSyntax>() {
            Ok(Some((_, aia))) => aia
                .0
                .iter()
                .filter(|d| d.access_method.to_string() == method)
                .filter_map(|d| match &d.access_location {
                    GeneralName::UniformResourceIdentifier(uri) => Some(uri.to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The full-name URIs of the CRL distribution points.
    pub(crate) fn crl_urls(&self) -> Vec<String> {
        use x509_cert::ext::pkix::{CrlDistributionPoints, name::DistributionPointName, name::GeneralName};
        match self.decoded().tbs_certificate().get_extension::<CrlDistributionPoints>() {
            Ok(Some((_, points))) => points
                .0
                .iter()
                .filter_map(|p| match &p.distribution_point {
                    Some(DistributionPointName::FullName(names)) => Some(names),
                    _ => None,
                })
                .flatten()
                .filter_map(|n| match n {
                    GeneralName::UniformResourceIdentifier(uri) => Some(uri.to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The subject key identifier, if the certificate carries one.
    pub(crate) fn subject_key_identifier(&self) -> Option<Vec<u8>> {
        match self.decoded().tbs_certificate().get_extension::<x509_cert::ext::pkix::SubjectKeyIdentifier>() {
            Ok(Some((_, ski))) => Some(ski.0.as_bytes().to_vec()),
            _ => None,
        }
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.inner.fingerprint == other.inner.fingerprint
    }
}

impl Eq for Certificate {}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject().to_string())
            .field("serial", &self.serial_hex())
            .field("sha256", &self.fingerprint_hex())
            .finish()
    }
}

/// A distinguished name, attribute by attribute, values decoded to text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DistinguishedName {
    /// `(short name or dotted OID, value)` in the order the certificate lists them.
    attributes: Vec<(String, String)>,
}

impl DistinguishedName {
    pub(crate) fn from_x509(name: &Name) -> Self {
        let attributes = name
            .iter()
            .map(|atv| {
                let key = attribute_short_name(&atv.oid);
                let value = directory_string(&atv.value).unwrap_or_else(|| format!("#{}", hex(atv.value.value())));
                (key, value)
            })
            .collect();
        DistinguishedName { attributes }
    }

    /// The first value of an attribute by its short name (`CN`, `O`, `OU`, `L`, `ST`, `C`,
    /// `title`, `E`, `UID`).
    pub fn get(&self, short_name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == short_name).map(|(_, v)| v.as_str())
    }

    /// The common name (`CN`), the signer's or CA's name as reports show it.
    pub fn common_name(&self) -> Option<&str> {
        self.get("CN")
    }

    /// The organization (`O`).
    pub fn organization(&self) -> Option<&str> {
        self.get("O")
    }

    /// The organizational unit (`OU`).
    pub fn organizational_unit(&self) -> Option<&str> {
        self.get("OU")
    }

    /// Every attribute as `(short name or dotted OID, value)`, in the order the certificate lists
    /// them; values that are not a known string type are `#` followed by their hex.
    pub fn attributes(&self) -> &[(String, String)] {
        &self.attributes
    }
}

impl fmt::Display for DistinguishedName {
    /// `C=VN, O=…, CN=…` in certificate order, as OpenSSL's `-nameopt utf8` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (key, value)) in self.attributes.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{key}={value}")?;
        }
        Ok(())
    }
}

fn attribute_short_name(oid: &der::oid::ObjectIdentifier) -> String {
    let name = match oid.to_string().as_str() {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.5" => "serialNumber",
        "1.2.840.113549.1.9.1" => "E",
        "0.9.2342.19200300.100.1.1" => "UID",
        other => return other.to_owned(),
    };
    name.to_owned()
}

/// The text of a DirectoryString (UTF8String, PrintableString, IA5String, BMPString,
/// TeletexString read as Latin-1, as every other reader does).
fn directory_string(value: &der::asn1::Any) -> Option<String> {
    use der::{Tag, Tagged};
    let bytes = value.value();
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString => {
            std::str::from_utf8(bytes).ok().map(str::to_owned)
        }
        Tag::TeletexString => Some(bytes.iter().map(|&b| char::from(b)).collect()),
        Tag::BmpString => {
            if !bytes.len().is_multiple_of(2) {
                return None;
            }
            let units = bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]));
            char::decode_utf16(units).collect::<Result<String, _>>().ok()
        }
        _ => None,
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
