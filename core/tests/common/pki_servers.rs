//! The test PKI's servers (`test-vectors/pki/serve.sh`): one HTTP proxy on a free port, through
//! which the addresses the test certificates name (CRLs and the TSA at 127.0.0.1:18080, OCSP at
//! 127.0.0.1:18081) answer. Online checkers ask through it, as a verifier behind a proxy does.

use std::process::Command;

use hocba::pki::{RevocationChecker, RevocationData};

fn script() -> String {
    format!("{}/../test-vectors/pki/serve.sh", env!("CARGO_MANIFEST_DIR"))
}

/// The running servers, stopped on drop if this value started them.
pub struct PkiServers {
    started: bool,
}

impl PkiServers {
    /// Starts the servers (or uses the ones this worktree runs already); `None` without openssl
    /// or python3.
    pub fn start() -> Option<PkiServers> {
        if !super::require_tool("openssl", "openssl") || !super::require_tool("python3", "python3") {
            return None;
        }
        let output = Command::new("bash").arg(script()).arg("start").output().unwrap();
        assert!(
            output.status.success(),
            "the test PKI's servers did not start: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Some(PkiServers { started: !String::from_utf8_lossy(&output.stdout).contains("already running") })
    }
}

impl Drop for PkiServers {
    fn drop(&mut self) {
        if self.started {
            let _ = Command::new("bash").arg(script()).arg("stop").status();
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
