"""hocba: sign and verify Vietnam's digital school transcript (Học bạ số).

A thin binding of the Rust library: every function runs in Rust with the GIL released, so a thread
pool verifies in parallel. Errors are one hierarchy: ``hocba.Error`` and its subclasses.
"""

from typing import Protocol, Union, runtime_checkable

from . import _hocba
from ._codes import CodeEnum
from ._hocba import *  # noqa: F401,F403 (the extension module's __all__)


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


__all__ = ["CodeEnum", "Signer"]
__all__ += _hocba.__all__
