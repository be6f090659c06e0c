//! Judging a verified transcript against the approval lists: each year's signers approved for
//! that year's school and role at the signing time, the seal where the list requires it, and no
//! withdrawn year.

use std::collections::BTreeSet;

use super::ApprovalPolicy;
use super::model::NotApproved;
use super::registry::{Approvals, SchoolStatus};
use super::verify::{roles_for, year_fingerprint};
use crate::report::wording::approvals as wording;
use crate::report::{Finding, SignerApproval, Verdict, VerificationReport};
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
            // The proven time where there is one, else the time the signer claims (the trust
            // check holds it within the certificate's validity), else the verification's.
            let (time, proven) = match reported.signing_time() {
                Some(time) if time.is_proven() => (time.time(), true),
                _ => (reported.claimed_signing_time().unwrap_or(now), false),
            };
            let certificate = school.certificates.iter().find(|c| c.sha256 == sha256);
            let judged = match certificate {
                Some(certificate) => certificate.approves(roles_for(role), time, proven),
                None => Err(NotApproved::Role),
            };
            match (judged, certificate) {
                (Ok(()), Some(certificate)) => report.set_approval(
                    id,
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
                    },
                ),
                // A stale list speaks for the time up to its issue, not after: a certificate
                // approved since then would be in the edition it lacks.
                (Err(_), _) if stale && time > list.issued => {}
                (Err(why), certificate) => {
                    let (role_vi, role_en) = (role.name_vi(), role.name_en());
                    let code = match why {
                        NotApproved::Suspended(_) => crate::Code::ApprovalSuspended,
                        _ => crate::Code::SignerNotApproved,
                    };
                    let why = certificate.map(|_| match why {
                        NotApproved::Role => wording::not_approved_role(),
                        NotApproved::BeforeFrom(from) => wording::not_approved_before(from),
                        NotApproved::AfterUntil(until) => wording::not_approved_after(until),
                        NotApproved::Suspended(s) => wording::not_approved_suspended(
                            s.at,
                            s.reason == super::model::SuspensionReason::KeyCompromise,
                            s.note.as_deref(),
                        ),
                    });
                    let finding = wording::signer_not_approved(
                        code,
                        (&role_vi, &role_en),
                        &school.name,
                        &list.authority.name,
                        why,
                    );
                    report.add_signature_problem(id, finding, Verdict::Invalid);
                }
                (Ok(()), None) => {}
            }
        }
        if school.seal_required && year.signature(Role::Seal).is_none() {
            report.add_problem(wording::seal_missing(&signed.id, &school.name, &list.authority.name));
        }
    }
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
