//! The transcript model: lossless XML and JSON round trips (samples and generated models), and the
//! reader's typed errors with path and line:column.

mod common;

use hocba::transcript::{self, *};
use proptest::prelude::*;

fn samples() -> Vec<(&'static str, Transcript)> {
    vec![
        ("primary", sample::primary()),
        ("secondary_with_transfer", sample::secondary_with_transfer()),
        ("secondary_retest", sample::secondary_retest()),
        ("secondary_summer_training", sample::secondary_summer_training()),
        ("primary_exempt", sample::primary_exempt()),
        ("primary_supplementary", sample::primary_supplementary()),
    ]
}

#[test]
fn samples_round_trip_through_xml_and_json() {
    for (name, t) in samples() {
        let xml = to_xml(&t).unwrap();
        let back = from_xml(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, t, "{name}: XML -> model");
        assert_eq!(to_xml(&back).unwrap(), xml, "{name}: model -> XML is byte-identical");
        let json = serde_json::to_string(&t).unwrap();
        let from_json: Transcript = serde_json::from_str(&json).unwrap();
        assert_eq!(from_json, t, "{name}: JSON");
    }
}

#[test]
fn samples_have_no_findings() {
    for (name, t) in samples() {
        let v = validate(&t, ValidateOptions::default());
        assert!(v.findings.is_empty(), "{name}: {:#?}", v.findings);
    }
}

#[test]
fn vietnamese_text_and_markup_characters_survive() {
    let mut t = sample::primary_exempt();
    t.years[0].nhan_xet_gvcn = Some("Em \"chăm\" & <ngoan>;\r\n\ttiến bộ ]]> rõ rệt 😊".into());
    let xml = to_xml(&t).unwrap();
    assert_eq!(from_xml(&xml).unwrap(), t);
}

#[test]
fn unwritable_text_is_refused_with_its_path() {
    let mut t = sample::primary_exempt();
    t.years[0].lop = "2A\u{1}".into();
    match to_xml(&t) {
        Err(TranscriptError::Unwritable { path, problem: ContentProblem::InvalidCharacter { .. } }) => {
            assert_eq!(path, "/HocBa/QuaTrinhHocTap[1]/Lop")
        }
        other => panic!("{other:?}"),
    }
}

/// The XML of the retest sample with one edit.
fn edited(from: &str, to: &str) -> Vec<u8> {
    let xml = String::from_utf8(to_xml(&sample::secondary_retest()).unwrap()).unwrap();
    assert!(xml.contains(from), "{from}");
    xml.replacen(from, to, 1).into_bytes()
}

fn content_error(xml: &[u8]) -> (String, hocba::xml::TextPos, ContentProblem) {
    match from_xml(xml) {
        Err(TranscriptError::Content { path, pos, problem }) => (path, pos, problem),
        other => panic!("{other:?}"),
    }
}

#[test]
fn reader_errors_name_path_and_position() {
    let (path, pos, problem) = content_error(&edited("<DDGtx>", "<DDGtx>1"));
    assert!(matches!(problem, ContentProblem::InvalidScore { .. }), "{problem:?}");
    assert_eq!(path, "/HocBa/QuaTrinhHocTap[1]/KetQuaTHCS/MonHoc[1]/DiemSo/HocKy1/DDGtx[1]");
    assert!(pos.line > 30, "{pos}");

    let (_, _, problem) = content_error(&edited("<SuKien>NEW</SuKien>", "<SuKien>DELETE</SuKien>"));
    assert_eq!(problem, ContentProblem::InvalidCode { list: "SuKien", value: "DELETE".into() });

    let (path, _, problem) = content_error(&edited("<HoVaTen>Phạm Gia Huy</HoVaTen>", ""));
    assert_eq!(path, "/HocBa/QuaTrinhHocTap[1]/HocSinh/HoVaTen");
    assert_eq!(problem, ContentProblem::Missing { element: "HoVaTen" });

    let (_, _, problem) = content_error(&edited("<NgaySinh>2011-03-17", "<NgaySinh>2011-02-30"));
    assert!(matches!(problem, ContentProblem::InvalidDate { .. }));

    let (path, _, problem) = content_error(&edited("<Lop>6A3</Lop>", "<Lop>6A3</Lop><Lop>6A4</Lop>"));
    // The second Lop stands where Truong must be.
    assert_eq!(path, "/HocBa/QuaTrinhHocTap[1]/Truong");
    assert_eq!(problem, ContentProblem::Missing { element: "Truong" });

    let (_, _, problem) = content_error(b"<HocBa xmlns='urn:other'/>");
    assert!(matches!(problem, ContentProblem::NotATranscript { .. }));

    assert!(matches!(from_xml(b"<!DOCTYPE x><HocBa/>"), Err(TranscriptError::Xml(_))));
}

