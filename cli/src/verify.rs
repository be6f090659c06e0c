//! `hocba verify`: every signature in each document, the trust in each signer (certificate path to
//! the government roots, revocation) and the report, in Vietnamese (or English) or JSON.
//!
//! Exit codes: 0 every document valid, 1 a document is invalid or undetermined (or has no
//! signature), 2 an input is unusable (unreadable, not XML, a key or certificate file that cannot
//! be read) or no document was found.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use std::io::{IsTerminal, Write};

use hocba::Code;
use hocba::crypto::{PublicKey, certificates_from_pem_or_der};
use hocba::dsig::{VerifyOptions, place_from_str};
use hocba::paper::{PaperError, PaperReference};
use hocba::report::{Language, escape_controls};
use hocba::time::UtcTime;
use hocba::verifier::{DocumentKind, OtherDocuments, RecordSet, Verifier, VerifierConfig};
use hocba::xml::Document;
use serde_json::json;

use crate::batch::{self, Row, Summary};
use crate::inputs::{self, Input, Inputs, Named};
use crate::{Failure, file_failure, provider, read_named};

/// How documents are verified: what `verify` and `render` share.
#[derive(clap::Args)]
pub(crate) struct VerifierArgs {
    #[command(flatten)]
    trust: crate::trust::TrustArgs,
    #[command(flatten)]
    approvals: crate::approvals::ApprovalArgs,
    /// Verify as of this time (xsd:dateTime; without an offset, Vietnamese time) instead of now.
    #[arg(long)]
    at: Option<String>,
    /// Which time a signer's certificate is judged at: timestamp (a verified time-stamp, else
    /// now: an expired certificate without one leaves the signature undetermined), now, or
    /// claimed (legacy: the signer's own claimed SigningTime, which a back-dating key can forge).
    #[arg(long = "time", default_value = "timestamp")]
    time_policy: String,
    /// Also verify signed documents that are not transcripts (generic XML signatures: signatures
    /// and signers' trust only). Transcripts are always verified under the signing profile.
    #[arg(long)]
    generic: bool,
    /// Pin the key of this certificate instead of trusting a PKI (PEM or DER; repeat). No path
    /// and no revocation are checked then.
    #[arg(long = "cert")]
    certs: Vec<PathBuf>,
    /// Pin this public key (PEM or DER; repeat), as --cert.
    #[arg(long = "key")]
    keys: Vec<PathBuf>,
    /// Attribute names that act as IDs (repeat). Default: Id, ID, id.
    #[arg(long = "id-attr")]
    id_attrs: Vec<String>,
    /// Accept SHA-1 (old documents, G1 certificates), reported as weak.
    #[arg(long)]
    allow_sha1: bool,
    /// Every signature must cover the element with this Id, optionally at this place (local names
    /// from the root element down), e.g. `data-1@HocBa/DuLieuHocBa`; repeat for several.
    #[arg(long = "require")]
    required: Vec<String>,
    /// A place signatures may sit in (element names below the root, e.g. `DSCKS/GVCN`), one
    /// signature each; repeat for several. Default: anywhere.
    #[arg(long = "signature-place")]
    signature_places: Vec<String>,
    /// Crypto provider: openssl or rustcrypto.
    #[arg(long)]
    provider: Option<String>,
    /// The version of this transcript already held (the last one received): the document must be
    /// a newer version of the same record (`PhienBan` higher, same `IdBanGhi` and
    /// `MaDinhDanhHocBa`), so a replayed or rolled-back version is refused.
    #[arg(long)]
    previous: Option<PathBuf>,
    /// Keep fetched CRLs and OCSP answers in this folder between runs (used while current).
    #[arg(long)]
    cache: Option<PathBuf>,
}

#[derive(clap::Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    verifier: VerifierArgs,
    /// The text of a paper copy's QR code (its verification reference, `HOCBA1:...`): say whether
    /// that copy belongs to the one document given (an XML file or a PDF copy).
    #[arg(long)]
    qr: Option<String>,
    /// Print the report as JSON (one document per file, fields documented in the README).
    #[arg(long)]
    json: bool,
    /// Language of the text report: vi (default) or en.
    #[arg(long, default_value = "vi")]
    lang: String,
    /// Print one CSV row per file (file, student id, name, school, years, verdict, reason, signers).
    #[arg(long, conflicts_with = "json")]
    csv: bool,
    /// Also write a self-contained HTML report (summary and a row per file) to this file.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Files checked at once. Default: every core.
    #[arg(long)]
    jobs: Option<usize>,
    /// No progress and no per-file rows: the summary only.
    #[arg(long, short)]
    quiet: bool,
    /// Follow symbolic links found inside folders (each folder and file is then checked once, so
    /// a loop of links ends). Links named as arguments or in a list on stdin are always followed.
    #[arg(long)]
    follow_links: bool,
    /// Signed documents (XML, or PDF copies made by `hocba render`, whose embedded transcript is
    /// verified) and folders of them (recursive, `.xml` files; regular files only), or `-`: a
    /// document on stdin, or a list of paths, one per line.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

