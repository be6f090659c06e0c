//! Attacks on the approval lists (`DanhSachPheDuyet`) and their use by the verifier, in two rounds:
//! the documents, editions and withdrawals; then the time rules (claims, time-stamps, the legacy
//! `claimed` policy), code binding and the history. Each test states what a secure verifier must do.

mod common;

use common::approvals::*;

use std::sync::Arc;
use std::time::Instant;

use hocba::Code;
use hocba::approvals::{
    ApprovalList, ApprovalPolicy, ApprovalRole, Approvals, ListAuthorities, ListHistory, SchoolKind, SignatureCheck,
    SignedYearRef, SuspensionReason, Withdrawal, WithdrawalRequest, list_signature_request, list_to_xml,
    request_signature_request, request_to_xml, verify_list, verify_request, year_fingerprint,
};
use hocba::crypto::{self, DigestAlgorithm, PrivateKey, SignatureAlgorithm};
use hocba::dsig::{KeySigner, VerifyOptions};
use hocba::pki::{Crl, RevocationData, TimePolicy};
use hocba::pki::{RevocationChecker, SigningOptions, TrustOptions};
use hocba::report::{Verdict, VerificationReport};
use hocba::signer::{SignerConfig, TranscriptSigner};
use hocba::time::UtcTime;
use hocba::transcript::{Role, Transcript, WriteOptions, sample, to_xml, to_xml_with};
use hocba::verifier::{Verifier, VerifierConfig};

const OTHER_SCHOOL: &str = "01009999";
/// Authority A: the ward of Ba Đình (test PKI `schools/phuong-ba-dinh`), code sorting first.
const A: &str = "PVHXH-BD";
/// Authority B: the ward of Bến Nghé (`schools/phuong-ben-nghe`).
const B: &str = "PVHXH-BN";

/// A signer checked at `at`, writing `claimed` as the SigningTime (default: `at`).
fn signer(at: &str, claimed: Option<&str>) -> TranscriptSigner {
    TranscriptSigner::new(SignerConfig {
        trust: trust(at),
        revocation: checker(),
        signing: SigningOptions { tsa_url: None, embed_validation_data: false },
        signing_time: claimed.map(time),
        ..SignerConfig::default()
    })
}

/// A signer that does not check its own certificate (to sign with expired or revoked keys).
fn unchecked_signer() -> TranscriptSigner {
    TranscriptSigner::new(SignerConfig {
        check_signer: false,
        signing: SigningOptions { tsa_url: None, embed_validation_data: false },
        ..SignerConfig::default()
    })
}

fn transcript_of(school: &str, name: &str) -> Transcript {
    let mut transcript = sample::primary();
    for year in &mut transcript.years {
        year.giao_vien_chu_nhiem = "Nguyễn Thị Hoa".into();
        year.hieu_truong = "Trần Văn Minh".into();
        year.truong.ma_truong = school.into();
        year.truong.ten_truong = name.into();
    }
    transcript
}

fn transcript() -> Transcript {
    transcript_of(SCHOOL, "Trường Tiểu học Kim Đồng")
}

/// Every year of `transcript` signed by `gvcn` and `principal` (and `seal` if given), by a signer
/// checked at `at` that claims `claimed`.
fn sign_transcript(
    transcript: &Transcript,
    gvcn: &str,
    principal: &str,
    seal: Option<&str>,
    at: &str,
    claimed: Option<&str>,
) -> Vec<u8> {
    let signer = signer(at, claimed);
    let mut xml = match seal {
        Some(_) => to_xml_with(transcript, WriteOptions::default().with_seal_places()).unwrap(),
        None => to_xml(transcript).unwrap(),
    };
    for year in &transcript.years {
        xml = signer.sign_year(&xml, &year.id, Role::Gvcn, &key(gvcn)).unwrap();
        xml = signer.sign_year(&xml, &year.id, Role::HieuTruong, &key(principal)).unwrap();
        if let Some(seal) = seal {
            xml = signer.sign_year(&xml, &year.id, Role::Seal, &key(seal)).unwrap();
        }
    }
    xml
}

fn signed_transcript() -> Vec<u8> {
    sign_transcript(&transcript(), "gvcn", "hieutruong", None, SIGNED_AT, None)
}

/// `list` signed by authority A's certificate.
fn signed_list(list: &ApprovalList) -> Vec<u8> {
    signed_by(list, "schools/phuong-ba-dinh")
}

/// Trusted authorities: A and B.
fn authorities() -> ListAuthorities {
    let mut authorities = ListAuthorities::new();
    authorities.add_certificate(&cert("schools/phuong-ba-dinh"));
    authorities.add_certificate(&cert("schools/phuong-ben-nghe"));
    authorities
}

fn load_with(lists: &[Vec<u8>], authorities: &ListAuthorities, history: Option<&mut ListHistory>) -> Approvals {
    let (options, trust, revocation) = (VerifyOptions::default(), trust(CHECKED_AT), checker());
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
    let documents = lists.iter().enumerate().map(|(i, xml)| (format!("list-{i}.xml"), xml.clone()));
    Approvals::load(documents, authorities, &check, history)
}

fn load(lists: &[Vec<u8>]) -> Approvals {
    load_with(lists, &authorities(), None)
}

fn verify_with(xml: &[u8], approvals: Approvals, policy: ApprovalPolicy) -> VerificationReport {
    let config = VerifierConfig {
        trust: trust(CHECKED_AT),
        revocation: checker(),
        approvals: Some(Arc::new(approvals)),
        approval_policy: policy,
        ..VerifierConfig::default()
    };
    Verifier::new(config).verify(xml).unwrap().report().clone()
}

fn verify(xml: &[u8], lists: &[Vec<u8>]) -> VerificationReport {
    verify_with(xml, load(lists), ApprovalPolicy::Require)
}

fn check() -> (VerifyOptions, TrustOptions, Arc<RevocationChecker>) {
    (VerifyOptions::default(), trust(CHECKED_AT), checker())
}

/// The list as verified, or the error.
fn verified(xml: &[u8]) -> Result<ApprovalList, hocba::approvals::ApprovalError> {
    let (options, trust, revocation) = check();
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
    verify_list(xml, &authorities(), &check).map(|v| v.list().clone())
}

// ---------------------------------------------------------------------------------------------
// Sanity: the harness works.

#[test]
fn baseline_a_list_by_a_approves_the_signers() {
    let report = verify(&signed_transcript(), &[signed_list(&list(A))]);
    assert_verdict(&report, Verdict::Valid, None);
}

