//! `test-vectors/transcripts/`: every file validates or fails exactly as its name says, and the
//! files are what the sample builders and the edits below produce (`HOCBA_REGENERATE=1` rewrites
//! them). Names: `valid-*.xml` (no finding), `error-CODE-*.xml` (an error finding with that code,
//! and no other error), `warning-CODE-*.xml` (valid, a warning with that code). The valid samples
//! and every sample the reader refuses are also checked against the XSD with xmllint.

mod common;

use std::path::{Path, PathBuf};

use hocba::transcript::*;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../test-vectors/transcripts")
}

fn xsd() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas/hocba-transcript-1.0.xsd")
}

/// How an invalid sample is made from a valid one.
enum Edit {
    /// Replace the first occurrence of a text in the XML.
    Text(&'static str, &'static str),
    /// Replace the text of the first element with this name.
    Element(&'static str, &'static str),
    /// Change the model, then write it.
    Model(fn(&mut Transcript)),
}

fn thcs(t: &mut Transcript, year: usize) -> &mut SecondaryYear {
    match &mut t.years[year].ket_qua {
        YearResults::Thcs(y) => y,
        YearResults::TieuHoc(_) => unreachable!("a THCS sample"),
    }
}

fn scores(t: &mut Transcript, year: usize, subject: usize) -> &mut TermResultsScored {
    match &mut thcs(t, year).mon_hoc[subject].danh_gia {
        SubjectAssessment::DiemSo(d) => d,
        SubjectAssessment::NhanXet(_) => unreachable!("a scored subject"),
    }
}

fn primary_year(t: &mut Transcript, year: usize) -> &mut PrimaryYear {
    match &mut t.years[year].ket_qua {
        YearResults::TieuHoc(y) => y,
        YearResults::Thcs(_) => unreachable!("a primary sample"),
    }
}

fn bo_sung(t: &mut Transcript) -> &mut SupplementaryAssessment {
    primary_year(t, 1).danh_gia_bo_sung.as_mut().expect("the supplementary sample")
}

