//! Verifying a signed document end to end: each XML signature, then its signer's certificate
//! path at the right time, then revocation, into one [`VerificationReport`].

use std::sync::Arc;

use super::certificate::Certificate;
use super::ltv::{EmbeddedValidationData, read_embedded};
use super::path::{
    CertificatePath, CertvalValidator, PathError, PathFailure, PathPolicy, PathValidator, Purpose, build_and_validate,
};
use super::revocation::{
    LaterRevocation, RevocationCheck, RevocationChecker, RevocationPolicy, RevocationReason, RevocationStatus,
};
use super::timestamp::verify_signature_time_stamp;
use super::trust::TrustStore;
use crate::dsig::{DsigError, VerifiedSignature, VerifyOptions};
use crate::report::{ChainEntry, Finding, SignatureReport, Signer, SigningTime, Verdict, VerificationReport};
use crate::time::UtcTime;
use crate::xml::{Document, NodeId};

/// Which time a signer's certificate is judged at. A signer's claimed `SigningTime` is reported
/// and checked for consistency (not before the certificate's validity, not after it, not after the
/// verification time) under every policy, but only [`TimePolicy::ClaimedSigningTime`] judges
/// at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TimePolicy {
    /// A verified time-stamp's proven time, else the verification time (ETSI EN 319 102-1): a
    /// certificate that has expired by then, with no proof the signature existed before,
    /// leaves the signature undetermined (`out-of-bounds-no-poe`). The default; `"timestamp"`.
    #[default]
    TimeStampOrNow,
    /// Always the verification time, even when a time-stamp proves an earlier one; `"now"`.
    VerificationTime,
    /// Legacy, on request only: a time-stamp's time, else the signer's claimed `SigningTime`,
    /// else the verification time; `"claimed"`. A claim is the signer's own word: an expired or
    /// compromised key can sign back-dated documents that verify under this policy.
    ClaimedSigningTime,
}

impl std::str::FromStr for TimePolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "timestamp" => Ok(TimePolicy::TimeStampOrNow),
            "now" => Ok(TimePolicy::VerificationTime),
            "claimed" => Ok(TimePolicy::ClaimedSigningTime),
            other => Err(format!("unknown time policy {other:?} (timestamp, now, claimed)")),
        }
    }
}

/// How signers are trusted.
#[derive(Clone, Debug)]
pub struct TrustOptions {
    /// Default: [`TrustStore::government`].
    pub trust: TrustStore,
    /// Intermediates offered to path building besides those in each signature's `KeyInfo`.
    pub intermediates: Vec<Certificate>,
    pub path: PathPolicy,
    /// Default: `require`.
    pub revocation: RevocationPolicy,
    pub time: TimePolicy,
    /// The verification time ("now"). Default: the system clock where there is one. Set it to
    /// check as of another moment (`hocba verify --at`); the WASM build must set it.
    pub now: Option<UtcTime>,
    /// Default: [`CertvalValidator`].
    pub validator: Arc<dyn PathValidator>,
}

impl Default for TrustOptions {
    fn default() -> Self {
        TrustOptions {
            trust: TrustStore::government(),
            intermediates: Vec::new(),
            path: PathPolicy::default(),
            revocation: RevocationPolicy::Require,
            time: TimePolicy::TimeStampOrNow,
            now: None,
            validator: Arc::new(CertvalValidator),
        }
    }
}

impl TrustOptions {
    pub(crate) fn now(&self) -> Result<UtcTime, crate::Error> {
        if let Some(now) = self.now {
            return Ok(now);
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            Ok(UtcTime::from_system_time(std::time::SystemTime::now()))
        }
        #[cfg(target_arch = "wasm32")]
        {
            Err(crate::Error::Dsig(DsigError::InvalidRequest("the verification time must be given")))
        }
    }
}

/// Verifies every signature of `doc` and the trust in each signer.
///
/// With `dsig.trusted_keys` empty (the normal case) each signature's key is taken from a
/// certificate in its own `KeyInfo`, and that certificate must then chain to `trust`; with
/// pinned keys, the pinned key is the trust decision and no path is built (reported so).
/// Errors are reserved for input that is not usable at all; everything else is in the report.
pub fn verify_document(
    doc: &Document<'_>,
    dsig: &VerifyOptions,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
) -> Result<VerificationReport, crate::Error> {
    verify_document_keeping(doc, dsig, trust, revocation).map(|(report, _)| report)
}

