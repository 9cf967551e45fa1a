"""Review inside Anki: the thin aqt layer over writing/review.py.

- `card_will_show`: for a Write Practice card in the reviewer, opens the card's review session and
  puts a host object (card id, side, mode, grid) before the card HTML; without it the card JS
  stays a self-graded writing card (previewer, Card Layout, phones, add-on off).
- The card's "wp:" messages (routed and validated by writing/gui/messages.py, which the reviewer
  registers with when a profile opens) go to the session, only for the card under review and
  only on the side the reviewer shows.
- Component hints mark the components the learner can already write: that set
  (`writing.gap`'s "writable") is read on the first component hint of a reviewer session and
  kept up to date from each writing card's answer (read again only when an answer may have made
  a known character unwritable), so no card render pays for it.
- Space/Enter on the answer side answer with the suggested rating (the reviewer's Space/Enter
  shortcuts are wrapped through `state_shortcuts_will_change`, the rating is set through
  `reviewer_will_answer_card`); 1-4 and the buttons answer as usual. The suggested button is
  highlighted through `reviewer_will_init_answer_buttons`. Optional auto-answer.

No hook here may raise: Anki removes a hook that raises and shows an error dialog. Each one
catches, logs and falls back to leaving Anki's behaviour unchanged.
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable

from aqt import mw
from aqt.qt import Qt

from .. import notetype, review
from . import messages, state

log = state.log
_store = review.SessionStore()
REVIEW_KINDS = {"reviewQuestion": "question", "reviewAnswer": "answer"}
# Space/Enter set this, the answer hook consumes it. Anki's Enter path asks the bottom bar which
# button is selected first (asynchronously), so the mark lives a moment rather than one call.
_DEFAULT_ANSWER_WINDOW = 2.0
_default_answer: tuple[int, float] | None = None
_known_components: frozenset[str] | None = None  # None: not read since the last change


def writable_characters(col) -> frozenset[str]:
    """The characters the learner can write, by writing.gap's definition (a Write Practice note
    whose card is mature and was not last answered Again), reading only the writing notes."""
    from .. import gap  # first component hint only: nothing more to load at start-up

    ours = notetype.our_notetype_ids(col)
    if not ours:
        return frozenset()
    return frozenset(gap.writing_gap(col, " OR ".join(f"mid:{int(mid)}" for mid in ours)).writable)


def known_components() -> frozenset[str]:
    """`writable_characters` of the open collection, read once until a writing card is answered."""
    global _known_components
    if _known_components is None:
        try:
            _known_components = writable_characters(mw.col)
        except Exception:
            log.exception("Write Practice: reading which characters you can write failed; no component is marked known")
            return frozenset()
    return _known_components


def _writing_fields(card) -> tuple[str, str] | None:
    """(Target, Script) if `card` is a Write Practice card, else None."""
    if not notetype.is_ours(card.note_type()):
        return None
    note = card.note()
    try:
        return note["Target"], note["Script"].strip()
    except KeyError:  # fields renamed by hand: the note type repair will say so
        return None


def host_tag(host: dict[str, Any]) -> str:
    """A JSON script element the card JS reads; '<' escaped so no field can close it."""
    text = json.dumps(host, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="wp-host">{text}</script>'


def on_card_will_show(text: str, card, kind: str) -> str:
    side = REVIEW_KINDS.get(kind)
    if side is None:
        return text
    try:
        fields = _writing_fields(card)
        if fields is None:
            return text
        target, script = fields
        config = state.current_config()
        mode = config.mode_for_deck(mw.col.decks.name(card.current_deck_id()))
        session = _store.get(card.id)
        if side == "question" or session is None or not session.matches(target, script, mode):
            session = _store.open(card.id, target, script, mode, config, known_components)
        if side == "answer":
            session.finish()
        host = {"v": 1, "card": card.id, "side": side, "graded": session.graded, "mode": mode, "grid": config.grid}
        return host_tag(host) + text
    except Exception:
        log.exception("Write Practice: preparing the card failed; it stays a self-graded card")
        return text


# ------------------------------------------------------------------ the card's messages


def on_profile_did_open() -> None:
    """The reviewer's web view takes the card's messages (the reviewer exists once a profile is open)."""
    messages.register(mw.reviewer, {"start": _on_start, **{kind: _on_writing for kind in review.MESSAGE_TYPES if kind != "start"}})


def _refusal(msg: review.Message) -> dict[str, Any] | None:
    """Why the reviewer cannot take `msg` now, or None."""
    reviewer = mw.reviewer
    if mw.state != "review" or reviewer.card is None:
        return review.error_reply("only the reviewer grades")
    if msg.card != reviewer.card.id:
        return review.error_reply("not the card under review")
    if _store.get(msg.card) is None:
        return review.error_reply("no review session for this card")
    return None


def _on_start(msg: review.Message) -> dict[str, Any]:
    """The page asks for the state of the side it shows: the side the reviewer shows."""
    refusal = _refusal(msg)
    if refusal is None and msg.side != mw.reviewer.state:
        refusal = review.error_reply(f"the reviewer shows the {mw.reviewer.state}")
    return refusal or _store.get(msg.card).handle(msg)


def _on_writing(msg: review.Message) -> dict[str, Any]:
    """A stroke, undo, clear, hint, reveal or check: only while the question shows."""
    refusal = _refusal(msg)
    if refusal is None and mw.reviewer.state != "question":
        refusal = review.error_reply("the answer is shown")
    return refusal or _store.get(msg.card).handle(msg)


def suggestion_for(card) -> review.Rating | None:
    """The suggested rating of `card` if its answer is showing in the reviewer."""
    session = _store.get(card.id) if card is not None else None
    return session.outcome if session is not None and session.finished else None


# ------------------------------------------------------------------ answering


def on_state_shortcuts(state: str, shortcuts: list[tuple[Any, Callable]]) -> None:
    """Wrap the reviewer's Space/Enter so they answer with the suggested rating."""
    if state != "review":
        return
    try:
        keys = {" ", Qt.Key.Key_Return, Qt.Key.Key_Enter}
        for i, (key, action) in enumerate(shortcuts):
            if key in keys:
                shortcuts[i] = (key, _default_answer_wrapper(action))
    except Exception:
        log.exception("Write Practice: could not wrap Space/Enter; they answer as usual")


