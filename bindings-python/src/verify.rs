//! `hocba.verify`: every signature, the trust in each signer (a certificate path to the trust
//! anchors, revocation), and the transcript profile, by the document's kind as the core decides it
//! (`hocba::verifier`; other documents only with `generic=True`), as the CLI's `hocba verify` does. Returns the core's report (`report::VerificationReport`).

use std::sync::{Arc, LazyLock};

use hocba::cache::{Cache, Caches};
use hocba::crypto::{PublicKey, certificates_from_pem_or_der};
use hocba::dsig::{RequiredElement, VerifyOptions};
use hocba::pki::{RevocationChecker as CoreChecker, TrustOptions};
use hocba::report::VerificationReport as CoreReport;
use hocba::transcript::ProfileVerifyOptions;
use hocba::verifier::OtherDocuments;
use hocba::xml::Document;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::{Failure, from_report};
use crate::input;
use crate::report::VerificationReport;
use crate::sign::provider;
use crate::trust::{RevocationChecker, TrustRequest, call_checker};

/// What the verification keywords (shared by `verify` and `verify_transcript`) ask for, read with
/// the GIL; `options()` turns it into the core's options without it.
pub(crate) struct VerifyRequest {
    signatures: VerifyOptions,
    certificate_items: Vec<Vec<u8>>,
    key_items: Vec<Vec<u8>>,
    trust: TrustRequest,
    pub(crate) checker: Arc<CoreChecker>,
}

impl VerifyRequest {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        py: Python<'_>,
        trust: Option<&Bound<'_, PyAny>>,
        untrusted: Option<&Bound<'_, PyAny>>,
        revocation: &str,
        online: bool,
        crls: Option<&Bound<'_, PyAny>>,
        ocsp_responses: Option<&Bound<'_, PyAny>>,
        checker: Option<&Bound<'_, RevocationChecker>>,
        at: Option<&Bound<'_, PyAny>>,
        time: &str,
        trusted_certs: Option<&Bound<'_, PyAny>>,
        trusted_keys: Option<&Bound<'_, PyAny>>,
        id_attributes: Option<&Bound<'_, PyAny>>,
        allow_sha1: bool,
        required: Option<&Bound<'_, PyAny>>,
        signature_places: Option<&Bound<'_, PyAny>>,
        provider: Option<&str>,
    ) -> PyResult<Self> {
        let provider = self::provider(provider)?;
        let mut signatures = VerifyOptions { provider, allow_sha1, ..VerifyOptions::default() };
        if id_attributes.is_some_and(|a| !a.is_none()) {
            signatures.id_attributes = input::strings("id_attributes", id_attributes)?;
        }
        for requirement in input::strings("required", required)? {
            let (id, place) = requirement.split_once('@').unwrap_or((&requirement, ""));
            if id.is_empty() {
                return Err(PyValueError::new_err(format!("required {requirement:?}: the Id is missing")));
            }
            signatures.required.push(RequiredElement { id: id.to_owned(), place: input::split_path(place) });
        }
        signatures.signature_places =
            input::strings("signature_places", signature_places)?.iter().map(|p| input::split_path(p)).collect();
        Ok(VerifyRequest {
            signatures,
            certificate_items: input::materials("trusted_certs", trusted_certs)?,
            key_items: input::materials("trusted_keys", trusted_keys)?,
            trust: TrustRequest::new(py, trust, untrusted, revocation, time, at)?,
            checker: call_checker(py, checker, online, crls, ocsp_responses)?,
        })
    }

    /// The signature options (pinned keys read) and the trust options.
    pub(crate) fn options(&self) -> Result<(VerifyOptions, TrustOptions), Failure> {
        let mut signatures = self.signatures.clone();
        signatures.trusted_keys = trusted_keys_from(&self.certificate_items, &self.key_items)?;
        signatures.caches = CACHES.clone();
        let mut trust = self.trust.options(self.signatures.allow_sha1)?;
        trust.caches = CACHES.clone();
        Ok((signatures, trust))
    }
}

/// The report, or (with `raise_on_invalid`) the exception of its first problem when the verdict is
/// not valid, carrying the report as `.report`.
pub(crate) fn finish(py: Python<'_>, report: CoreReport, raise_on_invalid: bool) -> PyResult<VerificationReport> {
    let failure = if raise_on_invalid { from_report(&report) } else { None };
    let report = VerificationReport::new(report);
    match failure {
        Some(failure) => {
            let error = failure.into_pyerr(py);
            error.value(py).setattr("report", report)?;
            Err(error)
        }
        None => Ok(report),
    }
}

