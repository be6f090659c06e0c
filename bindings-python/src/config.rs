//! The option objects and the verifier. `Revocation`, `Trust` and `VerifyConfig` translate one to
//! one into the core's configuration (`hocba::verifier::VerifierConfig`), read once when made (so
//! keys and certificates are decoded once, however many documents they verify); `Verifier` and
//! `verify` run the core's `Verifier` without the GIL, from any thread.

use std::sync::{Arc, OnceLock};

use hocba::approvals::{ApprovalPolicy, fingerprint_hex, year_fingerprint};
use hocba::crypto::{PublicKey, certificates_from_pem_or_der, provider_named};
use hocba::dsig::{RequiredElement, place_from_str};
use hocba::pki::{Certificate, Crl, OcspResponse, RevocationChecker, RevocationData, TrustOptions, TrustStore};
use hocba::report::Verdict;
use hocba::transcript::Role;
use hocba::verifier::{self as core, OtherDocuments, VerifierConfig};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::approvals::Approvals;
use crate::errors::{Failure, from_report};
use crate::input;
use crate::records::Record;
use crate::report::VerificationReport;
use crate::transcript::Transcript;

/// A core error raised as its exception.
pub(crate) fn raise<T, E: Into<Failure>>(py: Python<'_>, result: Result<T, E>) -> PyResult<T> {
    result.map_err(|e| e.into().into_pyerr(py))
}

/// A setting the core parses: what it refuses is a `ValueError` with the core's message.
pub(crate) fn setting<T, E: std::fmt::Display>(result: Result<T, E>) -> PyResult<T> {
    result.map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Where revocation answers come from: the CRLs and OCSP responses given, the network (off by
/// default: nothing leaves the machine), and the cache of what was fetched (also on disk, in
/// `cache_dir`). One object shared by many calls asks for each answer once; safe between threads.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct Revocation {
    pub(crate) inner: Arc<RevocationChecker>,
}

#[pymethods]
impl Revocation {
    #[new]
    #[pyo3(signature = (*, online=false, crls=None, ocsp_responses=None, cache_dir=None))]
    fn new(
        py: Python<'_>,
        online: bool,
        crls: Option<&Bound<'_, PyAny>>,
        ocsp_responses: Option<&Bound<'_, PyAny>>,
        cache_dir: Option<std::path::PathBuf>,
    ) -> PyResult<Self> {
        let mut supplied = RevocationData::default();
        for item in input::materials("crls", crls)? {
            supplied.crls.extend(raise(py, Crl::all_from_pem_or_der(&item))?);
        }
        for item in input::materials("ocsp_responses", ocsp_responses)? {
            supplied.ocsp_responses.push(raise(py, OcspResponse::from_der(&item))?);
        }
        let checker = if online { RevocationChecker::online(supplied) } else { RevocationChecker::offline(supplied) };
        let checker = match cache_dir {
            Some(dir) => checker.with_disk_cache(dir),
            None => checker,
        };
        Ok(Revocation { inner: Arc::new(checker) })
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
        let online = if self.inner.is_online() { "online" } else { "offline" };
        format!("<Revocation {online}, {} network request(s)>", self.inner.network_requests())
    }
}

impl Revocation {
    /// The checker of `value`, or an offline one with nothing supplied.
    pub(crate) fn checker(value: Option<&Bound<'_, Revocation>>) -> Arc<RevocationChecker> {
        value.map_or_else(|| Arc::new(RevocationChecker::offline(RevocationData::default())), |r| r.get().inner.clone())
    }
}

/// Trust in signers: the anchors (default: the embedded government roots), intermediates offered
/// to path building, the revocation policy (`require`, `soft-fail`, `off`), the time a signer's
/// certificate is judged at (`timestamp`, `now`, `claimed`), the clock (`at`: verify as of, or sign
/// at, this time; default now) and the certificate policies required on the whole path.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct Trust {
    pub(crate) options: TrustOptions,
    anchors: usize,
    revocation: String,
    time: String,
    require_policies: Vec<String>,
}

