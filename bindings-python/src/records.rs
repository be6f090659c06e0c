//! Records checked together, as the CLI checks a batch: `Verification.record` is what a batch
//! keeps of each file, `RecordSet` runs the core's checks across one student's records.

use std::sync::Mutex;

use hocba::verifier as core;
use pyo3::prelude::*;

use crate::report::{Finding, findings};

/// What a batch keeps of one verified document: the verdict, the student (identifier, name) and
/// school years as the signed content records them (when the profile held), and the signers.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct Record {
    inner: core::Record,
}

impl From<core::Record> for Record {
    fn from(inner: core::Record) -> Self {
        Record { inner }
    }
}

/// A school year of a record: its start (2024 for 2024-2025), name, school, and the units (O and
/// OU of the certificates) of those who signed it.
#[pyclass(frozen, get_all, module = "hocba")]
pub(crate) struct RecordYear {
    start: u16,
    name: String,
    school: String,
    signer_units: Vec<String>,
}

#[pymethods]
impl Record {
    #[getter]
    fn verdict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::report::verdict(py, self.inner.verdict)
    }

    #[getter]
    fn student_id(&self) -> Option<&str> {
        self.inner.student_id.as_deref()
    }

    #[getter]
    fn student_name(&self) -> Option<&str> {
        self.inner.student_name.as_deref()
    }

    /// Oldest first.
    #[getter]
    fn years(&self) -> Vec<RecordYear> {
        let year = |y: &core::RecordYear| RecordYear {
            start: y.start,
            name: y.name.clone(),
            school: y.school.clone(),
            signer_units: y.signer_units.clone(),
        };
        self.inner.years.iter().map(year).collect()
    }

    /// The signers' names, each once, in signature order.
    #[getter]
    fn signers(&self) -> Vec<String> {
        self.inner.signers.clone()
    }

    /// The core's JSON form of the record (as `hocba verify --json` prints it under `record`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value =
            serde_json::to_value(&self.inner).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        crate::report::to_python(py, &value)
    }

    fn __repr__(&self) -> String {
        let student = self.inner.student_id.as_deref().unwrap_or("?");
        format!("<Record {student}, {} year(s), {:?}>", self.inner.years.len(), self.inner.verdict)
    }
}

/// The problems found across one student's records.
#[pyclass(frozen, get_all, module = "hocba")]
pub(crate) struct StudentFindings {
    student_id: String,
    name: String,
    problems: Vec<Finding>,
}

/// Records checked together: `add(label, verification.record)` for each file, then `check()`.
/// Only valid records take part. Safe to fill from several threads.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct RecordSet {
    inner: Mutex<core::RecordSet>,
}

#[pymethods]
impl RecordSet {
    #[new]
    fn new() -> Self {
        RecordSet { inner: Mutex::new(core::RecordSet::new()) }
    }

    /// Adds `record` under `label` (the file name it came from, shown in the findings).
    fn add(&self, label: String, record: &Record) {
        self.lock().add(label, record.inner.clone());
    }

    /// Per student (identifier order), what does not agree across their records: the name, school
    /// years repeated or missing, a year signed by people of another school.
    fn check(&self) -> Vec<StudentFindings> {
        let students = self.lock().check();
        let student = |s: core::StudentFindings| StudentFindings {
            problems: findings(&s.problems),
            student_id: s.student_id,
            name: s.name,
        };
        students.into_iter().map(student).collect()
    }

    fn __len__(&self) -> usize {
        self.lock().len()
    }
}

impl RecordSet {
    fn lock(&self) -> std::sync::MutexGuard<'_, core::RecordSet> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
