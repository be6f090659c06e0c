"""A real PKCS#11 token as the signer: SoftHSM2, initialised here with the test keys, driven by python-pkcs11.

The token lives in target/softhsm (made afresh for each run). The GVCN's RSA-2048 key and the principal's
P-256 key (test-vectors/keys, and those of the test PKI) are imported into it; signing happens inside the token, which hocba reaches only through
the `signer` object. Three ways a token signs: over the message (CKM_SHA256_RSA_PKCS), over a digest wrapped
in DigestInfo (CKM_RSA_PKCS), and ECDSA over a digest (CKM_ECDSA).
"""

import os
import shutil
import subprocess

import pytest

import hocba
from conftest import AT, KEYS, PKI, PKI_TRUST, REPO, SIGNING_TIME, key_file, run_cli, pki_config

LIBRARY = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_DIR = REPO / "target" / "softhsm"
LABEL, SO_PIN, PIN = "hocba-test", "12345678", "1234"
# DER of DigestInfo for SHA-256 up to the digest (RFC 8017, section 9.2, note 1).
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


@pytest.fixture(scope="module")
def session():
    if not os.path.exists(LIBRARY):
        message = f"SoftHSM2 is not installed ({LIBRARY}): scripts/setup.sh installs Debian's softhsm2"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    import pkcs11

    shutil.rmtree(TOKEN_DIR, ignore_errors=True)
    (TOKEN_DIR / "tokens").mkdir(parents=True)
    config = TOKEN_DIR / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {TOKEN_DIR / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(config)

    def util(*args):
        subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)

    util("--init-token", "--free", "--label", LABEL, "--so-pin", SO_PIN, "--pin", PIN)
    for key, label, key_id in (("rsa2048-key.pem", "gvcn", "01"), ("p256-key.pem", "hieu-truong", "02"),
                               (PKI / "gvcn-key.pem", "pki-gvcn", "03"), (PKI / "hieutruong-key.pem", "pki-hieu-truong", "04")):
        util("--import", str(KEYS / key), "--token", LABEL, "--label", label, "--id", key_id, "--pin", PIN)
    # The test PKI's certificates beside their keys, and the CA's, for hocba.Pkcs11Signer to read.
    for cert, label, key_id in (("gvcn-cert.pem", "pki-gvcn", "03"), ("hieutruong-cert.pem", "pki-hieu-truong", "04"),
                                ("ca-cert.pem", "ca", "ca")):
        der = TOKEN_DIR / "cert.der"
        subprocess.run(["openssl", "x509", "-in", str(PKI / cert), "-outform", "DER", "-out", str(der)], check=True)
        subprocess.run(["pkcs11-tool", "--module", LIBRARY, "--token-label", LABEL, "--login", "--pin", PIN,
                        "--write-object", str(der), "--type", "cert", "--label", label, "--id", key_id],
                       check=True, capture_output=True)

    token = pkcs11.lib(LIBRARY).get_token(token_label=LABEL)
    with token.open(user_pin=PIN) as opened:
        yield opened


class TokenSigner:
    """A key on the token, as hocba's `signer`: the private key never leaves the token."""

    def __init__(self, session, label, certificate, mechanism, input="message", prefix=b""):
        import pkcs11

        self.key = session.get_key(object_class=pkcs11.ObjectClass.PRIVATE_KEY, label=label)
        self.certificate = certificate
        self.mechanism = mechanism
        self.input = input
        self.prefix = prefix
        self.calls = 0

    def sign(self, data: bytes) -> bytes:
        self.calls += 1
        return self.key.sign(self.prefix + data, mechanism=self.mechanism)


def test_the_key_stays_on_the_token(session):
    import pkcs11

    key = session.get_key(object_class=pkcs11.ObjectClass.PRIVATE_KEY, label="gvcn")
    assert key[pkcs11.Attribute.SENSITIVE] is True
    with pytest.raises(pkcs11.exceptions.PKCS11Error):
        key[pkcs11.Attribute.PRIVATE_EXPONENT]


def test_token_signs_the_message(session, sample, rsa_cert, hocba_cli, tmp_path):
    from pkcs11 import Mechanism

    signer = TokenSigner(session, "gvcn", rsa_cert, Mechanism.SHA256_RSA_PKCS)
    signed = hocba.sign(sample, check_trust=False, reference_id="data-1", into="DSCKS/GVCN", signer=signer, signing_time=SIGNING_TIME)
    assert signer.calls == 1
    (signature,) = hocba.verify(signed, hocba.VerifyConfig(pinned_certs=rsa_cert, generic=True)).signatures
    assert signature.id == "sig-GVCN" and signature.verdict is hocba.Verdict.VALID
    # RSA PKCS#1 v1.5 is deterministic: the token's value is the software key's value.
    software = hocba.sign(sample, check_trust=False, reference_id="data-1", into="DSCKS/GVCN", key=key_file("rsa2048-key.pem"),
                          cert=rsa_cert, signing_time=SIGNING_TIME)
    assert signed == software
    path = tmp_path / "token-signed.xml"
    path.write_bytes(signed)
    cli = run_cli(hocba_cli, "verify", "--generic", "--cert", str(KEYS / "rsa2048-cert.pem"), str(path))
    assert cli.returncode == 0, cli.stdout + cli.stderr


def test_token_signs_a_digest(session, sample, rsa_cert):
    from pkcs11 import Mechanism

    signer = TokenSigner(session, "gvcn", rsa_cert, Mechanism.RSA_PKCS, input="digest", prefix=SHA256_DIGEST_INFO)
    signed = hocba.sign(sample, check_trust=False, reference_id="data-1", into="DSCKS/GVCN", signer=signer, signing_time=SIGNING_TIME)
    assert hocba.verify(signed, hocba.VerifyConfig(pinned_certs=rsa_cert, generic=True)).valid


