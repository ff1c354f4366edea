"""Dispute views: the words for people who aren't the moderator who asked."""

from __future__ import annotations

FOR_THE_MODERATOR = "These buttons are for the moderator who asked."
