//! RSA signature verification for the pure-Rust provider: RSASSA-PKCS1-v1_5 and RSASSA-PSS
//! (RFC 8017 sections 8.2.2 and 8.1.2), over a public key the `rsa` crate has read and checked.
//!
//! Why not the `rsa` crate's verifiers: they raise the signature to the public exponent with the
//! fixed-window, constant-time exponentiation built for private exponents, which for e = 65537
//! does twice the multiplications of square-and-multiply. The exponent, the signature and the
//! result are all public, so there is nothing for a variable-time exponentiation to leak; OpenSSL
//! does the same. The arithmetic stays `crypto-bigint`'s, the one the `rsa` crate uses.
//!
//! Every check is the RFC's, in its order. PKCS#1 v1.5 is checked by encoding the expected
//! message and comparing it whole, never by parsing the recovered padding (lenient parsing is
//! what made Bleichenbacher's 2006 forgeries work). The tests hold both verifiers to the `rsa`
//! crate's on valid signatures and on every malformed encoding they construct.

use crypto_bigint::BoxedUint;
use crypto_bigint::modular::BoxedMontyForm;
use rsa::traits::PublicKeyParts;
use sha2::Digest;

/// RSASSA-PKCS1-V1_5-VERIFY with hash `D`. The signature must be as long as the modulus.
pub(super) fn verify_pkcs1v15<D: Digest + der::oid::AssociatedOid>(
    key: &rsa::PublicKey,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let k = key.size();
    // EMSA-PKCS1-v1_5-ENCODE (section 9.2): 0x00 0x01 PS 0x00 T, PS at least 8 octets of 0xFF,
    // T the DER DigestInfo of the message's hash.
    let prefix = rsa::Pkcs1v15Sign::new::<D>().prefix;
    let hash = D::digest(message);
    let t_len = prefix.len() + hash.len();
    if k < t_len + 11 {
        return false;
    }
    let Some(recovered) = encoded_message(key, signature, k) else { return false };
    let mut expected = Vec::with_capacity(k);
    expected.extend_from_slice(&[0x00, 0x01]);
    expected.resize(k - t_len - 1, 0xFF);
    expected.push(0x00);
    expected.extend_from_slice(&prefix);
    expected.extend_from_slice(&hash);
    recovered == expected
}

/// RSASSA-PSS-VERIFY with hash `D` for the message and for MGF1, and a salt as long as the hash
/// (what the XMLDSig RSA-PSS URIs imply, and what the OpenSSL provider requires too).
pub(super) fn verify_pss<D: Digest>(key: &rsa::PublicKey, message: &[u8], signature: &[u8]) -> bool {
    let m_hash = D::digest(message);
    let h_len = m_hash.len();
    let s_len = h_len;
    // EMSA-PSS-VERIFY (section 9.1.2) with emBits = modBits - 1.
    let em_bits = key.n().as_ref().bit_width_vartime() as usize - 1;
    let em_len = em_bits.div_ceil(8);
    if em_len < h_len + s_len + 2 {
        return false;
    }
    // RSAVP1 and I2OSP to emLen octets, one fewer than the modulus when emBits is a multiple of 8.
    let Some(mut em) = encoded_message(key, signature, em_len) else { return false };
    if em[em_len - 1] != 0xBC {
        return false;
    }
    let (masked_db, rest) = em.split_at_mut(em_len - h_len - 1);
    let h = &rest[..h_len];
    // The leftmost 8 * emLen - emBits bits are outside the encoding and must be zero.
    let unused_bits_mask = 0xFFu8 >> (8 * em_len - em_bits);
    if masked_db[0] & !unused_bits_mask != 0 {
        return false;
    }
    mgf1_xor::<D>(masked_db, h);
    let db = masked_db;
    db[0] &= unused_bits_mask;
    let padding_len = em_len - h_len - s_len - 2;
    if db[..padding_len].iter().any(|&b| b != 0) || db[padding_len] != 0x01 {
        return false;
    }
    let salt = &db[db.len() - s_len..];
    let h_expected = D::new().chain_update([0u8; 8]).chain_update(&m_hash).chain_update(salt).finalize();
    h_expected.as_slice() == h
}

