//! Validation in two tiers. Errors: the document is not a transcript (what the reader refuses, and
//! what the model cannot be: impossible codes for the level, dates in the wrong order, identities
//! that differ between years). Rule checks: the circulars' arithmetic and conditions, warnings by
//! default because their wording is ours to check against the official texts.

use crate::Code;
use crate::report::Finding;
use crate::report::wording::{Text, data};
use serde::Serialize;

use super::codes::{
    CapHoc, DanhHieu, KetQuaGiaoDucTieuHoc, MonHoc, MucDanhGia, MucDatTieuHoc, MucNhanXet, MucPhamChatNangLuc,
};
use super::error::TranscriptError;
use super::model::*;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document is not a valid transcript.
    Error,
    /// A rule of the circulars the data does not follow.
    Warning,
}

/// One finding: where, how serious, what (a stable code), in Vietnamese and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DataFinding {
    /// Whether it makes the document invalid.
    pub severity: Severity,
    /// A path into the document, e.g. `/HocBa/QuaTrinhHocTap[2]/KetQuaTHCS/MonHoc[3]/DiemSo/HocKy1/DTBmhk`;
    /// with `line:column` when the reader found the problem.
    pub path: String,
    /// Stable identifier of the check, e.g. `term-average`.
    pub code: Code,
    /// What is wrong, in Vietnamese.
    pub message_vi: String,
    /// What is wrong, in English.
    pub message_en: String,
}

/// What to check and how strictly.
#[derive(Clone, Copy, Debug, Default)]
pub struct ValidateOptions {
    /// Report rule findings as errors. Default: warnings.
    pub rules_are_errors: bool,
}

/// The result of validating a document.
#[derive(Clone, Debug, Serialize)]
pub struct Validation {
    /// Every finding, in the order found; empty when nothing is wrong.
    pub findings: Vec<DataFinding>,
}

impl Validation {
    /// No finding of severity error.
    pub fn is_valid(&self) -> bool {
        self.findings.iter().all(|f| f.severity != Severity::Error)
    }
}

/// Reads and validates XML bytes. A document the reader refuses gives its one error finding.
pub fn validate_xml(xml: &[u8], options: ValidateOptions) -> (Option<Transcript>, Validation) {
    match super::from_xml(xml) {
        Ok(transcript) => {
            let validation = validate(&transcript, options);
            (Some(transcript), validation)
        }
        Err(error) => (None, Validation { findings: vec![reader_finding(&error)] }),
    }
}

fn reader_finding(error: &TranscriptError) -> DataFinding {
    let (path, code, vi, en) = match error {
        TranscriptError::Content { path, pos, problem } => {
            (format!("{path} ({pos})"), problem.code(), problem.message_vi(), problem.message_en())
        }
        other => {
            let Finding { code, vi, en } = data::unreadable_xml(&other.message_vi(), &other.message_en());
            ("/".into(), code, vi, en)
        }
    };
    DataFinding { severity: Severity::Error, path, code, message_vi: vi, message_en: en }
}

/// Checks a transcript model.
pub fn validate(transcript: &Transcript, options: ValidateOptions) -> Validation {
    let mut v = Checker {
        findings: Vec::new(),
        rule_severity: if options.rules_are_errors { Severity::Error } else { Severity::Warning },
    };
    v.check(transcript);
    Validation { findings: v.findings }
}

/// A code-list value's labels, as the wording takes them.
macro_rules! name {
    ($value:expr) => {
        Text::new($value.label_vi(), $value.label_en())
    };
}

struct Checker {
    findings: Vec<DataFinding>,
    rule_severity: Severity,
}

impl Checker {
    fn error(&mut self, path: String, finding: Finding) {
        self.push(Severity::Error, path, finding);
    }

    fn rule(&mut self, path: String, finding: Finding) {
        self.push(self.rule_severity, path, finding);
    }

    fn push(&mut self, severity: Severity, path: String, Finding { code, vi, en }: Finding) {
        self.findings.push(DataFinding { severity, path, code, message_vi: vi, message_en: en });
    }

    fn required(&mut self, path: &str, name: &str, value: &str) {
        if value.trim().is_empty() {
            self.error(format!("{path}/{name}"), data::empty_field(name));
        }
    }

