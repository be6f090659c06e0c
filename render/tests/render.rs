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
    let bare = b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    assert_eq!(embedded_transcript(bare).unwrap_err(), PdfError::NoTranscript);
}
