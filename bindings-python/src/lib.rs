//! The Python binding of hocba: a thin layer over the core, in the style of pyca/cryptography.
//! Every function takes bytes, releases the GIL for the work, and maps core errors to one
//! exception hierarchy (`errors`). Nothing is re-implemented here: option objects translate into
//! the core's configuration (`config`), the enums are the core's lists.

mod approvals;
mod batch;
mod config;
mod errors;
mod input;
mod paper;
mod records;
mod report;
mod sign;
mod transcript;

use hocba::Code;
use hocba::approvals::ApprovalPolicy;
use hocba::c14n::{Algorithm, Method, Subset, canonicalize_to_vec};
use hocba::dsig::{DsigError, VerifyOptions, element_by_id};
use hocba::report::{Language, Verdict};
use hocba::transcript::{MonHoc, Role};
use hocba::xml::Document;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::errors::Failure;

/// The canonical form of `document`, or of the element whose Id (`Id`, `ID`, `id` or `xml:id`)
/// is `subtree_id`.
///
/// Parameters:
///     document: the XML, as bytes or str (the XML itself), or a path to read (pathlib.Path).
///     algorithm: c14n (default), c14n-comments, exc-c14n, exc-c14n-comments, c14n11,
///         c14n11-comments, or the algorithm's URI.
///     prefix_list: exclusive canonicalization's InclusiveNamespaces PrefixList (white-space
///         separated, `#default` for the default namespace).
///     subtree_id: canonicalize only the element with this Id.
///
/// Returns the canonical bytes; raises XmlError, C14nError.
///
/// Example:
///     >>> hocba.c14n(b'<a  b="1" ><c/></a>')
///     b'<a b="1"><c></c></a>'
///     >>> sample = pathlib.Path("test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml")
///     >>> hocba.c14n(sample, "exc-c14n", subtree_id="data-1")[:23]
///     b'<DuLieuHocBa xmlns="urn'
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
            Some(id) => {
                let found = element_by_id(&doc, id, &VerifyOptions::default().id_attributes).map_err(|e| match e {
                    // Asked of c14n, not of a signature: a C14nError like the Id that is missing.
                    DsigError::DuplicateId { first, .. } => {
                        errors::c14n_request(Code::DuplicateId, e.to_string(), Some(first))
                    }
                    other => other.into(),
                })?;
                let message = format!("no element has Id {id:?}");
                Subset::element(found.ok_or_else(|| errors::c14n_request(Code::NotFound, message, None))?)?
            }
            None => Subset::document(&doc),
        };
        Ok(canonicalize_to_vec(&doc, &subset, &method)?)
    });
    canonical.map(|bytes| PyBytes::new(py, &bytes)).map_err(|failure| failure.into_pyerr(py))
}

