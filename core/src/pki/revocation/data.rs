//! Revocation data held before any question is asked, and the answers a status rests on.

use std::sync::Arc;

use super::crl::Crl;
use super::ocsp::OcspResponse;

/// Revocation data at hand without the network: supplied by the caller or embedded in the
/// document (long-term validation data).
#[derive(Clone, Debug, Default)]
pub struct RevocationData {
    /// CRLs (RFC 5280), in any order; each is used only for the certificates its issuer issued.
    pub crls: Vec<Crl>,
    /// OCSP responses (RFC 6960), in any order.
    pub ocsp_responses: Vec<OcspResponse>,
}

impl RevocationData {
    /// Whether there is neither a CRL nor an OCSP response.
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
