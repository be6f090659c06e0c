//! `hocba approvals` and `hocba verify --approvals` as an authority clerk and an admissions
//! officer use them: the ward approves a school's signers and signs its list; transcripts verify
//! against it; a signer not approved, a withdrawn year, a list from someone else and an older
//! edition are each caught.

mod common;

use std::path::Path;

use common::{TempDir, hocba, hocba_ok, pki_file as pki, school_file as school, test_pki_trust as trust, vectors};

fn with(base: &[&str], extra: &[String]) -> Vec<String> {
    base.iter().map(|s| (*s).to_owned()).chain(extra.iter().cloned()).collect()
}

fn run(args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    hocba(&args, None)
}

/// The demo's transcript (two schools, 01002345 and 79004567), signed by each school's GVCN,
/// principal and seal (`test-vectors/pki/schools`).
fn transcript(dir: &TempDir) -> String {
    let out = dir.file("hoc-ba.xml");
    hocba_ok(&["demo", "--pki", &vectors("pki"), "--out", &out]);
    out
}

/// A working list approving both schools' GVCN, principal and seal (one authority for both, to
/// keep the test short).
fn working_list(dir: &TempDir) -> String {
    let list = dir.file("danh-sach.xml");
    let authority = "Phòng Văn hóa - Xã hội phường Ba Đình";
    hocba_ok(&["approvals", "create", "--authority-code", "PVHXH-BD", "--authority-name", authority, &list]);
    for (code, name, prefix) in
        [("01002345", "Trường THCS Trưng Vương", "trung-vuong"), ("79004567", "Trường THCS Nguyễn Du", "nguyen-du")]
    {
        hocba_ok(&["approvals", "school", "--code", code, "--name", name, &list]);
        for (cert, role) in [("gvcn", "gvcn"), ("hieutruong", "hieu-truong"), ("condau", "con-dau")] {
            let (cert, from) = (school(&format!("{prefix}-{cert}-cert.pem")), "2024-01-01T00:00:00Z");
            hocba_ok(&[
                "approvals",
                "approve",
                "--school",
                code,
                "--cert",
                &cert,
                "--role",
                role,
                "--from",
                from,
                &list,
            ]);
        }
    }
    list
}

