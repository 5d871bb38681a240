"""Repository of lawyers: who may take cases, who is on duty, who can be reached."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.cases import Cases
from store.clock import Now, utc_now
from store.crypto import Keyring
from store.models import Lawyer
from store.sql import decode_chat_id, encode_chat_id, insert_for

MAX_LOCALE_LENGTH = 16


@dataclass(frozen=True, slots=True)
class StoredLawyer:
    """A decrypted lawyer row."""

    id: int
    user_key: str
    telegram_id: int
    name: str
    locale: str
    coordinator: bool
    on_duty: bool
    reachable: bool
    active_case_id: int | None
    removed: bool = False
    """An operator removed them: no longer a lawyer, but still recognised."""
    awaiting: str | None = None
    """A step they are in the middle of (e.g. ``handover:12``)."""
    time_zone: str | None = None
    """Their own time zone (IANA name); ``None``: the team's."""
    languages: frozenset[str] = frozenset()
    """The languages they can write to a client in (``uz``, ``ru``, ``en``)."""
    scheduled: bool | None = None
    """Whether their schedule had them on duty when last looked at (``None``: no schedule)."""

    def speaks(self, locale: str) -> bool:
        """Whether they can write to a client who chose ``locale`` (``uz_Cyrl`` is ``uz``)."""
        return locale.split("_")[0] in self.languages


def lawyer_aad(column: str, user_key: str) -> bytes:
    """What a lawyer's ciphertexts are bound to: the column and the lawyer."""
    return f"lawyers.{column}:{user_key}".encode()


