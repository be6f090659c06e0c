//! `VerificationReport`: the core's report, as Python objects. Only verification makes one (no constructor, no unpickling): what it says is what the core
//! found. `to_dict()`/`to_json()` are the core's JSON (`hocba verify --json` has the same fields).

use std::sync::Arc;

use hocba::report::{Finding as CoreFinding, Language, VerificationReport as CoreReport};
use hocba::time::UtcTime;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;
use serde_json::Value;

/// What a verification found: the verdict (`valid`, `invalid`, `undetermined`), problems with the
/// document as a whole, and a report per signature.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct VerificationReport {
    report: Arc<CoreReport>,
}

impl VerificationReport {
    pub(crate) fn new(report: CoreReport) -> Self {
        VerificationReport { report: Arc::new(report) }
    }

    fn json(&self) -> PyResult<Value> {
        serde_json::from_str(&self.report.to_json()).map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// One thing a reader must know: a stable `code`, and the explanation in Vietnamese (`vi`) and
/// English (`en`).
#[pyclass(frozen, module = "hocba")]
#[derive(Clone)]
pub(crate) struct Finding {
    #[pyo3(get)]
    code: &'static str,
    #[pyo3(get)]
    vi: String,
    #[pyo3(get)]
    en: String,
}

#[pymethods]
impl Finding {
    /// The explanation in `language` (`"vi"` or `"en"`).
    #[pyo3(signature = (language="vi"))]
    fn text(&self, language: &str) -> PyResult<&str> {
        Ok(match self::language(language)? {
            Language::Vi => &self.vi,
            Language::En => &self.en,
        })
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("code", self.code)?;
        dict.set_item("vi", &self.vi)?;
        dict.set_item("en", &self.en)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!("<Finding {}: {}>", self.code, self.en)
    }
}

pub(crate) fn findings(items: &[CoreFinding]) -> Vec<Finding> {
    items.iter().map(|f| Finding { code: f.code.as_str(), vi: f.vi.clone(), en: f.en.clone() }).collect()
}

pub(crate) fn language(name: &str) -> PyResult<Language> {
    name.parse().map_err(|e: hocba::InvalidSetting| PyValueError::new_err(e.to_string()))
}

/// A `hocba.Verdict` member.
pub(crate) fn verdict<'py>(py: Python<'py>, verdict: hocba::report::Verdict) -> PyResult<Bound<'py, PyAny>> {
    py.import("hocba")?.getattr("Verdict")?.call1((verdict.as_str(),))
}

/// An aware UTC `datetime`.
pub(crate) fn datetime(py: Python<'_>, time: UtcTime) -> PyResult<Bound<'_, PyAny>> {
    let module = py.import("datetime")?;
    let utc = module.getattr("timezone")?.getattr("utc")?;
    module.getattr("datetime")?.call_method1("fromtimestamp", (time.unix_seconds(), utc))
}

#[pymethods]
impl VerificationReport {
    /// `hocba.Verdict.VALID`, `INVALID` or `UNDETERMINED`.
    #[getter]
    fn verdict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        verdict(py, self.report.verdict())
    }

    /// True only when the verdict is valid.
    #[getter]
    fn valid(&self) -> bool {
        self.report.verdict() == hocba::report::Verdict::Valid
    }

    /// The clock the verification ran at (now, or `at=`), an aware UTC datetime.
    #[getter]
    fn verified_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        datetime(py, self.report.verified_at())
    }

    /// Problems with the document as a whole (no signature, duplicate Ids, the transcript profile, ...).
    #[getter]
    fn problems(&self) -> Vec<Finding> {
        findings(self.report.problems())
    }

    /// What the reader should know about the document as a whole that does not change the verdict
    /// (signers' approval not checked, a question the approval lists leave open under
    /// `approval_policy="soft-fail"`, ...).
    #[getter]
    fn warnings(&self) -> Vec<Finding> {
        findings(self.report.warnings())
    }

    /// The document's archive time-stamps, oldest first: dicts with `time`, `authority`,
    /// `valid_until` (the end of its authority's certificate path) and `proves`.
    #[getter]
    fn archive_time_stamps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.json()?["archive_time_stamps"])
    }

    /// When the time-stamps the verdict rests on stop proving anything (an aware UTC datetime),
    /// or None without any: add an archive time-stamp before then.
    #[getter]
    fn renew_archive_by<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.report.renew_archive_by().map(|time| datetime(py, time)).transpose()
    }

    /// The summary DSS's simple report gives: `{"signatures_count", "valid_signatures_count"}`
    /// (the signatures `TOTAL_PASSED`). The document's own problems leave each signature's ETSI
    /// status as it is; `verdict` says them.
    #[getter]
    fn etsi<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.json()?["etsi"])
    }

    /// A report per `Signature` element, in document order.
    #[getter]
    fn signatures(&self) -> Vec<SignatureReport> {
        (0..self.report.signatures().len())
            .map(|index| SignatureReport { report: self.report.clone(), index })
            .collect()
    }

    /// The report as text for a person, in `language` (`"vi"`, the default, or `"en"`); times in
    /// Vietnamese time.
    #[pyo3(signature = (language="vi"))]
    fn message(&self, language: &str) -> PyResult<String> {
        Ok(self.report.message(self::language(language)?))
    }

    /// The core's JSON report as Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.json()?)
    }

    /// The core's JSON report (UTF-8 text as is); `indent=None` gives the core's own layout.
    #[pyo3(signature = (*, indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        match indent {
            None => Ok(self.report.to_json()),
            Some(width) => indented(&self.json()?, width),
        }
    }

    pub(crate) fn __repr__(&self) -> String {
        format!(
            "<VerificationReport {}, {} signature(s), {} problem(s)>",
            self.report.verdict().as_str(),
            self.report.signatures().len(),
            self.report.problems().len()
        )
    }
}

