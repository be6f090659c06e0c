//! The Python binding of hocba: a thin layer over the core, in the style of pyca/cryptography.
//! Every function takes bytes, releases the GIL for the work, and maps core errors to one
//! exception hierarchy (`errors`). Nothing is re-implemented here.

mod errors;
mod input;
mod report;
mod sign;
mod transcript;
mod trust;
mod verify;

use hocba::c14n::{Algorithm, Method, Subset, canonicalize_to_vec};
use hocba::xml::Document;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::Failure;

/// The canonical form of `document`, or of the element whose `Id` (or `ID`, `id`) is
/// `subtree_id`.
#[pyfunction]
#[pyo3(signature = (document, algorithm="c14n", *, prefix_list=None, subtree_id=None))]
fn c14n<'py>(
    py: Python<'py>,
    document: &Bound<'py, PyAny>,
    algorithm: &str,
    prefix_list: Option<&str>,
    subtree_id: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let document = input::document(document)?;
    let canonical = py.detach(|| -> Result<Vec<u8>, Failure> {
        let algorithm = Algorithm::from_name(algorithm)?;
        let method = match prefix_list {
            Some(list) => Method::exclusive_with_prefixes(algorithm, list)?,
            None => Method::new(algorithm),
        };
        let doc = Document::parse(&document)?;
        let subset = match subtree_id {
            Some(id) => Subset::element(element_with_id(&doc, id)?)?,
            None => Subset::document(&doc),
        };
        Ok(canonicalize_to_vec(&doc, &subset, &method)?)
    });
    canonical.map(|bytes| PyBytes::new(py, &bytes)).map_err(|failure| failure.into_pyerr(py))
}

/// The one element whose `Id`, `ID` or `id` attribute is `id`.
fn element_with_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Result<hocba::xml::Node<'a, 'i>, Failure> {
    let mut found =
        doc.descendants().filter(|n| ["Id", "ID", "id"].iter().any(|attr| n.attribute(None, attr) == Some(id)));
    let first =
        found.next().ok_or_else(|| errors::c14n_request("unresolved_id", format!("no element has Id {id:?}"), None))?;
    if let Some(second) = found.next() {
        return Err(errors::c14n_request(
            "duplicate_id",
            format!("Id {id:?} occurs twice, at {} and {}", first.text_pos(), second.text_pos()),
            Some(first.text_pos()),
        ));
    }
    Ok(first)
}

#[pymodule]
fn _hocba(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(c14n, m)?)?;
    m.add_function(wrap_pyfunction!(sign::sign, m)?)?;
    m.add_function(wrap_pyfunction!(sign::prepare, m)?)?;
    m.add_class::<sign::PreparedSignature>()?;
    m.add_function(wrap_pyfunction!(verify::verify, m)?)?;
    m.add_class::<report::VerificationReport>()?;
    m.add_class::<report::SignatureReport>()?;
    m.add_class::<report::Finding>()?;
    m.add_class::<trust::RevocationChecker>()?;
    m.add_class::<transcript::Transcript>()?;
    m.add_class::<transcript::ValidationFinding>()?;
    m.add_class::<transcript::TranscriptVerification>()?;
    m.add_function(wrap_pyfunction!(transcript::validate, m)?)?;
    m.add_function(wrap_pyfunction!(transcript::verify_transcript, m)?)?;
    m.add_function(wrap_pyfunction!(transcript::_code_lists, m)?)?;
    m.add("Error", py.get_type::<errors::Error>())?;
    m.add("XmlError", py.get_type::<errors::XmlError>())?;
    m.add("C14nError", py.get_type::<errors::C14nError>())?;
    m.add("CryptoError", py.get_type::<errors::CryptoError>())?;
    m.add("SignatureError", py.get_type::<errors::SignatureError>())?;
    m.add("CertificateError", py.get_type::<errors::CertificateError>())?;
    m.add("TranscriptError", py.get_type::<errors::TranscriptError>())?;
    Ok(())
}
