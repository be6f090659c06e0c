"""Paper copies from Python: hocba.render, hocba.verify_paper, hocba.embedded_transcript."""

import pytest

import hocba
from conftest import pki_config


def test_a_copy_renders_carries_its_transcript_and_its_reference_belongs(pki_signed):
    config = pki_config()
    copy = hocba.render(pki_signed, config)
    assert copy.pdf.startswith(b"%PDF-1.7")
    assert copy.verdict == hocba.Verdict.VALID
    assert copy.reference.startswith("HOCBA1:") and copy.reference.endswith(":HB01-THCS-2022-0100543210")
    assert hocba.embedded_transcript(copy.pdf) == pki_signed

    for document in (copy.pdf, pki_signed):
        check = hocba.verify_paper(copy.reference, document, config)
        assert check.belongs and check.mismatch is None
        assert check.verification.report.valid
        assert check.message().startswith("BẢN GIẤY KHỚP")
        assert check.message("en").startswith("PAPER COPY MATCHES")


def test_a_forged_reference_and_a_tampered_transcript_are_caught(pki_signed):
    config = pki_config()
    reference = hocba.render(pki_signed, config).reference
    digest = reference.split(":")[2]
    forged = reference.replace(digest, ("B" if digest[0] == "A" else "A") + digest[1:], 1)
    check = hocba.verify_paper(forged, pki_signed, config)
    assert not check.belongs
    assert check.mismatch["code"] == "paper-digest-mismatch"
    assert check.message().startswith("BẢN GIẤY KHÔNG KHỚP")

    tampered = pki_signed.replace(b"<DDGck>9.0</DDGck>", b"<DDGck>8.0</DDGck>", 1)
    assert tampered != pki_signed
    with pytest.raises(hocba.TranscriptError) as raised:
        hocba.render(tampered, config)
    assert raised.value.code == "not-valid"
    marked = hocba.render(tampered, config, mark_invalid=True)
    assert marked.reference is None and marked.verdict == hocba.Verdict.INVALID
    assert not hocba.verify_paper(reference, tampered, config).belongs

    with pytest.raises(hocba.TranscriptError) as raised:
        hocba.verify_paper("HOCBA1:oops", pki_signed, config)
    assert raised.value.code == "paper-reference-malformed"
    with pytest.raises(hocba.TranscriptError) as raised:
        hocba.embedded_transcript(b"%PDF-1.7 nothing")
    assert raised.value.code == "pdf-malformed"