// ---------------------------------------------------------------------------------------------
// Wrapping attacks on the list document.

/// A forged list: the school's approvals replaced by the attacker's certificate.
fn forged_content() -> String {
    let mut forged = list(A);
    forged.schools[0].certificates.clear();
    let from = time("2026-01-01T00:00:00Z");
    forged.approve(SCHOOL, &cert("schools/le-loi-gvcn"), &[ApprovalRole::HomeroomTeacher], from, None).unwrap();
    let xml = String::from_utf8(list_to_xml(&forged).unwrap()).unwrap();
    let start = xml.find("<NoiDung").unwrap();
    let end = xml.find("</NoiDung>").unwrap() + "</NoiDung>".len();
    xml[start..end].to_owned()
}

/// Takes the list as verified: Ok means it was used, and it must then be the signed content.
fn assert_not_forged(xml: &str) {
    match verified(xml.as_bytes()) {
        Ok(list) => assert_eq!(list, self::list(A), "the verified list is not the signed one"),
        Err(error) => eprintln!("refused: {error}"),
    }
}

#[test]
fn wrapping_a_forged_noi_dung_first_and_the_signed_one_second_is_refused() {
    let signed = String::from_utf8(signed_list(&list(A))).unwrap();
    let forged = forged_content().replacen(" Id=\"DSPD\"", "", 1);
    let root_end =
        signed.find("xmlns=\"urn:hocba:pheduyet:1.0\">").unwrap() + "xmlns=\"urn:hocba:pheduyet:1.0\">".len();
    let attacked = format!("{}{}{}", &signed[..root_end], forged, &signed[root_end..]);
    assert!(verified(attacked.as_bytes()).is_err());
    assert_not_forged(&attacked);
}

#[test]
fn wrapping_the_signed_noi_dung_moved_into_an_unknown_wrapper_is_refused() {
    let signed = String::from_utf8(signed_list(&list(A))).unwrap();
    let start = signed.find("<NoiDung").unwrap();
    let end = signed.find("</NoiDung>").unwrap() + "</NoiDung>".len();
    let original = &signed[start..end];
    let forged = forged_content().replacen(" Id=\"DSPD\"", "", 1);
    let attacked = format!("{}{}<Extra>{}</Extra>{}", &signed[..start], forged, original, &signed[end..]);
    assert!(verified(attacked.as_bytes()).is_err());
    // And inside ChuKy, beside the signature.
    let attacked = format!("{}{}{}", &signed[..start], forged, &signed[end..]);
    let attacked = attacked.replacen("<ChuKy>", &format!("<ChuKy>{original}"), 1);
    assert!(verified(attacked.as_bytes()).is_err());
}

#[test]
fn wrapping_a_forged_noi_dung_with_a_duplicate_id_or_xml_id_is_refused() {
    let signed = String::from_utf8(signed_list(&list(A))).unwrap();
    let start = signed.find("<NoiDung").unwrap();
    for forged in [forged_content(), forged_content().replacen(" Id=\"DSPD\"", " xml:id=\"DSPD\"", 1)] {
        let attacked = format!("{}{}{}", &signed[..start], forged, &signed[start..]);
        assert!(verified(attacked.as_bytes()).is_err(), "{}", &forged[..40]);
        let after = signed.replacen("<ChuKy>", &format!("{forged}<ChuKy>"), 1);
        assert!(verified(after.as_bytes()).is_err());
    }
}

#[test]
fn wrapping_a_forged_noi_dung_in_another_namespace_is_not_read() {
    let signed = String::from_utf8(signed_list(&list(A))).unwrap();
    let start = signed.find("<NoiDung").unwrap();
    let forged = forged_content().replacen(" Id=\"DSPD\"", "", 1).replace("<NoiDung", "<NoiDung xmlns=\"urn:evil\"");
    let attacked = format!("{}{}{}", &signed[..start], forged, &signed[start..]);
    assert_not_forged(&attacked);
    // A prefixed copy of the approvals namespace with the forged content, Id-less, after ChuKy.
    let prefixed = forged_content()
        .replacen(" Id=\"DSPD\"", "", 1)
        .replace('<', "<p:")
        .replace("<p:/", "</p:")
        .replacen("<p:NoiDung", "<p:NoiDung xmlns:p=\"urn:hocba:pheduyet:1.0\"", 1);
    let attacked = signed.replacen("</DanhSachPheDuyet>", &format!("{prefixed}</DanhSachPheDuyet>"), 1);
    assert_not_forged(&attacked);
}

#[test]
fn a_second_signature_or_one_outside_chuky_is_refused() {
    let signed = String::from_utf8(signed_list(&list(A))).unwrap();
    let start = signed.find("<ds:Signature").or_else(|| signed.find("<Signature")).unwrap();
    let end = signed.rfind("</ChuKy>").unwrap();
    let signature = &signed[start..end];
    // The signature moved out of ChuKy to the root.
    let moved = format!("{}{}{}", &signed[..start], &signed[end..], "").replacen(
        "</DanhSachPheDuyet>",
        &format!("{signature}</DanhSachPheDuyet>"),
        1,
    );
    assert!(verified(moved.as_bytes()).is_err());
    // A second copy of the signature (same Ids) in ChuKy.
    let twice = signed.replacen("</ChuKy>", &format!("{signature}</ChuKy>"), 1);
    assert!(verified(twice.as_bytes()).is_err());
    // A second, different signature by B over the same content, in ChuKy.
    let by_b = String::from_utf8(signed_by(&list(A), "schools/phuong-ben-nghe")).unwrap();
    let b_start = by_b.find("<ds:Signature").or_else(|| by_b.find("<Signature")).unwrap();
    let b_end = by_b.rfind("</ChuKy>").unwrap();
    let b_signature = by_b[b_start..b_end].replace("DSPD-ChuKy", "DSPD-ChuKy2");
    let two = signed.replacen("</ChuKy>", &format!("{b_signature}</ChuKy>"), 1);
    assert!(verified(two.as_bytes()).is_err());
}

#[test]
fn comments_inside_signed_values_neither_break_nor_change_the_list() {
    let signed = String::from_utf8(signed_list(&list(A))).unwrap();
    // Same-document references drop comments: the signature still verifies, and the value read
    // is the whole text (the comment cannot truncate or split it).
    let commented =
        signed.replacen(&format!("<MaTruong>{SCHOOL}</MaTruong>"), "<MaTruong>0100<!--x-->1234</MaTruong>", 1);
    assert_eq!(verified(commented.as_bytes()).unwrap(), list(A));
    // A processing instruction is signed content: the digest no longer matches.
    let pi = signed.replacen("<SoThuTu>", "<?x y?><SoThuTu>", 1);
    assert!(verified(pi.as_bytes()).is_err());
}

