//! The transcript as typed data. Field names follow the Ministry's catalogue (in Rust's snake case);
//! the XML element of each field is named in its doc comment.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::codes::{
    CapHoc, DanhHieu, GioiTinh, KetQuaGiaoDucTieuHoc, KhenThuongTieuHoc, MonHoc, MucDanhGia, MucDatTieuHoc, MucNhanXet,
    MucPhamChatNangLuc, NangLuc, PhamChat, SuKien,
};
use crate::time::UtcTime;

/// A whole transcript of one level (grades 1-5 or 6-9): `HocBa`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    /// `ThongTinBanGhi`: the sync envelope (not signed; see `schemas/PROFILE.md`).
    pub envelope: Envelope,
    /// `ThongTinHocBa`.
    pub header: Header,
    /// `QuaTrinhHocTap`, one per school year, oldest first; each is what its signers sign.
    pub years: Vec<SchoolYear>,
}

impl Transcript {
    /// The student as the latest year records them.
    pub fn student(&self) -> Option<&Student> {
        self.years.last().map(|y| &y.student)
    }
}

/// `ThongTinBanGhi`: how the record travels to the national data centre.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// `IdBanGhi`.
    pub id_ban_ghi: String,
    /// `SuKien`.
    pub su_kien: SuKien,
    /// `PhienBan`: incremented by the sender; the receiver drops lower versions.
    pub phien_ban: u32,
    /// `ThoiGianCapNhat`, written in Vietnamese time with its offset.
    #[serde(with = "utc_time")]
    pub thoi_gian_cap_nhat: UtcTime,
}

/// `ThongTinHocBa`: the transcript's identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// `MaDinhDanhHocBa`.
    pub ma_dinh_danh_hoc_ba: String,
    /// `TrangThaiThongTinHocBa`: the sender's status code, kept as written.
    pub trang_thai_thong_tin_hoc_ba: String,
    /// `MaSoGD`: the provincial department of education.
    pub ma_so_gd: String,
    /// `MaCapHoc`.
    pub ma_cap_hoc: CapHoc,
    /// `ChucVuGiamHieu`: title of the school leader who signs (Hiệu trưởng, Phó Hiệu trưởng).
    pub chuc_vu_giam_hieu: String,
    /// `DiaDanhPhatHanh`: place of issue.
    pub dia_danh_phat_hanh: String,
}

/// `HocSinh`: the student, as one year's signers attest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Student {
    /// `MaDinhDanh`: the 12-digit personal identification number.
    pub ma_dinh_danh: String,
    /// `MaHocSinh`: the sector database's student code.
    pub ma_hoc_sinh: String,
    /// `HoVaTen`.
    pub ho_va_ten: String,
    /// `NgaySinh`.
    pub ngay_sinh: Date,
    /// `GioiTinh`.
    pub gioi_tinh: GioiTinh,
    /// `DanToc`.
    pub dan_toc: String,
    /// `QuocTich`.
    pub quoc_tich: String,
    /// `HoTenCha`.
    pub ho_ten_cha: Option<String>,
    /// `HoTenMe`.
    pub ho_ten_me: Option<String>,
    /// `HoTenNguoiGiamHo`.
    pub ho_ten_nguoi_giam_ho: Option<String>,
    /// `DoiTuongChinhSach`.
    pub doi_tuong_chinh_sach: Option<String>,
    /// `CoKhuyetTatKhongDanhGia`: disabled and exempt from assessment; results may then be absent.
    pub co_khuyet_tat_khong_danh_gia: bool,
}

/// `Truong`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct School {
    /// `MaTruong`.
    pub ma_truong: String,
    /// `TenTruong`.
    pub ten_truong: String,
    /// `MaSoGD`.
    pub ma_so_gd: String,
}

/// `ChuyenDen`: the student came from another school during or before this year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// `NgayChuyen`.
    pub ngay_chuyen: Date,
    /// `TruongCu`: the school left.
    pub truong_cu: School,
    /// `LyDo`.
    pub ly_do: Option<String>,
}

/// `ChungChi`: a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// `LoaiChungChi`.
    pub loai_chung_chi: String,
    /// `TenChungChi`.
    pub ten_chung_chi: String,
    /// `NgayCap`.
    pub ngay_cap: Date,
    /// `NoiCap`.
    pub noi_cap: String,
}

