//! The managing authority's approval lists and the schools' withdrawal requests: a list verified
//! like a CRL (signature, authority, freshness, editions), and what it does to a transcript's
//! verdict (approved signers per school and role, the seal, withdrawn years).

mod common;

use common::approvals::*;

use std::sync::Arc;

use hocba::Code;
use hocba::approvals::{
    ApprovalError, ApprovalList, ApprovalPolicy, ApprovalRole, Approvals, ListAuthorities, ListHistory, SchoolKind,
    SignatureCheck, SuspensionReason, WithdrawalRequest, list_signature_request, list_to_xml,
    request_signature_request, request_to_xml, verify_list, verify_request,
};
use hocba::dsig::VerifyOptions;
use hocba::pki::{Crl, RevocationChecker, RevocationData, TrustOptions};
use hocba::report::{Verdict, VerificationReport};
use hocba::transcript::{Role, Transcript, to_xml};
use hocba::verifier::{Verifier, VerifierConfig};

fn transcript() -> Transcript {
    kim_dong_transcript()
}

/// The list signed by the authority's certificate (the test PKI's `ltv`, valid 2025-2030).
fn signed_list(list: &ApprovalList) -> Vec<u8> {
    signed_by(list, "ltv")
}

fn authorities() -> ListAuthorities {
    let mut authorities = ListAuthorities::new();
    authorities.add_certificate(&cert("ltv"));
    authorities
}

fn load(lists: &[Vec<u8>], at: &str, history: Option<&mut ListHistory>) -> Approvals {
    let (options, trust, revocation) = (VerifyOptions::default(), trust(at), checker());
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
    let documents = lists.iter().enumerate().map(|(i, xml)| (format!("list-{i}.xml"), xml.clone()));
    Approvals::load(documents, &authorities(), &check, history)
}

fn verify_with(xml: &[u8], approvals: Option<Approvals>, policy: ApprovalPolicy, at: &str) -> VerificationReport {
    let config = VerifierConfig {
        trust: trust(at),
        revocation: checker(),
        approvals: approvals.map(Arc::new),
        approval_policy: policy,
        ..VerifierConfig::default()
    };
    Verifier::new(config).verify(xml).unwrap().report().clone()
}

fn verify(xml: &[u8], lists: &[Vec<u8>]) -> VerificationReport {
    verify_with(xml, Some(load(lists, CHECKED_AT, None)), ApprovalPolicy::Require, CHECKED_AT)
}

#[test]
fn approved_signers_make_a_valid_transcript_and_the_report_names_who_approved_them() {
    let (_, xml) = signed_transcript();
    let report = verify(&xml, &[signed_list(&list("PVHXH-BD"))]);
    assert_verdict(&report, Verdict::Valid, None);
    assert!(!codes(&report).contains(&Code::ApprovalNotChecked));
    for signature in report.signatures() {
        let approval = signature.approval().expect("approved");
        assert_eq!(approval.authority_code, "PVHXH-BD");
        assert_eq!(approval.school, SCHOOL);
        assert_eq!(approval.list_sequence, 1);
    }
    let text = report.message(hocba::report::Language::Vi);
    assert!(text.contains("Được phê duyệt bởi: Phòng Văn hóa - Xã hội (PVHXH-BD)"), "{text}");
    assert!(report.to_json().contains("\"authority_code\": \"PVHXH-BD\""));
}

#[test]
fn without_a_list_the_report_says_approval_was_not_checked_in_both_languages() {
    let (_, xml) = signed_transcript();
    for policy in ApprovalPolicy::ALL {
        let report = verify_with(&xml, None, policy, CHECKED_AT);
        assert_verdict(&report, Verdict::Valid, Some(Code::ApprovalNotChecked));
        let warning = &report.warnings()[0];
        assert!(warning.vi.starts_with("Chưa kiểm tra phê duyệt người ký"), "{}", warning.vi);
        assert!(warning.en.starts_with("Signers' approval was not checked"), "{}", warning.en);
    }
    let off = verify_with(&xml, Some(load(&[], CHECKED_AT, None)), ApprovalPolicy::Off, CHECKED_AT);
    assert_verdict(&off, Verdict::Valid, Some(Code::ApprovalNotChecked));
}