/// [`verify_document`], also handing back each signature's verification, for the transcript
/// profile to check without verifying again.
pub(crate) fn verify_document_keeping(
    doc: &Document<'_>,
    dsig: &VerifyOptions,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
) -> Result<(VerificationReport, Vec<crate::dsig::EachSignature>), crate::Error> {
    let now = trust.now()?;
    let pinned = !dsig.trusted_keys.is_empty();
    let keys = if pinned { crate::dsig::Keys::Pinned } else { crate::dsig::Keys::KeyInfoCandidates };
    let mut report = VerificationReport {
        verdict: Verdict::Valid,
        verified_at: now,
        revocation_policy: trust.revocation,
        online: revocation.is_online(),
        problems: Vec::new(),
        signatures: Vec::new(),
    };
    let results = match crate::dsig::verify_each(doc, dsig, keys) {
        Ok(results) => results,
        Err(e) => {
            report.problems.push(dsig_finding(&e));
            report.verdict = Verdict::Invalid;
            return Ok((report, Vec::new()));
        }
    };
    for (node, result) in &results {
        let (node, result) = (*node, result);
        let signature = match result {
            Ok(verified) => judge_signature(doc, verified, pinned, dsig, trust, revocation, now),
            Err(e) => failed_signature(doc, node, e),
        };
        report.verdict = report.verdict.max(signature.verdict);
        report.signatures.push(signature);
    }
    Ok((report, results))
}

/// The signature's place, and the role it stands for in Vietnamese and English.
fn place_of(doc: &Document<'_>, node: NodeId) -> (String, Option<(String, String)>) {
    let mut path: Vec<&str> =
        doc.node(node).ancestors_or_self().skip(1).filter(|n| n.is_element()).map(|n| n.local_name()).collect();
    path.reverse();
    let place = path.get(1..).unwrap_or_default().join("/");
    let role = path.last().and_then(|last| role_label(last)).map(|(vi, en)| {
        // A subject teacher's place names the subject (`GVBM MaMonHoc="TOAN"`).
        let subject = doc
            .node(node)
            .parent()
            .and_then(|p| p.attribute(None, "MaMonHoc"))
            .and_then(crate::transcript::MonHoc::from_code);
        match subject {
            Some(s) => (format!("{vi} ({})", s.label_vi()), format!("{en} ({})", s.label_en())),
            None => (vi.to_owned(), en.to_owned()),
        }
    });
    (place, role)
}

/// The role a signature's place stands for in the transcript profile (`schemas/PROFILE.md`).
fn role_label(element: &str) -> Option<(&'static str, &'static str)> {
    Some(match element {
        "GVCN" => ("Giáo viên chủ nhiệm", "homeroom teacher"),
        "HieuTruong" => ("Hiệu trưởng", "principal"),
        "GiaoVienBoMon" | "GVBM" => ("Giáo viên bộ môn", "subject teacher"),
        "PhoHieuTruong" => ("Phó hiệu trưởng", "vice principal"),
        _ => return None,
    })
}

fn failed_signature(doc: &Document<'_>, node: NodeId, error: &DsigError) -> SignatureReport {
    let (place, role) = place_of(doc, node);
    let signature = doc.node(node);
    SignatureReport {
        verdict: Verdict::Invalid,
        id: signature.attribute(None, "Id").map(str::to_owned),
        place,
        role_en: role.as_ref().map(|(_, en)| en.clone()),
        role: role.map(|(vi, _)| vi),
        algorithm: None,
        covers: Vec::new(),
        signer: None,
        signing_time: None,
        claimed_signing_time: None,
        chain: Vec::new(),
        revocation: Vec::new(),
        problems: vec![dsig_finding(error)],
        warnings: Vec::new(),
    }
}

fn signer_of(certificate: &Certificate) -> Signer {
    let subject = certificate.subject();
    Signer {
        name: subject.common_name().map(str::to_owned),
        organization: subject.organization().map(str::to_owned),
        organizational_unit: subject.organizational_unit().map(str::to_owned),
        title: subject.get("title").map(str::to_owned),
        subject: subject.to_string(),
        issuer: certificate.issuer().to_string(),
        serial: certificate.serial_hex(),
        not_before: certificate.not_before(),
        not_after: certificate.not_after(),
        sha256: certificate.fingerprint_hex(),
    }
}

