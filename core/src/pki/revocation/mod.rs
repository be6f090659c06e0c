//! Revocation: is a certificate in the path revoked, as of the time that matters?
//!
//! Sources, in order: OCSP responses and CRLs the caller supplied, the document embeds, or the
//! caller fetched itself from the URLs [`revocation_requests`] named (offline, the WASM build and
//! air-gapped offices; the verifier page's opt-in `fetch`), then, only when the caller enables the
//! network, the certificate's own OCSP responder and CRL distribution points. Everything fetched
//! is cached for the life of the [`RevocationChecker`], so a batch from one school asks once per
//! certificate (OCSP) or once per CRL, not once per file.

mod crl;
#[cfg(not(target_arch = "wasm32"))]
mod fetch;
mod ocsp;
mod request;

#[cfg(not(target_arch = "wasm32"))]
use std::collections::HashMap;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::OnceLock;
use std::sync::{Arc, Mutex};

use der::Decode;
use der::asn1::{AnyRef, BitStringRef};
use x509_cert::ext::pkix::CrlReason;

pub use crl::Crl;
use ocsp::OcspCertStatus;
pub use ocsp::OcspResponse;
pub(crate) use ocsp::build_request as build_ocsp_request;
pub use request::{MAX_REVOCATION_REQUESTS, RevocationRequest, revocation_requests};

use super::certificate::Certificate;
use crate::crypto::CryptoProvider;
use crate::time::UtcTime;

/// How much revocation matters to the verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevocationPolicy {
    /// A status that cannot be determined leaves the signature undetermined (the default).
    #[default]
    Require,
    /// A status that cannot be determined is a warning; a revoked certificate still fails.
    SoftFail,
    /// Revocation is not checked (reported as not checked).
    Off,
}

impl std::str::FromStr for RevocationPolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "require" => Ok(RevocationPolicy::Require),
            "soft-fail" => Ok(RevocationPolicy::SoftFail),
            "off" => Ok(RevocationPolicy::Off),
            other => Err(format!("unknown revocation policy {other:?} (require, soft-fail, off)")),
        }
    }
}

/// RFC 5280's CRLReason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RevocationReason {
    Unspecified,
    KeyCompromise,
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    CertificateHold,
    RemoveFromCrl,
    PrivilegeWithdrawn,
    AaCompromise,
}

impl RevocationReason {
    /// Whether the key itself may be in someone else's hands: then no signature claiming a time
    /// before the revocation can be believed without a time-stamp.
    pub fn is_compromise(self) -> bool {
        matches!(
            self,
            RevocationReason::Unspecified
                | RevocationReason::KeyCompromise
                | RevocationReason::CaCompromise
                | RevocationReason::AaCompromise
        )
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            RevocationReason::Unspecified => "không nêu lý do",
            RevocationReason::KeyCompromise => "lộ khoá bí mật",
            RevocationReason::CaCompromise => "tổ chức cấp chứng thư bị lộ khoá",
            RevocationReason::AffiliationChanged => "thay đổi đơn vị công tác",
            RevocationReason::Superseded => "đã được thay thế",
            RevocationReason::CessationOfOperation => "ngừng sử dụng",
            RevocationReason::CertificateHold => "tạm dừng",
            RevocationReason::RemoveFromCrl => "gỡ khỏi danh sách thu hồi",
            RevocationReason::PrivilegeWithdrawn => "bị rút quyền",
            RevocationReason::AaCompromise => "cơ quan cấp thuộc tính bị lộ khoá",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            RevocationReason::Unspecified => "unspecified",
            RevocationReason::KeyCompromise => "key compromise",
            RevocationReason::CaCompromise => "CA compromise",
            RevocationReason::AffiliationChanged => "affiliation changed",
            RevocationReason::Superseded => "superseded",
            RevocationReason::CessationOfOperation => "cessation of operation",
            RevocationReason::CertificateHold => "certificate hold",
            RevocationReason::RemoveFromCrl => "removed from CRL",
            RevocationReason::PrivilegeWithdrawn => "privilege withdrawn",
            RevocationReason::AaCompromise => "AA compromise",
        }
    }
}

