//! `hocba verify` on the attack corpus (`test-vectors/attacks`): a correction checked against the
//! version held (`--previous`), and hostile input refused with its exit code.

mod common;

use common::hocba;

fn vectors(path: &str) -> String {
    format!("{}/../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// `hocba verify` trusting the test PKI's root with its CRLs, at the corpus' verification time.
fn verify(extra: &[&str]) -> (Option<i32>, String, String) {
    let (root, ca_crl, root_crl) = (vectors("pki/root-cert.pem"), vectors("pki/ca.crl"), vectors("pki/root.crl"));
    let mut args =
        vec!["verify", "--trust", &root, "--crl", &ca_crl, "--crl", &root_crl, "--at", "2026-07-01T00:00:00Z"];
    args.extend_from_slice(extra);
    let output = hocba(&args, None);
    (output.status.code(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

#[test]
fn a_correction_must_be_newer_than_the_version_held() {
    let held = vectors("attacks/version-3-held.xml");
    let (code, stdout, _) = verify(&["--previous", &held, &vectors("attacks/update-lower-version.xml")]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("Phiên bản 2 (UPDATE) không mới hơn phiên bản 3 đang lưu"), "{stdout}");

    let (code, stdout, _) =
        verify(&["--previous", &held, "--json", &vectors("attacks/update-same-version-replayed.xml")]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("\"stale-version\""), "{stdout}");

    let (code, stdout, _) = verify(&["--previous", &held, &vectors("attacks/update-higher-version.xml")]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("Kết quả: HỢP LỆ"), "{stdout}");

    // Without --previous the same lower version verifies: the envelope is not signed, only the
    // version held tells a rollback.
    let (code, stdout, _) = verify(&[&vectors("attacks/update-lower-version.xml")]);
    assert_eq!(code, Some(0), "{stdout}");
}

#[test]
fn with_previous_the_transcript_profile_applies() {
    let held = vectors("attacks/version-3-held.xml");
    let (code, stdout, _) =
        verify(&["--previous", &held, &vectors("attacks/year-from-another-students-transcript.xml")]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("các năm học đã ký không hợp thành một học bạ hợp lệ"), "{stdout}");
}

#[test]
fn hostile_input_is_refused_with_its_exit_code() {
    let (code, stdout, stderr) = verify(&[&vectors("attacks/billion-laughs.xml")]);
    assert_eq!(code, Some(2));
    assert!(format!("{stdout}{stderr}").contains("DOCTYPE"), "{stdout}{stderr}");
    let (code, stdout, stderr) = verify(&["--json", &vectors("attacks/nesting-10000-deep.xml")]);
    assert_eq!(code, Some(2));
    assert!(
        stdout.contains("\"code\":\"xml\"") && stdout.contains("nested deeper than the limit of 100"),
        "{stdout}{stderr}"
    );
    let (code, stdout, _) = verify(&[&vectors("attacks/xsw1-forged-copy-after-original.xml")]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("Văn bản có hai phần tử cùng mã định danh"), "{stdout}");
}

#[test]
fn an_input_over_the_reader_limit_is_refused_unread() {
    // A sparse file of 4 GiB: reading it into memory first would take gigabytes.
    let path = std::env::temp_dir().join(format!("hocba-cli-huge-{}.xml", std::process::id()));
    std::fs::File::create(&path).unwrap().set_len(4 << 30).unwrap();
    let output = hocba(&["validate", path.to_str().unwrap()], None);
    std::fs::remove_file(&path).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("Tệp quá lớn (4294967296 byte; tối đa 16777216)"), "{stderr}");
}

#[test]
fn unsigned_content_never_turns_the_transcript_checks_off() {
    // Every attack the corpus must refuse, with an element the schema does not know added to the
    // unsigned record header: still refused, as a transcript, single file, batch and --generic.
    let dir = std::env::temp_dir().join(format!("hocba-cli-unsigned-note-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let attacks = [
        "principal-signature-removed.xml",
        "years-swapped-between-places.xml",
        "year-from-another-students-transcript.xml",
        "update-lower-version.xml",
    ];
    let mut files = Vec::new();
    for name in attacks {
        let text = std::fs::read_to_string(vectors(&format!("attacks/{name}"))).unwrap();
        assert!(text.contains("</ThongTinBanGhi>"), "{name}");
        let path = dir.join(name);
        std::fs::write(&path, text.replacen("</ThongTinBanGhi>", "<GhiChu/></ThongTinBanGhi>", 1)).unwrap();
        files.push(path.to_str().unwrap().to_owned());
    }
    let held = vectors("attacks/version-3-held.xml");
    for file in &files {
        for extra in [&["--json"][..], &["--json", "--generic"], &["--json", "--previous", &held]] {
            let (code, stdout, _) = verify(&[extra, &[file.as_str()]].concat());
            assert_eq!(code, Some(1), "{file} {extra:?}: {stdout}");
            let report: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
            assert_eq!(report["transcript"], true, "{file}");
            assert_eq!(report["verdict"], "invalid", "{file}");
        }
    }
    let (code, stdout, _) = verify(&["--csv", dir.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(!stdout.contains(",valid,"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}