// ---------------------------------------------------------------------------------------------
// The authority's certificate.

fn authorities_of(names: &[&str]) -> ListAuthorities {
    let mut authorities = ListAuthorities::new();
    for name in names {
        authorities.add_certificate(&cert(name));
    }
    authorities
}

fn sign_unchecked(list: &ApprovalList, name: &str, algorithm: Option<SignatureAlgorithm>) -> Vec<u8> {
    let xml = list_to_xml(list).unwrap();
    unchecked_signer().sign(&xml, &list_signature_request(list.issued), &key_with(name, algorithm)).unwrap()
}

#[test]
fn a_list_by_an_expired_revoked_or_unchained_authority_certificate_is_refused() {
    let (_, _, _) = check();
    for (name, issued) in [
        ("expired", "2021-06-01T00:00:00Z"),
        ("revoked", "2025-05-01T00:00:00Z"),
        ("other-gvcn", "2026-06-01T00:00:00Z"),
        ("selfsigned-gvcn", "2026-06-01T00:00:00Z"),
    ] {
        let mut list = list(A);
        list.issued = time(issued);
        let xml = sign_unchecked(&list, name, None);
        let approvals = load_with(&[xml], &authorities_of(&[name]), None);
        assert!(approvals.lists().is_empty(), "{name}: list used");
        assert_eq!(approvals.rejected().len(), 1, "{name}");
        eprintln!("{name}: {}", approvals.rejected()[0].1);
    }
}

#[test]
fn a_list_signed_with_rsa_sha1_is_refused() {
    let sha1 = SignatureAlgorithm::all()
        .find(|a| a.digest() == DigestAlgorithm::Sha1 && SignatureAlgorithm::RSA_SHA256.scheme() == a.scheme());
    let Some(sha1) = sha1 else { return };
    let list = list(A);
    let xml = list_to_xml(&list).unwrap();
    // The library refuses to make SHA-1 signatures (and KeySigner refuses the algorithm), so a
    // SHA-1 list cannot be made here; the dsig layer's allow-list refuses one by default.
    let name = "schools/phuong-ba-dinh";
    let private = PrivateKey::from_pem_or_der(&pki(&format!("{name}-key.pem"))).unwrap();
    let chain = vec![cert(name)];
    let Ok(key) = KeySigner::new(private, chain, sha1, crypto::default_provider()) else { return };
    let Ok(signed) = unchecked_signer().sign(&xml, &list_signature_request(list.issued), &key) else { return };
    let approvals = load(&[signed]);
    assert!(approvals.lists().is_empty());
}

// ---------------------------------------------------------------------------------------------
// One trusted authority against another.

/// B signs a list under A's code (MaCoQuan) with a higher edition: B replaces A's list for A's
/// schools and approves its own signer. Expected: a list is bound to the authority that signed
/// it (B cannot speak as A), or at least B's claim over A's school is a conflict, never a valid
/// verdict for a signer only B approved.
#[test]
fn another_authority_cannot_take_over_an_authoritys_code_with_a_higher_edition() {
    let genuine = signed_list(&list(A));
    let mut hijack = list(A);
    hijack.sequence = 2;
    hijack.schools[0].certificates.clear();
    let from = time("2026-01-01T00:00:00Z");
    hijack.approve(SCHOOL, &cert("schools/le-loi-gvcn"), &[ApprovalRole::HomeroomTeacher], from, None).unwrap();
    hijack.approve(SCHOOL, &cert("hieutruong"), &[ApprovalRole::Principal], from, None).unwrap();
    let hijack = signed_by(&hijack, "schools/phuong-ben-nghe");
    // A transcript whose GVCN place is signed by B's man.
    let forged = sign_transcript(&transcript(), "schools/le-loi-gvcn", "hieutruong", None, SIGNED_AT, None);
    // Control: with A's list alone, B's man is not approved.
    assert_verdict(&verify(&forged, std::slice::from_ref(&genuine)), Verdict::Invalid, Some(Code::SignerNotApproved));
    let mut history = ListHistory::new();
    let approvals = load_with(&[genuine.clone(), hijack], &authorities(), Some(&mut history));
    let report = verify_with(&forged, approvals, ApprovalPolicy::Require);
    // And the history now holds B's edition as A's: A's genuine list is a "rollback" from now on.
    let later = verify_with(
        &signed_transcript(),
        load_with(&[genuine], &authorities(), Some(&mut history)),
        ApprovalPolicy::Require,
    );
    assert_ne!(report.verdict(), Verdict::Valid, "B's signer passes as approved by A: {:?}", codes(&report));
    assert_eq!(later.verdict(), Verdict::Valid, "A's genuine list refused after B's hijack: {:?}", codes(&later));
}

/// B lists A's school under its own code: a conflict, so every transcript of the school is
/// undetermined (a denial by any one configured authority). Held as designed; recorded here.
#[test]
fn another_authority_listing_a_school_makes_it_a_conflict() {
    let report = verify(&signed_transcript(), &[signed_list(&list(A)), signed_by(&list(B), "schools/phuong-ben-nghe")]);
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalConflict));
}

// ---------------------------------------------------------------------------------------------
// Withdrawals.

fn year_ref(xml: &[u8], school: &str, year: usize) -> SignedYearRef {
    let verification =
        Verifier::new(VerifierConfig { trust: trust(CHECKED_AT), revocation: checker(), ..Default::default() })
            .verify(xml)
            .unwrap();
    let verified = verification.transcript().unwrap().signed_transcript().unwrap();
    let signed_year = &verified.years()[year];
    SignedYearRef {
        school: school.into(),
        record: verified.unsigned_envelope().id_ban_ghi.clone(),
        transcript: verified.unsigned_header().ma_dinh_danh_hoc_ba.clone(),
        year: signed_year.year().id.clone(),
        fingerprint: year_fingerprint(signed_year.signature(Role::Gvcn).unwrap()),
    }
}

fn withdrawal(year: SignedYearRef, decision: &str) -> Withdrawal {
    Withdrawal {
        year,
        at: time("2026-06-25T00:00:00Z"),
        reason: "Sai điểm".into(),
        decision: decision.into(),
        request: "1".into(),
        request_sha256: [7; 32],
    }
}

