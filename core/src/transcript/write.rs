//! Model to XML: one fixed layout (two-space indentation, elements in schema order, scores with one
//! decimal, times in Vietnamese time with the offset), so that XML -> model -> XML is the identity
//! on what this writer wrote. An unsigned transcript gets an empty signature place per year, with
//! a place for the school seal where [`WriteOptions`] ask for one.

use std::fmt::Display;

use super::codes::Code;
use super::error::{ContentProblem, TranscriptError};
use super::model::*;
use super::{SIGNATURES, TRANSCRIPT_NS, YEAR_SIGNATURES};
use crate::report::wording::data;

/// How [`to_xml_with`] writes a transcript.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriteOptions {
    /// Every year's `ChuKyNamHoc` gets an empty `ConDau` place after `HieuTruong`, for the
    /// school's organization seal ([`super::Role::Seal`]). Default: false, the places of the
    /// people only. The model does not hold the places: a transcript read back and written again
    /// has them only if asked again.
    pub seal_places: bool,
}

impl WriteOptions {
    /// The options with a school seal place in every year.
    pub fn with_seal_places(mut self) -> Self {
        self.seal_places = true;
        self
    }
}

/// Writes the transcript as XML (UTF-8), with the signature places of the people who sign (no
/// school seal place: [`to_xml_with`]). Refused, with the field's path, when a text holds a
/// character XML cannot carry, an `Id` is not an XML name, or there is no school year.
pub fn to_xml(transcript: &Transcript) -> Result<Vec<u8>, TranscriptError> {
    to_xml_with(transcript, WriteOptions::default())
}

/// [`to_xml`], with the signature places `options` ask for.
pub fn to_xml_with(transcript: &Transcript, options: WriteOptions) -> Result<Vec<u8>, TranscriptError> {
    let mut w = Writer { out: String::with_capacity(16 * 1024), depth: 0, path: vec!["HocBa".into()] };
    w.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.out.push_str(&format!("<HocBa xmlns=\"{TRANSCRIPT_NS}\">\n"));
    w.depth = 1;
    w.group("ThongTinBanGhi", |w| {
        let e = &transcript.envelope;
        w.text("IdBanGhi", &e.id_ban_ghi)?;
        w.code("SuKien", e.su_kien);
        w.value("PhienBan", e.phien_ban);
        w.value("ThoiGianCapNhat", e.thoi_gian_cap_nhat.to_vietnam_string());
        Ok(())
    })?;
    w.group("ThongTinHocBa", |w| {
        let h = &transcript.header;
        w.text("MaDinhDanhHocBa", &h.ma_dinh_danh_hoc_ba)?;
        w.text("TrangThaiThongTinHocBa", &h.trang_thai_thong_tin_hoc_ba)?;
        w.text("MaSoGD", &h.ma_so_gd)?;
        w.code("MaCapHoc", h.ma_cap_hoc);
        w.text("ChucVuGiamHieu", &h.chuc_vu_giam_hieu)?;
        w.text("DiaDanhPhatHanh", &h.dia_danh_phat_hanh)
    })?;
    if transcript.years.is_empty() {
        return Err(w.unwritable(ContentProblem::Missing { element: "QuaTrinhHocTap" }));
    }
    for (i, year) in transcript.years.iter().enumerate() {
        w.path.push(format!("QuaTrinhHocTap[{}]", i + 1));
        if !crate::xml::is_ncname(&year.id) {
            return Err(
                w.unwritable(ContentProblem::InvalidValue { value: year.id.clone(), expected: data::EXPECTED_ID })
            );
        }
        w.line(&format!("<QuaTrinhHocTap Id=\"{}\">", year.id));
        w.depth += 1;
        write_year(&mut w, year)?;
        w.depth -= 1;
        w.line("</QuaTrinhHocTap>");
        w.path.pop();
    }
    w.line(&format!("<{SIGNATURES}>"));
    for year in &transcript.years {
        w.depth += 1;
        w.line(&format!("<{YEAR_SIGNATURES} QuaTrinhHocTap=\"{}\">", year.id));
        w.depth += 1;
        for subject in year.subjects_signed_by_their_teacher() {
            w.line(&format!("<GVBM MaMonHoc=\"{}\"/>", subject.code()));
        }
        w.line("<GVCN/>");
        w.line("<HieuTruong/>");
        if options.seal_places {
            w.line("<ConDau/>");
        }
        w.depth -= 1;
        w.line(&format!("</{YEAR_SIGNATURES}>"));
        w.depth -= 1;
    }
    w.line(&format!("</{SIGNATURES}>"));
    w.out.push_str("</HocBa>\n");
    Ok(w.out.into_bytes())
}