fn judge_signature(
    doc: &Document<'_>,
    verified: &VerifiedSignature,
    pinned: bool,
    dsig: &VerifyOptions,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
    now: UtcTime,
) -> SignatureReport {
    let (place, role) = place_of(doc, verified.signature_node());
    let mut report = SignatureReport {
        verdict: Verdict::Valid,
        id: verified.id().map(str::to_owned),
        place,
        role_en: role.as_ref().map(|(_, en)| en.clone()),
        role: role.map(|(vi, _)| vi),
        algorithm: Some(verified.algorithm().short_name()),
        covers: verified.references().iter().map(|r| r.uri().to_owned()).collect(),
        signer: None,
        signing_time: None,
        claimed_signing_time: verified.claimed_signing_time(),
        chain: Vec::new(),
        revocation: Vec::new(),
        problems: Vec::new(),
        warnings: verified.warnings().iter().map(dsig_warning).collect(),
    };
    let signer_certificate = verified.signer_certificate().map(Certificate::from_der);
    let signer_certificate = match signer_certificate {
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => {
            report.problems.push(Finding::new(
                "certificate-malformed",
                format!("Chứng thư số của người ký không đọc được: {e}"),
                format!("The signer's certificate cannot be read: {e}"),
            ));
            report.verdict = Verdict::Invalid;
            return report;
        }
        None => None,
    };
    report.signer = signer_certificate.as_ref().map(signer_of);
    if pinned {
        report.warnings.push(Finding::new(
            "pinned-key",
            "Chữ ký được kiểm tra bằng khoá do người kiểm tra chỉ định; không kiểm tra chuỗi chứng thư và tình trạng thu hồi.",
            "Verified with a key the verifier pinned; the certificate chain and revocation were not checked.",
        ));
        report.signing_time = Some(match verified.claimed_signing_time() {
            Some(time) => SigningTime::Claimed { time },
            None => SigningTime::VerificationTime { time: now },
        });
        // The pinned key is the trust decision and its certificate's validity is not checked, so
        // a claim outside that validity is remarked on; a claim after the clock still fails.
        if let Some(claim) = verified.claimed_signing_time() {
            if let Some(finding) = claim_in_future(claim, now) {
                report.problems.push(finding);
                report.verdict = Verdict::Invalid;
            } else if let Some(finding) =
                signer_certificate.as_ref().and_then(|certificate| inconsistent_claim(claim, certificate, now))
            {
                report.warnings.push(finding);
            }
        }
        return report;
    }
    let Some(signer) = signer_certificate else {
        // Keys::KeyInfoCandidates only verifies with a KeyInfo certificate, so this is a bug
        // guard, reported rather than assumed away.
        report.problems.push(Finding::new(
            "no-signer-certificate",
            "Chữ ký không kèm chứng thư số của người ký.",
            "The signature carries no signer certificate.",
        ));
        report.verdict = Verdict::Invalid;
        return report;
    };

    let embedded = match read_embedded(doc, verified.signature_node()) {
        Ok(data) => data,
        Err(e) => {
            report.problems.push(Finding::new(
                "validation-data-malformed",
                format!("Dữ liệu kiểm tra dài hạn gắn trong chữ ký bị hỏng: {e}"),
                format!("The long-term validation data embedded in the signature is malformed: {e}"),
            ));
            report.verdict = Verdict::Invalid;
            return report;
        }
    };
    let candidates: Vec<Certificate> = verified
        .key_info_certificates()
        .iter()
        .filter_map(|der| Certificate::from_der(der).ok())
        .chain(embedded.certificates.iter().cloned())
        .chain(trust.intermediates.iter().cloned())
        .collect();

    // Which time: proven, or now; the claim is checked against the certificate and now.
    let signing_time =
        match signing_time(doc, verified, &embedded, trust, &candidates, now, dsig, revocation, &mut report.warnings) {
            Ok(time) => time,
            Err(finding) => {
                report.problems.push(finding);
                report.verdict = Verdict::Invalid;
                return report;
            }
        };
    if let Some(finding) = verified.claimed_signing_time().and_then(|claim| inconsistent_claim(claim, &signer, now)) {
        report.problems.push(finding);
        report.verdict = Verdict::Invalid;
        return report;
    }
    if let SigningTime::Claimed { time } = &signing_time {
        report.warnings.push(Finding::new(
            "signing-time-claimed",
            format!(
                "Thời điểm ký {} do người ký tự khai, không có dấu thời gian chứng thực; chứng thư số được đánh giá tại thời điểm này theo lựa chọn của người kiểm tra.",
                time.to_vietnam_string()
            ),
            format!(
                "The signing time {} is the signer's claim, proven by no time-stamp; the certificate was judged at it because the verifier chose so.",
                time.to_vietnam_string()
            ),
        ));
    }
    let at = signing_time.time();
    let proven = signing_time.is_proven();
    let claimed = matches!(signing_time, SigningTime::Claimed { .. });
    report.signing_time = Some(signing_time);

    // The path.
    let path = match build_and_validate(&signer, &candidates, trust, at, Purpose::DocumentSigning, dsig.provider) {
        Ok(path) => path,
        Err(e) => {
            let subject = crate::report::short_subject(&e.subject);
            match e.reason {
                // Expired by now, and nothing proves the signature is older: nobody can tell.
                PathFailure::Expired { not_after } if !proven => {
                    report.problems.push(out_of_bounds_no_poe(subject, not_after, at));
                    report.verdict = Verdict::Undetermined;
                }
                // The search was cut short: no path is known, none is ruled out.
                reason @ PathFailure::SearchBudgetExceeded { .. } => {
                    report.problems.push(path_finding(&reason, subject, at));
                    report.verdict = Verdict::Undetermined;
                }
                reason => {
                    report.problems.push(path_finding(&reason, subject, at));
                    report.verdict = Verdict::Invalid;
                }
            }
            return report;
        }
    };
    report.chain = path
        .certificates()
        .iter()
        .map(|c| ChainEntry {
            subject: c.subject().to_string(),
            not_before: c.not_before(),
            not_after: c.not_after(),
            sha256: c.fingerprint_hex(),
        })
        .collect();

    // Revocation of every certificate below the anchor.
    if trust.revocation == RevocationPolicy::Off {
        report.revocation = path
            .with_issuers()
            .map(|(c, _)| super::revocation::RevocationCheck {
                subject: c.subject().to_string(),
                serial: c.serial_hex(),
                status: RevocationStatus::NotChecked,
                source: None,
                revoked_later: None,
            })
            .collect();
        report.warnings.push(Finding::new(
            "revocation-off",
            "Không kiểm tra tình trạng thu hồi chứng thư (theo lựa chọn của người kiểm tra).",
            "Revocation was not checked (the verifier turned it off).",
        ));
        return report;
    }
    for (certificate, issuer) in path.with_issuers() {
        let name = crate::report::short_subject(&certificate.subject().to_string()).to_owned();
        let check = revocation.check(
            certificate,
            issuer,
            at,
            claimed,
            &embedded.revocation,
            dsig.provider,
            trust.path.allow_sha1,
        );
        match &check.status {
            RevocationStatus::Revoked { time, reason } => {
                let (when, vi_reason, en_reason) = (time.to_vietnam_string(), reason.label_vi(), reason.label_en());
                let claimed_before = report.claimed_signing_time.is_some_and(|claim| claim < *time);
                if *reason == RevocationReason::CertificateHold {
                    // Suspended, not ended: the status may change.
                    report.problems.push(Finding::new(
                        "certificate-on-hold",
                        format!(
                            "Chứng thư số của {name} đang bị tạm dừng từ {when}; chưa xác định được chữ ký, hãy kiểm tra lại sau."
                        ),
                        format!(
                            "The certificate of {name} has been on hold since {when}; the signature cannot be judged yet, check again later."
                        ),
                    ));
                    report.verdict = report.verdict.max(Verdict::Undetermined);
                } else if !proven && !reason.is_compromise() && claimed_before {
                    // Revoked for a reason that leaves the key trusted (a change of school, a
                    // new certificate), and nothing proves the signature older or newer.
                    report.problems.push(Finding::new(
                        "revoked-no-poe",
                        format!(
                            "Chứng thư số của {name} đã bị thu hồi lúc {when} (lý do: {vi_reason}); không có dấu thời gian chứng minh chữ ký được tạo trước đó, nên chưa xác định được chữ ký có giá trị hay không."
                        ),
                        format!(
                            "The certificate of {name} was revoked at {when} (reason: {en_reason}); no time-stamp proves the signature was made before, so the signature cannot be judged."
                        ),
                    ));
                    report.verdict = report.verdict.max(Verdict::Undetermined);
                } else {
                    report.problems.push(Finding::new(
                        "revoked",
                        format!("Chứng thư số của {name} đã bị thu hồi lúc {when} (lý do: {vi_reason})."),
                        format!("The certificate of {name} was revoked at {when} (reason: {en_reason})."),
                    ));
                    report.verdict = Verdict::Invalid;
                }
            }
            RevocationStatus::Unknown { why } => {
                let finding = Finding::new(
                    "revocation-unknown",
                    format!("Không xác định được tình trạng thu hồi chứng thư của {name}: {why}"),
                    format!("The revocation status of {name}'s certificate is unknown: {why}"),
                );
                if trust.revocation == RevocationPolicy::Require {
                    report.problems.push(finding);
                    report.verdict = report.verdict.max(Verdict::Undetermined);
                } else {
                    report.warnings.push(finding);
                }
            }
            RevocationStatus::Good | RevocationStatus::NotChecked => {}
        }
        if let Some(LaterRevocation { time, reason }) = check.revoked_later {
            report.warnings.push(Finding::new(
                "revoked-after-signing",
                format!(
                    "Chứng thư số của {} bị thu hồi lúc {} (lý do: {}), sau thời điểm ký; chữ ký vẫn có giá trị.",
                    name,
                    time.to_vietnam_string(),
                    reason.label_vi()
                ),
                format!(
                    "The certificate of {} was revoked at {} (reason: {}), after the signing time; the signature stands.",
                    name,
                    time.to_vietnam_string(),
                    reason.label_en()
                ),
            ));
        }
        report.revocation.push(check);
    }
    report
}

