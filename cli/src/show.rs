//! `hocba show`: a transcript as a table, Vietnamese labels first. Shows what the file says; it
//! verifies nothing, and says so above and below a signed file's table (`hocba verify` checks).

use std::io::Write as _;
use std::path::PathBuf;

use hocba::transcript::{
    Diem, Periodic, PrimaryYear, SecondaryYear, SubjectAssessment, TermResults, Transcript, YearResults, from_xml,
};

use hocba::report::escape_controls;

use crate::{Failure, read_input};

#[derive(clap::Args)]
pub(crate) struct ShowArgs {
    /// Print the transcript model as JSON (the serde form of `hocba::transcript::Transcript`) instead of a table.
    #[arg(long)]
    json: bool,
    /// The transcript (XML, signed or not), or `-` for stdin.
    file: PathBuf,
}

pub(crate) fn run(args: &ShowArgs) -> Result<(), Failure> {
    let input = read_input(&args.file)?;
    // What `show` prints is Vietnamese; so is why it cannot.
    let transcript = from_xml(&input).map_err(|e| Failure(format!("{}: {}", args.file.display(), e.message_vi())))?;
    // What is shown is what the file says: whoever reads it must not take it for checked.
    let signatures = signature_count(&input);
    let unchecked = (signatures > 0).then(|| {
        escape_controls(&format!(
            "LƯU Ý: tệp có {signatures} chữ ký số, CHƯA được kiểm tra: nội dung dưới đây có thể đã bị sửa sau khi ký. \
             Kiểm tra chữ ký: hocba verify {}",
            args.file.display()
        ))
        .into_owned()
    });
    if args.json {
        if let Some(unchecked) = &unchecked {
            // Stdout stays JSON.
            eprintln!("hocba: {unchecked}");
        }
        writeln!(crate::stdout(), "{}", serde_json::to_string_pretty(&transcript)?)?;
    } else {
        let mut stdout = crate::stdout();
        if let Some(unchecked) = &unchecked {
            writeln!(stdout, "{unchecked}\n")?;
        }
        stdout.write_all(render(&transcript).as_bytes())?;
        if let Some(unchecked) = &unchecked {
            writeln!(stdout, "\n{unchecked}")?;
        }
    }
    Ok(())
}

/// The XML signatures in a document (read already as a transcript, so it parses).
fn signature_count(xml: &[u8]) -> usize {
    hocba::xml::Document::parse(xml).map_or(0, |doc| {
        doc.root_element()
            .descendants()
            .filter(|n| n.is_element() && n.local_name() == "Signature" && n.namespace() == Some(hocba::dsig::DSIG_NS))
            .count()
    })
}

/// One line of the view: a transcript's names and comments are the document's, so a control
/// character in them is escaped rather than printed.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&escape_controls(&format!($($arg)*)));
        $out.push('\n');
    }};
}

/// A table: rows of cells, columns padded to their widest cell (in characters).
struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(header: &[&str]) -> Self {
        Table { rows: vec![header.iter().map(|s| (*s).to_owned()).collect()] }
    }

    fn row(&mut self, cells: Vec<String>) {
        // Escaped before the columns are measured, so they stay aligned.
        self.rows.push(cells.into_iter().map(|c| escape_controls(&c).into_owned()).collect());
    }

    fn render(&self, out: &mut String) {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| self.rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0))
            .collect();
        for (i, row) in self.rows.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.chars().count())))
                .collect();
            say!(out, "  │ {} │", cells.join(" │ "));
            if i == 0 {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                say!(out, "  ├─{}─┤", rule.join("─┼─"));
            }
        }
    }
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_else(|| "–".into())
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "Có",
        Some(false) => "Không",
        None => "–",
    }
}

