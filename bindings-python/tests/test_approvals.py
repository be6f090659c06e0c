"""The managing authority's approval lists and the schools' withdrawal requests: an authority (the test PKI's `ltv`
key) approves the test PKI's GVCN and principal for the sample transcript's school, a transcript is verified with its
list, and a school's withdrawal request withdraws a year."""

import datetime

import pytest

import hocba
from conftest import AT, PKI, PKI_TRUST, pki_config

SCHOOL = "01002345"  # the sample transcript's MaTruong
SCHOOL_NAME = "Trường THCS Trưng Vương"
AUTHORITY = ("PVHXH-BD", "Phòng Văn hóa - Xã hội phường Ba Đình")
ISSUED = "2026-05-01T08:00:00+07:00"
NEXT_UPDATE = "2026-12-31T00:00:00+07:00"
APPROVED_FROM = "2026-01-01T00:00:00+07:00"
# Lists and requests are verified with the test PKI at AT, as the transcripts are.
CHECK = {"trust": hocba.Trust(PKI / "root-cert.pem", intermediates=PKI / "ca-cert.pem", at=AT),
         "revocation": PKI_TRUST["revocation"]}


def cert(who: str):
    return PKI / f"{who}-cert.pem"


def key(who: str) -> dict:
    return {"key": PKI / f"{who}-key.pem", "cert": cert(who)}


def new_list(approve=(("gvcn", ["gvcn"]), ("hieutruong", ["hieu-truong"]))) -> hocba.ApprovalList:
    """The authority's list for the sample's school, approving `approve` (who, roles)."""
    approval_list = hocba.ApprovalList(*AUTHORITY, ISSUED, NEXT_UPDATE)
    approval_list.set_school(SCHOOL, SCHOOL_NAME)
    for who, roles in approve:
        approval_list.approve(SCHOOL, cert(who), roles, APPROVED_FROM)
    return approval_list


def signed(approval_list: hocba.ApprovalList) -> bytes:
    """The list signed by the authority (the test PKI's `ltv` key) at its issue time."""
    return hocba.sign_approval_list(approval_list.to_xml(), signing_time=approval_list.issued, **key("ltv"),
                                    **PKI_TRUST)


def authorities() -> hocba.ListAuthorities:
    return hocba.ListAuthorities(cert("ltv"))


def load(*lists: bytes, history=None) -> hocba.Approvals:
    return hocba.Approvals.load(list(lists), authorities(), history=history, **CHECK)


def config(approvals=None, **options) -> hocba.VerifyConfig:
    base = pki_config()
    return hocba.VerifyConfig(trust=base.trust, revocation=base.revocation, approvals=approvals, **options)


def codes(report: hocba.VerificationReport) -> list:
    found = report.problems + report.warnings
    found += [f for s in report.signatures for f in s.problems + s.warnings]
    return [f.code for f in found]


@pytest.fixture(scope="module")
def approved() -> bytes:
    return signed(new_list())


def test_approved_signers_verify_valid_and_the_report_says_who_approved_them(pki_signed, approved):
    approvals = load(approved)
    assert approvals.rejected == [] and len(approvals.lists) == 1
    held = approvals.lists[0]
    assert (held.authority_code, held.authority_name, held.sequence) == (*AUTHORITY, 1)
    assert held.issued == datetime.datetime(2026, 5, 1, 1, 0, tzinfo=datetime.timezone.utc)
    assert held.next_update == datetime.datetime(2026, 12, 30, 17, 0, tzinfo=datetime.timezone.utc)
    school = held.schools[0]
    assert (school["code"], school["name"], school["kind"], school["seal_required"]) == (
        SCHOOL, SCHOOL_NAME, "cong-lap", False)
    assert [(c["name"], c["roles"], c["from"], c["until"]) for c in school["certificates"]] == [
        ("Nguyễn Thị Hoa", ["gvcn"], "2025-12-31T17:00:00Z", None),
        ("Trần Văn Minh", ["hieu-truong"], "2025-12-31T17:00:00Z", None)]

    verification = hocba.Verifier(config(approvals)).verify(pki_signed)
    report = verification.report
    assert report.verdict is hocba.Verdict.VALID, report.to_json()
    assert "approval-not-checked" not in codes(report)
    for signature in report.signatures:
        approval = signature.approval
        assert approval is not None and signature.to_dict()["approval"] == approval
        assert (approval["authority_code"], approval["school"], approval["list_sequence"]) == (
            "PVHXH-BD", SCHOOL, 1)
    assert [s.approval["roles"] for s in report.signatures] == [["gvcn"], ["hieu-truong"]] * 2
    assert "Được phê duyệt bởi: Phòng Văn hóa - Xã hội phường Ba Đình" in report.message("vi")
    assert report.to_dict()["warnings"] == []
    assert config(approvals).approvals is approvals
    assert config(approvals).approval_policy is hocba.ApprovalPolicy.REQUIRE


