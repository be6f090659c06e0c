"""Type stubs of the Rust extension module (re-exported by ``hocba``)."""

import datetime
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union, final

__version__: str
__all__ = [
    "__version__",
    "c14n",
    "sign",
    "prepare",
    "PreparedSignature",
    "verify",
    "_restore_verification_result",
    "VerificationResult",
    "VerifiedSignature",
    "VerifiedReference",
    "Error",
    "XmlError",
    "C14nError",
    "CryptoError",
    "SignatureError",
    "CertificateError",
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
    result: "VerificationResult"
    """Set by ``verify()``: the result of the failed verification (``valid`` is False)."""

class XmlError(Error):
    """The input is not acceptable XML."""

class C14nError(Error):
    """The document or subset cannot be canonicalized."""

class CryptoError(Error):
    """A key cannot be read or used, or the signer failed (its exception is the ``__cause__``)."""

class SignatureError(Error):
    """An XML signature is malformed or does not verify, or cannot be made as requested."""

class CertificateError(Error):
    """A certificate cannot be read or is not acceptable."""

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
    reference_id: str,
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
    countersign: Optional[str] = None,
    c14n: str = "c14n",
    provider: Optional[str] = None,
) -> bytes:
    """Adds an enveloped signature over the element with ``Id`` ``reference_id``; returns the signed document.

    The key: exactly one of ``key`` (PEM/DER private key, with ``cert`` and optional ``chain``), ``pkcs12``
    (file or bytes, with ``password``), or ``signer`` (a ``hocba.Signer``: a token or a remote service).
    ``into``: where the signature goes, e.g. ``"DSCKS/GVCN"`` (default: the root element). ``signing_time``:
    an aware datetime or an xsd:dateTime string (no offset: Vietnamese time); default now.
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
    countersign: Optional[str] = None,
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
    trusted_certs: Union[_Material, Sequence[_Material], None] = None,
    trusted_keys: Union[_Material, Sequence[_Material], None] = None,
    id_attributes: Optional[Sequence[str]] = None,
    allow_sha1: bool = False,
    required: Union[str, Sequence[str], None] = None,
    signature_places: Union[str, Sequence[str], None] = None,
    provider: Optional[str] = None,
    raise_on_invalid: bool = True,
) -> "VerificationResult":
    """Verifies every signature against the trusted certificates' keys (pinned; no chain is checked here).

    ``required``: ``"ID"`` or ``"ID@HocBa/DuLieuHocBa"``, elements every signature must cover (at that place).
    ``signature_places``: e.g. ``["DSCKS/GVCN", "DSCKS/HieuTruong"]``. Raises the error's class (with
    ``.result``) unless ``raise_on_invalid`` is False, then returns a result with ``valid`` False.
    """

@final
class VerificationResult:
    """Made only by ``verify()`` (or unpickled). ``to_dict()`` has the shape of ``hocba verify --json``."""

    @property
    def valid(self) -> bool: ...
    @property
    def signatures(self) -> List["VerifiedSignature"]: ...
    @property
    def error_code(self) -> Optional[str]: ...
    @property
    def error_message(self) -> Optional[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self, *, indent: Optional[int] = None) -> str: ...

@final
class VerifiedSignature:
    @property
    def id(self) -> Optional[str]: ...
    @property
    def position(self) -> Tuple[int, int]: ...
    @property
    def algorithm(self) -> str: ...
    @property
    def key_type(self) -> str: ...
    @property
    def key_bits(self) -> int: ...
    @property
    def signer_certificate(self) -> Optional[bytes]: ...
    @property
    def signer_certificate_sha256(self) -> Optional[str]: ...
    @property
    def key_info_certificates(self) -> Tuple[bytes, ...]: ...
    @property
    def claimed_signing_time(self) -> Optional[datetime.datetime]: ...
    @property
    def references(self) -> List["VerifiedReference"]: ...
    @property
    def warnings(self) -> List[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class VerifiedReference:
    @property
    def uri(self) -> str: ...
    @property
    def digest_algorithm(self) -> str: ...
    @property
    def signed_bytes(self) -> bytes:
        """Exactly the canonical bytes the digest covers: take data from these."""

def _restore_verification_result(state: str) -> VerificationResult:
    """Rebuilds a pickled result (pickle's use only)."""