    fn check(&mut self, t: &Transcript) {
        let e = &t.envelope;
        self.required("/HocBa/ThongTinBanGhi", "IdBanGhi", &e.id_ban_ghi);
        if e.phien_ban == 0 {
            self.error("/HocBa/ThongTinBanGhi/PhienBan".into(), data::invalid_version());
        }
        let h = &t.header;
        let hp = "/HocBa/ThongTinHocBa";
        for (name, value) in [
            ("MaDinhDanhHocBa", &h.ma_dinh_danh_hoc_ba),
            ("TrangThaiThongTinHocBa", &h.trang_thai_thong_tin_hoc_ba),
            ("MaSoGD", &h.ma_so_gd),
            ("ChucVuGiamHieu", &h.chuc_vu_giam_hieu),
            ("DiaDanhPhatHanh", &h.dia_danh_phat_hanh),
        ] {
            self.required(hp, name, value);
        }
        let grades = match h.ma_cap_hoc {
            CapHoc::TieuHoc => 1..=5,
            CapHoc::Thcs => 6..=9,
            other => {
                self.error(format!("{hp}/MaCapHoc"), data::invalid_level(name!(other), other.code()));
                return;
            }
        };
        let mut ids = std::collections::HashSet::new();
        for (i, year) in t.years.iter().enumerate() {
            let path = format!("/HocBa/QuaTrinhHocTap[{}]", i + 1);
            for (at, id) in element_ids(&path, year) {
                if !ids.insert(id) {
                    self.error(at, data::duplicate_id(id));
                }
            }
            if i > 0 && year.nam_hoc <= t.years[i - 1].nam_hoc {
                self.error(format!("{path}/NamHoc"), data::year_order(year.nam_hoc, t.years[i - 1].nam_hoc));
            }
            if i > 0 && !same_person(&year.student, &t.years[0].student) {
                self.error(format!("{path}/HocSinh"), data::identity_mismatch());
            }
            self.check_year(&path, year, grades.clone(), h.ma_cap_hoc);
        }
        self.check_reserved_ids(t);
    }

    /// No element `Id` may be one the signing profile gives a signature, its SigningTime object or
    /// its value (`{year}-GVCN`, `{year}-GVBM-TOAN-SignatureValue`, ...): such a transcript could
    /// not be signed, or a reference could resolve to the wrong element.
    fn check_reserved_ids(&mut self, t: &Transcript) {
        use super::role::{Role, signature_id};
        let mut reserved = std::collections::HashSet::new();
        for year in &t.years {
            let roles = year.subjects_signed_by_their_teacher().into_iter().map(Role::SubjectTeacher).chain([
                Role::Gvcn,
                Role::HieuTruong,
                Role::Seal,
            ]);
            for role in roles {
                let id = signature_id(&year.id, role);
                reserved.extend([format!("{id}-SigningTime"), format!("{id}-SignatureValue"), id]);
            }
        }
        for (i, year) in t.years.iter().enumerate() {
            for (at, id) in element_ids(&format!("/HocBa/QuaTrinhHocTap[{}]", i + 1), year) {
                if reserved.contains(id) {
                    self.error(at, data::reserved_id(id));
                }
            }
        }
    }

