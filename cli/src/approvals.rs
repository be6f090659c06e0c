//! `hocba approvals`: an authority runs its approval list (create, add schools, approve and
//! suspend certificates, take withdrawal requests, sign each edition, show), a school writes and
//! signs a withdrawal request; and the options `verify` takes to check transcripts against lists.
//!
//! The authority keeps a working copy of its list (unsigned XML); every edit rewrites it in place.
//! `sign` publishes the next edition: the sequence number grows by one, the issue time is the
//! signing time, and the working copy keeps the new number.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hocba::approvals::{
    ApprovalList, ApprovalPolicy, ApprovalRole, Approvals, Authority, ListAuthorities, ListHistory, SchoolKind,
    SignatureCheck, SignedYearRef, SuspensionReason, WithdrawalRequest, certificate_sha256, fingerprint_hex,
    list_signature_request, list_to_xml, parse_authority_code, parse_fingerprint, request_signature_request,
    request_to_xml, verify_request, year_fingerprint,
};
use hocba::dsig::VerifyOptions;
use hocba::pki::{Certificate, RevocationChecker, SigningOptions, TrustOptions};
use hocba::report::{Language, escape_controls};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::Role;
use hocba::verifier::{Verifier, VerifierConfig};

use crate::sign::{KeyArgs, write_output};
use crate::{Failure, provider, read_input, read_named};

/// What `verify` takes to check signers against the authorities' approval lists.
#[derive(clap::Args)]
pub(crate) struct ApprovalArgs {
    /// Approval lists (a signed list, or a folder of them; repeat). Each must be signed by an
    /// --approval-authority; one that is not, or does not verify, is reported and not used.
    #[arg(long = "approvals")]
    lists: Vec<PathBuf>,
    /// An authority trusted to publish approval lists: its certificate (PEM or DER) or the
    /// SHA-256 fingerprint of it, optionally `=CODE` to bind it to the authority code it publishes
    /// under (`MaCoQuan`; then its lists under another code are refused, and it may follow another
    /// certificate bound to that code); repeat.
    #[arg(long = "approval-authority")]
    authorities: Vec<String>,
    /// What a question the lists cannot settle (no list for the school, a stale list, lists that
    /// disagree, an older edition than one seen) does: require (default: undetermined),
    /// soft-fail (a warning) or off (approval not checked).
    #[arg(long, default_value = "require")]
    approval_policy: String,
    /// Remember the newest edition of each authority's list in this file between runs, so an
    /// older edition presented later is refused as a rollback.
    #[arg(long)]
    approval_history: Option<PathBuf>,
}

impl ApprovalArgs {
    /// Sets the verifier's approval lists and policy; lists that could not be used are said on
    /// stderr, in `language`.
    pub(crate) fn apply(&self, config: &mut VerifierConfig, language: Language) -> Result<(), Failure> {
        config.approval_policy =
            self.approval_policy.parse::<ApprovalPolicy>().map_err(|e| Failure(format!("--{e}")))?;
        if self.lists.is_empty() {
            if !self.authorities.is_empty() || self.approval_history.is_some() {
                return Err(Failure("--approval-authority and --approval-history need --approvals".into()));
            }
            return Ok(());
        }
        if self.authorities.is_empty() {
            return Err(Failure(
                "--approvals needs --approval-authority: the authorities whose lists are trusted".into(),
            ));
        }
        let authorities = authorities(&self.authorities)?;
        let mut documents = Vec::new();
        for path in &self.lists {
            if path.is_dir() {
                let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))?
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "xml"))
                    .collect();
                entries.sort();
                for entry in entries {
                    documents.push((entry.display().to_string(), read_input(&entry)?));
                }
            } else {
                documents.push((path.display().to_string(), read_input(path)?));
            }
        }
        let mut history = match &self.approval_history {
            Some(path) if path.symlink_metadata().is_ok() => Some(read_history(path)?),
            Some(_) => Some(ListHistory::new()),
            None => None,
        };
        let check =
            SignatureCheck { signatures: &config.signatures, trust: &config.trust, revocation: &config.revocation };
        let approvals = Approvals::load(documents, &authorities, &check, history.as_mut());
        for (label, error) in approvals.rejected() {
            let message = match language {
                Language::Vi => format!("cảnh báo: không dùng danh sách phê duyệt {label}: {}", error.message_vi()),
                Language::En => format!("warning: approval list {label} not used: {}", error.message_en()),
            };
            eprintln!("hocba: {}", escape_controls(&message));
        }
        if let (Some(path), Some(history)) = (&self.approval_history, &history) {
            crate::write_atomically(path, history.to_json().as_bytes())?;
        }
        config.approvals = Some(Arc::new(approvals));
        Ok(())
    }
}

