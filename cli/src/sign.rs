//! `hocba sign`: an enveloped signature as the transcript profile lays it out.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use hocba::c14n::Algorithm;
use hocba::crypto::{
    CryptoError, CryptoProvider, KeyType, Pkcs12Identity, PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der,
};
use hocba::dsig::{KeySigner, SignatureRequest, Signer};
use hocba::pkcs11::{Pin, Pkcs11Uri, TokenError, TokenOptions, TokenSigner};
use hocba::pki::SigningOptions;
use hocba::report::{Language, code_label, escape_controls};
use hocba::signer::{CheckedKey, SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::{Role, year_status};

use crate::inputs::{self, Input, Inputs};
use crate::{Failure, file_failure, provider, read_input, read_named, write_atomically};

/// The signer's key and certificates: a key file with its certificates, a PKCS#12 file, or a key
/// on a PKCS#11 token.
#[derive(clap::Args)]
pub(crate) struct KeyArgs {
    /// The private key (PEM or DER: PKCS#8, PKCS#1, SEC1).
    #[arg(long, required_unless_present_any = ["pkcs12", "pkcs11"])]
    key: Option<PathBuf>,
    /// Certificates for KeyInfo (PEM or DER), the signer's first; repeat for the chain. With
    /// --pkcs11: only for a token that holds no certificate.
    #[arg(long = "cert")]
    certs: Vec<PathBuf>,
    /// A key on a USB token or HSM, by its PKCS#11 URI (RFC 7512), e.g.
    /// 'pkcs11:token=Truong%20THCS;object=gvcn?module-path=/usr/lib/x.so'. The certificate is the
    /// token's certificate with the key's id, the chain the token's CA certificates. The PIN comes
    /// from the URI's pin-source=file:/path, else --pin-env, else a prompt on the terminal (no
    /// echo); never give it on the command line. One login serves every file.
    #[arg(long, conflicts_with_all = ["key", "pkcs12"])]
    pkcs11: Option<String>,
    /// The PKCS#11 module (the token vendor's shared library), when the URI has no module-path.
    #[arg(long, requires = "pkcs11")]
    pkcs11_module: Option<PathBuf>,
    /// The environment variable that holds the token's PIN.
    #[arg(long, requires = "pkcs11")]
    pin_env: Option<String>,
    /// Key and certificates from a PKCS#12 file (.p12/.pfx) instead of --key/--cert.
    #[arg(long, conflicts_with = "key", requires = "password_file")]
    pkcs12: Option<PathBuf>,
    /// File whose first line is the PKCS#12 password.
    #[arg(long)]
    password_file: Option<PathBuf>,
    /// rsa-sha256, rsa-pss-sha256, ecdsa-sha256 (also -sha384, -sha512) or the URI. Default: rsa-sha256 for RSA keys, ecdsa-sha256 for EC keys.
    #[arg(long)]
    algorithm: Option<String>,
    /// Language of the messages: vi (default) or en.
    #[arg(long, default_value = "vi")]
    lang: String,
}

impl KeyArgs {
    /// The language of the messages (`--lang`).
    pub(crate) fn language(&self) -> Result<Language, Failure> {
        self.lang.parse().map_err(|e| Failure(format!("--lang: {e}")))
    }

    /// The signer these arguments name.
    pub(crate) fn signer(
        &self,
        provider: &'static dyn CryptoProvider,
    ) -> Result<Box<dyn Signer + Send + Sync>, Failure> {
        match &self.pkcs11 {
            Some(uri) => Ok(Box::new(self.token_signer(uri)?)),
            None => Ok(Box::new(self.software_signer(provider)?)),
        }
    }

    /// The key on a token: one session, logged in once. The PIN is asked for only when the token
    /// needs one and neither the URI nor --pin-env gives it.
    fn token_signer(&self, uri: &str) -> Result<TokenSigner, Failure> {
        let language = self.language()?;
        let said = |e: TokenError| match language {
            Language::Vi => format!("{} [{}]", e.message_vi(), e.code()),
            Language::En => format!("{e} [{}]", e.code()),
        };
        let uri = Pkcs11Uri::parse(uri).map_err(|e| Failure(format!("--pkcs11: {}", said(e))))?;
        let mut certificates = Vec::new();
        for cert in &self.certs {
            certificates.extend(
                certificates_from_pem_or_der(&read_named(cert)?)
                    .map_err(|e| file_failure("--cert", cert, &e, language))?,
            );
        }
        let algorithm = self.algorithm.as_deref().map(SignatureAlgorithm::from_name).transpose()?;
        let pin = match &self.pin_env {
            Some(name) => Some(Pin::new(
                std::env::var(name).map_err(|_| Failure(format!("--pin-env: the environment has no {name}")))?,
            )),
            None => None,
        };
        let options = |pin| TokenOptions {
            module: self.pkcs11_module.clone(),
            pin,
            algorithm,
            certificates: certificates.clone(),
        };
        let signer = match TokenSigner::open(&uri, options(pin)) {
            Err(TokenError::PinNeeded { token }) if uri.pin_source.is_none() && self.pin_env.is_none() => {
                let pin = rpassword::prompt_password(format!("PIN of token {token:?}: "))
                    .map_err(|e| Failure(format!("cannot ask for the PIN: {e}")))?;
                TokenSigner::open(&uri, options(Some(Pin::new(pin))))
            }
            opened => opened,
        };
        let signer = signer.map_err(|e| Failure(said(e)))?;
        eprintln!("hocba: token {:?}: logged in", signer.token_label());
        Ok(signer)
    }

    /// The key in a file or a PKCS#12 file.
    fn software_signer(&self, provider: &'static dyn CryptoProvider) -> Result<KeySigner, Failure> {
        let language = self.language()?;
        let (key, certificates, named) = match &self.pkcs12 {
            Some(path) => {
                let password_file = self.password_file.as_ref().expect("clap requires it");
                let password = String::from_utf8(read_named(password_file)?)
                    .map_err(|_| Failure("password file is not UTF-8".into()))?;
                let password = password.lines().next().unwrap_or_default();
                let identity = Pkcs12Identity::from_der(&read_named(path)?, password)
                    .map_err(|e| file_failure("--pkcs12", path, &e, language))?;
                (identity.key, identity.certificates, ("--pkcs12", path))
            }
            None => {
                let path = self.key.as_ref().expect("clap requires --key or --pkcs12");
                let key = PrivateKey::from_pem_or_der(&read_named(path)?)
                    .map_err(|e| file_failure("--key", path, &e, language))?;
                let mut certificates = Vec::new();
                for cert in &self.certs {
                    certificates.extend(
                        certificates_from_pem_or_der(&read_named(cert)?)
                            .map_err(|e| file_failure("--cert", cert, &e, language))?,
                    );
                }
                (key, certificates, ("--key", path))
            }
        };
        let algorithm = match &self.algorithm {
            Some(name) => SignatureAlgorithm::from_name(name)?,
            None if key.public_key().key_type() == KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
            None => SignatureAlgorithm::RSA_SHA256,
        };
        KeySigner::new(key, certificates, algorithm, provider).map_err(|e| match e {
            // What is missing or wrong is the certificate beside the key.
            CryptoError::MissingCertificate | CryptoError::CertificateNotForKey => {
                file_failure(named.0, named.1, &e, language)
            }
            other => other.into(),
        })
    }
}

#[derive(clap::Args)]
pub(crate) struct SignArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// A transcript's school year to sign, with --role: its school year as NamHoc writes it
    /// (2024-2025: the one name for a whole class, whose transcripts each give the year their own
    /// Id), or its QuaTrinhHocTap/@Id (QTHT-2024-2025). The signature is placed, named and
    /// countersigns as the signing profile says (schemas/PROFILE.md), and a role or year that does
    /// not fit is refused.
    #[arg(long, requires = "role", conflicts_with_all = ["reference_id", "into", "signature_id", "countersign", "c14n"])]
    year: Option<String>,
    /// With --year: gvcn, hieu-truong, gvbm:SUBJECT (e.g. gvbm:TOAN) or con-dau (the school seal).
    #[arg(long, requires = "year")]
    role: Option<String>,
    /// Id of the element to sign (documents that are not transcripts; for a transcript, --year
    /// and --role).
    #[arg(long, required_unless_present = "year")]
    reference_id: Option<String>,
    /// Where the signature goes: element names below the root, e.g. DSCKS/GVCN. Default: the root element.
    #[arg(long, default_value = "")]
    into: String,
    /// Id of the new Signature element. Default: "sig-" and the last element of --into.
    #[arg(long)]
    signature_id: Option<String>,
    /// Canonicalization: c14n, exc-c14n, c14n11 (or the URI).
    #[arg(long, default_value = "c14n")]
    c14n: String,
    /// Signing time (xsd:dateTime; without an offset, Vietnamese time). Default: now.
    #[arg(long)]
    signing_time: Option<String>,
    /// Also sign an earlier signature's value, by the Id of its SignatureValue (repeat for several,
    /// e.g. a homeroom teacher countersigning each subject teacher of the year).
    #[arg(long)]
    countersign: Vec<String>,
    #[command(flatten)]
    trust: crate::trust::TrustArgs,
    /// Do not check the signer's certificate (path, revocation) before signing: for test keys
    /// outside any PKI. Said on stderr.
    #[arg(long)]
    no_trust_check: bool,
    /// Time-stamp the signature at this RFC 3161 time-stamping authority (needs --online).
    #[arg(long)]
    tsa: Option<String>,
    /// Embed the time-stamp, the certificates and the CRLs or OCSP responses the check used, so
    /// the document verifies offline for decades (long-term validation).
    #[arg(long)]
    embed_validation_data: bool,
    /// Crypto provider: openssl or rustcrypto.
    #[arg(long)]
    provider: Option<String>,
    /// Sign a whole class (with --year and --role): every FILE given and every .xml file in the
    /// FOLDERs, each written under this folder by its file name (written to a temporary file, then
    /// renamed: an output appears only complete). A file whose output there is already signed for
    /// the role and year (a run stopped half-way), or that is itself signed for them, is skipped
    /// and not written; a file that cannot be signed is refused and the others go on. Progress
    /// and a summary go to stderr; exit code 1 when a file was refused, 2 when the token fails.
    #[arg(long, requires = "year")]
    out_dir: Option<PathBuf>,
    /// With --out-dir: files prepared and written at once while the key signs one at a time.
    /// Default: two per core.
    #[arg(long, requires = "out_dir")]
    jobs: Option<usize>,
    /// The document to sign (`-` for stdin) and where to write it (`-` for stdout); with
    /// --out-dir, the files and folders to sign.
    #[arg(required = true, value_name = "INPUT OUTPUT | FILES")]
    paths: Vec<PathBuf>,
}

