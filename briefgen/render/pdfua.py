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
- a chart's /Alt that is only its title: here the title and the data its <desc> gives.

Everything is deterministic: the same PDF in gives the same bytes out.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

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
    b"<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">"
    b"<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    b"<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">"
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
        elif tag == "li" and self.aside and self.endnotes and (a.get("id") or "").startswith("note-"):
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


_installed = False


def install() -> None:
    """Tag footnote calls as /Reference and footnote markers as /Lbl (WeasyPrint: NonStruct).

    Wraps weasyprint.pdf.tags._get_pdf_tag once per process; nothing else changes.
    """
    global _installed
    if _installed:
        return
    from weasyprint.pdf import tags

    original = tags._get_pdf_tag

    def pdf_tag(tag: str | None) -> str:
        if tag is not None and tag.endswith("::footnote-call"):
            return "Reference"
        if tag is not None and tag.endswith("::footnote-marker"):
            return "Lbl"
        return str(original(tag))

    tags._get_pdf_tag = pdf_tag
    _installed = True


# --- the structure tree ---------------------------------------------------------------------


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


def set_kids(elem: pikepdf.Object, items: list[pikepdf.Object]) -> None:
    elem.K = Array(items)
    for item in items:
        if is_elem(item):
            item.P = elem


def walk(elem: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """The element and every structure element under it, in document (reading) order.

    Iterative: a recursive generator passes every element up through one generator per level.
    An element's kids are read when the walk reaches it, as the recursive walk did.
    """
    stack = [elem]
    while stack:
        here = stack.pop()
        yield here
        stack.extend(reversed([k for k in kids(here) if is_elem(k)]))


def walk_with_kids(elem: pikepdf.Object) -> Iterator[tuple[pikepdf.Object, list[pikepdf.Object]]]:
    """Each element of walk(elem) with its kids, each element's kids read once, before it is
    given: for reading, or for changing only the /K of the element given, in a list made
    before the first change."""
    stack = [elem]
    while stack:
        here = stack.pop()
        items = kids(here)
        yield here, items
        stack.extend(reversed([k for k in items if is_elem(k)]))


def new_elem(
    pdf: Pdf, tag: str, parent: pikepdf.Object, items: list[pikepdf.Object]
) -> pikepdf.Object:
    """A new structure element under `parent` holding `items` (no bare MCIDs: see _mcrs)."""
    elem = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name(tag), P=parent, K=Array()))
    if "/Pg" in parent:
        elem.Pg = parent.Pg
    set_kids(elem, items)
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


