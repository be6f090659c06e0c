//! The managing authority's approval lists and the schools' withdrawal requests
//! (`hocba::approvals`): the authorities trusted to publish lists (`ListAuthorities`), the lists a
//! verifier holds (`Approvals`, given to `VerifyConfig(approvals=...)`), the editions seen
//! (`ListHistory`), an authority's edits (`ApprovalList`) and a school's request
//! (`WithdrawalRequest`, `verify_request`). Signing them is in `sign`.

use std::sync::{Arc, Mutex, MutexGuard};

use hocba::Code;
use hocba::approvals::{
    self as core, ApprovalRole, Authority, SchoolKind, SignatureCheck, SignedYearRef, SuspensionReason,
    certificate_sha256, fingerprint_hex, list_to_xml, parse_fingerprint, request_to_xml,
};
use hocba::crypto::certificates_from_pem_or_der;
use hocba::dsig::VerifyOptions;
use hocba::pki::{Certificate, RevocationChecker, TrustOptions};
use hocba::time::UtcTime;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use serde_json::{Value, json};

use crate::config::{Revocation, Trust, Verification, raise, setting};
use crate::errors::{Class, Failure};
use crate::input;
use crate::report::{datetime, to_python};
use crate::sign::time_value;

fn now() -> UtcTime {
    UtcTime::from_system_time(std::time::SystemTime::now())
}

/// A time given as an aware datetime or an xsd:dateTime string; None: now.
fn time_or_now(py: Python<'_>, what: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<UtcTime> {
    value.filter(|v| !v.is_none()).map_or_else(|| Ok(now()), |v| time_value(py, what, v))
}

/// The certificates (DER) in `value`: bytes or a path, PEM (possibly several) or DER.
fn certificates(py: Python<'_>, what: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Vec<u8>>> {
    let mut all = Vec::new();
    for item in input::materials(what, value)? {
        all.extend(certificates_from_pem_or_der(&item).map_err(|e| Failure::certificate(what, &e).into_pyerr(py))?);
    }
    Ok(all)
}

/// The first certificate (DER) in `value`.
fn first_certificate(py: Python<'_>, what: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let mut all = certificates(py, what, Some(value))?;
    if all.is_empty() {
        let message = format!("{what}: no certificate");
        return Err(Failure::new(Class::Certificate, Code::CertificateMalformed, message).into_pyerr(py));
    }
    Ok(all.swap_remove(0))
}

/// The trust and revocation a list or a request is verified with (default: the government roots,
/// offline with nothing supplied).
fn check_options(
    trust: Option<&Bound<'_, Trust>>,
    revocation: Option<&Bound<'_, Revocation>>,
) -> (VerifyOptions, TrustOptions, Arc<RevocationChecker>) {
    let trust = trust.map(|t| t.get().options.clone()).unwrap_or_default();
    (VerifyOptions::default(), trust, Revocation::checker(revocation))
}

/// Who may sign approval lists: the managing authorities' certificates (bytes or paths, PEM or
/// DER; every certificate in each), and SHA-256 fingerprints of such certificates (64 hex digits,
/// `:` or spaces between pairs allowed), each optionally `=CODE` to bind it to the authority code
/// it publishes under. A list signed by anyone else is refused, however well its certificate
/// chains; a bound authority's list under another code too.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct ListAuthorities {
    inner: core::ListAuthorities,
    fingerprints: Vec<String>,
}

#[pymethods]
impl ListAuthorities {
    #[new]
    #[pyo3(signature = (certificates=None, *, fingerprints=None))]
    fn new(
        py: Python<'_>,
        certificates: Option<&Bound<'_, PyAny>>,
        fingerprints: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut inner = core::ListAuthorities::new();
        for der in self::certificates(py, "certificates", certificates)? {
            inner.add_certificate(&der);
        }
        // `FINGERPRINT` or `FINGERPRINT=CODE`: bound to the authority code it publishes under.
        for text in input::strings("fingerprints", fingerprints)? {
            setting(inner.add_written(&text))?;
        }
        let hex = inner.entries().iter().map(|(sha256, _)| fingerprint_hex(sha256)).collect();
        Ok(ListAuthorities { inner, fingerprints: hex })
    }