def test_both_signers_on_tokens(session, sample, rsa_cert, p256_cert):
    from pkcs11 import Mechanism

    gvcn = TokenSigner(session, "gvcn", rsa_cert, Mechanism.SHA256_RSA_PKCS)
    principal = TokenSigner(session, "hieu-truong", p256_cert, Mechanism.ECDSA, input="digest")
    once = hocba.sign(sample, check_trust=False, reference_id="data-1", into="DSCKS/GVCN", signer=gvcn)
    twice = hocba.sign(once, check_trust=False, reference_id="data-1", into="DSCKS/HieuTruong", signer=principal,
                       countersign="sig-GVCN-SignatureValue")
    result = hocba.verify(twice, hocba.VerifyConfig(pinned_certs=[rsa_cert, p256_cert], required="data-1@HocBa/DuLieuHocBa", signature_places=["DSCKS/GVCN", "DSCKS/HieuTruong"], generic=True))
    assert [(s.id, s.algorithm) for s in result.signatures] == [("sig-GVCN", "rsa-sha256"),
                                                                 ("sig-HieuTruong", "ecdsa-sha256")]


def test_wrong_token_key_is_caught(session, sample, rsa_cert):
    """The principal's key behind the teacher's certificate: the value is checked before a document is returned."""
    from pkcs11 import Mechanism

    mixed_up = TokenSigner(session, "hieu-truong", rsa_cert, Mechanism.ECDSA, input="digest")
    with pytest.raises(hocba.SignatureError):
        hocba.sign(sample, check_trust=False, reference_id="data-1", into="DSCKS/GVCN", signer=mixed_up)


def test_tokens_sign_a_transcript_that_verifies_with_trust(session, transcript_xml):
    """The test PKI's GVCN and principal keys on the token sign every year, checked against the test root first."""
    from pkcs11 import Mechanism

    gvcn = TokenSigner(session, "pki-gvcn", (PKI / "gvcn-cert.pem").read_bytes(), Mechanism.SHA256_RSA_PKCS)
    principal = TokenSigner(session, "pki-hieu-truong", (PKI / "hieutruong-cert.pem").read_bytes(), Mechanism.ECDSA,
                            input="digest")
    signed = transcript_xml
    years = [y["id"] for y in hocba.Transcript.from_xml(transcript_xml).to_dict()["years"]]
    for year in years:
        for role, signer in (("gvcn", gvcn), ("hieu-truong", principal)):
            signed = hocba.sign(signed, role=role, year_id=year, signer=signer, signing_time=SIGNING_TIME, **PKI_TRUST)
    assert gvcn.calls == principal.calls == len(years)
    verification = hocba.verify_transcript(signed, pki_config())
    assert verification.report.valid
    assert [s.signer["name"] for s in verification.report.signatures] == ["Nguyễn Thị Hoa", "Trần Văn Minh"] * 2
    assert verification.transcript == hocba.Transcript.from_xml(transcript_xml)
    # A token whose certificate chains nowhere trusted is refused before it is asked to sign.
    stranger = TokenSigner(session, "gvcn", key_file("rsa2048-cert.pem"), Mechanism.SHA256_RSA_PKCS)
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.sign(transcript_xml, role="gvcn", year_id=years[0], signer=stranger, **PKI_TRUST)
    assert raised.value.code == "untrusted" and stranger.calls == 0


def test_pkcs11_signer_signs_every_year_with_one_session(session, transcript_xml, monkeypatch):
    """hocba.Pkcs11Signer: the core's signer over the token, certificates and chain read from it."""
    gvcn = hocba.Pkcs11Signer(f"pkcs11:token={LABEL};object=pki-gvcn?module-path={LIBRARY}", pin=PIN)
    monkeypatch.setenv("HOCBA_TEST_PIN", PIN)
    principal = hocba.Pkcs11Signer(f"pkcs11:token={LABEL};object=pki-hieu-truong", module=LIBRARY,
                                   pin_env="HOCBA_TEST_PIN")
    assert (gvcn.token, gvcn.algorithm, principal.algorithm) == (LABEL, "rsa-sha256", "ecdsa-sha256")
    assert len(gvcn.certificates) == 2, "the signer's certificate, then the CA's from the token"
    signed = transcript_xml
    for year in [y["id"] for y in hocba.Transcript.from_xml(transcript_xml).to_dict()["years"]]:
        signed = hocba.sign(signed, role="gvcn", year_id=year, signer=gvcn, signing_time=SIGNING_TIME, **PKI_TRUST)
        signed = hocba.sign(signed, role="hieu-truong", year_id=year, signer=principal, signing_time=SIGNING_TIME,
                            **PKI_TRUST)
    assert hocba.verify_transcript(signed, pki_config()).report.valid


@pytest.mark.parametrize("uri, code", [
    (f"pkcs11:token={LABEL}?module-path={LIBRARY}", "token-ambiguous"),
    (f"pkcs11:token=nowhere?module-path={LIBRARY}", "token-not-found"),
    ("pkcs11:object=gvcn?module-path=/lib/x86_64-linux-gnu/libz.so.1", "not-a-pkcs11-module"),
    (f"pkcs11:object=gvcn?module-path={LIBRARY}&pin-value=1234", "token-uri-invalid"),
])
def test_pkcs11_signer_errors_are_typed(session, uri, code):
    with pytest.raises(hocba.CryptoError) as raised:
        hocba.Pkcs11Signer(uri, pin=PIN)
    assert raised.value.code == code
