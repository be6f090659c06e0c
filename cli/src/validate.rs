//! `hocba validate`: is each file a transcript, and does it follow the circulars' rules?
//!
//! Exit codes: 0 every file valid (warnings allowed), 1 a file is not a valid transcript, 2 a file
//! cannot be read or is not XML, or no file was found.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use hocba::Code;
use hocba::report::{Language, escape_controls};
use hocba::transcript::{Severity, ValidateOptions, Validation, validate_xml};
use serde_json::json;

use crate::Failure;
use crate::inputs::{self, Inputs, Named};

#[derive(clap::Args)]
pub(crate) struct ValidateArgs {
    /// Report rule findings (the circulars' arithmetic and conditions) as errors, not warnings.
    #[arg(long)]
    strict: bool,
    /// Print one JSON line per file: {file, valid, errors, warnings, findings[{severity, path,
    /// code, message_vi, message_en}]}; a file that cannot be read: {file, valid: false, error:
    /// {code, vi, en}}.
    #[arg(long)]
    json: bool,
    /// Language of the text: vi (default) or en.
    #[arg(long, default_value = "vi")]
    lang: String,
    /// Transcripts (XML) and folders of them (recursive, `.xml` files), or `-`: a document on
    /// stdin, or a list of paths, one per line.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// What became of the files.
#[derive(Default)]
struct Counts {
    valid: usize,
    invalid: usize,
    unusable: usize,
}

pub(crate) fn run(args: &ValidateArgs) -> Result<ExitCode, Failure> {
    let language: Language = args.lang.parse().map_err(|e| Failure(format!("--lang: {e}")))?;
    let options = ValidateOptions { rules_are_errors: args.strict };
    let mut counts = Counts::default();
    let mut stdout = crate::stdout();
    for input in Inputs::new(&args.files, false)? {
        let (name, bytes) = match inputs::read(input)? {
            Named { name, content: Ok(bytes) } => (name, bytes),
            Named { name, content: Err(reason) } => {
                counts.unusable += 1;
                let text = if language == Language::Vi { reason.vi() } else { reason.en() };
                if args.json {
                    let error = json!({ "code": reason.code(), "vi": reason.vi(), "en": reason.en() });
                    writeln!(stdout, "{}", json!({ "file": name, "valid": false, "error": error }))?;
                } else {
                    eprintln!("hocba: {}", escape_controls(&format!("{name}: {text}")));
                }
                continue;
            }
        };
        let (_, validation) = validate_xml(&bytes, options);
        // What the reader refuses is not a transcript with errors: it cannot be read as one.
        let readable = !validation.findings.iter().any(|f| matches!(f.code, Code::Xml | Code::TooLarge));
        match (validation.is_valid(), readable) {
            (true, _) => counts.valid += 1,
            (false, true) => counts.invalid += 1,
            (false, false) => counts.unusable += 1,
        }
        if args.json {
            writeln!(stdout, "{}", to_json(&name, &validation))?;
        } else {
            stdout.write_all(to_text(&name, &validation, readable, language).as_bytes())?;
        }
    }
    let total = counts.valid + counts.invalid + counts.unusable;
    if total == 0 {
        return Err(Failure(inputs::nothing_found(&args.files, language)));
    }
    if total > 1 && !args.json {
        let Counts { valid, invalid, unusable } = counts;
        let summary = match language {
            Language::Vi => {
                format!("{total} tệp: {valid} hợp lệ, {invalid} không hợp lệ, {unusable} không đọc được")
            }
            Language::En => format!("{total} files: {valid} valid, {invalid} invalid, {unusable} unusable"),
        };
        writeln!(stdout, "\n{summary}")?;
    }
    Ok(if counts.unusable > 0 {
        ExitCode::from(2)
    } else if counts.invalid > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn count(validation: &Validation, severity: Severity) -> usize {
    validation.findings.iter().filter(|f| f.severity == severity).count()
}

fn to_json(file: &str, validation: &Validation) -> serde_json::Value {
    json!({
        "file": file,
        "valid": validation.is_valid(),
        "errors": count(validation, Severity::Error),
        "warnings": count(validation, Severity::Warning),
        "findings": validation.findings,
    })
}

fn to_text(file: &str, validation: &Validation, readable: bool, language: Language) -> String {
    let (errors, warnings) = (count(validation, Severity::Error), count(validation, Severity::Warning));
    let vi = language == Language::Vi;
    // Names and messages quote the document: escaped, so that they cannot forge a line.
    let mut out = String::new();
    let mut say = |line: String| {
        out.push_str(&escape_controls(&line));
        out.push('\n');
    };
    match (validation.is_valid(), vi) {
        _ if !readable && vi => say(format!("{file}: không đọc được (không phải XML hợp lệ)")),
        _ if !readable => say(format!("{file}: unusable (not acceptable XML)")),
        (true, true) => say(format!("{file}: hợp lệ ({warnings} cảnh báo)")),
        (true, false) => say(format!("{file}: valid ({warnings} warning(s))")),
        (false, true) => say(format!("{file}: không hợp lệ ({errors} lỗi, {warnings} cảnh báo)")),
        (false, false) => say(format!("{file}: invalid ({errors} error(s), {warnings} warning(s))")),
    }
    for f in &validation.findings {
        let label = match (f.severity, vi) {
            (Severity::Error, true) => "LỖI",
            (Severity::Warning, true) => "CẢNH BÁO",
            (Severity::Error, false) => "ERROR",
            (Severity::Warning, false) => "WARNING",
        };
        say(format!("  {label} [{}] {}", f.code, f.path));
        say(format!("    {}", if vi { &f.message_vi } else { &f.message_en }));
    }
    out
}
