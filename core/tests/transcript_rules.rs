//! The circulars' arithmetic, against values computed by hand from the formulas:
//! ĐTBmhk = (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (n + 5), ĐTBmcn = (ĐTBmhk1 + 2·ĐTBmhk2) / 3, one
//! decimal, half up (Thông tư 22/2021, Điều 9); learning results and titles (Điều 9, 15); the
//! primary year result (Thông tư 27/2020, Điều 9); and the findings validation reports for them.

use hocba::transcript::*;

fn diem(text: &str) -> Diem {
    Diem::parse(text).unwrap()
}

fn term(tx: &[&str], gk: &str, ck: &str) -> TermScores {
    TermScores {
        ddg_tx: tx.iter().map(|t| diem(t)).collect(),
        ddg_gk: Some(diem(gk)),
        ddg_ck: Some(diem(ck)),
        dtb_mhk: None,
    }
}

#[test]
fn term_average_with_two_regular_assessments() {
    // (7 + 8 + 2·6 + 3·9) / 7 = 54 / 7 = 7.714... -> 7.7
    assert_eq!(term_average(&term(&["7", "8"], "6", "9")), Some(diem("7.7")));
    // (5.5 + 6.5 + 2·7 + 3·6.5) / 7 = 45.5 / 7 = 6.5 exactly
    assert_eq!(term_average(&term(&["5.5", "6.5"], "7", "6.5")), Some(diem("6.5")));
}

#[test]
fn term_average_with_three_regular_assessments() {
    // (8 + 7.5 + 9 + 2·8.5 + 3·7) / 8 = 62.5 / 8 = 7.8125 -> 7.8
    assert_eq!(term_average(&term(&["8", "7.5", "9"], "8.5", "7")), Some(diem("7.8")));
}

#[test]
fn term_average_with_four_regular_assessments() {
    // (9 + 8 + 7 + 10 + 2·8 + 3·9) / 9 = 77 / 9 = 8.555... -> 8.6
    assert_eq!(term_average(&term(&["9", "8", "7", "10"], "8", "9")), Some(diem("8.6")));
    // (10 + 10 + 10 + 10 + 2·10 + 3·10) / 9 = 10
    assert_eq!(term_average(&term(&["10", "10", "10", "10"], "10", "10")), Some(diem("10")));
}

#[test]
fn term_average_rounds_half_up_at_x5() {
    // (7 + 7 + 7 + 2·5 + 3·9) / 8 = 58 / 8 = 7.25 -> 7.3
    assert_eq!(term_average(&term(&["7", "7", "7"], "5", "9")), Some(diem("7.3")));
    // (6 + 6 + 6 + 2·6 + 3·7.4) / 8 = 52.2 / 8 = 6.525 -> 6.5 (the hundredths decide, not a .x5 of them)
    assert_eq!(term_average(&term(&["6", "6", "6"], "6", "7.4")), Some(diem("6.5")));
    // (4 + 4 + 4 + 2·4 + 3·4.5) / 8 = 33.5 / 8 = 4.1875 -> 4.2
    assert_eq!(term_average(&term(&["4", "4", "4"], "4", "4.5")), Some(diem("4.2")));
    // 0.05 steps: (0 + 0 + 0.1 + 2·0 + 3·0.1) / 8 = 0.4 / 8 = 0.05 -> 0.1
    assert_eq!(term_average(&term(&["0", "0", "0.1"], "0", "0.1")), Some(diem("0.1")));
}

#[test]
fn term_average_needs_the_periodic_assessments() {
    let mut t = term(&["8", "9"], "7", "8");
    t.ddg_ck = None;
    assert_eq!(term_average(&t), None);
    assert_eq!(term_average(&term(&[], "7", "8")), None);
}

