//! What revocation data a verification still lacks, and where to ask for it: for callers that
//! fetch themselves (the verifier page with the browser's `fetch`) and then verify again with the
//! answers ([`super::RevocationChecker::with_fetched_crl`],
//! [`super::RevocationChecker::with_fetched_ocsp_response`]).
//! No network here: this only reads certificates and builds OCSP requests.

use super::super::certificate::Certificate;
use super::super::error::PkiError;
use super::ocsp::build_request as build_ocsp_request;
use crate::crypto::CryptoProvider;

/// At most this many requests for one document. A transcript's signers are a GVCN and a principal
/// per year, and up to a dozen subject teachers where they sign: one OCSP request each, their
/// CAs' CRLs shared. Anything far beyond is a document built to make the verifier knock on many
/// doors.
pub const MAX_REVOCATION_REQUESTS: usize = 64;

/// URLs longer than this are not followed.
const MAX_URL_LENGTH: usize = 2048;

/// One request for revocation data, for a certificate whose status no data at hand gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RevocationRequest {
    /// GET the CRL at `url` (a CRL distribution point of each certificate in `subjects`).
    Crl {
        /// The CRL distribution point's URL.
        url: String,
        /// The subjects (distinguished names) of the certificates the CRL answers for.
        subjects: Vec<String>,
    },
    /// POST `request` (a DER OCSPRequest: one SHA-1 CertID, no nonce) as
    /// `application/ocsp-request` to the responder at `url`, named by the certificate's
    /// authority information access.
    Ocsp {
        /// The OCSP responder's URL.
        url: String,
        /// The DER `OCSPRequest` to send as the body.
        request: Vec<u8>,
        /// The subject (distinguished name) of the certificate asked about.
        subject: String,
    },
}

impl RevocationRequest {
    /// `"crl"` or `"ocsp"`.
    pub fn kind(&self) -> &'static str {
        match self {
            RevocationRequest::Crl { .. } => "crl",
            RevocationRequest::Ocsp { .. } => "ocsp",
        }
    }

    /// Where to send the request: the CRL distribution point or the OCSP responder.
    pub fn url(&self) -> &str {
        match self {
            RevocationRequest::Crl { url, .. } | RevocationRequest::Ocsp { url, .. } => url,
        }
    }

    /// The subjects (distinguished names, as in [`super::RevocationCheck::subject`]) of the
    /// certificates whose status the answer gives.
    pub fn subjects(&self) -> Vec<&str> {
        match self {
            RevocationRequest::Crl { subjects, .. } => subjects.iter().map(String::as_str).collect(),
            RevocationRequest::Ocsp { subject, .. } => vec![subject],
        }
    }
}

/// The requests for `unanswered` certificates (each with its issuer), in order, merged, at most
/// `limit`: no request is built beyond it, however many URLs a certificate names.
pub(crate) fn requests_for(
    unanswered: Vec<(Certificate, Certificate)>,
    limit: usize,
    provider: &'static dyn CryptoProvider,
) -> Result<Vec<RevocationRequest>, PkiError> {
    let mut requests: Vec<RevocationRequest> = Vec::new();
    for (certificate, issuer) in unanswered {
        let subject = certificate.subject().to_string();
        for url in followable(certificate.authority_info_urls("ocsp")) {
            if requests.len() == limit {
                return Ok(requests);
            }
            let request = build_ocsp_request(&certificate, &issuer, None, provider)?;
            let same = |r: &RevocationRequest| matches!(r, RevocationRequest::Ocsp { url: u, request: b, .. } if *u == url && *b == request);
            if !requests.iter().any(same) {
                requests.push(RevocationRequest::Ocsp { url, request, subject: subject.clone() });
            }
        }
        for url in followable(certificate.crl_urls()) {
            let known = requests.iter_mut().find(|r| matches!(r, RevocationRequest::Crl { url: u, .. } if *u == url));
            if let Some(RevocationRequest::Crl { subjects, .. }) = known {
                if !subjects.contains(&subject) {
                    subjects.push(subject.clone());
                }
            } else if requests.len() == limit {
                return Ok(requests);
            } else {
                requests.push(RevocationRequest::Crl { url, subjects: vec![subject.clone()] });
            }
        }
    }
    Ok(requests)
}

/// The URLs a verifier may follow: `http:` or `https:` (case-insensitive scheme), with a host,
/// no whitespace or control characters, not overlong. LDAP, `file:` and the like are left out.
fn followable(urls: Vec<String>) -> impl Iterator<Item = String> {
    urls.into_iter().filter(|url| {
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        let rest = if lower.starts_with("http://") {
            &url[7..]
        } else if lower.starts_with("https://") {
            &url[8..]
        } else {
            return false;
        };
        url.len() <= MAX_URL_LENGTH
            && !rest.is_empty()
            && !rest.starts_with('/')
            && !url.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

#[cfg(test)]
mod tests {
    use super::{Certificate, RevocationRequest, followable, requests_for};

    fn cert(name: &str) -> Certificate {
        let pem = std::fs::read(format!("{}/../test-vectors/pki/{name}-cert.pem", env!("CARGO_MANIFEST_DIR"))).unwrap();
        Certificate::all_from_pem_or_der(&pem).unwrap().remove(0)
    }

    #[test]
    fn many_unanswered_certificates_give_at_most_the_bound() {
        // Seven leaves that name the OCSP responder, each with three issuers: 21 different OCSP
        // requests (the CertID names the issuer) and one CRL.
        let leaves = ["gvcn", "hieutruong", "revoked", "expired", "notyetvalid", "nokeyusage", "ltv"];
        let issuers = ["ca", "root", "other-root"];
        let pairs: Vec<(Certificate, Certificate)> =
            issuers.iter().flat_map(|i| leaves.iter().map(move |l| (cert(l), cert(i)))).collect();
        let requests = requests_for(pairs.clone(), 16, crate::crypto::default_provider()).unwrap();
        assert_eq!(requests.len(), 16);
        // In order: the first leaf's OCSP request, then the CA's CRL for all seven (merged).
        assert_eq!(requests[0].kind(), "ocsp");
        assert_eq!(requests[1].url(), "http://127.0.0.1:18080/ca.crl");
        assert_eq!(requests[1].subjects().len(), leaves.len());
        assert_eq!(requests.iter().filter(|r| matches!(r, RevocationRequest::Crl { .. })).count(), 1);
        // The same certificate twice is asked once.
        let twice =
            requests_for(vec![pairs[0].clone(), pairs[0].clone()], 16, crate::crypto::default_provider()).unwrap();
        assert_eq!(twice.len(), 2);
    }

    #[test]
    fn only_http_and_https_urls_with_a_host_are_followed() {
        let urls = [
            "http://127.0.0.1:18080/ca.crl",
            "HTTPS://ca.gov.vn/ocsp",
            "ldap://ca.gov.vn/cn=CA?certificateRevocationList",
            "file:///etc/passwd",
            "http:///no-host",
            "https://",
            "http://ca.gov.vn/a b",
            "http://ca.gov.vn/\u{7}",
            "javascript:alert(1)",
            "httpx://ca.gov.vn",
            "h",
        ];
        let kept: Vec<String> = followable(urls.iter().map(|u| u.to_string()).collect()).collect();
        assert_eq!(kept, ["http://127.0.0.1:18080/ca.crl", "HTTPS://ca.gov.vn/ocsp"]);
        let long = format!("http://ca.gov.vn/{}", "a".repeat(super::MAX_URL_LENGTH));
        assert_eq!(followable(vec![long]).count(), 0);
    }
}
