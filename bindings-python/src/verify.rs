//! `hocba.verify` and what it returns. A `VerificationResult` has no Python constructor: only a
//! verification (or unpickling one) makes it. Its `to_dict()` has the shape of the CLI's
//! `hocba verify --json` (without `file`), so reports can grow from one shape.

use std::fmt::Write as _;

use base64ct::{Base64, Encoding as _};
use hocba::crypto::{CryptoProvider, DigestAlgorithm, PublicKey, certificates_from_pem_or_der};
use hocba::dsig::{self, DsigError, RequiredElement, VerifiedSignature as CoreSignature, VerifyOptions, Warning};
use hocba::time::UtcTime;
use hocba::xml::Document;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::errors::Failure;
use crate::input;
use crate::sign::provider;

/// What a verification found, owned by Rust and built without the GIL.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct ResultData {
    valid: bool,
    signatures: Vec<SignatureData>,
    error: Option<ErrorData>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct ErrorData {
    code: String,
    message: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct SignatureData {
    id: Option<String>,
    line: u32,
    column: u32,
    algorithm: String,
    key_type: String,
    key_bits: usize,
    #[serde(with = "base64_option")]
    signer_certificate: Option<Vec<u8>>,
    signer_certificate_sha256: Option<String>,
    #[serde(with = "base64_list")]
    key_info_certificates: Vec<Vec<u8>>,
    claimed_signing_time: Option<i64>,
    references: Vec<ReferenceData>,
    warnings: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct ReferenceData {
    uri: String,
    digest_algorithm: String,
    #[serde(with = "base64_bytes")]
    signed_bytes: Vec<u8>,
}

impl ResultData {
    fn from_core(result: &Result<Vec<CoreSignature>, DsigError>, provider: &dyn CryptoProvider) -> Self {
        match result {
            Ok(signatures) => ResultData {
                valid: true,
                signatures: signatures.iter().map(|s| SignatureData::from_core(s, provider)).collect(),
                error: None,
            },
            Err(e) => ResultData {
                valid: false,
                signatures: Vec::new(),
                error: Some(ErrorData { code: e.code().to_owned(), message: e.to_string() }),
            },
        }
    }

    /// The CLI's JSON object, without `file`.
    fn to_json_value(&self) -> Value {
        json!({
            "valid": self.valid,
            "signatures": self.signatures.iter().map(SignatureData::to_json_value).collect::<Vec<_>>(),
            "error": self.error.as_ref().map(|e| json!({ "code": e.code, "message": e.message })),
        })
    }
}

impl SignatureData {
    fn from_core(s: &CoreSignature, provider: &dyn CryptoProvider) -> Self {
        let fingerprint = s.signer_certificate().map(|der| {
            let mut digest = provider.digest(DigestAlgorithm::Sha256);
            digest.update(der);
            digest.finish().iter().fold(String::new(), |mut hex, b| {
                let _ = write!(hex, "{b:02x}");
                hex
            })
        });
        SignatureData {
            id: s.id().map(str::to_owned),
            line: s.position().line,
            column: s.position().column,
            algorithm: s.algorithm().uri().to_owned(),
            key_type: s.key().key_type().to_string(),
            key_bits: s.key().bits(),
            signer_certificate: s.signer_certificate().map(<[u8]>::to_vec),
            signer_certificate_sha256: fingerprint,
            key_info_certificates: s.key_info_certificates().to_vec(),
            claimed_signing_time: s.claimed_signing_time().map(UtcTime::unix_seconds),
            references: s
                .references()
                .iter()
                .map(|r| ReferenceData {
                    uri: r.uri().to_owned(),
                    digest_algorithm: r.digest_algorithm().uri().to_owned(),
                    signed_bytes: r.canonical_bytes().to_vec(),
                })
                .collect(),
            warnings: s.warnings().iter().map(warning_text).collect(),
        }
    }

    fn to_json_value(&self) -> Value {
        json!({
            "id": self.id,
            "position": format!("{}:{}", self.line, self.column),
            "algorithm": self.algorithm,
            "key": { "type": self.key_type, "bits": self.key_bits },
            "signer_certificate_sha256": self.signer_certificate_sha256,
            "claimed_signing_time": self.claimed_signing_time.map(|t| UtcTime::from_unix_seconds(t).to_utc_string()),
            "references": self.references.iter().map(|r| json!({ "uri": r.uri, "digest_algorithm": r.digest_algorithm })).collect::<Vec<_>>(),
            "warnings": self.warnings,
        })
    }
}

/// The CLI's wording, so that both JSON forms agree.
fn warning_text(warning: &Warning) -> String {
    match warning {
        Warning::WeakAlgorithm(uri) => format!("weak algorithm {uri} accepted under --allow-sha1"),
        Warning::WeakKey { bits } => format!("RSA key of {bits} bits is below 2048"),
        other => format!("{other:?}"),
    }
}

/// The outcome of `hocba.verify`: whether every signature verified, and what each one signed.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct VerificationResult {
    data: ResultData,
}

/// One signature that verified.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct VerifiedSignature {
    data: SignatureData,
}

