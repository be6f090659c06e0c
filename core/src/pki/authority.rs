//! Whether a time-stamping authority is still to be believed, at the latest time its time-stamp
//! is known to have existed: for a signature's time-stamp and for the document's archive
//! time-stamps alike.

use super::options::TrustOptions;
use super::outcome::TrustFinding;
use super::policy::RevocationPolicy;
use super::revocation::{Asking, RevocationChecker, RevocationData, RevocationStatus};
use super::timestamp::ProvenTime;
use crate::time::UtcTime;

/// Whether a verified time-stamp's authority is still to be believed: every certificate of its
/// path unexpired at `judged_at` (the latest time the time-stamp is known to have existed: the
/// verification time, or an archive time-stamp's), and none revoked at the stamped time, nor
/// ever for a compromise of its key (which could then have stamped any time), nor of unknown
/// status under `require`. `Ok` carries remarks (a status that could not be learnt, under
/// `soft-fail`); `Err` says why the time-stamp proves nothing.
pub(super) fn authority_trusted(
    stamp: &ProvenTime,
    judged_at: UtcTime,
    trust: &TrustOptions,
    revocation: &RevocationChecker,
    evidence: &RevocationData,
    asking: &Asking<'_>,
) -> Result<Vec<TrustFinding>, TrustFinding> {
    let authority = &stamp.authority;
    for certificate in stamp.tsa_path.certificates() {
        if certificate.not_after() < judged_at {
            return Err(TrustFinding::TimeStampExpired {
                authority: authority.clone(),
                subject: certificate.subject().to_string(),
                not_after: certificate.not_after(),
            });
        }
    }
    let mut notes = Vec::new();
    if trust.revocation == RevocationPolicy::Off {
        return Ok(notes);
    }
    for (certificate, issuer) in stamp.tsa_path.with_issuers() {
        let subject = certificate.subject().to_string();
        // The stamped time is the authority's own word: a compromise of its key counts whenever
        // it happened.
        let check = revocation.check(certificate, issuer, stamp.time, true, evidence, asking);
        match check.status {
            RevocationStatus::Revoked { time, reason } => {
                return Err(TrustFinding::TimeStampAuthorityRevoked {
                    authority: authority.clone(),
                    subject,
                    time,
                    reason,
                });
            }
            RevocationStatus::Unknown { why } => {
                let finding = TrustFinding::TimeStampRevocationUnknown { authority: authority.clone(), subject, why };
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
