//! Realistic sample transcripts (Vietnamese names, every field the circulars define), built with
//! the circulars' arithmetic so that they validate without findings: for demos, documentation,
//! bindings and tests. `test-vectors/transcripts/` holds them as XML.

use super::codes::*;
use super::model::*;
use super::validate::{Term, learning_result, primary_result, term_average, year_average};
use crate::time::UtcTime;

/// A small deterministic generator: the samples are the same on every run.
struct Scores(u64);

impl Scores {
    /// A value in `low..=high` tenths, in steps of `step` tenths.
    fn next(&mut self, low: u8, high: u8, step: u8) -> u8 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let steps = u64::from((high - low) / step) + 1;
        low + ((self.0 >> 33) % steps) as u8 * step
    }
}

fn d(s: &str) -> Date {
    Date::parse(s).expect("sample dates are valid")
}

fn school(ma: &str, ten: &str) -> School {
    School { ma_truong: ma.into(), ten_truong: ten.into(), ma_so_gd: "01".into() }
}

fn envelope(id: &str) -> Envelope {
    Envelope {
        id_ban_ghi: id.into(),
        su_kien: SuKien::New,
        phien_ban: 1,
        thoi_gian_cap_nhat: UtcTime::parse("2026-06-15T09:30:00+07:00").expect("valid time"),
    }
}