#[pymethods]
impl Trust {
    #[new]
    #[pyo3(signature = (
        anchors=None, *, intermediates=None, revocation="require", time="timestamp", at=None, require_policies=None,
    ))]
    fn new(
        py: Python<'_>,
        anchors: Option<&Bound<'_, PyAny>>,
        intermediates: Option<&Bound<'_, PyAny>>,
        revocation: &str,
        time: &str,
        at: Option<&Bound<'_, PyAny>>,
        require_policies: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut options = TrustOptions {
            revocation: setting(revocation.parse())?,
            time: setting(time.parse())?,
            now: at.filter(|a| !a.is_none()).map(|at| crate::sign::time_value(py, "at", at)).transpose()?,
            ..TrustOptions::default()
        };
        let anchor_items =
            anchors.filter(|a| !a.is_none()).map(|a| input::materials("anchors", Some(a))).transpose()?;
        if let Some(items) = &anchor_items {
            let mut store = TrustStore::empty();
            for item in items {
                raise(py, store.add_pem_or_der(item))?;
            }
            options.trust = store;
        }
        for item in input::materials("intermediates", intermediates)? {
            options.intermediates.extend(raise(py, Certificate::all_from_pem_or_der(&item))?);
        }
        let require_policies = input::strings("require_policies", require_policies)?;
        for oid in &require_policies {
            let parsed =
                oid.parse().map_err(|_| PyValueError::new_err(format!("require_policies: {oid:?} is not an OID")));
            options.path.required_policies.push(parsed?);
        }
        let anchors = anchor_items.map_or(0, |items| items.len());
        Ok(Trust { options, anchors, revocation: revocation.to_owned(), time: time.to_owned(), require_policies })
    }

    #[getter]
    fn revocation(&self) -> &str {
        &self.revocation
    }

    #[getter]
    fn time(&self) -> &str {
        &self.time
    }

    /// The clock, an aware UTC datetime; None: now.
    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.options.now.map(|now| crate::report::datetime(py, now)).transpose()
    }

    #[getter]
    fn require_policies(&self) -> Vec<String> {
        self.require_policies.clone()
    }

    fn __repr__(&self) -> String {
        let anchors = match self.anchors {
            0 => "government roots".to_owned(),
            n => format!("{n} anchor file(s)"),
        };
        let at = self.options.now.map_or_else(|| "now".to_owned(), |t| t.to_string());
        format!("<Trust {anchors}, revocation={}, time={}, at={at}>", self.revocation, self.time)
    }
}

impl Default for Trust {
    fn default() -> Self {
        let (revocation, time) = ("require".to_owned(), "timestamp".to_owned());
        Trust { options: TrustOptions::default(), anchors: 0, revocation, time, require_policies: Vec::new() }
    }
}

/// What a `Verifier` is configured with: trust in signers, revocation, keys pinned instead of a
/// PKI (no path, no revocation; reported so), the Id attributes, the elements every signature must
/// cover (`"ID"` or `"ID@HocBa/DuLieuHocBa"`), the places signatures may sit in (`"DSCKS/GVCN"`),
/// SHA-1 (legacy: signatures and certificate paths), the crypto provider, whether documents other
/// than transcripts are verified (`generic`), the version of the transcript already held
/// (`previous`: a replayed or rolled-back version is invalid), and the managing authorities'
/// approval lists (`approvals`, from `Approvals.load`: every signer of a year must be approved for
/// its school and role, no year withdrawn) with what a question they cannot settle does
/// (`approval_policy`: `require`, the default, leaves the verdict undetermined; `soft-fail` warns;
/// `off` does not check). Without lists the report warns that approval was not checked.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct VerifyConfig {
    pub(crate) verifier: Arc<core::Verifier>,
    trust: Py<Trust>,
    revocation: Py<Revocation>,
    previous: Option<Py<Transcript>>,
    approvals: Option<Py<Approvals>>,
    required: Vec<String>,
    signature_places: Vec<String>,
}

