//! Revocation: is a certificate in the path revoked, as of the time that matters?
//!
//! Sources, in order: OCSP responses and CRLs the caller supplied, the document embeds, or the
//! caller fetched itself from the URLs [`super::revocation_requests`] named (offline, the WASM build and
//! air-gapped offices; the verifier page's opt-in `fetch`), then, only when the caller enables the
//! network, the certificate's own OCSP responder and CRL distribution points. Everything fetched
//! is cached for the life of the [`RevocationChecker`], so a batch from one school asks once per
//! certificate (OCSP) or once per CRL, not once per file.

mod checker;
mod crl;
mod data;
#[cfg(not(target_arch = "wasm32"))]
mod fetch;
#[cfg(not(target_arch = "wasm32"))]
mod fetcher;
mod ocsp;
mod request;
mod signed;
mod status;
mod weigh;

pub(crate) use checker::Asking;
pub use checker::RevocationChecker;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use checker::UsedEvidence;
pub use crl::Crl;
pub(crate) use data::Evidence;
pub use data::RevocationData;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use fetch::{MAX_CRL_BYTES, get as http_get};
pub use ocsp::OcspResponse;
pub(crate) use request::requests_for;
pub use request::{MAX_REVOCATION_REQUESTS, RevocationRequest};
pub use status::{LaterRevocation, RevocationCheck, RevocationReason, RevocationSource, RevocationStatus};
