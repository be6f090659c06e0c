//! The verification report: one type for the CLI, Python and WASM, in Vietnamese and English.
//!
//! Only the library builds a report (its fields are private); readers get accessors, JSON
//! ([`VerificationReport::to_json`], stable field names) and text for people
//! ([`VerificationReport::message`]). Times are stored in UTC and shown in Vietnamese time
//! (Asia/Ho_Chi_Minh, UTC+07:00).

mod build;
mod etsi;
pub(crate) mod wording;

use std::borrow::Cow;

use serde::Serialize;

use crate::Code;
pub use crate::pki::SigningTime;
use crate::pki::{RevocationCheck, RevocationPolicy, RevocationStatus};
use crate::time::UtcTime;
pub(crate) use build::verify_document_keeping;
pub use build::{revocation_requests, verify_document};
pub use etsi::{EtsiIndication, EtsiStatus, EtsiSubIndication, EtsiSummary};

pub use crate::verdict::Verdict;
pub use wording::code_label;

impl Verdict {
    /// The verdict as reports show it, in capitals: `HỢP LỆ` / `VALID`, `KHÔNG HỢP LỆ` / `INVALID`,
    /// `KHÔNG XÁC ĐỊNH ĐƯỢC` / `UNDETERMINED`.
    pub fn label(self, language: Language) -> &'static str {
        match (self, language) {
            (Verdict::Valid, Language::Vi) => "HỢP LỆ",
            (Verdict::Invalid, Language::Vi) => "KHÔNG HỢP LỆ",
            (Verdict::Undetermined, Language::Vi) => "KHÔNG XÁC ĐỊNH ĐƯỢC",
            (Verdict::Valid, Language::En) => "VALID",
            (Verdict::Invalid, Language::En) => "INVALID",
            (Verdict::Undetermined, Language::En) => "UNDETERMINED",
        }
    }
}

/// The languages reports speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Language {
    /// Vietnamese (`vi`), the default.
    #[default]
    Vi,
    /// English (`en`).
    En,
}

impl std::str::FromStr for Language {
    type Err = crate::InvalidSetting;
    /// `vi` or `en`.
    fn from_str(s: &str) -> Result<Self, crate::InvalidSetting> {
        match s {
            "vi" => Ok(Language::Vi),
            "en" => Ok(Language::En),
            other => Err(crate::InvalidSetting::new("language", other, "vi or en")),
        }
    }
}

/// One thing a reader must know: a stable code, and the explanation in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable code for the kind of finding (e.g. `revoked`), the same in every language: what
    /// programs match on.
    pub code: Code,
    /// The explanation in Vietnamese.
    pub vi: String,
    /// The explanation in English.
    pub en: String,
}

impl Finding {
    pub(crate) fn new(code: Code, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Finding { code, vi: vi.into(), en: en.into() }
    }

    /// The explanation in `language`.
    pub fn text(&self, language: Language) -> &str {
        match language {
            Language::Vi => &self.vi,
            Language::En => &self.en,
        }
    }
}

/// The signer, as its certificate names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Signer {
    /// The common name (`CN`): usually the person's name.
    pub name: Option<String>,
    /// The organization (`O`), e.g. the school or the issuing agency.
    pub organization: Option<String>,
    /// The organizational unit (`OU`).
    pub organizational_unit: Option<String>,
    /// The title (`title`), e.g. "Hiệu trưởng".
    pub title: Option<String>,
    /// The whole subject distinguished name, in certificate order (`C=VN, ..., CN=...`).
    pub subject: String,
    /// The issuer's distinguished name.
    pub issuer: String,
    /// The certificate's serial number in uppercase hex.
    pub serial: String,
    /// The start of the certificate's validity (`notBefore`).
    pub not_before: UtcTime,
    /// The end of the certificate's validity (`notAfter`).
    pub not_after: UtcTime,
    /// SHA-256 of the certificate's DER, in lowercase hex.
    pub sha256: String,
}

