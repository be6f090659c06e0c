"""Interop with signxml (the Python ecosystem's XML-signature library), both ways, on the sample document (a
generic signed document, verified with generic=True) and on a transcript.

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
from signxml.exceptions import InvalidCertificate, InvalidSignature

import hocba
from conftest import AT, PKI, PKI_TRUST, SIGNING_TIME

NS = "urn:hocba:vi-du:1.0"  # the sample's: not a transcript
TRANSCRIPT_NS = "urn:hocba:hocbaso:1.0"
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
    result = hocba.verify(signed, hocba.VerifyConfig(pinned_certs=rsa_cert, required="data-1@HocBa/DuLieuHocBa", signature_places="DSCKS/GVCN", generic=True))
    (signature,) = result.signatures
    assert signature.covers == ["#data-1"] and signature.algorithm == "rsa-sha256"
    # signxml writes no SigningTime for enveloped signatures: judged at the verification time.
    assert signature.signing_time["source"] == "verification-time"
    with pytest.raises(hocba.SignatureError) as raised:
        hocba.verify(signed.replace(b"<kq:DiemCK>9<", b"<kq:DiemCK>8<", 1), hocba.VerifyConfig(pinned_certs=rsa_cert, generic=True))
    assert raised.value.code == "digest-mismatch"


# With the test PKI: signxml checks the chain from KeyInfo up to the test root (ca_pem_file), hocba checks the
# path, the CRLs and the profile.
FIRST_YEAR_GVCN = SignatureConfiguration(
    location=f"./{{{TRANSCRIPT_NS}}}DSCKS/{{{TRANSCRIPT_NS}}}ChuKyNamHoc/{{{TRANSCRIPT_NS}}}GVCN/", expect_references=2)


def test_hocba_transcript_signature_verifies_with_signxml_and_the_test_root(transcript_xml):
    year = hocba.Transcript.from_xml(transcript_xml).to_dict()["years"][0]["id"]
    signed = hocba.sign(transcript_xml, role="gvcn", year_id=year, key=PKI / "gvcn-key.pem",
                        cert=PKI / "gvcn-cert.pem", chain=PKI / "ca-cert.pem", signing_time=SIGNING_TIME, **PKI_TRUST)
    verifier = XMLVerifier()
    verifier.excise_empty_xmlns_declarations = True
    data, _ = verifier.verify(signed, ca_pem_file=str(PKI / "root-cert.pem"), expect_config=FIRST_YEAR_GVCN,
                              id_attribute="Id")
    assert data.signed_xml.get("Id") == year
    assert etree.tostring(data.signed_xml, method="c14n").replace(b' xmlns=""', b"") == \
           hocba.c14n(transcript_xml, subtree_id=year)
    # The same signature under another root: signxml refuses the chain.
    with pytest.raises(InvalidCertificate):
        verifier.verify(signed, ca_pem_file=str(PKI / "other-root-cert.pem"), expect_config=FIRST_YEAR_GVCN,
                        id_attribute="Id")


def test_signxml_signature_with_the_test_pki_verifies_with_hocba_trust(sample):
    root = etree.fromstring(sample)
    etree.SubElement(root.find(f".//{{{NS}}}GVCN"), f"{{{DS}}}Signature", Id="placeholder")
    signer = XMLSigner(signature_algorithm=SignatureMethod.RSA_SHA256, digest_algorithm=DigestAlgorithm.SHA256,
                       c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0)
    signer.excise_empty_xmlns_declarations = True
    chain = [x509.load_pem_x509_certificate((PKI / name).read_bytes()) for name in ("gvcn-cert.pem", "ca-cert.pem")]
    signed = etree.tostring(signer.sign(root, key=load_pem_private_key((PKI / "gvcn-key.pem").read_bytes(), None),
                                        cert=chain, reference_uri="#data-1", id_attribute="Id"))
    crls = hocba.Revocation(crls=[PKI / "ca.crl", PKI / "root.crl"])
    config = hocba.VerifyConfig(trust=hocba.Trust(PKI / "root-cert.pem", at=AT), revocation=crls, generic=True,
                                required="data-1@HocBa/DuLieuHocBa", signature_places="DSCKS/GVCN")
    report = hocba.verify(signed, config)
    (signature,) = report.signatures
    assert signature.signer["name"] == "Nguyễn Thị Hoa" and len(signature.chain) == 3
    assert [r["status"] for r in signature.revocation] == ["good", "good"]
    # signxml's own KeyInfo chain, judged under another root, is not trusted.
    with pytest.raises(hocba.CertificateError) as raised:
        hocba.verify(signed, hocba.VerifyConfig(trust=hocba.Trust(PKI / "other-root-cert.pem", at=AT), revocation=crls,
                                                generic=True))
    assert raised.value.code == "untrusted"
