//! The documents `hocba verify` is given: files, folders walked recursively, and stdin (a document
//! or a list of paths), each turned into a name to show and the bytes to check, or the reason it
//! cannot be used.
//!
//! Every input is treated as hostile: only regular files are read (a FIFO, device or socket, named
//! or found, is refused by its type before it is opened, and opened without blocking so that a
//! swap in between is caught by the type of what was opened); never more than the size limit is
//! read, whatever the metadata says; symbolic links found in folders are followed only when asked,
//! and then each folder and each file is visited once, so a link loop ends; stdin is capped; names
//! that are not UTF-8 are shown escaped, each distinctly.

use hocba::Code;
use hocba::report::Language;
use std::collections::{HashSet, VecDeque};
use std::fs::{FileType, Metadata};
use std::io::{BufRead, BufReader, Read, Stdin};
use std::path::{Path, PathBuf};

use crate::Failure;

/// Files bigger than the XML reader accepts are refused; at most one byte more is ever read.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The longest line of a list of paths on stdin (a path, with room to spare).
const MAX_PATH_LINE_BYTES: usize = 4096;

/// Why an input is an unusable row rather than a document.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Unusable {
    #[error("the file is too large")]
    TooLarge {
        /// The size the file's metadata gave, when that is what refused it.
        size: Option<u64>,
    },
    #[error("the document on stdin is too large")]
    StdinTooLarge,
    #[error("line {line} of the list of paths on stdin is too long; the rest of stdin is not read")]
    PathLineTooLong { line: usize },
    #[error("line {line} of the list of paths on stdin contains a NUL byte; the rest of stdin is not read")]
    PathLineNul { line: usize },
    #[error("a FIFO, not a regular file")]
    Fifo,
    #[error("a device, not a regular file")]
    Device,
    #[error("a socket, not a regular file")]
    Socket,
    #[error("not a regular file")]
    NotAFile,
    #[error("a symbolic link inside a folder, not followed")]
    LinkNotFollowed,
    /// Found while walking a folder, and then unreadable (no permission, gone since): a row, so
    /// that one such entry cannot end a batch before its summary and report.
    #[error("cannot be read: {error}")]
    Unreadable { kind: std::io::ErrorKind, error: String },
}

impl Unusable {
    /// The stable code of the row's reason.
    pub(crate) fn code(&self) -> Code {
        match self {
            Unusable::TooLarge { .. } => Code::TooLarge,
            Unusable::StdinTooLarge => Code::StdinTooLarge,
            Unusable::PathLineTooLong { .. } => Code::PathTooLong,
            Unusable::PathLineNul { .. } => Code::PathNulByte,
            Unusable::Fifo => Code::Fifo,
            Unusable::Device => Code::Device,
            Unusable::Socket => Code::Socket,
            Unusable::NotAFile => Code::NotAFile,
            Unusable::LinkNotFollowed => Code::LinkNotFollowed,
            Unusable::Unreadable { .. } => Code::Unreadable,
        }
    }

    pub(crate) fn vi(&self) -> String {
        match self {
            Unusable::TooLarge { size: Some(size) } => format!("Tệp quá lớn ({size} byte; tối đa {MAX_FILE_BYTES})."),
            Unusable::TooLarge { size: None } => format!("Tệp quá lớn (hơn {MAX_FILE_BYTES} byte)."),
            Unusable::StdinTooLarge => format!("Tài liệu trên stdin quá lớn (hơn {MAX_FILE_BYTES} byte)."),
            Unusable::PathLineTooLong { line } => format!(
                "Dòng {line} của danh sách đường dẫn trên stdin dài hơn {MAX_PATH_LINE_BYTES} byte: phần còn lại \
                 của stdin không được đọc."
            ),
            Unusable::PathLineNul { line } => format!(
                "Dòng {line} của danh sách đường dẫn trên stdin chứa byte NUL, không đường dẫn nào có: phần còn lại \
                 của stdin không được đọc."
            ),
            Unusable::Fifo => "Đây là một đường ống (FIFO), không phải tệp thông thường: không đọc.".to_owned(),
            Unusable::Device => "Đây là một thiết bị, không phải tệp thông thường: không đọc.".to_owned(),
            Unusable::Socket => "Đây là một socket, không phải tệp thông thường: không đọc.".to_owned(),
            Unusable::NotAFile => "Không phải tệp thông thường: không đọc.".to_owned(),
            Unusable::LinkNotFollowed => {
                "Liên kết tượng trưng trong thư mục: không theo (dùng --follow-links để theo).".to_owned()
            }
            Unusable::Unreadable { kind, .. } => match kind {
                std::io::ErrorKind::PermissionDenied => "Không đọc được: không có quyền đọc.".to_owned(),
                std::io::ErrorKind::NotFound => "Không đọc được: không còn tồn tại.".to_owned(),
                _ => "Không đọc được: lỗi đọc tệp hoặc thư mục.".to_owned(),
            },
        }
    }

