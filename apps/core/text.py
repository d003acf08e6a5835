"""Text a person typed: no invisible control characters, whatever the door it came in by.

A name like "王\\u001f芳" looks like 王芳 on a page but is not one: searches miss it, and
an Excel export cannot hold it (XML 1.0 has no such characters). So every text field is
checked the same way, by the same message naming the field:

1. `control_characters` finds U+0000–U+001F except tab, line feed and carriage return
   (the line breaks a textarea sends), and U+007F.
2. Services, the gate of every write, ask `text_errors` about their text fields (a dict
   of field → Chinese message, merged into their other errors).
3. Forms and serializers refuse the same characters before the service is reached
   (`guard_text_fields`, applied by the kit's `StyledFormMixin` and
   `api.TextCheckedSerializerMixin`): the framework's NUL check — whose Chinese
   translation says something else entirely — is replaced by ours, which names the field.
4. What is already stored is written out safely: `xml_safe` drops the characters an
   XML document cannot contain (the xlsx writer uses it), so an export never fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# XML 1.0's Char production: what an .xlsx part may contain.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CODE = "control_characters"


def control_characters(text: str) -> list[str]:
    """The distinct control characters in `text`, in order of first appearance."""
    return list(dict.fromkeys(CONTROL_CHARACTERS.findall(text)))


def _named(char: str) -> str:
    return "NUL" if char == "\x00" else f"U+{ord(char):04X}"


def control_character_message(label: str, found: Iterable[str] = ("\x00",)) -> str:
    """“姓名”不能包含不可见字符（如 NUL），请删除后重试。 — naming the field and the first one."""
    first = next(iter(found), "\x00")
    return f"“{label}”不能包含不可见字符（如 {_named(first)}），请删除后重试。"


def text_error(label: str, value: Any) -> str | None:
    """The message for one value (None when it is clean or not text)."""
    if not isinstance(value, str):
        return None
    found = control_characters(value)
    return control_character_message(label, found) if found else None


def text_errors(values: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, str]:
    """{field: message} for each of `labels`' fields whose value in `values` has a control
    character; a service merges these into its other errors."""
    errors: dict[str, str] = {}
    for key, label in labels.items():
        message = text_error(label, values.get(key))
        if message:
            errors[key] = message
    return errors


def model_text_errors(model: Any, values: Mapping[str, Any]) -> dict[str, str]:
    """`text_errors` for every text field of `model` among `values`, each named by the
    field's verbose name (the label its forms show)."""
    labels: dict[str, str] = {}
    for key in values:
        try:
            field = model._meta.get_field(key)
        except Exception:  # noqa: S112 - not a model field (a file, a flag): not text
            continue
        if field.get_internal_type() in ("CharField", "TextField"):
            labels[key] = str(field.verbose_name)
    return text_errors(values, labels)


@deconstructible
class ControlCharacterValidator:
    """Refuses a value with a control character, in a message naming the field (built
    with the field's label: `guard_text_fields` does it for forms and serializers)."""

    def __init__(self, label: str = "") -> None:
        self.label = label

    def __call__(self, value: Any) -> None:
        message = text_error(self.label or "该项", value)
        if message:
            raise ValidationError(message, code=CODE)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator) and self.label == other.label

    def __hash__(self) -> int:
        return hash((ControlCharacterValidator, self.label))


def _is_text_field(field: Any) -> bool:
    validators = getattr(field, "validators", None)
    return isinstance(validators, list) and any(
        isinstance(v, ProhibitNullCharactersValidator | ControlCharacterValidator)
        for v in validators
    )


def verbose_names(model: Any) -> dict[str, str]:
    """{field name: verbose name} of a model's fields (labels for fields that have none)."""
    if model is None:
        return {}
    return {
        f.name: str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")
    }


def guard_text_fields(fields: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> None:
    """Give every text field (a form's or a serializer's: those carrying the framework's
    NUL check) our check instead, labelled with the field's label, else `labels`' entry
    for it, else its name."""
    for name, field in fields.items():
        if not _is_text_field(field):
            continue
        label = str(getattr(field, "label", None) or (labels or {}).get(name) or name)
        kept = [
            v
            for v in field.validators
            if not isinstance(v, ProhibitNullCharactersValidator | ControlCharacterValidator)
        ]
        field.validators = [ControlCharacterValidator(label), *kept]


def xml_safe(text: str) -> str:
    """`text` without the characters an XML document cannot hold (for exports of text
    stored before it was checked, or from elsewhere)."""
    return XML_ILLEGAL.sub("", text)
