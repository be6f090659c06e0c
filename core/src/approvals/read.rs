//! XML to model for the approval list and the withdrawal request: a strict reader, schema order,
//! nothing unknown, every value typed; the first problem is returned with its path and
//! line:column. It reads the content element (`NoiDung`) as its signature covers it.

use super::error::{ApprovalDocument, ApprovalError};
use super::model::*;
use super::{APPROVALS_NS, CONTENT};
use crate::report::wording::approvals as wording;
use crate::time::UtcTime;
use crate::xml::{Node, NodeType};

type Result<T> = std::result::Result<T, ApprovalError>;

/// An element with its path, in one of the two documents.
struct El<'a, 'i> {
    node: Node<'a, 'i>,
    path: String,
    document: ApprovalDocument,
}

impl El<'_, '_> {
    fn error(&self, (problem_vi, problem_en): (String, String)) -> ApprovalError {
        ApprovalError::Content {
            document: self.document,
            path: self.path.clone(),
            pos: Some(self.node.text_pos()),
            problem_vi,
            problem_en,
        }
    }

    fn text(&self) -> Result<String> {
        let mut text = String::new();
        for child in self.node.children() {
            if child.is_element() {
                return Err(self.error(wording::mixed_content()));
            }
            if child.node_type() == NodeType::Text {
                text.push_str(child.text().unwrap_or_default());
            }
        }
        Ok(text)
    }

    /// Text that is not empty after trimming, trimmed.
    fn name(&self) -> Result<String> {
        let text = self.text()?;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(self.error(wording::empty()));
        }
        // What the writer refuses is refused here too, so what reads writes back the same.
        if !is_list_text(trimmed) {
            return Err(self.error(wording::unwritable_text(trimmed)));
        }
        Ok(trimmed.to_owned())
    }

    /// A code of the project's kind: letters, digits, `-`, `_`, `.`, `/`, at most 64 bytes.
    fn code(&self) -> Result<String> {
        let text = self.text()?;
        if !is_code(&text) {
            return Err(self.error(wording::bad_code(&text)));
        }
        Ok(text)
    }

    fn time(&self) -> Result<UtcTime> {
        let text = self.text()?;
        UtcTime::parse(text.trim()).map_err(|_| self.error(wording::bad_time(&text)))
    }

    fn sha256(&self) -> Result<[u8; 32]> {
        let text = self.text()?;
        hex32(text.trim()).ok_or_else(|| self.error(wording::bad_sha256(&text)))
    }

    fn number(&self) -> Result<u64> {
        let text = self.text()?;
        let digits = !text.is_empty() && text.len() <= 19 && text.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| text.parse().ok()).flatten().ok_or_else(|| self.error(wording::bad_number(&text)))
    }

    fn boolean(&self) -> Result<bool> {
        match self.text()?.as_str() {
            "1" => Ok(true),
            "0" => Ok(false),
            other => Err(self.error(wording::bad_boolean(other))),
        }
    }

    fn parsed<T: std::str::FromStr<Err = crate::InvalidSetting>>(&self) -> Result<T> {
        let text = self.text()?;
        text.parse().map_err(|e: crate::InvalidSetting| self.error(wording::bad_choice(&text, e.expected)))
    }
}

