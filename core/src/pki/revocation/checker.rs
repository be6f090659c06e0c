//! The checker: gathers the answers about a certificate (supplied, embedded, fetched by the
//! caller, then from the network when it is on) and weighs them into one status.

use std::sync::{Arc, Mutex};

use super::super::certificate::Certificate;
use super::crl::Crl;
use super::data::{Evidence, RevocationData};
#[cfg(not(target_arch = "wasm32"))]
use super::fetcher::Fetcher;
use super::ocsp::{OcspCertStatus, OcspResponse};
use super::status::{LaterRevocation, RevocationCheck, RevocationReason, RevocationSource, RevocationStatus};
use super::weigh::{Answer, counts, fresh_for, settles, weigh};
use crate::cache::Caches;
use crate::crypto::CryptoProvider;
use crate::time::UtcTime;

/// What every revocation question of one verification shares: the verification time (for the
/// freshness of cached answers), the crypto provider, the configuration's caches, and whether
/// SHA-1 signatures on answers are accepted.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Asking<'a> {
    /// Only fetching reads it (not in the WASM build).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(crate) now: UtcTime,
    pub(crate) provider: &'static dyn CryptoProvider,
    pub(crate) caches: &'a Caches,
    pub(crate) allow_sha1: bool,
}

/// Answers revocation questions for many signatures: holds the supplied data, the network
/// switch and the cache of what was fetched.
#[derive(Debug)]
pub struct RevocationChecker {
    supplied: RevocationData,
    online: bool,
    /// Fetching and what was fetched (native builds: the WASM build's caller fetches).
    #[cfg(not(target_arch = "wasm32"))]
    fetcher: Fetcher,
    /// Answers the caller fetched itself (the verifier page's `fetch`), with the URL each came
    /// from: used like supplied data, reported with that URL as their origin.
    fetched_by_caller: Vec<(String, FetchedAnswer)>,
    /// Where certificates no answer covered are noted (with their issuers), when asked to:
    /// [`super::revocation_requests`] turns them into requests.
    unanswered: Option<Mutex<Vec<(Certificate, Certificate)>>>,
    /// Where every certificate checked is noted, with its issuer and the answer its status rests
    /// on, when asked to: what an archive time-stamp must carry.
    used: Option<Mutex<Vec<UsedEvidence>>>,
}

/// A certificate whose status was asked, its issuer, and the answer the status rests on.
pub(crate) type UsedEvidence = (Certificate, Certificate, Option<Evidence>);

/// One answer fetched by the caller.
#[derive(Clone, Debug)]
enum FetchedAnswer {
    Crl(Arc<Crl>),
    Ocsp(Arc<OcspResponse>),
}

impl RevocationChecker {
    /// Offline: only `supplied` (and whatever each document embeds) is consulted.
    pub fn offline(supplied: RevocationData) -> Self {
        RevocationChecker {
            supplied,
            online: false,
            #[cfg(not(target_arch = "wasm32"))]
            fetcher: Fetcher::default(),
            fetched_by_caller: Vec::new(),
            unanswered: None,
            used: None,
        }
    }

    /// Also uses a CRL the caller fetched from `url` (a distribution point
    /// [`revocation_requests`](crate::pki::revocation_requests) named): checked like supplied
    /// data, and reported with `url` as its origin.
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

