"""hocba.verify(...).to_dict() is what `hocba verify --json` prints for the same inputs (without `file`)."""

import json

import pytest

import hocba
from conftest import KEYS, SHARED, run_cli

VECTORS = SHARED / "vectors" / "dsig"


def tampered(doc: bytes) -> bytes:
    return doc.replace(b"<kq:DiemCK>9<", b"<kq:DiemCK>8<", 1)


CASES = [
    # (name, document, CLI options, Python keywords)
    ("both signatures", lambda d: d["twice"],
     ["--cert", KEYS / "rsa2048-cert.pem", "--cert", KEYS / "p256-cert.pem", "--require", "data-1@HocBa/DuLieuHocBa",
      "--signature-place", "DSCKS/GVCN", "--signature-place", "DSCKS/HieuTruong"],
     {"trusted_certs": [KEYS / "rsa2048-cert.pem", KEYS / "p256-cert.pem"], "required": ["data-1@HocBa/DuLieuHocBa"],
      "signature_places": ["DSCKS/GVCN", "DSCKS/HieuTruong"]}),
    ("tampered", lambda d: tampered(d["twice"]),
     ["--cert", KEYS / "rsa2048-cert.pem", "--cert", KEYS / "p256-cert.pem"],
     {"trusted_certs": [KEYS / "rsa2048-cert.pem", KEYS / "p256-cert.pem"]}),
    ("one key missing", lambda d: d["twice"], ["--cert", KEYS / "rsa2048-cert.pem"],
     {"trusted_certs": KEYS / "rsa2048-cert.pem"}),
    ("unsigned", lambda d: d["sample"], ["--cert", KEYS / "rsa2048-cert.pem"],
     {"trusted_certs": KEYS / "rsa2048-cert.pem"}),
    ("not XML", lambda d: b"<HocBa>", ["--cert", KEYS / "rsa2048-cert.pem"],
     {"trusted_certs": KEYS / "rsa2048-cert.pem"}),
    ("SHA-1, legacy option", lambda d: (VECTORS / "xmldsig11-interop-2012/signature-enveloping-rsa-sha256.xml")
     .read_bytes(), ["--key", VECTORS / "keys/xmldsig11-interop-2012/keys/rsa-key.der", "--allow-sha1"],
     {"trusted_keys": VECTORS / "keys/xmldsig11-interop-2012/keys/rsa-key.der", "allow_sha1": True}),
    ("pure-Rust provider", lambda d: d["twice"],
     ["--cert", KEYS / "rsa2048-cert.pem", "--cert", KEYS / "p256-cert.pem", "--provider", "rustcrypto"],
     {"trusted_certs": [KEYS / "rsa2048-cert.pem", KEYS / "p256-cert.pem"], "provider": "rustcrypto"}),
]


@pytest.mark.parametrize("name, document, cli_options, options", CASES, ids=[c[0] for c in CASES])
def test_same_json_as_the_cli(tmp_path, hocba_cli, sample, signed_twice, name, document, cli_options, options):
    doc = document({"sample": sample, "twice": signed_twice})
    path = tmp_path / "input.xml"
    path.write_bytes(doc)
    cli = run_cli(hocba_cli, "verify", "--json", *map(str, cli_options), str(path))
    printed = json.loads(cli.stdout)
    assert printed.pop("file") == str(path)
    result = hocba.verify(doc, raise_on_invalid=False, **options)
    assert result.to_dict() == printed
    assert json.loads(result.to_json()) == printed
    assert cli.returncode == (0 if result.valid else 2 if result.error_code == "xml" else 1)
