//! `hocba.sign`: an enveloped signature with a software key, a PKCS#12 file, or any Python
//! object that signs (a PKCS#11 token, a remote-signing service) bridged to `dsig::Signer`.

use std::sync::Mutex;

use hocba::Code;
use hocba::approvals::{ApprovalRole, list_signature_request, request_signature_request};
use hocba::c14n::Algorithm;
use hocba::crypto::provider_named;
use hocba::crypto::{
    CryptoError as CoreCryptoError, CryptoProvider, KeyType, Pkcs12Identity, PrivateKey, PublicKey, SignatureAlgorithm,
    certificates_from_pem_or_der,
};
use hocba::dsig::{self, KeySigner, SignatureRequest, Signer, SignerInput};
use hocba::pkcs11::{Pin, Pkcs11Uri, TokenOptions, TokenSigner};
use hocba::pki::SigningOptions;
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::Role;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use zeroize::Zeroizing;

use crate::config::{Revocation, Trust, setting};
use crate::errors::{Class, CryptoError, Failure};
use crate::input;

/// A Python object with `sign(data: bytes) -> bytes`, as a `dsig::Signer`. The GIL is taken
/// back only for the call; an exception it raises is kept and chained to the one `sign` raises.
struct PythonSigner {
    object: Py<PyAny>,
    algorithm: SignatureAlgorithm,
    certificates: Vec<Vec<u8>>,
    input: SignerInput,
    raised: Mutex<Option<PyErr>>,
}

impl Signer for PythonSigner {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    fn certificates(&self) -> &[Vec<u8>] {
        &self.certificates
    }

    fn input(&self) -> SignerInput {
        self.input
    }

    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, CoreCryptoError> {
        Python::attach(|py| {
            let value = self
                .object
                .call_method1(py, "sign", (PyBytes::new(py, data),))
                .and_then(|value| value.extract::<Vec<u8>>(py).map_err(|_| not_bytes(py, &value)));
            value.map_err(|e| {
                let message = format!("the signer's sign() raised {e}");
                *self.raised.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(e);
                CoreCryptoError::SigningFailed(message)
            })
        })
    }
}

fn not_bytes(py: Python<'_>, value: &Py<PyAny>) -> PyErr {
    let name = value.bind(py).get_type().name().map(|n| n.to_string()).unwrap_or_default();
    PyTypeError::new_err(format!("the signer's sign() must return bytes, not {name}"))
}

/// Every certificate in each item (PEM may hold several), in order.
fn read_certificates(what: &str, items: &[Vec<u8>]) -> Result<Vec<Vec<u8>>, Failure> {
    let mut all = Vec::new();
    for item in items {
        all.extend(certificates_from_pem_or_der(item).map_err(|e| Failure::certificate(what, &e))?);
    }
    Ok(all)
}

fn certificates(py: Python<'_>, what: &str, items: &[Vec<u8>]) -> PyResult<Vec<Vec<u8>>> {
    read_certificates(what, items).map_err(|failure| failure.into_pyerr(py))
}

/// A time given as an aware `datetime` or an `xsd:dateTime` string (no offset: Vietnamese time).
pub(crate) fn time_value(py: Python<'_>, what: &str, value: &Bound<'_, PyAny>) -> PyResult<UtcTime> {
    if let Ok(text) = value.cast::<PyString>() {
        return UtcTime::parse(&text.to_cow()?)
            .map_err(|e| Failure::new(Class::Signature, Code::InvalidRequest, format!("{what}: {e}")).into_pyerr(py));
    }
    let datetime = py.import("datetime")?.getattr("datetime")?;
    if !value.is_instance(&datetime)? {
        return Err(PyTypeError::new_err(format!("{what}: expected a datetime or an xsd:dateTime string")));
    }
    if value.call_method0("utcoffset")?.is_none() {
        return Err(PyValueError::new_err(format!(
            "{what}: a naive datetime is ambiguous; give it a tzinfo (e.g. ZoneInfo(\"Asia/Ho_Chi_Minh\"))"
        )));
    }
    let seconds: f64 = value.call_method0("timestamp")?.extract()?;
    Ok(UtcTime::from_unix_seconds(seconds.floor() as i64))
}