struct Writer {
    out: String,
    depth: usize,
    path: Vec<String>,
}

type Written = Result<(), TranscriptError>;

impl Writer {
    fn unwritable(&self, problem: ContentProblem) -> TranscriptError {
        TranscriptError::Unwritable { path: format!("/{}", self.path.join("/")), problem }
    }

    fn line(&mut self, markup: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(markup);
        self.out.push('\n');
    }

    fn group(&mut self, name: &str, body: impl FnOnce(&mut Writer) -> Written) -> Written {
        self.line(&format!("<{name}>"));
        self.depth += 1;
        self.path.push(name.to_owned());
        body(self)?;
        self.path.pop();
        self.depth -= 1;
        self.line(&format!("</{name}>"));
        Ok(())
    }

    /// The `index`-th (from 0) of repeated elements `name`.
    fn item(&mut self, name: &str, index: usize, body: impl FnOnce(&mut Writer) -> Written) -> Written {
        self.item_with_id(name, index, None, body)
    }

    /// [`Writer::item`] with an optional `Id` attribute.
    fn item_with_id(
        &mut self,
        name: &str,
        index: usize,
        id: Option<&str>,
        body: impl FnOnce(&mut Writer) -> Written,
    ) -> Written {
        self.path.push(format!("{name}[{}]", index + 1));
        match id {
            Some(id) if !crate::xml::is_ncname(id) => {
                return Err(
                    self.unwritable(ContentProblem::InvalidValue { value: id.to_owned(), expected: data::EXPECTED_ID })
                );
            }
            Some(id) => self.line(&format!("<{name} Id=\"{id}\">")),
            None => self.line(&format!("<{name}>")),
        }
        self.depth += 1;
        body(self)?;
        self.path.pop();
        self.depth -= 1;
        self.line(&format!("</{name}>"));
        Ok(())
    }

    /// A value whose text is markup-free by construction (numbers, codes, dates).
    fn value(&mut self, name: &str, value: impl Display) {
        self.line(&format!("<{name}>{value}</{name}>"));
    }

    fn code(&mut self, name: &str, code: impl Code) {
        self.value(name, code.code());
    }

    fn flag(&mut self, name: &str, value: bool) {
        self.value(name, u8::from(value));
    }

    fn text(&mut self, name: &str, text: &str) -> Written {
        let mut escaped = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => escaped.push_str("&amp;"),
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                // A literal CR would be read back as LF (XML 1.0 section 2.11).
                '\r' => escaped.push_str("&#13;"),
                '\t' | '\n' => escaped.push(c),
                c if is_xml_char(c) => escaped.push(c),
                _ => {
                    self.path.push(name.to_owned());
                    let error = self.unwritable(ContentProblem::InvalidCharacter { value: text.to_owned() });
                    self.path.pop();
                    return Err(error);
                }
            }
        }
        self.line(&format!("<{name}>{escaped}</{name}>"));
        Ok(())
    }

    fn opt_text(&mut self, name: &str, text: &Option<String>) -> Written {
        text.as_deref().map_or(Ok(()), |t| self.text(name, t))
    }

    fn opt_value(&mut self, name: &str, value: Option<impl Display>) {
        if let Some(v) = value {
            self.value(name, v);
        }
    }

    fn opt_code(&mut self, name: &str, code: Option<impl Code>) {
        if let Some(c) = code {
            self.code(name, c);
        }
    }
}

/// XML 1.0 `Char` minus the controls handled by the caller.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn write_school(w: &mut Writer, name: &str, school: &School) -> Written {
    w.group(name, |w| {
        w.text("MaTruong", &school.ma_truong)?;
        w.text("TenTruong", &school.ten_truong)?;
        w.text("MaSoGD", &school.ma_so_gd)
    })
}

