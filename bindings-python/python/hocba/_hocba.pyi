"""Type stubs of the Rust extension module (re-exported by ``hocba``)."""

import datetime
import os

import hocba
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union, final

__version__: str
__all__ = [
    "__version__",
    "c14n",
    "sign",
    "prepare",
    "PreparedSignature",
    "verify",
    "verify_transcript",
    "validate",
    "VerificationReport",
    "SignatureReport",
    "Finding",
    "RevocationChecker",
    "Transcript",
    "ValidationFinding",
    "TranscriptVerification",
    "_code_lists",
    "Error",
    "XmlError",
    "C14nError",
    "CryptoError",
    "SignatureError",
    "CertificateError",
    "TranscriptError",
]

_Document = Union[bytes, bytearray, str]
"""XML as bytes (UTF-8), or as text."""
_Material = Union[bytes, bytearray, str, "os.PathLike[str]"]
"""Key or certificate: bytes are the content (PEM or DER), a str or path names a file."""

class Error(Exception):
    """Base class of every hocba error."""

    code: str
    """Stable, machine-readable: ``xml``, ``c14n``, ``crypto``, ``invalid_certificate``, or a verification
    code as in ``hocba verify --json`` (``digest_mismatch``, ``bad_signature``, ``no_trusted_key``, ...)."""
    message: str
    position: Optional[Tuple[int, int]]
    """(line, column) in the document, where the error has a place."""
    details: Dict[str, Any]
    """The error's fields: ``reason`` (the variant), ``uri``, ``id``, ``limit``, ..."""
    report: "VerificationReport"
    """Set by ``verify()`` and ``verify_transcript()`` when the verdict is not valid: the whole report."""

class XmlError(Error):
    """The input is not acceptable XML."""

class C14nError(Error):
    """The document or subset cannot be canonicalized."""

class CryptoError(Error):
    """A key cannot be read or used, or the signer failed (its exception is the ``__cause__``)."""

class SignatureError(Error):
    """An XML signature is malformed or does not verify, or cannot be made as requested."""

class CertificateError(Error):
    """A certificate, CRL, OCSP response or time-stamp cannot be read, or a signer is not trusted (``untrusted``,
    ``revoked``, ``certificate-expired``, ``revocation-unknown``, ... ; ``signer_path``, ``signer_revocation``
    before signing)."""

class TranscriptError(Error):
    """Not a transcript (``content``, with ``details["path"]``), a model that cannot be written, or the
    signatures break the signing profile (``profile``, ``transcript-profile``, ``withdrawn``)."""

def c14n(
    document: _Document,
    algorithm: str = "c14n",
    *,
    prefix_list: Optional[str] = None,
    subtree_id: Optional[str] = None,
) -> bytes:
    """Canonical XML of the document, or of the element with this ``Id``.

    ``algorithm``: ``c14n``, ``c14n-comments``, ``exc-c14n``, ``exc-c14n-comments``, ``c14n11``,
    ``c14n11-comments`` or the URI; ``prefix_list``: the InclusiveNamespaces PrefixList of exclusive C14N.
    """

def sign(
    document: _Document,
    *,
    reference_id: Optional[str] = None,
    role: Union[str, hocba.Role, None] = None,
    year_id: Optional[str] = None,
    subject: Optional[str] = None,
    into: Union[str, Sequence[str], None] = None,
    key: Optional[_Material] = None,
    cert: Union[_Material, Sequence[_Material], None] = None,
    chain: Union[_Material, Sequence[_Material], None] = None,
    pkcs12: Optional[_Material] = None,
    password: Union[str, bytes, None] = None,
    signer: Any = None,
    algorithm: Optional[str] = None,
    signature_id: Optional[str] = None,
    signing_time: Union[datetime.datetime, str, None] = None,
    countersign: Union[str, Sequence[str], None] = None,
    c14n: str = "c14n",
    provider: Optional[str] = None,
    check_trust: bool = True,
    trust: Union[_Material, Sequence[_Material], None] = None,
    untrusted: Union[_Material, Sequence[_Material], None] = None,
    revocation: str = "require",
    online: bool = False,
    crls: Union[_Material, Sequence[_Material], None] = None,
    ocsp_responses: Union[_Material, Sequence[_Material], None] = None,
    checker: Optional["RevocationChecker"] = None,
    tsa_url: Optional[str] = None,
    embed_validation_data: bool = False,
) -> bytes:
    """Adds an enveloped signature and returns the signed document.

    What is signed: ``reference_id`` (the element with that ``Id``, placed by ``into``, e.g. ``"DSCKS/GVCN"``;
    default the root element), or ``role`` (``"GVCN"``, ``"HieuTruong"``, a ``hocba.Role``) over the
    transcript's school year ``year_id``, placed by the signing profile.
    The key: exactly one of ``key`` (PEM/DER private key, with ``cert`` and optional ``chain``), ``pkcs12``
    (file or bytes, with ``password``), or ``signer`` (a ``hocba.Signer``: a token or a remote service).
    ``signing_time``: an aware datetime or an xsd:dateTime string (no offset: Vietnamese time); default now.
    With ``check_trust`` (the default) the signer's certificate must chain to ``trust`` (default: the
    embedded government roots) through its chain or ``untrusted``, and not be revoked at the signing time
    (``revocation``, ``crls``, ``ocsp_responses``, ``online`` or a shared ``checker``); ``tsa_url`` time-stamps
    the signature (needs ``online``), ``embed_validation_data`` embeds what the check used. Test keys
    outside any PKI need ``check_trust=False``.
    """

