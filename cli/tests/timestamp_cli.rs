//! `hocba timestamp`: an archive time-stamp over a signed transcript, a folder renewed in place
//! (only what is due), and what is refused. Starts the test PKI's servers (TSA, OCSP, CRLs).

mod common;

use common::{TempDir, hocba, hocba_ok, pki_file, test_pki_trust};

const TSA: &str = "http://127.0.0.1:18080/tsa";

/// The test PKI's servers: one HTTP proxy on a free port, through which the TSA's address answers.
struct Servers {
    proxy: String,
}

impl Servers {
    fn start() -> Option<Servers> {
        let serve = |command: &str| std::process::Command::new("bash").arg(pki_file("serve.sh")).arg(command).output();
        if !serve("start").ok()?.status.success() {
            eprintln!("SKIPPED: the test PKI's servers did not start");
            return None;
        }
        let proxy = String::from_utf8(serve("url").ok()?.stdout).unwrap().trim().to_owned();
        Some(Servers { proxy })
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        let _ = std::process::Command::new("bash").arg(pki_file("serve.sh")).arg("stop").status();
    }
}

/// The JSON report of `file` verified offline against the test PKI, at `at`.
fn verify_json(file: &str, at: &str) -> serde_json::Value {
    let trust = test_pki_trust();
    let mut command = vec!["verify", "--json", "--at", at];
    command.extend(trust.iter().map(String::as_str));
    command.push(file);
    let out = hocba(&command, None);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn timestamp_stamps_renews_what_is_due_and_refuses_what_is_invalid() {
    let Some(servers) = Servers::start() else { return };
    let dir = TempDir::new("timestamp");
    let signed = dir.file("hoc-ba.xml");
    hocba_ok(&["demo", "--pki", &pki_file(""), "--lang", "en", "--out", &signed]);
    let trust = test_pki_trust();

    // One document to a new file.
    let stamped = dir.file("hoc-ba-luu-tru.xml");
    let mut command = vec!["timestamp"];
    command.extend(trust.iter().map(String::as_str));
    // Through the proxy named on the command line.
    command.extend(["--online", "--proxy", &servers.proxy, "--tsa", TSA, "--out", &stamped, &signed]);
    let out = hocba(&command, None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("đã gắn dấu thời gian lưu trữ"));
    let report = verify_json(&stamped, "2030-01-01T00:00:00Z");
    let stamps = report["archive_time_stamps"].as_array().expect("archive_time_stamps");
    assert_eq!(stamps.len(), 1, "{report}");
    assert_eq!(stamps[0]["proves"], true);
    assert_eq!(report["renew_archive_by"], "2099-12-31T23:59:59Z");

    // A folder in place: the stamped copy is not due within a year, the plain one is.
    let folder = TempDir::new("timestamp-folder");
    std::fs::copy(&signed, folder.0.join("a.xml")).unwrap();
    std::fs::copy(&stamped, folder.0.join("b.xml")).unwrap();
    let before_b = std::fs::read(folder.0.join("b.xml")).unwrap();
    let folder_path = folder.0.display().to_string();
    let mut command = vec!["timestamp"];
    command.extend(trust.iter().map(String::as_str));
    command.extend(["--online", "--tsa", TSA, "--in-place", "--renew-within", "365", "--lang", "en", &folder_path]);
    // Through the proxy the environment names.
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(&command)
        .env("HTTP_PROXY", &servers.proxy)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = common::finish(child, "hocba timestamp --in-place");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("archive time-stamp added") && stderr.contains("a.xml"), "{stderr}");
    assert!(stderr.contains("not due") && stderr.contains("b.xml"), "{stderr}");
    assert!(std::fs::read(folder.0.join("b.xml")).unwrap() == before_b, "a document not due was changed");
    let a = verify_json(&folder.0.join("a.xml").display().to_string(), "2030-01-01T00:00:00Z");
    assert_eq!(a["verdict"], "valid", "{a}");
    assert_eq!(a["archive_time_stamps"].as_array().map(Vec::len), Some(1));
    // No temporary file left behind.
    assert_eq!(std::fs::read_dir(&folder.0).unwrap().count(), 2);

    // An invalid document is refused (exit 1) and left as it was.
    let text = std::fs::read_to_string(&signed).unwrap();
    let broken = text.replacen("<DTBCaNam>8.4</DTBCaNam>", "<DTBCaNam>9.4</DTBCaNam>", 1);
    assert!(broken != text, "the score to change is not in the demo's transcript");
    std::fs::write(folder.0.join("a.xml"), &broken).unwrap();
    let mut command = vec!["timestamp"];
    command.extend(trust.iter().map(String::as_str));
    command.extend(["--online", "--proxy", &servers.proxy, "--tsa", TSA, "--in-place", &folder_path]);
    let out = hocba(&command, None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("không gắn dấu thời gian lưu trữ") && stderr.contains("digest-mismatch"), "{stderr}");
    assert!(std::fs::read_to_string(folder.0.join("a.xml")).unwrap() == broken, "a refused document was changed");

    // Usage: the network must be allowed, and the result must go somewhere.
    let out = hocba(&["timestamp", "--tsa", TSA, "--out", &stamped, &signed], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--online"));
    let out = hocba(&["timestamp", "--online", "--tsa", TSA, &signed], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--in-place"));
}
