//! The pages as a PDF/A-3u document: the embedded Noto Sans (text extracts as Unicode), black on
//! white, the page frame (title, QR code, verification reference, page numbers, and the
//! "KHÔNG HỢP LỆ" mark where asked), and the signed XML embedded as the pages' source.

use krilla::Document;
use krilla::SerializeSettings;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use qrcode::{EcLevel, QrCode};

use crate::RenderError;
use crate::layout::{BOLD, BOTTOM, LEFT, Op, PAGE_HEIGHT, PAGE_WIDTH, REGULAR, RIGHT, width};

/// The embedded transcript's name, as PDF readers list the attachment.
pub const EMBEDDED_NAME: &str = "hocba.xml";
/// The QR code's side, quiet zone included, in points: about 3 cm, easy for a phone.
const QR_SIDE: f32 = 86.0;

/// What every page's frame shows.
pub(crate) struct Frame<'a> {
    pub(crate) level: &'a str,
    pub(crate) student: &'a str,
    pub(crate) record: &'a str,
    pub(crate) years: &'a str,
    /// The verification reference; `None` for a transcript that does not verify.
    pub(crate) reference: Option<String>,
    /// The "KHÔNG HỢP LỆ" mark.
    pub(crate) invalid: bool,
    pub(crate) verdict: &'a str,
    pub(crate) verified_at: &'a str,
    /// When it was rendered, for the metadata and the embedded file.
    pub(crate) date: DateTime,
    pub(crate) title: String,
}

struct Fonts {
    regular: Font,
    bold: Font,
}

pub(crate) fn write(pages: &[Vec<Op>], frame: &Frame<'_>, xml: &[u8]) -> Result<Vec<u8>, RenderError> {
    let failed = |what: &str| RenderError::Pdf(what.to_owned());
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_U)
        .finish()
        .map_err(|e| RenderError::Pdf(format!("{e:?}")))?;
    let mut document = Document::new_with(SerializeSettings { configuration, ..SerializeSettings::default() });
    let fonts = Fonts {
        regular: Font::new(REGULAR.into(), 0).ok_or_else(|| failed("the regular font"))?,
        bold: Font::new(BOLD.into(), 0).ok_or_else(|| failed("the bold font"))?,
    };
    let qr = match &frame.reference {
        Some(reference) => Some(
            QrCode::with_error_correction_level(reference.as_bytes(), EcLevel::M)
                .map_err(|e| RenderError::Pdf(format!("QR code: {e}")))?,
        ),
        None => None,
    };
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| failed("the page size"))?;
    for (number, ops) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, &fonts, op);
        }
        draw_frame(&mut surface, &fonts, frame, qr.as_ref(), (number + 1, pages.len()));
        surface.finish();
        page.finish();
    }
    document.set_metadata(
        Metadata::new()
            .title(frame.title.clone())
            .language("vi".into())
            .creator("hocba render".into())
            .creation_date(frame.date),
    );
    document
        .embed_file(EmbeddedFile {
            path: EMBEDDED_NAME.into(),
            mime_type: MimeType::new("text/xml"),
            description: Some("Học bạ số đã ký số (XML), nguồn của các trang".into()),
            association_kind: AssociationKind::Source,
            data: xml.to_vec().into(),
            modification_date: Some(frame.date),
            // Stored as it is: byte for byte the signed file, readable without a decoder.
            compress: Some(false),
            location: None,
        })
        .ok_or_else(|| failed("embedding the transcript"))?;
    document.finish().map_err(|e| RenderError::Pdf(format!("{e:?}")))
}

fn draw(surface: &mut Surface<'_>, fonts: &Fonts, op: &Op) {
    match op {
        Op::Text { x, y, size, bold, text } => {
            let font = if *bold { fonts.bold.clone() } else { fonts.regular.clone() };
            surface.set_fill(Some(Fill::default()));
            surface.set_stroke(None);
            surface.draw_text(Point::from_xy(*x, *y), font, *size, text, false, TextDirection::Auto);
        }
        Op::Line { x1, y1, x2, y2 } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y1);
            path.line_to(*x2, *y2);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke { width: 0.5, ..Stroke::default() }));
                surface.draw_path(&path);
            }
        }
    }
}

fn text(surface: &mut Surface<'_>, fonts: &Fonts, x: f32, y: f32, size: f32, bold: bool, content: &str) {
    draw(surface, fonts, &Op::Text { x, y, size, bold, text: content.to_owned() });
}

