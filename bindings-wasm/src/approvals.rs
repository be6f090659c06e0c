//! The managing authorities' approval lists for `verify` (`hocba::approvals`): the lists given as
//! documents, and the next editions the caller fetched (with the user's consent) from the places a
//! stale list names. WASM has no network: the core's own refresh of a stale list is not compiled
//! here, so the binding says which editions to fetch ([`list_requests`]) and takes what was fetched
//! under the same rule as that refresh: an edition counts only as a newer edition of a stale list
//! held, from the same authority.

use std::collections::BTreeMap;

use hocba::approvals::{ApprovalPolicy, Approvals, ListAuthorities, SignatureCheck, verify_list};
use hocba::time::UtcTime;
use serde_json::{Value, json};

/// What became of one fetched document.
enum Fetched {
    /// A newer edition of a stale list held: used, unless another fetched edition is newer still.
    Newer([u8; 32]),
    /// Verified, but not a newer edition of a stale list held (the same or an older one, or another
    /// authority's): not used.
    NotNewer(u64),
    /// Not usable as a list: refused, with the reason under its URL in `rejected`.
    Refused,
}

/// The lists loaded from `documents` (label, bytes) and `fetched` (URL, bytes), and what the result
/// says about them: the lists in use, those refused, and each fetched document's outcome.
pub(crate) fn load(
    documents: Vec<(String, Vec<u8>)>,
    fetched: Vec<(String, Vec<u8>)>,
    authorities: &ListAuthorities,
    check: &SignatureCheck<'_>,
    policy: ApprovalPolicy,
    now: UtcTime,
) -> (Approvals, Value) {
    let mut all = documents;
    let mut outcomes: Vec<(String, Fetched)> = Vec::new();
    if !fetched.is_empty() {
        // Each authority's newest edition among the documents given, and whether it is stale.
        let held = Approvals::load(all.clone(), authorities, check, None);
        let newest: BTreeMap<&str, (u64, bool)> = held
            .lists()
            .iter()
            .map(|l| (l.list().authority.code.as_str(), (l.list().sequence, l.is_stale(now))))
            .collect();
        for (url, bytes) in fetched {
            match verify_list(&bytes, authorities, check) {
                Ok(list) => {
                    let sequence = list.list().sequence;
                    let newer = newest
                        .get(list.list().authority.code.as_str())
                        .is_some_and(|(held, stale)| *stale && sequence > *held);
                    if newer {
                        outcomes.push((url.clone(), Fetched::Newer(list.content_sha256())));
                        all.push((url, bytes));
                    } else {
                        outcomes.push((url, Fetched::NotNewer(sequence)));
                    }
                }
                Err(_) => {
                    // Loaded again below, so that the refusal is among the rejected with its reason.
                    outcomes.push((url.clone(), Fetched::Refused));
                    all.push((url, bytes));
                }
            }
        }
    }
    let approvals = Approvals::load(all, authorities, check, None);

    let origin = |content: [u8; 32]| {
        outcomes
            .iter()
            .find(|(_, fetched)| matches!(fetched, Fetched::Newer(sha256) if *sha256 == content))
            .map_or("supplied", |(url, _)| url.as_str())
    };
    let lists: Vec<Value> = approvals
        .lists()
        .iter()
        .map(|verified| {
            let list = verified.list();
            json!({
                "authority": list.authority.name,
                "authority_code": list.authority.code,
                "sequence": list.sequence,
                "issued": list.issued.to_utc_string(),
                "next_update": list.next_update.to_utc_string(),
                "stale": verified.is_stale(now),
                "distribution_points": list.distribution_points,
                "signer": verified.signer(),
                "signed_at": verified.signed_at().map(|t| t.to_utc_string()),
                "schools": list.schools.iter().map(|s| json!({ "code": s.code, "name": s.name })).collect::<Vec<_>>(),
                "withdrawals": list.withdrawals.len(),
                "origin": origin(verified.content_sha256()),
            })
        })
        .collect();
    let rejected: Vec<Value> = approvals
        .rejected()
        .iter()
        .map(|(label, error)| {
            json!({ "label": label, "code": error.code().as_str(), "vi": error.message_vi(), "en": error.message_en() })
        })
        .collect();
    let fetched: Vec<Value> = outcomes
        .iter()
        .map(|(url, fetched)| {
            let in_use = |content: &[u8; 32]| approvals.lists().iter().find(|l| l.content_sha256() == *content);
            let (outcome, sequence) = match fetched {
                Fetched::Newer(content) => match in_use(content) {
                    Some(list) => ("used", Some(list.list().sequence)),
                    None => ("not-newer", None),
                },
                Fetched::NotNewer(sequence) => ("not-newer", Some(*sequence)),
                Fetched::Refused => ("refused", None),
            };
            json!({ "url": url, "outcome": outcome, "sequence": sequence })
        })
        .collect();
    let summary = json!({ "policy": policy.as_str(), "lists": lists, "rejected": rejected, "fetched": fetched });
    (approvals, summary)
}

/// Where to fetch the next edition of each list in use that is stale at `now`: one request per
/// address the list names (`NoiCongBo`; the core accepts only `http:` and `https:` there), in the
/// list's order. Only lists that verified name addresses: a forged document cannot make the page
/// fetch anything.
pub(crate) fn list_requests(approvals: &Approvals, now: UtcTime) -> Vec<Value> {
    approvals
        .lists()
        .iter()
        .filter(|verified| verified.is_stale(now))
        .flat_map(|verified| {
            let list = verified.list();
            list.distribution_points.iter().map(move |url| {
                json!({
                    "url": url,
                    "authority": list.authority.name,
                    "authority_code": list.authority.code,
                    "sequence": list.sequence,
                    "next_update": list.next_update.to_utc_string(),
                })
            })
        })
        .collect()
}
