//! What a batch of verified files adds up to: the per-file rows (table, CSV, HTML), the summary by
//! verdict and reason; the checks across files of one student are the core's (`hocba::verifier::RecordSet`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use hocba::Code;
use hocba::report::{Language, Verdict, code_label, escape_controls};
use hocba::verifier::{Record, RecordYear, StudentFindings};

/// One file's result, small enough to keep for every file of a large batch (the documents are
/// not kept).
pub(crate) struct Row {
    pub(crate) file: String,
    /// `None`: the file could not be used at all (unreadable, too large, not XML).
    pub(crate) verdict: Option<Verdict>,
    /// The first problem: its code and its words in the report's language.
    pub(crate) reason: Option<(Code, String)>,
    /// What the core keeps of a verified file (student, years, signers); `None` when unusable.
    pub(crate) record: Option<Record>,
}

impl Row {
    pub(crate) fn verdict_label(&self, language: Language) -> &'static str {
        match (self.verdict, language) {
            (Some(v), _) => v.label(language),
            (None, Language::Vi) => "KHÔNG ĐỌC ĐƯỢC",
            (None, Language::En) => "UNUSABLE",
        }
    }

    pub(crate) fn reason_text(&self) -> &str {
        self.reason.as_ref().map_or("", |(_, text)| text)
    }

    fn years(&self) -> &[RecordYear] {
        self.record.as_ref().map_or(&[], |r| &r.years)
    }

    fn student(&self) -> Option<(&str, &str)> {
        let record = self.record.as_ref()?;
        Some((record.student_name.as_deref()?, record.student_id.as_deref()?))
    }

    fn signers(&self) -> String {
        self.record.as_ref().map_or(String::new(), |r| r.signers.join("; "))
    }

    fn schools(&self) -> String {
        let mut schools: Vec<&str> = Vec::new();
        for year in self.years() {
            if !schools.contains(&year.school.as_str()) {
                schools.push(&year.school);
            }
        }
        schools.join("; ")
    }

    fn year_names(&self) -> String {
        self.years().iter().map(|y| y.name.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// Counts by verdict, and by reason within each.
#[derive(Default)]
pub(crate) struct Summary {
    pub(crate) total: usize,
    pub(crate) valid: usize,
    pub(crate) invalid: BTreeMap<String, usize>,
    pub(crate) undetermined: BTreeMap<String, usize>,
    pub(crate) unusable: BTreeMap<String, usize>,
}

impl Summary {
    pub(crate) fn add(&mut self, row: &Row) {
        self.total += 1;
        let map = match row.verdict {
            Some(Verdict::Valid) => {
                self.valid += 1;
                return;
            }
            Some(Verdict::Invalid) => &mut self.invalid,
            Some(Verdict::Undetermined) => &mut self.undetermined,
            None => &mut self.unusable,
        };
        let reason = row.reason.as_ref().map_or_else(|| "-".to_owned(), |(code, ..)| code.to_string());
        *map.entry(reason).or_default() += 1;
    }

    fn count(map: &BTreeMap<String, usize>) -> usize {
        map.values().sum()
    }

    pub(crate) fn text(&self, language: Language) -> String {
        let vi = language == Language::Vi;
        let mut out = String::new();
        let _ = writeln!(out, "{} {}", self.total, if vi { "tệp đã kiểm tra" } else { "files checked" });
        let _ = writeln!(out, "  {}: {}", Verdict::Valid.label(language), self.valid);
        for (label, map) in [
            (Verdict::Invalid.label(language), &self.invalid),
            (Verdict::Undetermined.label(language), &self.undetermined),
            (if vi { "KHÔNG ĐỌC ĐƯỢC" } else { "UNUSABLE" }, &self.unusable),
        ] {
            let _ = writeln!(out, "  {label}: {}", Self::count(map));
            for (reason, n) in map {
                let _ = writeln!(
                    out,
                    "    {}: {n}{}",
                    escape_controls(reason),
                    reason
                        .parse()
                        .ok()
                        .and_then(|code| code_label(code, language))
                        .map_or(String::new(), |l| format!(" ({l})"))
                );
            }
        }
        out
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "kind": "summary",
            "total": self.total,
            "valid": self.valid,
            "invalid": self.invalid,
            "undetermined": self.undetermined,
            "unusable": self.unusable,
        })
    }
}

/// A CSV field, quoted when it must be (RFC 4180). Control characters are escaped as in the
/// terminal (so no tab, carriage return or line feed is left to start or split a field), and a
/// field a spreadsheet would run as a formula gets a leading `'` and is quoted (OWASP's rule for
/// CSV injection): one whose first character after white space (which importers may trim) is `=`,
/// `+`, `-`, `@` or their fullwidth forms (which some spreadsheets take as the same).
fn csv_field(value: &str) -> String {
    let value = escape_controls(value);
    if value.trim_start().starts_with(['=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}']) {
        format!("\"'{}\"", value.replace('"', "\"\""))
    } else if value.contains([',', '"']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.into_owned()
    }
}

pub(crate) const CSV_HEADER: &str = "file,student_id,name,school,years,verdict,reason,signers";