def prepare(
    document: _Document,
    *,
    reference_id: str,
    cert: Union[_Material, Sequence[_Material]],
    into: Union[str, Sequence[str], None] = None,
    chain: Union[_Material, Sequence[_Material], None] = None,
    algorithm: Optional[str] = None,
    signature_id: Optional[str] = None,
    signing_time: Union[datetime.datetime, str, None] = None,
    countersign: Union[str, Sequence[str], None] = None,
    c14n: str = "c14n",
    provider: Optional[str] = None,
) -> "PreparedSignature":
    """The first phase of two-phase signing, for signers that answer later or elsewhere (remote services)."""

@final
class PreparedSignature:
    def to_be_signed(self, input: str = "message") -> bytes:
        """The canonical ``SignedInfo`` (``"message"``) or its digest (``"digest"``)."""
    def finish(self, signature_value: bytes) -> bytes:
        """The signed document, once the value verifies under the certificate. Only once."""

def verify(
    document: _Document,
    *,
    trust: Union[_Material, Sequence[_Material], None] = None,
    untrusted: Union[_Material, Sequence[_Material], None] = None,
    revocation: str = "require",
    online: bool = False,
    crls: Union[_Material, Sequence[_Material], None] = None,
    ocsp_responses: Union[_Material, Sequence[_Material], None] = None,
    checker: Optional["RevocationChecker"] = None,
    at: Union[datetime.datetime, str, None] = None,
    time: str = "timestamp",
    trusted_certs: Union[_Material, Sequence[_Material], None] = None,
    trusted_keys: Union[_Material, Sequence[_Material], None] = None,
    id_attributes: Optional[Sequence[str]] = None,
    allow_sha1: bool = False,
    required: Union[str, Sequence[str], None] = None,
    signature_places: Union[str, Sequence[str], None] = None,
    provider: Optional[str] = None,
    raise_on_invalid: bool = True,
    generic: bool = False,
) -> "VerificationReport":
    """Verifies a transcript under the signing profile, every signature and the trust in every signer.

    ``trust``: anchors (default: the embedded government roots); ``untrusted``: extra intermediates;
    ``revocation``: ``"require"`` (unknown status: undetermined), ``"soft-fail"`` or ``"off"``; revocation data
    from ``crls``, ``ocsp_responses``, the network (``online``), or a shared ``checker``; ``at``: verify as of this
    time; ``time``: which time a signer's certificate is judged at (``"timestamp"``: a verified time-stamp, else
now, so an expired certificate without one is undetermined; ``"now"``; ``"claimed"``: legacy, the signer's own
claim). A document whose root is not a transcript's is invalid (``not-a-transcript``) unless ``generic`` is True:
then its signatures and signers are verified as a generic signed XML document.
    ``trusted_certs``/``trusted_keys`` pin keys instead (no path, no revocation; reported so).
    ``required``: ``"ID"`` or ``"ID@HocBa/DuLieuHocBa"``; ``signature_places``: e.g. ``"DSCKS/GVCN"``.
    Unusable input raises (``XmlError``, ``CertificateError`` for unreadable trust material). A verdict that is
    not valid raises the class of its first problem with ``.report`` unless ``raise_on_invalid`` is False.
    """

def verify_transcript(
    xml: _Document,
    *,
    trust: Union[_Material, Sequence[_Material], None] = None,
    untrusted: Union[_Material, Sequence[_Material], None] = None,
    revocation: str = "require",
    online: bool = False,
    crls: Union[_Material, Sequence[_Material], None] = None,
    ocsp_responses: Union[_Material, Sequence[_Material], None] = None,
    checker: Optional["RevocationChecker"] = None,
    at: Union[datetime.datetime, str, None] = None,
    time: str = "timestamp",
    trusted_certs: Union[_Material, Sequence[_Material], None] = None,
    trusted_keys: Union[_Material, Sequence[_Material], None] = None,
    id_attributes: Optional[Sequence[str]] = None,
    allow_sha1: bool = False,
    provider: Optional[str] = None,
    raise_on_invalid: bool = True,
) -> "TranscriptVerification":
    """Verifies a signed transcript (profile, signatures, trust) and returns the report and the transcript.

    What the document is, the core decides, as for ``verify``: a document that is not a transcript is invalid
    (``not-a-transcript``), one in the transcript namespace that does not read as one is an invalid transcript
    (``transcript-profile``); neither raises a reading error.
    """

