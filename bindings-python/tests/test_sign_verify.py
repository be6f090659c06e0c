"""Round trips: every way to give a key, both signers of the sample, what a result holds. The sample is not a
transcript (its namespace is urn:hocba:vi-du:1.0): it is verified as a generic signed document, generic=True."""

import datetime
import hashlib
import json
import pickle
import re

import pytest

import hocba
from conftest import KEYS, SIGNING_TIME, key_file

PLACE = {"reference_id": "data-1", "into": "DSCKS/GVCN", "signing_time": SIGNING_TIME}
# The repository's test keys are outside any PKI: signed without the trust check, verified pinned.
GVCN = {**PLACE, "check_trust": False}


def verified(doc: bytes, *certs: bytes) -> hocba.VerificationReport:
    result = hocba.verify(doc, hocba.VerifyConfig(pinned_certs=list(certs), generic=True))
    assert result.valid
    return result


@pytest.mark.parametrize(
    "key, cert",
    [
        ("rsa2048-key.pem", "rsa2048-cert.pem"),
        ("rsa2048-key.der", "rsa2048-cert.der"),
        ("rsa2048-key-pkcs1.pem", "rsa2048-cert.pem"),
        ("rsa2048-key-pkcs1.der", "rsa2048-cert.pem"),
    ],
)
def test_software_key_formats(sample, rsa_cert, key, cert):
    signed = hocba.sign(sample, key=key_file(key), cert=key_file(cert), **GVCN)
    result = verified(signed, rsa_cert)
    (signature,) = result.signatures
    assert signature.id == "sig-GVCN"
    assert signature.algorithm == "rsa-sha256" and signature.verdict is hocba.Verdict.VALID


def test_keys_as_paths(sample, rsa_cert):
    signed = hocba.sign(sample, key=KEYS / "rsa2048-key.pem", cert=str(KEYS / "rsa2048-cert.pem"), **GVCN)
    assert hocba.verify(signed, hocba.VerifyConfig(pinned_certs=KEYS / "rsa2048-cert.pem", generic=True)).valid


@pytest.mark.parametrize("as_path, password_bytes", [(False, False), (True, True)])
def test_pkcs12(sample, rsa_cert, as_path, password_bytes):
    password = (KEYS / "rsa2048.p12.password").read_text().splitlines()[0]
    password = password.encode() if password_bytes else password
    pkcs12 = KEYS / "rsa2048.p12" if as_path else key_file("rsa2048.p12")
    signed = hocba.sign(sample, pkcs12=pkcs12, password=password, **GVCN)
    assert verified(signed, rsa_cert).signatures[0].signer["sha256"]


def test_pkcs12_wrong_password(sample):
    with pytest.raises(hocba.CryptoError):
        hocba.sign(sample, pkcs12=KEYS / "rsa2048.p12", password="not the password", **GVCN)


def test_the_two_signers(signed_twice, rsa_cert, p256_cert):
    result = hocba.verify(signed_twice, hocba.VerifyConfig(pinned_certs=[rsa_cert, p256_cert], required=["data-1@HocBa/DuLieuHocBa"], signature_places=["DSCKS/GVCN", "DSCKS/HieuTruong"], generic=True))
    assert result.verdict is hocba.Verdict.VALID and result.verdict == "valid" and result.problems == []
    gvcn, principal = result.signatures
    assert (gvcn.id, principal.id) == ("sig-GVCN", "sig-HieuTruong")
    assert (gvcn.place, principal.place) == ("DSCKS/GVCN", "DSCKS/HieuTruong")
    assert (gvcn.role, principal.role) == ("Giáo viên chủ nhiệm", "Hiệu trưởng")
    assert (gvcn.algorithm, principal.algorithm) == ("rsa-sha256", "ecdsa-sha256")
    assert principal.covers == ["#data-1", "#sig-HieuTruong-SigningTime", "#sig-GVCN-SignatureValue"]
    claimed = {"source": "claimed", "time": "2026-05-20T01:30:00Z"}
    assert gvcn.signing_time == claimed and principal.signing_time == claimed
    assert gvcn.claimed_signing_time == principal.claimed_signing_time == "2026-05-20T01:30:00Z"
    # Pinned keys are the trust decision: no chain, no revocation, and the report says so. The claim (2026-05-20)
    # is before the test keys' certificates were issued (2026-11-29): remarked on, not a problem, for a pinned key.
    for signature in (gvcn, principal):
        assert [w.code for w in signature.warnings] == ["pinned-key", "signing-time-before-certificate"]
    assert gvcn.chain == [] and gvcn.revocation == []
    assert gvcn.warnings[0].text("vi").startswith("Chữ ký được kiểm tra bằng khoá do người kiểm tra chỉ định")


def test_signer_is_the_keyinfo_certificate(signed_twice, rsa_cert, p256_cert):
    import base64

    gvcn = verified(signed_twice, rsa_cert, p256_cert).signatures[0]
    der = base64.b64decode(b"".join(rsa_cert.split(b"-----")[2].split()))
    assert gvcn.signer["sha256"] == hashlib.sha256(der).hexdigest()
    assert gvcn.signer["name"] == "Nguyễn Thị Ánh (GVCN)"


