"""Shared inputs of the binding's tests: the repository's test keys and sample transcript."""

import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
KEYS = REPO / "test-vectors" / "keys"
SAMPLE = REPO / "test-vectors" / "samples" / "hoc-ba-mau.xml"
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

    return hocba.sign(sample, reference_id="data-1", into="DSCKS/GVCN", key=rsa_key, cert=rsa_cert,
                      signing_time=SIGNING_TIME)


@pytest.fixture(scope="session")
def signed_twice(signed_gvcn, p256_key, p256_cert) -> bytes:
    """The sample signed by the GVCN and then the principal (P-256), who countersigns."""
    import hocba

    return hocba.sign(signed_gvcn, reference_id="data-1", into="DSCKS/HieuTruong", key=p256_key, cert=p256_cert,
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
