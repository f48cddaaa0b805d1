"""PDF/UA and PDF/A: what WeasyPrint's `pdf_variant` leaves undone, finished with pikepdf.

WeasyPrint 70 with `pdf_variant` writes the XMP metadata (pdfuaid or pdfaid part), DisplayDocTitle,
/MarkInfo and /Lang, and tags the body.  It leaves:

- the text of the page margin boxes (running heads, page feet) as marked content that no
  structure element in the tree holds (its elements hang off the tree): here it becomes
  /Artifact (pagination), and the parent tree lists only what the tree holds;
- footnotes as anonymous spans at the page foot: here each is a /Note with an /ID, placed in the
  structure right after its call (a /Reference), so a reader meets the note where it is cited;
- link annotations described by the internal id of their target: here by the words of the
  link in the HTML (its aria-label or text);
- table header ids (/ID on TH) with no /IDTree to resolve them: here the /IDTree;
- lists whose items sit inside a Div (a description list's groups) or whose items hold other
  things than Lbl and LBody: here L holds LI (or L, Caption) and LI holds Lbl and LBody;
- a chart's /Alt that is only its title: here the title and the data its <desc> gives;
- bookmark titles holding the zero-width spaces that mark line breaks in Khmer, Lao, Myanmar
  and Thai headings (render/breaks.py): here without them.

Everything is deterministic: the same PDF in gives the same bytes out.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from briefgen.render.patch_guard import source_digest, why_not

VARIANTS = ("pdf/ua-1", "pdf/a-2b", "pdf/a-2u", "pdf/a-3b", "pdf/a-3u", "pdf/a-2a", "pdf/a-3a")
DEFAULT_VARIANT = "pdf/ua-1"

BDC = pikepdf.Operator("BDC")
LIST_KIDS = ("/LI", "/L", "/Caption")
ITEM_KIDS = ("/Lbl", "/LBody")

# The PDF/UA identification schema declared for PDF/A (which accepts only described schemas).
PDFUA_XMP = (
    b'<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="" '
    b'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>'
    b'<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="" '
    b'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
    b'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
    b'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    b'<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    b"<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    b'<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    b"<pdfaProperty:name>part</pdfaProperty:name>"
    b"<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    b"<pdfaProperty:category>internal</pdfaProperty:category>"
    b"<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed"
    b"</pdfaProperty:description>"
    b"</rdf:li></rdf:Seq></pdfaSchema:property>"
    b"</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
)


@dataclass
class HtmlFacts:
    """What the PDF's tags need from the brief's HTML.

    `links`: each href, by the words that describe it (aria-label, else its text); `alts`: each
    chart's title, by its full description (title and <desc>); `notes`: the note numbers of the
    page footnotes (span.fn data-note), in document order; `endnotes`: the ids of the items of
    the notes list (aside#notes), when the brief's notes are endnotes.
    """

    links: dict[str, str] = field(default_factory=dict)
    alts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    endnotes: list[str] = field(default_factory=list)


class _FactsParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = HtmlFacts()
        self.link: tuple[str, str | None, list[str]] | None = None  # href, label, text
        self.svg_depth = 0
        self.svg_text: dict[str, list[str]] = {}
        self.in_svg_part: str | None = None
        self.endnotes = False  # body class notes-endnotes: the notes list is printed
        self.aside = 0  # depth inside aside#notes

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href") and self.link is None:
            self.link = (a["href"] or "", a.get("aria-label"), [])
        elif tag == "span" and "fn" in (a.get("class") or "").split() and a.get("data-note"):
            self.facts.notes.append(a["data-note"] or "")
        elif tag == "body":
            self.endnotes = "notes-endnotes" in (a.get("class") or "").split()
        elif tag == "aside" and (a.get("id") == "notes" or self.aside):
            self.aside += 1
        elif (
            tag == "li" and self.aside and self.endnotes and (a.get("id") or "").startswith("note-")
        ):
            self.facts.endnotes.append(a["id"] or "")
        elif tag == "svg":
            self.svg_depth += 1
            if self.svg_depth == 1:
                self.svg_text = {"title": [], "desc": []}
        elif self.svg_depth and tag in ("title", "desc") and not self.svg_text.get(tag + "-done"):
            self.in_svg_part = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "aside" and self.aside:
            self.aside -= 1
        if tag == "a" and self.link is not None:
            href, label, text = self.link
            words = label or " ".join("".join(text).split())
            self.facts.links.setdefault(href, words)
            self.link = None
        elif tag in ("title", "desc") and self.in_svg_part == tag:
            self.svg_text[tag + "-done"] = ["1"]
            self.in_svg_part = None
        elif tag == "svg" and self.svg_depth:
            self.svg_depth -= 1
            if not self.svg_depth:
                title = " ".join("".join(self.svg_text["title"]).split())
                desc = " ".join("".join(self.svg_text["desc"]).split())
                if title:
                    self.facts.alts[title] = f"{title}. {desc}" if desc else title

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link[2].append(data)
        if self.in_svg_part:
            self.svg_text[self.in_svg_part].append(data)


def html_facts(html: str) -> HtmlFacts:
    """Link words, chart descriptions and footnote numbers read from a brief's HTML."""
    parser = _FactsParser()
    parser.feed(html)
    parser.close()
    return parser.facts


# sha256 of the source of weasyprint.pdf.tags._get_pdf_tag and of _build_box_tree, which calls
# it by its module name (tag_source), as verified; different source falls back.
VERIFIED_TAG_SOURCE = "9dcd71300dbcc3ac2fdc5ffed5c959aae75c9e08f3a9fe29dcc0e8f3f613abdc"
_installed: str | None = None  # None: not tried; "": in place; else why not


def tag_source() -> str:
    """The digest of the WeasyPrint functions the tagging wraps or relies on."""
    from weasyprint.pdf import tags

    original = getattr(tags._get_pdf_tag, "__wrapped__", tags._get_pdf_tag)
    return source_digest((original, tags._build_box_tree))


def tagging_applicable() -> str | None:
    """None when the installed WeasyPrint is the one the tagging was verified on, else why not."""
    return why_not(tag_source, VERIFIED_TAG_SOURCE, "PDF tagging code")


def install() -> str | None:
    """Tag footnote calls as /Reference and footnote markers as /Lbl (WeasyPrint: NonStruct),
    on the WeasyPrint version and source verified; None when in place, else why not (then
    WeasyPrint tags them its own way, and the caller says so).

    Wraps weasyprint.pdf.tags._get_pdf_tag once per process; nothing else changes.
    """
    global _installed
    if _installed is not None:
        return _installed or None
    why = tagging_applicable()
    if why is not None:
        _installed = f"footnote calls and markers tagged as WeasyPrint does: {why}"
        return _installed
    from weasyprint.pdf import tags

    original = tags._get_pdf_tag

    @functools.wraps(original)
    def pdf_tag(tag: str | None) -> str:
        if tag is not None and tag.endswith("::footnote-call"):
            return "Reference"
        if tag is not None and tag.endswith("::footnote-marker"):
            return "Lbl"
        return str(original(tag))

    tags._get_pdf_tag = pdf_tag
    _installed = ""
    return None


# --- the structure tree ---------------------------------------------------------------------

Key = tuple[int, int]


def is_elem(obj: object) -> bool:
    """True for a structure element (a dictionary with /S), not an MCID, MCR or OBJR."""
    return isinstance(obj, Dictionary) and "/S" in obj


def kids(elem: pikepdf.Object) -> list[pikepdf.Object]:
    """The /K of a structure element as a list (absent: empty, single: one)."""
    k = elem.get("/K")
    if k is None:
        return []
    if isinstance(k, Array):
        return list(k)
    return [k]


class Tree:
    """The structure tree's tags and kids, each element's read from the PDF once, and written
    through: the passes read them about a dozen times, and each read through pikepdf makes new
    Python objects.

    An element is known by its objgen (a direct one, which WeasyPrint does not write, is read
    every time); the kids read are kept, so what each kid is (element, MCR, OBJR) is read once.
    Every change to a /K or /S goes through set_kids, set_tag or new_elem. A walk is kept until
    set_kids changes the elements an element holds (most passes change tags, attributes or
    marked content only: the walks after them are the same).
    """

    def __init__(self, pdf: Pdf) -> None:
        self.pdf = pdf
        self._tags: dict[Key, str] = {}
        self._kids: dict[Key, tuple[list[pikepdf.Object], list[pikepdf.Object]]] = {}
        # by id() of each object looked at: the object (kept, so the id stays its own), its
        # objgen and whether it is an element; and its /Type, once asked
        self._known: dict[int, tuple[object, Key, bool]] = {}
        self._types: dict[int, str | None] = {}
        self._walks: dict[Key, list[pikepdf.Object]] = {}

    def _learn(self, obj: object) -> tuple[object, Key, bool]:
        info: tuple[object, Key, bool]
        if isinstance(obj, Dictionary):
            info = (obj, obj.objgen, is_elem(obj))
        else:
            info = (obj, (0, 0), False)
        self._known[id(obj)] = info
        return info

    def _key(self, obj: object) -> Key:
        return (self._known.get(id(obj)) or self._learn(obj))[1]

    def is_elem(self, obj: object) -> bool:
        """True for a structure element (see is_elem)."""
        if isinstance(obj, int):
            return False
        return (self._known.get(id(obj)) or self._learn(obj))[2]

    def same(self, a: pikepdf.Object, b: pikepdf.Object) -> bool:
        """True when both are the one (indirect) object."""
        return self._key(a) == self._key(b)

    def type_of(self, obj: object) -> str | None:
        """The /Type of a dictionary that is no element (/MCR, /OBJR), else None (an element is
        neither: its /Type is not read)."""
        if isinstance(obj, int) or self.is_elem(obj):
            return None
        if id(obj) not in self._types:  # known (and kept) by its id: is_elem learnt it
            kind = obj.get("/Type") if isinstance(obj, Dictionary) else None
            self._types[id(obj)] = str(kind) if isinstance(kind, Name) else None
        return self._types[id(obj)]

    def tag(self, elem: pikepdf.Object) -> str:
        """The element's /S."""
        key = (self._known.get(id(elem)) or self._learn(elem))[1]  # _key, inlined: often called
        tag = self._tags.get(key)
        if tag is None:
            tag = str(elem.get("/S"))  # (faster than elem.S)
            if key[0]:
                self._tags[key] = tag
        return tag

    def tag_of(self, obj: pikepdf.Object) -> str:
        """The /S of a dictionary that may have none (the tree's root): then ''."""
        return self.tag(obj) if self.is_elem(obj) else str(obj.get("/S", ""))

    def _read(self, elem: pikepdf.Object) -> tuple[list[pikepdf.Object], list[pikepdf.Object]]:
        key = (self._known.get(id(elem)) or self._learn(elem))[1]
        got = self._kids.get(key)
        if got is None:
            items = kids(elem)
            got = (items, [k for k in items if self.is_elem(k)])
            if key[0]:
                self._kids[key] = got
        return got

    def kids(self, elem: pikepdf.Object) -> list[pikepdf.Object]:
        """The /K of a structure element as a list (a new one: see kids)."""
        return list(self._read(elem)[0])

    def elem_kids(self, elem: pikepdf.Object) -> list[pikepdf.Object]:
        """The structure elements among its kids."""
        return list(self._read(elem)[1])

    def set_kids(self, elem: pikepdf.Object, items: list[pikepdf.Object]) -> None:
        before = [self._key(k) for k in self._read(elem)[1]]
        elem.K = Array(items)
        elems = [item for item in items if self.is_elem(item)]
        for item in elems:
            item.P = elem
        after = [self._key(k) for k in elems]
        if before != after or (0, 0) in after:  # (a direct element is no one object)
            self._walks.clear()
        key = self._key(elem)
        if key[0]:
            self._kids[key] = (list(items), elems)

    def set_tag(self, elem: pikepdf.Object, tag: str) -> None:
        elem.S = Name(tag)
        key = self._key(elem)
        if key[0]:
            self._tags[key] = tag

    def walk(self, elem: pikepdf.Object) -> list[pikepdf.Object]:
        """The element and every structure element under it, in document (reading) order."""
        key = self._key(elem)
        if key in self._walks:
            return list(self._walks[key])
        out = []
        stack = [elem]
        while stack:
            here = stack.pop()
            out.append(here)
            stack.extend(reversed(self._read(here)[1]))
        if key[0]:
            self._walks[key] = out
        return list(out)

    def walk_with_kids(
        self, elem: pikepdf.Object
    ) -> list[tuple[pikepdf.Object, list[pikepdf.Object]]]:
        """Each element of walk(elem) with its kids: for reading, or for changing only the /K of
        the element given (the list is made before the first change; the kids not to be
        changed)."""
        return [(here, self._read(here)[0]) for here in self.walk(elem)]

    def new_elem(
        self, tag: str, parent: pikepdf.Object, items: list[pikepdf.Object]
    ) -> pikepdf.Object:
        """A new structure element under `parent` holding `items` (no bare MCIDs: see _mcrs)."""
        elem = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name(tag), P=parent, K=Array())
        )
        if "/Pg" in parent:
            elem.Pg = parent.Pg
        self.set_kids(elem, items)
        return elem