/// One certificate of the chain, signer first, trust anchor last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainEntry {
    /// The certificate's subject distinguished name.
    pub subject: String,
    /// The start of its validity (`notBefore`).
    pub not_before: UtcTime,
    /// The end of its validity (`notAfter`).
    pub not_after: UtcTime,
    /// SHA-256 of its DER, in lowercase hex.
    pub sha256: String,
}

/// Who approved a signer for the school and role they signed in (the managing authority's
/// approval list, `crate::approvals`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignerApproval {
    /// The authority's name (`TenCoQuan`).
    pub authority: String,
    /// The authority's code (`MaCoQuan`).
    pub authority_code: String,
    /// The list's sequence number.
    pub list_sequence: u64,
    /// When that list was issued.
    pub list_issued: UtcTime,
    /// The school's code (`MaTruong`).
    pub school: String,
    /// The school's name as the list writes it.
    pub school_name: String,
    /// The roles the certificate is approved for, as the list writes them (`hieu-truong`, `gvcn`, ...).
    pub roles: Vec<String>,
    /// Approved from.
    pub from: UtcTime,
    /// Approved until, if the approval ends.
    pub until: Option<UtcTime>,
}

/// One archive time-stamp over the whole document, in the order they were added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArchiveTimeStampReport {
    /// The time it proves: everything in the document before it existed then.
    pub time: UtcTime,
    /// The time-stamping authority's name (its certificate's common name).
    pub authority: String,
    /// The earliest end of validity in the authority's certificate path: once past, this
    /// time-stamp proves nothing unless a later one was added before.
    pub valid_until: UtcTime,
    /// Whether it proves its time: its authority is believed when a later archive time-stamp (or,
    /// for the last one, the verification) shows it existed. One that does not is explained in
    /// the document's warnings.
    pub proves: bool,
}

/// What was found about one `Signature`.
#[derive(Clone, Debug, Serialize)]
pub struct SignatureReport {
    pub(crate) verdict: Verdict,
    /// The verdict in ETSI EN 319 102-1's terms, kept with it by whatever changes it.
    pub(crate) etsi: EtsiStatus,
    pub(crate) id: Option<String>,
    /// Local names from below the root element to the signature's parent, e.g. `DSCKS/GVCN`.
    pub(crate) place: String,
    /// The role the place stands for, in Vietnamese (`Giáo viên chủ nhiệm`, `Hiệu trưởng`,
    /// `Giáo viên bộ môn (Toán)`).
    pub(crate) role: Option<String>,
    /// The same in English (`homeroom teacher`, `subject teacher (Mathematics)`).
    pub(crate) role_en: Option<String>,
    pub(crate) algorithm: Option<String>,
    /// The references the signature covers (`#data-1`, ...).
    pub(crate) covers: Vec<String>,
    pub(crate) signer: Option<Signer>,
    pub(crate) signing_time: Option<SigningTime>,
    /// The `SigningTime` the signer wrote, whatever time the signature was judged at.
    pub(crate) claimed_signing_time: Option<UtcTime>,
    pub(crate) chain: Vec<ChainEntry>,
    pub(crate) revocation: Vec<RevocationCheck>,
    pub(crate) problems: Vec<Finding>,
    pub(crate) warnings: Vec<Finding>,
    /// Who approved the signer, when approval lists were checked and approve them.
    pub(crate) approval: Option<SignerApproval>,
}

