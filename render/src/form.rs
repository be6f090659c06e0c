//! The transcript laid out as the official forms order it (Thông tư 27/2020 for primary, 22/2021
//! for lower secondary): the student once, then each school year on its own pages with its
//! subjects, qualities and competences or conduct, results, remarks and signatures, then the
//! verification at the time of printing.

use hocba::report::{Language, SignatureReport, VerificationReport};
use hocba::transcript::{
    Date, Diem, Periodic, PrimaryYear, ReTestResult, SchoolYear, SecondaryYear, SubjectAssessment, TermResults,
    Transcript, YearResults,
};

use crate::layout::{Flow, Table};

const BODY: f32 = 9.5;
const SMALL: f32 = 8.0;

fn date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "–".into(), |v| v.to_string())
}

fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "Có".into(),
        Some(false) => "Không".into(),
        None => "–".into(),
    }
}

/// Every page's content but the page frame (header, QR code, footer).
pub(crate) fn lay_out(transcript: &Transcript, report: &VerificationReport) -> Flow {
    let mut flow = Flow::new();
    let h = &transcript.header;
    flow.centred("HỌC BẠ", 22.0, true);
    flow.centred(&h.ma_cap_hoc.label_vi().to_uppercase(), 13.0, true);
    flow.centred("Bản thể hiện của học bạ số đã ký số", BODY, false);
    flow.space(10.0);
    if let Some(s) = transcript.student() {
        flow.text("Thông tin học sinh", 11.0, true);
        let mut fields = vec![
            ("Họ và tên", s.ho_va_ten.clone()),
            ("Giới tính", s.gioi_tinh.label_vi().to_owned()),
            ("Ngày sinh", date(s.ngay_sinh)),
            ("Dân tộc", s.dan_toc.clone()),
            ("Quốc tịch", s.quoc_tich.clone()),
            ("Mã định danh cá nhân", s.ma_dinh_danh.clone()),
            ("Mã học sinh", s.ma_hoc_sinh.clone()),
        ];
        fields.extend(s.ho_ten_cha.clone().map(|v| ("Họ tên cha", v)));
        fields.extend(s.ho_ten_me.clone().map(|v| ("Họ tên mẹ", v)));
        fields.extend(s.ho_ten_nguoi_giam_ho.clone().map(|v| ("Người giám hộ", v)));
        fields.extend(s.doi_tuong_chinh_sach.clone().map(|v| ("Đối tượng chính sách", v)));
        if s.co_khuyet_tat_khong_danh_gia {
            fields.push(("Khuyết tật", "không đánh giá".into()));
        }
        flow.fields(&fields, BODY);
    }
    flow.space(6.0);
    flow.text("Học bạ", 11.0, true);
    let e = &transcript.envelope;
    flow.fields(
        &[
            ("Mã định danh học bạ", h.ma_dinh_danh_hoc_ba.clone()),
            ("Sở GDĐT", h.ma_so_gd.clone()),
            ("Nơi phát hành", h.dia_danh_phat_hanh.clone()),
            ("Phiên bản", e.phien_ban.to_string()),
            ("Cập nhật", e.thoi_gian_cap_nhat.to_vietnam_string()),
        ],
        BODY,
    );
    flow.space(6.0);
    flow.text("Quá trình học tập", 11.0, true);
    let table = Table {
        widths: &[80.0, 60.0, 235.0, 140.0],
        header: ["Năm học", "Lớp", "Trường", "Chuyển đến"].map(String::from).to_vec(),
        size: BODY,
    };
    let rows: Vec<Vec<String>> = transcript
        .years
        .iter()
        .map(|y| {
            vec![
                y.nam_hoc.to_string(),
                y.lop.clone(),
                format!("{} ({})", y.truong.ten_truong, y.truong.ma_truong),
                y.chuyen_den
                    .as_ref()
                    .map_or_else(String::new, |c| format!("{} từ {}", date(c.ngay_chuyen), c.truong_cu.ten_truong)),
            ]
        })
        .collect();
    flow.table(&table, &rows);
    for year in &transcript.years {
        flow.new_page();
        school_year(&mut flow, year, report);
    }
    flow.new_page();
    verification(&mut flow, report);
    flow
}

