//! Records checked together: what a batch keeps of each verified transcript, and the checks that
//! need several of them (one student's records across schools after transfers).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::DocumentVerification;
use crate::report::wording::records as wording;
use crate::report::{Finding, Verdict};

/// What a batch keeps of one verified document: small enough to keep for every file of a large
/// batch (the document is not kept). Built by [`DocumentVerification::record`]; the student and
/// years are read from the signed content, and only when the transcript profile held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The verdict of the document's verification.
    pub verdict: Verdict,
    /// The student's identifier (`MaDinhDanh`) as the latest year records it.
    pub student_id: Option<String>,
    /// The student's full name (`HoVaTen`) as the latest year records it.
    pub student_name: Option<String>,
    /// Each school year, oldest first.
    pub years: Vec<RecordYear>,
    /// The signers' names (the certificates' common names), each once, in signature order.
    pub signers: Vec<String>,
}

/// A school year of a record, with who signed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordYear {
    /// The year the school year starts in (2024 for 2024-2025).
    pub start: u16,
    /// The school year as written, `2024-2025`.
    pub name: String,
    /// The school's name (`TenTruong`) that year.
    pub school: String,
    /// The organizations (O and OU of the certificates) of the people who signed that year, each
    /// once.
    pub signer_units: Vec<String>,
}

impl Record {
    pub(super) fn of(verification: &DocumentVerification) -> Record {
        let report = verification.report();
        let mut signers: Vec<String> = Vec::new();
        for name in report.signatures().iter().filter_map(|s| s.signer()).filter_map(|s| s.name.as_ref()) {
            if !signers.contains(name) {
                signers.push(name.clone());
            }
        }
        let mut record =
            Record { verdict: report.verdict(), student_id: None, student_name: None, years: Vec::new(), signers };
        let Some(transcript) = verification.transcript().and_then(|t| t.signed_transcript()) else {
            return record;
        };
        for verified in transcript.years() {
            let year = verified.year();
            let reference = format!("#{}", year.id);
            let mut units: Vec<String> = Vec::new();
            let signers = report
                .signatures()
                .iter()
                .filter(|s| s.covers().first() == Some(&reference))
                .filter_map(|s| s.signer());
            for unit in signers.flat_map(|s| [&s.organizational_unit, &s.organization]).flatten() {
                if !units.contains(unit) {
                    units.push(unit.clone());
                }
            }
            record.years.push(RecordYear {
                start: year.nam_hoc.start(),
                name: year.nam_hoc.to_string(),
                school: year.truong.ten_truong.clone(),
                signer_units: units,
            });
            record.student_id = Some(year.student.ma_dinh_danh.clone());
            record.student_name = Some(year.student.ho_va_ten.clone());
        }
        record
    }
}

/// Records checked together: add each verified document's [`Record`] under a label (its file
/// name), then [`RecordSet::check`]. Only valid records take part: an invalid one already says
/// what is wrong with it.
#[derive(Clone, Debug, Default)]
pub struct RecordSet {
    records: Vec<(String, Record)>,
}

/// The problems found across one student's records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StudentFindings {
    /// The student's identifier.
    pub student_id: String,
    /// The student's name in the first of their records.
    pub name: String,
    /// What does not agree, each with a code and its wording in both languages.
    pub problems: Vec<Finding>,
}

impl RecordSet {
    /// An empty set.
    pub fn new() -> Self {
        RecordSet::default()
    }

    /// Adds `record` under `label` (the file name it came from, shown in the findings).
    pub fn add(&mut self, label: impl Into<String>, record: Record) {
        self.records.push((label.into(), record));
    }

    /// How many records were added.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether no record was added.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The problems across the valid records of each student (transfers between schools): the
    /// same name in every record (`student-name-differs`), school years without overlap
    /// (`school-year-repeated`) or gap (`school-year-missing`), each year signed by people of that
    /// year's school (`year-signed-by-other-school`: no signer's organization, or no
    /// comma-separated part of it, is the school's name, letter case and spacing aside). Students are in identifier order; a student
    /// with no problem is listed with none.
    pub fn check(&self) -> Vec<StudentFindings> {
        let mut by_student: BTreeMap<&str, Vec<(&str, &Record)>> = BTreeMap::new();
        for (label, record) in self.records.iter().filter(|(_, r)| r.verdict == Verdict::Valid) {
            if let Some(id) = &record.student_id {
                by_student.entry(id).or_default().push((label, record));
            }
        }
        by_student.into_iter().map(|(id, records)| student_findings(id, &records)).collect()
    }
}

fn student_findings(id: &str, records: &[(&str, &Record)]) -> StudentFindings {
    let mut problems = Vec::new();
    let name = records[0].1.student_name.clone().unwrap_or_default();
    for (file, record) in records {
        if let Some(other) = record.student_name.as_ref().filter(|n| n.to_lowercase() != name.to_lowercase()) {
            problems.push(wording::student_name_differs(&name, other, file));
        }
    }
    let mut years: Vec<(&RecordYear, &str)> =
        records.iter().flat_map(|(file, r)| r.years.iter().map(move |y| (y, *file))).collect();
    years.sort_by_key(|(y, _)| y.start);
    for pair in years.windows(2) {
        let ((a, file_a), (b, file_b)) = (pair[0], pair[1]);
        if a.start == b.start {
            problems.push(wording::school_year_repeated(&a.name, file_a, file_b));
        } else if b.start != a.start + 1 {
            problems.push(wording::school_year_missing(&a.name, &b.name));
        }
    }
    for (year, file) in &years {
        // A unit names the school when it is the school's name, or one of its comma-separated
        // parts is ("UBND phường X, Trường THCS Nguyễn Du"): a part of the name ("Trường THCS"),
        // a longer name ("Trường THCS Nguyễn Duy Hiệu") or an empty unit does not. A year whose
        // signers name no unit is not shown to be by its school either.
        if !names_school(year.signer_units.iter().map(String::as_str), &year.school) {
            let units = year.signer_units.join("; ");
            problems.push(wording::year_signed_by_other_school(&year.name, &year.school, &units, file));
        }
    }
    StudentFindings { student_id: id.to_owned(), name, problems }
}

/// Whether one of `units` (a certificate's organization, unit, or a seal's name) names `school`:
/// the unit is the school's name, or one of its comma- or semicolon-separated parts is ("UBND
/// phường X, Trường THCS Nguyễn Du"), letter case and spacing aside. A part of the name ("Trường
/// THCS"), a longer name ("Trường THCS Nguyễn Duy Hiệu") or an empty unit does not.
pub(crate) fn names_school<'a>(units: impl IntoIterator<Item = &'a str>, school: &str) -> bool {
    let school = normalized(school);
    !school.is_empty() && units.into_iter().any(|unit| unit.split([',', ';']).any(|part| normalized(part) == school))
}

/// `name` in lower case with its white space collapsed, for comparing names as people write them.
fn normalized(name: &str) -> String {
    name.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}