/// The time the signer's certificate is judged at, by the trust options' policy; remarks on the
/// time-stamp go to `warnings`.
#[allow(clippy::too_many_arguments)]
fn signing_time(
    doc: &Document<'_>,
    verified: &VerifiedSignature,
    embedded: &EmbeddedValidationData,
    trust: &TrustOptions,
    candidates: &[Certificate],
    now: UtcTime,
    dsig: &VerifyOptions,
    revocation: &RevocationChecker,
    warnings: &mut Vec<Finding>,
) -> Result<SigningTime, Finding> {
    if trust.time != TimePolicy::VerificationTime
        && let Some(token) = &embedded.time_stamp
    {
        let stamp =
            verify_signature_time_stamp(doc, verified.signature_node(), token, trust, candidates, now, dsig.provider)
                .map_err(|e| {
                Finding::new(
                    "time-stamp-invalid",
                    format!("Dấu thời gian của chữ ký không hợp lệ: {e}"),
                    format!("The signature's time-stamp is not valid: {e}"),
                )
            })?;
        // A time-stamp whose authority can no longer be believed proves nothing: the signature
        // is then judged as if it had none.
        match time_stamp_authority_trusted(&stamp, embedded, trust, revocation, now, dsig) {
            Ok(notes) => {
                warnings.extend(notes);
                return Ok(SigningTime::TimeStamp { time: stamp.time, authority: stamp.authority });
            }
            Err(finding) => warnings.push(finding),
        }
    }
    if trust.time == TimePolicy::ClaimedSigningTime
        && let Some(time) = verified.claimed_signing_time()
        && time <= now
    {
        return Ok(SigningTime::Claimed { time });
    }
    Ok(SigningTime::VerificationTime { time: now })
}

