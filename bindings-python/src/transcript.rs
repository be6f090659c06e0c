//! The transcript (Học bạ số): `Transcript` (the core's typed model, from and to XML, dict and
//! JSON), validation findings, `verify_transcript`, and the code lists for `hocba`'s enums.

use hocba::report::Verdict;
use hocba::transcript::{self as core, MonHoc, ProfileVerifyOptions, Role, Severity, ValidateOptions};
use hocba::verifier::OtherDocuments;
use hocba::xml::Document;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use serde_json::Value;

use crate::errors::{Class, Failure};
use crate::input;
use crate::report::{VerificationReport, indented, to_python};
use crate::trust::RevocationChecker;
use crate::verify::{VerifyRequest, finish};

/// A transcript as typed data: one level (grades 1-5 or 6-9), its envelope, header and school
/// years. Built from XML, a dict or JSON (each checked by the core's reader); written back the same
/// ways. Signatures are not part of the model: sign the XML (`sign_as`, `hocba.sign(role=...)`).
#[pyclass(frozen, eq, module = "hocba")]
#[derive(PartialEq)]
pub(crate) struct Transcript {
    inner: core::Transcript,
}

/// One validation finding: `severity` (`"error"`: not a valid transcript; `"warning"`: a rule of
/// the circulars), `path` into the document, a stable `code`, and the message in Vietnamese and
/// English.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct ValidationFinding {
    inner: core::Finding,
}

#[pymethods]
impl ValidationFinding {
    #[getter]
    fn severity(&self) -> &'static str {
        match self.inner.severity {
            Severity::Error => "error",
            _ => "warning",
        }
    }

    #[getter]
    fn path(&self) -> &str {
        &self.inner.path
    }

    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code
    }

    #[getter]
    fn message_vi(&self) -> &str {
        &self.inner.message_vi
    }

    #[getter]
    fn message_en(&self) -> &str {
        &self.inner.message_en
    }

    /// As `hocba validate --json` writes a finding.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &json(&self.inner)?)
    }

    fn __repr__(&self) -> String {
        format!("<ValidationFinding {} {} at {}>", self.severity(), self.inner.code, self.inner.path)
    }
}

fn findings(validation: core::Validation) -> Vec<ValidationFinding> {
    validation.findings.into_iter().map(|inner| ValidationFinding { inner }).collect()
}

fn json(value: &impl serde::Serialize) -> PyResult<Value> {
    serde_json::to_value(value).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}

fn from_json(py: Python<'_>, text: &str) -> PyResult<Transcript> {
    serde_json::from_str(text)
        .map(|inner| Transcript { inner })
        .map_err(|e| Failure::new(Class::Transcript, "json", format!("not a transcript: {e}")).into_pyerr(py))
}

#[pymethods]
impl Transcript {
    /// Reads a transcript from XML (bytes or str). Raises `TranscriptError` (with `path` and
    /// `position`) for well-formed XML that is not a transcript, `XmlError` for anything else.
    #[staticmethod]
    fn from_xml(py: Python<'_>, xml: &Bound<'_, PyAny>) -> PyResult<Self> {
        let xml = input::document(xml)?;
        let inner = py.detach(|| core::from_xml(&xml).map_err(Failure::from));
        inner.map(|inner| Transcript { inner }).map_err(|failure| failure.into_pyerr(py))
    }

    /// The transcript as XML in the schema's layout (`schemas/hocba-transcript-1.0.xsd`).
    fn to_xml<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let xml = py.detach(|| core::to_xml(&self.inner).map_err(Failure::from));
        xml.map(|bytes| PyBytes::new(py, &bytes)).map_err(|failure| failure.into_pyerr(py))
    }

    /// The core's JSON form as Python objects (codes as their official strings).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &json(&self.inner)?)
    }

    /// A transcript from the dict `to_dict()` gives (unknown keys and codes are refused).
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyDict>) -> PyResult<Self> {
        let text: String = py.import("json")?.call_method1("dumps", (data,))?.extract()?;
        from_json(py, &text)
    }

    /// The core's JSON form (UTF-8 text as is).
    #[pyo3(signature = (*, indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        match indent {
            None => {
                serde_json::to_string(&self.inner).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
            }
            Some(width) => indented(&json(&self.inner)?, width),
        }
    }

    #[staticmethod]
    #[pyo3(name = "from_json")]
    fn from_json_text(py: Python<'_>, text: &str) -> PyResult<Self> {
        from_json(py, text)
    }

    /// The findings of the core's validation: errors (not a valid transcript) and the circulars'
    /// rules (warnings; errors with `strict=True`).
    #[pyo3(signature = (*, strict=false))]
    fn validate(&self, py: Python<'_>, strict: bool) -> Vec<ValidationFinding> {
        findings(py.detach(|| core::validate(&self.inner, ValidateOptions { rules_are_errors: strict })))
    }

    /// Signs the year `year_id` as `role` and returns the signed XML: `hocba.sign(self.to_xml(),
    /// role=role, year_id=year_id, **options)`. The model holds no signature; a second role signs
    /// the returned XML with `hocba.sign(signed, role=..., year_id=...)`.
    #[pyo3(signature = (role, year_id, **options))]
    fn sign_as<'py>(
        &self,
        py: Python<'py>,
        role: &Bound<'py, PyAny>,
        year_id: &str,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let keywords = match options {
            Some(options) => options.copy()?,
            None => PyDict::new(py),
        };
        keywords.set_item("role", role)?;
        keywords.set_item("year_id", year_id)?;
        let sign = py.import("hocba._hocba")?.getattr("sign")?;
        sign.call((self.to_xml(py)?,), Some(&keywords))
    }

    fn __repr__(&self) -> String {
        let student = self.inner.student().map_or("?", |s| s.ho_va_ten.as_str());
        format!("<Transcript {}, {} year(s)>", student, self.inner.years.len())
    }

    /// Pickled as its JSON form.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = py.import("hocba._hocba")?.getattr("Transcript")?.getattr("from_json")?;
        Ok((from_json, (self.to_json(None)?,)))
    }
}

