//! Running a list as an authority: the edits a clerk makes between two editions, each refused
//! with a reason when it does not fit.

use super::error::{ApprovalDocument, ApprovalError};
use super::model::*;
use super::read;
use super::verify::VerifiedWithdrawalRequest;
use super::{APPROVALS_NS, CONTENT, LIST_ROOT};
use crate::pki::hex;
use crate::report::wording::approvals as wording;
use crate::time::UtcTime;
use crate::xml::Document;

fn refused((problem_vi, problem_en): (String, String)) -> ApprovalError {
    ApprovalError::Refused { problem_vi, problem_en }
}

impl ApprovalList {
    /// An empty first edition (sequence 1) of `authority`'s list.
    pub fn new(authority: Authority, issued: UtcTime, next_update: UtcTime) -> ApprovalList {
        ApprovalList {
            authority,
            sequence: 1,
            issued,
            next_update,
            distribution_points: Vec::new(),
            schools: Vec::new(),
            withdrawals: Vec::new(),
        }
    }

    /// Reads the authority's own working copy of its list, signed or not, without verifying it:
    /// for editing only. A verifier reads lists with [`super::verify_list`].
    pub fn read_for_editing(xml: &[u8]) -> Result<ApprovalList, ApprovalError> {
        let doc = Document::parse(xml)?;
        let root = doc.root_element();
        let content = root.children().find(|c| c.has_name(Some(APPROVALS_NS), CONTENT));
        match content {
            Some(content) if root.has_name(Some(APPROVALS_NS), LIST_ROOT) => read::list_content(content),
            _ => Err(ApprovalError::WrongDocument {
                document: ApprovalDocument::List,
                found: format!("{{{}}}{}", root.namespace().unwrap_or(""), root.local_name()),
            }),
        }
    }

    /// Starts the next edition: the sequence number grows by one; issued and next update as
    /// given.
    pub fn next_edition(&mut self, issued: UtcTime, next_update: UtcTime) -> Result<(), ApprovalError> {
        if next_update <= issued {
            return Err(refused(wording::next_update_before_issue()));
        }
        self.sequence += 1;
        self.issued = issued;
        self.next_update = next_update;
        Ok(())
    }

    /// Adds the school, or updates its name, kind and seal requirement. Refused for a code not of
    /// the list's form (letters, digits, `-`, `_`, `.`, `/`) or an empty name.
    pub fn set_school(
        &mut self,
        code: &str,
        name: &str,
        kind: SchoolKind,
        seal_required: bool,
    ) -> Result<(), ApprovalError> {
        if !read::is_code(code) {
            return Err(refused(wording::bad_code(code)));
        }
        if name.trim().is_empty() || name.chars().any(char::is_control) {
            return Err(refused(wording::unwritable_text(name)));
        }
        match self.schools.iter_mut().find(|s| s.code == code) {
            Some(school) => {
                school.name = name.to_owned();
                school.kind = kind;
                school.seal_required = seal_required;
            }
            None => self.schools.push(School {
                code: code.to_owned(),
                name: name.to_owned(),
                kind,
                seal_required,
                certificates: Vec::new(),
            }),
        }
        Ok(())
    }

    fn school_mut(&mut self, code: &str) -> Result<&mut School, ApprovalError> {
        self.schools.iter_mut().find(|s| s.code == code).ok_or_else(|| refused(wording::no_such_school(code)))
    }