/// Whether a verified time-stamp's authority is still to be believed: every certificate of its
/// path unexpired at the verification time (an archive time-stamp would be needed past that),
/// and none revoked at the stamped time, nor ever for a compromise of its key (which could then
/// have stamped any time), nor of unknown status under `require`. `Ok` carries remarks (a status
/// that could not be learnt, under `soft-fail`); `Err` says why the time-stamp proves nothing.
fn time_stamp_authority_trusted(
    stamp: &super::timestamp::ProvenTime,
    embedded: &EmbeddedValidationData,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
    now: UtcTime,
    dsig: &VerifyOptions,
) -> Result<Vec<Finding>, Finding> {
    let authority = &stamp.authority;
    for certificate in stamp.tsa_path.certificates() {
        if certificate.not_after() < now {
            let subject = crate::report::short_subject(&certificate.subject().to_string()).to_owned();
            let expired = certificate.not_after().to_vietnam_string();
            return Err(Finding::new(
                "time-stamp-expired",
                format!(
                    "Dấu thời gian của {authority} không còn chứng minh được thời điểm ký: chứng thư số của {subject} đã hết hạn lúc {expired} (cần dấu thời gian lưu trữ cấp trước thời điểm đó)."
                ),
                format!(
                    "The time-stamp by {authority} no longer proves the signing time: the certificate of {subject} expired at {expired} (an archive time-stamp from before then would be needed)."
                ),
            ));
        }
    }
    let mut notes = Vec::new();
    if trust.revocation == RevocationPolicy::Off {
        return Ok(notes);
    }
    for (certificate, issuer) in stamp.tsa_path.with_issuers() {
        let subject = crate::report::short_subject(&certificate.subject().to_string()).to_owned();
        // The stamped time is the authority's own word: a compromise of its key counts whenever
        // it happened.
        let check = revocation.check(
            certificate,
            issuer,
            stamp.time,
            true,
            &embedded.revocation,
            dsig.provider,
            trust.path.allow_sha1,
        );
        match check.status {
            RevocationStatus::Revoked { time, reason } => {
                let (when, vi_reason, en_reason) = (time.to_vietnam_string(), reason.label_vi(), reason.label_en());
                return Err(Finding::new(
                    "time-stamp-authority-revoked",
                    format!(
                        "Dấu thời gian của {authority} không được tin cậy: chứng thư số của {subject} đã bị thu hồi lúc {when} (lý do: {vi_reason})."
                    ),
                    format!(
                        "The time-stamp by {authority} cannot be trusted: the certificate of {subject} was revoked at {when} (reason: {en_reason})."
                    ),
                ));
            }
            RevocationStatus::Unknown { why } => {
                let finding = Finding::new(
                    "time-stamp-revocation-unknown",
                    format!(
                        "Không xác định được tình trạng thu hồi chứng thư số của {subject} (đơn vị cấp dấu thời gian của {authority}): không có CRL hoặc phản hồi OCSP dùng được."
                    ),
                    format!(
                        "The revocation status of {subject}'s certificate (the time-stamping authority {authority}) is unknown: {why}"
                    ),
                );
                // Under `require`, an authority that may be revoked proves nothing.
                if trust.revocation == RevocationPolicy::Require {
                    return Err(finding);
                }
                notes.push(finding);
            }
            RevocationStatus::Good | RevocationStatus::NotChecked => {}
        }
    }
    Ok(notes)
}