/// Validates XML as `hocba validate` does: a document the reader refuses gives its one error.
#[pyfunction]
#[pyo3(signature = (xml, *, strict=false))]
pub(crate) fn validate(py: Python<'_>, xml: &Bound<'_, PyAny>, strict: bool) -> PyResult<Vec<ValidationFinding>> {
    let xml = input::document(xml)?;
    Ok(findings(py.detach(|| core::validate_xml(&xml, ValidateOptions { rules_are_errors: strict }).1)))
}

/// A signed transcript, verified: the report, and the transcript its signatures cover.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct TranscriptVerification {
    report: Py<VerificationReport>,
    signed: Option<core::Transcript>,
    valid: bool,
}

#[pymethods]
impl TranscriptVerification {
    #[getter]
    fn report(&self, py: Python<'_>) -> Py<VerificationReport> {
        self.report.clone_ref(py)
    }

    /// The transcript, only when the verdict is valid; else None.
    #[getter]
    fn transcript(&self) -> Option<Transcript> {
        self.signed.clone().filter(|_| self.valid).map(|inner| Transcript { inner })
    }

    /// The transcript as its signatures cover it whenever the profile holds, whatever the verdict:
    /// show it only together with the report's verdict, never on its own.
    #[getter]
    fn signed_transcript(&self) -> Option<Transcript> {
        self.signed.clone().map(|inner| Transcript { inner })
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("<TranscriptVerification {}>", self.report.borrow(py).__repr__())
    }
}

/// Verifies a signed transcript: the signing profile (every year signed by its GVCN, then its
/// principal, over its own element), every signature, and the trust in every signer. Keywords as
/// `verify()`.
#[pyfunction]
#[pyo3(signature = (
    xml, *, trust=None, untrusted=None, revocation="require", online=false, crls=None, ocsp_responses=None,
    checker=None, at=None, time="timestamp", trusted_certs=None, trusted_keys=None, id_attributes=None, allow_sha1=false,
    provider=None, raise_on_invalid=true,
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn verify_transcript<'py>(
    py: Python<'py>,
    xml: &Bound<'py, PyAny>,
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
    provider: Option<&str>,
    raise_on_invalid: bool,
) -> PyResult<TranscriptVerification> {
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
        None,
        None,
        provider,
    )?;
    let xml = input::document(xml)?;
    let outcome = py.detach(|| -> Result<_, Failure> {
        let (signatures, trust) = request.options()?;
        // What the document is, the core decides (`hocba::verifier`): a transcript that does not
        // read as one, or another document, is an invalid verdict, as with `verify`.
        let doc = Document::parse(&xml)?;
        let options = ProfileVerifyOptions::new(signatures);
        let verification =
            hocba::verifier::verify_document(&doc, &options, OtherDocuments::Refuse, &trust, &request.checker)?;
        let signed = verification.transcript().and_then(|t| t.signed_transcript()).map(|t| t.to_transcript());
        Ok((verification.report().clone(), signed))
    });
    let (report, signed) = outcome.map_err(|failure| failure.into_pyerr(py))?;
    let valid = report.verdict() == Verdict::Valid;
    let report = Py::new(py, finish(py, report, raise_on_invalid)?)?;
    Ok(TranscriptVerification { report, signed, valid })
}

/// One code list: its name and, per value, (Rust name, code, Vietnamese label, English label).
type CodeList = (&'static str, Vec<(String, &'static str, &'static str, &'static str)>);

/// The core's code lists (`hocba::transcript::code_lists`), and `Role` and `Verdict`, for the
/// enums `hocba` builds from them.
#[pyfunction]
pub(crate) fn _code_lists() -> Vec<CodeList> {
    let mut lists: Vec<CodeList> = hocba::transcript::code_lists()
        .iter()
        .map(|list| {
            let entries = list.entries.iter().map(|e| (e.name.to_owned(), e.code, e.label_vi, e.label_en)).collect();
            (list.name, entries)
        })
        .collect();
    lists.push((
        "Role",
        // The subject does not change a role's element or labels.
        [("GVBM", Role::SubjectTeacher(MonHoc::Toan)), ("GVCN", Role::Gvcn), ("HIEU_TRUONG", Role::HieuTruong)]
            .into_iter()
            .map(|(name, role)| (name.to_owned(), role.element(), role.label_vi(), role.label_en()))
            .collect(),
    ));
    lists.push((
        "Verdict",
        [("VALID", Verdict::Valid), ("INVALID", Verdict::Invalid), ("UNDETERMINED", Verdict::Undetermined)]
            .into_iter()
            .map(|(name, verdict)| {
                (
                    name.to_owned(),
                    crate::errors::verdict_name(verdict),
                    verdict.label(hocba::report::Language::Vi),
                    verdict.label(hocba::report::Language::En),
                )
            })
            .collect(),
    ));
    lists
}
