//! `hocba verify` fed hostile batches: links, loops, special files, endless stdin, and file names
//! or certificate names made to forge the output. Every input is built here; each run has a time
//! limit, so a hang fails instead of stalling the suite.
#![cfg(unix)]

mod common;

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{finish, hocba_in};

fn vectors(path: &str) -> String {
    format!("{}/../test-vectors/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// A fresh folder per call: tests run in parallel.
fn scratch() -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "hocba-hostile-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn verify(dir: &Path, extra: &[&str], inputs: &[&Path], stdin: &[u8]) -> Output {
    let cert = vectors("keys/rsa2048-cert.pem");
    let mut args: Vec<&std::ffi::OsStr> = vec!["verify".as_ref(), "--jobs".as_ref(), "2".as_ref()];
    args.extend([std::ffi::OsStr::new("--cert"), cert.as_ref()]);
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    hocba_in(dir, &args, stdin)
}

/// The JSON lines of files: (name, error code or first problem code).
fn files(output: &Output) -> Vec<(String, String)> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|l| l["kind"] == "file")
        .map(|l| {
            let code = l["error"]["code"].as_str().or_else(|| l["problems"][0]["code"].as_str()).unwrap_or("-");
            (l["file"].as_str().unwrap().to_owned(), code.to_owned())
        })
        .collect()
}

fn sample() -> Vec<u8> {
    std::fs::read(vectors("samples/van-ban-mau-khong-phai-hoc-ba.xml")).unwrap()
}