#[pymethods]
impl VerifyConfig {
    #[new]
    #[pyo3(signature = (
        *, trust=None, revocation=None, pinned_certs=None, pinned_keys=None, id_attributes=None, required=None,
        signature_places=None, allow_sha1=false, provider=None, generic=false, previous=None, approvals=None,
        approval_policy="require",
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        trust: Option<Py<Trust>>,
        revocation: Option<Py<Revocation>>,
        pinned_certs: Option<&Bound<'_, PyAny>>,
        pinned_keys: Option<&Bound<'_, PyAny>>,
        id_attributes: Option<&Bound<'_, PyAny>>,
        required: Option<&Bound<'_, PyAny>>,
        signature_places: Option<&Bound<'_, PyAny>>,
        allow_sha1: bool,
        provider: Option<&str>,
        generic: bool,
        previous: Option<Py<Transcript>>,
        approvals: Option<Py<Approvals>>,
        approval_policy: &str,
    ) -> PyResult<Self> {
        let trust = match trust {
            Some(trust) => trust,
            None => Py::new(py, Trust::default())?,
        };
        let revocation = match revocation {
            Some(revocation) => revocation,
            None => Py::new(py, Revocation { inner: Revocation::checker(None) })?,
        };
        let mut config = VerifierConfig {
            trust: trust.get().options.clone(),
            revocation: revocation.get().inner.clone(),
            other_documents: if generic { OtherDocuments::Verify } else { OtherDocuments::Refuse },
            previous: previous.as_ref().map(|p| p.get().inner.clone()),
            approvals: approvals.as_ref().map(|a| a.get().inner.clone()),
            approval_policy: setting(approval_policy.parse::<ApprovalPolicy>())?,
            ..VerifierConfig::default()
        };
        let signatures = &mut config.signatures;
        signatures.provider = setting(provider_named(provider))?;
        signatures.allow_sha1 = allow_sha1;
        config.trust.path.allow_sha1 = allow_sha1;
        for item in input::materials("pinned_certs", pinned_certs)? {
            let certificates = certificates_from_pem_or_der(&item);
            for der in certificates.map_err(|e| Failure::certificate("pinned_certs", &e).into_pyerr(py))? {
                let key = PublicKey::pinned_from_certificate_der(&der);
                signatures.trusted_keys.push(key.map_err(|e| Failure::certificate("pinned_certs", &e).into_pyerr(py))?);
            }
        }
        for item in input::materials("pinned_keys", pinned_keys)? {
            signatures.trusted_keys.push(raise(py, PublicKey::from_pem_or_der(&item))?);
        }
        if id_attributes.is_some_and(|a| !a.is_none()) {
            signatures.id_attributes = input::strings("id_attributes", id_attributes)?;
        }
        let required = input::strings("required", required)?;
        for requirement in &required {
            signatures.required.push(setting(requirement.parse::<RequiredElement>())?);
        }
        let signature_places = input::strings("signature_places", signature_places)?;
        signatures.signature_places = signature_places.iter().map(|p| place_from_str(p)).collect();
        let verifier = Arc::new(core::Verifier::new(config));
        Ok(VerifyConfig { verifier, trust, revocation, previous, approvals, required, signature_places })
    }

    #[getter]
    fn trust(&self, py: Python<'_>) -> Py<Trust> {
        self.trust.clone_ref(py)
    }

    #[getter]
    fn revocation(&self, py: Python<'_>) -> Py<Revocation> {
        self.revocation.clone_ref(py)
    }

    /// How many keys are pinned (from `pinned_certs` and `pinned_keys`).
    #[getter]
    fn pinned(&self) -> usize {
        self.verifier.config().signatures.trusted_keys.len()
    }

    #[getter]
    fn id_attributes(&self) -> Vec<String> {
        self.verifier.config().signatures.id_attributes.clone()
    }

    #[getter]
    fn required(&self) -> Vec<String> {
        self.required.clone()
    }

    #[getter]
    fn signature_places(&self) -> Vec<String> {
        self.signature_places.clone()
    }

    #[getter]
    fn allow_sha1(&self) -> bool {
        self.verifier.config().signatures.allow_sha1
    }

    #[getter]
    fn provider(&self) -> &'static str {
        self.verifier.config().signatures.provider.name()
    }

    #[getter]
    fn generic(&self) -> bool {
        self.verifier.config().other_documents == OtherDocuments::Verify
    }

    #[getter]
    fn previous(&self, py: Python<'_>) -> Option<Py<Transcript>> {
        self.previous.as_ref().map(|p| p.clone_ref(py))
    }

    #[getter]
    fn approvals(&self, py: Python<'_>) -> Option<Py<Approvals>> {
        self.approvals.as_ref().map(|a| a.clone_ref(py))
    }

    /// A `hocba.ApprovalPolicy` member.
    #[getter]
    fn approval_policy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("hocba")?.getattr("ApprovalPolicy")?.call1((self.verifier.config().approval_policy.as_str(),))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<VerifyConfig {}, {}, {} pinned key(s), generic={}>",
            self.trust.bind(py).repr()?,
            self.revocation.bind(py).repr()?,
            self.pinned(),
            if self.generic() { "True" } else { "False" }
        ))
    }
}

