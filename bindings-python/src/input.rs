//! What the Python functions take: documents as `bytes` (or `str`), keys and certificates as
//! `bytes` or a file path.

use std::borrow::Cow;

use pyo3::exceptions::{PyOSError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

/// The bytes of a document: borrowed from a `bytes` object (no copy), or a `str` as UTF-8.
pub(crate) fn document<'a>(value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(bytes.as_bytes()));
    }
    if let Ok(bytes) = value.cast::<PyByteArray>() {
        return Ok(Cow::Owned(bytes.to_vec()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Cow::Owned(text.to_cow()?.as_bytes().to_vec()));
    }
    Err(PyTypeError::new_err(format!("document: expected bytes or str, not {}", value.get_type().name()?)))
}

/// Key or certificate material: `bytes` are the content, a `str` or `os.PathLike` names a file.
pub(crate) fn material(what: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(bytes) = value.cast::<PyByteArray>() {
        return Ok(bytes.to_vec());
    }
    if let Ok(text) = value.cast::<PyString>() {
        // PEM text passed as str would otherwise be taken for a file name and echoed in the error:
        // a private key in a log. Refused without repeating it.
        let text = text.to_cow()?;
        if text.contains("-----BEGIN") || text.contains('\n') {
            return Err(PyTypeError::new_err(format!("{what}: a str names a file; pass PEM or DER content as bytes")));
        }
    }
    if value.is_instance_of::<PyString>() || value.hasattr("__fspath__")? {
        let path: std::path::PathBuf = value.extract()?;
        // OSError(errno, strerror, filename) becomes FileNotFoundError, PermissionError, ...
        return std::fs::read(&path).map_err(|e| {
            PyOSError::new_err((e.raw_os_error().unwrap_or(0), e.to_string(), path.display().to_string()))
        });
    }
    Err(PyTypeError::new_err(format!(
        "{what}: expected bytes (the content) or a path, not {}",
        value.get_type().name()?
    )))
}

/// One item or a sequence of items of key or certificate material. A single `bytes` object is
/// one item, not a sequence of numbers.
pub(crate) fn materials(what: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Vec<u8>>> {
    let Some(value) = value else { return Ok(Vec::new()) };
    if value.is_none() {
        return Ok(Vec::new());
    }
    if value.is_instance_of::<PyBytes>()
        || value.is_instance_of::<PyByteArray>()
        || value.is_instance_of::<PyString>()
        || value.hasattr("__fspath__")?
    {
        return Ok(vec![material(what, value)?]);
    }
    value.try_iter()?.map(|item| material(what, &item?)).collect()
}

/// A sequence of strings; a single `str` is one item.
pub(crate) fn strings(what: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(value) = value else { return Ok(Vec::new()) };
    if value.is_none() {
        return Ok(Vec::new());
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(vec![text.to_cow()?.into_owned()]);
    }
    value
        .try_iter()?
        .map(|item| item?.extract::<String>().map_err(|_| PyTypeError::new_err(format!("{what}: expected str items"))))
        .collect()
}

/// A path of element local names: `"DSCKS/GVCN"` or `["DSCKS", "GVCN"]`.
pub(crate) fn element_path(what: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(value) = value else { return Ok(Vec::new()) };
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(split_path(&text.to_cow()?));
    }
    strings(what, Some(value))
}

/// `"DSCKS/GVCN"` as `["DSCKS", "GVCN"]`.
pub(crate) fn split_path(path: &str) -> Vec<String> {
    path.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}