/// What was found about one `Signature`.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct SignatureReport {
    report: Arc<CoreReport>,
    index: usize,
}

impl SignatureReport {
    fn core(&self) -> &hocba::report::SignatureReport {
        &self.report.signatures()[self.index]
    }

    /// This signature's part of the JSON report.
    fn json(&self) -> PyResult<Value> {
        let all: Value =
            serde_json::from_str(&self.report.to_json()).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(all["signatures"][self.index].clone())
    }

    fn field<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.json()?[name])
    }
}

#[pymethods]
impl SignatureReport {
    #[getter]
    fn verdict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        verdict(py, self.core().verdict())
    }

    /// The verdict in ETSI EN 319 102-1's terms, as the EU DSS validator reports it:
    /// `{"indication": "TOTAL_PASSED" | "TOTAL_FAILED" | "INDETERMINATE", "sub_indication": ...}`,
    /// the sub-indication (`OUT_OF_BOUNDS_NO_POE`, `REVOKED`, ...) None for a passed signature.
    #[getter]
    fn etsi<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "etsi")
    }

    /// The `Signature` element's `Id`.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.core().id()
    }

    /// Local names from below the root element to the signature's parent, e.g. `DSCKS/GVCN`.
    #[getter]
    fn place(&self) -> &str {
        self.core().place()
    }

    /// The role the place stands for, in Vietnamese (`Giáo viên chủ nhiệm`, `Hiệu trưởng`).
    #[getter]
    fn role(&self) -> Option<&str> {
        self.core().role()
    }

    /// The same in English (`homeroom teacher`, `subject teacher (Mathematics)`).
    #[getter]
    fn role_en(&self) -> Option<&str> {
        self.core().role_en()
    }

    /// The signature algorithm's URI (None when the signature did not verify).
    #[getter]
    fn algorithm<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "algorithm")
    }

    /// The references it covers (`#data-1`, ...).
    #[getter]
    fn covers(&self) -> Vec<String> {
        self.core().covers().to_vec()
    }

    /// The signer as the certificate names them (name, organization, organizational_unit, title,
    /// subject, issuer, serial, not_before, not_after, sha256), or None.
    #[getter]
    fn signer<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "signer")
    }

    /// How the signing time is known: `{"source": "time-stamp" | "claimed" | "verification-time",
    /// "time": ..., "authority": ...}`, or None.
    #[getter]
    fn signing_time<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "signing_time")
    }

    /// The signing time the signer claims (UTC, xsd:dateTime), or None: reported even where the
    /// signature was judged at another time (a time-stamp's, or the verification time).
    #[getter]
    fn claimed_signing_time<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "claimed_signing_time")
    }

    /// The certificate chain, signer first, trust anchor last.
    #[getter]
    fn chain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "chain")
    }

    /// The revocation status of each certificate below the anchor, and where it comes from.
    #[getter]
    fn revocation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "revocation")
    }

    #[getter]
    fn problems(&self) -> Vec<Finding> {
        findings(self.core().problems())
    }

    /// Who approved the signer for the year's school and the role they signed in, when approval
    /// lists were checked and approve them: `{"authority", "authority_code", "list_sequence",
    /// "list_issued", "school", "school_name", "roles", "from", "until"}`; else None.
    #[getter]
    fn approval<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "approval")
    }

    #[getter]
    fn warnings(&self) -> Vec<Finding> {
        findings(self.core().warnings())
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.json()?)
    }

    fn __repr__(&self) -> String {
        let s = self.core();
        format!("<SignatureReport {} at {}: {}>", s.id().unwrap_or("(no Id)"), s.place(), s.verdict().as_str())
    }
}

/// `value` as JSON text indented by `width` spaces.
pub(crate) fn indented(value: &Value, width: usize) -> PyResult<String> {
    let spaces = vec![b' '; width];
    let formatter = serde_json::ser::PrettyFormatter::with_indent(&spaces);
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut serializer).map_err(|e| PyValueError::new_err(e.to_string()))?;
    String::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A JSON value as Python objects (dict, list, str, int, float, bool, None).
pub(crate) fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into_pyobject(py)?.into_any(),
            (None, Some(i)) => i.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            PyList::new(py, items.iter().map(|item| to_python(py, item)).collect::<PyResult<Vec<_>>>()?)?.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}
