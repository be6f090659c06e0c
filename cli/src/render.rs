//! `hocba render`: a paper copy of a signed transcript, as a PDF/A-3 to print, archive or send
//! (`hocba_render`). The transcript is verified first, with the options `verify` takes; one that
//! is not valid is refused unless `--mark-invalid`.
//!
//! Exit codes: 0 the copy was written, 1 refused (not valid), 2 unusable input or usage.

use std::path::PathBuf;
use std::process::ExitCode;

use hocba::report::Language;
use hocba_render::{RenderError, RenderOptions, render};

use crate::{Failure, read_input, write_atomically};

#[derive(clap::Args)]
pub(crate) struct RenderArgs {
    #[command(flatten)]
    verifier: crate::verify::VerifierArgs,
    /// Render a transcript that does not verify valid, with "KHÔNG HỢP LỆ" on every page and no
    /// QR code (else it is refused).
    #[arg(long)]
    mark_invalid: bool,
    /// Language of the messages: vi (default) or en. The copy itself is in Vietnamese.
    #[arg(long, default_value = "vi")]
    lang: String,
    /// The PDF to write.
    #[arg(short, long)]
    output: PathBuf,
    /// The signed transcript (XML), or `-` for stdin.
    file: PathBuf,
}

pub(crate) fn run(args: &RenderArgs) -> Result<ExitCode, Failure> {
    let language: Language = args.lang.parse().map_err(|e| Failure(format!("--lang: {e}")))?;
    let verifier = args.verifier.build(language)?;
    let xml = read_input(&args.file)?;
    let message = |e: &RenderError| match language {
        Language::Vi => e.message_vi(),
        Language::En => e.message_en(),
    };
    let rendered = match render(&verifier, &xml, RenderOptions { mark_invalid: args.mark_invalid }) {
        Ok(rendered) => rendered,
        Err(e @ RenderError::NotValid { .. }) => {
            eprintln!("hocba: {}: {}", args.file.display(), hocba::report::escape_controls(&message(&e)));
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(Failure(format!("{}: {}", args.file.display(), message(&e)))),
    };
    write_atomically(&args.output, &rendered.pdf)?;
    let verdict = rendered.verdict.label(language);
    match (&rendered.reference, language) {
        (Some(reference), Language::Vi) => println!("{}: {verdict}; mã xác minh: {reference}", args.output.display()),
        (Some(reference), Language::En) => println!("{}: {verdict}; reference: {reference}", args.output.display()),
        (None, Language::Vi) => {
            println!("{}: {verdict}; đã đánh dấu KHÔNG HỢP LỆ trên mọi trang", args.output.display())
        }
        (None, Language::En) => println!("{}: {verdict}; marked INVALID on every page", args.output.display()),
    }
    Ok(ExitCode::SUCCESS)
}