fn write_year(w: &mut Writer, year: &SchoolYear) -> Written {
    w.value("NamHoc", year.nam_hoc);
    w.value("MaKhoi", year.ma_khoi);
    w.text("Lop", &year.lop)?;
    write_school(w, "Truong", &year.truong)?;
    w.text("GiaoVienChuNhiem", &year.giao_vien_chu_nhiem)?;
    w.text("HieuTruong", &year.hieu_truong)?;
    w.group("HocSinh", |w| {
        let s = &year.student;
        w.text("MaDinhDanh", &s.ma_dinh_danh)?;
        w.text("MaHocSinh", &s.ma_hoc_sinh)?;
        w.text("HoVaTen", &s.ho_va_ten)?;
        w.value("NgaySinh", s.ngay_sinh);
        w.code("GioiTinh", s.gioi_tinh);
        w.text("DanToc", &s.dan_toc)?;
        w.text("QuocTich", &s.quoc_tich)?;
        w.opt_text("HoTenCha", &s.ho_ten_cha)?;
        w.opt_text("HoTenMe", &s.ho_ten_me)?;
        w.opt_text("HoTenNguoiGiamHo", &s.ho_ten_nguoi_giam_ho)?;
        w.opt_text("DoiTuongChinhSach", &s.doi_tuong_chinh_sach)?;
        w.flag("CoKhuyetTatKhongDanhGia", s.co_khuyet_tat_khong_danh_gia);
        Ok(())
    })?;
    if let Some(t) = &year.chuyen_den {
        w.group("ChuyenDen", |w| {
            w.value("NgayChuyen", t.ngay_chuyen);
            write_school(w, "TruongCu", &t.truong_cu)?;
            w.opt_text("LyDo", &t.ly_do)
        })?;
    }
    match &year.ket_qua {
        YearResults::TieuHoc(p) => w.group("KetQuaTieuHoc", |w| write_primary(w, p))?,
        YearResults::Thcs(s) => w.group("KetQuaTHCS", |w| write_secondary(w, s))?,
    }
    for (i, c) in year.chung_chi.iter().enumerate() {
        w.item("ChungChi", i, |w| {
            w.text("LoaiChungChi", &c.loai_chung_chi)?;
            w.text("TenChungChi", &c.ten_chung_chi)?;
            w.value("NgayCap", c.ngay_cap);
            w.text("NoiCap", &c.noi_cap)
        })?;
    }
    for award in &year.khen_thuong_khac {
        w.text("KhenThuongKhac", award)?;
    }
    w.opt_text("NhanXetGVCN", &year.nhan_xet_gvcn)?;
    w.opt_text("XacNhanHieuTruong", &year.xac_nhan_hieu_truong)
}

fn write_periodic<T: Copy>(
    w: &mut Writer,
    name: &str,
    p: &Periodic<T>,
    write: impl Fn(&mut Writer, &str, T),
) -> Written {
    if p.giua_hk1.is_none() && p.cuoi_hk1.is_none() && p.giua_hk2.is_none() && p.cuoi_nam.is_none() {
        return Ok(());
    }
    w.group(name, |w| {
        for (element, value) in [
            ("GiuaHocKy1", p.giua_hk1),
            ("CuoiHocKy1", p.cuoi_hk1),
            ("GiuaHocKy2", p.giua_hk2),
            ("CuoiNam", p.cuoi_nam),
        ] {
            if let Some(v) = value {
                write(w, element, v);
            }
        }
        Ok(())
    })
}

fn write_terms<T: Code>(w: &mut Writer, name: &str, t: &TermResults<T>) -> Written {
    w.group(name, |w| {
        w.opt_code("HocKy1", t.hoc_ky1);
        w.opt_code("HocKy2", t.hoc_ky2);
        w.opt_code("CaNam", t.ca_nam);
        Ok(())
    })
}

fn write_primary(w: &mut Writer, p: &PrimaryYear) -> Written {
    for (i, s) in p.mon_hoc.iter().enumerate() {
        w.item_with_id("MonHoc", i, s.id.as_deref(), |w| {
            w.code("MaMonHoc", s.ma_mon_hoc);
            if s.mien_hoc {
                w.flag("MienHoc", true);
            }
            write_periodic(w, "MucDat", &s.muc_dat, |w, n, v| w.code(n, v))?;
            write_periodic(w, "DiemKiemTra", &s.diem_kiem_tra, |w, n, v| w.value(n, v))?;
            w.opt_text("NhanXet", &s.nhan_xet)
        })?;
    }
    for (i, q) in p.pham_chat.iter().enumerate() {
        w.item("PhamChat", i, |w| {
            w.code("Ma", q.ma);
            w.group("MucDat", |w| write_periodic_body(w, &q.muc_dat))
        })?;
    }
    for (i, q) in p.nang_luc.iter().enumerate() {
        w.item("NangLuc", i, |w| {
            w.code("Ma", q.ma);
            w.group("MucDat", |w| write_periodic_body(w, &q.muc_dat))
        })?;
    }
    w.opt_code("KetQuaGiaoDuc", p.ket_qua_giao_duc);
    w.opt_value("HoanThanhChuongTrinhLopHoc", p.hoan_thanh_chuong_trinh_lop_hoc.map(u8::from));
    w.opt_value("HoanThanhChuongTrinhTieuHoc", p.hoan_thanh_chuong_trinh_tieu_hoc.map(u8::from));
    w.opt_value("DuocLenLop", p.duoc_len_lop.map(u8::from));
    if let Some(b) = &p.danh_gia_bo_sung {
        w.group("DanhGiaBoSung", |w| {
            if b.mon_hoc.is_empty() {
                return Err(w.unwritable(ContentProblem::Missing { element: "MonHoc" }));
            }
            for (i, s) in b.mon_hoc.iter().enumerate() {
                w.item("MonHoc", i, |w| {
                    w.code("MaMonHoc", s.ma_mon_hoc);
                    w.code("MucDat", s.muc_dat);
                    w.opt_value("DiemKiemTra", s.diem_kiem_tra);
                    Ok(())
                })?;
            }
            w.flag("HoanThanhChuongTrinhLopHoc", b.hoan_thanh_chuong_trinh_lop_hoc);
            w.opt_value("HoanThanhChuongTrinhTieuHoc", b.hoan_thanh_chuong_trinh_tieu_hoc.map(u8::from));
            w.opt_value("DuocLenLop", b.duoc_len_lop.map(u8::from));
            Ok(())
        })?;
    }
    for award in &p.khen_thuong {
        w.code("KhenThuong", *award);
    }
    Ok(())
}