#[test]
fn a_list_signed_by_someone_who_is_not_a_trusted_authority_is_refused() {
    let (_, xml) = signed_transcript();
    let list = list("PVHXH-BD");
    // Signed by the principal: a trusted certificate, but not an authority's.
    let forged = signer_at("2026-06-01T01:00:00Z")
        .sign(&list_to_xml(&list).unwrap(), &list_signature_request(list.issued), &key("hieutruong"))
        .unwrap();
    let approvals = load(&[forged], CHECKED_AT, None);
    assert_eq!(approvals.rejected().len(), 1);
    assert!(matches!(approvals.rejected()[0].1, ApprovalError::SignerNotAllowed { .. }));
    assert_eq!(approvals.rejected()[0].1.code(), Code::ApprovalSignerNotAllowed);
    let report = verify_with(&xml, Some(approvals), ApprovalPolicy::Require, CHECKED_AT);
    assert_verdict(&report, Verdict::Undetermined, Some(Code::SchoolNotListed));
}

#[test]
fn a_tampered_list_is_refused() {
    let mut tampered = String::from_utf8(signed_list(&list("PVHXH-BD"))).unwrap();
    tampered = tampered.replacen("<VaiTro>gvcn</VaiTro>", "<VaiTro>hieu-truong</VaiTro>", 1);
    let approvals = load(&[tampered.into_bytes()], CHECKED_AT, None);
    let error = &approvals.rejected()[0].1;
    assert_eq!(error.code(), Code::ApprovalDocumentUntrusted, "{error}");
    assert!(error.message_vi().contains("Danh sách phê duyệt không được tin cậy"), "{}", error.message_vi());
    // The unsigned parts cannot carry approvals either: an extra school outside NoiDung.
    let signed = String::from_utf8(signed_list(&list("PVHXH-BD"))).unwrap();
    let outside = signed.replacen("<ChuKy>", "<Truong><MaTruong>99</MaTruong></Truong><ChuKy>", 1);
    let approvals = load(&[outside.into_bytes()], CHECKED_AT, None);
    assert_eq!(approvals.lists().len(), 1, "unsigned content is not read");
    assert!(approvals.lists()[0].list().schools.iter().all(|s| s.code == SCHOOL));
}

#[test]
fn a_list_past_its_next_update_leaves_the_verdict_undetermined_or_warns_under_soft_fail() {
    let (_, xml) = signed_transcript();
    let mut stale = list("PVHXH-BD");
    stale.next_update = time("2026-06-20T00:00:00Z");
    let lists = [signed_list(&stale)];
    let report = verify(&xml, &lists);
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalListStale));
    let soft = verify_with(&xml, Some(load(&lists, CHECKED_AT, None)), ApprovalPolicy::SoftFail, CHECKED_AT);
    assert_verdict(&soft, Verdict::Valid, Some(Code::ApprovalListStale));
    // A stale list still settles what it covers: a signer it never approved, before its issue.
    let mut without_gvcn = stale.clone();
    without_gvcn.schools[0].certificates.remove(0);
    let report = verify(&xml, &[signed_list(&without_gvcn)]);
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalListStale));
}

#[test]
fn a_replayed_older_edition_is_a_rollback_once_a_newer_one_was_seen() {
    let (_, xml) = signed_transcript();
    let first = list("PVHXH-BD");
    let mut second = first.clone();
    second.next_edition(time("2026-06-10T00:00:00Z"), time("2026-12-31T00:00:00Z")).unwrap();
    let mut history = ListHistory::new();
    let approvals = load(&[signed_list(&second)], CHECKED_AT, Some(&mut history));
    assert_eq!(history.sequence("PVHXH-BD"), Some(2));
    assert_verdict(&verify_with(&xml, Some(approvals), ApprovalPolicy::Require, CHECKED_AT), Verdict::Valid, None);
    let history = ListHistory::from_json(&history.to_json()).unwrap();
    let mut history = history;
    let approvals = load(&[signed_list(&first)], CHECKED_AT, Some(&mut history));
    let report = verify_with(&xml, Some(approvals), ApprovalPolicy::Require, CHECKED_AT);
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalListRolledBack));
    assert_eq!(history.sequence("PVHXH-BD"), Some(2), "the history does not go back");
    // Both editions at hand: the newer one is used, the older superseded.
    let approvals = load(&[signed_list(&first), signed_list(&second)], CHECKED_AT, None);
    assert_eq!(approvals.lists()[0].list().sequence, 2);
}

