"""The aqt layer: thin glue between Anki's GUI and the pure core in `writing/`."""