fn school_year(flow: &mut Flow, y: &SchoolYear, report: &VerificationReport) {
    flow.text(&format!("Năm học {} — Lớp {} (khối {})", y.nam_hoc, y.lop, y.ma_khoi), 12.0, true);
    flow.fields(
        &[
            ("Trường", format!("{} ({})", y.truong.ten_truong, y.truong.ma_truong)),
            ("Học sinh", y.student.ho_va_ten.clone()),
            ("Giáo viên chủ nhiệm", y.giao_vien_chu_nhiem.clone()),
            ("Hiệu trưởng", y.hieu_truong.clone()),
        ],
        BODY,
    );
    if let Some(c) = &y.chuyen_den {
        let reason = c.ly_do.as_deref().map_or_else(String::new, |r| format!(" — {r}"));
        flow.text(
            &format!(
                "Chuyển đến ngày {} từ {} ({}){reason}",
                date(c.ngay_chuyen),
                c.truong_cu.ten_truong,
                c.truong_cu.ma_truong
            ),
            BODY,
            false,
        );
    }
    flow.space(4.0);
    match &y.ket_qua {
        YearResults::TieuHoc(p) => primary(flow, p),
        YearResults::Thcs(s) => secondary(flow, s),
    }
    for c in &y.chung_chi {
        flow.text(
            &format!(
                "Chứng chỉ: {} ({}), cấp ngày {} tại {}",
                c.ten_chung_chi,
                c.loai_chung_chi,
                date(c.ngay_cap),
                c.noi_cap
            ),
            BODY,
            false,
        );
    }
    for award in &y.khen_thuong_khac {
        flow.text(&format!("Khen thưởng: {award}"), BODY, false);
    }
    if let Some(c) = &y.nhan_xet_gvcn {
        flow.text(&format!("Nhận xét của giáo viên chủ nhiệm: {c}"), BODY, false);
    }
    if let Some(c) = &y.xac_nhan_hieu_truong {
        flow.text(&format!("Xác nhận của Hiệu trưởng: {c}"), BODY, false);
    }
    flow.space(6.0);
    flow.text("Chữ ký số của năm học", 10.5, true);
    let prefix = format!("{}-", y.id);
    let signatures: Vec<&SignatureReport> =
        report.signatures().iter().filter(|s| s.id().is_some_and(|id| id.starts_with(&prefix))).collect();
    if signatures.is_empty() {
        flow.text("Năm học này không có chữ ký số.", BODY, false);
        return;
    }
    let table = Table {
        widths: &[95.0, 170.0, 165.0, 85.0],
        header: ["Vai trò", "Người ký (chứng thư số)", "Thời điểm ký", "Kết quả"].map(String::from).to_vec(),
        size: SMALL,
    };
    let rows: Vec<Vec<String>> = signatures.iter().map(|s| signature_row(s)).collect();
    flow.table(&table, &rows);
}

fn signature_row(s: &SignatureReport) -> Vec<String> {
    let signer = s.signer().map_or_else(
        || "–".to_owned(),
        |c| {
            let mut parts = vec![c.name.clone().unwrap_or_else(|| c.subject.clone())];
            parts.extend(c.title.clone());
            parts.extend(c.organizational_unit.clone());
            parts.extend(c.organization.clone());
            parts.join("; ")
        },
    );
    let time = match s.signing_time() {
        Some(t) if t.is_proven() => format!("{} (đã chứng minh bằng dấu thời gian)", t.time().to_vietnam_string()),
        Some(_) => match s.claimed_signing_time() {
            Some(claimed) => format!("{} (người ký tự khai, chưa được chứng minh)", claimed.to_vietnam_string()),
            None => "không ghi thời điểm ký".into(),
        },
        None => "–".into(),
    };
    vec![s.role().unwrap_or("–").to_owned(), signer, time, s.verdict().label(Language::Vi).to_owned()]
}

fn periodic<T: Copy>(p: &Periodic<T>, show: impl Fn(T) -> String) -> [String; 4] {
    [p.giua_hk1, p.cuoi_hk1, p.giua_hk2, p.cuoi_nam].map(|v| v.map_or_else(|| "–".into(), &show))
}