#[test]
fn two_editions_with_one_number_and_different_content_are_a_conflict() {
    let (_, xml) = signed_transcript();
    let first = list("PVHXH-BD");
    let mut twin = first.clone();
    twin.schools[0].seal_required = true;
    let report = verify(&xml, &[signed_list(&first), signed_list(&twin)]);
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalConflict));
}

#[test]
fn a_school_listed_by_two_authorities_is_a_conflict_not_a_union() {
    let (_, xml) = signed_transcript();
    let report = verify(&xml, &[signed_list(&list("PVHXH-BD")), signed_list(&list("PVHXH-HK"))]);
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalConflict));
}

#[test]
fn a_certificate_approved_for_another_school_does_not_sign_for_this_one() {
    let (_, xml) = signed_transcript();
    let mut other =
        ApprovalList::new(authority("PVHXH-BD"), time("2026-06-01T00:00:00Z"), time("2026-12-31T00:00:00Z"));
    other.set_school(SCHOOL, "Trường Tiểu học Kim Đồng", SchoolKind::Public, false).unwrap();
    other.set_school("01009999", "Trường Tiểu học Lê Lợi", SchoolKind::Public, false).unwrap();
    let from = time("2026-01-01T00:00:00Z");
    other.approve(SCHOOL, &cert("hieutruong"), &[ApprovalRole::Principal], from, None).unwrap();
    other.approve("01009999", &cert("gvcn"), &[ApprovalRole::HomeroomTeacher], from, None).unwrap();
    let report = verify(&xml, &[signed_list(&other)]);
    assert_verdict(&report, Verdict::Invalid, Some(Code::SignerNotApproved));
    let gvcn = report.signatures().iter().find(|s| s.id().is_some_and(|id| id.ends_with("-GVCN"))).unwrap();
    assert_eq!(gvcn.verdict(), Verdict::Invalid);
    assert!(gvcn.problems()[0].vi.contains("chưa được"), "{}", gvcn.problems()[0].vi);
    let principal = report.signatures().iter().find(|s| s.id().is_some_and(|id| id.ends_with("-HieuTruong"))).unwrap();
    assert!(principal.approval().is_some());
}

#[test]
fn a_certificate_signs_only_in_the_roles_and_window_it_is_approved_for() {
    let (_, xml) = signed_transcript();
    let from = time("2026-01-01T00:00:00Z");
    // The homeroom teacher approved as a subject teacher only: not for the GVCN place.
    let mut list = list("PVHXH-BD");
    list.approve(SCHOOL, &cert("gvcn"), &[ApprovalRole::SubjectTeacher], from, None).unwrap();
    assert_verdict(&verify(&xml, &[signed_list(&list)]), Verdict::Invalid, Some(Code::SignerNotApproved));
    // One key holder as both GVCN and principal: approved for one role, not the other.
    let mut list = self::list("PVHXH-BD");
    list.approve(SCHOOL, &cert("hieutruong"), &[ApprovalRole::DeputyPrincipal], from, None).unwrap();
    assert_verdict(&verify(&xml, &[signed_list(&list)]), Verdict::Valid, None);
    // Approved only from after the signing.
    let mut list = self::list("PVHXH-BD");
    list.approve(SCHOOL, &cert("gvcn"), &[ApprovalRole::HomeroomTeacher], time("2026-06-16T00:00:00Z"), None).unwrap();
    assert_verdict(&verify(&xml, &[signed_list(&list)]), Verdict::Invalid, Some(Code::SignerNotApproved));
    // Approval ended before the signing.
    let mut list = self::list("PVHXH-BD");
    let until = Some(time("2026-06-01T00:00:00Z"));
    list.approve(SCHOOL, &cert("gvcn"), &[ApprovalRole::HomeroomTeacher], from, until).unwrap();
    assert_verdict(&verify(&xml, &[signed_list(&list)]), Verdict::Invalid, Some(Code::SignerNotApproved));
}