    pub(crate) fn en(&self) -> String {
        match self {
            Unusable::TooLarge { size: Some(size) } => {
                format!("The file is too large ({size} bytes; at most {MAX_FILE_BYTES}).")
            }
            Unusable::TooLarge { size: None } => format!("The file is too large (more than {MAX_FILE_BYTES} bytes)."),
            Unusable::StdinTooLarge => {
                format!("The document on stdin is too large (more than {MAX_FILE_BYTES} bytes).")
            }
            Unusable::PathLineTooLong { line } => format!(
                "Line {line} of the list of paths on stdin is longer than {MAX_PATH_LINE_BYTES} bytes: the rest of \
                 stdin is not read."
            ),
            Unusable::PathLineNul { line } => format!(
                "Line {line} of the list of paths on stdin contains a NUL byte, which no path can: the rest of stdin \
                 is not read."
            ),
            Unusable::Fifo => "This is a pipe (FIFO), not a regular file: not read.".to_owned(),
            Unusable::Device => "This is a device, not a regular file: not read.".to_owned(),
            Unusable::Socket => "This is a socket, not a regular file: not read.".to_owned(),
            Unusable::NotAFile => "Not a regular file: not read.".to_owned(),
            Unusable::LinkNotFollowed => {
                "A symbolic link inside a folder: not followed (--follow-links follows it).".to_owned()
            }
            Unusable::Unreadable { error, .. } => format!("Cannot be read: {error}."),
        }
    }

    /// The refusal for anything but a regular file.
    fn for_type(file_type: FileType) -> Option<Unusable> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_symlink() {
            return Some(Unusable::LinkNotFollowed);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(Unusable::Fifo);
            }
            if file_type.is_char_device() || file_type.is_block_device() {
                return Some(Unusable::Device);
            }
            if file_type.is_socket() {
                return Some(Unusable::Socket);
            }
        }
        Some(Unusable::NotAFile)
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
        Input::Stdin(content) => Ok(Named { name: "-".to_owned(), content }),
        Input::Refused { path, reason } => Ok(Named { name: display_name(&path), content: Err(reason) }),
        Input::Unreadable { path, error } => Err(Failure(format!("{}: {error}", display_name(&path)))),
        Input::Path { path, follow_links, named } => {
            let name = display_name(&path);
            let content = match read_regular(&path, follow_links) {
                Ok(content) => content,
                // What the user named stops the run with its error; what a walk found is a row.
                Err(e) if named => return Err(Failure(format!("{name}: {e}"))),
                Err(e) => Err(Unusable::Unreadable { kind: e.kind(), error: e.to_string() }),
            };
            Ok(Named { name, content })
        }
    }
}

/// The bytes of a regular file, read without blocking and never past the size limit.
fn read_regular(path: &Path, follow_links: bool) -> std::io::Result<Result<Vec<u8>, Unusable>> {
    // The type before opening: opening a FIFO blocks, opening a device may act.
    let metadata = if follow_links { std::fs::metadata(path)? } else { std::fs::symlink_metadata(path)? };
    if let Some(reason) = Unusable::for_type(metadata.file_type()) {
        return Ok(Err(reason));
    }
    let file = match open(path, follow_links) {
        Ok(file) => file,
        Err(e) if !follow_links && is_link_refused(&e) => return Ok(Err(Unusable::LinkNotFollowed)),
        Err(e) => return Err(e),
    };
    // The path may have changed since: what was opened decides.
    let metadata = file.metadata()?;
    if let Some(reason) = Unusable::for_type(metadata.file_type()) {
        return Ok(Err(reason));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Ok(Err(Unusable::TooLarge { size: Some(metadata.len()) }));
    }
    // The metadata is only a hint (a file may grow, /proc reports 0): the read itself is capped.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(Unusable::TooLarge { size: None }));
    }
    Ok(Ok(bytes))
}

#[cfg(unix)]
fn open(path: &Path, follow_links: bool) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let flags = if follow_links { libc::O_NONBLOCK } else { libc::O_NONBLOCK | libc::O_NOFOLLOW };
    std::fs::OpenOptions::new().read(true).custom_flags(flags).open(path)
}

#[cfg(not(unix))]
fn open(path: &Path, _follow_links: bool) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// The error `O_NOFOLLOW` gives for a link (ELOOP; EMLINK on the BSDs).
#[cfg(unix)]
fn is_link_refused(error: &std::io::Error) -> bool {
    matches!(error.raw_os_error(), Some(libc::ELOOP | libc::EMLINK))
}

#[cfg(not(unix))]
fn is_link_refused(_error: &std::io::Error) -> bool {
    false
}