def _mcrs(items: list[pikepdf.Object], owner: pikepdf.Object) -> list[pikepdf.Object]:
    """Bare MCIDs moved away from `owner` become MCR dictionaries naming owner's page."""
    out = []
    for item in items:
        if isinstance(item, int) and "/Pg" in owner:
            out.append(Dictionary(Type=Name.MCR, Pg=owner.Pg, MCID=item))
        else:
            out.append(item)
    return out


def fix_lists(t: Tree, root: pikepdf.Object) -> int:
    """L holds LI, L or Caption; LI holds Lbl and LBody; LI, Lbl and LBody appear nowhere else.

    Returns the number of elements changed.
    """
    changed = 0
    for elem in t.walk(root):
        tag = t.tag(elem)
        if tag == "/L":
            items: list[pikepdf.Object] = []
            for k in t.kids(elem):
                if t.is_elem(k) and t.tag(k) in LIST_KIDS:
                    items.append(k)
                elif t.is_elem(k) and any(t.tag(g) == "/LI" for g in t.elem_kids(k)):
                    # a group of items (a description list's <div>: dt and dd): one item whose
                    # first part is its label and the rest its body
                    parts: list[pikepdf.Object] = []
                    for g in t.kids(k):
                        if t.is_elem(g) and t.tag(g) == "/LI":
                            parts.extend(_mcrs(t.kids(g), g))
                        else:
                            parts.extend(_mcrs([g], k))
                    t.set_tag(k, "/LI")
                    t.set_kids(k, parts)
                    items.append(k)
                    changed += 1
                elif isinstance(k, int) or t.is_elem(k):
                    body = t.new_elem("/LBody", elem, _mcrs([k], elem))
                    items.append(t.new_elem("/LI", elem, [body]))
                    changed += 1
                else:
                    items.append(k)
            t.set_kids(elem, items)
    for elem in t.walk(root):
        if t.tag(elem) != "/LI":
            continue
        parent_tag = t.tag_of(elem.P) if "/P" in elem else ""
        if parent_tag != "/L":
            t.set_tag(elem, "/Div")
            changed += 1
            continue
        out: list[pikepdf.Object] = []
        lbody: pikepdf.Object | None = None
        parts = t.kids(elem)
        lbody_count = sum(1 for k in parts if t.is_elem(k) and t.tag(k) == "/LBody")
        has_lbl = any(t.is_elem(k) and t.tag(k) == "/Lbl" for k in parts)
        for k in parts:
            if t.is_elem(k) and t.tag(k) in ITEM_KIDS:
                if t.tag(k) == "/LBody" and lbody_count > 1 and not has_lbl and not out:
                    t.set_tag(k, "/Lbl")  # a description list's term labels its description
                    has_lbl = True
                    changed += 1
                elif t.tag(k) == "/LBody" and lbody is not None:
                    lbody_kids = t.kids(lbody) + _mcrs(t.kids(k), k)
                    t.set_kids(lbody, lbody_kids)
                    t.set_kids(k, [])
                    changed += 1
                    continue
                elif t.tag(k) == "/LBody":
                    lbody = k
                out.append(k)
            else:
                if lbody is None:
                    lbody = t.new_elem("/LBody", elem, [])
                    out.append(lbody)
                t.set_kids(lbody, t.kids(lbody) + _mcrs([k], elem))
                changed += 1
        t.set_kids(elem, out)
    for elem in t.walk(root):
        tag = t.tag(elem)
        if tag not in ITEM_KIDS:
            continue  # the tag first: the parent's is read for list parts only
        parent_tag = t.tag_of(elem.P)
        if parent_tag != "/LI" and (tag, parent_tag) != ("/Lbl", "/Note"):
            t.set_tag(elem, "/Span" if tag == "/Lbl" else "/Div")
            changed += 1
    return changed