    /// The SHA-256 of each authority's certificate (lowercase hex), each once.
    #[getter]
    fn fingerprints(&self) -> Vec<String> {
        self.fingerprints.clone()
    }

    fn __len__(&self) -> usize {
        self.fingerprints.len()
    }

    fn __repr__(&self) -> String {
        format!("<ListAuthorities {} authority(ies)>", self.fingerprints.len())
    }
}

/// The highest edition of each authority's list seen so far: give it to `Approvals.load` (which
/// brings it up to date) and keep it between runs (`to_json`, `from_json`), so that an older
/// edition presented later is a rollback. Safe to share between threads.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct ListHistory {
    inner: Mutex<core::ListHistory>,
}

impl ListHistory {
    fn lock(&self) -> MutexGuard<'_, core::ListHistory> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[pymethods]
impl ListHistory {
    /// Nothing seen.
    #[new]
    fn new() -> Self {
        ListHistory { inner: Mutex::new(core::ListHistory::new()) }
    }

    /// A history written by `to_json()`; anything else is a `ValueError`.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(ListHistory { inner: Mutex::new(setting(core::ListHistory::from_json(text))?) })
    }

    fn to_json(&self) -> String {
        self.lock().to_json()
    }

    /// The highest sequence number seen of the list of the authority `authority_code` (`MaCoQuan`).
    fn sequence(&self, authority_code: &str) -> Option<u64> {
        self.lock().sequence(authority_code)
    }

    fn __repr__(&self) -> String {
        "<ListHistory>".to_owned()
    }
}

/// A list that could not be used: its label (the path, or `lists[i]` for bytes), the core's
/// `code` and why, in Vietnamese and English.
#[pyclass(frozen, get_all, module = "hocba")]
pub(crate) struct RejectedList {
    label: String,
    code: &'static str,
    message_vi: String,
    message_en: String,
}

#[pymethods]
impl RejectedList {
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = json!({
            "label": self.label, "code": self.code, "message_vi": self.message_vi, "message_en": self.message_en,
        });
        to_python(py, &value)
    }

    fn __repr__(&self) -> String {
        format!("<RejectedList {} {}>", self.label, self.code)
    }
}

/// Approval lists verified and indexed for a verifier: `Approvals.load(...)`, then
/// `VerifyConfig(approvals=...)`. Lists that could not be used are kept with their reasons.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct Approvals {
    pub(crate) inner: Arc<core::Approvals>,
}

#[pymethods]
impl Approvals {
    /// Verifies each of `lists` (bytes, or paths) as an approval list signed by one of
    /// `authorities`, its signer trusted under `trust` and `revocation` (default: the government
    /// roots, offline), and keeps each authority's newest edition. One that does not verify is in
    /// `rejected`, not raised. Online (`Revocation(online=True)`), a list past its next update is
    /// refreshed from where it says it is published. With `history`, an edition older than one
    /// seen before is a rollback, and the history is brought up to date.
    #[staticmethod]
    #[pyo3(signature = (lists, authorities, *, trust=None, revocation=None, history=None))]
    fn load(
        py: Python<'_>,
        lists: &Bound<'_, PyAny>,
        authorities: &ListAuthorities,
        trust: Option<&Bound<'_, Trust>>,
        revocation: Option<&Bound<'_, Revocation>>,
        history: Option<&Bound<'_, ListHistory>>,
    ) -> PyResult<Self> {
        let documents = labelled_documents(lists)?;
        let (options, trust, revocation) = check_options(trust, revocation);
        let history = history.map(|h| h.get());
        let approvals = py.detach(|| {
            let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
            // Locked without the GIL: a thread waiting for the lock never holds it.
            let mut history = history.map(ListHistory::lock);
            core::Approvals::load(documents, &authorities.inner, &check, history.as_deref_mut())
        });
        Ok(Approvals { inner: Arc::new(approvals) })
    }

    /// The lists in use, each authority's newest edition (authority-code order), as signed: each a
    /// copy to read (editing it changes nothing here).
    #[getter]
    fn lists(&self) -> Vec<ApprovalList> {
        self.inner.lists().iter().map(|verified| ApprovalList::from(verified.list().clone())).collect()
    }

