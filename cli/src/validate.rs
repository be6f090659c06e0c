//! `hocba validate`: is the file a transcript, and does it follow the circulars' rules?
//!
//! Exit codes: 0 no error (warnings allowed), 1 errors, 2 the file cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use hocba::report::escape_controls;
use hocba::transcript::{Severity, ValidateOptions, Validation, validate_xml};
use serde_json::json;

use crate::{Failure, read_input};

#[derive(clap::Args)]
pub(crate) struct ValidateArgs {
    /// Report rule findings (the circulars' arithmetic and conditions) as errors, not warnings.
    #[arg(long)]
    strict: bool,
    /// Print the result as JSON: {file, valid, errors, warnings, findings[{severity, path, code, message_vi, message_en}]}.
    #[arg(long)]
    json: bool,
    /// The transcript (XML), or `-` for stdin.
    file: PathBuf,
}

pub(crate) fn run(args: &ValidateArgs) -> Result<ExitCode, Failure> {
    let input = read_input(&args.file)?;
    let (_, validation) = validate_xml(&input, ValidateOptions { rules_are_errors: args.strict });
    let file = args.file.display().to_string();
    if args.json {
        println!("{}", to_json(&file, &validation));
    } else {
        print!("{}", to_text(&file, &validation));
    }
    Ok(if validation.is_valid() { ExitCode::SUCCESS } else { ExitCode::from(1) })
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

fn to_text(file: &str, validation: &Validation) -> String {
    let (errors, warnings) = (count(validation, Severity::Error), count(validation, Severity::Warning));
    // Names and messages quote the document: escaped, so that they cannot forge a line.
    let mut out = String::new();
    let mut say = |line: String| {
        out.push_str(&escape_controls(&line));
        out.push('\n');
    };
    if validation.is_valid() {
        say(format!("{file}: hợp lệ / valid ({warnings} cảnh báo / warning(s))"));
    } else {
        say(format!("{file}: không hợp lệ / invalid ({errors} lỗi / error(s), {warnings} cảnh báo / warning(s))"));
    }
    for f in &validation.findings {
        let label = match f.severity {
            Severity::Error => "LỖI / ERROR",
            Severity::Warning => "CẢNH BÁO / WARNING",
        };
        say(format!("  {label} [{}] {}", f.code, f.path));
        say(format!("    {}", f.message_vi));
        say(format!("    {}", f.message_en));
    }
    out
}
