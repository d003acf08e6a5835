from django import template

from apps.compliance.models import ResultStatus

register = template.Library()
LABELS = dict(ResultStatus.choices)


@register.filter
def status_label(value: str) -> str:
    return str(LABELS.get(value, value))
