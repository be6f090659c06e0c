//! Certificates, CRLs, OCSP responses and embedded validation data from untrusted bytes: reading
//! them must never panic, whatever the bytes, and what reads must be describable (the report
//! prints names, serials, URLs).
#![no_main]

use hocba::pki::{Certificate, Crl, OcspResponse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(certificates) = Certificate::all_from_pem_or_der(data) {
        for c in certificates {
            let _ = (c.subject().to_string(), c.issuer().to_string(), c.serial_hex(), c.not_before(), c.not_after());
            let _ = c.spki_der();
        }
    }
    if let Ok(crls) = Crl::all_from_pem_or_der(data) {
        for crl in crls {
            let _ = (crl.issuer(), crl.this_update(), crl.next_update());
        }
    }
    let _ = OcspResponse::from_der(data);
});
