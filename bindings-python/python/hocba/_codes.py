"""The base class of ``hocba``'s enums; the extension module makes each enum from the core's lists."""

import enum
from typing import TYPE_CHECKING, ClassVar, Dict, Tuple, Type, TypeVar

_E = TypeVar("_E", bound="CodeEnum")


class CodeEnum(str, enum.Enum):
    """A value of one of the core's lists: equal to its code (as written in XML, JSON and options), with the
    core's labels in Vietnamese and English."""

    _labels: ClassVar[Dict[str, Tuple[str, str]]]

    if TYPE_CHECKING:
        # An enum is called with its value only (not str's own arguments).
        def __new__(cls: Type[_E], value: object) -> _E: ...

    @property
    def label_vi(self) -> str:
        return type(self)._labels[self.name][0]

    @property
    def label_en(self) -> str:
        return type(self)._labels[self.name][1]

    def label(self, language: str = "vi") -> str:
        if language not in ("vi", "en"):
            raise ValueError(f"unknown language {language!r} (vi, en)")
        return self.label_vi if language == "vi" else self.label_en

    def __str__(self) -> str:
        return str(self.value)
