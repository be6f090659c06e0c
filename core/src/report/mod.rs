//! The verification report: one type for the CLI, Python and WASM, in Vietnamese and English.
//!
//! Only the library builds a report (its fields are private); readers get accessors, JSON
//! ([`VerificationReport::to_json`], stable field names) and text for people
//! ([`VerificationReport::message`]). Times are stored in UTC and shown in Vietnamese time
//! (Asia/Ho_Chi_Minh, UTC+07:00).

use serde::Serialize;

use crate::pki::{RevocationCheck, RevocationPolicy, RevocationStatus};
use crate::time::UtcTime;

/// The overall answer, for the document and for each signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every signature verified, its certificate chains to a trust anchor and is not revoked.
    Valid,
    /// Something could not be determined (revocation status unknown under `require`).
    Undetermined,
    /// A signature or certificate is definitely not acceptable.
    Invalid,
}

impl Verdict {
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
    #[default]
    Vi,
    En,
}

impl std::str::FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "vi" => Ok(Language::Vi),
            "en" => Ok(Language::En),
            other => Err(format!("unknown language {other:?} (vi, en)")),
        }
    }
}

/// One thing a reader must know: a stable code, and the explanation in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub vi: String,
    pub en: String,
}

impl Finding {
    pub(crate) fn new(code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Finding { code, vi: vi.into(), en: en.into() }
    }

    pub fn text(&self, language: Language) -> &str {
        match language {
            Language::Vi => &self.vi,
            Language::En => &self.en,
        }
    }
}

/// How the signing time is known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum SigningTime {
    /// Proven by an RFC 3161 time-stamp from `authority`.
    TimeStamp { time: UtcTime, authority: String },
    /// Claimed by the signer (`SigningTime`); nothing proves it.
    Claimed { time: UtcTime },
    /// Neither: the signature was judged at the verification time.
    VerificationTime { time: UtcTime },
}

impl SigningTime {
    pub fn time(&self) -> UtcTime {
        match self {
            SigningTime::TimeStamp { time, .. }
            | SigningTime::Claimed { time }
            | SigningTime::VerificationTime { time } => *time,
        }
    }

    pub fn is_proven(&self) -> bool {
        matches!(self, SigningTime::TimeStamp { .. })
    }
}

/// The signer, as its certificate names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Signer {
    pub name: Option<String>,
    pub organization: Option<String>,
    pub organizational_unit: Option<String>,
    pub title: Option<String>,
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: UtcTime,
    pub not_after: UtcTime,
    pub sha256: String,
}

/// One certificate of the chain, signer first, trust anchor last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainEntry {
    pub subject: String,
    pub not_before: UtcTime,
    pub not_after: UtcTime,
    pub sha256: String,
}

/// What was found about one `Signature`.
#[derive(Clone, Debug, Serialize)]
pub struct SignatureReport {
    pub(crate) verdict: Verdict,
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
}

impl SignatureReport {
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
    pub fn place(&self) -> &str {
        &self.place
    }
    pub fn role(&self) -> Option<&str> {
        self.role.as_deref()
    }
    /// [`SignatureReport::role`] in English.
    pub fn role_en(&self) -> Option<&str> {
        self.role_en.as_deref()
    }
    pub fn signer(&self) -> Option<&Signer> {
        self.signer.as_ref()
    }
    pub fn signing_time(&self) -> Option<&SigningTime> {
        self.signing_time.as_ref()
    }
    /// The signing time the signer claims (`SigningTime`), reported even where the signature was
    /// judged at another time.
    pub fn claimed_signing_time(&self) -> Option<UtcTime> {
        self.claimed_signing_time
    }
    pub fn chain(&self) -> &[ChainEntry] {
        &self.chain
    }
    pub fn revocation(&self) -> &[RevocationCheck] {
        &self.revocation
    }
    pub fn problems(&self) -> &[Finding] {
        &self.problems
    }
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }
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
    pub(crate) signatures: Vec<SignatureReport>,
}

