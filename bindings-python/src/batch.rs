//! Many documents verified at once: `Verifier.verify_many`. The documents are verified on threads
//! of their own, without the GIL, and each result is handed to Python as it completes; at most a
//! few results wait, so memory does not grow with the batch.

use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hocba::verifier as core;
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use crate::config::{Verification, verification};
use crate::errors::Failure;

/// One document of a batch: its bytes, or a file read by the thread that verifies it.
enum Source {
    Bytes(Vec<u8>),
    File(PathBuf),
}

/// Why a file of the batch could not be read.
struct Unreadable {
    errno: i32,
    message: String,
}

// The POSIX error numbers Python turns into its OSError subclasses (the same on Windows' C runtime).
const EISDIR: i32 = 21;
const EINVAL: i32 = 22;
const EFBIG: i32 = 27;

/// What a thread hands back for one document.
type Outcome = (usize, Result<Result<core::DocumentVerification, Failure>, Unreadable>);

/// The documents `verify_many` takes: `bytes` (or `bytearray`) are a document, a `str` or an
/// `os.PathLike` names a file.
fn sources(documents: &Bound<'_, PyAny>) -> PyResult<Vec<Source>> {
    if documents.is_instance_of::<PyBytes>() || documents.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "documents: give a list of documents (bytes) or of file paths, not one document or one path",
        ));
    }
    let mut sources = Vec::new();
    for item in documents.try_iter()? {
        let item = item?;
        let source = if let Ok(bytes) = item.cast::<PyBytes>() {
            Source::Bytes(bytes.as_bytes().to_vec())
        } else if let Ok(bytes) = item.cast::<PyByteArray>() {
            Source::Bytes(bytes.to_vec())
        } else if item.is_instance_of::<PyString>() || item.hasattr("__fspath__")? {
            Source::File(item.extract()?)
        } else {
            return Err(PyTypeError::new_err(format!(
                "documents[{}]: expected bytes (a document) or a path, not {}",
                sources.len(),
                item.get_type().name()?
            )));
        };
        sources.push(source);
    }
    Ok(sources)
}

/// The bytes of a regular file, never more than the XML reader accepts (one byte more tells).
fn read_file(path: &PathBuf) -> Result<Vec<u8>, Unreadable> {
    let failed = |e: std::io::Error| Unreadable { errno: e.raw_os_error().unwrap_or(0), message: e.to_string() };
    let limit = hocba::xml::Limits::default().max_input_bytes;
    // The type before opening: opening a FIFO blocks.
    let metadata = std::fs::metadata(path).map_err(failed)?;
    if metadata.is_dir() {
        return Err(Unreadable { errno: EISDIR, message: "a folder, not a file".into() });
    }
    if !metadata.is_file() {
        return Err(Unreadable { errno: EINVAL, message: "not a regular file (a pipe, a device, a socket)".into() });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path).and_then(|file| file.take(limit as u64 + 1).read_to_end(&mut bytes)).map_err(failed)?;
    if bytes.len() > limit {
        return Err(Unreadable { errno: EFBIG, message: format!("larger than the limit of {limit} bytes") });
    }
    Ok(bytes)
}

/// Verifies every document of `sources` on `jobs` threads; results go to `sender` as they complete.
fn start(verifier: Arc<core::Verifier>, sources: Vec<Source>, jobs: usize, stop: Arc<AtomicBool>) -> Receiver<Outcome> {
    let (sender, receiver) = sync_channel::<Outcome>(jobs * 2);
    let sources = Arc::new(Mutex::new(sources.into_iter().map(Some).collect::<Vec<_>>()));
    let next = Arc::new(AtomicUsize::new(0));
    for _ in 0..jobs {
        let (verifier, sources, next, stop, sender): (_, _, _, _, SyncSender<Outcome>) =
            (verifier.clone(), sources.clone(), next.clone(), stop.clone(), sender.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let index = next.fetch_add(1, Ordering::Relaxed);
                // Taken out of the list: each document's bytes are freed once verified.
                let Some(source) =
                    sources.lock().unwrap_or_else(|e| e.into_inner()).get_mut(index).and_then(Option::take)
                else {
                    break;
                };
                let bytes = match source {
                    Source::Bytes(bytes) => Ok(bytes),
                    Source::File(path) => read_file(&path),
                };
                let outcome = bytes.map(|bytes| verifier.verify(&bytes).map_err(Failure::from));
                if sender.send((index, outcome)).is_err() {
                    break;
                }
            }
        });
    }
    receiver
}