fn default_algorithm(key_type: KeyType) -> SignatureAlgorithm {
    match key_type {
        KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
        _ => SignatureAlgorithm::RSA_SHA256,
    }
}

fn algorithm_named(py: Python<'_>, name: &str) -> PyResult<SignatureAlgorithm> {
    SignatureAlgorithm::from_name(name).map_err(|e| Failure::from(e).into_pyerr(py))
}

/// A signer with a software key, the algorithm by name or by the key's type.
fn software_signer(
    key: PrivateKey,
    certificates: Vec<Vec<u8>>,
    algorithm: Option<&str>,
    provider: &'static dyn CryptoProvider,
) -> Result<KeySigner, Failure> {
    let algorithm = match algorithm {
        Some(name) => SignatureAlgorithm::from_name(name)?,
        None => default_algorithm(key.public_key().key_type()),
    };
    Ok(KeySigner::new(key, certificates, algorithm, provider)?)
}

/// Where the private key is. Software keys are read after the GIL is released.
enum KeySource {
    /// A private key (PEM or DER), its certificate and chain as given.
    Key {
        key: Zeroizing<Vec<u8>>,
        certificates: Vec<Vec<u8>>,
        chain: Vec<Vec<u8>>,
    },
    Pkcs12 {
        der: Zeroizing<Vec<u8>>,
        password: Zeroizing<String>,
    },
    Python(PythonSigner),
    Token(Py<Pkcs11Signer>),
}

/// What to sign and where, from the keywords `sign` and `prepare` share.
#[allow(clippy::too_many_arguments)]
fn request(
    py: Python<'_>,
    reference_id: &str,
    into: Option<&Bound<'_, PyAny>>,
    signature_id: Option<&str>,
    signing_time: UtcTime,
    countersign: Option<&Bound<'_, PyAny>>,
    c14n: &str,
    provider: &'static dyn CryptoProvider,
) -> PyResult<SignatureRequest> {
    let into = input::element_path("into", into)?;
    let signature_id = signature_id
        .map(str::to_owned)
        .unwrap_or_else(|| format!("sig-{}", into.last().map(String::as_str).unwrap_or("1")));
    let into: Vec<&str> = into.iter().map(String::as_str).collect();
    let mut request = SignatureRequest::new(reference_id, &into, &signature_id, signing_time);
    request.canonicalization = Algorithm::from_name(c14n).map_err(|e| Failure::from(e).into_pyerr(py))?;
    request.countersign = input::strings("countersign", countersign)?;
    request.provider = provider;
    Ok(request)
}

/// What a signature signs: an element by its Id, placed as the caller says, or a transcript's
/// school year as a role, placed by the profile.
enum Target {
    Reference(SignatureRequest),
    Year { year_id: String, role: Role },
}