/// Text a list may hold (a name, a reason, a note), as it reads back exactly as written: no C0
/// control character but line feeds and tabs (a carriage return would read back as a line
/// feed), no noncharacter.
pub(crate) fn is_list_text(text: &str) -> bool {
    !text.chars().any(|c| (c < ' ' && !matches!(c, '\n' | '\t')) || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

/// Whether `text` is a code as lists write them (`MaTruong`, `MaCoQuan`): letters, digits, `-`,
/// `_`, `.`, `/`, 1 to 64 bytes.
pub(crate) fn is_code(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
}

/// `text` as 64 hex digits, either case.
pub(crate) fn hex32(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// The child elements of one element, taken in schema order.
struct Cursor<'a, 'i> {
    parent: El<'a, 'i>,
    children: Vec<Node<'a, 'i>>,
    next: usize,
}

impl<'a, 'i> Cursor<'a, 'i> {
    fn of(parent: &El<'a, 'i>) -> Result<Self> {
        let mut children = Vec::new();
        for child in parent.node.children() {
            if child.is_element() {
                if child.namespace() != Some(APPROVALS_NS) {
                    let at = El { node: child, path: format!("{}/{}", parent.path, child.local_name()), ..*parent };
                    return Err(at.error(wording::unexpected(&qualified(child))));
                }
                children.push(child);
            } else if child.node_type() == NodeType::Text
                && !child.text().unwrap_or_default().chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
            {
                return Err(parent.error(wording::mixed_content()));
            }
        }
        Ok(Cursor {
            parent: El { node: parent.node, path: parent.path.clone(), document: parent.document },
            children,
            next: 0,
        })
    }

    fn peek(&self, name: &str) -> bool {
        self.children.get(self.next).is_some_and(|c| c.local_name() == name)
    }

    fn take(&mut self, name: &str, index: Option<usize>) -> El<'a, 'i> {
        let node = self.children[self.next];
        self.next += 1;
        let path = match index {
            Some(i) => format!("{}/{name}[{i}]", self.parent.path),
            None => format!("{}/{name}", self.parent.path),
        };
        El { node, path, document: self.parent.document }
    }

    fn required<T>(&mut self, name: &'static str, read: impl FnOnce(&El<'a, 'i>) -> Result<T>) -> Result<T> {
        if !self.peek(name) {
            let at = self.children.get(self.next).copied().unwrap_or(self.parent.node);
            let el = El { node: at, path: format!("{}/{name}", self.parent.path), document: self.parent.document };
            return Err(el.error(wording::missing(name)));
        }
        let el = self.take(name, None);
        read(&el)
    }

    fn optional<T>(&mut self, name: &str, read: impl FnOnce(&El<'a, 'i>) -> Result<T>) -> Result<Option<T>> {
        if !self.peek(name) {
            return Ok(None);
        }
        let el = self.take(name, None);
        read(&el).map(Some)
    }

    fn many<T>(&mut self, name: &str, mut read: impl FnMut(&El<'a, 'i>) -> Result<T>) -> Result<Vec<T>> {
        let mut items = Vec::new();
        while self.peek(name) {
            let el = self.take(name, Some(items.len() + 1));
            items.push(read(&el)?);
        }
        Ok(items)
    }

    fn finish(self) -> Result<()> {
        match self.children.get(self.next) {
            None => Ok(()),
            Some(extra) => {
                let el = El {
                    node: *extra,
                    path: format!("{}/{}", self.parent.path, extra.local_name()),
                    document: self.parent.document,
                };
                Err(el.error(wording::unexpected(extra.local_name())))
            }
        }
    }
}

fn qualified(node: Node<'_, '_>) -> String {
    match node.namespace() {
        Some(namespace) => format!("{{{namespace}}}{}", node.local_name()),
        None => node.local_name().to_owned(),
    }
}

/// Checks that `content` is the `NoiDung` element of `document` and returns it for reading.
fn content_element<'a, 'i>(content: Node<'a, 'i>, document: ApprovalDocument, root: &str) -> Result<El<'a, 'i>> {
    if !content.has_name(Some(APPROVALS_NS), CONTENT) {
        return Err(ApprovalError::WrongDocument { document, found: qualified(content) });
    }
    Ok(El { node: content, path: format!("/{root}/{CONTENT}"), document })
}

/// Reads an approval list's `NoiDung`, as signed.
pub(super) fn list_content(content: Node<'_, '_>) -> Result<ApprovalList> {
    let el = content_element(content, ApprovalDocument::List, super::LIST_ROOT)?;
    let mut c = Cursor::of(&el)?;
    let authority = c.required("CoQuanQuanLy", |el| {
        let mut c = Cursor::of(el)?;
        let code = c.required("MaCoQuan", El::code)?;
        let name = c.required("TenCoQuan", El::name)?;
        c.finish()?;
        Ok(Authority { code, name })
    })?;
    let sequence = c.required("SoThuTu", El::number)?;
    let issued = c.required("ThoiGianBanHanh", El::time)?;
    let next_update = c.required("CapNhatTiepTheo", |el| {
        let time = el.time()?;
        if time <= issued {
            return Err(el.error(wording::next_update_before_issue()));
        }
        Ok(time)
    })?;
    let mut points = 0;
    let distribution_points = c.many("NoiCongBo", |el| {
        points += 1;
        if points > super::MAX_DISTRIBUTION_POINTS {
            return Err(el.error(wording::too_many_distribution_points(super::MAX_DISTRIBUTION_POINTS)));
        }
        let url = el.name()?;
        if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() > 2048 {
            return Err(el.error(wording::bad_url(&url)));
        }
        Ok(url)
    })?;
    let schools = c.many("Truong", read_school)?;
    let mut codes = std::collections::HashSet::with_capacity(schools.len());
    if let Some(school) = schools.iter().find(|s| !codes.insert(s.code.as_str())) {
        return Err(el.error(wording::duplicate_school(&school.code)));
    }
    // A year is withdrawn once per school (the same fingerprint under another school's code
    // withdraws nothing of this one's).
    let mut withdrawn = std::collections::HashSet::new();
    let mut withdrawals: Vec<Withdrawal> = Vec::new();
    c.many("ThuHoi", |el| {
        let mut c = Cursor::of(el)?;
        let year = read_year_ref(&mut c)?;
        let at = c.required("ThoiDiem", El::time)?;
        let reason = c.required("LyDo", El::name)?;
        let decision = c.required("QuyetDinh", El::name)?;
        let request = c.required("SoYeuCau", El::name)?;
        let request_sha256 = c.required("YeuCauSHA256", El::sha256)?;
        c.finish()?;
        if !codes.contains(year.school.as_str()) {
            return Err(el.error(wording::withdrawal_for_unlisted_school(&year.school)));
        }
        if !withdrawn.insert((year.school.clone(), year.fingerprint)) {
            return Err(el.error(wording::duplicate_withdrawal()));
        }
        withdrawals.push(Withdrawal { year, at, reason, decision, request, request_sha256 });
        Ok(())
    })?;
    c.finish()?;
    Ok(ApprovalList { authority, sequence, issued, next_update, distribution_points, schools, withdrawals })
}

fn read_school(el: &El<'_, '_>) -> Result<School> {
    let mut c = Cursor::of(el)?;
    let code = c.required("MaTruong", El::code)?;
    let name = c.required("TenTruong", El::name)?;
    let kind = c.required("LoaiHinh", El::parsed)?;
    let seal_required = c.required("YeuCauConDau", El::boolean)?;
    let certificates = c.many("ChungThu", read_certificate)?;
    c.finish()?;
    for (i, certificate) in certificates.iter().enumerate() {
        if certificates[..i].iter().any(|other| other.sha256 == certificate.sha256) {
            return Err(el.error(wording::duplicate_certificate(&crate::pki::hex(&certificate.sha256))));
        }
    }
    Ok(School { code, name, kind, seal_required, certificates })
}

fn read_certificate(el: &El<'_, '_>) -> Result<ApprovedCertificate> {
    let mut c = Cursor::of(el)?;
    let sha256 = c.required("SHA256", El::sha256)?;
    let der = c.required("DuLieu", |el| {
        let text: String = el.text()?.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let der =
            <base64ct::Base64 as base64ct::Encoding>::decode_vec(&text).map_err(|_| el.error(wording::bad_base64()))?;
        crate::pki::Certificate::from_der(&der).map_err(|e| el.error(wording::bad_certificate(&e.to_string())))?;
        if sha256_of(&der) != sha256 {
            return Err(el.error(wording::certificate_digest_differs()));
        }
        Ok(der)
    })?;
    let mut roles: Vec<ApprovalRole> = Vec::new();
    c.many("VaiTro", |el| {
        let role = el.parsed::<ApprovalRole>()?;
        if roles.contains(&role) {
            return Err(el.error(wording::duplicate_role()));
        }
        roles.push(role);
        Ok(())
    })?;
    if roles.is_empty() {
        return Err(el.error(wording::missing("VaiTro")));
    }
    let from = c.required("TuNgay", El::time)?;
    let until = c.optional("DenNgay", El::time)?;
    if until.is_some_and(|until| until <= from) {
        return Err(el.error(wording::until_before_from()));
    }
    let suspension = c.optional("TamDung", |el| {
        let mut c = Cursor::of(el)?;
        let at = c.required("ThoiDiem", El::time)?;
        let reason = c.required("LyDo", El::parsed)?;
        let note = c.optional("GhiChu", El::name)?;
        c.finish()?;
        Ok(Suspension { at, reason, note })
    })?;
    c.finish()?;
    Ok(ApprovedCertificate { sha256, der, roles, from, until, suspension })
}

fn read_year_ref(c: &mut Cursor<'_, '_>) -> Result<SignedYearRef> {
    Ok(SignedYearRef {
        school: c.required("MaTruong", El::code)?,
        record: c.required("IdBanGhi", El::name)?,
        transcript: c.required("MaDinhDanhHocBa", El::name)?,
        year: c.required("QuaTrinhHocTap", El::name)?,
        fingerprint: c.required("DauVanTay", El::sha256)?,
    })
}

/// Reads a withdrawal request's `NoiDung`, as signed.
pub(super) fn request_content(content: Node<'_, '_>) -> Result<WithdrawalRequest> {
    let el = content_element(content, ApprovalDocument::Request, super::REQUEST_ROOT)?;
    let mut c = Cursor::of(&el)?;
    let number = c.required("SoYeuCau", El::name)?;
    let school_name = c.required("TenTruong", El::name)?;
    let year = read_year_ref(&mut c)?;
    let reason = c.required("LyDo", El::name)?;
    let requested = c.required("ThoiGianYeuCau", El::time)?;
    c.finish()?;
    Ok(WithdrawalRequest { number, school_name, year, reason, requested })
}

/// SHA-256 of `bytes`.
pub(crate) fn sha256_of(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}