#[test]
fn scores_parse_exactly() {
    assert_eq!(Diem::parse("8").unwrap().tenths(), 80);
    assert_eq!(Diem::parse("8.5").unwrap().tenths(), 85);
    assert_eq!(Diem::parse("10.0").unwrap().tenths(), 100);
    assert_eq!(Diem::parse("0").unwrap().tenths(), 0);
    assert_eq!(Diem::parse("8.25"), Err(ScoreError::TooManyDecimals));
    assert_eq!(Diem::parse("10.5"), Err(ScoreError::OutOfRange));
    assert_eq!(Diem::parse("11"), Err(ScoreError::OutOfRange));
    for bad in ["", "-1", "+8", "8.", ".5", "8,5", "1e1", " 8"] {
        assert_eq!(Diem::parse(bad), Err(ScoreError::NotANumber), "{bad:?}");
    }
    assert_eq!(DiemTieuHoc::parse("0"), Err(ScoreError::PrimaryZero));
    assert_eq!(DiemTieuHoc::parse("7.5"), Err(ScoreError::NotAnInteger));
    assert_eq!(DiemTieuHoc::parse("11"), Err(ScoreError::OutOfRange));
    assert_eq!(DiemTieuHoc::parse("10").unwrap().value(), 10);
    assert!(serde_json::from_str::<Diem>("8.25").is_err());
    assert!(serde_json::from_str::<Diem>("10.1").is_err());
    assert_eq!(serde_json::from_str::<Diem>("6.7").unwrap().tenths(), 67);
}

#[test]
fn code_lists_round_trip_with_labels() {
    for &c in MonHoc::ALL {
        assert_eq!(MonHoc::from_code(c.code()), Some(c));
        assert!(!c.label_vi().is_empty() && !c.label_en().is_empty());
    }
    assert_eq!(MucDanhGia::from_code("CĐ"), Some(MucDanhGia::ChuaDat));
    assert_eq!(MucDanhGia::ChuaDat.label_vi(), "Chưa đạt");
    assert_eq!(GioiTinh::from_code("2"), Some(GioiTinh::Nu));
    assert_eq!(CapHoc::Thcs.code(), "03");
    assert_eq!(transcript::SuKien::Cancel.label_vi(), "Thu hồi");
}

fn text() -> impl Strategy<Value = String> {
    // Vietnamese letters, markup characters, line ends, astral characters.
    proptest::string::string_regex(
        "[a-zA-ZàáạảãăắằẳẵặâấầẩẫậđèéẹẻẽêếềểễệìíịỉĩòóọỏõôốồổỗộơớờởỡợùúụủũưứừửữựỳýỵỷỹĐ &<>\"'\r\n\t😊]{0,24}",
    )
    .unwrap()
}

fn diem() -> impl Strategy<Value = Diem> {
    (0u8..=100).prop_map(|t| Diem::from_tenths(t).unwrap())
}

fn term() -> impl Strategy<Value = TermScores> {
    (
        proptest::collection::vec(diem(), 0..5),
        proptest::option::of(diem()),
        proptest::option::of(diem()),
        proptest::option::of(diem()),
    )
        .prop_map(|(ddg_tx, ddg_gk, ddg_ck, dtb_mhk)| TermScores { ddg_tx, ddg_gk, ddg_ck, dtb_mhk })
}