/// `QuaTrinhHocTap`: one school year, the unit each year's GVCN and principal sign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolYear {
    /// The `Id` attribute the signatures reference.
    pub id: String,
    /// `NamHoc`.
    pub nam_hoc: SchoolYearName,
    /// `MaKhoi`: the grade, 1-9.
    pub ma_khoi: u8,
    /// `Lop`.
    pub lop: String,
    /// `Truong`.
    pub truong: School,
    /// `GiaoVienChuNhiem`.
    pub giao_vien_chu_nhiem: String,
    /// `HieuTruong`: the school leader who signs.
    pub hieu_truong: String,
    /// `HocSinh`.
    pub student: Student,
    /// `ChuyenDen`.
    pub chuyen_den: Option<Transfer>,
    /// `KetQuaTieuHoc` or `KetQuaTHCS`.
    pub ket_qua: YearResults,
    /// `ChungChi`.
    pub chung_chi: Vec<Certificate>,
    /// `KhenThuongKhac`: other awards, as written.
    pub khen_thuong_khac: Vec<String>,
    /// `NhanXetGVCN`.
    pub nhan_xet_gvcn: Option<String>,
    /// `XacNhanHieuTruong`.
    pub xac_nhan_hieu_truong: Option<String>,
}

impl SchoolYear {
    /// The subjects whose teacher signs them (those with an `Id`), in the year's order: each has a
    /// `GVBM` signature place (`schemas/PROFILE.md`).
    pub fn subjects_signed_by_their_teacher(&self) -> Vec<MonHoc> {
        match &self.ket_qua {
            YearResults::TieuHoc(p) => p.mon_hoc.iter().filter(|s| s.id.is_some()).map(|s| s.ma_mon_hoc).collect(),
            YearResults::Thcs(y) => y.mon_hoc.iter().filter(|s| s.id.is_some()).map(|s| s.ma_mon_hoc).collect(),
        }
    }

    /// The subject `subject`'s `Id` and its teacher's name as the year records it (secondary
    /// subjects record `GiaoVien`), if the year has that subject.
    pub fn subject(&self, subject: MonHoc) -> Option<(Option<&str>, Option<&str>)> {
        match &self.ket_qua {
            YearResults::TieuHoc(p) => {
                p.mon_hoc.iter().find(|s| s.ma_mon_hoc == subject).map(|s| (s.id.as_deref(), None))
            }
            YearResults::Thcs(y) => {
                y.mon_hoc.iter().find(|s| s.ma_mon_hoc == subject).map(|s| (s.id.as_deref(), s.giao_vien.as_deref()))
            }
        }
    }
}

/// The year's assessments under the level's circular.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearResults {
    /// `KetQuaTieuHoc` (Thông tư 27/2020).
    TieuHoc(PrimaryYear),
    /// `KetQuaTHCS` (Thông tư 22/2021).
    Thcs(SecondaryYear),
}

/// The four periodic assessments of primary school.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Periodic<T> {
    /// `GiuaHocKy1`.
    pub giua_hk1: Option<T>,
    /// `CuoiHocKy1`.
    pub cuoi_hk1: Option<T>,
    /// `GiuaHocKy2`.
    pub giua_hk2: Option<T>,
    /// `CuoiNam`.
    pub cuoi_nam: Option<T>,
}

impl<T> Default for Periodic<T> {
    fn default() -> Self {
        Periodic { giua_hk1: None, cuoi_hk1: None, giua_hk2: None, cuoi_nam: None }
    }
}

/// `KetQuaTieuHoc`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrimaryYear {
    /// `MonHoc`: subjects and educational activities.
    pub mon_hoc: Vec<PrimarySubject>,
    /// `PhamChat`.
    pub pham_chat: Vec<QualityLevel>,
    /// `NangLuc`.
    pub nang_luc: Vec<CompetencyLevel>,
    /// `KetQuaGiaoDuc`.
    pub ket_qua_giao_duc: Option<KetQuaGiaoDucTieuHoc>,
    /// `HoanThanhChuongTrinhLopHoc`.
    pub hoan_thanh_chuong_trinh_lop_hoc: Option<bool>,
    /// `HoanThanhChuongTrinhTieuHoc` (grade 5).
    pub hoan_thanh_chuong_trinh_tieu_hoc: Option<bool>,
    /// `DuocLenLop`: promoted, as decided at the end of the year (before any supplementary
    /// assessment).
    pub duoc_len_lop: Option<bool>,
    /// `DanhGiaBoSung`: the supplementary assessment after the summer, for a pupil not confirmed
    /// as completing the grade at the end of the year.
    #[serde(default)]
    pub danh_gia_bo_sung: Option<SupplementaryAssessment>,
    /// `KhenThuong`.
    pub khen_thuong: Vec<KhenThuongTieuHoc>,
}

