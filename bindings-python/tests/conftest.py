"""Shared inputs of the binding's tests: the repository's test keys and sample transcript."""

import os
import pathlib
import subprocess

import pytest

import hocba

REPO = pathlib.Path(__file__).resolve().parents[2]
KEYS = REPO / "test-vectors" / "keys"
SAMPLE = REPO / "test-vectors" / "samples" / "van-ban-mau-khong-phai-hoc-ba.xml"
SHARED = pathlib.Path(os.environ.get("HOCBA_SHARED", REPO.parent / "shared"))
SIGNING_TIME = "2026-05-20T08:30:00+07:00"


def key_file(name: str) -> bytes:
    return (KEYS / name).read_bytes()


@pytest.fixture(scope="session")
def sample() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture(scope="session")
def rsa_key() -> bytes:
    return key_file("rsa2048-key.pem")


@pytest.fixture(scope="session")
def rsa_cert() -> bytes:
    return key_file("rsa2048-cert.pem")


@pytest.fixture(scope="session")
def p256_key() -> bytes:
    return key_file("p256-key.pem")


@pytest.fixture(scope="session")
def p256_cert() -> bytes:
    return key_file("p256-cert.pem")


@pytest.fixture(scope="session")
def signed_gvcn(sample, rsa_key, rsa_cert) -> bytes:
    """The sample signed by the homeroom teacher (GVCN, RSA-2048)."""
    import hocba

    return hocba.sign(sample, check_trust=False, reference_id="data-1", into="DSCKS/GVCN", key=rsa_key, cert=rsa_cert,
                      signing_time=SIGNING_TIME)


@pytest.fixture(scope="session")
def signed_twice(signed_gvcn, p256_key, p256_cert) -> bytes:
    """The sample signed by the GVCN and then the principal (P-256), who countersigns."""
    import hocba

    return hocba.sign(signed_gvcn, check_trust=False, reference_id="data-1", into="DSCKS/HieuTruong", key=p256_key, cert=p256_cert,
                      countersign="sig-GVCN-SignatureValue", signing_time=SIGNING_TIME)


@pytest.fixture(scope="session")
def hocba_cli() -> str:
    """The CLI built from this workspace (run.sh builds it and sets HOCBA_CLI)."""
    path = os.environ.get("HOCBA_CLI", str(REPO / "target" / "debug" / "hocba"))
    if not os.access(path, os.X_OK):
        pytest.fail(f"the hocba CLI is not built at {path}: run `cargo build -p hocba-cli` (run.sh does)")
    return path


def run_cli(cli: str, *args, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([cli, *args], input=stdin, capture_output=True, check=False)


# The test PKI (test-vectors/pki/README.md): trust anchor, intermediate, CRLs, signers.
PKI = REPO / "test-vectors" / "pki"
TRANSCRIPTS = REPO / "test-vectors" / "transcripts"
CRLS = [PKI / "ca.crl", PKI / "root.crl"]
# What signing and verifying with the test PKI take: sign(**PKI_TRUST), VerifyConfig(**PKI_TRUST).
PKI_TRUST = {"trust": hocba.Trust(PKI / "root-cert.pem", intermediates=PKI / "ca-cert.pem"),
             "revocation": hocba.Revocation(crls=CRLS)}
PKI_TRUST_CLI = ["--trust", PKI / "root-cert.pem", "--untrusted", PKI / "ca-cert.pem", "--crl", PKI / "ca.crl",
                 "--crl", PKI / "root.crl"]
# A fixed clock for verification, so that reports (and the CLI's) are comparable byte for byte.
AT = "2026-06-01T09:00:00+07:00"


def pki_config(data=None, generic=False, **trust) -> "hocba.VerifyConfig":
    """Verification with the test PKI at AT: its root and intermediate, its CRLs unless another `data` is given."""
    trust = {"intermediates": PKI / "ca-cert.pem", "at": AT, **trust}
    return hocba.VerifyConfig(trust=hocba.Trust(PKI / "root-cert.pem", **trust), generic=generic,
                              revocation=data or PKI_TRUST["revocation"])


def sign_years(xml: bytes, gvcn: str = "gvcn", principal: str = "hieutruong", **options) -> bytes:
    """Every school year of the transcript signed by the test PKI's `gvcn` and then `principal` keys."""
    import hocba

    for year in hocba.Transcript.from_xml(xml).to_dict()["years"]:
        for role, who in (("gvcn", gvcn), ("hieu-truong", principal)):
            xml = hocba.sign(xml, role=role, year_id=year["id"], key=PKI / f"{who}-key.pem",
                             cert=PKI / f"{who}-cert.pem", signing_time=SIGNING_TIME, **options)
    return xml


@pytest.fixture(scope="session")
def transcript_xml() -> bytes:
    return (TRANSCRIPTS / "valid-thcs-kiem-tra-lai.xml").read_bytes()


@pytest.fixture(scope="session")
def pki_signed(transcript_xml) -> bytes:
    """The transcript signed for every year by the GVCN and the principal of the test PKI, checked first."""
    return sign_years(transcript_xml, **PKI_TRUST)
