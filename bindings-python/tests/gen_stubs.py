"""Writes the type stubs of the extension module (python/hocba/_hocba.pyi) from the module itself: what it exports,
every signature (names, kinds, defaults), docstring, exception class and enum member. Only the types are stated
here, by parameter and attribute name, because the module cannot say them. test_typing.py fails when the stubs
checked in are not what this writes. Run: python bindings-python/tests/gen_stubs.py (after building the binding)."""

import inspect
import pathlib
import sys
from typing import Dict, List

import hocba
from hocba import _hocba as ext

STUBS = pathlib.Path(__file__).resolve().parents[1] / "python" / "hocba" / "_hocba.pyi"

_MATERIALS = "Union[_Material, Sequence[_Material]]"
_STRINGS = "Union[str, Sequence[str]]"
_TIME = "Union[datetime.datetime, str]"
# Parameter types by name ("Class.method.name" or "function.name" first); a default of None adds Optional.
PARAMETERS = {
    "document": "_Document", "xml": "_Document", "config": "VerifyConfig", "raise_on_invalid": "bool",
    "algorithm": "str", "prefix_list": "str", "subtree_id": "str", "role": "str", "year_id": "str",
    "reference_id": "str", "signature_id": "str", "password": "Union[str, bytes]", "signer": "Any", "provider": "str",
    "c14n": "str", "tsa_url": "str", "embed_validation_data": "bool", "check_trust": "bool", "into": _STRINGS,
    "countersign": _STRINGS, "required": _STRINGS, "signature_places": _STRINGS, "id_attributes": _STRINGS,
    "require_policies": _STRINGS, "key": "_Material", "pkcs12": "_Material", "cert": _MATERIALS, "chain": _MATERIALS,
    "crls": _MATERIALS, "ocsp_responses": _MATERIALS, "pinned_certs": _MATERIALS, "pinned_keys": _MATERIALS,
    "anchors": _MATERIALS, "intermediates": _MATERIALS, "signing_time": _TIME, "at": _TIME, "trust": "Trust",
    "revocation": "Revocation", "Trust.__new__.revocation": "str", "time": "str", "online": "bool",
    "allow_sha1": "bool", "generic": "bool", "strict": "bool", "cache_dir": "Union[str, os.PathLike[str]]",
    "previous": "Transcript", "indent": "int", "language": "str", "input": "str", "signature_value": "bytes",
    "data": "Dict[str, Any]", "text": "str", "label": "str", "record": "Record", "options": "Any", "value": "object",
    "approvals": "Approvals", "approval_policy": "str", "lists": _MATERIALS, "authorities": "ListAuthorities",
    "history": "ListHistory", "certificates": _MATERIALS, "fingerprints": _STRINGS, "authority_code": "str",
    "authority_name": "str", "issued": _TIME, "next_update": _TIME, "distribution_points": _STRINGS, "code": "str",
    "name": "str", "kind": "str", "seal_required": "bool", "school": "str", "ApprovalList.approve.cert": "_Material",
    "ApprovalList.suspend.cert": "_Material", "ApprovalList.lift_suspension.cert": "_Material",
    "roles": _STRINGS, "from_": _TIME, "until": _TIME, "sha256": "str", "reason": "str", "note": "str",
    "request": "VerifiedWithdrawalRequest", "decision": "str", "verification": "Verification", "number": "str",
    "requested": _TIME, "uri": "str", "module": "Union[str, os.PathLike[str]]", "pin": "str", "pin_env": "str",
    "documents": "Iterable[Union[bytes, bytearray, str, os.PathLike[str]]]", "jobs": "int",
    "mark_invalid": "bool", "reference": "str", "pdf": "_Document",
}
# Return and attribute types by name ("Class.name" or the function's name first).
RESULTS = {
    "render": "RenderedCopy", "verify_paper": "PaperCheck", "embedded_transcript": "bytes",
    "RenderedCopy.pdf": "bytes", "RenderedCopy.reference": "Optional[str]", "RenderedCopy.verdict": "hocba.Verdict",
    "PaperCheck.reference": "str", "belongs": "bool", "mismatch": "Optional[Dict[str, str]]",
    "PaperCheck.verification": "Verification",
    "c14n": "bytes", "sign": "bytes", "prepare": "PreparedSignature", "verify": "VerificationReport",
    "verify_transcript": "Verification", "Verifier.verify": "Verification", "validate": "List[ValidationFinding]",
    "to_be_signed": "bytes", "finish": "bytes", "to_xml": "bytes", "sign_as": "bytes", "to_json": "str",
    "message": "str", "text": "str", "from_xml": "Transcript", "from_dict": "Transcript", "from_json": "Transcript",
    "to_dict": "Dict[str, Any]", "Finding.to_dict": "Dict[str, str]", "ValidationFinding.to_dict": "Dict[str, str]",
    "add": "None", "check": "List[StudentFindings]", "__len__": "int", "__eq__": "bool",
    "verdict": "hocba.Verdict", "valid": "bool", "verified_at": "datetime.datetime", "problems": "List[Finding]",
    "warnings": "List[Finding]", "signatures": "List[SignatureReport]", "code": "str", "vi": "str", "en": "str",
    "id": "Optional[str]", "place": "str", "role": "Optional[str]", "role_en": "Optional[str]",
    "algorithm": "Optional[str]", "covers": "List[str]", "signer": "Optional[Dict[str, Any]]",
    "signing_time": "Optional[Dict[str, Any]]", "claimed_signing_time": "Optional[str]",
    "SignatureReport.etsi": "Dict[str, Optional[str]]", "VerificationReport.etsi": "Dict[str, int]",
    "chain": "List[Dict[str, Any]]", "SignatureReport.revocation": "List[Dict[str, Any]]", "revocation": "Revocation",
    "Trust.revocation": "str", "online": "bool", "network_requests": "int", "time": "str",
    "at": "Optional[datetime.datetime]", "require_policies": "List[str]", "trust": "Trust", "pinned": "int",
    "id_attributes": "List[str]", "required": "List[str]", "signature_places": "List[str]", "allow_sha1": "bool",
    "provider": "str", "generic": "bool", "previous": "Optional[Transcript]", "config": "Optional[VerifyConfig]",
    "report": "VerificationReport", "is_transcript": "bool", "transcript": "Optional[Transcript]",
    "signed_transcript": "Optional[Transcript]", "record": "Record", "student_id": "Optional[str]",
    "student_name": "Optional[str]", "years": "List[RecordYear]", "signers": "List[str]", "start": "int",
    "name": "str", "school": "str", "signer_units": "List[str]", "StudentFindings.student_id": "str",
    "severity": "str", "path": "str", "message_vi": "str", "message_en": "str",
    "approval": "Optional[Dict[str, Any]]", "year_fingerprint": "Optional[str]", "approvals": "Optional[Approvals]",
    "approval_policy": "hocba.ApprovalPolicy", "fingerprints": "List[str]", "ListHistory.from_json": "ListHistory",
    "ListHistory.sequence": "Optional[int]", "load": "Approvals", "lists": "List[ApprovalList]",
    "rejected": "List[RejectedList]", "label": "str", "RejectedList.to_dict": "Dict[str, str]",
    "read_for_editing": "ApprovalList", "next_edition": "None", "set_school": "None", "approve": "None",
    "suspend": "None", "lift_suspension": "None", "withdraw": "None", "authority_code": "str", "authority_name": "str",
    "ApprovalList.sequence": "int", "issued": "datetime.datetime", "next_update": "datetime.datetime",
    "distribution_points": "List[str]", "schools": "List[Dict[str, Any]]", "withdrawals": "List[Dict[str, Any]]",
    "for_year": "WithdrawalRequest", "number": "str", "school_name": "str", "WithdrawalRequest.school": "str",
    "WithdrawalRequest.record": "str", "WithdrawalRequest.transcript": "str", "year": "str", "fingerprint": "str",
    "reason": "str", "requested": "datetime.datetime", "request": "WithdrawalRequest", "principal": "Dict[str, Any]",
    "seal": "Dict[str, Any]", "sha256": "str", "verify_request": "VerifiedWithdrawalRequest",
    "sign_approval_list": "bytes", "sign_withdrawal_request": "bytes", "add_archive_time_stamp": "Archived",
    "Archived.xml": "bytes", "Archived.verification": "Verification", "archive_time_stamps": "List[Dict[str, Any]]",
    "renew_archive_by": "Optional[datetime.datetime]", "verify_many": "BatchResults",
    "BatchResults.__iter__": "BatchResults", "BatchResults.__next__": "BatchResult", "index": "int",
    "BatchResult.path": "Optional[str]", "BatchResult.verification": "Optional[Verification]",
    "BatchResult.error": "Optional[BaseException]", "token": "str", "Pkcs11Signer.algorithm": "str",
    "Pkcs11Signer.certificates": "List[bytes]",
}
# What an exception carries (set when it is raised, so not visible on the class).
ERROR_ATTRIBUTES = """    code: str
    message: str
    position: Optional[Tuple[int, int]]
    details: Dict[str, Any]
    report: VerificationReport
"""
HEADER = '''"""Type stubs of the Rust extension module (re-exported by ``hocba``). Generated by
bindings-python/tests/gen_stubs.py from the module: do not edit."""

import datetime
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union, final

import hocba
from hocba._codes import CodeEnum

_Document = Union[bytes, bytearray, str, "os.PathLike[str]"]
_Material = Union[bytes, bytearray, str, "os.PathLike[str]"]
'''