def fix_lists(pdf: Pdf, root: pikepdf.Object) -> int:
    """L holds LI, L or Caption; LI holds Lbl and LBody; LI, Lbl and LBody appear nowhere else.

    Returns the number of elements changed.
    """
    changed = 0
    for elem in list(walk(root)):
        tag = str(elem.S)
        if tag == "/L":
            items: list[pikepdf.Object] = []
            for k in kids(elem):
                if is_elem(k) and str(k.S) in LIST_KIDS:
                    items.append(k)
                elif is_elem(k) and any(is_elem(g) and str(g.S) == "/LI" for g in kids(k)):
                    # a group of items (a description list's <div>: dt and dd): one item whose
                    # first part is its label and the rest its body
                    parts: list[pikepdf.Object] = []
                    for g in kids(k):
                        if is_elem(g) and str(g.S) == "/LI":
                            parts.extend(_mcrs(kids(g), g))
                        else:
                            parts.extend(_mcrs([g], k))
                    k.S = Name.LI
                    set_kids(k, parts)
                    items.append(k)
                    changed += 1
                elif isinstance(k, int) or is_elem(k):
                    body = new_elem(pdf, "/LBody", elem, _mcrs([k], elem))
                    items.append(new_elem(pdf, "/LI", elem, [body]))
                    changed += 1
                else:
                    items.append(k)
            set_kids(elem, items)
    for elem in list(walk(root)):
        if str(elem.S) != "/LI":
            continue
        parent_tag = str(elem.P.get("/S", "")) if "/P" in elem else ""
        if parent_tag != "/L":
            elem.S = Name.Div
            changed += 1
            continue
        out: list[pikepdf.Object] = []
        lbody: pikepdf.Object | None = None
        parts = kids(elem)
        lbody_count = sum(1 for k in parts if is_elem(k) and str(k.S) == "/LBody")
        has_lbl = any(is_elem(k) and str(k.S) == "/Lbl" for k in parts)
        for k in parts:
            if is_elem(k) and str(k.S) in ITEM_KIDS:
                if str(k.S) == "/LBody" and lbody_count > 1 and not has_lbl and not out:
                    k.S = Name.Lbl  # a description list's term labels its description
                    has_lbl = True
                    changed += 1
                elif str(k.S) == "/LBody" and lbody is not None:
                    lbody_kids = kids(lbody) + _mcrs(kids(k), k)
                    set_kids(lbody, lbody_kids)
                    k.K = Array()
                    changed += 1
                    continue
                elif str(k.S) == "/LBody":
                    lbody = k
                out.append(k)
            else:
                if lbody is None:
                    lbody = new_elem(pdf, "/LBody", elem, [])
                    out.append(lbody)
                set_kids(lbody, kids(lbody) + _mcrs([k], elem))
                changed += 1
        set_kids(elem, out)
    for elem in list(walk(root)):
        if str(elem.S) not in ITEM_KIDS:
            continue  # the tag first: the parent's is read for list parts only
        parent_tag = str(elem.P.get("/S", ""))
        if parent_tag != "/LI" and (elem.S, parent_tag) != (Name.Lbl, "/Note"):
            elem.S = Name.Span if str(elem.S) == "/Lbl" else Name.Div
            changed += 1
    return changed


def _note_label(elem: pikepdf.Object) -> bool:
    """True for a footnote body (or its first fragment): a span whose first child is a /Lbl."""
    if str(elem.S) not in ("/Span", "/NonStruct"):
        return False  # the tag first: most elements' kids are then never read
    first = next((k for k in kids(elem) if is_elem(k)), None)
    return first is not None and str(first.S) == "/Lbl"


def _join_fragments(root: pikepdf.Object) -> list[pikepdf.Object]:
    """The footnote bodies, each one element: WeasyPrint makes one per line of a note.

    A fragment holding only the label (the marker broke over a line) joins the body that
    follows; the fragments after a body that carry no label (its further lines) join it.
    """
    bodies: list[pikepdf.Object] = []
    for parent in list(walk(root)):
        items = kids(parent)
        if not any(is_elem(k) and _note_label(k) for k in items):
            continue
        out: list[pikepdf.Object] = []
        current = None
        for k in items:
            if is_elem(k) and _note_label(k):
                if current is not None and all(
                    is_elem(c) and str(c.S) == "/Lbl" for c in kids(current)
                ):
                    set_kids(current, kids(current) + _mcrs(kids(k), k))
                    continue
                current = k
                bodies.append(k)
            elif current is not None and is_elem(k) and str(k.S) in ("/Span", "/NonStruct"):
                set_kids(current, kids(current) + _mcrs(kids(k), k))
                continue
            else:
                current = None
            out.append(k)
        set_kids(parent, out)
    return bodies