def _note_label(t: Tree, elem: pikepdf.Object) -> bool:
    """True for a footnote body (or its first fragment): a span whose first child is a /Lbl."""
    if t.tag(elem) not in ("/Span", "/NonStruct"):
        return False
    elems = t.elem_kids(elem)
    return bool(elems) and t.tag(elems[0]) == "/Lbl"


def _join_fragments(t: Tree, elems: list[pikepdf.Object]) -> list[pikepdf.Object]:
    """The footnote bodies, each one element: WeasyPrint makes one per line of a note.

    A fragment holding only the label (the marker broke over a line) joins the body that
    follows; the fragments after a body that carry no label (its further lines) join it.
    `elems`: the walk of the tree.
    """
    bodies: list[pikepdf.Object] = []
    for parent in elems:
        if not any(_note_label(t, k) for k in t.elem_kids(parent)):
            continue
        items = t.kids(parent)
        out: list[pikepdf.Object] = []
        current = None
        for k in items:
            if t.is_elem(k) and _note_label(t, k):
                if current is not None and all(
                    t.is_elem(c) and t.tag(c) == "/Lbl" for c in t.kids(current)
                ):
                    t.set_kids(current, t.kids(current) + _mcrs(t.kids(k), k))
                    continue
                current = k
                bodies.append(k)
            elif current is not None and t.is_elem(k) and t.tag(k) in ("/Span", "/NonStruct"):
                t.set_kids(current, t.kids(current) + _mcrs(t.kids(k), k))
                continue
            else:
                current = None
            out.append(k)
        t.set_kids(parent, out)
    return bodies


