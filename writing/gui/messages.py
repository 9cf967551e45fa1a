"""The add-on's messages from its web pages: `pycmd("wp:" + JSON)` from the card in the reviewer,
the self-test and the gap report, through Anki's `webview_did_receive_js_message` hook.

- One prefix. A message without it is passed on untouched: it is Anki's or another add-on's.
- The JSON is validated before any handler sees it: the writing area's messages by
  `review.message_from` (the card protocol), the pages' own (`PAGE_MESSAGES`) here. A message
  that fails gets `{"ok": false, "error": why}` and changes nothing; the first few are logged.
- A web view, known by its bridge context, registers a handler per message type it takes
  (`register`): the reviewer when a profile opens, a window while it is open. A message of a type
  its web view has no handler for is refused, so the Previewer, the Card Layout screen or any
  other page cannot grade or act.

No exception leaves the hook: Anki would remove the hook and show an error dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Union

from .. import review
from . import state

log = state.log

PREFIX = review.PREFIX
WRITING_TYPES = review.MESSAGE_TYPES


@dataclass(frozen=True)
class PageMessage:
    """A message of one of the add-on's windows' pages (not the writing area)."""

    type: str
    char: str | None = None


# type -> the fields it carries besides "type", each with its check
PAGE_MESSAGES: dict[str, dict[str, Callable[[Any], bool]]] = {
    "browse": {"char": lambda value: isinstance(value, str) and len(value) == 1},  # gap report: a character's notes
    "again": {},  # self-test results: test again
}

Message = Union[review.Message, PageMessage]
Handler = Callable[[Any], dict[str, Any]]  # gets the validated Message of its type, returns the reply

_routes: dict[Any, dict[str, Handler]] = {}  # bridge context -> message type -> handler
_bad_messages_logged = 0
_BAD_MESSAGE_LOG_LIMIT = 50  # hostile pages could flood the log otherwise


def register(context: Any, handlers: Mapping[str, Handler]) -> None:
    """Send the messages of the web view whose bridge context is `context` to `handlers`."""
    unknown = set(handlers) - set(WRITING_TYPES) - set(PAGE_MESSAGES)
    assert not unknown, f"no such message type: {unknown}"
    _routes[context] = dict(handlers)


def unregister(context: Any) -> None:
    _routes.pop(context, None)


def parse(text: str) -> Message:
    """The message after the prefix, validated; raises review.BadMessage saying why not."""
    data = review.decode(text)
    kind = data.get("type")
    if kind in WRITING_TYPES:
        return review.message_from(data)
    fields = PAGE_MESSAGES.get(kind) if isinstance(kind, str) else None
    if fields is None:
        raise review.BadMessage("unknown message type")
    if set(data) != {"type", *fields}:
        raise review.BadMessage(f"{kind} message must have exactly: {', '.join(['type', *fields])}")
    for name, valid in fields.items():
        if not valid(data[name]):
            raise review.BadMessage(f"bad {name} in {kind} message")
    return PageMessage(kind, **{name: data[name] for name in fields})


def on_js_message(handled: tuple[bool, Any], message: str, context: Any) -> tuple[bool, Any]:
    if not isinstance(message, str) or not message.startswith(PREFIX):
        return handled
    try:
        return True, _route(message[len(PREFIX) :], context)
    except Exception:
        log.exception("Write Practice: handling a page message failed")
        return True, review.error_reply("internal error (see the add-on log)")


def _route(text: str, context: Any) -> dict[str, Any]:
    handlers = _routes.get(context)
    if handlers is None:
        return review.error_reply("only the reviewer grades")
    try:
        msg = parse(text)
    except review.BadMessage as exc:
        _log_bad_message(str(exc), text)
        return review.error_reply(str(exc))
    handler = handlers.get(msg.type)
    if handler is None:
        return review.error_reply("only the reviewer grades" if msg.type in WRITING_TYPES else f"this page takes no {msg.type} message")
    return handler(msg)


def _log_bad_message(reason: str, text: str) -> None:
    global _bad_messages_logged
    _bad_messages_logged += 1
    if _bad_messages_logged <= _BAD_MESSAGE_LOG_LIMIT:
        log.warning("Write Practice: ignored a page message (%s): %.120r", reason, text)
