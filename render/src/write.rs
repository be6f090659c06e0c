//! Writing a paper copy: the transcript verified, laid out as the official forms and written as a
//! PDF/A-3 with its verification reference.

use hocba::paper::PaperReference;
use hocba::report::{Language, Verdict};
use hocba::verifier::Verifier;

use crate::{RenderError, form, pdf};

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// Render a transcript that does not verify valid, marked "KHÔNG HỢP LỆ" on every page and
    /// without a verification reference (else it is refused).
    pub mark_invalid: bool,
}

/// A rendered copy.
#[derive(Debug)]
pub struct Rendered {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// The verification reference its QR codes hold; `None` when it is marked invalid.
    pub reference: Option<PaperReference>,
    /// The verdict at the time of rendering, printed on every page.
    pub verdict: Verdict,
}

/// Verifies `xml` with `verifier` (as `hocba verify` does) and renders it: a valid transcript with
/// its reference; one that is not valid only with [`RenderOptions::mark_invalid`], from the
/// content its signatures cover where they verify, else as the file says.
pub fn render(verifier: &Verifier, xml: &[u8], options: RenderOptions) -> Result<Rendered, RenderError> {
    let verification = verifier.verify(xml)?;
    let report = verification.report();
    let verdict = report.verdict();
    let signed = verification.transcript();
    let reference = signed.and_then(PaperReference::of);
    if let Some(reference) = &reference {
        // A record identifier no reader could take back (a control character, far too long):
        // a QR code nobody can check is refused, not printed.
        PaperReference::parse(&reference.to_string()).map_err(hocba::Error::from)?;
    }
    if reference.is_none() && !options.mark_invalid {
        let reason = report.problems().iter().chain(report.signatures().iter().flat_map(|s| s.problems())).next();
        return Err(RenderError::NotValid { verdict, reason: reason.cloned() });
    }
    let transcript = match signed.and_then(|t| t.signed_transcript()) {
        Some(transcript) => transcript.to_transcript(),
        None => hocba::transcript::from_xml(xml)?,
    };
    let student = transcript.student().map_or_else(String::new, |s| s.ho_va_ten.clone());
    let years: Vec<String> = transcript.years.iter().map(|y| y.nam_hoc.to_string()).collect();
    let years = years.join(", ");
    let verified_at = report.verified_at().to_vietnam_string();
    let flow = form::lay_out(&transcript, report);
    let frame = pdf::Frame {
        level: transcript.header.ma_cap_hoc.label_vi(),
        student: &student,
        record: &transcript.header.ma_dinh_danh_hoc_ba,
        years: &years,
        reference: reference.as_ref().map(ToString::to_string),
        invalid: reference.is_none(),
        verdict: verdict.label(Language::Vi),
        verified_at: &verified_at,
        date: date_time(report.verified_at()),
        title: format!("Học bạ — {student} — {}", transcript.header.ma_dinh_danh_hoc_ba),
    };
    let pdf = pdf::write(&flow.pages, &frame, xml)?;
    Ok(Rendered { pdf, reference, verdict })
}

/// The instant as the PDF's metadata writes it, in UTC.
fn date_time(at: hocba::time::UtcTime) -> krilla::metadata::DateTime {
    // `YYYY-MM-DDThh:mm:ssZ`
    let text = at.to_utc_string();
    let number = |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<u16>().ok()).unwrap_or(0);
    let small = |range| u8::try_from(number(range)).unwrap_or(0);
    krilla::metadata::DateTime::new(number(0..4))
        .month(small(5..7))
        .day(small(8..10))
        .hour(small(11..13))
        .minute(small(14..16))
        .second(small(17..19))
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}