#[test]
fn a_suspension_counts_from_its_time_and_for_a_doubted_key_also_before_an_unproven_signing_time() {
    let (_, xml) = signed_transcript();
    let gvcn = hocba::approvals::ApprovedCertificate::clone(&list("PVHXH-BD").schools[0].certificates[0]).sha256;
    // Signed (by its claim) 2026-06-15, verified 2026-07-01, no time-stamp.
    let cases = [
        ("2026-06-10T00:00:00Z", SuspensionReason::LeftPost, Verdict::Invalid, Code::ApprovalSuspended),
        // Suspended since the signing: nothing proves the signature was made before.
        ("2026-06-20T00:00:00Z", SuspensionReason::LeftPost, Verdict::Undetermined, Code::ApprovalNotProven),
        ("2026-06-20T00:00:00Z", SuspensionReason::KeyCompromise, Verdict::Invalid, Code::ApprovalSuspended),
        // Suspended after the verification time: approved at both times.
        ("2026-08-01T00:00:00Z", SuspensionReason::LeftPost, Verdict::Valid, Code::ApprovalSuspended),
    ];
    for (at, reason, verdict, code) in cases {
        let mut list = list("PVHXH-BD");
        list.suspend(SCHOOL, &gvcn, time(at), reason, Some("Quyết định 12/QĐ".into())).unwrap();
        let report = verify(&xml, &[signed_list(&list)]);
        assert_verdict(&report, verdict, (verdict != Verdict::Valid).then_some(code));
    }
}

#[test]
fn a_school_that_must_seal_has_every_year_sealed() {
    let (_, xml) = signed_transcript();
    let mut list = list("PVHXH-BD");
    list.set_school(SCHOOL, "Trường Tiểu học Kim Đồng", SchoolKind::Public, true).unwrap();
    assert_verdict(&verify(&xml, &[signed_list(&list)]), Verdict::Invalid, Some(Code::SealMissing));
}

/// The request signed by the principal, then by the "seal" (the test PKI's gvcn key stands in).
fn signed_request(request: &WithdrawalRequest) -> Vec<u8> {
    let [_, _, sealed] = request_stages(request);
    sealed
}

fn check_at(at: &str) -> (VerifyOptions, TrustOptions, Arc<RevocationChecker>) {
    (VerifyOptions::default(), trust(at), checker())
}

#[test]
fn a_withdrawn_year_is_invalid_and_a_later_version_of_it_is_not_caught() {
    let (transcript, xml) = signed_transcript();
    let request = request_for(&transcript, &xml, 1);
    let request_xml = signed_request(&request);
    let (options, trust, revocation) = check_at(CHECKED_AT);
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
    let verified = verify_request(&request_xml, &check).unwrap();
    assert_eq!(verified.request(), &request);

    let mut list = list("PVHXH-BD");
    // The seal must be approved as the seal for the authority to take the request.
    let refused = list.withdraw(&verified, "12/QĐ-VHXH", time("2026-06-25T00:00:00Z")).unwrap_err();
    assert_eq!(refused.code(), Code::ApprovalSignerNotAllowed);
    let from = time("2026-01-01T00:00:00Z");
    list.approve(SCHOOL, &cert("gvcn"), &[ApprovalRole::HomeroomTeacher, ApprovalRole::Seal], from, None).unwrap();
    list.withdraw(&verified, "12/QĐ-VHXH", time("2026-06-25T00:00:00Z")).unwrap();
    assert_eq!(
        list.withdraw(&verified, "13/QĐ-VHXH", time("2026-06-26T00:00:00Z")).unwrap_err().code(),
        Code::ApprovalEditRefused
    );
    let lists = [signed_list(&list)];

    let report = verify(&xml, &lists);
    assert_verdict(&report, Verdict::Invalid, Some(Code::YearWithdrawn));
    // An edition with the same number and other content is a conflict: the withdrawal in it
    // still counts, whichever of the two comes first.
    let mut twin = list.clone();
    twin.withdrawals.clear();
    for lists in [[signed_list(&twin), lists[0].clone()], [lists[0].clone(), signed_list(&twin)]] {
        assert_verdict(&verify(&xml, &lists), Verdict::Invalid, Some(Code::YearWithdrawn));
    }
    let finding = report.problems().iter().find(|f| f.code == Code::YearWithdrawn).unwrap();
    assert!(finding.vi.contains("12/QĐ-VHXH") && finding.vi.contains("Sai điểm môn Toán"), "{}", finding.vi);
    assert!(finding.en.contains(&request.year.year), "{}", finding.en);

    // The year corrected and signed again: another fingerprint, not withdrawn.
    let signer = signer_at("2026-06-26T01:00:00Z");
    let mut corrected = transcript.clone();
    corrected.years[1].nhan_xet_gvcn = Some("Đã đính chính điểm môn Toán.".into());
    let mut xml = to_xml(&corrected).unwrap();
    for year in &corrected.years {
        xml = signer.sign_year(&xml, &year.id, Role::Gvcn, &key("gvcn")).unwrap();
        xml = signer.sign_year(&xml, &year.id, Role::HieuTruong, &key("hieutruong")).unwrap();
    }
    assert_verdict(&verify(&xml, &lists), Verdict::Valid, None);
    // Another year of the same transcript is not caught either.
    let other_year = request_for(&transcript, &signed_transcript().1, 0);
    assert_ne!(other_year.year.fingerprint, request.year.fingerprint);
}