#[test]
fn year_average() {
    // (7.7 + 2·8.6) / 3 = 24.9 / 3 = 8.3
    assert_eq!(hocba::transcript::year_average(diem("7.7"), diem("8.6")), diem("8.3"));
    // (7 + 2·8) / 3 = 23 / 3 = 7.666... -> 7.7
    assert_eq!(hocba::transcript::year_average(diem("7"), diem("8")), diem("7.7"));
    // (6.5 + 2·7) / 3 = 20.5 / 3 = 6.833... -> 6.8
    assert_eq!(hocba::transcript::year_average(diem("6.5"), diem("7")), diem("6.8"));
    // (9.9 + 2·10) / 3 = 29.9 / 3 = 9.966... -> 10.0
    assert_eq!(hocba::transcript::year_average(diem("9.9"), diem("10")), diem("10"));
}

/// Eight scored subjects with these year averages and four comment subjects with these levels.
fn subjects(averages: [&str; 8], comments: [MucNhanXet; 4]) -> Vec<SecondarySubject> {
    let scored = [
        MonHoc::NguVan,
        MonHoc::Toan,
        MonHoc::NgoaiNgu1,
        MonHoc::GiaoDucCongDan,
        MonHoc::LichSuDiaLi,
        MonHoc::KhoaHocTuNhien,
        MonHoc::CongNghe,
        MonHoc::TinHoc,
    ];
    let mut list: Vec<SecondarySubject> = scored
        .iter()
        .zip(averages)
        .map(|(&ma, a)| SecondarySubject {
            id: None,
            ma_mon_hoc: ma,
            giao_vien: None,
            mien_hoc: false,
            danh_gia: SubjectAssessment::DiemSo(TermResultsScored {
                hoc_ky1: TermScores::default(),
                hoc_ky2: TermScores::default(),
                dtb_ca_nam: Some(diem(a)),
            }),
            kiem_tra_lai: None,
            nhan_xet: None,
        })
        .collect();
    let commented =
        [MonHoc::GiaoDucTheChat, MonHoc::NgheThuat, MonHoc::HoatDongTraiNghiemHuongNghiep, MonHoc::GiaoDucDiaPhuong];
    list.extend(commented.iter().zip(comments).map(|(&ma, level)| SecondarySubject {
        id: None,
        ma_mon_hoc: ma,
        giao_vien: None,
        mien_hoc: false,
        danh_gia: SubjectAssessment::NhanXet(TermResults { hoc_ky1: None, hoc_ky2: None, ca_nam: Some(level) }),
        kiem_tra_lai: None,
        nhan_xet: None,
    }));
    list
}

const D: MucNhanXet = MucNhanXet::Dat;
const CD: MucNhanXet = MucNhanXet::ChuaDat;

#[test]
fn learning_result_levels() {
    let year = |a, c| learning_result(&subjects(a, c), Term::CaNam);
    // Tốt: every average >= 6.5, six >= 8.0, every comment subject Đạt.
    assert_eq!(year(["8", "8", "8.5", "9", "8", "8.1", "6.5", "7"], [D; 4]), Some(MucDanhGia::Tot));
    // Only five >= 8.0: Khá.
    assert_eq!(year(["8", "8", "8.5", "9", "8", "7.9", "6.5", "7"], [D; 4]), Some(MucDanhGia::Kha));
    // One average 6.4 (< 6.5) with six >= 8.0: not Tốt, Khá.
    assert_eq!(year(["8", "8", "8.5", "9", "8", "8", "6.4", "7"], [D; 4]), Some(MucDanhGia::Kha));
    // A comment subject Chưa đạt: at best Đạt.
    assert_eq!(year(["9", "9", "9", "9", "9", "9", "9", "9"], [D, CD, D, D]), Some(MucDanhGia::Dat));
    // Khá needs every average >= 5.0: a 4.9 gives Đạt.
    assert_eq!(year(["7", "7", "7", "7", "7", "7", "4.9", "7"], [D; 4]), Some(MucDanhGia::Dat));
    // Đạt needs none below 3.5: a 3.4 gives Chưa đạt.
    assert_eq!(year(["7", "7", "7", "7", "7", "7", "3.4", "7"], [D; 4]), Some(MucDanhGia::ChuaDat));
    // Đạt needs six >= 5.0: only five.
    assert_eq!(year(["5", "5", "5", "5", "5", "4.9", "4.9", "4.9"], [D; 4]), Some(MucDanhGia::ChuaDat));
    // Two comment subjects Chưa đạt: Chưa đạt.
    assert_eq!(year(["9", "9", "9", "9", "9", "9", "9", "9"], [CD, CD, D, D]), Some(MucDanhGia::ChuaDat));
    // A missing average: no result to check.
    assert_eq!(learning_result(&subjects(["9"; 8], [D; 4]), Term::HocKy1), None);
}

