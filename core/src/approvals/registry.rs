//! The approval lists a verifier holds: the newest edition of each authority's, indexed by school
//! and by withdrawn year, with what could not be settled (conflicts, editions older than one seen
//! before) kept as such.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::error::ApprovalError;
use super::model::{School, Withdrawal};
use super::verify::{ListAuthorities, SignatureCheck, VerifiedApprovalList, verify_list};
use crate::pki::hex;

/// The highest edition of each authority's list seen so far, kept between runs (as JSON) so that
/// an older edition presented later is recognised as a rollback.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListHistory {
    /// By authority code (`MaCoQuan`).
    authorities: BTreeMap<String, SeenEdition>,
}

/// One authority's highest edition seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct SeenEdition {
    sequence: u64,
    /// SHA-256 of its signed content, hex.
    content_sha256: String,
    /// SHA-256 of the certificate that signed it, hex.
    signer_sha256: String,
}

impl ListHistory {
    /// Nothing seen.
    pub fn new() -> Self {
        ListHistory::default()
    }

    /// Reads a history written by [`ListHistory::to_json`].
    pub fn from_json(json: &str) -> Result<Self, crate::InvalidSetting> {
        serde_json::from_str(json).map_err(|_| {
            // Said briefly: the value may be a whole file.
            let start: String = json.chars().take(32).collect();
            let shown = if start.len() < json.len() { format!("{start}… ({} bytes)", json.len()) } else { start };
            crate::InvalidSetting::new("approval-history", &shown, "a history written by hocba (JSON)")
        })
    }

    /// The history as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The highest sequence number seen of authority `code`'s list.
    pub fn sequence(&self, code: &str) -> Option<u64> {
        self.authorities.get(code).map(|seen| seen.sequence)
    }
}

/// Where a school stands in the lists held.
#[derive(Clone, Debug)]
pub(crate) enum SchoolStatus {
    /// Listed by one authority's newest edition: `lists[list].schools[school]`.
    Listed { list: usize, school: usize },
    /// Listed by more than one authority, or by two different editions with one sequence
    /// number: the lists do not agree, so nothing is taken from them.
    Conflict { authorities: Vec<String> },
    /// Listed in an edition older than one seen before.
    RolledBack { list: usize, school: usize, seen: u64 },
}

/// Approval lists, verified and indexed for a verifier. Build with [`Approvals::new`] from
/// verified lists, or [`Approvals::load`] from documents; lists that could not be used are kept
/// with their reasons ([`Approvals::rejected`]).
#[derive(Debug, Default)]
pub struct Approvals {
    lists: Vec<VerifiedApprovalList>,
    rejected: Vec<(String, ApprovalError)>,
    schools: HashMap<String, SchoolStatus>,
    withdrawals: HashMap<[u8; 32], Vec<(usize, usize)>>,
}

impl Approvals {
    /// Indexes `lists`: per authority (by `MaCoQuan`) its highest edition is used and older ones
    /// are superseded; two editions with the same number and different content, editions of one
    /// code signed by different certificates (unless each is bound to that code), or a school
    /// listed by two authorities, are conflicts; with `history`, an authority's edition older than
    /// the one seen before is a rollback (its withdrawals still count), one signed by another
    /// certificate than the edition seen is a conflict (unless bound), and the history is brought
    /// up to date with what was accepted.
    pub fn new(lists: Vec<VerifiedApprovalList>, history: Option<&mut ListHistory>) -> Approvals {
        let mut by_authority: BTreeMap<String, Vec<VerifiedApprovalList>> = BTreeMap::new();
        for list in lists {
            by_authority.entry(list.list().authority.code.clone()).or_default().push(list);
        }
        let mut approvals = Approvals::default();
        let mut history = history;
        for (code, mut editions) in by_authority {
            editions.sort_by_key(|l| std::cmp::Reverse(l.list().sequence));
            let newest = editions.swap_remove(0);
            let sequence = newest.list().sequence;
            // Editions with the newest number but other content: a conflict; their withdrawals
            // still count, as every authentic withdrawal does.
            let (twins, older): (Vec<VerifiedApprovalList>, Vec<VerifiedApprovalList>) = editions
                .into_iter()
                .partition(|l| l.list().sequence == sequence && l.content_sha256() != newest.content_sha256());
            let seen = history.as_deref().and_then(|h| h.authorities.get(&code)).cloned();
            let content = hex(&newest.content_sha256());
            let signer = hex(&newest.signer_sha256());
            let index = approvals.lists.len();
            // One code, one publisher: another certificate publishing under a code (in this run,
            // or since the edition seen) is a conflict, unless the verifier bound each of them
            // to that code.
            let other_signer = twins.iter().chain(&older).any(|l| l.signer_sha256() != newest.signer_sha256())
                && !(newest.code_bound() && twins.iter().chain(&older).all(VerifiedApprovalList::code_bound))
                || seen.as_ref().is_some_and(|s| s.signer_sha256 != signer && !newest.code_bound());
            let conflict = !twins.is_empty()
                || other_signer
                || seen.as_ref().is_some_and(|s| s.sequence == sequence && s.content_sha256 != content);
            let rolled_back = seen.as_ref().map(|s| s.sequence).filter(|seen| *seen > sequence);
            for (school_index, school) in newest.list().schools.iter().enumerate() {
                let status = if conflict {
                    SchoolStatus::Conflict { authorities: vec![newest.list().authority.name.clone()] }
                } else if let Some(seen) = rolled_back {
                    SchoolStatus::RolledBack { list: index, school: school_index, seen }
                } else {
                    SchoolStatus::Listed { list: index, school: school_index }
                };
                approvals.place_school(&school.code, status, &newest.list().authority.name);
            }
            if !conflict
                && rolled_back.is_none()
                && let Some(history) = history.as_deref_mut()
            {
                history
                    .authorities
                    .insert(code, SeenEdition { sequence, content_sha256: content, signer_sha256: signer });
            }
            for list in std::iter::once(newest).chain(twins) {
                let index = approvals.lists.len();
                for (withdrawal_index, withdrawal) in list.list().withdrawals.iter().enumerate() {
                    approvals
                        .withdrawals
                        .entry(withdrawal.year.fingerprint)
                        .or_default()
                        .push((index, withdrawal_index));
                }
                approvals.lists.push(list);
            }
        }
        approvals
    }