#[test]
fn a_request_signed_out_of_order_or_by_one_signer_is_refused() {
    let (transcript, xml) = signed_transcript();
    let request = request_for(&transcript, &xml, 0);
    let (options, trust, revocation) = check_at(CHECKED_AT);
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
    let signer = signer_at("2026-06-20T02:00:00Z");
    let unsigned = request_to_xml(&request).unwrap();
    let principal = request_signature_request(ApprovalRole::Principal, time("2026-06-20T02:00:00Z")).unwrap();
    let only_principal = signer.sign(&unsigned, &principal, &key("hieutruong")).unwrap();
    assert_eq!(verify_request(&only_principal, &check).unwrap_err().code(), Code::ApprovalDocumentMalformed);
    // The seal first, without the principal's signature to countersign: signing refuses.
    let seal = request_signature_request(ApprovalRole::Seal, time("2026-06-20T02:00:00Z")).unwrap();
    assert!(signer.sign(&unsigned, &seal, &key("gvcn")).is_err());
    assert!(request_signature_request(ApprovalRole::HomeroomTeacher, time(CHECKED_AT)).is_err());
    // A changed reason after signing.
    let signed = String::from_utf8(signed_request(&request)).unwrap();
    let changed = signed.replacen("Sai điểm môn Toán", "Lý do khác", 1);
    assert_eq!(verify_request(changed.as_bytes(), &check).unwrap_err().code(), Code::ApprovalDocumentUntrusted);
}

#[test]
fn malformed_lists_are_refused_with_the_place_and_the_reason() {
    let good = String::from_utf8(list_to_xml(&list("PVHXH-BD")).unwrap()).unwrap();
    let cases = [
        ("<SoThuTu>1</SoThuTu>", "<SoThuTu>-1</SoThuTu>", "SoThuTu"),
        ("<LoaiHinh>cong-lap</LoaiHinh>", "<LoaiHinh>tu-thuc</LoaiHinh>", "LoaiHinh"),
        ("<VaiTro>gvcn</VaiTro>", "<VaiTro>gvcn</VaiTro><VaiTro>gvcn</VaiTro>", "ChungThu"),
        ("<YeuCauConDau>0</YeuCauConDau>", "<YeuCauConDau>khong</YeuCauConDau>", "YeuCauConDau"),
        ("<CapNhatTiepTheo>2026-12-31T00:00:00Z", "<CapNhatTiepTheo>2026-05-01T00:00:00Z", "CapNhatTiepTheo"),
        ("<SHA256>", "<SHA256>00", "SHA256"),
    ];
    for (from, to, place) in cases {
        let bad = good.replacen(from, to, 1);
        let error = ApprovalList::read_for_editing(bad.as_bytes()).unwrap_err();
        assert_eq!(error.code(), Code::ApprovalDocumentMalformed, "{error}");
        assert!(error.to_string().contains(place), "{place}: {error}");
        assert!(error.message_vi().starts_with("Danh sách phê duyệt"), "{}", error.message_vi());
    }
    // The certificate and its SHA-256 must agree.
    let digest = format!("{:064x}", 0);
    let bad = good.replacen("<SHA256>", &format!("<SHA256>{digest}</SHA256><X>"), 1);
    assert!(ApprovalList::read_for_editing(bad.as_bytes()).is_err());
    // A transcript is not a list.
    let (_, transcript) = signed_transcript();
    let (options, trust, revocation) = check_at(CHECKED_AT);
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
    assert_eq!(verify_list(&transcript, &authorities(), &check).unwrap_err().code(), Code::ApprovalDocumentMalformed);
    assert!(verify_list(b"<not-xml", &authorities(), &check).is_err());
}