def test_a_signer_not_approved_makes_the_transcript_invalid(pki_signed):
    approvals = load(signed(new_list(approve=[("hieutruong", ["hieu-truong"])])))
    with pytest.raises(hocba.ApprovalError) as raised:
        hocba.verify(pki_signed, config(approvals))
    assert raised.value.code == "signer-not-approved"
    assert raised.value.details["signature"] == "QTHT-2022-2023-GVCN"
    assert "chưa được" in raised.value.details["message_vi"]
    report = raised.value.report
    assert report.verdict is hocba.Verdict.INVALID
    for signature in report.signatures:
        if signature.id.endswith("-GVCN"):
            assert signature.verdict is hocba.Verdict.INVALID and signature.approval is None
            assert signature.problems[0].code == hocba.Code.SIGNER_NOT_APPROVED
        else:
            assert signature.verdict is hocba.Verdict.VALID and signature.approval["roles"] == ["hieu-truong"]


def test_without_a_list_the_report_warns_that_approval_was_not_checked(pki_signed):
    for options in ({}, {"approval_policy": "off"}, {"approval_policy": hocba.ApprovalPolicy.SOFT_FAIL}):
        report = hocba.verify(pki_signed, config(**options))
        assert report.verdict is hocba.Verdict.VALID
        assert [w.code for w in report.warnings] == ["approval-not-checked"]
        assert report.warnings[0].vi.startswith("Chưa kiểm tra phê duyệt người ký")
        assert report.to_dict()["warnings"] == [w.to_dict() for w in report.warnings]
        assert all(s.approval is None for s in report.signatures)
    with pytest.raises(ValueError, match="approval-policy"):
        config(approval_policy="maybe")


def test_a_school_no_list_covers_is_undetermined_or_a_warning_under_soft_fail(pki_signed):
    other = hocba.ApprovalList(*AUTHORITY, ISSUED, NEXT_UPDATE)
    other.set_school("01009999", "Trường THCS Lê Lợi")
    approvals = load(signed(other))
    report = hocba.verify(pki_signed, config(approvals), raise_on_invalid=False)
    assert report.verdict is hocba.Verdict.UNDETERMINED and "school-not-listed" in [p.code for p in report.problems]
    soft = hocba.verify(pki_signed, config(approvals, approval_policy="soft-fail"))
    assert soft.verdict is hocba.Verdict.VALID and "school-not-listed" in [w.code for w in soft.warnings]


def test_a_tampered_list_is_rejected(pki_signed, approved):
    tampered = approved.replace(b"<VaiTro>gvcn</VaiTro>", b"<VaiTro>hieu-truong</VaiTro>", 1)
    approvals = hocba.Approvals.load([tampered, PKI / "root-cert.pem"], authorities(), **CHECK)
    assert approvals.lists == []
    rejected = approvals.rejected
    assert [(r.label, r.code) for r in rejected] == [
        ("lists[0]", "approval-document-untrusted"), (str(PKI / "root-cert.pem"), "xml")]
    assert rejected[0].message_vi.startswith("Danh sách phê duyệt không được tin cậy")
    assert rejected[0].to_dict()["message_en"] == rejected[0].message_en
    with pytest.raises(hocba.ApprovalError) as raised:
        hocba.verify(pki_signed, config(approvals))
    assert raised.value.code == "school-not-listed"
    # A list signed by a trusted certificate that is not an authority's.
    forged = hocba.sign_approval_list(new_list().to_xml(), signing_time=ISSUED, **key("hieutruong"), **PKI_TRUST)
    assert load(forged).rejected[0].code == "approval-signer-not-allowed"
    # The authority named by its certificate's fingerprint, as a certificate viewer shows it.
    [fingerprint] = authorities().fingerprints
    shown = ":".join(fingerprint[i:i + 2] for i in range(0, 64, 2)).upper()
    by_fingerprint = hocba.ListAuthorities(fingerprints=[shown])
    assert by_fingerprint.fingerprints == [fingerprint] and len(by_fingerprint) == 1
    assert hocba.Approvals.load(approved, by_fingerprint, **CHECK).rejected == []


def test_an_older_edition_after_a_newer_one_is_a_rollback(pki_signed):
    first = new_list()
    second = hocba.ApprovalList.read_for_editing(first.to_xml())
    second.next_edition("2026-05-10T08:00:00+07:00", NEXT_UPDATE)
    assert second.sequence == 2 and second.to_dict()["schools"] == first.to_dict()["schools"]
    history = hocba.ListHistory()
    assert hocba.verify(pki_signed, config(load(signed(second), history=history))).valid
    assert history.sequence("PVHXH-BD") == 2
    kept = hocba.ListHistory.from_json(history.to_json())
    report = hocba.verify(pki_signed, config(load(signed(first), history=kept)), raise_on_invalid=False)
    assert report.verdict is hocba.Verdict.UNDETERMINED and "approval-list-rolled-back" in codes(report)
    assert kept.sequence("PVHXH-BD") == 2
    with pytest.raises(ValueError):
        hocba.ListHistory.from_json("[]")