/// XORs `out` with MGF1(`seed`, `out.len()`) (RFC 8017 appendix B.2.1).
fn mgf1_xor<D: Digest>(out: &mut [u8], seed: &[u8]) {
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(<D as Digest>::output_size())) {
        let block = D::new().chain_update(seed).chain_update(counter.to_be_bytes()).finalize();
        chunk.iter_mut().zip(block.iter()).for_each(|(o, m)| *o ^= m);
    }
}

/// RSAVP1 (section 5.2.2) of a signature exactly as long as the modulus, as `len` big-endian
/// octets (I2OSP); `None` when the signature is not smaller than the modulus or the result does
/// not fit in `len` octets.
fn encoded_message(key: &rsa::PublicKey, signature: &[u8], len: usize) -> Option<Vec<u8>> {
    if signature.len() != key.size() {
        return None;
    }
    let s = BoxedUint::from_be_slice(signature, key.n_bits_precision()).ok()?;
    if s >= *key.n().as_ref() {
        return None;
    }
    let base = BoxedMontyForm::new(s, key.n_params());
    // Left-to-right square-and-multiply over the public exponent (at least 2, so two bits or more).
    let e = key.e();
    let mut power = base.clone();
    for bit in (0..e.bit_width_vartime() - 1).rev() {
        power = power.square();
        if e.bit_vartime(bit) {
            power = power.mul(&base);
        }
    }
    let bytes = power.retrieve().to_be_bytes();
    // The integer's storage can be wider than the modulus; what lies beyond `len` octets must be zero.
    let (beyond, message) = bytes.split_at(bytes.len().checked_sub(len)?);
    beyond.iter().all(|&b| b == 0).then(|| message.to_vec())
}

#[cfg(test)]
mod tests {
    //! Both verifiers against the `rsa` crate's, on each key shape: valid signatures, every
    //! malformed encoding below (made into a signature with the private exponent, so only the
    //! encoding is wrong), and signature values that are not even that.

    use crypto_bigint::BoxedUint;
    use crypto_bigint::modular::BoxedMontyForm;
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::signature::{SignatureEncoding, Signer, Verifier};
    use rsa::traits::{PrivateKeyParts, PublicKeyParts};
    use sha2::Digest;

    use super::{verify_pkcs1v15, verify_pss};

    const KEYS: [&str; 4] = ["rsa1025-key.pem", "rsa2048-key.pem", "rsa3072-e3-key.pem", "rsa4096-key.pem"];