/// `DanhGiaBoSung` (Thông tư 27/2020, article 11, clause 3): a pupil not confirmed as completing
/// the grade is helped during the summer and assessed again in the subjects not completed; the
/// completion and promotion decided after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplementaryAssessment {
    /// `MonHoc`: the subjects assessed again (at least one).
    pub mon_hoc: Vec<SupplementarySubject>,
    /// `HoanThanhChuongTrinhLopHoc`: the grade completed after the supplementary assessment.
    pub hoan_thanh_chuong_trinh_lop_hoc: bool,
    /// `HoanThanhChuongTrinhTieuHoc` (grade 5): primary completed after it.
    pub hoan_thanh_chuong_trinh_tieu_hoc: Option<bool>,
    /// `DuocLenLop`: promoted after it (article 11, clause 4: the principal decides for a pupil who
    /// still has not completed the grade).
    pub duoc_len_lop: Option<bool>,
}

/// `MonHoc` of a supplementary assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplementarySubject {
    /// `MaMonHoc`: one of the year's subjects.
    pub ma_mon_hoc: MonHoc,
    /// `MucDat`: the level reached at the supplementary assessment.
    pub muc_dat: MucDatTieuHoc,
    /// `DiemKiemTra`: the supplementary test score, for subjects with a periodic test.
    pub diem_kiem_tra: Option<DiemTieuHoc>,
}

/// `MonHoc` in primary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrimarySubject {
    /// The `Id` attribute a subject teacher's signature references (`schemas/PROFILE.md`: its
    /// teacher signs the subject, `{year Id}-{MaMonHoc}`); none when only the GVCN and the principal sign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `MaMonHoc`.
    pub ma_mon_hoc: MonHoc,
    /// `MienHoc`: exempt from the subject.
    pub mien_hoc: bool,
    /// `MucDat`.
    pub muc_dat: Periodic<MucDatTieuHoc>,
    /// `DiemKiemTra`: test scores (end of term; mid-term Tiếng Việt and Toán in grades 4-5).
    pub diem_kiem_tra: Periodic<DiemTieuHoc>,
    /// `NhanXet`.
    pub nhan_xet: Option<String>,
}

/// `PhamChat`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualityLevel {
    /// `Ma`.
    pub ma: PhamChat,
    /// `MucDat`.
    pub muc_dat: Periodic<MucPhamChatNangLuc>,
}

/// `NangLuc`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompetencyLevel {
    /// `Ma`.
    pub ma: NangLuc,
    /// `MucDat`.
    pub muc_dat: Periodic<MucPhamChatNangLuc>,
}

/// Per term and for the year (`HocKy1`, `HocKy2`, `CaNam`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermResults<T> {
    /// `HocKy1`: the first term.
    pub hoc_ky1: Option<T>,
    /// `HocKy2`: the second term.
    pub hoc_ky2: Option<T>,
    /// `CaNam`: the whole year.
    pub ca_nam: Option<T>,
}

impl<T> Default for TermResults<T> {
    fn default() -> Self {
        TermResults { hoc_ky1: None, hoc_ky2: None, ca_nam: None }
    }
}

/// `KetQuaTHCS`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecondaryYear {
    /// `MonHoc`.
    pub mon_hoc: Vec<SecondarySubject>,
    /// `KetQuaHocTap`.
    pub ket_qua_hoc_tap: TermResults<MucDanhGia>,
    /// `KetQuaRenLuyen`.
    pub ket_qua_ren_luyen: TermResults<MucDanhGia>,
    /// `SoBuoiNghi`: sessions absent in the year.
    pub so_buoi_nghi: Option<u16>,
    /// `DanhHieu`.
    pub danh_hieu: Option<DanhHieu>,
    /// `DuocLenLop`: promoted (grade 9: completed the programme), before any re-test.
    pub duoc_len_lop: Option<bool>,
    /// `KiemTraLai`: the outcome of re-tests in the summer.
    pub kiem_tra_lai: Option<ReTestOutcome>,
    /// `RenLuyenTrongHe`: the outcome of summer conduct training.
    pub ren_luyen_trong_he: Option<SummerTraining>,
}

