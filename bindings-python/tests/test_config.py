"""The option objects, the Verifier, and records checked together: what the CLI's `hocba verify` does for a batch."""

import datetime

import pytest

import hocba
from conftest import AT, PKI, pki_config


def test_option_objects_are_frozen_and_say_what_they_hold():
    trust = hocba.Trust(PKI / "root-cert.pem", intermediates=PKI / "ca-cert.pem", revocation="soft-fail", at=AT,
                        require_policies="2.16.704.1.1.1.1.1")
    assert (trust.revocation, trust.time, trust.require_policies) == ("soft-fail", "timestamp", ["2.16.704.1.1.1.1.1"])
    assert trust.at == datetime.datetime(2026, 6, 1, 2, tzinfo=datetime.timezone.utc)
    assert repr(trust).startswith("<Trust 1 anchor file(s), revocation=soft-fail, time=timestamp")
    assert repr(hocba.Trust()).startswith("<Trust government roots")
    config = hocba.VerifyConfig(trust=trust, pinned_certs=PKI / "gvcn-cert.pem", required="data-1@HocBa/DuLieuHocBa",
                                signature_places=["DSCKS/GVCN"], generic=True)
    assert config.trust is trust and config.pinned == 1 and config.generic and not config.allow_sha1
    assert (config.required, config.signature_places) == (["data-1@HocBa/DuLieuHocBa"], ["DSCKS/GVCN"])
    assert config.id_attributes == ["Id", "ID", "id"] and config.provider and config.previous is None
    assert not config.revocation.online and repr(hocba.Verifier(config)).startswith("<Verifier <VerifyConfig <Trust")
    assert hocba.Verifier().config is None
    for obj, name in ((trust, "revocation"), (config, "generic")):
        with pytest.raises(AttributeError):
            setattr(obj, name, None)
    # What the core refuses is a ValueError with its message.
    with pytest.raises(ValueError, match='required: "@x" is not accepted'):
        hocba.VerifyConfig(required="@x")
    with pytest.raises(ValueError, match="not an OID"):
        hocba.Trust(require_policies="policy")


def test_verifier_and_records(pki_signed):
    verifier = hocba.Verifier(pki_config())
    verification = verifier.verify(pki_signed)
    assert verification.is_transcript and verification.report.valid and verification.transcript is not None
    record = verification.record
    assert record.verdict is hocba.Verdict.VALID and record.student_id and record.student_name
    assert [y.name for y in record.years] == sorted(y.name for y in record.years) and record.signers
    assert all(y.school and y.signer_units for y in record.years)
    records = hocba.RecordSet()
    records.add("a.xml", record)
    # The test PKI's signers work for another school than the transcript's.
    (student,) = records.check()
    assert {p.code for p in student.problems} == {"year-signed-by-other-school"}
    records.add("b.xml", record)
    (student,) = records.check()
    assert len(records) == 2 and student.student_id == record.student_id and student.name == record.student_name
    assert {p.code for p in student.problems} == {"year-signed-by-other-school", "school-year-repeated"}


def test_the_version_held(pki_signed):
    held = hocba.Transcript.from_xml(pki_signed)
    config = hocba.VerifyConfig(trust=pki_config().trust, revocation=pki_config().revocation, previous=held)
    assert config.previous == held
    report = hocba.verify(pki_signed, config, raise_on_invalid=False)
    assert not report.valid


def test_codes_are_the_cores(sample):
    codes = {code.value for code in hocba.Code}
    assert hocba.Code.DIGEST_MISMATCH.value == "digest-mismatch"
    assert hocba.Code.DIGEST_MISMATCH.label_vi == "nội dung bị sửa sau khi ký"
    assert all(code == code.lower() and "_" not in code for code in codes)
    with pytest.raises(hocba.Error) as raised:
        hocba.verify(b"<a")
    assert raised.value.code in codes
    with pytest.raises(hocba.Error) as raised:
        hocba.verify(sample)
    assert raised.value.code in codes
