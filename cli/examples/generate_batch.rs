//! Generates a batch of signed transcripts for batch tests and benchmarks:
//! `generate_batch N OUT_DIR [PKI_DIR]`.
//!
//! Each student's grade-9 record (THCS) is signed by that school's homeroom teacher, then its
//! principal, with certificates issued here by the test PKI's CA (one pair per school, by the
//! `openssl` command). About 3 % of the students also transferred: their grade-8 record, from the
//! previous school, is a second file. Some files are spoiled on purpose, each kind about 2-3 %:
//! a changed score after signing (`digest-mismatch`), a signer whose certificate is revoked
//! (`revoked`), a truncated file (`xml`). `OUT_DIR/manifest.tsv` says what each file must give;
//! `OUT_DIR/pki/` holds the schools' certificates.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use hocba::crypto::{self, PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::KeySigner;
use hocba::time::UtcTime;
use hocba::transcript::{Role, SchoolYear, Transcript, sample, sign_as, to_xml};

const SCHOOLS: [(&str, &str, &str); 4] = [
    ("01002345", "Trường THCS Trưng Vương", "UBND phường Hoàn Kiếm"),
    ("79004567", "Trường THCS Nguyễn Du", "UBND phường Bến Thành"),
    ("31001234", "Trường THCS Lê Quý Đôn", "UBND phường Lê Chân"),
    ("48007654", "Trường THCS Phan Chu Trinh", "UBND phường Hải Châu"),
];
const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc"];
const GIVEN: [&str; 10] = ["An", "Bình", "Châu", "Dũng", "Giang", "Hương", "Khánh", "Linh", "Phúc", "Vy"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(count), Some(out)) = (args.get(1).and_then(|n| n.parse::<usize>().ok()), args.get(2)) else {
        eprintln!("usage: generate_batch N OUT_DIR [PKI_DIR]");
        std::process::exit(2);
    };
    let pki = PathBuf::from(args.get(3).cloned().unwrap_or_else(|| "test-vectors/pki".into()));
    let out = PathBuf::from(out);
    std::fs::create_dir_all(out.join("pki")).expect("output folder");

    let signers: Vec<(KeySigner, KeySigner, String, String)> =
        SCHOOLS.iter().enumerate().map(|(i, school)| school_signers(&pki, &out.join("pki"), i, school)).collect();
    let revoked = signer(
        &pki.join("revoked-key.pem"),
        &[pki.join("revoked-cert.pem"), pki.join("ca-cert.pem")],
        SignatureAlgorithm::RSA_SHA256,
    );
    let template = sample::secondary_with_transfer();
    let (grade8, grade9) = (&template.years[2], &template.years[3]);
    // Now: the schools' certificates are issued now.
    let time = UtcTime::from_system_time(std::time::SystemTime::now());

    let mut manifest = String::from("file\tverdict\treason\tstudent_id\n");
    for i in 0..count {
        let school = i % SCHOOLS.len();
        let id = format!("0012{:08}", i);
        let name = format!("{} {} {}", FAMILY[i % 8], MIDDLE[(i / 8) % 6], GIVEN[(i / 48) % 10]);
        let kind = match i % 100 {
            7 | 41 | 77 => "tampered",
            13 | 59 => "revoked",
            23 | 89 => "malformed",
            _ => "valid",
        };
        let year9 = record(grade9, &template, &id, &name, school, &signers);
        let (gvcn, principal) =
            if kind == "revoked" { (&revoked, &revoked) } else { (&signers[school].0, &signers[school].1) };
        let mut xml = signed(&year9, gvcn, principal, time);
        let (verdict, reason) = match kind {
            "tampered" => {
                let text = String::from_utf8(xml).expect("UTF-8");
                let start = text.find("<DTBmhk>").expect("a term average") + "<DTBmhk>".len();
                let end = start + text[start..].find('<').expect("closed");
                let changed = if &text[start..end] == "9.9" { "9.8" } else { "9.9" };
                xml = format!("{}{changed}{}", &text[..start], &text[end..]).into_bytes();
                ("invalid", "digest-mismatch")
            }
            "revoked" => ("invalid", "revoked"),
            "malformed" => {
                xml.truncate(xml.len() / 2);
                ("unusable", "xml")
            }
            _ => ("valid", "-"),
        };
        let file = format!("{}/hoc-ba-{i:06}.xml", SCHOOLS[school].0);
        write(&out.join(&file), &xml);
        let _ = writeln!(manifest, "{file}\t{verdict}\t{reason}\t{id}");
        // A transfer: the grade-8 record from the previous school, in its own file.
        if kind == "valid" && i % 100 == 31 {
            let previous = (school + 1) % SCHOOLS.len();
            let year8 = record(grade8, &template, &id, &name, previous, &signers);
            let xml = signed(&year8, &signers[previous].0, &signers[previous].1, time);
            let file = format!("{}/hoc-ba-{i:06}-lop8.xml", SCHOOLS[previous].0);
            write(&out.join(&file), &xml);
            let _ = writeln!(manifest, "{file}\tvalid\t-\t{id}");
        }
    }
    write(&out.join("manifest.tsv"), manifest.as_bytes());
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(path, bytes).expect("write");
}