/// The genuine withdrawal of SCHOOL's year 1 by its authority B is shadowed by an entry in A's
/// list with the same fingerprint under another school (A's own school OTHER_SCHOOL): the
/// verifier indexes withdrawals by fingerprint alone, first list (by code) wins, then requires
/// the school to match, so the genuine one is never seen.
#[test]
fn a_withdrawal_is_not_shadowed_by_another_schools_entry_with_the_same_fingerprint() {
    let xml = signed_transcript();
    let year = year_ref(&xml, SCHOOL, 1);
    // B manages SCHOOL and withdraws the year.
    let mut b = list(B);
    b.withdrawals.push(withdrawal(year.clone(), "12/QĐ-BN"));
    // A manages OTHER_SCHOOL; its school (malicious staff) asked to withdraw "its" year with the
    // fingerprint of SCHOOL's year; A took it.
    let mut a = ApprovalList::new(authority(A), time("2026-06-01T00:00:00Z"), time("2026-12-31T00:00:00Z"));
    a.set_school(OTHER_SCHOOL, "Trường Tiểu học Lê Lợi", SchoolKind::Public, false).unwrap();
    a.withdrawals.push(withdrawal(SignedYearRef { school: OTHER_SCHOOL.into(), ..year }, "1/QĐ-BD"));
    let lists = [signed_list(&a), signed_by(&b, "schools/phuong-ben-nghe")];
    // Control: B's list alone withdraws the year.
    assert_verdict(&verify(&xml, &lists[1..]), Verdict::Invalid, Some(Code::YearWithdrawn));
    let report = verify(&xml, &lists);
    assert_verdict(&report, Verdict::Invalid, Some(Code::YearWithdrawn));
}

/// The same within one authority: a school's principal and seal ask to withdraw a year of another
/// school under their own school's code; the authority's `withdraw` takes it (the request is
/// signed by approved signers of the school it names), and then refuses the genuine request of
/// the year's school as "already withdrawn".
#[test]
fn a_schools_request_naming_another_schools_year_does_not_block_that_schools_withdrawal() {
    let xml = signed_transcript();
    let year = year_ref(&xml, SCHOOL, 1);
    let mut list = list(A);
    let from = time("2026-01-01T00:00:00Z");
    list.approve(SCHOOL, &cert("gvcn"), &[ApprovalRole::HomeroomTeacher, ApprovalRole::Seal], from, None).unwrap();
    list.set_school(OTHER_SCHOOL, "Trường THCS Lê Lợi", SchoolKind::Public, false).unwrap();
    list.approve(OTHER_SCHOOL, &cert("schools/le-loi-hieutruong"), &[ApprovalRole::Principal], from, None).unwrap();
    list.approve(OTHER_SCHOOL, &cert("schools/le-loi-gvcn"), &[ApprovalRole::Seal], from, None).unwrap();
    let (options, trust, revocation) = check();
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
    let request = |school: &str, principal: &str, seal: &str| {
        let request = WithdrawalRequest {
            number: format!("{school}-1"),
            school_name: "Trường".into(),
            year: SignedYearRef { school: school.into(), ..year.clone() },
            reason: "Sai điểm".into(),
            requested: time("2026-06-20T01:00:00Z"),
        };
        let xml = request_to_xml(&request).unwrap();
        let at = "2026-06-20T02:00:00Z";
        let p = request_signature_request(ApprovalRole::Principal, time(at)).unwrap();
        let xml = signer(at, None).sign(&xml, &p, &key(principal)).unwrap();
        let s = request_signature_request(ApprovalRole::Seal, time(at)).unwrap();
        let xml = signer(at, None).sign(&xml, &s, &key(seal)).unwrap();
        verify_request(&xml, &check).unwrap()
    };
    let squatter = request(OTHER_SCHOOL, "schools/le-loi-hieutruong", "schools/le-loi-gvcn");
    let genuine = request(SCHOOL, "hieutruong", "gvcn");
    let _ = list.withdraw(&squatter, "1/QĐ", time("2026-06-21T00:00:00Z"));
    list.withdraw(&genuine, "2/QĐ", time("2026-06-22T00:00:00Z")).expect("the year's own school's request is taken");
    assert_verdict(&verify(&xml, &[signed_list(&list)]), Verdict::Invalid, Some(Code::YearWithdrawn));
}

/// B, not managing SCHOOL, lists it (a conflict) and withdraws one of its years: the withdrawal
/// counts (invalid, not just undetermined). Recorded: any configured authority can invalidate any
/// school's years.
#[test]
fn an_authority_listing_a_school_it_does_not_manage_can_withdraw_its_years() {
    let xml = signed_transcript();
    let year = year_ref(&xml, SCHOOL, 1);
    let mut b = list(B);
    b.withdrawals.push(withdrawal(year, "9/QĐ-BN"));
    let report = verify(&xml, &[signed_list(&list(A)), signed_by(&b, "schools/phuong-ben-nghe")]);
    assert_verdict(&report, Verdict::Invalid, Some(Code::YearWithdrawn));
}

// ---------------------------------------------------------------------------------------------
// Signing time.

/// The GVCN's approval ended 2026-06-01 (DenNgay). The GVCN signs on 2026-06-15 but writes a
/// SigningTime of 2026-05-30. Expected (as the trust layer treats an unproven time, and as
/// revocation treats a non-compromise revocation: RevokedNoPoe): a claimed time does not prove
/// the signature was made inside the approval window; not valid.
#[test]
fn a_back_dated_signing_time_does_not_pass_an_ended_approval() {
    let mut list = list(A);
    let from = time("2026-01-01T00:00:00Z");
    list.approve(SCHOOL, &cert("gvcn"), &[ApprovalRole::HomeroomTeacher], from, Some(time("2026-06-01T00:00:00Z")))
        .unwrap();
    let honest = sign_transcript(&transcript(), "gvcn", "hieutruong", None, SIGNED_AT, None);
    assert_verdict(&verify(&honest, &[signed_list(&list)]), Verdict::Invalid, Some(Code::SignerNotApproved));
    let back_dated =
        sign_transcript(&transcript(), "gvcn", "hieutruong", None, SIGNED_AT, Some("2026-05-30T00:00:00Z"));
    let report = verify(&back_dated, &[signed_list(&list)]);
    assert_ne!(report.verdict(), Verdict::Valid, "a back-dated claim passes an ended approval: {:?}", codes(&report));
}

