//! Paper copies: `render` (a PDF/A-3 of a verified transcript with the signed XML inside and a QR
//! code on every page, `hocba_render`), `verify_paper` (whether a copy's QR text belongs to a
//! signed document, `hocba::paper::check`) and `embedded_transcript` (the XML a PDF copy carries).

use std::borrow::Cow;

use hocba::Code;
use hocba_render::{PdfError, RenderError, RenderOptions};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::config::{VerifyConfig, raise, shared, verification};
use crate::errors::{Class, Failure};
use crate::input;
use crate::report::{language, verdict};

impl From<RenderError> for Failure {
    fn from(error: RenderError) -> Self {
        match error {
            RenderError::Core(e) => e.into(),
            RenderError::Unreadable(e) => e.into(),
            other => Failure::new(Class::Transcript, other.code(), other.message_en()),
        }
    }
}

impl From<PdfError> for Failure {
    fn from(error: PdfError) -> Self {
        Failure::new(Class::Transcript, error.code(), error.message_en())
    }
}

/// `document` as XML: a PDF copy (it starts `%PDF-`) gives the transcript embedded in it.
fn xml_of(document: Cow<'_, [u8]>) -> Result<Cow<'_, [u8]>, PdfError> {
    if document.starts_with(b"%PDF-") {
        Ok(Cow::Owned(hocba_render::embedded_transcript(&document)?))
    } else {
        Ok(document)
    }
}

/// A paper copy: the PDF, the verification reference its QR codes hold, the verdict it shows.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct RenderedCopy {
    pdf: Vec<u8>,
    reference: Option<String>,
    verdict: hocba::report::Verdict,
}

#[pymethods]
impl RenderedCopy {
    /// The PDF/A-3 (A4), the signed XML embedded as `hocba.xml`.
    #[getter]
    fn pdf<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.pdf)
    }

    /// The verification reference (`HOCBA1:...`) every page's QR code holds; None for a copy
    /// marked invalid.
    #[getter]
    fn reference(&self) -> Option<String> {
        self.reference.clone()
    }

    /// The verdict at the time of rendering.
    #[getter]
    fn verdict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        verdict(py, self.verdict)
    }

    fn __repr__(&self) -> String {
        format!("<RenderedCopy {} bytes, {}>", self.pdf.len(), self.reference.as_deref().unwrap_or("marked invalid"))
    }
}

/// Verifies `document` (a signed transcript) under `config` and renders its paper copy. A
/// transcript that does not verify valid raises `TranscriptError` (code `not-valid`) unless
/// `mark_invalid`: then every page says "KHÔNG HỢP LỆ" and there is no QR code.
///
/// Parameters:
///     document: the signed transcript, as bytes, str (the XML itself) or a path (pathlib.Path).
///     config: the VerifyConfig it is verified under (default: the embedded government roots).
///     mark_invalid: render a transcript that is not valid, marked "KHÔNG HỢP LỆ" on every page.
///
/// Returns a RenderedCopy (`pdf`, `reference`, `verdict`); raises TranscriptError.
///
/// Example:
///     >>> keys = pathlib.Path("test-vectors/keys")
///     >>> config = hocba.VerifyConfig(pinned_certs=[keys / "rsa2048-cert.pem", keys / "p256-cert.pem"])
///     >>> copy = hocba.render(pathlib.Path("test-vectors/transcripts/signed/thcs-lop-6-9-da-ky.xml"), config)
///     >>> copy.pdf[:5], copy.reference[:7]
///     (b'%PDF-', 'HOCBA1:')
#[pyfunction]
#[pyo3(signature = (document, config=None, *, mark_invalid=false))]
pub(crate) fn render(
    py: Python<'_>,
    document: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, VerifyConfig>>,
    mark_invalid: bool,
) -> PyResult<RenderedCopy> {
    let document = input::document(document)?;
    let verifier = shared(config.map(|c| c.get()));
    let rendered = raise(py, py.detach(|| hocba_render::render(&verifier, &document, RenderOptions { mark_invalid })))?;
    Ok(RenderedCopy {
        pdf: rendered.pdf,
        reference: rendered.reference.map(|r| r.to_string()),
        verdict: rendered.verdict,
    })
}