impl From<CrlReason> for RevocationReason {
    fn from(reason: CrlReason) -> Self {
        match reason {
            CrlReason::Unspecified => RevocationReason::Unspecified,
            CrlReason::KeyCompromise => RevocationReason::KeyCompromise,
            CrlReason::CaCompromise => RevocationReason::CaCompromise,
            CrlReason::AffiliationChanged => RevocationReason::AffiliationChanged,
            CrlReason::Superseded => RevocationReason::Superseded,
            CrlReason::CessationOfOperation => RevocationReason::CessationOfOperation,
            CrlReason::CertificateHold => RevocationReason::CertificateHold,
            CrlReason::RemoveFromCRL => RevocationReason::RemoveFromCrl,
            CrlReason::PrivilegeWithdrawn => RevocationReason::PrivilegeWithdrawn,
            CrlReason::AaCompromise => RevocationReason::AaCompromise,
        }
    }
}

/// The status of one certificate.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum RevocationStatus {
    Good,
    Revoked {
        time: UtcTime,
        reason: RevocationReason,
    },
    /// No usable answer; `why` says what was tried.
    Unknown {
        why: String,
    },
    /// The policy is `off`.
    NotChecked,
}

/// Where a status came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RevocationSource {
    /// `"ocsp"` or `"crl"`.
    pub kind: &'static str,
    /// The CRL's issuer or the OCSP responder.
    pub signer: String,
    pub this_update: UtcTime,
    pub next_update: Option<UtcTime>,
    /// `"supplied"`, `"embedded"` or the URL it was fetched from.
    pub origin: String,
}

/// The revocation check of one certificate in a path.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RevocationCheck {
    pub subject: String,
    pub serial: String,
    #[serde(flatten)]
    pub status: RevocationStatus,
    pub source: Option<RevocationSource>,
    /// The certificate was revoked, but after the proven signing time (or for a reason that does
    /// not put the key in doubt): the signature stands, and the reader is told.
    pub revoked_later: Option<LaterRevocation>,
}

/// A revocation that does not count against a signature made before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LaterRevocation {
    pub time: UtcTime,
    pub reason: RevocationReason,
}

/// Revocation data at hand without the network: supplied by the caller or embedded in the
/// document (long-term validation data).
#[derive(Clone, Debug, Default)]
pub struct RevocationData {
    pub crls: Vec<Crl>,
    pub ocsp_responses: Vec<OcspResponse>,
}

impl RevocationData {
    pub fn is_empty(&self) -> bool {
        self.crls.is_empty() && self.ocsp_responses.is_empty()
    }
}

/// The signed answer a status rests on, for embedding as long-term validation data.
#[derive(Clone, Debug)]
pub(crate) enum Evidence {
    Crl(Arc<Crl>),
    Ocsp(Arc<OcspResponse>),
}

/// CRLs whose signature was checked, by their fingerprint and their issuer's: process-wide (a
/// batch, or a page verifying one file after another, checks each once), bounded.
static VERIFIED_CRLS: Mutex<Vec<([u8; 32], [u8; 32])>> = Mutex::new(Vec::new());

/// What fetching gave, failures included: a dead server is asked once per run, not per file.
#[cfg(not(target_arch = "wasm32"))]
type Fetched<T> = Result<Arc<T>, String>;

/// Fetched answers by what they answer. Each entry is filled once, by the first thread that asks;
/// the map's lock is held only to find the entry, so a slow server holds up only the threads
/// waiting for its own answer, not a whole batch.
#[cfg(not(target_arch = "wasm32"))]
type FetchCache<K, T> = Mutex<HashMap<K, Arc<OnceLock<Fetched<T>>>>>;

