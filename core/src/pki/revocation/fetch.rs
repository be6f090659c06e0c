//! HTTP for revocation data and time-stamps, used only when the caller turns the network on.
//! Plain HTTP is what CAs publish CRLs and OCSP on (the answers are signed); every request has a
//! timeout and every answer a size limit. Requests go through the HTTP proxy the caller names, or
//! the one the environment names, as networks that reach the internet only through a proxy need.

use std::time::Duration;

use super::super::error::PkiError;

pub(crate) const MAX_CRL_BYTES: u64 = 16 * 1024 * 1024;
pub(crate) const MAX_OCSP_BYTES: u64 = 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(10);

/// An agent asking through `proxy`, or else through the proxy the environment names (`ALL_PROXY`,
/// `HTTPS_PROXY`, `HTTP_PROXY`, with `NO_PROXY` for the hosts asked directly), or else directly.
fn agent(proxy: Option<&ureq::Proxy>) -> ureq::Agent {
    let config = ureq::Agent::config_builder().timeout_global(Some(TIMEOUT)).http_status_as_error(true);
    match proxy {
        Some(proxy) => config.proxy(Some(proxy.clone())).build().into(),
        None => config.build().into(),
    }
}

fn failed(url: &str, e: impl std::fmt::Display) -> PkiError {
    PkiError::Fetch { url: url.to_owned(), detail: e.to_string() }
}

/// GETs `url`, refusing an answer above `limit` bytes.
pub(crate) fn get(url: &str, limit: u64, proxy: Option<&ureq::Proxy>) -> Result<Vec<u8>, PkiError> {
    let response = agent(proxy).get(url).call().map_err(|e| failed(url, e))?;
    response.into_body().with_config().limit(limit).read_to_vec().map_err(|e| failed(url, e))
}

/// POSTs `body` as `content_type` to `url`, refusing an answer above `limit` bytes.
pub(crate) fn post(
    url: &str,
    content_type: &str,
    body: &[u8],
    limit: u64,
    proxy: Option<&ureq::Proxy>,
) -> Result<Vec<u8>, PkiError> {
    let response =
        agent(proxy).post(url).header("Content-Type", content_type).send(body).map_err(|e| failed(url, e))?;
    response.into_body().with_config().limit(limit).read_to_vec().map_err(|e| failed(url, e))
}
