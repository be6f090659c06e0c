//! Paper copies of the sample transcripts, read back by independent tools: poppler's `pdftotext`
//! (the text), `pdfdetach` (the embedded file), `qpdf --check` (the structure), `pdftoppm` and
//! zbar's `zbarimg` (the QR code from a page image); then copies that must not pass.

mod common;

use common::{output_dir, samples, sign, tool, verifier};
use hocba::Code;
use hocba::paper::{PaperError, PaperReference, check};
use hocba::report::Verdict;
use hocba::transcript::{SubjectAssessment, Transcript, YearResults, from_xml};
use hocba_render::{PdfError, RenderError, RenderOptions, embedded_transcript, render};

/// Text as `pdftotext -raw` writes it (cells in drawing order), white space collapsed.
fn pdf_text(pdf: &std::path::Path) -> Vec<String> {
    let text = String::from_utf8(tool("pdftotext", &["-raw", &pdf.display().to_string(), "-"])).unwrap();
    text.split('\u{c}').map(|page| page.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// Every subject's name and every score the transcript holds, as the copy must show them.
fn subjects_and_scores(t: &Transcript) -> (Vec<String>, Vec<String>) {
    let (mut subjects, mut scores) = (Vec::new(), Vec::new());
    for year in &t.years {
        match &year.ket_qua {
            YearResults::TieuHoc(p) => {
                for s in &p.mon_hoc {
                    subjects.push(s.ma_mon_hoc.label_vi().to_owned());
                    let d = &s.diem_kiem_tra;
                    scores.extend(
                        [d.giua_hk1, d.cuoi_hk1, d.giua_hk2, d.cuoi_nam].into_iter().flatten().map(|d| d.to_string()),
                    );
                }
            }
            YearResults::Thcs(y) => {
                for s in &y.mon_hoc {
                    subjects.push(s.ma_mon_hoc.label_vi().to_owned());
                    if let SubjectAssessment::DiemSo(d) = &s.danh_gia {
                        for term in [&d.hoc_ky1, &d.hoc_ky2] {
                            scores.extend(term.ddg_tx.iter().map(|d| d.to_string()));
                            scores.extend(
                                [term.ddg_gk, term.ddg_ck, term.dtb_mhk].into_iter().flatten().map(|d| d.to_string()),
                            );
                        }
                        scores.extend(d.dtb_ca_nam.map(|d| d.to_string()));
                    }
                }
            }
        }
    }
    (subjects, scores)
}

#[test]
fn every_sample_renders_and_reads_back() {
    let verifier = verifier();
    let out = output_dir();
    let samples = samples();
    assert!(samples.len() >= 6, "{samples:?}");
    for path in samples {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let xml = sign(&std::fs::read(&path).unwrap());
        let rendered = render(&verifier, &xml, RenderOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(rendered.verdict, Verdict::Valid, "{name}");
        let reference = rendered.reference.clone().expect("a valid copy has a reference");
        let pdf_path = out.join(format!("{name}.pdf"));
        std::fs::write(&pdf_path, &rendered.pdf).unwrap();
        let pdf = pdf_path.display().to_string();

        // The text: the student's name, every subject, every score; the reference on every page.
        let pages = pdf_text(&pdf_path);
        let all = pages.join(" ");
        let transcript = from_xml(&xml).unwrap();
        let student = &transcript.student().unwrap().ho_va_ten;
        assert!(all.contains(student.as_str()), "{name}: {student} not in the text");
        let (subjects, scores) = subjects_and_scores(&transcript);
        for subject in subjects {
            assert!(all.contains(&subject), "{name}: subject {subject} not in the text");
        }
        let tokens: std::collections::HashSet<&str> = all.split(' ').collect();
        for score in scores {
            assert!(tokens.contains(score.as_str()), "{name}: score {score} not in the text");
        }
        for page in pages.iter().filter(|p| !p.is_empty()) {
            assert!(page.contains(&reference.to_string()), "{name}: a page without the reference");
        }

        // The embedded file, byte for byte, as poppler and as this crate read it.
        let detached = out.join(format!("{name}.embedded.xml"));
        let _ = std::fs::remove_file(&detached);
        tool("pdfdetach", &["-save", "1", "-o", &detached.display().to_string(), &pdf]);
        assert!(std::fs::read(&detached).unwrap() == xml, "{name}: pdfdetach's file differs from the input");
        assert!(embedded_transcript(&rendered.pdf).unwrap() == xml, "{name}: the embedded file differs");
        let listing = String::from_utf8(tool("pdfdetach", &["-list", &pdf])).unwrap();
        assert!(listing.contains("hocba.xml"), "{name}: {listing}");

        tool("qpdf", &["--check", &pdf]);
        let info = String::from_utf8(tool("pdfinfo", &["-meta", &pdf])).unwrap();
        assert!(info.contains("<pdfaid:part>3</pdfaid:part>"), "{name}: no PDF/A-3 identification");
        assert!(info.contains("<pdfaid:conformance>U</pdfaid:conformance>"), "{name}: not level U");
        let fonts = String::from_utf8(tool("pdffonts", &[&pdf])).unwrap();
        assert!(fonts.contains("NotoSans") && !fonts.lines().skip(2).any(|l| l.contains(" no ")), "{name}: {fonts}");

        // The QR code decoded from images of the pages: every page of the two copies kept for a
        // person to look at, the first and the last of the others (each page draws the same code;
        // the text above found the reference on every page).
        let count = pages.iter().filter(|p| !p.is_empty()).count();
        let kept = name.ends_with("valid-tieu-hoc-lop-1-5") || name.ends_with("valid-thcs-lop-6-9-chuyen-truong");
        let checked: Vec<usize> = if kept { (1..=count).collect() } else { vec![1, count] };
        for page in checked {
            let image = out.join(format!("{name}-{page:02}"));
            let number = page.to_string();
            let args = ["-r", "200", "-png", "-singlefile", "-f", &number, "-l", &number, &pdf];
            tool("pdftoppm", &[&args[..], &[image.display().to_string().as_str()]].concat());
            let png = image.with_extension("png");
            let text = tool("zbarimg", &["--quiet", "--raw", &png.display().to_string()]);
            assert_eq!(String::from_utf8(text).unwrap().trim_end(), reference.to_string(), "{name} page {page}");
            if !kept {
                std::fs::remove_file(&png).unwrap();
            }
        }

        // The reference belongs to the file it came from.
        let belongs = check(&verifier, &reference.to_string(), &xml).unwrap();
        assert!(belongs.belongs(), "{name}: {:?}", belongs.mismatch());
    }
}

/// The signed primary sample, rendered, and its reference.
fn primary() -> (Vec<u8>, PaperReference) {
    let xml = sign(&std::fs::read(common::vectors("transcripts/valid-tieu-hoc-lop-1-5.xml")).unwrap());
    let reference = render(&verifier(), &xml, RenderOptions::default()).unwrap().reference.unwrap();
    (xml, reference)
}

#[test]
fn a_tampered_transcript_is_refused_or_marked_on_every_page() {
    let (xml, reference) = primary();
    let text = String::from_utf8(xml.clone()).unwrap();
    // A test score raised after signing (mastery levels are letters, scores digits).
    let score = "<CuoiHocKy1>9</CuoiHocKy1>";
    assert!(text.contains(score), "a score of 9");
    let tampered = text.replacen(score, "<CuoiHocKy1>10</CuoiHocKy1>", 1);
    let tampered = tampered.into_bytes();

    let verifier = verifier();
    match render(&verifier, &tampered, RenderOptions::default()) {
        Err(error @ RenderError::NotValid { verdict: Verdict::Invalid, .. }) => {
            assert_eq!(error.code(), Code::NotValid);
            assert!(error.message_vi().contains("KHÔNG HỢP LỆ"), "{}", error.message_vi());
        }
        other => panic!("a tampered transcript rendered: {other:?}"),
    }
    let marked = render(&verifier, &tampered, RenderOptions { mark_invalid: true }).unwrap();
    assert!(marked.reference.is_none());
    let path = output_dir().join("tampered-marked.pdf");
    std::fs::write(&path, &marked.pdf).unwrap();
    let pages: Vec<String> = pdf_text(&path).into_iter().filter(|p| !p.is_empty()).collect();
    assert!(pages.len() > 2);
    for page in &pages {
        assert!(page.contains("KHÔNG HỢP LỆ"), "a page without the mark: {page}");
        assert!(!page.contains("HOCBA1:"), "a reference on an invalid copy");
    }
    tool("qpdf", &["--check", &path.display().to_string()]);
    // The embedded file is still the input: the tampering stays visible to any verifier.
    assert!(embedded_transcript(&marked.pdf).unwrap() == tampered);

    // The valid copy's reference does not belong to the tampered file.
    let checked = check(&verifier, &reference.to_string(), &tampered).unwrap();
    assert!(!checked.belongs());
    assert_eq!(checked.verification().report().verdict(), Verdict::Invalid);
}

#[test]
fn a_reference_that_is_not_the_files_does_not_belong() {
    let (xml, reference) = primary();
    let verifier = verifier();
    let text = reference.to_string();
    let digest = text.split(':').nth(2).unwrap();

    // Another signing of the same content: same record and years, other signature values.
    let again = sign(&std::fs::read(common::vectors("transcripts/valid-tieu-hoc-lop-1-5.xml")).unwrap());
    let other = render(&verifier, &again, RenderOptions::default()).unwrap().reference.unwrap();
    assert_ne!(other, reference, "two signings, one digest");
    let checked = check(&verifier, &other.to_string(), &xml).unwrap();
    assert_eq!(checked.mismatch(), Some(&PaperError::DigestMismatch));
    assert!(!checked.belongs());

    let flipped = if digest.starts_with('A') { "B" } else { "A" };
    let forged = text.replacen(digest, &format!("{flipped}{}", &digest[1..]), 1);
    let checked = check(&verifier, &forged, &xml).unwrap();
    assert_eq!(checked.mismatch().map(PaperError::code), Some(Code::PaperDigestMismatch));

    let other_record = format!("{text}X");
    let checked = check(&verifier, &other_record, &xml).unwrap();
    assert_eq!(checked.mismatch().map(PaperError::code), Some(Code::PaperOtherRecord));

    let years = text.split(':').nth(1).unwrap();
    let fewer = text.replacen(years, years.rsplit_once('+').unwrap().0, 1);
    let checked = check(&verifier, &fewer, &xml).unwrap();
    assert_eq!(checked.mismatch().map(PaperError::code), Some(Code::PaperOtherYears));

    let error = check(&verifier, "HOCBA1:nonsense", &xml).unwrap_err();
    assert_eq!(error.code(), Code::PaperReferenceMalformed);
}

#[test]
fn hostile_pdfs_are_refused_without_panic() {
    let (xml, _) = primary();
    let pdf = render(&verifier(), &xml, RenderOptions::default()).unwrap().pdf;
    assert_eq!(embedded_transcript(b"not a pdf").unwrap_err().code(), Code::PdfMalformed);
    assert_eq!(embedded_transcript(&[]).unwrap_err().code(), Code::PdfMalformed);
    let huge = vec![b' '; hocba_render::MAX_PDF_BYTES + 1];
    assert!(matches!(embedded_transcript(&huge), Err(PdfError::TooLarge { .. })));
    // Every prefix length class and a byte flipped every few kilobytes: an answer, never a panic,
    // and never a transcript other than the one embedded.
    for cut in [10, 100, 1000, pdf.len() / 3, pdf.len() / 2, pdf.len() - 10] {
        if let Ok(found) = embedded_transcript(&pdf[..cut]) {
            assert!(found == xml, "a truncated PDF gave another file");
        }
    }
    for at in (0..pdf.len()).step_by(4099) {
        let mut damaged = pdf.clone();
        damaged[at] ^= 0x55;
        let _ = embedded_transcript(&damaged);
    }
    // A PDF with no attachment.
    let bare = pdf_of(&[b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"], "");
    assert_eq!(embedded_transcript(&bare).unwrap_err(), PdfError::NoTranscript);
}

/// A PDF of `objects` (numbered from 1, the first the catalog) with a classic cross-reference
/// table and `trailer` added to its trailer dictionary.
fn pdf_of(objects: &[&[u8]], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
    }
    let size = objects.len() + 1;
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R{trailer} >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

fn refused_as(pdf: &[u8], detail: &str) {
    match embedded_transcript(pdf) {
        Err(PdfError::Malformed(why)) => assert!(why.contains(detail), "{why}"),
        other => panic!("expected a refusal for {detail:?}, got {other:?}"),
    }
}

/// Shapes that would make the PDF reader work for minutes or inflate gigabytes from a file of
/// allowed size are refused before it reads them.
#[test]
fn pdfs_that_would_cost_the_reader_minutes_are_refused() {
    use std::io::Write;
    // An object stream that inflates to 15 MiB from 15 KB (the reader inflates each before any is
    // looked at; a thousand of them fill 16 MiB).
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    deflate.write_all(b"0 0 ").unwrap();
    deflate.write_all(&vec![b' '; 15 << 20]).unwrap();
    let bomb = deflate.finish().unwrap();
    let mut stream =
        format!("<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n", bomb.len()).into_bytes();
    stream.extend_from_slice(&bomb);
    stream.extend_from_slice(b"\nendstream");
    refused_as(&pdf_of(&[b"<< /Type /Catalog >>", &stream, &stream], ""), "object streams");
    // A cross-reference stream where the table should be.
    let mut xref_stream =
        b"%PDF-1.7\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\n".to_vec();
    xref_stream.extend_from_slice(b"startxref\n9\n%%EOF\n");
    refused_as(&xref_stream, "not a table");
    // ... or named by the trailer, or the trailer written with escapes the check would not read.
    refused_as(&pdf_of(&[b"<< /Type /Catalog >>"], " /XRefStm 9"), "cross-reference stream");
    refused_as(&pdf_of(&[b"<< /Type /Catalog >>"], " /P#72ev 9"), "escapes");
    refused_as(&pdf_of(&[b"<< /Type /Catalog >>"], " /Encrypt 9 0 R"), "encrypted");
    // Every entry of a table at one offset: the reader would read the same object for each.
    let mut one_offset = pdf_of(&[b"<< /Type /Catalog >>", b"null"], "");
    let second = String::from_utf8_lossy(&one_offset).find(" 00000 n").unwrap() - 10;
    let first_entry = one_offset[second..second + 20].to_vec();
    let third = second + 20;
    one_offset[third..third + 20].copy_from_slice(&first_entry);
    refused_as(&one_offset, "two objects at one offset");
    // Sections chained by /Prev: nine of them, or a loop (which ends the chain, as for the reader).
    let base = pdf_of(&[b"<< /Type /Catalog >>"], "");
    let mut chained = base.clone();
    let mut previous = String::from_utf8_lossy(&base).rfind("xref\n").unwrap();
    for _ in 0..8 {
        let at = chained.len();
        chained.extend_from_slice(
            format!("xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 2 /Root 1 0 R /Prev {previous} >>\nstartxref\n{at}\n%%EOF\n")
                .as_bytes(),
        );
        previous = at;
    }
    refused_as(&chained, "too many cross-reference sections");
    let at = base.len();
    let mut looped = base.clone();
    looped.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 2 /Root 1 0 R /Prev {at} >>\nstartxref\n{at}\n%%EOF\n"
        )
        .as_bytes(),
    );
    // (The section naming itself hides the first one, and with it the catalog.)
    assert!(matches!(embedded_transcript(&looped), Err(PdfError::Malformed(_))));
    // An EmbeddedFiles name tree eight levels deep, each node listing the next 64 times: 64^8
    // walks if each kid were walked; each node is walked once.
    let mut objects: Vec<Vec<u8>> = vec![b"<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>".to_vec()];
    for level in 0..8 {
        let kids = vec![format!("{} 0 R", level + 3); 64].join(" ");
        objects.push(format!("<< /Kids [{kids}] >>").into_bytes());
    }
    objects.push(b"<< /Kids [] >>".to_vec());
    let objects: Vec<&[u8]> = objects.iter().map(Vec::as_slice).collect();
    assert_eq!(embedded_transcript(&pdf_of(&objects, "")).unwrap_err(), PdfError::NoTranscript);
    // A wide tree: more nodes than a few files need.
    let mut objects: Vec<Vec<u8>> = vec![b"<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>".to_vec()];
    let kids: Vec<String> = (0..64).map(|i| format!("{} 0 R", i + 3)).collect();
    objects.push(format!("<< /Kids [{}] >>", kids.join(" ")).into_bytes());
    for i in 0..64 {
        let grandkids: Vec<String> = (0..8).map(|j| format!("{} 0 R", 67 + i * 8 + j)).collect();
        objects.push(format!("<< /Kids [{}] >>", grandkids.join(" ")).into_bytes());
    }
    for _ in 0..64 * 8 {
        objects.push(b"<< /Names [] >>".to_vec());
    }
    let objects: Vec<&[u8]> = objects.iter().map(Vec::as_slice).collect();
    refused_as(&pdf_of(&objects, ""), "too deep or too large");
}

/// A rendered copy updated incrementally afterwards (a section appended, as a PDF editor or a
/// signing tool saves it) still gives its transcript.
#[test]
fn an_incremental_update_keeps_the_transcript() {
    let (xml, _) = primary();
    let mut pdf = render(&verifier(), &xml, RenderOptions::default()).unwrap().pdf;
    let text = String::from_utf8_lossy(&pdf).into_owned();
    let trailer_at = text.rfind("trailer").unwrap();
    let startxref_at = text.rfind("startxref").unwrap();
    let dictionary = text[trailer_at + "trailer".len()..startxref_at].trim().to_owned();
    let previous: usize = text[startxref_at + "startxref".len()..].split_whitespace().next().unwrap().parse().unwrap();
    let updated = dictionary.replacen("<<", &format!("<< /Prev {previous}"), 1);
    let at = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 1\n0000000000 65535 f\r\ntrailer\n{updated}\nstartxref\n{at}\n%%EOF\n").as_bytes(),
    );
    assert_eq!(embedded_transcript(&pdf).unwrap(), xml);
}
