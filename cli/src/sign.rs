//! `hocba sign`: an enveloped signature as the transcript profile lays it out.

use std::path::PathBuf;
use std::sync::Arc;

use hocba::c14n::Algorithm;
use hocba::crypto::{KeyType, Pkcs12Identity, PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::{KeySigner, SignatureRequest};
use hocba::pki::SigningOptions;
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::Role;

use crate::{Failure, provider, read_input, read_named};

/// The signer's key and certificates: a key file with its certificates, or a PKCS#12 file.
#[derive(clap::Args)]
pub(crate) struct KeyArgs {
    /// The private key (PEM or DER: PKCS#8, PKCS#1, SEC1).
    #[arg(long, required_unless_present = "pkcs12")]
    key: Option<PathBuf>,
    /// Certificates for KeyInfo (PEM or DER), the signer's first; repeat for the chain.
    #[arg(long = "cert")]
    certs: Vec<PathBuf>,
    /// Key and certificates from a PKCS#12 file (.p12/.pfx) instead of --key/--cert.
    #[arg(long, conflicts_with = "key", requires = "password_file")]
    pkcs12: Option<PathBuf>,
    /// File whose first line is the PKCS#12 password.
    #[arg(long)]
    password_file: Option<PathBuf>,
    /// rsa-sha256, rsa-pss-sha256, ecdsa-sha256 (also -sha384, -sha512) or the URI. Default: rsa-sha256 for RSA keys, ecdsa-sha256 for EC keys.
    #[arg(long)]
    algorithm: Option<String>,
}

impl KeyArgs {
    /// The signer these arguments name.
    pub(crate) fn signer(&self, provider: &'static dyn hocba::crypto::CryptoProvider) -> Result<KeySigner, Failure> {
        let (key, certificates) = match &self.pkcs12 {
            Some(path) => {
                let password_file = self.password_file.as_ref().expect("clap requires it");
                let password = String::from_utf8(read_named(password_file)?)
                    .map_err(|_| Failure("password file is not UTF-8".into()))?;
                let password = password.lines().next().unwrap_or_default();
                let identity = Pkcs12Identity::from_der(&read_named(path)?, password)
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
                (identity.key, identity.certificates)
            }
            None => {
                let path = self.key.as_ref().expect("clap requires --key or --pkcs12");
                let key = PrivateKey::from_pem_or_der(&read_named(path)?)
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
                let mut certificates = Vec::new();
                for cert in &self.certs {
                    certificates.extend(
                        certificates_from_pem_or_der(&read_named(cert)?)
                            .map_err(|e| Failure(format!("{}: {e}", cert.display())))?,
                    );
                }
                (key, certificates)
            }
        };
        let algorithm = match &self.algorithm {
            Some(name) => SignatureAlgorithm::from_name(name)?,
            None if key.public_key().key_type() == KeyType::Ec => SignatureAlgorithm::ECDSA_SHA256,
            None => SignatureAlgorithm::RSA_SHA256,
        };
        Ok(KeySigner::new(key, certificates, algorithm, provider)?)
    }
}

#[derive(clap::Args)]
pub(crate) struct SignArgs {
    #[command(flatten)]
    key: KeyArgs,
    /// A transcript's school year to sign (its `QuaTrinhHocTap/@Id`, e.g. QTHT-2024-2025), with
    /// --role: the signature is placed, named and countersigns as the signing profile says
    /// (schemas/PROFILE.md), and a role or year that does not fit is refused.
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
    /// The document to sign, or `-` for stdin.
    input: PathBuf,
    /// Where to write the signed document, or `-` for stdout.
    output: PathBuf,
}

pub(crate) fn run(args: &SignArgs) -> Result<(), Failure> {
    let provider = provider(args.provider.as_deref())?;
    let signer = args.key.signer(provider)?;

    let signing_time = match &args.signing_time {
        Some(text) => UtcTime::parse(text)?,
        None => UtcTime::from_system_time(std::time::SystemTime::now()),
    };
    let role: Option<Role> = args.role.as_deref().map(str::parse).transpose().map_err(|e| Failure(format!("--{e}")))?;

    let input = read_input(&args.input)?;
    let (trust, revocation) = args.trust.build(false)?;
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
    let transcript_signer = TranscriptSigner::new(config);
    let signed = match (&args.year, role, &args.reference_id) {
        (Some(year), Some(role), _) => transcript_signer.sign_year(&input, year, role, &signer)?,
        (None, None, Some(reference_id)) => {
            let into: Vec<&str> = args.into.split('/').filter(|s| !s.is_empty()).collect();
            let signature_id =
                args.signature_id.clone().unwrap_or_else(|| format!("sig-{}", into.last().copied().unwrap_or("1")));
            let mut request = SignatureRequest::new(reference_id, &into, &signature_id, signing_time);
            request.canonicalization = Algorithm::from_name(&args.c14n)?;
            request.countersign = args.countersign.clone();
            request.provider = provider;
            transcript_signer.sign(&input, &request, &signer)?
        }
        _ => return Err(Failure("give --year and --role (a transcript), or --reference-id (another document)".into())),
    };
    write_output(&args.output, &signed)
}

/// Writes `bytes` to `path`, or to stdout for `-`.
pub(crate) fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    if path.as_os_str() == "-" {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(bytes)?;
        stdout.flush()?;
        return Ok(());
    }
    std::fs::write(path, bytes).map_err(|e| Failure(format!("{}: {e}", path.display())))
}
