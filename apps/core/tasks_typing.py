"""A typed `@shared_task`.

Celery ships no type information, so to mypy `celery.shared_task` is an untyped decorator
and every task it makes is `Any`. `task(**options)` is that same decorator — it calls
`shared_task(**options)` on the function, exactly as `@shared_task(**options)` does, and
returns Celery's task object unchanged — typed so that the task keeps the function's
signature for calling it directly and for `delay`, `delay_on_commit` and `apply_async`.

    @task(name="app.do_something", acks_late=True)
    def do_something(item_id: int) -> None: ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, Protocol, TypeVar, cast

from celery import shared_task

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class TypedTask(Protocol[P, R_co]):
    """What the apps use of a Celery task (`celery.Task`, the app's task class)."""

    name: str

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co:
        """Run the task in this process, now."""

    def delay(self, *args: P.args, **kwargs: P.kwargs) -> Any:
        """Send the task; answers its `AsyncResult`."""

    def delay_on_commit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Send the task once the current transaction commits (Celery's Django task)."""

    def apply_async(
        self,
        args: tuple[Any, ...] | list[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
        **options: Any,
    ) -> Any:
        """Send the task with execution options (`countdown`, `eta`, `queue` …)."""


def task(**options: Any) -> Callable[[Callable[P, R]], TypedTask[P, R]]:
    """`@shared_task(**options)`, typed: the decorated function becomes a Celery task."""

    def decorate(function: Callable[P, R]) -> TypedTask[P, R]:
        return cast("TypedTask[P, R]", shared_task(**options)(function))

    return decorate
