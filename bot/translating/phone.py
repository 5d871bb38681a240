"""A Telegram screen drawn as a 360 px phone shows it, for the preview page.

The message is a bubble at most :data:`BUBBLE` px wide; its buttons share the bubble's width
row by row, each on one line, and a label too long for its button ends in "…", as Telegram
draws it (``text-overflow: ellipsis``). Text a catalog does not translate yet, shown from a
fallback language, is highlighted: :func:`fallback` marks it, :func:`highlighted` turns the
marks into HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.messages import Rendered

PHONE = 360
"""The narrowest common phone width, in CSS px."""
BUBBLE = 312
"""A message bubble's width on that phone, and its inline keyboard's."""
OPEN, CLOSE = "\ue000", "\ue001"
"""Private-use characters around fallback text: they survive escaping and formatting."""
FALLBACK_ITEM = ' class="fallback"'
STYLE = f"""
body {{ font: 15px/1.45 system-ui, sans-serif; max-width: 52em; margin: 2em auto; color: #222; }}
section {{ border: 1px solid #ddd; border-radius: 10px; padding: .8em 1em; margin: 1em 0; }}
h2 {{ font-size: 1em; color: #555; margin: 0 0 .5em; }}
h2 a {{ color: inherit; text-decoration: none; }}
h2 a:hover::after {{ content: " #"; color: #999; }}
.phone {{ width: {PHONE}px; box-sizing: border-box; padding: 10px 24px 10px 24px;
  background: #cfdde8; border-radius: 14px; font: 15px/1.35 Roboto, "Noto Sans", sans-serif; }}
.bubble {{ width: fit-content; max-width: {BUBBLE}px; box-sizing: border-box; background: #fff;
  border-radius: 10px; padding: 6px 9px; white-space: pre-wrap; overflow-wrap: anywhere; }}
.keyboard {{ width: {BUBBLE}px; }}
.row {{ display: flex; gap: 4px; margin-top: 4px; }}
.button {{ flex: 1 1 0; min-width: 0; box-sizing: border-box; padding: 8px 10px;
  border-radius: 8px; background: #6f8ea6; color: #fff; font-size: 14px; font-weight: 500;
  text-align: center; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
mark.fallback {{ background: #ffd666; }}
.ids {{ font-size: 11px; color: #777; margin: .6em 0 0; padding-left: 1.2em; }}
.ids .fallback {{ background: #ffd666; }}
nav ul {{ columns: 2; font-size: 13px; }}
"""


def fallback(text: str) -> str:
    """``text`` marked as shown from a fallback language."""
    return f"{OPEN}{text}{CLOSE}"


def highlighted(text: str) -> str:
    """HTML with fallback marks as ``<mark>``."""
    return text.replace(OPEN, '<mark class="fallback">').replace(CLOSE, "</mark>")


def plain(text: str) -> str:
    """``text`` without fallback marks."""
    return text.replace(OPEN, "").replace(CLOSE, "")


@dataclass(frozen=True)
class Screen:
    """One screen of the preview: a title, what Telegram shows, the messages it is made of."""

    title: str
    group: str
    rendered: Rendered
    ids: Sequence[tuple[str, bool]]
    """(``msgctxt|msgid``, shown from a fallback) of each message on the screen."""


def anchor(title: str, taken: set[str]) -> str:
    """A stable, unique id for a screen's anchor."""
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "screen"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def section(screen: Screen, slug: str) -> str:
    """A screen as the page shows it: phone, buttons, and its msgids in small print."""
    rows = screen.rendered.keyboard.inline_keyboard if screen.rendered.keyboard else ()
    keyboard = "".join(
        '<div class="row">'
        + "".join(
            f'<span class="button" title="{html.escape(plain(b.text))}">'
            f"{highlighted(html.escape(b.text))}</span>"
            for b in row
        )
        + "</div>"
        for row in rows
    )
    bubble = (
        f'<div class="bubble">{highlighted(screen.rendered.text)}</div>'
        if screen.rendered.text
        else ""
    )
    ids = "".join(
        f"<li{FALLBACK_ITEM if shown_from_fallback else ''}><code>{html.escape(key)}</code></li>"
        for key, shown_from_fallback in dict.fromkeys(screen.ids)
    )
    return (
        f'<section id="{slug}"><h2><a href="#{slug}">{html.escape(screen.title)}</a></h2>'
        f'<div class="phone">{bubble}<div class="keyboard">{keyboard}</div></div>'
        f'<ul class="ids">{ids}</ul></section>'
    )


def contents(entries: Iterable[tuple[str, str, str]]) -> str:
    """The table of contents: (group, title, anchor) in page order, under group headings."""
    parts, group = [], None
    for entry_group, title, slug in entries:
        if entry_group != group:
            if group is not None:
                parts.append("</ul>")
            parts.append(f"<h3>{html.escape(entry_group)}</h3><ul>")
            group = entry_group
        parts.append(f'<li><a href="#{slug}">{html.escape(title)}</a></li>')
    return "<nav>" + "".join(parts) + ("</ul>" if group is not None else "") + "</nav>"