/// The results of `Verifier.verify_many`, as they complete: an iterator of `BatchResult`.
/// Dropping it (or breaking out of the loop) stops the threads after the documents in hand.
#[pyclass(module = "hocba")]
pub(crate) struct BatchResults {
    /// `None` once every result was given. In a mutex only to be waited on without the GIL.
    receiver: Option<Mutex<Receiver<Outcome>>>,
    stop: Arc<AtomicBool>,
    /// The documents' paths, by index (None for bytes), for the results.
    paths: Vec<Option<String>>,
}

impl Drop for BatchResults {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[pymethods]
impl BatchResults {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<BatchResult>> {
        let Some(receiver) = &self.receiver else { return Ok(None) };
        // Waits without the GIL, looking up now and then for Ctrl-C.
        let received = loop {
            let waited = py
                .detach(|| receiver.lock().unwrap_or_else(|e| e.into_inner()).recv_timeout(Duration::from_millis(100)));
            match waited {
                Ok(outcome) => break Some(outcome),
                Err(RecvTimeoutError::Timeout) => py.check_signals()?,
                Err(RecvTimeoutError::Disconnected) => break None,
            }
        };
        let Some((index, outcome)) = received else {
            self.receiver = None;
            return Ok(None);
        };
        let path = self.paths.get(index).cloned().flatten();
        let (verification, error) = match outcome {
            Ok(Ok(done)) => (Some(Py::new(py, verification(py, done, false)?)?), None),
            Ok(Err(failure)) => (None, Some(failure.into_pyerr(py).into_value(py).into_any())),
            Err(Unreadable { errno, message }) => {
                let error = PyOSError::new_err((errno, message, path.clone().unwrap_or_default()));
                (None, Some(error.into_value(py).into_any()))
            }
        };
        Ok(Some(BatchResult { index, path, verification, error }))
    }
}

/// One document's result in a batch: its `verification`, or the `error` that kept it from being
/// verified (an `OSError` for a file that cannot be read, an `XmlError` for one that is not XML,
/// ...), never both.
#[pyclass(frozen, module = "hocba")]
pub(crate) struct BatchResult {
    index: usize,
    path: Option<String>,
    verification: Option<Py<Verification>>,
    error: Option<Py<PyAny>>,
}

#[pymethods]
impl BatchResult {
    /// The document's place in the list given.
    #[getter]
    fn index(&self) -> usize {
        self.index
    }

    /// The file's path as given; None for a document given as bytes.
    #[getter]
    fn path(&self) -> Option<String> {
        self.path.clone()
    }

    /// The verification (its `.report`, its `.record` for `RecordSet`); None when `error` is set.
    #[getter]
    fn verification(&self, py: Python<'_>) -> Option<Py<Verification>> {
        self.verification.as_ref().map(|v| v.clone_ref(py))
    }

    /// The exception that kept the document from being verified, not raised; None when verified.
    #[getter]
    fn error(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.error.as_ref().map(|e| e.clone_ref(py))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let what = match (&self.verification, &self.error) {
            (Some(verification), _) => verification.bind(py).repr()?.to_string(),
            (None, Some(error)) => error.bind(py).repr()?.to_string(),
            (None, None) => "nothing".to_owned(),
        };
        Ok(format!("<BatchResult {} {what}>", self.path.clone().unwrap_or_else(|| format!("#{}", self.index))))
    }
}

/// Starts verifying `documents` with `verifier` on `jobs` threads (default: every core).
pub(crate) fn verify_many(
    verifier: Arc<core::Verifier>,
    documents: &Bound<'_, PyAny>,
    jobs: Option<usize>,
) -> PyResult<BatchResults> {
    let jobs = match jobs {
        Some(0) => return Err(PyValueError::new_err("jobs: at least 1")),
        Some(jobs) => jobs,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let sources = sources(documents)?;
    let paths = sources
        .iter()
        .map(|s| match s {
            Source::File(path) => Some(path.display().to_string()),
            Source::Bytes(_) => None,
        })
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let receiver = start(verifier, sources, jobs.min(256), stop.clone());
    Ok(BatchResults { receiver: Some(Mutex::new(receiver)), stop, paths })
}