    /// The lists that could not be used, and why.
    #[getter]
    fn rejected(&self) -> Vec<RejectedList> {
        let rejected = |(label, error): &(String, core::ApprovalError)| RejectedList {
            label: label.clone(),
            code: error.code().as_str(),
            message_vi: error.message_vi(),
            message_en: error.message_en(),
        };
        self.inner.rejected().iter().map(rejected).collect()
    }

    fn __repr__(&self) -> String {
        format!("<Approvals {} list(s), {} rejected>", self.inner.lists().len(), self.inner.rejected().len())
    }
}

/// Each document with a label: a path's own, `lists[i]` for bytes.
fn labelled_documents(value: &Bound<'_, PyAny>) -> PyResult<Vec<(String, Vec<u8>)>> {
    let single = value.is_instance_of::<PyBytes>()
        || value.is_instance_of::<PyByteArray>()
        || value.is_instance_of::<PyString>()
        || value.hasattr("__fspath__")?;
    let items: Vec<Bound<'_, PyAny>> =
        if single { vec![value.clone()] } else { value.try_iter()?.collect::<PyResult<_>>()? };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let label = if item.is_instance_of::<PyBytes>() || item.is_instance_of::<PyByteArray>() {
                format!("lists[{i}]")
            } else {
                item.str()?.to_cow()?.into_owned()
            };
            Ok((label, input::material("lists", item)?))
        })
        .collect()
}

/// An authority's approval list, to edit: which certificates may sign for each school it manages,
/// in which roles and when, and which signed school years it has withdrawn. `to_xml()` writes it
/// unsigned; `hocba.sign_approval_list` signs it. Each edit is checked (a school or certificate
/// that is not in the list, dates out of order, a year withdrawn already) and refused with an
/// `ApprovalError` (`approval-edit-refused`), the list unchanged. Safe to share between threads.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct ApprovalList {
    inner: Mutex<core::ApprovalList>,
}

impl From<core::ApprovalList> for ApprovalList {
    fn from(list: core::ApprovalList) -> Self {
        ApprovalList { inner: Mutex::new(list) }
    }
}

impl ApprovalList {
    fn lock(&self) -> MutexGuard<'_, core::ApprovalList> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Applies `edit` to the list (the core checks an edit before it changes anything).
    fn edit(
        &self,
        py: Python<'_>,
        edit: impl FnOnce(&mut core::ApprovalList) -> Result<(), core::ApprovalError>,
    ) -> PyResult<()> {
        let result = edit(&mut self.lock());
        raise(py, result)
    }
}

/// The SHA-256 of the certificate in `cert`, or the fingerprint `sha256`: exactly one.
fn certificate_digest(
    py: Python<'_>,
    function: &str,
    cert: Option<&Bound<'_, PyAny>>,
    sha256: Option<&str>,
) -> PyResult<[u8; 32]> {
    match (cert.filter(|c| !c.is_none()), sha256) {
        (Some(cert), None) => Ok(certificate_sha256(&first_certificate(py, "cert", cert)?)),
        (None, Some(hex)) => setting(parse_fingerprint(hex)),
        _ => Err(PyTypeError::new_err(format!("{function}() takes exactly one of cert= or sha256="))),
    }
}

fn time_text(time: UtcTime) -> String {
    time.to_utc_string()
}

fn year_ref(year: &SignedYearRef) -> serde_json::Map<String, Value> {
    let value = json!({
        "school": year.school, "record": year.record, "transcript": year.transcript, "year": year.year,
        "fingerprint": fingerprint_hex(&year.fingerprint),
    });
    match value {
        Value::Object(map) => map,
        _ => unreachable!("an object"),
    }
}

