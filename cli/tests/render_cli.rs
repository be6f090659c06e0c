//! `hocba render` and the paper copy's checks: `hocba verify FILE.pdf` (the embedded transcript)
//! and `hocba verify --qr TEXT` (whether a copy belongs), with the test PKI.

mod common;

use common::{TempDir, hocba, test_pki_trust, vectors};

/// `hocba ARGS... <trust the test PKI>`.
fn run(args: &[&str]) -> std::process::Output {
    let trust = test_pki_trust();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(trust.iter().map(String::as_str));
    hocba(&all, None)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The lower secondary sample, every year signed by the test PKI's GVCN and principal.
fn signed(dir: &TempDir) -> String {
    let pki = |name: &str| vectors(&format!("pki/{name}"));
    let mut current = vectors("transcripts/valid-thcs-lop-6-9-chuyen-truong.xml");
    for (i, year) in ["QTHT-2022-2023", "QTHT-2023-2024", "QTHT-2024-2025", "QTHT-2025-2026"].iter().enumerate() {
        for (role, signer) in [("gvcn", "gvcn"), ("hieu-truong", "hieutruong")] {
            let next = dir.file(&format!("{i}-{role}.xml"));
            let (key, cert) = (pki(&format!("{signer}-key.pem")), pki(&format!("{signer}-cert.pem")));
            let out = run(&["sign", "--year", year, "--role", role, "--key", &key, "--cert", &cert, &current, &next]);
            assert!(out.status.success(), "{year} {role}: {}", text(&out.stderr));
            current = next;
        }
    }
    current
}

#[test]
fn a_copy_is_rendered_verified_and_checked_against_its_qr_text() {
    let dir = TempDir::new("render-cli");
    let xml = signed(&dir);
    let pdf = dir.file("copy.pdf");
    let out = run(&["render", &xml, "-o", &pdf]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let reference = stdout.split("mã xác minh: ").nth(1).expect(&stdout).trim().to_owned();
    assert!(reference.starts_with("HOCBA1:2022-2023+2023-2024+2024-2025+2025-2026:"), "{reference}");
    assert!(reference.ends_with(":HB01-THCS-2022-0100765432"), "{reference}");

    // The PDF verifies as the transcript it carries.
    let out = run(&["verify", &pdf]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("HỢP LỆ"), "{}", text(&out.stdout));
    let out = run(&["verify", "--json", &pdf]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verdict"], "valid", "{report}");
    assert_eq!(report["student_id"], "001211098765", "{report}");

    // The copy's reference belongs to the PDF and to the XML it came from.
    for file in [&pdf, &xml] {
        let out = run(&["verify", "--qr", &reference, file]);
        assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
        assert!(text(&out.stdout).contains("BẢN GIẤY KHỚP"), "{}", text(&out.stdout));
    }
    let out = run(&["verify", "--qr", &reference, "--lang", "en", &pdf]);
    assert!(text(&out.stdout).contains("PAPER COPY MATCHES"), "{}", text(&out.stdout));

    // A forged digest: the file is valid, the copy does not belong (exit 1).
    let digest = reference.split(':').nth(2).unwrap();
    let forged =
        reference.replacen(digest, &format!("{}{}", if digest.starts_with('A') { "B" } else { "A" }, &digest[1..]), 1);
    let out = run(&["verify", "--qr", &forged, &pdf]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("BẢN GIẤY KHÔNG KHỚP"), "{}", text(&out.stdout));
    let out = run(&["verify", "--json", "--qr", &forged, &xml]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verdict"], "valid");
    assert_eq!(report["paper"]["belongs"], false);
    assert_eq!(report["paper"]["mismatch"]["code"], "paper-digest-mismatch");

    // Text that is not a reference, or --qr with several files: usage errors.
    let out = run(&["verify", "--qr", "HOCBA1:2022-2023", &pdf]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Mã xác minh"), "{}", text(&out.stderr));
    let out = run(&["verify", "--qr", &reference, &pdf, &xml]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_tampered_transcript_is_refused_or_marked_and_broken_pdfs_are_unusable() {
    let dir = TempDir::new("render-cli-tampered");
    let xml = signed(&dir);
    let tampered = dir.file("tampered.xml");
    let content = std::fs::read_to_string(&xml).unwrap();
    let score = "<DDGck>7.5</DDGck>";
    assert!(content.contains(score), "a score to change");
    std::fs::write(&tampered, content.replacen(score, "<DDGck>10.0</DDGck>", 1)).unwrap();

    let pdf = dir.file("tampered.pdf");
    let out = run(&["render", &tampered, "-o", &pdf]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("KHÔNG HỢP LỆ"), "{}", text(&out.stderr));
    assert!(!std::path::Path::new(&pdf).exists(), "nothing written when refused");
    let out = run(&["render", "--mark-invalid", &tampered, "-o", &pdf]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("KHÔNG HỢP LỆ trên mọi trang"), "{}", text(&out.stdout));
    let out = run(&["verify", &pdf]);
    assert_eq!(out.status.code(), Some(1), "the marked copy carries the tampered file");

    // PDFs that carry no transcript: unusable rows, with their codes.
    let broken = dir.file("broken.pdf");
    std::fs::write(&broken, b"%PDF-1.7\nnothing here").unwrap();
    let out = run(&["verify", "--json", &broken]);
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["error"]["code"], "pdf-malformed", "{report}");
}