impl VerifierArgs {
    /// The verifier these options configure.
    pub(crate) fn build(&self, language: Language) -> Result<Verifier, Failure> {
        let args = self;
        let provider = provider(args.provider.as_deref())?;
        let mut trusted_keys = Vec::new();
        for path in &args.certs {
            let ders = certificates_from_pem_or_der(&read_named(path)?)
                .map_err(|e| file_failure("--cert", path, &e, language))?;
            for der in ders {
                trusted_keys.push(
                    PublicKey::pinned_from_certificate_der(&der)
                        .map_err(|e| file_failure("--cert", path, &e, language))?,
                );
            }
        }
        for path in &args.keys {
            trusted_keys.push(
                PublicKey::from_pem_or_der(&read_named(path)?)
                    .map_err(|e| file_failure("--key", path, &e, language))?,
            );
        }
        let mut config = VerifierConfig::new(VerifyOptions {
            provider,
            trusted_keys,
            allow_sha1: args.allow_sha1,
            ..VerifyOptions::default()
        });
        if !args.id_attrs.is_empty() {
            config.signatures.id_attributes = args.id_attrs.clone();
        }
        for requirement in &args.required {
            config.signatures.required.push(requirement.parse().map_err(|e| Failure(format!("--require: {e}")))?);
        }
        config.signatures.signature_places = args.signature_places.iter().map(|p| place_from_str(p)).collect();
        let (trust, checker) = args.trust.build(args.allow_sha1, language)?;
        config.trust = trust;
        config.trust.time = args.time_policy.parse().map_err(|e| Failure(format!("--time: {e}")))?;
        if let Some(at) = &args.at {
            config.trust.now = Some(UtcTime::parse(at).map_err(|e| Failure(format!("--at: {e}")))?);
        }
        config.revocation = Arc::new(match &args.cache {
            Some(dir) => checker.with_disk_cache(dir.clone()),
            None => checker,
        });
        if let Some(path) = &args.previous {
            config.previous = Some(
                hocba::transcript::from_xml(&read_named(path)?)
                    .map_err(|e| Failure(format!("--previous {}: {e}", path.display())))?,
            );
        }
        if args.generic {
            config.other_documents = OtherDocuments::Verify;
        }
        args.approvals.apply(&mut config, language)?;
        Ok(Verifier::new(config))
    }
}

