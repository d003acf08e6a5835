"""What the probation's school pages of deputies, the reserve pool and lishui's records
share: the school year choice and a form's POST handled through a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from apps.core.schoolyear import current_school_year
from apps.core.web import apply_service_errors

if TYPE_CHECKING:
    from apps.accounts.models import User


def actor_of(request: Any) -> User:
    """The signed-in user of a page or API request (the portal mixins and the API's
    permissions have already turned the anonymous away)."""
    return cast("User", request.user)


def years_around(year: int) -> list[int]:
    """The next school year, this one and the four before (and `year`), newest first."""
    current = current_school_year()
    return sorted({*range(current - 4, current + 2), year}, reverse=True)


def saved_or_invalid(
    request: HttpRequest, form: forms.Form, save: Callable[[dict[str, Any]], str], back: str,
    invalid: Callable[[forms.Form], HttpResponse],
) -> HttpResponse:  # fmt: skip
    """Save a bound form through `save` (returns the success message) and go `back`; an
    invalid form or the service's refusal shows the page again with the errors."""
    if form.is_valid():
        try:
            done = save(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(back)
    return invalid(form)
