//! Attacks on archive time-stamps (`schemas/PROFILE.md` section 3): stamps moved, reordered,
//! duplicated, nested or taken from another document; a signature added after a stamp; stamps
//! over revoked or expired signers; an authority whose key is compromised, whatever the last
//! stamp's uncovered validation data says; a stamp signed by a document signer; documents with
//! archive stamps and nothing else; and the work a hostile archive may cost. Time-stamps come from
//! the test PKI's live TSA (started here unless another process already runs it; stopped only if
//! started here). The work-budget cases need no server.

mod common;

use std::process::Command;
use std::sync::Arc;

use common::approvals::{codes, key, kim_dong_transcript, pki, time, trust};
use common::archive::{LATER, SERVERS, TSA, TSA_2032, archive, crls, signed, verify_at, verify_with};
use hocba::Code;
use hocba::c14n::{self, Algorithm, Subset};
use hocba::pki::{Crl, RevocationChecker, RevocationData, SigningOptions};
use hocba::report::{Language, Verdict, VerificationReport};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::transcript::{Role, to_xml};
use hocba::verifier::{OtherDocuments, Verifier, VerifierConfig};
use hocba::xml::Document;

const HP: &str = "urn:hocba:xmldsig-properties:1.0";
/// The first year of the transcript signed by `roles` (role, key) with the claimed time `claim`,
/// without any check of the signers (a forger holding the keys), no time-stamp, nothing embedded.
fn forged(roles: &[(Role, &str)], claim: &str) -> Vec<u8> {
    let signer = TranscriptSigner::new(SignerConfig {
        trust: trust(claim),
        check_signer: false,
        signing: SigningOptions { tsa_url: None, embed_validation_data: false },
        signing_time: Some(time(claim)),
        ..SignerConfig::default()
    });
    let mut transcript = kim_dong_transcript();
    transcript.years.truncate(1);
    let mut xml = to_xml(&transcript).unwrap();
    for (role, name) in roles {
        xml = signer.sign_year(&xml, &transcript.years[0].id, *role, &key(name)).unwrap();
    }
    xml
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hocba-archive-attacks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn openssl(args: &[&str]) {
    let output = Command::new("openssl").current_dir(common::test_pki::pki_dir()).args(args).output().unwrap();
    assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

fn b64(bytes: &[u8]) -> String {
    use base64ct::{Base64, Encoding};
    Base64::encode_string(bytes)
}

/// An RFC 3161 token from the TSA at `url` over `bytes` (SHA-256, the TSA's certificate included).
fn token_over(bytes: &[u8], url: &str) -> Vec<u8> {
    let data = scratch("covered.bin");
    let (query, response, token) = (scratch("q.tsq"), scratch("r.tsr"), scratch("t.der"));
    std::fs::write(&data, bytes).unwrap();
    let path = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    openssl(&["ts", "-query", "-data", &path(&data), "-sha256", "-cert", "-no_nonce", "-out", &path(&query)]);
    let status = Command::new("curl")
        .args(["-sf", "-x", &common::pki_servers::proxy(), "-H", "Content-Type: application/timestamp-query"])
        .arg("--data-binary")
        .arg(format!("@{}", path(&query)))
        .args(["-o", &path(&response), url])
        .status()
        .unwrap();
    assert!(status.success(), "the TSA at {url} answered");
    openssl(&["ts", "-reply", "-in", &path(&response), "-token_out", "-out", &path(&token)]);
    std::fs::read(token).unwrap()
}

/// `xml` with an archive time-stamp added by hand, whatever the document verifies as: a new
/// `ArchiveTimeStamp` (its token from `tsa`, over exactly what PROFILE.md says it covers), then
/// `after_token` (the uncovered `TimeStampValidationData`, or nothing).
fn stamp_by_hand(xml: &[u8], tsa: &str, after_token: &str) -> Vec<u8> {
    let text = String::from_utf8(xml.to_vec()).unwrap();
    let stamp = format!(
        "<hp:ArchiveTimeStamp xmlns:hp=\"{HP}\"><hp:EncapsulatedTimeStamp></hp:EncapsulatedTimeStamp></hp:ArchiveTimeStamp>"
    );
    let draft = match text.rfind("</hp:ArchiveTimeStamps>") {
        Some(at) => format!("{}{stamp}{}", &text[..at], &text[at..]),
        None => {
            let at = text.rfind("</").unwrap();
            format!(
                "{}<hp:ArchiveTimeStamps xmlns:hp=\"{HP}\">{stamp}</hp:ArchiveTimeStamps>{}",
                &text[..at],
                &text[at..]
            )
        }
    };
    let doc = Document::parse(draft.as_bytes()).unwrap();
    let token_element = doc.descendants().filter(|n| n.has_name(Some(HP), "EncapsulatedTimeStamp")).last().unwrap();
    let subset = Subset::document(&doc).excluding(token_element).unwrap();
    let covered = c14n::canonicalize_to_vec(&doc, &subset, &Algorithm::C14n10.into()).unwrap();
    let token = token_over(&covered, tsa);
    let empty = "<hp:EncapsulatedTimeStamp></hp:EncapsulatedTimeStamp>";
    let at = draft.rfind(empty).unwrap();
    format!(
        "{}<hp:EncapsulatedTimeStamp>{}</hp:EncapsulatedTimeStamp>{after_token}{}",
        &draft[..at],
        b64(&token),
        &draft[at + empty.len()..]
    )
    .into_bytes()
}

fn assert_verdict(report: &VerificationReport, verdict: Verdict) {
    assert_eq!(report.verdict(), verdict, "{}", report.message(Language::En));
}

fn assert_invalid_with(report: &VerificationReport, code: Code, what: &str) {
    assert_eq!(report.verdict(), Verdict::Invalid, "{what}: {}", report.message(Language::En));
    assert!(codes(report).contains(&code), "{what}: {code:?} not in {:?}", codes(report));
}

/// The `ArchiveTimeStamp` elements of `text`, as written.
fn stamps(text: &str) -> Vec<String> {
    let start = text.find("<hp:ArchiveTimeStamps").unwrap();
    let inner = start + text[start..].find('>').unwrap() + 1;
    let end = text.find("</hp:ArchiveTimeStamps>").unwrap();
    text[inner..end].split_inclusive("</hp:ArchiveTimeStamp>").map(str::to_owned).collect()
}

/// `text` with its container's content replaced by `content`.
fn with_stamps(text: &str, content: &str) -> String {
    let start = text.find("<hp:ArchiveTimeStamps").unwrap();
    let inner = start + text[start..].find('>').unwrap() + 1;
    let end = text.find("</hp:ArchiveTimeStamps>").unwrap();
    format!("{}{content}{}", &text[..inner], &text[end..])
}

/// The whole `ArchiveTimeStamps` element of `text`, and `text` without it.
fn container(text: &str) -> (String, String) {
    let start = text.find("<hp:ArchiveTimeStamps").unwrap();
    let end = text.find("</hp:ArchiveTimeStamps>").unwrap() + "</hp:ArchiveTimeStamps>".len();
    (text[start..end].to_owned(), format!("{}{}", &text[..start], &text[end..]))
}

#[test]
fn stamps_reordered_duplicated_moved_nested_or_transplanted_are_refused() {
    let _one = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(_servers) = common::pki_servers::PkiServers::start() else { return };
    let text = String::from_utf8(archive(&archive(&signed(TSA_2032), TSA_2032), TSA)).unwrap();
    let good = verify_at(text.as_bytes(), "2040-01-01T00:00:00Z");
    assert_verdict(&good, Verdict::Valid);
    let [first, second] = &stamps(&text)[..] else { panic!("two stamps") };
    let check = |changed: String, code: Code, what: &str| {
        assert!(changed != text, "{what}: the change did not apply");
        for at in [LATER, "2040-01-01T00:00:00Z"] {
            assert_invalid_with(&verify_at(changed.as_bytes(), at), code, what);
        }
    };
    check(with_stamps(&text, &format!("{second}{first}")), Code::ArchiveAltered, "reordered");
    check(with_stamps(&text, &format!("{first}{second}{second}")), Code::ArchiveAltered, "the last twice");
    check(with_stamps(&text, &format!("{first}{first}{second}")), Code::ArchiveAltered, "the first twice");
    check(with_stamps(&text, second), Code::ArchiveAltered, "the first taken out");
    // Only the last one, on its own, is not what the first covers: still its own bytes.
    check(
        with_stamps(&text, &format!("{first}<hp:ArchiveTimeStamps xmlns:hp=\"{HP}\">{second}</hp:ArchiveTimeStamps>")),
        Code::ArchiveMalformed,
        "a container nested in the container",
    );
    let (block, without) = container(&text);
    check(
        with_stamps(&text, first).replacen(
            "</hp:ArchiveTimeStamps>",
            &format!("</hp:ArchiveTimeStamps><hp:ArchiveTimeStamps xmlns:hp=\"{HP}\">{second}</hp:ArchiveTimeStamps>"),
            1,
        ),
        Code::ArchiveMalformed,
        "two containers",
    );
    // The container moved into the last year, into the signatures' places, or wrapped in another
    // element last in the root: not where the reader skips it, the transcript is not one.
    let last_year = without.rfind("</QuaTrinhHocTap>").unwrap();
    check(format!("{}{block}{}", &without[..last_year], &without[last_year..]), Code::TranscriptProfile, "in a year");
    let root_end = without.rfind("</").unwrap();
    check(
        format!("{}<hp:Wrapper xmlns:hp=\"{HP}\">{block}</hp:Wrapper>{}", &without[..root_end], &without[root_end..]),
        Code::TranscriptProfile,
        "wrapped",
    );
    // Another prefix, another namespace, xml:base or an attribute on the container: covered.
    check(
        text.replace("hp:ArchiveTimeStamps xmlns:hp=", "a:ArchiveTimeStamps xmlns:a=")
            .replace("</hp:ArchiveTimeStamps>", "</a:ArchiveTimeStamps>"),
        Code::ArchiveAltered,
        "another prefix",
    );
    check(
        text.replacen(
            &format!("<hp:ArchiveTimeStamps xmlns:hp=\"{HP}\""),
            "<hp:ArchiveTimeStamps xmlns:hp=\"urn:other\"",
            1,
        ),
        Code::TranscriptProfile,
        "another namespace",
    );
    check(
        text.replacen("<hp:ArchiveTimeStamps ", "<hp:ArchiveTimeStamps xml:base=\"http://example.com/\" ", 1),
        Code::ArchiveAltered,
        "xml:base",
    );
    // Content after the token, a second token, text or a comment in a stamp.
    check(
        text.replacen("</hp:EncapsulatedTimeStamp>", "</hp:EncapsulatedTimeStamp><hp:CertificateValues/>", 1),
        Code::ArchiveMalformed,
        "values after the token",
    );
    let last_close = text.rfind("</hp:ArchiveTimeStamp>").unwrap();
    check(
        format!(
            "{}<hp:EncapsulatedTimeStamp>AAAA</hp:EncapsulatedTimeStamp>{}",
            &text[..last_close],
            &text[last_close..]
        ),
        Code::ArchiveMalformed,
        "a second token",
    );
    check(
        format!(
            "{}<hp:TimeStampValidationData/><hp:TimeStampValidationData/>{}",
            &text[..last_close],
            &text[last_close..]
        ),
        Code::ArchiveMalformed,
        "two validation data",
    );
    check(
        format!("{}<!-- x -->{}", &text[..last_close], &text[last_close..]),
        Code::ArchiveMalformed,
        "a comment in the last stamp",
    );
    check(
        format!("{}<?pi x?>{}", &text[..last_close], &text[last_close..]),
        Code::ArchiveMalformed,
        "a PI in the last stamp",
    );
    check(
        format!(
            "{}<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>{}",
            &text[..last_close],
            &text[last_close..]
        ),
        Code::MalformedSignature,
        "a signature in the last stamp",
    );
    check(
        text.replacen("<hp:TimeStampValidationData>", "<hp:TimeStampValidationData><hp:Other/>", 1),
        Code::ArchiveMalformed,
        "other data in the validation data",
    );
    // The whole archive of another document, or its last stamp, transplanted.
    let other = String::from_utf8(archive(&signed(TSA_2032), TSA)).unwrap();
    let (other_block, _) = container(&other);
    check(
        format!("{}{other_block}{}", &without[..root_end], &without[root_end..]),
        Code::ArchiveAltered,
        "another document's archive",
    );
    check(
        with_stamps(&text, &format!("{first}{}", stamps(&other)[0])),
        Code::ArchiveAltered,
        "another document's stamp",
    );
    // A DOCTYPE is never read.
    assert!(Verifier::default().verify(format!("<!DOCTYPE HocBa [<!ENTITY a \"b\">]>{text}").as_bytes()).is_err());
}

#[test]
fn a_signature_added_after_an_archive_stamp_is_not_covered_by_it() {
    let _one = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(_servers) = common::pki_servers::PkiServers::start() else { return };
    // The GVCN signed, then an archive stamp, then the principal: the stamp proves nothing about
    // the principal's signature, and the document changed after it.
    let claim = "2026-06-01T00:00:00Z";
    let gvcn_only = forged(&[(Role::Gvcn, "gvcn")], claim);
    let stamped = stamp_by_hand(&gvcn_only, TSA, "");
    let transcript = kim_dong_transcript();
    let signer = TranscriptSigner::new(SignerConfig {
        trust: trust(claim),
        check_signer: false,
        signing: SigningOptions { tsa_url: None, embed_validation_data: false },
        signing_time: Some(time(claim)),
        ..SignerConfig::default()
    });
    let both = signer.sign_year(&stamped, &transcript.years[0].id, Role::HieuTruong, &key("hieutruong")).unwrap();
    assert_invalid_with(&verify_at(&both, LATER), Code::ArchiveAltered, "a signature after the stamp");
    // Its SigningTime claimed before the stamp changes nothing.
    let early = TranscriptSigner::new(SignerConfig {
        signing_time: Some(time("2026-05-01T00:00:00Z")),
        ..SignerConfig {
            trust: trust(claim),
            check_signer: false,
            signing: SigningOptions { tsa_url: None, embed_validation_data: false },
            ..SignerConfig::default()
        }
    });
    let both = early.sign_year(&stamped, &transcript.years[0].id, Role::HieuTruong, &key("hieutruong")).unwrap();
    assert_invalid_with(&verify_at(&both, LATER), Code::ArchiveAltered, "claimed earlier");

    // Archive stamps over a transcript without signatures, or over another document without
    // any: stamps are no signatures, and unsigned content does not change the kind of check.
    let unsigned = stamp_by_hand(&to_xml(&kim_dong_transcript()).unwrap(), TSA, "");
    let report = verify_at(&unsigned, LATER);
    assert_verdict(&report, Verdict::Invalid);
    let other = stamp_by_hand(b"<a:Doc xmlns:a=\"urn:a\"><a:Data>x</a:Data></a:Doc>", TSA, "");
    let verifier = |others| {
        Verifier::new(VerifierConfig {
            trust: trust(LATER),
            revocation: Arc::new(RevocationChecker::offline(RevocationData { crls: crls(), ..Default::default() })),
            other_documents: others,
            ..VerifierConfig::default()
        })
    };
    for others in [OtherDocuments::Refuse, OtherDocuments::Verify] {
        let verification = verifier(others).verify(&other).unwrap();
        assert_eq!(verification.kind(), hocba::verifier::DocumentKind::Other);
        assert_verdict(verification.report(), Verdict::Invalid);
    }
    // A transcript element in the stamp's uncovered part makes the document a transcript: never
    // less checked, and refused.
    let text = String::from_utf8(other.clone()).unwrap();
    let close = text.rfind("</hp:ArchiveTimeStamp>").unwrap();
    let with = format!(
        "{}<hp:TimeStampValidationData><h:HocBa xmlns:h=\"urn:hocba:hocbaso:1.0\"/></hp:TimeStampValidationData>{}",
        &text[..close],
        &text[close..]
    );
    let verification = verifier(OtherDocuments::Verify).verify(with.as_bytes()).unwrap();
    assert_verdict(verification.report(), Verdict::Invalid);
}

#[test]
fn archive_stamps_do_not_rescue_revoked_or_expired_signers() {
    let _one = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(_servers) = common::pki_servers::PkiServers::start() else { return };
    // The revoked key (compromised 2025-06-01) signs now, claiming a time before the revocation,
    // and a genuine archive stamp is added now: it proves the signature existed now, after the
    // compromise.
    let revoked = forged(&[(Role::Gvcn, "revoked"), (Role::HieuTruong, "hieutruong")], "2025-05-01T00:00:00Z");
    assert_verdict(&verify_at(&revoked, LATER), Verdict::Invalid);
    let stamped = stamp_by_hand(&revoked, TSA, "");
    assert_invalid_with(&verify_at(&stamped, LATER), Code::Revoked, "revoked, archived after");
    // The last stamp's validation data is covered by nothing: a "good" answer for the revoked
    // certificate put there is no evidence against the CRL.
    if let Some(good) = common::test_pki::ocsp_good_for("revoked") {
        let data = format!(
            "<hp:TimeStampValidationData><hp:RevocationValues><hp:EncapsulatedOCSPValue>{}</hp:EncapsulatedOCSPValue></hp:RevocationValues></hp:TimeStampValidationData>",
            b64(good.der())
        );
        let stamped = stamp_by_hand(&revoked, TSA, &data);
        for at in [LATER, "2040-01-01T00:00:00Z"] {
            assert_invalid_with(&verify_at(&stamped, at), Code::Revoked, "a good OCSP after the token");
        }
    }
    // The expired key (2020-2021) signs now, claiming 2021: undetermined without proof; with an
    // archive stamp proving the signature existed now, after the expiry, invalid.
    let expired = forged(&[(Role::Gvcn, "expired"), (Role::HieuTruong, "hieutruong")], "2021-06-01T00:00:00Z");
    let before = verify_at(&expired, LATER);
    assert_ne!(before.verdict(), Verdict::Valid, "{}", before.message(Language::En));
    let stamped = stamp_by_hand(&expired, TSA, "");
    let report = verify_at(&stamped, LATER);
    assert_verdict(&report, Verdict::Invalid);
    // Two archive stamps renewing each other do not move the proof earlier than the first.
    let twice = stamp_by_hand(&stamped, TSA, "");
    assert_verdict(&verify_at(&twice, "2040-01-01T00:00:00Z"), Verdict::Invalid);
}

#[test]
fn a_compromised_authority_proves_nothing_whatever_the_last_stamp_embeds() {
    let _one = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(_servers) = common::pki_servers::PkiServers::start() else { return };
    let Some(revoking_tsa) = common::test_pki::crl_revoking("tsa", "250101000000Z", "keyCompromise", &chrono_now_utc())
    else {
        return;
    };
    let archived = String::from_utf8(archive(&signed(TSA_2032), TSA)).unwrap();
    let at = "2040-01-01T00:00:00Z";
    assert_verdict(&verify_at(archived.as_bytes(), at), Verdict::Valid);
    let root = Crl::all_from_pem_or_der(&pki("root.crl")).unwrap();
    let crls = [vec![revoking_tsa], root].concat();
    // The verifier knows of the compromise: the archive stamp proves nothing, nothing else
    // proves the signatures' time in 2040.
    let report = verify_with(archived.as_bytes(), at, crls.clone());
    assert_ne!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
    assert!(report.archive_time_stamps().iter().all(|s| !s.proves));
    // The uncovered validation data of the last stamp replaced by a "good" answer for the TSA.
    let Some(good) = common::test_pki::ocsp_good_for("tsa") else { return };
    let start = archived.rfind("<hp:TimeStampValidationData>").expect("the TSA's status after its token");
    let end = archived.rfind("</hp:TimeStampValidationData>").unwrap() + "</hp:TimeStampValidationData>".len();
    let replaced = format!(
        "{}<hp:TimeStampValidationData><hp:RevocationValues><hp:EncapsulatedOCSPValue>{}</hp:EncapsulatedOCSPValue></hp:RevocationValues></hp:TimeStampValidationData>{}",
        &archived[..start],
        b64(good.der()),
        &archived[end..]
    );
    let report = verify_with(replaced.as_bytes(), at, crls.clone());
    assert_ne!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
    assert!(report.archive_time_stamps().iter().all(|s| !s.proves));
    // Taken out altogether.
    let removed = format!("{}{}", &archived[..start], &archived[end..]);
    let report = verify_with(removed.as_bytes(), at, crls);
    assert_ne!(report.verdict(), Verdict::Valid, "{}", report.message(Language::En));
}

/// `YYYYMMDDHHMMSSZ` for the clock now, for openssl.
fn chrono_now_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let text = hocba::time::UtcTime::from_unix_seconds(secs - 3600).to_utc_string();
    text.chars().filter(|c| c.is_ascii_digit()).skip(2).collect::<String>() + "Z"
}

/// A TSTInfo genuinely stamped by the TSA, signed again by someone else (CMS, as a token): the
/// signer's certificate lacks id-kp-timeStamping.
fn token_signed_by(covered: &[u8], cert: &str, key: &str) -> Vec<u8> {
    let token = token_over(covered, TSA);
    let (token_file, tst, fake) = (scratch("genuine.der"), scratch("tst.der"), scratch("fake.der"));
    std::fs::write(&token_file, token).unwrap();
    let path = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    openssl(&["cms", "-verify", "-noverify", "-inform", "DER", "-in", &path(&token_file), "-out", &path(&tst)]);
    openssl(&[
        "cms",
        "-sign",
        "-binary",
        "-nodetach",
        "-nosmimecap",
        "-md",
        "sha256",
        "-econtent_type",
        "1.2.840.113549.1.9.16.1.4",
        "-signer",
        cert,
        "-inkey",
        key,
        "-in",
        &path(&tst),
        "-outform",
        "DER",
        "-out",
        &path(&fake),
    ]);
    std::fs::read(fake).unwrap()
}

#[test]
fn an_archive_stamp_signed_by_a_document_signer_or_responder_is_invalid() {
    let _one = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(_servers) = common::pki_servers::PkiServers::start() else { return };
    let archived = String::from_utf8(archive(&signed(TSA), TSA)).unwrap();
    let doc = Document::parse(archived.as_bytes()).unwrap();
    let token_element = doc.descendants().find(|n| n.has_name(Some(HP), "EncapsulatedTimeStamp")).unwrap();
    let mut subset = Subset::document(&doc).excluding(token_element).unwrap();
    if let Some(after) = doc.descendants().find(|n| n.has_name(Some(HP), "TimeStampValidationData")) {
        subset = subset.excluding(after).unwrap();
    }
    let covered = c14n::canonicalize_to_vec(&doc, &subset, &Algorithm::C14n10.into()).unwrap();
    let start = archived.find("<hp:EncapsulatedTimeStamp>").unwrap() + "<hp:EncapsulatedTimeStamp>".len();
    let end = archived.find("</hp:EncapsulatedTimeStamp>").unwrap();
    for (cert, key) in [
        ("gvcn-cert.pem", "gvcn-key.pem"),
        ("ocsp-cert.pem", "ocsp-key.pem"),
        ("hieutruong-cert.pem", "hieutruong-key.pem"),
    ] {
        let fake = token_signed_by(&covered, cert, key);
        let text = format!("{}{}{}", &archived[..start], b64(&fake), &archived[end..]);
        assert_invalid_with(&verify_at(text.as_bytes(), LATER), Code::ArchiveTimeStampInvalid, cert);
    }
    // The same recipe with the TSA's own key and certificate: the token has no ESS
    // signing-certificate attribute, so nothing signed binds the certificate the unsigned
    // SignerInfo names (another certificate for the same key could stand in): refused too. The
    // TSA's own tokens (`openssl ts`, ESSCertIDv2) pass in every other test.
    let own = token_signed_by(&covered, "tsa-cert.pem", "tsa-key.pem");
    let text = format!("{}{}{}", &archived[..start], b64(&own), &archived[end..]);
    let report = verify_at(text.as_bytes(), LATER);
    assert_invalid_with(&report, Code::ArchiveTimeStampInvalid, "no signing-certificate attribute");
    assert!(report.message(Language::En).contains("signing-certificate attribute"), "{}", report.message(Language::En));
}

/// A document of about `size` bytes with one (unverifiable) signature, then `stamps`.
fn big_document(size: usize, stamps: &str) -> Vec<u8> {
    let filler = "<a:P>".to_owned() + &"x".repeat(1000) + "</a:P>";
    let body = filler.repeat(size / filler.len());
    format!(
        "<a:Doc xmlns:a=\"urn:a\">{body}<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo/></ds:Signature><hp:ArchiveTimeStamps xmlns:hp=\"{HP}\">{stamps}</hp:ArchiveTimeStamps></a:Doc>"
    )
    .into_bytes()
}

fn generic_verifier() -> Verifier {
    Verifier::new(VerifierConfig {
        trust: trust(LATER),
        other_documents: OtherDocuments::Verify,
        ..VerifierConfig::default()
    })
}

/// Hostile archives are refused with what is wrong: 32 stamps over a 15 MB document, 33 stamps, one
/// huge token, thousands of certificates. What they cost is measured by `benches/hostile-budgets.sh`
/// (class 12), where each must stay within its time and memory bounds.
#[test]
fn hostile_archives_are_refused() {
    // 32 stamps of garbage over 15 MB: the first's covered bytes are canonicalized, its token
    // refused; never 32 canonicalizations of the whole document.
    let stamp = format!(
        "<hp:ArchiveTimeStamp><hp:EncapsulatedTimeStamp>{}</hp:EncapsulatedTimeStamp></hp:ArchiveTimeStamp>",
        b64(&[0x30, 0x03, 0x02, 0x01, 0x00])
    );
    let xml = big_document(15 << 20, &stamp.repeat(32));
    let report = generic_verifier().verify(&xml).unwrap().report().clone();
    assert_invalid_with(&report, Code::ArchiveTimeStampInvalid, "32 garbage stamps");
    // 33 stamps: refused before any work.
    let xml = big_document(1 << 20, &stamp.repeat(33));
    assert_invalid_with(
        &generic_verifier().verify(&xml).unwrap().report().clone(),
        Code::ArchiveMalformed,
        "33 stamps",
    );
    // One token of 7 MB of base64 (the reader refuses text over 8 MiB).
    let huge = format!(
        "<hp:ArchiveTimeStamp><hp:EncapsulatedTimeStamp>{}</hp:EncapsulatedTimeStamp></hp:ArchiveTimeStamp>",
        "A".repeat(7 << 20)
    );
    let xml = big_document(1 << 20, &huge);
    let report = generic_verifier().verify(&xml).unwrap().report().clone();
    assert_eq!(report.verdict(), Verdict::Invalid);
}

/// Thousands of distinct certificates in an archive stamp's values (each the same one with its
/// signature's last bytes changed: equal but for their ends), and a garbage token: the stamp is
/// refused for its token. Duplicates among them are found by fingerprint, not by comparing each
/// with every other (that took 22 s in a debug build); `benches/hostile-budgets.sh` (class 12)
/// holds the time.
#[test]
fn thousands_of_certificates_in_an_archive_are_refused_for_the_token() {
    let der = common::test_pki::cert("gvcn").der().to_vec();
    let mut certificates = String::new();
    for i in 0..10_000usize {
        let mut variant = der.clone();
        let n = variant.len();
        variant[n - 2] = (i >> 8) as u8;
        variant[n - 1] = i as u8;
        certificates
            .push_str(&format!("<hp:EncapsulatedX509Certificate>{}</hp:EncapsulatedX509Certificate>", b64(&variant)));
    }
    let stamp = format!(
        "<hp:ArchiveTimeStamp><hp:CertificateValues>{certificates}</hp:CertificateValues><hp:EncapsulatedTimeStamp>MAMCAQA=</hp:EncapsulatedTimeStamp></hp:ArchiveTimeStamp>"
    );
    let report = generic_verifier().verify(&big_document(1000, &stamp)).unwrap().report().clone();
    assert_invalid_with(&report, Code::ArchiveTimeStampInvalid, "garbage token");
}