/// Signs `document` and returns the signed document.
///
/// Parameters:
///     document: the XML, as bytes or str (the XML itself), or a path to read (pathlib.Path).
///     role, year_id: a transcript's school year (its QuaTrinhHocTap Id) signed as a role:
///         `gvcn`, `hieu-truong`, `con-dau` (the school seal) or `gvbm:SUBJECT`; the signature is
///         placed as the signing profile says.
///     reference_id, into, signature_id, countersign, c14n: another document's element, by its
///         Id, and where the signature goes (element names below the root).
///     key, cert, chain: the private key and the signer's certificate, then its chain (bytes,
///         or paths); or pkcs12 and password; or signer, an object with `certificate`,
///         `algorithm` and `sign(data)` (a token, a remote service).
///     algorithm: rsa-sha256, rsa-pss-sha256, ecdsa-sha256, ... (default: by the key).
///     provider: the crypto provider, openssl or rustcrypto (default: openssl).
///     signing_time: a datetime or xsd:dateTime text (default: now).
///     trust, revocation, check_trust: the signer's certificate is checked before signing
///         (default: against the government roots); check_trust=False for test keys.
///     tsa_url, embed_validation_data: time-stamp the signature; embed what verifying it needs.
///
/// Raises CryptoError (a key file that is not a key, a wrong PKCS#12 password, a certificate
/// that is not the key's), CertificateError, SignatureError, TranscriptError.
///
/// Example:
///     >>> keys = pathlib.Path("test-vectors/keys")
///     >>> unsigned = pathlib.Path("test-vectors/transcripts/valid-tieu-hoc-lop-1-5.xml")
///     >>> signed = hocba.sign(unsigned, role="gvcn", year_id="QTHT-2021-2022", key=keys / "rsa2048-key.pem",
///     ...                     cert=keys / "rsa2048-cert.pem", check_trust=False)
///     >>> pinned = hocba.VerifyConfig(pinned_certs=keys / "rsa2048-cert.pem")
///     >>> [s.role for s in hocba.verify(signed, pinned, raise_on_invalid=False).signatures]
///     ['Giáo viên chủ nhiệm']
#[pyfunction]
#[pyo3(signature = (
    document, *, role=None, year_id=None, reference_id=None, into=None, signature_id=None, countersign=None,
    c14n="c14n", key=None, cert=None, chain=None, pkcs12=None, password=None, signer=None, algorithm=None,
    provider=None, signing_time=None, trust=None, revocation=None, check_trust=true, tsa_url=None,
    embed_validation_data=false,
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn sign<'py>(
    py: Python<'py>,
    document: &Bound<'py, PyAny>,
    role: Option<&str>,
    year_id: Option<&str>,
    reference_id: Option<&str>,
    into: Option<&Bound<'py, PyAny>>,
    signature_id: Option<&str>,
    countersign: Option<&Bound<'py, PyAny>>,
    c14n: &str,
    key: Option<&Bound<'py, PyAny>>,
    cert: Option<&Bound<'py, PyAny>>,
    chain: Option<&Bound<'py, PyAny>>,
    pkcs12: Option<&Bound<'py, PyAny>>,
    password: Option<&Bound<'py, PyAny>>,
    signer: Option<&Bound<'py, PyAny>>,
    algorithm: Option<&str>,
    provider: Option<&str>,
    signing_time: Option<&Bound<'py, PyAny>>,
    trust: Option<&Bound<'py, Trust>>,
    revocation: Option<&Bound<'py, Revocation>>,
    check_trust: bool,
    tsa_url: Option<String>,
    embed_validation_data: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let provider = setting(provider_named(provider))?;
    let signing = SigningOptions { tsa_url, embed_validation_data };
    let (config, now) = signer_config(py, signing_time, trust, revocation, check_trust, signing)?;
    let target = match (reference_id, role) {
        (Some(reference_id), None) => {
            if year_id.is_some() {
                return Err(PyTypeError::new_err("sign(year_id=...) goes with role=, not reference_id="));
            }
            Target::Reference(request(py, reference_id, into, signature_id, now, countersign, c14n, provider)?)
        }
        (None, Some(role)) => {
            let placed = [into.is_some_and(|v| !v.is_none()), signature_id.is_some(), countersign.is_some()];
            if placed.contains(&true) || c14n != "c14n" {
                return Err(PyTypeError::new_err(
                    "sign(role=...) places the signature as the transcript profile says: \
                     into=, signature_id=, countersign= and c14n= do not apply",
                ));
            }
            let year_id = year_id.ok_or_else(|| PyTypeError::new_err("sign(role=...) needs year_id="))?;
            Target::Year { year_id: year_id.to_owned(), role: setting(role.parse())? }
        }
        _ => return Err(PyTypeError::new_err("sign() takes exactly one of reference_id= or role=")),
    };
    let keys = Keys { key, cert, chain, pkcs12, password, signer, algorithm };
    let source = key_source(py, "sign", keys)?;
    let document = input::document(document)?;
    sign_with(py, source, algorithm, provider, config, move |signer, key| match &target {
        Target::Reference(request) => signer.sign(&document, request, key),
        Target::Year { year_id, role } => signer.sign_year(&document, year_id, *role, key),
    })
}