    fn load(name: &str) -> (rsa::PrivateKey, rsa::PublicKey) {
        let pem = std::fs::read(format!("{}/../test-vectors/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let key = crate::crypto::PrivateKey::from_pem_or_der(&pem).unwrap();
        let private = rsa::PrivateKey::from_pkcs8_der(key.pkcs8_der()).unwrap();
        let public = private.to_public_key();
        (private, public)
    }

    /// The signature whose RSAVP1 is `em` (left-padded to the modulus length): `em ^ d mod n`.
    fn raw_signature(private: &rsa::PrivateKey, public: &rsa::PublicKey, em: &[u8]) -> Vec<u8> {
        let m = BoxedUint::from_be_slice(em, public.n_bits_precision()).unwrap();
        let s = BoxedMontyForm::new(m, public.n_params()).pow(private.d()).retrieve();
        let bytes = s.to_be_bytes();
        bytes[bytes.len() - public.size()..].to_vec()
    }

    struct Case {
        what: String,
        em: Vec<u8>,
        valid: bool,
    }

    fn pkcs1v15_cases<D: Digest + der::oid::AssociatedOid>(k: usize, message: &[u8]) -> Vec<Case> {
        let prefix = rsa::Pkcs1v15Sign::new::<D>().prefix.to_vec();
        let hash = D::digest(message).to_vec();
        let encode = |ps_len: usize, t: &[u8], tail: &[u8]| {
            let mut em = vec![0x00, 0x01];
            em.extend(std::iter::repeat_n(0xFF, ps_len));
            em.push(0x00);
            em.extend_from_slice(t);
            em.extend_from_slice(tail);
            em
        };
        let t = [prefix.clone(), hash.clone()].concat();
        let Some(ps_len) = k.checked_sub(t.len() + 3).filter(|&n| n >= 8) else { return Vec::new() };
        let good = encode(ps_len, &t, &[]);
        let mut cases = vec![Case { what: "well formed".into(), em: good.clone(), valid: true }];
        let mut changed = |what: &str, at: usize, byte: u8| {
            let mut em = good.clone();
            em[at] = byte;
            cases.push(Case { what: what.into(), em, valid: false });
        };
        changed("block type 2", 1, 0x02);
        changed("block type 0", 1, 0x00);
        changed("first padding byte not 0xFF", 2, 0xFE);
        changed("last padding byte 0x00", 1 + ps_len, 0x00);
        changed("no separator", 2 + ps_len, 0xFF);
        changed("DigestInfo changed", 3 + ps_len + 1, good[3 + ps_len + 1] ^ 1);
        changed("hash changed", k - 1, good[k - 1] ^ 1);
        // Bleichenbacher 2006: the hash early, garbage after it where a lenient parser stops.
        let garbage = vec![0x5A; ps_len - 8];
        cases.push(Case { what: "garbage after the hash".into(), em: encode(8, &t, &garbage), valid: false });
        // DigestInfo without the NULL parameters (05 00), the padding one byte longer.
        let mut no_null = prefix.clone();
        if let Some(i) = no_null.windows(2).position(|w| w == [0x05, 0x00]) {
            no_null.drain(i..i + 2);
            no_null[1] -= 2;
            no_null[3] -= 2;
            let t = [no_null, hash.clone()].concat();
            cases.push(Case { what: "DigestInfo without NULL".into(), em: encode(ps_len + 2, &t, &[]), valid: false });
        }
        cases
    }

    /// EMSA-PSS-ENCODE (RFC 8017 section 9.1.1) with the salt given, then `tweak` on the result.
    fn pss_encode<D: Digest>(
        message: &[u8],
        salt: &[u8],
        em_bits: usize,
        tweak: impl Fn(&mut Vec<u8>, usize),
    ) -> Option<Vec<u8>> {
        let m_hash = D::digest(message);
        let h_len = m_hash.len();
        let em_len = em_bits.div_ceil(8);
        let ps_len = em_len.checked_sub(salt.len() + h_len + 2)?;
        let h = D::new().chain_update([0u8; 8]).chain_update(&m_hash).chain_update(salt).finalize();
        let mut db = vec![0u8; ps_len];
        db.push(0x01);
        db.extend_from_slice(salt);
        tweak(&mut db, ps_len);
        super::mgf1_xor::<D>(&mut db, &h);
        db[0] &= 0xFF >> (8 * em_len - em_bits);
        let mut em = db;
        em.extend_from_slice(&h);
        em.push(0xBC);
        Some(em)
    }

    fn pss_cases<D: Digest>(modulus: &BoxedUint, message: &[u8]) -> Vec<Case> {
        let modulus_bits = modulus.bit_width_vartime() as usize;
        let h_len = <D as Digest>::output_size();
        let em_bits = modulus_bits - 1;
        let em_len = em_bits.div_ceil(8);
        let salt: Vec<u8> = (0..h_len as u8).map(|i| i.wrapping_mul(37)).collect();
        let none = |_: &mut Vec<u8>, _: usize| {};
        let mut cases = Vec::new();
        let mut case = |what: &str, em: Option<Vec<u8>>, valid: bool| {
            if let Some(em) = em {
                cases.push(Case { what: what.into(), em, valid });
            }
        };
        let good = pss_encode::<D>(message, &salt, em_bits, none);
        case("well formed", good.clone(), true);
        case("empty salt", pss_encode::<D>(message, &[], em_bits, none), false);
        case("20-byte salt", pss_encode::<D>(message, &salt[..20], em_bits, none), h_len == 20);
        case("salt one longer", pss_encode::<D>(message, &[&salt[..], &[7]].concat(), em_bits, none), false);
        case("separator 0x02", pss_encode::<D>(message, &salt, em_bits, |db, ps| db[ps] = 0x02), false);
        case("padding not zero", pss_encode::<D>(message, &salt, em_bits, |db, _| db[1] = 0x01), false);
        case("other message", pss_encode::<D>(b"other", &salt, em_bits, none), false);
        let Some(good) = good else { return cases };
        let mut trailer = good.clone();
        trailer[em_len - 1] = 0xBD;
        case("trailer 0xBD", Some(trailer), false);
        let mut h = good.clone();
        h[em_len - 2] ^= 1;
        case("H changed", Some(h), false);
        // Bits beyond emBits, in encodings that are otherwise valid (the salt varies until the
        // value is below the modulus, else it could not be a signature at all).
        let beyond = (0u8..).map(|i| {
            let salt: Vec<u8> = salt.iter().map(|b| b ^ i).collect();
            let em = pss_encode::<D>(message, &salt, em_bits, none).expect("fits, as the valid one did");
            match 8 * em_len > em_bits {
                true => [&[em[0] | 0x80][..], &em[1..]].concat(),
                // emLen is one octet shorter than the modulus: a nonzero octet before it.
                false => [&[0x01][..], &em].concat(),
            }
        });
        let below_modulus = beyond.take(64).find(|em| {
            let value = BoxedUint::from_be_slice(em, modulus.bits_precision()).unwrap();
            value < *modulus
        });
        let below_modulus = below_modulus.expect("an encoding with a bit beyond emBits below the modulus");
        case("a bit beyond emBits set", Some(below_modulus), false);
        cases
    }

    fn check<D, O>(
        name: &str,
        scheme: &str,
        cases: Vec<Case>,
        (private, public): &(rsa::PrivateKey, rsa::PublicKey),
        message: &[u8],
        ours: fn(&rsa::PublicKey, &[u8], &[u8]) -> bool,
        theirs: O,
    ) -> usize
    where
        O: Fn(&rsa::PublicKey, &[u8], &[u8]) -> bool,
    {
        for case in &cases {
            let signature = raw_signature(private, public, &case.em);
            let context = format!("{name} {scheme} {}: {}", std::any::type_name::<D>(), case.what);
            assert_eq!(ours(public, message, &signature), case.valid, "{context}: ours");
            assert_eq!(theirs(public, message, &signature), case.valid, "{context}: the rsa crate's");
        }
        cases.len()
    }

    macro_rules! with_rsa_crate {
        ($module:ident, $digest:ty) => {
            |public: &rsa::PublicKey, message: &[u8], signature: &[u8]| {
                rsa::$module::Signature::try_from(signature).is_ok_and(|signature| {
                    rsa::$module::VerifyingKey::<$digest>::new(public.clone()).verify(message, &signature).is_ok()
                })
            }
        };
    }

    #[test]
    fn encodings_are_judged_as_the_rsa_crate_judges_them() {
        let message = "<SignedInfo>Học bạ số</SignedInfo>".as_bytes();
        let mut checked = 0;
        for name in KEYS {
            let key = load(name);
            let k = key.1.size();
            macro_rules! both {
                ($digest:ty) => {
                    checked += check::<$digest, _>(
                        name,
                        "PKCS#1 v1.5",
                        pkcs1v15_cases::<$digest>(k, message),
                        &key,
                        message,
                        verify_pkcs1v15::<$digest>,
                        with_rsa_crate!(pkcs1v15, $digest),
                    );
                };
                ($digest:ty, pss) => {
                    checked += check::<$digest, _>(
                        name,
                        "PSS",
                        pss_cases::<$digest>(key.1.n().as_ref(), message),
                        &key,
                        message,
                        verify_pss::<$digest>,
                        with_rsa_crate!(pss, $digest),
                    );
                };
            }
            both!(sha1::Sha1);
            both!(sha2::Sha224);
            both!(sha2::Sha256);
            both!(sha2::Sha384);
            both!(sha2::Sha512);
            both!(sha1::Sha1, pss);
            both!(sha2::Sha224, pss);
            both!(sha2::Sha256, pss);
            both!(sha2::Sha384, pss);
            both!(sha2::Sha512, pss);
        }
        assert!(checked > 300, "{checked} cases");
    }

    #[test]
    fn signatures_from_the_rsa_crate_verify_and_other_values_do_not() {
        let message = b"<SignedInfo/>";
        for name in KEYS {
            let (private, public) = load(name);
            let signature = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(private.clone()).sign(message).to_vec();
            assert!(verify_pkcs1v15::<sha2::Sha256>(&public, message, &signature), "{name}");
            let mut rng = getrandom::SysRng;
            let pss = rsa::pss::SigningKey::<sha2::Sha256>::new(private.clone());
            let signature =
                rsa::signature::RandomizedSigner::try_sign_with_rng(&pss, &mut rng, message).unwrap().to_vec();
            assert!(verify_pss::<sha2::Sha256>(&public, message, &signature), "{name}");

            // Values that are not the signature of anything: 0, 1, n - 1, n, n + 1, all ones,
            // and a value one octet short or long.
            let k = public.size();
            let n = public.n().as_ref().to_be_bytes();
            let n = &n[n.len() - k..];
            let plus = |delta: i8| {
                let mut v = n.to_vec();
                let last = v.last_mut().unwrap();
                *last = last.wrapping_add_signed(delta);
                v
            };
            let mut values = vec![vec![0; k], [vec![0; k - 1], vec![1]].concat(), plus(-1), n.to_vec(), plus(1)];
            values.push(vec![0xFF; k]);
            values.push(vec![0; k - 1]);
            values.push(vec![0; k + 1]);
            // A valid signature plus the modulus gives the same RSAVP1 result: refused, as RFC 8017
            // requires (a signature has one value), when it fits in k octets.
            let add_modulus = |signature: &[u8]| {
                let mut sum = vec![0u8; k];
                let mut carry = 0u16;
                for i in (0..k).rev() {
                    let digit = u16::from(signature[i]) + u16::from(n[i]) + carry;
                    sum[i] = digit as u8;
                    carry = digit >> 8;
                }
                (carry == 0).then_some(sum)
            };
            let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(private.clone());
            let (summed, signature, plus_modulus) = (0..64)
                .map(|i| format!("<SignedInfo Id=\"{i}\"/>"))
                .find_map(|message| {
                    let signature = signer.sign(message.as_bytes()).to_vec();
                    add_modulus(&signature).map(|plus| (message, signature, plus))
                })
                .unwrap_or_else(|| panic!("{name}: a signature that still fits in k octets plus the modulus"));
            assert!(verify_pkcs1v15::<sha2::Sha256>(&public, summed.as_bytes(), &signature), "{name}");
            assert!(!verify_pkcs1v15::<sha2::Sha256>(&public, summed.as_bytes(), &plus_modulus), "{name}");
            for value in values {
                assert!(!verify_pkcs1v15::<sha2::Sha256>(&public, message, &value), "{name} {value:02x?}");
                assert!(!verify_pss::<sha2::Sha256>(&public, message, &value), "{name} {value:02x?}");
            }
        }
    }
}