def fix_notes(t: Tree, root: pikepdf.Object, numbers: list[str]) -> int:
    """Each page footnote a /Note with an /ID, moved right after its call (/Reference).

    Calls and bodies are paired in document order when their counts agree with the HTML's
    notes; otherwise the notes keep their place at the page foot and still get an /ID.
    """
    elems = t.walk(root)
    calls = [e for e in elems if t.tag(e) == "/Reference"]
    bodies = _join_fragments(t, elems)
    paired = len(calls) == len(bodies) == len(numbers)
    for i, body in enumerate(bodies):
        t.set_tag(body, "/Note")
        body.ID = String(f"note-{numbers[i]}" if paired else f"footnote-{i + 1}")
    if not paired:
        return len(bodies)
    for call, body in zip(calls, bodies, strict=True):
        old = body.P
        t.set_kids(old, [k for k in t.kids(old) if not (t.is_elem(k) and t.same(k, body))])
        parent = call.P
        items = t.kids(parent)
        at = next(i for i, k in enumerate(items) if t.is_elem(k) and t.same(k, call))
        items.insert(at + 1, body)
        t.set_kids(parent, items)
    # footnote areas left empty
    for elem, items in t.walk_with_kids(root):
        if any(t.tag(k) == "/NonStruct" and not t.kids(k) for k in t.elem_kids(elem)):
            keep = [
                k
                for k in items
                if not (t.is_elem(k) and t.tag(k) == "/NonStruct" and not t.kids(k))
            ]
            t.set_kids(elem, keep)
    return len(bodies)