/// Verifies every signature in `document` and the trust in every signer.
#[pyfunction]
#[pyo3(signature = (
    document, *, trust=None, untrusted=None, revocation="require", online=false, crls=None, ocsp_responses=None,
    checker=None, at=None, time="timestamp", trusted_certs=None, trusted_keys=None, id_attributes=None, allow_sha1=false,
    required=None, signature_places=None, provider=None, raise_on_invalid=true, generic=false,
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn verify<'py>(
    py: Python<'py>,
    document: &Bound<'py, PyAny>,
    trust: Option<&Bound<'py, PyAny>>,
    untrusted: Option<&Bound<'py, PyAny>>,
    revocation: &str,
    online: bool,
    crls: Option<&Bound<'py, PyAny>>,
    ocsp_responses: Option<&Bound<'py, PyAny>>,
    checker: Option<&Bound<'py, RevocationChecker>>,
    at: Option<&Bound<'py, PyAny>>,
    time: &str,
    trusted_certs: Option<&Bound<'py, PyAny>>,
    trusted_keys: Option<&Bound<'py, PyAny>>,
    id_attributes: Option<&Bound<'py, PyAny>>,
    allow_sha1: bool,
    required: Option<&Bound<'py, PyAny>>,
    signature_places: Option<&Bound<'py, PyAny>>,
    provider: Option<&str>,
    raise_on_invalid: bool,
    generic: bool,
) -> PyResult<VerificationReport> {
    let request = VerifyRequest::new(
        py,
        trust,
        untrusted,
        revocation,
        online,
        crls,
        ocsp_responses,
        checker,
        at,
        time,
        trusted_certs,
        trusted_keys,
        id_attributes,
        allow_sha1,
        required,
        signature_places,
        provider,
    )?;
    let document = input::document(document)?;
    // Everything from reading the keys on runs without the GIL.
    let report = py.detach(|| -> Result<CoreReport, Failure> {
        let (signatures, trust) = request.options()?;
        let doc = Document::parse(&document)?;
        let options = ProfileVerifyOptions::new(signatures);
        let other = if generic { OtherDocuments::Verify } else { OtherDocuments::Refuse };
        let verification = hocba::verifier::verify_document(&doc, &options, other, &trust, &request.checker)?;
        Ok(verification.report().clone())
    });
    finish(py, report.map_err(|failure| failure.into_pyerr(py))?, raise_on_invalid)
}

/// The keys of every certificate in `certificates` (PEM may hold several), then `keys`.
fn trusted_keys_from(certificates: &[Vec<u8>], keys: &[Vec<u8>]) -> Result<Vec<PublicKey>, Failure> {
    let mut trusted = Vec::new();
    for item in certificates {
        trusted.extend(CERTIFICATE_KEYS.get_or_try_insert_with(item.as_slice(), || {
            let der = certificates_from_pem_or_der(item).map_err(|e| Failure::certificate("trusted_certs", &e))?;
            der.iter()
                .map(|c| PublicKey::from_certificate_der(c).map_err(|e| Failure::certificate("trusted_certs", &e)))
                .collect()
        })?);
    }
    for item in keys {
        trusted.extend(
            KEYS.get_or_try_insert_with(item.as_slice(), || Ok::<_, Failure>(vec![PublicKey::from_pem_or_der(item)?]))?,
        );
    }
    Ok(trusted)
}

/// Keys read from the same bytes on earlier calls. A `PublicKey` keeps each provider's decoded key
/// and its clones share it; decoding costs more than verifying a signature, and callers pass the
/// same certificate bytes to every `verify` call. Keyed by the whole input, bounded in entries.
static CERTIFICATE_KEYS: LazyLock<Cache<Vec<u8>, Vec<PublicKey>>> = LazyLock::new(|| Cache::new(KEY_CACHE_ENTRIES));
static KEYS: LazyLock<Cache<Vec<u8>, Vec<PublicKey>>> = LazyLock::new(|| Cache::new(KEY_CACHE_ENTRIES));
const KEY_CACHE_ENTRIES: usize = 64;

/// The core's caches (signers' keys, validated paths, checked CRLs), shared by every call of the
/// process: each call builds its options anew.
pub(crate) static CACHES: LazyLock<Caches> = LazyLock::new(Caches::default);
