"""Round trips: every way to give a key, both signers of the transcript, what a result holds."""

import datetime
import json
import pickle

import pytest

import hocba
from conftest import KEYS, SIGNING_TIME, key_file

RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
GVCN = {"reference_id": "data-1", "into": "DSCKS/GVCN", "signing_time": SIGNING_TIME}


def verified(doc: bytes, *certs: bytes) -> hocba.VerificationResult:
    result = hocba.verify(doc, trusted_certs=list(certs))
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
    assert signature.algorithm == RSA_SHA256
    assert (signature.key_type, signature.key_bits) == ("RSA", 2048)


def test_keys_as_paths(sample, rsa_cert):
    signed = hocba.sign(sample, key=KEYS / "rsa2048-key.pem", cert=str(KEYS / "rsa2048-cert.pem"), **GVCN)
    assert hocba.verify(signed, trusted_certs=KEYS / "rsa2048-cert.pem").valid


@pytest.mark.parametrize("as_path, password_bytes", [(False, False), (True, True)])
def test_pkcs12(sample, rsa_cert, as_path, password_bytes):
    password = (KEYS / "rsa2048.p12.password").read_text().splitlines()[0]
    password = password.encode() if password_bytes else password
    pkcs12 = KEYS / "rsa2048.p12" if as_path else key_file("rsa2048.p12")
    signed = hocba.sign(sample, pkcs12=pkcs12, password=password, **GVCN)
    assert verified(signed, rsa_cert).signatures[0].signer_certificate_sha256


def test_pkcs12_wrong_password(sample):
    with pytest.raises(hocba.CryptoError):
        hocba.sign(sample, pkcs12=KEYS / "rsa2048.p12", password="not the password", **GVCN)


def test_the_two_signers(signed_twice, rsa_cert, p256_cert):
    result = hocba.verify(
        signed_twice,
        trusted_certs=[rsa_cert, p256_cert],
        required=["data-1@HocBa/DuLieuHocBa"],
        signature_places=["DSCKS/GVCN", "DSCKS/HieuTruong"],
    )
    gvcn, principal = result.signatures
    assert (gvcn.id, principal.id) == ("sig-GVCN", "sig-HieuTruong")
    assert principal.algorithm == ECDSA_SHA256 and principal.key_type == "EC" and principal.key_bits == 256
    assert [r.uri for r in principal.references] == ["#data-1", "#sig-HieuTruong-SigningTime",
                                                      "#sig-GVCN-SignatureValue"]
    assert all(r.digest_algorithm == SHA256 for r in principal.references)
    when = datetime.datetime(2026, 5, 20, 1, 30, tzinfo=datetime.timezone.utc)
    assert gvcn.claimed_signing_time == when and principal.claimed_signing_time == when
    assert gvcn.warnings == [] and principal.warnings == []


def test_signed_bytes_are_what_was_signed(signed_twice, rsa_cert, p256_cert, sample):
    result = verified(signed_twice, rsa_cert, p256_cert)
    data = result.signatures[0].references[0]
    assert data.uri == "#data-1"
    assert data.signed_bytes == hocba.c14n(sample, subtree_id="data-1")
    assert "Nguyễn Thị Ánh Dương".encode() in data.signed_bytes


def test_certificates_from_keyinfo(signed_twice, rsa_cert, p256_cert):
    import base64

    gvcn = verified(signed_twice, rsa_cert, p256_cert).signatures[0]
    pem_body = b"".join(rsa_cert.split(b"-----")[2].split())
    assert gvcn.signer_certificate == base64.b64decode(pem_body)
    assert gvcn.key_info_certificates == (gvcn.signer_certificate,)


def test_chain_goes_into_keyinfo(sample, rsa_key, rsa_cert, p256_cert):
    signed = hocba.sign(sample, key=rsa_key, cert=rsa_cert, chain=[p256_cert], **GVCN)
    assert len(verified(signed, rsa_cert).signatures[0].key_info_certificates) == 2


