"""`Verifier.verify_many`: a batch verified on threads without the GIL, each result as it completes.

Every result is checked against verifying the same document alone; files are read by the batch,
errors come back as exceptions in `error` (not raised), and leaving the loop early stops the batch.
"""

import pathlib

import pytest

import hocba
from conftest import pki_config
from test_threads import count_while


@pytest.fixture(scope="module")
def verifier():
    return hocba.Verifier(pki_config())


def alone(verifier, document: bytes) -> str:
    return verifier.verify(document, raise_on_invalid=False).report.to_json()


def test_a_mixed_batch_gives_each_document_what_verifying_it_alone_gives(verifier, pki_signed, tmp_path):
    forged = pki_signed.replace(b"<DTBCaNam>", b"<DTBCaNam>1", 1)
    assert forged != pki_signed
    on_disk = tmp_path / "hoc-ba.xml"
    on_disk.write_bytes(pki_signed)
    forged_on_disk = tmp_path / "bi-sua.xml"
    forged_on_disk.write_bytes(forged)
    documents = [pki_signed, forged, str(on_disk), forged_on_disk, b"not xml", tmp_path / "missing.xml",
                 bytearray(pki_signed), tmp_path]
    results = list(verifier.verify_many(documents, jobs=3))
    assert sorted(r.index for r in results) == list(range(len(documents)))
    by_index = {r.index: r for r in results}
    expected = {0: pki_signed, 1: forged, 2: pki_signed, 3: forged, 6: pki_signed}
    for index, document in expected.items():
        result = by_index[index]
        assert result.error is None, result
        assert result.verification.report.to_json() == alone(verifier, document), index
    assert by_index[0].verification.report.verdict == hocba.Verdict.VALID
    assert by_index[1].verification.report.verdict == hocba.Verdict.INVALID
    assert (by_index[2].path, by_index[3].path, by_index[0].path) == (str(on_disk), str(forged_on_disk), None)
    assert by_index[0].verification.record.student_id == by_index[2].verification.record.student_id
    # Not XML: the exception verifying it alone raises, in `error`.
    assert by_index[4].verification is None and isinstance(by_index[4].error, hocba.XmlError)
    with pytest.raises(hocba.XmlError) as raised:
        verifier.verify(b"not xml")
    assert str(by_index[4].error) == str(raised.value)
    assert by_index[4].error.code == "xml"
    # A file that is not there, and a folder: OSError with the path.
    assert isinstance(by_index[5].error, FileNotFoundError) and by_index[5].error.filename == str(tmp_path / "missing.xml")
    assert isinstance(by_index[7].error, IsADirectoryError) and by_index[7].error.filename == str(tmp_path)


def test_a_large_batch_is_complete_and_agrees(verifier, pki_signed):
    forged = pki_signed.replace(b"<DTBCaNam>", b"<DTBCaNam>1", 1)
    documents = [forged if i % 7 == 3 else pki_signed for i in range(300)]
    verdicts = {r.index: r.verification.report.verdict for r in verifier.verify_many(documents, jobs=2)}
    assert len(verdicts) == 300
    for i, verdict in verdicts.items():
        assert verdict == (hocba.Verdict.INVALID if i % 7 == 3 else hocba.Verdict.VALID), i


def test_leaving_the_loop_early_stops_the_batch(verifier, pki_signed):
    results = verifier.verify_many([pki_signed] * 2000, jobs=2)
    first = next(results)
    assert first.verification.report.verdict == hocba.Verdict.VALID
    del results
    # The threads stop at the documents in hand; a new batch runs at once.
    assert len(list(verifier.verify_many([pki_signed] * 4))) == 4


def test_the_batch_waits_without_the_gil(verifier, pki_signed):
    assert count_while(lambda: list(verifier.verify_many([pki_signed] * 40, jobs=1))) > 0


def test_what_is_not_a_list_of_documents_is_refused(verifier, pki_signed):
    with pytest.raises(TypeError, match="a list of documents"):
        verifier.verify_many(pki_signed)
    with pytest.raises(TypeError, match="a list of documents"):
        verifier.verify_many("hoc-ba.xml")
    with pytest.raises(TypeError, match=r"documents\[1\]: expected bytes"):
        verifier.verify_many([pki_signed, 42])
    with pytest.raises(ValueError, match="jobs"):
        verifier.verify_many([pki_signed], jobs=0)
    assert list(verifier.verify_many([])) == []
    assert list(verifier.verify_many(iter([pathlib.Path("/nonexistent/x.xml")])))[0].error.errno == 2


def test_what_is_not_a_regular_file_is_not_opened(verifier, tmp_path):
    import os
    fifo = tmp_path / "fifo.xml"
    os.mkfifo(fifo)
    # A pipe would block the thread that opened it: refused by its type, as a device is.
    results = {r.index: r for r in verifier.verify_many([fifo, "/dev/zero"], jobs=2)}
    for index in (0, 1):
        assert isinstance(results[index].error, OSError) and "not a regular file" in str(results[index].error)
    big = tmp_path / "big.xml"
    with open(big, "wb") as f:
        f.truncate(64 * 1024 * 1024)
    [result] = list(verifier.verify_many([big]))
    assert isinstance(result.error, OSError) and "larger than the limit" in str(result.error)
