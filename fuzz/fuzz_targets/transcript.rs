//! Any bytes as a transcript: reading, validating and profile verification never panic.
//! Oracles: a transcript that reads back writes out and reads back as itself; a document that
//! verifies under the profile with the test keys pinned holds exactly the years those keys signed
//! in the committed signed sample (seeded from `test-vectors/transcripts`).
#![no_main]

use std::sync::OnceLock;

use hocba::crypto::PublicKey;
use hocba::dsig::VerifyOptions;
use hocba::transcript::{self, ProfileVerifyOptions, SchoolYear, ValidateOptions};
use libfuzzer_sys::fuzz_target;

const SIGNED: &[u8] = include_bytes!("../../test-vectors/transcripts/signed/thcs-lop-6-9-da-ky.xml");
const RSA_CERT: &[u8] = include_bytes!("../../test-vectors/keys/rsa2048-cert.pem");
const EC_CERT: &[u8] = include_bytes!("../../test-vectors/keys/p256-cert.pem");

struct Genuine {
    options: ProfileVerifyOptions,
    years: Vec<SchoolYear>,
}

fn genuine() -> &'static Genuine {
    static GENUINE: OnceLock<Genuine> = OnceLock::new();
    GENUINE.get_or_init(|| {
        let keys = [PublicKey::from_pem_or_der(RSA_CERT).unwrap(), PublicKey::from_pem_or_der(EC_CERT).unwrap()];
        let options = ProfileVerifyOptions::new(VerifyOptions { trusted_keys: keys.to_vec(), ..VerifyOptions::default() });
        let verified = transcript::verify(SIGNED, &options).unwrap();
        let years = verified.years().iter().map(|y| y.year().clone()).collect();
        Genuine { options, years }
    })
}

fuzz_target!(|input: &[u8]| {
    let genuine = genuine();
    if let Ok(read) = transcript::from_xml(input) {
        let _ = transcript::validate(&read, ValidateOptions::default());
        let written = transcript::to_xml(&read).expect("a transcript that reads writes");
        let again = transcript::from_xml(&written).expect("what the writer writes reads back");
        assert_eq!(again, read, "the round trip changed the transcript");
    }
    if let Ok(verified) = transcript::verify(input, &genuine.options) {
        for year in verified.years() {
            assert!(genuine.years.contains(year.year()), "a mutation verified with new content: {:?}", year.year());
        }
    }
});