fn school_value(school: &core::School) -> Value {
    let certificate = |c: &core::ApprovedCertificate| {
        let subject = Certificate::from_der(&c.der).ok().map(|c| c.subject().clone());
        json!({
            "sha256": fingerprint_hex(&c.sha256),
            "name": subject.as_ref().and_then(|s| s.common_name()),
            "subject": subject.as_ref().map(ToString::to_string),
            "roles": c.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "from": time_text(c.from),
            "until": c.until.map(time_text),
            "suspension": c.suspension.as_ref().map(|s| json!({
                "at": time_text(s.at), "reason": s.reason.as_str(), "note": s.note,
            })),
        })
    };
    json!({
        "code": school.code,
        "name": school.name,
        "kind": school.kind.as_str(),
        "seal_required": school.seal_required,
        "certificates": school.certificates.iter().map(certificate).collect::<Vec<_>>(),
    })
}

fn withdrawal_value(withdrawal: &core::Withdrawal) -> Value {
    let mut map = year_ref(&withdrawal.year);
    map.insert("at".into(), time_text(withdrawal.at).into());
    map.insert("reason".into(), withdrawal.reason.clone().into());
    map.insert("decision".into(), withdrawal.decision.clone().into());
    map.insert("request".into(), withdrawal.request.clone().into());
    map.insert("request_sha256".into(), fingerprint_hex(&withdrawal.request_sha256).into());
    Value::Object(map)
}

#[pymethods]
impl ApprovalList {
    /// An empty first edition (sequence 1) of the list of the authority `authority_code`
    /// (`MaCoQuan`, the same for every edition) and `authority_name`, issued at `issued`, the next
    /// edition due by `next_update`; `distribution_points`: where editions are published (http://
    /// or https://), for verifiers to fetch the next.
    #[new]
    #[pyo3(signature = (authority_code, authority_name, issued, next_update, *, distribution_points=None))]
    fn new(
        py: Python<'_>,
        authority_code: &str,
        authority_name: &str,
        issued: &Bound<'_, PyAny>,
        next_update: &Bound<'_, PyAny>,
        distribution_points: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let authority = Authority { code: authority_code.to_owned(), name: authority_name.to_owned() };
        let (issued, next_update) = (time_value(py, "issued", issued)?, time_value(py, "next_update", next_update)?);
        let mut list = core::ApprovalList::new(authority, issued, next_update);
        list.distribution_points = input::strings("distribution_points", distribution_points)?;
        Ok(ApprovalList::from(list))
    }

    /// Reads the authority's own copy of its list, signed or not, without verifying it: for
    /// editing only (`Approvals.load` verifies lists).
    #[staticmethod]
    fn read_for_editing(py: Python<'_>, xml: &Bound<'_, PyAny>) -> PyResult<Self> {
        let xml = input::document(xml)?;
        let list = py.detach(|| core::ApprovalList::read_for_editing(&xml));
        Ok(ApprovalList::from(raise(py, list)?))
    }

    /// Starts the next edition: the sequence number grows by one, issued and next update as given.
    fn next_edition(&self, py: Python<'_>, issued: &Bound<'_, PyAny>, next_update: &Bound<'_, PyAny>) -> PyResult<()> {
        let (issued, next_update) = (time_value(py, "issued", issued)?, time_value(py, "next_update", next_update)?);
        self.edit(py, |list| list.next_edition(issued, next_update))
    }

    /// Adds the school `code` (`MaTruong`, as transcripts write it), or changes its name, `kind`
    /// (`cong-lap`: public; `ngoai-cong-lap`: non-public) and whether every year must also be
    /// signed with the school's seal.
    #[pyo3(signature = (code, name, *, kind="cong-lap", seal_required=false))]
    fn set_school(&self, py: Python<'_>, code: &str, name: &str, kind: &str, seal_required: bool) -> PyResult<()> {
        let kind: SchoolKind = setting(kind.parse())?;
        self.edit(py, |list| list.set_school(code, name, kind, seal_required))
    }

    /// Approves the certificate `cert` (bytes or a path; the first certificate in it) to sign for
    /// `school` in `roles` (`hieu-truong`, `pho-hieu-truong`, `gvcn`, `gvbm`, `con-dau`; the
    /// `hocba.Role` members are such values), from `from_` until `until` (exclusive; None: no
    /// end). A certificate approved already gets these roles and dates; a suspension stays.
    #[pyo3(signature = (school, cert, roles, from_, until=None))]
    fn approve(
        &self,
        py: Python<'_>,
        school: &str,
        cert: &Bound<'_, PyAny>,
        roles: &Bound<'_, PyAny>,
        from_: &Bound<'_, PyAny>,
        until: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let der = first_certificate(py, "cert", cert)?;
        let roles = input::strings("roles", Some(roles))?
            .iter()
            .map(|role| setting(role.parse::<ApprovalRole>()))
            .collect::<PyResult<Vec<_>>>()?;
        let from = time_value(py, "from_", from_)?;
        let until = until.filter(|u| !u.is_none()).map(|u| time_value(py, "until", u)).transpose()?;
        self.edit(py, |list| list.approve(school, &der, &roles, from, until))
    }