/// Verifies signed documents under one `VerifyConfig` (default: the safe defaults), as the CLI's
/// `hocba verify` does: a transcript under the signing profile and every signer's trust, another
/// document only with `generic=True`. Share one between threads: the work runs without the GIL
/// and what it fetches is fetched once.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct Verifier {
    verifier: Arc<core::Verifier>,
    config: Option<Py<VerifyConfig>>,
}

#[pymethods]
impl Verifier {
    #[new]
    #[pyo3(signature = (config=None))]
    fn new(config: Option<Py<VerifyConfig>>) -> Self {
        Verifier { verifier: shared(config.as_ref().map(|c| c.get())), config }
    }

    /// The configuration; None: the defaults.
    #[getter]
    fn config(&self, py: Python<'_>) -> Option<Py<VerifyConfig>> {
        self.config.as_ref().map(|c| c.clone_ref(py))
    }

    /// Verifies `document`: the report, and for a transcript the content its signatures cover. A
    /// verdict that is not valid raises the class of its first problem, with `.report`, unless
    /// `raise_on_invalid` is False; unusable input (not XML) always raises.
    #[pyo3(signature = (document, *, raise_on_invalid=true))]
    fn verify(&self, py: Python<'_>, document: &Bound<'_, PyAny>, raise_on_invalid: bool) -> PyResult<Verification> {
        run(py, &self.verifier, document, raise_on_invalid)
    }

    /// Verifies many documents at once, on `jobs` threads (default: every core) without the GIL,
    /// and yields a `BatchResult` for each as it completes (not in the order given: see its
    /// `index` and `path`). `documents` is a list of documents (`bytes`) or of file paths (`str`,
    /// `os.PathLike`), mixed if need be; a file is read by the thread that verifies it. A verdict
    /// that is not valid is in the result's report, never raised; a document that cannot be read or
    /// is not XML has its exception in `error`. Memory stays flat: a few results wait at most.
    ///
    /// Example::
    ///
    ///     for result in hocba.Verifier(config).verify_many(paths):
    ///         if result.error is not None:
    ///             print(result.path, result.error)
    ///         else:
    ///             print(result.path, result.verification.report.verdict)
    #[pyo3(signature = (documents, *, jobs=None))]
    fn verify_many(&self, documents: &Bound<'_, PyAny>, jobs: Option<usize>) -> PyResult<crate::batch::BatchResults> {
        crate::batch::verify_many(self.verifier.clone(), documents, jobs)
    }

