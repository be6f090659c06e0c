//! What a newcomer runs into in the first hour: a file given in the wrong place, a wrong password,
//! an empty folder, a closed pipe, a signed file shown, many files validated. Each says what
//! happened and what to do, in the language asked, and ends with the documented exit code.

mod common;

use std::process::{Command, Stdio};

use common::{TempDir, hocba, pki_file, vectors};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Words of the English wording that a Vietnamese message must not carry.
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "not",
    "of",
    "and",
    "no",
    "to",
    "file",
    "give",
    "signature",
    "certificate",
    "key",
    "valid",
    "invalid",
    "response",
    "revocation",
    "signer",
    "with",
    "from",
    "this",
    "was",
    "at",
    "hand",
    "checked",
    "time",
];

/// Words of the Vietnamese wording that an English message must not carry.
const VIETNAMESE: &[&str] = &[
    "không", "chữ", "ký", "chứng", "thư", "hợp", "lệ", "tệp", "của", "và", "được", "người", "thời", "điểm", "hãy",
    "kiểm", "tra", "lỗi", "cảnh", "báo", "khóa", "đã", "chưa",
];

/// The words of `text`, leaving out paths and file names (what the user typed) and what
/// `data` quotes from the documents and certificates (names of people and schools).
fn words(text: &str, data: &[&str]) -> Vec<String> {
    let mut text = text.to_owned();
    for quoted in data {
        text = text.replace(quoted, " ");
    }
    text.split_whitespace()
        // Paths, file names, options, codes (`[wrong-file]`, `revocation-unknown`) and URLs are
        // the same in every language.
        .filter(|token| !token.contains(['/', '#', '=', '@', '[', '-', '_']) && !is_file_name(token))
        .flat_map(|token| token.split(|c: char| !c.is_alphabetic()).map(str::to_lowercase).collect::<Vec<_>>())
        .filter(|word| !word.is_empty())
        .collect()
}

/// `gvcn.p12`, `README.md:`: a dot between letters.
fn is_file_name(token: &str) -> bool {
    let chars: Vec<char> = token.chars().collect();
    chars.windows(3).any(|w| w[0].is_alphanumeric() && w[1] == '.' && w[2].is_alphanumeric())
}

/// Fails when `text`, said in `language` ("vi" or "en"), carries a word of the other language's
/// wording. `data`: what the text quotes from documents, which may be in either.
fn assert_one_language(text: &str, language: &str, data: &[&str]) {
    let other = if language == "vi" { ENGLISH } else { VIETNAMESE };
    let found: Vec<String> = words(text, data).into_iter().filter(|w| other.contains(&w.as_str())).collect();
    assert!(found.is_empty(), "{language} text with words of the other language {found:?}:\n{text}");
}

/// Runs hocba; it must fail with exit code 2, say nothing on stdout, and say `expected` (each)
/// on stderr in one language.
fn refused(args: &[&str], expected: &[&str]) -> String {
    let out = hocba(args, None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}: {}", stdout(&out));
    for part in expected {
        assert!(err.contains(part), "{args:?}: {part:?} not in {err}");
    }
    let language = args.iter().position(|a| *a == "--lang").map_or("vi", |i| args[i + 1]);
    assert_one_language(&err, language, &[]);
    err
}

const SAMPLE: &str = "transcripts/valid-tieu-hoc-lop-1-5.xml";

fn sign_args<'a>(key: &'a [&'a str], output: &'a str) -> Vec<&'a str> {
    let mut args = vec!["sign", "--year", "2020-2021", "--role", "gvcn"];
    args.extend_from_slice(key);
    args.push(Box::leak(vectors(SAMPLE).into_boxed_str()));
    args.push(output);
    args
}

