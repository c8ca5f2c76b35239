"""Errors the store raises. Each carries a message in words."""

from __future__ import annotations


class StoreError(Exception):
    """The workspace cannot do what was asked; the message says why."""


class ProjectExists(StoreError):
    """A project with that name is already in the workspace."""


class NotFound(StoreError):
    """No row with that id is in the workspace."""