def lookup(table: Dict[str, str], *keys: str) -> str:
    for key in keys:
        if key in table:
            return table[key]
    raise KeyError(f"gen_stubs.py: no type for {keys[-1]!r} ({', '.join(keys)})")


def docstring(obj: object, indent: str) -> str:
    doc = inspect.getdoc(obj)
    if not doc:
        return " ..."
    body = doc.replace('"""', '\\"\\"\\"').replace("\n", "\n" + indent)
    return f'\n{indent}"""{body}"""'


def signature(function: object, owner: str, name: str, result: str) -> str:
    parts: List[str] = []
    star = False
    for parameter in inspect.signature(function).parameters.values():  # type: ignore[arg-type]
        kind = parameter.kind
        if parameter.name in ("self", "cls"):
            parts.append(parameter.name)
            continue
        if kind is parameter.KEYWORD_ONLY and not star:
            parts.append("*")
            star = True
        annotation = lookup(PARAMETERS, f"{owner}.{name}.{parameter.name}", f"{name}.{parameter.name}", parameter.name)
        if kind is parameter.VAR_KEYWORD:
            parts.append(f"**{parameter.name}: {annotation}")
            continue
        if kind is parameter.VAR_POSITIONAL:
            parts.append(f"*{parameter.name}: {annotation}")
            star = True
            continue
        if parameter.default is None:
            annotation = f"Optional[{annotation}]"
        default = "" if parameter.default is parameter.empty else f" = {parameter.default!r}"
        parts.append(f"{parameter.name}: {annotation}{default}")
        if kind is parameter.POSITIONAL_ONLY:
            parts.append("/")
    return f"({', '.join(parts)}) -> {result}:"