/// Signs an approval list (`ApprovalList.to_xml()`) as the managing authority: one signature over
/// its content, in its signature place. Give the edition's `issued` as `signing_time` (default:
/// the trust's clock, else now).
///
/// Parameters:
///     xml: the list, as `ApprovalList.to_xml()` writes it (bytes, str, or a path).
///     key, cert, chain, pkcs12, password, signer, algorithm, provider: the authority's key, as in
///         `sign`.
///     signing_time, trust, revocation, check_trust, tsa_url, embed_validation_data: as in `sign`.
///
/// Example:
///     >>> pki = pathlib.Path("test-vectors/pki")
///     >>> trust = hocba.Trust(pki / "root-cert.pem", intermediates=pki / "ca-cert.pem", at="2026-06-01T09:00:00+07:00")
///     >>> crls = hocba.Revocation(crls=[pki / "ca.crl", pki / "root.crl"])
///     >>> edition = hocba.ApprovalList("PVHXH-BD", "Phòng Văn hóa - Xã hội phường Ba Đình",
///     ...                              "2026-05-01T08:00:00+07:00", "2026-12-31T00:00:00+07:00")
///     >>> edition.set_school("01002345", "Trường THCS Trưng Vương")
///     >>> edition.approve("01002345", pki / "gvcn-cert.pem", "gvcn", "2026-01-01T00:00:00+07:00")
///     >>> signed = hocba.sign_approval_list(edition.to_xml(), key=pki / "ltv-key.pem", cert=pki / "ltv-cert.pem",
///     ...                                   signing_time=edition.issued, trust=trust, revocation=crls)
///     >>> b"SignatureValue" in signed
///     True
#[pyfunction]
#[pyo3(signature = (
    xml, *, key=None, cert=None, chain=None, pkcs12=None, password=None, signer=None, algorithm=None, provider=None,
    signing_time=None, trust=None, revocation=None, check_trust=true, tsa_url=None, embed_validation_data=false,
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn sign_approval_list<'py>(
    py: Python<'py>,
    xml: &Bound<'py, PyAny>,
    key: Option<&Bound<'py, PyAny>>,
    cert: Option<&Bound<'py, PyAny>>,
    chain: Option<&Bound<'py, PyAny>>,
    pkcs12: Option<&Bound<'py, PyAny>>,
    password: Option<&Bound<'py, PyAny>>,
    signer: Option<&Bound<'py, PyAny>>,
    algorithm: Option<&str>,
    provider: Option<&str>,
    signing_time: Option<&Bound<'py, PyAny>>,
    trust: Option<&Bound<'py, Trust>>,
    revocation: Option<&Bound<'py, Revocation>>,
    check_trust: bool,
    tsa_url: Option<String>,
    embed_validation_data: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let provider = setting(provider_named(provider))?;
    let signing = SigningOptions { tsa_url, embed_validation_data };
    let (config, now) = signer_config(py, signing_time, trust, revocation, check_trust, signing)?;
    let mut request = list_signature_request(now);
    request.provider = provider;
    let keys = Keys { key, cert, chain, pkcs12, password, signer, algorithm };
    let source = key_source(py, "sign_approval_list", keys)?;
    let xml = input::document(xml)?;
    sign_with(py, source, algorithm, provider, config, move |signer, key| signer.sign(&xml, &request, key))
}

