"""Building blocks for the collections that tests, benchmarks and the demo make."""

from __future__ import annotations

from anki.collection import Collection


def recognition_notetype(
    col: Collection, name: str, fields: list[str], *, front: str | None = None, back: str | None = None, production_front: str | None = None
) -> dict:
    """A user's ordinary recognition note type (the word on the front, the rest on the back),
    as shared decks have; the existing one of that name if there is one. With `production_front`
    each note has a second card, "Production" (that front, the word on the back), as decks that
    also drill recall have."""
    existing = col.models.by_name(name)
    if existing:
        return existing
    models = col.models
    nt = models.new(name)
    for field in fields:
        models.add_field(nt, models.new_field(field))
    template = models.new_template("Recognition")
    template["qfmt"] = front or "{{" + fields[0] + "}}"
    template["afmt"] = back or "{{FrontSide}}<hr id=answer>" + "<br>".join("{{" + f + "}}" for f in fields[1:])
    models.add_template(nt, template)
    if production_front:
        production = models.new_template("Production")
        production["qfmt"], production["afmt"] = production_front, "{{FrontSide}}<hr id=answer>{{" + fields[0] + "}}"
        models.add_template(nt, production)
    models.add_dict(nt)
    return models.by_name(name)
