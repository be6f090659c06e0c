//! Fetching revocation data over HTTP, once per run: what was fetched (failures included) is kept
//! in memory for the life of the checker and, when asked, on disk between runs.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use super::super::certificate::{Certificate, hex};
use super::super::error::PkiError;
use super::crl::Crl;
use super::fetch;
use super::ocsp::{OcspResponse, build_request as build_ocsp_request};
use crate::crypto::CryptoProvider;
use crate::time::UtcTime;

/// What fetching gave, failures included: a dead server is asked once per run, not per file.
type Fetched<T> = Result<Arc<T>, String>;

/// Fetched answers by what they answer. Each entry is filled once, by the first thread that asks;
/// the map's lock is held only to find the entry, so a slow server holds up only the threads
/// waiting for its own answer, not a whole batch.
type FetchCache<K, T> = Mutex<HashMap<K, Arc<OnceLock<Fetched<T>>>>>;

fn cache_entry<K: Eq + std::hash::Hash, T>(cache: &FetchCache<K, T>, key: K) -> Arc<OnceLock<Fetched<T>>> {
    cache.lock().unwrap_or_else(|e| e.into_inner()).entry(key).or_default().clone()
}

/// The network side of a [`super::RevocationChecker`].
#[derive(Debug, Default)]
pub(super) struct Fetcher {
    /// Where fetched answers are also kept between runs, if anywhere.
    pub(super) disk_cache: Option<std::path::PathBuf>,
    /// Sends a fresh nonce with every OCSP request and refuses an answer that does not echo it.
    pub(super) ocsp_nonce: bool,
    /// The HTTP proxy to ask through; `None`: the environment's, if any.
    pub(super) proxy: Option<ureq::Proxy>,
    /// Requests sent over the network, for batch summaries and the cache's tests.
    requests: AtomicUsize,
    fetched_crls: FetchCache<String, Crl>,
    /// By (responder URL, issuer fingerprint and serial).
    fetched_ocsp: FetchCache<(String, String), OcspResponse>,
}

impl Fetcher {
    pub(super) fn network_requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    fn disk_file(&self, kind: &str, key: &str) -> Option<std::path::PathBuf> {
        use sha2::Digest;
        let dir = self.disk_cache.as_ref()?;
        let name = hex(&sha2::Sha256::digest(key.as_bytes()));
        Some(dir.join(format!("{kind}-{name}.der")))
    }

    fn disk_store(&self, kind: &str, key: &str, bytes: &[u8]) {
        // A cache that cannot be written is only a slower run.
        if let Some(file) = self.disk_file(kind, key) {
            let _ = std::fs::create_dir_all(file.parent().unwrap_or(std::path::Path::new(".")));
            let _ = std::fs::write(file, bytes);
        }
    }

    /// POSTs to a time-stamping authority (signing only; not cached).
    pub(super) fn post_time_stamp_request(&self, url: &str, request: &[u8]) -> Result<Vec<u8>, PkiError> {
        fetch::post(url, "application/timestamp-query", request, fetch::MAX_OCSP_BYTES, self.proxy.as_ref())
    }

    /// The CRL at `url`: from this run's memory, else from the disk cache while current at `now`,
    /// else fetched.
    pub(super) fn fetch_crl(&self, url: &str, now: UtcTime) -> Result<Arc<Crl>, String> {
        cache_entry(&self.fetched_crls, url.to_owned())
            .get_or_init(|| {
                let cached = self
                    .disk_file("crl", url)
                    .and_then(|file| std::fs::read(file).ok())
                    .and_then(|bytes| Crl::from_der(&bytes).ok())
                    .filter(|crl| crl.next_update().is_some_and(|next| next >= now));
                if let Some(crl) = cached {
                    return Ok(Arc::new(crl));
                }
                self.requests.fetch_add(1, Ordering::Relaxed);
                let bytes = fetch::get(url, fetch::MAX_CRL_BYTES, self.proxy.as_ref()).map_err(|e| e.to_string())?;
                let crl = Crl::all_from_pem_or_der(&bytes)
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .next()
                    .ok_or_else(|| "empty".to_owned())?;
                self.disk_store("crl", url, crl.der());
                Ok(Arc::new(crl))
            })
            .clone()
    }