type Derived = (&'static str, fn() -> Transcript, Edit);

fn derived() -> Vec<Derived> {
    use Edit::*;
    let thcs_sample: fn() -> Transcript = sample::secondary_with_transfer;
    let primary: fn() -> Transcript = sample::primary;
    vec![
        ("error-xml-doctype", thcs_sample, Text("<HocBa ", "<!DOCTYPE HocBa SYSTEM \"hocba.dtd\">\n<HocBa ")),
        (
            "error-not_a_transcript-sai-khong-gian-ten",
            thcs_sample,
            Text("urn:hocba:hocbaso:1.0", "urn:hocba:hocbaso:0.9"),
        ),
        ("error-missing_element-ho-va-ten", thcs_sample, Text("<HoVaTen>Trần Đức Minh Khôi</HoVaTen>", "")),
        (
            "error-unexpected_element-phan-tu-la",
            thcs_sample,
            Text("  </QuaTrinhHocTap>", "    <SiSo>42</SiSo>\n  </QuaTrinhHocTap>"),
        ),
        ("error-invalid_code-gioi-tinh", thcs_sample, Text("<GioiTinh>1</GioiTinh>", "<GioiTinh>3</GioiTinh>")),
        ("error-invalid_code-muc-danh-gia", thcs_sample, Text("<HocKy1>T</HocKy1>", "<HocKy1>G</HocKy1>")),
        ("error-invalid_score-hai-chu-so-thap-phan", thcs_sample, Element("DDGgk", "8.25")),
        ("error-invalid_score-ngoai-thang-diem", thcs_sample, Element("DDGck", "10.5")),
        ("error-invalid_score-tieu-hoc-diem-0", primary, Text("<CuoiNam>10</CuoiNam>", "<CuoiNam>0</CuoiNam>")),
        (
            "error-invalid_date-ngay-khong-ton-tai",
            thcs_sample,
            Text("<NgaySinh>2011-03-17</NgaySinh>", "<NgaySinh>2011-02-29</NgaySinh>"),
        ),
        (
            "error-date_order-ngay-sinh-sau-nam-hoc",
            thcs_sample,
            Model(|t| t.years.iter_mut().for_each(|y| y.student.ngay_sinh = Date::new(2023, 1, 5).unwrap())),
        ),
        (
            "error-date_order-ngay-chuyen-truong",
            thcs_sample,
            Model(|t| t.years[2].chuyen_den.as_mut().unwrap().ngay_chuyen = Date::new(2025, 9, 1).unwrap()),
        ),
        (
            "error-year_order-nam-hoc-lui",
            thcs_sample,
            Model(|t| t.years[3].nam_hoc = SchoolYearName::new(2023).unwrap()),
        ),
        ("error-grade_out_of_level-khoi-5-o-thcs", thcs_sample, Model(|t| t.years[0].ma_khoi = 5)),
        ("error-invalid_level-cap-thpt", thcs_sample, Model(|t| t.header.ma_cap_hoc = CapHoc::Thpt)),
        (
            "error-results_wrong_level-ket-qua-tieu-hoc-o-thcs",
            thcs_sample,
            Model(|t| t.years[0].ket_qua = sample::primary().years[4].ket_qua.clone()),
        ),
        (
            "error-identity_mismatch-ma-dinh-danh",
            thcs_sample,
            Model(|t| t.years[2].student.ma_dinh_danh = "001211098766".into()),
        ),
        (
            "error-invalid_personal_id-11-chu-so",
            thcs_sample,
            Model(|t| t.years.iter_mut().for_each(|y| y.student.ma_dinh_danh = "00121109876".into())),
        ),
        ("error-empty_field-lop", thcs_sample, Model(|t| t.years[1].lop = String::new())),
        ("error-duplicate_id-hai-nam-hoc", thcs_sample, Model(|t| t.years[1].id = t.years[0].id.clone())),
        (
            "error-duplicate_id-mon-hoc-trung-id-nam-hoc",
            thcs_sample,
            Model(|t| {
                let year_id = t.years[0].id.clone();
                thcs(t, 0).mon_hoc[1].id = Some(year_id);
            }),
        ),
        (
            "error-reserved_id-mon-hoc-mang-id-chu-ky-gvcn",
            thcs_sample,
            Model(|t| {
                let year_id = t.years[0].id.clone();
                thcs(t, 0).mon_hoc[1].id = Some(format!("{year_id}-GVCN"));
            }),
        ),
        ("error-duplicate_subject-toan", thcs_sample, Model(|t| thcs(t, 0).mon_hoc[0].ma_mon_hoc = MonHoc::Toan)),
        (
            "error-assessment_kind-gdtc-cho-diem",
            thcs_sample,
            Model(|t| {
                let scored = thcs(t, 0).mon_hoc[0].danh_gia.clone();
                thcs(t, 0).mon_hoc[8].danh_gia = scored;
            }),
        ),
        (
            "error-score_not_allowed-dao-duc-co-diem",
            primary,
            Model(|t| primary_year(t, 0).mon_hoc[2].diem_kiem_tra.cuoi_nam = DiemTieuHoc::new(9)),
        ),
        ("error-invalid_value-phien-ban-bang-chu", thcs_sample, Element("PhienBan", "một")),
        ("error-mixed_content-van-ban-giua-phan-tu", thcs_sample, Text("<Lop>6A2</Lop>", "<Lop>6A2</Lop> lớp chọn")),
        (
            "error-too_many_regular-nam-diem-tx",
            thcs_sample,
            Model(|t| {
                let d = scores(t, 0, 0);
                d.hoc_ky1.ddg_tx.push(d.hoc_ky1.ddg_tx[0]);
            }),
        ),
        ("error-invalid_version-phien-ban-0", thcs_sample, Model(|t| t.envelope.phien_ban = 0)),
        (
            "warning-term_average-dtbmhk-sai",
            thcs_sample,
            Model(|t| {
                let d = scores(t, 1, 1);
                d.hoc_ky1.dtb_mhk = Diem::from_tenths(d.hoc_ky1.dtb_mhk.unwrap().tenths() - 1);
            }),
        ),
        (
            "warning-year_average-dtbmcn-sai",
            thcs_sample,
            Model(|t| {
                let d = scores(t, 2, 0);
                d.dtb_ca_nam = Diem::from_tenths(d.dtb_ca_nam.unwrap().tenths() - 2);
            }),
        ),
        (
            "warning-regular_count-mot-diem-tx",
            thcs_sample,
            Model(|t| {
                let d = scores(t, 0, 3);
                d.hoc_ky2.ddg_tx.truncate(1);
                d.hoc_ky2.dtb_mhk = term_average(&d.hoc_ky2);
                d.dtb_ca_nam = Some(year_average(d.hoc_ky1.dtb_mhk.unwrap(), d.hoc_ky2.dtb_mhk.unwrap()));
            }),
        ),
        (
            "warning-learning_result-tot-khong-du-dieu-kien",
            sample::secondary_retest,
            Model(|t| thcs(t, 1).ket_qua_hoc_tap.hoc_ky2 = Some(MucDanhGia::Tot)),
        ),
        (
            "warning-title-xuat-sac-khi-hoc-tap-kha",
            sample::secondary_retest,
            Model(|t| thcs(t, 1).danh_hieu = Some(DanhHieu::HocSinhXuatSac)),
        ),
        ("warning-promotion-nghi-qua-45-buoi", thcs_sample, Model(|t| thcs(t, 0).so_buoi_nghi = Some(46))),
        (
            "warning-retest-hoc-sinh-dat-kiem-tra-lai",
            thcs_sample,
            Model(|t| {
                thcs(t, 0).kiem_tra_lai = Some(ReTestOutcome { ket_qua_hoc_tap: MucDanhGia::Tot, duoc_len_lop: true })
            }),
        ),
        (
            "warning-summer_training-ren-luyen-tot",
            thcs_sample,
            Model(|t| {
                thcs(t, 0).ren_luyen_trong_he =
                    Some(SummerTraining { ket_qua_ren_luyen: MucDanhGia::Dat, duoc_len_lop: true })
            }),
        ),
        (
            "warning-primary_result-hoan-thanh-xuat-sac-voi-diem-7",
            primary,
            Model(|t| primary_year(t, 2).mon_hoc[0].diem_kiem_tra.cuoi_nam = DiemTieuHoc::new(7)),
        ),
        (
            "error-supplementary_subject-mon-khong-co-trong-nam",
            sample::primary_supplementary,
            Model(|t| bo_sung(t).mon_hoc[0].ma_mon_hoc = MonHoc::KhoaHoc),
        ),
        (
            "error-supplementary_subject-mon-mien-hoc",
            sample::primary_supplementary,
            Model(|t| {
                primary_year(t, 1).mon_hoc[2].mien_hoc = true;
                bo_sung(t).mon_hoc.push(SupplementarySubject {
                    ma_mon_hoc: MonHoc::DaoDuc,
                    muc_dat: MucDatTieuHoc::HoanThanh,
                    diem_kiem_tra: None,
                });
            }),
        ),
        (
            "error-duplicate_subject-danh-gia-bo-sung-toan-hai-lan",
            sample::primary_supplementary,
            Model(|t| {
                let again = bo_sung(t).mon_hoc[0].clone();
                bo_sung(t).mon_hoc.push(again);
            }),
        ),
        (
            "error-score_not_allowed-danh-gia-bo-sung-dao-duc-co-diem",
            sample::primary_supplementary,
            Model(|t| {
                primary_year(t, 1).mon_hoc[2].muc_dat.cuoi_nam = Some(MucDatTieuHoc::ChuaHoanThanh);
                bo_sung(t).mon_hoc.push(SupplementarySubject {
                    ma_mon_hoc: MonHoc::DaoDuc,
                    muc_dat: MucDatTieuHoc::HoanThanh,
                    diem_kiem_tra: DiemTieuHoc::new(7),
                });
            }),
        ),
        (
            "error-missing_element-danh-gia-bo-sung-khong-co-mon",
            sample::primary_supplementary,
            Text(
                "<DanhGiaBoSung>\n        <MonHoc>\n          <MaMonHoc>TOAN</MaMonHoc>\n          <MucDat>H</MucDat>\n          <DiemKiemTra>6</DiemKiemTra>\n        </MonHoc>",
                "<DanhGiaBoSung>",
            ),
        ),
        (
            "warning-supplementary-da-hoan-thanh-van-danh-gia-bo-sung",
            sample::primary_supplementary,
            Model(|t| {
                let y = primary_year(t, 1);
                let toan = &mut y.mon_hoc[1];
                toan.muc_dat.cuoi_nam = Some(MucDatTieuHoc::HoanThanh);
                toan.diem_kiem_tra.cuoi_nam = DiemTieuHoc::new(6);
                y.ket_qua_giao_duc = primary_result(y);
                y.hoan_thanh_chuong_trinh_lop_hoc = Some(true);
            }),
        ),
        (
            "warning-supplementary_outcome-van-chua-hoan-thanh",
            sample::primary_supplementary,
            Model(|t| bo_sung(t).mon_hoc[0].muc_dat = MucDatTieuHoc::ChuaHoanThanh),
        ),
        (
            "warning-supplementary_outcome-diem-bo-sung-duoi-5",
            sample::primary_supplementary,
            Model(|t| bo_sung(t).mon_hoc[0].diem_kiem_tra = DiemTieuHoc::new(3)),
        ),
        (
            "warning-supplementary_outcome-hoan-thanh-khong-len-lop",
            sample::primary_supplementary,
            Model(|t| bo_sung(t).duoc_len_lop = Some(false)),
        ),
        (
            "warning-completion-hoan-thanh-tieu-hoc-o-lop-3",
            primary,
            Model(|t| primary_year(t, 2).hoan_thanh_chuong_trinh_tieu_hoc = Some(true)),
        ),
    ]
}

/// Every sample file: its name and bytes.
fn expected_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("valid-tieu-hoc-lop-1-5".into(), to_xml(&sample::primary()).unwrap()),
        ("valid-thcs-lop-6-9-chuyen-truong".into(), to_xml(&sample::secondary_with_transfer()).unwrap()),
        ("valid-thcs-kiem-tra-lai".into(), to_xml(&sample::secondary_retest()).unwrap()),
        ("valid-thcs-ren-luyen-trong-he".into(), to_xml(&sample::secondary_summer_training()).unwrap()),
        ("valid-tieu-hoc-khuyet-tat-mien-danh-gia".into(), to_xml(&sample::primary_exempt()).unwrap()),
        ("valid-tieu-hoc-danh-gia-bo-sung-sau-he".into(), to_xml(&sample::primary_supplementary()).unwrap()),
    ];
    for (name, base, edit) in derived() {
        let bytes = match edit {
            Edit::Text(from, to) => {
                let xml = String::from_utf8(to_xml(&base()).unwrap()).unwrap();
                assert!(xml.contains(from), "{name}: {from:?} not in the base sample");
                xml.replacen(from, to, 1).into_bytes()
            }
            Edit::Element(element, text) => {
                let xml = String::from_utf8(to_xml(&base()).unwrap()).unwrap();
                let open = format!("<{element}>");
                let start = xml.find(&open).unwrap() + open.len();
                let end = start + xml[start..].find('<').unwrap();
                format!("{}{text}{}", &xml[..start], &xml[end..]).into_bytes()
            }
            Edit::Model(change) => {
                let mut t = base();
                change(&mut t);
                to_xml(&t).unwrap()
            }
        };
        files.push((name.into(), bytes));
    }
    files
}

