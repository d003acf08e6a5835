"""Reads of the studios app (other apps import from here)."""
