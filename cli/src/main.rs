//! `hocba`: the command-line tool.
//!
//! Exit codes: 0 success (for `verify`: every signature valid), 1 (`verify`) a signature is not
//! valid, 2 unusable input or usage (the error goes to stderr). When the reader of stdout stops
//! reading (`hocba verify FOLDER | head -1`), hocba ends at once, quietly, with status 141: what
//! a shell reports for `cat` stopped by the closed pipe.

mod approvals;
mod batch;
mod c14n;
mod inputs;
mod render;
mod sign;
mod timestamp;
mod trust;
mod verify;
// Transcripts (issue 4).
mod demo;
mod show;
mod validate;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "hocba", version, about = "Học bạ số: canonicalize, sign and verify digital school transcripts")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the canonical form (C14N) of a document, or of one element of it, to stdout.
    C14n(C14nArgs),
    /// Sign a document: an enveloped XML signature over the element with an Id.
    Sign(Box<sign::SignArgs>),
    /// Verify every XML signature in documents, and the trust in each signer (report).
    ///
    /// Exit code 0: every document valid; 1: a document is invalid or undetermined; 2: an input
    /// cannot be used (unreadable, not XML, a key or certificate file that cannot be read), or no
    /// document was found.
    Verify(Box<verify::VerifyArgs>),
    /// Add an archive time-stamp over signed transcripts (with the validation data of everything
    /// in them), or renew those whose time-stamps end soon: they then verify for decades.
    Timestamp(Box<timestamp::TimestampArgs>),
    /// Check that files are transcripts and follow the circulars' rules (errors, and rule warnings).
    ///
    /// Exit code 0: every file valid (warnings allowed); 1: a file is not a valid transcript; 2: a
    /// file cannot be read or is not XML, or no file was found.
    Validate(validate::ValidateArgs),
    /// Show a transcript as a table (Vietnamese labels). Its signatures are not checked (hocba verify does).
    Show(show::ShowArgs),
    /// Make a paper copy of a verified transcript: a PDF/A-3 with the signed XML embedded and a QR
    /// code on every page (`hocba verify --qr` checks a copy).
    Render(Box<render::RenderArgs>),
    /// Approval lists of the managing authority (approved signers per school, withdrawals), and a
    /// school's withdrawal requests.
    Approvals {
        #[command(subcommand)]
        command: Box<approvals::ApprovalsCommand>,
    },
    /// The main job: build a sample transcript, sign it as GVCN then Hiệu trưởng, verify it, report.
    Demo(demo::DemoArgs),
}

#[derive(clap::Args)]
pub(crate) struct C14nArgs {
    /// c14n, c14n-comments, exc-c14n, exc-c14n-comments, c14n11, c14n11-comments, or the algorithm URI.
    #[arg(long, default_value = "c14n")]
    pub(crate) algorithm: String,
    /// InclusiveNamespaces PrefixList for exclusive C14N (white-space separated, `#default` for the default namespace).
    #[arg(long)]
    pub(crate) prefix_list: Option<String>,
    /// Canonicalize the element whose Id (or ID, id) attribute has this value.
    #[arg(long, conflicts_with = "subtree")]
    pub(crate) subtree_id: Option<String>,
    /// Canonicalize the first element with this expanded name, written `{namespace-uri}local-name`.
    #[arg(long)]
    pub(crate) subtree: Option<String>,
    /// Accept a DOCTYPE that only names an external DTD (`<!DOCTYPE doc SYSTEM "doc.dtd">`, as in
    /// the C14N spec's examples), without loading it: it supplies no default attributes and no
    /// entities. A DOCTYPE with an internal subset is still refused. Off by default.
    #[arg(long)]
    pub(crate) allow_external_doctype: bool,
    /// The XML file, or `-` for stdin.
    pub(crate) file: PathBuf,
}

/// An error for the user: what went wrong, already worded.
pub(crate) struct Failure(pub(crate) String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::C14n(args) => c14n::run(&args).map(|()| ExitCode::SUCCESS),
        Command::Sign(args) => sign::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Timestamp(args) => timestamp::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Show(args) => show::run(&args).map(|()| ExitCode::SUCCESS),
        Command::Render(args) => render::run(&args),
        Command::Demo(args) => demo::run(&args),
        Command::Approvals { command } => approvals::run(&command).map(|()| ExitCode::SUCCESS),
    };
    result.unwrap_or_else(|Failure(message)| {
        // Messages quote file names and what documents say.
        eprintln!("hocba: {}", hocba::report::escape_controls(&message));
        ExitCode::from(2)
    })
}

