"""Small template helpers for the portals."""

from django import template

register = template.Library()


@register.simple_tag
def field_error(label: str, error: str) -> str:
    """The error as a person should read it: naming the field once, not twice."""
    label, error = str(label), str(error)
    return error if label in error else f"{label}：{error}"
