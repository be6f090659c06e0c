//! The generated test PKI (`test-vectors/pki`): its files, certificates, signers and the trust in its root.

use hocba::crypto::{self, PrivateKey, SignatureAlgorithm};
use hocba::dsig::KeySigner;
use hocba::pki::{Certificate, RevocationPolicy, TrustOptions, TrustStore};

pub fn pki_dir() -> String {
    format!("{}/../test-vectors/pki", env!("CARGO_MANIFEST_DIR"))
}

/// The bytes of a file of the test PKI.
pub fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{name}", pki_dir())).unwrap()
}

/// `{name}-cert.pem`.
pub fn cert(name: &str) -> Certificate {
    Certificate::all_from_pem_or_der(&pki(&format!("{name}-cert.pem"))).unwrap().remove(0)
}

/// Trust in the test root only, with `revocation`; the clock is the system's.
pub fn trust(revocation: RevocationPolicy) -> TrustOptions {
    let mut store = TrustStore::empty();
    store.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    TrustOptions { trust: store, revocation, ..TrustOptions::default() }
}

/// `{name}-key.pem` signing with SHA-256 (RSA or ECDSA, as the key is), its certificate and the CA's
/// in KeyInfo.
pub fn signer(name: &str) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&pki(&format!("{name}-key.pem"))).unwrap();
    let algorithm = match key.public_key().key_type() {
        crypto::KeyType::Rsa => SignatureAlgorithm::RSA_SHA256,
        crypto::KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
    };
    let chain = vec![cert(name).der().to_vec(), cert("ca").der().to_vec()];
    KeySigner::new(key, chain, algorithm, crypto::default_provider()).unwrap()
}

/// A CRL of the test CA, issued at `this_update` (`YYYYMMDDHHMMSSZ`), listing the CA database's
/// revocations and `name`'s certificate revoked at `revoked_at` (`YYMMDDHHMMSSZ`) for `reason`
/// (`keyCompromise`, ...): made with `openssl ca` over a copy of the database. `None` without
/// `openssl`.
pub fn crl_revoking(name: &str, revoked_at: &str, reason: &str, this_update: &str) -> Option<hocba::pki::Crl> {
    if !super::require_tool("openssl", "openssl") {
        return None;
    }
    let serial = cert(name).serial_hex().to_uppercase();
    let dir = scratch_dir(&format!("crl-{name}"));
    std::fs::create_dir_all(dir.join("newcerts")).unwrap();
    let index = std::fs::read_to_string(format!("{}/ca-index.txt", pki_dir())).unwrap();
    let mut found = false;
    let revoked: String = index
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() == 6 && fields[3].trim_start_matches('0') == serial.trim_start_matches('0') {
                found = true;
                format!("R\t{}\t{revoked_at},{reason}\t{}\t{}\t{}\n", fields[1], fields[3], fields[4], fields[5])
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert!(found, "{name}'s certificate is in the CA's database");
    Some(ca_crl(&dir, &revoked, "sha256", this_update))
}

/// The test CA's CRL over its database as it is, signed with the digest `md` (`sha1`, ...) and
/// issued at `this_update`. `None` without `openssl`.
pub fn ca_crl_signed_with(md: &str, this_update: &str) -> Option<hocba::pki::Crl> {
    if !super::require_tool("openssl", "openssl") {
        return None;
    }
    let dir = scratch_dir(&format!("crl-{md}"));
    std::fs::create_dir_all(dir.join("newcerts")).unwrap();
    let index = std::fs::read_to_string(format!("{}/ca-index.txt", pki_dir())).unwrap();
    Some(ca_crl(&dir, &index, md, this_update))
}

/// `openssl ca -gencrl` of the test CA in `dir` (removed after), over the database `index`.
fn ca_crl(dir: &std::path::Path, index: &str, md: &str, this_update: &str) -> hocba::pki::Crl {
    std::fs::write(dir.join("index.txt"), index).unwrap();
    std::fs::write(dir.join("crlnumber"), "1000\n").unwrap();
    let config = dir.join("openssl.cnf");
    std::fs::write(
        &config,
        format!(
            "[ ca ]\ndefault_ca = test_ca\n[ test_ca ]\ndatabase = {0}/index.txt\ncrlnumber = {0}/crlnumber\n\
             new_certs_dir = {0}/newcerts\ndefault_md = {md}\ndefault_crl_days = 25000\n",
            dir.display()
        ),
    )
    .unwrap();
    let out = dir.join("ca.crl");
    let status = std::process::Command::new("openssl")
        .current_dir(pki_dir())
        .args(["ca", "-batch", "-gencrl", "-config"])
        .arg(&config)
        .args(["-cert", "ca-cert.pem", "-keyfile", "ca-key.pem", "-crl_lastupdate", this_update, "-out"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "openssl ca -gencrl");
    let crl = hocba::pki::Crl::all_from_pem_or_der(&std::fs::read(&out).unwrap()).unwrap().remove(0);
    std::fs::remove_dir_all(dir).unwrap();
    crl
}

/// An OCSP "good" for `name`'s certificate, signed by the test PKI's responder over the CA's
/// database with that certificate's revocation undone: what the responder said before a
/// revocation, replayed. `None` without `openssl`.
pub fn ocsp_good_for(name: &str) -> Option<hocba::pki::OcspResponse> {
    if !super::require_tool("openssl", "openssl") {
        return None;
    }
    let dir = scratch_dir(&format!("ocsp-good-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    let serial = cert(name).serial_hex().to_uppercase();
    let index = std::fs::read_to_string(format!("{}/ca-index.txt", pki_dir())).unwrap();
    let valid: String = index
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() == 6
                && fields[0] == "R"
                && fields[3].trim_start_matches('0') == serial.trim_start_matches('0')
            {
                format!("V\t{}\t\t{}\t{}\t{}\n", fields[1], fields[3], fields[4], fields[5])
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    std::fs::write(dir.join("index.txt"), valid).unwrap();
    let request = dir.join("request.der");
    let response = dir.join("good.der");
    let openssl = |args: &[&std::ffi::OsStr]| {
        let status = std::process::Command::new("openssl")
            .current_dir(pki_dir())
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "openssl {args:?}");
    };
    let cert_file = format!("{name}-cert.pem");
    openssl(&[
        "ocsp".as_ref(),
        "-issuer".as_ref(),
        "ca-cert.pem".as_ref(),
        "-cert".as_ref(),
        cert_file.as_ref(),
        "-no_nonce".as_ref(),
        "-reqout".as_ref(),
        request.as_os_str(),
    ]);
    openssl(&[
        "ocsp".as_ref(),
        "-index".as_ref(),
        dir.join("index.txt").as_os_str(),
        "-CA".as_ref(),
        "ca-cert.pem".as_ref(),
        "-rsigner".as_ref(),
        "ocsp-cert.pem".as_ref(),
        "-rkey".as_ref(),
        "ocsp-key.pem".as_ref(),
        "-ndays".as_ref(),
        "25000".as_ref(),
        "-reqin".as_ref(),
        request.as_os_str(),
        "-respout".as_ref(),
        response.as_os_str(),
    ]);
    let der = std::fs::read(&response).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    Some(hocba::pki::OcspResponse::from_der(&der).unwrap())
}

/// A folder of its own for one call (tests run in parallel threads of one process).
fn scratch_dir(what: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("hocba-{what}-{}-{n}", std::process::id()))
}