def test_chain_goes_into_keyinfo(sample, rsa_key, rsa_cert, p256_cert):
    signed = hocba.sign(sample, key=rsa_key, cert=rsa_cert, chain=[p256_cert], **GVCN)
    verified(signed, rsa_cert)
    assert len(re.findall(rb"<X509Certificate>", signed)) == 2


@pytest.mark.parametrize("algorithm, uri", [
    ("rsa-pss-sha256", b"http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"),
    ("rsa-sha512", b"http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"),
])
def test_rsa_algorithms(sample, rsa_key, rsa_cert, algorithm, uri):
    signed = hocba.sign(sample, key=rsa_key, cert=rsa_cert, algorithm=algorithm, **GVCN)
    assert b'<SignatureMethod Algorithm="' + uri + b'"' in signed
    assert verified(signed, rsa_cert).signatures[0].algorithm == algorithm


@pytest.mark.parametrize("provider", ["openssl", "rustcrypto"])
def test_each_provider_verifies_the_other(sample, rsa_key, rsa_cert, provider):
    other = {"openssl": "rustcrypto", "rustcrypto": "openssl"}[provider]
    signed = hocba.sign(sample, key=rsa_key, cert=rsa_cert, provider=provider, **GVCN)
    assert hocba.verify(signed, hocba.VerifyConfig(pinned_certs=rsa_cert, provider=other, generic=True)).valid


def test_unknown_provider(sample, rsa_key, rsa_cert):
    with pytest.raises(ValueError, match="provider: \"nss\" is not accepted"):
        hocba.sign(sample, key=rsa_key, cert=rsa_cert, provider="nss", **GVCN)


def test_c14n_choice(sample, rsa_key, rsa_cert):
    signed = hocba.sign(sample, key=rsa_key, cert=rsa_cert, c14n="exc-c14n", **GVCN)
    assert b'Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"' in signed
    verified(signed, rsa_cert)


@pytest.mark.parametrize("when, expected", [
    ("2026-05-20T08:30:00", "2026-05-20T01:30:00Z"),  # no offset: Vietnamese time, as the CLI reads it
    ("2026-05-20T01:30:00Z", "2026-05-20T01:30:00Z"),
    (datetime.datetime(2026, 5, 20, 8, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7))),
     "2026-05-20T01:30:00Z"),
])
def test_signing_time(sample, rsa_key, rsa_cert, when, expected):
    signed = hocba.sign(sample, check_trust=False, key=rsa_key, cert=rsa_cert, reference_id="data-1", into="DSCKS/GVCN",
                        signing_time=when)
    assert b"2026-05-20T08:30:00+07:00</SigningTime>" in signed
    assert verified(signed, rsa_cert).to_dict()["signatures"][0]["signing_time"]["time"] == expected


def test_naive_datetime_is_refused(sample, rsa_key, rsa_cert):
    with pytest.raises(ValueError, match="naive datetime"):
        hocba.sign(sample, check_trust=False, key=rsa_key, cert=rsa_cert, reference_id="data-1",
                   signing_time=datetime.datetime(2026, 5, 20, 8, 30))


