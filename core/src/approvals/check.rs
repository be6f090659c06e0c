//! Judging a verified transcript against the approval lists: each year's signers approved for
//! that year's school and role at the signing time, the seal where the list requires it, and no
//! withdrawn year.

use std::collections::BTreeSet;

use super::ApprovalPolicy;
use super::model::{ApprovalList, ApprovedCertificate, NotApproved, School, SuspensionReason};
use super::registry::{Approvals, SchoolStatus};
use super::verify::{roles_for, year_fingerprint};
use crate::report::wording::approvals as wording;
use crate::report::{Finding, SignerApproval, SigningTime, Verdict, VerificationReport};
use crate::time::UtcTime;
use crate::transcript::{Role, VerifiedTranscript};

/// What the lists say about one transcript, applied to its report. `approvals` is `None` when the
/// verifier holds no list; then, as under [`ApprovalPolicy::Off`], the report says approval was
/// not checked.
pub(crate) fn check_transcript(
    transcript: Option<&VerifiedTranscript>,
    report: &mut VerificationReport,
    approvals: Option<&Approvals>,
    policy: ApprovalPolicy,
    now: UtcTime,
) {
    if let Some(transcript) = transcript {
        signers_of_other_schools(transcript, report);
    }
    let approvals = match (approvals, policy) {
        (_, ApprovalPolicy::Off) => return report.add_warning(wording::not_checked_off()),
        (None, _) => return report.add_warning(wording::not_checked_no_list()),
        (Some(approvals), _) => approvals,
    };
    let Some(transcript) = transcript else { return };
    // Questions the lists cannot settle, once per school: undetermined under `require`, a warning
    // under `soft-fail`.
    let mut open: BTreeSet<(String, String)> = BTreeSet::new();
    let mut unsettled = |report: &mut VerificationReport, finding: Finding| {
        if open.insert((finding.en.clone(), finding.code.as_str().to_owned())) {
            match policy {
                ApprovalPolicy::Require => report.add_undetermined(finding),
                _ => report.add_warning(finding),
            }
        }
    };
    for year in transcript.years() {
        let signed = year.year();
        let school_code = signed.truong.ma_truong.as_str();
        let gvcn = year.signature(Role::Gvcn).map(year_fingerprint);
        if let Some((list, withdrawal)) = gvcn.and_then(|f| approvals.withdrawal(&f, school_code)) {
            let authority = &list.list().authority.name;
            let (decision, reason) = (&withdrawal.decision, &withdrawal.reason);
            report.add_problem(wording::year_withdrawn(&signed.id, decision, withdrawal.at, reason, authority));
        }
        let (list_index, school_index) = match approvals.school(school_code) {
            None => {
                let rejected = approvals.rejected().len();
                unsettled(report, wording::school_not_listed(school_code, &signed.truong.ten_truong, rejected));
                continue;
            }
            Some(SchoolStatus::Conflict { authorities }) => {
                unsettled(report, wording::school_in_conflict(school_code, authorities));
                continue;
            }
            Some(SchoolStatus::RolledBack { list, school, seen }) => {
                let (verified, _) = approvals.entry(*list, *school);
                let authority = &verified.list().authority;
                unsettled(report, wording::list_rolled_back(&authority.name, verified.list().sequence, *seen));
                continue;
            }
            Some(SchoolStatus::Listed { list, school }) => (*list, *school),
        };
        let (verified, school) = approvals.entry(list_index, school_index);
        let list = verified.list();
        let stale = verified.is_stale(now);
        if stale {
            unsettled(report, wording::list_stale(&list.authority.name, list.sequence, list.next_update));
        }
        for (role, signature) in year.signatures() {
            let Some(id) = signature.id() else { continue };
            let Some(reported) = report.signatures().iter().find(|s| s.id() == Some(id)) else { continue };
            let Some(sha256) = reported.signer().and_then(|s| super::read::hex32(&s.sha256)) else { continue };
            // The time the signer's certificate was judged at: a time-stamp's (proven), the
            // claimed time where the trust policy takes claims, else the verification time.
            let (time, proven) = match reported.signing_time() {
                Some(SigningTime::TimeStamp { time, .. } | SigningTime::ArchiveTimeStamp { time, .. }) => (*time, true),
                Some(SigningTime::Claimed { time }) => (*time, false),
                _ => (now, false),
            };
            let claimed = reported.claimed_signing_time();
            // When the signature was made, as well as anything says: for a stale list's reach.
            let made = if proven { time } else { claimed.unwrap_or(time) };
            let certificate = school.certificates.iter().find(|c| c.sha256 == sha256);
            let Some(certificate) = certificate else {
                // A stale list speaks for the time up to its issue: a certificate approved since
                // would be in the edition it lacks.
                if !(stale && made > list.issued) {
                    let finding = not_approved(role, school, list, None);
                    report.add_signature_problem(id, finding, Verdict::Invalid);
                }
                continue;
            };
            let roles = roles_for(role);
            // Judged at the verification time, the signature must also be approved at the time
            // its signer claims: a claim outside the approval is the signer's own word against it.
            let at_claim = match reported.signing_time() {
                Some(SigningTime::VerificationTime { .. }) => {
                    claimed.map(|claimed| certificate.approves(roles, claimed, false))
                }
                // A time-stamp proves the signature existed by then, not that it was made after the
                // approval began: a claim before it is the signer's own word against it.
                Some(SigningTime::TimeStamp { .. } | SigningTime::ArchiveTimeStamp { .. }) => claimed
                    .filter(|claimed| *claimed < certificate.from)
                    .map(|_| Err(NotApproved::BeforeFrom(certificate.from))),
                _ => None,
            };
            let why = match (certificate.approves(roles, time, proven), at_claim) {
                (Ok(()), None | Some(Ok(()))) => {
                    report.set_approval(id, approval(list, school, certificate));
                    continue;
                }
                (_, Some(Err(why))) => why,
                // Not approved now, but by the signer's own word signed while approved: nothing
                // proves when it was signed (as for a certificate revoked since), so undetermined.
                (Err(why), Some(Ok(()))) => {
                    let finding = wording::approval_not_proven(
                        (&role.name_vi(), &role.name_en()),
                        &school.name,
                        &list.authority.name,
                        describe(&why),
                    );
                    report.add_signature_problem(id, finding, Verdict::Undetermined);
                    continue;
                }
                (Err(why), None) => why,
            };
            // A role the stale list does not give may have been given since.
            if why == NotApproved::Role && stale && made > list.issued {
                continue;
            }
            report.add_signature_problem(id, not_approved(role, school, list, Some(&why)), Verdict::Invalid);
        }
        if school.seal_required && year.signature(Role::Seal).is_none() {
            report.add_problem(wording::seal_missing(&signed.id, &school.name, &list.authority.name));
        }
    }
}