    fn check_year(&mut self, path: &str, y: &SchoolYear, grades: std::ops::RangeInclusive<u8>, level: CapHoc) {
        if !grades.contains(&y.ma_khoi) {
            self.error(
                format!("{path}/MaKhoi"),
                data::grade_out_of_level(y.ma_khoi, name!(level), *grades.start(), *grades.end()),
            );
        }
        for (name, value) in
            [("Lop", &y.lop), ("GiaoVienChuNhiem", &y.giao_vien_chu_nhiem), ("HieuTruong", &y.hieu_truong)]
        {
            self.required(path, name, value);
        }
        for (name, value) in
            [("MaTruong", &y.truong.ma_truong), ("TenTruong", &y.truong.ten_truong), ("MaSoGD", &y.truong.ma_so_gd)]
        {
            self.required(&format!("{path}/Truong"), name, value);
        }
        let sp = format!("{path}/HocSinh");
        let s = &y.student;
        for (name, value) in [
            ("MaHocSinh", &s.ma_hoc_sinh),
            ("HoVaTen", &s.ho_va_ten),
            ("DanToc", &s.dan_toc),
            ("QuocTich", &s.quoc_tich),
        ] {
            self.required(&sp, name, value);
        }
        if s.ma_dinh_danh.len() != 12 || !s.ma_dinh_danh.bytes().all(|b| b.is_ascii_digit()) {
            self.error(format!("{sp}/MaDinhDanh"), data::invalid_personal_id(&s.ma_dinh_danh));
        }
        let year_start = Date::new(y.nam_hoc.start(), 8, 1).unwrap_or(s.ngay_sinh);
        if s.ngay_sinh >= year_start {
            self.error(format!("{sp}/NgaySinh"), data::birth_not_before_year(s.ngay_sinh, y.nam_hoc));
        }
        if let Some(t) = &y.chuyen_den {
            if !y.nam_hoc.contains(t.ngay_chuyen) && t.ngay_chuyen >= year_start {
                self.error(format!("{path}/ChuyenDen/NgayChuyen"), data::transfer_after_year(t.ngay_chuyen, y.nam_hoc));
            }
            if t.ngay_chuyen <= s.ngay_sinh {
                self.error(format!("{path}/ChuyenDen/NgayChuyen"), data::transfer_before_birth(t.ngay_chuyen));
            }
        }
        for (i, c) in y.chung_chi.iter().enumerate() {
            if c.ngay_cap <= s.ngay_sinh {
                self.error(format!("{path}/ChungChi[{}]/NgayCap", i + 1), data::issued_before_birth(c.ngay_cap));
            }
        }
        match (&y.ket_qua, level) {
            (YearResults::TieuHoc(p), CapHoc::TieuHoc) => self.check_primary(&format!("{path}/KetQuaTieuHoc"), y, p),
            (YearResults::Thcs(r), CapHoc::Thcs) => self.check_secondary(&format!("{path}/KetQuaTHCS"), y, r),
            _ => self.error(
                format!(
                    "{path}/{}",
                    if matches!(y.ket_qua, YearResults::TieuHoc(_)) { "KetQuaTieuHoc" } else { "KetQuaTHCS" }
                ),
                data::results_wrong_level(name!(level)),
            ),
        }
    }

    fn check_primary(&mut self, path: &str, y: &SchoolYear, p: &PrimaryYear) {
        let mut seen = Vec::new();
        for (i, s) in p.mon_hoc.iter().enumerate() {
            let sp = format!("{path}/MonHoc[{}]", i + 1);
            self.duplicate_subject(&sp, s.ma_mon_hoc, &mut seen);
            let d = &s.diem_kiem_tra;
            let any = d.giua_hk1.is_some() || d.cuoi_hk1.is_some() || d.giua_hk2.is_some() || d.cuoi_nam.is_some();
            let mid = d.giua_hk1.is_some() || d.giua_hk2.is_some();
            if any && !s.ma_mon_hoc.has_primary_test() {
                self.error(format!("{sp}/DiemKiemTra"), data::no_periodic_test(name!(s.ma_mon_hoc)));
            } else if mid && !(y.ma_khoi >= 4 && matches!(s.ma_mon_hoc, MonHoc::TiengViet | MonHoc::Toan)) {
                self.error(format!("{sp}/DiemKiemTra"), data::mid_term_not_allowed());
            }
        }
        if let Some(b) = &p.danh_gia_bo_sung {
            self.check_supplementary_subjects(&format!("{path}/DanhGiaBoSung"), p, b);
        }
        if y.student.co_khuyet_tat_khong_danh_gia {
            return;
        }
        if let Some(b) = &p.danh_gia_bo_sung {
            self.check_supplementary_rules(&format!("{path}/DanhGiaBoSung"), y, p, b);
        }
        if let (Some(claimed), Some(computed)) = (p.ket_qua_giao_duc, primary_result(p))
            && claimed != computed
        {
            self.rule(format!("{path}/KetQuaGiaoDuc"), data::primary_result(name!(claimed), name!(computed)));
        }
        if p.hoan_thanh_chuong_trinh_tieu_hoc.is_some() && y.ma_khoi != 5 {
            self.rule(format!("{path}/HoanThanhChuongTrinhTieuHoc"), data::completion_outside_grade_5());
        }
        let not_completed = p.ket_qua_giao_duc == Some(KetQuaGiaoDucTieuHoc::ChuaHoanThanh)
            || p.hoan_thanh_chuong_trinh_lop_hoc == Some(false);
        if p.duoc_len_lop == Some(true) && not_completed {
            self.rule(format!("{path}/DuocLenLop"), data::promoted_without_completion());
        }
    }