def _default_answer_wrapper(action: Callable) -> Callable:
    def on_key() -> None:
        global _default_answer
        try:
            reviewer = mw.reviewer
            if reviewer.state == "answer" and suggestion_for(reviewer.card) and mw.pm.spacebar_rates_card():
                _default_answer = (reviewer.card.id, time.monotonic())
        except Exception:
            log.exception("Write Practice: Space/Enter")
        action()

    return on_key


def on_will_answer(ease_tuple: tuple[bool, int], reviewer, card) -> tuple[bool, int]:
    """Space/Enter (marked just before) answer with the suggestion; any other way is the user's."""
    global _default_answer
    try:
        marked, _default_answer = _default_answer, None
        proceed, ease = ease_tuple
        if not proceed or marked is None:
            return ease_tuple
        card_id, when = marked
        suggestion = suggestion_for(card)
        if card is None or card_id != card.id or time.monotonic() - when > _DEFAULT_ANSWER_WINDOW or suggestion is None:
            return ease_tuple
        return True, suggestion.ease
    except Exception:
        log.exception("Write Practice: choosing the rating failed; answering as pressed")
        return ease_tuple


def on_answer_buttons(buttons: tuple[tuple[int, str], ...], reviewer, card) -> tuple[tuple[int, str], ...]:
    try:
        suggestion = suggestion_for(card)
        if suggestion is None:
            return buttons
        # The label is HTML inside the button; the style marks the whole button.
        style = (
            f'<style>button[data-ease="{suggestion.ease}"]{{box-shadow:0 0 0 3px #2a9d74;font-weight:bold}}</style>'
        )
        return tuple((ease, f"{label}{style}" if ease == suggestion.ease else label) for ease, label in buttons)
    except Exception:
        log.exception("Write Practice: highlighting the suggested button failed")
        return buttons


def on_did_show_answer(card) -> None:
    """Auto-answer with the suggestion after the configured delay (0 = off)."""
    try:
        seconds = state.current_config().auto_answer_seconds
        session = _store.get(card.id)
        if seconds <= 0 or session is None or session.outcome is None:
            return
        mw.progress.single_shot(int(seconds * 1000), lambda: _auto_answer(session), False)
    except Exception:
        log.exception("Write Practice: auto-answer")


def _auto_answer(session: review.ReviewSession) -> None:
    try:
        reviewer = mw.reviewer
        if (
            mw.state == "review"
            and reviewer.state == "answer"
            and reviewer.card is not None
            and _store.get(reviewer.card.id) is session
            and session.outcome is not None
        ):
            reviewer._answerCard(session.outcome.ease)  # what Anki's own auto-advance calls
    except Exception:
        log.exception("Write Practice: auto-answer")


def on_did_answer(reviewer, card, ease: int) -> None:
    try:
        session = _store.get(card.id)
        if session is not None:  # a writing card: what the learner can write may change
            _update_known_components(card.ivl, ease, {c.char for c in session.chars})
    except Exception:
        log.exception("Write Practice: updating the known components failed; they are read again")
        _forget_known_components()
    _store.drop(card.id)


def _update_known_components(interval: int, ease: int, chars: set[str]) -> None:
    """Keep the known set right without reading the collection again after every answer: a card
    that is now writable (gap's rule) adds its characters; one that is not only matters if its
    characters were known, and then the set is read again at the next component hint."""
    global _known_components
    if _known_components is None:
        return
    from .. import gap

    if gap.writable_now(interval, ease):
        _known_components = _known_components | frozenset(chars)
    elif _known_components & chars:
        _known_components = None


def _forget_known_components() -> None:
    global _known_components
    _known_components = None


def on_reviewer_will_end() -> None:
    _forget_known_components()
    _store.clear()
