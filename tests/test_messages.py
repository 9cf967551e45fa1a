"""writing/gui/messages.py, the route of every "wp:" page message, called the way Anki's
webview_did_receive_js_message hook calls it (in real Anki: tests/test_review_gui.py's fuzz,
tests/test_self_test_gui.py, tests/test_gap_report.py). The handlers here record what reaches
them; the contexts are plain objects standing for web views' bridge contexts."""

from __future__ import annotations

import json

import pytest

from writing import review
from writing.gui import messages

NOT_HANDLED = (False, None)


class Page:
    """A web view's bridge context, with the handlers it registers and what reached them."""

    def __init__(self, *kinds: str) -> None:
        self.received: list = []
        messages.register(self, {kind: self.handle for kind in kinds})

    def handle(self, msg):
        self.received.append(msg)
        return {"ok": True, "type": msg.type}


@pytest.fixture
def card_page():
    page = Page(*messages.WRITING_TYPES)
    yield page
    messages.unregister(page)


@pytest.fixture
def report_page():
    page = Page("browse")
    yield page
    messages.unregister(page)


def send(page, payload) -> tuple:
    text = payload if isinstance(payload, str) else "wp:" + json.dumps(payload)
    return messages.on_js_message(NOT_HANDLED, text, page)


@pytest.mark.parametrize("message", ["ans", "close", "ease3", "wpgap:browse:学", "WP:{}", "", None, 42], ids=["ans", "close", "ease3", "other-prefix", "upper-case", "empty", "none", "number"])
def test_anything_without_the_prefix_passes_on_untouched(card_page, message):
    handled = (False, "another hook's")
    assert messages.on_js_message(handled, message, card_page) is handled
    assert card_page.received == []


def test_each_type_reaches_the_handler_of_its_page(card_page, report_page):
    assert send(card_page, {"type": "start", "card": 5, "side": "question"}) == (True, {"ok": True, "type": "start"})
    assert send(card_page, {"type": "stroke", "card": 5, "char": 0, "points": [[0.1, 0.2], [0.3, 0.4]]})[1]["ok"]
    assert send(report_page, {"type": "browse", "char": "学"})[1]["ok"]
    assert [m.type for m in card_page.received] == ["start", "stroke"]
    assert card_page.received[1] == review.Message("stroke", 5, char=0, points=((0.1, 0.2), (0.3, 0.4)))
    assert report_page.received == [messages.PageMessage("browse", "学")]


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ("wp:", "not JSON"),
        ("wp:[1]", "not a JSON object"),
        ({"type": "eval", "code": "x"}, "unknown message type"),
        ({"char": "学"}, "unknown message type"),
        ({"type": "browse"}, "must have exactly: type, char"),
        ({"type": "browse", "char": "学", "deck": "x"}, "must have exactly: type, char"),
        ({"type": "browse", "char": "学生"}, "bad char"),
        ({"type": "browse", "char": 23398}, "bad char"),
        ({"type": "again", "now": True}, "must have exactly: type"),
        ({"type": "stroke", "card": 5, "char": 0, "points": [[0.5, 0.5]], "rating": 4}, "unexpected field"),
    ],
    ids=["empty", "array", "unknown-type", "no-type", "browse-no-char", "browse-extra-field", "browse-word", "browse-number", "again-extra-field", "stroke-extra-field"],
)
def test_bad_messages_are_refused_with_a_reason_and_reach_no_handler(card_page, report_page, payload, error):
    for page in (card_page, report_page):
        handled, reply = send(page, payload)
        assert handled is True and reply["ok"] is False and error in reply["error"], reply
        assert page.received == []


def test_a_page_gets_only_the_types_it_registered(card_page, report_page):
    assert send(report_page, {"type": "check", "card": 5, "char": 0})[1] == review.error_reply("only the reviewer grades")
    assert send(card_page, {"type": "browse", "char": "学"})[1] == review.error_reply("this page takes no browse message")
    assert card_page.received == report_page.received == []


def test_a_page_that_registered_nothing_or_unregistered_is_refused(card_page):
    start = {"type": "start", "card": 5, "side": "question"}
    assert send(object(), start) == (True, review.error_reply("only the reviewer grades"))
    messages.unregister(card_page)
    assert send(card_page, start) == (True, review.error_reply("only the reviewer grades"))
    assert card_page.received == []


def test_a_failing_handler_becomes_an_error_reply_not_an_exception():
    class Broken:
        def __init__(self):
            messages.register(self, {"again": self.fail})

        def fail(self, msg):
            raise RuntimeError("boom")

    page = Broken()
    try:
        assert send(page, {"type": "again"}) == (True, review.error_reply("internal error (see the add-on log)"))
    finally:
        messages.unregister(page)


def test_only_known_types_can_be_registered():
    with pytest.raises(AssertionError, match="no such message type"):
        messages.register(object(), {"eval": lambda msg: {}})
