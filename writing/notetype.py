"""The "Write Practice" note type: created, upgraded and repaired by the add-on, which owns it.

It is found by the id remembered in collection config `writePracticeNotetypeId` (so a user's
rename is harmless) and recognised by the `writePracticeVersion` key in its dict (so a copy that
came in with an imported .apkg is recognised too).

What the add-on may change without a schema change (which would force a one-way full sync): its
template HTML, its CSS managed block, and the version key. Fields and the number of templates are
never changed after creation: if a user altered them, `ensure` reports a problem instead.

The templates load the card script and style by their versioned media names (writing/media.py:
`card_files`), so an add-on update that changes them is a template edit here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from anki.collection import Collection

if TYPE_CHECKING:
    from .media import CardFiles

NOTETYPE_NAME = "Write Practice"
CONFIG_KEY = "writePracticeNotetypeId"
VERSION_KEY = "writePracticeVersion"
VERSION = 2  # 2: no field inside an attribute, no {{text:}} on the hidden fields
FIELDS = ("Target", "Meaning", "Reading", "Context", "Script", "Source", "Notes")
TEMPLATE_NAME = "Write"


# Fields go only into element content, never into attributes, and raw ({{Target}}, not
# {{text:Target}}: the text filter decodes entities, so "&lt;img onerror…&gt;" would become markup).
# The card script reads the hidden elements' textContent and sets the prompt's lang itself.
def front_template(script: str) -> str:
    """The question side, loading the card script of media name `script`."""
    return f"""<div class="wp-prompt">
{{{{#Meaning}}}}<div class="wp-meaning">{{{{Meaning}}}}</div>{{{{/Meaning}}}}
{{{{#Reading}}}}<div class="wp-reading">{{{{Reading}}}}</div>{{{{/Reading}}}}
{{{{#Context}}}}<div class="wp-context">{{{{Context}}}}</div>{{{{/Context}}}}
</div>
<div class="wp-target" hidden>{{{{Target}}}}</div>
<div class="wp-script" hidden>{{{{Script}}}}</div>
<div class="wp-area"></div>
<script src="{script}"></script>"""


def back_template(script: str) -> str:
    return f"""{{{{FrontSide}}}}
<hr id="answer">
<div class="wp-answer">{{{{Target}}}}</div>
{{{{#Notes}}}}<div class="wp-notes">{{{{Notes}}}}</div>{{{{/Notes}}}}
<script src="{script}"></script>"""


# Blocks are found by this prefix, so a later wording of the start line still matches.
_CSS_BLOCK_START_PREFIX = "/* Write Practice: managed block start"
CSS_BLOCK_START = _CSS_BLOCK_START_PREFIX + ". The add-on replaces this block when it updates; put your own CSS below the end line. */"
CSS_BLOCK_END = "/* Write Practice: managed block end */"

# The prompt's look lives here (not in web/, which is the canvas). Colours inherit the reviewer's
# text colour and use opacity for muted text, so night mode needs no second palette.
_CSS_RULES = """.card {
  font-family: "Noto Sans CJK JP", "Noto Sans CJK SC", "Hiragino Sans", "Yu Gothic", "Microsoft YaHei", "PingFang SC", sans-serif;
  font-size: 22px;
  text-align: center;
}
.wp-prompt { margin: 0.5em auto; max-width: 40em; }
.wp-meaning { font-size: 1.1em; }
.wp-reading { font-size: 1em; opacity: 0.75; margin-top: 0.2em; }
.wp-context { font-size: 1em; margin-top: 0.6em; line-height: 1.6; }
.wp-blank { letter-spacing: 0.1em; opacity: 0.8; }
.wp-answer { font-size: 3em; margin: 0.3em 0; }
.wp-notes { font-size: 0.8em; opacity: 0.75; }"""


def css_block(style: str) -> str:
    """The managed CSS block, importing the card style of media name `style`."""
    return f'{CSS_BLOCK_START}\n@import url("{style}");\n{_CSS_RULES}\n{CSS_BLOCK_END}'


# The card script's or style's media name of any build (unversioned before versioned names):
# templates that differ from this build's only there predate an update, the user did not edit them.
CARD_FILE_NAME = re.compile(r"_write_practice(?:\.[0-9a-f]{8})?\.(js|css)")


def _without_card_file_names(text: str) -> str:
    return CARD_FILE_NAME.sub(r"_write_practice.\1", text)


def _card_files() -> CardFiles:
    from . import media  # imported here: media reads the writing notes through this module

    return media.card_files()


@dataclass(frozen=True)
class NotetypeStatus:
    """What `ensure` found and did. `problems` are sentences for the user; while there are any,
    conversion refuses to run (fixing them would need a schema change the add-on never makes)."""

    id: int | None
    created: bool = False
    repairs: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        return self.id is not None and not self.problems


def is_ours(notetype: dict[str, Any] | None) -> bool:
    return bool(notetype) and VERSION_KEY in notetype


def our_notetype_ids(col: Collection) -> list[int]:
    """Every note type the add-on made (the remembered one first): an .apkg made elsewhere can
    bring its own copy, and targets in any of them count as already converted."""
    remembered = col.get_config(CONFIG_KEY, None)
    ids = [nt["id"] for nt in col.models.all() if is_ours(nt)]
    ids.sort(key=lambda i: i != remembered)
    return ids


def find(col: Collection) -> dict[str, Any] | None:
    """The add-on's note type, or None if there is none yet. Reads only."""
    remembered = col.get_config(CONFIG_KEY, None)
    if isinstance(remembered, int):
        notetype = col.models.get(remembered)
        if is_ours(notetype):
            return notetype
    ids = our_notetype_ids(col)
    return col.models.get(ids[0]) if ids else None


def needed_repairs(col: Collection, notetype: dict[str, Any], files: CardFiles | None = None) -> list[str]:
    """Sentences naming what `ensure` would restore in an existing note type (its templates to
    load `files`, by default this build's card files). Reads only."""
    repairs = []
    if notetype.get(VERSION_KEY, 0) < VERSION:
        repairs.append(f"updated the {notetype['name']!r} note type to version {VERSION}")
        return repairs
    files = files or _card_files()
    name = notetype["name"]
    templates = notetype["tmpls"]
    wanted = (front_template(files.script.name), back_template(files.script.name))
    found = (templates[0]["qfmt"], templates[0]["afmt"]) if len(templates) == 1 else wanted
    if found != wanted:
        if tuple(map(_without_card_file_names, found)) == tuple(map(_without_card_file_names, wanted)):
            repairs.append(f"pointed the card template of the {name!r} note type at the updated card script")
        else:
            repairs.append(f"restored the card template of the {name!r} note type (it had been edited)")
    css, wanted_css = _managed_css(notetype["css"]), css_block(files.style.name)
    if css != wanted_css:
        if css is not None and _without_card_file_names(css) == _without_card_file_names(wanted_css):
            repairs.append(f"pointed the styling of the {name!r} note type at the updated card style")
        else:
            repairs.append(f"restored the managed styling block of the {name!r} note type (your own CSS below it is kept)")
    return repairs


def structure_problems(notetype: dict[str, Any]) -> list[str]:
    """What is broken in a way the add-on will not fix (a schema change would force a full sync)."""
    problems = []
    names = tuple(f["name"] for f in notetype["flds"])
    if names != FIELDS:
        problems.append(
            f"the fields of the {notetype['name']!r} note type were changed (expected {', '.join(FIELDS)}; found {', '.join(names)}). "
            "Restore them in Tools > Manage Note Types, or delete that note type to let the add-on create a new one."
        )
    if len(notetype["tmpls"]) != 1:
        problems.append(
            f"the {notetype['name']!r} note type should have exactly one card type, it has {len(notetype['tmpls'])}. "
            "Remove the extra card types in Tools > Manage Note Types."
        )
    return problems


def ensure(col: Collection, files: CardFiles | None = None) -> NotetypeStatus:
    """Create the note type if missing; bring templates and CSS block up to date, loading `files`
    (by default this build's card files); never a schema change to anything (adding a new note
    type is not one; editing template text is not one)."""
    files = files or _card_files()
    notetype = find(col)
    if notetype is None:
        new_id = _create(col, files)
        col.set_config(CONFIG_KEY, new_id)
        return NotetypeStatus(id=new_id, created=True)
    if col.get_config(CONFIG_KEY, None) != notetype["id"]:
        col.set_config(CONFIG_KEY, notetype["id"])
    problems = structure_problems(notetype)
    if problems:  # templates naming the expected fields would be rejected; change nothing
        return NotetypeStatus(id=notetype["id"], problems=tuple(problems))
    repairs = needed_repairs(col, notetype, files)
    if repairs:
        notetype["tmpls"][0]["qfmt"] = front_template(files.script.name)
        notetype["tmpls"][0]["afmt"] = back_template(files.script.name)
        notetype["css"] = with_managed_css(notetype["css"], files.style.name)
        notetype[VERSION_KEY] = VERSION
        col.models.update_dict(notetype)
    return NotetypeStatus(id=notetype["id"], repairs=tuple(repairs), problems=tuple(problems))


def _create(col: Collection, files: CardFiles) -> int:
    models = col.models
    notetype = models.new(_unique_name(col))
    for name in FIELDS:
        models.add_field(notetype, models.new_field(name))
    template = models.new_template(TEMPLATE_NAME)
    template["qfmt"] = front_template(files.script.name)
    template["afmt"] = back_template(files.script.name)
    models.add_template(notetype, template)
    notetype["css"] = css_block(files.style.name) + "\n"
    notetype[VERSION_KEY] = VERSION
    return models.add_dict(notetype).id


def _unique_name(col: Collection) -> str:
    """A user's own note type may already be called "Write Practice": never take it over."""
    taken = {entry.name for entry in col.models.all_names_and_ids()}
    name, n = NOTETYPE_NAME, 2
    while name in taken:
        name, n = f"{NOTETYPE_NAME} ({n})", n + 1
    return name


def _managed_css(css: str) -> str | None:
    start = css.find(_CSS_BLOCK_START_PREFIX)
    end = css.find(CSS_BLOCK_END, start + 1) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    return css[start : end + len(CSS_BLOCK_END)]


def with_managed_css(css: str, style: str) -> str:
    """The CSS with the managed block (importing the card style `style`) first (an @import must
    precede other rules) and everything the user wrote outside the block kept."""
    current = _managed_css(css)
    user_css = css.replace(current, "", 1) if current is not None else css
    user_css = user_css.strip("\n")
    return css_block(style) + ("\n\n" + user_css + "\n" if user_css else "\n")
