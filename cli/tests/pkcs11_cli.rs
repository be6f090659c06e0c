//! `hocba sign --pkcs11 ... --out-dir`: a whole class signed with keys on a real PKCS#11 token
//! (SoftHSM2, made afresh under the target folder by scripts/softhsm-token.sh), one login for
//! every file; what it signs verifies with `hocba verify` and xmlsec1; a wrong PIN, a module that
//! is not one, an ambiguous key and a run stopped half-way.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::{TempDir, finish, pki_file, test_pki_trust};
use hocba::transcript::{sample, to_xml};

const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

/// A token folder of the test's own, `name`; `None` (the test skips) without SoftHSM2. Each test
/// has its own: SoftHSM2 rewrites a token's file when a PIN is refused, and another process
/// reading the folder meanwhile would not see that token.
fn token_dir(name: &str) -> Option<PathBuf> {
    static TOOLS: OnceLock<bool> = OnceLock::new();
    let tools = *TOOLS.get_or_init(|| {
        let tools = Path::new(MODULE).exists()
            && Command::new("sh").args(["-c", "command -v pkcs11-tool"]).output().is_ok_and(|o| o.status.success());
        if !tools {
            let message = format!("SoftHSM2 ({MODULE}) or pkcs11-tool missing: scripts/setup.sh installs them");
            assert!(std::env::var_os("CI").is_none(), "{message}; CI is set, so this is a failure");
            eprintln!("\n!!!!!!!!!! SKIPPED: {message} !!!!!!!!!!\n");
        }
        tools
    });
    if !tools {
        return None;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("softhsm-cli-{name}"));
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/softhsm-token.sh");
    assert!(Command::new("bash").arg(script).arg(&dir).status().unwrap().success(), "{script} failed");
    Some(dir)
}

