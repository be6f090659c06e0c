//! The documents `hocba verify` is given: files, folders walked recursively, and stdin (a document
//! or a list of paths), each turned into a name to show and the bytes to check, or the reason it
//! cannot be used.

use std::path::PathBuf;

use crate::Failure;

/// Files bigger than the XML reader accepts are refused before they are read.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why an input is an unusable row rather than a document.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Unusable {
    #[error("the file is too large ({size} bytes; at most {MAX_FILE_BYTES})")]
    TooLarge { size: u64 },
}

impl Unusable {
    /// The stable code of the row's reason.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Unusable::TooLarge { .. } => "too-large",
        }
    }

    pub(crate) fn vi(&self) -> String {
        match self {
            Unusable::TooLarge { size } => format!("Tệp quá lớn ({size} byte; tối đa {MAX_FILE_BYTES})."),
        }
    }

    pub(crate) fn en(&self) -> String {
        match self {
            Unusable::TooLarge { size } => format!("The file is too large ({size} bytes; at most {MAX_FILE_BYTES})."),
        }
    }
}

/// An input's name as shown in every output, and its bytes or why they cannot be used.
pub(crate) struct Named {
    pub(crate) name: String,
    pub(crate) content: Result<Vec<u8>, Unusable>,
}

/// Reads one input. Only I/O errors stop the run.
pub(crate) fn read(input: Input) -> Result<Named, Failure> {
    match input {
        Input::Stdin(bytes) => Ok(Named { name: "-".to_owned(), content: Ok(bytes) }),
        Input::Path(path) => {
            let name = path.display().to_string();
            let size = std::fs::metadata(&path).map_err(|e| Failure(format!("{name}: {e}")))?.len();
            if size > MAX_FILE_BYTES {
                return Ok(Named { name, content: Err(Unusable::TooLarge { size }) });
            }
            let bytes = std::fs::read(&path).map_err(|e| Failure(format!("{name}: {e}")))?;
            Ok(Named { name, content: Ok(bytes) })
        }
    }
}

/// One document to check.
pub(crate) enum Input {
    Path(PathBuf),
    Stdin(Vec<u8>),
}

/// The documents the arguments name, produced one at a time: files, folders walked recursively
/// (sorted, `.xml` files only), and `-`: the document on stdin, or, when stdin does not start with
/// `<`, a list of paths, one per line. Nothing is listed ahead of need, so a batch of any size
/// runs in bounded memory.
pub(crate) struct Inputs {
    arguments: std::collections::VecDeque<PathBuf>,
    /// Folders' entries not yet visited, deepest last.
    pending: Vec<PathBuf>,
    stdin_paths: Option<std::io::Lines<std::io::BufReader<std::io::Stdin>>>,
    stdin_document: Option<Vec<u8>>,
}

impl Inputs {
    pub(crate) fn new(files: &[PathBuf]) -> Result<Self, Failure> {
        let mut inputs = Inputs {
            arguments: files.iter().cloned().collect(),
            pending: Vec::new(),
            stdin_paths: None,
            stdin_document: None,
        };
        if files.iter().any(|f| f.as_os_str() == "-") {
            use std::io::BufRead;
            let mut reader = std::io::BufReader::new(std::io::stdin());
            let head = reader.fill_buf()?;
            let first = head.iter().copied().find(|b| !b.is_ascii_whitespace());
            // An XML document starts with `<` (after an optional BOM); a list of paths does not.
            if matches!(first, Some(b'<' | 0xEF)) {
                let mut document = Vec::new();
                std::io::Read::read_to_end(&mut reader, &mut document)?;
                inputs.stdin_document = Some(document);
            } else {
                inputs.stdin_paths = Some(reader.lines());
            }
        }
        Ok(inputs)
    }

    pub(crate) fn single_document(&self) -> bool {
        self.stdin_paths.is_none()
    }
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(path) = self.pending.pop() {
                if path.is_dir() {
                    self.push_folder(&path);
                    continue;
                }
                return Some(Input::Path(path));
            }
            if let Some(lines) = &mut self.stdin_paths {
                match lines.next() {
                    Some(Ok(line)) if line.trim().is_empty() => continue,
                    Some(Ok(line)) => {
                        self.pending.push(PathBuf::from(line.trim()));
                        continue;
                    }
                    _ => self.stdin_paths = None,
                }
            }
            let argument = self.arguments.pop_front()?;
            if argument.as_os_str() == "-" {
                if let Some(document) = self.stdin_document.take() {
                    return Some(Input::Stdin(document));
                }
                continue;
            }
            if argument.is_dir() {
                self.push_folder(&argument);
                continue;
            }
            return Some(Input::Path(argument));
        }
    }
}

impl Inputs {
    fn push_folder(&mut self, folder: &std::path::Path) {
        let Ok(entries) = std::fs::read_dir(folder) else {
            // Unreadable: passed on as a path, so its error is reported for it.
            self.pending.push(folder.join(""));
            return;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")))
            .collect();
        paths.sort();
        paths.reverse();
        self.pending.extend(paths);
    }
}