/// How far a signer's clock may be from the verifier's before a claimed time is held against it.
const CLOCK_SKEW_SECONDS: i64 = 5 * 60;

/// What is wrong with a claimed signing time, if anything: it cannot be after the verification
/// time, nor outside the signer certificate's validity (the signer's own word would then say the
/// key signed while its certificate was not valid).
fn inconsistent_claim(claim: UtcTime, signer: &Certificate, now: UtcTime) -> Option<Finding> {
    if let Some(finding) = claim_in_future(claim, now) {
        return Some(finding);
    }
    let shown = claim.to_vietnam_string();
    if claim.unix_seconds() + CLOCK_SKEW_SECONDS < signer.not_before().unix_seconds() {
        let from = signer.not_before().to_vietnam_string();
        return Some(Finding::new(
            "signing-time-before-certificate",
            format!("Thời điểm ký khai báo ({shown}) trước khi chứng thư số của người ký có hiệu lực ({from})."),
            format!("The claimed signing time ({shown}) is before the signer's certificate became valid ({from})."),
        ));
    }
    if claim > signer.not_after() {
        let until = signer.not_after().to_vietnam_string();
        return Some(Finding::new(
            "signing-time-after-certificate",
            format!("Thời điểm ký khai báo ({shown}) sau khi chứng thư số của người ký đã hết hạn ({until})."),
            format!("The claimed signing time ({shown}) is after the signer's certificate expired ({until})."),
        ));
    }
    None
}

/// A claimed signing time after the verification time (beyond clock skew), if it is.
fn claim_in_future(claim: UtcTime, now: UtcTime) -> Option<Finding> {
    if claim.unix_seconds() <= now.unix_seconds() + CLOCK_SKEW_SECONDS {
        return None;
    }
    let shown = claim.to_vietnam_string();
    Some(Finding::new(
        "signing-time-in-future",
        format!("Thời điểm ký khai báo ({shown}) nằm sau thời điểm kiểm tra."),
        format!("The claimed signing time ({shown}) is after the verification time."),
    ))
}

/// A certificate expired at the validation time, with no proof the signature existed before
/// (ETSI's `OUT_OF_BOUNDS_NO_POE`): undetermined, and what would settle it.
fn out_of_bounds_no_poe(subject: &str, not_after: UtcTime, at: UtcTime) -> Finding {
    let (expired, when) = (not_after.to_vietnam_string(), at.to_vietnam_string());
    Finding::new(
        "out-of-bounds-no-poe",
        format!(
            "Chứng thư số của {subject} đã hết hạn lúc {expired} (thời điểm kiểm tra: {when}) và không có dấu thời gian chứng minh chữ ký được tạo khi chứng thư còn hiệu lực, nên chưa xác định được chữ ký có giá trị hay không. Cần bản học bạ có dấu thời gian trên chữ ký (hoặc dấu thời gian lưu trữ) cấp trước khi chứng thư hết hạn."
        ),
        format!(
            "The certificate of {subject} expired at {expired} (verified at {when}) and no time-stamp proves the signature was made while it was valid, so the signature cannot be judged. A copy whose signature was time-stamped (or archive-time-stamped) before the certificate expired would settle it."
        ),
    )
}

