"""What a newcomer runs into first: documents given as paths, a file name given where XML was expected, a key or
certificate in the wrong place, a wrong password; and help() on every function, with an example that runs."""

import doctest
import inspect
import os
import pathlib

import pytest

import hocba
from conftest import KEYS, PKI, REPO

SIGNED = REPO / "test-vectors" / "transcripts" / "signed" / "thcs-lop-6-9-da-ky.xml"
PINNED = hocba.VerifyConfig(pinned_certs=[KEYS / "rsa2048-cert.pem", KEYS / "p256-cert.pem"])
# Every function the module exports (the classes document their own constructors).
FUNCTIONS = [name for name in hocba.__all__ if callable(getattr(hocba, name)) and not inspect.isclass(getattr(hocba, name))]


def test_documents_are_bytes_str_or_paths():
    by_path = hocba.verify(SIGNED, PINNED)
    assert by_path.valid
    assert by_path.to_dict()["signatures"] == hocba.verify(SIGNED.read_bytes(), PINNED).to_dict()["signatures"]
    assert hocba.verify(SIGNED.read_text(encoding="utf-8"), PINNED).valid
    assert hocba.validate(SIGNED) == hocba.validate(SIGNED.read_bytes()) == []
    with pytest.raises(FileNotFoundError):
        hocba.verify(pathlib.Path("/nonexistent/hoc-ba.xml"), PINNED)
    with pytest.raises(TypeError, match=r"expected bytes, str \(the XML\) or a path \(os.PathLike\), not int"):
        hocba.verify(1)


def test_a_str_that_names_a_file_gets_a_hint():
    for call in (lambda d: hocba.verify(d, PINNED), hocba.validate, hocba.c14n):
        with pytest.raises(TypeError) as raised:
            call(str(SIGNED))
        message = str(raised.value)
        assert "a str is the XML itself" in message and f'pass pathlib.Path("{SIGNED}")' in message
    # A str that names no file is XML text as before: the reader says what is wrong with it.
    with pytest.raises(hocba.XmlError):
        hocba.verify("/nonexistent/hoc-ba.xml", PINNED)


def test_a_ca_certificate_pinned_as_a_signer_points_to_trust():
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.VerifyConfig(pinned_certs=PKI / "root-cert.pem")
    error = raised.value
    assert error.code == "ca-certificate-pinned"
    assert "trust anchor" in str(error) and "gốc tin cậy" in error.details["message_vi"]


def test_key_files_in_the_wrong_place_and_a_wrong_password_say_what_to_do(transcript_xml):
    common = {"role": "gvcn", "year_id": "QTHT-2022-2023", "check_trust": False}
    with pytest.raises(hocba.CryptoError) as raised:
        hocba.sign(transcript_xml, key=PKI / "gvcn-cert.pem", cert=PKI / "gvcn-cert.pem", **common)
    assert raised.value.code == "wrong-file"
    assert "this file is a certificate, not a private key: give the private key file" in str(raised.value)
    assert raised.value.details["message_vi"].startswith("tệp này là một chứng thư số, không phải một khóa bí mật")
    with pytest.raises(hocba.CryptoError) as raised:
        hocba.sign(transcript_xml, pkcs12=PKI / "gvcn.p12", password="not-the-password", **common)
    assert raised.value.code == "wrong-password"
    assert "mac verify failure" not in str(raised.value)
    assert "mật khẩu không mở được tệp PKCS#12" in raised.value.details["message_vi"]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_help_shows_the_parameters_and_an_example_that_runs(name, monkeypatch):
    function = getattr(hocba, name)
    parameters = list(inspect.signature(function).parameters)
    doc = inspect.getdoc(function)
    assert "Parameters:" in doc and "Example" in doc, doc
    documented = doc.split("Parameters:")[1].split("Example")[0]
    for parameter in parameters:
        assert parameter in documented, f"{name}: {parameter} is not described"
    # The examples run from the repository's root, as help() shows them.
    monkeypatch.chdir(REPO)
    test = doctest.DocTestParser().get_doctest(doc, {"hocba": hocba, "pathlib": pathlib}, name, None, 0)
    assert test.examples, f"{name}: no example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0, f"{name}: its example fails"
    assert os.getcwd() == str(REPO)
