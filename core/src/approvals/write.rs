//! Model to XML for the approval list and the withdrawal request: one fixed layout (two-space
//! indentation, schema order, times in UTC), with the content in `NoiDung Id=…` and empty
//! signature places after it, ready to sign.

use super::error::{ApprovalDocument, ApprovalError};
use super::model::*;
use super::{APPROVALS_NS, CONTENT, LIST_CONTENT_ID, LIST_ROOT, REQUEST_CONTENT_ID, REQUEST_ROOT, SIGNATURE_PLACE};
use crate::pki::hex;
use crate::report::wording::approvals as wording;
use crate::time::UtcTime;

type Written = Result<(), ApprovalError>;

struct Writer {
    out: String,
    depth: usize,
    document: ApprovalDocument,
    path: Vec<String>,
}

impl Writer {
    fn new(document: ApprovalDocument, root: &str, content_id: &str) -> Writer {
        let mut w = Writer { out: String::with_capacity(8 * 1024), depth: 0, document, path: vec![root.into()] };
        w.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        w.line(&format!("<{root} xmlns=\"{APPROVALS_NS}\">"));
        w.depth = 1;
        w.line(&format!("<{CONTENT} Id=\"{content_id}\">"));
        w.depth = 2;
        w.path.push(CONTENT.into());
        w
    }

    fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn group(&mut self, name: &str, index: Option<usize>, body: impl FnOnce(&mut Writer) -> Written) -> Written {
        self.line(&format!("<{name}>"));
        self.depth += 1;
        self.path.push(index.map_or_else(|| name.to_owned(), |i| format!("{name}[{i}]")));
        body(self)?;
        self.path.pop();
        self.depth -= 1;
        self.line(&format!("</{name}>"));
        Ok(())
    }

    /// A value markup-free by construction (numbers, codes, times, hex).
    fn value(&mut self, name: &str, value: impl std::fmt::Display) {
        self.line(&format!("<{name}>{value}</{name}>"));
    }

    fn time(&mut self, name: &str, time: UtcTime) {
        self.value(name, time.to_utc_string());
    }

    /// Text: names, reasons, decisions; refused when it would not read back the same.
    fn text(&mut self, name: &str, text: &str) -> Written {
        if text.trim().is_empty() || !super::read::is_list_text(text) {
            return Err(ApprovalError::Content {
                document: self.document,
                path: format!("/{}/{name}", self.path.join("/")),
                pos: None,
                problem_vi: wording::unwritable_text(text).0,
                problem_en: wording::unwritable_text(text).1,
            });
        }
        let escaped = text.trim().replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        self.line(&format!("<{name}>{escaped}</{name}>"));
        Ok(())
    }

    /// A code (`MaTruong`, `MaCoQuan`), of the form the reader takes.
    fn code(&mut self, name: &str, code: &str) -> Written {
        if !super::read::is_code(code) {
            let (problem_vi, problem_en) = wording::bad_code(code);
            let path = format!("/{}/{name}", self.path.join("/"));
            return Err(ApprovalError::Content { document: self.document, path, pos: None, problem_vi, problem_en });
        }
        self.value(name, code);
        Ok(())
    }

    fn year_ref(&mut self, year: &SignedYearRef) -> Written {
        self.code("MaTruong", &year.school)?;
        self.text("IdBanGhi", &year.record)?;
        self.text("MaDinhDanhHocBa", &year.transcript)?;
        self.text("QuaTrinhHocTap", &year.year)?;
        self.value("DauVanTay", hex(&year.fingerprint));
        Ok(())
    }

    fn finish(mut self, root: &str, places: &[&str]) -> Vec<u8> {
        self.depth = 1;
        self.line(&format!("</{CONTENT}>"));
        self.line(&format!("<{SIGNATURE_PLACE}>"));
        self.depth = 2;
        for place in places {
            self.line(&format!("<{place}/>"));
        }
        self.depth = 1;
        self.line(&format!("</{SIGNATURE_PLACE}>"));
        self.depth = 0;
        self.line(&format!("</{root}>"));
        self.out.into_bytes()
    }
}

