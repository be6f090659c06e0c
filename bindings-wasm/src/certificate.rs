//! Who a certificate names: what the page shows as the signer until the PKI report (issue 5)
//! supplies the checked chain. Read from the certificate only; nothing here is trusted for it.

use der::Decode;
use hocba::crypto::{CryptoProvider, DigestAlgorithm};
use hocba::time::UtcTime;
use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::name::Name;

/// The names and dates of a certificate, as it states them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CertificateInfo {
    subject: NameInfo,
    issuer: NameInfo,
    /// Hex, as printed by certificate viewers.
    serial_number: String,
    not_before: String,
    not_after: String,
    /// SHA-256 of the DER certificate, hex: the same fingerprint `hocba verify --json` prints.
    sha256: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NameInfo {
    common_name: Option<String>,
    organization: Option<String>,
    organizational_unit: Option<String>,
    locality: Option<String>,
    state: Option<String>,
    country: Option<String>,
}

impl CertificateInfo {
    /// `None` when the bytes are not an X.509 certificate (the core already refused those in
    /// `KeyInfo` and in the trusted list, so this does not happen for a verified signature).
    pub(crate) fn read(der: &[u8], provider: &dyn CryptoProvider) -> Option<Self> {
        let certificate = Certificate::from_der(der).ok()?;
        let tbs = certificate.tbs_certificate();
        let time = |t: &x509_cert::time::Time| {
            UtcTime::from_unix_seconds(t.to_unix_duration().as_secs() as i64).to_utc_string()
        };
        Some(CertificateInfo {
            subject: NameInfo::read(tbs.subject()),
            issuer: NameInfo::read(tbs.issuer()),
            serial_number: hex(tbs.serial_number().as_bytes()),
            not_before: time(&tbs.validity().not_before),
            not_after: time(&tbs.validity().not_after),
            sha256: sha256_hex(der, provider),
        })
    }
}

impl CertificateInfo {
    /// ` (common name, organization)` for messages, empty when the subject names neither.
    pub(crate) fn describe(&self) -> String {
        let parts: Vec<&str> =
            [&self.subject.common_name, &self.subject.organization].into_iter().flatten().map(String::as_str).collect();
        if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) }
    }
}

impl NameInfo {
    fn read(name: &Name) -> Self {
        // An attribute that is not a string is left out rather than guessed at.
        let text = |value: der::Result<Option<x509_cert::ext::pkix::name::DirectoryString>>| {
            value.ok().flatten().map(|s| s.value().into_owned())
        };
        NameInfo {
            common_name: text(name.common_name()),
            organization: text(name.organization()),
            organizational_unit: text(name.organization_unit()),
            locality: text(name.locality()),
            state: text(name.state_or_province()),
            country: name.country().ok().flatten().map(|c| c.as_str().to_owned()),
        }
    }
}

fn sha256_hex(bytes: &[u8], provider: &dyn CryptoProvider) -> String {
    let mut digest = provider.digest(DigestAlgorithm::Sha256);
    digest.update(bytes);
    hex(&digest.finish())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
