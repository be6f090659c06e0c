//! The test PKI's servers (`test-vectors/pki/serve.sh`): one HTTP proxy on a free port, through
//! which the addresses the test certificates name (CRLs and the TSA at 127.0.0.1:18080, OCSP at
//! 127.0.0.1:18081) answer. Online checkers ask through it, as a verifier behind a proxy does.

use std::process::Command;

use hocba::pki::{RevocationChecker, RevocationData};

fn script() -> String {
    format!("{}/../test-vectors/pki/serve.sh", env!("CARGO_MANIFEST_DIR"))
}

/// The tests of this process that use the servers now, and whether this process started them:
/// the first starts them (unless they run already), the last to finish stops what was started, so
/// that tests running side by side never stop the servers under one another.
static USERS: std::sync::Mutex<(usize, bool)> = std::sync::Mutex::new((0, false));

/// A test's use of the running servers.
pub struct PkiServers(());

impl PkiServers {
    /// Starts the servers (or uses the ones this worktree runs already); `None` without openssl
    /// or python3.
    pub fn start() -> Option<PkiServers> {
        if !super::require_tool("openssl", "openssl") || !super::require_tool("python3", "python3") {
            return None;
        }
        let mut users = USERS.lock().unwrap_or_else(|e| e.into_inner());
        if users.0 == 0 {
            let output = Command::new("bash").arg(script()).arg("start").output().unwrap();
            let said = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "the test PKI's servers did not start: {said}");
            users.1 = !String::from_utf8_lossy(&output.stdout).contains("already running");
        }
        users.0 += 1;
        Some(PkiServers(()))
    }
}

impl Drop for PkiServers {
    fn drop(&mut self) {
        let mut users = USERS.lock().unwrap_or_else(|e| e.into_inner());
        users.0 -= 1;
        if users.0 == 0 && users.1 {
            let _ = Command::new("bash").arg(script()).arg("stop").status();
            users.1 = false;
        }
    }
}

/// The URL of the running servers' proxy.
pub fn proxy() -> String {
    let output = Command::new("bash").arg(script()).arg("url").output().unwrap();
    assert!(output.status.success(), "the test PKI's servers do not run");
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// A checker that asks the test PKI's servers, through their proxy.
pub fn online(supplied: RevocationData) -> RevocationChecker {
    RevocationChecker::online(supplied).with_http_proxy(&proxy()).unwrap()
}
