//! `hocba timestamp`: an archive time-stamp over each signed transcript, with the validation data
//! of everything in it, so that it verifies after every certificate in it has expired; with
//! `--renew-within`, only those whose proofs end soon (an archive renewing its transcripts).
//!
//! Exit codes: 0 every document stamped (or not yet due), 1 a document was not stamped (it is
//! invalid, or the time-stamp could not be had), 2 unusable input or usage.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use hocba::dsig::VerifyOptions;
use hocba::report::{Language, escape_controls};
use hocba::time::UtcTime;
use hocba::verifier::{Verifier, VerifierConfig};

use crate::inputs::{self, Inputs};
use crate::{Failure, provider};

#[derive(clap::Args)]
pub(crate) struct TimestampArgs {
    #[command(flatten)]
    trust: crate::trust::TrustArgs,
    /// The RFC 3161 time-stamping authority to ask (needs --online).
    #[arg(long)]
    tsa: String,
    /// Where to write the stamped document (one input only; `-` for stdout).
    #[arg(long, conflicts_with = "in_place")]
    out: Option<PathBuf>,
    /// Replace each input with its stamped version (written to a new file, then renamed over it).
    #[arg(long)]
    in_place: bool,
    /// Only documents whose time-stamps stop proving anything within this many days (or that have
    /// none); the others are left as they are.
    #[arg(long)]
    renew_within: Option<u32>,
    /// Accept SHA-1 (old documents), reported as weak.
    #[arg(long)]
    allow_sha1: bool,
    /// Crypto provider: openssl or rustcrypto.
    #[arg(long)]
    provider: Option<String>,
    /// Language of the messages: vi (default) or en.
    #[arg(long, default_value = "vi")]
    lang: String,
    /// Signed transcripts and folders of them (recursive, `.xml` files).
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// What became of one document.
enum Outcome {
    Stamped { renew_by: Option<UtcTime> },
    NotDue { renew_by: UtcTime },
    Refused(String),
}

pub(crate) fn run(args: &TimestampArgs) -> Result<ExitCode, Failure> {
    let language: Language = args.lang.parse().map_err(|e| Failure(format!("--{e}")))?;
    if !args.trust.is_online() {
        return Err(Failure("hocba timestamp asks a time-stamping authority over the network: add --online".into()));
    }
    if args.files.iter().any(|f| f.as_os_str() == "-") {
        return Err(Failure("hocba timestamp writes files: name them (stdin is not accepted)".into()));
    }
    let (trust, checker) = args.trust.build(args.allow_sha1, language)?;
    let signatures = VerifyOptions { provider: provider(args.provider.as_deref())?, ..VerifyOptions::default() };
    let verifier =
        Verifier::new(VerifierConfig { trust, revocation: Arc::new(checker), ..VerifierConfig::new(signatures) });
    let now = UtcTime::from_system_time(std::time::SystemTime::now());
    let due_by =
        args.renew_within.map(|days| UtcTime::from_unix_seconds(now.unix_seconds() + i64::from(days) * 86_400));

    let inputs: Vec<_> = Inputs::new(&args.files, false)?.collect();
    let single =
        inputs.len() == 1 && args.files.len() == 1 && !std::fs::metadata(&args.files[0]).is_ok_and(|m| m.is_dir());
    if !(args.in_place || single && args.out.is_some()) {
        return Err(Failure("say where the result goes: --out FILE (one document) or --in-place".into()));
    }
    let vi = language == Language::Vi;
    let mut refused = 0;
    for input in inputs {
        let named = inputs::read(input)?;
        let path = PathBuf::from(&named.name);
        let outcome = match named.content {
            Err(reason) => Outcome::Refused(if vi { reason.vi() } else { reason.en() }),
            Ok(xml) => stamp(&verifier, &xml, &args.tsa, due_by, language, |stamped| match &args.out {
                Some(out) => crate::sign::write_output(out, stamped),
                None => crate::write_atomically(&path, stamped),
            })?,
        };
        let line = match (&outcome, vi) {
            (Outcome::Stamped { renew_by }, true) => format!(
                "đã gắn dấu thời gian lưu trữ: {}{}",
                named.name,
                renew_by
                    .map_or(String::new(), |t| format!(" (gia hạn lại trước {} giờ Việt Nam)", t.to_vietnam_string()))
            ),
            (Outcome::Stamped { renew_by }, false) => format!(
                "archive time-stamp added: {}{}",
                named.name,
                renew_by.map_or(String::new(), |t| format!(" (renew before {} Vietnam time)", t.to_vietnam_string()))
            ),
            (Outcome::NotDue { renew_by }, true) => {
                format!(
                    "chưa cần gia hạn: {} (các dấu thời gian còn hiệu lực đến {})",
                    named.name,
                    renew_by.to_vietnam_string()
                )
            }
            (Outcome::NotDue { renew_by }, false) => {
                format!("not due: {} (its time-stamps hold until {})", named.name, renew_by.to_vietnam_string())
            }
            (Outcome::Refused(why), true) => format!("không gắn dấu thời gian lưu trữ: {}: {why}", named.name),
            (Outcome::Refused(why), false) => format!("no archive time-stamp added: {}: {why}", named.name),
        };
        if matches!(outcome, Outcome::Refused(_)) {
            refused += 1;
        }
        eprintln!("{}", escape_controls(&line));
    }
    Ok(if refused == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Stamps one document and hands the result to `write`, unless it is not due or is refused.
fn stamp(
    verifier: &Verifier,
    xml: &[u8],
    tsa: &str,
    due_by: Option<UtcTime>,
    language: Language,
    write: impl FnOnce(&[u8]) -> Result<(), Failure>,
) -> Result<Outcome, Failure> {
    if let Some(due_by) = due_by {
        let verification = match verifier.verify(xml) {
            Ok(verification) => verification,
            Err(e) => return Ok(Outcome::Refused(e.to_string())),
        };
        if let Some(renew_by) = verification.report().renew_archive_by()
            && renew_by > due_by
        {
            return Ok(Outcome::NotDue { renew_by });
        }
    }
    match verifier.add_archive_time_stamp(xml, tsa) {
        Ok(archived) => {
            write(&archived.xml)?;
            Ok(Outcome::Stamped { renew_by: archived.verification.report().renew_archive_by() })
        }
        Err(hocba::Error::Pki(hocba::pki::PkiError::NotArchivable { codes })) => {
            let codes: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
            Ok(Outcome::Refused(match language {
                Language::Vi => format!("tài liệu không hợp lệ ({})", codes.join(", ")),
                Language::En => format!("the document is invalid ({})", codes.join(", ")),
            }))
        }
        Err(e) => Ok(Outcome::Refused(e.to_string())),
    }
}
