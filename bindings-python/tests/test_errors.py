"""Every failure kind raises its class of the hocba.Error hierarchy, with the core's code and position."""

import pickle
import re

import pytest

import hocba
from conftest import KEYS, SHARED, SIGNING_TIME, key_file

GVCN = {"reference_id": "data-1", "into": "DSCKS/GVCN", "signing_time": SIGNING_TIME, "check_trust": False}


def test_hierarchy():
    for cls in (hocba.XmlError, hocba.C14nError, hocba.CryptoError, hocba.SignatureError, hocba.CertificateError,
                hocba.TranscriptError, hocba.ApprovalError):
        assert issubclass(cls, hocba.Error) and cls.__module__ == "hocba"
    assert issubclass(hocba.Error, Exception)
    assert not issubclass(hocba.Error, (KeyError, ValueError))


def replace_once(doc: bytes, old: bytes, new: bytes) -> bytes:
    assert doc.count(old) >= 1, old
    return doc.replace(old, new, 1)


def signature_value(doc: bytes) -> bytes:
    return re.search(rb'<SignatureValue Id="sig-GVCN-SignatureValue">([^<]+)<', doc).group(1)


def flip_base64(value: bytes) -> bytes:
    return (b"B" if value[:1] != b"B" else b"C") + value[1:]


VERIFY_FAILURES = [
    # (name, how the signed GVCN document is changed, verify keywords, class, code)
    ("changed score", lambda d: replace_once(d, b"<kq:DiemCK>9<", b"<kq:DiemCK>8<"), {},
     hocba.SignatureError, "digest-mismatch"),
    ("changed value", lambda d: replace_once(d, signature_value(d), flip_base64(signature_value(d))), {},
     hocba.SignatureError, "bad-signature"),
    ("value not base64", lambda d: replace_once(d, signature_value(d), b"!!!"), {},
     hocba.SignatureError, "base64"),
    ("no SignatureValue", lambda d: re.sub(rb"<SignatureValue .*?</SignatureValue>", b"", d), {},
     hocba.SignatureError, "malformed-signature"),
    ("DSA", lambda d: replace_once(d, b"xmldsig-more#rsa-sha256", b"xmldsig#dsa-sha1"), {},
     hocba.SignatureError, "unsupported-algorithm"),
    ("reference to nothing", lambda d: replace_once(d, b'URI="#data-1"', b'URI="#nothing"'), {},
     hocba.SignatureError, "unresolved-reference"),
    ("remote reference", lambda d: replace_once(d, b'URI="#data-1"', b'URI="http://example.com/x"'), {},
     hocba.SignatureError, "unsupported-reference"),
    ("duplicate Id", lambda d: replace_once(d, b"<DSCKS>", b'<DSCKS Id="data-1">'), {},
     hocba.SignatureError, "duplicate-id"),
    ("element not covered", lambda d: replace_once(d, b"<DSCKS>", b'<DSCKS Id="x">'), {"required": "x"},
     hocba.SignatureError, "not-covered"),
    ("element elsewhere", lambda d: d, {"required": "data-1@HocBa/Elsewhere"},
     hocba.SignatureError, "misplaced"),
    ("signature elsewhere", lambda d: d, {"signature_places": ["DSCKS/HieuTruong"]},
     hocba.SignatureError, "unexpected-place"),
    ("no signature", lambda d: re.sub(rb"<Signature .*</Signature>", b"", d, flags=re.S), {},
     hocba.SignatureError, "no-signature"),
    ("not XML", lambda d: d[:200], {}, hocba.XmlError, "xml"),
    ("DOCTYPE", lambda d: replace_once(d, b"<HocBa ", b"<!DOCTYPE HocBa><HocBa "), {}, hocba.XmlError, "xml"),
]


def first_problem(report):
    return (report.problems or [p for s in report.signatures for p in s.problems])[0]


def without_clock(report_dict):
    return {k: v for k, v in report_dict.items() if k != "verified_at"}


@pytest.mark.parametrize("name, change, options, cls, code", VERIFY_FAILURES, ids=[f[0] for f in VERIFY_FAILURES])
def test_verify_failures(signed_gvcn, rsa_cert, name, change, options, cls, code):
    # The sample is not a transcript: verified as a generic signed document, on request.
    config = hocba.VerifyConfig(pinned_certs=rsa_cert, generic=True, **options)
    doc = change(signed_gvcn)
    with pytest.raises(cls) as raised:
        hocba.verify(doc, config)
    error = raised.value
    assert error.code == code
    if cls is hocba.XmlError:
        # Not a document at all: no report, with or without raise_on_invalid.
        assert not hasattr(error, "report") and error.position is not None
        with pytest.raises(hocba.XmlError):
            hocba.verify(doc, config, raise_on_invalid=False)
        return
    report = error.report
    assert report.verdict is hocba.Verdict.INVALID and not report.valid
    first = first_problem(report)
    assert (first.code, first.en, first.vi) == (code, str(error), error.details["message_vi"])
    assert error.details["verdict"] == "invalid"
    # the same, as a report instead of an exception
    again = hocba.verify(doc, config, raise_on_invalid=False)
    assert without_clock(again.to_dict()) == without_clock(report.to_dict())


