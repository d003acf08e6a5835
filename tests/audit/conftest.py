"""Fixtures of the audit tests: recording training hours, as the training tests do."""

from tests.training.conftest import record_hours  # noqa: F401 - the fixture, reused
