//! Trust in signers, as `sign` and `verify` take it: anchors (default: the embedded government
//! roots), intermediates, the revocation policy and data, the time policy; and
//! `RevocationChecker`, shared by many calls so that what is fetched is fetched once.

use std::sync::Arc;

use hocba::pki::{
    Certificate, Crl, OcspResponse, PathPolicy, RevocationChecker as CoreChecker, RevocationData, RevocationPolicy,
    TimePolicy, TrustOptions, TrustStore,
};
use hocba::time::UtcTime;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

use crate::errors::Failure;
use crate::input;

/// Answers revocation questions for many `verify` and `sign` calls: the CRLs and OCSP responses
/// given, the network switch (off by default: nothing leaves the machine), and the cache of what
/// was fetched (also on disk, in `cache_dir`, when given). Safe to share between threads.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct RevocationChecker {
    pub(crate) inner: Arc<CoreChecker>,
}

#[pymethods]
impl RevocationChecker {
    #[new]
    #[pyo3(signature = (*, online=false, crls=None, ocsp_responses=None, cache_dir=None))]
    fn new(
        py: Python<'_>,
        online: bool,
        crls: Option<&Bound<'_, PyAny>>,
        ocsp_responses: Option<&Bound<'_, PyAny>>,
        cache_dir: Option<std::path::PathBuf>,
    ) -> PyResult<Self> {
        let inner = checker(py, online, crls, ocsp_responses)?;
        let inner = match cache_dir {
            Some(dir) => inner.with_disk_cache(dir),
            None => inner,
        };
        Ok(RevocationChecker { inner: Arc::new(inner) })
    }

    /// Whether it asks OCSP responders and fetches CRLs over HTTP.
    #[getter]
    fn online(&self) -> bool {
        self.inner.is_online()
    }

    /// How many requests went over the network so far (each CRL and OCSP answer is asked once).
    #[getter]
    fn network_requests(&self) -> usize {
        self.inner.network_requests()
    }

    fn __repr__(&self) -> String {
        format!(
            "<RevocationChecker {}, {} network request(s)>",
            if self.inner.is_online() { "online" } else { "offline" },
            self.inner.network_requests()
        )
    }
}

/// A checker from the keywords `online`, `crls` and `ocsp_responses`.
fn checker(
    py: Python<'_>,
    online: bool,
    crls: Option<&Bound<'_, PyAny>>,
    ocsp_responses: Option<&Bound<'_, PyAny>>,
) -> PyResult<CoreChecker> {
    let mut supplied = RevocationData::default();
    for item in input::materials("crls", crls)? {
        supplied.crls.extend(Crl::all_from_pem_or_der(&item).map_err(|e| Failure::from(e).into_pyerr(py))?);
    }
    for item in input::materials("ocsp_responses", ocsp_responses)? {
        supplied.ocsp_responses.push(OcspResponse::from_der(&item).map_err(|e| Failure::from(e).into_pyerr(py))?);
    }
    Ok(if online { CoreChecker::online(supplied) } else { CoreChecker::offline(supplied) })
}

/// The checker a call uses: the shared one given as `checker=`, or one of its own from
/// `online`/`crls`/`ocsp_responses` (not both).
pub(crate) fn call_checker(
    py: Python<'_>,
    shared: Option<&Bound<'_, RevocationChecker>>,
    online: bool,
    crls: Option<&Bound<'_, PyAny>>,
    ocsp_responses: Option<&Bound<'_, PyAny>>,
) -> PyResult<Arc<CoreChecker>> {
    let given = |v: Option<&Bound<'_, PyAny>>| v.is_some_and(|v| !v.is_none());
    match shared {
        Some(shared) => {
            if online || given(crls) || given(ocsp_responses) {
                return Err(PyTypeError::new_err(
                    "checker= carries its own online/crls/ocsp_responses; give those to RevocationChecker(...)",
                ));
            }
            Ok(shared.get().inner.clone())
        }
        None => Ok(Arc::new(checker(py, online, crls, ocsp_responses)?)),
    }
}

/// What the trust keywords say, read in Python (files) and turned into options.
pub(crate) struct TrustRequest {
    pub(crate) anchors: Option<Vec<Vec<u8>>>,
    pub(crate) intermediates: Vec<Vec<u8>>,
    pub(crate) revocation: RevocationPolicy,
    pub(crate) time: TimePolicy,
    pub(crate) at: Option<UtcTime>,
}

impl TrustRequest {
    pub(crate) fn new(
        py: Python<'_>,
        trust: Option<&Bound<'_, PyAny>>,
        untrusted: Option<&Bound<'_, PyAny>>,
        revocation: &str,
        time: &str,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let anchors = match trust.filter(|t| !t.is_none()) {
            None => None,
            Some(items) => Some(input::materials("trust", Some(items))?),
        };
        let time: TimePolicy = time.parse().map_err(|e| PyValueError::new_err(format!("time={time:?}: {e}")))?;
        Ok(TrustRequest {
            anchors,
            intermediates: input::materials("untrusted", untrusted)?,
            revocation: revocation.parse::<RevocationPolicy>().map_err(PyValueError::new_err)?,
            time,
            at: match at.filter(|a| !a.is_none()) {
                None => None,
                Some(at) => Some(crate::sign::time_value(py, "at", at)?),
            },
        })
    }

    /// The options (reading certificates: no GIL needed). No anchors given: the government roots.
    pub(crate) fn options(&self, allow_sha1: bool) -> Result<TrustOptions, Failure> {
        let mut options = TrustOptions {
            revocation: self.revocation,
            time: self.time,
            now: self.at,
            path: PathPolicy { allow_sha1, ..PathPolicy::default() },
            ..TrustOptions::default()
        };
        if let Some(anchors) = &self.anchors {
            let mut store = TrustStore::empty();
            for item in anchors {
                store.add_pem_or_der(item)?;
            }
            options.trust = store;
        }
        for item in &self.intermediates {
            options.intermediates.extend(Certificate::all_from_pem_or_der(item)?);
        }
        Ok(options)
    }
}