    /// Suspends the approval at `school` of the certificate `cert` (or the one whose SHA-256 is
    /// `sha256`) from `at` (default: now), for `reason`: `lo-khoa` (the key is in doubt: it counts
    /// also before, for signatures whose time is not proven), `nghi-viec` (left the post) or
    /// `khac` (another, in `note`).
    #[pyo3(signature = (school, *, reason, cert=None, sha256=None, at=None, note=None))]
    #[allow(clippy::too_many_arguments)]
    fn suspend(
        &self,
        py: Python<'_>,
        school: &str,
        reason: &str,
        cert: Option<&Bound<'_, PyAny>>,
        sha256: Option<&str>,
        at: Option<&Bound<'_, PyAny>>,
        note: Option<String>,
    ) -> PyResult<()> {
        let digest = certificate_digest(py, "suspend", cert, sha256)?;
        let reason: SuspensionReason = setting(reason.parse())?;
        let at = time_or_now(py, "at", at)?;
        self.edit(py, |list| list.suspend(school, &digest, at, reason, note))
    }

    /// Lifts the suspension at `school` of the certificate `cert` (or the one whose SHA-256 is
    /// `sha256`).
    #[pyo3(signature = (school, *, cert=None, sha256=None))]
    fn lift_suspension(
        &self,
        py: Python<'_>,
        school: &str,
        cert: Option<&Bound<'_, PyAny>>,
        sha256: Option<&str>,
    ) -> PyResult<()> {
        let digest = certificate_digest(py, "lift_suspension", cert, sha256)?;
        self.edit(py, |list| list.lift_suspension(school, &digest))
    }

    /// Approves the school's withdrawal request (`verify_request(...)`) by the decision
    /// `decision` (its number and date, as written on it), effective `at`: the request's school
    /// must be in this list, its principal approved as principal (or deputy) and its seal as the
    /// seal when they signed, and the year not withdrawn already.
    fn withdraw(
        &self,
        py: Python<'_>,
        request: &VerifiedWithdrawalRequest,
        decision: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let at = time_value(py, "at", at)?;
        self.edit(py, |list| list.withdraw(&request.inner, decision, at))
    }

    /// The list unsigned, in the schema's layout, with an empty signature place: to sign with
    /// `hocba.sign_approval_list`, or to keep as the authority's working copy.
    fn to_xml<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let xml = raise(py, list_to_xml(&self.lock()))?;
        Ok(PyBytes::new(py, &xml))
    }

    #[getter]
    fn authority_code(&self) -> String {
        self.lock().authority.code.clone()
    }

    #[getter]
    fn authority_name(&self) -> String {
        self.lock().authority.name.clone()
    }

    /// The edition's number: grows with every edition.
    #[getter]
    fn sequence(&self) -> u64 {
        self.lock().sequence
    }

    /// When this edition was issued, an aware UTC datetime.
    #[getter]
    fn issued<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let issued = self.lock().issued;
        datetime(py, issued)
    }

    /// The next edition is due by then; after it this one is stale.
    #[getter]
    fn next_update<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let next_update = self.lock().next_update;
        datetime(py, next_update)
    }

    #[getter]
    fn distribution_points(&self) -> Vec<String> {
        self.lock().distribution_points.clone()
    }

    /// Each school: `{"code", "name", "kind", "seal_required", "certificates"}`, each certificate
    /// `{"sha256", "name", "subject", "roles", "from", "until", "suspension"}` (times in UTC,
    /// xsd:dateTime).
    #[getter]
    fn schools<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let schools: Vec<Value> = self.lock().schools.iter().map(school_value).collect();
        to_python(py, &Value::Array(schools))
    }

    /// Each withdrawn year: `{"school", "record", "transcript", "year", "fingerprint", "at",
    /// "reason", "decision", "request", "request_sha256"}`.
    #[getter]
    fn withdrawals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let withdrawals: Vec<Value> = self.lock().withdrawals.iter().map(withdrawal_value).collect();
        to_python(py, &Value::Array(withdrawals))
    }

    /// The whole list as Python objects (times in UTC, xsd:dateTime).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let list = self.lock();
        let value = json!({
            "authority_code": list.authority.code,
            "authority_name": list.authority.name,
            "sequence": list.sequence,
            "issued": time_text(list.issued),
            "next_update": time_text(list.next_update),
            "distribution_points": list.distribution_points,
            "schools": list.schools.iter().map(school_value).collect::<Vec<_>>(),
            "withdrawals": list.withdrawals.iter().map(withdrawal_value).collect::<Vec<_>>(),
        });
        drop(list);
        to_python(py, &value)
    }

    fn __repr__(&self) -> String {
        let list = self.lock();
        format!("<ApprovalList {} #{}, {} school(s)>", list.authority.code, list.sequence, list.schools.len())
    }
}