/// One reference of a verified signature: exactly the bytes its digest covers.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct VerifiedReference {
    data: ReferenceData,
}

#[pymethods]
impl VerificationResult {
    /// True only if every signature verified.
    #[getter]
    fn valid(&self) -> bool {
        self.data.valid
    }

    /// The signatures that verified, in document order (empty when `valid` is false).
    #[getter]
    fn signatures(&self) -> Vec<VerifiedSignature> {
        self.data.signatures.iter().map(|s| VerifiedSignature { data: s.clone() }).collect()
    }

    /// The error code (stable, as in `hocba verify --json`), or None.
    #[getter]
    fn error_code(&self) -> Option<&str> {
        self.data.error.as_ref().map(|e| e.code.as_str())
    }

    /// The error message, or None.
    #[getter]
    fn error_message(&self) -> Option<&str> {
        self.data.error.as_ref().map(|e| e.message.as_str())
    }

    /// A dict in the shape of `hocba verify --json` (without `file`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.data.to_json_value())
    }

    /// JSON in the shape of `hocba verify --json` (without `file`), UTF-8 text as is.
    #[pyo3(signature = (*, indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        let value = self.data.to_json_value();
        let text = match indent {
            None => serde_json::to_string(&value),
            Some(width) => {
                let spaces = vec![b' '; width];
                let formatter = serde_json::ser::PrettyFormatter::with_indent(&spaces);
                let mut out = Vec::new();
                let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
                value.serialize(&mut serializer).map(|()| String::from_utf8(out).expect("serde_json writes UTF-8"))
            }
        };
        text.map_err(|e| PyValueError::new_err(e.to_string()))
    }

    fn __repr__(&self) -> String {
        match &self.data.error {
            None => format!("<VerificationResult valid, {} signature(s)>", self.data.signatures.len()),
            Some(e) => format!("<VerificationResult invalid: {}>", e.code),
        }
    }

    /// Pickled as its full state (signed bytes included), for batch jobs that move results
    /// between processes.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let restore = py.import("hocba._hocba")?.getattr("_restore_verification_result")?;
        let state = serde_json::to_string(&self.data).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok((restore, (state,)))
    }
}

/// Rebuilds a pickled `VerificationResult` (for `pickle` only).
#[pyfunction]
pub(crate) fn _restore_verification_result(state: &str) -> PyResult<VerificationResult> {
    let data = serde_json::from_str(state).map_err(|e| PyValueError::new_err(format!("not a pickled result: {e}")))?;
    Ok(VerificationResult { data })
}