/// A path as every output shows it: UTF-8 as is, other bytes as `\xFF`, and `\` doubled so that
/// two different names never show the same. Control characters are left to each output's escaping
/// (JSON keeps them, the terminal escapes them).
pub(crate) fn display_name(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::fmt::Write;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(&chunk.valid().replace('\\', "\\\\"));
            for byte in chunk.invalid() {
                let _ = write!(out, "\\x{byte:02X}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}

/// Nothing to check: most often the wrong folder, which must not pass for a batch without fault.
pub(crate) fn nothing_found(arguments: &[PathBuf], language: Language) -> String {
    let names = arguments.iter().map(|p| display_name(p)).collect::<Vec<_>>().join(", ");
    match language {
        Language::Vi => format!(
            "không tìm thấy tệp nào để kiểm tra trong {names}: chỉ các tệp .xml (cả trong thư mục con) được đọc; \
             hãy kiểm tra lại đường dẫn"
        ),
        Language::En => {
            format!("no file to check in {names}: only .xml files (in sub-folders too) are read; check the path")
        }
    }
}

/// A folder's or file's identity, to visit each once.
#[cfg(unix)]
fn identity(metadata: &Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn identity(_metadata: &Metadata) -> Option<(u64, u64)> {
    None
}

/// One document to check.
pub(crate) enum Input {
    /// A file; links to it are followed when `follow_links`; `named` when the user named it
    /// (an argument, a line of the list), not found in a folder.
    Path { path: PathBuf, follow_links: bool, named: bool },
    /// The document on stdin.
    Stdin(Result<Vec<u8>, Unusable>),
    /// An input refused while walking or listing, before any reading.
    Refused { path: PathBuf, reason: Unusable },
    /// A folder the user named that could not be listed.
    Unreadable { path: PathBuf, error: std::io::Error },
}

/// What is left to do while walking.
enum Pending {
    /// `named` when the user named it, not found while walking.
    Folder {
        path: PathBuf,
        named: bool,
    },
    Input(Input),
}

/// The documents the arguments name, produced one at a time: files, folders walked recursively
/// (sorted, `.xml` files only), and `-`: the document on stdin, or, when stdin does not start with
/// `<`, a list of paths, one per line. Nothing is listed ahead of need, so a batch of any size
/// runs in bounded memory. Links the user names (arguments, lines of the list) are followed: that
/// is the path asked for.
pub(crate) struct Inputs {
    arguments: VecDeque<PathBuf>,
    /// Folders and entries not yet visited, next last.
    pending: Vec<Pending>,
    stdin_paths: Option<PathLines>,
    stdin_document: Option<Result<Vec<u8>, Unusable>>,
    follow_links: bool,
    /// Folders walked, and files found when links are followed: each once.
    seen: HashSet<(u64, u64)>,
}

impl Inputs {
    pub(crate) fn new(files: &[PathBuf], follow_links: bool) -> Result<Self, Failure> {
        let mut inputs = Inputs {
            arguments: files.iter().cloned().collect(),
            pending: Vec::new(),
            stdin_paths: None,
            stdin_document: None,
            follow_links,
            seen: HashSet::new(),
        };
        if files.iter().any(|f| f.as_os_str() == "-") {
            let mut reader = BufReader::new(std::io::stdin());
            let head = reader.fill_buf()?;
            let first = head.iter().copied().find(|b| !b.is_ascii_whitespace());
            // An XML document starts with `<` (after an optional BOM); a list of paths does not.
            if matches!(first, Some(b'<' | 0xEF)) {
                let mut document = Vec::new();
                reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut document)?;
                inputs.stdin_document = Some(if document.len() as u64 > MAX_FILE_BYTES {
                    Err(Unusable::StdinTooLarge)
                } else {
                    Ok(document)
                });
            } else {
                inputs.stdin_paths = Some(PathLines { reader, number: 0, stopped: false });
            }
        }
        Ok(inputs)
    }

    pub(crate) fn single_document(&self) -> bool {
        self.stdin_paths.is_none()
    }

    /// A path the user gave: a folder to walk or a file to read.
    fn push_named(&mut self, path: PathBuf) {
        if std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            self.pending.push(Pending::Folder { path, named: true });
        } else {
            self.pending.push(Pending::Input(Input::Path { path, follow_links: true, named: true }));
        }
    }

    fn push_folder(&mut self, folder: &Path, named: bool) {
        if let Some(id) = std::fs::metadata(folder).ok().as_ref().and_then(identity)
            && !self.seen.insert(id)
        {
            return;
        }
        let entries = match std::fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(error) if named => {
                self.pending.push(Pending::Input(Input::Unreadable { path: folder.to_owned(), error }));
                return;
            }
            Err(error) => {
                let reason = Unusable::Unreadable { kind: error.kind(), error: error.to_string() };
                self.pending.push(Pending::Input(Input::Refused { path: folder.to_owned(), reason }));
                return;
            }
        };
        // The entry's own type: a link is not followed to find it. Links come last, so that a file
        // also reached through a link is counted under its own name.
        let mut entries: Vec<(FileType, std::fs::DirEntry)> =
            entries.filter_map(Result::ok).filter_map(|e| Some((e.file_type().ok()?, e))).collect();
        entries.sort_by_key(|(file_type, _)| file_type.is_symlink());
        let mut found: Vec<(PathBuf, Pending)> = Vec::new();
        for (file_type, entry) in entries {
            let path = entry.path();
            let is_xml = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml"));
            let pending = if file_type.is_dir() {
                Pending::Folder { path: path.clone(), named: false }
            } else if file_type.is_symlink() {
                let target = std::fs::metadata(&path);
                let to_folder = target.as_ref().is_ok_and(Metadata::is_dir);
                if !self.follow_links {
                    if !(is_xml || to_folder) {
                        continue;
                    }
                    Pending::Input(Input::Refused { path: path.clone(), reason: Unusable::LinkNotFollowed })
                } else if to_folder {
                    Pending::Folder { path: path.clone(), named: false }
                } else if is_xml && self.first_visit(target.ok().as_ref()) {
                    Pending::Input(Input::Path { path: path.clone(), follow_links: true, named: false })
                } else {
                    continue;
                }
            } else if is_xml && (!self.follow_links || self.first_visit(entry.metadata().ok().as_ref())) {
                Pending::Input(Input::Path { path: path.clone(), follow_links: self.follow_links, named: false })
            } else {
                continue;
            };
            found.push((path, pending));
        }
        found.sort_by(|a, b| b.0.cmp(&a.0));
        self.pending.extend(found.into_iter().map(|(_, pending)| pending));
    }

    /// Whether a file found while following links has not been found before.
    fn first_visit(&mut self, metadata: Option<&Metadata>) -> bool {
        metadata.and_then(identity).is_none_or(|id| self.seen.insert(id))
    }
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            match self.pending.pop() {
                Some(Pending::Folder { path, named }) => {
                    self.push_folder(&path, named);
                    continue;
                }
                Some(Pending::Input(input)) => return Some(input),
                None => {}
            }
            if let Some(lines) = &mut self.stdin_paths {
                match lines.next() {
                    Some(Ok(path)) => {
                        self.push_named(path);
                        continue;
                    }
                    Some(Err(reason)) => return Some(Input::Refused { path: PathBuf::from("-"), reason }),
                    None => self.stdin_paths = None,
                }
            }
            let argument = self.arguments.pop_front()?;
            if argument.as_os_str() == "-" {
                if let Some(document) = self.stdin_document.take() {
                    return Some(Input::Stdin(document));
                }
                continue;
            }
            self.push_named(argument);
        }
    }
}