fn sign_list(list: &str, out: &str) {
    let args = with(
        &[
            "approvals",
            "sign",
            "--key",
            &school("phuong-ba-dinh-key.pem"),
            "--cert",
            &school("phuong-ba-dinh-cert.pem"),
            list,
            out,
        ],
        &trust(),
    );
    let output = run(&args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

fn verify(transcript: &str, lists: &[&str], extra: &[&str]) -> std::process::Output {
    let authority = school("phuong-ba-dinh-cert.pem");
    let mut args = with(&["verify", "--json", transcript, "--approval-authority", &authority], &trust());
    for list in lists {
        args.extend(["--approvals".to_owned(), (*list).to_owned()]);
    }
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    run(&args)
}

fn json(output: &std::process::Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(text.lines().next().unwrap_or("null")).unwrap()
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    let mut all = Vec::new();
    let mut collect = |v: &serde_json::Value| {
        for f in v.as_array().into_iter().flatten() {
            all.push(f["code"].as_str().unwrap_or_default().to_owned());
        }
    };
    collect(&report["problems"]);
    collect(&report["warnings"]);
    for signature in report["signatures"].as_array().into_iter().flatten() {
        collect(&signature["problems"]);
        collect(&signature["warnings"]);
    }
    all
}

#[test]
fn an_authority_approves_the_schools_signers_and_their_transcript_verifies() {
    let dir = TempDir::new("approvals-approve");
    let transcript = transcript(&dir);
    let list = working_list(&dir);
    let signed = dir.file("danh-sach-1.xml");
    sign_list(&list, &signed);
    let shown = hocba_ok(&["approvals", "show", &signed]);
    assert!(shown.contains("Cơ quan quản lý: Phòng Văn hóa - Xã hội phường Ba Đình (PVHXH-BD)"), "{shown}");
    assert!(shown.contains("Số thứ tự: 1"), "{shown}");
    assert!(shown.contains("Trường 01002345 — Trường THCS Trưng Vương (công lập)"), "{shown}");
    assert!(hocba_ok(&["approvals", "show", "--lang", "en", &signed]).contains("Edition: 1"));

    let out = verify(&transcript, &[&signed], &[]);
    let report = json(&out);
    assert_eq!(report["verdict"], "valid", "{report}");
    assert!(out.status.success());
    assert_eq!(report["signatures"][0]["approval"]["authority_code"], "PVHXH-BD");
    // The text report names who approved each signer.
    let args = with(
        &["verify", &transcript, "--approvals", &signed, "--approval-authority", &school("phuong-ba-dinh-cert.pem")],
        &trust(),
    );
    let text = String::from_utf8(run(&args).stdout).unwrap();
    assert!(text.contains("Được phê duyệt bởi: Phòng Văn hóa - Xã hội phường Ba Đình (danh sách số 1"), "{text}");
    // Without a list: valid, and the report says approval was not checked.
    let args = with(&["verify", "--json", &transcript], &trust());
    let report = json(&run(&args));
    assert_eq!(report["verdict"], "valid");
    assert!(codes(&report).contains(&"approval-not-checked".to_owned()));
}

#[test]
fn a_signer_not_approved_and_a_list_from_someone_else_are_caught() {
    let dir = TempDir::new("approvals-negative");
    let transcript = transcript(&dir);
    let list = working_list(&dir);
    // The principal's approval for Nguyễn Du ends before the demo signed.
    hocba_ok(&[
        "approvals",
        "approve",
        "--school",
        "79004567",
        "--cert",
        &school("nguyen-du-hieutruong-cert.pem"),
        "--role",
        "hieu-truong",
        "--from",
        "2024-01-01T00:00:00Z",
        "--until",
        "2025-01-01T00:00:00Z",
        &list,
    ]);
    let signed = dir.file("danh-sach-1.xml");
    sign_list(&list, &signed);
    let out = verify(&transcript, &[&signed], &[]);
    let report = json(&out);
    assert_eq!(report["verdict"], "invalid", "{report}");
    assert_eq!(out.status.code(), Some(1));
    assert!(codes(&report).contains(&"signer-not-approved".to_owned()), "{:?}", codes(&report));

    // The list checked against another authority: refused, said on stderr, the verdict undetermined.
    let mut args = with(
        &["verify", "--json", &transcript, "--approvals", &signed, "--approval-authority", &pki("gvcn-cert.pem")],
        &trust(),
    );
    let out = run(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("không dùng danh sách phê duyệt"), "{stderr}");
    assert!(stderr.contains("không phải cơ quan quản lý được tin cậy"), "{stderr}");
    let report = json(&out);
    assert_eq!(report["verdict"], "undetermined", "{report}");
    assert!(codes(&report).contains(&"school-not-listed".to_owned()));
    args.extend(["--approval-policy".into(), "soft-fail".into()]);
    assert_eq!(json(&run(&args))["verdict"], "valid");
    // Bound to another code than the list's: refused; bound to its own: used.
    for (code, verdict) in [("PVHXH-KHAC", "undetermined"), ("PVHXH-BD", "invalid")] {
        let bound = format!("{}={code}", school("phuong-ba-dinh-cert.pem"));
        let args =
            with(&["verify", "--json", &transcript, "--approvals", &signed, "--approval-authority", &bound], &trust());
        assert_eq!(json(&run(&args))["verdict"], verdict, "{code}");
    }
    // --approvals without an authority is a usage error.
    let args = with(&["verify", &transcript, "--approvals", &signed], &trust());
    assert_eq!(run(&args).status.code(), Some(2));
}

#[test]
fn a_school_requests_a_withdrawal_the_ward_approves_it_and_the_year_is_invalid() {
    let dir = TempDir::new("approvals-withdraw");
    let transcript = transcript(&dir);
    let list = working_list(&dir);
    let request = dir.file("yeu-cau.xml");
    let args = with(
        &[
            "approvals",
            "request",
            "--transcript",
            &transcript,
            "--year",
            "QTHT-2022-2023",
            "--number",
            "TV-2026-01",
            "--reason",
            "Sai điểm môn Toán",
            &request,
        ],
        &trust(),
    );
    assert!(run(&args).status.success());
    let by_principal = dir.file("yeu-cau-ht.xml");
    let args = with(
        &[
            "approvals",
            "sign-request",
            "--role",
            "hieu-truong",
            "--key",
            &school("trung-vuong-hieutruong-key.pem"),
            "--cert",
            &school("trung-vuong-hieutruong-cert.pem"),
            &request,
            &by_principal,
        ],
        &trust(),
    );
    assert!(run(&args).status.success());
    // The seal cannot sign first.
    let args = with(
        &[
            "approvals",
            "sign-request",
            "--role",
            "con-dau",
            "--key",
            &school("trung-vuong-condau-key.pem"),
            "--cert",
            &school("trung-vuong-condau-cert.pem"),
            &request,
            &dir.file("x.xml"),
        ],
        &trust(),
    );
    assert_eq!(run(&args).status.code(), Some(2));
    let sealed = dir.file("yeu-cau-ky.xml");
    let args = with(
        &[
            "approvals",
            "sign-request",
            "--role",
            "con-dau",
            "--key",
            &school("trung-vuong-condau-key.pem"),
            "--cert",
            &school("trung-vuong-condau-cert.pem"),
            &by_principal,
            &sealed,
        ],
        &trust(),
    );
    assert!(run(&args).status.success());
    // Only signed by the principal: the authority refuses it.
    let args =
        with(&["approvals", "withdraw", "--request", &by_principal, "--decision", "15/QĐ-VHXH", &list], &trust());
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let args = with(&["approvals", "withdraw", "--request", &sealed, "--decision", "15/QĐ-VHXH", &list], &trust());
    let out = run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let signed = dir.file("danh-sach-1.xml");
    sign_list(&list, &signed);
    assert!(hocba_ok(&["approvals", "show", &signed]).contains("Thu hồi QTHT-2022-2023"));
    let out = verify(&transcript, &[&signed], &[]);
    let report = json(&out);
    assert_eq!(report["verdict"], "invalid", "{report}");
    let problem = &report["problems"][0];
    assert_eq!(problem["code"], "year-withdrawn");
    assert!(problem["vi"].as_str().unwrap().contains("15/QĐ-VHXH"), "{problem}");
}

#[test]
fn an_older_edition_after_a_newer_one_is_a_rollback() {
    let dir = TempDir::new("approvals-rollback");
    let transcript = transcript(&dir);
    let list = working_list(&dir);
    let (first, second) = (dir.file("ds-1.xml"), dir.file("ds-2.xml"));
    sign_list(&list, &first);
    sign_list(&list, &second);
    assert!(hocba_ok(&["approvals", "show", &second]).contains("Số thứ tự: 2"));
    let history = dir.file("history.json");
    let out = verify(&transcript, &[&second], &["--approval-history", &history]);
    assert_eq!(json(&out)["verdict"], "valid");
    assert!(Path::new(&history).exists());
    let out = verify(&transcript, &[&first], &["--approval-history", &history]);
    let report = json(&out);
    assert_eq!(report["verdict"], "undetermined", "{report}");
    assert!(codes(&report).contains(&"approval-list-rolled-back".to_owned()));
    // A folder of lists: the newest edition is used.
    let folder = dir.file("lists");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(&first, format!("{folder}/1.xml")).unwrap();
    std::fs::copy(&second, format!("{folder}/2.xml")).unwrap();
    assert_eq!(json(&verify(&transcript, &[&folder], &[]))["signatures"][0]["approval"]["list_sequence"], 2);
}

#[test]
fn editing_mistakes_are_refused_and_leave_the_working_copy_as_it_was() {
    let dir = TempDir::new("approvals-mistakes");
    let list = working_list(&dir);
    let before = std::fs::read(&list).unwrap();
    for args in [
        vec!["approvals", "approve", "--school", "99999999", "--cert", &pki("gvcn-cert.pem"), "--role", "gvcn", &list],
        vec![
            "approvals",
            "approve",
            "--school",
            "01002345",
            "--cert",
            &pki("gvcn-cert.pem"),
            "--role",
            "thu-ky",
            &list,
        ],
        vec!["approvals", "suspend", "--school", "01002345", "--sha256", "abcd", "--reason", "khac", &list],
        vec!["approvals", "suspend", "--school", "01002345", "--cert", &pki("ltv-cert.pem"), "--reason", "khac", &list],
        vec!["approvals", "school", "--code", "0100 2345", "--name", "X", &list],
        vec!["approvals", "create", "--authority-code", "X", "--authority-name", "Y", &list],
    ] {
        let out = hocba(&args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
        assert_eq!(std::fs::read(&list).unwrap(), before, "{args:?}");
    }
}