    /// What a supplementary assessment cannot be: a subject the year does not have (or exempted),
    /// twice, or with a score where the subject has no test.
    fn check_supplementary_subjects(&mut self, path: &str, p: &PrimaryYear, b: &SupplementaryAssessment) {
        if b.mon_hoc.is_empty() {
            self.error(format!("{path}/MonHoc"), data::supplementary_without_subject());
        }
        let mut seen = Vec::new();
        for (i, s) in b.mon_hoc.iter().enumerate() {
            let sp = format!("{path}/MonHoc[{}]", i + 1);
            self.duplicate_subject(&sp, s.ma_mon_hoc, &mut seen);
            match p.mon_hoc.iter().find(|y| y.ma_mon_hoc == s.ma_mon_hoc) {
                Some(year) if !year.mien_hoc => {}
                found => self
                    .error(format!("{sp}/MaMonHoc"), data::supplementary_subject(name!(s.ma_mon_hoc), found.is_some())),
            }
            if s.diem_kiem_tra.is_some() && !s.ma_mon_hoc.has_primary_test() {
                self.error(format!("{sp}/DiemKiemTra"), data::no_periodic_test(name!(s.ma_mon_hoc)));
            }
        }
    }

    /// Article 11 of Circular 27/2020: a supplementary assessment follows a year not completed, in
    /// the subjects not completed, and its outcome follows from the year's results with the
    /// subjects' new levels and scores.
    fn check_supplementary_rules(&mut self, path: &str, y: &SchoolYear, p: &PrimaryYear, b: &SupplementaryAssessment) {
        let completed_at_year_end = p.hoan_thanh_chuong_trinh_lop_hoc == Some(true)
            || p.ket_qua_giao_duc.is_some_and(|r| r != KetQuaGiaoDucTieuHoc::ChuaHoanThanh);
        if completed_at_year_end {
            self.rule(path.to_owned(), data::supplementary_after_completion());
        }
        for (i, s) in b.mon_hoc.iter().enumerate() {
            let end_of_year = p.mon_hoc.iter().find(|y| y.ma_mon_hoc == s.ma_mon_hoc).and_then(|y| y.muc_dat.cuoi_nam);
            if let Some(level) = end_of_year.filter(|l| *l != MucDatTieuHoc::ChuaHoanThanh) {
                self.rule(
                    format!("{path}/MonHoc[{}]/MaMonHoc", i + 1),
                    data::supplementary_subject_completed(name!(s.ma_mon_hoc), name!(level)),
                );
            }
        }
        let claimed = b.hoan_thanh_chuong_trinh_lop_hoc;
        if let Some(computed) = completion_after_supplementary(p, b)
            && claimed != computed
        {
            self.rule(format!("{path}/HoanThanhChuongTrinhLopHoc"), data::supplementary_outcome(claimed, computed));
        }
        if claimed && b.duoc_len_lop == Some(false) && y.ma_khoi < 5 {
            self.rule(format!("{path}/DuocLenLop"), data::completed_not_promoted());
        }
        match b.hoan_thanh_chuong_trinh_tieu_hoc {
            Some(_) if y.ma_khoi != 5 => {
                self.rule(format!("{path}/HoanThanhChuongTrinhTieuHoc"), data::completion_outside_grade_5())
            }
            Some(primary) if primary != claimed => {
                self.rule(format!("{path}/HoanThanhChuongTrinhTieuHoc"), data::primary_completion_differs())
            }
            _ => {}
        }
    }

    fn duplicate_subject(&mut self, path: &str, subject: MonHoc, seen: &mut Vec<MonHoc>) {
        if seen.contains(&subject) {
            self.error(format!("{path}/MaMonHoc"), data::duplicate_subject(name!(subject)));
        }
        seen.push(subject);
    }

