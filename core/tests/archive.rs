//! Archive time-stamps over whole transcripts: verified with the clock moved decades forward, past
//! the signer's and the first time-stamping authority's expiry; renewed in a chain; and catching a
//! document changed after one was added. Needs the test PKI's servers (a TSA ending in 2032, one
//! ending in 2099, OCSP, CRLs), started here.

mod common;

use std::sync::Arc;

use common::approvals::{CHECKED_AT, codes, key, kim_dong_transcript, time, trust};
use common::archive::{LATER, SERVERS, TSA, TSA_2032, archive, crls, signed, verify_at};
use hocba::Code;
use hocba::pki::{PkiError, RevocationData, SigningOptions};
use hocba::report::{Language, SigningTime, Verdict, VerificationReport};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::transcript::{Role, to_xml};
use hocba::verifier::{Verifier, VerifierConfig};

/// Online, at the real clock: what an archive renewing its transcripts runs.
fn archiver() -> Verifier {
    let mut now = trust(CHECKED_AT);
    now.now = None;
    Verifier::new(VerifierConfig {
        trust: now,
        revocation: Arc::new(common::pki_servers::online(RevocationData { crls: crls(), ..Default::default() })),
        ..VerifierConfig::default()
    })
}

fn assert_verdict(report: &VerificationReport, verdict: Verdict) {
    assert_eq!(report.verdict(), verdict, "{}", report.message(Language::En));
}

/// Without approval lists the report says so (a warning); nothing else may be found.
fn assert_clean(report: &VerificationReport) {
    assert_verdict(report, Verdict::Valid);
    assert_eq!(codes(report), [Code::ApprovalNotChecked], "{}", report.message(Language::En));
}

#[test]
fn archive_time_stamps_carry_signatures_past_every_expiry() {
    let _one = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(_servers) = common::pki_servers::PkiServers::start() else { return };
    let xml = signed(TSA_2032);

    // Today every proof holds, until the 2032 authority's certificate ends.
    let today = verify_at(&xml, LATER);
    assert_clean(&today);
    assert_eq!(today.renew_archive_by(), Some(time("2032-12-31T23:59:59Z")));
    assert!(today.archive_time_stamps().is_empty());

    // In 2040 the GVCN's certificate (2030) and the time-stamps' authority (2032) have expired:
    // nothing proves the signatures are older, so nobody can tell.
    let later = verify_at(&xml, "2040-01-01T00:00:00Z");
    assert_verdict(&later, Verdict::Undetermined);
    let found = codes(&later);
    assert!(found.contains(&Code::OutOfBoundsNoPoe) && found.contains(&Code::TimeStampExpired), "{found:?}");

    // One archive time-stamp by the long-lived authority, added now, carries them decades on.
    let archived = archive(&xml, TSA);
    for at in ["2040-01-01T00:00:00Z", "2065-06-01T00:00:00Z", "2099-06-01T00:00:00Z"] {
        let report = verify_at(&archived, at);
        assert_clean(&report);
        let [stamp] = report.archive_time_stamps() else { panic!("{:?}", report.archive_time_stamps()) };
        assert!(stamp.proves);
        assert_eq!(stamp.valid_until, time("2099-12-31T23:59:59Z"));
        // Each signature's own time-stamp proves its time again, judged when the archive
        // time-stamp shows it existed.
        for signature in report.signatures() {
            assert!(matches!(signature.signing_time(), Some(SigningTime::TimeStamp { .. })), "{at}");
        }
    }
    assert_eq!(verify_at(&archived, "2040-01-01T00:00:00Z").renew_archive_by(), Some(time("2099-12-31T23:59:59Z")));

    // A renewal chain: first by the 2032 authority, which alone proves nothing in 2040; renewed by
    // the long-lived one, each time-stamp proves the one before it.
    let first = archive(&xml, TSA_2032);
    let report = verify_at(&first, "2040-01-01T00:00:00Z");
    assert_verdict(&report, Verdict::Undetermined);
    assert!(!report.archive_time_stamps()[0].proves);
    assert!(
        report.warnings().iter().any(|w| w.code == Code::TimeStampExpired && w.en.starts_with("Archive time-stamp 1"))
    );
    let renewed = archive(&first, TSA);
    let report = verify_at(&renewed, "2040-01-01T00:00:00Z");
    assert_clean(&report);
    assert!(report.archive_time_stamps().iter().all(|s| s.proves), "{:?}", report.archive_time_stamps());
    assert_eq!(report.archive_time_stamps().len(), 2);
    // Past the long-lived authority too (and the test root, 2099): nothing is left to prove it.
    assert_verdict(&verify_at(&renewed, "2100-06-01T00:00:00Z"), Verdict::Undetermined);

    // A signature without a time-stamp of its own: the archive time-stamp proves it existed.
    let plain = {
        let mut signing = trust(CHECKED_AT);
        signing.now = None;
        let signer = TranscriptSigner::new(SignerConfig {
            trust: signing,
            revocation: Arc::new(common::pki_servers::online(RevocationData { crls: crls(), ..Default::default() })),
            signing: SigningOptions { tsa_url: None, embed_validation_data: true },
            ..SignerConfig::default()
        });
        let mut transcript = kim_dong_transcript();
        transcript.years.truncate(1);
        transcript.years[0].giao_vien_chu_nhiem = "Bùi Thị Ngọc Ánh".into();
        let xml = to_xml(&transcript).unwrap();
        let xml = signer.sign_year(&xml, &transcript.years[0].id, Role::Gvcn, &key("ltv")).unwrap();
        signer.sign_year(&xml, &transcript.years[0].id, Role::HieuTruong, &key("hieutruong")).unwrap()
    };
    assert_verdict(&verify_at(&plain, "2040-01-01T00:00:00Z"), Verdict::Undetermined);
    let report = verify_at(&archive(&plain, TSA), "2040-01-01T00:00:00Z");
    assert_clean(&report);
    assert!(matches!(report.signatures()[0].signing_time(), Some(SigningTime::ArchiveTimeStamp { .. })));
}