#[test]
fn links_inside_folders_are_followed_only_when_asked_and_then_once() {
    let dir = scratch();
    let batch = dir.join("batch");
    std::fs::create_dir(&batch).unwrap();
    std::fs::write(batch.join("a.xml"), sample()).unwrap();
    std::os::unix::fs::symlink(".", batch.join("loop")).unwrap();
    std::os::unix::fs::symlink("a.xml", batch.join("link.xml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", batch.join("zero.xml")).unwrap();

    let output = verify(&dir, &["--json"], &[Path::new("batch")], b"");
    let mut found = files(&output);
    found.sort();
    let expected: Vec<(String, String)> = [
        ("batch/a.xml", "not-a-transcript"),
        ("batch/link.xml", "link-not-followed"),
        ("batch/loop", "link-not-followed"),
        ("batch/zero.xml", "link-not-followed"),
    ]
    .map(|(f, c)| (f.to_owned(), c.to_owned()))
    .to_vec();
    assert_eq!(found, expected);
    assert_eq!(output.status.code(), Some(2));

    // Followed: the loop ends, the file is counted once under its own name, /dev/zero is a device.
    let output = verify(&dir, &["--json", "--follow-links"], &[Path::new("batch")], b"");
    let mut found = files(&output);
    found.sort();
    let expected: Vec<(String, String)> = [("batch/a.xml", "not-a-transcript"), ("batch/zero.xml", "device")]
        .map(|(f, c)| (f.to_owned(), c.to_owned()))
        .to_vec();
    assert_eq!(found, expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn special_files_are_refused_without_blocking() {
    let dir = scratch();
    let batch = dir.join("batch");
    std::fs::create_dir(&batch).unwrap();
    let fifo = batch.join("pipe.xml");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let _socket = std::os::unix::net::UnixListener::bind(batch.join("socket.xml")).unwrap();
    std::fs::write(batch.join("a.xml"), sample()).unwrap();

    let output = verify(&dir, &["--json"], &[Path::new("batch")], b"");
    let mut found = files(&output);
    found.sort();
    let expected: Vec<(String, String)> =
        [("batch/a.xml", "not-a-transcript"), ("batch/pipe.xml", "fifo"), ("batch/socket.xml", "socket")]
            .map(|(f, c)| (f.to_owned(), c.to_owned()))
            .to_vec();
    assert_eq!(found, expected);

    // Named directly, alone or with others, and through a link the user names.
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.xml")).unwrap();
    for (input, code) in
        [("batch/pipe.xml", "fifo"), ("/dev/zero", "device"), ("zero.xml", "device"), ("batch/socket.xml", "socket")]
    {
        let output = verify(&dir, &["--json"], &[Path::new(input)], b"");
        assert_eq!(files(&output), [(input.to_owned(), code.to_owned())]);
        assert_eq!(output.status.code(), Some(2));
        let output = verify(&dir, &[], &[Path::new(input)], b"");
        assert!(String::from_utf8_lossy(&output.stdout).contains("not a regular file"), "{output:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stdin_is_capped_as_a_document_and_per_line_as_a_list_of_paths() {
    let dir = scratch();
    let mut document = b"<a>".to_vec();
    document.resize(17 * 1024 * 1024, b' ');
    let output = verify(&dir, &["--json"], &[Path::new("-")], &document);
    assert_eq!(files(&output), [("-".to_owned(), "stdin-too-large".to_owned())]);
    assert_eq!(output.status.code(), Some(2));

    // A line past the cap is refused with its number, and the list ends there: the paths before it
    // are checked, none after. At the cap, a line is still a path (blanks around it trimmed).
    std::fs::write(dir.join("a.xml"), sample()).unwrap();
    let at_cap = format!("{:4091}a.xml", "");
    for over in [4097, 1024 * 1024] {
        let mut list = format!("\n{at_cap}\n").into_bytes();
        list.resize(list.len() + over, b'a');
        list.extend_from_slice(b"\n\na.xml\n");
        let output = verify(&dir, &["--json"], &[Path::new("-")], &list);
        let mut found = files(&output);
        found.sort();
        assert_eq!(
            found,
            [("-".to_owned(), "path-too-long".to_owned()), ("a.xml".to_owned(), "not-a-transcript".to_owned())]
        );
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            text.contains(
                "Line 3 of the list of paths on stdin is longer than 4096 bytes: the rest of stdin is not read."
            ),
            "{text}"
        );
        assert_eq!(output.status.code(), Some(2));
    }

    // A NUL byte (no path has one) ends the list the same way.
    let output = verify(&dir, &["--json", "--lang", "vi"], &[Path::new("-")], b"a.xml\n\0\na.xml\n");
    let mut found = files(&output);
    found.sort();
    assert_eq!(
        found,
        [("-".to_owned(), "path-nul-byte".to_owned()), ("a.xml".to_owned(), "not-a-transcript".to_owned())]
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Dòng 2 của danh sách đường dẫn trên stdin chứa byte NUL"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `cat /dev/zero | hocba verify -`: one endless line, not a list of paths. It is refused once
/// past the cap, and the run ends without reading more.
#[test]
fn an_endless_line_on_stdin_ends_the_list() {
    let dir = scratch();
    let cert = vectors("keys/rsa2048-cert.pem");
    for extra in [&["--json"][..], &["--json", "--jobs", "1"]] {
        let child = Command::new(env!("CARGO_BIN_EXE_hocba"))
            .current_dir(&dir)
            .args(["verify", "--cert", &cert])
            .args(extra)
            .arg("-")
            .stdin(std::fs::File::open("/dev/zero").unwrap())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = finish(child, "hocba verify - with /dev/zero on stdin");
        assert_eq!(files(&output), [("-".to_owned(), "path-too-long".to_owned())]);
        assert_eq!(output.status.code(), Some(2));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn names_that_are_not_utf8_are_shown_escaped_and_distinct_everywhere() {
    let dir = scratch();
    let batch = dir.join("batch");
    std::fs::create_dir(&batch).unwrap();
    let names: [&[u8]; 3] = [b"\xff.xml", b"\xfe.xml", b"\\xFF.xml"];
    for name in names {
        std::fs::write(batch.join(std::ffi::OsStr::from_bytes(name)), sample()).unwrap();
    }
    // Also a list on stdin (not UTF-8 either).
    let output = verify(&dir, &["--json"], &[Path::new("-")], b"batch/\xff.xml\nbatch/\xfe.xml\n");
    // Two jobs: rows come in the order they finish.
    let mut shown: Vec<String> = files(&output).into_iter().map(|(f, _)| f).collect();
    shown.sort();
    assert_eq!(shown, ["batch/\\xFE.xml", "batch/\\xFF.xml"]);

    let report = dir.join("report.html");
    let report_arg = format!("--report={}", report.display());
    for extra in [&["--json"][..], &["--csv"], &[&report_arg[..]]] {
        let output = verify(&dir, extra, &[Path::new("batch")], b"");
        let mut text = String::from_utf8(output.stdout).unwrap();
        if extra[0].starts_with("--report") {
            text.push_str(&std::fs::read_to_string(&report).unwrap());
        }
        assert!(!text.contains('\u{FFFD}'), "{text}");
        let json_escaped = extra[0] == "--json";
        for shown in ["batch/\\xFF.xml", "batch/\\xFE.xml", "batch/\\\\xFF.xml"] {
            let shown = if json_escaped { shown.replace('\\', "\\\\") } else { shown.to_owned() };
            assert!(text.contains(&shown), "{extra:?} {shown}: {text}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn file_names_cannot_forge_rows_or_reach_the_terminal() {
    let dir = scratch();
    let batch = dir.join("batch");
    std::fs::create_dir(&batch).unwrap();
    let forged = "x\nHỢP LỆ               hs-0042.xml — Nguyễn Văn A (001208000001).xml";
    for name in [forged, "\u{1b}[2J\u{1b}[32mgreen\u{202e}lmx.xml", "a.xml"] {
        std::fs::write(batch.join(name), sample()).unwrap();
    }
    let output = verify(&dir, &[], &[Path::new("batch")], b"");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains(['\u{1b}', '\u{202e}']), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("HỢP LỆ")), "{text}");
    // Three rows, a blank line, then the summary.
    assert_eq!(text.lines().position(str::is_empty), Some(3), "{text}");
    assert!(text.contains("batch/x\\nHỢP LỆ"), "{text}");

    // The CSV keeps one record per line; JSON keeps the real name.
    let output = verify(&dir, &["--csv"], &[Path::new("batch")], b"");
    let csv = String::from_utf8(output.stdout).unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(!csv.contains('\u{1b}'));
    let output = verify(&dir, &["--json"], &[Path::new("batch")], b"");
    assert!(files(&output).iter().any(|(f, _)| f == &format!("batch/{forged}")));

    // Errors on stderr quote the name escaped.
    let missing = dir.join("\u{1b}]0;owned\u{7}\nhocba: ok.xml");
    let output = verify(&dir, &[], &[&missing], b"");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(!said.contains(['\u{1b}', '\u{7}']) && said.lines().count() == 1, "{said}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Whether `text` holds a character that reorders or hides what is shown: a C0 or C1 control
/// other than a line break, or a bidirectional override or isolate.
fn has_raw_control(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

#[test]
fn file_names_cannot_reorder_the_html_report() {
    let dir = scratch();
    let batch = dir.join("batch");
    std::fs::create_dir(&batch).unwrap();
    for name in ["hs-\u{202e}lmx.xml", "\u{2066}x\u{2069}\u{202d}.xml", "c1\u{85}\u{9b}31m\u{1b}[2J\u{7f}.xml"] {
        std::fs::write(batch.join(name), sample()).unwrap();
    }
    let report = dir.join("report.html");
    let output = verify(&dir, &[&format!("--report={}", report.display())], &[Path::new("batch")], b"");
    assert!(output.status.code().is_some(), "{}", String::from_utf8_lossy(&output.stderr));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(!has_raw_control(&html), "{html:?}");
    for shown in ["batch/hs-\\u{202E}lmx.xml", "batch/\\u{2066}x\\u{2069}\\u{202D}.xml", "batch/c1\\u{85}\\u{9B}31m"] {
        assert!(html.contains(shown), "{shown}: {html}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A cell a spreadsheet would run as a formula once leading blanks are trimmed, or written with
/// fullwidth signs, is neutralised like one starting with `=`.
#[test]
fn csv_cells_with_hidden_formulas_are_neutralised() {
    let dir = scratch();
    let names = [
        " =1+1.xml",
        "  +1.xml",
        "\u{3000}-1.xml",
        "\u{a0}@SUM(A1).xml",
        "\u{FF1D}1+1.xml",
        " \u{FF0B}1.xml",
        "\u{FF0D}1.xml",
        "\u{FF20}x.xml",
        "=plain.xml",
    ];
    for name in names {
        std::fs::write(dir.join(name), sample()).unwrap();
    }
    let paths: Vec<&Path> = names.iter().map(Path::new).collect();
    let output = verify(&dir, &["--csv"], &paths, b"");
    let csv = String::from_utf8(output.stdout).unwrap();
    let mut cells: Vec<String> = csv.lines().skip(1).map(|l| csv_fields(l)[0].clone()).collect();
    cells.sort();
    let mut expected: Vec<String> = names.iter().map(|n| format!("'{n}")).collect();
    expected.sort();
    assert_eq!(cells, expected, "{csv}");
    // Quoted too: the `'` is inside the quotes.
    for line in csv.lines().skip(1) {
        assert!(line.starts_with("\"'"), "{line}");
    }
    // A sign later in the cell is not a formula.
    std::fs::write(dir.join("a =1.xml"), sample()).unwrap();
    let output = verify(&dir, &["--csv"], &[Path::new("a =1.xml")], b"");
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.lines().nth(1).is_some_and(|l| l.starts_with("a =1.xml,")), "{csv}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A self-made certificate whose subject is `subject` (openssl's `-subj` form), and its key.
fn certificate(dir: &Path, name: &str, subject: &str) -> (PathBuf, PathBuf) {
    let (key, cert) = (dir.join(format!("{name}-key.pem")), dir.join(format!("{name}-cert.pem")));
    let output = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "3650"])
        .args(["-utf8", "-subj", subject, "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    (key, cert)
}

#[test]
fn a_signers_names_cannot_forge_the_report_the_table_or_a_spreadsheet() {
    let dir = scratch();
    let (key, cert) = certificate(
        &dir,
        "forger",
        "/CN=Nguyễn Văn A\nHỢP LỆ hs-0042.xml — \u{1b}[32mok\u{1b}[0m\u{2066}/O=Trường \u{202e}THCS\u{85}/title=\u{9b}31m",
    );
    let (formula_key, formula_cert) = certificate(&dir, "formula", "/CN==HYPERLINK(\"e.vn\",\"x\")/O=@SUM(A1)");
    for (key, cert, out) in [(&key, &cert, "forged.xml"), (&formula_key, &formula_cert, "formula.xml")] {
        let args: Vec<&std::ffi::OsStr> = vec![
            "sign".as_ref(),
            "--no-trust-check".as_ref(),
            "--key".as_ref(),
            key.as_os_str(),
            "--cert".as_ref(),
            cert.as_os_str(),
            "--reference-id".as_ref(),
            "data-1".as_ref(),
            "--into".as_ref(),
            "DSCKS/GVCN".as_ref(),
        ];
        let sample = vectors("samples/van-ban-mau-khong-phai-hoc-ba.xml");
        let output = hocba_in(&dir, &[&args[..], &[sample.as_ref(), out.as_ref()]].concat(), b"");
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let pinned = |extra: &[&str], files: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["verify".as_ref(), "--generic".as_ref(), "--jobs".as_ref(), "1".as_ref()];
        args.extend([std::ffi::OsStr::new("--cert"), cert.as_os_str(), "--cert".as_ref(), formula_cert.as_os_str()]);
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        args.extend(files.iter().map(std::ffi::OsStr::new));
        hocba_in(&dir, &args, b"")
    };
    for language in ["vi", "en"] {
        let output = pinned(&["--lang", language], &["forged.xml"]);
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(!text.contains(['\u{1b}', '\u{202e}', '\u{85}', '\u{9b}']), "{text}");
        assert!(!text.lines().any(|l| l.starts_with("HỢP LỆ")), "{text}");
        assert!(text.contains("Nguyễn Văn A\\nHỢP LỆ hs-0042.xml — \\u{1B}[32mok"), "{text}");
    }
    let output = pinned(&[], &["forged.xml", "formula.xml"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\u{1b}') && !text.lines().any(|l| l.starts_with("HỢP LỆ hs")), "{text}");

    // The HTML report shows the signers' names with their controls escaped.
    let report = dir.join("report.html");
    let report_arg = format!("--report={}", report.display());
    let output = pinned(&[&report_arg], &["forged.xml", "formula.xml"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(!has_raw_control(&html), "{html:?}");
    assert!(html.contains("Nguyễn Văn A\\nHỢP LỆ hs-0042.xml — \\u{1B}[32mok\\u{1B}[0m\\u{2066}<"), "{html}");

    let output = pinned(&["--csv"], &["forged.xml", "formula.xml"]);
    let csv = String::from_utf8(output.stdout).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(!csv.contains(['\u{1b}', '\u{202e}']), "{csv}");
    let cells: Vec<String> = csv.lines().flat_map(csv_fields).collect();
    assert!(!cells.iter().any(|c| c.starts_with(['=', '+', '-', '@', '\t', '\r'])), "{csv}");
    assert!(cells.iter().any(|c| c == "'=HYPERLINK(\"e.vn\",\"x\")"), "{csv}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The fields of one CSV record (RFC 4180), unquoted.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let (mut quoted, mut chars) = (false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// `hocba show` and `hocba validate` print what a transcript says: a newline or a bidirectional
/// override in a school's name stays inside its line.
#[test]
fn a_transcripts_text_cannot_forge_show_or_validate() {
    let dir = scratch();
    let original = std::fs::read_to_string(vectors("transcripts/valid-thcs-lop-6-9-chuyen-truong.xml")).unwrap();
    let start = original.find("<TenTruong>").unwrap() + "<TenTruong>".len();
    let end = start + original[start..].find("</TenTruong>").unwrap();
    let forged = format!("{}Trường&#10;HỢP LỆ / valid \u{202e}\u{85}{}", &original[..start], &original[end..]);
    std::fs::write(dir.join("t.xml"), forged).unwrap();
    for command in ["show", "validate"] {
        let output = hocba_in(&dir, &[command.as_ref(), "t.xml".as_ref()], b"");
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(!text.contains(['\u{202e}', '\u{85}']), "{text}");
        assert!(!text.lines().any(|l| l.starts_with("HỢP LỆ")), "{text}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_entry_that_cannot_be_read_is_a_row_and_the_batch_goes_on() {
    let dir = scratch();
    let batch = dir.join("batch");
    std::fs::create_dir(&batch).unwrap();
    std::fs::write(batch.join("a.xml"), sample()).unwrap();
    // Followed, a dangling link is an entry the walk found and cannot read.
    std::os::unix::fs::symlink("/nonexistent/hocba.xml", batch.join("dangling.xml")).unwrap();
    let report = dir.join("report.html");
    let output = verify(&dir, &["--json", "--follow-links", "--report", "report.html"], &[Path::new("batch")], b"");
    let mut rows = files(&output);
    rows.sort();
    assert_eq!(
        rows,
        [
            ("batch/a.xml".to_owned(), "not-a-transcript".to_owned()),
            ("batch/dangling.xml".to_owned(), "unreadable".to_owned())
        ]
    );
    // The run ended with its summary and its report, exit 2 for the unusable entry.
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.lines().any(|l| l.contains("\"kind\":\"summary\"")), "{stdout}");
    assert!(std::fs::read_to_string(&report).unwrap().contains("dangling.xml"));
    // Named by the user, the same path stops the run with its error, as before.
    let named = verify(&dir, &[], &[Path::new("batch/dangling.xml")], b"");
    assert_eq!(named.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&named.stderr).contains("dangling.xml"));
    std::fs::remove_dir_all(&dir).unwrap();
}
