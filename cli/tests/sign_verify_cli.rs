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

fn pki(name: &str) -> String {
    vectors(&format!("pki/{name}"))
}

/// Trust the test PKI's root, with its CRLs, as of a fixed time.
fn trust_args() -> Vec<String> {
    ["--trust", &pki("root-cert.pem"), "--crl", &pki("ca.crl"), "--crl", &pki("root.crl")]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn run(args: &[String], stdin: Option<&[u8]>) -> Output {
    hocba(&args.iter().map(String::as_str).collect::<Vec<_>>(), stdin)
}

/// Signed by the test PKI's homeroom teacher (from PKCS#12, RSA-PSS, pure-Rust provider), then
/// its principal (ECDSA), each checked against the test root before signing.
fn signed_twice() -> PathBuf {
    let first = scratch("gvcn.xml");
    let mut args: Vec<String> = ["sign", "--pkcs12", &pki("gvcn.p12"), "--password-file", &pki("gvcn.p12.password")]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(trust_args());
    args.extend(
        [
            "--reference-id",
            "data-1",
            "--into",
            "DSCKS/GVCN",
            "--algorithm",
            "rsa-pss-sha256",
            "--provider",
            "rustcrypto",
            "--signing-time",
            "2026-05-20T09:30:00",
            &vectors("samples/van-ban-mau-khong-phai-hoc-ba.xml"),
            first.to_str().unwrap(),
        ]
        .map(String::from),
    );
    let output = run(&args, None);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let second = scratch("both.xml");
    let mut args: Vec<String> = ["sign", "--key", &pki("hieutruong-key.pem"), "--cert", &pki("hieutruong-cert.pem")]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(["--cert".to_owned(), pki("ca-cert.pem")]);
    args.extend(trust_args());
    args.extend(
        [
            "--reference-id",
            "data-1",
            "--into",
            "DSCKS/HieuTruong",
            "--countersign",
            "sig-GVCN-SignatureValue",
            "--signing-time",
            "2026-05-21T08:00:00+07:00",
            first.to_str().unwrap(),
            second.to_str().unwrap(),
        ]
        .map(String::from),
    );
    let output = run(&args, None);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    second
}

/// `hocba verify --json` (with the test PKI trusted) of `file` with `extra` options.
fn verify_json(extra: &[&str], file: &str, stdin: Option<&[u8]>) -> Output {
    let mut args: Vec<String> =
        vec!["verify".into(), "--generic".into(), "--json".into(), "--at".into(), "2026-06-01T10:00:00".into()];
    args.extend(trust_args());
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push(file.to_owned());
    run(&args, stdin)
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

#[test]
fn sign_then_verify_in_text_and_json() {
    let signed = signed_twice();
    let mut args: Vec<String> = vec!["verify".into(), "--generic".into(), "--at".into(), "2026-06-01T10:00:00".into()];
    args.extend(trust_args());
    args.push(signed.to_str().unwrap().to_owned());
    let text = run(&args, None);
    assert_eq!(text.status.code(), Some(0), "{}", String::from_utf8_lossy(&text.stdout));
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(stdout.contains("Kết quả: HỢP LỆ"), "{stdout}");
    assert!(
        stdout.contains("Giáo viên chủ nhiệm (ký #data-1): HỢP LỆ")
            && stdout.contains("Hiệu trưởng (ký #data-1): HỢP LỆ"),
        "{stdout}"
    );
    assert!(stdout.contains("Người ký: Nguyễn Thị Hoa") && stdout.contains("Người ký: Trần Văn Minh"), "{stdout}");
    args.splice(1..1, ["--lang".to_owned(), "en".to_owned()]);
    let english = String::from_utf8(run(&args, None).stdout).unwrap();
    assert!(english.contains("Result: VALID") && english.contains("Signer: Trần Văn Minh"), "{english}");

    let output = verify_json(&["--provider", "rustcrypto"], signed.to_str().unwrap(), None);
    assert_eq!(output.status.code(), Some(0));
    let result = json(&output);
    assert_eq!(result["verdict"], "valid");
    assert_eq!(result["verified_at"], "2026-06-01T03:00:00Z");
    assert_eq!(result["revocation_policy"], "require");
    let signatures = result["signatures"].as_array().unwrap();
    assert_eq!(signatures.len(), 2);
    assert_eq!(signatures[0]["id"], "sig-GVCN");
    assert_eq!(signatures[0]["place"], "DSCKS/GVCN");
    assert_eq!(signatures[0]["algorithm"], "rsa-pss-sha256");
    // The verdict in ETSI's terms, for programs that read the DSS validator's reports.
    assert_eq!(signatures[0]["etsi"], serde_json::json!({"indication": "TOTAL_PASSED", "sub_indication": null}));
    assert_eq!(result["etsi"], serde_json::json!({"signatures_count": 2, "valid_signatures_count": 2}));
    // No time-stamp: judged at the verification time; the claim is reported beside it.
    assert_eq!(
        signatures[0]["signing_time"],
        serde_json::json!({"source": "verification-time", "time": "2026-06-01T03:00:00Z"})
    );
    assert_eq!(signatures[0]["claimed_signing_time"], "2026-05-20T02:30:00Z");
    assert_eq!(signatures[0]["signer"]["name"], "Nguyễn Thị Hoa");
    assert_eq!(signatures[0]["chain"].as_array().unwrap().len(), 3);
    assert_eq!(signatures[0]["revocation"][0]["status"], "good");
    assert_eq!(signatures[0]["revocation"][0]["source"]["kind"], "crl");
    assert_eq!(signatures[1]["covers"][1], "#sig-HieuTruong-SigningTime");
    assert_eq!(signatures[1]["covers"][2], "#sig-GVCN-SignatureValue");
    assert_eq!(signatures[1]["signer"]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn invalid_signatures_exit_1_with_the_reason() {
    let signed = std::fs::read(signed_twice()).unwrap();
    let tampered = String::from_utf8(signed).unwrap().replacen("Nguyễn Thị Ánh Dương", "Nguyễn Thị Ánh", 1);
    let output = verify_json(&[], "-", Some(tampered.as_bytes()));
    assert_eq!(output.status.code(), Some(1));
    let result = json(&output);
    assert_eq!(result["verdict"], "invalid");
    for signature in result["signatures"].as_array().unwrap() {
        assert_eq!(signature["problems"][0]["code"], "digest-mismatch");
        assert_eq!(
            signature["etsi"],
            serde_json::json!({"indication": "TOTAL_FAILED", "sub_indication": "HASH_FAILURE"})
        );
        assert!(signature["problems"][0]["en"].as_str().unwrap().contains("#data-1"), "{signature}");
    }
    let mut args: Vec<String> = vec!["verify".into(), "--generic".into()];
    args.extend(trust_args());
    args.push("-".into());
    let text = run(&args, Some(tampered.as_bytes()));
    assert_eq!(text.status.code(), Some(1));
    assert!(String::from_utf8(text.stdout).unwrap().contains("Nội dung đã bị thay đổi sau khi ký"));
    // Trusting another root: the signatures are fine, the signers are not trusted.
    let other = run(
        &["verify", "--generic", "--json", "--trust", &pki("other-root-cert.pem"), signed_twice().to_str().unwrap()]
            .map(String::from),
        None,
    );
    assert_eq!(other.status.code(), Some(1));
    assert_eq!(json(&other)["signatures"][0]["problems"][0]["code"], "untrusted");
    assert_eq!(json(&other)["signatures"][0]["etsi"]["sub_indication"], "NO_CERTIFICATE_CHAIN_FOUND");
    // The default trust store is the government's: the test PKI is not trusted there.
    let default = run(&["verify", "--generic", "--json", signed_twice().to_str().unwrap()].map(String::from), None);
    assert_eq!(json(&default)["signatures"][1]["problems"][0]["code"], "untrusted");
    // Without revocation data the verdict is undetermined, exit 1.
    let unknown = run(
        &["verify", "--generic", "--json", "--trust", &pki("root-cert.pem"), signed_twice().to_str().unwrap()]
            .map(String::from),
        None,
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(json(&unknown)["verdict"], "undetermined");
    assert_eq!(
        json(&unknown)["signatures"][0]["etsi"],
        serde_json::json!({"indication": "INDETERMINATE", "sub_indication": "TRY_LATER"})
    );
    // An unsigned document is not valid either.
    let unsigned = verify_json(&[], &vectors("samples/van-ban-mau-khong-phai-hoc-ba.xml"), None);
    assert_eq!(unsigned.status.code(), Some(1));
    assert_eq!(json(&unsigned)["problems"][0]["code"], "no-signature");
    assert_eq!(json(&unsigned)["etsi"], serde_json::json!({"signatures_count": 0, "valid_signatures_count": 0}));
}

#[test]
fn signing_refuses_a_signer_the_pki_does_not_vouch_for() {
    let out = scratch("refused.xml");
    for (name, reason) in [("revoked", "revoked"), ("expired", "expired"), ("nokeyusage", "key usage")] {
        let mut args: Vec<String> = vec![
            "sign".into(),
            "--key".into(),
            pki(&format!("{name}-key.pem")),
            "--cert".into(),
            pki(&format!("{name}-cert.pem")),
            "--cert".into(),
            pki("ca-cert.pem"),
        ];
        args.extend(trust_args());
        args.extend(
            [
                "--reference-id",
                "data-1",
                "--into",
                "DSCKS/GVCN",
                &vectors("samples/van-ban-mau-khong-phai-hoc-ba.xml"),
                out.to_str().unwrap(),
            ]
            .map(String::from),
        );
        let output = run(&args, None);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(said.contains(reason), "{name}: {said}");
        assert!(!out.exists(), "{name}: no output file on refusal");
    }
}

#[test]
fn pinned_keys_verify_test_keys_outside_any_pki() {
    let signed = scratch("pinned.xml");
    let output = hocba(
        &[
            "sign",
            "--no-trust-check",
            "--key",
            &vectors("keys/rsa2048-key.pem"),
            "--cert",
            &vectors("keys/rsa2048-cert.pem"),
            "--reference-id",
            "data-1",
            "--into",
            "DSCKS/GVCN",
            &vectors("samples/van-ban-mau-khong-phai-hoc-ba.xml"),
            signed.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--no-trust-check"));
    let cert = vectors("keys/rsa2048-cert.pem");
    let ok = hocba(&["verify", "--generic", "--json", "--cert", &cert, signed.to_str().unwrap()], None);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(json(&ok)["signatures"][0]["warnings"][0]["code"], "pinned-key");
    let wrong = hocba(
        &["verify", "--generic", "--json", "--cert", &vectors("keys/p256-cert.pem"), signed.to_str().unwrap()],
        None,
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert_eq!(json(&wrong)["signatures"][0]["problems"][0]["code"], "bad-signature");
}

#[test]
fn required_elements_and_places_from_the_command_line() {
    let signed = signed_twice();
    let signed = signed.to_str().unwrap();
    let places = ["--signature-place", "DSCKS/GVCN", "--signature-place", "DSCKS/HieuTruong"];
    let ok = verify_json(&[&["--require", "data-1@HocBa/DuLieuHocBa"][..], &places[..]].concat(), signed, None);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stdout));
    let elsewhere = verify_json(&["--require", "data-1@HocBa/DSCKS/DuLieuHocBa"], signed, None);
    assert_eq!(elsewhere.status.code(), Some(1));
    assert_eq!(json(&elsewhere)["signatures"][0]["problems"][0]["code"], "misplaced");
    let uncovered = verify_json(&["--require", "nope"], signed, None);
    assert_eq!(json(&uncovered)["signatures"][0]["problems"][0]["code"], "not-covered");
    let one_place = verify_json(&["--signature-place", "DSCKS/GVCN"], signed, None);
    assert_eq!(json(&one_place)["problems"][0]["code"], "unexpected-place");
}

#[test]
fn unusable_input_exits_2() {
    let cert = vectors("keys/rsa2048-cert.pem");
    let not_xml = hocba(&["verify", "--cert", &cert, "-"], Some(b"%PDF-1.7 not a transcript"));
    assert_eq!(not_xml.status.code(), Some(2));
    assert!(not_xml.stdout.is_empty());
    let as_json = hocba(&["verify", "--generic", "--json", "--cert", &cert, "-"], Some(b"<a>"));
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
        let mut args = vec!["sign", "--no-trust-check", "--key", &key[..], "--cert", &cert[..]];
        args.extend_from_slice(extra);
        hocba(&args, None)
    };
    let sample = vectors("samples/van-ban-mau-khong-phai-hoc-ba.xml");
    let out = scratch("never.xml");
    let out = out.to_str().unwrap();
    let missing_place = sign(&["--reference-id", "data-1", "--into", "DSCKS/ThuKy", &sample, out]);
    assert_eq!(missing_place.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing_place.stderr).contains("DSCKS/ThuKy"));
    let sha1 = sign(&["--reference-id", "data-1", "--algorithm", "rsa-sha1", &sample, out]);
    assert_eq!(sha1.status.code(), Some(2));
    assert!(!std::path::Path::new(out).exists(), "no output file on failure");
}

/// `--countersign` repeats: a third signer countersigns both earlier values, one reference each, and
/// changing either earlier value breaks the third signature too.
#[test]
fn countersigning_several_earlier_signatures_from_the_command_line() {
    let sign = |key: &str, into: &str, id: &str, countersign: &[&str], input: &str, output: &str| {
        let (key, cert) = (vectors(&format!("keys/{key}-key.pem")), vectors(&format!("keys/{key}-cert.pem")));
        let mut args = vec!["sign", "--no-trust-check", "--key", &key, "--cert", &cert, "--reference-id", "data-1"];
        args.extend(["--into", into, "--signature-id", id]);
        for earlier in countersign {
            args.extend(["--countersign", earlier]);
        }
        args.extend([input, output]);
        let result = hocba(&args, None);
        assert_eq!(result.status.code(), Some(0), "{}", String::from_utf8_lossy(&result.stderr));
    };
    let (first, second, third) = (scratch("one.xml"), scratch("two.xml"), scratch("three.xml"));
    let (first, second, third) = (first.to_str().unwrap(), second.to_str().unwrap(), third.to_str().unwrap());
    sign("rsa2048", "DSCKS/GVCN", "sig-GVCN", &[], &vectors("samples/van-ban-mau-khong-phai-hoc-ba.xml"), first);
    sign("p256", "DSCKS/HieuTruong", "sig-HT", &["sig-GVCN-SignatureValue"], first, second);
    sign("p384", "DSCKS", "sig-third", &["sig-GVCN-SignatureValue", "sig-HT-SignatureValue"], second, third);

    let keys: Vec<String> = ["rsa2048", "p256", "p384"]
        .iter()
        .flat_map(|k| ["--cert".to_owned(), vectors(&format!("keys/{k}-cert.pem"))])
        .collect();
    let verify = |file: &str| {
        let mut args: Vec<&str> = vec!["verify", "--generic", "--json"];
        args.extend(keys.iter().map(String::as_str));
        args.push(file);
        hocba(&args, None)
    };
    let ok = verify(third);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stdout));
    assert_eq!(json(&ok)["signatures"].as_array().map(Vec::len), Some(3));
    let text = std::fs::read_to_string(third).unwrap();
    let third_signature = &text[text.find("Id=\"sig-third\"").unwrap()..];
    for earlier in ["#sig-GVCN-SignatureValue", "#sig-HT-SignatureValue"] {
        assert!(third_signature.contains(&format!("URI=\"{earlier}\"")), "no reference to {earlier}");
    }

    // The principal's value replaced by the GVCN's: the principal's own signature and the third's
    // countersignature of it both fail.
    let value = |id: &str| {
        let start = text.find(&format!("Id=\"{id}-SignatureValue\">")).unwrap() + id.len() + 22;
        text[start..start + text[start..].find('<').unwrap()].to_owned()
    };
    let swapped = scratch("swapped.xml");
    std::fs::write(&swapped, text.replacen(&value("sig-HT"), &value("sig-GVCN"), 1)).unwrap();
    let bad = verify(swapped.to_str().unwrap());
    assert_eq!(bad.status.code(), Some(1), "{}", String::from_utf8_lossy(&bad.stdout));
    let report = json(&bad);
    let failed: Vec<&str> = report["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["verdict"] != "valid")
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(failed, ["sig-HT", "sig-third"], "{report}");
}

/// `hocba sign --year --role`: each school year of a transcript signed as the profile places,
/// names and countersigns it (the GVCN, then the principal), verifying as a whole; a role out of
/// order, a year signed twice or a year the transcript lacks is refused with what went wrong.
#[test]
fn sign_by_year_and_role_places_each_signature_as_the_profile_says() {
    let dir = common::TempDir::new("sign-year-role");
    let pki = |name: &str| vectors(&format!("pki/{name}"));
    let trust = [
        "--trust".to_owned(),
        pki("root-cert.pem"),
        "--untrusted".to_owned(),
        pki("ca-cert.pem"),
        "--crl".to_owned(),
        pki("ca.crl"),
        "--crl".to_owned(),
        pki("root.crl"),
    ];
    let sign = |input: &str, output: &str, year: &str, role: &str, signer: &str| {
        let (key, cert) = (pki(&format!("{signer}-key.pem")), pki(&format!("{signer}-cert.pem")));
        let mut args = vec!["sign", "--year", year, "--role", role, "--key", &key, "--cert", &cert, input, output];
        args.extend(trust.iter().map(String::as_str));
        hocba(&args, None)
    };
    let unsigned = vectors("transcripts/valid-thcs-lop-6-9-chuyen-truong.xml");
    let years = ["QTHT-2022-2023", "QTHT-2023-2024", "QTHT-2024-2025", "QTHT-2025-2026"];
    // The principal before the homeroom teacher, a year the transcript lacks: refused.
    let out = sign(&unsigned, &dir.file("x.xml"), years[0], "hieu-truong", "hieutruong");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GVCN"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = sign(&unsigned, &dir.file("x.xml"), "QTHT-1999-2000", "gvcn", "gvcn");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("QTHT-1999-2000"));
    assert!(!std::path::Path::new(&dir.file("x.xml")).exists(), "nothing written when refused");
    let mut current = unsigned.clone();
    for (i, year) in years.iter().enumerate() {
        for (role, signer) in [("gvcn", "gvcn"), ("hieu-truong", "hieutruong")] {
            let next = dir.file(&format!("{i}-{role}.xml"));
            let out = sign(&current, &next, year, role, signer);
            assert!(out.status.success(), "{year} {role}: {}", String::from_utf8_lossy(&out.stderr));
            current = next;
        }
    }
    // A year signed twice by the same role: refused.
    let out = sign(&current, &dir.file("again.xml"), years[1], "gvcn", "gvcn");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already signed"));
    let mut args = vec!["verify", "--json", current.as_str()];
    args.extend(trust.iter().map(String::as_str));
    let out = hocba(&args, None);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verdict"], "valid", "{report}");
    let ids: Vec<&str> = report["signatures"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids[..2], ["QTHT-2022-2023-GVCN", "QTHT-2022-2023-HieuTruong"]);
    assert_eq!(report["signatures"][1]["place"], "DSCKS/ChuKyNamHoc/HieuTruong");
    // --year needs --role, and does not take the low-level placing options.
    let out = hocba(&["sign", "--year", years[0], "--key", &pki("gvcn-key.pem"), &unsigned, "-"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = hocba(
        &[
            "sign",
            "--year",
            years[0],
            "--role",
            "gvcn",
            "--into",
            "DSCKS",
            "--key",
            &pki("gvcn-key.pem"),
            &unsigned,
            "-",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

/// A class signed with a key file, several files at a time (`--jobs 3`): each unsigned transcript is
/// signed, a second file with a name already taken and a file that is not XML are refused (the
/// later one, whatever the threads do), and a second run signs nothing and skips every output.
#[test]
fn a_class_is_signed_several_files_at_a_time_and_a_second_run_skips_it() {
    use hocba::transcript::{sample, to_xml};
    let dir = scratch("class");
    let folder = dir.join("lop-1a");
    std::fs::create_dir_all(folder.join("z")).unwrap();
    let year = sample::primary().years[0].nam_hoc.to_string();
    for student in 1..=7 {
        let mut transcript = sample::primary();
        transcript.years.truncate(1);
        for y in &mut transcript.years {
            y.id = format!("QTHT-HS{student:02}-{}", y.nam_hoc);
            y.giao_vien_chu_nhiem = "Nguyễn Thị Hoa".into();
        }
        // The seventh student's file has the first one's name, in a folder walked after it.
        let path = match student {
            7 => folder.join("z").join("hs01.xml"),
            _ => folder.join(format!("hs{student:02}.xml")),
        };
        std::fs::write(path, to_xml(&transcript).unwrap()).unwrap();
    }
    std::fs::write(folder.join("hs00.xml"), b"not xml").unwrap();
    let out = dir.join("da-ky");
    let mut args: Vec<String> = ["sign", "--year", &year, "--role", "gvcn", "--jobs", "3"].map(String::from).to_vec();
    args.extend(
        ["--key", &pki("gvcn-key.pem"), "--cert", &pki("gvcn-cert.pem"), "--cert", &pki("ca-cert.pem")]
            .map(String::from),
    );
    args.extend(trust_args());
    args.extend(["--out-dir".to_owned(), out.display().to_string(), folder.display().to_string()]);
    let output = run(&args, None);
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("đã ký 6, bỏ qua 0 (đã ký), từ chối 2"), "{said}");
    assert!(said.contains("z/hs01.xml: từ chối: một tệp khác cùng tên"), "{said}");
    assert!(said.contains("hs00.xml: từ chối: không phải XML hợp lệ (xml, 1:1) [xml]"), "{said}");
    for number in 1..=8 {
        assert_eq!(said.matches(&format!("hocba: [{number}] ")).count(), 1, "one line numbered {number}: {said}");
    }
    let mut written: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    written.sort();
    assert_eq!(written, ["hs01.xml", "hs02.xml", "hs03.xml", "hs04.xml", "hs05.xml", "hs06.xml"]);
    // hs01.xml is the first student's.
    let hs01 = std::fs::read_to_string(out.join("hs01.xml")).unwrap();
    assert!(hs01.contains("QTHT-HS01-"), "hs01.xml holds another student's transcript");

    // Run again, in English: nothing more to sign.
    args.extend(["--lang".to_owned(), "en".to_owned()]);
    let again = run(&args, None);
    let said = String::from_utf8_lossy(&again.stderr).into_owned();
    assert_eq!(again.status.code(), Some(1), "{said}");
    assert!(said.contains("signed 0, skipped 6 (already signed), refused 2"), "{said}");
    assert!(said.contains("z/hs01.xml: refused: another input has the same file name"), "{said}");
    assert!(said.contains("hs01.xml: skipped (the output is signed)"), "{said}");
}