def test_default_signing_time_is_now(sample, rsa_key, rsa_cert):
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    signed = hocba.sign(sample, check_trust=False, key=rsa_key, cert=rsa_cert, reference_id="data-1", into=["DSCKS", "GVCN"])
    after = datetime.datetime.now(datetime.timezone.utc)
    claimed = verified(signed, rsa_cert).signatures[0].signing_time["time"]
    when = datetime.datetime.strptime(claimed, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    assert before <= when <= after


def test_into_root_and_signature_id(sample, rsa_key, rsa_cert):
    signed = hocba.sign(sample, check_trust=False, key=rsa_key, cert=rsa_cert, reference_id="data-1", signature_id="chu-ky-1")
    assert verified(signed, rsa_cert).signatures[0].id == "chu-ky-1"
    assert signed.rstrip().endswith(b"</Signature></HocBa>")


def test_earlier_signature_stays_byte_identical(signed_gvcn, signed_twice):
    before = signed_gvcn.index(b"<HieuTruong/>")
    assert signed_twice[:before] == signed_gvcn[:before]


def test_report_dict_and_json(signed_twice, rsa_cert, p256_cert):
    report = verified(signed_twice, rsa_cert, p256_cert)
    as_dict = report.to_dict()
    assert list(as_dict) == [
        "verdict", "verified_at", "revocation_policy", "online", "problems", "warnings", "archive_time_stamps",
        "renew_archive_by", "signatures", "etsi"]
    assert as_dict["verdict"] == "valid" and as_dict["problems"] == []
    assert json.loads(report.to_json()) == as_dict
    assert json.loads(report.to_json(indent=2)) == as_dict
    assert "\n  " in report.to_json(indent=2)
    assert [s.to_dict() for s in report.signatures] == as_dict["signatures"]
    assert [w.to_dict() for w in report.signatures[0].warnings] == as_dict["signatures"][0]["warnings"]
    assert [w.to_dict() for w in report.warnings] == as_dict["warnings"]
    verified_at = datetime.datetime.strptime(as_dict["verified_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert report.verified_at == verified_at.replace(tzinfo=datetime.timezone.utc)
    assert repr(report) == "<VerificationReport valid, 2 signature(s), 0 problem(s)>"


def test_report_messages(signed_twice, rsa_cert, p256_cert):
    report = verified(signed_twice, rsa_cert, p256_cert)
    assert report.message().startswith("Kết quả: HỢP LỆ\nKiểm tra lúc: ")
    assert report.message("vi") == report.message()
    assert report.message("en").startswith("Result: VALID\nChecked at: ")
    assert "(giờ Việt Nam)" in report.message() and "Nguyễn Thị Ánh (GVCN)" in report.message()
    with pytest.raises(ValueError, match="language: \"fr\" is not accepted"):
        report.message("fr")


def test_report_is_made_only_by_the_core(signed_twice, rsa_cert, p256_cert):
    for cls in (hocba.VerificationReport, hocba.SignatureReport, hocba.Finding, hocba.Verification):
        with pytest.raises(TypeError):
            cls()
    report = verified(signed_twice, rsa_cert, p256_cert)
    with pytest.raises(AttributeError):
        report.verdict = hocba.Verdict.INVALID
    # No way back from bytes either: a pickled report could say anything.
    with pytest.raises(TypeError):
        pickle.dumps(report)


def test_trusted_keys_instead_of_certificates(signed_twice):
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    keys = [x509.load_pem_x509_certificate(key_file(name)).public_key().public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo) for name in ("rsa2048-cert.pem", "p256-cert.pem")]
    assert len(hocba.verify(signed_twice, hocba.VerifyConfig(pinned_keys=keys, generic=True)).signatures) == 2


def test_text_document(signed_twice, rsa_cert, p256_cert):
    assert hocba.verify(signed_twice.decode("utf-8"), hocba.VerifyConfig(pinned_certs=[rsa_cert, p256_cert], generic=True)).valid


def test_two_phase_signing(sample, rsa_key, rsa_cert):
    """A signer that answers later (a remote service): prepare, sign elsewhere, finish."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    prepared = hocba.prepare(sample, cert=rsa_cert, **PLACE)
    message = prepared.to_be_signed()
    assert message.startswith(b'<SignedInfo xmlns="http://www.w3.org/2000/09/xmldsig#"')
    value = load_pem_private_key(rsa_key, None).sign(message, padding.PKCS1v15(), hashes.SHA256())
    signed = prepared.finish(value)
    assert signed == hocba.sign(sample, key=rsa_key, cert=rsa_cert, **GVCN)
    with pytest.raises(ValueError, match="already finished"):
        prepared.finish(value)
    with pytest.raises(ValueError, match="already finished"):
        prepared.to_be_signed()


def test_two_phase_signing_over_a_digest(sample, p256_key, p256_cert):
    import hashlib

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, utils
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    prepared = hocba.prepare(sample, cert=p256_cert, reference_id="data-1", into="DSCKS/HieuTruong")
    digest = prepared.to_be_signed("digest")
    assert digest == hashlib.sha256(prepared.to_be_signed("message")).digest()
    der = load_pem_private_key(p256_key, None).sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
    r, s = utils.decode_dss_signature(der)
    signed = prepared.finish(r.to_bytes(32, "big") + s.to_bytes(32, "big"))
    assert hocba.verify(signed, hocba.VerifyConfig(pinned_certs=p256_cert, generic=True)).signatures[0].algorithm == "ecdsa-sha256"


def test_two_phase_wrong_value(sample, rsa_cert):
    prepared = hocba.prepare(sample, cert=rsa_cert, **PLACE)
    with pytest.raises(ValueError, match="input must be"):
        prepared.to_be_signed("hash")
    with pytest.raises(hocba.SignatureError) as raised:
        prepared.finish(bytes(256))
    assert raised.value.code == "bad-signature"


def test_countersigning_several_earlier_signatures(signed_twice, rsa_cert, p256_cert):
    key, cert = key_file("p384-key.pem"), key_file("p384-cert.pem")
    earlier = ["sig-GVCN-SignatureValue", "sig-HieuTruong-SignatureValue"]
    third = hocba.sign(signed_twice, check_trust=False, key=key, cert=cert, reference_id="data-1", into="DSCKS",
                       signature_id="sig-third", countersign=earlier, signing_time=SIGNING_TIME)
    report = verified(third, rsa_cert, p256_cert, cert)
    signature = next(s for s in report.signatures if s.id == "sig-third")
    assert signature.to_dict()["covers"] == ["#data-1", "#sig-third-SigningTime"] + [f"#{e}" for e in earlier]
    # One string is one Id, as before.
    one = hocba.sign(signed_twice, check_trust=False, key=key, cert=cert, reference_id="data-1", into="DSCKS",
                     signature_id="sig-third", countersign=earlier[0], signing_time=SIGNING_TIME)
    assert next(s for s in verified(one, rsa_cert, p256_cert, cert).signatures if s.id == "sig-third").to_dict()[
        "covers"] == ["#data-1", "#sig-third-SigningTime", f"#{earlier[0]}"]
