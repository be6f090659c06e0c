//! What the CLI tests share: running the built `hocba`.
#![allow(dead_code)] // each test binary uses some of it

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `hocba` with `args`, feeding it `stdin`, and returns what it did.
pub fn hocba(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    hocba_in(Path::new("."), &args, stdin.unwrap_or_default())
}

/// Runs `hocba` in `dir` with `args`, feeding it `stdin`, within [`finish`]'s time.
pub fn hocba_in(dir: &Path, args: &[&OsStr], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hocba"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // The tool may stop reading early (a refused argument, a capped stream): a closed pipe is fine.
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = finish(child, &format!("hocba {args:?}"));
    let _ = feeder.join();
    output
}

/// Waits for `child` (a run of `hocba`, named `what` in the failure), reading its output as it
/// comes (a full pipe would stall it); fails the test if it has not finished within two minutes
/// (debug build, shared machine: the bound is for hangs, not speed).
pub fn finish(mut child: Child, what: &str) -> Output {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let (stdout, stderr) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish: {}", String::from_utf8_lossy(&stdout.join().unwrap()));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() }
}

/// A fresh folder under the system's temporary folder, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    /// `hocba-{name}-{pid}`, emptied first.
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("hocba-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// The path of `name` inside it, as text for an argument.
    pub fn file(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `hocba` with `args`; it must succeed. Its stdout.
pub fn hocba_ok(args: &[&str]) -> String {
    let out = hocba(args, None);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A path under `test-vectors/`, as text for an argument.
pub fn vectors(path: &str) -> String {
    format!("{}/../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// A file of the test PKI (`test-vectors/pki`).
pub fn pki_file(name: &str) -> String {
    vectors(&format!("pki/{name}"))
}

/// A file of the test PKI's schools and wards (`test-vectors/pki/schools`).
pub fn school_file(name: &str) -> String {
    vectors(&format!("pki/schools/{name}"))
}

/// The options that trust the test PKI offline: its root, its CA, its CRLs.
pub fn test_pki_trust() -> Vec<String> {
    ["--trust", "root-cert.pem", "--untrusted", "ca-cert.pem", "--crl", "ca.crl", "--crl", "root.crl"]
        .iter()
        .map(|item| if item.starts_with("--") { (*item).to_owned() } else { pki_file(item) })
        .collect()
}