impl SignatureReport {
    /// The verdict on this signature.
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }
    /// The signature's status in the terms of ETSI EN 319 102-1 and the EU DSS validator:
    /// `TOTAL_PASSED` exactly when the verdict is valid; else the decisive problem's reason under
    /// the indication the standard files it (an invalid signature can be `INDETERMINATE`;
    /// `ETSI.md` lists every code).
    pub fn etsi(&self) -> EtsiStatus {
        self.etsi
    }
    /// The signature's `Id` attribute, if it has one.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
    /// Where the signature sits: local names from below the root element to its parent, e.g.
    /// `DSCKS/GVCN`.
    pub fn place(&self) -> &str {
        &self.place
    }
    /// The role the place stands for, in Vietnamese (`Giáo viên chủ nhiệm`, `Hiệu trưởng`,
    /// `Giáo viên bộ môn (Toán)`); `None` for a place with no known role.
    pub fn role(&self) -> Option<&str> {
        self.role.as_deref()
    }
    /// [`SignatureReport::role`] in English.
    pub fn role_en(&self) -> Option<&str> {
        self.role_en.as_deref()
    }
    /// Who signed, from the certificate; `None` when the signature could not be verified or carries
    /// no certificate.
    pub fn signer(&self) -> Option<&Signer> {
        self.signer.as_ref()
    }
    /// The time the signer's certificate was judged at, and how it is known (a proven RFC 3161
    /// time-stamp, the signer's claim, or the verification time); `None` when judging stopped
    /// before it was chosen.
    pub fn signing_time(&self) -> Option<&SigningTime> {
        self.signing_time.as_ref()
    }
    /// The signing time the signer claims (`SigningTime`), reported even where the signature was
    /// judged at another time.
    pub fn claimed_signing_time(&self) -> Option<UtcTime> {
        self.claimed_signing_time
    }
    /// The certificate path that validated, signer first, trust anchor last; empty without one.
    pub fn chain(&self) -> &[ChainEntry] {
        &self.chain
    }
    /// The revocation check of each certificate in the path below the anchor (CRL, RFC 5280, or
    /// OCSP, RFC 6960), signer first.
    pub fn revocation(&self) -> &[RevocationCheck] {
        &self.revocation
    }
    /// What makes the signature invalid or undetermined.
    pub fn problems(&self) -> &[Finding] {
        &self.problems
    }
    /// What the reader should know that does not change the verdict.
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }
    /// Who approved the signer for the school and role, when approval lists were checked and
    /// approve them.
    pub fn approval(&self) -> Option<&SignerApproval> {
        self.approval.as_ref()
    }
    /// The references the signature covers (`#data-1`, ...).
    pub fn covers(&self) -> &[String] {
        &self.covers
    }
}

/// The report on one document.
#[derive(Clone, Debug, Serialize)]
pub struct VerificationReport {
    pub(crate) verdict: Verdict,
    /// The clock the verification ran at (now, or the caller's `--at`).
    pub(crate) verified_at: UtcTime,
    pub(crate) revocation_policy: RevocationPolicy,
    pub(crate) online: bool,
    /// Problems with the document as a whole (no signature, duplicate Ids, misplaced
    /// signatures, ...).
    pub(crate) problems: Vec<Finding>,
    /// What the reader should know about the document as a whole that does not change the
    /// verdict (approval not checked, ...).
    pub(crate) warnings: Vec<Finding>,
    /// The document's archive time-stamps, oldest first.
    pub(crate) archive_time_stamps: Vec<ArchiveTimeStampReport>,
    /// When the proofs of time the verdict rests on stop proving anything: the last archive
    /// time-stamp's authority's end of validity, else the earliest of the signature
    /// time-stamps'. A new archive time-stamp must be added before then.
    pub(crate) renew_archive_by: Option<UtcTime>,
    pub(crate) signatures: Vec<SignatureReport>,
    /// How many signatures, and how many `TOTAL_PASSED`, kept with them.
    pub(crate) etsi: EtsiSummary,
}