/// Signs a withdrawal request (`WithdrawalRequest.to_xml()`) as `role`: the principal
/// (`hieu-truong`, or `pho-hieu-truong` in their place) first, then the school seal (`con-dau`),
/// which countersigns the principal's signature.
///
/// Parameters:
///     xml: the request, as `WithdrawalRequest.for_year(...).to_xml()` writes it (bytes, str, or a
///         path), or as the principal signed it (for the seal).
///     role: `hieu-truong` (or `pho-hieu-truong`), then `con-dau`.
///     key, cert, chain, pkcs12, password, signer, algorithm, provider: the signer's key, as in
///         `sign`.
///     signing_time, trust, revocation, check_trust, tsa_url, embed_validation_data: as in `sign`.
///
/// Example (a document that is not a withdrawal request has no place for the signature):
///     >>> pki = pathlib.Path("test-vectors/pki")
///     >>> try:
///     ...     hocba.sign_withdrawal_request(b"<x/>", "hieu-truong", key=pki / "hieutruong-key.pem",
///     ...                                   cert=pki / "hieutruong-cert.pem", check_trust=False)
///     ... except hocba.SignatureError as error:
///     ...     print(error.code)
///     placement
#[pyfunction]
#[pyo3(signature = (
    xml, role, *, key=None, cert=None, chain=None, pkcs12=None, password=None, signer=None, algorithm=None,
    provider=None, signing_time=None, trust=None, revocation=None, check_trust=true, tsa_url=None,
    embed_validation_data=false,
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn sign_withdrawal_request<'py>(
    py: Python<'py>,
    xml: &Bound<'py, PyAny>,
    role: &str,
    key: Option<&Bound<'py, PyAny>>,
    cert: Option<&Bound<'py, PyAny>>,
    chain: Option<&Bound<'py, PyAny>>,
    pkcs12: Option<&Bound<'py, PyAny>>,
    password: Option<&Bound<'py, PyAny>>,
    signer: Option<&Bound<'py, PyAny>>,
    algorithm: Option<&str>,
    provider: Option<&str>,
    signing_time: Option<&Bound<'py, PyAny>>,
    trust: Option<&Bound<'py, Trust>>,
    revocation: Option<&Bound<'py, Revocation>>,
    check_trust: bool,
    tsa_url: Option<String>,
    embed_validation_data: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let provider = setting(provider_named(provider))?;
    let role: ApprovalRole = setting(role.parse())?;
    let signing = SigningOptions { tsa_url, embed_validation_data };
    let (config, now) = signer_config(py, signing_time, trust, revocation, check_trust, signing)?;
    let mut request = setting(request_signature_request(role, now))?;
    request.provider = provider;
    let keys = Keys { key, cert, chain, pkcs12, password, signer, algorithm };
    let source = key_source(py, "sign_withdrawal_request", keys)?;
    let xml = input::document(xml)?;
    sign_with(py, source, algorithm, provider, config, move |signer, key| signer.sign(&xml, &request, key))
}

/// The signer's configuration, and the signing time: given, else the trust's clock, else now. The
/// signer is checked at the trust's clock: a claimed time in the past must not make a fresh
/// time-stamp look future.
fn signer_config(
    py: Python<'_>,
    signing_time: Option<&Bound<'_, PyAny>>,
    trust: Option<&Bound<'_, Trust>>,
    revocation: Option<&Bound<'_, Revocation>>,
    check_trust: bool,
    signing: SigningOptions,
) -> PyResult<(SignerConfig, UtcTime)> {
    let trust = trust.map(|t| t.get().options.clone()).unwrap_or_default();
    let now = match (signing_time.filter(|t| !t.is_none()), trust.now) {
        (Some(time), _) => time_value(py, "signing_time", time)?,
        (None, Some(at)) => at,
        (None, None) => UtcTime::from_system_time(std::time::SystemTime::now()),
    };
    let config = SignerConfig {
        trust,
        revocation: Revocation::checker(revocation),
        signing,
        check_signer: check_trust,
        signing_time: Some(now),
    };
    Ok((config, now))
}

/// The keywords that say which key signs: `key=` with `cert=` (and `chain=`), `pkcs12=` with
/// `password=`, or `signer=` (an object with `sign()`).
struct Keys<'a, 'py> {
    key: Option<&'a Bound<'py, PyAny>>,
    cert: Option<&'a Bound<'py, PyAny>>,
    chain: Option<&'a Bound<'py, PyAny>>,
    pkcs12: Option<&'a Bound<'py, PyAny>>,
    password: Option<&'a Bound<'py, PyAny>>,
    signer: Option<&'a Bound<'py, PyAny>>,
    algorithm: Option<&'a str>,
}