def fix_endnotes(t: Tree, root: pikepdf.Object, ids: list[str]) -> int:
    """The items of the printed notes list (endnotes) each hold a /Note with its id (note-N),
    which the calls' links point to.

    WeasyPrint makes one list per page: the notes list is the trailing run of lists whose items
    (an LI with a label; one without is the rest of the item before, broken over a page) number
    as many as the notes.
    """
    if not ids:
        return 0

    def labelled(item: pikepdf.Object) -> bool:
        return any(t.is_elem(k) and t.tag(k) == "/Lbl" for k in t.kids(item))

    lists = [e for e in t.walk(root) if t.tag(e) == "/L"]
    run: list[pikepdf.Object] = []
    count = 0
    for lst in reversed(lists):
        count += sum(1 for k in t.kids(lst) if t.is_elem(k) and t.tag(k) == "/LI" and labelled(k))
        run.insert(0, lst)
        if count >= len(ids):
            break
    if count != len(ids):
        return 0
    notes: list[pikepdf.Object] = []
    for lst in run:
        for item in [k for k in t.kids(lst) if t.is_elem(k) and t.tag(k) == "/LI"]:
            body = next((k for k in t.kids(item) if t.is_elem(k) and t.tag(k) == "/LBody"), None)
            if body is None:
                continue
            if labelled(item) or not notes:
                note = t.new_elem("/Note", body, _mcrs(t.kids(body), body))
                note.ID = String(
                    ids[len(notes)] if len(notes) < len(ids) else f"endnote-{len(notes)}"
                )
                t.set_kids(body, [note])
                notes.append(note)
            else:  # the rest of the note before: into it, and the fragment out of the list
                t.set_kids(notes[-1], t.kids(notes[-1]) + _mcrs(t.kids(body), body))
                t.set_kids(lst, [k for k in t.kids(lst) if not (t.is_elem(k) and t.same(k, item))])
    return len(notes)


