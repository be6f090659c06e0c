"""Signing and verifying with the test PKI: trust anchors, intermediates, revocation, the time policy, and the
finding (and exception) each failure gives."""

import concurrent.futures
import datetime

import pytest

import hocba
from conftest import AT, PKI, PKI_TRUST, SIGNING_TIME, pki_config, sign_years


def test_signed_with_trust_verifies(pki_signed):
    report = hocba.verify(pki_signed, pki_config())
    assert report.verdict is hocba.Verdict.VALID and report.valid and report.problems == []
    assert len(report.signatures) == 4
    gvcn = report.signatures[0]
    assert (gvcn.id, gvcn.place, gvcn.role) == ("QTHT-2022-2023-GVCN", "DSCKS/ChuKyNamHoc/GVCN", "Giáo viên chủ nhiệm")
    assert gvcn.covers[0] == "#QTHT-2022-2023"
    assert gvcn.signer["name"] == "Nguyễn Thị Hoa" and gvcn.signer["title"] == "Giáo viên chủ nhiệm"
    assert [c["subject"].split("CN=")[-1] for c in gvcn.chain] == [
        "Nguyễn Thị Hoa", "Test CA phục vụ các cơ quan Nhà nước G2", "Test RootCA chuyên dùng Chính phủ G2"]
    assert [(r["status"], r["source"]["kind"], r["source"]["origin"]) for r in gvcn.revocation] == [
        ("good", "crl", "supplied"), ("good", "crl", "supplied")]
    # No time-stamp: the certificate is judged at the verification time (the default policy, "timestamp"), and the
    # signer's claim is reported beside it.
    assert gvcn.signing_time == {"source": "verification-time", "time": "2026-06-01T02:00:00Z"}
    assert gvcn.claimed_signing_time == "2026-05-20T01:30:00Z"
    assert gvcn.to_dict()["claimed_signing_time"] == "2026-05-20T01:30:00Z"
    # The verdict in ETSI's terms, from the core, for programs that read the DSS validator's reports.
    assert gvcn.etsi == {"indication": "TOTAL_PASSED", "sub_indication": None} == gvcn.to_dict()["etsi"]
    assert report.etsi == {"signatures_count": 4, "valid_signatures_count": 4}
    assert report.verified_at == datetime.datetime(2026, 6, 1, 2, 0, tzinfo=datetime.timezone.utc)
    assert hocba.verify(pki_signed, pki_config(time="timestamp")).to_dict() == report.to_dict()
    # The legacy policy judges it at the claim, and says that it did.
    claimed = hocba.verify(pki_signed, pki_config(time="claimed"))
    assert claimed.valid
    assert claimed.signatures[0].signing_time == {"source": "claimed", "time": "2026-05-20T01:30:00Z"}
    assert claimed.signatures[0].claimed_signing_time == "2026-05-20T01:30:00Z"
    assert "signing-time-claimed" in [w.code for w in claimed.signatures[0].warnings]


# (test PKI signer, finding code, exception class): each failure kind with its own finding. Signed at SIGNING_TIME
# (2026-05-20): the expired certificate (2020-2021) and the not yet valid one (2090-2099) contradict that claim.
FAILURES = [
    ("revoked", "revoked", hocba.CertificateError),
    ("expired", "signing-time-after-certificate", hocba.CertificateError),
    ("other-gvcn", "untrusted", hocba.CertificateError),
    ("selfsigned-gvcn", "untrusted", hocba.CertificateError),
    ("notyetvalid", "signing-time-before-certificate", hocba.CertificateError),
    ("nokeyusage", "key-usage", hocba.CertificateError),
]


@pytest.mark.parametrize("who, code, cls", FAILURES, ids=[f[0] for f in FAILURES])
def test_untrustworthy_signers(transcript_xml, who, code, cls):
    # Signed without the check (it would refuse), verified with it.
    signed = sign_years(transcript_xml, gvcn=who, check_trust=False)
    with pytest.raises(cls) as raised:
        hocba.verify(signed, pki_config())
    assert raised.value.code == code and raised.value.details["signature"] == "QTHT-2022-2023-GVCN"
    report = raised.value.report
    assert report.verdict is hocba.Verdict.INVALID
    gvcn = [s for s in report.signatures if s.id.endswith("-GVCN")]
    assert all(s.verdict is hocba.Verdict.INVALID and s.problems[0].code == code for s in gvcn)
    assert all(s.verdict is hocba.Verdict.VALID for s in report.signatures if s.id.endswith("-HieuTruong"))
    assert report.message("vi").startswith("Kết quả: KHÔNG HỢP LỆ")