    fn check_secondary(&mut self, path: &str, y: &SchoolYear, r: &SecondaryYear) {
        let mut seen = Vec::new();
        for (i, s) in r.mon_hoc.iter().enumerate() {
            let sp = format!("{path}/MonHoc[{}]", i + 1);
            self.duplicate_subject(&sp, s.ma_mon_hoc, &mut seen);
            match &s.danh_gia {
                SubjectAssessment::DiemSo(d) => {
                    if s.ma_mon_hoc.is_comment_only_thcs() {
                        self.assessment_kind(&sp, s.ma_mon_hoc, true);
                    }
                    self.check_scores(&format!("{sp}/DiemSo"), d);
                }
                SubjectAssessment::NhanXet(_) if !s.ma_mon_hoc.is_comment_only_thcs() => {
                    self.assessment_kind(&sp, s.ma_mon_hoc, false)
                }
                SubjectAssessment::NhanXet(_) => {}
            }
        }
        if y.student.co_khuyet_tat_khong_danh_gia {
            return;
        }
        for (term, name) in [(Term::HocKy1, "HocKy1"), (Term::HocKy2, "HocKy2"), (Term::CaNam, "CaNam")] {
            let claimed = match term {
                Term::HocKy1 => r.ket_qua_hoc_tap.hoc_ky1,
                Term::HocKy2 => r.ket_qua_hoc_tap.hoc_ky2,
                Term::CaNam => r.ket_qua_hoc_tap.ca_nam,
            };
            if let (Some(claimed), Some(computed)) = (claimed, learning_result(&r.mon_hoc, term))
                && claimed != computed
            {
                self.rule(
                    format!("{path}/KetQuaHocTap/{name}"),
                    data::learning_result(name!(claimed), name!(computed)),
                );
            }
        }
        let hoc_tap = r.ket_qua_hoc_tap.ca_nam;
        let ren_luyen = r.ket_qua_ren_luyen.ca_nam;
        if let Some(title) = r.danh_hieu {
            let supported = hoc_tap == Some(MucDanhGia::Tot)
                && ren_luyen == Some(MucDanhGia::Tot)
                && (title == DanhHieu::HocSinhGioi || count_year_averages(&r.mon_hoc, 90) >= 6);
            if !supported {
                self.rule(format!("{path}/DanhHieu"), data::title(name!(title), title == DanhHieu::HocSinhXuatSac));
            }
        }
        if let (Some(promoted), Some(hoc_tap), Some(ren_luyen)) = (r.duoc_len_lop, hoc_tap, ren_luyen) {
            let absent_ok = r.so_buoi_nghi.is_none_or(|n| n <= 45);
            let conditions =
                rank(hoc_tap) >= rank(MucDanhGia::Dat) && rank(ren_luyen) >= rank(MucDanhGia::Dat) && absent_ok;
            if promoted != conditions {
                self.rule(
                    format!("{path}/DuocLenLop"),
                    data::promotion(promoted, name!(hoc_tap), name!(ren_luyen), r.so_buoi_nghi.unwrap_or(0)),
                );
            }
        }
        if r.kiem_tra_lai.is_some() && hoc_tap.is_some_and(|h| h != MucDanhGia::ChuaDat) {
            self.rule(format!("{path}/KiemTraLai"), data::retest());
        }
        if r.ren_luyen_trong_he.is_some() && ren_luyen.is_some_and(|h| h != MucDanhGia::ChuaDat) {
            self.rule(format!("{path}/RenLuyenTrongHe"), data::summer_training());
        }
    }

    fn assessment_kind(&mut self, path: &str, subject: MonHoc, scored: bool) {
        self.error(
            format!("{path}/{}", if scored { "DiemSo" } else { "NhanXetMucDat" }),
            data::assessment_kind(name!(subject), scored),
        );
    }

    fn check_scores(&mut self, path: &str, d: &TermResultsScored) {
        for (term, name) in [(&d.hoc_ky1, "HocKy1"), (&d.hoc_ky2, "HocKy2")] {
            let tp = format!("{path}/{name}");
            let n = term.ddg_tx.len();
            if n > 4 {
                self.error(format!("{tp}/DDGtx"), data::too_many_regular(n));
                continue;
            }
            if term.ddg_ck.is_some() && n < 2 {
                self.rule(format!("{tp}/DDGtx"), data::regular_count(n));
            }
            if let (Some(recorded), Some(computed)) = (term.dtb_mhk, term_average(term))
                && recorded != computed
            {
                self.rule(format!("{tp}/DTBmhk"), data::term_average(recorded, computed));
            }
        }
        if let (Some(recorded), Some(a), Some(b)) = (d.dtb_ca_nam, d.hoc_ky1.dtb_mhk, d.hoc_ky2.dtb_mhk) {
            let computed = year_average(a, b);
            if recorded != computed {
                self.rule(format!("{path}/DTBCaNam"), data::year_average(recorded, computed));
            }
        }
    }
}

