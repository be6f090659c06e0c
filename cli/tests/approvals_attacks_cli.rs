//! Attacks on `hocba approvals` as a program: the working copy's atomic write, `show` on a
//! hostile list, and how `--approval-authority CERT-or-FINGERPRINT[=CODE]` is read.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::{TempDir, hocba, hocba_in, hocba_ok, school_file as school, test_pki_trust as trust, vectors};

/// Someone who can write to the working copy's folder (a shared folder of the office) plants
/// `.danh-sach.xml.tmp` as a link to another file of the clerk's: the next edit writes the list
/// through the link. Expected: the temporary file is created new (O_EXCL / create_new), never
/// through an existing link.
#[cfg(unix)]
#[test]
fn an_edit_does_not_write_through_a_planted_temporary_file_link() {
    let dir = TempDir::new("approvals-attack-symlink");
    let list = dir.file("danh-sach.xml");
    hocba_ok(&["approvals", "create", "--authority-code", "PVHXH-BD", "--authority-name", "Phòng VH-XH", &list]);
    let victim = dir.file("victim.txt");
    std::fs::write(&victim, "the clerk's other file\n").unwrap();
    std::os::unix::fs::symlink(&victim, dir.file(".danh-sach.xml.tmp")).unwrap();
    let out = hocba(&["approvals", "school", "--code", "01001234", "--name", "Trường A", &list], None);
    let victim_now = std::fs::read_to_string(&victim).unwrap();
    // What happens today: the list is written into the victim through the link, and the rename
    // then moves the link itself over the working copy (danh-sach.xml is now a link to the
    // victim; every later edit writes there too).
    let list_is_link = std::fs::symlink_metadata(&list).unwrap().file_type().is_symlink();
    assert_eq!(
        victim_now, "the clerk's other file\n",
        "written through the link (exit {:?}; working copy is a link now: {list_is_link})",
        out.status
    );
    assert!(!list_is_link);
}

/// `approvals show` of a list whose texts carry bidi overrides and C1 controls (both allowed in
/// XML 1.0): nothing reaches the terminal raw.
#[test]
fn show_escapes_bidi_and_c1_controls_from_a_hostile_list() {
    let dir = TempDir::new("approvals-attack-show");
    let list = dir.file("danh-sach.xml");
    hocba_ok(&["approvals", "create", "--authority-code", "PVHXH-BD", "--authority-name", "Phòng VH-XH", &list]);
    hocba_ok(&["approvals", "school", "--code", "01001234", "--name", "Trường A", &list]);
    let xml = std::fs::read_to_string(&list).unwrap();
    let hostile = xml.replacen("Phòng VH-XH", "Phòng \u{202E}HX-HV\u{9B}31m", 1).replacen(
        "Trường A",
        "Trường \u{2066}A\u{85}\u{2028}B",
        1,
    );
    std::fs::write(&list, hostile).unwrap();
    for lang in ["vi", "en"] {
        let shown = hocba_ok(&["approvals", "show", "--lang", lang, &list]);
        for c in ['\u{202E}', '\u{9B}', '\u{2066}', '\u{85}', '\u{2028}'] {
            assert!(!shown.contains(c), "{c:?} printed raw: {shown:?}");
        }
    }
}

/// The demo transcript, and a list under PVHXH-BD approving its signers, signed by `signer`
/// (`phuong-ba-dinh` or `phuong-ben-nghe`).
fn setup(dir: &TempDir, signer: &str) -> (String, String) {
    let transcript = dir.file("hoc-ba.xml");
    hocba_ok(&["demo", "--pki", &vectors("pki"), "--out", &transcript]);
    let list = dir.file("danh-sach.xml");
    hocba_ok(&[
        "approvals",
        "create",
        "--authority-code",
        "PVHXH-BD",
        "--authority-name",
        "Phòng VH-XH Ba Đình",
        &list,
    ]);
    for (code, name, prefix) in
        [("01002345", "Trường THCS Trưng Vương", "trung-vuong"), ("79004567", "Trường THCS Nguyễn Du", "nguyen-du")]
    {
        hocba_ok(&["approvals", "school", "--code", code, "--name", name, &list]);
        for (cert, role) in [("gvcn", "gvcn"), ("hieutruong", "hieu-truong"), ("condau", "con-dau")] {
            let cert = school(&format!("{prefix}-{cert}-cert.pem"));
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
                "2024-01-01T00:00:00Z",
                &list,
            ]);
        }
    }
    let signed = dir.file("danh-sach-1.xml");
    let mut args: Vec<String> = [
        "approvals",
        "sign",
        "--key",
        &school(&format!("{signer}-key.pem")),
        "--cert",
        &school(&format!("{signer}-cert.pem")),
        &list,
        &signed,
    ]
    .map(String::from)
    .to_vec();
    args.extend(trust());
    let out = hocba(&args.iter().map(String::as_str).collect::<Vec<_>>(), None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (transcript, signed)
}