    /// `document` with a new archive time-stamp from the RFC 3161 TSA at `tsa_url`, over the
    /// whole document with the validation data verifying it used (the configuration's revocation
    /// must be online): it then verifies after every certificate in it, and the authority's own,
    /// have expired, as long as a new one is added before `report.renew_archive_by`. Raises
    /// `CertificateError` (code `archive-refused`) for a document that verifies invalid, and for a
    /// time-stamp that cannot be had or does not prove its time.
    fn add_archive_time_stamp(&self, py: Python<'_>, document: &Bound<'_, PyAny>, tsa_url: &str) -> PyResult<Archived> {
        let document = input::document(document)?;
        let archived = raise(py, py.detach(|| self.verifier.add_archive_time_stamp(&document, tsa_url)))?;
        let verification = verification(py, archived.verification, false)?;
        Ok(Archived { xml: archived.xml, verification: Py::new(py, verification)? })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        match &self.config {
            Some(config) => Ok(format!("<Verifier {}>", config.bind(py).repr()?)),
            None => Ok("<Verifier defaults>".to_owned()),
        }
    }
}

/// The verifier of `config`, or the one with the defaults.
pub(crate) fn shared(config: Option<&VerifyConfig>) -> Arc<core::Verifier> {
    static DEFAULT: OnceLock<Arc<core::Verifier>> = OnceLock::new();
    match config {
        Some(config) => config.verifier.clone(),
        None => DEFAULT.get_or_init(Default::default).clone(),
    }
}

fn run(
    py: Python<'_>,
    verifier: &core::Verifier,
    document: &Bound<'_, PyAny>,
    raise_on_invalid: bool,
) -> PyResult<Verification> {
    let document = input::document(document)?;
    let verification = raise(py, py.detach(|| verifier.verify(&document)))?;
    self::verification(py, verification, raise_on_invalid)
}

/// A core verification as Python's, raising for a verdict that is not valid when asked to.
pub(crate) fn verification(
    py: Python<'_>,
    verification: core::DocumentVerification,
    raise_on_invalid: bool,
) -> PyResult<Verification> {
    let verified = verification.transcript().and_then(|t| t.signed_transcript());
    let signed = verified.map(|t| t.to_transcript());
    // Each signed year's fingerprint, as a withdrawal names it.
    let fingerprints = verified.map_or_else(Vec::new, |t| {
        t.years()
            .iter()
            .filter_map(|y| Some((y.year().id.clone(), year_fingerprint(y.signature(Role::Gvcn)?))))
            .collect()
    });
    let (record, is_transcript) = (verification.record(), verification.transcript().is_some());
    let report = verification.report().clone();
    let failure = if raise_on_invalid { from_report(&report) } else { None };
    let report = Py::new(py, VerificationReport::new(report))?;
    if let Some(failure) = failure {
        let error = failure.into_pyerr(py);
        error.value(py).setattr("report", report)?;
        return Err(error);
    }
    Ok(Verification { report, signed, fingerprints, record, is_transcript })
}

/// Verifies `document` under `config` (default: the safe defaults) and returns the report:
/// `Verifier(config).verify(document).report`.
///
/// Parameters:
///     document: the signed XML, as bytes or str (the XML itself), or a path to read
///         (pathlib.Path).
///     config: a VerifyConfig: whom to trust (Trust), revocation answers (Revocation), pinned
///         certificates, requirements. Default: the government roots, offline.
///     raise_on_invalid: True (default): a verdict that is not valid raises the class of its
///         first problem (SignatureError, CertificateError, TranscriptError, ...) with `.report`;
///         False: the report is returned whatever it says.
///
/// Returns a VerificationReport: `.verdict`, `.valid`, `.problems`, `.signatures`,
/// `.message("vi")` / `.message("en")`, `.to_dict()`.
///
/// Example:
///     >>> keys = pathlib.Path("test-vectors/keys")
///     >>> config = hocba.VerifyConfig(pinned_certs=[keys / "rsa2048-cert.pem", keys / "p256-cert.pem"])
///     >>> report = hocba.verify(pathlib.Path("test-vectors/transcripts/signed/thcs-lop-6-9-da-ky.xml"), config)
///     >>> report.valid, len(report.signatures)
///     (True, 8)
#[pyfunction]
#[pyo3(signature = (document, config=None, *, raise_on_invalid=true))]
pub(crate) fn verify(
    py: Python<'_>,
    document: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, VerifyConfig>>,
    raise_on_invalid: bool,
) -> PyResult<Py<VerificationReport>> {
    Ok(run(py, &shared(config.map(|c| c.get())), document, raise_on_invalid)?.report)
}

