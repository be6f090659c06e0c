//! What a key or certificate file holds, told from its form: so that a file given in the wrong
//! place (a certificate as the private key, a key as a certificate, a text file as either) is
//! named for what it is, rather than reported as a parse error deep in its bytes.

use der::Decode;

/// What a file holds, as far as its PEM label or DER structure tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    /// An X.509 certificate.
    Certificate,
    /// A private key (PKCS#8, PKCS#1 or SEC1).
    PrivateKey,
    /// A private key encrypted with a password (PEM `ENCRYPTED PRIVATE KEY`).
    EncryptedPrivateKey,
    /// A public key (SubjectPublicKeyInfo or PKCS#1).
    PublicKey,
    /// A PKCS#12 file (`.p12`/`.pfx`): a key and its certificates under a password.
    Pkcs12,
    /// A certificate revocation list.
    Crl,
    /// A certificate request (PKCS#10).
    CertificateRequest,
    /// PEM of another kind.
    OtherPem,
    /// Neither PEM nor DER: a text file, an XML document, an image...
    NotPemOrDer,
    /// DER of a structure not recognised.
    UnknownDer,
}

impl FileKind {
    /// The kind of what `bytes` hold.
    pub fn of(bytes: &[u8]) -> FileKind {
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes).trim_ascii_start();
        if let Some(rest) = text.strip_prefix(b"-----BEGIN ") {
            let label = rest.iter().position(|&b| b == b'-').map_or(rest, |end| &rest[..end]);
            return Self::of_pem_label(label);
        }
        if bytes.first() != Some(&0x30) {
            return FileKind::NotPemOrDer;
        }
        if x509_cert::Certificate::from_der(bytes).is_ok() {
            FileKind::Certificate
        } else if super::PrivateKey::from_pkcs8_der(bytes).is_ok()
            || super::PrivateKey::from_pkcs1_rsa_der(bytes).is_ok()
            || super::PrivateKey::from_sec1_ec_der(bytes).is_ok()
        {
            FileKind::PrivateKey
        } else if super::PublicKey::from_spki_der(bytes).is_ok() || super::PublicKey::from_pkcs1_rsa_der(bytes).is_ok()
        {
            FileKind::PublicKey
        } else if x509_cert::crl::CertificateList::<x509_cert::certificate::Rfc5280>::from_der(bytes).is_ok() {
            FileKind::Crl
        } else if is_pkcs12(bytes) {
            FileKind::Pkcs12
        } else {
            FileKind::UnknownDer
        }
    }

    fn of_pem_label(label: &[u8]) -> FileKind {
        match label {
            b"CERTIFICATE" | b"X509 CERTIFICATE" | b"TRUSTED CERTIFICATE" => FileKind::Certificate,
            b"PRIVATE KEY" | b"RSA PRIVATE KEY" | b"EC PRIVATE KEY" => FileKind::PrivateKey,
            b"ENCRYPTED PRIVATE KEY" => FileKind::EncryptedPrivateKey,
            b"PUBLIC KEY" | b"RSA PUBLIC KEY" => FileKind::PublicKey,
            b"X509 CRL" => FileKind::Crl,
            b"CERTIFICATE REQUEST" | b"NEW CERTIFICATE REQUEST" => FileKind::CertificateRequest,
            b"PKCS12" => FileKind::Pkcs12,
            _ => FileKind::OtherPem,
        }
    }

    /// What the kind is called, in Vietnamese and in English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            FileKind::Certificate => ("một chứng thư số", "a certificate"),
            FileKind::PrivateKey => ("một khóa bí mật", "a private key"),
            FileKind::EncryptedPrivateKey => ("một khóa bí mật có mật khẩu", "a password-protected private key"),
            FileKind::PublicKey => ("một khóa công khai", "a public key"),
            FileKind::Pkcs12 => ("một tệp PKCS#12 (.p12/.pfx)", "a PKCS#12 file (.p12/.pfx)"),
            FileKind::Crl => ("một danh sách chứng thư bị thu hồi (CRL)", "a certificate revocation list (CRL)"),
            FileKind::CertificateRequest => ("một yêu cầu cấp chứng thư (CSR)", "a certificate request (CSR)"),
            FileKind::OtherPem => ("một tệp PEM loại khác", "a PEM file of another kind"),
            FileKind::NotPemOrDer => ("không phải tệp PEM hay DER", "not a PEM or DER file"),
            FileKind::UnknownDer => ("một tệp DER không nhận ra", "a DER file of an unknown kind"),
        }
    }
}

/// Whether `bytes` are a PKCS#12 PFX: a SEQUENCE of the version 3 and a content info.
fn is_pkcs12(bytes: &[u8]) -> bool {
    use der::{Reader, SliceReader};
    let Ok(mut reader) = SliceReader::new(bytes) else { return false };
    reader
        .sequence(|inner| -> der::Result<u8> {
            let version = u8::decode(inner)?;
            inner.read_slice(inner.remaining_len())?;
            Ok(version)
        })
        .is_ok_and(|version| version == 3)
}

#[cfg(test)]
mod tests {
    use super::FileKind;

    fn vector(path: &str) -> Vec<u8> {
        std::fs::read(format!("{}/../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn files_are_named_for_what_they_hold() {
        for (path, kind) in [
            ("keys/rsa2048-cert.pem", FileKind::Certificate),
            ("keys/rsa2048-cert.der", FileKind::Certificate),
            ("keys/rsa2048-key.pem", FileKind::PrivateKey),
            ("keys/rsa2048-key.der", FileKind::PrivateKey),
            ("keys/rsa2048-key-pkcs1.der", FileKind::PrivateKey),
            ("keys/p256-key-sec1.pem", FileKind::PrivateKey),
            ("keys/rsa512-pub.pem", FileKind::PublicKey),
            ("keys/rsa2048.p12", FileKind::Pkcs12),
            ("pki/ca.crl", FileKind::Crl),
            ("pki/ca.crl.der", FileKind::Crl),
            ("pki/README.md", FileKind::NotPemOrDer),
            ("transcripts/valid-tieu-hoc-lop-1-5.xml", FileKind::NotPemOrDer),
            ("pki/ocsp/gvcn.der", FileKind::UnknownDer),
        ] {
            assert_eq!(FileKind::of(&vector(path)), kind, "{path}");
        }
    }
}