/// The same person: identification number and date of birth (names may be corrected).
/// Every element `Id` of `year` (at `path`) with where it stands: the year's own, then each
/// subject's that has one, in document order.
fn element_ids<'t>(path: &str, year: &'t SchoolYear) -> Vec<(String, &'t str)> {
    let (results, subject_ids): (&str, Vec<Option<&String>>) = match &year.ket_qua {
        YearResults::TieuHoc(p) => ("KetQuaTieuHoc", p.mon_hoc.iter().map(|s| s.id.as_ref()).collect()),
        YearResults::Thcs(y) => ("KetQuaTHCS", y.mon_hoc.iter().map(|s| s.id.as_ref()).collect()),
    };
    let subjects = subject_ids
        .into_iter()
        .enumerate()
        .filter_map(|(j, id)| id.map(|id| (format!("{path}/{results}/MonHoc[{}]/@Id", j + 1), id.as_str())));
    std::iter::once((format!("{path}/@Id"), year.id.as_str())).chain(subjects).collect()
}

fn same_person(a: &Student, b: &Student) -> bool {
    a.ma_dinh_danh == b.ma_dinh_danh && a.ngay_sinh == b.ngay_sinh
}

/// `numerator / denominator` tenths, rounded half up to a whole tenth.
fn round_half_up(numerator: u32, denominator: u32) -> u8 {
    ((2 * numerator + denominator) / (2 * denominator)) as u8
}

/// ĐTBmhk = (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (n + 5), one decimal, half up (Thông tư 22/2021,
/// Điều 9). `None` until the mid- and end-of-term assessments and at least one regular one exist.
pub fn term_average(term: &TermScores) -> Option<Diem> {
    let (gk, ck) = (term.ddg_gk?, term.ddg_ck?);
    if term.ddg_tx.is_empty() {
        return None;
    }
    let sum: u32 = term.ddg_tx.iter().map(|d| u32::from(d.tenths())).sum::<u32>()
        + 2 * u32::from(gk.tenths())
        + 3 * u32::from(ck.tenths());
    Diem::from_tenths(round_half_up(sum, term.ddg_tx.len() as u32 + 5))
}

/// ĐTBmcn = (ĐTBmhk1 + 2·ĐTBmhk2) / 3, one decimal, half up.
pub fn year_average(hoc_ky1: Diem, hoc_ky2: Diem) -> Diem {
    let sum = u32::from(hoc_ky1.tenths()) + 2 * u32::from(hoc_ky2.tenths());
    Diem::from_tenths(round_half_up(sum, 3)).unwrap_or(hoc_ky2)
}

/// A term, or the whole year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term {
    /// `HocKy1`: the first term.
    HocKy1,
    /// `HocKy2`: the second term.
    HocKy2,
    /// `CaNam`: the whole year.
    CaNam,
}

fn rank(level: MucDanhGia) -> u8 {
    match level {
        MucDanhGia::Tot => 3,
        MucDanhGia::Kha => 2,
        MucDanhGia::Dat => 1,
        MucDanhGia::ChuaDat => 0,
    }
}

fn count_year_averages(subjects: &[SecondarySubject], at_least_tenths: u8) -> usize {
    subjects
        .iter()
        .filter(|s| !s.mien_hoc)
        .filter_map(|s| match &s.danh_gia {
            SubjectAssessment::DiemSo(d) => d.dtb_ca_nam,
            SubjectAssessment::NhanXet(_) => None,
        })
        .filter(|d| d.tenths() >= at_least_tenths)
        .count()
}

/// The learning result of a term or the year (Thông tư 22/2021, Điều 9), from the recorded
/// averages and comment levels of subjects not exempted; `None` when one is missing.
pub fn learning_result(subjects: &[SecondarySubject], term: Term) -> Option<MucDanhGia> {
    let mut averages = Vec::new();
    let mut comments_failed = 0;
    for subject in subjects.iter().filter(|s| !s.mien_hoc) {
        match &subject.danh_gia {
            SubjectAssessment::DiemSo(d) => averages.push(match term {
                Term::HocKy1 => d.hoc_ky1.dtb_mhk?,
                Term::HocKy2 => d.hoc_ky2.dtb_mhk?,
                Term::CaNam => d.dtb_ca_nam?,
            }),
            SubjectAssessment::NhanXet(t) => {
                let level = match term {
                    Term::HocKy1 => t.hoc_ky1?,
                    Term::HocKy2 => t.hoc_ky2?,
                    Term::CaNam => t.ca_nam?,
                };
                comments_failed += usize::from(level == MucNhanXet::ChuaDat);
            }
        }
    }
    let all_at_least = |t: u8| averages.iter().all(|d| d.tenths() >= t);
    let count_at_least = |t: u8| averages.iter().filter(|d| d.tenths() >= t).count();
    Some(if comments_failed == 0 && all_at_least(65) && count_at_least(80) >= 6 {
        MucDanhGia::Tot
    } else if comments_failed == 0 && all_at_least(50) && count_at_least(65) >= 6 {
        MucDanhGia::Kha
    } else if comments_failed <= 1 && count_at_least(50) >= 6 && all_at_least(35) {
        MucDanhGia::Dat
    } else {
        MucDanhGia::ChuaDat
    })
}