/// Authorities from SHA-256 fingerprints or certificate files, each optionally `=CODE`. What reads
/// as a fingerprint is one, never a file name: a file planted under that name cannot stand in.
fn authorities(given: &[String]) -> Result<ListAuthorities, Failure> {
    let mut authorities = ListAuthorities::new();
    for item in given {
        let failed = |e: &dyn std::fmt::Display| Failure(format!("--approval-authority {item}: {e}"));
        // What reads as a fingerprint (with or without `=CODE`) is one.
        if authorities.add_written(item).is_ok() {
            continue;
        }
        // A file name may hold `=`: a whole item naming a file is that file.
        let (source, code) = match item.rsplit_once('=') {
            Some((source, code)) if !Path::new(item).is_file() => {
                (source, Some(parse_authority_code(code).map_err(|e| failed(&e))?))
            }
            _ => (item.as_str(), None),
        };
        if parse_fingerprint(source).is_ok() || !Path::new(source).is_file() {
            return Err(failed(
                &"neither a SHA-256 fingerprint (64 hex digits) with an authority code, nor a certificate file",
            ));
        }
        for certificate in Certificate::all_from_pem_or_der(&read_named(Path::new(source))?).map_err(|e| failed(&e))? {
            authorities.add(certificate_sha256(certificate.der()), code.as_deref());
        }
    }
    Ok(authorities)
}

#[derive(clap::Subcommand)]
pub(crate) enum ApprovalsCommand {
    /// Start an authority's approval list (a working copy, unsigned).
    Create(CreateArgs),
    /// Add a school to the list, or change its name, kind or seal requirement.
    School(SchoolArgs),
    /// Approve a certificate to sign for a school, in one or more roles.
    Approve(ApproveArgs),
    /// Suspend a certificate's approval from a given time.
    Suspend(SuspendArgs),
    /// Take a school's signed withdrawal request: the year is withdrawn by the decision.
    Withdraw(WithdrawArgs),
    /// Sign the list as the authority: publishes the next edition.
    Sign(SignListArgs),
    /// Show a list (signed or working copy) for a person.
    Show(ShowArgs),
    /// (School) Write a withdrawal request for one signed year of a transcript.
    Request(RequestArgs),
    /// (School) Sign a withdrawal request as the principal, then as the school seal.
    SignRequest(SignRequestArgs),
}

pub(crate) fn run(command: &ApprovalsCommand) -> Result<(), Failure> {
    match command {
        ApprovalsCommand::Create(args) => create(args),
        ApprovalsCommand::School(args) => edit(&args.list, |list| {
            let kind: SchoolKind = args.kind.parse().map_err(|e| Failure(format!("--{e}")))?;
            list.set_school(&args.code, &args.name, kind, args.seal_required).map_err(|e| located(&args.list, &e))
        }),
        ApprovalsCommand::Approve(args) => approve(args),
        ApprovalsCommand::Suspend(args) => suspend(args),
        ApprovalsCommand::Withdraw(args) => withdraw(args),
        ApprovalsCommand::Sign(args) => sign_list(args),
        ApprovalsCommand::Show(args) => show(args),
        ApprovalsCommand::Request(args) => request(args),
        ApprovalsCommand::SignRequest(args) => sign_request(args),
    }
}

fn now() -> UtcTime {
    UtcTime::from_system_time(std::time::SystemTime::now())
}

fn time(option: &str, text: &Option<String>) -> Result<Option<UtcTime>, Failure> {
    text.as_deref().map(|t| UtcTime::parse(t).map_err(|e| Failure(format!("--{option}: {e}")))).transpose()
}

