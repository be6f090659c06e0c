"""hocba.c14n: the same bytes as the CLI, every algorithm, subsets, and a typed error for bad input."""

import pytest

import hocba
from conftest import SAMPLE, run_cli

ALGORITHMS = ["c14n", "c14n-comments", "exc-c14n", "exc-c14n-comments", "c14n11", "c14n11-comments"]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_same_bytes_as_the_cli(sample, hocba_cli, algorithm):
    cli = run_cli(hocba_cli, "c14n", "--algorithm", algorithm, str(SAMPLE))
    assert cli.returncode == 0, cli.stderr
    assert hocba.c14n(sample, algorithm) == cli.stdout


def test_subtree_and_prefix_list_as_the_cli(sample, hocba_cli):
    cli = run_cli(hocba_cli, "c14n", "--algorithm", "exc-c14n", "--prefix-list", "xsi #default",
                  "--subtree-id", "data-1", str(SAMPLE))
    assert cli.returncode == 0, cli.stderr
    got = hocba.c14n(sample, "exc-c14n", prefix_list="xsi #default", subtree_id="data-1")
    assert got == cli.stdout
    assert got.startswith(b'<DuLieuHocBa xmlns="urn:hocba:vi-du:1.0"')


def test_known_canonical_form():
    doc = b'<?xml version="1.0"?>\n<a  b="2" a="1"><!-- c --><e/></a>'
    assert hocba.c14n(doc) == b'<a a="1" b="2"><e></e></a>'
    assert hocba.c14n(doc, "c14n-comments") == b'<a a="1" b="2"><!-- c --><e></e></a>'
    uri = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    assert hocba.c14n(doc, uri) == hocba.c14n(doc)


def test_text_and_bytearray_input(sample):
    assert hocba.c14n(sample.decode("utf-8")) == hocba.c14n(sample)
    assert hocba.c14n(bytearray(sample)) == hocba.c14n(sample)


def test_not_a_document_type():
    with pytest.raises(TypeError, match=r"expected bytes, str \(the XML\) or a path"):
        hocba.c14n(42)


@pytest.mark.parametrize(
    "doc, reason, position",
    [
        (b"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", "dtd-not-allowed", (1, 1)),
        (b"<a>\n  <b></a>", "malformed", (2, 6)),
        (b"<a>&unknown;</a>", "unknown-entity", (1, 4)),
        (b"<a>\xff</a>", "not-utf8", (1, 4)),
        ('<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>'.encode(), "unsupported-encoding", (1, 1)),
        (b"<a>" * 101 + b"</a>" * 101, "too-deep", (1, 301)),
        (b"", "malformed", (1, 1)),
    ],
)
def test_xml_errors(doc, reason, position):
    with pytest.raises(hocba.XmlError) as raised:
        hocba.c14n(doc)
    error = raised.value
    assert isinstance(error, hocba.Error)
    assert error.code == "xml"
    assert error.details["reason"] == reason
    assert error.position == position
    assert error.message == str(error)
    assert f"{position[0]}:{position[1]}" in str(error)


@pytest.mark.parametrize(
    "kwargs, reason",
    [
        ({"algorithm": "md5-c14n"}, "unsupported-algorithm"),
        ({"algorithm": "c14n", "prefix_list": "a"}, "prefix-list-not-exclusive"),
        ({"algorithm": "exc-c14n", "prefix_list": "not:a:prefix"}, "invalid-prefix"),
    ],
)
def test_c14n_errors(sample, kwargs, reason):
    with pytest.raises(hocba.C14nError) as raised:
        hocba.c14n(sample, **kwargs)
    assert raised.value.code == ("unsupported-algorithm" if reason == "unsupported-algorithm" else "c14n")
    assert raised.value.details["reason"] == reason


def test_relative_namespace_uri_is_refused():
    with pytest.raises(hocba.C14nError) as raised:
        hocba.c14n(b'<a xmlns="relative/uri"/>')
    assert raised.value.details["reason"] == "relative-namespace-uri"
    assert raised.value.position == (1, 1)


def test_subtree_id_must_exist_once():
    with pytest.raises(hocba.C14nError) as raised:
        hocba.c14n(b'<a><b Id="x"/></a>', subtree_id="y")
    assert raised.value.code == "not-found"
    with pytest.raises(hocba.C14nError) as raised:
        hocba.c14n(b'<a><b Id="x"/>\n<c id="x"/></a>', subtree_id="x")
    assert raised.value.code == "duplicate-id"
    assert raised.value.position == (1, 4)