/// Where the key is, from the keywords of `function`; software keys are read later, without the GIL.
fn key_source(py: Python<'_>, function: &str, keys: Keys<'_, '_>) -> PyResult<KeySource> {
    let Keys { key, cert, chain, pkcs12, password, signer, algorithm } = keys;
    let given = [key, pkcs12, signer].iter().filter(|k| k.is_some_and(|k| !k.is_none())).count();
    if given != 1 {
        return Err(PyTypeError::new_err(format!("{function}() takes exactly one of key=, pkcs12= or signer=")));
    }
    let certificate_items = input::materials("cert", cert)?;
    let chain_items = input::materials("chain", chain)?;

    if let Some(key) = key.filter(|k| !k.is_none()) {
        if certificate_items.is_empty() {
            return Err(PyTypeError::new_err(format!("{function}(key=...) needs cert= (the key's certificate)")));
        }
        return Ok(KeySource::Key {
            key: Zeroizing::new(input::material("key", key)?),
            certificates: certificate_items,
            chain: chain_items,
        });
    }
    if let Some(pkcs12) = pkcs12.filter(|k| !k.is_none()) {
        if !certificate_items.is_empty() || !chain_items.is_empty() {
            return Err(PyTypeError::new_err(format!(
                "{function}(pkcs12=...) takes its certificates from the file, not cert=/chain="
            )));
        }
        let der = Zeroizing::new(input::material("pkcs12", pkcs12)?);
        let password = match password {
            Some(p) if p.is_instance_of::<PyString>() => Zeroizing::new(p.extract::<String>()?),
            Some(p) if p.is_instance_of::<PyBytes>() => Zeroizing::new(
                String::from_utf8(p.extract::<Vec<u8>>()?)
                    .map_err(|_| PyValueError::new_err("password: bytes that are not UTF-8"))?,
            ),
            _ => return Err(PyTypeError::new_err(format!("{function}(pkcs12=...) needs password= (str or bytes)"))),
        };
        return Ok(KeySource::Pkcs12 { der, password });
    }
    let object = signer.expect("one of the three is given");
    if let Ok(token) = object.cast::<Pkcs11Signer>() {
        if !certificate_items.is_empty() || !chain_items.is_empty() || algorithm.is_some() {
            return Err(PyTypeError::new_err(format!(
                "{function}(signer=Pkcs11Signer(...)) takes its certificates and algorithm from the Pkcs11Signer"
            )));
        }
        return Ok(KeySource::Token(token.clone().unbind()));
    }
    if !object.hasattr("sign")? {
        return Err(PyTypeError::new_err("signer: the object has no sign(data: bytes) -> bytes method"));
    }
    let mut certificates = if certificate_items.is_empty() {
        let own = object.getattr("certificate").map_err(|_| {
            PyTypeError::new_err("signer: give cert= or a signer with a `certificate` attribute (PEM or DER bytes)")
        })?;
        self::certificates(py, "signer.certificate", &input::materials("signer.certificate", Some(&own))?)?
    } else {
        self::certificates(py, "cert", &certificate_items)?
    };
    let chain = if chain_items.is_empty() && object.hasattr("chain")? {
        input::materials("signer.chain", Some(&object.getattr("chain")?))?
    } else {
        chain_items
    };
    certificates.extend(self::certificates(py, "chain", &chain)?);
    let first = certificates.first().ok_or_else(|| PyValueError::new_err("signer: no certificate"))?;
    let key_type = PublicKey::from_certificate_der(first)
        .map_err(|e| Failure::certificate("signer certificate", &e).into_pyerr(py))?
        .key_type();
    let algorithm = match (algorithm, object.getattr("algorithm").ok().filter(|a| !a.is_none())) {
        (Some(name), _) => algorithm_named(py, name)?,
        (None, Some(name)) => algorithm_named(py, &name.extract::<String>()?)?,
        (None, None) => default_algorithm(key_type),
    };
    let input = match object.getattr("input").ok().filter(|a| !a.is_none()) {
        None => SignerInput::Message,
        Some(value) => signer_input(&value.extract::<String>()?)?,
    };
    Ok(KeySource::Python(PythonSigner {
        object: object.clone().unbind(),
        algorithm,
        certificates,
        input,
        raised: Mutex::new(None),
    }))
}