fn render(t: &Transcript) -> String {
    let mut out = String::new();
    let h = &t.header;
    let e = &t.envelope;
    say!(out, "HỌC BẠ SỐ — {} ({})", h.ma_cap_hoc.label_vi().to_uppercase(), h.ma_cap_hoc.label_en());
    say!(
        out,
        "Mã định danh học bạ: {}   Sở GDĐT: {}   Nơi phát hành: {}",
        h.ma_dinh_danh_hoc_ba,
        h.ma_so_gd,
        h.dia_danh_phat_hanh
    );
    say!(
        out,
        "Bản ghi: {}   Sự kiện: {} ({})   Phiên bản: {}   Cập nhật: {}",
        e.id_ban_ghi,
        e.su_kien.label_vi(),
        e.su_kien.code(),
        e.phien_ban,
        e.thoi_gian_cap_nhat.to_vietnam_string()
    );
    if let Some(s) = t.student() {
        say!(
            out,
            "Học sinh: {}   Ngày sinh: {}   Giới tính: {}   Dân tộc: {}   Quốc tịch: {}",
            s.ho_va_ten,
            s.ngay_sinh,
            s.gioi_tinh.label_vi(),
            s.dan_toc,
            s.quoc_tich
        );
        say!(out, "Mã định danh cá nhân: {}   Mã học sinh: {}", s.ma_dinh_danh, s.ma_hoc_sinh);
        if s.co_khuyet_tat_khong_danh_gia {
            say!(out, "Học sinh khuyết tật, không đánh giá (CoKhuyetTatKhongDanhGia = 1)");
        }
    }
    for y in &t.years {
        out.push('\n');
        say!(
            out,
            "Năm học {} — Lớp {} (khối {}) — {} ({})",
            y.nam_hoc,
            y.lop,
            y.ma_khoi,
            y.truong.ten_truong,
            y.truong.ma_truong
        );
        say!(out, "GVCN: {}   Hiệu trưởng: {}", y.giao_vien_chu_nhiem, y.hieu_truong);
        if let Some(c) = &y.chuyen_den {
            say!(out, "Chuyển đến ngày {} từ {} ({})", c.ngay_chuyen, c.truong_cu.ten_truong, c.truong_cu.ma_truong);
        }
        match &y.ket_qua {
            YearResults::TieuHoc(p) => primary(&mut out, p),
            YearResults::Thcs(s) => secondary(&mut out, s),
        }
        for c in &y.chung_chi {
            say!(
                out,
                "Chứng chỉ: {} ({}), cấp ngày {} tại {}",
                c.ten_chung_chi,
                c.loai_chung_chi,
                c.ngay_cap,
                c.noi_cap
            );
        }
        for award in &y.khen_thuong_khac {
            say!(out, "Khen thưởng: {award}");
        }
        if let Some(c) = &y.nhan_xet_gvcn {
            say!(out, "Nhận xét của GVCN: {c}");
        }
        if let Some(c) = &y.xac_nhan_hieu_truong {
            say!(out, "Xác nhận của Hiệu trưởng: {c}");
        }
    }
    out
}

fn periodic<T: Copy>(p: &Periodic<T>, show: impl Fn(T) -> String) -> [String; 4] {
    [p.giua_hk1, p.cuoi_hk1, p.giua_hk2, p.cuoi_nam].map(|v| v.map(&show).unwrap_or_else(|| "–".into()))
}

fn primary(out: &mut String, p: &PrimaryYear) {
    let mut table = Table::new(&["Môn học / Hoạt động", "GKI", "CKI", "GKII", "CN", "Điểm GKI", "CKI", "GKII", "CN"]);
    for s in &p.mon_hoc {
        let mut row = vec![format!("{}{}", s.ma_mon_hoc.label_vi(), if s.mien_hoc { " (miễn)" } else { "" })];
        row.extend(periodic(&s.muc_dat, |l| l.code().to_owned()));
        row.extend(periodic(&s.diem_kiem_tra, |d| d.to_string()));
        table.row(row);
    }
    table.render(out);
    if !p.pham_chat.is_empty() || !p.nang_luc.is_empty() {
        let mut table = Table::new(&["Phẩm chất / Năng lực", "GKI", "CKI", "GKII", "CN"]);
        for q in &p.pham_chat {
            let mut row = vec![q.ma.label_vi().to_owned()];
            row.extend(periodic(&q.muc_dat, |l| l.label_vi().to_owned()));
            table.row(row);
        }
        for c in &p.nang_luc {
            let mut row = vec![c.ma.label_vi().to_owned()];
            row.extend(periodic(&c.muc_dat, |l| l.label_vi().to_owned()));
            table.row(row);
        }
        table.render(out);
    }
    say!(
        out,
        "Kết quả giáo dục: {}   Hoàn thành chương trình lớp học: {}   Hoàn thành chương trình tiểu học: {}   Được lên lớp: {}",
        opt(p.ket_qua_giao_duc.map(|k| k.label_vi())),
        yes_no(p.hoan_thanh_chuong_trinh_lop_hoc),
        yes_no(p.hoan_thanh_chuong_trinh_tieu_hoc),
        yes_no(p.duoc_len_lop)
    );
    if let Some(b) = &p.danh_gia_bo_sung {
        say!(out, "Đánh giá bổ sung sau hè:");
        let mut table = Table::new(&["Môn học", "Mức đạt", "Điểm KT"]);
        for s in &b.mon_hoc {
            table.row(vec![s.ma_mon_hoc.label_vi().to_owned(), s.muc_dat.label_vi().to_owned(), opt(s.diem_kiem_tra)]);
        }
        table.render(out);
        say!(
            out,
            "Sau đánh giá bổ sung: hoàn thành chương trình lớp học: {}   Hoàn thành chương trình tiểu học: {}   Được lên lớp: {}",
            yes_no(Some(b.hoan_thanh_chuong_trinh_lop_hoc)),
            yes_no(b.hoan_thanh_chuong_trinh_tieu_hoc),
            yes_no(b.duoc_len_lop)
        );
    }
    for award in &p.khen_thuong {
        say!(out, "Khen thưởng: {}", award.label_vi());
    }
}