    /// The responder at `url`'s answer about `certificate`: from this run's memory, else from the
    /// disk cache while current at `now` (never with a nonce), else asked, with a nonce from the
    /// provider's randomness when the checker sends nonces.
    pub(super) fn fetch_ocsp(
        &self,
        url: &str,
        certificate: &Certificate,
        issuer: &Certificate,
        provider: &'static dyn CryptoProvider,
        now: UtcTime,
    ) -> Result<Arc<OcspResponse>, String> {
        let key = (url.to_owned(), format!("{}:{}", issuer.fingerprint_hex(), certificate.serial_hex()));
        let disk_key = format!("{} {}", key.0, key.1);
        cache_entry(&self.fetched_ocsp, key)
            .get_or_init(|| {
                // A nonce asks for a fresh answer: a stored one cannot echo it.
                let cached = self
                    .disk_file("ocsp", &disk_key)
                    .filter(|_| !self.ocsp_nonce)
                    .and_then(|file| std::fs::read(file).ok())
                    .and_then(|bytes| OcspResponse::from_der(&bytes).ok())
                    .filter(|response| response.current_at(now));
                if let Some(response) = cached {
                    return Ok(Arc::new(response));
                }
                let nonce = if self.ocsp_nonce {
                    let mut nonce = [0u8; 16];
                    provider.fill_random(&mut nonce).map_err(|e| format!("no randomness for the nonce: {e}"))?;
                    Some(nonce)
                } else {
                    None
                };
                let request = build_ocsp_request(certificate, issuer, nonce.as_ref().map(|n| &n[..]), provider)
                    .map_err(|e| e.to_string())?;
                self.requests.fetch_add(1, Ordering::Relaxed);
                let bytes =
                    fetch::post(url, "application/ocsp-request", &request, fetch::MAX_OCSP_BYTES, self.proxy.as_ref())
                        .map_err(|e| e.to_string())?;
                let response = OcspResponse::from_der(&bytes).map_err(|e| e.to_string())?;
                if let Some(nonce) = nonce
                    && response.nonce().as_deref() != Some(&nonce[..])
                {
                    return Err("the responder did not echo the nonce (replayed answer?)".to_owned());
                }
                self.disk_store("ocsp", &disk_key, response.der());
                Ok(Arc::new(response))
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::{Arc, mpsc};
    use std::thread;

    use super::Fetcher;
    use crate::time::UtcTime;

    fn read_request_head(stream: &TcpStream) {
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
            line.clear();
        }
    }

    #[test]
    fn a_slow_server_holds_up_only_the_threads_waiting_for_its_answer() {
        let crl = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-vectors/pki/ca.crl.der")).unwrap();
        let slow = TcpListener::bind("127.0.0.1:0").unwrap();
        let fast = TcpListener::bind("127.0.0.1:0").unwrap();
        let slow_url = format!("http://{}/slow.crl", slow.local_addr().unwrap());
        let fast_url = format!("http://{}/fast.crl", fast.local_addr().unwrap());
        let (in_flight, wait_in_flight) = mpsc::channel::<()>();
        let (release, held) = mpsc::channel::<()>();
        thread::spawn(move || {
            let (stream, _) = slow.accept().unwrap();
            read_request_head(&stream);
            in_flight.send(()).unwrap();
            // No answer until released; then the connection closes without one.
            held.recv().ok();
        });
        thread::spawn(move || {
            let (mut stream, _) = fast.accept().unwrap();
            read_request_head(&stream);
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", crl.len());
            stream.write_all(head.as_bytes()).unwrap();
            stream.write_all(&crl).unwrap();
        });

        let now = UtcTime::parse("2026-06-01T10:00:00Z").unwrap();
        let fetcher = Arc::new(Fetcher::default());
        let waiting = {
            let fetcher = fetcher.clone();
            thread::spawn(move || fetcher.fetch_crl(&slow_url, now))
        };
        wait_in_flight.recv().unwrap();
        let fetched = fetcher.fetch_crl(&fast_url, now);
        assert!(fetched.is_ok(), "{fetched:?}");
        assert!(!waiting.is_finished(), "the slow server's answer came first: fetches were serialized");
        release.send(()).unwrap();
        assert!(waiting.join().unwrap().is_err(), "a closed connection is a failed fetch");
        assert_eq!(fetcher.network_requests(), 2);
    }
}
