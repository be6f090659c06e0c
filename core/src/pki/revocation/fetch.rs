//! HTTP for revocation data and time-stamps, used only when the caller turns the network on.
//! Plain HTTP is what CAs publish CRLs and OCSP on (the answers are signed); every request has a
//! timeout and every answer a size limit.

use std::time::Duration;

use super::super::error::PkiError;

pub(crate) const MAX_CRL_BYTES: u64 = 16 * 1024 * 1024;
pub(crate) const MAX_OCSP_BYTES: u64 = 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(10);

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().timeout_global(Some(TIMEOUT)).http_status_as_error(true).build().into()
}

fn failed(url: &str, e: impl std::fmt::Display) -> PkiError {
    PkiError::Fetch { url: url.to_owned(), detail: e.to_string() }
}

/// GETs `url`, refusing an answer above `limit` bytes.
pub(crate) fn get(url: &str, limit: u64) -> Result<Vec<u8>, PkiError> {
    let response = agent().get(url).call().map_err(|e| failed(url, e))?;
    response.into_body().with_config().limit(limit).read_to_vec().map_err(|e| failed(url, e))
}

/// POSTs `body` as `content_type` to `url`, refusing an answer above `limit` bytes.
pub(crate) fn post(url: &str, content_type: &str, body: &[u8], limit: u64) -> Result<Vec<u8>, PkiError> {
    let response = agent().post(url).header("Content-Type", content_type).send(body).map_err(|e| failed(url, e))?;
    response.into_body().with_config().limit(limit).read_to_vec().map_err(|e| failed(url, e))
}
