"""Validate: cross-references, balance lint and glyph coverage over a loaded project."""