def fix_figures(t: Tree, root: pikepdf.Object, alts: dict[str, str]) -> None:
    """A chart's /Alt: its title and the data of its <desc>."""
    for elem in t.walk(root):
        if t.tag(elem) == "/Figure" and "/Alt" in elem:
            full = alts.get(str(elem.Alt))
            if full:
                elem.Alt = String(full)


def _target(annot: pikepdf.Object) -> str | None:
    if "/Dest" in annot and isinstance(annot.Dest, String):
        return "#" + str(annot.Dest)
    if "/A" in annot and "/URI" in annot.A:
        return str(annot.A.URI)
    return None


def _inside(inner: list[float], outer: list[float]) -> bool:
    tol = 0.5
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def _rect(annot: pikepdf.Object) -> list[float]:
    x1, y1, x2, y2 = (float(v) for v in annot.Rect)
    return [min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)]


def drop_nested_links(t: Tree, root: pikepdf.Object) -> int:
    """Link annotations inside another of the same link on the same page are dropped.

    WeasyPrint gives an annotation to a link's box and again to each inline box and pseudo
    element in it (a contents entry: three or four, one of them in no Link element).
    """
    dropped: set[tuple[int, int]] = set()
    for page in t.pdf.pages:
        annots = list(page.obj.get("/Annots", []))
        links = [a for a in annots if a.get("/Subtype") == Name.Link]
        for a in links:
            ra, ta = _rect(a), _target(a)
            for b in links:
                if b.objgen == a.objgen or b.objgen in dropped or _target(b) != ta:
                    continue
                rb = _rect(b)
                if _inside(ra, rb) and (ra != rb or annots.index(b) < annots.index(a)):
                    dropped.add(a.objgen)
                    break
        if any(a.objgen in dropped for a in annots):
            page.obj.Annots = Array([a for a in annots if a.objgen not in dropped])
    for elem, items in t.walk_with_kids(root):
        keep = [k for k in items if not (t.type_of(k) == "/OBJR" and k.Obj.objgen in dropped)]
        if len(keep) != len(items):
            t.set_kids(elem, keep)
        if t.tag(elem) == "/Link" and not any(t.type_of(k) == "/OBJR" for k in keep):
            t.set_tag(elem, "/Span")  # words of a link whose annotation is elsewhere (or none)
    return len(dropped)


def fix_links(pdf: Pdf, links: dict[str, str]) -> int:
    """Each link annotation described in words (WeasyPrint: the id of its target)."""
    count = 0
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != Name.Link:
                continue
            count += 1
            target = _target(annot)
            words = links.get(target or "", "") if target else ""
            if not words and target and target.startswith("#"):
                words = "Go to " + target[1:].replace("-", " ")
            elif not words and target:
                words = target
            if target and not target.startswith("#") and words != target:
                words = f"{words} ({target})"
            annot.Contents = String(words or "Link")
        if "/Annots" in page.obj:
            page.obj.Tabs = Name.S
    return count


def rebuild_parent_tree(t: Tree, doc: pikepdf.Object) -> dict[tuple[int, int], set[int]]:
    """The parent tree from what the structure tree holds; the MCIDs it holds, by page."""
    pdf = t.pdf
    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    held: dict[int, dict[int, pikepdf.Object]] = {i: {} for i in range(len(pages))}
    annots: list[tuple[pikepdf.Object, pikepdf.Object]] = []
    for elem, items in t.walk_with_kids(doc):
        if all(t.is_elem(k) for k in items):
            continue  # its page is read for the content it holds
        page = pages.get(elem.Pg.objgen) if "/Pg" in elem else None
        for k in items:
            if isinstance(k, int) and page is not None:
                held[page][int(k)] = elem
            elif t.type_of(k) == "/MCR":
                p = pages.get(k.Pg.objgen) if "/Pg" in k else page
                if p is not None:
                    held[p][int(k.MCID)] = elem
            elif t.type_of(k) == "/OBJR":
                annots.append((k.Obj, elem))
    nums = Array()
    null = pikepdf.Object.parse(b"null")  # (made once: get's default is made for every MCID)
    for i, pg in enumerate(pdf.pages):
        pg.obj.StructParents = i
        by_mcid = held[i]
        top = max(by_mcid, default=-1)
        nums.append(i)
        nums.append(Array([by_mcid.get(m, null) for m in range(top + 1)]))
    key = len(pdf.pages)
    for annot, elem in annots:
        annot.StructParent = key
        nums.append(key)
        nums.append(elem)
        key += 1
    root = pdf.Root.StructTreeRoot
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = key
    return {pg.obj.objgen: set(held[i]) for i, pg in enumerate(pdf.pages)}