/// What every command writes its output to: standard output, ended quietly once its reader is gone.
pub(crate) struct Stdout(std::io::StdoutLock<'static>);

/// Standard output, locked for the command's writes.
pub(crate) fn stdout() -> Stdout {
    Stdout(std::io::stdout().lock())
}

/// The status of a program stopped by a closed pipe (128 + SIGPIPE), as shells report it.
const CLOSED_PIPE: i32 = 141;

impl Stdout {
    fn checked<T>(result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            // Nobody reads what would follow, and the reader chose to stop: no message.
            std::process::exit(CLOSED_PIPE);
        }
        result
    }
}

impl std::io::Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Self::checked(self.0.write(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Self::checked(self.0.flush())
    }
}

/// The bytes of a named file, with the name in the error.
fn read_named(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure(format!("{}: {e}", path.display())))
}

/// Writes `bytes` to a new temporary file beside `path` (created, never opened if it exists: a
/// link planted there is not followed), then renames it over `path`: a reader never sees half a
/// file, and a failed write leaves `path` as it was.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let temporary = path.with_file_name(format!(".{file_name}.{}-{nanos}.tmp", std::process::id()));
    let failed = |e: std::io::Error| Failure(format!("{}: {e}", temporary.display()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(failed(e));
    }
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        Failure(format!("{}: {e}", path.display()))
    })
}

/// A file named for `option` (`--key`, `--cert`, `--trust`...) that cannot be used, in `language`:
/// the core's words for what is wrong with it and what to give instead.
pub(crate) fn file_failure(
    option: &str,
    path: &Path,
    error: &hocba::crypto::CryptoError,
    language: hocba::report::Language,
) -> Failure {
    use hocba::crypto::CryptoError;
    use hocba::report::Language;
    let message = match language {
        Language::Vi => error.message_vi(),
        Language::En => error.message_en(),
    };
    let file = path.display();
    // The core says what to give; the option that takes it is the command line's.
    let hint = match (error, option) {
        (CryptoError::CaCertificatePinned, _) => format!(" (--trust {file})"),
        (CryptoError::MissingCertificate | CryptoError::CertificateNotForKey, "--key") => " (--cert ...)".to_owned(),
        _ => String::new(),
    };
    Failure(format!("{option} {file}: {message}{hint} [{}]", error.code()))
}

/// A file named for `option` (`--trust`, `--untrusted`) whose certificates cannot be used, in
/// `language`; a folder's error names the file in it.
pub(crate) fn pki_file_failure(
    option: &str,
    path: &Path,
    error: &hocba::pki::PkiError,
    language: hocba::report::Language,
) -> Failure {
    use hocba::pki::PkiError;
    match error {
        PkiError::InFile { path, source } => pki_file_failure(option, Path::new(path), source, language),
        PkiError::NotCertificates(error) => file_failure(option, path, error, language),
        other => Failure(format!("{option} {}: {other}", path.display())),
    }
}

/// The crypto provider named on the command line, or the default one.
fn provider(name: Option<&str>) -> Result<&'static dyn hocba::crypto::CryptoProvider, Failure> {
    hocba::crypto::provider_named(name).map_err(|e| Failure(format!("--{e}")))
}

/// The bytes of `path`, or of stdin for `-`. Every input is XML read with the default limits, so
/// one larger than the reader's input limit is refused before it is read: a huge input costs no
/// memory (benches/hostile.sh).
fn read_input(path: &Path) -> Result<Vec<u8>, Failure> {
    let limit = hocba::xml::Limits::default().max_input_bytes;
    let too_large =
        |size| Failure(format!("{}: {}", path.display(), hocba::xml::XmlError::InputTooLarge { size, limit }));
    let mut buf = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().take(limit as u64 + 1).read_to_end(&mut buf)?;
        if buf.len() > limit {
            return Err(Failure(format!("-: the input is larger than the limit of {limit} bytes")));
        }
        return Ok(buf);
    }
    let file = std::fs::File::open(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    let size = file.metadata().map_err(|e| Failure(format!("{}: {e}", path.display())))?.len();
    if size > limit as u64 {
        return Err(too_large(usize::try_from(size).unwrap_or(usize::MAX)));
    }
    // The file may grow while it is read: never past the limit.
    file.take(limit as u64 + 1).read_to_end(&mut buf).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    if buf.len() > limit {
        return Err(too_large(buf.len()));
    }
    Ok(buf)
}