/// The same with a suspension because the holder left the post (nghi-viec): they still hold the
/// key.
#[test]
fn a_back_dated_signing_time_does_not_pass_a_left_post_suspension() {
    let mut list = list(A);
    let gvcn = list.schools[0].certificates[0].sha256;
    list.suspend(SCHOOL, &gvcn, time("2026-06-10T00:00:00Z"), SuspensionReason::LeftPost, None).unwrap();
    let back_dated =
        sign_transcript(&transcript(), "gvcn", "hieutruong", None, SIGNED_AT, Some("2026-06-01T00:00:00Z"));
    let report = verify(&back_dated, &[signed_list(&list)]);
    assert_ne!(report.verdict(), Verdict::Valid, "a back-dated claim passes a suspension: {:?}", codes(&report));
}

/// A stale list, soft-fail: the GVCN's key was suspended as compromised (lo-khoa) before the list
/// was issued; the thief signs with a time after the issue. The policy's promise: a signer not
/// approved makes the transcript invalid under every policy but off.
#[test]
fn a_stale_list_under_soft_fail_does_not_let_a_compromised_key_through() {
    let mut list = list(A);
    list.next_update = time("2026-06-20T00:00:00Z");
    let gvcn = list.schools[0].certificates[0].sha256;
    list.suspend(SCHOOL, &gvcn, time("2026-05-01T00:00:00Z"), SuspensionReason::KeyCompromise, None).unwrap();
    let xml = signed_transcript();
    // Control: the same list, not stale, refuses the key under soft-fail.
    let mut fresh = list.clone();
    fresh.next_update = time("2026-12-31T00:00:00Z");
    let report = verify_with(&xml, load(&[signed_list(&fresh)]), ApprovalPolicy::SoftFail);
    assert_verdict(&report, Verdict::Invalid, Some(Code::ApprovalSuspended));
    let report = verify_with(&xml, load(&[signed_list(&list)]), ApprovalPolicy::SoftFail);
    assert_ne!(report.verdict(), Verdict::Valid, "compromised key passes with a warning: {:?}", codes(&report));
}

// ---------------------------------------------------------------------------------------------
// The seal.

#[test]
fn a_required_seal_signed_by_a_certificate_not_approved_as_the_seal_is_invalid() {
    let mut list = list(A);
    list.set_school(SCHOOL, "Trường Tiểu học Kim Đồng", SchoolKind::Public, true).unwrap();
    // The GVCN's own key in the seal place: approved as gvcn only.
    let xml = sign_transcript(&transcript(), "gvcn", "hieutruong", Some("gvcn"), SIGNED_AT, None);
    assert_verdict(&verify(&xml, &[signed_list(&list)]), Verdict::Invalid, Some(Code::SignerNotApproved));
    // Another school's seal, approved as the seal for that school only.
    list.set_school(OTHER_SCHOOL, "Trường THCS Nguyễn Du", SchoolKind::Public, true).unwrap();
    let from = time("2026-01-01T00:00:00Z");
    list.approve(OTHER_SCHOOL, &cert("schools/nguyen-du-condau"), &[ApprovalRole::Seal], from, None).unwrap();
    let xml = sign_transcript(&transcript(), "gvcn", "hieutruong", Some("schools/nguyen-du-condau"), SIGNED_AT, None);
    assert_verdict(&verify(&xml, &[signed_list(&list)]), Verdict::Invalid, Some(Code::SignerNotApproved));
}

// ---------------------------------------------------------------------------------------------
// The school code.