pub(crate) fn run(args: &VerifyArgs) -> Result<ExitCode, Failure> {
    let language: Language = args.lang.parse().map_err(|e| Failure(format!("--lang: {e}")))?;
    let verifier = args.verifier.build(language)?;
    let qr = match &args.qr {
        Some(text) => {
            // Read once, before any file: a reference that cannot be read is a usage error.
            PaperReference::parse(text).map_err(|e| Failure(format!("--qr: {}", paper_message(&e, language))))?;
            if args.files.len() != 1 || args.files[0].is_dir() {
                return Err(Failure("--qr: one document (an XML file or a PDF copy)".into()));
            }
            Some(text.clone())
        }
        None => None,
    };
    let mut inputs = Inputs::new(&args.files, args.follow_links)?;
    // One document (a file or stdin): its whole report. Several: a row each and a summary.
    let single = args.files.len() == 1 && !args.files[0].is_dir() && inputs.single_document();
    let shown = if args.json {
        Shown::Json
    } else if args.csv {
        Shown::Csv
    } else if single {
        Shown::Report
    } else if args.quiet {
        Shown::Nothing
    } else {
        Shown::Table
    };
    let context = Context { verifier, language, qr, shown };
    // The checks across files are shown in the JSON, the text summary and the HTML report; the
    // CSV has no place for them. Only what is shown is kept, so a batch's memory does not grow
    // with its size when nothing needs every file at the end.
    let checks_across_files = !single && (!args.csv || args.report.is_some());
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let progress = !args.quiet && !args.json && !args.csv && !single && std::io::stderr().is_terminal();

    let mut summary = Summary::default();
    let mut rows: Vec<Row> = Vec::new();
    let mut records = RecordSet::new();
    let mut usage_error = None;
    let mut paper_failed = false;
    let mut stdout = crate::stdout();
    if args.csv {
        writeln!(stdout, "{}", batch::CSV_HEADER)?;
    }
    let started = std::time::Instant::now();
    let queue = std::sync::Mutex::new(&mut inputs);
    std::thread::scope(|scope| -> Result<(), Failure> {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<Checked, Failure>>(jobs * 4);
        let context = &context;
        let queue = &queue;
        for _ in 0..jobs {
            let sender = sender.clone();
            scope.spawn(move || {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some(input) = next else { break };
                    if sender.send(check(input, context)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for checked in receiver {
            let Checked { row, shown, belongs } = match checked {
                Ok(checked) => checked,
                Err(failure) => {
                    usage_error.get_or_insert(failure);
                    continue;
                }
            };
            summary.add(&row);
            paper_failed |= belongs == Some(false);
            stdout.write_all(shown.as_bytes())?;
            if progress && summary.total % 10 == 0 {
                let rate = summary.total as f64 / started.elapsed().as_secs_f64().max(0.001);
                eprint!(
                    "\r{} {} ({rate:.0}/s)   ",
                    summary.total,
                    if language == Language::Vi { "tệp" } else { "files" }
                );
            }
            if args.report.is_some() {
                if checks_across_files && let Some(record) = &row.record {
                    records.add(row.file.clone(), record.clone());
                }
                rows.push(row);
            } else if checks_across_files && let Some(record) = row.record {
                records.add(row.file, record);
            }
        }
        Ok(())
    })?;
    if progress {
        eprintln!();
    }
    if let Some(failure) = usage_error {
        return Err(failure);
    }
    if summary.total == 0 {
        return Err(Failure(inputs::nothing_found(&args.files, language)));
    }
    let students = if checks_across_files { records.check() } else { Vec::new() };
    if args.json {
        for student in &students {
            let mut line = serde_json::to_value(student).map_err(|e| Failure(e.to_string()))?;
            if let Some(object) = line.as_object_mut() {
                object.insert("kind".into(), json!("student"));
            }
            writeln!(stdout, "{line}")?;
        }
        if !single {
            writeln!(stdout, "{}", summary.json())?;
        }
    } else if !args.csv && !single {
        writeln!(stdout)?;
        write!(stdout, "{}", summary.text(language))?;
        for student in &students {
            for problem in &student.problems {
                let (name, id, text) = (&student.name, &student.student_id, problem.text(language));
                writeln!(stdout, "{}", escape_controls(&format!("  {name} ({id}): {text}")))?;
            }
        }
    }
    if let Some(path) = &args.report {
        let now = context
            .verifier
            .config()
            .trust
            .now
            .unwrap_or_else(|| UtcTime::from_system_time(std::time::SystemTime::now()));
        let page = batch::html(&rows, &summary, &students, language, &now.to_vietnam_string());
        std::fs::write(path, page).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    Ok(if !summary.unusable.is_empty() {
        ExitCode::from(2)
    } else if summary.valid == summary.total && !paper_failed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// What every worker shares.
struct Context {
    verifier: Verifier,
    language: Language,
    /// A paper copy's verification reference (`--qr`), read already.
    qr: Option<String>,
    shown: Shown,
}

/// What is printed for each file, by the options: each worker formats only that.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// The whole text report (one document).
    Report,
    /// A JSON line.
    Json,
    /// A CSV row.
    Csv,
    /// A line of the terminal table.
    Table,
    /// Nothing (`--quiet`: the summary only).
    Nothing,
}

/// A checked file: its row, and what is printed for it.
struct Checked {
    row: Row,
    /// Whole lines, ready to print.
    shown: String,
    /// With `--qr`: whether the paper copy belongs to this document's valid transcript.
    belongs: Option<bool>,
}

/// Verifies one input by its kind (`hocba::verifier`): a transcript under the profile and trust,
/// any other signed document under trust alone with `--generic`, else invalid. A file that cannot
/// be read or parsed is a row too; only I/O errors on inputs the user named stop the run.
fn check(input: Input, context: &Context) -> Result<Checked, Failure> {
    let (name, bytes) = match inputs::read(input)? {
        Named { name, content: Ok(bytes) } => (name, bytes),
        Named { name, content: Err(reason) } => {
            return Ok(unusable(name, (reason.code(), reason.vi(), reason.en()), context));
        }
    };
    // A PDF copy is verified as the transcript it carries.
    let bytes = if bytes.starts_with(b"%PDF-") {
        match hocba_render::embedded_transcript(&bytes) {
            Ok(xml) => xml,
            Err(e) => return Ok(unusable(name, (e.code(), e.message_vi(), e.message_en()), context)),
        }
    } else {
        bytes
    };
    let doc = match Document::parse(&bytes) {
        Ok(doc) => doc,
        Err(e) => {
            let place = e.pos().map_or(String::new(), |pos| format!(", {pos}"));
            let reason = (
                e.code(),
                format!("Không phải tệp XML hợp lệ hoặc bị từ chối vì lý do an toàn ({}{place}).", e.code()),
                format!("Not acceptable XML: {e}"),
            );
            return Ok(unusable(name, reason, context));
        }
    };
    let (verification, paper) = match &context.qr {
        Some(reference) => {
            let checked = hocba::paper::check(&context.verifier, reference, &bytes)
                .map_err(|e| Failure(format!("{name}: {e}")))?;
            let paper = (checked.belongs(), checked.mismatch().cloned(), checked.message(context.language));
            (checked.into_verification(), Some(paper))
        }
        None => (context.verifier.verify_document(&doc).map_err(|e| Failure(format!("{name}: {e}")))?, None),
    };
    let record = verification.record();
    let report = verification.report();
    let language = context.language;
    let reason = report
        .problems()
        .iter()
        .chain(report.signatures().iter().flat_map(|s| s.problems()))
        .next()
        .map(|f| (f.code, in_language(language, &f.vi, &f.en).to_owned()));
    let belongs = paper.as_ref().map(|(belongs, _, _)| *belongs);
    let shown = match context.shown {
        Shown::Json => {
            let mut json = serde_json::to_value(report).map_err(|e| Failure(e.to_string()))?;
            if let Some(object) = json.as_object_mut() {
                object.insert("kind".into(), json!("file"));
                object.insert("file".into(), json!(name));
                object.insert("transcript".into(), json!(verification.kind() == DocumentKind::Transcript));
                object.insert("student_id".into(), json!(record.student_id));
                object.insert("student_name".into(), json!(record.student_name));
                object.insert("record".into(), serde_json::to_value(&record).map_err(|e| Failure(e.to_string()))?);
                if let Some((belongs, mismatch, _)) = &paper {
                    let mismatch = mismatch
                        .as_ref()
                        .map(|e| json!({ "code": e.code(), "vi": e.message_vi(), "en": e.message_en() }));
                    object.insert("paper".into(), json!({ "belongs": belongs, "mismatch": mismatch }));
                }
            }
            format!("{json}\n")
        }
        Shown::Report => {
            let mut text = format!("== {}\n{}", escape_controls(&name), report.message(language));
            if let Some((_, _, message)) = &paper {
                text.push_str(&escape_controls(message));
                text.push('\n');
            }
            text
        }
        Shown::Csv | Shown::Table | Shown::Nothing => String::new(),
    };
    let row = Row { file: name, verdict: Some(report.verdict()), reason, record: Some(record) };
    Ok(Checked { shown: shown_row(shown, &row, context), row, belongs })
}

/// `shown`, or the row's line for the outputs made of rows.
fn shown_row(shown: String, row: &Row, context: &Context) -> String {
    match context.shown {
        Shown::Csv => batch::csv_row(row) + "\n",
        Shown::Table => batch::table_row(row, context.language) + "\n",
        Shown::Json | Shown::Report | Shown::Nothing => shown,
    }
}

fn in_language<'a>(language: Language, vi: &'a str, en: &'a str) -> &'a str {
    match language {
        Language::Vi => vi,
        Language::En => en,
    }
}

fn unusable(name: String, (code, vi, en): (Code, String, String), context: &Context) -> Checked {
    let shown = match context.shown {
        Shown::Json => {
            let json =
                json!({ "kind": "file", "file": name, "verdict": null, "error": { "code": code, "vi": vi, "en": en } });
            format!("{json}\n")
        }
        Shown::Report => format!("hocba: {}\n", escape_controls(&format!("{name}: {en}"))),
        Shown::Csv | Shown::Table | Shown::Nothing => String::new(),
    };
    let reason = in_language(context.language, &vi, &en).to_owned();
    let row = Row { file: name, verdict: None, reason: Some((code, reason)), record: None };
    Checked { shown: shown_row(shown, &row, context), row, belongs: None }
}

fn paper_message(error: &PaperError, language: Language) -> String {
    match language {
        Language::Vi => error.message_vi(),
        Language::En => error.message_en(),
    }
}
