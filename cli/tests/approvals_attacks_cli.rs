//! Attacks on `hocba approvals` as a program: the working copy's atomic write, `show` on a
//! hostile list.

mod common;

use common::{TempDir, hocba, hocba_ok};

/// Someone who can write to the working copy's folder (a shared folder of the office) plants
/// `.danh-sach.xml.tmp` as a link to another file of the clerk's: the next edit writes the list
/// through the link. Expected: the temporary file is created new (O_EXCL / create_new), never
/// through an existing link.
#[cfg(unix)]
#[test]
fn an_edit_does_not_write_through_a_planted_temporary_file_link() {
    let dir = TempDir::new("approvals-attack-symlink");
    let list = dir.file("danh-sach.xml");
    hocba_ok(&["approvals", "create", "--authority-code", "PVHXH-BD", "--authority-name", "Phòng VH-XH", &list]);
    let victim = dir.file("victim.txt");
    std::fs::write(&victim, "the clerk's other file\n").unwrap();
    std::os::unix::fs::symlink(&victim, dir.file(".danh-sach.xml.tmp")).unwrap();
    let out = hocba(&["approvals", "school", "--code", "01001234", "--name", "Trường A", &list], None);
    let victim_now = std::fs::read_to_string(&victim).unwrap();
    // What happens today: the list is written into the victim through the link, and the rename
    // then moves the link itself over the working copy (danh-sach.xml is now a link to the
    // victim; every later edit writes there too).
    let list_is_link = std::fs::symlink_metadata(&list).unwrap().file_type().is_symlink();
    assert_eq!(
        victim_now, "the clerk's other file\n",
        "written through the link (exit {:?}; working copy is a link now: {list_is_link})",
        out.status
    );
    assert!(!list_is_link);
}

/// `approvals show` of a list whose texts carry bidi overrides and C1 controls (both allowed in
/// XML 1.0): nothing reaches the terminal raw.
#[test]
fn show_escapes_bidi_and_c1_controls_from_a_hostile_list() {
    let dir = TempDir::new("approvals-attack-show");
    let list = dir.file("danh-sach.xml");
    hocba_ok(&["approvals", "create", "--authority-code", "PVHXH-BD", "--authority-name", "Phòng VH-XH", &list]);
    hocba_ok(&["approvals", "school", "--code", "01001234", "--name", "Trường A", &list]);
    let xml = std::fs::read_to_string(&list).unwrap();
    let hostile = xml.replacen("Phòng VH-XH", "Phòng \u{202E}HX-HV\u{9B}31m", 1).replacen(
        "Trường A",
        "Trường \u{2066}A\u{85}\u{2028}B",
        1,
    );
    std::fs::write(&list, hostile).unwrap();
    for lang in ["vi", "en"] {
        let shown = hocba_ok(&["approvals", "show", "--lang", lang, &list]);
        for c in ['\u{202E}', '\u{9B}', '\u{2066}', '\u{85}', '\u{2028}'] {
            assert!(!shown.contains(c), "{c:?} printed raw: {shown:?}");
        }
    }
}