pub(crate) fn csv_row(row: &Row) -> String {
    [
        row.file.clone(),
        row.record.as_ref().and_then(|r| r.student_id.clone()).unwrap_or_default(),
        row.record.as_ref().and_then(|r| r.student_name.clone()).unwrap_or_default(),
        row.schools(),
        row.year_names(),
        row.verdict.map_or("unusable".to_owned(), |v| {
            serde_json::to_value(v).map_or(String::new(), |j| j.as_str().unwrap_or("").to_owned())
        }),
        row.reason.as_ref().map_or(String::new(), |(code, text)| format!("{code}: {text}")),
        row.signers(),
    ]
    .iter()
    .map(|f| csv_field(f))
    .collect::<Vec<_>>()
    .join(",")
}

/// One line of the terminal table, whatever the file's name and the certificates say.
pub(crate) fn table_row(row: &Row, language: Language) -> String {
    let who = row.student().map_or(String::new(), |(name, id)| format!("{name} ({id})"));
    let reason = row.reason_text();
    let mut line = format!("{:<20} {}", row.verdict_label(language), row.file);
    if !who.is_empty() {
        let _ = write!(line, " — {who}");
    }
    if !reason.is_empty() {
        let _ = write!(line, " — {reason}");
    }
    escape_controls(&line).into_owned()
}

/// Text for the HTML report: characters that could reorder or hide what is shown (bidirectional
/// overrides, controls) escaped as in the terminal, then the HTML syntax.
fn escape(text: &str) -> String {
    escape_controls(text).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The whole batch as one self-contained HTML page (no external assets), for a clerk to open and
/// print.
pub(crate) fn html(
    rows: &[Row],
    summary: &Summary,
    students: &[StudentFindings],
    language: Language,
    generated: &str,
) -> String {
    let vi = language == Language::Vi;
    let t = |v: &'static str, e: &'static str| if vi { v } else { e };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:1.5rem;color:#1b1b1b}}
h1{{font-size:1.4rem}} table{{border-collapse:collapse;width:100%;font-size:.9rem}}
th,td{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}} th{{background:#f0f0f0}}
.valid{{color:#0a6b2d;font-weight:600}} .invalid{{color:#b00020;font-weight:600}} .undetermined{{color:#8a5a00;font-weight:600}}
.summary td:first-child{{font-weight:600}} @media print{{body{{margin:0}}}}
</style></head><body>
<h1>{title}</h1>
<p>{generated_label}: {generated}</p>
<h2>{summary_label}</h2>
<table class="summary" id="summary">
<tr><td>{total_label}</td><td>{total}</td></tr>
<tr><td class="valid">{valid_label}</td><td>{valid}</td></tr>
"#,
        lang = if vi { "vi" } else { "en" },
        title = t("Báo cáo kiểm tra học bạ số", "Digital transcript verification report"),
        generated_label = t("Thời điểm kiểm tra", "Checked at"),
        generated = escape(generated),
        summary_label = t("Tổng hợp", "Summary"),
        total_label = t("Số tệp", "Files"),
        total = summary.total,
        valid_label = Verdict::Valid.label(language),
        valid = summary.valid,
    );
    for (label, class, map) in [
        (Verdict::Invalid.label(language), "invalid", &summary.invalid),
        (Verdict::Undetermined.label(language), "undetermined", &summary.undetermined),
        (t("KHÔNG ĐỌC ĐƯỢC", "UNUSABLE"), "invalid", &summary.unusable),
    ] {
        let _ = writeln!(out, "<tr><td class=\"{class}\">{label}</td><td>{}</td></tr>", Summary::count(map));
        for (reason, n) in map {
            let label = reason
                .parse()
                .ok()
                .and_then(|code| code_label(code, language))
                .map_or(String::new(), |l| format!(" — {l}"));
            let _ = writeln!(out, "<tr><td>&nbsp;&nbsp;{}{}</td><td>{n}</td></tr>", escape(reason), escape(&label));
        }
    }
    let _ = write!(
        out,
        "</table>\n<h2>{}</h2>\n<table id=\"files\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        t("Từng tệp", "Files"),
        t("Tệp", "File"),
        t("Học sinh", "Student"),
        t("Trường", "School"),
        t("Năm học", "Years"),
        t("Kết quả", "Result"),
        t("Lý do", "Reason"),
        t("Người ký", "Signers"),
    );
    for row in rows {
        let class = match row.verdict {
            Some(Verdict::Valid) => "valid",
            Some(Verdict::Undetermined) => "undetermined",
            _ => "invalid",
        };
        let student = row.student().map_or(String::new(), |(name, id)| format!("{} ({})", escape(name), escape(id)));
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{student}</td><td>{}</td><td>{}</td><td class=\"{class}\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(&row.file),
            escape(&row.schools()),
            escape(&row.year_names()),
            row.verdict_label(language),
            escape(row.reason_text()),
            escape(&row.signers()),
        );
    }
    out.push_str("</table>\n");
    let with_problems: Vec<_> = students.iter().filter(|s| !s.problems.is_empty()).collect();
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<p>{}: {}; {}: {}</p>",
        t("Kiểm tra theo học sinh (chuyển trường)", "Checks per student (transfers)"),
        t("Số học sinh", "Students"),
        students.len(),
        t("có vấn đề", "with problems"),
        with_problems.len()
    );
    if !with_problems.is_empty() {
        out.push_str("<ul id=\"students\">\n");
        for student in with_problems {
            for problem in &student.problems {
                let (name, id, text) = (&student.name, &student.student_id, problem.text(language));
                let _ = writeln!(out, "<li>{} ({}): {}</li>", escape(name), escape(id), escape(text));
            }
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body></html>\n");
    out
}