fn draw_frame(surface: &mut Surface<'_>, fonts: &Fonts, frame: &Frame<'_>, qr: Option<&QrCode>, page: (usize, usize)) {
    let header_right = RIGHT - QR_SIDE - 8.0;
    text(surface, fonts, LEFT, 50.0, 9.0, true, &format!("HỌC BẠ SỐ — {}", frame.level.to_uppercase()));
    text(surface, fonts, LEFT, 68.0, 13.0, true, frame.student);
    text(surface, fonts, LEFT, 84.0, 8.5, false, &format!("Mã định danh học bạ: {}", frame.record));
    text(surface, fonts, LEFT, 97.0, 8.5, false, &format!("Các năm học: {}", frame.years));
    if frame.invalid {
        let mark = "KHÔNG HỢP LỆ";
        let size = 22.0;
        let x = LEFT + (header_right - LEFT - width(mark, size, true)) / 2.0 + 60.0;
        text(surface, fonts, x, 124.0, size, true, mark);
        rectangle(surface, x - 6.0, 102.0, width(mark, size, true) + 12.0, 30.0, 2.0);
    }
    match qr {
        Some(code) => draw_qr(surface, code, RIGHT - QR_SIDE, 30.0),
        None => {
            rectangle(surface, RIGHT - QR_SIDE, 30.0, QR_SIDE, QR_SIDE, 1.0);
            text(surface, fonts, RIGHT - QR_SIDE + 8.0, 70.0, 7.0, true, "Không có mã QR:");
            text(surface, fonts, RIGHT - QR_SIDE + 8.0, 80.0, 7.0, false, "học bạ không hợp lệ");
        }
    }
    line(surface, LEFT, 134.0, RIGHT, 134.0);
    line(surface, LEFT, BOTTOM + 8.0, RIGHT, BOTTOM + 8.0);
    let reference = frame.reference.as_deref().unwrap_or("không có (học bạ không hợp lệ)");
    text(surface, fonts, LEFT, BOTTOM + 20.0, 7.0, false, &format!("Mã xác minh: {reference}"));
    let status = format!("Kết quả xác minh khi in: {} — lúc {}", frame.verdict, frame.verified_at);
    text(surface, fonts, LEFT, BOTTOM + 31.0, 7.0, frame.invalid, &status);
    let number = format!("Trang {}/{}", page.0, page.1);
    text(surface, fonts, RIGHT - width(&number, 7.0, false), BOTTOM + 31.0, 7.0, false, &number);
    if frame.invalid {
        text(
            surface,
            fonts,
            LEFT,
            BOTTOM + 43.0,
            9.0,
            true,
            "KHÔNG HỢP LỆ — bản in này không phải bản sao hợp lệ của học bạ",
        );
    }
}

fn line(surface: &mut Surface<'_>, x1: f32, y1: f32, x2: f32, y2: f32) {
    let mut path = PathBuilder::new();
    path.move_to(x1, y1);
    path.line_to(x2, y2);
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke { width: 0.75, ..Stroke::default() }));
        surface.draw_path(&path);
    }
}

fn rectangle(surface: &mut Surface<'_>, x: f32, y: f32, w: f32, h: f32, stroke: f32) {
    let mut path = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
        path.push_rect(rect);
    }
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke { width: stroke, ..Stroke::default() }));
        surface.draw_path(&path);
    }
}

/// The QR code's dark modules, each run of them along a row one rectangle, with a quiet zone of
/// four modules inside `QR_SIDE`.
fn draw_qr(surface: &mut Surface<'_>, code: &QrCode, x: f32, y: f32) {
    let modules = code.width();
    let module = QR_SIDE / (modules + 8) as f32;
    let colors = code.to_colors();
    let mut path = PathBuilder::new();
    for row in 0..modules {
        let mut column = 0;
        while column < modules {
            if colors[row * modules + column] != qrcode::Color::Dark {
                column += 1;
                continue;
            }
            let start = column;
            while column < modules && colors[row * modules + column] == qrcode::Color::Dark {
                column += 1;
            }
            let left = x + (start + 4) as f32 * module;
            let top = y + (row + 4) as f32 * module;
            if let Some(rect) = Rect::from_xywh(left, top, (column - start) as f32 * module, module) {
                path.push_rect(rect);
            }
        }
    }
    if let Some(path) = path.finish() {
        surface.set_stroke(None);
        surface.set_fill(Some(Fill::default()));
        surface.draw_path(&path);
    }
}