impl VerificationReport {
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }
    pub fn verified_at(&self) -> UtcTime {
        self.verified_at
    }
    pub fn problems(&self) -> &[Finding] {
        &self.problems
    }
    pub fn signatures(&self) -> &[SignatureReport] {
        &self.signatures
    }

    /// A document-level problem found on top of the signatures' (the transcript profile,
    /// withdrawal): the document is invalid.
    pub(crate) fn add_problem(&mut self, finding: Finding) {
        self.problems.push(finding);
        self.verdict = Verdict::Invalid;
    }

    /// A warning for the signature with `Id` `id`.
    pub(crate) fn add_signature_warning(&mut self, id: &str, finding: Finding) {
        if let Some(signature) = self.signatures.iter_mut().find(|s| s.id.as_deref() == Some(id)) {
            signature.warnings.push(finding);
        }
    }

    /// The report as JSON (field names documented in the README).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// The report as text for a person, in `language`.
    pub fn message(&self, language: Language) -> String {
        use std::fmt::Write;
        let vi = language == Language::Vi;
        let t = |v: &str, e: &str| if vi { v.to_owned() } else { e.to_owned() };
        let when = |time: UtcTime| format!("{} (giờ Việt Nam)", time.to_vietnam_string());
        let when_en = |time: UtcTime| format!("{} (Vietnam time)", time.to_vietnam_string());
        let show_time = |time: UtcTime| if vi { when(time) } else { when_en(time) };
        let mut out = String::new();
        let _ = writeln!(out, "{}: {}", t("Kết quả", "Result"), self.verdict.label(language));
        let _ = writeln!(out, "{}: {}", t("Kiểm tra lúc", "Checked at"), show_time(self.verified_at));
        for problem in &self.problems {
            let _ = writeln!(out, "  ✗ {}", problem.text(language));
        }
        for (i, signature) in self.signatures.iter().enumerate() {
            let role = if vi { &signature.role } else { &signature.role_en };
            let role = role.clone().unwrap_or_else(|| signature.place.clone());
            let covers = signature.covers.first().map_or(String::new(), |c| format!(" ({} {c})", t("ký", "signs")));
            let _ = writeln!(
                out,
                "\n{} {} — {role}{covers}: {}",
                t("Chữ ký", "Signature"),
                i + 1,
                signature.verdict.label(language)
            );
            if let Some(signer) = &signature.signer {
                let name = signer.name.as_deref().unwrap_or(&signer.subject);
                let _ = writeln!(out, "  {}: {}", t("Người ký", "Signer"), name);
                if let Some(title) = &signer.title {
                    let _ = writeln!(out, "  {}: {}", t("Chức danh", "Title"), title);
                }
                let org: Vec<&str> = [&signer.organizational_unit, &signer.organization]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                if !org.is_empty() {
                    let _ = writeln!(out, "  {}: {}", t("Đơn vị", "Organization"), org.join(", "));
                }
                let _ = writeln!(
                    out,
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
                    (SigningTime::Claimed { .. }, true) => "do người ký tự khai, chưa được chứng thực".to_owned(),
                    (SigningTime::Claimed { .. }, false) => "claimed by the signer, not proven".to_owned(),
                    (SigningTime::VerificationTime { .. }, true) => {
                        "không có dấu thời gian; đánh giá tại thời điểm kiểm tra".to_owned()
                    }
                    (SigningTime::VerificationTime { .. }, false) => {
                        "no time-stamp; judged at the verification time".to_owned()
                    }
                };
                let _ = writeln!(out, "  {}: {} — {}", t("Thời điểm ký", "Signing time"), show_time(time.time()), how);
                if let Some(claim) =
                    signature.claimed_signing_time.filter(|_| !matches!(time, SigningTime::Claimed { .. }))
                {
                    let _ = writeln!(
                        out,
                        "  {}: {}",
                        t("Thời điểm ký người ký khai báo", "Signing time claimed by the signer"),
                        show_time(claim)
                    );
                }
            }
            if !signature.chain.is_empty() {
                let _ = writeln!(out, "  {}:", t("Chuỗi chứng thư", "Certificate chain"));
                for entry in &signature.chain {
                    let _ = writeln!(out, "    └ {}", entry.subject);
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
                    (RevocationStatus::Unknown { why }, true) => format!("không xác định được ({why})"),
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
                let _ = writeln!(
                    out,
                    "  {} {}: {status}{source}",
                    t("Tình trạng thu hồi của", "Revocation status of"),
                    short_subject(&check.subject)
                );
            }
            for problem in &signature.problems {
                let _ = writeln!(out, "  ✗ {}", problem.text(language));
            }
            for warning in &signature.warnings {
                let _ = writeln!(out, "  ! {}", warning.text(language));
            }
        }
        out
    }
}

/// The CN of a subject (or the whole subject when it has none).
pub(crate) fn short_subject(subject: &str) -> &str {
    subject.split(", ").find_map(|part| part.strip_prefix("CN=")).unwrap_or(subject)
}
