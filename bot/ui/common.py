"""The building blocks of every cog's buttons: restart-safe id buttons, owned views."""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Self, TypeVar

import discord
from discord.ext import commands

from bot.ui.errors import ErrorReplies, guarded, send_ephemeral


class IdButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"bloxtr8:_:(?P<id>[0-9]+)"
):
    """A button that survives restarts: its custom_id is `<action>:<row id>`.

    Subclasses set `action` (e.g. "escrow:confirm"), `label`, `style` and the matching
    `template=r"escrow:confirm:(?P<id>[0-9]+)"`, and implement `callback`, which must
    re-load the row and re-check the actor and state (an old button proves nothing).
    """

    action: ClassVar[str] = ""
    label: ClassVar[str] = ""
    style: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.secondary

    def __init__(self, item_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=self.label, style=self.style, custom_id=f"{self.action}:{item_id}"
            )
        )
        self.item_id = item_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(int(match["id"]))


Step = Callable[[discord.Interaction[Any], int], Awaitable[None]]


def id_button(
    action: str,
    label: str,
    style: discord.ButtonStyle,
    step: Step,
    *,
    name: str,
    doc: str = "",
) -> type[IdButton]:
    """An `IdButton` class for one step: custom_id `<action>:<row id>`, and a press runs
    `step(interaction, row_id)` with its refusals as ephemeral replies (`guarded`).

    `step` finds its cog at press time and re-checks the row and the person, so the class
    can be made at import and registered once (`bot.add_dynamic_items`).
    """

    async def callback(self: IdButton, interaction: discord.Interaction[Any]) -> None:
        await guarded(interaction, lambda: step(interaction, self.item_id))

    def body(namespace: dict[str, Any]) -> None:
        namespace.update(
            action=action,
            label=label,
            style=style,
            callback=callback,
            __doc__=doc or f"**{label}** (restart-safe).",
            __qualname__=name,
            __module__=module,
        )

    module = sys._getframe(1).f_globals.get("__name__", __name__)  # the defining cog's

    template = rf"{re.escape(action)}:(?P<id>[0-9]+)"
    return types.new_class(name, (IdButton,), {"template": template}, body)


class PickSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"bloxtr8:pick:(?P<page>[0-9]+)"
):
    """A restart-safe select under one page of a list: choosing a row opens it.

    Subclasses set `placeholder`, the matching `template=r"<prefix>:(?P<page>[0-9]+)"`
    (custom_id `<prefix>:<page>`) and implement `open(interaction, row_id)`, which must
    re-load the row and re-check who may see it (an old menu proves nothing)."""

    placeholder: ClassVar[str] = "Open one…"

    def __init__(self, page: int, options: list[discord.SelectOption]) -> None:
        prefix = self.__discord_ui_compiled_template__.pattern.split(":(?P")[0]
        super().__init__(
            discord.ui.Select(
                placeholder=self.placeholder,
                custom_id=f"{prefix}:{page}",
                options=options[:25],
            )
        )
        self.page = page

    @classmethod
    def of(cls, page: int, rows: list[tuple[int, str, str | None]]) -> Self | None:
        """The menu for a page's rows, as (row id, label, description); None if empty."""
        if not rows:
            return None
        options = [
            discord.SelectOption(label=text[:100], value=str(row_id), description=more)
            for row_id, text, more in rows
        ]
        return cls(page, options)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(int(match["page"]), list(getattr(item, "options", [])))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        values: list[str] = list(data.get("values") or [])
        await guarded(interaction, lambda: self.open(interaction, int(values[0])))

    async def open(self, interaction: discord.Interaction[Any], row_id: int) -> None:
        raise NotImplementedError


class OwnedView(ErrorReplies, discord.ui.View):
    """A view only the person who asked may use; anyone else is told `not_yours`."""

    not_yours: str = "These buttons aren't for you."

    def __init__(
        self, owner_id: int, *, timeout: float | None = 300, not_yours: str | None = None
    ) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        if not_yours is not None:
            self.not_yours = not_yours

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await send_ephemeral(interaction, self.not_yours)
            return False
        return True


CogT = TypeVar("CogT", bound=commands.Cog)


def cog_of(interaction: discord.Interaction[Any], cls: type[CogT]) -> CogT:
    """The loaded cog whose flows a restart-safe button or a modal runs (its own area's)."""
    cog = interaction.client.get_cog(cls.__cog_name__)
    if not isinstance(cog, cls):
        raise RuntimeError(f"the {cls.__cog_name__} cog is not loaded")
    return cog
