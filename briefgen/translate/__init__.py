"""Content translation: catalogs of the content's texts per language, and applying them.

A step of its own between validation and selection (load → validate → translate(brief) →
select → render): `apply` gives select the content as a brief in another language shows it,
`catalogs` reads and writes translations/<lang>.po.
"""