fn terms<T: Copy>(t: &TermResults<T>, show: impl Fn(T) -> String) -> [String; 3] {
    [t.hoc_ky1, t.hoc_ky2, t.ca_nam].map(|v| v.map(&show).unwrap_or_else(|| "–".into()))
}

fn scores(list: &[Diem]) -> String {
    if list.is_empty() { "–".into() } else { list.iter().map(Diem::to_string).collect::<Vec<_>>().join(" ") }
}

fn secondary(out: &mut String, s: &SecondaryYear) {
    let mut table = Table::new(&[
        "Môn học",
        "ĐĐGtx HKI",
        "GK",
        "CK",
        "TBHKI",
        "ĐĐGtx HKII",
        "GK",
        "CK",
        "TBHKII",
        "Cả năm",
        "KT lại",
    ]);
    for subject in &s.mon_hoc {
        let mut row =
            vec![format!("{}{}", subject.ma_mon_hoc.label_vi(), if subject.mien_hoc { " (miễn)" } else { "" })];
        match &subject.danh_gia {
            SubjectAssessment::DiemSo(d) => {
                for term in [&d.hoc_ky1, &d.hoc_ky2] {
                    row.extend([scores(&term.ddg_tx), opt(term.ddg_gk), opt(term.ddg_ck), opt(term.dtb_mhk)]);
                }
                row.push(opt(d.dtb_ca_nam));
            }
            SubjectAssessment::NhanXet(t) => {
                let [hk1, hk2, year] = terms(t, |l| l.label_vi().to_owned());
                row.extend(["".into(), "".into(), "".into(), hk1, "".into(), "".into(), "".into(), hk2, year]);
            }
        }
        row.push(match subject.kiem_tra_lai {
            Some(hocba::transcript::ReTestResult::Diem(d)) => d.to_string(),
            Some(hocba::transcript::ReTestResult::MucDat(m)) => m.label_vi().to_owned(),
            None => "".into(),
        });
        table.row(row);
    }
    table.render(out);
    let mut results = Table::new(&["", "Học kì I", "Học kì II", "Cả năm"]);
    let mut row = vec!["Kết quả học tập".to_owned()];
    row.extend(terms(&s.ket_qua_hoc_tap, |l| l.label_vi().to_owned()));
    results.row(row);
    let mut row = vec!["Kết quả rèn luyện".to_owned()];
    row.extend(terms(&s.ket_qua_ren_luyen, |l| l.label_vi().to_owned()));
    results.row(row);
    results.render(out);
    say!(
        out,
        "Số buổi nghỉ: {}   Danh hiệu: {}   Được lên lớp: {}",
        opt(s.so_buoi_nghi),
        opt(s.danh_hieu.map(|d| d.label_vi())),
        yes_no(s.duoc_len_lop)
    );
    if let Some(k) = &s.kiem_tra_lai {
        say!(
            out,
            "Sau kiểm tra lại: học tập {}, được lên lớp: {}",
            k.ket_qua_hoc_tap.label_vi(),
            yes_no(Some(k.duoc_len_lop))
        );
    }
    if let Some(r) = &s.ren_luyen_trong_he {
        say!(
            out,
            "Sau rèn luyện trong hè: rèn luyện {}, được lên lớp: {}",
            r.ket_qua_ren_luyen.label_vi(),
            yes_no(Some(r.duoc_len_lop))
        );
    }
}
