//! The caches a verification keeps between documents, owned by the configuration.
//!
//! A batch verifies the same signers' keys, certificate paths and CRLs in every file: reading or
//! checking each once is most of its speed. [`Caches`] groups them; the options that verify
//! ([`crate::dsig::VerifyOptions::caches`], [`crate::pki::TrustOptions::caches`]) hold a handle to
//! it. Cloned options share their caches (a batch across threads); separately made options do not
//! (two verifiers configured differently never see each other's entries).

use std::borrow::Borrow;
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::crypto::{CryptoError, PublicKey};
use crate::time::UtcTime;

/// A bounded map shared between threads: at most `capacity` entries, the oldest inserted leaving
/// first. Lookups hash the key once; an insert evicts at most one entry, in constant time.
pub struct Cache<K, V> {
    inner: Mutex<Entries<K, V>>,
    capacity: usize,
}

struct Entries<K, V> {
    map: HashMap<K, V, FastHash>,
    /// Keys in the order they came, for eviction.
    order: VecDeque<K>,
}

impl<K: Hash + Eq + Clone, V: Clone> Cache<K, V> {
    /// An empty cache of at most `capacity` entries (at least one). Nothing is allocated until
    /// the first entry: options made for one call (a signature's check) cost no table.
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Cache { inner: Mutex::new(Entries { map: HashMap::with_hasher(FastHash), order: VecDeque::new() }), capacity }
    }

    fn lock(&self) -> MutexGuard<'_, Entries<K, V>> {
        // A thread that panicked while holding the lock left a consistent map: every change is one
        // call on it.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The value kept for `key`, if any.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.lock().map.get(key).cloned()
    }

    /// Keeps `value` for `key`, unless a value is already kept for it (the first one stays).
    pub fn insert(&self, key: K, value: V) {
        let mut entries = self.lock();
        if entries.map.contains_key(&key) {
            return;
        }
        if entries.map.len() >= self.capacity
            && let Some(oldest) = entries.order.pop_front()
        {
            entries.map.remove(&oldest);
        }
        entries.order.push_back(key.clone());
        entries.map.insert(key, value);
    }

    /// The value kept for `key`, else `make`'s, kept when it is `Ok`. `make` runs without the
    /// lock held, so two threads may both make the value for a new key; the first kept stays.
    pub fn get_or_try_insert_with<Q, E>(&self, key: &Q, make: impl FnOnce() -> Result<V, E>) -> Result<V, E>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        if let Some(value) = self.get(key) {
            return Ok(value);
        }
        let value = make()?;
        self.insert(key.to_owned(), value.clone());
        Ok(value)
    }

    /// How many entries it holds now.
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most entries it keeps: inserting beyond it evicts the oldest.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

impl<K, V> fmt::Debug for Cache<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self.inner.lock().map_or(0, |entries| entries.map.len());
        f.debug_struct("Cache").field("len", &len).field("capacity", &self.capacity).finish()
    }
}

/// A fast, unkeyed hash. Keys come from documents, so an attacker can make them collide; a cache
/// holds at most its capacity, so a collision costs no more than the linear scan it replaces.
#[derive(Clone, Copy, Default)]
struct FastHash;

impl BuildHasher for FastHash {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0x243f_6a88_85a3_08d3)
    }
}

struct FastHasher(u64);