pub(crate) fn run(args: &SignArgs) -> Result<ExitCode, Failure> {
    let provider = provider(args.provider.as_deref())?;
    let (input, output) = match (&args.out_dir, &args.paths[..]) {
        (Some(_), _) => (None, None),
        (None, [input, output]) => (Some(input), Some(output)),
        (None, _) => return Err(Failure("give INPUT and OUTPUT, or --out-dir and the files to sign".into())),
    };

    let signing_time = match &args.signing_time {
        Some(text) => UtcTime::parse(text)?,
        None => UtcTime::from_system_time(std::time::SystemTime::now()),
    };
    let role: Option<Role> = args.role.as_deref().map(str::parse).transpose().map_err(|e| Failure(format!("--{e}")))?;
    let input = input.map(|path| read_input(path)).transpose()?;
    let (trust, revocation) = args.trust.build(false, args.key.language()?)?;
    let config = SignerConfig {
        trust,
        revocation: Arc::new(revocation),
        signing: SigningOptions { tsa_url: args.tsa.clone(), embed_validation_data: args.embed_validation_data },
        check_signer: !args.no_trust_check,
        signing_time: Some(signing_time),
    };
    if args.no_trust_check {
        eprintln!("hocba: warning: signing without checking the signer's certificate (--no-trust-check)");
    }
    // Opened once: a token is logged in once for every file.
    let signer = args.key.signer(provider)?;
    let transcript_signer = TranscriptSigner::new(config);
    let (Some(input), Some(output)) = (input, output) else {
        let (Some(out_dir), Some(year), Some(role)) = (&args.out_dir, &args.year, role) else {
            return Err(Failure("--out-dir signs transcripts: give --year and --role".into()));
        };
        // The signer's certificate is checked once for the class.
        let key = transcript_signer.check_key(&*signer)?;
        let class = Class { year, role, key: &key, out_dir, language: args.key.language()? };
        // The files wait more than they work, for the token and for the disk: two per core keep the
        // token busy.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        return class.sign(&args.paths, args.jobs.unwrap_or(2 * cores).max(1));
    };
    let signed = match (&args.year, role, &args.reference_id) {
        (Some(year), Some(role), _) => {
            let year_id = year_status(&input, year, role)?.year_id;
            transcript_signer.sign_year(&input, &year_id, role, &*signer)?
        }
        (None, None, Some(reference_id)) => {
            let into: Vec<&str> = args.into.split('/').filter(|s| !s.is_empty()).collect();
            let signature_id =
                args.signature_id.clone().unwrap_or_else(|| format!("sig-{}", into.last().copied().unwrap_or("1")));
            let mut request = SignatureRequest::new(reference_id, &into, &signature_id, signing_time);
            request.canonicalization = Algorithm::from_name(&args.c14n)?;
            request.countersign = args.countersign.clone();
            request.provider = provider;
            transcript_signer.sign(&input, &request, &*signer)?
        }
        _ => return Err(Failure("give --year and --role (a transcript), or --reference-id (another document)".into())),
    };
    write_output(output, &signed)?;
    Ok(ExitCode::SUCCESS)
}

