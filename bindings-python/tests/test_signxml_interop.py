"""Interop with signxml (the Python ecosystem's XML-signature library), both ways, on the sample transcript.

signxml canonicalizes subtrees with lxml, which writes a spurious xmlns="" on elements two or more levels
below the subtree root in a document with a default namespace (../shared/docs/interop-notes.md); its
verifier then rejects valid signatures unless `excise_empty_xmlns_declarations` is set. The first test shows
that this is the only difference between lxml's bytes and ours. Schema validation stays on: hocba's
SigningTime is in its own namespace, so the XMLDSig schema accepts the signature.
"""

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from lxml import etree
from signxml import DigestAlgorithm, SignatureConfiguration, SignatureMethod, XMLSigner, XMLVerifier
from signxml.algorithms import CanonicalizationMethod
from signxml.exceptions import InvalidSignature

import hocba
from conftest import SIGNING_TIME

NS = "urn:hocba:hocbaso:1.0"
DS = "http://www.w3.org/2000/09/xmldsig#"
GVCN_PLACE = SignatureConfiguration(location=f"./{{{NS}}}DSCKS/{{{NS}}}GVCN/", expect_references=2)


def signxml_verify(doc: bytes, cert: bytes, excise: bool):
    verifier = XMLVerifier()
    verifier.excise_empty_xmlns_declarations = excise
    return verifier.verify(doc, x509_cert=cert.decode(), expect_config=GVCN_PLACE, id_attribute="Id")


def test_lxml_adds_only_empty_default_namespace_declarations(sample):
    data = etree.fromstring(sample).find(f"{{{NS}}}DuLieuHocBa")
    lxml_bytes = etree.tostring(data, method="c14n")
    ours = hocba.c14n(sample, subtree_id="data-1")
    assert b' xmlns=""' in lxml_bytes and b' xmlns=""' not in ours
    assert lxml_bytes.replace(b' xmlns=""', b"") == ours


def test_hocba_signature_verifies_with_signxml(signed_gvcn, rsa_cert, sample):
    with pytest.raises(InvalidSignature):
        signxml_verify(signed_gvcn, rsa_cert, excise=False)
    data, signing_time = signxml_verify(signed_gvcn, rsa_cert, excise=True)
    assert data.signed_xml.tag == f"{{{NS}}}DuLieuHocBa"
    assert etree.tostring(data.signed_xml, method="c14n").replace(b' xmlns=""', b"") == \
           hocba.c14n(sample, subtree_id="data-1")
    # The second reference: this signature's own SigningTime object.
    assert signing_time.signed_xml.tag == f"{{{DS}}}Object"
    assert signing_time.signed_xml.findtext(".//{urn:hocba:xmldsig-properties:1.0}SigningTime") == SIGNING_TIME


def test_tampered_hocba_signature_fails_with_signxml(signed_gvcn, rsa_cert):
    with pytest.raises(InvalidSignature):
        signxml_verify(signed_gvcn.replace(b"<kq:DiemCK>9<", b"<kq:DiemCK>8<", 1), rsa_cert, excise=True)


@pytest.mark.parametrize("excise", [False, True])
def test_signxml_signature_verifies_with_hocba(sample, rsa_key, rsa_cert, excise):
    root = etree.fromstring(sample)
    etree.SubElement(root.find(f".//{{{NS}}}GVCN"), f"{{{DS}}}Signature", Id="placeholder")
    signer = XMLSigner(signature_algorithm=SignatureMethod.RSA_SHA256, digest_algorithm=DigestAlgorithm.SHA256,
                       c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0)
    signer.excise_empty_xmlns_declarations = excise
    signed = etree.tostring(signer.sign(root, key=load_pem_private_key(rsa_key, None),
                                        cert=[x509.load_pem_x509_certificate(rsa_cert)],
                                        reference_uri="#data-1", id_attribute="Id"))
    result = hocba.verify(signed, trusted_certs=rsa_cert, required="data-1@HocBa/DuLieuHocBa",
                          signature_places="DSCKS/GVCN")
    (signature,) = result.signatures
    assert signature.covers == ["#data-1"] and signature.algorithm == "rsa-sha256"
    # signxml writes no SigningTime for enveloped signatures: judged at the verification time.
    assert signature.signing_time["source"] == "verification-time"
    with pytest.raises(hocba.SignatureError) as raised:
        hocba.verify(signed.replace(b"<kq:DiemCK>9<", b"<kq:DiemCK>8<", 1), trusted_certs=rsa_cert)
    assert raised.value.code == "digest_mismatch"