impl FastHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(26);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.mix(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.mix(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // A last multiply spreads the high bits the rotation left unmixed into the low bits the
        // table indexes by.
        (self.0 ^ (self.0 >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9)
    }
}

/// What a validated certificate path is remembered by: the fingerprints of its certificates
/// (target first), the required policies, the minimum RSA size, SHA-1 allowed, whether the target
/// signs documents, and the crypto provider's name.
pub(crate) type PathKey = (Vec<[u8; 32]>, Vec<der::oid::ObjectIdentifier>, u16, bool, bool, &'static str);

/// A CRL's fingerprint, its issuer's, whether SHA-1 was allowed, and the crypto provider's name.
pub(crate) type CrlKey = ([u8; 32], [u8; 32], bool, &'static str);

/// A certificate's fingerprint, the SHA-256 of the SubjectPublicKeyInfo its signature verified
/// with, whether SHA-1 was allowed, and the crypto provider's name.
pub(crate) type IssuedKey = ([u8; 32], [u8; 32], bool, &'static str);

/// Public keys read from the same SubjectPublicKeyInfo bytes: the same signers come back in every
/// document of a batch, and a key keeps its providers' decoded forms (decoding costs more than
/// verifying a signature).
const KNOWN_KEYS: usize = 64;
/// Paths that validated: a batch from one school has a handful; a web page verifying one file
/// after another too.
const REMEMBERED_PATHS: usize = 256;
/// CRLs whose signature was checked.
const VERIFIED_CRLS: usize = 256;
/// Certificates whose signature verified with a key, as building a path checks them: each path of
/// a batch has a few.
const VERIFIED_CERTIFICATE_SIGNATURES: usize = 1024;

/// The caches of one configuration. Clones share them; [`Caches::default`] makes new, empty ones.
#[derive(Clone, Default)]
pub struct Caches(Arc<CacheSet>);

struct CacheSet {
    public_keys: Cache<Vec<u8>, PublicKey>,
    /// With the window in which every certificate of the path is valid: nothing else RFC 5280
    /// checks depends on the time.
    paths: Cache<PathKey, (UtcTime, UtcTime)>,
    crls: Cache<CrlKey, ()>,
    /// A certificate's signature does not depend on the time: verified once with a key, it is.
    certificate_signatures: Cache<IssuedKey, ()>,
}

impl Default for CacheSet {
    fn default() -> Self {
        CacheSet {
            public_keys: Cache::new(KNOWN_KEYS),
            paths: Cache::new(REMEMBERED_PATHS),
            crls: Cache::new(VERIFIED_CRLS),
            certificate_signatures: Cache::new(VERIFIED_CERTIFICATE_SIGNATURES),
        }
    }
}

impl Caches {
    /// The key of a DER SubjectPublicKeyInfo ([`PublicKey::from_spki_der`]), read once.
    pub fn public_key(&self, spki_der: &[u8]) -> Result<PublicKey, CryptoError> {
        self.0.public_keys.get_or_try_insert_with(spki_der, || PublicKey::from_spki_der(spki_der))
    }

    /// The key of a DER certificate ([`PublicKey::from_certificate_der`]), its
    /// SubjectPublicKeyInfo read once.
    pub fn certificate_key(&self, certificate_der: &[u8]) -> Result<PublicKey, CryptoError> {
        self.public_key(&PublicKey::certificate_spki(certificate_der)?)
    }

    /// Whether the path `key` validated with a window containing `at`.
    pub(crate) fn path_valid_at(&self, key: &PathKey, at: UtcTime) -> bool {
        self.0.paths.get(key).is_some_and(|(from, until)| from <= at && at <= until)
    }

    pub(crate) fn remember_path(&self, key: PathKey, window: (UtcTime, UtcTime)) {
        self.0.paths.insert(key, window);
    }

    pub(crate) fn crl_verified(&self, key: &CrlKey) -> bool {
        self.0.crls.get(key).is_some()
    }

    pub(crate) fn remember_crl(&self, key: CrlKey) {
        self.0.crls.insert(key, ());
    }

    pub(crate) fn certificate_signature_verified(&self, key: &IssuedKey) -> bool {
        self.0.certificate_signatures.get(key).is_some()
    }

    pub(crate) fn remember_certificate_signature(&self, key: IssuedKey) {
        self.0.certificate_signatures.insert(key, ());
    }

    /// Whether `self` and `other` are the same caches (clones of one handle).
    pub fn shares_with(&self, other: &Caches) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Caches {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Caches")
            .field("public_keys", &self.0.public_keys)
            .field("paths", &self.0.paths)
            .field("crls", &self.0.crls)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::Cache;

    #[test]
    fn the_oldest_entry_leaves_first_and_the_first_value_stays() {
        let cache: Cache<Vec<u8>, u32> = Cache::new(3);
        for i in 0..3u8 {
            cache.insert(vec![i], u32::from(i));
        }
        cache.insert(vec![0], 99);
        assert_eq!(cache.get(&[0u8][..]), Some(0));
        cache.insert(vec![3], 3);
        assert_eq!(cache.len(), 3);
        assert_eq!(cache.get(&[0u8][..]), None);
        assert_eq!(cache.get(&[3u8][..]), Some(3));
        let made = cache.get_or_try_insert_with(&[4u8][..], || Ok::<_, ()>(4));
        assert_eq!(made, Ok(4));
        assert_eq!(cache.get(&[1u8][..]), None);
        assert_eq!(cache.get_or_try_insert_with(&[5u8][..], || Err("no")), Err("no"));
        assert_eq!(cache.get(&[5u8][..]), None);
    }

    #[test]
    fn many_colliding_inserts_stay_bounded() {
        let cache: Cache<[u8; 32], ()> = Cache::new(16);
        for i in 0..10_000u32 {
            let mut key = [0u8; 32];
            key[..4].copy_from_slice(&i.to_le_bytes());
            cache.insert(key, ());
        }
        assert_eq!(cache.len(), 16);
    }
}