    fn place_school(&mut self, code: &str, status: SchoolStatus, authority: &str) {
        match self.schools.get_mut(code) {
            None => {
                self.schools.insert(code.to_owned(), status);
            }
            Some(existing) => {
                let mut authorities = match existing {
                    SchoolStatus::Conflict { authorities } => std::mem::take(authorities),
                    SchoolStatus::Listed { list, .. } | SchoolStatus::RolledBack { list, .. } => {
                        vec![self.lists[*list].list().authority.name.clone()]
                    }
                };
                authorities.push(authority.to_owned());
                *existing = SchoolStatus::Conflict { authorities };
            }
        }
    }

    /// Verifies each of `documents` (a label for people, such as the file name, and the bytes)
    /// as an approval list by `authorities` ([`verify_list`]), then indexes those that verified
    /// ([`Approvals::new`]); the others are kept in [`Approvals::rejected`] with their reasons.
    /// When `check`'s revocation checker may use the network, each authority's newest list that
    /// is stale is first refreshed from the addresses it names (`NoiCongBo`), each fetched
    /// edition verified like the others.
    pub fn load(
        documents: impl IntoIterator<Item = (String, Vec<u8>)>,
        authorities: &ListAuthorities,
        check: &SignatureCheck<'_>,
        history: Option<&mut ListHistory>,
    ) -> Approvals {
        let mut verified = Vec::new();
        let mut rejected = Vec::new();
        for (label, bytes) in documents {
            match verify_list(&bytes, authorities, check) {
                Ok(list) => verified.push(list),
                Err(error) => rejected.push((label, error)),
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        if check.revocation.is_online() {
            refresh(&mut verified, &mut rejected, authorities, check);
        }
        let mut approvals = Approvals::new(verified, history);
        approvals.rejected = rejected;
        approvals
    }

    /// The lists held: each authority's newest edition (and any other edition with the same
    /// number, a conflict), in authority-code order.
    pub fn lists(&self) -> &[VerifiedApprovalList] {
        &self.lists
    }

    /// The documents that could not be used, with their labels and why.
    pub fn rejected(&self) -> &[(String, ApprovalError)] {
        &self.rejected
    }

    pub(crate) fn school(&self, code: &str) -> Option<&SchoolStatus> {
        self.schools.get(code)
    }

    pub(crate) fn entry(&self, list: usize, school: usize) -> (&VerifiedApprovalList, &School) {
        let verified = &self.lists[list];
        (verified, &verified.list().schools[school])
    }

    /// The withdrawal of the signed year with this fingerprint at the school `school`, and the
    /// list that says so.
    pub fn withdrawal(&self, fingerprint: &[u8; 32], school: &str) -> Option<(&VerifiedApprovalList, &Withdrawal)> {
        self.withdrawals.get(fingerprint)?.iter().find_map(|(list, index)| {
            let verified = &self.lists[*list];
            let withdrawal = &verified.list().withdrawals[*index];
            (withdrawal.year.school == school).then_some((verified, withdrawal))
        })
    }
}

/// Fetches the next edition of each authority's newest list that is stale, from the addresses the
/// list names, until one gives a newer edition of that authority's list.
#[cfg(not(target_arch = "wasm32"))]
fn refresh(
    verified: &mut Vec<VerifiedApprovalList>,
    rejected: &mut Vec<(String, ApprovalError)>,
    authorities: &ListAuthorities,
    check: &SignatureCheck<'_>,
) {
    let Ok(now) = check.trust.now() else { return };
    let mut newest: BTreeMap<String, (u64, Vec<String>, bool)> = BTreeMap::new();
    for list in verified.iter() {
        let entry = newest.entry(list.list().authority.code.clone()).or_insert((0, Vec::new(), false));
        if list.list().sequence >= entry.0 {
            *entry = (list.list().sequence, list.list().distribution_points.clone(), list.is_stale(now));
        }
    }
    for (code, (sequence, points, stale)) in newest {
        for url in points.iter().filter(|_| stale) {
            let fetched = crate::pki::http_get(url, crate::pki::MAX_CRL_BYTES, None)
                .map_err(|e| ApprovalError::Unavailable { url: url.clone(), detail: e.to_string() })
                .and_then(|bytes| verify_list(&bytes, authorities, check));
            match fetched {
                Ok(list) if list.list().authority.code == code && list.list().sequence > sequence => {
                    verified.push(list);
                    break;
                }
                // Not newer, or another authority's: nothing to add from this address.
                Ok(_) => {}
                Err(error) => rejected.push((url.clone(), error)),
            }
        }
    }
}