@pytest.mark.parametrize("who, code", [("revoked", "revoked"), ("expired", "certificate-expired"),
                                       ("other-gvcn", "untrusted"), ("nokeyusage", "key-usage")])
def test_signing_checks_the_signer_first(transcript_xml, who, code):
    with pytest.raises(hocba.CertificateError) as raised:
        sign_years(transcript_xml, gvcn=who, **PKI_TRUST)
    assert raised.value.code == code


def test_signing_needs_a_known_revocation_status(transcript_xml):
    with pytest.raises(hocba.CertificateError) as raised:
        sign_years(transcript_xml, trust=PKI_TRUST["trust"])
    assert raised.value.code == "revocation-unknown"
    # The test keys of test-vectors/keys chain to nothing: the government roots refuse them.
    with pytest.raises(hocba.CertificateError) as raised:
        sign_years(transcript_xml, trust=None)
    assert raised.value.code == "untrusted" and raised.value.details["subject"]


def test_revocation_policies(pki_signed):
    nothing = hocba.Revocation()
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.verify(pki_signed, pki_config(nothing))
    assert raised.value.code == "revocation-unknown" and raised.value.details["verdict"] == "undetermined"
    assert raised.value.report.verdict is hocba.Verdict.UNDETERMINED
    soft = hocba.verify(pki_signed, pki_config(nothing, revocation="soft-fail"))
    assert soft.valid and "revocation-unknown" in [w.code for w in soft.signatures[0].warnings]
    off = hocba.verify(pki_signed, pki_config(nothing, revocation="off"))
    assert off.valid and "revocation-off" in [w.code for w in off.signatures[0].warnings]
    ocsp = hocba.verify(pki_signed, pki_config(hocba.Revocation(
        crls=PKI / "root.crl", ocsp_responses=[PKI / "ocsp/gvcn.der", PKI / "ocsp/hieutruong.der"])))
    assert ocsp.valid
    with pytest.raises(ValueError, match="revocation: \"maybe\" is not accepted"):
        hocba.Trust(revocation="maybe")


def test_shared_checker(pki_signed):
    checker = hocba.Revocation(crls=[PKI / "ca.crl", PKI / "root.crl"])
    assert not checker.online and checker.network_requests == 0
    verifier = hocba.Verifier(pki_config(checker))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda _: verifier.verify(pki_signed).report, range(8)))
    assert all(r.valid for r in reports) and checker.network_requests == 0


def test_time_policy_and_at(transcript_xml):
    # The revoked signer (revoked 2025-06-01, key compromise) signed on 2026-05-20 by its claim.
    signed = sign_years(transcript_xml, gvcn="revoked", check_trust=False)
    for time in ("timestamp", "now", "claimed"):
        report = hocba.verify(signed, pki_config(time=time), raise_on_invalid=False)
        assert report.signatures[0].problems[0].code == "revoked"
        assert report.signatures[0].etsi == {"indication": "TOTAL_FAILED", "sub_indication": "REVOKED"}
    # The default is "timestamp".
    default = hocba.verify(signed, pki_config(), raise_on_invalid=False)
    assert default.to_dict() == hocba.verify(signed, pki_config(time="timestamp"), raise_on_invalid=False).to_dict()
    # "best" is gone: refused, not taken for another policy.
    with pytest.raises(ValueError, match='time: "best" is not accepted'):
        hocba.verify(signed, pki_config(time="best"), raise_on_invalid=False)
    when = datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    assert hocba.verify(signed, pki_config(at=when), raise_on_invalid=False).verified_at == when
    with pytest.raises(ValueError, match="time"):
        hocba.verify(signed, pki_config(time="yesterday"))
    with pytest.raises(ValueError, match="naive datetime"):
        hocba.Trust(at=datetime.datetime(2026, 6, 1))


