//! Writes an approval list (unsigned working copy) for the batch benchmark: the schools of
//! `generate_batch` with their homeroom teachers' and principals' certificates, and as many other
//! schools as asked, each with several approved certificates, so that lookups run against a
//! province-sized list. Sign it with `hocba approvals sign`.
//!
//! usage: generate_approvals SCHOOLS BATCH_DIR TEST_PKI_DIR OUT.xml

use std::path::Path;

use hocba::approvals::{ApprovalList, ApprovalRole, Authority, SchoolKind, list_to_xml};
use hocba::crypto::certificates_from_pem_or_der;
use hocba::time::UtcTime;

const BATCH_SCHOOLS: [(&str, &str); 4] = [
    ("01002345", "Trường THCS Trưng Vương"),
    ("79004567", "Trường THCS Nguyễn Du"),
    ("31001234", "Trường THCS Lê Quý Đôn"),
    ("48007654", "Trường THCS Phan Chu Trinh"),
];

fn certificate(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    certificates_from_pem_or_der(&bytes).expect("certificate").remove(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, schools, batch, pki, out] = args.as_slice() else {
        panic!("usage: generate_approvals SCHOOLS BATCH_DIR TEST_PKI_DIR OUT.xml");
    };
    let schools: usize = schools.parse().expect("a number of schools");
    let (batch, pki) = (Path::new(batch), Path::new(pki));
    let from = UtcTime::parse("2020-01-01T00:00:00Z").expect("time");
    let authority =
        Authority { code: "SGDDT-BENCH".into(), name: "Sở Giáo dục và Đào tạo (thử nghiệm)".into() };
    let issued = UtcTime::from_system_time(std::time::SystemTime::now());
    let mut list =
        ApprovalList::new(authority, issued, UtcTime::from_unix_seconds(issued.unix_seconds() + 86_400 * 365));
    list.sequence = 0;
    for (index, (code, name)) in BATCH_SCHOOLS.iter().enumerate() {
        list.set_school(code, name, SchoolKind::Public, false).expect("school");
        let gvcn = certificate(&batch.join(format!("pki/school{index}-gvcn.cert.pem")));
        let principal = certificate(&batch.join(format!("pki/school{index}-ht.cert.pem")));
        list.approve(code, &gvcn, &[ApprovalRole::HomeroomTeacher], from, None).expect("approve");
        list.approve(code, &principal, &[ApprovalRole::Principal], from, None).expect("approve");
    }
    // Other schools, each with several certificates (any will do: lookups are by digest).
    let others: Vec<Vec<u8>> = ["gvcn", "hieutruong", "revoked", "expired", "ltv", "nokeyusage"]
        .iter()
        .map(|name| certificate(&pki.join(format!("{name}-cert.pem"))))
        .collect();
    for i in BATCH_SCHOOLS.len()..schools {
        let code = format!("{:08}", 90_000_000 + i);
        list.set_school(&code, &format!("Trường THCS số {i}"), SchoolKind::Public, i % 3 == 0).expect("school");
        for der in &others {
            list.approve(&code, der, &[ApprovalRole::HomeroomTeacher, ApprovalRole::SubjectTeacher], from, None)
                .expect("approve");
        }
    }
    std::fs::write(out, list_to_xml(&list).expect("writes")).expect("write");
}