fn path_finding(reason: &PathFailure, subject: &str, at: UtcTime) -> Finding {
    let when = at.to_vietnam_string();
    match reason {
        PathFailure::NoPathToAnchor => Finding::new(
            "untrusted",
            format!(
                "Chứng thư số của {subject} không do tổ chức được tin cậy cấp (không có chuỗi đến chứng thư gốc tin cậy)."
            ),
            format!("The certificate of {subject} was not issued by a trusted authority (no chain to a trusted root)."),
        ),
        PathFailure::Expired { not_after } => Finding::new(
            "certificate-expired",
            format!(
                "Chứng thư số của {subject} đã hết hạn lúc {} (thời điểm đánh giá: {when}).",
                not_after.to_vietnam_string()
            ),
            format!("The certificate of {subject} expired at {} (judged at {when}).", not_after.to_vietnam_string()),
        ),
        PathFailure::NotYetValid { not_before } => Finding::new(
            "certificate-not-yet-valid",
            format!(
                "Chứng thư số của {subject} chưa có hiệu lực trước {} (thời điểm đánh giá: {when}).",
                not_before.to_vietnam_string()
            ),
            format!(
                "The certificate of {subject} is not valid before {} (judged at {when}).",
                not_before.to_vietnam_string()
            ),
        ),
        PathFailure::BadSignature => Finding::new(
            "certificate-signature-invalid",
            format!("Chữ ký trên chứng thư số của {subject} không đúng (chứng thư giả mạo hoặc bị sửa)."),
            format!("The signature on the certificate of {subject} does not verify (forged or altered)."),
        ),
        PathFailure::KeyUsage => Finding::new(
            "key-usage",
            format!("Chứng thư số của {subject} không được phép dùng để ký văn bản."),
            format!("The certificate of {subject} may not be used to sign documents."),
        ),
        PathFailure::Policy => Finding::new(
            "certificate-policy",
            format!("Chứng thư số của {subject} không thuộc chính sách chứng thư yêu cầu."),
            format!("The certificate of {subject} does not carry the required certificate policy."),
        ),
        PathFailure::KeyTooSmall { bits, minimum } => Finding::new(
            "weak-key-in-path",
            format!("Chứng thư số của {subject} có khoá RSA {bits} bit, dưới mức tối thiểu {minimum} bit."),
            format!("The certificate of {subject} has a {bits}-bit RSA key, below the minimum of {minimum} bits."),
        ),
        PathFailure::ExtendedKeyUsage { usages } => {
            let (vi, en): (Vec<String>, Vec<String>) = usages
                .iter()
                .map(|oid| match super::path::extended_key_usage_label(oid) {
                    Some((vi, en)) => (format!("{vi} ({oid})"), format!("{en} ({oid})")),
                    None => (oid.clone(), oid.clone()),
                })
                .unzip();
            let (vi, en) = if usages.is_empty() {
                ("không đọc được".to_owned(), "unreadable".to_owned())
            } else {
                (vi.join(", "), en.join(", "))
            };
            if usages.iter().any(|oid| super::path::is_service_usage(oid)) {
                Finding::new(
                    "extended-key-usage",
                    format!(
                        "Chứng thư số của {subject} dành riêng cho một dịch vụ (mục đích sử dụng mở rộng: {vi}), không được dùng để ký văn bản."
                    ),
                    format!(
                        "The certificate of {subject} is dedicated to a service (extended key usage: {en}) and may not sign documents."
                    ),
                )
            } else {
                Finding::new(
                    "extended-key-usage",
                    format!(
                        "Mục đích sử dụng mở rộng của chứng thư số của {subject} ({vi}) không gồm mục đích ký văn bản nào."
                    ),
                    format!(
                        "The extended key usage of the certificate of {subject} ({en}) includes no document-signing purpose."
                    ),
                )
            }
        }
        PathFailure::SearchBudgetExceeded { signature_checks, issuers_tried } => Finding::new(
            "path-search-budget",
            format!(
                "Không xây dựng được chuỗi chứng thư số của {subject}: có quá nhiều chứng thư trung gian ứng viên giống nhau (dừng sau {issuers_tried} chứng thư thử và {signature_checks} lần kiểm tra chữ ký)."
            ),
            format!(
                "No certificate chain could be built for {subject}: too many look-alike candidate issuer certificates (stopped after trying {issuers_tried} issuers and {signature_checks} signature checks)."
            ),
        ),
        other => Finding::new(
            "certificate-path-invalid",
            format!("Chuỗi chứng thư số của {subject} không hợp lệ: {other}."),
            format!("The certificate chain of {subject} is not valid: {other}."),
        ),
    }
}

fn dsig_warning(warning: &crate::dsig::Warning) -> Finding {
    match warning {
        crate::dsig::Warning::WeakAlgorithm(uri) => Finding::new(
            "weak-algorithm",
            format!("Chữ ký dùng thuật toán yếu ({uri}), chỉ chấp nhận cho văn bản cũ."),
            format!("The signature uses a weak algorithm ({uri}), accepted for old documents only."),
        ),
        crate::dsig::Warning::WeakKey { bits } => Finding::new(
            "weak-key",
            format!("Khoá RSA {bits} bit là khoá yếu."),
            format!("The {bits}-bit RSA key is weak."),
        ),
    }
}