#[test]
fn sample_files_are_the_builders_output() {
    let regenerate = std::env::var_os("HOCBA_REGENERATE").is_some();
    let expected = expected_files();
    for (name, bytes) in &expected {
        let path = dir().join(format!("{name}.xml"));
        if regenerate {
            std::fs::write(&path, bytes).unwrap();
        }
        let on_disk =
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (HOCBA_REGENERATE=1 writes it)", path.display()));
        assert!(on_disk == *bytes, "{name}.xml differs from its builder (HOCBA_REGENERATE=1 rewrites it)");
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    on_disk.sort();
    let mut names: Vec<String> = expected.iter().map(|(n, _)| format!("{n}.xml")).collect();
    names.sort();
    assert_eq!(on_disk, names, "files without a builder, or builders without a file");
}

/// What a file name promises: `error-CODE-...` or `warning-CODE-...`, the code written with `_`
/// for `-` so that it reads as one word of the name.
fn promise(name: &str) -> (Option<Severity>, String) {
    if name.starts_with("valid-") {
        return (None, String::new());
    }
    let (kind, rest) = name.split_once('-').unwrap();
    let code = rest.split('-').next().unwrap().replace('_', "-");
    (Some(if kind == "error" { Severity::Error } else { Severity::Warning }), code)
}

#[test]
fn every_sample_validates_or_fails_as_its_name_says() {
    let mut checked = 0;
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if path.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let (_, validation) = validate_xml(&std::fs::read(&path).unwrap(), ValidateOptions::default());
        let findings = &validation.findings;
        match promise(&name) {
            (None, _) => assert!(findings.is_empty(), "{name}: {findings:#?}"),
            (Some(Severity::Error), code) => {
                assert!(!validation.is_valid(), "{name}: no error");
                assert!(
                    findings.iter().filter(|f| f.severity == Severity::Error).all(|f| f.code == code.as_str()),
                    "{name}: {findings:#?}"
                );
            }
            (Some(Severity::Warning), code) => {
                assert!(validation.is_valid(), "{name}: {findings:#?}");
                assert!(findings.iter().any(|f| f.code == code.as_str()), "{name}: {findings:#?}");
                assert!(findings.iter().all(|f| f.severity == Severity::Warning));
            }
        }
        for f in findings {
            assert!(f.path.starts_with('/'), "{name}: {f:?}");
            assert!(!f.message_vi.is_empty() && !f.message_en.is_empty());
        }
        checked += 1;
    }
    assert!(checked >= 30, "{checked} samples");
}