/// The paths listed on stdin, one per line (blank lines skipped). A line longer than the cap, or
/// with a NUL byte (which no path has), is refused, and nothing more is read: such stdin is not a
/// list of paths, and its line may never end (`/dev/zero`).
struct PathLines {
    reader: BufReader<Stdin>,
    /// The number of the last line read.
    number: usize,
    /// After a refused line: nothing more is read.
    stopped: bool,
}

impl Iterator for PathLines {
    type Item = Result<PathBuf, Unusable>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.stopped {
            let mut line = Vec::new();
            let mut ended = false;
            // At most one byte past the cap is read, whatever the length of the line.
            while !ended && line.len() <= MAX_PATH_LINE_BYTES {
                let buffer = match self.reader.fill_buf() {
                    Ok(buffer) => buffer,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                };
                if buffer.is_empty() {
                    break;
                }
                let window = &buffer[..buffer.len().min(MAX_PATH_LINE_BYTES + 1 - line.len())];
                let (piece, used) = match window.iter().position(|&b| b == b'\n') {
                    Some(end) => {
                        ended = true;
                        (&window[..end], end + 1)
                    }
                    None => (window, window.len()),
                };
                line.extend_from_slice(piece);
                self.reader.consume(used);
            }
            if !ended && line.is_empty() {
                return None;
            }
            self.number += 1;
            if line.len() > MAX_PATH_LINE_BYTES {
                self.stopped = true;
                return Some(Err(Unusable::PathLineTooLong { line: self.number }));
            }
            if line.contains(&0) {
                self.stopped = true;
                return Some(Err(Unusable::PathLineNul { line: self.number }));
            }
            let line = line.trim_ascii();
            if !line.is_empty() {
                return Some(Ok(path_from_bytes(line)));
            }
        }
        None
    }
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}