/// A class signed in one run: every transcript's year `year` as `role`, with one key.
struct Class<'a> {
    year: &'a str,
    role: Role,
    key: &'a CheckedKey<'a, 'a>,
    out_dir: &'a Path,
    /// The language of the progress lines and the summary.
    language: Language,
}

/// What became of one file.
enum Outcome {
    Signed,
    /// Already signed for the role and year: the output (a run stopped half-way) or the file.
    Skipped {
        output: bool,
    },
    Refused(hocba::Code, String),
    /// The token is gone or refuses: the run stops.
    TokenFailed(hocba::Code, String),
}

/// One file's outcome, with its number in the run and its name as shown.
struct Done {
    number: usize,
    name: String,
    outcome: Outcome,
}

/// The path of a file input; `None` for stdin.
fn item_path(item: &Input) -> Option<&Path> {
    match item {
        Input::Path { path, .. } | Input::Refused { path, .. } | Input::Unreadable { path, .. } => Some(path),
        Input::Stdin(_) => None,
    }
}

impl Class<'_> {
    /// Signs every transcript of `paths`, `jobs` at a time: the token signs one value at a time on
    /// its one session, while the other files are read, prepared and written around it.
    fn sign(&self, paths: &[PathBuf], jobs: usize) -> Result<ExitCode, Failure> {
        std::fs::create_dir_all(self.out_dir).map_err(|e| Failure(format!("{}: {e}", self.out_dir.display())))?;
        let (mut signed, mut skipped, mut refused) = (0, 0, Vec::new());
        let mut token_failure = None;
        // Taken in order, one at a time: the numbers and which of two files with the same name is
        // refused do not depend on the threads.
        let queue = Mutex::new((Inputs::new(paths, false)?, 0usize, HashSet::new()));
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| -> Result<(), Failure> {
            let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<Done, Failure>>(jobs * 4);
            for _ in 0..jobs {
                let sender = sender.clone();
                let (queue, stop) = (&queue, &stop);
                scope.spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let (item, number, duplicate) = {
                            let mut queue = queue.lock().unwrap_or_else(|e| e.into_inner());
                            let (inputs, count, outputs) = &mut *queue;
                            let Some(item) = inputs.next() else { break };
                            *count += 1;
                            let duplicate = item_path(&item)
                                .and_then(Path::file_name)
                                .is_some_and(|name| !outputs.insert(name.to_owned()));
                            (item, *count, duplicate)
                        };
                        let done = self.sign_input(item, number, duplicate);
                        if let Ok(Done { outcome: Outcome::TokenFailed(..), .. }) = &done {
                            stop.store(true, Ordering::Relaxed);
                        }
                        if sender.send(done).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            let mut usage_error = None;
            for done in receiver {
                let Done { number, name, outcome } = match done {
                    Ok(done) => done,
                    Err(failure) => {
                        stop.store(true, Ordering::Relaxed);
                        usage_error.get_or_insert(failure);
                        continue;
                    }
                };
                let vi = self.language == Language::Vi;
                let said = match outcome {
                    Outcome::Signed => {
                        signed += 1;
                        (if vi { "đã ký" } else { "signed" }).to_owned()
                    }
                    Outcome::Skipped { output } => {
                        skipped += 1;
                        match (vi, output) {
                            (true, true) => "bỏ qua (tệp kết quả đã được ký)",
                            (true, false) => "bỏ qua (tệp đã được ký)",
                            (false, true) => "skipped (the output is signed)",
                            (false, false) => "skipped (the file is signed)",
                        }
                        .to_owned()
                    }
                    Outcome::Refused(code, message) => {
                        let said = format!("{}: {message} [{code}]", if vi { "từ chối" } else { "refused" });
                        refused.push((name.clone(), code, message));
                        said
                    }
                    Outcome::TokenFailed(code, message) => {
                        let said = format!("{message} [{code}]");
                        token_failure.get_or_insert((code, message));
                        said
                    }
                };
                eprintln!("hocba: [{number}] {}: {said}", escape_controls(&name));
            }
            usage_error.map_or(Ok(()), Err)
        })?;
        let vi = self.language == Language::Vi;
        if let Some((code, message)) = token_failure {
            // The token is gone or refuses: the other files would fail the same way.
            match vi {
                true => {
                    eprintln!("hocba: đã dừng: đã ký {signed}, bỏ qua {skipped}; chạy lại đúng lệnh này để ký tiếp")
                }
                false => {
                    eprintln!("hocba: stopped: {signed} signed, {skipped} skipped; run the same command again to go on")
                }
            }
            return Err(Failure(format!("{message} [{code}]")));
        }
        let count = refused.len();
        match vi {
            true => eprintln!("hocba: đã ký {signed}, bỏ qua {skipped} (đã ký), từ chối {count}"),
            false => eprintln!("hocba: signed {signed}, skipped {skipped} (already signed), refused {count}"),
        }
        for (name, code, message) in &refused {
            let label = code_label(*code, self.language).map(|label| format!("{label}: ")).unwrap_or_default();
            eprintln!("hocba:   {}: {label}{} [{code}]", escape_controls(name), escape_controls(message));
        }
        Ok(if refused.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
    }

    /// Reads and signs the `number`th input; `duplicate` when an earlier input has its file name.
    fn sign_input(&self, item: Input, number: usize, duplicate: bool) -> Result<Done, Failure> {
        let path = match item_path(&item) {
            Some(path) => path.to_owned(),
            None => return Err(Failure("--out-dir signs files: not stdin".into())),
        };
        let named = inputs::read(item)?;
        let vi = self.language == Language::Vi;
        let outcome = match (named.content, path.file_name()) {
            (Err(unusable), _) => Outcome::Refused(
                unusable.code(),
                match vi {
                    true => code_label(unusable.code(), Language::Vi).unwrap_or("không đọc được").to_owned(),
                    false => unusable.to_string(),
                },
            ),
            (Ok(_), None) => {
                Outcome::Refused(hocba::Code::NotAFile, (if vi { "không có tên tệp" } else { "no file name" }).into())
            }
            (Ok(_), Some(_)) if duplicate => Outcome::Refused(
                hocba::Code::InvalidSetting,
                match vi {
                    true => "một tệp khác cùng tên: tệp kết quả sẽ bị ghi đè",
                    false => "another input has the same file name: its output would be overwritten",
                }
                .into(),
            ),
            (Ok(xml), Some(file_name)) => match self.sign_one(&xml, &self.out_dir.join(file_name)) {
                Ok(outcome) => outcome,
                Err((code, message)) if is_token_failure(code) => Outcome::TokenFailed(code, message),
                Err((code, message)) => Outcome::Refused(code, message),
            },
        };
        Ok(Done { number, name: named.name, outcome })
    }

    /// Signs one transcript into `output`, unless it or its output is signed for the role and year.
    fn sign_one(&self, xml: &[u8], output: &Path) -> Result<Outcome, (hocba::Code, String)> {
        let failed = |e: hocba::Error| (e.code(), error_text(&e, self.language));
        if let Ok(done) = std::fs::read(output) {
            return Ok(match year_status(&done, self.year, self.role) {
                Ok(status) if status.signed => Outcome::Skipped { output: true },
                _ => Outcome::Refused(
                    hocba::Code::InvalidSetting,
                    match self.language {
                        Language::Vi => format!(
                            "{} đã có và chưa được ký cho vai trò và năm học này: không ghi đè",
                            output.display()
                        ),
                        Language::En => format!(
                            "{} exists and is not signed for this role and year: not overwritten",
                            output.display()
                        ),
                    },
                ),
            });
        }
        let Some(signed) = self.key.sign_year_unless_signed(xml, self.year, self.role).map_err(failed)? else {
            return Ok(Outcome::Skipped { output: false });
        };
        write_atomically(output, &signed).map_err(|Failure(message)| (hocba::Code::Io, message))?;
        Ok(Outcome::Signed)
    }
}