fn level() -> impl Strategy<Value = Option<MucDanhGia>> {
    proptest::option::of(proptest::sample::select(MucDanhGia::ALL))
}

/// The THCS sample with generated names, scores, results and options.
fn secondary() -> impl Strategy<Value = Transcript> {
    (
        text(),
        text(),
        proptest::collection::vec(
            (term(), term(), proptest::option::of(diem()), proptest::option::of(text()), any::<bool>()),
            8,
        ),
        level(),
        level(),
        proptest::option::of(0u16..200),
        any::<u32>(),
    )
        .prop_map(|(name, comment, subjects, hoc_tap, ren_luyen, absent, version)| {
            let mut t = sample::secondary_with_transfer();
            t.envelope.phien_ban = version;
            t.years[1].student.ho_va_ten = name;
            t.years[1].nhan_xet_gvcn = Some(comment);
            let year_id = t.years[1].id.clone();
            let YearResults::Thcs(y) = &mut t.years[1].ket_qua else { unreachable!() };
            for (s, (hk1, hk2, year, remark, signed_by_teacher)) in y.mon_hoc.iter_mut().zip(subjects) {
                // A subject its teacher signs carries an Id (and gets a GVBM place).
                s.id = signed_by_teacher.then(|| format!("{year_id}-{}", s.ma_mon_hoc.code()));
                s.danh_gia =
                    SubjectAssessment::DiemSo(TermResultsScored { hoc_ky1: hk1, hoc_ky2: hk2, dtb_ca_nam: year });
                s.nhan_xet = remark;
            }
            y.ket_qua_hoc_tap.ca_nam = hoc_tap;
            y.ket_qua_ren_luyen.hoc_ky1 = ren_luyen;
            y.so_buoi_nghi = absent;
            t
        })
}

/// The primary sample with generated levels, scores, qualities and results.
fn primary() -> impl Strategy<Value = Transcript> {
    let level = || proptest::option::of(proptest::sample::select(MucDatTieuHoc::ALL));
    let score = || proptest::option::of((1u8..=10).prop_map(|v| DiemTieuHoc::new(v).unwrap()));
    let quality = || proptest::option::of(proptest::sample::select(MucPhamChatNangLuc::ALL));
    (
        proptest::collection::vec((level(), level(), score(), score(), any::<bool>(), any::<bool>()), 12),
        proptest::collection::vec((quality(), quality()), 5),
        proptest::option::of(proptest::sample::select(KetQuaGiaoDucTieuHoc::ALL)),
        proptest::collection::vec(proptest::sample::select(KhenThuongTieuHoc::ALL), 0..3),
        proptest::option::of(any::<bool>()),
        text(),
        proptest::option::of((
            proptest::collection::vec(
                (proptest::sample::select(MonHoc::ALL), proptest::sample::select(MucDatTieuHoc::ALL), score()),
                1..4,
            ),
            any::<bool>(),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
        )),
    )
        .prop_map(|(subjects, qualities, result, awards, promoted, comment, supplementary)| {
            let mut t = sample::primary();
            let YearResults::TieuHoc(p) = &mut t.years[3].ket_qua else { unreachable!() };
            for (s, (mid, end, test_mid, test_end, exempt, signed_by_teacher)) in p.mon_hoc.iter_mut().zip(subjects) {
                s.id = signed_by_teacher.then(|| format!("QTHT-2024-2025-{}", s.ma_mon_hoc.code()));
                s.muc_dat.giua_hk2 = mid;
                s.muc_dat.cuoi_nam = end;
                s.diem_kiem_tra.giua_hk1 = test_mid;
                s.diem_kiem_tra.cuoi_nam = test_end;
                s.mien_hoc = exempt;
                s.nhan_xet = Some(comment.clone());
            }
            for (q, (mid, end)) in p.pham_chat.iter_mut().zip(qualities) {
                q.muc_dat.giua_hk1 = mid;
                q.muc_dat.cuoi_nam = end;
            }
            p.ket_qua_giao_duc = result;
            p.khen_thuong = awards;
            p.duoc_len_lop = promoted;
            p.danh_gia_bo_sung =
                supplementary.map(|(subjects, completed, primary, promoted)| SupplementaryAssessment {
                    mon_hoc: subjects
                        .into_iter()
                        .map(|(ma_mon_hoc, muc_dat, diem_kiem_tra)| SupplementarySubject {
                            ma_mon_hoc,
                            muc_dat,
                            diem_kiem_tra,
                        })
                        .collect(),
                    hoan_thanh_chuong_trinh_lop_hoc: completed,
                    hoan_thanh_chuong_trinh_tieu_hoc: primary,
                    duoc_len_lop: promoted,
                });
            t
        })
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    #[test]
    fn generated_models_round_trip(t in secondary()) {
        let xml = to_xml(&t).unwrap();
        let back = from_xml(&xml).unwrap();
        prop_assert_eq!(&back, &t);
        prop_assert_eq!(to_xml(&back).unwrap(), xml);
        let json = serde_json::to_vec(&t).unwrap();
        prop_assert_eq!(serde_json::from_slice::<Transcript>(&json).unwrap(), t);
    }

    #[test]
    fn generated_primary_models_round_trip(t in primary()) {
        let xml = to_xml(&t).unwrap();
        let back = from_xml(&xml).unwrap();
        prop_assert_eq!(&back, &t);
        prop_assert_eq!(to_xml(&back).unwrap(), xml);
        let json = serde_json::to_vec(&t).unwrap();
        prop_assert_eq!(serde_json::from_slice::<Transcript>(&json).unwrap(), t);
    }
}