def test_a_withdrawn_year_is_invalid(pki_signed):
    verification = hocba.Verifier(pki_config()).verify(pki_signed)
    year = "QTHT-2023-2024"
    request = hocba.WithdrawalRequest.for_year(verification, year, number="01002345-2026-001",
                                               reason="Sai điểm môn Toán", requested="2026-05-25T09:00:00+07:00")
    assert (request.school, request.school_name, request.year) == (SCHOOL, SCHOOL_NAME, year)
    assert request.fingerprint == verification.year_fingerprint(year) and len(request.fingerprint) == 64
    assert verification.year_fingerprint("QTHT-1999-2000") is None
    with pytest.raises(ValueError, match="no signed school year"):
        hocba.WithdrawalRequest.for_year(verification, "QTHT-1999-2000", number="1", reason="x")

    # Signed by the principal, then by the school seal (the gvcn key stands in for it).
    xml = hocba.sign_withdrawal_request(request.to_xml(), "hieu-truong", signing_time="2026-05-25T09:00:00+07:00",
                                        **key("hieutruong"), **PKI_TRUST)
    with pytest.raises(hocba.ApprovalError) as raised:
        hocba.verify_request(xml, **CHECK)
    assert raised.value.code == "approval-document-malformed" and raised.value.details["document"] == "request"
    xml = hocba.sign_withdrawal_request(xml, "con-dau", signing_time="2026-05-25T09:10:00+07:00", **key("gvcn"),
                                        **PKI_TRUST)
    verified = hocba.verify_request(xml, **CHECK)
    assert verified.request.to_dict() == request.to_dict()
    assert verified.principal["signer"]["name"] == "Trần Văn Minh"
    assert verified.seal["claimed_signing_time"] == "2026-05-25T02:10:00Z"

    approval_list = new_list()
    # The seal must be approved as the seal for the authority to take the request; a refused edit changes nothing.
    with pytest.raises(hocba.ApprovalError) as raised:
        approval_list.withdraw(verified, "12/QĐ-VHXH", "2026-05-28T08:00:00+07:00")
    assert raised.value.code == "approval-signer-not-allowed" and approval_list.withdrawals == []
    approval_list.approve(SCHOOL, cert("gvcn"), ["gvcn", hocba.Role.CON_DAU], APPROVED_FROM)
    approval_list.withdraw(verified, "12/QĐ-VHXH", "2026-05-28T08:00:00+07:00")
    with pytest.raises(hocba.ApprovalError) as raised:
        approval_list.withdraw(verified, "13/QĐ-VHXH", "2026-05-29T08:00:00+07:00")
    assert raised.value.code == "approval-edit-refused"
    [withdrawal] = approval_list.withdrawals
    assert (withdrawal["year"], withdrawal["decision"], withdrawal["request_sha256"]) == (
        year, "12/QĐ-VHXH", verified.sha256)
    approval_list.next_edition("2026-05-30T08:00:00+07:00", NEXT_UPDATE)

    with pytest.raises(hocba.ApprovalError) as raised:
        hocba.verify(pki_signed, config(load(signed(approval_list))))
    assert raised.value.code == "year-withdrawn"
    assert "12/QĐ-VHXH" in raised.value.details["message_vi"] and year in raised.value.message


def test_edits_are_checked_and_errors_carry_the_core_code():
    approval_list = new_list()
    with pytest.raises(hocba.ApprovalError) as raised:
        approval_list.approve("01009999", cert("gvcn"), "gvcn", APPROVED_FROM)
    error = raised.value
    assert isinstance(error, hocba.Error) and error.code == "approval-edit-refused"
    assert error.details["message_en"] == error.message and "01009999" in error.details["message_vi"]
    with pytest.raises(ValueError, match="approval-role"):
        approval_list.approve(SCHOOL, cert("gvcn"), ["teacher"], APPROVED_FROM)
    with pytest.raises(hocba.ApprovalError, match="end after it begins"):
        approval_list.approve(SCHOOL, cert("gvcn"), "gvcn", APPROVED_FROM, until="2025-01-01T00:00:00Z")
    gvcn = approval_list.schools[0]["certificates"][0]["sha256"]
    approval_list.suspend(SCHOOL, sha256=gvcn, reason="nghi-viec", at="2026-09-01T00:00:00Z", note="Nghỉ việc")
    assert approval_list.schools[0]["certificates"][0]["suspension"] == {
        "at": "2026-09-01T00:00:00Z", "reason": "nghi-viec", "note": "Nghỉ việc"}
    approval_list.lift_suspension(SCHOOL, cert=cert("gvcn"))
    assert approval_list.schools[0]["certificates"][0]["suspension"] is None
    with pytest.raises(TypeError, match="exactly one of cert= or sha256="):
        approval_list.lift_suspension(SCHOOL)
    copy = hocba.ApprovalList.read_for_editing(approval_list.to_xml())
    assert copy.to_dict() == approval_list.to_dict()
    with pytest.raises(hocba.ApprovalError) as raised:
        hocba.ApprovalList.read_for_editing(b"<HocBa/>")
    assert raised.value.code == "approval-document-malformed" and raised.value.details["found"].endswith("HocBa")
    with pytest.raises(hocba.XmlError):
        hocba.ApprovalList.read_for_editing(b"<not xml")
    with pytest.raises(ValueError, match="request-role"):
        hocba.sign_withdrawal_request(b"<x/>", "gvcn", **key("gvcn"))
