//! XML to model: a strict reader over [`crate::xml`]. Elements in the schema's order, nothing
//! unknown, every value typed; the first problem is returned with its path and line:column.

use super::codes::Code;
use super::error::{ContentProblem, TranscriptError};
use super::model::*;
use super::{SIGNATURES, TRANSCRIPT_NS};
use crate::report::wording::data;
use crate::time::UtcTime;
use crate::xml::{Document, Node};

type Result<T> = std::result::Result<T, TranscriptError>;

/// Reads a transcript from XML bytes. A `DSCKS` signature container, if present, is skipped here:
/// signatures are the profile's business ([`super::verify`]).
pub fn from_xml(xml: &[u8]) -> Result<Transcript> {
    let doc = Document::parse(xml)?;
    from_document(&doc)
}

/// Reads a transcript from a parsed document.
pub fn from_document(doc: &Document<'_>) -> Result<Transcript> {
    let root = doc.root_element();
    if !root.has_name(Some(TRANSCRIPT_NS), "HocBa") {
        let found = format!("{{{}}}{}", root.namespace().unwrap_or(""), root.local_name());
        return Err(content("/".into(), root, ContentProblem::NotATranscript { found }));
    }
    let mut c = Cursor::new(root, "/HocBa".into())?;
    let envelope = c.required("ThongTinBanGhi", read_envelope)?;
    let header = c.required("ThongTinHocBa", read_header)?;
    let years = c.many("QuaTrinhHocTap", read_year)?;
    if years.is_empty() {
        return Err(c.missing("QuaTrinhHocTap"));
    }
    c.optional(SIGNATURES, |_| Ok(()))?;
    c.finish()?;
    Ok(Transcript { envelope, header, years })
}

/// Reads one `QuaTrinhHocTap` element (as the signed bytes of a year hold it), `path` naming it.
pub(crate) fn year_from_element(node: Node<'_, '_>, path: String) -> Result<SchoolYear> {
    if !node.has_name(Some(TRANSCRIPT_NS), "QuaTrinhHocTap") {
        let found = format!("{{{}}}{}", node.namespace().unwrap_or(""), node.local_name());
        return Err(content(path, node, ContentProblem::Unexpected { element: found }));
    }
    read_year(&El { node, path })
}

/// The archive time-stamps' element, which the root element may have as its last child, outside
/// the transcript's namespace.
fn is_archive_time_stamps(node: Node<'_, '_>) -> bool {
    node.has_name(Some(crate::dsig::SIGNATURE_PROPERTIES_NS), "ArchiveTimeStamps")
}

fn content(path: String, node: Node<'_, '_>, problem: ContentProblem) -> TranscriptError {
    TranscriptError::Content { path, pos: node.text_pos(), problem }
}

/// An element with its path.
struct El<'a, 'i> {
    node: Node<'a, 'i>,
    path: String,
}

impl El<'_, '_> {
    fn error(&self, problem: ContentProblem) -> TranscriptError {
        content(self.path.clone(), self.node, problem)
    }

    /// The text content: text only, comments allowed, no child elements.
    fn text(&self) -> Result<String> {
        let mut text = String::new();
        for child in self.node.children() {
            if child.is_element() {
                return Err(self.error(ContentProblem::MixedContent));
            }
            if child.node_type() == crate::xml::NodeType::Text {
                text.push_str(child.text().unwrap_or_default());
            }
        }
        Ok(text)
    }

    fn code<T: Code>(&self) -> Result<T> {
        let text = self.text()?;
        T::from_code(&text).ok_or_else(|| self.error(ContentProblem::InvalidCode { list: T::LIST, value: text }))
    }

    fn date(&self) -> Result<Date> {
        let text = self.text()?;
        Date::parse(&text).ok_or_else(|| self.error(ContentProblem::InvalidDate { value: text }))
    }

    fn diem(&self) -> Result<Diem> {
        let text = self.text()?;
        Diem::parse(&text).map_err(|why| self.error(ContentProblem::InvalidScore { value: text, why }))
    }

    fn diem_tieu_hoc(&self) -> Result<DiemTieuHoc> {
        let text = self.text()?;
        DiemTieuHoc::parse(&text).map_err(|why| self.error(ContentProblem::InvalidScore { value: text, why }))
    }

    fn boolean(&self) -> Result<bool> {
        match self.text()?.as_str() {
            "1" => Ok(true),
            "0" => Ok(false),
            other => {
                Err(self.error(ContentProblem::InvalidValue { value: other.into(), expected: data::EXPECTED_BOOLEAN }))
            }
        }
    }