/// What the core said, in `language`: the Vietnamese of the errors that have it, else the code's
/// label; never English inside Vietnamese.
fn error_text(error: &hocba::Error, language: Language) -> String {
    if language == Language::En {
        return error.to_string();
    }
    match error {
        hocba::Error::Crypto(e) | hocba::Error::Dsig(hocba::dsig::DsigError::Signing(e)) => e.message_vi(),
        hocba::Error::Transcript(e) => e.message_vi(),
        hocba::Error::Approvals(e) => e.message_vi(),
        other => match code_label(other.code(), Language::Vi) {
            Some(label) => label.to_owned(),
            None => format!("không ký được ({})", other.code()),
        },
    }
}

/// Whether a failure is the token's, not the file's.
fn is_token_failure(code: hocba::Code) -> bool {
    use hocba::Code::*;
    matches!(code, TokenRemoved | TokenPinLocked | TokenPinIncorrect | TokenFailed | TokenMechanismUnsupported)
}

/// Writes `bytes` to `path`, or to stdout for `-`.
pub(crate) fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    if path.as_os_str() == "-" {
        use std::io::Write;
        let mut stdout = crate::stdout();
        stdout.write_all(bytes)?;
        stdout.flush()?;
        return Ok(());
    }
    std::fs::write(path, bytes).map_err(|e| Failure(format!("{}: {e}", path.display())))
}
