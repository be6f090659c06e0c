//! What the Python functions take: documents as `bytes`, `str` (the XML text) or `os.PathLike`
//! (a file to read); keys and certificates as `bytes` or a file path.

use std::borrow::Cow;

use pyo3::exceptions::{PyOSError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

/// The bytes of a document: borrowed from a `bytes` object (no copy), a `str` as UTF-8, or the
/// content of the file an `os.PathLike` (`pathlib.Path`) names. A `str` is always the XML itself,
/// never a file name: one that names a file, and is not XML, is refused with what to pass instead.
pub(crate) fn document<'a>(value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(bytes.as_bytes()));
    }
    if let Ok(bytes) = value.cast::<PyByteArray>() {
        return Ok(Cow::Owned(bytes.to_vec()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_cow()?;
        if names_a_file(&text) {
            return Err(PyTypeError::new_err(format!(
                "document: a str is the XML itself, and {text:?} is not XML but the name of a file; to read the \
                 file, pass pathlib.Path({text:?}) (or its bytes)"
            )));
        }
        return Ok(Cow::Owned(text.as_bytes().to_vec()));
    }
    if value.hasattr("__fspath__")? {
        return Ok(Cow::Owned(read_file(value)?));
    }
    Err(PyTypeError::new_err(format!(
        "document: expected bytes, str (the XML) or a path (os.PathLike), not {}",
        value.get_type().name()?
    )))
}

/// Whether `text`, which a caller meant as XML, is rather the name of an existing file: it does
/// not start as XML does, is one short line, and a file has that name.
fn names_a_file(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    !start.starts_with('<') && !text.contains('\n') && text.len() < 4096 && std::path::Path::new(text).is_file()
}

/// The content of the file `value` (a `str` or `os.PathLike`) names; an `OSError` names the file.
fn read_file(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let path: std::path::PathBuf = value.extract()?;
    // OSError(errno, strerror, filename) becomes FileNotFoundError, PermissionError, ...
    std::fs::read(&path)
        .map_err(|e| PyOSError::new_err((e.raw_os_error().unwrap_or(0), e.to_string(), path.display().to_string())))
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
        return read_file(value);
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