#[pymethods]
impl VerifiedSignature {
    /// The `Signature` element's `Id`.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.data.id.as_deref()
    }

    /// (line, column) where the `Signature` element starts.
    #[getter]
    fn position(&self) -> (u32, u32) {
        (self.data.line, self.data.column)
    }

    /// The signature algorithm's URI.
    #[getter]
    fn algorithm(&self) -> &str {
        &self.data.algorithm
    }

    /// `"RSA"` or `"EC"`: the type of the trusted key it verified under.
    #[getter]
    fn key_type(&self) -> &str {
        &self.data.key_type
    }

    #[getter]
    fn key_bits(&self) -> usize {
        self.data.key_bits
    }

    /// The certificate in `KeyInfo` carrying the key that verified it (DER), or None.
    #[getter]
    fn signer_certificate<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.data.signer_certificate.as_ref().map(|der| PyBytes::new(py, der))
    }

    /// SHA-256 of `signer_certificate`, hex, or None.
    #[getter]
    fn signer_certificate_sha256(&self) -> Option<&str> {
        self.data.signer_certificate_sha256.as_deref()
    }

    /// Every certificate in `KeyInfo` (DER): candidates for a chain, trusted for nothing.
    #[getter]
    fn key_info_certificates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.data.key_info_certificates.iter().map(|der| PyBytes::new(py, der)))
    }

    /// The `SigningTime` the signer claims (an aware UTC datetime), read from signed bytes; or
    /// None. A claim: only a time-stamp proves a time.
    #[getter]
    fn claimed_signing_time<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(seconds) = self.data.claimed_signing_time else { return Ok(None) };
        let datetime = py.import("datetime")?;
        let utc = datetime.getattr("timezone")?.getattr("utc")?;
        datetime.getattr("datetime")?.call_method1("fromtimestamp", (seconds, utc)).map(Some)
    }

    #[getter]
    fn references(&self) -> Vec<VerifiedReference> {
        self.data.references.iter().map(|r| VerifiedReference { data: r.clone() }).collect()
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.data.warnings.clone()
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.data.to_json_value())
    }

    fn __repr__(&self) -> String {
        format!(
            "<VerifiedSignature {} at {}:{}, {} {} bits>",
            self.data.id.as_deref().unwrap_or("(no Id)"),
            self.data.line,
            self.data.column,
            self.data.key_type,
            self.data.key_bits
        )
    }
}

#[pymethods]
impl VerifiedReference {
    /// The reference's `URI` attribute.
    #[getter]
    fn uri(&self) -> &str {
        &self.data.uri
    }

    /// The digest algorithm's URI.
    #[getter]
    fn digest_algorithm(&self) -> &str {
        &self.data.digest_algorithm
    }

    /// Exactly the canonical bytes the digest covers: what a caller should take data from.
    #[getter]
    fn signed_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.data.signed_bytes)
    }

    fn __repr__(&self) -> String {
        format!("<VerifiedReference {:?}, {} signed bytes>", self.data.uri, self.data.signed_bytes.len())
    }
}

/// A JSON value as Python objects (dict, list, str, int, float, bool, None).
fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
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

/// Verifies every signature in `document` against the trusted keys.
#[pyfunction]
#[pyo3(signature = (
    document, *, trusted_certs=None, trusted_keys=None, id_attributes=None, allow_sha1=false, required=None,
    signature_places=None, provider=None, raise_on_invalid=true,
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn verify<'py>(
    py: Python<'py>,
    document: &Bound<'py, PyAny>,
    trusted_certs: Option<&Bound<'py, PyAny>>,
    trusted_keys: Option<&Bound<'py, PyAny>>,
    id_attributes: Option<&Bound<'py, PyAny>>,
    allow_sha1: bool,
    required: Option<&Bound<'py, PyAny>>,
    signature_places: Option<&Bound<'py, PyAny>>,
    provider: Option<&str>,
    raise_on_invalid: bool,
) -> PyResult<VerificationResult> {
    let provider = self::provider(provider)?;
    let certificate_items = input::materials("trusted_certs", trusted_certs)?;
    let key_items = input::materials("trusted_keys", trusted_keys)?;
    let mut options = VerifyOptions { provider, allow_sha1, ..VerifyOptions::default() };
    if id_attributes.is_some_and(|a| !a.is_none()) {
        options.id_attributes = input::strings("id_attributes", id_attributes)?;
    }
    for requirement in input::strings("required", required)? {
        let (id, place) = requirement.split_once('@').unwrap_or((&requirement, ""));
        if id.is_empty() {
            return Err(PyValueError::new_err(format!("required {requirement:?}: the Id is missing")));
        }
        options.required.push(RequiredElement { id: id.to_owned(), place: input::split_path(place) });
    }
    options.signature_places =
        input::strings("signature_places", signature_places)?.iter().map(|p| input::split_path(p)).collect();
    let document = input::document(document)?;

    // Everything from reading the keys on runs without the GIL.
    let outcome = py.detach(|| {
        options.trusted_keys = trusted_keys_from(&certificate_items, &key_items)?;
        let result = Document::parse(&document).map_err(DsigError::Xml).and_then(|doc| dsig::verify(&doc, &options));
        let data = ResultData::from_core(&result, provider);
        Ok::<_, Failure>((data, result.err().map(Failure::from)))
    });
    let (data, error) = outcome.map_err(|failure| failure.into_pyerr(py))?;
    match error {
        Some(failure) if raise_on_invalid => {
            let error = failure.into_pyerr(py);
            error.value(py).setattr("result", VerificationResult { data })?;
            Err(error)
        }
        _ => Ok(VerificationResult { data }),
    }
}