# A marked-content start as pydyf writes it (WeasyPrint): one token a line. Searched without
# the ^ of its first line (a search anchored so tries every byte: seven times slower), and each
# match taken where a line starts: a match holds no other line starting with "/", so the
# matches found so are those the anchored search finds.
MARKED = re.compile(rb"/[^\s/<>\[\]()%{}]+\n<</MCID (\d+)>>\nBDC$", re.MULTILINE)
PAGINATION = b"/Artifact\n<</Type /Pagination>>\nBDC"
# the start of an /ActualText span textlayer.py puts inside marked content (its text in hex)
ACTUAL_TEXT = b"\n<</ActualText <"


def _plain_stream(data: bytes) -> bool:
    """True for content in which a marked-content start can only be a real one: no literal
    string, comment or inline image (whose bytes could look like one), as pydyf writes it."""
    if b"(" in data or b"%" in data:
        return False
    # a line "BI" (as re.search(rb"(?m)^BI$") finds it, much faster)
    return not (
        data == b"BI" or data.startswith(b"BI\n") or data.endswith(b"\nBI") or b"\nBI\n" in data
    )


def _artifacts_in_bytes(page: pikepdf.Page, keep: set[int]) -> tuple[bytes, int] | None:
    """The page's content with each marked-content start whose MCID the tree does not hold
    made an artifact, edited in its bytes; None when the content is not as pydyf writes it
    (then the instructions are parsed instead)."""
    contents = page.obj.get("/Contents")
    if not isinstance(contents, pikepdf.Stream):
        return None
    data = contents.read_bytes()
    if not _plain_stream(data):
        return None
    starts = [m for m in MARKED.finditer(data) if m.start() == 0 or data[m.start() - 1] == 10]
    if len(starts) + data.count(ACTUAL_TEXT) != data.count(b"BDC"):
        return None  # a BDC written otherwise (or the letters elsewhere: parse to be sure)
    out, at, count = [], 0, 0
    for match in starts:
        if int(match.group(1)) not in keep:
            out += [data[at : match.start()], PAGINATION]
            at = match.end()
            count += 1
    if not count:
        return data, 0
    out.append(data[at:])
    return b"".join(out), count


def artifacts(pdf: Pdf, held: dict[tuple[int, int], set[int]]) -> int:
    """Marked content that the structure tree does not hold becomes /Artifact (pagination).

    WeasyPrint's content (one token a line, no literal strings) is edited in its bytes: a
    page has tens of thousands of instructions, and parsing them all into Python objects and
    writing them back took most of this step's time. Other content is parsed, and only the
    instructions that change are made anew.
    """
    count = 0
    for page in pdf.pages:
        keep = held[page.obj.objgen]
        edited = _artifacts_in_bytes(page, keep)
        if edited is not None:
            if edited[1]:
                page.obj.Contents = pdf.make_stream(edited[0])
                count += edited[1]
            continue
        ops = pikepdf.parse_content_stream(page)
        changed = False
        for at, instruction in enumerate(ops):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            op = instruction.operator
            if op != BDC:
                continue
            operands = instruction.operands
            if len(operands) == 2 and isinstance(operands[1], Dictionary):
                mcid = operands[1].get("/MCID")
                if mcid is not None and int(mcid) not in keep:
                    artifact = [Name.Artifact, Dictionary(Type=Name.Pagination)]
                    ops[at] = pikepdf.ContentStreamInstruction(artifact, op)
                    changed = True
                    count += 1
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
    return count