#[test]
fn a_school_code_with_spaces_or_look_alike_digits_is_not_the_listed_school() {
    for code in [" 01001234", "01001234 ", "０1001234", "01001234\u{200B}"] {
        let transcript = transcript_of(code, "Trường Tiểu học Kim Đồng");
        let Ok(xml) = to_xml(&transcript) else { continue };
        let signer = signer(SIGNED_AT, None);
        let mut signed = xml;
        for year in &transcript.years {
            signed = signer.sign_year(&signed, &year.id, Role::Gvcn, &key("gvcn")).unwrap();
            signed = signer.sign_year(&signed, &year.id, Role::HieuTruong, &key("hieutruong")).unwrap();
        }
        let report = verify(&signed, &[signed_list(&list(A))]);
        assert_ne!(report.verdict(), Verdict::Valid, "{code:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Work budget: a list at the input limit, signed by a trusted authority.

fn timed_load(xml: Vec<u8>) -> (f64, Approvals) {
    let started = Instant::now();
    let approvals = load(&[xml]);
    (started.elapsed().as_secs_f64(), approvals)
}

/// As many schools as fit half of 16 MiB and as many withdrawals as fit the rest, each naming
/// the last school: the reader looks the school up in the list for each withdrawal (O(W·S)) and
/// compares each withdrawal with all before it (O(W²)).
#[test]
fn a_list_at_the_input_limit_with_many_schools_and_withdrawals_loads_whole() {
    let limit = hocba::xml::Limits::default().max_input_bytes;
    let mut list = ApprovalList::new(authority(A), time("2026-06-01T00:00:00Z"), time("2026-12-31T00:00:00Z"));
    // The reader's node limit (1,000,000) binds first: a school is about 15 nodes, a withdrawal
    // about 33.
    let schools = 33_000;
    for i in 0..schools {
        list.schools.push(hocba::approvals::School {
            code: format!("{i:08}"),
            name: "T".into(),
            kind: SchoolKind::Public,
            seal_required: false,
            certificates: Vec::new(),
        });
    }
    let last = list.schools.last().unwrap().code.clone();
    let withdrawals = 14_500;
    for i in 0..withdrawals {
        let mut fingerprint = [0u8; 32];
        fingerprint[..8].copy_from_slice(&(i as u64).to_be_bytes());
        list.withdrawals.push(Withdrawal {
            year: SignedYearRef {
                school: last.clone(),
                record: "r".into(),
                transcript: "t".into(),
                year: "y".into(),
                fingerprint,
            },
            at: time("2026-06-25T00:00:00Z"),
            reason: "x".into(),
            decision: "x".into(),
            request: "x".into(),
            request_sha256: [0; 32],
        });
    }
    let mut xml = list_to_xml(&list).unwrap();
    while xml.len() > limit - 20_000 {
        list.withdrawals.truncate(list.withdrawals.len() * 9 / 10);
        xml = list_to_xml(&list).unwrap();
    }
    let signed = signed_list(&list);
    eprintln!("{} bytes, {} schools, {} withdrawals", signed.len(), list.schools.len(), list.withdrawals.len());
    assert!(signed.len() <= limit);
    let (seconds, approvals) = timed_load(signed);
    eprintln!(
        "loaded in {seconds:.2} s; rejected: {:?}",
        approvals.rejected().iter().map(|r| r.1.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(approvals.lists().len(), 1);
    // The control: the same sizes, each withdrawal naming the first school (found at once).
    let first = list.schools[0].code.clone();
    for withdrawal in &mut list.withdrawals {
        withdrawal.year.school = first.clone();
    }
    let (control, _) = timed_load(signed_list(&list));
    // Times are printed, not asserted (speed lives in benchmarks; BENCHMARKS.md has the
    // measurement): the test holds that such a list loads at all, whole.
    eprintln!("last school: {seconds:.2} s; control (withdrawals naming the first school): {control:.2} s");
}

// ---------------------------------------------------------------------------------------------
// The history file.

#[test]
fn a_malformed_history_is_a_short_typed_error() {
    let huge = format!("{{\"authorities\": \"{}\"", "\u{1b}[2J".repeat(1_000_000));
    let error = ListHistory::from_json(&huge).unwrap_err();
    let message = error.to_string();
    assert!(message.len() < 10_000, "the error message quotes the whole file: {} bytes", message.len());
}

// ---------------------------------------------------------------------------------------------
// Second round: the time rules, code binding and the history, withdrawals in odd places.

fn verify_config(xml: &[u8], approvals: Approvals, trust: TrustOptions, policy: ApprovalPolicy) -> VerificationReport {
    let config = VerifierConfig {
        trust,
        revocation: checker(),
        approvals: Some(Arc::new(approvals)),
        approval_policy: policy,
        ..VerifierConfig::default()
    };
    Verifier::new(config).verify(xml).unwrap().report().clone()
}

/// `list(A)` with the GVCN approved from `from` until `until` only.
fn gvcn_window(from: &str, until: Option<&str>) -> ApprovalList {
    let mut list = list(A);
    list.approve(SCHOOL, &cert("gvcn"), &[ApprovalRole::HomeroomTeacher], time(from), until.map(time)).unwrap();
    list
}

// ---------------------------------------------------------------------------------------------
// Time rules without a time-stamp.

/// The GVCN is approved from 2026-06-10 (and is approved at the verification time); the GVCN's own
/// SigningTime says 2026-06-05, before the approval began: the signer's word against it.
#[test]
fn a_claim_before_the_approval_began_is_invalid_though_approved_now() {
    let list = gvcn_window("2026-06-10T00:00:00Z", None);
    let xml = sign_transcript(&transcript(), "gvcn", "hieutruong", None, SIGNED_AT, Some("2026-06-05T00:00:00Z"));
    let report = verify(&xml, &[signed_list(&list)]);
    assert_verdict(&report, Verdict::Invalid, Some(Code::SignerNotApproved));
}

/// Legacy `claimed` policy: the claim is the judged time. A claim before TuNgay is invalid.
#[test]
fn under_the_claimed_policy_a_claim_before_the_approval_began_is_invalid() {
    let list = gvcn_window("2026-06-10T00:00:00Z", None);
    let xml = sign_transcript(&transcript(), "gvcn", "hieutruong", None, SIGNED_AT, Some("2026-06-05T00:00:00Z"));
    let trust = TrustOptions { time: TimePolicy::ClaimedSigningTime, ..trust(CHECKED_AT) };
    let report = verify_config(&xml, load(&[signed_list(&list)]), trust, ApprovalPolicy::Require);
    assert_verdict(&report, Verdict::Invalid, Some(Code::SignerNotApproved));
}

/// Legacy `claimed` policy: a key-compromise suspension after the claimed time still refuses the
/// signature (a claim is not proof), under require and soft-fail.
#[test]
fn under_the_claimed_policy_a_key_compromise_suspension_after_the_claim_is_invalid() {
    let mut list = list(A);
    let gvcn = list.schools[0].certificates[0].sha256;
    list.suspend(SCHOOL, &gvcn, time("2026-06-20T00:00:00Z"), SuspensionReason::KeyCompromise, None).unwrap();
    let xml = signed_transcript(); // claims 2026-06-15, before the suspension
    for policy in [ApprovalPolicy::Require, ApprovalPolicy::SoftFail] {
        let trust = TrustOptions { time: TimePolicy::ClaimedSigningTime, ..trust(CHECKED_AT) };
        let report = verify_config(&xml, load(&[signed_list(&list)]), trust, policy);
        assert_verdict(&report, Verdict::Invalid, Some(Code::ApprovalSuspended));
    }
}

/// A stale list (issued 2026-06-01, stale from 2026-06-20) that does not list the signer's
/// certificate, soft-fail. The signer (a public-service certificate of another school) claims
/// 2026-05-20, before the list was issued: by its own word the list speaks for that time, and the
/// list does not approve it.
#[test]
fn a_stale_list_decides_a_signer_not_listed_that_claims_a_time_before_its_issue() {
    let mut list = list(A);
    list.next_update = time("2026-06-20T00:00:00Z");
    let xml = sign_transcript(
        &transcript(),
        "schools/le-loi-gvcn",
        "hieutruong",
        None,
        SIGNED_AT,
        Some("2026-05-20T00:00:00Z"),
    );
    // Control: the fresh list refuses it.
    let mut fresh = list.clone();
    fresh.next_update = time("2026-12-31T00:00:00Z");
    let report = verify_with(&xml, load(&[signed_list(&fresh)]), ApprovalPolicy::SoftFail);
    assert_verdict(&report, Verdict::Invalid, Some(Code::SignerNotApproved));
    let report = verify_with(&xml, load(&[signed_list(&list)]), ApprovalPolicy::SoftFail);
    assert_ne!(
        report.verdict(),
        Verdict::Valid,
        "an unlisted signer claiming a time the list covers passes: {:?}",
        codes(&report)
    );
}

// ---------------------------------------------------------------------------------------------
// Time-stamps (the test PKI's TSA: test-vectors/pki/serve.sh).

const TSA: &str = "http://127.0.0.1:18080/tsa";
const LATER: &str = "2027-03-01T00:00:00Z";

fn real_now() -> UtcTime {
    UtcTime::from_system_time(std::time::SystemTime::now())
}

fn days_from_now(days: i64) -> UtcTime {
    UtcTime::from_unix_seconds(real_now().unix_seconds() + days * 86_400)
}

/// Every year signed by the GVCN and principal, each signature time-stamped now by the TSA, each
/// claiming `claimed` (default: now).
fn stamped_transcript(claimed: Option<UtcTime>) -> Vec<u8> {
    let mut signing_trust = trust(CHECKED_AT);
    signing_trust.now = None;
    let crls = [Crl::all_from_pem_or_der(&pki("ca.crl")).unwrap(), Crl::all_from_pem_or_der(&pki("root.crl")).unwrap()]
        .concat();
    let signer = TranscriptSigner::new(SignerConfig {
        trust: signing_trust,
        revocation: Arc::new(common::pki_servers::online(RevocationData { crls, ..Default::default() })),
        signing: SigningOptions { tsa_url: Some(TSA.into()), embed_validation_data: false },
        signing_time: claimed,
        ..SignerConfig::default()
    });
    let transcript = transcript();
    let mut xml = to_xml(&transcript).unwrap();
    for year in &transcript.years {
        xml = signer.sign_year(&xml, &year.id, Role::Gvcn, &key("gvcn")).unwrap();
        xml = signer.sign_year(&xml, &year.id, Role::HieuTruong, &key("hieutruong")).unwrap();
    }
    xml
}

/// A list issued `issued` (verified at LATER, fresh until the end of 2027).
fn later_list(issued: &str, edit: impl FnOnce(&mut ApprovalList)) -> Vec<u8> {
    let mut list = ApprovalList::new(authority(A), time(issued), time("2027-12-31T00:00:00Z"));
    list.set_school(SCHOOL, "Trường Tiểu học Kim Đồng", SchoolKind::Public, false).unwrap();
    let from = time("2026-01-01T00:00:00Z");
    list.approve(SCHOOL, &cert("gvcn"), &[ApprovalRole::HomeroomTeacher], from, None).unwrap();
    list.approve(SCHOOL, &cert("hieutruong"), &[ApprovalRole::Principal], from, None).unwrap();
    edit(&mut list);
    signed_list(&list)
}

fn load_later(lists: &[Vec<u8>]) -> Approvals {
    let (options, trust, revocation) = (VerifyOptions::default(), trust(LATER), checker());
    let check = SignatureCheck { signatures: &options, trust: &trust, revocation: &revocation };
    let documents = lists.iter().enumerate().map(|(i, xml)| (format!("list-{i}.xml"), xml.clone()));
    Approvals::load(documents, &authorities(), &check, None)
}

fn verify_later(xml: &[u8], list: Vec<u8>) -> VerificationReport {
    verify_config(xml, load_later(&[list]), trust(LATER), ApprovalPolicy::Require)
}

/// The servers listen on fixed ports: one test at a time uses them.
static SERVERS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// (a) an approval ended after the proven time; (b) a key-compromise suspension before and after it.
#[test]
fn time_stamped_signatures_are_judged_at_the_proven_time() {
    let _one = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(_servers) = common::pki_servers::PkiServers::start() else { return };
    let stamped = stamped_transcript(None);
    let plain = sign_transcript(&transcript(), "gvcn", "hieutruong", None, &real_now().to_utc_string(), None);
    let stamp_time = {
        let report = verify_config(&stamped, Approvals::default(), trust(LATER), ApprovalPolicy::Off);
        let Some(hocba::report::SigningTime::TimeStamp { time, .. }) = report.signatures()[0].signing_time() else {
            panic!("not time-stamped: {:?} {:?}", report.signatures()[0].signing_time(), codes(&report))
        };
        *time
    };
    eprintln!("time-stamped at {}", stamp_time.to_utc_string());
    let ended = days_from_now(10).to_utc_string();

    // (a) The approval ended after the proven time: valid; the unstamped control is not proven.
    let list = later_list("2027-02-01T00:00:00Z", |l| {
        l.approve(
            SCHOOL,
            &cert("gvcn"),
            &[ApprovalRole::HomeroomTeacher],
            time("2026-01-01T00:00:00Z"),
            Some(time(&ended)),
        )
        .unwrap();
    });
    assert_verdict(&verify_later(&stamped, list.clone()), Verdict::Valid, None);
    assert_verdict(&verify_later(&plain, list), Verdict::Undetermined, Some(Code::ApprovalNotProven));

    // (b) Key compromise suspended before the proven time: invalid; after it: valid.
    let before = days_from_now(-1).to_utc_string();
    let list = later_list("2027-02-01T00:00:00Z", |l| {
        let gvcn = l.schools[0].certificates[0].sha256;
        l.suspend(SCHOOL, &gvcn, time(&before), SuspensionReason::KeyCompromise, None).unwrap();
    });
    assert_verdict(&verify_later(&stamped, list), Verdict::Invalid, Some(Code::ApprovalSuspended));
    let list = later_list("2027-02-01T00:00:00Z", |l| {
        let gvcn = l.schools[0].certificates[0].sha256;
        l.suspend(SCHOOL, &gvcn, time(&ended), SuspensionReason::KeyCompromise, None).unwrap();
    });
    assert_verdict(&verify_later(&stamped, list.clone()), Verdict::Valid, None);
    // The unstamped control: a key in doubt is refused whatever the claim.
    assert_verdict(&verify_later(&plain, list), Verdict::Invalid, Some(Code::ApprovalSuspended));
}

/// (c) Approved from yesterday; the GVCN's own SigningTime says 30 days ago (before the
/// approval began), the time-stamp (an upper bound on when it was signed) is after the start.
/// A time-stamp proves the signature existed by then, not that it was made after TuNgay: the
/// signer's own word that it signed before the approval is against it, as without a stamp.
#[test]
fn a_time_stamp_after_the_approval_began_does_not_override_an_earlier_claim() {
    let _one = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(_servers) = common::pki_servers::PkiServers::start() else { return };
    let from = days_from_now(-1).to_utc_string();
    let list = later_list("2027-02-01T00:00:00Z", |l| {
        l.approve(SCHOOL, &cert("gvcn"), &[ApprovalRole::HomeroomTeacher], time(&from), None).unwrap();
    });
    let early = days_from_now(-30).to_utc_string();
    // Control: the same claim unstamped is invalid (approved now, not at the claim).
    let plain = sign_transcript(&transcript(), "gvcn", "hieutruong", None, &real_now().to_utc_string(), Some(&early));
    assert_verdict(&verify_later(&plain, list.clone()), Verdict::Invalid, Some(Code::SignerNotApproved));
    let early_claim = stamped_transcript(Some(time(&early)));
    let report = verify_later(&early_claim, list);
    assert_verdict(&report, Verdict::Invalid, Some(Code::SignerNotApproved));
}

// ---------------------------------------------------------------------------------------------
// Code binding and the history.

const BA_DINH: &str = "schools/phuong-ba-dinh";
const BEN_NGHE: &str = "schools/phuong-ben-nghe";

fn bound(entries: &[(&str, Option<&str>)]) -> ListAuthorities {
    let mut authorities = ListAuthorities::new();
    for (name, code) in entries {
        authorities.add(hocba::approvals::certificate_sha256(&cert(name)), *code);
    }
    authorities
}

fn edition(sequence: u64) -> ApprovalList {
    let mut list = list(A);
    list.sequence = sequence;
    list
}

fn verify_loaded(approvals: Approvals) -> VerificationReport {
    verify_with(&signed_transcript(), approvals, ApprovalPolicy::Require)
}

/// A renews its certificate (the new one is, for the test, Bến Nghé's): both bound to A's code;
/// edition 1 by the old, edition 2 by the new, in one run and across runs: not a conflict.
#[test]
fn a_bound_authority_renewing_its_certificate_is_not_a_conflict() {
    let authorities = bound(&[(BA_DINH, Some(A)), (BEN_NGHE, Some(A))]);
    let (one, two) = (signed_by(&edition(1), BA_DINH), signed_by(&edition(2), BEN_NGHE));
    let report = verify_loaded(load_with(&[one.clone(), two.clone()], &authorities, None));
    assert_verdict(&report, Verdict::Valid, None);
    let mut history = ListHistory::new();
    load_with(&[one], &authorities, Some(&mut history));
    let report = verify_loaded(load_with(&[two], &authorities, Some(&mut history)));
    assert_verdict(&report, Verdict::Valid, None);
    assert_eq!(history.sequence(A), Some(2));
}

/// A bound to its code; B unbound publishes a higher edition under A's code. In one run, and
/// across runs (history from A's edition, then B's alone): a conflict.
#[test]
fn an_unbound_certificate_cannot_follow_a_bound_one() {
    let authorities = bound(&[(BA_DINH, Some(A)), (BEN_NGHE, None)]);
    let (one, two) = (signed_by(&edition(1), BA_DINH), signed_by(&edition(2), BEN_NGHE));
    let report = verify_loaded(load_with(&[one.clone(), two.clone()], &authorities, None));
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalConflict));
    let mut history = ListHistory::new();
    load_with(&[one], &authorities, Some(&mut history));
    let report = verify_loaded(load_with(&[two], &authorities, Some(&mut history)));
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalConflict));
    assert_eq!(history.sequence(A), Some(1), "the history followed the unbound certificate");
}

/// The history written while A was bound; then the verifier is run with both unbound (a
/// configuration slip): B's higher edition under A's code is still another signer than seen.
#[test]
fn history_from_a_bound_signer_then_an_unbound_other_signer_is_a_conflict() {
    let mut history = ListHistory::new();
    load_with(&[signed_by(&edition(1), BA_DINH)], &bound(&[(BA_DINH, Some(A))]), Some(&mut history));
    let unbound = bound(&[(BA_DINH, None), (BEN_NGHE, None)]);
    let report = verify_loaded(load_with(&[signed_by(&edition(2), BEN_NGHE)], &unbound, Some(&mut history)));
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalConflict));
}