/// The keys of every certificate in `certificates` (PEM may hold several), then `keys`.
fn trusted_keys_from(certificates: &[Vec<u8>], keys: &[Vec<u8>]) -> Result<Vec<PublicKey>, Failure> {
    let mut trusted = Vec::new();
    for item in certificates {
        trusted.extend(KEY_CACHE.get_or_read(Material::Certificates, item, || {
            let der = certificates_from_pem_or_der(item).map_err(|e| Failure::certificate("trusted_certs", &e))?;
            der.iter()
                .map(|c| PublicKey::from_certificate_der(c).map_err(|e| Failure::certificate("trusted_certs", &e)))
                .collect()
        })?);
    }
    for item in keys {
        trusted.extend(KEY_CACHE.get_or_read(Material::Key, item, || Ok(vec![PublicKey::from_pem_or_der(item)?]))?);
    }
    Ok(trusted)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Material {
    Certificates,
    Key,
}

/// Keys read from the same bytes on earlier calls. A `PublicKey` keeps each provider's decoded key
/// and its clones share it; decoding costs more than verifying a signature, and callers pass the
/// same certificate bytes to every `verify` call. Keyed by the whole input, bounded in entries.
struct KeyCache {
    entries: std::sync::Mutex<Vec<CachedKeys>>,
}

/// What kind of material, its bytes, the keys read from them.
type CachedKeys = (Material, Vec<u8>, Vec<PublicKey>);

static KEY_CACHE: KeyCache = KeyCache { entries: std::sync::Mutex::new(Vec::new()) };
const KEY_CACHE_ENTRIES: usize = 64;

impl KeyCache {
    fn get_or_read(
        &self,
        kind: Material,
        bytes: &[u8],
        read: impl FnOnce() -> Result<Vec<PublicKey>, Failure>,
    ) -> Result<Vec<PublicKey>, Failure> {
        let lock = || self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, _, keys)) = lock().iter().find(|(k, b, _)| *k == kind && b == bytes) {
            return Ok(keys.clone());
        }
        let keys = read()?;
        let mut entries = lock();
        if entries.len() >= KEY_CACHE_ENTRIES {
            entries.remove(0);
        }
        entries.push((kind, bytes.to_vec(), keys.clone()));
        Ok(keys)
    }
}

mod base64_bytes {
    use super::*;
    pub(super) fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&Base64::encode_string(bytes))
    }
    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        Base64::decode_vec(&text).map_err(serde::de::Error::custom)
    }
}

mod base64_option {
    use super::*;
    pub(super) fn serialize<S: serde::Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        bytes.as_ref().map(|b| Base64::encode_string(b)).serialize(s)
    }
    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| Base64::decode_vec(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

mod base64_list {
    use super::*;
    pub(super) fn serialize<S: serde::Serializer>(items: &[Vec<u8>], s: S) -> Result<S::Ok, S::Error> {
        items.iter().map(|b| Base64::encode_string(b)).collect::<Vec<_>>().serialize(s)
    }
    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Vec<u8>>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|text| Base64::decode_vec(text).map_err(serde::de::Error::custom))
            .collect()
    }
}