#[test]
fn exempt_subjects_do_not_count() {
    let mut list = subjects(["8", "8", "8", "8", "8", "8", "2", "8"], [D, D, D, CD]);
    assert_eq!(learning_result(&list, Term::CaNam), Some(MucDanhGia::ChuaDat));
    list[6].mien_hoc = true;
    list[11].mien_hoc = true;
    assert_eq!(learning_result(&list, Term::CaNam), Some(MucDanhGia::Tot));
}

/// The THCS sample's first year, with one change, validated.
fn findings_after(change: impl FnOnce(&mut SecondaryYear)) -> Vec<DataFinding> {
    let mut t = sample::secondary_with_transfer();
    let YearResults::Thcs(y) = &mut t.years[0].ket_qua else { unreachable!() };
    change(y);
    validate(&t, ValidateOptions::default()).findings
}

#[test]
fn wrong_term_average_is_a_warning_naming_the_computed_value() {
    let findings = findings_after(|y| {
        let SubjectAssessment::DiemSo(d) = &mut y.mon_hoc[1].danh_gia else { unreachable!() };
        d.hoc_ky1 = term(&["7", "8"], "6", "9");
        d.hoc_ky1.dtb_mhk = Some(diem("7.8"));
    });
    let f = findings.iter().find(|f| f.code == "term-average").expect("a term_average finding");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.path, "/HocBa/QuaTrinhHocTap[1]/KetQuaTHCS/MonHoc[2]/DiemSo/HocKy1/DTBmhk");
    assert!(f.message_vi.contains("ghi 7.8") && f.message_vi.contains("= 7.7"), "{}", f.message_vi);
    assert!(f.message_en.contains("= 7.7"));
}

#[test]
fn promotion_conditions() {
    // 45 sessions absent: still promoted without a finding; 46: a warning.
    assert!(findings_after(|y| y.so_buoi_nghi = Some(45)).is_empty());
    let f = findings_after(|y| y.so_buoi_nghi = Some(46));
    assert_eq!(f.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["promotion"]);
    // Conduct Chưa đạt and promoted anyway.
    let f = findings_after(|y| y.ket_qua_ren_luyen.ca_nam = Some(MucDanhGia::ChuaDat));
    assert!(f.iter().any(|f| f.code == "promotion"), "{f:?}");
    // Not promoted although every condition holds.
    let f = findings_after(|y| y.duoc_len_lop = Some(false));
    assert!(f.iter().any(|f| f.code == "promotion"), "{f:?}");
}