def test_not_a_transcript_needs_generic(signed_gvcn, rsa_cert):
    """The sample (namespace urn:hocba:vi-du:1.0) is no transcript: refused unless generic verification is asked."""
    with pytest.raises(hocba.TranscriptError) as raised:
        hocba.verify(signed_gvcn, hocba.VerifyConfig(pinned_certs=rsa_cert))
    error = raised.value
    assert error.code == "not-a-transcript" and error.details["verdict"] == "invalid"
    report = error.report
    assert report.verdict is hocba.Verdict.INVALID and not report.valid
    assert [p.code for p in report.problems] == ["not-a-transcript"] and report.signatures == []
    assert "{urn:hocba:vi-du:1.0}HocBa" in str(error) and report.problems[0].vi == error.details["message_vi"]
    again = hocba.verify(signed_gvcn, hocba.VerifyConfig(pinned_certs=rsa_cert), raise_on_invalid=False)
    assert without_clock(again.to_dict()) == without_clock(report.to_dict())
    assert hocba.verify(signed_gvcn, hocba.VerifyConfig(pinned_certs=rsa_cert, generic=False), raise_on_invalid=False).verdict \
        is hocba.Verdict.INVALID
    generic = hocba.verify(signed_gvcn, hocba.VerifyConfig(pinned_certs=rsa_cert, generic=True))
    assert generic.verdict is hocba.Verdict.VALID and generic.problems == []
    assert [s.id for s in generic.signatures] == ["sig-GVCN"]


def test_default_trust_is_the_government_roots(sample, rsa_key, rsa_cert, signed_gvcn):
    # The test key's self-signed certificate chains to no embedded government root. Signed now: a claimed signing
    # time inside the certificate's validity.
    signed = hocba.sign(sample, check_trust=False, reference_id="data-1", into="DSCKS/GVCN", key=rsa_key, cert=rsa_cert)
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.verify(signed, hocba.VerifyConfig(generic=True))
    assert raised.value.code == "untrusted"
    assert raised.value.details["signature"] == "sig-GVCN"
    assert "không do tổ chức được tin cậy cấp" in raised.value.details["message_vi"]
    # SIGNING_TIME (2026-05-20) is before the test key's certificate was issued (2026-11-29): the claim contradicts
    # the certificate, found before any path is built.
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.verify(signed_gvcn, hocba.VerifyConfig(generic=True))
    assert raised.value.code == "signing-time-before-certificate" and raised.value.details["signature"] == "sig-GVCN"


def test_wrong_trusted_key(signed_gvcn, p256_cert):
    with pytest.raises(hocba.SignatureError) as raised:
        hocba.verify(signed_gvcn, hocba.VerifyConfig(pinned_certs=p256_cert, generic=True))
    assert raised.value.code == "bad-signature"


def test_sha1_needs_the_legacy_option():
    doc = (SHARED / "vectors/dsig/xmldsig11-interop-2012/signature-enveloping-rsa-sha256.xml").read_bytes()
    key = (SHARED / "vectors/dsig/keys/xmldsig11-interop-2012/keys/rsa-key.der").read_bytes()
    with pytest.raises(hocba.SignatureError) as raised:
        hocba.verify(doc, hocba.VerifyConfig(pinned_keys=key, generic=True))
    assert raised.value.code == "weak-algorithm"
    report = hocba.verify(doc, hocba.VerifyConfig(pinned_keys=key, allow_sha1=True, generic=True))
    assert [w.code for w in report.signatures[0].warnings] == ["weak-algorithm", "weak-key", "pinned-key"]
    assert "xmldsig#sha1" in report.signatures[0].warnings[0].en


def test_errors_pickle(sample, rsa_cert):
    with pytest.raises(hocba.CryptoError) as raised:
        hocba.sign(sample, key=key_file("p256-key.pem"), cert=rsa_cert, **GVCN)
    again = pickle.loads(pickle.dumps(raised.value))
    assert type(again) is hocba.CryptoError
    assert (again.code, again.position, again.details, str(again)) == \
           (raised.value.code, raised.value.position, raised.value.details, str(raised.value))