proptest! {
    #![proptest_config(common::proptest_config(256))]

    /// Corrupted documents: the reader and validation answer with a finding, never a panic, and a
    /// document they accept writes back to something they accept again.
    #[test]
    fn corrupted_documents_never_panic(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
        let mut xml = to_xml(&sample::secondary_retest()).unwrap();
        for (at, byte) in edits {
            let i = at.index(xml.len());
            xml[i] = byte;
        }
        let (model, validation) = validate_xml(&xml, ValidateOptions::default());
        match model {
            Some(t) => prop_assert_eq!(from_xml(&to_xml(&t).unwrap()).unwrap(), t),
            None => prop_assert!(!validation.is_valid()),
        }
    }
}

#[test]
fn subject_ids_are_xml_names_and_the_only_attribute() {
    let mut t = sample::secondary_with_transfer();
    let YearResults::Thcs(y) = &mut t.years[0].ket_qua else { unreachable!() };
    y.mon_hoc[1].id = Some("QTHT-2022-2023-TOAN".into());
    let xml = String::from_utf8(to_xml(&t).unwrap()).unwrap();
    assert!(xml.contains("<GVBM MaMonHoc=\"TOAN\"/>\n      <GVCN/>"), "a GVBM place before the GVCN's");
    assert_eq!(from_xml(xml.as_bytes()).unwrap(), t);
    for (from, to, problem) in [
        ("Id=\"QTHT-2022-2023-TOAN\"", "Id=\"2022 TOAN\"", "expected an NCName Id"),
        ("Id=\"QTHT-2022-2023-TOAN\"", "Ma=\"TOAN\"", "element @Ma is not allowed here"),
    ] {
        let err = from_xml(xml.replacen(from, to, 1).as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with("/HocBa/QuaTrinhHocTap[1]/KetQuaTHCS/MonHoc[2] ("), "{err}");
        assert!(err.contains(problem), "{err}");
    }
    // Nor written when it is not a name.
    let YearResults::Thcs(y) = &mut t.years[0].ket_qua else { unreachable!() };
    y.mon_hoc[1].id = Some("a b".into());
    assert!(
        matches!(to_xml(&t), Err(TranscriptError::Unwritable { path, .. }) if path == "/HocBa/QuaTrinhHocTap[1]/KetQuaTHCS/MonHoc[2]")
    );
}