/// A school's request to withdraw one signed school year (`YeuCauThuHoi`): made with `for_year`
/// from the verified transcript, written with `to_xml()`, signed by the principal and then the
/// school seal (`hocba.sign_withdrawal_request`), sent to the managing authority.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct WithdrawalRequest {
    inner: core::WithdrawalRequest,
}

#[pymethods]
impl WithdrawalRequest {
    /// The request to withdraw the year `year_id` of a verified transcript (`hocba.Verifier(...)
    /// .verify(...)`, the year as its signatures cover it, whatever the verdict): the school, the
    /// record and the year's fingerprint from what was signed; the school's `number` for the
    /// request, the `reason`, and when it is made (`requested`, default now).
    #[staticmethod]
    #[pyo3(signature = (verification, year_id, *, number, reason, requested=None))]
    fn for_year(
        py: Python<'_>,
        verification: &Verification,
        year_id: &str,
        number: &str,
        reason: &str,
        requested: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let transcript = verification
            .signed
            .as_ref()
            .ok_or_else(|| PyValueError::new_err("not a transcript signed as the profile requires"))?;
        let year = transcript.years.iter().find(|y| y.id == year_id);
        let fingerprint = verification.fingerprints.iter().find(|(id, _)| id == year_id).map(|(_, f)| *f);
        let (Some(year), Some(fingerprint)) = (year, fingerprint) else {
            return Err(PyValueError::new_err(format!("no signed school year {year_id:?}")));
        };
        Ok(WithdrawalRequest {
            inner: core::WithdrawalRequest {
                number: number.to_owned(),
                school_name: year.truong.ten_truong.clone(),
                year: SignedYearRef {
                    school: year.truong.ma_truong.clone(),
                    record: transcript.envelope.id_ban_ghi.clone(),
                    transcript: transcript.header.ma_dinh_danh_hoc_ba.clone(),
                    year: year.id.clone(),
                    fingerprint,
                },
                reason: reason.to_owned(),
                requested: time_or_now(py, "requested", requested)?,
            },
        })
    }

