//! Options objects from JavaScript, read strictly: an unknown name or a wrong type is an
//! `invalid_option` error, never ignored (a misspelt `required` must not verify less).

use hocba::crypto::{PublicKey, certificates_from_pem_or_der};
use hocba::dsig::RequiredElement;
use js_sys::{Array, Error, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::js_error;
use crate::verify::Request;

pub(crate) struct C14nRequest {
    pub(crate) algorithm: Option<String>,
    pub(crate) prefix_list: Option<String>,
    pub(crate) subtree_id: Option<String>,
    pub(crate) subtree: Option<String>,
}

pub(crate) fn verify_request(options: Option<&Object>) -> Result<Request, Error> {
    let mut request = Request::default();
    let Some(options) = options else { return Ok(request) };
    check_names(
        options,
        &["trustedCertificates", "trustedKeys", "idAttributes", "required", "signaturePlaces", "allowSha1"],
    )?;
    for (i, item) in array(options, "trustedCertificates")?.iter().enumerate() {
        let bytes = bytes(&item, &format!("trustedCertificates[{i}]"))?;
        let bad = |e: &dyn std::fmt::Display| {
            js_error("invalid_certificate", &format!("trustedCertificates[{i}]: {e}"), None)
        };
        for der in certificates_from_pem_or_der(&bytes).map_err(|e| bad(&e))? {
            request.trusted_keys.push(PublicKey::from_certificate_der(&der).map_err(|e| bad(&e))?);
        }
    }
    for (i, item) in array(options, "trustedKeys")?.iter().enumerate() {
        let bytes = bytes(&item, &format!("trustedKeys[{i}]"))?;
        let key = PublicKey::from_pem_or_der(&bytes)
            .map_err(|e| js_error("invalid_key", &format!("trustedKeys[{i}]: {e}"), None))?;
        request.trusted_keys.push(key);
    }
    if get(options, "idAttributes")?.is_some() {
        let names = strings(options, "idAttributes")?;
        if names.is_empty() {
            return Err(invalid("idAttributes must name at least one attribute"));
        }
        request.id_attributes = Some(names);
    }
    for (i, item) in array(options, "required")?.iter().enumerate() {
        let name = format!("required[{i}]");
        let item = item.dyn_into::<Object>().map_err(|_| invalid(&format!("{name} must be {{ id, place? }}")))?;
        check_names(&item, &["id", "place"])?;
        let id = string(&item, "id")?
            .filter(|id| !id.is_empty())
            .ok_or_else(|| invalid(&format!("{name}.id is missing")))?;
        let place = string(&item, "place")?.map(|p| path(&p)).unwrap_or_default();
        request.required.push(RequiredElement { id, place });
    }
    request.signature_places = strings(options, "signaturePlaces")?.iter().map(|p| path(p)).collect();
    request.allow_sha1 = match get(options, "allowSha1")? {
        None => false,
        Some(value) => value.as_bool().ok_or_else(|| invalid("allowSha1 must be true or false"))?,
    };
    Ok(request)
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

/// `DSCKS/GVCN` as local names.
fn path(text: &str) -> Vec<String> {
    text.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn invalid(message: &str) -> Error {
    js_error("invalid_option", message, None)
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
