"""With the test PKI's servers (test-vectors/pki/serve.sh: its OCSP responder, CRLs and RFC 3161 time-stamps behind
one HTTP proxy on a free port of 127.0.0.1, which the binding asks through as the environment's HTTP_PROXY):
revocation fetched once per shared checker, time-stamped signatures with embedded validation data that verify
offline."""

import os
import shutil
import subprocess

import pytest

import hocba
from conftest import PKI, sign_years

SERVE = PKI / "serve.sh"
TSA = "http://127.0.0.1:18080/tsa"
ROOT = hocba.Trust(PKI / "root-cert.pem")
WITH_CA = hocba.Trust(PKI / "root-cert.pem", intermediates=PKI / "ca-cert.pem")


@pytest.fixture(scope="module")
def servers():
    for tool in ("openssl", "python3"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed to run the test PKI's servers (scripts/setup.sh installs it)")
    subprocess.run(["bash", str(SERVE), "start"], check=True, capture_output=True)
    proxy = subprocess.run(["bash", str(SERVE), "url"], check=True, capture_output=True, text=True).stdout.strip()
    # The proxy every fetch goes through, as on a network that has one; nothing bypasses it.
    names = ("HTTP_PROXY", "NO_PROXY", "no_proxy")
    saved = {name: os.environ.pop(name, None) for name in names}
    os.environ["HTTP_PROXY"] = proxy
    yield
    for name, value in saved.items():
        os.environ.pop(name, None)
        if value is not None:
            os.environ[name] = value
    subprocess.run(["bash", str(SERVE), "stop"], check=False, capture_output=True)


def test_online_checker_fetches_once(servers, transcript_xml):
    signed = sign_years(transcript_xml, trust=WITH_CA, revocation=hocba.Revocation(online=True))
    checker = hocba.Revocation(online=True)
    assert checker.online and repr(checker) == "<Revocation online, 0 network request(s)>"
    config = hocba.VerifyConfig(trust=WITH_CA, revocation=checker)
    first = hocba.verify(signed, config)
    assert first.valid and first.to_dict()["online"] is True
    assert {r["source"]["origin"] for s in first.signatures for r in s.revocation} != {"supplied"}
    asked = checker.network_requests
    assert asked > 0
    for _ in range(3):
        assert hocba.Verifier(config).verify(signed).report.valid
    assert checker.network_requests == asked
    # Offline and without data, the same document's status is unknown.
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.verify(signed, hocba.VerifyConfig(trust=WITH_CA))
    assert raised.value.code == "revocation-unknown"


def test_time_stamped_with_validation_data_verifies_offline(servers, transcript_xml):
    signed = sign_years(transcript_xml, chain=PKI / "ca-cert.pem", revocation=hocba.Revocation(online=True), tsa_url=TSA,
                        embed_validation_data=True, trust=ROOT)
    # Nothing but the root: the chain, the revocation answers and the time-stamps travel in the document.
    config = hocba.VerifyConfig(trust=hocba.Trust(PKI / "root-cert.pem", time="timestamp"))
    report = hocba.verify(signed, config)
    assert report.valid and report.to_dict()["online"] is False
    for signature in report.signatures:
        assert signature.signing_time["source"] == "time-stamp"
        assert "Test TSA" in signature.signing_time["authority"]
    assert hocba.verify_transcript(signed, hocba.VerifyConfig(trust=ROOT)).transcript == hocba.Transcript.from_xml(transcript_xml)


def test_revoked_signer_is_refused_online(servers, transcript_xml):
    # The revoked key (revoked 2025-06-01, its OCSP answer and the CRL say so) cannot sign: the check comes first.
    with pytest.raises(hocba.CertificateError) as raised:
        sign_years(transcript_xml, gvcn="revoked", chain=PKI / "ca-cert.pem", revocation=hocba.Revocation(online=True),
                   tsa_url=TSA, trust=ROOT)
    assert raised.value.code == "revoked" and "revoked" in str(raised.value)


def test_an_archive_time_stamp_carries_signatures_past_every_expiry(servers, transcript_xml):
    # The GVCN's certificate ends in 2030, the signatures' time-stamping authority's in 2032.
    signed = sign_years(transcript_xml, gvcn="ltv", chain=PKI / "ca-cert.pem", revocation=hocba.Revocation(online=True),
                        tsa_url=TSA + "-2032", embed_validation_data=True, trust=ROOT)
    in_2040 = hocba.VerifyConfig(trust=hocba.Trust(PKI / "root-cert.pem", at="2040-01-01T00:00:00Z"))
    before = hocba.verify(signed, in_2040, raise_on_invalid=False)
    assert before.verdict == hocba.Verdict.UNDETERMINED
    assert "out-of-bounds-no-poe" in {p.code for s in before.signatures for p in s.problems}

    archiver = hocba.Verifier(hocba.VerifyConfig(trust=WITH_CA, revocation=hocba.Revocation(online=True)))
    archived = archiver.add_archive_time_stamp(signed, TSA)
    assert isinstance(archived.xml, bytes) and archived.verification.report.verdict == hocba.Verdict.VALID
    report = hocba.verify(archived.xml, in_2040, raise_on_invalid=False)
    assert report.verdict == hocba.Verdict.VALID, report.message("en")
    [stamp] = report.archive_time_stamps
    assert stamp["proves"] is True and "Test TSA" in stamp["authority"]
    assert report.renew_archive_by.year == 2099

    # A document changed after it: invalid; an invalid document is not archived.
    changed = archived.xml.replace(b"</QuaTrinhHocTap>", b"</QuaTrinhHocTap> ", 1)
    assert "archive-altered" in {p.code for p in hocba.verify(changed, in_2040, raise_on_invalid=False).problems}
    with pytest.raises(hocba.CertificateError) as raised:
        archiver.add_archive_time_stamp(changed.replace(b"<DTBCaNam>", b"<DTBCaNam>1", 1), TSA)
    assert raised.value.code == "archive-refused"