#[test]
fn titles() {
    // Học sinh Giỏi needs Tốt/Tốt.
    let f = findings_after(|y| {
        y.ket_qua_ren_luyen.ca_nam = Some(MucDanhGia::Kha);
        y.danh_hieu = Some(DanhHieu::HocSinhGioi);
    });
    assert!(f.iter().any(|f| f.code == "title"), "{f:?}");
    // Học sinh Xuất sắc needs six year averages >= 9.0 as well.
    let f = findings_after(|y| {
        for s in &mut y.mon_hoc {
            if let SubjectAssessment::DiemSo(d) = &mut s.danh_gia {
                d.hoc_ky1 = term(&["8.5", "8.5", "8.5", "8.5"], "8.5", "8.5");
                d.hoc_ky1.dtb_mhk = term_average(&d.hoc_ky1);
                d.hoc_ky2 = d.hoc_ky1.clone();
                d.dtb_ca_nam = Some(diem("8.5"));
            }
        }
        y.danh_hieu = Some(DanhHieu::HocSinhXuatSac);
        y.ket_qua_hoc_tap = TermResults {
            hoc_ky1: Some(MucDanhGia::Tot),
            hoc_ky2: Some(MucDanhGia::Tot),
            ca_nam: Some(MucDanhGia::Tot),
        };
    });
    assert_eq!(f.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["title"], "{f:?}");
}

#[test]
fn primary_year_result() {
    let mut t = sample::primary();
    let YearResults::TieuHoc(p) = &mut t.years[2].ket_qua else { unreachable!() };
    // Every level Tốt / Hoàn thành tốt, end-of-year tests 9-10: Hoàn thành xuất sắc.
    assert_eq!(primary_result(p), Some(KetQuaGiaoDucTieuHoc::HoanThanhXuatSac));
    // One test at 8: Hoàn thành tốt.
    p.mon_hoc[0].diem_kiem_tra.cuoi_nam = DiemTieuHoc::new(8);
    assert_eq!(primary_result(p), Some(KetQuaGiaoDucTieuHoc::HoanThanhTot));
    // A quality at Đạt: Hoàn thành.
    p.pham_chat[0].muc_dat.cuoi_nam = Some(MucPhamChatNangLuc::Dat);
    assert_eq!(primary_result(p), Some(KetQuaGiaoDucTieuHoc::HoanThanh));
    // A test at 4: Chưa hoàn thành.
    p.mon_hoc[1].diem_kiem_tra.cuoi_nam = DiemTieuHoc::new(4);
    assert_eq!(primary_result(p), Some(KetQuaGiaoDucTieuHoc::ChuaHoanThanh));
    // The record still says Hoàn thành xuất sắc: a warning (and the award with it).
    let f = validate(&t, ValidateOptions::default()).findings;
    assert!(
        f.iter()
            .any(|f| f.code == "primary-result" && f.path.ends_with("QuaTrinhHocTap[3]/KetQuaTieuHoc/KetQuaGiaoDuc")),
        "{f:?}"
    );
    assert!(f.iter().all(|f| f.severity == Severity::Warning));
}

#[test]
fn exempt_students_are_not_held_to_the_arithmetic() {
    let mut t = sample::secondary_with_transfer();
    let YearResults::Thcs(y) = &mut t.years[0].ket_qua else { unreachable!() };
    y.ket_qua_hoc_tap.ca_nam = Some(MucDanhGia::ChuaDat);
    assert!(!validate(&t, ValidateOptions::default()).findings.is_empty());
    t.years[0].student.co_khuyet_tat_khong_danh_gia = true;
    assert!(validate(&t, ValidateOptions::default()).findings.is_empty());
}

fn supplementary_year(t: &mut Transcript) -> &mut PrimaryYear {
    let YearResults::TieuHoc(p) = &mut t.years[1].ket_qua else { unreachable!() };
    p
}

