//! The transcript (Học bạ số): `Transcript` (the core's typed model, from and to XML, dict and
//! JSON) and validation findings.

use hocba::Code;
use hocba::transcript::{self as core, Severity, ValidateOptions};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use serde_json::Value;

use crate::errors::{Class, Failure};
use crate::input;
use crate::report::{indented, to_python};

/// A transcript as typed data: one level (grades 1-5 or 6-9), its envelope, header and school
/// years. Built from XML, a dict or JSON (each checked by the core's reader); written back the same
/// ways. Signatures are not part of the model: sign the XML (`sign_as`, `hocba.sign(role=...)`).
#[pyclass(frozen, eq, module = "hocba")]
#[derive(PartialEq)]
pub(crate) struct Transcript {
    pub(crate) inner: core::Transcript,
}

impl From<core::Transcript> for Transcript {
    fn from(inner: core::Transcript) -> Self {
        Transcript { inner }
    }
}

/// One validation finding: `severity` (`"error"`: not a valid transcript; `"warning"`: a rule of
/// the circulars), `path` into the document, a stable `code`, and the message in Vietnamese and
/// English.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct ValidationFinding {
    inner: core::DataFinding,
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
        self.inner.code.as_str()
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
    serde_json::from_str(text).map(|inner| Transcript { inner }).map_err(|e| {
        Failure::new(Class::Transcript, Code::InvalidValue, format!("not a transcript: {e}")).into_pyerr(py)
    })
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
///
/// Parameters:
///     xml: the transcript, as bytes or str (the XML itself), or a path to read (pathlib.Path).
///     strict: report the circulars' rules as errors, not warnings.
///
/// Returns the ValidationFinding list (empty when nothing is wrong): each with `severity`,
/// `path`, `code`, `message_vi`, `message_en`.
///
/// Example:
///     >>> transcripts = pathlib.Path("test-vectors/transcripts")
///     >>> hocba.validate(transcripts / "valid-tieu-hoc-lop-1-5.xml")
///     []
///     >>> [f.code for f in hocba.validate(transcripts / "warning-term_average-dtbmhk-sai.xml", strict=True)]
///     ['term-average', 'year-average']
#[pyfunction]
#[pyo3(signature = (xml, *, strict=false))]
pub(crate) fn validate(py: Python<'_>, xml: &Bound<'_, PyAny>, strict: bool) -> PyResult<Vec<ValidationFinding>> {
    let xml = input::document(xml)?;
    Ok(findings(py.detach(|| core::validate_xml(&xml, ValidateOptions { rules_are_errors: strict }).1)))
}
