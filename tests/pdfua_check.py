"""A structural PDF/UA check written with pikepdf (no JVM validator is reachable here).

check(path) reads one PDF and returns counts and the problems found:

- XMP metadata with the pdfuaid part (and the pdfaid part when PDF/A is expected), /MarkInfo
  Marked, a /Lang, DisplayDocTitle;
- every text run (Tj, TJ, ', ") inside marked content that the structure tree holds, or inside
  an /Artifact: both counted, and the runs in neither;
- every Link annotation with /Contents in words (not its target's id) and a /Link structure
  parent in the tree that holds it (OBJR);
- every /Note with an /ID and referenced (by the /Reference just before it, or by a link);
- every table /Headers reference resolved by the /IDTree to a TH;
- L holding only LI, L, Caption; LI only Lbl, LBody; LI only in L, Lbl and LBody only in LI;
- every /Figure with a non-empty /Alt;
- every heading (/H, /H1 … /H6) holding marked content (the pdfua package's own rule for this,
  UA-14-001, raises on a heading whose /K is an array and is skipped).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

TEXT_OPS = {"Tj", "TJ", "'", '"'}


@dataclass
class Result:
    """Counts and problems of one PDF."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def problem(self, kind: str, text: str) -> None:
        self.counts["problem:" + kind] += 1
        if sum(1 for p in self.problems if p.startswith(kind + ":")) < 5:
            self.problems.append(f"{kind}: {text}")


def _kids(elem: pikepdf.Object) -> list[pikepdf.Object]:
    k = elem.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def _is_elem(obj: object) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj


def _walk(elem: pikepdf.Object) -> Iterator[pikepdf.Object]:
    yield elem
    for k in _kids(elem):
        if _is_elem(k):
            yield from _walk(k)


def _tag(elem: pikepdf.Object) -> str:
    return str(elem.get("/S", ""))


def _number_tree(node: pikepdf.Object, key: str) -> Iterator[tuple[object, pikepdf.Object]]:
    """The (key, value) pairs of a number tree (/Nums) or name tree (/Names)."""
    pairs = node.get(key)
    if pairs is not None:
        items = list(pairs)
        for i in range(0, len(items) - 1, 2):
            yield items[i], items[i + 1]
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid, key)


def _holds_content(elem: pikepdf.Object) -> bool:
    """True when the element or a descendant holds marked content (an MCID or an MCR)."""
    for k in _kids(elem):
        if isinstance(k, int) or (isinstance(k, Dictionary) and k.get("/Type") == Name.MCR):
            return True
        if _is_elem(k) and _holds_content(k):
            return True
    return False