@pytest.mark.parametrize("algorithm, uri", [
    ("rsa-pss-sha256", "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"),
    ("rsa-sha512", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"),
])
def test_rsa_algorithms(sample, rsa_key, rsa_cert, algorithm, uri):
    signed = hocba.sign(sample, key=rsa_key, cert=rsa_cert, algorithm=algorithm, **GVCN)
    assert verified(signed, rsa_cert).signatures[0].algorithm == uri


@pytest.mark.parametrize("provider", ["openssl", "rustcrypto"])
def test_each_provider_verifies_the_other(sample, rsa_key, rsa_cert, provider):
    other = {"openssl": "rustcrypto", "rustcrypto": "openssl"}[provider]
    signed = hocba.sign(sample, key=rsa_key, cert=rsa_cert, provider=provider, **GVCN)
    assert hocba.verify(signed, trusted_certs=rsa_cert, provider=other).valid


def test_unknown_provider(sample, rsa_key, rsa_cert):
    with pytest.raises(ValueError, match="unknown crypto provider"):
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
    signed = hocba.sign(sample, key=rsa_key, cert=rsa_cert, reference_id="data-1", into="DSCKS/GVCN",
                        signing_time=when)
    assert b"2026-05-20T08:30:00+07:00</SigningTime>" in signed
    assert verified(signed, rsa_cert).to_dict()["signatures"][0]["claimed_signing_time"] == expected


def test_naive_datetime_is_refused(sample, rsa_key, rsa_cert):
    with pytest.raises(ValueError, match="naive datetime"):
        hocba.sign(sample, key=rsa_key, cert=rsa_cert, reference_id="data-1",
                   signing_time=datetime.datetime(2026, 5, 20, 8, 30))


def test_default_signing_time_is_now(sample, rsa_key, rsa_cert):
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    signed = hocba.sign(sample, key=rsa_key, cert=rsa_cert, reference_id="data-1", into=["DSCKS", "GVCN"])
    after = datetime.datetime.now(datetime.timezone.utc)
    assert before <= verified(signed, rsa_cert).signatures[0].claimed_signing_time <= after


def test_into_root_and_signature_id(sample, rsa_key, rsa_cert):
    signed = hocba.sign(sample, key=rsa_key, cert=rsa_cert, reference_id="data-1", signature_id="chu-ky-1")
    assert verified(signed, rsa_cert).signatures[0].id == "chu-ky-1"
    assert signed.rstrip().endswith(b"</Signature></HocBa>")


def test_earlier_signature_stays_byte_identical(signed_gvcn, signed_twice):
    before = signed_gvcn.index(b"<HieuTruong/>")
    assert signed_twice[:before] == signed_gvcn[:before]


def test_result_dict_and_json(signed_twice, rsa_cert, p256_cert):
    result = verified(signed_twice, rsa_cert, p256_cert)
    as_dict = result.to_dict()
    assert list(as_dict) == ["valid", "signatures", "error"]
    assert as_dict["valid"] is True and as_dict["error"] is None
    assert json.loads(result.to_json()) == as_dict
    assert json.loads(result.to_json(indent=2)) == as_dict
    assert "\n  " in result.to_json(indent=2)
    assert [s.to_dict() for s in result.signatures] == as_dict["signatures"]
    assert as_dict["signatures"][0]["position"] == "{}:{}".format(*result.signatures[0].position)
    assert result.error_code is None and result.error_message is None
    assert repr(result) == "<VerificationResult valid, 2 signature(s)>"


def test_result_has_no_constructor():
    with pytest.raises(TypeError):
        hocba.VerificationResult()


def test_result_pickles(signed_twice, rsa_cert, p256_cert):
    result = verified(signed_twice, rsa_cert, p256_cert)
    again = pickle.loads(pickle.dumps(result))
    assert isinstance(again, hocba.VerificationResult)
    assert again.to_dict() == result.to_dict()
    assert [r.signed_bytes for s in again.signatures for r in s.references] == \
           [r.signed_bytes for s in result.signatures for r in s.references]
    assert again.signatures[0].signer_certificate == result.signatures[0].signer_certificate


def test_trusted_keys_instead_of_certificates(signed_twice):
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    keys = [x509.load_pem_x509_certificate(key_file(name)).public_key().public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo) for name in ("rsa2048-cert.pem", "p256-cert.pem")]
    assert len(hocba.verify(signed_twice, trusted_keys=keys).signatures) == 2


def test_text_document(signed_twice, rsa_cert, p256_cert):
    assert hocba.verify(signed_twice.decode("utf-8"), trusted_certs=[rsa_cert, p256_cert]).valid


def test_two_phase_signing(sample, rsa_key, rsa_cert):
    """A signer that answers later (a remote service): prepare, sign elsewhere, finish."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    prepared = hocba.prepare(sample, cert=rsa_cert, **GVCN)
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
    assert hocba.verify(signed, trusted_certs=p256_cert).signatures[0].key_type == "EC"


def test_two_phase_wrong_value(sample, rsa_cert):
    prepared = hocba.prepare(sample, cert=rsa_cert, **GVCN)
    with pytest.raises(ValueError, match="input must be"):
        prepared.to_be_signed("hash")
    with pytest.raises(hocba.SignatureError) as raised:
        prepared.finish(bytes(256))
    assert raised.value.code == "bad_signature"