/// Thông tư 27/2020, article 11: completion after the summer, from the year's results with the
/// subjects assessed again replaced by their new level and score.
#[test]
fn completion_after_the_supplementary_assessment() {
    let mut t = sample::primary_supplementary();
    let p = supplementary_year(&mut t);
    // At the end of the year: Toán Chưa hoàn thành, test 4.
    assert_eq!(primary_result(p), Some(KetQuaGiaoDucTieuHoc::ChuaHoanThanh));
    let b = p.danh_gia_bo_sung.clone().unwrap();
    // Toán Hoàn thành with 6 after the summer: completed.
    assert_eq!(completion_after_supplementary(p, &b), Some(true));
    // Hoàn thành but a test of 4: the score still fails the grade (tests need 5).
    let mut low = b.clone();
    low.mon_hoc[0].diem_kiem_tra = DiemTieuHoc::new(4);
    assert_eq!(completion_after_supplementary(p, &low), Some(false));
    // No new score: the end-of-year 4 stands.
    low.mon_hoc[0].diem_kiem_tra = None;
    assert_eq!(completion_after_supplementary(p, &low), Some(false));
    // A score of exactly 5 is enough.
    low.mon_hoc[0].diem_kiem_tra = DiemTieuHoc::new(5);
    assert_eq!(completion_after_supplementary(p, &low), Some(true));
    // A quality at Cần cố gắng is not changed by a subject's assessment.
    p.pham_chat[0].muc_dat.cuoi_nam = Some(MucPhamChatNangLuc::CanCoGang);
    assert_eq!(completion_after_supplementary(p, &b), Some(false));
    // A level it needs is absent: nothing to compute.
    p.pham_chat[0].muc_dat.cuoi_nam = None;
    assert_eq!(completion_after_supplementary(p, &b), None);
}

#[test]
fn supplementary_findings_name_their_place() {
    let base = sample::primary_supplementary();
    assert!(validate(&base, ValidateOptions::default()).findings.is_empty());
    let path = "/HocBa/QuaTrinhHocTap[2]/KetQuaTieuHoc/DanhGiaBoSung";

    // Recorded completed while Toán is still Chưa hoàn thành: a warning at the outcome.
    let mut t = base.clone();
    supplementary_year(&mut t).danh_gia_bo_sung.as_mut().unwrap().mon_hoc[0].muc_dat = MucDatTieuHoc::ChuaHoanThanh;
    let f = validate(&t, ValidateOptions::default()).findings;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].code.as_str(), f[0].severity), ("supplementary-outcome", Severity::Warning));
    assert_eq!(f[0].path, format!("{path}/HoanThanhChuongTrinhLopHoc"));
    assert!(f[0].message_vi.contains("đánh giá bổ sung") && f[0].message_en.contains("supplementary"));
    // ... and an error under strict rules.
    assert!(!validate(&t, ValidateOptions { rules_are_errors: true }).is_valid());

    // Not completed and the principal promotes anyway (article 11, clause 4): no finding.
    let b = supplementary_year(&mut t).danh_gia_bo_sung.as_mut().unwrap();
    b.hoan_thanh_chuong_trinh_lop_hoc = false;
    assert!(validate(&t, ValidateOptions::default()).findings.is_empty());

    // A subject the year does not have: an error, whatever the rules' severity.
    let mut t = base.clone();
    supplementary_year(&mut t).danh_gia_bo_sung.as_mut().unwrap().mon_hoc[0].ma_mon_hoc = MonHoc::NguVan;
    let f = validate(&t, ValidateOptions::default()).findings;
    assert!(
        f.iter().any(|f| f.code == "supplementary-subject"
            && f.severity == Severity::Error
            && f.path == format!("{path}/MonHoc[1]/MaMonHoc")),
        "{f:?}"
    );

    // An exempt pupil's records are not held to the rules, but impossible data still is.
    let mut t = base.clone();
    t.years.iter_mut().for_each(|y| y.student.co_khuyet_tat_khong_danh_gia = true);
    supplementary_year(&mut t).danh_gia_bo_sung.as_mut().unwrap().duoc_len_lop = Some(false);
    assert!(validate(&t, ValidateOptions::default()).findings.is_empty());
    supplementary_year(&mut t).danh_gia_bo_sung.as_mut().unwrap().mon_hoc.clear();
    let f = validate(&t, ValidateOptions::default()).findings;
    assert_eq!(f.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["supplementary-subject"]);
    // Such a model is not written either.
    assert!(
        matches!(to_xml(&t), Err(TranscriptError::Unwritable { ref path, .. }) if path.ends_with("/DanhGiaBoSung"))
    );
}
