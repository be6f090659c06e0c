//! Inputs of the benchmarks: the files `../shared/bench/peers/make_inputs.py` generates, so that
//! hocba is measured on exactly what its peers are.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `$HOCBA_BENCH_INPUTS`, or `<workspace>/target/bench-inputs`.
pub fn inputs_dir() -> PathBuf {
    match std::env::var_os("HOCBA_BENCH_INPUTS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_dir().join("target").join("bench-inputs"),
    }
}

fn workspace_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("core/ has a parent").to_path_buf()
}

/// The bytes of each of `files` in [`inputs_dir`], generating them first when one is missing.
pub fn read_inputs(files: &[&str]) -> Vec<Vec<u8>> {
    let dir = inputs_dir();
    if files.iter().any(|file| !dir.join(file).is_file()) {
        let script = workspace_dir().join("../shared/bench/peers/make_inputs.py");
        eprintln!("generating bench inputs: python3 {} {}", script.display(), dir.display());
        // make_inputs.py exits non-zero at its end when xmlsec1 is missing, after the plain XML
        // files are written: only the presence of the files asked for matters here.
        match Command::new("python3").arg(&script).arg(&dir).status() {
            Ok(status) if !status.success() => eprintln!("make_inputs.py exited with {status}"),
            Ok(_) => {}
            Err(e) => eprintln!("cannot run python3 {}: {e}", script.display()),
        }
    }
    files
        .iter()
        .map(|file| {
            let path = dir.join(file);
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (the signed inputs need xmlsec1)", path.display()))
        })
        .collect()
}
