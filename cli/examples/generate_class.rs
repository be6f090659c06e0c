//! Generates one class of unsigned transcripts for benches/pkcs11.sh: `generate_class N OUT_DIR`.
//!
//! Each file is the sample primary transcript's first school year (grade 1, 2021-2022) alone, at
//! the test PKI's school (Trường Tiểu học Kim Đồng) with its homeroom teacher (Nguyễn Thị Hoa, the
//! `gvcn` key) and principal, for a student of its own (identifier, student code, name, year Id,
//! record Ids). Nothing is signed. Prints the school year (NamHoc) to sign with `--year`.

use std::path::PathBuf;

use hocba::transcript::{sample, to_xml};

const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc"];
const GIVEN: [&str; 10] = ["An", "Bình", "Châu", "Dũng", "Giang", "Hương", "Khánh", "Linh", "Phúc", "Vy"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(count), Some(out)) = (args.get(1).and_then(|n| n.parse::<usize>().ok()), args.get(2)) else {
        eprintln!("usage: generate_class N OUT_DIR");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).expect("output folder");
    let mut nam_hoc = String::new();
    for student in 1..=count {
        let mut transcript = sample::primary();
        transcript.years.truncate(1);
        transcript.envelope.id_ban_ghi = format!("HB-TH-01{student:08}");
        transcript.header.ma_dinh_danh_hoc_ba = format!("HB01-TH-2021-01{student:08}");
        for year in &mut transcript.years {
            year.id = format!("QTHT-HS{student:05}-{}", year.nam_hoc);
            year.giao_vien_chu_nhiem = "Nguyễn Thị Hoa".into();
            year.hieu_truong = "Trần Văn Minh".into();
            year.truong.ten_truong = "Trường Tiểu học Kim Đồng".into();
            year.student.ma_dinh_danh = format!("0013160{student:05}");
            year.student.ma_hoc_sinh = format!("01{student:08}");
            year.student.ho_va_ten = format!(
                "{} {} {}",
                FAMILY[student % FAMILY.len()],
                MIDDLE[(student / FAMILY.len()) % MIDDLE.len()],
                GIVEN[(student / 7) % GIVEN.len()]
            );
            nam_hoc = year.nam_hoc.to_string();
        }
        let xml = to_xml(&transcript).expect("a valid transcript");
        std::fs::write(out.join(format!("hs{student:05}.xml")), xml).expect("write");
    }
    println!("{nam_hoc}");
}