def function_stub(function: object, name: str) -> str:
    result = lookup(RESULTS, name)
    return f"def {name}{signature(function, '', name, result)}{docstring(function, '    ')}\n"


def class_stub(cls: type) -> str:
    name = cls.__name__
    lines = [f"@final\nclass {name}:{docstring(cls, '    ')}\n"]
    if cls.__text_signature__ is not None:  # type: ignore[attr-defined]
        new = signature(cls, name, "__new__", f'"{name}"').replace("(", "(cls, ", 1).replace("(cls, )", "(cls)")
        lines.append(f"    def __new__{new} ...\n")
    # Sorted: the order of a class's attributes is not fixed from one build to the next.
    for member, value in sorted(vars(cls).items()):
        if member.startswith("__") and member not in ("__len__", "__eq__", "__iter__", "__next__"):
            continue
        result = lookup(RESULTS, f"{name}.{member}", member)
        if type(value).__name__ == "getset_descriptor":
            lines.append(f"    @property\n    def {member}(self) -> {result}:{docstring(value, '        ')}\n")
        elif isinstance(value, staticmethod):
            function = getattr(cls, member)
            lines.append(f"    @staticmethod\n    def {member}{signature(function, name, member, result)}"
                         f"{docstring(function, '        ')}\n")
        elif member == "__eq__":
            lines.append("    def __eq__(self, value: object, /) -> bool: ...\n")
        elif callable(value):
            text = signature(value, name, member, result).replace("($self", "(self")
            lines.append(f"    def {member}{text}{docstring(value, '        ')}\n")
    return "".join(lines)


def enum_stub(cls: type) -> str:
    members = "".join(f"    {m.name} = {m.value!r}\n" for m in cls)  # type: ignore[attr-defined]
    return f"class {cls.__name__}(CodeEnum):{docstring(cls, '    ')}\n{members}"


def error_stub(cls: type) -> str:
    base = cls.__base__.__name__ if cls is not ext.Error else "Exception"
    extra = ERROR_ATTRIBUTES if cls is ext.Error else ""
    return f"class {cls.__name__}({base}):{docstring(cls, '    ')}\n{extra}"


def stubs() -> str:
    out = [HEADER, "__version__: str\n__all__ = [\n" + "".join(f'    "{n}",\n' for n in ext.__all__) + "]\n"]
    for name in ext.__all__:
        value = getattr(ext, name)
        if name == "__version__":
            continue
        if isinstance(value, type) and issubclass(value, BaseException):
            out.append(error_stub(value))
        elif isinstance(value, type) and issubclass(value, hocba.CodeEnum):
            out.append(enum_stub(value))
        elif isinstance(value, type):
            out.append(class_stub(value))
        else:
            out.append(function_stub(value, name))
    return "\n".join(out)


if __name__ == "__main__":
    STUBS.write_text(stubs(), encoding="utf-8")
    print(f"wrote {STUBS}", file=sys.stderr)