#[test]
fn a_key_or_certificate_in_the_wrong_place_says_what_to_give() {
    let dir = TempDir::new("newcomer-keys");
    let out = dir.file("out.xml");
    let (key, cert) = (pki_file("gvcn-key.pem"), pki_file("gvcn-cert.pem"));

    // A certificate as the private key.
    let err = refused(
        &sign_args(&["--key", &cert, "--cert", &cert], &out),
        &[
            "--key",
            "gvcn-cert.pem: tệp này là một chứng thư số, không phải một khóa bí mật",
            "-key.pem",
            "[wrong-file]",
        ],
    );
    assert!(!err.contains("invalid public key"), "{err}");
    refused(
        &sign_args(&["--lang", "en", "--key", &cert, "--cert", &cert], &out),
        &["this file is a certificate, not a private key: give the private key file", "[wrong-file]"],
    );
    // A key as the certificate.
    refused(
        &sign_args(&["--lang", "en", "--key", &key, "--cert", &key], &out),
        &["--cert", "gvcn-key.pem: this file is a private key, not a certificate: give the certificate file"],
    );
    // No certificate for the key.
    let err = refused(
        &sign_args(&["--key", &key], &out),
        &["chưa có chứng thư số cho khóa bí mật", "(--cert ...)", "[missing-certificate]"],
    );
    assert!(!err.contains("invalid public key"), "{err}");
    // Another signer's certificate.
    refused(
        &sign_args(&["--lang", "en", "--key", &key, "--cert", &pki_file("revoked-cert.pem")], &out),
        &["the certificate is not the private key's", "[certificate-not-for-key]"],
    );
    assert!(!std::path::Path::new(&out).exists());
}

#[test]
fn a_wrong_pkcs12_password_says_so() {
    let dir = TempDir::new("newcomer-p12");
    let password = dir.file("password");
    std::fs::write(&password, "not-the-password\n").unwrap();
    let p12 = pki_file("gvcn.p12");
    let out = dir.file("out.xml");
    let err = refused(
        &sign_args(&["--pkcs12", &p12, "--password-file", &password], &out),
        &[
            "--pkcs12",
            "gvcn.p12: mật khẩu không mở được tệp PKCS#12 này: hãy kiểm tra tệp mật khẩu",
            "[wrong-password]",
        ],
    );
    assert!(!err.contains("mac verify failure") && !err.contains("PKCS12 routines"), "{err}");
    refused(
        &sign_args(&["--lang", "en", "--pkcs12", &p12, "--password-file", &password], &out),
        &["the password does not open this PKCS#12 file", "[wrong-password]"],
    );
    // A certificate given as the PKCS#12 file.
    refused(
        &sign_args(&["--lang", "en", "--pkcs12", &pki_file("gvcn-cert.pem"), "--password-file", &password], &out),
        &["this file is a certificate, not a PKCS#12 file", "[wrong-file]"],
    );
}

#[test]
fn a_file_that_is_not_a_certificate_is_named_for_what_it_is() {
    let readme = vectors("pki/README.md");
    let signed = vectors("transcripts/signed/thcs-lop-6-9-da-ky.xml");
    let err = refused(
        &["verify", "--trust", &readme, &signed],
        &["--trust", "README.md: tệp này không phải PEM hay DER, nên không phải một chứng thư số", "[wrong-file]"],
    );
    assert!(!err.contains("ASN.1") && !err.contains("DER tag"), "{err}");
    refused(
        &["verify", "--lang", "en", "--trust", &pki_file("gvcn-key.pem"), &signed],
        &["this file is a private key, not a certificate", "[wrong-file]"],
    );
    refused(
        &["verify", "--lang", "en", "--untrusted", &pki_file("ca.crl"), &signed],
        &["--untrusted", "this file is a certificate revocation list (CRL), not a certificate"],
    );
    refused(
        &["verify", "--lang", "en", "--key", &pki_file("gvcn-key.pem"), &signed],
        &["--key", "this file is a private key, not a public key"],
    );
}

#[test]
fn a_ca_certificate_pinned_as_a_signer_points_to_trust() {
    let signed = vectors("transcripts/signed/thcs-lop-6-9-da-ky.xml");
    let root = pki_file("root-cert.pem");
    let err = refused(
        &["verify", "--cert", &root, &signed],
        &["chứng thư của tổ chức cấp chứng thư (CA)", "gốc tin cậy", "[ca-certificate-pinned]"],
    );
    assert!(err.contains(&format!("(--trust {root})")), "{err}");
    let err = refused(
        &["verify", "--lang", "en", "--cert", &pki_file("ca-cert.pem"), &signed],
        &["this is a CA certificate", "trust anchor", "[ca-certificate-pinned]"],
    );
    assert!(!err.contains("does not verify"), "{err}");
    // A self-signed signer's certificate is still pinned: its key signs documents.
    let pinned = hocba(
        &["verify", "--cert", &vectors("keys/rsa2048-cert.pem"), "--cert", &vectors("keys/p256-cert.pem"), &signed],
        None,
    );
    assert_eq!(pinned.status.code(), Some(0), "{}", stderr(&pinned));
}

