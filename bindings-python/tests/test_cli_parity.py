"""Reports and findings are the Rust CLI's on the same inputs: `hocba verify --json` (the core's report, plus the
CLI's own fields) and `hocba validate --json`."""

import json

import pytest

import hocba
from conftest import AT, KEYS, PKI_TRUST_CLI, SHARED, TRANSCRIPTS, pki_config, run_cli, sign_years

VECTORS = SHARED / "vectors" / "dsig"
CLI_ONLY = ("kind", "file", "transcript", "student_id", "student_name")


def tampered(doc: bytes) -> bytes:
    return doc.replace(b"<kq:DiemCK>9<", b"<kq:DiemCK>8<", 1)


PINNED = [
    # (name, document, CLI options, VerifyConfig keywords): documents that are not transcripts, keys pinned, verified as
    # generic signed documents (--generic, generic=True; GENERIC adds them)
    ("both signatures", lambda d: d["twice"],
     ["--cert", KEYS / "rsa2048-cert.pem", "--cert", KEYS / "p256-cert.pem", "--require", "data-1@HocBa/DuLieuHocBa",
      "--signature-place", "DSCKS/GVCN", "--signature-place", "DSCKS/HieuTruong"],
     {"pinned_certs": [KEYS / "rsa2048-cert.pem", KEYS / "p256-cert.pem"], "required": ["data-1@HocBa/DuLieuHocBa"],
      "signature_places": ["DSCKS/GVCN", "DSCKS/HieuTruong"]}),
    ("tampered", lambda d: tampered(d["twice"]),
     ["--cert", KEYS / "rsa2048-cert.pem", "--cert", KEYS / "p256-cert.pem"],
     {"pinned_certs": [KEYS / "rsa2048-cert.pem", KEYS / "p256-cert.pem"]}),
    ("one key missing", lambda d: d["twice"], ["--cert", KEYS / "rsa2048-cert.pem"],
     {"pinned_certs": KEYS / "rsa2048-cert.pem"}),
    ("unsigned", lambda d: d["sample"], ["--cert", KEYS / "rsa2048-cert.pem"],
     {"pinned_certs": KEYS / "rsa2048-cert.pem"}),
    ("SHA-1, legacy option", lambda d: (VECTORS / "xmldsig11-interop-2012/signature-enveloping-rsa-sha256.xml")
     .read_bytes(), ["--key", VECTORS / "keys/xmldsig11-interop-2012/keys/rsa-key.der", "--allow-sha1"],
     {"pinned_keys": VECTORS / "keys/xmldsig11-interop-2012/keys/rsa-key.der", "allow_sha1": True}),
    ("pure-Rust provider", lambda d: d["twice"],
     ["--cert", KEYS / "rsa2048-cert.pem", "--cert", KEYS / "p256-cert.pem", "--provider", "rustcrypto"],
     {"pinned_certs": [KEYS / "rsa2048-cert.pem", KEYS / "p256-cert.pem"], "provider": "rustcrypto"}),
    ("government roots by default", lambda d: d["twice"], [], {}),
]
PINNED = [(name, document, ["--generic", *cli], {**options, "generic": True}) for name, document, cli, options in PINNED]
PINNED.append(
    # Without --generic / generic=True the same document is refused by both: not-a-transcript.
    ("not a transcript, not generic", lambda d: d["twice"],
     ["--cert", KEYS / "rsa2048-cert.pem", "--cert", KEYS / "p256-cert.pem"],
     {"pinned_certs": [KEYS / "rsa2048-cert.pem", KEYS / "p256-cert.pem"]}))

PINNED = [(name, document, cli, lambda o=options: hocba.VerifyConfig(trust=hocba.Trust(at=AT), **o))
          for name, document, cli, options in PINNED]

