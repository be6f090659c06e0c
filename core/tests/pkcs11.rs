//! Signing with keys on a real PKCS#11 token: SoftHSM2, made afresh under the target folder by
//! scripts/softhsm-token.sh with the test PKI's GVCN (RSA) and principal (P-256) keys, imported
//! non-extractable with their certificates and the CA's.
#![cfg(feature = "pkcs11")]

mod common;

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

use common::approvals::{CHECKED_AT, SIGNED_AT, checker, kim_dong_transcript, signer_at, trust};
use hocba::Code;
use hocba::crypto::{SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::{Signer, SignerInput};
use hocba::pkcs11::{Pin, Pkcs11Uri, TokenError, TokenOptions, TokenSigner};
use hocba::report::Verdict;
use hocba::transcript::{Role, to_xml};
use hocba::verifier::{Verifier, VerifierConfig};

const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

/// The token folder, made once for this test binary, held by one test at a time: a login holds
/// for every session of the process (a wrong PIN after another test's login would not be
/// checked), and SoftHSM2 re-reads its slots while another thread uses them. `None` (the test
/// skips) without SoftHSM2.
fn token_dir() -> Option<MutexGuard<'static, PathBuf>> {
    static DIR: OnceLock<Option<Mutex<PathBuf>>> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        if !std::path::Path::new(MODULE).exists() || !common::require_tool("pkcs11-tool", "opensc") {
            let message = format!("SoftHSM2 ({MODULE}) not installed: scripts/setup.sh installs softhsm2 and opensc");
            assert!(std::env::var_os("CI").is_none(), "{message}; CI is set, so this is a failure");
            eprintln!("\n!!!!!!!!!! SKIPPED: {message} !!!!!!!!!!\n");
            return None;
        }
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("softhsm-core");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/softhsm-token.sh");
        let status = std::process::Command::new("bash").arg(script).arg(&dir).status().unwrap();
        assert!(status.success(), "{script} failed");
        // SAFETY: set once, before any test of this binary loads the module (every test comes
        // through here first) and reads it; nothing else in this binary reads the environment.
        unsafe { std::env::set_var("SOFTHSM2_CONF", dir.join("softhsm2.conf")) };
        Some(Mutex::new(dir))
    });
    dir.as_ref().map(|dir| dir.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
}

fn uri(text: &str) -> Pkcs11Uri {
    Pkcs11Uri::parse(&format!("{text}?module-path={MODULE}")).unwrap()
}

fn pin(text: &str) -> TokenOptions {
    TokenOptions { pin: Some(Pin::new(text.into())), ..TokenOptions::default() }
}

fn open(text: &str) -> Result<TokenSigner, TokenError> {
    TokenSigner::open(&uri(text), pin("1234"))
}

#[test]
fn a_class_is_signed_with_one_session_and_verifies() {
    let Some(_token) = token_dir() else { return };
    // One signer per person, opened (and logged in) once, for every year of every transcript.
    let gvcn = open("pkcs11:token=hocba-test;object=gvcn;type=private").unwrap();
    let principal = open("pkcs11:token=hocba-test;id=%02").unwrap();
    assert_eq!(gvcn.algorithm(), SignatureAlgorithm::RSA_SHA256);
    assert_eq!(gvcn.input(), SignerInput::Message, "SoftHSM2 offers CKM_SHA256_RSA_PKCS");
    assert_eq!((principal.algorithm(), principal.input()), (SignatureAlgorithm::ECDSA_SHA256, SignerInput::Digest));
    // The certificate with the key's CKA_ID, then the CA's from the token.
    let expected = [
        certificates_from_pem_or_der(&common::approvals::pki("gvcn-cert.pem")).unwrap(),
        certificates_from_pem_or_der(&common::approvals::pki("ca-cert.pem")).unwrap(),
    ]
    .concat();
    assert_eq!(gvcn.certificates(), &expected[..]);

    let transcript = kim_dong_transcript();
    let signer = signer_at(SIGNED_AT);
    let verifier =
        Verifier::new(VerifierConfig { trust: trust(CHECKED_AT), revocation: checker(), ..Default::default() });
    for _student in 0..3 {
        let mut xml = to_xml(&transcript).unwrap();
        for year in &transcript.years {
            xml = signer.sign_year(&xml, &year.id, Role::Gvcn, &gvcn).unwrap();
            xml = signer.sign_year(&xml, &year.id, Role::HieuTruong, &principal).unwrap();
        }
        let verification = verifier.verify(&xml).unwrap();
        assert_eq!(verification.report().verdict(), Verdict::Valid, "{:?}", verification.report());
    }
}