/// `hocba` with the token's configuration and `HOCBA_PIN` in its environment.
fn command(token: &Path, args: &[String]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hocba"));
    command
        .args(args)
        .env("SOFTHSM2_CONF", token.join("softhsm2.conf"))
        .env("HOCBA_PIN", "1234")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run(token: &Path, args: &[String]) -> Output {
    finish(command(token, args).spawn().unwrap(), &format!("hocba {args:?}"))
}

/// `hocba sign` of the first school year as `role`, with the key `uri` names, into `out`.
fn sign_args(role: &str, uri: &str, out: &Path, inputs: &[&Path]) -> Vec<String> {
    let mut args: Vec<String> = ["sign", "--year", &school_year(), "--role", role, "--pkcs11", uri, "--out-dir"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    args.push(out.display().to_string());
    args.extend(test_pki_trust());
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args
}

/// The school year every transcript of the class is signed for.
fn school_year() -> String {
    sample::primary().years[0].nam_hoc.to_string()
}

/// A class of `n` transcripts naming the test PKI's GVCN and principal, each with its own year Ids.
fn class(dir: &Path, n: usize) -> PathBuf {
    let folder = dir.join("lop-1a");
    std::fs::create_dir_all(&folder).unwrap();
    for student in 1..=n {
        let mut transcript = sample::primary();
        // The year being signed only: a transcript verifies once every year is signed.
        transcript.years.truncate(1);
        for year in &mut transcript.years {
            year.id = format!("QTHT-HS{student:02}-{}", year.nam_hoc);
            year.giao_vien_chu_nhiem = "Nguyễn Thị Hoa".into();
            year.hieu_truong = "Trần Văn Minh".into();
            year.truong.ten_truong = "Trường Tiểu học Kim Đồng".into();
        }
        std::fs::write(folder.join(format!("hs{student:02}.xml")), to_xml(&transcript).unwrap()).unwrap();
    }
    folder
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).filter(|p| p.extension() == Some(OsStr::new("xml"))).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn a_class_of_40_is_signed_with_one_login_and_verifies() {
    let Some(token) = token_dir("class") else { return };
    let token = &token;
    let dir = TempDir::new("pkcs11-class");
    let class = class(&dir.0, 40);
    let pin_file = token.join("pin").display().to_string();
    let gvcn = format!("pkcs11:token=hocba-test;object=gvcn?module-path={MODULE}&pin-source=file:{pin_file}");
    let gvcn_out = dir.0.join("gvcn");
    let output = run(token, &sign_args("gvcn", &gvcn, &gvcn_out, &[&class]));
    let said = stderr(&output);
    assert!(output.status.success(), "{said}");
    assert_eq!(said.matches("logged in").count(), 1, "one login for the class: {said}");
    assert!(said.contains("đã ký 40, bỏ qua 0 (đã ký), từ chối 0"), "{said}");
    assert_eq!(xml_files(&gvcn_out).len(), 40);

    // The principal, the module given apart and the PIN from the environment, over the GVCN's outputs.
    let principal_out = dir.0.join("hieu-truong");
    let mut args = sign_args("hieu-truong", "pkcs11:token=hocba-test;object=hieu-truong", &principal_out, &[&gvcn_out]);
    args.extend(["--pkcs11-module".into(), MODULE.into(), "--pin-env".into(), "HOCBA_PIN".into()]);
    let output = run(token, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("đã ký 40,"), "{}", stderr(&output));

    let mut verify = vec!["verify".to_owned()];
    verify.extend(test_pki_trust());
    verify.push(principal_out.display().to_string());
    let output = run(token, &verify);
    assert!(output.status.success(), "{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));

    if common_xmlsec1() {
        // xmlsec1 checks the first signature of a file: the GVCN's, made on the token.
        let file = &xml_files(&principal_out)[0];
        let output = Command::new("xmlsec1")
            .args(["--verify", "--id-attr:Id", "urn:hocba:hocbaso:1.0:QuaTrinhHocTap", "--pubkey-cert-pem"])
            .arg(pki_file("gvcn-cert.pem"))
            .arg(file)
            .output()
            .unwrap();
        assert!(output.status.success(), "xmlsec1: {}", stderr(&output));
    }
}

fn common_xmlsec1() -> bool {
    let found = Command::new("sh").args(["-c", "command -v xmlsec1"]).output().is_ok_and(|o| o.status.success());
    assert!(found || std::env::var_os("CI").is_none(), "xmlsec1 missing (scripts/setup.sh installs it)");
    found
}

#[test]
fn a_run_stopped_half_way_goes_on_where_it_stopped() {
    let Some(token) = token_dir("resume") else { return };
    let token = &token;
    let dir = TempDir::new("pkcs11-resume");
    let class = class(&dir.0, 40);
    let out = dir.0.join("out");
    let uri = format!("pkcs11:token=hocba-test;object=gvcn?module-path={MODULE}");
    let args = sign_args("gvcn", &uri, &out, &[&class]);
    let args: Vec<String> = args.into_iter().chain(["--pin-env".into(), "HOCBA_PIN".into()]).collect();
    // Killed once some outputs are there.
    let mut child = command(token, &args).spawn().unwrap();
    let started = Instant::now();
    while xml_files(&out).len() < 5 && started.elapsed() < Duration::from_secs(120) {
        assert!(child.try_wait().unwrap().is_none(), "{}", stderr(&child.wait_with_output().unwrap()));
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done = xml_files(&out).len();
    assert!((5..40).contains(&done), "{done} outputs when killed");
    let output = run(token, &args);
    let said = stderr(&output);
    assert!(output.status.success(), "{said}");
    assert!(said.contains(&format!("đã ký {}, bỏ qua {done} (đã ký), từ chối 0", 40 - done)), "{said}");
    // Every output is whole: the principal signs each, and each verifies.
    let principal = format!("pkcs11:token=hocba-test;object=hieu-truong?module-path={MODULE}");
    let signed = dir.0.join("signed");
    let mut args = sign_args("hieu-truong", &principal, &signed, &[&out]);
    args.extend(["--pin-env".into(), "HOCBA_PIN".into()]);
    let output = run(token, &args);
    assert!(output.status.success() && stderr(&output).contains("đã ký 40,"), "{}", stderr(&output));
    let mut verify = vec!["verify".to_owned()];
    verify.extend(test_pki_trust());
    verify.push(signed.display().to_string());
    let output = run(token, &verify);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn token_failures_are_said_and_nothing_is_written() {
    let Some(token) = token_dir("failures") else { return };
    let token = &token;
    let dir = TempDir::new("pkcs11-failures");
    let class = class(&dir.0, 2);
    let out = dir.0.join("out");
    let module = format!("?module-path={MODULE}");
    // Said in Vietnamese by default, in English with --lang en.
    let cases = [
        (
            format!("pkcs11:token=hocba-test;object=gvcn{module}"),
            "0000",
            "token-pin-incorrect",
            "Sai mã PIN",
            "wrong PIN",
        ),
        (
            format!("pkcs11:token=hocba-dup;object=gvcn{module}"),
            "1234",
            "token-ambiguous",
            "hãy chỉ rõ một",
            "name one",
        ),
        (
            "pkcs11:token=hocba-test;object=gvcn?module-path=/lib/x86_64-linux-gnu/libz.so.1".into(),
            "1234",
            "not-a-pkcs11-module",
            "không phải mô-đun PKCS#11",
            "is not a PKCS#11 module",
        ),
        (
            format!("pkcs11:token=nowhere{module}"),
            "1234",
            "token-not-found",
            "Không có token nào khớp",
            "no token matches",
        ),
        (
            format!("pkcs11:token=hocba-test;object=gvcn{module}&pin-value=1234"),
            "1234",
            "token-uri-invalid",
            "để lộ mã PIN",
            "puts the PIN where others can read it",
        ),
    ];
    for (uri, pin, code, vi, en) in cases {
        let mut args = sign_args("gvcn", &uri, &out, &[&class]);
        args.extend(["--pin-env".into(), "PIN".into()]);
        let output = command(token, &args).env("PIN", pin).output().unwrap();
        let said = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{uri}: {said}");
        assert!(said.contains(&format!("[{code}]")), "{uri}: {said}");
        assert!(said.contains(vi) && !said.contains(en), "{uri}: {said}");
        args.extend(["--lang".into(), "en".into()]);
        let english = stderr(&command(token, &args).env("PIN", pin).output().unwrap());
        assert!(english.contains(en) && english.contains(&format!("[{code}]")), "{uri}: {english}");
        assert!(!said.contains("0000"), "the PIN is never shown: {said}");
        assert!(xml_files(&out).is_empty(), "{uri}: nothing is written");
    }
}
