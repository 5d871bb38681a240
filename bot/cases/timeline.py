"""The kinds of event a case's history records (see :mod:`store.events`)."""

from __future__ import annotations

CLIENT_MESSAGE = "client_message"
LAWYER_MESSAGE = "lawyer_message"
TAKEN = "taken"
HANDED_BACK = "handed_back"
CLOSED = "closed"
REOPENED = "reopened"
ANSWERED_AGAIN = "answered_again"
OFFERED = "offered"
"""A coordinator asked a lawyer (the event's lawyer) to take the case."""
OFFER_DECLINED = "offer_declined"
"""The lawyer a coordinator asked declined."""
MESSAGES = (CLIENT_MESSAGE, LAWYER_MESSAGE)
