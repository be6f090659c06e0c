//! Weighing the answers about one certificate: which one decides, and whether it is current.

use super::data::Evidence;
use super::status::{RevocationReason, RevocationSource};
use crate::time::UtcTime;

/// Whether an answer about `time` is still current: its next update is not before `time`, or
/// (without a next update) it was produced at most a week before. `Err` says why not.
pub(super) fn fresh_for(this_update: UtcTime, next_update: Option<UtcTime>, time: UtcTime) -> Result<(), String> {
    let fresh = match next_update {
        Some(next) => next >= time,
        None => this_update.unix_seconds() + 7 * 86400 >= time.unix_seconds(),
    };
    if fresh {
        return Ok(());
    }
    Err(format!(
        "stale: next update {} is before {}",
        next_update.map_or("-".into(), UtcTime::to_utc_string),
        time.to_utc_string()
    ))
}

/// What one verified answer says: "good" only when current at the time that matters.
pub(super) enum Answer {
    Good(RevocationSource),
    Revoked(UtcTime, RevocationReason, RevocationSource),
}

/// Whether a revocation at `revoked_at` counts against a signature judged at `time`: it came
/// before, or `time` is only claimed and the key was compromised (a claim cannot place a
/// signature before a compromise).
pub(super) fn counts(revoked_at: UtcTime, reason: RevocationReason, time: UtcTime, claimed: bool) -> bool {
    revoked_at <= time || (claimed && reason.is_compromise())
}

/// Whether the answers settle the status, so the network need not be asked: only a revocation,
/// which is final (a certificate hold is not: it may have been lifted since).
pub(super) fn settles(answers: &[(Answer, Evidence)]) -> bool {
    answers.iter().any(
        |(answer, _)| matches!(answer, Answer::Revoked(_, reason, _) if *reason != RevocationReason::CertificateHold),
    )
}

/// The answer that decides, from all of them: a revocation (revocation is final, and a "good"
/// from before it is no evidence against it); among several, one that counts at `time` (revoked
/// by then, or for a compromise of the key when `time` is only claimed) before one that does not,
/// then one for a compromise (a CA may change a reason to key compromise; an older answer with a
/// milder reason must not hide it), then the earliest. A certificate hold binds unless a "good"
/// was issued after the hold's answer (the hold was lifted). With no revocation, a "good", the
/// most recently issued.
pub(super) fn weigh(answers: Vec<(Answer, Evidence)>, time: UtcTime, claimed: bool) -> Option<(Answer, Evidence)> {
    let this_update = |answer: &Answer| match answer {
        Answer::Good(source) | Answer::Revoked(_, _, source) => source.this_update,
    };
    let latest_good = answers
        .iter()
        .filter(|(answer, _)| matches!(answer, Answer::Good(_)))
        .map(|(answer, _)| this_update(answer))
        .max();
    let binding = |answer: &Answer| match answer {
        Answer::Revoked(_, RevocationReason::CertificateHold, source) => {
            latest_good.is_none_or(|good| good <= source.this_update)
        }
        Answer::Revoked(..) => true,
        Answer::Good(_) => false,
    };
    let severity = |answer: &Answer| match answer {
        Answer::Revoked(revoked_at, reason, _) => {
            (!counts(*revoked_at, *reason, time, claimed), !reason.is_compromise(), *revoked_at)
        }
        Answer::Good(source) => (true, true, source.this_update),
    };
    if answers.iter().any(|(answer, _)| binding(answer)) {
        return answers.into_iter().filter(|(answer, _)| binding(answer)).min_by_key(|(answer, _)| severity(answer));
    }
    answers
        .into_iter()
        .filter(|(answer, _)| matches!(answer, Answer::Good(_)))
        .max_by_key(|(answer, _)| this_update(answer))
}