def check(path: Path, pdfa: bool = False) -> Result:
    """The structural PDF/UA check of one file (see the module's docstring)."""
    r = Result()
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        meta = root.get("/Metadata")
        xmp = meta.read_bytes() if meta is not None else b""
        if not xmp:
            r.problem("xmp", "no XMP metadata stream")
        if not re.search(rb'pdfuaid:part(="|>)1', xmp):
            r.problem("xmp", "no pdfuaid:part 1 in the XMP")
        if pdfa and not re.search(rb"pdfaid:part", xmp):
            r.problem("xmp", "no pdfaid:part in the XMP")
        if b"dc:title" not in xmp:
            r.problem("xmp", "no dc:title in the XMP")
        mark = root.get("/MarkInfo")
        if mark is None or not bool(mark.get("/Marked", False)):
            r.problem("markinfo", "/MarkInfo /Marked is not true")
        if not str(root.get("/Lang", "")):
            r.problem("lang", "no /Lang in the catalog")
        prefs = root.get("/ViewerPreferences")
        if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
            r.problem("title", "DisplayDocTitle is not true")
        tree = root.get("/StructTreeRoot")
        if tree is None:
            r.problem("tags", "no structure tree")
            return r

        elems = [e for top in _kids(tree) if _is_elem(top) for e in _walk(top)]
        in_tree = {e.objgen for e in elems}
        r.counts["elements"] = len(elems)
        pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}

        # marked content held by the tree: (page, mcid) from each element's kids
        held: set[tuple[int, int]] = set()
        objr: dict[tuple[int, int], pikepdf.Object] = {}
        for e in elems:
            page = pages.get(e.Pg.objgen) if "/Pg" in e else None
            for k in _kids(e):
                if isinstance(k, int) and page is not None:
                    held.add((page, int(k)))
                elif isinstance(k, Dictionary) and k.get("/Type") == Name.MCR:
                    p = pages.get(k.Pg.objgen) if "/Pg" in k else page
                    if p is not None:
                        held.add((p, int(k.MCID)))
                elif isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR:
                    objr[k.Obj.objgen] = e
        parents: dict[int, pikepdf.Object] = {}
        parent_tree = tree.get("/ParentTree")
        if parent_tree is not None:
            for key, value in _number_tree(parent_tree, "/Nums"):
                parents[int(key)] = value  # type: ignore[call-overload]

        # text runs
        for i, page in enumerate(pdf.pages):
            stack: list[str] = []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    tag = str(operands[0])
                    kind = "other"
                    if tag == "/Artifact":
                        kind = "artifact"
                    elif (
                        name == "BDC"
                        and isinstance(operands[1], Dictionary)
                        and "/MCID" in operands[1]
                    ):
                        kind = "tagged" if (i, int(operands[1].MCID)) in held else "unheld"
                    stack.append(kind)
                elif name == "EMC" and stack:
                    stack.pop()
                elif name in TEXT_OPS:
                    if "artifact" in stack:
                        r.counts["runs:artifact"] += 1
                    elif "tagged" in stack:
                        r.counts["runs:tagged"] += 1
                    else:
                        r.counts["runs:untagged"] += 1
                        r.problem(
                            "text", f"page {i + 1}: a text run neither tagged nor an artifact"
                        )

            # link annotations
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != Name.Link:
                    continue
                r.counts["links"] += 1
                words = str(annot.get("/Contents", ""))
                dest = str(annot.Dest) if isinstance(annot.get("/Dest"), pikepdf.String) else None
                if not words.strip() or (dest is not None and words == dest):
                    r.problem("link", f"page {i + 1}: link described by {words!r}")
                elem = objr.get(annot.objgen)
                key = annot.get("/StructParent")
                if elem is None or _tag(elem) != "/Link" or key is None:
                    r.problem("link", f"page {i + 1}: link {words!r} has no Link structure parent")
                elif parents.get(int(key)) is None or parents[int(key)].objgen != elem.objgen:
                    r.problem("link", f"page {i + 1}: link {words!r}: parent tree disagrees")

        # every parent tree entry points into the tree
        for key, value in parents.items():
            values = list(value) if isinstance(value, Array) else [value]
            for v in values:
                if _is_elem(v) and v.objgen not in in_tree:
                    r.problem("parenttree", f"key {key}: an element outside the structure tree")

        # ids
        ids: dict[bytes, pikepdf.Object] = {}
        id_tree = tree.get("/IDTree")
        if id_tree is not None:
            for key, value in _number_tree(id_tree, "/Names"):
                ids[bytes(key)] = value  # type: ignore[call-overload]
        link_targets = {
            str(a.Dest)
            for p in pdf.pages
            for a in p.obj.get("/Annots", [])
            if isinstance(a.get("/Dest"), pikepdf.String)
        }

        for e in elems:
            tag = _tag(e)
            r.counts["tag:" + tag] += 1
            parent = e.get("/P")
            ptag = _tag(parent) if parent is not None else ""
            kid_tags = [_tag(k) for k in _kids(e) if _is_elem(k)]
            if tag == "/Figure":
                if not str(e.get("/Alt", "")).strip():
                    r.problem("figure", "a Figure without /Alt")
            elif re.fullmatch(r"/H[1-6]?", tag):
                r.counts["headings"] += 1
                if not _holds_content(e):
                    r.problem("heading", f"an empty {tag}")
            elif tag == "/Note":
                note_id = bytes(e.ID) if "/ID" in e else b""
                if not note_id:
                    r.problem("note", "a Note without /ID")
                    continue
                if ids.get(note_id) is None or ids[note_id].objgen != e.objgen:
                    r.problem("note", f"note {note_id!r} not in the IDTree")
                siblings = _kids(parent) if parent is not None else []
                at = next(
                    (j for j, k in enumerate(siblings) if _is_elem(k) and k.objgen == e.objgen), 0
                )
                before = siblings[at - 1] if at > 0 else None
                if not (
                    (before is not None and _is_elem(before) and _tag(before) == "/Reference")
                    or note_id.decode() in link_targets
                ):
                    r.problem("note", f"note {note_id!r} is referenced by no call")
                else:
                    r.counts["notes:referenced"] += 1
            elif tag == "/Table":
                for t in kid_tags:
                    if t not in ("/Caption", "/THead", "/TBody", "/TFoot", "/TR"):
                        r.problem("table", f"Table holds {t}")
            elif tag == "/L":
                for t in kid_tags:
                    if t not in ("/LI", "/L", "/Caption"):
                        r.problem("list", f"L holds {t}")
            elif tag == "/LI":
                if ptag != "/L":
                    r.problem("list", f"LI inside {ptag}")
                for t in kid_tags:
                    if t not in ("/Lbl", "/LBody"):
                        r.problem("list", f"LI holds {t}")
            elif (
                tag in ("/Lbl", "/LBody")
                and ptag != "/LI"
                and not (tag == "/Lbl" and ptag == "/Note")
            ):
                r.problem("list", f"{tag} inside {ptag}")
            attrs = e.get("/A")
            if isinstance(attrs, Dictionary) and "/Headers" in attrs:
                for h in attrs.Headers:
                    r.counts["headers"] += 1
                    target = ids.get(bytes(h))
                    if target is None or _tag(target) != "/TH":
                        r.problem(
                            "table", f"header reference {bytes(h)!r} does not resolve to a TH"
                        )
    return r