def validate(xml: _Document, *, strict: bool = False) -> List["ValidationFinding"]:
    """The findings of ``hocba validate``: errors (not a valid transcript) and the circulars' rules (warnings)."""

@final
class Finding:
    """One thing a reader of a report must know."""

    @property
    def code(self) -> str: ...
    @property
    def vi(self) -> str: ...
    @property
    def en(self) -> str: ...
    def text(self, language: str = "vi") -> str: ...
    def to_dict(self) -> Dict[str, str]: ...

@final
class VerificationReport:
    """Made only by ``verify()``/``verify_transcript()``: the core's report. ``to_dict()`` is its JSON."""

    @property
    def verdict(self) -> hocba.Verdict:
        """``VALID``, ``INVALID`` or ``UNDETERMINED`` (equal to ``"valid"``, ...)."""
    @property
    def valid(self) -> bool: ...
    @property
    def verified_at(self) -> datetime.datetime: ...
    @property
    def problems(self) -> List[Finding]: ...
    @property
    def signatures(self) -> List["SignatureReport"]: ...
    def message(self, language: str = "vi") -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self, *, indent: Optional[int] = None) -> str: ...

@final
class SignatureReport:
    @property
    def verdict(self) -> hocba.Verdict: ...
    @property
    def id(self) -> Optional[str]: ...
    @property
    def place(self) -> str: ...
    @property
    def role(self) -> Optional[str]: ...
    @property
    def role_en(self) -> Optional[str]: ...
    @property
    def algorithm(self) -> Optional[str]: ...
    @property
    def covers(self) -> List[str]: ...
    @property
    def signer(self) -> Optional[Dict[str, Any]]: ...
    @property
    def signing_time(self) -> Optional[Dict[str, Any]]: ...
    @property
    def claimed_signing_time(self) -> Optional[str]: ...
    @property
    def chain(self) -> List[Dict[str, Any]]: ...
    @property
    def revocation(self) -> List[Dict[str, Any]]: ...
    @property
    def problems(self) -> List[Finding]: ...
    @property
    def warnings(self) -> List[Finding]: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class RevocationChecker:
    """Revocation data and the network switch, shared by many calls (fetched answers are cached)."""

    def __new__(
        cls,
        *,
        online: bool = False,
        crls: Union[_Material, Sequence[_Material], None] = None,
        ocsp_responses: Union[_Material, Sequence[_Material], None] = None,
        cache_dir: Union[str, "os.PathLike[str]", None] = None,
    ) -> "RevocationChecker": ...
    @property
    def online(self) -> bool: ...
    @property
    def network_requests(self) -> int: ...

@final
class Transcript:
    """The typed transcript model: from/to XML, dict and JSON (the core's serde form)."""

    @staticmethod
    def from_xml(xml: _Document) -> "Transcript": ...
    def to_xml(self) -> bytes: ...
    def to_dict(self) -> Dict[str, Any]: ...
    @staticmethod
    def from_dict(data: Dict[str, Any]) -> "Transcript": ...
    def to_json(self, *, indent: Optional[int] = None) -> str: ...
    @staticmethod
    def from_json(text: str) -> "Transcript": ...
    def validate(self, *, strict: bool = False) -> List["ValidationFinding"]: ...
    def sign_as(self, role: Union[str, hocba.Role], year_id: str, **options: Any) -> bytes:
        """``hocba.sign(self.to_xml(), role=role, year_id=year_id, **options)``."""
    def __eq__(self, value: object, /) -> bool: ...

@final
class ValidationFinding:
    @property
    def severity(self) -> str:
        """``"error"`` or ``"warning"``."""
    @property
    def path(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def message_vi(self) -> str: ...
    @property
    def message_en(self) -> str: ...
    def to_dict(self) -> Dict[str, str]: ...

@final
class TranscriptVerification:
    @property
    def report(self) -> VerificationReport: ...
    @property
    def transcript(self) -> Optional[Transcript]:
        """The transcript, only when the verdict is valid."""
    @property
    def signed_transcript(self) -> Optional[Transcript]:
        """What the signatures cover whatever the verdict: show it only with the report's verdict."""

def _code_lists() -> List[Tuple[str, List[Tuple[str, str, str, str]]]]:
    """The core's code lists, ``Role`` and ``Verdict``, for the enums of ``hocba``."""
