//! The raw signing rate of a PKCS#11 key, the peer of `hocba sign --pkcs11` in benches/pkcs11.sh:
//! `pkcs11_raw_sign MODULE TOKEN_LABEL KEY_LABEL PIN_FILE N [BYTES]`.
//!
//! One process, one read-only session, one login (as `hocba sign --pkcs11` does), the private key
//! found by its label; then N `C_Sign` calls (through `cryptoki`'s `Session::sign`: `C_SignInit`,
//! `C_Sign` for the length, `C_Sign`, the calls hocba's `TokenSigner` makes) with
//! `CKM_SHA256_RSA_PKCS`, the mechanism hocba chooses for an RSA key on SoftHSM2, each over a
//! message of BYTES bytes (default 600, about a canonical SignedInfo) that differs from call to
//! call. One call before the timed ones, not timed. Only the N calls are timed; prints
//! `signatures wall-seconds cpu-seconds` on stdout (CPU: user + system time of the process, which
//! SoftHSM2's signing is part of).

use std::time::Instant;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, ObjectClass};
use cryptoki::session::UserType;
use cryptoki::types::AuthPin;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(module), Some(token), Some(label), Some(pin_file), Some(count)) =
        (args.get(1), args.get(2), args.get(3), args.get(4), args.get(5).and_then(|n| n.parse::<usize>().ok()))
    else {
        eprintln!("usage: pkcs11_raw_sign MODULE TOKEN_LABEL KEY_LABEL PIN_FILE N [BYTES]");
        std::process::exit(2);
    };
    let bytes = args.get(6).and_then(|n| n.parse::<usize>().ok()).unwrap_or(600).max(8);
    let pin = std::fs::read_to_string(pin_file).expect("PIN file");
    let pin = pin.lines().next().unwrap_or_default();

    let pkcs11 = Pkcs11::new(module).expect("PKCS#11 module");
    pkcs11.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)).expect("C_Initialize");
    let slot = pkcs11
        .get_slots_with_token()
        .expect("slots")
        .into_iter()
        .find(|slot| pkcs11.get_token_info(*slot).is_ok_and(|info| info.label() == token))
        .unwrap_or_else(|| panic!("no token {token:?}"));
    let session = pkcs11.open_ro_session(slot).expect("C_OpenSession");
    session.login(UserType::User, Some(&AuthPin::new(pin.into()))).expect("C_Login");
    let keys = session
        .find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY), Attribute::Label(label.as_bytes().to_vec())])
        .expect("C_FindObjects");
    let [key] = keys[..] else { panic!("{} private keys labelled {label:?}", keys.len()) };

    let mechanism = Mechanism::Sha256RsaPkcs;
    let mut message: Vec<u8> = (0..bytes).map(|i| b'a' + (i % 26) as u8).collect();
    let mut total = session.sign(&mechanism, key, &message).expect("C_Sign").len();
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    for i in 0..count {
        message[..8].copy_from_slice(&(i as u64).to_be_bytes());
        total += session.sign(&mechanism, key, &message).expect("C_Sign").len();
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    assert_eq!(total, (count + 1) * 256, "RSA-2048 signatures");
    println!("{count} {seconds:.6} {cpu:.6}");
}

/// User and system CPU time of this process so far.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_SELF, &mut usage), 0, "getrusage");
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
