//! `hocba sign` and `hocba verify` as a user runs them: files in, documents and verdicts out,
//! exit codes 0 (valid), 1 (invalid), 2 (unusable input).

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::hocba;

fn vectors(path: &str) -> String {
    format!("{}/../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// A fresh path per call: tests run in parallel.
fn scratch(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let dir =
        std::env::temp_dir().join(format!("hocba-cli-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn signed_twice() -> PathBuf {
    let first = scratch("gvcn.xml");
    let output = hocba(
        &[
            "sign",
            "--key",
            &vectors("keys/rsa2048-key.pem"),
            "--cert",
            &vectors("keys/rsa2048-cert.pem"),
            "--reference-id",
            "data-1",
            "--into",
            "DSCKS/GVCN",
            "--signing-time",
            "2026-05-20T09:30:00",
            &vectors("samples/hoc-ba-mau.xml"),
            first.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let second = scratch("both.xml");
    let output = hocba(
        &[
            "sign",
            "--pkcs12",
            &vectors("keys/rsa2048.p12"),
            "--password-file",
            &vectors("keys/rsa2048.p12.password"),
            "--reference-id",
            "data-1",
            "--into",
            "DSCKS/HieuTruong",
            "--algorithm",
            "rsa-pss-sha256",
            "--countersign",
            "sig-GVCN-SignatureValue",
            "--signing-time",
            "2026-05-21T08:00:00+07:00",
            "--provider",
            "rustcrypto",
            first.to_str().unwrap(),
            second.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    second
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

#[test]
fn sign_then_verify_in_text_and_json() {
    let signed = signed_twice();
    let cert = vectors("keys/rsa2048-cert.pem");
    let text = hocba(&["verify", "--cert", &cert, signed.to_str().unwrap()], None);
    assert_eq!(text.status.code(), Some(0));
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(stdout.contains("hợp lệ / valid (2 signature(s))"), "{stdout}");
    assert!(stdout.contains("sig-HieuTruong") && stdout.contains("rsa-pss-sha256"), "{stdout}");

    let output =
        hocba(&["verify", "--json", "--provider", "rustcrypto", "--cert", &cert, signed.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0));
    let result = json(&output);
    assert_eq!(result["valid"], true);
    assert_eq!(result["error"], serde_json::Value::Null);
    let signatures = result["signatures"].as_array().unwrap();
    assert_eq!(signatures.len(), 2);
    assert_eq!(signatures[0]["id"], "sig-GVCN");
    assert_eq!(signatures[0]["claimed_signing_time"], "2026-05-20T02:30:00Z");
    assert_eq!(signatures[0]["key"]["bits"], 2048);
    assert_eq!(signatures[1]["algorithm"], "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1");
    assert_eq!(signatures[1]["references"][2]["uri"], "#sig-GVCN-SignatureValue");
    assert_eq!(signatures[0]["signer_certificate_sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn invalid_signatures_exit_1_with_the_reason() {
    let signed = std::fs::read(signed_twice()).unwrap();
    let tampered = String::from_utf8(signed).unwrap().replacen("Nguyễn Thị Ánh Dương", "Nguyễn Thị Ánh", 1);
    let cert = vectors("keys/rsa2048-cert.pem");
    let output = hocba(&["verify", "--json", "--cert", &cert, "-"], Some(tampered.as_bytes()));
    assert_eq!(output.status.code(), Some(1));
    let result = json(&output);
    assert_eq!(result["valid"], false);
    assert_eq!(result["error"]["code"], "digest_mismatch");
    assert!(result["error"]["message"].as_str().unwrap().contains("#data-1"));
    let text = hocba(&["verify", "--cert", &cert, "-"], Some(tampered.as_bytes()));
    assert_eq!(text.status.code(), Some(1));
    assert!(String::from_utf8(text.stdout).unwrap().contains("không hợp lệ / invalid"));
    // The wrong key: the document is fine, but not signed by whom the caller trusts.
    let wrong =
        hocba(&["verify", "--json", "--cert", &vectors("keys/p256-cert.pem"), signed_twice().to_str().unwrap()], None);
    assert_eq!(wrong.status.code(), Some(1));
    assert_eq!(json(&wrong)["error"]["code"], "bad_signature");
    // An unsigned document is not valid either.
    let unsigned = hocba(&["verify", "--json", "--cert", &cert, &vectors("samples/hoc-ba-mau.xml")], None);
    assert_eq!(unsigned.status.code(), Some(1));
    assert_eq!(json(&unsigned)["error"]["code"], "no_signature");
}

#[test]
fn required_elements_and_places_from_the_command_line() {
    let signed = signed_twice();
    let signed = signed.to_str().unwrap();
    let cert = vectors("keys/rsa2048-cert.pem");
    let base = ["verify", "--json", "--cert", &cert];
    let run = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args.push(signed);
        hocba(&args, None)
    };
    let places = ["--signature-place", "DSCKS/GVCN", "--signature-place", "DSCKS/HieuTruong"];
    let ok = run(&[&["--require", "data-1@HocBa/DuLieuHocBa"][..], &places[..]].concat());
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stdout));
    let elsewhere = run(&["--require", "data-1@HocBa/DSCKS/DuLieuHocBa"]);
    assert_eq!(elsewhere.status.code(), Some(1));
    assert_eq!(json(&elsewhere)["error"]["code"], "misplaced");
    let uncovered = run(&["--require", "nope"]);
    assert_eq!(json(&uncovered)["error"]["code"], "not_covered");
    let one_place = run(&["--signature-place", "DSCKS/GVCN"]);
    assert_eq!(json(&one_place)["error"]["code"], "unexpected_place");
}

#[test]
fn unusable_input_exits_2() {
    let cert = vectors("keys/rsa2048-cert.pem");
    let not_xml = hocba(&["verify", "--cert", &cert, "-"], Some(b"%PDF-1.7 not a transcript"));
    assert_eq!(not_xml.status.code(), Some(2));
    assert!(not_xml.stdout.is_empty());
    let as_json = hocba(&["verify", "--json", "--cert", &cert, "-"], Some(b"<a>"));
    assert_eq!(as_json.status.code(), Some(2));
    assert_eq!(json(&as_json)["error"]["code"], "xml");
    for args in [
        vec!["verify", "--cert", "/nonexistent.pem", "-"],
        vec!["verify", "--provider", "libsodium", "-"],
        vec!["sign", "--key", "/nonexistent.pem", "--reference-id", "x", "-", "-"],
    ] {
        assert_eq!(hocba(&args, Some(b"<a/>")).status.code(), Some(2), "{args:?}");
    }
    let key = vectors("keys/rsa2048-key.pem");
    let sign = |extra: &[&str]| {
        let mut args = vec!["sign", "--key", &key[..], "--cert", &cert[..]];
        args.extend_from_slice(extra);
        hocba(&args, None)
    };
    let sample = vectors("samples/hoc-ba-mau.xml");
    let out = scratch("never.xml");
    let out = out.to_str().unwrap();
    let missing_place = sign(&["--reference-id", "data-1", "--into", "DSCKS/ThuKy", &sample, out]);
    assert_eq!(missing_place.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing_place.stderr).contains("DSCKS/ThuKy"));
    let sha1 = sign(&["--reference-id", "data-1", "--algorithm", "rsa-sha1", &sample, out]);
    assert_eq!(sha1.status.code(), Some(2));
    assert!(!std::path::Path::new(out).exists(), "no output file on failure");
}
