//! `hocba validate`, `hocba show` and `hocba demo` as a user runs them.

mod common;

use common::hocba;

fn vectors(path: &str) -> String {
    format!("{}/../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn validate_a_valid_transcript() {
    let out = hocba(&["validate", &vectors("transcripts/valid-thcs-lop-6-9-chuyen-truong.xml")], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("chuyen-truong.xml: hợp lệ (0 cảnh báo)\n"), "{}", stdout(&out));
    let out = hocba(&["validate", "--lang", "en", &vectors("transcripts/valid-thcs-lop-6-9-chuyen-truong.xml")], None);
    assert!(stdout(&out).contains("chuyen-truong.xml: valid (0 warning(s))\n"), "{}", stdout(&out));
}

#[test]
fn validate_reports_errors_with_path_in_the_language_asked() {
    let file = vectors("transcripts/error-invalid_score-hai-chu-so-thap-phan.xml");
    let out = hocba(&["validate", &file], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let place = "[invalid-score] /HocBa/QuaTrinhHocTap[1]/KetQuaTHCS/MonHoc[1]/DiemSo/HocKy1/DDGgk (";
    assert!(text.contains(&format!("LỖI {place}")), "{text}");
    assert!(text.contains("nhiều hơn một chữ số thập phân") && !text.contains("more than one decimal"), "{text}");
    let out = hocba(&["validate", "--lang", "en", &file], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains(&format!("ERROR {place}")), "{text}");
    assert!(!text.contains("nhiều hơn một chữ số thập phân") && text.contains("more than one decimal"), "{text}");

    let out = hocba(&["validate", "--json", &file], None);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["errors"], 1);
    assert_eq!(json["findings"][0]["code"], "invalid-score");
    assert_eq!(json["findings"][0]["severity"], "error");
}

#[test]
fn rule_findings_are_warnings_unless_strict() {
    let file = vectors("transcripts/warning-term_average-dtbmhk-sai.xml");
    let out = hocba(&["validate", "--json", &file], None);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((json["valid"].as_bool(), json["errors"].as_u64()), (Some(true), Some(0)));
    assert!(
        json["findings"].as_array().unwrap().iter().any(|f| f["code"] == "term-average" && f["severity"] == "warning")
    );
    assert_eq!(hocba(&["validate", "--strict", &file], None).status.code(), Some(1));
}

#[test]
fn validate_reads_stdin_and_refuses_unreadable_files() {
    let xml = std::fs::read(vectors("transcripts/valid-tieu-hoc-lop-1-5.xml")).unwrap();
    assert_eq!(hocba(&["validate", "-"], Some(&xml)).status.code(), Some(0));
    let out = hocba(&["validate", "/nonexistent/hoc-ba.xml"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn show_prints_a_vietnamese_table() {
    let out = hocba(&["show", &vectors("transcripts/valid-thcs-lop-6-9-chuyen-truong.xml")], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for expected in [
        "HỌC BẠ SỐ — TRUNG HỌC CƠ SỞ",
        "Học sinh: Trần Đức Minh Khôi   Ngày sinh: 2011-03-17   Giới tính: Nam",
        "Năm học 2024-2025 — Lớp 8A2 (khối 8) — Trường THCS Nguyễn Du (79004567)",
        "Chuyển đến ngày 2024-08-20 từ Trường THCS Trưng Vương (01002345)",
        "│ Khoa học tự nhiên",
        "│ Kết quả học tập   │ Tốt",
        "Chứng chỉ: Cambridge A2 Key (KET)",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
    let primary = stdout(&hocba(&["show", &vectors("transcripts/valid-tieu-hoc-lop-1-5.xml")], None));
    assert!(primary.contains("Kết quả giáo dục: Hoàn thành xuất sắc"), "{primary}");
    assert!(primary.contains("│ Trách nhiệm"), "{primary}");
}

#[test]
fn show_renders_the_supplementary_assessment() {
    let out = hocba(&["show", &vectors("transcripts/valid-tieu-hoc-danh-gia-bo-sung-sau-he.xml")], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for expected in [
        "Kết quả giáo dục: Chưa hoàn thành   Hoàn thành chương trình lớp học: Không",
        "Đánh giá bổ sung sau hè:",
        "│ Toán    │ Hoàn thành │ 6",
        "Sau đánh giá bổ sung: hoàn thành chương trình lớp học: Có",
        "Được lên lớp: Có",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
    let json = hocba(&["show", "--json", &vectors("transcripts/valid-tieu-hoc-danh-gia-bo-sung-sau-he.xml")], None);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let b = &json["years"][1]["ket_qua"]["tieu_hoc"]["danh_gia_bo_sung"];
    assert_eq!(b["mon_hoc"][0]["ma_mon_hoc"], "TOAN");
    assert_eq!(b["mon_hoc"][0]["muc_dat"], "H");
    assert_eq!(b["hoan_thanh_chuong_trinh_lop_hoc"], true);
}

#[test]
fn show_json_is_the_model() {
    let file = vectors("transcripts/valid-thcs-kiem-tra-lai.xml");
    let out = hocba(&["show", "--json", &file], None);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["envelope"]["su_kien"], "NEW");
    assert_eq!(json["header"]["ma_cap_hoc"], "03");
    let grade7 = &json["years"][1];
    assert_eq!(grade7["student"]["ho_va_ten"], "Phạm Gia Huy");
    assert_eq!(grade7["ket_qua"]["thcs"]["ket_qua_hoc_tap"]["ca_nam"], "CĐ");
    assert_eq!(grade7["ket_qua"]["thcs"]["kiem_tra_lai"]["ket_qua_hoc_tap"], "Đ");
    assert_eq!(grade7["ket_qua"]["thcs"]["mon_hoc"][1]["kiem_tra_lai"]["diem"], 6.0);
}

#[test]
fn show_refuses_what_is_not_a_transcript() {
    let out = hocba(&["show", &vectors("transcripts/error-missing_element-ho-va-ten.xml")], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/HocBa/QuaTrinhHocTap[1]/HocSinh/HoVaTen (") && err.contains("thiếu phần tử bắt buộc HoVaTen"),
        "{err}"
    );
}

#[test]
fn demo_approves_signs_verifies_and_catches_three_forgeries() {
    let dir = std::env::temp_dir().join(format!("hocba-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let signed = dir.join("hoc-ba.xml");
    let signed_path = signed.to_str().unwrap();
    let out = hocba(&["demo", "--pki", &vectors("pki"), "--out", signed_path], None);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("Kết quả: HỢP LỆ"), "{text}");
    for (ward, school) in [("Ba Đình", "Trường THCS Trưng Vương"), ("Bến Nghé", "Trường THCS Nguyễn Du")]
    {
        let approved = format!("Được phê duyệt bởi: Phòng Văn hóa - Xã hội phường {ward} (danh sách số 1, {school})");
        assert!(text.contains(&approved), "{approved}: {text}");
    }
    assert!(text.contains("Chữ ký 12 — Con dấu đơn vị (ký #QTHT-2025-2026): HỢP LỆ"), "{text}");
    assert!(!text.contains("  ! "), "no warning: every signer is the person the year names, of its school: {text}");
    assert!(text.contains("[CRL, gắn trong chữ ký]"), "validation data embedded: {text}");
    assert!(text.contains("a) Sửa một điểm sau khi ký: bị phát hiện — Nội dung đã bị thay đổi sau khi ký"), "{text}");
    assert!(text.contains("(Trường THCS Lê Lợi) ký thay GVCN năm đầu: bị phát hiện — Người ký với vai trò Giáo viên chủ nhiệm chưa được Phòng Văn hóa - Xã hội phường Ba Đình phê duyệt"), "{text}");
    assert!(text.contains("bị phát hiện — Năm học QTHT-2022-2023 đã bị thu hồi theo quyết định 15/QĐ-VHXH"), "{text}");
    assert!(text.contains(&format!("== Đã ghi: học bạ đã ký {signed_path}; danh sách phê duyệt ")), "{text}");
    assert!(text.contains("phe-duyet-phuong-ba-dinh.xml"), "{text}");
    assert!(text.contains(&format!("   Xem: hocba show {signed_path}\n")), "{text}");
    // The command the demo prints last verifies what it wrote.
    let command = text.lines().last().unwrap().strip_prefix("   Kiểm tra: hocba ").unwrap();
    let printed = hocba(&command.split(' ').collect::<Vec<_>>(), None);
    assert_eq!(printed.status.code(), Some(0), "{command}: {}", stdout(&printed));
    assert!(stdout(&printed).contains("Kết quả: HỢP LỆ"), "{}", stdout(&printed));

    // The written transcript and lists: `verify` with both wards trusted for lists says valid,
    // twelve signatures, each approved; without the lists, valid and approval not checked.
    let (ba_dinh, ben_nghe) = (dir.join("phe-duyet-phuong-ba-dinh.xml"), dir.join("phe-duyet-phuong-ben-nghe.xml"));
    let args = [
        "verify",
        "--json",
        "--trust",
        &vectors("pki/root-cert.pem"),
        signed_path,
        "--approvals",
        ba_dinh.to_str().unwrap(),
        "--approvals",
        ben_nghe.to_str().unwrap(),
        "--approval-authority",
        &vectors("pki/schools/phuong-ba-dinh-cert.pem"),
        "--approval-authority",
        &vectors("pki/schools/phuong-ben-nghe-cert.pem"),
    ];
    let verify = hocba(&args, None);
    assert_eq!(verify.status.code(), Some(0), "{}{}", stdout(&verify), String::from_utf8_lossy(&verify.stderr));
    let json: serde_json::Value = serde_json::from_slice(&verify.stdout).unwrap();
    let signatures = json["signatures"].as_array().unwrap();
    assert_eq!(signatures.len(), 12);
    assert!(signatures.iter().all(|s| s["approval"]["list_sequence"] == 1), "{json}");
    assert_eq!(signatures[11]["role"], "Con dấu đơn vị");
    let plain = hocba(&["verify", "--json", "--trust", &vectors("pki/root-cert.pem"), signed_path], None);
    let json: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(json["verdict"], "valid");
    assert_eq!(json["warnings"][0]["code"], "approval-not-checked");
    assert_eq!(hocba(&["validate", signed_path], None).status.code(), Some(0));

    // In English, English only.
    let out = hocba(&["demo", "--pki", &vectors("pki"), "--lang", "en"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("Approved by: Phòng Văn hóa - Xã hội phường Ba Đình (list number 1"), "{text}");
    for vietnamese in ["Kết quả", "Chữ ký", "bị phát hiện", "Năm học", "Kiểm tra"] {
        assert!(!text.contains(vietnamese), "{vietnamese}: {text}");
    }
    assert!(text.ends_with("== No file written: add --out hoc-ba.xml to write the signed transcript (and the two approval lists beside it)\n"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn demo_without_the_test_pki_is_unusable_input() {
    let out = hocba(&["demo", "--pki", "/nonexistent"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/root-cert.pem"));
}

#[test]
fn verify_names_each_subject_teacher_with_the_subject() {
    let mut args: Vec<String> = Vec::new();
    for key in ["rsa2048", "p256", "p384", "p521"] {
        args.extend(["--cert".into(), vectors(&format!("keys/{key}-cert.pem"))]);
    }
    args.push(vectors("transcripts/signed/thcs-lop-6-9-gvbm-da-ky.xml"));
    let mut argv = vec!["verify"];
    argv.extend(args.iter().map(String::as_str));
    let out = hocba(&argv, None);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for expected in [
        "Kết quả: HỢP LỆ",
        "— Giáo viên bộ môn (Ngữ văn) (ký #QTHT-2024-2025-NV): HỢP LỆ",
        "— Giáo viên bộ môn (Toán) (ký #QTHT-2024-2025-TOAN): HỢP LỆ",
        "Người ký (Lê Thu Hằng) không phải Giáo viên bộ môn (Toán) ghi trong học bạ năm 2024-2025 (Đỗ Văn Toàn).",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
}