    fn number<T: std::str::FromStr>(&self, expected: (&'static str, &'static str)) -> Result<T> {
        let text = self.text()?;
        let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        digits
            .then(|| text.parse().ok())
            .flatten()
            .ok_or_else(|| self.error(ContentProblem::InvalidValue { value: text, expected }))
    }
}

/// The child elements of one element, consumed in schema order.
struct Cursor<'a, 'i> {
    parent: El<'a, 'i>,
    children: Vec<Node<'a, 'i>>,
    next: usize,
}

impl<'a, 'i> Cursor<'a, 'i> {
    fn new(node: Node<'a, 'i>, path: String) -> Result<Self> {
        let parent = El { node, path };
        let mut children = Vec::new();
        // Only the root element's last child may be the archive time-stamps.
        let is_root = node.parent().is_some_and(|p| p.parent().is_none());
        let last = node.children().filter(|n| n.is_element()).last().map(|n| n.id());
        for child in node.children() {
            if child.is_element() {
                // The archive time-stamps are the PKI layer's to read (`crate::pki`).
                if is_root && Some(child.id()) == last && is_archive_time_stamps(child) {
                    continue;
                }
                if child.namespace() != Some(TRANSCRIPT_NS) {
                    let element = format!("{{{}}}{}", child.namespace().unwrap_or(""), child.local_name());
                    return Err(content(
                        format!("{}/{}", parent.path, child.local_name()),
                        child,
                        ContentProblem::Unexpected { element },
                    ));
                }
                children.push(child);
            } else if child.node_type() == crate::xml::NodeType::Text
                && !child.text().unwrap_or_default().chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
            {
                return Err(parent.error(ContentProblem::MixedContent));
            }
        }
        Ok(Cursor { parent, children, next: 0 })
    }

    fn of(el: &El<'a, 'i>) -> Result<Self> {
        Cursor::new(el.node, el.path.clone())
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
        El { node, path }
    }

    fn missing(&self, name: &'static str) -> TranscriptError {
        // Point at the element found instead, or at the parent when the list ran out.
        let at = self.children.get(self.next).copied().unwrap_or(self.parent.node);
        content(format!("{}/{name}", self.parent.path), at, ContentProblem::Missing { element: name })
    }