/// Every check validation has, by its code, has a sample that shows it.
#[test]
fn every_finding_kind_has_a_sample() {
    let codes = [
        "xml",
        "not-a-transcript",
        "missing-element",
        "unexpected-element",
        "mixed-content",
        "invalid-code",
        "invalid-score",
        "invalid-date",
        "invalid-value",
        "empty-field",
        "invalid-version",
        "invalid-level",
        "duplicate-id",
        "reserved-id",
        "year-order",
        "identity-mismatch",
        "grade-out-of-level",
        "invalid-personal-id",
        "date-order",
        "results-wrong-level",
        "score-not-allowed",
        "duplicate-subject",
        "assessment-kind",
        "too-many-regular",
        "term-average",
        "year-average",
        "regular-count",
        "learning-result",
        "title",
        "promotion",
        "retest",
        "summer-training",
        "primary-result",
        "completion",
        "supplementary-subject",
        "supplementary",
        "supplementary-outcome",
    ];
    let names: Vec<String> = expected_files().into_iter().map(|(n, _)| n).collect();
    for code in codes {
        assert!(names.iter().any(|n| promise(n).1 == code), "no sample for {code}");
    }
    // And no check exists that this list forgets: every code in the validator's source is listed.
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/transcript/validate.rs")).unwrap();
    for line in source.lines() {
        let line = line.trim();
        // Codes stand alone on a line, as the `code` argument of a finding.
        let code = line.strip_prefix('"').and_then(|l| l.strip_suffix("\","));
        if let Some(code) = code.filter(|c| !c.is_empty() && c.chars().all(|c| c.is_ascii_lowercase() || c == '_')) {
            assert!(codes.contains(&code), "validate.rs has the code {code} and no sample for it");
        }
    }
}