fn primary(flow: &mut Flow, p: &PrimaryYear) {
    flow.text("Các môn học và hoạt động giáo dục", 10.5, true);
    let table = Table {
        widths: &[100.0, 30.0, 30.0, 30.0, 30.0, 28.0, 28.0, 28.0, 28.0, 183.0],
        header: [
            "Môn học / hoạt động",
            "Mức GKI",
            "Mức CKI",
            "Mức GKII",
            "Mức CN",
            "Điểm GKI",
            "Điểm CKI",
            "Điểm GKII",
            "Điểm CN",
            "Nhận xét",
        ]
        .map(String::from)
        .to_vec(),
        size: SMALL,
    };
    let rows: Vec<Vec<String>> = p
        .mon_hoc
        .iter()
        .map(|s| {
            let mut row = vec![format!("{}{}", s.ma_mon_hoc.label_vi(), if s.mien_hoc { " (miễn học)" } else { "" })];
            row.extend(periodic(&s.muc_dat, |l| l.code().to_owned()));
            row.extend(periodic(&s.diem_kiem_tra, |d| d.to_string()));
            row.push(s.nhan_xet.clone().unwrap_or_default());
            row
        })
        .collect();
    flow.table(&table, &rows);
    flow.text("Mức đạt: T = Hoàn thành tốt, H = Hoàn thành, C = Chưa hoàn thành.", SMALL, false);
    if !p.pham_chat.is_empty() || !p.nang_luc.is_empty() {
        flow.space(4.0);
        flow.text("Những phẩm chất chủ yếu và năng lực cốt lõi", 10.5, true);
        let table = Table {
            widths: &[195.0, 80.0, 80.0, 80.0, 80.0],
            header: ["Phẩm chất / năng lực", "Giữa HKI", "Cuối HKI", "Giữa HKII", "Cuối năm"]
                .map(String::from)
                .to_vec(),
            size: SMALL,
        };
        let mut rows = Vec::new();
        for q in &p.pham_chat {
            let mut row = vec![q.ma.label_vi().to_owned()];
            row.extend(periodic(&q.muc_dat, |l| l.label_vi().to_owned()));
            rows.push(row);
        }
        for c in &p.nang_luc {
            let mut row = vec![c.ma.label_vi().to_owned()];
            row.extend(periodic(&c.muc_dat, |l| l.label_vi().to_owned()));
            rows.push(row);
        }
        flow.table(&table, &rows);
    }
    flow.space(4.0);
    flow.fields(
        &[
            ("Kết quả giáo dục", opt(p.ket_qua_giao_duc.map(|k| k.label_vi()))),
            ("Hoàn thành chương trình lớp học", yes_no(p.hoan_thanh_chuong_trinh_lop_hoc)),
            ("Hoàn thành chương trình tiểu học", yes_no(p.hoan_thanh_chuong_trinh_tieu_hoc)),
            ("Được lên lớp", yes_no(p.duoc_len_lop)),
        ],
        BODY,
    );
    if let Some(b) = &p.danh_gia_bo_sung {
        flow.text("Đánh giá bổ sung sau hè", 10.5, true);
        let table = Table {
            widths: &[215.0, 150.0, 150.0],
            header: ["Môn học", "Mức đạt", "Điểm kiểm tra"].map(String::from).to_vec(),
            size: SMALL,
        };
        let rows: Vec<Vec<String>> = b
            .mon_hoc
            .iter()
            .map(|s| vec![s.ma_mon_hoc.label_vi().to_owned(), s.muc_dat.label_vi().to_owned(), opt(s.diem_kiem_tra)])
            .collect();
        flow.table(&table, &rows);
        flow.fields(
            &[
                ("Hoàn thành chương trình lớp học", yes_no(Some(b.hoan_thanh_chuong_trinh_lop_hoc))),
                ("Hoàn thành chương trình tiểu học", yes_no(b.hoan_thanh_chuong_trinh_tieu_hoc)),
                ("Được lên lớp", yes_no(b.duoc_len_lop)),
            ],
            BODY,
        );
    }
    for award in &p.khen_thuong {
        flow.text(&format!("Khen thưởng: {}", award.label_vi()), BODY, false);
    }
}

fn terms<T: Copy>(t: &TermResults<T>, show: impl Fn(T) -> String) -> [String; 3] {
    [t.hoc_ky1, t.hoc_ky2, t.ca_nam].map(|v| v.map_or_else(|| "–".into(), &show))
}

fn scores(list: &[Diem]) -> String {
    if list.is_empty() { "–".into() } else { list.iter().map(Diem::to_string).collect::<Vec<_>>().join(" ") }
}

