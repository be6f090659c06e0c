//! One student's records checked together (`RecordSet`): names, school years and schools that do
//! not agree between the files.

use super::super::Finding;
use crate::Code;

/// The student's name in `file` (`other`) differs from the first record's (`name`).
pub(crate) fn student_name_differs(name: &str, other: &str, file: &str) -> Finding {
    Finding::new(
        Code::StudentNameDiffers,
        format!("Tên học sinh khác nhau giữa các hồ sơ: {name} / {other} ({file})"),
        format!("The student's name differs between records: {name} / {other} ({file})"),
    )
}

/// The school year `year` in two records.
pub(crate) fn school_year_repeated(year: &str, file_a: &str, file_b: &str) -> Finding {
    Finding::new(
        Code::SchoolYearRepeated,
        format!("Năm học {year} có trong hai hồ sơ ({file_a}, {file_b})"),
        format!("School year {year} appears in two records ({file_a}, {file_b})"),
    )
}

/// A school year missing between `before` and `after`.
pub(crate) fn school_year_missing(before: &str, after: &str) -> Finding {
    Finding::new(
        Code::SchoolYearMissing,
        format!("Thiếu năm học giữa {before} và {after}"),
        format!("A school year is missing between {before} and {after}"),
    )
}

/// The school year `year` of `school` signed by people of other units (`units`, as their
/// certificates name them).
pub(crate) fn year_signed_by_other_school(year: &str, school: &str, units: &str, file: &str) -> Finding {
    let (units_vi, units_en) =
        if units.is_empty() { ("không ghi đơn vị", "no unit named") } else { (units, units) };
    Finding::new(
        Code::YearSignedByOtherSchool,
        format!("Năm học {year} ({units_vi}) không do người của {school} ký ({file})"),
        format!("School year {year} is not signed by people of {school} ({units_en}; {file})"),
    )
}