/// One enum: its name, docstring, and per member (name, value, Vietnamese label, English label).
type EnumList = (&'static str, String, Vec<(String, String, &'static str, &'static str)>);

/// The enums of `hocba`, from the core: its code lists, `Role` (values as `sign(role=...)` reads
/// them) and `Verdict` (as reports write it).
fn enums() -> Vec<EnumList> {
    let mut lists: Vec<EnumList> = hocba::transcript::code_lists()
        .iter()
        .map(|list| {
            let doc = format!("The core's code list {}: each value is its official code, with its labels.", list.name);
            let entries =
                list.entries.iter().map(|e| (e.name.to_owned(), e.code.to_owned(), e.label_vi, e.label_en)).collect();
            (list.name, doc, entries)
        })
        .collect();
    // A subject teacher signs as `gvbm:SUBJECT`; the subject changes neither the element nor the labels.
    let roles = [
        ("GVBM", Role::SubjectTeacher(MonHoc::Toan)),
        ("GVCN", Role::Gvcn),
        ("HIEU_TRUONG", Role::HieuTruong),
        ("CON_DAU", Role::Seal),
    ];
    let role_doc = "Who signs a school year, as `sign(role=...)` reads it (`gvcn`, `hieu-truong`, `con-dau` for \
                    the school seal; a subject teacher `gvbm:` and the MaMonHoc code, e.g. \
                    `f\"gvbm:{MonHoc.Toan}\"`), with its labels.";
    let role_entries = roles.into_iter().map(|(name, role)| {
        let value = role.to_string().split(':').next().unwrap_or_default().to_owned();
        (name.to_owned(), value, role.label_vi(), role.label_en())
    });
    lists.push(("Role", role_doc.to_owned(), role_entries.collect()));
    let verdict_entries = Verdict::ALL.into_iter().map(|verdict| {
        let value = verdict.as_str().to_owned();
        (value.to_uppercase(), value, verdict.label(Language::Vi), verdict.label(Language::En))
    });
    lists.push(("Verdict", "A report's verdict, with its labels.".to_owned(), verdict_entries.collect()));
    let policy_entries = ApprovalPolicy::ALL.into_iter().map(|policy| {
        let value = policy.as_str().to_owned();
        (value.replace('-', "_").to_uppercase(), value, "", "")
    });
    let policy_doc = "What a question the approval lists cannot settle (no list for the school, a stale list, lists \
                      that disagree, an older edition than one seen) does to the verdict, as \
                      `VerifyConfig(approval_policy=...)` reads it: `require` (undetermined), `soft-fail` (a \
                      warning) or `off` (approval not checked). The core has no labels for them.";
    lists.push(("ApprovalPolicy", policy_doc.to_owned(), policy_entries.collect()));
    let code_entries = Code::ALL.iter().map(|code| {
        let value = code.as_str().to_owned();
        let label = |language| hocba::report::code_label(*code, language).unwrap_or("");
        (value.replace('-', "_").to_uppercase(), value, label(Language::Vi), label(Language::En))
    });
    let code_doc = "Every code a finding or an error (`.code`) has, as the core lists them; a short label for a \
                    clerk where the core has one.";
    lists.push(("Code", code_doc.to_owned(), code_entries.collect()));
    lists
}

fn add_enums(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let code_enum = py.import("hocba._codes")?.getattr("CodeEnum")?;
    for (name, doc, entries) in enums() {
        let members: Vec<(&str, &str)> = entries.iter().map(|(member, value, _, _)| (&**member, &**value)).collect();
        let names = PyDict::new(py);
        names.set_item("module", "hocba")?;
        names.set_item("qualname", name)?;
        let class = code_enum.call((name, members), Some(&names))?;
        let labels = PyDict::new(py);
        for (member, _, vi, en) in &entries {
            labels.set_item(member, (vi, en))?;
        }
        class.setattr("_labels", labels)?;
        class.setattr("__doc__", doc)?;
        m.add(name, class)?;
    }
    Ok(())
}

#[pymodule]
fn _hocba(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(c14n, m)?)?;
    m.add_function(wrap_pyfunction!(sign::sign, m)?)?;
    m.add_function(wrap_pyfunction!(sign::prepare, m)?)?;
    m.add_class::<sign::PreparedSignature>()?;
    m.add_class::<sign::Pkcs11Signer>()?;
    m.add_function(wrap_pyfunction!(config::verify, m)?)?;
    m.add_function(wrap_pyfunction!(config::verify_transcript, m)?)?;
    m.add_class::<config::Revocation>()?;
    m.add_class::<config::Trust>()?;
    m.add_class::<config::VerifyConfig>()?;
    m.add_class::<config::Verifier>()?;
    m.add_class::<config::Verification>()?;
    m.add_class::<config::Archived>()?;
    m.add_class::<batch::BatchResults>()?;
    m.add_class::<batch::BatchResult>()?;
    m.add_class::<records::Record>()?;
    m.add_class::<records::RecordYear>()?;
    m.add_class::<records::RecordSet>()?;
    m.add_class::<records::StudentFindings>()?;
    m.add_class::<report::VerificationReport>()?;
    m.add_class::<report::SignatureReport>()?;
    m.add_class::<report::Finding>()?;
    m.add_class::<transcript::Transcript>()?;
    m.add_class::<transcript::ValidationFinding>()?;
    m.add_function(wrap_pyfunction!(transcript::validate, m)?)?;
    m.add_function(wrap_pyfunction!(paper::render, m)?)?;
    m.add_function(wrap_pyfunction!(paper::verify_paper, m)?)?;
    m.add_function(wrap_pyfunction!(paper::embedded_transcript, m)?)?;
    m.add_class::<paper::RenderedCopy>()?;
    m.add_class::<paper::PaperCheck>()?;
    m.add_class::<approvals::ListAuthorities>()?;
    m.add_class::<approvals::ListHistory>()?;
    m.add_class::<approvals::Approvals>()?;
    m.add_class::<approvals::RejectedList>()?;
    m.add_class::<approvals::ApprovalList>()?;
    m.add_class::<approvals::WithdrawalRequest>()?;
    m.add_class::<approvals::VerifiedWithdrawalRequest>()?;
    m.add_function(wrap_pyfunction!(approvals::verify_request, m)?)?;
    m.add_function(wrap_pyfunction!(sign::sign_approval_list, m)?)?;
    m.add_function(wrap_pyfunction!(sign::sign_withdrawal_request, m)?)?;
    add_enums(m)?;
    m.add("Error", py.get_type::<errors::Error>())?;
    m.add("XmlError", py.get_type::<errors::XmlError>())?;
    m.add("C14nError", py.get_type::<errors::C14nError>())?;
    m.add("CryptoError", py.get_type::<errors::CryptoError>())?;
    m.add("SignatureError", py.get_type::<errors::SignatureError>())?;
    m.add("CertificateError", py.get_type::<errors::CertificateError>())?;
    m.add("TranscriptError", py.get_type::<errors::TranscriptError>())?;
    m.add("ApprovalError", py.get_type::<errors::ApprovalError>())?;
    Ok(())
}