#[test]
fn a_list_round_trips_through_its_xml() {
    let mut list = list("PVHXH-BD");
    list.distribution_points.push("https://vhxh.badinh.example/danh-sach.xml".into());
    list.suspend(
        SCHOOL,
        &list.schools[0].certificates[0].sha256.clone(),
        time("2026-09-01T00:00:00Z"),
        SuspensionReason::Other,
        Some("Nghỉ <thai sản> & chờ".into()),
    )
    .unwrap();
    let xml = list_to_xml(&list).unwrap();
    assert_eq!(ApprovalList::read_for_editing(&xml).unwrap(), list);
    let signed = signed_list(&list);
    let (options, trust, revocation) = check_at(CHECKED_AT);
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
    assert_eq!(verify_list(&signed, &authorities(), &check).unwrap().list(), &list);
    let mut bad = list.clone();
    bad.authority.name = "Phòng\u{1b}[31m".into();
    assert_eq!(list_to_xml(&bad).unwrap_err().code(), Code::ApprovalDocumentMalformed);
    // What the reader refuses is not written either.
    let mut twice = list.clone();
    twice.schools.push(twice.schools[0].clone());
    assert!(list_to_xml(&twice).unwrap_err().to_string().contains("listed twice"));
    let mut backwards = list.clone();
    backwards.next_update = backwards.issued;
    assert_eq!(list_to_xml(&backwards).unwrap_err().code(), Code::ApprovalDocumentMalformed);
}

#[test]
fn one_key_holder_cannot_sign_both_the_homeroom_teachers_and_the_principals_place() {
    let transcript = transcript();
    let signer = signer_at(SIGNED_AT);
    let mut xml = to_xml(&transcript).unwrap();
    for year in &transcript.years {
        xml = signer.sign_year(&xml, &year.id, Role::Gvcn, &key("hieutruong")).unwrap();
        xml = signer.sign_year(&xml, &year.id, Role::HieuTruong, &key("hieutruong")).unwrap();
    }
    // Without lists only a name warning tells; with the list, the principal is not a GVCN.
    let report = verify(&xml, &[signed_list(&list("PVHXH-BD"))]);
    assert_verdict(&report, Verdict::Invalid, Some(Code::SignerNotApproved));
}

/// Serves `body` to every GET on a free port until the test ends; returns the port.
fn serve(body: Vec<u8>) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    port
}

