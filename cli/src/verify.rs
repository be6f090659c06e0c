//! `hocba verify`: every signature in each document, the trust in each signer (certificate path to
//! the government roots, revocation) and the report, in Vietnamese (or English) or JSON.
//!
//! Exit codes: 0 every document valid, 1 a document is invalid or undetermined (or has no
//! signature), 2 an input is unusable (unreadable, not XML, a key or certificate file that cannot
//! be read).

use std::path::PathBuf;
use std::process::ExitCode;

use hocba::crypto::{PublicKey, certificates_from_pem_or_der};
use hocba::dsig::{RequiredElement, VerifyOptions};
use hocba::pki::{TimePolicy, verify_document};
use hocba::report::{Language, Verdict};
use hocba::time::UtcTime;
use hocba::transcript::{ProfileVerifyOptions, from_xml, verify_trusted};
use hocba::xml::Document;
use serde_json::json;

use crate::{Failure, provider, read_input, read_named};

#[derive(clap::Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    trust: crate::trust::TrustArgs,
    /// Verify as of this time (xsd:dateTime; without an offset, Vietnamese time) instead of now.
    #[arg(long)]
    at: Option<String>,
    /// Which time a signer's certificate is judged at: best (a time-stamp, else the signer's
    /// claimed SigningTime, else now), timestamp (a time-stamp, else now), now.
    #[arg(long = "time", default_value = "best")]
    time_policy: String,
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
    /// The version of this transcript you hold (XML): each file is then verified as a transcript
    /// (the signing profile) and must be a newer version (higher PhienBan) of the same record.
    #[arg(long)]
    previous: Option<PathBuf>,
    /// Print the report as JSON (one document per file, fields documented in the README).
    #[arg(long)]
    json: bool,
    /// Language of the text report: vi (default) or en.
    #[arg(long, default_value = "vi")]
    lang: String,
    /// Crypto provider: openssl or rustcrypto.
    #[arg(long)]
    provider: Option<String>,
    /// The signed documents, or `-` for stdin.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub(crate) fn run(args: &VerifyArgs) -> Result<ExitCode, Failure> {
    let provider = provider(args.provider.as_deref())?;
    let language: Language = args.lang.parse().map_err(Failure)?;
    let mut trusted_keys = Vec::new();
    for path in &args.certs {
        let ders = certificates_from_pem_or_der(&read_named(path)?)
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        for der in ders {
            trusted_keys
                .push(PublicKey::from_certificate_der(&der).map_err(|e| Failure(format!("{}: {e}", path.display())))?);
        }
    }
    for path in &args.keys {
        trusted_keys.push(
            PublicKey::from_pem_or_der(&read_named(path)?).map_err(|e| Failure(format!("{}: {e}", path.display())))?,
        );
    }
    let mut dsig = VerifyOptions { provider, trusted_keys, allow_sha1: args.allow_sha1, ..VerifyOptions::default() };
    if !args.id_attrs.is_empty() {
        dsig.id_attributes = args.id_attrs.clone();
    }
    let path = |p: &str| p.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect::<Vec<_>>();
    for requirement in &args.required {
        let (id, place) = requirement.split_once('@').unwrap_or((requirement, ""));
        if id.is_empty() {
            return Err(Failure(format!("--require {requirement:?}: the Id is missing")));
        }
        dsig.required.push(RequiredElement { id: id.to_owned(), place: path(place) });
    }
    dsig.signature_places = args.signature_places.iter().map(|p| path(p)).collect();

    let (mut trust, checker) = args.trust.build(args.allow_sha1)?;
    trust.time = match args.time_policy.as_str() {
        "best" => TimePolicy::BestAvailable,
        "timestamp" => TimePolicy::TimeStampOrNow,
        "now" => TimePolicy::VerificationTime,
        other => return Err(Failure(format!("--time {other:?}: expected best, timestamp or now"))),
    };
    if let Some(at) = &args.at {
        trust.now = Some(UtcTime::parse(at).map_err(|e| Failure(format!("--at: {e}")))?);
    }
    let previous = match &args.previous {
        Some(path) => {
            Some(from_xml(&read_named(path)?).map_err(|e| Failure(format!("--previous {}: {e}", path.display())))?)
        }
        None => None,
    };
    let mut worst = Verdict::Valid;
    let mut unusable = false;
    for file in &args.files {
        let name = file.display().to_string();
        let input = read_input(file)?;
        let verified = match &previous {
            // A transcript, as a successor of the version held.
            Some(previous) => {
                let options = ProfileVerifyOptions::new(dsig.clone());
                verify_trusted(&input, &options, &trust, &checker)
                    .map(|mut verification| {
                        verification.require_newer_than(previous);
                        verification.report().clone()
                    })
                    .map_err(|e| (if matches!(e, hocba::Error::Xml(_)) { "xml" } else { "transcript" }, e.to_string()))
            }
            None => match Document::parse(&input) {
                Ok(doc) => {
                    Ok(verify_document(&doc, &dsig, &trust, &checker).map_err(|e| Failure(format!("{name}: {e}")))?)
                }
                Err(e) => Err(("xml", e.to_string())),
            },
        };
        let report = match verified {
            Ok(report) => report,
            Err((code, e)) => {
                unusable = true;
                if args.json {
                    println!("{}", json!({ "file": name, "verdict": null, "error": { "code": code, "message": e } }));
                } else {
                    eprintln!("hocba: {name}: {e}");
                }
                continue;
            }
        };
        worst = worst.max(report.verdict());
        if args.json {
            let mut value: serde_json::Value =
                serde_json::from_str(&report.to_json()).map_err(|e| Failure(e.to_string()))?;
            value.as_object_mut().map(|o| o.insert("file".into(), json!(name)));
            println!("{value}");
        } else {
            println!("== {name}");
            print!("{}", report.message(language));
        }
    }
    Ok(if unusable {
        ExitCode::from(2)
    } else if worst == Verdict::Valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
