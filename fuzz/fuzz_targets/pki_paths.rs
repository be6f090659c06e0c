//! Path building over untrusted candidates: the input is certificates, each a 2-byte big-endian
//! length then its DER; the first is the target, the others its candidates, under the test PKI's
//! root. Oracle: never a panic; the search stays within its budget; a path it returns starts at
//! the target, ends at the anchor, and chains by name.
#![no_main]

use std::sync::OnceLock;

use hocba::pki::{
    Certificate, MAX_PATH_ISSUERS_TRIED, MAX_PATH_SIGNATURE_CHECKS, PathFailure, Purpose, RevocationChecker,
    RevocationPolicy, TrustOptions, TrustStore, validate_certificate,
};
use hocba::time::UtcTime;
use libfuzzer_sys::fuzz_target;

const ROOT: &[u8] = include_bytes!("../../test-vectors/pki/root-cert.pem");

fn options() -> &'static (TrustOptions, RevocationChecker) {
    static OPTIONS: OnceLock<(TrustOptions, RevocationChecker)> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut trust = TrustStore::empty();
        trust.add_pem_or_der(ROOT).unwrap();
        let options = TrustOptions { trust, revocation: RevocationPolicy::Off, ..TrustOptions::default() };
        (options, RevocationChecker::offline(Default::default()))
    })
}

fuzz_target!(|data: &[u8]| {
    let mut certificates = Vec::new();
    let mut rest = data;
    while rest.len() >= 2 {
        let len = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
        let Some(der) = rest.get(2..2 + len) else { break };
        if let Ok(certificate) = Certificate::from_der(der) {
            certificates.push(certificate);
        }
        rest = &rest[2 + len..];
    }
    let Some((target, candidates)) = certificates.split_first() else { return };
    let (options, checker) = options();
    let at = UtcTime::parse("2026-06-01T00:00:00Z").unwrap();
    for purpose in [Purpose::DocumentSigning, Purpose::Any] {
        let provider = hocba::crypto::default_provider();
        match validate_certificate(target, candidates, options, checker, at, purpose, provider).path {
            Ok(path) => {
                let path = path.certificates();
                assert_eq!(&path[0], target);
                assert!(options.trust.anchors().contains(path.last().unwrap()));
                for pair in path.windows(2) {
                    assert_eq!(pair[0].issuer(), pair[1].subject());
                }
            }
            Err(e) => {
                if let PathFailure::SearchBudgetExceeded { signature_checks, issuers_tried } = e.reason {
                    assert!(signature_checks <= MAX_PATH_SIGNATURE_CHECKS && issuers_tried <= MAX_PATH_ISSUERS_TRIED);
                }
            }
        }
    }
});