#[test]
fn the_token_signs_as_the_software_key_does() {
    let Some(_token) = token_dir() else { return };
    // RSA PKCS#1 v1.5 is deterministic: the token's values are the software key's. Also through
    // CKM_RSA_PKCS over a DigestInfo, and RSA-PSS, which the token may pad as it likes.
    let transcript = kim_dong_transcript();
    let xml = to_xml(&transcript).unwrap();
    let year = &transcript.years[0].id;
    let signer = signer_at(SIGNED_AT);
    let software = signer.sign_year(&xml, year, Role::Gvcn, &common::approvals::key("gvcn")).unwrap();
    for algorithm in [SignatureAlgorithm::RSA_SHA256, SignatureAlgorithm::from_name("rsa-sha512").unwrap()] {
        let options = TokenOptions { algorithm: Some(algorithm), ..pin("1234") };
        let token = TokenSigner::open(&uri("pkcs11:token=hocba-test;object=gvcn"), options).unwrap();
        let signed = signer.sign_year(&xml, year, Role::Gvcn, &token).unwrap();
        if algorithm == SignatureAlgorithm::RSA_SHA256 {
            assert_eq!(signed, software);
        }
    }
    for name in ["rsa-pss-sha256", "rsa-pss-sha384"] {
        let options = TokenOptions { algorithm: Some(SignatureAlgorithm::from_name(name).unwrap()), ..pin("1234") };
        let token = TokenSigner::open(&uri("pkcs11:token=hocba-test;object=gvcn"), options).unwrap();
        signer.sign_year(&xml, year, Role::Gvcn, &token).unwrap();
    }
}

#[test]
fn the_pin_comes_from_the_uri_s_pin_source() {
    let Some(dir) = token_dir() else { return };
    let text = format!(
        "pkcs11:token=hocba-test;object=gvcn?module-path={MODULE}&pin-source=file:{}",
        dir.join("pin").display()
    );
    TokenSigner::open(&Pkcs11Uri::parse(&text).unwrap(), TokenOptions::default()).unwrap();
    // Without any PIN: said so, not a login with an empty one.
    let error = TokenSigner::open(&uri("pkcs11:token=hocba-test;object=gvcn"), TokenOptions::default()).unwrap_err();
    assert_eq!(error.code(), Code::TokenPinNeeded, "{error}");
}

#[test]
fn each_failure_says_what_happened() {
    let Some(_token) = token_dir() else { return };
    let failure = |text: &str, pin_text: &str| TokenSigner::open(&uri(text), pin(pin_text)).unwrap_err();
    let wrong = failure("pkcs11:token=hocba-test;object=gvcn", "0000");
    assert_eq!(wrong.code(), Code::TokenPinIncorrect, "{wrong}");
    assert!(matches!(wrong, TokenError::PinIncorrect { ref token, .. } if token == "hocba-test"));
    let cases = [
        ("pkcs11:token=no-such-token", Code::TokenNotFound, "tokens present"),
        ("pkcs11:token=hocba-test;object=nobody", Code::TokenKeyNotFound, "no private key"),
        ("pkcs11:token=hocba-dup;object=gvcn", Code::TokenAmbiguous, "2 private keys match"),
        ("pkcs11:object=gvcn", Code::TokenAmbiguous, "2 tokens match"),
        ("pkcs11:token=hocba-dup;id=%01", Code::TokenKeyNotFound, "no certificate"),
        ("pkcs11:token=hocba-test;object=gvcn;type=public", Code::TokenUriInvalid, "type=private"),
    ];
    for (text, code, words) in cases {
        let error = failure(text, "1234");
        assert_eq!(error.code(), code, "{text}: {error}");
        assert!(error.to_string().contains(words), "{text}: {error}");
    }
    // A token with no mechanism for the algorithm is said so by name: SoftHSM2 has no ECDSA
    // over RSA keys, and the key type is checked first.
    let options = TokenOptions { algorithm: Some(SignatureAlgorithm::ECDSA_SHA256), ..pin("1234") };
    let error = TokenSigner::open(&uri("pkcs11:token=hocba-test;object=gvcn"), options).unwrap_err();
    assert_eq!(error.code(), Code::KeyMismatch, "{error}");
    // A file that is not a PKCS#11 module, and a library without C_GetFunctionList.
    for module in
        [concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"), "/lib/x86_64-linux-gnu/libz.so.1", "/nonexistent.so"]
    {
        let uri = Pkcs11Uri::parse(&format!("pkcs11:object=gvcn?module-path={module}")).unwrap();
        let error = TokenSigner::open(&uri, pin("1234")).unwrap_err();
        assert_eq!(error.code(), Code::NotAPkcs11Module, "{module}: {error}");
    }
}

#[test]
fn the_keys_stay_on_the_token() {
    let Some(_token) = token_dir() else { return };
    use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
    use cryptoki::object::{Attribute, AttributeType, ObjectClass};
    use cryptoki::session::UserType;
    let pkcs11 = Pkcs11::new(MODULE).unwrap();
    let _ = pkcs11.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK));
    for slot in pkcs11.get_slots_with_initialized_token().unwrap() {
        let session = pkcs11.open_ro_session(slot).unwrap();
        let _ = session.login(UserType::User, Some(&cryptoki::types::AuthPin::new("1234".into())));
        for key in session.find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY)]).unwrap() {
            let attributes =
                session.get_attributes(key, &[AttributeType::Sensitive, AttributeType::Extractable]).unwrap();
            assert!(attributes.contains(&Attribute::Sensitive(true)), "{attributes:?}");
            assert!(attributes.contains(&Attribute::Extractable(false)), "{attributes:?}");
        }
    }
}
