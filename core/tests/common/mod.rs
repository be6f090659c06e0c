//! Shared helpers of the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

pub mod approvals;
pub mod archive;
pub mod generator;
pub mod pki_servers;
pub mod test_pki;

/// `../shared` beside the repository (or `$HOCBA_SHARED`). When it is missing the suite says so
/// loudly, and fails when `CI` is set: a green run that skipped the third-party vectors proves nothing.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("HOCBA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    if dir.join("vectors").is_dir() {
        return Some(dir);
    }
    let message = format!("shared test material not found at {} (set HOCBA_SHARED)", dir.display());
    if std::env::var_os("CI").is_some() {
        panic!("{message}; CI is set, so this is a failure");
    }
    eprintln!("\n!!!!!!!!!! SKIPPED: {message} !!!!!!!!!!\n");
    None
}

/// Rows of a tab-separated manifest with a header line, as maps from column name to value.
pub fn read_manifest(path: &std::path::Path) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines.next().expect("manifest has a header").split('\t').collect();
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), header.len(), "manifest row has wrong column count: {line}");
            header.iter().map(|h| h.to_string()).zip(cells.iter().map(|c| c.to_string())).collect()
        })
        .collect()
}

/// Whether a command is on PATH; when it is not and `CI` is set, that is a failure.
pub fn require_tool(name: &str, debian_package: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        let message = format!("{name} not found (Debian package {debian_package}; scripts/test.sh installs it)");
        if std::env::var_os("CI").is_some() {
            panic!("{message}; CI is set, so this is a failure");
        }
        eprintln!("\n!!!!!!!!!! SKIPPED: {message} !!!!!!!!!!\n");
    }
    found
}

/// proptest settings for this suite: `cases` cases, no regression files in the source tree, and,
/// when `CI` is set, a fixed seed, so that CI judges the commit and not the luck of the draw
/// (local runs keep exploring new inputs).
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    let mut config =
        proptest::test_runner::Config { cases, failure_persistence: None, ..proptest::test_runner::Config::default() };
    if std::env::var_os("CI").is_some() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x4843_4241_2026);
    }
    config
}

/// One DER TLV: `tag`, the length (the `der` crate's encoding), `content`. For tests that build
/// structures the typed encoders would refuse (any exponent, any extension).
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    use der::Encode;
    let length = der::Length::try_from(content.len()).expect("a test structure fits a DER length");
    let mut out = vec![tag];
    length.encode_to_vec(&mut out).expect("a DER length encodes");
    out.extend_from_slice(content);
    out
}

/// Each signature's ETSI status agrees with its verdict: `TOTAL_PASSED` exactly when valid;
/// otherwise the status of its first problem filed under `TOTAL_FAILED`, else of its first under
/// `INDETERMINATE` (`EtsiStatus::for_code`, the standard's pairs), never `TOTAL_FAILED` for an
/// undetermined signature; no problem more severe than the verdict, none that decides no
/// signature. The summary counts what the signatures say.
pub fn assert_etsi_agrees(report: &hocba::report::VerificationReport) {
    use hocba::report::{EtsiIndication, EtsiStatus, Verdict};
    let severity = |indication| match indication {
        EtsiIndication::TotalPassed => Verdict::Valid,
        EtsiIndication::Indeterminate => Verdict::Undetermined,
        EtsiIndication::TotalFailed => Verdict::Invalid,
    };
    for signature in report.signatures() {
        let (verdict, etsi) = (signature.verdict(), signature.etsi());
        let place = signature.id().unwrap_or(signature.place());
        assert_eq!(etsi.indication == EtsiIndication::TotalPassed, verdict == Verdict::Valid, "{place}");
        assert!(severity(etsi.indication) <= verdict, "{place}: {}", report.to_json());
        let mut decided = Vec::new();
        for problem in signature.problems() {
            let status = EtsiStatus::for_code(problem.code).unwrap_or_else(|| {
                panic!("{place}: {} decides no signature, yet is a signature's problem", problem.code)
            });
            assert!(
                severity(status.indication) <= verdict,
                "{place}: {} is more severe than {verdict:?}",
                problem.code
            );
            decided.push(status);
        }
        let first_under = |indication| decided.iter().find(|s| s.indication == indication);
        let expected = match verdict {
            Verdict::Valid => None,
            _ => first_under(EtsiIndication::TotalFailed)
                .or_else(|| first_under(EtsiIndication::Indeterminate))
                .and_then(|s| s.sub_indication),
        };
        assert_eq!(etsi.sub_indication, expected, "{place}: {}", report.to_json());
        assert_eq!(etsi.sub_indication.is_none(), verdict == Verdict::Valid, "{place}: {}", report.to_json());
    }
    let summary = report.etsi();
    assert_eq!(summary.signatures_count, report.signatures().len());
    let passed = report.signatures().iter().filter(|s| s.verdict() == Verdict::Valid).count();
    assert_eq!(summary.valid_signatures_count, passed);
}