/// Verifies a signed transcript and returns the report and the transcript its signatures cover:
/// `Verifier(config).verify(document)`.
///
/// Parameters:
///     document: the signed transcript, as bytes or str (the XML itself), or a path to read
///         (pathlib.Path).
///     config: a VerifyConfig (default: the government roots, offline).
///     raise_on_invalid: as in `verify`.
///
/// Returns a Verification: `.report`, and `.transcript`, the content the signatures cover.
///
/// Example:
///     >>> keys = pathlib.Path("test-vectors/keys")
///     >>> config = hocba.VerifyConfig(pinned_certs=[keys / "rsa2048-cert.pem", keys / "p256-cert.pem"])
///     >>> verified = hocba.verify_transcript(pathlib.Path("test-vectors/transcripts/signed/thcs-lop-6-9-da-ky.xml"), config)
///     >>> verified.report.valid, verified.transcript.to_dict()["years"][0]["nam_hoc"]
///     (True, '2022-2023')
#[pyfunction]
#[pyo3(signature = (document, config=None, *, raise_on_invalid=true))]
pub(crate) fn verify_transcript(
    py: Python<'_>,
    document: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, VerifyConfig>>,
    raise_on_invalid: bool,
) -> PyResult<Verification> {
    run(py, &shared(config.map(|c| c.get())), document, raise_on_invalid)
}

/// A document with a new archive time-stamp (`Verifier.add_archive_time_stamp`): its bytes and
/// their verification.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct Archived {
    xml: Vec<u8>,
    verification: Py<Verification>,
}

#[pymethods]
impl Archived {
    /// The document with the archive time-stamp added.
    #[getter]
    fn xml<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyBytes> {
        pyo3::types::PyBytes::new(py, &self.xml)
    }

    /// Its verification, by the verifier that added it.
    #[getter]
    fn verification(&self, py: Python<'_>) -> Py<Verification> {
        self.verification.clone_ref(py)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("<Archived {} bytes, {}>", self.xml.len(), self.verification.borrow(py).__repr__(py))
    }
}

/// A verified document: the report, and for a transcript the content its signatures cover.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct Verification {
    report: Py<VerificationReport>,
    pub(crate) signed: Option<hocba::transcript::Transcript>,
    /// Each signed year's Id and fingerprint.
    pub(crate) fingerprints: Vec<(String, [u8; 32])>,
    record: hocba::verifier::Record,
    is_transcript: bool,
}

#[pymethods]
impl Verification {
    #[getter]
    fn report(&self, py: Python<'_>) -> Py<VerificationReport> {
        self.report.clone_ref(py)
    }

    /// Whether the document was verified as a transcript (an element in its namespace).
    #[getter]
    fn is_transcript(&self) -> bool {
        self.is_transcript
    }

    /// The transcript, only when the verdict is valid; else None.
    #[getter]
    fn transcript(&self) -> Option<Transcript> {
        self.signed.clone().filter(|_| self.record.verdict == Verdict::Valid).map(Transcript::from)
    }

    /// The transcript as its signatures cover it whenever the profile holds, whatever the verdict:
    /// show it only together with the report's verdict, never on its own.
    #[getter]
    fn signed_transcript(&self) -> Option<Transcript> {
        self.signed.clone().map(Transcript::from)
    }

    /// The fingerprint of the signed school year `year_id` (SHA-256 of its homeroom teacher's
    /// signature value, hex), as an approval list's withdrawal names the year; None when no such
    /// year is signed. Given whenever the profile holds, whatever the verdict, like
    /// `signed_transcript`.
    fn year_fingerprint(&self, year_id: &str) -> Option<String> {
        self.fingerprints.iter().find(|(id, _)| id == year_id).map(|(_, f)| fingerprint_hex(f))
    }

    /// What a batch keeps of this verification to check records together (`RecordSet`).
    #[getter]
    fn record(&self) -> Record {
        Record::from(self.record.clone())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("<Verification {}>", self.report.borrow(py).__repr__())
    }
}