#[cfg(not(target_arch = "wasm32"))]
fn cache_entry<K: Eq + std::hash::Hash, T>(cache: &FetchCache<K, T>, key: K) -> Arc<OnceLock<Fetched<T>>> {
    cache.lock().unwrap_or_else(|e| e.into_inner()).entry(key).or_default().clone()
}

/// Answers revocation questions for many signatures: holds the supplied data, the network
/// switch and the cache of what was fetched.
#[derive(Debug)]
pub struct RevocationChecker {
    supplied: RevocationData,
    online: bool,
    ocsp_nonce: bool,
    /// Where fetched answers are also kept between runs, if anywhere.
    #[cfg(not(target_arch = "wasm32"))]
    disk_cache: Option<std::path::PathBuf>,
    /// Requests sent over the network, for batch summaries and the cache's tests.
    requests: std::sync::atomic::AtomicUsize,
    /// What this process fetched (native builds: the WASM build's caller fetches).
    #[cfg(not(target_arch = "wasm32"))]
    fetched_crls: FetchCache<String, Crl>,
    /// By (responder URL, issuer fingerprint and serial).
    #[cfg(not(target_arch = "wasm32"))]
    fetched_ocsp: FetchCache<(String, String), OcspResponse>,
    /// Answers the caller fetched itself (the verifier page's `fetch`), with the URL each came
    /// from: used like supplied data, reported with that URL as their origin.
    fetched_by_caller: Vec<(String, FetchedAnswer)>,
    /// Where certificates no answer covered are noted (with their issuers), when asked to:
    /// [`revocation_requests`] turns them into requests.
    unanswered: Option<Mutex<Vec<(Certificate, Certificate)>>>,
}

/// One answer fetched by the caller.
#[derive(Clone, Debug)]
enum FetchedAnswer {
    Crl(Arc<Crl>),
    Ocsp(Arc<OcspResponse>),
}

/// Whether an answer about `time` is still current: its next update is not before `time`, or
/// (without a next update) it was produced at most a week before. `Err` says why not.
fn fresh_for(this_update: UtcTime, next_update: Option<UtcTime>, time: UtcTime) -> Result<(), String> {
    let fresh = match next_update {
        Some(next) => next >= time,
        None => this_update.unix_seconds() + 7 * 86400 >= time.unix_seconds(),
    };
    if fresh {
        return Ok(());
    }
    Err(format!(
        "stale: next update {} is before {}",
        next_update.map_or("-".into(), UtcTime::to_utc_string),
        time.to_utc_string()
    ))
}

impl RevocationChecker {
    /// Offline: only `supplied` (and whatever each document embeds) is consulted.
    pub fn offline(supplied: RevocationData) -> Self {
        RevocationChecker {
            supplied,
            online: false,
            ocsp_nonce: false,
            #[cfg(not(target_arch = "wasm32"))]
            disk_cache: None,
            requests: Default::default(),
            #[cfg(not(target_arch = "wasm32"))]
            fetched_crls: Mutex::default(),
            #[cfg(not(target_arch = "wasm32"))]
            fetched_ocsp: Mutex::default(),
            fetched_by_caller: Vec::new(),
            unanswered: None,
        }
    }

    /// Also uses a CRL the caller fetched from `url` (a distribution point [`revocation_requests`]
    /// named): checked like supplied data, and reported with `url` as its origin.
    pub fn with_fetched_crl(mut self, url: String, crl: Crl) -> Self {
        self.fetched_by_caller.push((url, FetchedAnswer::Crl(Arc::new(crl))));
        self
    }

    /// Also uses an OCSP response the caller fetched from the responder at `url`: checked like
    /// supplied data, and reported with `url` as its origin.
    pub fn with_fetched_ocsp_response(mut self, url: String, response: OcspResponse) -> Self {
        self.fetched_by_caller.push((url, FetchedAnswer::Ocsp(Arc::new(response))));
        self
    }

    /// Notes every certificate whose status no answer at hand gave (see [`Self::take_unanswered`]).
    pub(crate) fn noting_unanswered(mut self) -> Self {
        self.unanswered = Some(Mutex::default());
        self
    }