impl VerificationReport {
    /// The verdict on the whole document: the worst of its signatures' and its own problems'.
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }
    /// The verification time: the clock when verifying began, or the time the caller set.
    pub fn verified_at(&self) -> UtcTime {
        self.verified_at
    }
    /// Problems with the document as a whole (no signature, duplicate `Id`s, misplaced signatures,
    /// the transcript profile, a withdrawn year, ...): each makes it invalid, except what the
    /// approval lists cannot settle (no list for the school, a stale list, ...), which leaves it
    /// undetermined.
    pub fn problems(&self) -> &[Finding] {
        &self.problems
    }
    /// What the reader should know about the whole document that does not change the verdict
    /// (signers' approval not checked, ...).
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }
    /// The document's archive time-stamps, oldest first (empty without any).
    pub fn archive_time_stamps(&self) -> &[ArchiveTimeStampReport] {
        &self.archive_time_stamps
    }
    /// When the time-stamps the verdict rests on stop proving anything (the last archive
    /// time-stamp's authority's end of validity, else the earliest of the signature
    /// time-stamps'): renew the archive before then. `None` without a believed time-stamp.
    pub fn renew_archive_by(&self) -> Option<UtcTime> {
        self.renew_archive_by
    }
    /// The report on each signature, in document order.
    pub fn signatures(&self) -> &[SignatureReport] {
        &self.signatures
    }
    /// The summary DSS's simple report gives: how many signatures, and how many `TOTAL_PASSED`.
    /// Each signature is judged on its own, as ETSI judges signatures: the document's problems
    /// (the transcript profile, a withdrawn year) leave them as they are and make only the
    /// document's [`verdict`](VerificationReport::verdict) invalid.
    pub fn etsi(&self) -> EtsiSummary {
        self.etsi
    }

    /// A document-level problem found on top of the signatures' (the transcript profile,
    /// withdrawal): the document is invalid.
    pub(crate) fn add_problem(&mut self, finding: Finding) {
        self.problems.push(finding);
        self.verdict = Verdict::Invalid;
    }

    /// A document-level question left open (an approval list that cannot settle it): the
    /// document is undetermined at best.
    pub(crate) fn add_undetermined(&mut self, finding: Finding) {
        self.problems.push(finding);
        self.verdict = self.verdict.max(Verdict::Undetermined);
    }

    /// A document-level warning: the verdict stands.
    pub(crate) fn add_warning(&mut self, finding: Finding) {
        self.warnings.push(finding);
    }

    /// A warning for the signature with `Id` `id`.
    pub(crate) fn add_signature_warning(&mut self, id: &str, finding: Finding) {
        if let Some(signature) = self.signatures.iter_mut().find(|s| s.id.as_deref() == Some(id)) {
            signature.warnings.push(finding);
        }
    }

    /// A problem with the signature with `Id` `id`, making it (and the document) at best `verdict`.
    pub(crate) fn add_signature_problem(&mut self, id: &str, finding: Finding, verdict: Verdict) {
        if let Some(signature) = self.signatures.iter_mut().find(|s| s.id.as_deref() == Some(id)) {
            signature.problems.push(finding);
            signature.verdict = signature.verdict.max(verdict);
            signature.etsi = EtsiStatus::judge(signature.verdict, &signature.problems);
            self.verdict = self.verdict.max(verdict);
        }
        self.etsi = EtsiSummary::of(&self.signatures);
    }

    /// A signature's report, in document order: the document is at best its verdict.
    pub(crate) fn push_signature(&mut self, signature: SignatureReport) {
        self.verdict = self.verdict.max(signature.verdict);
        self.signatures.push(signature);
        self.etsi = EtsiSummary::of(&self.signatures);
    }

    /// Who approved the signer of the signature with `Id` `id`.
    pub(crate) fn set_approval(&mut self, id: &str, approval: SignerApproval) {
        if let Some(signature) = self.signatures.iter_mut().find(|s| s.id.as_deref() == Some(id)) {
            signature.approval = Some(approval);
        }
    }

    /// The report as JSON (field names documented in the README).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// The report as text for a person, in `language`.
    pub fn message(&self, language: Language) -> String {
        let vi = language == Language::Vi;
        let t = |v: &str, e: &str| if vi { v.to_owned() } else { e.to_owned() };
        let when = |time: UtcTime| format!("{} (giờ Việt Nam)", time.to_vietnam_string());
        let when_en = |time: UtcTime| format!("{} (Vietnam time)", time.to_vietnam_string());
        let show_time = |time: UtcTime| if vi { when(time) } else { when_en(time) };
        let mut out = String::new();
        // Each line is escaped whole: names, subjects, URLs and findings quote the certificates
        // and the document, and a control character in them must not forge a line or reach the
        // terminal.
        macro_rules! say {
            ($($arg:tt)*) => {{
                out.push_str(&escape_controls(&format!($($arg)*)));
                out.push('\n');
            }};
        }
        say!("{}: {}", t("Kết quả", "Result"), self.verdict.label(language));
        say!("{}: {}", t("Kiểm tra lúc", "Checked at"), show_time(self.verified_at));
        for problem in &self.problems {
            say!("  ✗ {}", problem.text(language));
        }
        for warning in &self.warnings {
            say!("  ! {}", warning.text(language));
        }
        for (i, stamp) in self.archive_time_stamps.iter().enumerate() {
            let proves = match (stamp.proves, vi) {
                (true, true) => "chứng minh tài liệu đã tồn tại vào thời điểm này",
                (true, false) => "proves the document existed then",
                (false, true) => "không còn chứng minh được gì",
                (false, false) => "no longer proves anything",
            };
            say!(
                "{} {}: {} — {}, {proves}",
                t("Dấu thời gian lưu trữ", "Archive time-stamp"),
                i + 1,
                show_time(stamp.time),
                stamp.authority
            );
        }
        if let Some(by) = self.renew_archive_by {
            say!(
                "{}: {}",
                t(
                    "Cần gia hạn lưu trữ (dấu thời gian lưu trữ mới) trước",
                    "Renew the archive (a new archive time-stamp) before"
                ),
                show_time(by)
            );
        }
        for (i, signature) in self.signatures.iter().enumerate() {
            let role = if vi { &signature.role } else { &signature.role_en };
            let role = role.clone().unwrap_or_else(|| signature.place.clone());
            let covers = signature.covers.first().map_or(String::new(), |c| format!(" ({} {c})", t("ký", "signs")));
            out.push('\n');
            say!("{} {} — {role}{covers}: {}", t("Chữ ký", "Signature"), i + 1, signature.verdict.label(language));
            if let Some(signer) = &signature.signer {
                let name = signer.name.as_deref().unwrap_or(&signer.subject);
                say!("  {}: {}", t("Người ký", "Signer"), name);
                if let Some(title) = &signer.title {
                    say!("  {}: {}", t("Chức danh", "Title"), title);
                }
                let org: Vec<&str> = [&signer.organizational_unit, &signer.organization]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                if !org.is_empty() {
                    say!("  {}: {}", t("Đơn vị", "Organization"), org.join(", "));
                }
                say!(
                    "  {}: {} → {}",
                    t("Chứng thư số hiệu lực", "Certificate valid"),
                    signer.not_before.to_vietnam_string(),
                    signer.not_after.to_vietnam_string()
                );
            }
            if let Some(time) = &signature.signing_time {
                let how = match (time, vi) {
                    (SigningTime::TimeStamp { authority, .. }, true) => {
                        format!("chứng thực bởi dấu thời gian của {authority}")
                    }
                    (SigningTime::TimeStamp { authority, .. }, false) => {
                        format!("proven by a time-stamp from {authority}")
                    }
                    (SigningTime::ArchiveTimeStamp { authority, .. }, true) => {
                        format!("đã tồn tại từ thời điểm này, chứng thực bởi dấu thời gian lưu trữ của {authority}")
                    }
                    (SigningTime::ArchiveTimeStamp { authority, .. }, false) => {
                        format!("existed by then, proven by an archive time-stamp from {authority}")
                    }
                    (SigningTime::Claimed { .. }, true) => "do người ký tự khai, chưa được chứng thực".to_owned(),
                    (SigningTime::Claimed { .. }, false) => "claimed by the signer, not proven".to_owned(),
                    (SigningTime::VerificationTime { .. }, true) => {
                        "không có dấu thời gian; đánh giá tại thời điểm kiểm tra".to_owned()
                    }
                    (SigningTime::VerificationTime { .. }, false) => {
                        "no time-stamp; judged at the verification time".to_owned()
                    }
                };
                say!("  {}: {} — {}", t("Thời điểm ký", "Signing time"), show_time(time.time()), how);
                if let Some(claim) =
                    signature.claimed_signing_time.filter(|_| !matches!(time, SigningTime::Claimed { .. }))
                {
                    say!(
                        "  {}: {}",
                        t("Thời điểm ký người ký khai báo", "Signing time claimed by the signer"),
                        show_time(claim)
                    );
                }
            }
            if !signature.chain.is_empty() {
                say!("  {}:", t("Chuỗi chứng thư", "Certificate chain"));
                for entry in &signature.chain {
                    say!("    └ {}", entry.subject);
                }
            }
            for check in &signature.revocation {
                let status = match (&check.status, vi) {
                    (RevocationStatus::Good, true) => "còn hiệu lực (chưa bị thu hồi)".to_owned(),
                    (RevocationStatus::Good, false) => "good (not revoked)".to_owned(),
                    (RevocationStatus::Revoked { time, reason }, true) => {
                        format!("ĐÃ BỊ THU HỒI lúc {}, lý do: {}", time.to_vietnam_string(), reason.label_vi())
                    }
                    (RevocationStatus::Revoked { time, reason }, false) => {
                        format!("REVOKED at {}, reason: {}", time.to_vietnam_string(), reason.label_en())
                    }
                    (RevocationStatus::Unknown { .. }, true) => {
                        "không xác định được (không có CRL hoặc phản hồi OCSP dùng được)".to_owned()
                    }
                    (RevocationStatus::Unknown { why }, false) => format!("unknown ({why})"),
                    (RevocationStatus::NotChecked, true) => "không kiểm tra".to_owned(),
                    (RevocationStatus::NotChecked, false) => "not checked".to_owned(),
                };
                let source = check.source.as_ref().map_or(String::new(), |s| {
                    let origin = match (s.origin.as_str(), vi) {
                        ("supplied", true) => "do người kiểm tra cung cấp".to_owned(),
                        ("supplied", false) => "supplied by the verifier".to_owned(),
                        ("embedded", true) => "gắn trong chữ ký".to_owned(),
                        ("embedded", false) => "embedded in the signature".to_owned(),
                        (url, true) => format!("tải từ {url}"),
                        (url, false) => format!("fetched from {url}"),
                    };
                    format!(" [{}, {origin}]", s.kind.to_uppercase())
                });
                say!(
                    "  {} {}: {status}{source}",
                    t("Tình trạng thu hồi của", "Revocation status of"),
                    short_subject(&check.subject)
                );
            }
            if let Some(approval) = &signature.approval {
                say!(
                    "  {}: {} ({} {}, {})",
                    t("Được phê duyệt bởi", "Approved by"),
                    approval.authority,
                    t("danh sách số", "list number"),
                    approval.list_sequence,
                    approval.school_name
                );
            }
            for problem in &signature.problems {
                say!("  ✗ {}", problem.text(language));
            }
            for warning in &signature.warnings {
                say!("  ! {}", warning.text(language));
            }
        }
        out
    }
}