class Lawyers:
    """Registers, finds and updates lawyers; never commits.

    A lawyer is known by the user key of their Telegram id; the id itself (needed to
    message them) and their name are stored encrypted.
    """

    def __init__(self, session: AsyncSession, keyring: Keyring, now: Now = utc_now) -> None:
        self._session = session
        self._keyring = keyring
        self._now = now

    async def add(
        self, telegram_id: int, name: str, locale: str, coordinator: bool | None = None
    ) -> StoredLawyer:
        """Register a lawyer, or update the name and locale of a registered one.

        A new lawyer is off duty and unreachable until they start the bot, and a
        coordinator only if ``coordinator`` says so; re-adding keeps duty, reachability
        and (unless ``coordinator`` is given) the role as they are, and brings back a
        lawyer who was removed.
        """
        if len(locale) > MAX_LOCALE_LENGTH:
            raise ValueError(f"locale is longer than {MAX_LOCALE_LENGTH} characters")
        user_key = self._keyring.user_key(telegram_id)
        now = self._now()
        values: dict[str, Any] = {
            "chat_ref": self._keyring.encrypt(
                encode_chat_id(telegram_id), aad=lawyer_aad("chat_ref", user_key)
            ),
            "name": self._keyring.encrypt(name.encode("utf-8"), aad=lawyer_aad("name", user_key)),
            "locale": locale,
            "updated_at": now,
            "removed_at": None,
        }
        if coordinator is not None:
            values["coordinator"] = coordinator
        statement = (
            insert_for(self._session, Lawyer)
            .values(
                user_key=user_key,
                on_duty=False,
                reachable=False,
                created_at=now,
                **({"coordinator": False} | values),
            )
            .on_conflict_do_update(index_elements=[Lawyer.user_key], set_=values)
            .returning(Lawyer)
        )
        lawyer = await self._one(statement)
        if lawyer is None:  # pragma: no cover - an upsert always returns its row
            raise RuntimeError("lawyer upsert returned no row")
        return lawyer

    async def remove(self, telegram_id: int) -> StoredLawyer | None:
        """Remove a lawyer; return them, or ``None`` if they were not registered.

        Cases they still hold go back to the pool, due for escalation at once (release
        them first with :meth:`store.cases.Cases.release_all` to choose otherwise). They
        stay known as a removed lawyer: never paged, never a lawyer again unless re-added,
        and told so when they write. Their notes stay, with their name.
        """
        lawyer = await self.by_user_key(self._keyring.user_key(telegram_id))
        if lawyer is None or lawyer.removed:
            return None
        await Cases(self._session, self._keyring, self._now).release_all(lawyer.id, self._now())
        await self._set(
            lawyer.id,
            removed_at=self._now(),
            on_duty=False,
            reachable=False,
            active_case_id=None,
            awaiting=None,
        )
        return lawyer

    async def get(self, lawyer_id: int) -> StoredLawyer | None:
        """Return the lawyer with this id."""
        return await self._one(select(Lawyer).where(Lawyer.id == lawyer_id))

    async def by_user_key(self, user_key: str) -> StoredLawyer | None:
        """Return the lawyer with this user key (``keyring.user_key(telegram_id)``)."""
        return await self._one(select(Lawyer).where(Lawyer.user_key == user_key))

    async def all(self) -> list[StoredLawyer]:
        """Return every lawyer not removed, in the order they were first registered."""
        rows = await self._session.scalars(
            select(Lawyer)
            .where(Lawyer.removed_at.is_(None))
            .order_by(Lawyer.id)
            .execution_options(populate_existing=True)
        )
        return [self._decrypt(row) for row in rows]

    async def known_keys(self) -> frozenset[str]:
        """The user keys of every lawyer, removed ones too (they are not people)."""
        return frozenset(await self._session.scalars(select(Lawyer.user_key)))

    async def set_reachable(self, lawyer_id: int, reachable: bool) -> None:
        """Record whether the bot can message the lawyer (started it, has not blocked it)."""
        await self._set(lawyer_id, reachable=reachable)

    async def set_on_duty(self, lawyer_id: int, on_duty: bool) -> None:
        """Put the lawyer on or off duty."""
        await self._set(lawyer_id, on_duty=on_duty)

    async def set_active_case(self, lawyer_id: int, case_id: int | None) -> None:
        """Choose the case the lawyer's plain messages go to (``None``: no case)."""
        await self._set(lawyer_id, active_case_id=case_id)

    async def set_awaiting(self, lawyer_id: int, step: str | None) -> None:
        """Record the step the lawyer is in the middle of (``None``: none)."""
        await self._set(lawyer_id, awaiting=step)

    async def set_time_zone(self, lawyer_id: int, time_zone: str | None) -> None:
        """Set the lawyer's own time zone (``None``: the team's)."""
        await self._set(lawyer_id, time_zone=time_zone)

    async def set_languages(self, lawyer_id: int, languages: frozenset[str]) -> None:
        """Set the languages the lawyer can write to clients in."""
        await self._set(lawyer_id, languages=",".join(sorted(languages)) or None)

    async def set_scheduled(self, lawyer_id: int, scheduled: bool | None, on_duty: bool) -> None:
        """Record what the lawyer's schedule says now, and put them on or off duty."""
        await self._set(lawyer_id, scheduled=scheduled, on_duty=on_duty)

    async def _set(self, lawyer_id: int, **values: Any) -> None:
        await self._session.execute(
            update(Lawyer)
            .where(Lawyer.id == lawyer_id)
            .values(updated_at=self._now(), **values)
            .execution_options(synchronize_session=False)
        )

    async def _one(self, statement: Executable) -> StoredLawyer | None:
        row: Lawyer | None = await self._session.scalar(
            statement.execution_options(populate_existing=True)
        )
        return None if row is None else self._decrypt(row)

    def _decrypt(self, row: Lawyer) -> StoredLawyer:
        chat_ref = self._keyring.decrypt(row.chat_ref, aad=lawyer_aad("chat_ref", row.user_key))
        name = self._keyring.decrypt(row.name, aad=lawyer_aad("name", row.user_key))
        return StoredLawyer(
            id=row.id,
            user_key=row.user_key,
            telegram_id=decode_chat_id(chat_ref),
            name=name.decode("utf-8"),
            locale=row.locale,
            coordinator=row.coordinator,
            on_duty=row.on_duty,
            reachable=row.reachable,
            active_case_id=row.active_case_id,
            removed=row.removed_at is not None,
            awaiting=row.awaiting,
            time_zone=row.time_zone,
            languages=frozenset(filter(None, (row.languages or "").split(","))),
            scheduled=row.scheduled,
        )