#[test]
fn an_archive_time_stamp_catches_a_document_changed_after_it() {
    let _one = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(_servers) = common::pki_servers::PkiServers::start() else { return };
    let archived = String::from_utf8(archive(&signed(TSA), TSA)).unwrap();
    assert_clean(&verify_at(archived.as_bytes(), LATER));
    let check = |changed: String, expected: Code| {
        assert!(changed != archived, "the change did not apply");
        let report = verify_at(changed.as_bytes(), LATER);
        assert_verdict(&report, Verdict::Invalid);
        assert!(codes(&report).contains(&expected), "{expected:?} not in {:?}", codes(&report));
    };

    // White space between two years: unsigned, but covered.
    check(archived.replacen("</QuaTrinhHocTap>", "</QuaTrinhHocTap> ", 1), Code::ArchiveAltered);
    // A signature's revocation data taken out: unsigned, covered.
    let start = archived.find("<hp:RevocationValues>").expect("validation data");
    let end = archived[start..].find("</hp:RevocationValues>").unwrap() + start + "</hp:RevocationValues>".len();
    check(format!("{}{}", &archived[..start], &archived[end..]), Code::ArchiveAltered);
    // A signed score changed: the signature fails, and the archive time-stamp says so too.
    check(archived.replacen("<CuoiNam>10</CuoiNam>", "<CuoiNam>9</CuoiNam>", 1), Code::ArchiveAltered);
    // The token replaced by another valid-looking one: the other document's.
    let other = String::from_utf8(archive(&signed(TSA), TSA)).unwrap();
    let token = |doc: &str| {
        let start = doc.find("<hp:EncapsulatedTimeStamp>").unwrap();
        let end = doc.find("</hp:EncapsulatedTimeStamp>").unwrap();
        doc[start..end].to_owned()
    };
    check(archived.replacen(&token(&archived), &token(&other), 1), Code::ArchiveAltered);
    // Garbage for a token.
    check(archived.replacen(&token(&archived), "<hp:EncapsulatedTimeStamp>AAAA", 1), Code::ArchiveTimeStampInvalid);
    // Text between time-stamps, or the time-stamps anywhere but last.
    check(archived.replacen("<hp:ArchiveTimeStamp ", " <hp:ArchiveTimeStamp ", 1), Code::ArchiveMalformed);
    let moved = {
        let start = archived.find("<hp:ArchiveTimeStamps").unwrap();
        let end = archived.find("</hp:ArchiveTimeStamps>").unwrap() + "</hp:ArchiveTimeStamps>".len();
        let block = &archived[start..end];
        let without = format!("{}{}", &archived[..start], &archived[end..]);
        without.replacen("<DSCKS", &format!("{block}<DSCKS"), 1)
    };
    check(moved, Code::ArchiveMalformed);
}

#[test]
fn only_a_document_that_verifies_is_archived() {
    let _one = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(_servers) = common::pki_servers::PkiServers::start() else { return };
    let xml = String::from_utf8(signed(TSA)).unwrap();
    let broken = xml.replacen("<CuoiNam>10</CuoiNam>", "<CuoiNam>9</CuoiNam>", 1);
    match archiver().add_archive_time_stamp(broken.as_bytes(), TSA) {
        Err(hocba::Error::Pki(error @ PkiError::NotArchivable { .. })) => {
            assert_eq!(error.code(), Code::ArchiveRefused);
            assert!(error.to_string().contains("digest-mismatch"), "{error}");
        }
        Ok(_) => panic!("archived a broken document"),
        Err(other) => panic!("refused for another reason: {other}"),
    }
    // A TSA that does not answer: an error, nothing written.
    let error = archiver().add_archive_time_stamp(xml.as_bytes(), "http://127.0.0.1:18080/nowhere").unwrap_err();
    assert_eq!(error.code(), Code::FetchFailed, "{error}");
}