fn days(days: u32) -> i64 {
    i64::from(days) * 86_400
}

#[derive(clap::Args)]
pub(crate) struct CreateArgs {
    /// The authority's code (`MaCoQuan`): the same for every edition of its list.
    #[arg(long)]
    authority_code: String,
    /// The authority's name, e.g. "Phòng Văn hóa - Xã hội phường Ba Đình".
    #[arg(long)]
    authority_name: String,
    /// Where each new edition will be published (http:// or https://; repeat).
    #[arg(long = "publish")]
    distribution_points: Vec<String>,
    /// The working copy to create (refused if it exists).
    list: PathBuf,
}

fn create(args: &CreateArgs) -> Result<(), Failure> {
    if args.list.exists() {
        return Err(Failure(format!("{}: exists already", args.list.display())));
    }
    let now = now();
    let authority = Authority { code: args.authority_code.clone(), name: args.authority_name.clone() };
    let mut list = ApprovalList::new(authority, now, UtcTime::from_unix_seconds(now.unix_seconds() + days(30)));
    // No edition is published yet: `sign` publishes number 1.
    list.sequence = 0;
    list.distribution_points = args.distribution_points.clone();
    save(&args.list, &list)
}

/// Reads the working copy, applies `change`, writes it back (only when the change and the
/// writing both succeed: the file is replaced whole).
fn edit(path: &Path, change: impl FnOnce(&mut ApprovalList) -> Result<(), Failure>) -> Result<(), Failure> {
    let mut list = ApprovalList::read_for_editing(&read_named(path)?).map_err(|e| located(path, &e))?;
    change(&mut list)?;
    save(path, &list)
}

fn located(path: &Path, error: &hocba::approvals::ApprovalError) -> Failure {
    Failure(format!("{}: {error}", path.display()))
}

fn save(path: &Path, list: &ApprovalList) -> Result<(), Failure> {
    let xml = list_to_xml(list).map_err(|e| located(path, &e))?;
    crate::write_atomically(path, &xml)
}

/// The history of editions seen, from `path`: a regular file of at most 1 MiB (it holds a line
/// per authority).
fn read_history(path: &Path) -> Result<ListHistory, Failure> {
    use std::io::Read;
    const MAX_HISTORY_BYTES: u64 = 1024 * 1024;
    let failed = |e: &dyn std::fmt::Display| Failure(format!("--approval-history {}: {e}", path.display()));
    let metadata = std::fs::metadata(path).map_err(|e| failed(&e))?;
    if !metadata.is_file() {
        return Err(failed(&"not a regular file"));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_HISTORY_BYTES + 1).read_to_string(&mut text))
        .map_err(|e| failed(&e))?;
    if text.len() as u64 > MAX_HISTORY_BYTES {
        return Err(failed(&format!("larger than {MAX_HISTORY_BYTES} bytes")));
    }
    ListHistory::from_json(&text).map_err(|e| failed(&e))
}

#[derive(clap::Args)]
pub(crate) struct SchoolArgs {
    /// The school's code (`MaTruong`, as transcripts write it).
    #[arg(long)]
    code: String,
    /// The school's name, e.g. "Trường THCS Trưng Vương".
    #[arg(long)]
    name: String,
    /// cong-lap (public) or ngoai-cong-lap (non-public).
    #[arg(long, default_value = "cong-lap")]
    kind: String,
    /// Every school year must also carry the school seal's signature.
    #[arg(long)]
    seal_required: bool,
    /// The working copy.
    list: PathBuf,
}

#[derive(clap::Args)]
pub(crate) struct ApproveArgs {
    /// The school's code.
    #[arg(long)]
    school: String,
    /// The certificate to approve (PEM or DER; the first in the file).
    #[arg(long)]
    cert: PathBuf,
    /// hieu-truong, pho-hieu-truong, gvcn, gvbm or con-dau (repeat for several).
    #[arg(long = "role", required = true)]
    roles: Vec<String>,
    /// Approved from (xsd:dateTime; without an offset, Vietnamese time). Default: now.
    #[arg(long)]
    from: Option<String>,
    /// Approved until, if the approval ends.
    #[arg(long)]
    until: Option<String>,
    /// The working copy.
    list: PathBuf,
}