    /// The certificates (each with its issuer) noted as unanswered so far, in the order asked.
    pub(crate) fn take_unanswered(&self) -> Vec<(Certificate, Certificate)> {
        match &self.unanswered {
            Some(noted) => std::mem::take(&mut *noted.lock().unwrap_or_else(|e| e.into_inner())),
            None => Vec::new(),
        }
    }

    /// Also asks OCSP responders and fetches CRLs over HTTP (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn online(supplied: RevocationData) -> Self {
        RevocationChecker { online: true, ..RevocationChecker::offline(supplied) }
    }

    /// Sends a fresh nonce with every OCSP request and refuses an answer that does not echo it
    /// (a replayed response). Responders that pre-produce answers do not echo nonces.
    pub fn with_ocsp_nonce(mut self) -> Self {
        self.ocsp_nonce = true;
        self
    }

    /// Also keeps what is fetched in `dir` (created if needed), and reuses it in later runs while
    /// it is current: a CRL until its next update, an OCSP response until the earliest next update
    /// of its answers. Files are named by a hash of what they answer; they are signed data and are
    /// verified like fetched ones when used.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_disk_cache(mut self, dir: std::path::PathBuf) -> Self {
        self.disk_cache = Some(dir);
        self
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn disk_file(&self, kind: &str, key: &str) -> Option<std::path::PathBuf> {
        use sha2::Digest;
        let dir = self.disk_cache.as_ref()?;
        let name = super::certificate::hex(&sha2::Sha256::digest(key.as_bytes()));
        Some(dir.join(format!("{kind}-{name}.der")))
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn disk_store(&self, kind: &str, key: &str, bytes: &[u8]) {
        // A cache that cannot be written is only a slower run.
        if let Some(file) = self.disk_file(kind, key) {
            let _ = std::fs::create_dir_all(file.parent().unwrap_or(std::path::Path::new(".")));
            let _ = std::fs::write(file, bytes);
        }
    }

    /// How many requests went over the network so far (each CRL and OCSP answer is asked once).
    pub fn network_requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn is_online(&self) -> bool {
        self.online
    }

    /// The status of `certificate` (issued by `issuer`) as of `time`. `claimed` says that `time`
    /// is only the signer's claim (the legacy [`super::TimePolicy::ClaimedSigningTime`]): a claim
    /// cannot place a signature before a compromise, so then any revocation for a compromise
    /// counts.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn check(
        &self,
        certificate: &Certificate,
        issuer: &Certificate,
        time: UtcTime,
        claimed: bool,
        embedded: &RevocationData,
        provider: &'static dyn CryptoProvider,
        allow_sha1: bool,
    ) -> RevocationCheck {
        self.check_with_evidence(certificate, issuer, time, claimed, embedded, provider, allow_sha1).0
    }

    /// [`RevocationChecker::check`], with the CRL or OCSP response the answer rests on.
    ///
    /// Every answer at hand (supplied, embedded, fetched by the caller) is weighed, never the
    /// first that comes: a revocation from any verified source beats every "good", which proves
    /// nothing against it; only a certificate hold is lifted, by a "good" issued after the hold's
    /// answer. A "good" counts only when it is current at `time`; a revocation counts however old
    /// the answer is, as revocation is final. Online, the network is asked unless a revocation is
    /// already known: a "good" at hand, supplied or embedded, may be older than what the responder
    /// knows now.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn check_with_evidence(
        &self,
        certificate: &Certificate,
        issuer: &Certificate,
        time: UtcTime,
        claimed: bool,
        embedded: &RevocationData,
        provider: &'static dyn CryptoProvider,
        allow_sha1: bool,
    ) -> (RevocationCheck, Option<Evidence>) {
        let mut tried: Vec<String> = Vec::new();
        let mut answers: Vec<(Answer, Evidence)> = Vec::new();
        let at_hand = self.answers_at_hand(certificate, issuer, embedded, provider);
        for (evidence, origin) in &at_hand {
            match self.use_evidence(evidence, certificate, issuer, time, origin, provider, allow_sha1) {
                Ok(answer) => answers.push((answer, evidence.clone())),
                Err(why) => tried.push(why),
            }
        }
        if self.online && !settles(&answers) {
            #[cfg(not(target_arch = "wasm32"))]
            self.ask_online(certificate, issuer, time, provider, allow_sha1, &mut answers, &mut tried);
        } else if at_hand.is_empty() {
            tried.push("no CRL or OCSP response at hand (none supplied, embedded or fetched)".to_owned());
        }
        let check = |status, source, revoked_later| RevocationCheck {
            subject: certificate.subject().to_string(),
            serial: certificate.serial_hex(),
            status,
            source,
            revoked_later,
        };
        if let Some((answer, evidence)) = weigh(answers, time, claimed) {
            let decided = match answer {
                Answer::Good(source) => check(RevocationStatus::Good, Some(source), None),
                Answer::Revoked(revoked_at, reason, source) if counts(revoked_at, reason, time, claimed) => {
                    check(RevocationStatus::Revoked { time: revoked_at, reason }, Some(source), None)
                }
                Answer::Revoked(revoked_at, reason, source) => {
                    check(RevocationStatus::Good, Some(source), Some(LaterRevocation { time: revoked_at, reason }))
                }
            };
            return (decided, Some(evidence));
        }
        if tried.is_empty() {
            tried.push("the certificate names no OCSP responder or CRL distribution point".to_owned());
        }
        if let Some(noted) = &self.unanswered {
            noted.lock().unwrap_or_else(|e| e.into_inner()).push((certificate.clone(), issuer.clone()));
        }
        (check(RevocationStatus::Unknown { why: tried.join("; ") }, None, None), None)
    }

    /// The answers about `certificate` the caller supplied, the document embeds and the caller
    /// fetched, each with where it came from; OCSP before CRLs only for the order of reasons.
    fn answers_at_hand(
        &self,
        certificate: &Certificate,
        issuer: &Certificate,
        embedded: &RevocationData,
        provider: &'static dyn CryptoProvider,
    ) -> Vec<(Evidence, String)> {
        let mut found: Vec<(Evidence, String)> = Vec::new();
        for (data, origin) in [(&self.supplied, "supplied"), (embedded, "embedded")] {
            for response in &data.ocsp_responses {
                if response.is_about(certificate, issuer, provider) {
                    found.push((Evidence::Ocsp(Arc::new(response.clone())), origin.to_owned()));
                }
            }
        }
        for (url, answer) in &self.fetched_by_caller {
            if let FetchedAnswer::Ocsp(response) = answer
                && response.is_about(certificate, issuer, provider)
            {
                found.push((Evidence::Ocsp(response.clone()), url.clone()));
            }
        }
        for (data, origin) in [(&self.supplied, "supplied"), (embedded, "embedded")] {
            for crl in &data.crls {
                if crl.names_issuer(issuer) {
                    found.push((Evidence::Crl(Arc::new(crl.clone())), origin.to_owned()));
                }
            }
        }
        for (url, answer) in &self.fetched_by_caller {
            if let FetchedAnswer::Crl(crl) = answer
                && crl.names_issuer(issuer)
            {
                found.push((Evidence::Crl(crl.clone()), url.clone()));
            }
        }
        found
    }

    /// What one CRL or OCSP response says about `certificate` at `time`; `Err` says why it says
    /// nothing usable (not verified, not about it, a "good" or a hold not current, "unknown").
    #[allow(clippy::too_many_arguments)]
    fn use_evidence(
        &self,
        evidence: &Evidence,
        certificate: &Certificate,
        issuer: &Certificate,
        time: UtcTime,
        origin: &str,
        provider: &'static dyn CryptoProvider,
        allow_sha1: bool,
    ) -> Result<Answer, String> {
        match evidence {
            Evidence::Crl(crl) => self
                .use_crl(crl, certificate, issuer, time, origin, provider, allow_sha1)
                .map_err(|why| format!("CRL ({origin}): {why}")),
            Evidence::Ocsp(response) => self
                .use_ocsp(response, certificate, issuer, time, origin, provider, allow_sha1)
                .map_err(|why| format!("OCSP ({origin}): {why}")),
        }
    }

    /// Asks the certificate's OCSP responders and CRL distribution points, adding what they say,
    /// until one gives a usable answer.
    #[cfg(not(target_arch = "wasm32"))]
    #[allow(clippy::too_many_arguments)]
    fn ask_online(
        &self,
        certificate: &Certificate,
        issuer: &Certificate,
        time: UtcTime,
        provider: &'static dyn CryptoProvider,
        allow_sha1: bool,
        answers: &mut Vec<(Answer, Evidence)>,
        tried: &mut Vec<String>,
    ) {
        // What the network says is current: the first usable answer is enough.
        let asked = answers.len();
        let responders = certificate.authority_info_urls("ocsp").into_iter().map(|url| (true, url));
        let distribution_points = certificate.crl_urls().into_iter().map(|url| (false, url));
        for (ocsp, url) in responders.chain(distribution_points) {
            let fetched = if ocsp {
                self.fetch_ocsp(&url, certificate, issuer, provider).map(Evidence::Ocsp)
            } else {
                self.fetch_crl(&url).map(Evidence::Crl)
            };
            match fetched {
                Ok(evidence) => {
                    match self.use_evidence(&evidence, certificate, issuer, time, &url, provider, allow_sha1) {
                        Ok(answer) => answers.push((answer, evidence)),
                        Err(why) => tried.push(why),
                    }
                }
                Err(why) => tried.push(format!("{} ({url}): {why}", if ocsp { "OCSP" } else { "CRL" })),
            }
            if answers.len() > asked {
                return;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn use_crl(
        &self,
        crl: &Crl,
        certificate: &Certificate,
        issuer: &Certificate,
        time: UtcTime,
        origin: &str,
        provider: &'static dyn CryptoProvider,
        allow_sha1: bool,
    ) -> Result<Answer, String> {
        let key = (*crl.fingerprint(), *issuer.fingerprint());
        if !VERIFIED_CRLS.lock().unwrap_or_else(|e| e.into_inner()).contains(&key) {
            crl.check_issued_by(issuer, provider, allow_sha1).map_err(|e| e.to_string())?;
            let mut verified = VERIFIED_CRLS.lock().unwrap_or_else(|e| e.into_inner());
            if verified.len() >= 256 {
                verified.remove(0);
            }
            verified.push(key);
        }
        crl.covers(certificate)?;
        let current = fresh_for(crl.this_update(), crl.next_update(), time);
        let source = RevocationSource {
            kind: "crl",
            signer: crl.issuer().to_owned(),
            this_update: crl.this_update(),
            next_update: crl.next_update(),
            origin: origin.to_owned(),
        };
        match crl.entry(certificate) {
            Some((revoked_at, reason)) if reason != RevocationReason::CertificateHold || current.is_ok() => {
                Ok(Answer::Revoked(revoked_at, reason, source))
            }
            _ => current.map(|()| Answer::Good(source)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn use_ocsp(
        &self,
        response: &OcspResponse,
        certificate: &Certificate,
        issuer: &Certificate,
        time: UtcTime,
        origin: &str,
        provider: &'static dyn CryptoProvider,
        allow_sha1: bool,
    ) -> Result<Answer, String> {
        let answer = response.check(certificate, issuer, provider, allow_sha1).map_err(|e| e.to_string())?;
        let current = fresh_for(answer.this_update, answer.next_update, time);
        let source = RevocationSource {
            kind: "ocsp",
            signer: answer.responder.clone(),
            this_update: answer.this_update,
            next_update: answer.next_update,
            origin: origin.to_owned(),
        };
        match answer.status {
            OcspCertStatus::Revoked { time: revoked_at, reason }
                if reason != RevocationReason::CertificateHold || current.is_ok() =>
            {
                Ok(Answer::Revoked(revoked_at, reason, source))
            }
            OcspCertStatus::Unknown => Err("status unknown".to_owned()),
            _ => current.map(|()| Answer::Good(source)),
        }
    }

    /// POSTs to a time-stamping authority (signing only; not cached).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn post_time_stamp_request(&self, url: &str, request: &[u8]) -> Result<Vec<u8>, super::PkiError> {
        if !self.online {
            return Err(super::PkiError::Offline(format!("time-stamping at {url}")));
        }
        fetch::post(url, "application/timestamp-query", request, fetch::MAX_OCSP_BYTES)
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn fetch_crl(&self, url: &str) -> Result<Arc<Crl>, String> {
        cache_entry(&self.fetched_crls, url.to_owned())
            .get_or_init(|| {
                let now = UtcTime::from_system_time(std::time::SystemTime::now());
                let cached = self
                    .disk_file("crl", url)
                    .and_then(|file| std::fs::read(file).ok())
                    .and_then(|bytes| Crl::from_der(&bytes).ok())
                    .filter(|crl| crl.next_update().is_some_and(|next| next >= now));
                if let Some(crl) = cached {
                    return Ok(Arc::new(crl));
                }
                self.requests.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let bytes = fetch::get(url, fetch::MAX_CRL_BYTES).map_err(|e| e.to_string())?;
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

    #[cfg(not(target_arch = "wasm32"))]
    fn fetch_ocsp(
        &self,
        url: &str,
        certificate: &Certificate,
        issuer: &Certificate,
        provider: &'static dyn CryptoProvider,
    ) -> Result<Arc<OcspResponse>, String> {
        let key = (url.to_owned(), format!("{}:{}", issuer.fingerprint_hex(), certificate.serial_hex()));
        let disk_key = format!("{} {}", key.0, key.1);
        cache_entry(&self.fetched_ocsp, key)
            .get_or_init(|| {
                let now = UtcTime::from_system_time(std::time::SystemTime::now());
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
                    getrandom::fill(&mut nonce).map_err(|e| format!("no randomness for the nonce: {e}"))?;
                    Some(nonce)
                } else {
                    None
                };
                let request = build_ocsp_request(certificate, issuer, nonce.as_ref().map(|n| &n[..]), provider)
                    .map_err(|e| e.to_string())?;
                self.requests.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let bytes = fetch::post(url, "application/ocsp-request", &request, fetch::MAX_OCSP_BYTES)
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

/// What one verified answer says: "good" only when current at the time that matters.
enum Answer {
    Good(RevocationSource),
    Revoked(UtcTime, RevocationReason, RevocationSource),
}

/// Whether a revocation at `revoked_at` counts against a signature judged at `time`: it came
/// before, or `time` is only claimed and the key was compromised (a claim cannot place a
/// signature before a compromise).
fn counts(revoked_at: UtcTime, reason: RevocationReason, time: UtcTime, claimed: bool) -> bool {
    revoked_at <= time || (claimed && reason.is_compromise())
}

/// Whether the answers settle the status, so the network need not be asked: only a revocation,
/// which is final (a certificate hold is not: it may have been lifted since).
fn settles(answers: &[(Answer, Evidence)]) -> bool {
    answers.iter().any(
        |(answer, _)| matches!(answer, Answer::Revoked(_, reason, _) if *reason != RevocationReason::CertificateHold),
    )
}

/// The answer that decides, from all of them: a revocation (revocation is final, and a "good"
/// from before it is no evidence against it); among several, one that counts at `time` (revoked
/// by then, or for a compromise of the key when `time` is only claimed) before one that does not,
/// then one for a compromise (a CA may change a reason to key compromise; an older answer with a
/// milder reason must not hide it), then the earliest. A certificate hold binds unless a "good"
/// was issued after the hold's answer (the hold was lifted). With no revocation, a "good", the
/// most recently issued.
fn weigh(answers: Vec<(Answer, Evidence)>, time: UtcTime, claimed: bool) -> Option<(Answer, Evidence)> {
    let this_update = |answer: &Answer| match answer {
        Answer::Good(source) | Answer::Revoked(_, _, source) => source.this_update,
    };
    let latest_good = answers
        .iter()
        .filter(|(answer, _)| matches!(answer, Answer::Good(_)))
        .map(|(answer, _)| this_update(answer))
        .max();
    let binding = |answer: &Answer| match answer {
        Answer::Revoked(_, RevocationReason::CertificateHold, source) => {
            latest_good.is_none_or(|good| good <= source.this_update)
        }
        Answer::Revoked(..) => true,
        Answer::Good(_) => false,
    };
    let severity = |answer: &Answer| match answer {
        Answer::Revoked(revoked_at, reason, _) => {
            (!counts(*revoked_at, *reason, time, claimed), !reason.is_compromise(), *revoked_at)
        }
        Answer::Good(source) => (true, true, source.this_update),
    };
    if answers.iter().any(|(answer, _)| binding(answer)) {
        return answers.into_iter().filter(|(answer, _)| binding(answer)).min_by_key(|(answer, _)| severity(answer));
    }
    answers
        .into_iter()
        .filter(|(answer, _)| matches!(answer, Answer::Good(_)))
        .max_by_key(|(answer, _)| this_update(answer))
}

/// A signed ASN.1 structure (`SEQUENCE { tbs, algorithm, signature BIT STRING, ... }`) kept as
/// its bytes, so the signature is checked over exactly the bytes that were signed.
pub(crate) struct RawSigned<'a> {
    tbs: &'a [u8],
    pub(crate) algorithm: spki::AlgorithmIdentifierRef<'a>,
    signature: BitStringRef<'a>,
}

impl<'a> RawSigned<'a> {
    pub(crate) fn from_der(der: &'a [u8]) -> der::Result<Self> {
        use der::Reader;
        let mut reader = der::SliceReader::new(der)?;
        let header = der::Header::decode(&mut reader)?;
        header.tag().assert_eq(der::Tag::Sequence)?;
        let start = usize::try_from(reader.position())?;
        AnyRef::decode(&mut reader)?;
        let end = usize::try_from(reader.position())?;
        let algorithm = spki::AlgorithmIdentifierRef::decode(&mut reader)?;
        let signature = BitStringRef::decode(&mut reader)?;
        Ok(RawSigned { tbs: &der[start..end], algorithm, signature })
    }

    /// The to-be-signed structure as it appears in the input, tag and length included.
    pub(crate) fn tbs_der(&self) -> &'a [u8] {
        self.tbs
    }

    pub(crate) fn signature_bytes(&self) -> &'a [u8] {
        self.signature.as_bytes().unwrap_or_default()
    }
}

pub(crate) fn utc(time: &x509_cert::time::Time) -> UtcTime {
    UtcTime::from_unix_seconds(time.to_unix_duration().as_secs() as i64)
}

pub(crate) fn utc_generalized(time: &der::asn1::GeneralizedTime) -> UtcTime {
    UtcTime::from_unix_seconds(time.to_unix_duration().as_secs() as i64)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::{Arc, mpsc};
    use std::thread;

    use super::{RevocationChecker, RevocationData};

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

        let checker = Arc::new(RevocationChecker::online(RevocationData::default()));
        let waiting = {
            let checker = checker.clone();
            thread::spawn(move || checker.fetch_crl(&slow_url))
        };
        wait_in_flight.recv().unwrap();
        let fetched = checker.fetch_crl(&fast_url);
        assert!(fetched.is_ok(), "{fetched:?}");
        assert!(!waiting.is_finished(), "the slow server's answer came first: fetches were serialized");
        release.send(()).unwrap();
        assert!(waiting.join().unwrap().is_err(), "a closed connection is a failed fetch");
        assert_eq!(checker.network_requests(), 2);
    }
}