    /// A checker asking as this one does (the same supplied and caller-fetched answers, network
    /// settings and disk cache, its own memory of fetches) that also notes every certificate
    /// checked, with the answer used ([`Self::take_used`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn noting_used(&self) -> Self {
        let mut fetcher = Fetcher::default();
        fetcher.disk_cache = self.fetcher.disk_cache.clone();
        fetcher.ocsp_nonce = self.fetcher.ocsp_nonce;
        fetcher.proxy = self.fetcher.proxy.clone();
        RevocationChecker {
            supplied: self.supplied.clone(),
            online: self.online,
            fetcher,
            fetched_by_caller: self.fetched_by_caller.clone(),
            unanswered: None,
            used: Some(Mutex::default()),
        }
    }

    /// What was noted as used so far, in the order asked.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn take_used(&self) -> Vec<UsedEvidence> {
        match &self.used {
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
    #[cfg_attr(target_arch = "wasm32", allow(unused_mut))]
    pub fn with_ocsp_nonce(mut self) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.fetcher.ocsp_nonce = true;
        }
        self
    }

    /// Asks OCSP responders, CRL distribution points and time-stamping authorities through the
    /// HTTP proxy at `url` (`http://host:port`; `http://user:password@host:port` for one that wants
    /// a login), as a network that reaches the internet only through a proxy needs. Without it, the
    /// proxy the environment names is used (`ALL_PROXY`, `HTTPS_PROXY`, `HTTP_PROXY`; `NO_PROXY`
    /// lists hosts asked directly), or none. Plain-HTTP requests are tunnelled (`CONNECT`).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_http_proxy(mut self, url: &str) -> Result<Self, crate::InvalidSetting> {
        let proxy = ureq::Proxy::new(url)
            .map_err(|_| crate::InvalidSetting::new("proxy", url, "an HTTP proxy URL, http://host:port"))?;
        self.fetcher.proxy = Some(proxy);
        Ok(self)
    }

    /// Also keeps what is fetched in `dir` (created if needed), and reuses it in later runs while
    /// it is current: a CRL until its next update, an OCSP response until the earliest next update
    /// of its answers. Files are named by a hash of what they answer; they are signed data and are
    /// verified like fetched ones when used.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_disk_cache(mut self, dir: std::path::PathBuf) -> Self {
        self.fetcher.disk_cache = Some(dir);
        self
    }

    /// How many requests went over the network so far (each CRL and OCSP answer is asked once).
    pub fn network_requests(&self) -> usize {
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.fetcher.network_requests()
        }
        #[cfg(target_arch = "wasm32")]
        {
            0
        }
    }

    /// Whether the checker may use the network (built by [`RevocationChecker::online`]).
    pub fn is_online(&self) -> bool {
        self.online
    }

    /// The status of `certificate` (issued by `issuer`) as of `time`. `claimed` says that `time`
    /// is only the signer's claim (the legacy [`super::TimePolicy::ClaimedSigningTime`]): a claim
    /// cannot place a signature before a compromise, so then any revocation for a compromise
    /// counts.
    pub(crate) fn check(
        &self,
        certificate: &Certificate,
        issuer: &Certificate,
        time: UtcTime,
        claimed: bool,
        embedded: &RevocationData,
        asking: &Asking<'_>,
    ) -> RevocationCheck {
        self.check_with_evidence(certificate, issuer, time, claimed, embedded, asking).0
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
    pub(crate) fn check_with_evidence(
        &self,
        certificate: &Certificate,
        issuer: &Certificate,
        time: UtcTime,
        claimed: bool,
        embedded: &RevocationData,
        asking: &Asking<'_>,
    ) -> (RevocationCheck, Option<Evidence>) {
        let mut tried: Vec<String> = Vec::new();
        let mut answers: Vec<(Answer, Evidence)> = Vec::new();
        let at_hand = self.answers_at_hand(certificate, issuer, embedded, asking.provider);
        for (evidence, origin) in &at_hand {
            match self.use_evidence(evidence, certificate, issuer, time, origin, asking) {
                Ok(answer) => answers.push((answer, evidence.clone())),
                Err(why) => tried.push(why),
            }
        }
        if self.online && !settles(&answers) {
            #[cfg(not(target_arch = "wasm32"))]
            self.ask_online(certificate, issuer, time, asking, &mut answers, &mut tried);
        } else if at_hand.is_empty() {
            tried.push("no CRL or OCSP response at hand (none supplied, embedded or fetched)".to_owned());
        }
        let (check, evidence) = self.decide(certificate, issuer, time, claimed, answers, tried);
        if let Some(used) = &self.used {
            used.lock().unwrap_or_else(|e| e.into_inner()).push((
                certificate.clone(),
                issuer.clone(),
                evidence.clone(),
            ));
        }
        (check, evidence)
    }

    /// Weighs the answers into one status; with none usable, why (`tried`).
    fn decide(
        &self,
        certificate: &Certificate,
        issuer: &Certificate,
        time: UtcTime,
        claimed: bool,
        answers: Vec<(Answer, Evidence)>,
        mut tried: Vec<String>,
    ) -> (RevocationCheck, Option<Evidence>) {
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
    fn use_evidence(
        &self,
        evidence: &Evidence,
        certificate: &Certificate,
        issuer: &Certificate,
        time: UtcTime,
        origin: &str,
        asking: &Asking<'_>,
    ) -> Result<Answer, String> {
        match evidence {
            Evidence::Crl(crl) => {
                use_crl(crl, certificate, issuer, time, origin, asking).map_err(|why| format!("CRL ({origin}): {why}"))
            }
            Evidence::Ocsp(response) => use_ocsp(response, certificate, issuer, time, origin, asking)
                .map_err(|why| format!("OCSP ({origin}): {why}")),
        }
    }

    /// Asks the certificate's OCSP responders and CRL distribution points, adding what they say,
    /// until one gives a usable answer.
    #[cfg(not(target_arch = "wasm32"))]
    fn ask_online(
        &self,
        certificate: &Certificate,
        issuer: &Certificate,
        time: UtcTime,
        asking: &Asking<'_>,
        answers: &mut Vec<(Answer, Evidence)>,
        tried: &mut Vec<String>,
    ) {
        // What the network says is current: the first usable answer is enough.
        let asked = answers.len();
        let responders = certificate.authority_info_urls("ocsp").into_iter().map(|url| (true, url));
        let distribution_points = certificate.crl_urls().into_iter().map(|url| (false, url));
        for (ocsp, url) in responders.chain(distribution_points) {
            let fetched = if ocsp {
                self.fetcher.fetch_ocsp(&url, certificate, issuer, asking.provider, asking.now).map(Evidence::Ocsp)
            } else {
                self.fetcher.fetch_crl(&url, asking.now).map(Evidence::Crl)
            };
            match fetched {
                Ok(evidence) => match self.use_evidence(&evidence, certificate, issuer, time, &url, asking) {
                    Ok(answer) => answers.push((answer, evidence)),
                    Err(why) => tried.push(why),
                },
                Err(why) => tried.push(format!("{} ({url}): {why}", if ocsp { "OCSP" } else { "CRL" })),
            }
            if answers.len() > asked {
                return;
            }
        }
    }

    /// POSTs to a time-stamping authority (signing only; not cached).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn post_time_stamp_request(
        &self,
        url: &str,
        request: &[u8],
    ) -> Result<Vec<u8>, super::super::error::PkiError> {
        if !self.online {
            return Err(super::super::error::PkiError::Offline(format!("time-stamping at {url}")));
        }
        self.fetcher.post_time_stamp_request(url, request)
    }
}

fn use_crl(
    crl: &Crl,
    certificate: &Certificate,
    issuer: &Certificate,
    time: UtcTime,
    origin: &str,
    asking: &Asking<'_>,
) -> Result<Answer, String> {
    // Whether a CRL's signature is acceptable depends on the algorithms allowed and the provider
    // too: a CRL accepted under a configuration that allows SHA-1 is checked again under one
    // that does not.
    let key = (*crl.fingerprint(), *issuer.fingerprint(), asking.allow_sha1, asking.provider.name());
    if !asking.caches.crl_verified(&key) {
        crl.check_issued_by(issuer, asking.provider, asking.caches, asking.allow_sha1).map_err(|e| e.to_string())?;
        asking.caches.remember_crl(key);
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

fn use_ocsp(
    response: &OcspResponse,
    certificate: &Certificate,
    issuer: &Certificate,
    time: UtcTime,
    origin: &str,
    asking: &Asking<'_>,
) -> Result<Answer, String> {
    let answer = response
        .check(certificate, issuer, asking.provider, asking.caches, asking.allow_sha1)
        .map_err(|e| e.to_string())?;
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