/// Whether the grade is completed after a supplementary assessment (Thông tư 27/2020, articles 9
/// and 11): every subject not exempted at Hoàn thành or better and every tested subject scored 5 or
/// more, each with its supplementary level and score where it was assessed again, and every quality
/// and competency at Đạt or better. `None` when a level or score it needs is absent.
pub fn completion_after_supplementary(p: &PrimaryYear, b: &SupplementaryAssessment) -> Option<bool> {
    let mut completed = true;
    for s in p.mon_hoc.iter().filter(|s| !s.mien_hoc) {
        let again = b.mon_hoc.iter().find(|a| a.ma_mon_hoc == s.ma_mon_hoc);
        let level = match again {
            Some(a) => a.muc_dat,
            None => s.muc_dat.cuoi_nam?,
        };
        completed &= level != MucDatTieuHoc::ChuaHoanThanh;
        if s.ma_mon_hoc.has_primary_test() {
            let score = match again.and_then(|a| a.diem_kiem_tra) {
                Some(score) => score,
                None => s.diem_kiem_tra.cuoi_nam?,
            };
            completed &= score.value() >= 5;
        }
    }
    for level in p.pham_chat.iter().map(|q| q.muc_dat.cuoi_nam).chain(p.nang_luc.iter().map(|c| c.muc_dat.cuoi_nam)) {
        completed &= level? != MucPhamChatNangLuc::CanCoGang;
    }
    Some(completed)
}

/// The year result of a primary pupil (Thông tư 27/2020, Điều 9), from the end-of-year levels and
/// test scores; `None` when one is missing.
/// Hoàn thành xuất sắc: Hoàn thành tốt with every end-of-year test at 9 or more. Hoàn thành tốt:
/// every subject Hoàn thành tốt, every quality and competency Tốt, every test 7 or more.
/// Hoàn thành: every subject at least Hoàn thành, qualities and competencies at least Đạt, tests
/// 5 or more. Otherwise Chưa hoàn thành.
pub fn primary_result(p: &PrimaryYear) -> Option<KetQuaGiaoDucTieuHoc> {
    let mut levels = Vec::new();
    let mut scores = Vec::new();
    for s in p.mon_hoc.iter().filter(|s| !s.mien_hoc) {
        levels.push(s.muc_dat.cuoi_nam?);
        if s.ma_mon_hoc.has_primary_test() {
            scores.push(s.diem_kiem_tra.cuoi_nam?.value());
        }
    }
    let mut qualities = Vec::new();
    for q in &p.pham_chat {
        qualities.push(q.muc_dat.cuoi_nam?);
    }
    for c in &p.nang_luc {
        qualities.push(c.muc_dat.cuoi_nam?);
    }
    let all_tot = levels.iter().all(|l| *l == MucDatTieuHoc::HoanThanhTot)
        && qualities.iter().all(|q| *q == MucPhamChatNangLuc::Tot);
    let min_score = scores.iter().copied().min().unwrap_or(10);
    Some(if all_tot && min_score >= 9 {
        KetQuaGiaoDucTieuHoc::HoanThanhXuatSac
    } else if all_tot && min_score >= 7 {
        KetQuaGiaoDucTieuHoc::HoanThanhTot
    } else if levels.iter().all(|l| *l != MucDatTieuHoc::ChuaHoanThanh)
        && qualities.iter().all(|q| *q != MucPhamChatNangLuc::CanCoGang)
        && min_score >= 5
    {
        KetQuaGiaoDucTieuHoc::HoanThanh
    } else {
        KetQuaGiaoDucTieuHoc::ChuaHoanThanh
    })
}