/// `MonHoc` in lower secondary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecondarySubject {
    /// The `Id` attribute a subject teacher's signature references, as in [`PrimarySubject::id`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `MaMonHoc`.
    pub ma_mon_hoc: MonHoc,
    /// `GiaoVien`: the subject teacher.
    pub giao_vien: Option<String>,
    /// `MienHoc`: exempt from the subject.
    pub mien_hoc: bool,
    /// `DiemSo` or `NhanXetMucDat`.
    pub danh_gia: SubjectAssessment,
    /// `KiemTraLai`: the re-test of this subject.
    pub kiem_tra_lai: Option<ReTestResult>,
    /// `NhanXet`.
    pub nhan_xet: Option<String>,
}

/// How a secondary subject is assessed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectAssessment {
    /// `DiemSo`: scored subjects.
    DiemSo(TermResultsScored),
    /// `NhanXetMucDat`: comment-only subjects.
    NhanXet(TermResults<MucNhanXet>),
}

/// `DiemSo`: both terms' assessments and the year average.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermResultsScored {
    /// `HocKy1`.
    pub hoc_ky1: TermScores,
    /// `HocKy2`.
    pub hoc_ky2: TermScores,
    /// `DTBCaNam`: ĐTBmcn.
    pub dtb_ca_nam: Option<Diem>,
}

/// One term's scores.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermScores {
    /// `DDGtx`: regular assessments ĐĐGtx, weight 1.
    pub ddg_tx: Vec<Diem>,
    /// `DDGgk`: mid-term ĐĐGgk, weight 2.
    pub ddg_gk: Option<Diem>,
    /// `DDGck`: end-of-term ĐĐGck, weight 3.
    pub ddg_ck: Option<Diem>,
    /// `DTBmhk`: the term average.
    pub dtb_mhk: Option<Diem>,
}

/// `KiemTraLai` of a subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReTestResult {
    /// `Diem`.
    Diem(Diem),
    /// `MucDat`.
    MucDat(MucNhanXet),
}

/// `KiemTraLai` of the year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReTestOutcome {
    /// `KetQuaHocTap`: the year's learning result after the re-tests.
    pub ket_qua_hoc_tap: MucDanhGia,
    /// `DuocLenLop`.
    pub duoc_len_lop: bool,
}

/// `RenLuyenTrongHe`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummerTraining {
    /// `KetQuaRenLuyen`: the conduct result after the summer.
    pub ket_qua_ren_luyen: MucDanhGia,
    /// `DuocLenLop`.
    pub duoc_len_lop: bool,
}

/// A secondary score 0-10 with at most one decimal, held in tenths so that arithmetic is exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diem(u8);

impl Diem {
    /// The score of `tenths` tenths (0..=100).
    pub const fn from_tenths(tenths: u8) -> Option<Self> {
        if tenths <= 100 { Some(Diem(tenths)) } else { None }
    }

    /// The score in tenths: `85` for 8.5.
    pub const fn tenths(self) -> u8 {
        self.0
    }

    /// Reads `8`, `8.5`, `10.0`. A second decimal, a sign, an exponent or a value above 10 is refused.
    pub fn parse(text: &str) -> Result<Self, ScoreError> {
        let (whole, fraction) = match text.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (text, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || fraction.is_some_and(|f| !digits(f)) || whole.len() > 3 {
            return Err(ScoreError::NotANumber);
        }
        let tenth = match fraction.map(str::as_bytes) {
            None => 0,
            Some([d]) => d - b'0',
            Some(_) => return Err(ScoreError::TooManyDecimals),
        };
        let whole: u16 = whole.parse().map_err(|_| ScoreError::NotANumber)?;
        if whole > 10 || (whole == 10 && tenth > 0) {
            return Err(ScoreError::OutOfRange);
        }
        Ok(Diem(whole as u8 * 10 + tenth))
    }
}

impl fmt::Display for Diem {
    /// Always one decimal: `8.0`, `6.5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl Serialize for Diem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(f64::from(self.0) / 10.0)
    }
}

impl<'de> Deserialize<'de> for Diem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        let tenths = (value * 10.0).round();
        if !(0.0..=100.0).contains(&tenths) || (value * 10.0 - tenths).abs() > 1e-6 {
            return Err(serde::de::Error::custom(format_args!("{value} is not a score 0-10 with one decimal")));
        }
        Ok(Diem(tenths as u8))
    }
}