fn header(id: &str, level: CapHoc) -> Header {
    Header {
        ma_dinh_danh_hoc_ba: id.into(),
        trang_thai_thong_tin_hoc_ba: "1".into(),
        ma_so_gd: "01".into(),
        ma_cap_hoc: level,
        chuc_vu_giam_hieu: "Hiệu trưởng".into(),
        dia_danh_phat_hanh: "Hà Nội".into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn year(
    id: &str,
    start: u16,
    grade: u8,
    lop: &str,
    truong: &School,
    gvcn: &str,
    hieu_truong: &str,
    student: &Student,
    ket_qua: YearResults,
) -> SchoolYear {
    SchoolYear {
        id: id.into(),
        nam_hoc: SchoolYearName::new(start).expect("valid year"),
        ma_khoi: grade,
        lop: lop.into(),
        truong: truong.clone(),
        giao_vien_chu_nhiem: gvcn.into(),
        hieu_truong: hieu_truong.into(),
        student: student.clone(),
        chuyen_den: None,
        ket_qua,
        chung_chi: Vec::new(),
        khen_thuong_khac: Vec::new(),
        nhan_xet_gvcn: Some("Em ngoan, lễ phép, chăm chỉ học tập; cần mạnh dạn phát biểu hơn.".into()),
        xac_nhan_hieu_truong: Some("Đồng ý với nhận xét của giáo viên chủ nhiệm.".into()),
    }
}

fn primary_student() -> Student {
    Student {
        ma_dinh_danh: "001316012345".into(),
        ma_hoc_sinh: "0100123456".into(),
        ho_va_ten: "Nguyễn Thị Ánh Dương".into(),
        ngay_sinh: d("2016-09-02"),
        gioi_tinh: GioiTinh::Nu,
        dan_toc: "Kinh".into(),
        quoc_tich: "Việt Nam".into(),
        ho_ten_cha: Some("Nguyễn Văn Hùng".into()),
        ho_ten_me: Some("Trần Thị Hương".into()),
        ho_ten_nguoi_giam_ho: None,
        doi_tuong_chinh_sach: None,
        co_khuyet_tat_khong_danh_gia: false,
    }
}

/// The subjects of a primary grade (Chương trình GDPT 2018).
fn primary_subjects(grade: u8) -> Vec<MonHoc> {
    let mut subjects = vec![MonHoc::TiengViet, MonHoc::Toan, MonHoc::DaoDuc];
    if grade >= 3 {
        subjects.push(MonHoc::NgoaiNgu1);
    }
    if grade <= 3 {
        subjects.push(MonHoc::TuNhienXaHoi);
    } else {
        subjects.extend([MonHoc::LichSuDiaLi, MonHoc::KhoaHoc]);
    }
    if grade >= 3 {
        subjects.push(MonHoc::TinHocCongNghe);
    }
    subjects.extend([MonHoc::AmNhac, MonHoc::MiThuat, MonHoc::GiaoDucTheChat, MonHoc::HoatDongTraiNghiem]);
    subjects
}

fn primary_year(grade: u8, scores: &mut Scores) -> PrimaryYear {
    let tested = |s: MonHoc| s.has_primary_test() && (grade >= 3 || matches!(s, MonHoc::TiengViet | MonHoc::Toan));
    let mon_hoc = primary_subjects(grade)
        .into_iter()
        .map(|s| {
            let level = Some(MucDatTieuHoc::HoanThanhTot);
            let score = |scores: &mut Scores| DiemTieuHoc::new(scores.next(9, 10, 1));
            let mid = grade >= 4 && matches!(s, MonHoc::TiengViet | MonHoc::Toan);
            PrimarySubject {
                id: None,
                ma_mon_hoc: s,
                mien_hoc: false,
                muc_dat: Periodic { giua_hk1: level, cuoi_hk1: level, giua_hk2: level, cuoi_nam: level },
                diem_kiem_tra: if tested(s) {
                    Periodic {
                        giua_hk1: if mid { score(scores) } else { None },
                        cuoi_hk1: score(scores),
                        giua_hk2: if mid { score(scores) } else { None },
                        cuoi_nam: score(scores),
                    }
                } else {
                    Periodic::default()
                },
                nhan_xet: Some(format!("Hoàn thành tốt nội dung môn {}.", s.label_vi())),
            }
        })
        .collect();
    let tot = Some(MucPhamChatNangLuc::Tot);
    let all = Periodic { giua_hk1: tot, cuoi_hk1: tot, giua_hk2: tot, cuoi_nam: tot };
    let mut year = PrimaryYear {
        mon_hoc,
        pham_chat: PhamChat::ALL.iter().map(|&ma| QualityLevel { ma, muc_dat: all.clone() }).collect(),
        nang_luc: NangLuc::ALL.iter().map(|&ma| CompetencyLevel { ma, muc_dat: all.clone() }).collect(),
        ket_qua_giao_duc: None,
        hoan_thanh_chuong_trinh_lop_hoc: Some(true),
        hoan_thanh_chuong_trinh_tieu_hoc: (grade == 5).then_some(true),
        duoc_len_lop: (grade < 5).then_some(true),
        danh_gia_bo_sung: None,
        khen_thuong: Vec::new(),
    };
    year.ket_qua_giao_duc = primary_result(&year);
    if year.ket_qua_giao_duc == Some(KetQuaGiaoDucTieuHoc::HoanThanhXuatSac) {
        year.khen_thuong.push(KhenThuongTieuHoc::HocSinhXuatSac);
    }
    year
}

/// A full primary transcript, grades 1-5, 2021-2022 to 2025-2026, one school.
pub fn primary() -> Transcript {
    let student = primary_student();
    let truong = school("01001234", "Trường Tiểu học Đoàn Thị Điểm");
    let teachers = ["Lê Thị Mai", "Phạm Thu Hà", "Đặng Minh Thư", "Vũ Thị Lan", "Hoàng Văn Đức"];
    let mut scores = Scores(2021);
    let years = (1..=5u8)
        .map(|grade| {
            let start = 2020 + u16::from(grade);
            year(
                &format!("QTHT-{start}-{}", start + 1),
                start,
                grade,
                &format!("{grade}A1"),
                &truong,
                teachers[usize::from(grade) - 1],
                "Ngô Thị Bích Ngọc",
                &student,
                YearResults::TieuHoc(primary_year(grade, &mut scores)),
            )
        })
        .collect();
    Transcript {
        envelope: envelope("HB-TH-0100123456"),
        header: header("HB01-TH-2021-0100123456", CapHoc::TieuHoc),
        years,
    }
}

/// Scored subjects with their number of regular assessments per term (by periods per year).
const THCS_SCORED: [(MonHoc, usize); 8] = [
    (MonHoc::NguVan, 4),
    (MonHoc::Toan, 4),
    (MonHoc::NgoaiNgu1, 4),
    (MonHoc::GiaoDucCongDan, 2),
    (MonHoc::LichSuDiaLi, 4),
    (MonHoc::KhoaHocTuNhien, 4),
    (MonHoc::CongNghe, 3),
    (MonHoc::TinHoc, 2),
];

const THCS_COMMENTED: [MonHoc; 4] =
    [MonHoc::GiaoDucTheChat, MonHoc::NgheThuat, MonHoc::HoatDongTraiNghiemHuongNghiep, MonHoc::GiaoDucDiaPhuong];

fn term_scores(scores: &mut Scores, n: usize, low: u8, high: u8) -> TermScores {
    let mut term = TermScores {
        ddg_tx: (0..n).map(|_| Diem::from_tenths(scores.next(low, high, 5)).expect("0-10")).collect(),
        ddg_gk: Diem::from_tenths(scores.next(low, high, 5)),
        ddg_ck: Diem::from_tenths(scores.next(low, high, 5)),
        dtb_mhk: None,
    };
    term.dtb_mhk = term_average(&term);
    term
}

/// A THCS year; `weak` subjects score low (for the re-test sample).
fn secondary_year(scores: &mut Scores, teachers: &[&str; 8], weak: &[MonHoc]) -> SecondaryYear {
    let mut mon_hoc: Vec<SecondarySubject> = THCS_SCORED
        .iter()
        .zip(teachers)
        .map(|(&(ma, n), teacher)| {
            let (low, high) = if weak.contains(&ma) { (10, 40) } else { (75, 100) };
            let hoc_ky1 = term_scores(scores, n, low, high);
            let hoc_ky2 = term_scores(scores, n, low, high);
            let dtb_ca_nam = hoc_ky1.dtb_mhk.zip(hoc_ky2.dtb_mhk).map(|(a, b)| year_average(a, b));
            SecondarySubject {
                id: None,
                ma_mon_hoc: ma,
                giao_vien: Some((*teacher).into()),
                mien_hoc: false,
                danh_gia: SubjectAssessment::DiemSo(TermResultsScored { hoc_ky1, hoc_ky2, dtb_ca_nam }),
                kiem_tra_lai: None,
                nhan_xet: Some("Tiếp thu bài tốt, làm bài cẩn thận.".into()),
            }
        })
        .collect();
    let dat = Some(MucNhanXet::Dat);
    mon_hoc.extend(THCS_COMMENTED.iter().map(|&ma| SecondarySubject {
        id: None,
        ma_mon_hoc: ma,
        giao_vien: Some("Trịnh Văn Sơn".into()),
        mien_hoc: false,
        danh_gia: SubjectAssessment::NhanXet(TermResults { hoc_ky1: dat, hoc_ky2: dat, ca_nam: dat }),
        kiem_tra_lai: None,
        nhan_xet: Some("Tích cực tham gia.".into()),
    }));
    let ket_qua_hoc_tap = TermResults {
        hoc_ky1: learning_result(&mon_hoc, Term::HocKy1),
        hoc_ky2: learning_result(&mon_hoc, Term::HocKy2),
        ca_nam: learning_result(&mon_hoc, Term::CaNam),
    };
    let tot = Some(MucDanhGia::Tot);
    let ca_nam = ket_qua_hoc_tap.ca_nam;
    let excellent = mon_hoc
        .iter()
        .filter(
            |s| matches!(&s.danh_gia, SubjectAssessment::DiemSo(d) if d.dtb_ca_nam.is_some_and(|a| a.tenths() >= 90)),
        )
        .count()
        >= 6;
    SecondaryYear {
        mon_hoc,
        ket_qua_ren_luyen: TermResults { hoc_ky1: tot, hoc_ky2: tot, ca_nam: tot },
        so_buoi_nghi: Some(2),
        danh_hieu: match ca_nam {
            Some(MucDanhGia::Tot) if excellent => Some(DanhHieu::HocSinhXuatSac),
            Some(MucDanhGia::Tot) => Some(DanhHieu::HocSinhGioi),
            _ => None,
        },
        duoc_len_lop: Some(ca_nam != Some(MucDanhGia::ChuaDat)),
        ket_qua_hoc_tap,
        kiem_tra_lai: None,
        ren_luyen_trong_he: None,
    }
}

fn secondary_student() -> Student {
    Student {
        ma_dinh_danh: "001211098765".into(),
        ma_hoc_sinh: "0100765432".into(),
        ho_va_ten: "Trần Đức Minh Khôi".into(),
        ngay_sinh: d("2011-03-17"),
        gioi_tinh: GioiTinh::Nam,
        dan_toc: "Kinh".into(),
        quoc_tich: "Việt Nam".into(),
        ho_ten_cha: Some("Trần Quốc Tuấn".into()),
        ho_ten_me: Some("Lê Thị Thanh Huyền".into()),
        ho_ten_nguoi_giam_ho: None,
        doi_tuong_chinh_sach: None,
        co_khuyet_tat_khong_danh_gia: false,
    }
}

/// A THCS transcript, grades 6-9, 2022-2023 to 2025-2026, with a transfer between schools before
/// grade 8.
pub fn secondary_with_transfer() -> Transcript {
    let student = secondary_student();
    let first = school("01002345", "Trường THCS Trưng Vương");
    let second = school("79004567", "Trường THCS Nguyễn Du");
    let teachers = [
        "Phan Thị Ngọc",
        "Đỗ Văn Toàn",
        "Bùi Thị Hạnh",
        "Lý Minh Tâm",
        "Cao Thị Hồng",
        "Mai Văn Khoa",
        "Tạ Thị Yến",
        "Hà Quang Vinh",
    ];
    let mut scores = Scores(2022);
    let years = (6..=9u8)
        .map(|grade| {
            let start = 2016 + u16::from(grade);
            let (truong, principal, gvcn) = if grade < 8 {
                (&first, "Nguyễn Thị Thu Trang", ["Phan Thị Ngọc", "Đỗ Văn Toàn"][usize::from(grade) - 6])
            } else {
                (&second, "Võ Thành Nhân", ["Huỳnh Thị Kim Anh", "Lâm Quốc Bảo"][usize::from(grade) - 8])
            };
            let mut y = year(
                &format!("QTHT-{start}-{}", start + 1),
                start,
                grade,
                &format!("{grade}A2"),
                truong,
                gvcn,
                principal,
                &student,
                YearResults::Thcs(secondary_year(&mut scores, &teachers, &[])),
            );
            if grade == 8 {
                y.chuyen_den = Some(Transfer {
                    ngay_chuyen: d("2024-08-20"),
                    truong_cu: first.clone(),
                    ly_do: Some("Gia đình chuyển nơi cư trú vào Thành phố Hồ Chí Minh.".into()),
                });
            }
            if grade == 9 {
                y.chung_chi.push(Certificate {
                    loai_chung_chi: "NGOAINGU".into(),
                    ten_chung_chi: "Cambridge A2 Key (KET)".into(),
                    ngay_cap: d("2026-03-10"),
                    noi_cap: "Cambridge Assessment English".into(),
                });
                y.khen_thuong_khac.push("Giải Nhì học sinh giỏi Toán cấp quận".into());
            }
            y
        })
        .collect();
    Transcript {
        envelope: envelope("HB-THCS-0100765432"),
        header: header("HB01-THCS-2022-0100765432", CapHoc::Thcs),
        years,
    }
}

/// A THCS student whose grade-7 learning result is Chưa đạt, re-tested in Toán and Ngoại ngữ 1 in
/// the summer and then promoted.
pub fn secondary_retest() -> Transcript {
    let mut student = secondary_student();
    student.ma_dinh_danh = "001211054321".into();
    student.ma_hoc_sinh = "0100543210".into();
    student.ho_va_ten = "Phạm Gia Huy".into();
    let truong = school("01002345", "Trường THCS Trưng Vương");
    let teachers = ["Phan Thị Ngọc"; 8];
    let mut scores = Scores(7);
    let mut grade7 = secondary_year(&mut scores, &teachers, &[MonHoc::Toan, MonHoc::NgoaiNgu1]);
    for s in &mut grade7.mon_hoc {
        if matches!(s.ma_mon_hoc, MonHoc::Toan | MonHoc::NgoaiNgu1) {
            s.kiem_tra_lai = Diem::from_tenths(60).map(ReTestResult::Diem);
        }
    }
    grade7.kiem_tra_lai = Some(ReTestOutcome { ket_qua_hoc_tap: MucDanhGia::Dat, duoc_len_lop: true });
    let years = vec![
        year(
            "QTHT-2022-2023",
            2022,
            6,
            "6A3",
            &truong,
            "Phan Thị Ngọc",
            "Nguyễn Thị Thu Trang",
            &student,
            YearResults::Thcs(secondary_year(&mut scores, &teachers, &[])),
        ),
        year(
            "QTHT-2023-2024",
            2023,
            7,
            "7A3",
            &truong,
            "Đỗ Văn Toàn",
            "Nguyễn Thị Thu Trang",
            &student,
            YearResults::Thcs(grade7),
        ),
    ];
    Transcript {
        envelope: envelope("HB-THCS-0100543210"),
        header: header("HB01-THCS-2022-0100543210", CapHoc::Thcs),
        years,
    }
}

/// A THCS student whose grade-6 conduct is Chưa đạt, trained over the summer (rèn luyện trong hè),
/// then promoted.
pub fn secondary_summer_training() -> Transcript {
    let mut student = secondary_student();
    student.ma_dinh_danh = "001211022222".into();
    student.ma_hoc_sinh = "0100222222".into();
    student.ho_va_ten = "Đinh Thị Thảo Vy".into();
    student.gioi_tinh = GioiTinh::Nu;
    student.dan_toc = "Tày".into();
    let truong = school("01002345", "Trường THCS Trưng Vương");
    let mut grade6 = secondary_year(&mut Scores(66), &["Phan Thị Ngọc"; 8], &[]);
    grade6.ket_qua_ren_luyen = TermResults {
        hoc_ky1: Some(MucDanhGia::Dat),
        hoc_ky2: Some(MucDanhGia::ChuaDat),
        ca_nam: Some(MucDanhGia::ChuaDat),
    };
    grade6.danh_hieu = None;
    grade6.duoc_len_lop = Some(false);
    grade6.ren_luyen_trong_he = Some(SummerTraining { ket_qua_ren_luyen: MucDanhGia::Dat, duoc_len_lop: true });
    let mut year6 = year(
        "QTHT-2025-2026",
        2025,
        6,
        "6A5",
        &truong,
        "Phan Thị Ngọc",
        "Nguyễn Thị Thu Trang",
        &student,
        YearResults::Thcs(grade6),
    );
    year6.nhan_xet_gvcn =
        Some("Em cần rèn luyện thêm ý thức chấp hành nội quy; đã hoàn thành nhiệm vụ rèn luyện trong hè.".into());
    Transcript {
        envelope: envelope("HB-THCS-0100222222"),
        header: header("HB01-THCS-2025-0100222222", CapHoc::Thcs),
        years: vec![year6],
    }
}

/// A primary pupil with a disability, exempt from assessment (`CoKhuyetTatKhongDanhGia`): comments
/// only, no levels, scores or year result; one subject exempted.
pub fn primary_exempt() -> Transcript {
    let mut student = primary_student();
    student.ma_dinh_danh = "001317011111".into();
    student.ma_hoc_sinh = "0100111111".into();
    student.ho_va_ten = "Lê Hoàng Bảo Châu".into();
    student.ngay_sinh = d("2017-11-23");
    student.co_khuyet_tat_khong_danh_gia = true;
    student.doi_tuong_chinh_sach = Some("Học sinh khuyết tật".into());
    let truong = school("01001234", "Trường Tiểu học Đoàn Thị Điểm");
    let mon_hoc = primary_subjects(2)
        .into_iter()
        .map(|s| PrimarySubject {
            id: None,
            ma_mon_hoc: s,
            mien_hoc: s == MonHoc::GiaoDucTheChat,
            muc_dat: Periodic::default(),
            diem_kiem_tra: Periodic::default(),
            nhan_xet: Some("Tiến bộ theo kế hoạch giáo dục cá nhân.".into()),
        })
        .collect();
    let results = PrimaryYear {
        mon_hoc,
        pham_chat: Vec::new(),
        nang_luc: Vec::new(),
        ket_qua_giao_duc: None,
        hoan_thanh_chuong_trinh_lop_hoc: None,
        hoan_thanh_chuong_trinh_tieu_hoc: None,
        duoc_len_lop: Some(true),
        danh_gia_bo_sung: None,
        khen_thuong: Vec::new(),
    };
    let years = vec![year(
        "QTHT-2025-2026",
        2025,
        2,
        "2A4",
        &truong,
        "Lê Thị Mai",
        "Ngô Thị Bích Ngọc",
        &student,
        YearResults::TieuHoc(results),
    )];
    Transcript {
        envelope: envelope("HB-TH-0100111111"),
        header: header("HB01-TH-2024-0100111111", CapHoc::TieuHoc),
        years,
    }
}

/// A primary pupil who did not complete grade 2 in Toán (end-of-year Chưa hoàn thành, test score
/// 4), was helped during the summer and completed it at the supplementary assessment
/// (`DanhGiaBoSung`, Thông tư 27/2020, article 11): grades 1 and 2.
pub fn primary_supplementary() -> Transcript {
    let mut student = primary_student();
    student.ma_dinh_danh = "001215022222".into();
    student.ma_hoc_sinh = "0100222222".into();
    student.ho_va_ten = "Phạm Quốc Huy".into();
    student.ngay_sinh = d("2015-12-08");
    student.gioi_tinh = GioiTinh::Nam;
    student.ho_ten_cha = Some("Phạm Văn Thắng".into());
    student.ho_ten_me = Some("Đỗ Thị Thu Trang".into());
    let truong = school("01001234", "Trường Tiểu học Đoàn Thị Điểm");
    let mut scores = Scores(2022);
    let years = (1..=2u8)
        .map(|grade| {
            let start = 2021 + u16::from(grade);
            let mut results = primary_year(grade, &mut scores);
            if grade == 2 {
                let toan = results.mon_hoc.iter_mut().find(|s| s.ma_mon_hoc == MonHoc::Toan).expect("grade 2 has Toán");
                toan.muc_dat.giua_hk2 = Some(MucDatTieuHoc::HoanThanh);
                toan.muc_dat.cuoi_nam = Some(MucDatTieuHoc::ChuaHoanThanh);
                toan.diem_kiem_tra.cuoi_nam = DiemTieuHoc::new(4);
                toan.nhan_xet = Some("Chưa thuộc bảng nhân 2, 5; cần ôn tập thêm trong hè.".into());
                results.ket_qua_giao_duc = primary_result(&results);
                results.hoan_thanh_chuong_trinh_lop_hoc = Some(false);
                results.duoc_len_lop = None;
                results.khen_thuong.clear();
                results.danh_gia_bo_sung = Some(SupplementaryAssessment {
                    mon_hoc: vec![SupplementarySubject {
                        ma_mon_hoc: MonHoc::Toan,
                        muc_dat: MucDatTieuHoc::HoanThanh,
                        diem_kiem_tra: DiemTieuHoc::new(6),
                    }],
                    hoan_thanh_chuong_trinh_lop_hoc: true,
                    hoan_thanh_chuong_trinh_tieu_hoc: None,
                    duoc_len_lop: Some(true),
                });
            }
            year(
                &format!("QTHT-{start}-{}", start + 1),
                start,
                grade,
                &format!("{grade}A3"),
                &truong,
                ["Nguyễn Thị Thanh Tâm", "Trịnh Thu Phương"][usize::from(grade) - 1],
                "Ngô Thị Bích Ngọc",
                &student,
                YearResults::TieuHoc(results),
            )
        })
        .collect();
    Transcript {
        envelope: envelope("HB-TH-0100222222"),
        header: header("HB01-TH-2022-0100222222", CapHoc::TieuHoc),
        years,
    }
}