    /// The request unsigned, with empty places for the principal's and the seal's signatures.
    fn to_xml<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &raise(py, request_to_xml(&self.inner))?))
    }

    /// The school's number for the request (`SoYeuCau`).
    #[getter]
    fn number(&self) -> &str {
        &self.inner.number
    }

    #[getter]
    fn school_name(&self) -> &str {
        &self.inner.school_name
    }

    /// The school's code (`MaTruong`).
    #[getter]
    fn school(&self) -> &str {
        &self.inner.year.school
    }

    /// The record (`IdBanGhi`).
    #[getter]
    fn record(&self) -> &str {
        &self.inner.year.record
    }

    /// The transcript (`MaDinhDanhHocBa`).
    #[getter]
    fn transcript(&self) -> &str {
        &self.inner.year.transcript
    }

    /// The school year's Id.
    #[getter]
    fn year(&self) -> &str {
        &self.inner.year.year
    }

    /// The signed year's fingerprint (hex): `Verification.year_fingerprint(year)`.
    #[getter]
    fn fingerprint(&self) -> String {
        fingerprint_hex(&self.inner.year.fingerprint)
    }

    #[getter]
    fn reason(&self) -> &str {
        &self.inner.reason
    }

    /// When the request was made, an aware UTC datetime.
    #[getter]
    fn requested<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        datetime(py, self.inner.requested)
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut map = year_ref(&self.inner.year);
        map.insert("number".into(), self.inner.number.clone().into());
        map.insert("school_name".into(), self.inner.school_name.clone().into());
        map.insert("reason".into(), self.inner.reason.clone().into());
        map.insert("requested".into(), time_text(self.inner.requested).into());
        to_python(py, &Value::Object(map))
    }

    fn __repr__(&self) -> String {
        format!("<WithdrawalRequest {} for {} of {}>", self.inner.number, self.inner.year.year, self.inner.year.school)
    }
}

/// A withdrawal request whose two signatures (the principal's, then the seal's countersigning
/// it) verified and are trusted: `verify_request(...)`. Whether the school's authority approved
/// those signers is checked by `ApprovalList.withdraw`.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct VerifiedWithdrawalRequest {
    inner: core::VerifiedWithdrawalRequest,
}

fn signed_by<'py>(
    py: Python<'py>,
    (signer, time): &(hocba::report::Signer, Option<UtcTime>),
) -> PyResult<Bound<'py, PyAny>> {
    let signer = serde_json::to_value(signer).map_err(|e| PyValueError::new_err(e.to_string()))?;
    to_python(py, &json!({ "signer": signer, "claimed_signing_time": time.map(time_text) }))
}

#[pymethods]
impl VerifiedWithdrawalRequest {
    /// The request, as signed.
    #[getter]
    fn request(&self) -> WithdrawalRequest {
        WithdrawalRequest { inner: self.inner.request().clone() }
    }

    /// Who signed as the principal: `{"signer": {...}, "claimed_signing_time": ...}` (the signer
    /// as a report's `SignatureReport.signer`).
    #[getter]
    fn principal<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        signed_by(py, self.inner.principal())
    }

    /// The seal certificate that signed, in the same form.
    #[getter]
    fn seal<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        signed_by(py, self.inner.seal())
    }

    /// SHA-256 of the request document as received (hex): the withdrawal refers to it.
    #[getter]
    fn sha256(&self) -> String {
        fingerprint_hex(&self.inner.sha256())
    }

    fn __repr__(&self) -> String {
        let request = self.inner.request();
        format!("<VerifiedWithdrawalRequest {} for {} of {}>", request.number, request.year.year, request.year.school)
    }
}

/// Verifies a school's signed withdrawal request: the principal's and the seal's signatures over
/// its content, the seal's countersigning the principal's, both trusted under `trust` and
/// `revocation` (default: the government roots, offline). Raises `ApprovalError` when it cannot
/// be used.
///
/// Parameters:
///     xml: the signed request (bytes, str, or a path).
///     trust, revocation: whom to trust and the revocation answers (default: the government
///         roots, offline).
///
/// Returns a VerifiedWithdrawalRequest, for `ApprovalList.withdraw`.
///
/// Example (a request without the seal's signature is refused):
///     >>> try:
///     ...     hocba.verify_request(b"<x/>")
///     ... except hocba.ApprovalError as error:
///     ...     print(error.code)
///     approval-document-malformed
#[pyfunction]
#[pyo3(signature = (xml, *, trust=None, revocation=None))]
pub(crate) fn verify_request(
    py: Python<'_>,
    xml: &Bound<'_, PyAny>,
    trust: Option<&Bound<'_, Trust>>,
    revocation: Option<&Bound<'_, Revocation>>,
) -> PyResult<VerifiedWithdrawalRequest> {
    let xml = input::document(xml)?;
    let (options, trust, revocation) = check_options(trust, revocation);
    let verified = py.detach(|| {
        let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
        core::verify_request(&xml, &check)
    });
    Ok(VerifiedWithdrawalRequest { inner: raise(py, verified)? })
}