/// The children of a required `MucDat` of qualities and competencies (which may be empty).
fn write_periodic_body<T: Code>(w: &mut Writer, p: &Periodic<T>) -> Written {
    w.opt_code("GiuaHocKy1", p.giua_hk1);
    w.opt_code("CuoiHocKy1", p.cuoi_hk1);
    w.opt_code("GiuaHocKy2", p.giua_hk2);
    w.opt_code("CuoiNam", p.cuoi_nam);
    Ok(())
}

fn write_term_scores(w: &mut Writer, name: &str, t: &TermScores) -> Written {
    w.group(name, |w| {
        for score in &t.ddg_tx {
            w.value("DDGtx", score);
        }
        w.opt_value("DDGgk", t.ddg_gk);
        w.opt_value("DDGck", t.ddg_ck);
        w.opt_value("DTBmhk", t.dtb_mhk);
        Ok(())
    })
}

fn write_secondary(w: &mut Writer, y: &SecondaryYear) -> Written {
    for (i, s) in y.mon_hoc.iter().enumerate() {
        w.item_with_id("MonHoc", i, s.id.as_deref(), |w| {
            w.code("MaMonHoc", s.ma_mon_hoc);
            w.opt_text("GiaoVien", &s.giao_vien)?;
            if s.mien_hoc {
                w.flag("MienHoc", true);
            }
            match &s.danh_gia {
                SubjectAssessment::DiemSo(d) => w.group("DiemSo", |w| {
                    write_term_scores(w, "HocKy1", &d.hoc_ky1)?;
                    write_term_scores(w, "HocKy2", &d.hoc_ky2)?;
                    w.opt_value("DTBCaNam", d.dtb_ca_nam);
                    Ok(())
                })?,
                SubjectAssessment::NhanXet(t) => write_terms(w, "NhanXetMucDat", t)?,
            }
            match s.kiem_tra_lai {
                Some(ReTestResult::Diem(d)) => w.group("KiemTraLai", |w| {
                    w.value("Diem", d);
                    Ok(())
                })?,
                Some(ReTestResult::MucDat(m)) => w.group("KiemTraLai", |w| {
                    w.code("MucDat", m);
                    Ok(())
                })?,
                None => {}
            }
            w.opt_text("NhanXet", &s.nhan_xet)
        })?;
    }
    write_terms(w, "KetQuaHocTap", &y.ket_qua_hoc_tap)?;
    write_terms(w, "KetQuaRenLuyen", &y.ket_qua_ren_luyen)?;
    w.opt_value("SoBuoiNghi", y.so_buoi_nghi);
    w.opt_code("DanhHieu", y.danh_hieu);
    w.opt_value("DuocLenLop", y.duoc_len_lop.map(u8::from));
    if let Some(k) = &y.kiem_tra_lai {
        w.group("KiemTraLai", |w| {
            w.code("KetQuaHocTap", k.ket_qua_hoc_tap);
            w.flag("DuocLenLop", k.duoc_len_lop);
            Ok(())
        })?;
    }
    if let Some(r) = &y.ren_luyen_trong_he {
        w.group("RenLuyenTrongHe", |w| {
            w.code("KetQuaRenLuyen", r.ket_qua_ren_luyen);
            w.flag("DuocLenLop", r.duoc_len_lop);
            Ok(())
        })?;
    }
    Ok(())
}