def id_tree(t: Tree, doc: pikepdf.Object) -> int:
    """The /IDTree resolving every element /ID (table headers, notes); dangling /Headers dropped."""
    ids: dict[bytes, pikepdf.Object] = {}
    elems = t.walk(doc)  # the loops change attributes only: one walk for both
    for elem in elems:
        if "/ID" in elem:
            ids.setdefault(bytes(elem.ID), elem)
    for elem in elems:
        attrs = elem.A if "/A" in elem else None  # (get: slower when there is none)
        if isinstance(attrs, Dictionary) and "/Headers" in attrs:
            attrs.Headers = Array([h for h in attrs.Headers if bytes(h) in ids])
        if t.tag(elem) == "/TH" and isinstance(attrs, Dictionary) and "/Scope" not in attrs:
            # a header in the table head heads its column; one in a body row heads its row
            row = elem.get("/P")
            group = row.get("/P") if row is not None else None
            head = group is not None and str(group.get("/S")) == "/THead"
            attrs.Scope = Name.Column if head else Name.Row
    names = Array()
    for key in sorted(ids):
        names.append(String(key))
        names.append(ids[key])
    t.pdf.Root.StructTreeRoot.IDTree = t.pdf.make_indirect(Dictionary(Names=names))
    return len(ids)


def plain_bookmarks(pdf: Pdf) -> int:
    """Bookmark titles without zero-width spaces (line-break marks, not text); how many changed."""
    changed = 0
    stack = [pdf.Root.Outlines.get("/First")] if "/Outlines" in pdf.Root else []
    while stack:
        item = stack.pop()
        if item is None:
            continue
        title = str(item.get("/Title", ""))
        if "\u200b" in title:
            item.Title = String(title.replace("\u200b", ""))
            changed += 1
        stack += [item.get("/Next"), item.get("/First")]
    return changed


def claim_pdfua(pdf: Pdf) -> None:
    """A PDF/A file tagged as this one is also claims PDF/UA-1 in its XMP (with the schema)."""
    meta = pdf.Root.get("/Metadata")
    if meta is None:
        return
    xmp = meta.read_bytes()
    if b"pdfuaid:part" in xmp or b"</rdf:RDF>" not in xmp:
        return
    xmp = xmp.replace(b"</rdf:RDF>", PDFUA_XMP + b"</rdf:RDF>", 1)
    meta.write(xmp)  # uncompressed, as PDF/A-1 wants it and every other part allows


@dataclass(frozen=True)
class Report:
    """What finish() did: notes tagged, links described, artifacts made, ids resolved."""

    notes: int
    links: int
    artifacts: int
    ids: int
    lists: int


def finish(
    data: bytes, facts: HtmlFacts, variant: str, identifier: bytes | None = None
) -> tuple[bytes, Report]:
    """The PDF completed for PDF/UA (and the PDF/A part `variant` names), and what was done.

    `identifier`: the first part of the file's /ID (the second is a digest of the content,
    made when the file is written). Given here rather than to WeasyPrint, which would compress
    every stream a second time to digest them, for an /ID that is replaced on saving anyway.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if identifier is not None:
            pdf.trailer.ID = Array([String(identifier), String(identifier)])
        renamed = plain_bookmarks(pdf)
        if tree is None and identifier is None and not renamed:
            return data, Report(0, 0, 0, 0, 0)
        if tree is None:  # (nothing to finish but the identifier and the bookmarks)
            out = io.BytesIO()
            save(pdf, out)
            return out.getvalue(), Report(0, 0, 0, 0, 0)
        doc = kids(tree)[0]
        t = Tree(pdf)
        notes = fix_notes(t, doc, facts.notes)  # first: a note's label is no list's
        lists = fix_lists(t, doc)
        notes += fix_endnotes(t, doc, facts.endnotes)
        fix_figures(t, doc, facts.alts)
        drop_nested_links(t, doc)
        links = fix_links(pdf, facts.links)
        held = rebuild_parent_tree(t, doc)
        made = artifacts(pdf, held)
        ids = id_tree(t, doc)
        if variant.startswith("pdf/a"):
            claim_pdfua(pdf)
        out = io.BytesIO()
        save(pdf, out)
    return out.getvalue(), Report(notes, links, made, ids, lists)


def save(pdf: Pdf, out: io.BytesIO) -> None:
    """Write the file with its small objects (the structure tree's thousands of elements)
    packed into compressed object streams. PDF/UA-1 and the PDF/A-2 and -3 parts offered
    allow them (only PDF/A-1 does not); qpdf leaves the XMP metadata stream uncompressed."""
    pdf.save(
        out,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        compress_streams=True,
    )