#[test]
fn online_a_stale_list_is_refreshed_from_where_it_is_published() {
    let (_, xml) = signed_transcript();
    let mut next = list("PVHXH-BD");
    next.next_edition(time("2026-06-25T00:00:00Z"), time("2026-12-31T00:00:00Z")).unwrap();
    let port = serve(signed_list(&next));
    let mut stale = list("PVHXH-BD");
    stale.next_update = time("2026-06-20T00:00:00Z");
    stale.distribution_points = vec![format!("http://127.0.0.1:{port}/danh-sach.xml")];
    let lists = [signed_list(&stale)];
    // Offline: stale, undetermined.
    assert_verdict(&verify(&xml, &lists), Verdict::Undetermined, Some(Code::ApprovalListStale));
    // Online: the next edition is fetched, verified and used.
    let (options, trust) = (VerifyOptions::default(), trust(CHECKED_AT));
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()]
        .concat();
    let online = RevocationChecker::online(RevocationData { crls, ..Default::default() });
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &online };
    let documents = lists.iter().map(|xml| ("list.xml".to_owned(), xml.clone()));
    let approvals = Approvals::load(documents, &authorities(), &check, None);
    assert!(approvals.rejected().is_empty(), "{:?}", approvals.rejected());
    assert_eq!(approvals.lists()[0].list().sequence, 2);
    assert_verdict(&verify_with(&xml, Some(approvals), ApprovalPolicy::Require, CHECKED_AT), Verdict::Valid, None);
    // A dead address is reported, and the stale list stays what there is.
    stale.distribution_points = vec!["http://127.0.0.1:9/danh-sach.xml".into()];
    let documents = [("list.xml".to_owned(), signed_list(&stale))];
    let approvals = Approvals::load(documents, &authorities(), &check, None);
    assert_eq!(approvals.rejected()[0].1.code(), Code::ApprovalListUnavailable);
    assert_eq!(approvals.lists()[0].list().sequence, 1);
}

/// The list signed by the ward office of Bến Nghé (another trusted authority).
fn signed_by_other_authority(list: &ApprovalList) -> Vec<u8> {
    let xml = list_to_xml(list).unwrap();
    let key = key("schools/phuong-ben-nghe");
    signer_at(&list.issued.to_utc_string()).sign(&xml, &list_signature_request(list.issued), &key).unwrap()
}

#[test]
fn one_code_has_one_publisher_unless_the_verifier_binds_certificates_to_it() {
    let (_, xml) = signed_transcript();
    let other = cert("schools/phuong-ben-nghe");
    let genuine = list("PVHXH-BD");
    // Another authority publishes a higher edition under the same code, approving someone else.
    let mut takeover = genuine.clone();
    takeover.next_edition(time("2026-06-10T00:00:00Z"), time("2026-12-31T00:00:00Z")).unwrap();
    let lists = [signed_list(&genuine), signed_by_other_authority(&takeover)];
    let (options, trust, revocation) = check_at(CHECKED_AT);
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
    let load = |authorities: &ListAuthorities, history: Option<&mut ListHistory>| {
        let documents = lists.iter().map(|xml| ("list.xml".to_owned(), xml.clone()));
        Approvals::load(documents, authorities, &check, history)
    };
    let mut both = authorities();
    both.add_certificate(&other);
    let report = verify_with(&xml, Some(load(&both, None)), ApprovalPolicy::Require, CHECKED_AT);
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalConflict));
    // Bound to its own code, the other authority's list under this code is refused.
    let mut bound = ListAuthorities::new();
    bound.add(hocba::approvals::certificate_sha256(&cert("ltv")), Some("PVHXH-BD"));
    bound.add(hocba::approvals::certificate_sha256(&other), Some("PVHXH-BN"));
    let approvals = load(&bound, None);
    assert_eq!(approvals.rejected()[0].1.code(), Code::ApprovalSignerNotAllowed);
    assert_verdict(&verify_with(&xml, Some(approvals), ApprovalPolicy::Require, CHECKED_AT), Verdict::Valid, None);
    // Both bound to the code (a renewed certificate): the newer edition is the authority's.
    let mut renewed = ListAuthorities::new();
    renewed.add(hocba::approvals::certificate_sha256(&cert("ltv")), Some("PVHXH-BD"));
    renewed.add(hocba::approvals::certificate_sha256(&other), Some("PVHXH-BD"));
    assert_eq!(load(&renewed, None).lists()[0].list().sequence, 2);
    // Seen once from one certificate, an edition of the code from another is a conflict.
    let mut history = ListHistory::new();
    let documents = [("list.xml".to_owned(), signed_list(&genuine))];
    Approvals::load(documents, &both, &check, Some(&mut history));
    let documents = [("list.xml".to_owned(), signed_by_other_authority(&takeover))];
    let approvals = Approvals::load(documents, &both, &check, Some(&mut history));
    let report = verify_with(&xml, Some(approvals), ApprovalPolicy::Require, CHECKED_AT);
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalConflict));
    assert_eq!(history.sequence("PVHXH-BD"), Some(1), "the history keeps the first publisher's edition");
}
