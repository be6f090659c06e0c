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

    @property
    def label_vi(self) -> str:
        return _CODE_LISTS[type(self).__name__][self.name][1]

    @property
    def label_en(self) -> str:
        return _CODE_LISTS[type(self).__name__][self.name][2]

    def label(self, language: str = "vi") -> str:
        if language not in ("vi", "en"):
            raise ValueError(f"unknown language {language!r} (vi, en)")
        return self.label_vi if language == "vi" else self.label_en

    def __str__(self) -> str:
        return str(self.value)


# Codes and labels come from the core, member names are declared here (for type checkers); the two must agree.
_CODE_LISTS = {name: {member: (code, vi, en) for member, code, vi, en in values} for name, values in _code_lists()}


def _member(code_list: str, name: str) -> str:
    return _CODE_LISTS[code_list][name][0]


class SuKien(CodeEnum):
    """The core's code list SuKien: each value is its official code, with its labels."""

    New = _member("SuKien", "New")
    Update = _member("SuKien", "Update")
    Cancel = _member("SuKien", "Cancel")


class GioiTinh(CodeEnum):
    """The core's code list GioiTinh: each value is its official code, with its labels."""

    KhongXacDinh = _member("GioiTinh", "KhongXacDinh")
    Nam = _member("GioiTinh", "Nam")
    Nu = _member("GioiTinh", "Nu")


class CapHoc(CodeEnum):
    """The core's code list CapHoc: each value is its official code, with its labels."""

    MamNon = _member("CapHoc", "MamNon")
    TieuHoc = _member("CapHoc", "TieuHoc")
    Thcs = _member("CapHoc", "Thcs")
    Thpt = _member("CapHoc", "Thpt")
    GiaoDucThuongXuyen = _member("CapHoc", "GiaoDucThuongXuyen")


class MucDatTieuHoc(CodeEnum):
    """The core's code list MucDatTieuHoc: each value is its official code, with its labels."""

    HoanThanhTot = _member("MucDatTieuHoc", "HoanThanhTot")
    HoanThanh = _member("MucDatTieuHoc", "HoanThanh")
    ChuaHoanThanh = _member("MucDatTieuHoc", "ChuaHoanThanh")


class MucPhamChatNangLuc(CodeEnum):
    """The core's code list MucPhamChatNangLuc: each value is its official code, with its labels."""

    Tot = _member("MucPhamChatNangLuc", "Tot")
    Dat = _member("MucPhamChatNangLuc", "Dat")
    CanCoGang = _member("MucPhamChatNangLuc", "CanCoGang")


class KetQuaGiaoDucTieuHoc(CodeEnum):
    """The core's code list KetQuaGiaoDucTieuHoc: each value is its official code, with its labels."""

    HoanThanhXuatSac = _member("KetQuaGiaoDucTieuHoc", "HoanThanhXuatSac")
    HoanThanhTot = _member("KetQuaGiaoDucTieuHoc", "HoanThanhTot")
    HoanThanh = _member("KetQuaGiaoDucTieuHoc", "HoanThanh")
    ChuaHoanThanh = _member("KetQuaGiaoDucTieuHoc", "ChuaHoanThanh")


class MucDanhGia(CodeEnum):
    """The core's code list MucDanhGia: each value is its official code, with its labels."""

    Tot = _member("MucDanhGia", "Tot")
    Kha = _member("MucDanhGia", "Kha")
    Dat = _member("MucDanhGia", "Dat")
    ChuaDat = _member("MucDanhGia", "ChuaDat")


class MucNhanXet(CodeEnum):
    """The core's code list MucNhanXet: each value is its official code, with its labels."""

    Dat = _member("MucNhanXet", "Dat")
    ChuaDat = _member("MucNhanXet", "ChuaDat")


class PhamChat(CodeEnum):
    """The core's code list PhamChat: each value is its official code, with its labels."""

    YeuNuoc = _member("PhamChat", "YeuNuoc")
    NhanAi = _member("PhamChat", "NhanAi")
    ChamChi = _member("PhamChat", "ChamChi")
    TrungThuc = _member("PhamChat", "TrungThuc")
    TrachNhiem = _member("PhamChat", "TrachNhiem")