/// The signed transcript a PDF copy carries, byte for byte. Raises `TranscriptError` (codes
/// `pdf-malformed`, `pdf-no-transcript`, `too-large`).
///
/// Parameters:
///     pdf: the PDF copy, as bytes or a path (pathlib.Path).
///
/// Returns the embedded XML as bytes.
///
/// Example:
///     >>> keys = pathlib.Path("test-vectors/keys")
///     >>> config = hocba.VerifyConfig(pinned_certs=[keys / "rsa2048-cert.pem", keys / "p256-cert.pem"])
///     >>> signed = pathlib.Path("test-vectors/transcripts/signed/thcs-lop-6-9-da-ky.xml")
///     >>> hocba.embedded_transcript(hocba.render(signed, config).pdf) == signed.read_bytes()
///     True
#[pyfunction]
pub(crate) fn embedded_transcript<'py>(py: Python<'py>, pdf: &Bound<'_, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let pdf = input::document(pdf)?;
    let xml = raise(py, py.detach(|| hocba_render::embedded_transcript(&pdf)))?;
    Ok(PyBytes::new(py, &xml))
}

/// A paper copy checked against a signed document (`verify_paper`).
#[pyclass(frozen, module = "hocba")]
pub(crate) struct PaperCheck {
    reference: String,
    belongs: bool,
    mismatch: Option<(Code, String, String)>,
    message: (String, String),
    verification: Py<crate::config::Verification>,
}

#[pymethods]
impl PaperCheck {
    /// The reference read from the copy.
    #[getter]
    fn reference(&self) -> String {
        self.reference.clone()
    }

    /// True only when the copy's reference is the document's and the document is valid.
    #[getter]
    fn belongs(&self) -> bool {
        self.belongs
    }

    /// Why the copy is not of the document's signed transcript (`code`, `vi`, `en`); None when it is.
    #[getter]
    fn mismatch(&self) -> Option<std::collections::BTreeMap<&'static str, String>> {
        self.mismatch.as_ref().map(|(code, vi, en)| {
            [("code", code.as_str().to_owned()), ("vi", vi.clone()), ("en", en.clone())].into_iter().collect()
        })
    }

    /// The document's verification.
    #[getter]
    fn verification(&self, py: Python<'_>) -> Py<crate::config::Verification> {
        self.verification.clone_ref(py)
    }

    /// The conclusion for a person, in `language` (`"vi"`, the default, or `"en"`).
    #[pyo3(signature = (language="vi"))]
    fn message(&self, language: &str) -> PyResult<String> {
        Ok(match self::language(language)? {
            hocba::report::Language::Vi => self.message.0.clone(),
            hocba::report::Language::En => self.message.1.clone(),
        })
    }

    fn __repr__(&self) -> String {
        format!("<PaperCheck belongs={}>", if self.belongs { "True" } else { "False" })
    }
}

/// Whether the paper copy whose QR code reads `reference` belongs to `document` (the signed XML,
/// or a PDF copy: its embedded transcript), verified in full under `config`. A `reference` that is
/// not in the format raises `TranscriptError` (code `paper-reference-malformed`).
///
/// Parameters:
///     reference: the text of the copy's QR code (`HOCBA1:...`).
///     document: the signed XML or the PDF copy, as bytes, str (the XML itself) or a path.
///     config: the VerifyConfig the document is verified under (default: the government roots).
///
/// Returns a PaperCheck (`belongs`, `mismatch`, `reference`, `verification`, `message()`).
///
/// Example:
///     >>> keys = pathlib.Path("test-vectors/keys")
///     >>> config = hocba.VerifyConfig(pinned_certs=[keys / "rsa2048-cert.pem", keys / "p256-cert.pem"])
///     >>> copy = hocba.render(pathlib.Path("test-vectors/transcripts/signed/thcs-lop-6-9-da-ky.xml"), config)
///     >>> check = hocba.verify_paper(copy.reference, copy.pdf, config)
///     >>> check.belongs, check.message("en")[:18]
///     (True, 'PAPER COPY MATCHES')
#[pyfunction]
#[pyo3(signature = (reference, document, config=None))]
pub(crate) fn verify_paper(
    py: Python<'_>,
    reference: &str,
    document: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, VerifyConfig>>,
) -> PyResult<PaperCheck> {
    let document = input::document(document)?;
    let verifier = shared(config.map(|c| c.get()));
    let checked = raise(
        py,
        py.detach(|| -> Result<_, Failure> {
            let xml = xml_of(document)?;
            Ok(hocba::paper::check(&verifier, reference, &xml)?)
        }),
    )?;
    let (belongs, reference) = (checked.belongs(), checked.reference().to_string());
    let mismatch = checked.mismatch().map(|e| (e.code(), e.message_vi(), e.message_en()));
    let message = (checked.message(hocba::report::Language::Vi), checked.message(hocba::report::Language::En));
    let verification = Py::new(py, verification(py, checked.into_verification(), false)?)?;
    Ok(PaperCheck { reference, belongs, mismatch, message, verification })
}
