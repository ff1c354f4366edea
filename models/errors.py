"""Domain errors: their message is written for the user and shown ephemerally."""

from __future__ import annotations


class DomainError(Exception):
    """A rule said no. `message` is plain language meant for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidAmount(DomainError):
    """An amount the user typed cannot be used."""


class NotSignedUp(DomainError):
    def __init__(self) -> None:
        super().__init__("You haven't signed up yet. Run `/signup` first.")


class NotFound(DomainError):
    """An id that does not exist, or that the user may not see."""


class NotAllowed(DomainError):
    """The user may not do this (wrong party, role or tier)."""


class InvalidState(DomainError):
    """The object is not in a state where this can happen (anymore)."""