fn approval(list: &ApprovalList, school: &School, certificate: &ApprovedCertificate) -> SignerApproval {
    SignerApproval {
        authority: list.authority.name.clone(),
        authority_code: list.authority.code.clone(),
        list_sequence: list.sequence,
        list_issued: list.issued,
        school: school.code.clone(),
        school_name: school.name.clone(),
        roles: certificate.roles.iter().map(|r| r.as_str().to_owned()).collect(),
        from: certificate.from,
        until: certificate.until,
    }
}

/// Why a listed certificate is not approved, in words.
fn describe(why: &NotApproved) -> (String, String) {
    match why {
        NotApproved::Role => wording::not_approved_role(),
        NotApproved::BeforeFrom(from) => wording::not_approved_before(*from),
        NotApproved::AfterUntil(until) => wording::not_approved_after(*until),
        NotApproved::Suspended(s) => {
            wording::not_approved_suspended(s.at, s.reason == SuspensionReason::KeyCompromise, s.note.as_deref())
        }
    }
}

/// The finding for a signer the list does not approve: `why` for a listed certificate, `None`
/// for one the school's entry does not list.
fn not_approved(role: Role, school: &School, list: &ApprovalList, why: Option<&NotApproved>) -> Finding {
    let code = match why {
        Some(NotApproved::Suspended(_)) => crate::Code::ApprovalSuspended,
        _ => crate::Code::SignerNotApproved,
    };
    let (role_vi, role_en) = (role.name_vi(), role.name_en());
    wording::signer_not_approved(code, (&role_vi, &role_en), &school.name, &list.authority.name, why.map(describe))
}

/// A warning for each signer whose certificate names no unit that is the year's school: the
/// organization (O) and unit (OU), and for a seal its name (CN), compared as people write names.
fn signers_of_other_schools(transcript: &VerifiedTranscript, report: &mut VerificationReport) {
    for year in transcript.years() {
        let school = &year.year().truong.ten_truong;
        for (role, signature) in year.signatures() {
            let Some(id) = signature.id() else { continue };
            let Some(signer) = report.signatures().iter().find(|s| s.id() == Some(id)).and_then(|s| s.signer()) else {
                continue;
            };
            let mut units: Vec<&str> =
                [&signer.organizational_unit, &signer.organization].into_iter().flatten().map(String::as_str).collect();
            if role == Role::Seal {
                units.extend(signer.name.as_deref());
            }
            if !crate::verifier::names_school(units.iter().copied(), school) {
                let finding = wording::signer_of_other_school(&units.join(", "), school, &year.year().id);
                report.add_signature_warning(id, finding);
            }
        }
    }
}
