//! The `hocba c14n` interface other checks depend on: bytes on stdout, exit 0; exit 2 with the
//! error on stderr and nothing on stdout.

mod common;

use std::process::Output;

use common::hocba;

fn sample() -> String {
    format!("{}/../test-vectors/samples/van-ban-mau-khong-phai-hoc-ba.xml", env!("CARGO_MANIFEST_DIR"))
}

fn ok(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn bad_input(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "partial output on failure");
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn whole_document_from_file_and_stdin_agree() {
    let from_file = ok(&hocba(&["c14n", &sample()], None));
    let bytes = std::fs::read(sample()).unwrap();
    let from_stdin = ok(&hocba(&["c14n", "-"], Some(&bytes)));
    assert_eq!(from_file, from_stdin);
    assert!(from_file.starts_with("<HocBa "), "comments are dropped by default c14n: {from_file}");
}

#[test]
fn default_algorithm_drops_comments_and_comments_variant_keeps_them() {
    let without = ok(&hocba(&["c14n", &sample()], None));
    assert!(!without.contains("<!--"));
    let with = ok(&hocba(&["c14n", "--algorithm", "c14n-comments", &sample()], None));
    assert!(with.starts_with(
        "<!-- Văn bản mẫu nhỏ (không phải học bạ số) để thử chuẩn hoá (C14N) và chữ ký số chung -->\n<HocBa"
    ));
}

#[test]
fn subtree_by_id_and_by_name_with_exclusive_c14n() {
    let by_id = ok(&hocba(&["c14n", "--algorithm", "exc-c14n", "--subtree-id", "data-1", &sample()], None));
    let by_name = ok(&hocba(
        &[
            "c14n",
            "--algorithm",
            "http://www.w3.org/2001/10/xml-exc-c14n#",
            "--subtree",
            "{urn:hocba:vi-du:1.0}DuLieuHocBa",
            &sample(),
        ],
        None,
    ));
    assert_eq!(by_id, by_name);
    // Exclusive C14N declares only what the subtree uses: not xsi.
    assert!(
        by_id.starts_with(r#"<DuLieuHocBa xmlns="urn:hocba:vi-du:1.0" Id="data-1" NgayLap="2026-05-20">"#),
        "{by_id}"
    );
    let inclusive = ok(&hocba(&["c14n", "--subtree-id", "data-1", &sample()], None));
    assert!(inclusive.starts_with(r#"<DuLieuHocBa xmlns="urn:hocba:vi-du:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Id="data-1""#), "{inclusive}");
}

#[test]
fn prefix_list_keeps_listed_namespaces() {
    let out = ok(&hocba(
        &["c14n", "--algorithm", "exc-c14n", "--prefix-list", "xsi #default", "--subtree-id", "data-1", &sample()],
        None,
    ));
    assert!(
        out.starts_with(
            r#"<DuLieuHocBa xmlns="urn:hocba:vi-du:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#
        ),
        "{out}"
    );
}

#[test]
fn doctype_is_refused_with_its_position() {
    let err = bad_input(&hocba(
        &["c14n", "-"],
        Some(b"<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]>\n<a>&x;</a>"),
    ));
    assert!(err.contains("DOCTYPE") && err.contains("2:1"), "{err}");
}

#[test]
fn bad_arguments_and_inputs_exit_2() {
    let err = bad_input(&hocba(&["c14n", "--algorithm", "md5", &sample()], None));
    assert!(err.contains("unsupported canonicalization algorithm"), "{err}");
    let err = bad_input(&hocba(&["c14n", "--prefix-list", "a", &sample()], None));
    assert!(err.contains("PrefixList"), "{err}");
    let err = bad_input(&hocba(&["c14n", "--subtree-id", "nope", &sample()], None));
    assert!(err.contains("nope"), "{err}");
    let err = bad_input(&hocba(&["c14n", "--subtree-id", "x", "-"], Some(b"<a Id=\"x\"><b Id=\"x\"/></a>")));
    assert!(err.contains("occurs twice") && err.contains("1:1") && err.contains("1:11"), "{err}");
    let err = bad_input(&hocba(&["c14n", "/nonexistent/file.xml"], None));
    assert!(err.contains("/nonexistent/file.xml"), "{err}");
    let err = bad_input(&hocba(&["c14n", "-"], Some(b"<a><b></a>")));
    assert!(err.contains("1:7"), "{err}");
    let err = bad_input(&hocba(&["c14n", "-"], Some(b"\xff\xfe<\x00a\x00/\x00>\x00")));
    assert!(err.contains("not UTF-8"), "{err}");
}

/// The C14N 1.0 spec's example 3.1: a DOCTYPE that only names an external DTD.
const SPEC_3_1: &[u8] = b"<?xml version=\"1.0\"?>\n\n<?xml-stylesheet   href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n\n<!DOCTYPE doc SYSTEM \"doc.dtd\">\n\n<doc>Hello, world!<!-- Comment 1 --></doc>\n\n<?pi-without-data     ?>\n\n<!-- Comment 2 -->\n\n<!-- Comment 3 -->\n";

#[test]
fn external_doctype_only_with_its_option_and_never_loaded() {
    let err = bad_input(&hocba(&["c14n", "-"], Some(SPEC_3_1)));
    assert!(err.contains("DOCTYPE") && err.contains("6:1"), "{err}");
    let out = ok(&hocba(&["c14n", "--allow-external-doctype", "-"], Some(SPEC_3_1)));
    assert_eq!(
        out,
        "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!</doc>\n<?pi-without-data?>"
    );
    // An internal subset (entities, default attributes) stays refused.
    let err = bad_input(&hocba(
        &["c14n", "--allow-external-doctype", "-"],
        Some(b"<!DOCTYPE a SYSTEM \"a.dtd\" [<!ENTITY x \"y\">]>\n<a>&x;</a>"),
    ));
    assert!(err.contains("DOCTYPE"), "{err}");
    let help = ok(&hocba(&["c14n", "--help"], None));
    assert!(help.contains("--allow-external-doctype") && help.contains("Off by default"), "{help}");
}