fn secondary(flow: &mut Flow, s: &SecondaryYear) {
    flow.text("Kết quả học tập các môn học và hoạt động giáo dục", 10.5, true);
    let table = Table {
        widths: &[100.0, 72.0, 26.0, 26.0, 32.0, 72.0, 26.0, 26.0, 32.0, 43.0, 60.0],
        header: [
            "Môn học",
            "ĐĐGtx HKI",
            "GK",
            "CK",
            "ĐTB HKI",
            "ĐĐGtx HKII",
            "GK",
            "CK",
            "ĐTB HKII",
            "Cả năm",
            "Kiểm tra lại",
        ]
        .map(String::from)
        .to_vec(),
        size: SMALL,
    };
    let mut comments = Vec::new();
    let rows: Vec<Vec<String>> = s
        .mon_hoc
        .iter()
        .map(|subject| {
            let name = subject.ma_mon_hoc.label_vi();
            let mut row = vec![format!("{name}{}", if subject.mien_hoc { " (miễn học)" } else { "" })];
            match &subject.danh_gia {
                SubjectAssessment::DiemSo(d) => {
                    for term in [&d.hoc_ky1, &d.hoc_ky2] {
                        row.extend([scores(&term.ddg_tx), opt(term.ddg_gk), opt(term.ddg_ck), opt(term.dtb_mhk)]);
                    }
                    row.push(opt(d.dtb_ca_nam));
                }
                SubjectAssessment::NhanXet(t) => {
                    let [hk1, hk2, year] = terms(t, |l| l.label_vi().to_owned());
                    row.extend([String::new(), String::new(), String::new(), hk1]);
                    row.extend([String::new(), String::new(), String::new(), hk2, year]);
                }
            }
            row.push(match subject.kiem_tra_lai {
                Some(ReTestResult::Diem(d)) => d.to_string(),
                Some(ReTestResult::MucDat(m)) => m.label_vi().to_owned(),
                None => String::new(),
            });
            let teacher = subject.giao_vien.as_deref().map_or_else(String::new, |t| format!(" (giáo viên {t})"));
            if let Some(c) = &subject.nhan_xet {
                comments.push(format!("{name}{teacher}: {c}"));
            }
            row
        })
        .collect();
    flow.table(&table, &rows);
    for comment in comments {
        flow.text(&format!("Nhận xét môn {comment}"), SMALL, false);
    }
    flow.space(4.0);
    let table = Table {
        widths: &[175.0, 110.0, 110.0, 120.0],
        header: ["", "Học kì I", "Học kì II", "Cả năm"].map(String::from).to_vec(),
        size: SMALL,
    };
    let mut learning = vec!["Kết quả học tập".to_owned()];
    learning.extend(terms(&s.ket_qua_hoc_tap, |l| l.label_vi().to_owned()));
    let mut conduct = vec!["Kết quả rèn luyện".to_owned()];
    conduct.extend(terms(&s.ket_qua_ren_luyen, |l| l.label_vi().to_owned()));
    flow.table(&table, &[learning, conduct]);
    flow.space(2.0);
    flow.fields(
        &[
            ("Số buổi nghỉ", opt(s.so_buoi_nghi)),
            ("Danh hiệu", opt(s.danh_hieu.map(|d| d.label_vi()))),
            ("Được lên lớp", yes_no(s.duoc_len_lop)),
        ],
        BODY,
    );
    if let Some(k) = &s.kiem_tra_lai {
        flow.text(
            &format!(
                "Sau kiểm tra lại: kết quả học tập {}, được lên lớp: {}",
                k.ket_qua_hoc_tap.label_vi(),
                yes_no(Some(k.duoc_len_lop))
            ),
            BODY,
            false,
        );
    }
    if let Some(r) = &s.ren_luyen_trong_he {
        flow.text(
            &format!(
                "Sau rèn luyện trong hè: kết quả rèn luyện {}, được lên lớp: {}",
                r.ket_qua_ren_luyen.label_vi(),
                yes_no(Some(r.duoc_len_lop))
            ),
            BODY,
            false,
        );
    }
}

fn verification(flow: &mut Flow, report: &VerificationReport) {
    flow.text("Kết quả xác minh khi in", 12.0, true);
    flow.fields(
        &[
            ("Kết luận", report.verdict().label(Language::Vi).to_owned()),
            ("Thời điểm xác minh", report.verified_at().to_vietnam_string()),
            ("Chữ ký hợp lệ", format!("{}/{}", report.etsi().valid_signatures_count, report.etsi().signatures_count)),
        ],
        BODY,
    );
    for finding in report.problems().iter().chain(report.signatures().iter().flat_map(|s| s.problems())) {
        flow.text(&format!("Lỗi: {}", finding.vi), BODY, false);
    }
    for finding in report.warnings().iter().chain(report.signatures().iter().flat_map(|s| s.warnings())) {
        flow.text(&format!("Lưu ý: {}", finding.vi), SMALL, false);
    }
    flow.space(6.0);
    flow.text(
        "Tệp học bạ số đã ký (XML) được đính kèm nguyên vẹn trong tệp PDF này. Bản giấy chỉ có giá trị khi \
         đối chiếu được với tệp đã ký: quét mã QR (hoặc nhập mã xác minh in ở chân trang) và kiểm tra cùng \
         tệp XML hoặc tệp PDF, ví dụ: hocba verify --qr \"<mã xác minh>\" <tệp>.",
        BODY,
        false,
    );
}
