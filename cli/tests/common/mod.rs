//! What the CLI tests share: running the built `hocba`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `hocba` with `args`, feeding it `stdin`, and returns what it did.
pub fn hocba(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The tool may exit before reading its input (a refused argument): a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.unwrap_or_default());
    child.wait_with_output().unwrap()
}