/// A signature-level or document-level failure, in words a clerk understands.
pub(crate) fn dsig_finding(error: &DsigError) -> Finding {
    let detail = error.to_string();
    let (vi, en) = match error {
        DsigError::NoSignature => ("Văn bản không có chữ ký số nào.", "The document carries no signature."),
        DsigError::DigestMismatch { .. } => (
            "Nội dung đã bị thay đổi sau khi ký (giá trị băm không khớp).",
            "The content was changed after signing (digest mismatch).",
        ),
        DsigError::BadSignature { .. } => (
            "Giá trị chữ ký không đúng với khoá của người ký.",
            "The signature value does not verify with the signer's key.",
        ),
        DsigError::DuplicateId { .. } => (
            "Văn bản có hai phần tử cùng mã định danh (dấu hiệu tấn công chèn dữ liệu).",
            "Two elements share an Id (a sign of a signature-wrapping attack).",
        ),
        DsigError::NoTrustedKey { .. } => {
            ("Chữ ký không kèm chứng thư số để kiểm tra.", "The signature carries no certificate to verify it with.")
        }
        DsigError::NotCovered { .. } | DsigError::Misplaced { .. } => (
            "Chữ ký không bao phủ dữ liệu học bạ ở đúng vị trí.",
            "The signature does not cover the transcript data where it must be.",
        ),
        DsigError::UnexpectedPlace { .. } => {
            ("Chữ ký nằm sai vị trí trong văn bản.", "A signature sits in an unexpected place.")
        }
        DsigError::WeakAlgorithm { .. } | DsigError::DisallowedAlgorithm { .. } => {
            ("Chữ ký dùng thuật toán không được chấp nhận.", "The signature uses an algorithm that is not accepted.")
        }
        DsigError::WeakKey { .. } => (
            "Khoá RSA của người ký quá ngắn (dưới 2048 bit); chỉ chấp nhận cho văn bản cũ khi người kiểm tra yêu cầu.",
            "The signer's RSA key is too short (below 2048 bits); accepted for old documents only on request.",
        ),
        DsigError::TooManySignatures { .. } => {
            ("Văn bản có quá nhiều chữ ký số.", "The document carries more signatures than allowed.")
        }
        DsigError::CanonicalizationBudget { .. } | DsigError::KeyTryBudget { .. } => (
            "Kiểm tra văn bản vượt quá giới hạn khối lượng công việc cho phép (dấu hiệu tấn công từ chối dịch vụ).",
            "Checking the document would exceed its work budget (a sign of a denial-of-service attack).",
        ),
        DsigError::TooManyPrefixes { .. } | DsigError::TooManyKeyCandidates { .. } => {
            ("Chữ ký có cấu trúc vượt giới hạn cho phép.", "The signature exceeds an allowed limit.")
        }
        _ => ("Chữ ký số không hợp lệ.", "The signature is not valid."),
    };
    Finding { code: error.code(), vi: format!("{vi} ({detail})"), en: format!("{en} ({detail})") }
}

/// What validating one certificate found: its path (or why there is none) and, with a path, the
/// revocation status of each certificate below the anchor.
#[derive(Clone, Debug)]
pub struct CertificateValidation {
    pub path: Result<CertificatePath, PathError>,
    pub revocation: Vec<RevocationCheck>,
}

impl CertificateValidation {
    /// Valid: a path, and nothing in it revoked or (under `require`) of unknown status.
    pub fn verdict(&self, policy: RevocationPolicy) -> Verdict {
        if self.path.is_err() || self.revocation.iter().any(|c| matches!(c.status, RevocationStatus::Revoked { .. })) {
            return Verdict::Invalid;
        }
        if policy == RevocationPolicy::Require
            && self.revocation.iter().any(|c| matches!(c.status, RevocationStatus::Unknown { .. }))
        {
            return Verdict::Undetermined;
        }
        Verdict::Valid
    }
}

/// Validates `certificate` on its own (no signature), at `at` taken as a proven time: the path
/// to `trust` through `candidates` and its intermediates, then revocation by its policy.
pub fn validate_certificate(
    certificate: &Certificate,
    candidates: &[Certificate],
    trust: &TrustOptions,
    revocation: &RevocationChecker,
    at: UtcTime,
    purpose: Purpose,
    provider: &'static dyn crate::crypto::CryptoProvider,
) -> CertificateValidation {
    let pool: Vec<Certificate> = candidates.iter().chain(&trust.intermediates).cloned().collect();
    let path = build_and_validate(certificate, &pool, trust, at, purpose, provider);
    let checks = match (&path, trust.revocation) {
        (Ok(path), RevocationPolicy::Require | RevocationPolicy::SoftFail) => path
            .with_issuers()
            .map(|(c, issuer)| {
                revocation.check(c, issuer, at, false, &Default::default(), provider, trust.path.allow_sha1)
            })
            .collect(),
        _ => Vec::new(),
    };
    CertificateValidation { path, revocation: checks }
}