/// B bound to its own code lists A's school (A bound to A's code): a conflict, not B's approvals.
#[test]
fn a_bound_authority_listing_another_authoritys_school_is_a_conflict() {
    let authorities = bound(&[(BA_DINH, Some(A)), (BEN_NGHE, Some(B))]);
    let mut b = list(B);
    // B approves a signer of its own for the school.
    b.approve(
        SCHOOL,
        &cert("schools/le-loi-gvcn"),
        &[ApprovalRole::HomeroomTeacher],
        time("2026-01-01T00:00:00Z"),
        None,
    )
    .unwrap();
    let lists = [signed_by(&list(A), BA_DINH), signed_by(&b, BEN_NGHE)];
    let report = verify_loaded(load_with(&lists, &authorities, None));
    assert_verdict(&report, Verdict::Undetermined, Some(Code::ApprovalConflict));
    // A bound authority publishing under another code is refused outright.
    let report = verify_loaded(load_with(&[signed_by(&list(A), BEN_NGHE)], &authorities, None));
    assert_verdict(&report, Verdict::Undetermined, Some(Code::SchoolNotListed));
}

// ---------------------------------------------------------------------------------------------
// Withdrawals in odd places.

/// The history has seen edition 5; edition 4, presented later, withdraws a year: a rollback, but
/// its withdrawal counts (invalid, not just undetermined).
#[test]
fn a_withdrawal_in_a_rolled_back_edition_counts() {
    let xml = signed_transcript();
    let mut history = ListHistory::new();
    load_with(&[signed_list(&edition(5))], &authorities(), Some(&mut history));
    let mut four = edition(4);
    four.withdrawals.push(withdrawal(year_ref(&xml, SCHOOL, 0), "4/QĐ"));
    let approvals = load_with(&[signed_list(&four)], &authorities(), Some(&mut history));
    let report = verify_with(&xml, approvals, ApprovalPolicy::SoftFail);
    assert_verdict(&report, Verdict::Invalid, Some(Code::YearWithdrawn));
    assert!(codes(&report).contains(&Code::ApprovalListRolledBack), "{:?}", codes(&report));
}

