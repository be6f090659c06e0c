//! A page layout small enough for a form: text measured with the embedded font, wrapped in a
//! column, tables whose cells wrap and whose header repeats on a new page. It produces drawing
//! operations per page; `pdf` turns them into PDF content.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// A4 in points, and the margins.
pub(crate) const PAGE_WIDTH: f32 = 595.28;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
pub(crate) const LEFT: f32 = 40.0;
pub(crate) const RIGHT: f32 = PAGE_WIDTH - 40.0;
/// Where content starts below the page's header (title, QR code) and ends above its footer.
pub(crate) const TOP: f32 = 138.0;
pub(crate) const BOTTOM: f32 = PAGE_HEIGHT - 62.0;

pub(crate) static REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
pub(crate) static BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");

/// One thing drawn on a page; `y` is a text's baseline, from the page's top.
#[derive(Clone, Debug)]
pub(crate) enum Op {
    Text { x: f32, y: f32, size: f32, bold: bool, text: String },
    Line { x1: f32, y1: f32, x2: f32, y2: f32 },
}

/// The width of `text` at `size` points, from the font's advances (no kerning: a little wide,
/// never too narrow for its column).
pub(crate) fn width(text: &str, size: f32, bold: bool) -> f32 {
    let Ok(font) = FontRef::new(if bold { BOLD } else { REGULAR }) else { return 0.0 };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars().map(|c| metrics.advance_width(charmap.map(c).unwrap_or_default()).unwrap_or(0.0)).sum()
}

/// `text` broken into lines no wider than `max` (at spaces; a word longer than a line is cut).
pub(crate) fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if width(&candidate, size, bold) <= max || line.is_empty() && width(word, size, bold) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line: as many characters as fit, then the rest.
            let mut rest = word;
            while width(rest, size, bold) > max {
                let mut cut = rest.len();
                while cut > 0 && width(&rest[..cut], size, bold) > max {
                    cut = rest[..cut].char_indices().last().map_or(0, |(i, _)| i);
                }
                let cut = if cut == 0 { rest.chars().next().map_or(rest.len(), char::len_utf8) } else { cut };
                lines.push(rest[..cut].to_owned());
                rest = &rest[cut..];
            }
            line = rest.to_owned();
        }
        lines.push(line);
    }
    lines
}

/// A table: column widths (they fill the text width), its header row, its text size.
pub(crate) struct Table<'a> {
    pub(crate) widths: &'a [f32],
    pub(crate) header: Vec<String>,
    pub(crate) size: f32,
}

/// Content flowing down pages.
pub(crate) struct Flow {
    pub(crate) pages: Vec<Vec<Op>>,
    y: f32,
}

impl Flow {
    pub(crate) fn new() -> Self {
        Flow { pages: vec![Vec::new()], y: TOP }
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    /// Room for `height` more points on this page, else a new page.
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    pub(crate) fn space(&mut self, points: f32) {
        self.y += points;
    }

    /// A paragraph across the text width.
    pub(crate) fn text(&mut self, text: &str, size: f32, bold: bool) {
        self.text_at(LEFT, RIGHT - LEFT, text, size, bold);
    }

    /// A paragraph, centred.
    pub(crate) fn centred(&mut self, text: &str, size: f32, bold: bool) {
        for line in wrap(text, size, bold, RIGHT - LEFT) {
            self.room(size * 1.35);
            self.y += size * 1.35;
            let x = LEFT + (RIGHT - LEFT - width(&line, size, bold)) / 2.0;
            let y = self.y - size * 0.3;
            self.ops().push(Op::Text { x, y, size, bold, text: line });
        }
    }

    fn text_at(&mut self, x: f32, max: f32, text: &str, size: f32, bold: bool) {
        for line in wrap(text, size, bold, max) {
            self.room(size * 1.35);
            self.y += size * 1.35;
            let y = self.y - size * 0.3;
            self.ops().push(Op::Text { x, y, size, bold, text: line });
        }
    }

    /// `label: value` lines, two to a line where both fit.
    pub(crate) fn fields(&mut self, fields: &[(&str, String)], size: f32) {
        let half = (RIGHT - LEFT) / 2.0;
        let mut pairs = fields.iter().peekable();
        while let Some((label, value)) = pairs.next() {
            let first = format!("{label}: {value}");
            let narrow = |t: &str| width(t, size, false) < half - 8.0;
            let second = pairs.peek().map(|(l, v)| format!("{l}: {v}")).filter(|t| narrow(&first) && narrow(t));
            self.room(size * 1.5);
            self.y += size * 1.5;
            let y = self.y - size * 0.35;
            self.ops().push(Op::Text { x: LEFT, y, size, bold: false, text: first.clone() });
            if let Some(second) = second {
                self.ops().push(Op::Text { x: LEFT + half, y, size, bold: false, text: second });
                pairs.next();
            } else if !narrow(&first) {
                // Too wide for one line: wrapped below instead.
                self.ops().pop();
                self.y -= size * 1.5;
                self.text(&first, size, false);
            }
        }
    }

    /// A table with ruled cells; a row never splits across pages, the header repeats.
    pub(crate) fn table(&mut self, table: &Table<'_>, rows: &[Vec<String>]) {
        let line = table.size * 1.3;
        let cells = |row: &[String], bold: bool| -> Vec<Vec<String>> {
            row.iter().zip(table.widths).map(|(cell, w)| wrap(cell, table.size, bold, w - 4.0)).collect()
        };
        let header = cells(&table.header, true);
        let height = |c: &[Vec<String>]| c.iter().map(Vec::len).max().unwrap_or(1) as f32 * line + 4.0;
        let header_height = height(&header);
        let mut first = true;
        for row in rows {
            let row = cells(row, false);
            let row_height = height(&row);
            if first || self.y + row_height > BOTTOM {
                if !first || self.y + header_height + row_height > BOTTOM {
                    self.room(header_height + row_height);
                }
                self.draw_row(table, &header, header_height, true);
                first = false;
            }
            self.draw_row(table, &row, row_height, false);
        }
    }

    fn draw_row(&mut self, table: &Table<'_>, cells: &[Vec<String>], height: f32, bold: bool) {
        let (top, line) = (self.y, table.size * 1.3);
        let mut x = LEFT;
        let mut ops = Vec::new();
        ops.push(Op::Line { x1: LEFT, y1: top, x2: RIGHT, y2: top });
        ops.push(Op::Line { x1: LEFT, y1: top + height, x2: RIGHT, y2: top + height });
        for (lines, w) in cells.iter().zip(table.widths) {
            ops.push(Op::Line { x1: x, y1: top, x2: x, y2: top + height });
            for (i, text) in lines.iter().enumerate() {
                let y = top + 2.0 + line * (i as f32 + 1.0) - table.size * 0.3;
                ops.push(Op::Text { x: x + 2.0, y, size: table.size, bold, text: text.clone() });
            }
            x += w;
        }
        ops.push(Op::Line { x1: RIGHT, y1: top, x2: RIGHT, y2: top + height });
        self.ops().extend(ops);
        self.y += height;
    }
}
