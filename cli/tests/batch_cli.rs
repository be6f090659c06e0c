//! `hocba verify` over a batch as an admissions office runs it: a generated folder of signed
//! transcripts from several schools, a few tampered, revoked or malformed, plus hostile files; the
//! counts per reason must be exactly the generator's in the table, JSON, CSV and HTML outputs.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::hocba;

fn vectors(path: &str) -> String {
    format!("{}/../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// The generator example, built by `cargo test` beside this test.
fn generator() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let examples = exe.parent().unwrap().parent().unwrap().join("examples");
    examples.join(format!("generate_batch{}", std::env::consts::EXE_SUFFIX))
}

/// A generated batch of `n` students, with the expected (verdict, reason) counts.
fn batch(n: usize) -> (PathBuf, BTreeMap<(String, String), usize>) {
    let dir = std::env::temp_dir().join(format!("hocba-batch-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let status = Command::new(generator()).arg(n.to_string()).arg(&dir).arg(vectors("pki")).status().unwrap();
    assert!(status.success(), "the generator failed");
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let mut expected = BTreeMap::new();
    for line in manifest.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        *expected.entry((cells[1].to_owned(), cells[2].to_owned())).or_default() += 1;
    }
    (dir, expected)
}

fn trust() -> Vec<String> {
    ["--trust", &vectors("pki/root-cert.pem"), "--crl", &vectors("pki/ca.crl"), "--crl", &vectors("pki/root.crl")]
        .map(String::from)
        .to_vec()
}

fn verify(extra: &[&str], inputs: &[&Path], stdin: Option<&[u8]>) -> Output {
    let mut args: Vec<String> = vec!["verify".into(), "--jobs".into(), "2".into()];
    args.extend(trust());
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    hocba(&args.iter().map(String::as_str).collect::<Vec<_>>(), stdin)
}

#[test]
fn a_mixed_batch_gives_the_generators_counts_in_every_output() {
    let (dir, expected) = batch(110);
    let total: usize = expected.values().sum();
    assert!(expected.len() >= 4, "valid, tampered, revoked and malformed files: {expected:?}");

    // JSON Lines: one line per file, then the summary.
    let output = verify(&["--json"], &[&dir], None);
    assert_eq!(output.status.code(), Some(2), "malformed files are unusable input");
    let lines: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut counted = BTreeMap::new();
    for line in lines.iter().filter(|l| l["kind"] == "file") {
        let (verdict, reason) = match line["verdict"].as_str() {
            Some(verdict) => {
                let reason = line["problems"]
                    .as_array()
                    .and_then(|p| p.first())
                    .or_else(|| {
                        line["signatures"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .find_map(|s| s["problems"].as_array().unwrap().first())
                    })
                    .map_or("-".to_owned(), |f| f["code"].as_str().unwrap().to_owned());
                (verdict.to_owned(), reason)
            }
            None => ("unusable".to_owned(), line["error"]["code"].as_str().unwrap().to_owned()),
        };
        *counted.entry((verdict, reason)).or_default() += 1;
    }
    assert_eq!(counted, expected);
    let summary = lines.iter().find(|l| l["kind"] == "summary").unwrap();
    assert_eq!(summary["total"], total);
    assert_eq!(summary["valid"], expected[&("valid".into(), "-".into())]);
    assert_eq!(summary["invalid"]["digest-mismatch"], expected[&("invalid".into(), "digest-mismatch".into())]);
    assert_eq!(summary["invalid"]["revoked"], expected[&("invalid".into(), "revoked".into())]);
    assert_eq!(summary["unusable"]["xml"], expected[&("unusable".into(), "xml".into())]);
    // Transferred students' two files agree with each other.
    let students: Vec<_> = lines.iter().filter(|l| l["kind"] == "student").collect();
    assert!(students.len() > 90);
    assert!(students.iter().all(|s| s["problems"].as_array().unwrap().is_empty()), "{students:?}");

    // CSV: a row per file, the verdict in the sixth column.
    let output = verify(&["--csv"], &[&dir], None);
    let csv = String::from_utf8(output.stdout).unwrap();
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some("file,student_id,name,school,years,verdict,reason,signers"));
    let mut by_verdict: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        let verdict = if row.contains(",valid,") {
            "valid"
        } else if row.contains(",invalid,") {
            "invalid"
        } else {
            assert!(row.contains(",unusable,"), "{row}");
            "unusable"
        };
        *by_verdict.entry(verdict.to_owned()).or_default() += 1;
    }
    let mut expected_by_verdict: BTreeMap<String, usize> = BTreeMap::new();
    for ((verdict, _), n) in &expected {
        *expected_by_verdict.entry(verdict.clone()).or_default() += n;
    }
    assert_eq!(by_verdict, expected_by_verdict);
    assert!(csv.contains("Trường THCS Nguyễn Du"), "school names in the CSV");

    // The table's summary, in Vietnamese and in English, and the HTML report.
    let html = dir.join("bao-cao.html");
    let output = verify(&["--quiet", "--report", html.to_str().unwrap()], &[&dir], None);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains(&format!("{total} tệp đã kiểm tra")), "{text}");
    assert!(text.contains(&format!("HỢP LỆ: {}", expected[&("valid".into(), "-".into())])), "{text}");
    assert!(
        text.contains(&format!("digest-mismatch: {}", expected[&("invalid".into(), "digest-mismatch".into())])),
        "{text}"
    );
    let english = String::from_utf8(verify(&["--quiet", "--lang", "en"], &[&dir], None).stdout).unwrap();
    assert!(english.contains(&format!("{total} files checked")) && english.contains("UNUSABLE: "), "{english}");
    assert!(english.contains("(content changed after signing)"), "{english}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<html lang=\"vi\">"));
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"), "no external assets");
    assert!(page.contains(&format!("<tr><td>Số tệp</td><td>{total}</td></tr>")), "summary in the page");
    assert!(page.contains("digest-mismatch — nội dung bị sửa sau khi ký"), "reasons in words");
    assert_eq!(page.matches("<tr><td>").count() - page.matches("<tr><td>&nbsp;").count() - 1, total, "a row per file");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_files_are_reported_and_the_run_goes_on() {
    let (dir, _) = batch(4);
    let hostile = dir.join("hostile");
    std::fs::create_dir_all(&hostile).unwrap();
    std::fs::write(hostile.join("entities.xml"), "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>").unwrap();
    std::fs::write(hostile.join("binary.xml"), [0xffu8, 0xfe, 0, 1, 2, 3]).unwrap();
    std::fs::write(hostile.join("big.xml"), vec![b' '; 17 * 1024 * 1024]).unwrap();
    std::fs::write(
        hostile.join("unsigned.xml"),
        std::fs::read(vectors("samples/van-ban-mau-khong-phai-hoc-ba.xml")).unwrap(),
    )
    .unwrap();
    let output = verify(&["--json"], &[&hostile, &dir], None);
    let lines: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let codes: BTreeMap<String, String> = lines
        .iter()
        .filter(|l| l["kind"] == "file" && l["file"].as_str().unwrap().contains("hostile"))
        .map(|l| {
            let code = l["error"]["code"].as_str().or_else(|| l["problems"][0]["code"].as_str()).unwrap_or("-");
            (Path::new(l["file"].as_str().unwrap()).file_name().unwrap().to_str().unwrap().to_owned(), code.to_owned())
        })
        .collect();
    assert_eq!(codes["entities.xml"], "xml");
    assert_eq!(codes["binary.xml"], "xml");
    assert_eq!(codes["big.xml"], "too-large");
    assert_eq!(codes["unsigned.xml"], "not-a-transcript");
    // The four generated students were still checked after the bad files.
    assert_eq!(lines.iter().filter(|l| l["kind"] == "file" && l["verdict"] == "valid").count(), 4);
    assert_eq!(output.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_list_of_paths_on_stdin_and_checks_across_one_students_files() {
    let (dir, _) = batch(4);
    let files: Vec<PathBuf> = ["01002345", "79004567"]
        .iter()
        .flat_map(|school| std::fs::read_dir(dir.join(school)).unwrap().map(|e| e.unwrap().path()))
        .collect();
    let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    let output = verify(&["--json"], &[Path::new("-")], Some(list.as_bytes()));
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.lines().filter(|l| l.contains("\"kind\":\"file\"")).count(), files.len());
    // The same record twice, under another name: the school year appears in two records.
    let copy = dir.join("copy.xml");
    std::fs::copy(&files[0], &copy).unwrap();
    let output = verify(&[], &[&files[0], &copy], None);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("có trong hai hồ sơ"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}