    /// Approves the certificate `der` for the school `school` in `roles`, from `from` until
    /// `until` (if it ends). A certificate already approved for the school gets these roles and
    /// dates; a suspension stays (lift it with [`ApprovalList::lift_suspension`]).
    pub fn approve(
        &mut self,
        school: &str,
        der: &[u8],
        roles: &[ApprovalRole],
        from: UtcTime,
        until: Option<UtcTime>,
    ) -> Result<(), ApprovalError> {
        crate::pki::Certificate::from_der(der).map_err(|e| refused(wording::bad_certificate(&e.to_string())))?;
        if roles.is_empty() {
            return Err(refused(wording::missing("VaiTro")));
        }
        if until.is_some_and(|until| until <= from) {
            return Err(refused(wording::until_before_from()));
        }
        let mut unique: Vec<ApprovalRole> = Vec::with_capacity(roles.len());
        for role in roles {
            if !unique.contains(role) {
                unique.push(*role);
            }
        }
        let sha256 = read::sha256_of(der);
        let school = self.school_mut(school)?;
        match school.certificates.iter_mut().find(|c| c.sha256 == sha256) {
            Some(existing) => {
                existing.roles = unique;
                existing.from = from;
                existing.until = until;
            }
            None => school.certificates.push(ApprovedCertificate {
                sha256,
                der: der.to_vec(),
                roles: unique,
                from,
                until,
                suspension: None,
            }),
        }
        Ok(())
    }

    /// Suspends the approval of the certificate with SHA-256 `sha256` at the school `school`.
    pub fn suspend(
        &mut self,
        school: &str,
        sha256: &[u8; 32],
        at: UtcTime,
        reason: SuspensionReason,
        note: Option<String>,
    ) -> Result<(), ApprovalError> {
        let school = self.school_mut(school)?;
        let certificate = school
            .certificates
            .iter_mut()
            .find(|c| &c.sha256 == sha256)
            .ok_or_else(|| refused(wording::no_such_certificate(&hex(sha256))))?;
        certificate.suspension = Some(Suspension { at, reason, note });
        Ok(())
    }

    /// Lifts the suspension of the certificate with SHA-256 `sha256` at `school`.
    pub fn lift_suspension(&mut self, school: &str, sha256: &[u8; 32]) -> Result<(), ApprovalError> {
        let school = self.school_mut(school)?;
        let certificate = school
            .certificates
            .iter_mut()
            .find(|c| &c.sha256 == sha256)
            .ok_or_else(|| refused(wording::no_such_certificate(&hex(sha256))))?;
        certificate.suspension = None;
        Ok(())
    }

    /// Approves the school's withdrawal `request` by the decision `decision`, effective `at`: the
    /// request's school must be in this list, its principal's certificate approved as principal
    /// (or deputy) and its seal's as the seal at the times they signed, and the year not withdrawn
    /// already.
    pub fn withdraw(
        &mut self,
        request: &VerifiedWithdrawalRequest,
        decision: &str,
        at: UtcTime,
    ) -> Result<(), ApprovalError> {
        let asked = request.request();
        let school = self
            .schools
            .iter()
            .find(|s| s.code == asked.year.school)
            .ok_or_else(|| refused(wording::no_such_school(&asked.year.school)))?;
        let signed_by = |(signer, time): &(crate::report::Signer, Option<UtcTime>), roles: &[ApprovalRole]| {
            let sha256 = read::hex32(&signer.sha256);
            let certificate = school.certificates.iter().find(|c| Some(c.sha256) == sha256);
            let time = time.unwrap_or(request.principal().1.unwrap_or(at));
            match certificate.map(|c| c.approves(roles, time, false)) {
                Some(Ok(())) => Ok(()),
                _ => Err(ApprovalError::SignerNotAllowed {
                    document: ApprovalDocument::Request,
                    signer: signer.name.clone().unwrap_or_else(|| signer.subject.clone()),
                    sha256: signer.sha256.clone(),
                }),
            }
        };
        signed_by(request.principal(), &[ApprovalRole::Principal, ApprovalRole::DeputyPrincipal])?;
        signed_by(request.seal(), &[ApprovalRole::Seal])?;
        if self
            .withdrawals
            .iter()
            .any(|w| w.year.fingerprint == asked.year.fingerprint && w.year.school == asked.year.school)
        {
            return Err(refused(wording::already_withdrawn(&asked.year.year)));
        }
        self.withdrawals.push(Withdrawal {
            year: asked.year.clone(),
            at,
            reason: asked.reason.clone(),
            decision: decision.to_owned(),
            request: asked.number.clone(),
            request_sha256: request.sha256(),
        });
        Ok(())
    }
}