def test_expired_signer_judged_by_the_time_policy(transcript_xml):
    """A certificate that expired (2021-12-31) after its signer's claimed signing time (2021-06-01), with no
    time-stamp: nothing proves the signature is older than the expiry, so undetermined (out-of-bounds-no-poe) under
    "timestamp" and "now"; the legacy "claimed" policy takes the signer's word."""
    signed = transcript_xml
    for year in hocba.Transcript.from_xml(transcript_xml).to_dict()["years"]:
        signed = hocba.sign(signed, role="gvcn", year_id=year["id"], key=PKI / "expired-key.pem",
                            cert=PKI / "expired-cert.pem", signing_time="2021-06-01T08:00:00+07:00", check_trust=False)
        signed = hocba.sign(signed, role="hieu-truong", year_id=year["id"], key=PKI / "hieutruong-key.pem",
                            cert=PKI / "hieutruong-cert.pem", signing_time=SIGNING_TIME, check_trust=False)
    for time in ("timestamp", "now"):
        with pytest.raises(hocba.CertificateError) as raised:
            hocba.verify(signed, pki_config(time=time))
        assert raised.value.code == "out-of-bounds-no-poe" and raised.value.details["verdict"] == "undetermined"
        report = raised.value.report
        assert report.verdict is hocba.Verdict.UNDETERMINED and report.problems == []
        assert [(s.verdict, [p.code for p in s.problems]) for s in report.signatures] == [
            (hocba.Verdict.UNDETERMINED, ["out-of-bounds-no-poe"]), (hocba.Verdict.VALID, [])] * 2
        gvcn = report.signatures[0]
        assert gvcn.id == "QTHT-2022-2023-GVCN"
        assert gvcn.signing_time == {"source": "verification-time", "time": "2026-06-01T02:00:00Z"}
        assert gvcn.claimed_signing_time == "2021-06-01T01:00:00Z"
    claimed = hocba.verify(signed, pki_config(time="claimed"))
    assert claimed.valid and all(s.problems == [] for s in claimed.signatures)
    assert claimed.signatures[0].signing_time == {"source": "claimed", "time": "2021-06-01T01:00:00Z"}
    assert "signing-time-claimed" in [w.code for w in claimed.signatures[0].warnings]


def test_unreadable_trust_material(pki_signed):
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.Trust(b"not a certificate")
    assert raised.value.code == "wrong-file"
    assert "neither PEM nor DER, so not a certificate: give the certificate file" in str(raised.value)
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.Trust(PKI / "gvcn-key.pem")
    assert (raised.value.code, str(raised.value).count("this file is a private key, not a certificate")) == ("wrong-file", 1)
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.Revocation(crls=b"not a CRL")
    assert raised.value.code == "crl-malformed"
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.Revocation(ocsp_responses=b"not an OCSP response")
    assert raised.value.code == "ocsp-response-malformed"


def test_tampered_transcript(pki_signed):
    tampered = pki_signed.replace(b"<HoVaTen>", b"<HoVaTen>X", 1)
    with pytest.raises(hocba.SignatureError) as raised:
        hocba.verify(tampered, pki_config())
    assert raised.value.code == "digest-mismatch"


def test_options_that_need_the_trust_check(transcript_xml):
    with pytest.raises(hocba.SignatureError, match="signer's certificate checked"):
        sign_years(transcript_xml, check_trust=False, tsa_url="http://127.0.0.1:18081")
    with pytest.raises(hocba.SignatureError, match="signer's certificate checked"):
        sign_years(transcript_xml, check_trust=False, embed_validation_data=True)


def test_time_stamp_needs_the_network(transcript_xml):
    with pytest.raises(hocba.CertificateError) as raised:
        sign_years(transcript_xml, tsa_url="http://127.0.0.1:18081", **PKI_TRUST)
    assert raised.value.code == "offline"


def test_embedded_validation_data_verifies_offline_without_crls(transcript_xml):
    signed = sign_years(transcript_xml, embed_validation_data=True, **PKI_TRUST)
    report = hocba.verify(signed, hocba.VerifyConfig(trust=hocba.Trust(PKI / "root-cert.pem", at=AT)))
    assert report.valid
