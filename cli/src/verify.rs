//! `hocba verify`: every signature in a document, against pinned keys or certificates.
//!
//! Exit codes: 0 every signature valid, 1 a signature is not valid (or there is none), 2 the
//! input is unusable (unreadable, not XML, a key file that cannot be read).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use hocba::crypto::{CryptoProvider, DigestAlgorithm, PublicKey, certificates_from_pem_or_der};
use hocba::dsig::{self, DsigError, RequiredElement, VerifiedSignature, VerifyOptions, Warning};
use hocba::xml::Document;
use serde_json::{Value, json};

use crate::{Failure, provider, read_input, read_named};

#[derive(clap::Args)]
pub(crate) struct VerifyArgs {
    /// Pin the key of this certificate (PEM or DER; repeat). Its validity and chain are not checked here.
    #[arg(long = "cert")]
    certs: Vec<PathBuf>,
    /// Pin this public key (PEM or DER; repeat).
    #[arg(long = "key")]
    keys: Vec<PathBuf>,
    /// Attribute names that act as IDs (repeat). Default: Id, ID, id.
    #[arg(long = "id-attr")]
    id_attrs: Vec<String>,
    /// Accept SHA-1 (old documents), reported as weak.
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
    /// Print the result as JSON (fields documented in the README).
    #[arg(long)]
    json: bool,
    /// Crypto provider: openssl or rustcrypto.
    #[arg(long)]
    provider: Option<String>,
    /// The signed document, or `-` for stdin.
    file: PathBuf,
}

pub(crate) fn run(args: &VerifyArgs) -> Result<ExitCode, Failure> {
    let provider = provider(args.provider.as_deref())?;
    let mut trusted_keys = Vec::new();
    for path in &args.certs {
        let certificates = certificates_from_pem_or_der(&read_named(path)?)
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        for certificate in certificates {
            trusted_keys.push(
                PublicKey::from_certificate_der(&certificate)
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))?,
            );
        }
    }
    for path in &args.keys {
        trusted_keys.push(
            PublicKey::from_pem_or_der(&read_named(path)?).map_err(|e| Failure(format!("{}: {e}", path.display())))?,
        );
    }
    let mut options = VerifyOptions { provider, trusted_keys, allow_sha1: args.allow_sha1, ..VerifyOptions::default() };
    if !args.id_attrs.is_empty() {
        options.id_attributes = args.id_attrs.clone();
    }
    let path = |p: &str| p.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect::<Vec<_>>();
    for requirement in &args.required {
        let (id, place) = requirement.split_once('@').unwrap_or((requirement, ""));
        if id.is_empty() {
            return Err(Failure(format!("--require {requirement:?}: the Id is missing")));
        }
        options.required.push(RequiredElement { id: id.to_owned(), place: path(place) });
    }
    options.signature_places = args.signature_places.iter().map(|p| path(p)).collect();

    let input = read_input(&args.file)?;
    let result = match Document::parse(&input) {
        Ok(doc) => dsig::verify(&doc, &options),
        // Not XML (or refused XML): unusable input, exit 2, unless JSON was asked for.
        Err(e) if !args.json => return Err(Failure(format!("{}: {e}", args.file.display()))),
        Err(e) => Err(DsigError::Xml(e)),
    };
    let file = args.file.display().to_string();
    if args.json {
        println!("{}", to_json(&file, &result, provider));
    } else {
        print!("{}", to_text(&file, &result));
    }
    Ok(match &result {
        Ok(_) => ExitCode::SUCCESS,
        Err(DsigError::Xml(_)) => ExitCode::from(2),
        Err(_) => ExitCode::from(1),
    })
}

fn warning_text(warning: &Warning) -> String {
    match warning {
        Warning::WeakAlgorithm(uri) => format!("weak algorithm {uri} accepted under --allow-sha1"),
        Warning::WeakKey { bits } => format!("RSA key of {bits} bits is below 2048"),
        other => format!("{other:?}"),
    }
}

fn to_json(file: &str, result: &Result<Vec<VerifiedSignature>, DsigError>, provider: &dyn CryptoProvider) -> Value {
    let signature = |s: &VerifiedSignature| {
        let fingerprint = s.signer_certificate().map(|der| {
            let mut digest = provider.digest(DigestAlgorithm::Sha256);
            digest.update(der);
            digest.finish().iter().fold(String::new(), |mut hex, b| {
                let _ = write!(hex, "{b:02x}");
                hex
            })
        });
        json!({
            "id": s.id(),
            "position": s.position().to_string(),
            "algorithm": s.algorithm().uri(),
            "key": { "type": s.key().key_type().to_string(), "bits": s.key().bits() },
            "signer_certificate_sha256": fingerprint,
            "claimed_signing_time": s.claimed_signing_time().map(|t| t.to_utc_string()),
            "references": s.references().iter().map(|r| json!({ "uri": r.uri(), "digest_algorithm": r.digest_algorithm().uri() })).collect::<Vec<_>>(),
            "warnings": s.warnings().iter().map(warning_text).collect::<Vec<_>>(),
        })
    };
    match result {
        Ok(signatures) => {
            json!({ "file": file, "valid": true, "signatures": signatures.iter().map(signature).collect::<Vec<_>>(), "error": null })
        }
        Err(e) => {
            json!({ "file": file, "valid": false, "signatures": [], "error": { "code": e.code(), "message": e.to_string() } })
        }
    }
}

fn to_text(file: &str, result: &Result<Vec<VerifiedSignature>, DsigError>) -> String {
    match result {
        Ok(signatures) => {
            let mut out = format!("{file}: hợp lệ / valid ({} signature(s))\n", signatures.len());
            for s in signatures {
                let uris: Vec<&str> = s.references().iter().map(|r| r.uri()).collect();
                let time = s
                    .claimed_signing_time()
                    .map(|t| format!(", signed {} (claimed)", t.to_vietnam_string()))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  {} at {}: {}, {} {} bits{time}, covers {}",
                    s.id().unwrap_or("(no Id)"),
                    s.position(),
                    s.algorithm().short_name(),
                    s.key().key_type(),
                    s.key().bits(),
                    uris.join(", ")
                );
                for warning in s.warnings() {
                    let _ = writeln!(out, "    warning: {}", warning_text(warning));
                }
            }
            out
        }
        Err(e) => format!("{file}: không hợp lệ / invalid: {e}\n"),
    }
}