/// A primary test score: an integer 1-10 (Thông tư 27/2020 gives no 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct DiemTieuHoc(u8);

impl DiemTieuHoc {
    /// The score `value`, if it is 1-10.
    pub const fn new(value: u8) -> Option<Self> {
        if value >= 1 && value <= 10 { Some(DiemTieuHoc(value)) } else { None }
    }

    /// The score, 1-10.
    pub const fn value(self) -> u8 {
        self.0
    }

    /// Reads `1` to `10`. A decimal, a sign, a 0 or a value above 10 is refused.
    pub fn parse(text: &str) -> Result<Self, ScoreError> {
        if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(if text.contains('.') { ScoreError::NotAnInteger } else { ScoreError::NotANumber });
        }
        match text.parse::<u8>() {
            Ok(0) => Err(ScoreError::PrimaryZero),
            Ok(v) => DiemTieuHoc::new(v).ok_or(ScoreError::OutOfRange),
            Err(_) => Err(ScoreError::NotANumber),
        }
    }
}

impl fmt::Display for DiemTieuHoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for DiemTieuHoc {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = u8::deserialize(deserializer)?;
        DiemTieuHoc::new(value).ok_or_else(|| serde::de::Error::custom(format_args!("{value} is not a score 1-10")))
    }
}

/// Why a score was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreError {
    /// Not a plain decimal number (a sign, an exponent, letters, nothing).
    NotANumber,
    /// A primary score with a decimal: primary scores are integers.
    NotAnInteger,
    /// More than one decimal.
    TooManyDecimals,
    /// Above 10.
    OutOfRange,
    /// A primary score of 0: the primary scale is 1-10.
    PrimaryZero,
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, if it exists (years 1900-2999).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2999).contains(&year) && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD`; `None` if the text has another form or the date does not exist.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            b[r.clone()].iter().all(u8::is_ascii_digit).then(|| text[r].parse().ok())?
        };
        Date::new(num(0..4)?, u8::try_from(num(5..7)?).ok()?, u8::try_from(num(8..10)?).ok()?)
    }

    /// The year, 1900-2999.
    pub const fn year(self) -> u16 {
        self.year
    }
    /// The month, 1-12.
    pub const fn month(self) -> u8 {
        self.month
    }
    /// The day of the month, from 1.
    pub const fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| serde::de::Error::custom(format_args!("{text:?} is not a date YYYY-MM-DD")))
    }
}

/// A school year, `2021-2022`: from September of the first year to the summer of the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolYearName {
    start: u16,
}

impl SchoolYearName {
    /// The year starting in `start` (1900-2998).
    pub fn new(start: u16) -> Option<Self> {
        (1900..2999).contains(&start).then_some(SchoolYearName { start })
    }

    /// The calendar year it starts in: `2021` for `2021-2022`.
    pub const fn start(self) -> u16 {
        self.start
    }

    /// `YYYY-YYYY` with consecutive years.
    pub fn parse(text: &str) -> Option<Self> {
        let (a, b) = text.split_once('-')?;
        let year = |s: &str| (s.len() == 4 && s.bytes().all(|c| c.is_ascii_digit())).then(|| s.parse::<u16>().ok())?;
        let (a, b) = (year(a)?, year(b)?);
        if b != a + 1 {
            return None;
        }
        SchoolYearName::new(a)
    }

    /// The span a date of this year may fall in: 1 August to 31 July (summer re-tests included).
    pub fn contains(self, date: Date) -> bool {
        let first = Date { year: self.start, month: 8, day: 1 };
        let last = Date { year: self.start + 1, month: 7, day: 31 };
        first <= date && date <= last
    }
}

impl fmt::Display for SchoolYearName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.start + 1)
    }
}

impl Serialize for SchoolYearName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SchoolYearName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        SchoolYearName::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format_args!("{text:?} is not a school year YYYY-YYYY")))
    }
}

/// `UtcTime` in JSON: Vietnamese time with its offset, as in XML.
mod utc_time {
    use crate::time::UtcTime;

    pub(super) fn serialize<S: serde::Serializer>(time: &UtcTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&time.to_vietnam_string())
    }

    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<UtcTime, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        UtcTime::parse(&text).map_err(serde::de::Error::custom)
    }
}