TRUSTED = [
    # (name, document, CLI options, the VerifyConfig): transcripts signed with the test PKI
    ("valid", lambda d: d["pki"], PKI_TRUST_CLI, pki_config),
    ("revoked", lambda d: sign_years(d["transcript"], gvcn="revoked", check_trust=False), PKI_TRUST_CLI, pki_config),
    ("expired", lambda d: sign_years(d["transcript"], gvcn="expired", check_trust=False), PKI_TRUST_CLI, pki_config),
    ("untrusted", lambda d: sign_years(d["transcript"], gvcn="other-gvcn", check_trust=False), PKI_TRUST_CLI,
     pki_config),
    ("tampered", lambda d: d["pki"].replace(b"<HoVaTen>", b"<HoVaTen>X", 1), PKI_TRUST_CLI, pki_config),
    ("no revocation data", lambda d: d["pki"], PKI_TRUST_CLI[:4], lambda: pki_config(hocba.Revocation())),
    ("soft-fail", lambda d: d["pki"], PKI_TRUST_CLI[:4] + ["--revocation", "soft-fail"],
     lambda: pki_config(hocba.Revocation(), revocation="soft-fail")),
    ("time policy now", lambda d: d["pki"], PKI_TRUST_CLI + ["--time", "now"], lambda: pki_config(time="now")),
    ("time policy timestamp", lambda d: d["pki"], PKI_TRUST_CLI + ["--time", "timestamp"],
     lambda: pki_config(time="timestamp")),
    ("time policy claimed", lambda d: d["pki"], PKI_TRUST_CLI + ["--time", "claimed"], lambda: pki_config(time="claimed")),
    ("unsigned transcript", lambda d: d["transcript"], PKI_TRUST_CLI, pki_config),
]


@pytest.mark.parametrize("name, document, cli_options, config", PINNED + TRUSTED,
                         ids=[f"pinned: {c[0]}" for c in PINNED] + [f"trust: {c[0]}" for c in TRUSTED])
def test_same_report_as_the_cli(tmp_path, hocba_cli, sample, signed_twice, transcript_xml, pki_signed, name, document,
                                cli_options, config):
    doc = document({"sample": sample, "twice": signed_twice, "transcript": transcript_xml, "pki": pki_signed})
    path = tmp_path / "input.xml"
    path.write_bytes(doc)
    cli = run_cli(hocba_cli, "verify", "--json", "--at", AT, *map(str, cli_options), str(path))
    printed = json.loads(cli.stdout)
    assert printed["file"] == str(path)
    is_transcript = printed["transcript"]
    for key in CLI_ONLY:
        printed.pop(key)
    record = printed.pop("record")
    assert hocba.Verifier(config()).verify(doc, raise_on_invalid=False).record.to_dict() == record
    report = hocba.verify(doc, config(), raise_on_invalid=False)
    assert report.to_dict() == printed
    if name == "not a transcript, not generic":
        assert [p["code"] for p in printed["problems"]] == ["not-a-transcript"] and printed["signatures"] == []
    assert json.loads(report.to_json()) == printed
    assert cli.returncode == (0 if report.valid else 1)
    if is_transcript:
        verification = hocba.verify_transcript(doc, config(), raise_on_invalid=False)
        assert verification.report.to_dict() == printed


def test_not_xml_is_unusable_for_both(tmp_path, hocba_cli):
    path = tmp_path / "input.xml"
    path.write_bytes(b"<HocBa>")
    cli = run_cli(hocba_cli, "verify", "--json", str(path))
    printed = json.loads(cli.stdout)
    assert (cli.returncode, printed["verdict"], printed["error"]["code"]) == (2, None, "xml")
    with pytest.raises(hocba.XmlError):
        hocba.verify(b"<HocBa>", raise_on_invalid=False)


@pytest.mark.parametrize("path", sorted(TRANSCRIPTS.glob("*.xml")), ids=lambda p: p.name)
@pytest.mark.parametrize("strict", [False, True])
def test_same_findings_as_the_cli(hocba_cli, path, strict):
    cli = run_cli(hocba_cli, "validate", "--json", *(["--strict"] if strict else []), str(path))
    printed = json.loads(cli.stdout)
    findings = hocba.validate(path.read_bytes(), strict=strict)
    assert [f.to_dict() for f in findings] == printed["findings"]
    assert [(f.severity, f.path, f.code, f.message_vi, f.message_en) for f in findings] == \
           [(f["severity"], f["path"], f["code"], f["message_vi"], f["message_en"]) for f in printed["findings"]]
    valid = all(f.severity != "error" for f in findings)
    # A document the XML reader refuses cannot be read as a transcript: unusable input, 2.
    unreadable = any(f.code == "xml" for f in findings)
    assert valid == printed["valid"] and cli.returncode == (0 if valid else 2 if unreadable else 1)
    kind = path.name.split("-")[0]
    if kind == "error":
        assert not valid
    else:
        assert [f.to_dict() for f in hocba.Transcript.from_xml(path.read_bytes()).validate(strict=strict)] == \
               printed["findings"]
        assert valid == (kind == "valid" or not strict)
        assert (findings == []) == (kind == "valid")