fn first_certificate(path: &Path) -> Result<Vec<u8>, Failure> {
    let mut all = Certificate::all_from_pem_or_der(&read_named(path)?)
        .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    if all.is_empty() {
        return Err(Failure(format!("{}: no certificate", path.display())));
    }
    Ok(all.swap_remove(0).der().to_vec())
}

fn approve(args: &ApproveArgs) -> Result<(), Failure> {
    let der = first_certificate(&args.cert)?;
    let roles = args
        .roles
        .iter()
        .map(|r| r.parse::<ApprovalRole>().map_err(|e| Failure(format!("--{e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let from = time("from", &args.from)?.unwrap_or_else(now);
    let until = time("until", &args.until)?;
    edit(&args.list, |list| list.approve(&args.school, &der, &roles, from, until).map_err(|e| located(&args.list, &e)))
}

#[derive(clap::Args)]
pub(crate) struct SuspendArgs {
    /// The school's code.
    #[arg(long)]
    school: String,
    /// The certificate whose approval is suspended (or --sha256).
    #[arg(long, required_unless_present = "sha256", conflicts_with = "sha256")]
    cert: Option<PathBuf>,
    /// The SHA-256 fingerprint of that certificate.
    #[arg(long)]
    sha256: Option<String>,
    /// From when (xsd:dateTime). Default: now.
    #[arg(long)]
    at: Option<String>,
    /// lo-khoa (the key is in doubt: counts also before, for signatures whose time is not
    /// proven), nghi-viec (left the post) or khac.
    #[arg(long)]
    reason: String,
    /// A note: the decision, the circumstances.
    #[arg(long)]
    note: Option<String>,
    /// The working copy.
    list: PathBuf,
}

fn suspend(args: &SuspendArgs) -> Result<(), Failure> {
    let sha256 = match (&args.cert, &args.sha256) {
        (Some(path), _) => certificate_sha256(&first_certificate(path)?),
        (None, Some(hex)) => parse_fingerprint(hex).map_err(|e| Failure(format!("--{e}")))?,
        (None, None) => unreachable!("clap requires --cert or --sha256"),
    };
    let reason: SuspensionReason = args.reason.parse().map_err(|e| Failure(format!("--{e}")))?;
    let at = time("at", &args.at)?.unwrap_or_else(now);
    edit(&args.list, |list| {
        list.suspend(&args.school, &sha256, at, reason, args.note.clone()).map_err(|e| located(&args.list, &e))
    })
}

#[derive(clap::Args)]
pub(crate) struct WithdrawArgs {
    /// The school's signed withdrawal request.
    #[arg(long)]
    request: PathBuf,
    /// The authority's decision approving it (number and date, as written on it).
    #[arg(long)]
    decision: String,
    /// From when the withdrawal takes effect (xsd:dateTime). Default: now.
    #[arg(long)]
    at: Option<String>,
    #[command(flatten)]
    trust: crate::trust::TrustArgs,
    /// The working copy.
    list: PathBuf,
}

fn withdraw(args: &WithdrawArgs) -> Result<(), Failure> {
    let (trust, revocation) = args.trust.build(false, Language::Vi)?;
    let options = VerifyOptions::default();
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
    let request = verify_request(&read_input(&args.request)?, &check).map_err(|e| located(&args.request, &e))?;
    let at = time("at", &args.at)?.unwrap_or_else(now);
    edit(&args.list, |list| list.withdraw(&request, &args.decision, at).map_err(|e| located(&args.list, &e)))
}

#[derive(clap::Args)]
pub(crate) struct SignListArgs {
    #[command(flatten)]
    key: KeyArgs,
    #[command(flatten)]
    trust: crate::trust::TrustArgs,
    /// Days until the next edition is due (after that, verifiers treat this one as stale).
    #[arg(long, default_value_t = 30)]
    valid_days: u32,
    /// Crypto provider: openssl or rustcrypto.
    #[arg(long)]
    provider: Option<String>,
    /// The working copy (it keeps the new edition's number).
    list: PathBuf,
    /// Where to write the signed edition, or `-` for stdout.
    output: PathBuf,
}

fn signer_config(trust: TrustOptions, revocation: RevocationChecker, signing_time: UtcTime) -> SignerConfig {
    SignerConfig {
        trust,
        revocation: Arc::new(revocation),
        signing: SigningOptions::default(),
        check_signer: true,
        signing_time: Some(signing_time),
    }
}

fn sign_list(args: &SignListArgs) -> Result<(), Failure> {
    let key = args.key.signer(provider(args.provider.as_deref())?)?;
    let (trust, revocation) = args.trust.build(false, args.key.language()?)?;
    let now = trust.now.unwrap_or_else(now);
    let mut list = ApprovalList::read_for_editing(&read_named(&args.list)?).map_err(|e| located(&args.list, &e))?;
    let next_update = UtcTime::from_unix_seconds(now.unix_seconds() + days(args.valid_days.max(1)));
    list.next_edition(now, next_update).map_err(|e| located(&args.list, &e))?;
    let xml = list_to_xml(&list).map_err(|e| located(&args.list, &e))?;
    let signer = TranscriptSigner::new(signer_config(trust, revocation, now));
    let signed = signer.sign(&xml, &list_signature_request(now), &*key)?;
    write_output(&args.output, &signed)?;
    save(&args.list, &list)
}

#[derive(clap::Args)]
pub(crate) struct ShowArgs {
    /// Language: vi (default) or en.
    #[arg(long, default_value = "vi")]
    lang: String,
    /// The list (signed or working copy; not verified: `verify --approvals` verifies).
    list: PathBuf,
}

fn show(args: &ShowArgs) -> Result<(), Failure> {
    let language: Language = args.lang.parse().map_err(|e| Failure(format!("--lang: {e}")))?;
    let list = ApprovalList::read_for_editing(&read_input(&args.list)?).map_err(|e| located(&args.list, &e))?;
    let vi = language == Language::Vi;
    let t = |v: &'static str, e: &'static str| if vi { v } else { e };
    let mut out = String::new();
    let mut say = |line: String| {
        out.push_str(&escape_controls(&line));
        out.push('\n');
    };
    let when = |time: UtcTime| format!("{} ({})", time.to_vietnam_string(), t("giờ Việt Nam", "Vietnam time"));
    say(format!("{}: {} ({})", t("Cơ quan quản lý", "Authority"), list.authority.name, list.authority.code));
    say(format!("{}: {}", t("Số thứ tự", "Edition"), list.sequence));
    say(format!("{}: {}", t("Ban hành", "Issued"), when(list.issued)));
    say(format!("{}: {}", t("Cập nhật tiếp theo", "Next update"), when(list.next_update)));
    for point in &list.distribution_points {
        say(format!("{}: {point}", t("Nơi công bố", "Published at")));
    }
    for school in &list.schools {
        let kind = match (school.kind, vi) {
            (SchoolKind::Public, true) => "công lập",
            (SchoolKind::Public, false) => "public",
            (SchoolKind::NonPublic, true) => "ngoài công lập",
            (SchoolKind::NonPublic, false) => "non-public",
        };
        let seal =
            if school.seal_required { t(", bắt buộc con dấu đơn vị", ", school seal required") } else { "" };
        say(String::new());
        say(format!("{} {} — {} ({kind}{seal})", t("Trường", "School"), school.code, school.name));
        for certificate in &school.certificates {
            let subject = Certificate::from_der(&certificate.der)
                .map(|c| c.subject().common_name().unwrap_or_default().to_owned())
                .unwrap_or_default();
            let roles: Vec<&str> = certificate.roles.iter().map(|r| r.as_str()).collect();
            let until = certificate.until.map_or(String::new(), |u| format!(" → {}", u.to_vietnam_string()));
            say(format!(
                "  {subject} [{}] {} {}{until}",
                roles.join(", "),
                t("từ", "from"),
                certificate.from.to_vietnam_string()
            ));
            say(format!("    SHA-256 {}", fingerprint_hex(&certificate.sha256)));
            if let Some(suspension) = &certificate.suspension {
                let note = suspension.note.as_deref().map_or(String::new(), |n| format!(": {n}"));
                say(format!(
                    "    {} {} ({}){note}",
                    t("TẠM DỪNG từ", "SUSPENDED from"),
                    when(suspension.at),
                    suspension.reason.as_str()
                ));
            }
        }
    }
    for withdrawal in &list.withdrawals {
        say(String::new());
        say(format!(
            "{} {} {} ({}, {}), {} {}: {}",
            t("Thu hồi", "Withdrawn"),
            withdrawal.year.year,
            withdrawal.year.transcript,
            withdrawal.year.school,
            withdrawal.decision,
            t("từ", "from"),
            when(withdrawal.at),
            withdrawal.reason
        ));
    }
    crate::stdout().write_all(out.as_bytes())?;
    Ok(())
}

#[derive(clap::Args)]
pub(crate) struct RequestArgs {
    /// The signed transcript.
    #[arg(long)]
    transcript: PathBuf,
    /// The school year's Id (e.g. QTHT-2024-2025).
    #[arg(long)]
    year: String,
    /// The school's number for the request.
    #[arg(long)]
    number: String,
    /// Why the year is withdrawn.
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    trust: crate::trust::TrustArgs,
    /// Where to write the request (unsigned), or `-` for stdout.
    output: PathBuf,
}

fn request(args: &RequestArgs) -> Result<(), Failure> {
    let (trust, revocation) = args.trust.build(false, Language::Vi)?;
    let now = trust.now.unwrap_or_else(now);
    let config = VerifierConfig { trust, revocation: Arc::new(revocation), ..VerifierConfig::default() };
    let verification = Verifier::new(config).verify(&read_input(&args.transcript)?)?;
    let path = args.transcript.display();
    // The year as its signatures cover it: a request names exactly what was signed.
    let transcript = verification
        .transcript()
        .and_then(|t| t.signed_transcript())
        .ok_or_else(|| Failure(format!("{path}: not a transcript signed as the profile requires")))?;
    let year = transcript
        .years()
        .iter()
        .find(|y| y.year().id == args.year)
        .ok_or_else(|| Failure(format!("{path}: no signed school year {}", args.year)))?;
    let gvcn =
        year.signature(Role::Gvcn).ok_or_else(|| Failure(format!("{path}: {} has no GVCN signature", args.year)))?;
    let signed = year.year();
    let request = WithdrawalRequest {
        number: args.number.clone(),
        school_name: signed.truong.ten_truong.clone(),
        year: SignedYearRef {
            school: signed.truong.ma_truong.clone(),
            record: transcript.unsigned_envelope().id_ban_ghi.clone(),
            transcript: transcript.unsigned_header().ma_dinh_danh_hoc_ba.clone(),
            year: signed.id.clone(),
            fingerprint: year_fingerprint(gvcn),
        },
        reason: args.reason.clone(),
        requested: now,
    };
    let xml = request_to_xml(&request).map_err(|e| Failure(e.to_string()))?;
    write_output(&args.output, &xml)
}

#[derive(clap::Args)]
pub(crate) struct SignRequestArgs {
    /// hieu-truong (or pho-hieu-truong) first, then con-dau.
    #[arg(long)]
    role: String,
    #[command(flatten)]
    key: KeyArgs,
    #[command(flatten)]
    trust: crate::trust::TrustArgs,
    /// Crypto provider: openssl or rustcrypto.
    #[arg(long)]
    provider: Option<String>,
    /// The request.
    input: PathBuf,
    /// Where to write the signed request, or `-` for stdout.
    output: PathBuf,
}

fn sign_request(args: &SignRequestArgs) -> Result<(), Failure> {
    let role: ApprovalRole = args.role.parse().map_err(|e| Failure(format!("--{e}")))?;
    let key = args.key.signer(provider(args.provider.as_deref())?)?;
    let (trust, revocation) = args.trust.build(false, args.key.language()?)?;
    let now = trust.now.unwrap_or_else(now);
    let request = request_signature_request(role, now).map_err(|e| Failure(format!("--{e}")))?;
    let signer = TranscriptSigner::new(signer_config(trust, revocation, now));
    let signed = signer.sign(&read_input(&args.input)?, &request, &*key)?;
    write_output(&args.output, &signed)
}