/// A year whose MaTruong is SCHOOL signed by another school's staff (Lê Lợi): the withdrawal by
/// SCHOOL's authority under SCHOOL catches it (matched by the year's school and fingerprint).
#[test]
fn a_withdrawal_catches_a_year_of_the_school_signed_by_another_schools_staff() {
    let xml = sign_transcript(&transcript(), "schools/le-loi-gvcn", "schools/le-loi-hieutruong", None, SIGNED_AT, None);
    let mut list = list(A);
    list.withdrawals.push(withdrawal(year_ref(&xml, SCHOOL, 0), "5/QĐ"));
    let report = verify(&xml, &[signed_list(&list)]);
    assert_verdict(&report, Verdict::Invalid, Some(Code::YearWithdrawn));
}

/// The withdrawn signed year copied into another record (its unsigned envelope changed): still
/// the same signed year, still withdrawn.
#[test]
fn a_withdrawn_year_in_another_record_is_still_withdrawn() {
    let xml = signed_transcript();
    let year = year_ref(&xml, SCHOOL, 0);
    let mut list = list(A);
    list.withdrawals.push(withdrawal(year.clone(), "6/QĐ"));
    let text = String::from_utf8(xml.clone()).unwrap();
    let copied = text.replacen(&format!(">{}<", year.record), ">BAN-SAO-KHAC<", 1);
    assert_ne!(copied, text, "the record id was not found");
    let report = verify(copied.as_bytes(), &[signed_list(&list)]);
    eprintln!("copied: {:?} {:?}", report.verdict(), codes(&report));
    assert_verdict(&report, Verdict::Invalid, Some(Code::YearWithdrawn));
}