/// The CN of a subject (or the whole subject when it has none).
pub(crate) fn short_subject(subject: &str) -> &str {
    subject.split(", ").find_map(|part| part.strip_prefix("CN=")).unwrap_or(subject)
}

/// `text` with every character that could forge a line or drive a terminal written as an escape:
/// C0 and C1 controls and DEL (`\n`, `\r`, `\t`, else `\u{1B}`), the bidirectional overrides and
/// isolates (U+202A-U+202E, U+2066-U+2069), which reorder what is shown, and the line and
/// paragraph separators (U+2028, U+2029). For text from certificates, documents and file names
/// shown in a terminal or a log; JSON and HTML have escaping of their own.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    use std::fmt::Write;
    let unsafe_char = |c: char| {
        c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    };
    if !text.contains(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_other_text_is_kept() {
        assert!(matches!(escape_controls("Nguyễn Văn A"), Cow::Borrowed("Nguyễn Văn A")));
        assert_eq!(escape_controls("a\nb\rc\td"), "a\\nb\\rc\\td");
        assert_eq!(escape_controls("\u{1B}[31m\u{7F}\u{9B}"), "\\u{1B}[31m\\u{7F}\\u{9B}");
        assert_eq!(escape_controls("x\u{202E}lmx.exe\u{2066}\u{2028}"), "x\\u{202E}lmx.exe\\u{2066}\\u{2028}");
    }

    /// A certificate's fields and a finding quoting them cannot add a line to the report or send
    /// an escape sequence to the terminal.
    #[test]
    fn the_text_report_escapes_what_certificates_and_documents_say() {
        let time = UtcTime::parse("2026-06-01T10:00:00Z").unwrap();
        let forged = "Nguyễn Văn A\nHỢP LỆ hs-0042.xml — \u{1B}[32mok\u{1B}[0m\u{202E}";
        let signer = Signer {
            name: Some(forged.to_owned()),
            organization: Some(forged.to_owned()),
            organizational_unit: None,
            title: Some(forged.to_owned()),
            subject: format!("CN={forged}"),
            issuer: forged.to_owned(),
            serial: "01".to_owned(),
            not_before: time,
            not_after: time,
            sha256: String::new(),
        };
        let signature = SignatureReport {
            verdict: Verdict::Invalid,
            etsi: EtsiStatus::judge(Verdict::Invalid, &[]),
            id: None,
            place: "DSCKS/GVCN".to_owned(),
            role: None,
            role_en: None,
            algorithm: None,
            covers: vec![format!("#{forged}")],
            signer: Some(signer),
            signing_time: Some(SigningTime::TimeStamp { time, authority: forged.to_owned() }),
            claimed_signing_time: Some(time),
            chain: vec![ChainEntry {
                subject: forged.to_owned(),
                not_before: time,
                not_after: time,
                sha256: String::new(),
            }],
            revocation: Vec::new(),
            problems: vec![Finding::new(Code::BadSignature, forged, forged)],
            warnings: vec![Finding::new(Code::PinnedKey, forged, forged)],
            approval: None,
        };
        let report = VerificationReport {
            verdict: Verdict::Invalid,
            verified_at: time,
            revocation_policy: RevocationPolicy::Require,
            online: false,
            problems: vec![Finding::new(Code::TranscriptProfile, forged, forged)],
            warnings: Vec::new(),
            archive_time_stamps: vec![ArchiveTimeStampReport {
                time,
                authority: forged.to_owned(),
                valid_until: time,
                proves: true,
            }],
            renew_archive_by: None,
            signatures: vec![signature],
            etsi: EtsiSummary::default(),
        };
        for language in [Language::Vi, Language::En] {
            let text = report.message(language);
            assert!(!text.contains(['\u{1B}', '\u{202E}']), "{text}");
            assert!(!text.lines().any(|l| l.starts_with("HỢP LỆ")), "{text}");
            assert!(text.contains("Nguyễn Văn A\\nHỢP LỆ hs-0042.xml — \\u{1B}[32mok"), "{text}");
        }
        // JSON keeps the real value.
        assert!(report.to_json().contains("Nguyễn Văn A\\nHỢP LỆ"));
    }
}
