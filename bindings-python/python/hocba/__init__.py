"""hocba: sign and verify Vietnam's digital school transcript (Học bạ số).

A thin binding of the Rust library: every function runs in Rust with the GIL released, so a thread
pool verifies in parallel. Errors are one hierarchy: ``hocba.Error`` and its subclasses.
"""

import enum
from typing import Protocol, Union, runtime_checkable

from ._hocba import (
    C14nError,
    CertificateError,
    CryptoError,
    Error,
    Finding,
    PreparedSignature,
    RevocationChecker,
    SignatureError,
    SignatureReport,
    Transcript,
    TranscriptError,
    TranscriptVerification,
    ValidationFinding,
    VerificationReport,
    XmlError,
    __version__,
    _code_lists,
    c14n,
    prepare,
    sign,
    validate,
    verify,
    verify_transcript,
)


@runtime_checkable
class Signer(Protocol):
    """What ``sign(signer=...)`` accepts: any object that signs, e.g. a PKCS#11 token or a remote service.

    ``sign(data)`` gets the canonical ``SignedInfo`` (or, when ``input == "digest"``, its digest under the
    algorithm's hash) and returns the signature value (ECDSA as ``r || s``). Optional attributes:
    ``chain`` (more certificates), ``algorithm`` (e.g. ``"rsa-sha256"``; default by the key type),
    ``input`` (``"message"``, the default, or ``"digest"``). The value is checked against ``certificate``
    before ``sign()`` returns the document.
    """

    certificate: Union[bytes, str]

    def sign(self, data: bytes) -> bytes: ...


class CodeEnum(str, enum.Enum):
    """A value of one of the core's code lists: equal to its official code (as written in XML and
    JSON), with the core's labels in Vietnamese and English."""

    label_vi: str
    label_en: str

    def __new__(cls, code: str, label_vi: str, label_en: str) -> "CodeEnum":
        member = str.__new__(cls, code)
        member._value_ = code
        member.label_vi = label_vi
        member.label_en = label_en
        return member

    def label(self, language: str = "vi") -> str:
        if language not in ("vi", "en"):
            raise ValueError(f"unknown language {language!r} (vi, en)")
        return self.label_vi if language == "vi" else self.label_en

    def __str__(self) -> str:
        return str(self.value)


# The enums are made from the core's lists, so codes and labels have one source.
_ENUMS = {
    name: CodeEnum(name, [(member, (code, vi, en)) for member, code, vi, en in values], module=__name__)  # type: ignore[call-overload]
    for name, values in _code_lists()
}
SuKien = _ENUMS["SuKien"]
GioiTinh = _ENUMS["GioiTinh"]
CapHoc = _ENUMS["CapHoc"]
MucDatTieuHoc = _ENUMS["MucDatTieuHoc"]
MucPhamChatNangLuc = _ENUMS["MucPhamChatNangLuc"]
KetQuaGiaoDucTieuHoc = _ENUMS["KetQuaGiaoDucTieuHoc"]
MucDanhGia = _ENUMS["MucDanhGia"]
MucNhanXet = _ENUMS["MucNhanXet"]
PhamChat = _ENUMS["PhamChat"]
NangLuc = _ENUMS["NangLuc"]
MonHoc = _ENUMS["MonHoc"]
DanhHieu = _ENUMS["DanhHieu"]
KhenThuongTieuHoc = _ENUMS["KhenThuongTieuHoc"]
Role = _ENUMS["Role"]
Verdict = _ENUMS["Verdict"]
del _ENUMS

__all__ = [
    "C14nError",
    "CapHoc",
    "CertificateError",
    "CodeEnum",
    "CryptoError",
    "DanhHieu",
    "Error",
    "Finding",
    "GioiTinh",
    "KetQuaGiaoDucTieuHoc",
    "KhenThuongTieuHoc",
    "MonHoc",
    "MucDanhGia",
    "MucDatTieuHoc",
    "MucNhanXet",
    "MucPhamChatNangLuc",
    "NangLuc",
    "PhamChat",
    "PreparedSignature",
    "RevocationChecker",
    "Role",
    "SignatureError",
    "SignatureReport",
    "Signer",
    "SuKien",
    "Transcript",
    "TranscriptError",
    "TranscriptVerification",
    "ValidationFinding",
    "Verdict",
    "VerificationReport",
    "XmlError",
    "__version__",
    "c14n",
    "prepare",
    "sign",
    "validate",
    "verify",
    "verify_transcript",
]