/// Writes `list` unsigned, with an empty signature place (`ChuKy`), ready for the authority to
/// sign ([`super::list_signature_request`]). Refused, with the field's path, when a text is empty
/// or holds a control character, or when the list breaks a rule the reader holds it to (a school
/// twice, an approval ending before it begins, ...).
pub fn list_to_xml(list: &ApprovalList) -> Result<Vec<u8>, ApprovalError> {
    let mut w = Writer::new(ApprovalDocument::List, LIST_ROOT, LIST_CONTENT_ID);
    w.group("CoQuanQuanLy", None, |w| {
        w.code("MaCoQuan", &list.authority.code)?;
        w.text("TenCoQuan", &list.authority.name)
    })?;
    w.value("SoThuTu", list.sequence);
    w.time("ThoiGianBanHanh", list.issued);
    w.time("CapNhatTiepTheo", list.next_update);
    for point in &list.distribution_points {
        w.text("NoiCongBo", point)?;
    }
    for (i, school) in list.schools.iter().enumerate() {
        w.group("Truong", Some(i + 1), |w| {
            w.code("MaTruong", &school.code)?;
            w.text("TenTruong", &school.name)?;
            w.value("LoaiHinh", school.kind.as_str());
            w.value("YeuCauConDau", u8::from(school.seal_required));
            for (j, certificate) in school.certificates.iter().enumerate() {
                w.group("ChungThu", Some(j + 1), |w| {
                    w.value("SHA256", hex(&certificate.sha256));
                    w.value("DuLieu", <base64ct::Base64 as base64ct::Encoding>::encode_string(&certificate.der));
                    for role in &certificate.roles {
                        w.value("VaiTro", role.as_str());
                    }
                    w.time("TuNgay", certificate.from);
                    if let Some(until) = certificate.until {
                        w.time("DenNgay", until);
                    }
                    if let Some(suspension) = &certificate.suspension {
                        w.group("TamDung", None, |w| {
                            w.time("ThoiDiem", suspension.at);
                            w.value("LyDo", suspension.reason.as_str());
                            suspension.note.as_deref().map_or(Ok(()), |note| w.text("GhiChu", note))
                        })?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    }
    for (i, withdrawal) in list.withdrawals.iter().enumerate() {
        w.group("ThuHoi", Some(i + 1), |w| {
            w.year_ref(&withdrawal.year)?;
            w.time("ThoiDiem", withdrawal.at);
            w.text("LyDo", &withdrawal.reason)?;
            w.text("QuyetDinh", &withdrawal.decision)?;
            w.text("SoYeuCau", &withdrawal.request)?;
            w.value("YeuCauSHA256", hex(&withdrawal.request_sha256));
            Ok(())
        })?;
    }
    check_reads_back(w.finish(LIST_ROOT, &[]), super::read::list_content)
}

/// `xml` if its content reads back under the reader's rules (one entry per school, dates in
/// order, ...): a document this writer gives out is one every verifier takes.
fn check_reads_back<T>(
    xml: Vec<u8>,
    read: impl FnOnce(crate::xml::Node<'_, '_>) -> Result<T, ApprovalError>,
) -> Result<Vec<u8>, ApprovalError> {
    {
        let doc = crate::xml::Document::parse(&xml)?;
        let content = doc.root_element().children().find(|c| c.is_element());
        read(content.unwrap_or_else(|| doc.root_element()))?;
    }
    Ok(xml)
}

/// Writes `request` unsigned, with empty places for the principal's and the seal's signatures.
pub fn request_to_xml(request: &WithdrawalRequest) -> Result<Vec<u8>, ApprovalError> {
    let mut w = Writer::new(ApprovalDocument::Request, REQUEST_ROOT, REQUEST_CONTENT_ID);
    w.text("SoYeuCau", &request.number)?;
    w.text("TenTruong", &request.school_name)?;
    w.year_ref(&request.year)?;
    w.text("LyDo", &request.reason)?;
    w.time("ThoiGianYeuCau", request.requested);
    check_reads_back(w.finish(REQUEST_ROOT, &super::REQUEST_PLACES), super::read::request_content)
}