class NangLuc(CodeEnum):
    """The core's code list NangLuc: each value is its official code, with its labels."""

    TuChuTuHoc = _member("NangLuc", "TuChuTuHoc")
    GiaoTiepHopTac = _member("NangLuc", "GiaoTiepHopTac")
    GiaiQuyetVanDe = _member("NangLuc", "GiaiQuyetVanDe")
    NgonNgu = _member("NangLuc", "NgonNgu")
    TinhToan = _member("NangLuc", "TinhToan")
    KhoaHoc = _member("NangLuc", "KhoaHoc")
    CongNghe = _member("NangLuc", "CongNghe")
    TinHoc = _member("NangLuc", "TinHoc")
    ThamMi = _member("NangLuc", "ThamMi")
    TheChat = _member("NangLuc", "TheChat")


class MonHoc(CodeEnum):
    """The core's code list MonHoc: each value is its official code, with its labels."""

    TiengViet = _member("MonHoc", "TiengViet")
    Toan = _member("MonHoc", "Toan")
    DaoDuc = _member("MonHoc", "DaoDuc")
    TuNhienXaHoi = _member("MonHoc", "TuNhienXaHoi")
    LichSuDiaLi = _member("MonHoc", "LichSuDiaLi")
    KhoaHoc = _member("MonHoc", "KhoaHoc")
    TinHocCongNghe = _member("MonHoc", "TinHocCongNghe")
    AmNhac = _member("MonHoc", "AmNhac")
    MiThuat = _member("MonHoc", "MiThuat")
    GiaoDucTheChat = _member("MonHoc", "GiaoDucTheChat")
    HoatDongTraiNghiem = _member("MonHoc", "HoatDongTraiNghiem")
    NgoaiNgu1 = _member("MonHoc", "NgoaiNgu1")
    NguVan = _member("MonHoc", "NguVan")
    GiaoDucCongDan = _member("MonHoc", "GiaoDucCongDan")
    KhoaHocTuNhien = _member("MonHoc", "KhoaHocTuNhien")
    CongNghe = _member("MonHoc", "CongNghe")
    TinHoc = _member("MonHoc", "TinHoc")
    NgheThuat = _member("MonHoc", "NgheThuat")
    HoatDongTraiNghiemHuongNghiep = _member("MonHoc", "HoatDongTraiNghiemHuongNghiep")
    GiaoDucDiaPhuong = _member("MonHoc", "GiaoDucDiaPhuong")


class DanhHieu(CodeEnum):
    """The core's code list DanhHieu: each value is its official code, with its labels."""

    HocSinhXuatSac = _member("DanhHieu", "HocSinhXuatSac")
    HocSinhGioi = _member("DanhHieu", "HocSinhGioi")


class KhenThuongTieuHoc(CodeEnum):
    """The core's code list KhenThuongTieuHoc: each value is its official code, with its labels."""

    HocSinhXuatSac = _member("KhenThuongTieuHoc", "HocSinhXuatSac")
    HocSinhTieuBieu = _member("KhenThuongTieuHoc", "HocSinhTieuBieu")


class Role(CodeEnum):
    """Who signs a school year: the element of the signing profile (GVBM, GVCN, HieuTruong), with its
    labels. A subject teacher (GVBM) signs their subject only: `sign(role=Role.GVBM, subject=MonHoc.TOAN, ...)`."""

    GVBM = _member("Role", "GVBM")
    GVCN = _member("Role", "GVCN")
    HIEU_TRUONG = _member("Role", "HIEU_TRUONG")


class Verdict(CodeEnum):
    """A report's verdict (`valid`, `invalid`, `undetermined`), with its labels."""

    VALID = _member("Verdict", "VALID")
    INVALID = _member("Verdict", "INVALID")
    UNDETERMINED = _member("Verdict", "UNDETERMINED")


def _check_enums() -> None:
    for name, values in _CODE_LISTS.items():
        declared = [(member.name, member.value) for member in globals()[name]]
        if declared != [(member, code) for member, (code, _, _) in values.items()]:
            raise ImportError(f"hocba.{name} does not match the core's code list {list(values)}")


_check_enums()

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
