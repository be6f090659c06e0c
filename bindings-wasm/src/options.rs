//! Options objects from JavaScript, read strictly: an unknown name or a wrong type is an
//! `invalid_option` error, never ignored (a misspelt `required` must not verify less).

use std::sync::LazyLock;

use hocba::cache::Caches;
use hocba::crypto::{PublicKey, RUSTCRYPTO};
use std::sync::Arc;

use hocba::Code;

use hocba::approvals::{ApprovalPolicy, ListAuthorities, SignatureCheck};
use hocba::dsig::{RequiredElement, VerifyOptions, place_from_str};
use hocba::pki::{
    Certificate, Crl, OcspResponse, RevocationChecker, RevocationData, RevocationPolicy, TimePolicy, TrustOptions,
    TrustStore,
};
use hocba::time::UtcTime;
use hocba::verifier::{OtherDocuments, Verifier, VerifierConfig};
use js_sys::{Array, Date, Error, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::js_error;

/// The core's caches (signers' keys, validated paths, checked CRLs), shared by every call of the
/// page: each call builds its options anew.
static CACHES: LazyLock<Caches> = LazyLock::new(Caches::default);

/// What `verify` was asked, in the core's terms.
pub(crate) struct VerifyRequest {
    pub(crate) verifier: Verifier,
    /// Every CRL and OCSP response given (supplied and fetched), for `revocationRequests`: what
    /// is at hand needs no request.
    pub(crate) at_hand: RevocationData,
    /// The approval lists given (supplied and fetched), unless approval checking is off: whose
    /// signers' revocation `revocationRequests` asks about too.
    pub(crate) approval_documents: Vec<Vec<u8>>,
    /// What the result says about the approval lists (`null` when none was given).
    pub(crate) approvals: serde_json::Value,
    /// The next editions of the stale lists in use, for `approvalListRequests`.
    pub(crate) list_requests: Vec<serde_json::Value>,
}

pub(crate) struct C14nRequest {
    pub(crate) algorithm: Option<String>,
    pub(crate) prefix_list: Option<String>,
    pub(crate) subtree_id: Option<String>,
    pub(crate) subtree: Option<String>,
}

const VERIFY_OPTIONS: &[&str] = &[
    "trustedCertificates",
    "intermediates",
    "crls",
    "ocspResponses",
    "revocation",
    "time",
    "now",
    "trustedKeys",
    "idAttributes",
    "required",
    "signaturePlaces",
    "allowSha1",
    "fetchedRevocation",
    "generic",
    "approvals",
    "approvalAuthorities",
    "approvalPolicy",
    "fetchedApprovals",
];

pub(crate) fn verify_request(options: Option<&Object>) -> Result<VerifyRequest, Error> {
    let empty = Object::new();
    let options = options.unwrap_or(&empty);
    check_names(options, VERIFY_OPTIONS)?;
    let allow_sha1 = match get(options, "allowSha1")? {
        None => false,
        Some(value) => value.as_bool().ok_or_else(|| invalid("allowSha1 must be true or false"))?,
    };

    let mut signatures =
        VerifyOptions { provider: &RUSTCRYPTO, allow_sha1, caches: CACHES.clone(), ..VerifyOptions::default() };
    for (i, item) in array(options, "trustedKeys")?.iter().enumerate() {
        let bytes = bytes(&item, &format!("trustedKeys[{i}]"))?;
        let key = PublicKey::from_pem_or_der(&bytes)
            .map_err(|e| js_error(Code::InvalidKey, &format!("trustedKeys[{i}]: {e}"), None))?;
        signatures.trusted_keys.push(key);
    }
    if get(options, "idAttributes")?.is_some() {
        let names = strings(options, "idAttributes")?;
        if names.is_empty() {
            return Err(invalid("idAttributes must name at least one attribute"));
        }
        signatures.id_attributes = names;
    }
    for (i, item) in array(options, "required")?.iter().enumerate() {
        let name = format!("required[{i}]");
        let item = item.dyn_into::<Object>().map_err(|_| invalid(&format!("{name} must be {{ id, place? }}")))?;
        check_names(&item, &["id", "place"])?;
        let id = string(&item, "id")?
            .filter(|id| !id.is_empty())
            .ok_or_else(|| invalid(&format!("{name}.id is missing")))?;
        let place = string(&item, "place")?.map(|p| place_from_str(&p)).unwrap_or_default();
        signatures.required.push(RequiredElement { id, place });
    }
    signatures.signature_places = strings(options, "signaturePlaces")?.iter().map(|p| place_from_str(p)).collect();

    let mut trust = TrustOptions { caches: CACHES.clone(), ..TrustOptions::default() };
    trust.path.allow_sha1 = allow_sha1;
    // Anchors replace the government roots, as `hocba verify --trust` does.
    if get(options, "trustedCertificates")?.is_some() {
        let mut store = TrustStore::empty();
        for (i, item) in array(options, "trustedCertificates")?.iter().enumerate() {
            let name = format!("trustedCertificates[{i}]");
            for certificate in certificates(&bytes(&item, &name)?, &name)? {
                store.add_anchor(certificate);
            }
        }
        if store.anchors().is_empty() {
            return Err(invalid("trustedCertificates must hold at least one certificate"));
        }
        trust.trust = store;
    }
    for (i, item) in array(options, "intermediates")?.iter().enumerate() {
        let name = format!("intermediates[{i}]");
        trust.intermediates.extend(certificates(&bytes(&item, &name)?, &name)?);
    }
    if let Some(policy) = string(options, "revocation")? {
        trust.revocation = policy.parse::<RevocationPolicy>().map_err(|e| invalid(&format!("revocation: {e}")))?;
    }
    if let Some(policy) = string(options, "time")? {
        trust.time = policy.parse::<TimePolicy>().map_err(|e| invalid(&format!("time: {e}")))?;
    }
    // WASM has no clock of its own: the caller's, or the JS one.
    let now_ms = match get(options, "now")? {
        None => Date::now(),
        Some(value) => match value.dyn_ref::<Date>() {
            Some(date) => date.get_time(),
            None => value.as_f64().ok_or_else(|| invalid("now must be a Date or milliseconds since 1970"))?,
        },
    };
    if !now_ms.is_finite() {
        return Err(invalid("now is not a valid time"));
    }
    let now = UtcTime::from_unix_seconds((now_ms / 1000.0).floor() as i64);
    trust.now = Some(now);

    let mut supplied = RevocationData::default();
    for (i, item) in array(options, "crls")?.iter().enumerate() {
        let name = format!("crls[{i}]");
        let crls = Crl::all_from_pem_or_der(&bytes(&item, &name)?)
            .map_err(|e| js_error(Code::CrlMalformed, &format!("{name}: {e}"), None))?;
        supplied.crls.extend(crls);
    }
    for (i, item) in array(options, "ocspResponses")?.iter().enumerate() {
        let name = format!("ocspResponses[{i}]");
        let response = OcspResponse::from_der(&bytes(&item, &name)?)
            .map_err(|e| js_error(Code::OcspResponseMalformed, &format!("{name}: {e}"), None))?;
        supplied.ocsp_responses.push(response);
    }
    let mut at_hand = supplied.clone();
    let mut revocation = RevocationChecker::offline(supplied);
    for (i, item) in array(options, "fetchedRevocation")?.iter().enumerate() {
        let name = format!("fetchedRevocation[{i}]");
        let fetched_error = |code: Code, message: String| {
            let error = js_error(code, &format!("{name}: {message}"), None);
            // Which answer: the page drops it and says that fetch failed.
            let _ = Reflect::set(&error, &"index".into(), &(i as u32).into());
            error
        };
        let item = item.dyn_into::<Object>().map_err(|_| invalid(&format!("{name} must be {{ kind, url, bytes }}")))?;
        check_names(&item, &["kind", "url", "bytes"])?;
        let url = string(&item, "url")?.ok_or_else(|| invalid(&format!("{name}.url is missing")))?;
        let bytes = match get(&item, "bytes")? {
            Some(value) => value
                .dyn_ref::<Uint8Array>()
                .map(Uint8Array::to_vec)
                .ok_or_else(|| invalid(&format!("{name}.bytes must be a Uint8Array")))?,
            None => return Err(invalid(&format!("{name}.bytes is missing"))),
        };
        revocation = match string(&item, "kind")?.as_deref() {
            Some("crl") => {
                let crls =
                    Crl::all_from_pem_or_der(&bytes).map_err(|e| fetched_error(Code::CrlMalformed, e.to_string()))?;
                if crls.is_empty() {
                    return Err(fetched_error(Code::CrlMalformed, "no CRL".to_owned()));
                }
                at_hand.crls.extend(crls.iter().cloned());
                crls.into_iter().fold(revocation, |checker, crl| checker.with_fetched_crl(url.clone(), crl))
            }
            Some("ocsp") => {
                let response = OcspResponse::from_der(&bytes)
                    .map_err(|e| fetched_error(Code::OcspResponseMalformed, e.to_string()))?;
                at_hand.ocsp_responses.push(response.clone());
                revocation.with_fetched_ocsp_response(url, response)
            }
            _ => return Err(invalid(&format!("{name}.kind must be \"crl\" or \"ocsp\""))),
        };
    }
    let other = match get(options, "generic")? {
        None => OtherDocuments::Refuse,
        Some(value) => match value.as_bool() {
            Some(true) => OtherDocuments::Verify,
            Some(false) => OtherDocuments::Refuse,
            None => return Err(invalid("generic must be true or false")),
        },
    };
    let revocation = Arc::new(revocation);

    let approval = approval_options(options)?;
    let (approvals, summary, list_requests) = if approval.documents.is_empty() && approval.fetched.is_empty() {
        (None, serde_json::Value::Null, Vec::new())
    } else {
        let check = SignatureCheck { signatures: &signatures, trust: &trust, revocation: &revocation };
        let (approvals, summary) = crate::approvals::load(
            approval.documents.clone(),
            approval.fetched.clone(),
            &approval.authorities,
            &check,
            approval.policy,
            now,
        );
        let requests = match approval.policy {
            ApprovalPolicy::Off => Vec::new(),
            _ => crate::approvals::list_requests(&approvals, now),
        };
        (Some(Arc::new(approvals)), summary, requests)
    };
    let approval_documents = match approval.policy {
        ApprovalPolicy::Off => Vec::new(),
        _ => approval.documents.into_iter().chain(approval.fetched).map(|(_, bytes)| bytes).collect(),
    };
    let config = VerifierConfig {
        signatures,
        trust,
        revocation,
        other_documents: other,
        approvals,
        approval_policy: approval.policy,
        ..VerifierConfig::default()
    };
    Ok(VerifyRequest {
        verifier: Verifier::new(config),
        at_hand,
        approval_documents,
        approvals: summary,
        list_requests,
    })
}

/// The approval options of `verify`, read.
struct ApprovalOptions {
    policy: ApprovalPolicy,
    /// `approvals`: (label, bytes).
    documents: Vec<(String, Vec<u8>)>,
    /// `fetchedApprovals`: (URL, bytes).
    fetched: Vec<(String, Vec<u8>)>,
    authorities: ListAuthorities,
}

/// `approvals`, `approvalAuthorities`, `approvalPolicy` and `fetchedApprovals`. Lists need the
/// authorities whose lists are trusted (as `hocba verify --approvals` needs
/// `--approval-authority`); authorities without lists change nothing (approval is then not
/// checked, and the report says so).
fn approval_options(options: &Object) -> Result<ApprovalOptions, Error> {
    let policy = match string(options, "approvalPolicy")? {
        Some(policy) => policy.parse::<ApprovalPolicy>().map_err(|e| invalid(&format!("approvalPolicy: {e}")))?,
        None => ApprovalPolicy::default(),
    };
    let mut documents = Vec::new();
    for (i, item) in array(options, "approvals")?.iter().enumerate() {
        let name = format!("approvals[{i}]");
        if item.is_string() || item.is_instance_of::<Uint8Array>() {
            documents.push((name.clone(), bytes(&item, &name)?));
            continue;
        }
        let item = item
            .dyn_into::<Object>()
            .map_err(|_| invalid(&format!("{name} must be a string, a Uint8Array or {{ label, bytes }}")))?;
        check_names(&item, &["label", "bytes"])?;
        let label = string(&item, "label")?.unwrap_or_else(|| name.clone());
        let value = get(&item, "bytes")?.ok_or_else(|| invalid(&format!("{name}.bytes is missing")))?;
        documents.push((label, bytes(&value, &format!("{name}.bytes"))?));
    }
    let mut fetched = Vec::new();
    for (i, item) in array(options, "fetchedApprovals")?.iter().enumerate() {
        let name = format!("fetchedApprovals[{i}]");
        let item = item.dyn_into::<Object>().map_err(|_| invalid(&format!("{name} must be {{ url, bytes }}")))?;
        check_names(&item, &["url", "bytes"])?;
        let url = string(&item, "url")?.ok_or_else(|| invalid(&format!("{name}.url is missing")))?;
        let bytes = match get(&item, "bytes")? {
            Some(value) => value
                .dyn_ref::<Uint8Array>()
                .map(Uint8Array::to_vec)
                .ok_or_else(|| invalid(&format!("{name}.bytes must be a Uint8Array")))?,
            None => return Err(invalid(&format!("{name}.bytes is missing"))),
        };
        fetched.push((url, bytes));
    }
    let mut authorities = ListAuthorities::new();
    for (i, item) in array(options, "approvalAuthorities")?.iter().enumerate() {
        let name = format!("approvalAuthorities[{i}]");
        match item.as_string() {
            // Text that is not PEM: a SHA-256 fingerprint, as certificate viewers show it, bound to
            // an authority code with `=CODE`.
            Some(text) if !text.contains("-----BEGIN") => authorities.add_written(text.trim()).map_err(|e| {
                invalid(&format!("{name}: neither a PEM certificate nor a SHA-256 fingerprint[=CODE] ({e})"))
            })?,
            _ => {
                let found = certificates(&bytes(&item, &name)?, &name)?;
                if found.is_empty() {
                    return Err(js_error(Code::CertificateMalformed, &format!("{name}: no certificate"), None));
                }
                for certificate in found {
                    authorities.add_certificate(certificate.der());
                }
            }
        }
    }
    if !documents.is_empty() && authorities.is_empty() {
        return Err(invalid("approvals needs approvalAuthorities: the authorities whose lists are trusted"));
    }
    Ok(ApprovalOptions { policy, documents, fetched, authorities })
}

pub(crate) fn c14n_request(options: Option<&Object>) -> Result<C14nRequest, Error> {
    let mut request = C14nRequest { algorithm: None, prefix_list: None, subtree_id: None, subtree: None };
    let Some(options) = options else { return Ok(request) };
    check_names(options, &["algorithm", "prefixList", "subtreeId", "subtree"])?;
    request.algorithm = string(options, "algorithm")?;
    request.prefix_list = string(options, "prefixList")?;
    request.subtree_id = string(options, "subtreeId")?;
    request.subtree = string(options, "subtree")?;
    Ok(request)
}

fn certificates(bytes: &[u8], name: &str) -> Result<Vec<Certificate>, Error> {
    Certificate::all_from_pem_or_der(bytes)
        .map_err(|e| js_error(Code::CertificateMalformed, &format!("{name}: {e}"), None))
}

fn invalid(message: &str) -> Error {
    js_error(Code::InvalidSetting, message, None)
}

fn check_names(options: &Object, known: &[&str]) -> Result<(), Error> {
    for name in Object::keys(options).iter() {
        let name = name.as_string().unwrap_or_default();
        if !known.contains(&name.as_str()) {
            return Err(invalid(&format!("unknown option {name:?} (known: {})", known.join(", "))));
        }
    }
    Ok(())
}

/// The value of `name`, `None` when absent or `undefined`.
fn get(options: &Object, name: &str) -> Result<Option<JsValue>, Error> {
    let value = Reflect::get(options, &name.into()).map_err(|_| invalid(&format!("{name} cannot be read")))?;
    Ok((!value.is_undefined()).then_some(value))
}

fn string(options: &Object, name: &str) -> Result<Option<String>, Error> {
    get(options, name)?.map(|v| v.as_string().ok_or_else(|| invalid(&format!("{name} must be a string")))).transpose()
}

fn array(options: &Object, name: &str) -> Result<Array, Error> {
    match get(options, name)? {
        None => Ok(Array::new()),
        Some(value) => value.dyn_into::<Array>().map_err(|_| invalid(&format!("{name} must be an array"))),
    }
}

fn strings(options: &Object, name: &str) -> Result<Vec<String>, Error> {
    array(options, name)?
        .iter()
        .enumerate()
        .map(|(i, v)| v.as_string().ok_or_else(|| invalid(&format!("{name}[{i}] must be a string"))))
        .collect()
}

fn bytes(value: &JsValue, name: &str) -> Result<Vec<u8>, Error> {
    if let Some(text) = value.as_string() {
        return Ok(text.into_bytes());
    }
    match value.dyn_ref::<Uint8Array>() {
        Some(bytes) => Ok(bytes.to_vec()),
        None => Err(invalid(&format!("{name} must be a string or a Uint8Array"))),
    }
}

/// `strict` of `validate`'s options.
pub(crate) fn validate_strict(options: Option<&Object>) -> Result<bool, Error> {
    let Some(options) = options else { return Ok(false) };
    check_names(options, &["strict"])?;
    match get(options, "strict")? {
        None => Ok(false),
        Some(value) => value.as_bool().ok_or_else(|| invalid("strict must be true or false")),
    }
}