def fix_notes(pdf: Pdf, root: pikepdf.Object, numbers: list[str]) -> int:
    """Each page footnote a /Note with an /ID, moved right after its call (/Reference).

    Calls and bodies are paired in document order when their counts agree with the HTML's
    notes; otherwise the notes keep their place at the page foot and still get an /ID.
    """
    calls = [e for e in walk(root) if str(e.S) == "/Reference"]
    bodies = _join_fragments(root)
    paired = len(calls) == len(bodies) == len(numbers)
    for i, body in enumerate(bodies):
        body.S = Name.Note
        body.ID = String(f"note-{numbers[i]}" if paired else f"footnote-{i + 1}")
    if not paired:
        return len(bodies)
    for call, body in zip(calls, bodies, strict=True):
        old = body.P
        set_kids(old, [k for k in kids(old) if not (is_elem(k) and k.objgen == body.objgen)])
        parent = call.P
        items = kids(parent)
        at = next(i for i, k in enumerate(items) if is_elem(k) and k.objgen == call.objgen)
        items.insert(at + 1, body)
        set_kids(parent, items)
    # footnote areas left empty
    for elem, items in list(walk_with_kids(root)):
        keep = [k for k in items if not (is_elem(k) and str(k.S) == "/NonStruct" and not kids(k))]
        if len(keep) != len(items):
            set_kids(elem, keep)
    return len(bodies)


def fix_endnotes(pdf: Pdf, root: pikepdf.Object, ids: list[str]) -> int:
    """The items of the printed notes list (endnotes) each hold a /Note with its id (note-N),
    which the calls' links point to.

    WeasyPrint makes one list per page: the notes list is the trailing run of lists whose items
    (an LI with a label; one without is the rest of the item before, broken over a page) number
    as many as the notes.
    """
    if not ids:
        return 0

    def labelled(item: pikepdf.Object) -> bool:
        return any(is_elem(k) and str(k.S) == "/Lbl" for k in kids(item))

    lists = [e for e in walk(root) if str(e.S) == "/L"]
    run: list[pikepdf.Object] = []
    count = 0
    for lst in reversed(lists):
        count += sum(1 for k in kids(lst) if is_elem(k) and str(k.S) == "/LI" and labelled(k))
        run.insert(0, lst)
        if count >= len(ids):
            break
    if count != len(ids):
        return 0
    notes: list[pikepdf.Object] = []
    for lst in run:
        for item in [k for k in kids(lst) if is_elem(k) and str(k.S) == "/LI"]:
            body = next((k for k in kids(item) if is_elem(k) and str(k.S) == "/LBody"), None)
            if body is None:
                continue
            if labelled(item) or not notes:
                note = new_elem(pdf, "/Note", body, _mcrs(kids(body), body))
                note.ID = String(ids[len(notes)] if len(notes) < len(ids) else f"endnote-{len(notes)}")
                set_kids(body, [note])
                notes.append(note)
            else:  # the rest of the note before: into it, and the fragment out of the list
                set_kids(notes[-1], kids(notes[-1]) + _mcrs(kids(body), body))
                set_kids(lst, [k for k in kids(lst) if not (is_elem(k) and k.objgen == item.objgen)])
    return len(notes)


def fix_figures(root: pikepdf.Object, alts: dict[str, str]) -> None:
    """A chart's /Alt: its title and the data of its <desc>."""
    for elem in walk(root):
        if str(elem.S) == "/Figure" and "/Alt" in elem:
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


def drop_nested_links(pdf: Pdf, root: pikepdf.Object) -> int:
    """Link annotations inside another of the same link on the same page are dropped.

    WeasyPrint gives an annotation to a link's box and again to each inline box and pseudo
    element in it (a contents entry: three or four, one of them in no Link element).
    """
    dropped: set[tuple[int, int]] = set()
    for page in pdf.pages:
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
    for elem, items in list(walk_with_kids(root)):
        keep = [
            k
            for k in items
            if not (
                isinstance(k, Dictionary)
                and k.get("/Type") == Name.OBJR
                and k.Obj.objgen in dropped
            )
        ]
        if len(keep) != len(items):
            set_kids(elem, keep)
        if str(elem.S) == "/Link" and not any(
            isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR for k in keep
        ):
            elem.S = Name.Span  # words of a link whose annotation is elsewhere (or none)
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