/// Signs with the key of `source` under `config`, without the GIL: `sign` gets the transcript
/// signer and the key. An exception a Python signer raised is chained to the one raised here.
fn sign_with<'py>(
    py: Python<'py>,
    source: KeySource,
    algorithm: Option<&str>,
    provider: &'static dyn CryptoProvider,
    config: SignerConfig,
    sign: impl FnOnce(&TranscriptSigner, &dyn Signer) -> Result<Vec<u8>, hocba::Error> + Send,
) -> PyResult<Bound<'py, PyBytes>> {
    let signed = py.detach(|| -> Result<Vec<u8>, Failure> {
        let software;
        let key: &dyn Signer = match &source {
            KeySource::Key { key, certificates, chain } => {
                let mut all = read_certificates("cert", certificates)?;
                all.extend(read_certificates("chain", chain)?);
                software = software_signer(PrivateKey::from_pem_or_der(key)?, all, algorithm, provider)?;
                &software
            }
            KeySource::Pkcs12 { der, password } => {
                let identity = Pkcs12Identity::from_der(der, password)?;
                software = software_signer(identity.key, identity.certificates, algorithm, provider)?;
                &software
            }
            KeySource::Python(python_signer) => python_signer,
            KeySource::Token(token) => &token.get().signer,
        };
        Ok(sign(&TranscriptSigner::new(config), key)?)
    });
    match signed {
        Ok(signed) => Ok(PyBytes::new(py, &signed)),
        Err(failure) => {
            let error = failure.into_pyerr(py);
            if let KeySource::Python(python_signer) = source {
                let raised = python_signer.raised.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
                if let Some(cause) = raised.filter(|_| error.is_instance_of::<CryptoError>(py)) {
                    error.set_cause(py, Some(cause));
                }
            }
            Err(error)
        }
    }
}

/// A signature waiting for its value: for signers that answer later or elsewhere (a remote-signing
/// service, a phone app). `to_be_signed()` says what to sign; `finish(value)` returns the signed
/// document once the value verifies under the certificate. Finished once.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct PreparedSignature {
    prepared: Mutex<Option<dsig::PreparedSignature>>,
}

#[pymethods]
impl PreparedSignature {
    /// The bytes to sign: the canonical `SignedInfo` (`input="message"`) or its digest under the
    /// algorithm's hash (`input="digest"`).
    #[pyo3(signature = (input="message"))]
    fn to_be_signed<'py>(&self, py: Python<'py>, input: &str) -> PyResult<Bound<'py, PyBytes>> {
        let input = signer_input(input)?;
        let prepared = self.prepared.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let prepared = prepared.as_ref().ok_or_else(|| PyValueError::new_err("this signature is already finished"))?;
        Ok(PyBytes::new(py, &prepared.to_be_signed(input)))
    }

    /// Puts the signature value (ECDSA as `r || s`) in place and returns the signed document.
    fn finish<'py>(&self, py: Python<'py>, signature_value: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
        let prepared = self.prepared.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        let prepared = prepared.ok_or_else(|| PyValueError::new_err("this signature is already finished"))?;
        let signed = py.detach(|| prepared.finish(signature_value).map_err(Failure::from));
        signed.map(|bytes| PyBytes::new(py, &bytes)).map_err(|failure| failure.into_pyerr(py))
    }
}

fn signer_input(name: &str) -> PyResult<SignerInput> {
    match name {
        "message" => Ok(SignerInput::Message),
        "digest" => Ok(SignerInput::Digest),
        other => Err(PyValueError::new_err(format!("input must be \"message\" or \"digest\", not {other:?}"))),
    }
}