#[test]
fn rules_become_errors_on_request() {
    let xml = std::fs::read(dir().join("warning-term_average-dtbmhk-sai.xml")).unwrap();
    let (_, strict) = validate_xml(&xml, ValidateOptions { rules_are_errors: true });
    assert!(!strict.is_valid());
}

fn xmllint(path: &Path) -> std::process::Output {
    std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(xsd())
        .arg(path)
        .output()
        .unwrap()
}

#[test]
fn xsd_accepts_what_the_writer_writes_and_refuses_what_the_reader_refuses() {
    if !common::require_tool("xmllint", "libxml2-utils") {
        return;
    }
    // A signed transcript is schema-valid too (signatures sit in their places, processed laxly).
    // So is one with subject teachers' signatures (GVBM places, subjects with an Id).
    for signed in ["signed/thcs-lop-6-9-da-ky.xml", "signed/thcs-lop-6-9-gvbm-da-ky.xml"] {
        let out = xmllint(&dir().join(signed));
        assert!(out.status.success(), "{signed}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let mut checked = 0;
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let refused_by_reader = from_xml(&std::fs::read(&path).unwrap()).is_err();
        let out = xmllint(&path);
        if name.starts_with("valid-") || !refused_by_reader {
            // Model-level errors and rule findings are beyond a schema: those documents are schema-valid...
            let schema_level = ["error-duplicate_id", "error-too_many_regular"];
            if schema_level.iter().any(|p| name.starts_with(p)) {
                assert!(!out.status.success(), "{name}: the schema should refuse it");
            } else {
                assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
            }
        } else if !name.starts_with("error-xml") {
            // ...and what the reader refuses, the schema refuses too.
            assert!(!out.status.success(), "{name}: the schema accepts what the reader refuses");
        }
        checked += 1;
    }
    assert!(checked >= 30);
}

#[test]
fn xsd_holds_one_signature_place_per_year_and_each_for_a_year() {
    if !common::require_tool("xmllint", "libxml2-utils") {
        return;
    }
    let valid = std::fs::read_to_string(dir().join("valid-thcs-lop-6-9-chuyen-truong.xml")).unwrap();
    let twice = valid.replacen(
        "<ChuKyNamHoc QuaTrinhHocTap=\"QTHT-2023-2024\">",
        "<ChuKyNamHoc QuaTrinhHocTap=\"QTHT-2022-2023\">",
        1,
    );
    let dangling = valid.replacen(
        "<ChuKyNamHoc QuaTrinhHocTap=\"QTHT-2023-2024\">",
        "<ChuKyNamHoc QuaTrinhHocTap=\"QTHT-1999\">",
        1,
    );
    for (name, text, rule) in [("twice", twice, "MotChuKyMoiNamHoc"), ("dangling", dangling, "ChuKyNamHocThamChieu")] {
        assert_ne!(text, valid, "{name}: the edit applies");
        let path = std::env::temp_dir().join(format!("hocba-xsd-{name}-{}.xml", std::process::id()));
        std::fs::write(&path, text).unwrap();
        let out = xmllint(&path);
        std::fs::remove_file(&path).unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(rule), "{name}: {stderr}");
    }
}