SIGN_FAILURES = [
    # (name, sign keywords over the sample, class, code, details["reason"] or None)
    ("key not a key", {"key": b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"},
     hocba.CryptoError, "invalid-key", None),
    ("key of another certificate", {"key": key_file("p256-key.pem")}, hocba.CryptoError, "certificate-not-for-key",
     None),
    ("certificate not a certificate", {"cert": b"not a certificate"}, hocba.CertificateError, "wrong-file", None),
    ("a certificate as the key", {"key": key_file("rsa2048-cert.pem")}, hocba.CryptoError, "wrong-file", None),
    ("unknown algorithm", {"algorithm": "rsa-md5"}, hocba.CryptoError, "unsupported-algorithm", None),
    ("SHA-1 for a new signature", {"algorithm": "rsa-sha1"}, hocba.CryptoError, "unsupported-algorithm", None),
    ("EC algorithm for an RSA key", {"algorithm": "ecdsa-sha256"}, hocba.CryptoError, "signing-failed",
     "key-mismatch"),
    ("no such place", {"into": "DSCKS/KhongCo"}, hocba.SignatureError, "placement", None),
    ("no such Id", {"reference_id": "data-2"}, hocba.SignatureError, "unresolved-reference", None),
    ("Id not a name", {"reference_id": "1 2"}, hocba.SignatureError, "invalid-request", None),
    ("signing time not a time", {"signing_time": "hôm qua"}, hocba.SignatureError, "invalid-request", None),
    ("unknown canonicalization", {"c14n": "c14n-2.0"}, hocba.C14nError, "unsupported-algorithm", "unsupported-algorithm"),
]


@pytest.mark.parametrize("name, options, cls, code, reason", SIGN_FAILURES, ids=[f[0] for f in SIGN_FAILURES])
def test_sign_failures(sample, rsa_key, rsa_cert, name, options, cls, code, reason):
    arguments = {"key": rsa_key, "cert": rsa_cert, **GVCN, **options}
    with pytest.raises(cls) as raised:
        hocba.sign(sample, **arguments)
    assert raised.value.code == code
    if reason:
        assert raised.value.details["reason"] == reason


def test_sign_not_xml(rsa_key, rsa_cert):
    with pytest.raises(hocba.XmlError) as raised:
        hocba.sign(b"<HocBa>", key=rsa_key, cert=rsa_cert, **GVCN)
    assert raised.value.details["reason"] == "malformed"


def test_signature_ids_taken(signed_gvcn, rsa_key, rsa_cert):
    with pytest.raises(hocba.SignatureError) as raised:
        hocba.sign(signed_gvcn, key=rsa_key, cert=rsa_cert, **GVCN)
    assert raised.value.code == "invalid-request"


def test_unreadable_trusted_certificate(signed_gvcn):
    for _ in range(2):  # keys read once are remembered; failures are not
        with pytest.raises(hocba.CertificateError) as raised:
            hocba.verify(signed_gvcn, hocba.VerifyConfig(pinned_certs=[b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"]))
        assert raised.value.code == "certificate-malformed"


def test_pem_text_as_str_is_not_echoed(sample, rsa_key, rsa_cert):
    """A str is a file name; PEM text given as str must not end up in an error message (or a log)."""
    with pytest.raises(TypeError) as raised:
        hocba.sign(sample, key=rsa_key.decode(), cert=rsa_cert, **GVCN)
    assert "pass PEM or DER content as bytes" in str(raised.value)
    assert "PRIVATE KEY" not in str(raised.value) and rsa_key.decode().splitlines()[1] not in str(raised.value)
    with pytest.raises(TypeError, match="as bytes"):
        hocba.verify(sample, hocba.VerifyConfig(pinned_certs=rsa_cert.decode()))


def test_missing_file(sample, rsa_cert):
    with pytest.raises(FileNotFoundError) as raised:
        hocba.sign(sample, key=KEYS / "no-such-key.pem", cert=rsa_cert, **GVCN)
    assert raised.value.filename.endswith("no-such-key.pem")


@pytest.mark.parametrize("options, message", [
    ({}, "exactly one of"),
    ({"key": b"k", "signer": object()}, "exactly one of"),
    ({"key": key_file("rsa2048-key.pem")}, "needs cert="),
    ({"pkcs12": key_file("rsa2048.p12")}, "needs password="),
    ({"pkcs12": key_file("rsa2048.p12"), "password": "x", "cert": b"c"}, "from the file"),
    ({"signer": object()}, "no sign"),
])
def test_usage_errors(sample, options, message):
    with pytest.raises(TypeError, match=message):
        hocba.sign(sample, **GVCN, **options)


class RaisingSigner:
    certificate = key_file("rsa2048-cert.pem")

    def sign(self, data: bytes) -> bytes:
        raise RuntimeError("token unplugged")


class TextSigner(RaisingSigner):
    def sign(self, data: bytes) -> bytes:
        return "not bytes"


class WrongValueSigner(RaisingSigner):
    def sign(self, data: bytes) -> bytes:
        return bytes(256)


def test_signer_that_raises(sample):
    with pytest.raises(hocba.CryptoError) as raised:
        hocba.sign(sample, signer=RaisingSigner(), **GVCN)
    assert raised.value.code == "signing-failed"
    assert isinstance(raised.value.__cause__, RuntimeError)
    assert "token unplugged" in str(raised.value)


def test_signer_that_returns_text(sample):
    with pytest.raises(hocba.CryptoError) as raised:
        hocba.sign(sample, signer=TextSigner(), **GVCN)
    assert isinstance(raised.value.__cause__, TypeError)
    assert "must return bytes" in str(raised.value.__cause__)


def test_signer_whose_value_does_not_verify(sample):
    with pytest.raises(hocba.SignatureError) as raised:
        hocba.sign(sample, signer=WrongValueSigner(), **GVCN)
    assert raised.value.code == "bad-signature"


def test_signer_without_certificate(sample):
    class NoCertificate:
        def sign(self, data):
            return b""

    with pytest.raises(TypeError, match="certificate"):
        hocba.sign(sample, signer=NoCertificate(), **GVCN)