#[test]
fn an_empty_batch_is_refused_not_passed() {
    let dir = TempDir::new("newcomer-empty");
    std::fs::write(dir.0.join("notes.txt"), "not a transcript").unwrap();
    let folder = dir.0.display().to_string();
    for command in ["verify", "validate"] {
        refused(&[command, &folder], &["không tìm thấy tệp nào để kiểm tra trong", "chỉ các tệp .xml"]);
        refused(&[command, "--lang", "en", &folder], &["no file to check in", "only .xml files"]);
    }
    // An empty list of paths on stdin, likewise.
    let out = hocba(&["verify", "-"], Some(b"\n"));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// Runs hocba with its stdout a pipe whose reader is already gone.
fn with_closed_stdout(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    common::finish(child, &format!("hocba {args:?}"))
}

#[test]
fn a_closed_stdout_ends_quietly_as_a_closed_pipe_does() {
    let sample = vectors(SAMPLE);
    let signed = vectors("transcripts/signed/thcs-lop-6-9-da-ky.xml");
    let folder = vectors("transcripts");
    for args in [
        vec!["c14n", sample.as_str()],
        vec!["show", sample.as_str()],
        vec!["show", "--json", sample.as_str()],
        vec!["validate", folder.as_str()],
        vec!["verify", signed.as_str()],
        vec!["verify", "--json", folder.as_str()],
        vec!["verify", "--csv", folder.as_str()],
    ] {
        let out = with_closed_stdout(&args);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(!err.contains("Broken pipe") && !err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn validate_takes_files_and_folders_with_the_documented_exit_codes() {
    let valid = vectors("transcripts/valid-tieu-hoc-lop-1-5.xml");
    let warning = vectors("transcripts/warning-term_average-dtbmhk-sai.xml");
    let invalid = vectors("transcripts/error-invalid_score-hai-chu-so-thap-phan.xml");
    let not_xml = vectors("pki/README.md");
    let dir = TempDir::new("newcomer-validate");
    std::fs::create_dir(dir.0.join("lop-5")).unwrap();
    std::fs::copy(&valid, dir.0.join("lop-5/a.xml")).unwrap();
    std::fs::copy(&warning, dir.0.join("b.xml")).unwrap();
    std::fs::write(dir.0.join("notes.txt"), "skipped: not .xml").unwrap();
    let folder = dir.0.display().to_string();

    let out = hocba(&["validate", &folder], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("a.xml: hợp lệ (0 cảnh báo)") && text.contains("b.xml: hợp lệ (2 cảnh báo)"), "{text}");
    assert!(text.ends_with("\n2 tệp: 2 hợp lệ, 0 không hợp lệ, 0 không đọc được\n"), "{text}");

    let out = hocba(&["validate", "--lang", "en", &folder, &invalid], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.ends_with("\n3 files: 2 valid, 1 invalid, 0 unusable\n"), "{text}");
    assert_one_language(&text, "en", &[]);

    let out = hocba(&["validate", &valid, &not_xml, &invalid], None);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("README.md: không đọc được (không phải XML hợp lệ)"), "{text}");
    assert!(text.contains("3 tệp: 1 hợp lệ, 1 không hợp lệ, 1 không đọc được"), "{text}");
    assert_one_language(&text, "vi", &[]);

    // JSON: a line per file, in the order given.
    let out = hocba(&["validate", "--json", &valid, &invalid], None);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!((lines[0]["valid"].as_bool(), lines[1]["valid"].as_bool()), (Some(true), Some(false)));
    assert_eq!(lines.len(), 2);

    // A file named that does not exist stops the run: a usage error.
    let out = hocba(&["validate", &valid, "/nonexistent/hoc-ba.xml"], None);
    assert_eq!(out.status.code(), Some(2));

    // --help says the same as the README.
    let help = stdout(&hocba(&["validate", "--help"], None)).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains(
            "Exit code 0: every file valid (warnings allowed); 1: a file is not a valid transcript; 2: a \
                       file cannot be read or is not XML, or no file was found."
        ),
        "{help}"
    );
}

#[test]
fn show_says_a_signed_files_signatures_are_not_checked() {
    let signed = vectors("transcripts/signed/thcs-lop-6-9-da-ky.xml");
    let out = hocba(&["show", &signed], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let notice = format!(
        "LƯU Ý: tệp có 8 chữ ký số, CHƯA được kiểm tra: nội dung dưới đây có thể đã bị sửa sau khi ký. Kiểm tra chữ \
         ký: hocba verify {signed}"
    );
    assert!(text.starts_with(&format!("{notice}\n\n")), "{text}");
    assert!(text.ends_with(&format!("\n{notice}\n")), "{text}");
    // JSON stays JSON; the notice goes to stderr.
    let out = hocba(&["show", "--json", &signed], None);
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap();
    assert!(stderr(&out).contains("CHƯA được kiểm tra"), "{}", stderr(&out));
    // An unsigned file: nothing to warn about.
    let out = hocba(&["show", &vectors(SAMPLE)], None);
    assert!(!stdout(&out).contains("LƯU Ý") && out.stderr.is_empty(), "{}", stdout(&out));
}

/// Every report the verify and demo paths print, in each language: no word of the other's wording.
#[test]
fn reports_speak_one_language() {
    let signed = vectors("transcripts/signed/thcs-lop-6-9-da-ky.xml");
    let gvbm = vectors("transcripts/signed/thcs-lop-6-9-gvbm-da-ky.xml");
    let mut pins = Vec::new();
    for key in ["rsa2048", "p256", "p384", "p521"] {
        pins.extend(["--cert".to_owned(), vectors(&format!("keys/{key}-cert.pem"))]);
    }
    let pins: Vec<&str> = pins.iter().map(String::as_str).collect();
    let root = pki_file("root-cert.pem");
    let not_xml = vectors("pki/README.md");
    // What the documents and certificates say, quoted by the reports.
    let data =
        ["Trường THCS Nguyễn Trãi (thử nghiệm)", "Trường THCS Trưng Vương", "Trường THCS Nguyễn Du", "thử nghiệm"];
    for language in ["vi", "en"] {
        let runs: Vec<Vec<&str>> = vec![
            [&["verify", "--lang", language][..], &pins, &[signed.as_str()]].concat(),
            [&["verify", "--lang", language][..], &pins, &[gvbm.as_str()]].concat(),
            // Untrusted, revocation unknown, signing times before the certificates.
            vec!["verify", "--lang", language, "--trust", &root, &signed],
            vec!["verify", "--lang", language, "--trust", &root, "--revocation", "soft-fail", &signed],
            vec!["verify", "--lang", language, "--trust", &root, "--time", "now", &signed],
            vec!["verify", "--lang", language, &signed, &gvbm, &not_xml],
        ];
        for args in runs {
            let out = hocba(&args, None);
            let text = stdout(&out);
            let names: Vec<String> = text
                .lines()
                .filter_map(|l| l.split_once(": ").map(|(label, rest)| (label.trim(), rest)))
                .filter(|(label, _)| ["Người ký", "Signer", "Đơn vị", "Organization"].contains(label))
                .map(|(_, rest)| rest.to_owned())
                .collect();
            let mut quoted: Vec<&str> = names.iter().map(String::as_str).collect();
            quoted.extend(data);
            assert_one_language(&text, language, &quoted);
            assert_one_language(&stderr(&out), language, &quoted);
        }
    }
    // The demo in Vietnamese: its steps, the report, the three forgeries caught, the files written.
    // (In English: transcript_cli's demo test.)
    let dir = TempDir::new("newcomer-demo");
    let out = hocba(&["demo", "--pki", &vectors("pki"), "--out", &dir.file("hoc-ba.xml")], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_one_language(&stdout(&out), "vi", &[]);
}
