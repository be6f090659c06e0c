//! Trust anchors: the certificates a path must end at.

use std::path::Path;

use super::certificate::Certificate;
use super::error::PkiError;

/// The real government roots, embedded and pinned by SHA-256 (from `../shared/trust`, as
/// published at ca.gov.vn and rootca.gov.vn).
const GOVERNMENT_ROOTS: [(&str, &[u8], &str); 2] = [
    (
        "RootCA chuyên dùng Chính phủ G2",
        include_bytes!("roots/rootcag2.pem"),
        "f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8",
    ),
    (
        "Vietnam National Root CA",
        include_bytes!("roots/vnrca256.pem"),
        "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7",
    ),
];

/// The government intermediate that issues state agencies' and public schools' certificates;
/// shipped so that a signature whose `KeyInfo` omits it still finds its path.
const GOVERNMENT_INTERMEDIATES: [(&str, &[u8], &str); 1] = [(
    "CA phục vụ các cơ quan Nhà nước G2",
    include_bytes!("roots/cpcag2.pem"),
    "d8cab7a4aef92e6bb2509d7c61cee7b44f3731b2d21074963530277b366fae4b",
)];

/// The certificates a signer's path may end at, plus known intermediates offered to path
/// building (an intermediate is never trusted for being here; its path must still reach an
/// anchor).
#[derive(Clone, Debug, Default)]
pub struct TrustStore {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
}

impl TrustStore {
    /// No anchors: nothing validates until some are added.
    pub fn empty() -> Self {
        TrustStore::default()
    }

    /// The default: VGCA's "RootCA chuyên dùng Chính phủ G2" (government public-service
    /// certificates, Decree 68/2024) and NEAC's "Vietnam National Root CA" (the public CAs),
    /// with VGCA's "CA phục vụ các cơ quan Nhà nước G2" as a known intermediate. Each embedded
    /// certificate is checked against its pinned fingerprint when loaded.
    pub fn government() -> Self {
        let load = |(name, pem, pinned): &(&str, &[u8], &str)| {
            let certificate = Certificate::all_from_pem_or_der(pem)
                .ok()
                .and_then(|mut c| c.pop())
                .filter(|c| c.fingerprint_hex() == *pinned);
            // The bytes are compiled in; a mismatch is a broken build, caught by the tests.
            certificate.unwrap_or_else(|| panic!("embedded certificate {name:?} does not match its pinned fingerprint"))
        };
        TrustStore {
            anchors: GOVERNMENT_ROOTS.iter().map(load).collect(),
            intermediates: GOVERNMENT_INTERMEDIATES.iter().map(load).collect(),
        }
    }

    /// Adds every certificate in `bytes` (PEM, several allowed, or one DER) as an anchor.
    pub fn add_pem_or_der(&mut self, bytes: &[u8]) -> Result<usize, PkiError> {
        let certificates = Certificate::all_from_pem_or_der(bytes)?;
        let added = certificates.len();
        for certificate in certificates {
            self.add_anchor(certificate);
        }
        Ok(added)
    }

    /// Adds the certificates of a file, or of every `.pem`, `.crt`, `.cer` and `.der` file in a
    /// folder (not recursive), as anchors.
    pub fn add_path(&mut self, path: &Path) -> Result<usize, PkiError> {
        let read = |p: &Path| {
            std::fs::read(p).map_err(|e| PkiError::Io { path: p.display().to_string(), detail: e.to_string() })
        };
        if !path.is_dir() {
            return self
                .add_pem_or_der(&read(path)?)
                .map_err(|e| PkiError::InFile { path: path.display().to_string(), source: Box::new(e) });
        }
        let entries = std::fs::read_dir(path)
            .map_err(|e| PkiError::Io { path: path.display().to_string(), detail: e.to_string() })?;
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "pem" | "crt" | "cer" | "der"))
            })
            .collect();
        files.sort();
        let mut added = 0;
        for file in files {
            added += self
                .add_pem_or_der(&read(&file)?)
                .map_err(|e| PkiError::InFile { path: file.display().to_string(), source: Box::new(e) })?;
        }
        Ok(added)
    }

    /// Adds `certificate` as an anchor, unless it is one already (same fingerprint).
    pub fn add_anchor(&mut self, certificate: Certificate) {
        if !self.anchors.contains(&certificate) {
            self.anchors.push(certificate);
        }
    }

    /// The anchors, in the order added.
    pub fn anchors(&self) -> &[Certificate] {
        &self.anchors
    }

    pub(crate) fn intermediates(&self) -> &[Certificate] {
        &self.intermediates
    }
}
