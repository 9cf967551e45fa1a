"""Write Practice core: stroke data, grading, conversion. Pure Python on top of the `anki`
package (pylib); it never imports `aqt` (the GUI layer lives in `writing/gui/`). Importing this
package loads nothing heavy: no stroke data and no numpy until a function needs them."""