fn fingerprint(name: &str) -> String {
    let pem = std::fs::read_to_string(school(&format!("{name}-cert.pem"))).unwrap();
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64_decode(&b64);
    hocba::approvals::fingerprint_hex(&hocba::approvals::certificate_sha256(&der))
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        buffer = (buffer << 6) | ALPHABET.iter().position(|a| *a == c).unwrap() as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

fn verdict_in(dir: &Path, transcript: &str, list: &str, authority: &str) -> (Option<i32>, String, String) {
    let mut args: Vec<String> =
        ["verify", "--json", transcript, "--approvals", list, "--approval-authority", authority]
            .map(String::from)
            .to_vec();
    args.extend(trust());
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let out = hocba_in(dir, &args, b"");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let report: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap_or("null")).unwrap_or_default();
    (
        out.status.code(),
        report["verdict"].as_str().unwrap_or("").to_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The verifier pins Ba Đình's authority by fingerprint and binds it to PVHXH-BD:
/// `--approval-authority <fp>=PVHXH-BD`. Someone who can create a file in the working directory
/// names it exactly `<fp>=PVHXH-BD` and puts Bến Nghé's certificate in it; Bến Nghé signs a list
/// under PVHXH-BD. A fingerprint is not a file name: the list must not be used.
#[test]
fn a_pinned_fingerprint_is_not_replaced_by_a_file_of_that_name() {
    let dir = TempDir::new("approvals-attack-2-planted");
    let (transcript, list) = setup(&dir, "phuong-ben-nghe");
    let pinned = format!("{}=PVHXH-BD", fingerprint("phuong-ba-dinh"));
    // Control: without the planted file, Bến Nghé's list is refused (undetermined).
    let (_, verdict, _) = verdict_in(&dir.0, &transcript, &list, &pinned);
    assert_eq!(verdict, "undetermined");
    std::fs::copy(school("phuong-ben-nghe-cert.pem"), dir.0.join(&pinned)).unwrap();
    let (_, verdict, stderr) = verdict_in(&dir.0, &transcript, &list, &pinned);
    assert_eq!(verdict, "undetermined", "the planted file replaced the pinned fingerprint: {stderr}");
    // The same without a binding: a file named as the bare fingerprint.
    let bare = fingerprint("phuong-ba-dinh");
    std::fs::copy(school("phuong-ben-nghe-cert.pem"), dir.0.join(&bare)).unwrap();
    let (_, verdict, stderr) = verdict_in(&dir.0, &transcript, &list, &bare);
    assert_eq!(verdict, "undetermined", "the planted file replaced the bare pinned fingerprint: {stderr}");
}

/// `CERT=` (an empty code) and a code that no list can have (`=pvhxh bd`): a mistake in the
/// command line, refused as a usage error (exit 2) rather than silently refusing every list.
#[test]
fn an_empty_or_impossible_code_is_a_usage_error() {
    let dir = TempDir::new("approvals-attack-2-emptycode");
    let (transcript, list) = setup(&dir, "phuong-ba-dinh");
    let cert = school("phuong-ba-dinh-cert.pem");
    for code in ["", "PVHXH BD", "PVHXH-BD=X"] {
        let (status, verdict, stderr) = verdict_in(&dir.0, &transcript, &list, &format!("{cert}={code}"));
        assert_eq!(status, Some(2), "{code:?}: exit {status:?}, verdict {verdict}, stderr {stderr}");
    }
}

/// A certificate file whose name holds `=`: the whole name as a file, and `name=CODE` bound.
#[test]
fn a_certificate_file_name_with_equals_signs_is_read_and_bound() {
    let dir = TempDir::new("approvals-attack-2-equals");
    let (transcript, list) = setup(&dir, "phuong-ba-dinh");
    let named = dir.file("a=b.pem");
    std::fs::copy(school("phuong-ba-dinh-cert.pem"), &named).unwrap();
    // The demo's list does not approve Nguyễn Du's… it approves all: valid when used.
    let (_, verdict, stderr) = verdict_in(&dir.0, &transcript, &list, &named);
    assert_eq!(verdict, "valid", "{stderr}");
    let (_, verdict, stderr) = verdict_in(&dir.0, &transcript, &list, &format!("{named}=PVHXH-BD"));
    assert_eq!(verdict, "valid", "{stderr}");
    let (_, verdict, _) = verdict_in(&dir.0, &transcript, &list, &format!("{named}=PVHXH-KHAC"));
    assert_eq!(verdict, "undetermined");
}