/// The first phase of signing: the signature around everything but its value.
///
/// Parameters:
///     document: the XML, as bytes or str (the XML itself), or a path to read (pathlib.Path).
///     reference_id: the Id of the element to sign.
///     cert, chain: the signer's certificate, then its chain (bytes, or paths).
///     into, signature_id, countersign, c14n, signing_time: as in `sign`.
///     algorithm, provider: as in `sign` (default algorithm: by the certificate's key).
///
/// Returns a PreparedSignature: `to_be_signed()` is what to sign elsewhere, `finish(value)` the
/// signed document.
///
/// Example:
///     >>> keys = pathlib.Path("test-vectors/keys")
///     >>> sample = pathlib.Path("test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml")
///     >>> prepared = hocba.prepare(sample, reference_id="data-1", into="DSCKS/GVCN", cert=keys / "p256-cert.pem")
///     >>> prepared.to_be_signed("digest")[:0], len(prepared.to_be_signed("digest"))
///     (b'', 32)
#[pyfunction]
#[pyo3(signature = (
    document, *, reference_id, cert, into=None, chain=None, algorithm=None, signature_id=None, signing_time=None,
    countersign=None, c14n="c14n", provider=None,
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn prepare(
    py: Python<'_>,
    document: &Bound<'_, PyAny>,
    reference_id: &str,
    cert: &Bound<'_, PyAny>,
    into: Option<&Bound<'_, PyAny>>,
    chain: Option<&Bound<'_, PyAny>>,
    algorithm: Option<&str>,
    signature_id: Option<&str>,
    signing_time: Option<&Bound<'_, PyAny>>,
    countersign: Option<&Bound<'_, PyAny>>,
    c14n: &str,
    provider: Option<&str>,
) -> PyResult<PreparedSignature> {
    let provider = setting(provider_named(provider))?;
    let mut certificates = certificates(py, "cert", &input::materials("cert", Some(cert))?)?;
    certificates.extend(self::certificates(py, "chain", &input::materials("chain", chain)?)?);
    let first = certificates.first().ok_or_else(|| PyValueError::new_err("cert: no certificate"))?;
    let key_type =
        PublicKey::from_certificate_der(first).map_err(|e| Failure::certificate("cert", &e).into_pyerr(py))?.key_type();
    let algorithm = match algorithm {
        Some(name) => algorithm_named(py, name)?,
        None => default_algorithm(key_type),
    };
    let signing_time = match signing_time.filter(|t| !t.is_none()) {
        Some(time) => time_value(py, "signing_time", time)?,
        None => UtcTime::from_system_time(std::time::SystemTime::now()),
    };
    let request = self::request(py, reference_id, into, signature_id, signing_time, countersign, c14n, provider)?;
    let document = input::document(document)?;
    let prepared = py.detach(|| dsig::prepare(&document, &request, algorithm, &certificates).map_err(Failure::from));
    let prepared = prepared.map_err(|failure| failure.into_pyerr(py))?;
    Ok(PreparedSignature { prepared: Mutex::new(Some(prepared)) })
}

/// A key on a PKCS#11 token (USB token, smart card, HSM), named by its RFC 7512 URI: one session,
/// logged in once, for every document it signs (`sign(..., signer=Pkcs11Signer(...))`). The
/// certificate is the token's with the key's id, the chain its CA certificates. The PIN comes from
/// the URI's `pin-source=file:...`, else `pin=`, else the environment variable `pin_env=`.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct Pkcs11Signer {
    signer: TokenSigner,
}

#[pymethods]
impl Pkcs11Signer {
    #[new]
    #[pyo3(signature = (uri, *, module=None, pin=None, pin_env=None, algorithm=None))]
    fn new(
        py: Python<'_>,
        uri: &str,
        module: Option<std::path::PathBuf>,
        pin: Option<String>,
        pin_env: Option<String>,
        algorithm: Option<&str>,
    ) -> PyResult<Self> {
        let pin = match (pin, pin_env) {
            (Some(_), Some(_)) => return Err(PyTypeError::new_err("Pkcs11Signer takes pin= or pin_env=, not both")),
            (Some(pin), None) => Some(Pin::new(pin)),
            (None, Some(name)) => Some(Pin::new(
                std::env::var(&name)
                    .map_err(|_| PyValueError::new_err(format!("pin_env: the environment has no {name}")))?,
            )),
            (None, None) => None,
        };
        let algorithm = algorithm.map(|name| algorithm_named(py, name)).transpose()?;
        let uri = Pkcs11Uri::parse(uri).map_err(|e| Failure::from(CoreCryptoError::Token(e)).into_pyerr(py))?;
        let options = TokenOptions { module, pin, algorithm, certificates: Vec::new() };
        let signer = py.detach(|| TokenSigner::open(&uri, options));
        let signer = signer.map_err(|e| Failure::from(CoreCryptoError::Token(e)).into_pyerr(py))?;
        Ok(Pkcs11Signer { signer })
    }

    /// The token's label.
    #[getter]
    fn token(&self) -> &str {
        self.signer.token_label()
    }

    /// The signature algorithm's short name (`rsa-sha256`, `ecdsa-sha256`, ...).
    #[getter]
    fn algorithm(&self) -> String {
        self.signer.algorithm().short_name()
    }

    /// The DER certificates for KeyInfo, the signer's first.
    #[getter]
    fn certificates<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyBytes>> {
        self.signer.certificates().iter().map(|c| PyBytes::new(py, c)).collect()
    }
}