    fn required<T>(&mut self, name: &'static str, read: impl FnOnce(&El<'a, 'i>) -> Result<T>) -> Result<T> {
        if !self.peek(name) {
            return Err(self.missing(name));
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

    fn text(&mut self, name: &'static str) -> Result<String> {
        self.required(name, El::text)
    }

    fn opt_text(&mut self, name: &'static str) -> Result<Option<String>> {
        self.optional(name, El::text)
    }

    fn finish(self) -> Result<()> {
        match self.children.get(self.next) {
            None => Ok(()),
            Some(extra) => Err(content(
                format!("{}/{}", self.parent.path, extra.local_name()),
                *extra,
                ContentProblem::Unexpected { element: extra.local_name().into() },
            )),
        }
    }
}

fn read_envelope(el: &El<'_, '_>) -> Result<Envelope> {
    let mut c = Cursor::of(el)?;
    let id_ban_ghi = c.text("IdBanGhi")?;
    let su_kien = c.required("SuKien", El::code)?;
    let phien_ban = c.required("PhienBan", |e| e.number(data::EXPECTED_VERSION))?;
    let thoi_gian_cap_nhat = c.required("ThoiGianCapNhat", |e| {
        let text = e.text()?;
        UtcTime::parse(&text)
            .map_err(|_| e.error(ContentProblem::InvalidValue { value: text, expected: data::EXPECTED_TIME }))
    })?;
    c.finish()?;
    Ok(Envelope { id_ban_ghi, su_kien, phien_ban, thoi_gian_cap_nhat })
}

fn read_header(el: &El<'_, '_>) -> Result<Header> {
    let mut c = Cursor::of(el)?;
    let header = Header {
        ma_dinh_danh_hoc_ba: c.text("MaDinhDanhHocBa")?,
        trang_thai_thong_tin_hoc_ba: c.text("TrangThaiThongTinHocBa")?,
        ma_so_gd: c.text("MaSoGD")?,
        ma_cap_hoc: c.required("MaCapHoc", El::code)?,
        chuc_vu_giam_hieu: c.text("ChucVuGiamHieu")?,
        dia_danh_phat_hanh: c.text("DiaDanhPhatHanh")?,
    };
    c.finish()?;
    Ok(header)
}

fn read_school(el: &El<'_, '_>) -> Result<School> {
    let mut c = Cursor::of(el)?;
    let school =
        School { ma_truong: c.text("MaTruong")?, ten_truong: c.text("TenTruong")?, ma_so_gd: c.text("MaSoGD")? };
    c.finish()?;
    Ok(school)
}

fn read_student(el: &El<'_, '_>) -> Result<Student> {
    let mut c = Cursor::of(el)?;
    let student = Student {
        ma_dinh_danh: c.text("MaDinhDanh")?,
        ma_hoc_sinh: c.text("MaHocSinh")?,
        ho_va_ten: c.text("HoVaTen")?,
        ngay_sinh: c.required("NgaySinh", El::date)?,
        gioi_tinh: c.required("GioiTinh", El::code)?,
        dan_toc: c.text("DanToc")?,
        quoc_tich: c.text("QuocTich")?,
        ho_ten_cha: c.opt_text("HoTenCha")?,
        ho_ten_me: c.opt_text("HoTenMe")?,
        ho_ten_nguoi_giam_ho: c.opt_text("HoTenNguoiGiamHo")?,
        doi_tuong_chinh_sach: c.opt_text("DoiTuongChinhSach")?,
        co_khuyet_tat_khong_danh_gia: c.required("CoKhuyetTatKhongDanhGia", El::boolean)?,
    };
    c.finish()?;
    Ok(student)
}

/// The element's `Id` attribute, an NCName, if it has one; no other attribute is allowed.
fn id_attribute(el: &El<'_, '_>) -> Result<Option<String>> {
    if let Some(extra) = el.node.attributes().find(|a| a.namespace().is_some() || a.local_name() != "Id") {
        return Err(el.error(ContentProblem::Unexpected { element: format!("@{}", extra.local_name()) }));
    }
    match el.node.attribute(None, "Id") {
        Some(id) if crate::xml::is_ncname(id) => Ok(Some(id.to_owned())),
        Some(id) => Err(el.error(ContentProblem::InvalidValue { value: id.into(), expected: data::EXPECTED_ID })),
        None => Ok(None),
    }
}

fn read_year(el: &El<'_, '_>) -> Result<SchoolYear> {
    let id = id_attribute(el)?.ok_or_else(|| el.error(ContentProblem::Missing { element: "@Id" }))?;
    let mut c = Cursor::of(el)?;
    let nam_hoc = c.required("NamHoc", |e| {
        let text = e.text()?;
        SchoolYearName::parse(&text)
            .ok_or_else(|| e.error(ContentProblem::InvalidValue { value: text, expected: data::EXPECTED_SCHOOL_YEAR }))
    })?;
    let ma_khoi = c.required("MaKhoi", |e| e.number(data::EXPECTED_GRADE))?;
    let lop = c.text("Lop")?;
    let truong = c.required("Truong", read_school)?;
    let giao_vien_chu_nhiem = c.text("GiaoVienChuNhiem")?;
    let hieu_truong = c.text("HieuTruong")?;
    let student = c.required("HocSinh", read_student)?;
    let chuyen_den = c.optional("ChuyenDen", |e| {
        let mut c = Cursor::of(e)?;
        let transfer = Transfer {
            ngay_chuyen: c.required("NgayChuyen", El::date)?,
            truong_cu: c.required("TruongCu", read_school)?,
            ly_do: c.opt_text("LyDo")?,
        };
        c.finish()?;
        Ok(transfer)
    })?;
    let ket_qua = if c.peek("KetQuaTieuHoc") {
        YearResults::TieuHoc(c.required("KetQuaTieuHoc", read_primary)?)
    } else if c.peek("KetQuaTHCS") {
        YearResults::Thcs(c.required("KetQuaTHCS", read_secondary)?)
    } else {
        return Err(c.missing("KetQuaTieuHoc|KetQuaTHCS"));
    };
    let chung_chi = c.many("ChungChi", |e| {
        let mut c = Cursor::of(e)?;
        let certificate = Certificate {
            loai_chung_chi: c.text("LoaiChungChi")?,
            ten_chung_chi: c.text("TenChungChi")?,
            ngay_cap: c.required("NgayCap", El::date)?,
            noi_cap: c.text("NoiCap")?,
        };
        c.finish()?;
        Ok(certificate)
    })?;
    let khen_thuong_khac = c.many("KhenThuongKhac", El::text)?;
    let nhan_xet_gvcn = c.opt_text("NhanXetGVCN")?;
    let xac_nhan_hieu_truong = c.opt_text("XacNhanHieuTruong")?;
    c.finish()?;
    Ok(SchoolYear {
        id,
        nam_hoc,
        ma_khoi,
        lop,
        truong,
        giao_vien_chu_nhiem,
        hieu_truong,
        student,
        chuyen_den,
        ket_qua,
        chung_chi,
        khen_thuong_khac,
        nhan_xet_gvcn,
        xac_nhan_hieu_truong,
    })
}

fn read_periodic<T>(el: &El<'_, '_>, read: impl Fn(&El<'_, '_>) -> Result<T>) -> Result<Periodic<T>> {
    let mut c = Cursor::of(el)?;
    let periodic = Periodic {
        giua_hk1: c.optional("GiuaHocKy1", &read)?,
        cuoi_hk1: c.optional("CuoiHocKy1", &read)?,
        giua_hk2: c.optional("GiuaHocKy2", &read)?,
        cuoi_nam: c.optional("CuoiNam", &read)?,
    };
    c.finish()?;
    Ok(periodic)
}

fn read_terms<T>(el: &El<'_, '_>, read: impl Fn(&El<'_, '_>) -> Result<T>) -> Result<TermResults<T>> {
    let mut c = Cursor::of(el)?;
    let terms = TermResults {
        hoc_ky1: c.optional("HocKy1", &read)?,
        hoc_ky2: c.optional("HocKy2", &read)?,
        ca_nam: c.optional("CaNam", &read)?,
    };
    c.finish()?;
    Ok(terms)
}

fn read_primary(el: &El<'_, '_>) -> Result<PrimaryYear> {
    let mut c = Cursor::of(el)?;
    let mon_hoc = c.many("MonHoc", |e| {
        let id = id_attribute(e)?;
        let mut c = Cursor::of(e)?;
        let subject = PrimarySubject {
            id,
            ma_mon_hoc: c.required("MaMonHoc", El::code)?,
            mien_hoc: c.optional("MienHoc", El::boolean)?.unwrap_or(false),
            muc_dat: c.optional("MucDat", |e| read_periodic(e, code))?.unwrap_or_default(),
            diem_kiem_tra: c.optional("DiemKiemTra", |e| read_periodic(e, diem_tieu_hoc))?.unwrap_or_default(),
            nhan_xet: c.opt_text("NhanXet")?,
        };
        c.finish()?;
        Ok(subject)
    })?;
    let pham_chat = c.many("PhamChat", |e| {
        let mut c = Cursor::of(e)?;
        let level = QualityLevel {
            ma: c.required("Ma", El::code)?,
            muc_dat: c.required("MucDat", |e| read_periodic(e, code))?,
        };
        c.finish()?;
        Ok(level)
    })?;
    let nang_luc = c.many("NangLuc", |e| {
        let mut c = Cursor::of(e)?;
        let level = CompetencyLevel {
            ma: c.required("Ma", El::code)?,
            muc_dat: c.required("MucDat", |e| read_periodic(e, code))?,
        };
        c.finish()?;
        Ok(level)
    })?;
    let year = PrimaryYear {
        mon_hoc,
        pham_chat,
        nang_luc,
        ket_qua_giao_duc: c.optional("KetQuaGiaoDuc", El::code)?,
        hoan_thanh_chuong_trinh_lop_hoc: c.optional("HoanThanhChuongTrinhLopHoc", El::boolean)?,
        hoan_thanh_chuong_trinh_tieu_hoc: c.optional("HoanThanhChuongTrinhTieuHoc", El::boolean)?,
        duoc_len_lop: c.optional("DuocLenLop", El::boolean)?,
        danh_gia_bo_sung: c.optional("DanhGiaBoSung", read_supplementary)?,
        khen_thuong: c.many("KhenThuong", El::code)?,
    };
    c.finish()?;
    Ok(year)
}

fn read_supplementary(el: &El<'_, '_>) -> Result<SupplementaryAssessment> {
    let mut c = Cursor::of(el)?;
    let mon_hoc = c.many("MonHoc", |e| {
        let mut c = Cursor::of(e)?;
        let subject = SupplementarySubject {
            ma_mon_hoc: c.required("MaMonHoc", El::code)?,
            muc_dat: c.required("MucDat", El::code)?,
            diem_kiem_tra: c.optional("DiemKiemTra", El::diem_tieu_hoc)?,
        };
        c.finish()?;
        Ok(subject)
    })?;
    if mon_hoc.is_empty() {
        return Err(c.missing("MonHoc"));
    }
    let assessment = SupplementaryAssessment {
        mon_hoc,
        hoan_thanh_chuong_trinh_lop_hoc: c.required("HoanThanhChuongTrinhLopHoc", El::boolean)?,
        hoan_thanh_chuong_trinh_tieu_hoc: c.optional("HoanThanhChuongTrinhTieuHoc", El::boolean)?,
        duoc_len_lop: c.optional("DuocLenLop", El::boolean)?,
    };
    c.finish()?;
    Ok(assessment)
}

fn read_term_scores(el: &El<'_, '_>) -> Result<TermScores> {
    let mut c = Cursor::of(el)?;
    let scores = TermScores {
        ddg_tx: c.many("DDGtx", El::diem)?,
        ddg_gk: c.optional("DDGgk", El::diem)?,
        ddg_ck: c.optional("DDGck", El::diem)?,
        dtb_mhk: c.optional("DTBmhk", El::diem)?,
    };
    c.finish()?;
    Ok(scores)
}

fn read_secondary(el: &El<'_, '_>) -> Result<SecondaryYear> {
    let mut c = Cursor::of(el)?;
    let mon_hoc = c.many("MonHoc", |e| {
        let id = id_attribute(e)?;
        let mut c = Cursor::of(e)?;
        let ma_mon_hoc = c.required("MaMonHoc", El::code)?;
        let giao_vien = c.opt_text("GiaoVien")?;
        let mien_hoc = c.optional("MienHoc", El::boolean)?.unwrap_or(false);
        let danh_gia = if c.peek("DiemSo") {
            SubjectAssessment::DiemSo(c.required("DiemSo", |e| {
                let mut c = Cursor::of(e)?;
                let scored = TermResultsScored {
                    hoc_ky1: c.required("HocKy1", read_term_scores)?,
                    hoc_ky2: c.required("HocKy2", read_term_scores)?,
                    dtb_ca_nam: c.optional("DTBCaNam", El::diem)?,
                };
                c.finish()?;
                Ok(scored)
            })?)
        } else if c.peek("NhanXetMucDat") {
            SubjectAssessment::NhanXet(c.required("NhanXetMucDat", |e| read_terms(e, code))?)
        } else {
            return Err(c.missing("DiemSo|NhanXetMucDat"));
        };
        let kiem_tra_lai = c.optional("KiemTraLai", |e| {
            let mut c = Cursor::of(e)?;
            let result = if c.peek("Diem") {
                ReTestResult::Diem(c.required("Diem", El::diem)?)
            } else {
                ReTestResult::MucDat(c.required("MucDat", El::code)?)
            };
            c.finish()?;
            Ok(result)
        })?;
        let nhan_xet = c.opt_text("NhanXet")?;
        c.finish()?;
        Ok(SecondarySubject { id, ma_mon_hoc, giao_vien, mien_hoc, danh_gia, kiem_tra_lai, nhan_xet })
    })?;
    let year = SecondaryYear {
        mon_hoc,
        ket_qua_hoc_tap: c.required("KetQuaHocTap", |e| read_terms(e, code))?,
        ket_qua_ren_luyen: c.required("KetQuaRenLuyen", |e| read_terms(e, code))?,
        so_buoi_nghi: c.optional("SoBuoiNghi", |e| e.number(data::EXPECTED_SESSIONS))?,
        danh_hieu: c.optional("DanhHieu", El::code)?,
        duoc_len_lop: c.optional("DuocLenLop", El::boolean)?,
        kiem_tra_lai: c.optional("KiemTraLai", |e| {
            let mut c = Cursor::of(e)?;
            let outcome = ReTestOutcome {
                ket_qua_hoc_tap: c.required("KetQuaHocTap", El::code)?,
                duoc_len_lop: c.required("DuocLenLop", El::boolean)?,
            };
            c.finish()?;
            Ok(outcome)
        })?,
        ren_luyen_trong_he: c.optional("RenLuyenTrongHe", |e| {
            let mut c = Cursor::of(e)?;
            let outcome = SummerTraining {
                ket_qua_ren_luyen: c.required("KetQuaRenLuyen", El::code)?,
                duoc_len_lop: c.required("DuocLenLop", El::boolean)?,
            };
            c.finish()?;
            Ok(outcome)
        })?,
    };
    c.finish()?;
    Ok(year)
}

fn code<T: Code>(el: &El<'_, '_>) -> Result<T> {
    el.code()
}

fn diem_tieu_hoc(el: &El<'_, '_>) -> Result<DiemTieuHoc> {
    el.diem_tieu_hoc()
}