/// A one-year transcript: `year` of the template, for this student at this school.
fn record(
    year: &SchoolYear,
    template: &Transcript,
    id: &str,
    name: &str,
    school: usize,
    signers: &[(KeySigner, KeySigner, String, String)],
) -> Transcript {
    let mut year = year.clone();
    year.student.ma_dinh_danh = id.to_owned();
    year.student.ma_hoc_sinh = format!("HS{id}");
    year.student.ho_va_ten = name.to_owned();
    year.truong.ma_truong = SCHOOLS[school].0.to_owned();
    year.truong.ten_truong = SCHOOLS[school].1.to_owned();
    year.giao_vien_chu_nhiem = signers[school].2.clone();
    year.hieu_truong = signers[school].3.clone();
    if let Some(transfer) = &mut year.chuyen_den {
        let previous = (school + 1) % SCHOOLS.len();
        transfer.truong_cu.ma_truong = SCHOOLS[previous].0.to_owned();
        transfer.truong_cu.ten_truong = SCHOOLS[previous].1.to_owned();
    }
    let mut transcript = template.clone();
    transcript.envelope.id_ban_ghi = format!("HB-{id}-{}", year.ma_khoi);
    transcript.header.ma_dinh_danh_hoc_ba = format!("HB-THCS-{id}");
    transcript.years = vec![year];
    transcript
}

fn signed(transcript: &Transcript, gvcn: &KeySigner, principal: &KeySigner, time: UtcTime) -> Vec<u8> {
    let year = &transcript.years[0].id;
    let xml = to_xml(transcript).expect("writes");
    let xml = sign_as(&xml, year, Role::Gvcn, gvcn, time).unwrap_or_else(|e| panic!("GVCN signs: {e}"));
    sign_as(&xml, year, Role::HieuTruong, principal, time).unwrap_or_else(|e| panic!("principal signs: {e}"))
}

fn signer(key: &Path, certificates: &[PathBuf], algorithm: SignatureAlgorithm) -> KeySigner {
    let key = PrivateKey::from_pem_or_der(&std::fs::read(key).expect("key")).expect("key reads");
    let mut chain = Vec::new();
    for file in certificates {
        chain.extend(
            certificates_from_pem_or_der(&std::fs::read(file).expect("certificate")).expect("certificate reads"),
        );
    }
    KeySigner::new(key, chain, algorithm, crypto::default_provider()).expect("signer")
}

/// The school's homeroom teacher and principal: keys and certificates issued by the test CA.
fn school_signers(
    pki: &Path,
    out: &Path,
    index: usize,
    (_, school, authority): &(&str, &str, &str),
) -> (KeySigner, KeySigner, String, String) {
    let people = [
        ("gvcn", "Giáo viên chủ nhiệm", format!("{} Thị {}", FAMILY[index], GIVEN[index])),
        ("ht", "Hiệu trưởng", format!("{} Văn {}", FAMILY[index + 4], GIVEN[index + 5])),
    ];
    let mut made = Vec::new();
    for (role, title, name) in &people {
        let base = out.join(format!("school{index}-{role}"));
        let (key, cert) = (base.with_extension("key.pem"), base.with_extension("cert.pem"));
        if !cert.exists() {
            let extensions = out.join("leaf.ext");
            std::fs::write(
                &extensions,
                "keyUsage=critical,digitalSignature,nonRepudiation\ncertificatePolicies=2.16.704.1.1.1.1.1\n\
                 crlDistributionPoints=URI:http://127.0.0.1:18080/ca.crl\n\
                 authorityInfoAccess=OCSP;URI:http://127.0.0.1:18081,caIssuers;URI:http://127.0.0.1:18080/ca.cer\n\
                 subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
            )
            .expect("extensions");
            run(Command::new("openssl")
                .args(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out"])
                .arg(&key));
            let csr = base.with_extension("csr");
            run(Command::new("openssl")
                .args(["req", "-new", "-utf8", "-key"])
                .arg(&key)
                .args(["-subj", &format!("/C=VN/O={authority}/OU={school}/title={title}/CN={name}"), "-out"])
                .arg(&csr));
            run(Command::new("openssl")
                .args(["x509", "-req", "-in"])
                .arg(&csr)
                .arg("-CA")
                .arg(pki.join("ca-cert.pem"))
                .arg("-CAkey")
                .arg(pki.join("ca-key.pem"))
                .args([
                    "-set_serial",
                    &format!("{}", 0x5000 + index * 2 + usize::from(*role == "ht")),
                    "-days",
                    "3650",
                    "-sha256",
                    "-extfile",
                ])
                .arg(&extensions)
                .arg("-out")
                .arg(&cert));
        }
        made.push(signer(&key, &[cert, pki.join("ca-cert.pem")], SignatureAlgorithm::RSA_SHA256));
    }
    let principal = made.pop().expect("two");
    let gvcn = made.pop().expect("two");
    (gvcn, principal, people[0].2.clone(), people[1].2.clone())
}

fn run(command: &mut Command) {
    let output = command.output().expect("openssl runs");
    assert!(output.status.success(), "{command:?}: {}", String::from_utf8_lossy(&output.stderr));
}