def rebuild_parent_tree(pdf: Pdf, doc: pikepdf.Object) -> dict[tuple[int, int], set[int]]:
    """The parent tree from what the structure tree holds; the MCIDs it holds, by page."""
    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    held: dict[int, dict[int, pikepdf.Object]] = {i: {} for i in range(len(pages))}
    annots: list[tuple[pikepdf.Object, pikepdf.Object]] = []
    for elem, items in walk_with_kids(doc):
        page = pages.get(elem.Pg.objgen) if "/Pg" in elem else None
        for k in items:
            if isinstance(k, int) and page is not None:
                held[page][int(k)] = elem
            elif isinstance(k, Dictionary) and k.get("/Type") == Name.MCR:
                p = pages.get(k.Pg.objgen) if "/Pg" in k else page
                if p is not None:
                    held[p][int(k.MCID)] = elem
            elif isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR:
                annots.append((k.Obj, elem))
    nums = Array()
    for i, pg in enumerate(pdf.pages):
        pg.obj.StructParents = i
        by_mcid = held[i]
        top = max(by_mcid, default=-1)
        nums.append(i)
        nums.append(Array([by_mcid.get(m, pikepdf.Object.parse(b"null")) for m in range(top + 1)]))
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


# A marked-content start as pydyf writes it (WeasyPrint): one token a line.
MARKED = re.compile(rb"^/[^\s/<>\[\]()%{}]+\n<</MCID (\d+)>>\nBDC$", re.MULTILINE)
PAGINATION = b"/Artifact\n<</Type /Pagination>>\nBDC"


def _plain_stream(data: bytes) -> bool:
    """True for content in which a marked-content start can only be a real one: no literal
    string, comment or inline image (whose bytes could look like one), as pydyf writes it."""
    return b"(" not in data and b"%" not in data and re.search(rb"(?m)^BI$", data) is None


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
    starts = list(MARKED.finditer(data))
    if len(starts) != data.count(b"BDC"):
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


def id_tree(pdf: Pdf, doc: pikepdf.Object) -> int:
    """The /IDTree resolving every element /ID (table headers, notes); dangling /Headers dropped."""
    ids: dict[bytes, pikepdf.Object] = {}
    elems = list(walk(doc))  # the loops change attributes only: one walk for both
    for elem in elems:
        if "/ID" in elem:
            ids.setdefault(bytes(elem.ID), elem)
    for elem in elems:
        attrs = elem.get("/A")
        if isinstance(attrs, Dictionary) and "/Headers" in attrs:
            attrs.Headers = Array([h for h in attrs.Headers if bytes(h) in ids])
        if str(elem.S) == "/TH" and isinstance(attrs, Dictionary) and "/Scope" not in attrs:
            # a header in the table head heads its column; one in a body row heads its row
            row = elem.get("/P")
            group = row.get("/P") if row is not None else None
            head = group is not None and str(group.get("/S")) == "/THead"
            attrs.Scope = Name.Column if head else Name.Row
    names = Array()
    for key in sorted(ids):
        names.append(String(key))
        names.append(ids[key])
    pdf.Root.StructTreeRoot.IDTree = pdf.make_indirect(Dictionary(Names=names))
    return len(ids)


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
        if tree is None and identifier is None:
            return data, Report(0, 0, 0, 0, 0)
        if tree is None:
            out = io.BytesIO()
            pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
            return out.getvalue(), Report(0, 0, 0, 0, 0)
        doc = kids(tree)[0]
        notes = fix_notes(pdf, doc, facts.notes)  # first: a note's label is no list's
        lists = fix_lists(pdf, doc)
        notes += fix_endnotes(pdf, doc, facts.endnotes)
        fix_figures(doc, facts.alts)
        drop_nested_links(pdf, doc)
        links = fix_links(pdf, facts.links)
        held = rebuild_parent_tree(pdf, doc)
        made = artifacts(pdf, held)
        ids = id_tree(pdf, doc)
        if variant.startswith("pdf/a"):
            claim_pdfua(pdf)
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            compress_streams=True,
        )
    return out.getvalue(), Report(notes, links, made, ids, lists)
