"""Office Open XML packages read as untrusted data: bounded unzipping, safe XML, stripped parts.

A .docx is a zip of XML parts. One the tool did not make (a project's reference document) may
be a zip bomb, a sparse file, XML declaring entities, or a document carrying macros, field
codes that fetch or run things (DDEAUTO, INCLUDETEXT, INCLUDEPICTURE …) and relationships
to files or addresses outside itself. Here:
- `read_package` unzips within bounds checked before anything is inflated (parts, sizes,
  ratio, names), never an encrypted or oddly compressed entry;
- `parse_part` parses with lxml without entities, DTDs or network (a DOCTYPE is refused);
- `sanitise` removes macros, ActiveX and embedded objects, every relationship leading out of
  the package (and what uses it), and every field but those briefgen writes (ALLOWED_FIELDS),
  and says what it removed.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from briefgen.safeio import MIB

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
W = f"{{{W_NS}}}"
MAX_PARTS = 1000
MAX_PART_BYTES = 32 * MIB  # one part, inflated
MAX_TOTAL_BYTES = 64 * MIB  # every part, inflated
MAX_RATIO = 100  # inflated / compressed, for a part of more than RATIO_FROM bytes
RATIO_FROM = MIB
# the fields briefgen writes (the contents, page numbers) and those a reference's own header
# or contents may use to show them; any other (DDEAUTO, INCLUDETEXT, INCLUDEPICTURE, HYPERLINK,
# MACROBUTTON, …) is removed, its last shown result kept as plain text
ALLOWED_FIELDS = frozenset({"TOC", "PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "STYLEREF"})
# parts never kept: macros and their data, ActiveX controls, embedded objects, binary blobs
REMOVED_PARTS = re.compile(
    r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml|customizations\.xml|attachedToolbars\.bin)$"
    r"|^word/(?:activeX|embeddings)/|\.(?:bin|exe|dll|ocx|docm|xlsm|pptm)$",
    re.IGNORECASE,
)
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_TYPES = re.compile(r"macroEnabled|vbaProject|vbaData|activeX|oleObject", re.IGNORECASE)
# elements that pull in content from elsewhere or run something: removed wherever they are
REMOVED_ELEMENTS = ("attachedTemplate", "mailMerge", "subDoc", "altChunk", "object", "docVars")
DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
XML_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_pis=False,
)


class PackageRefused(ValueError):
    """A package (or one of its parts) that is not read: the message says why."""


def read_package(data: bytes) -> dict[str, bytes]:
    """The parts of a zip package by name, inflated within bounds checked first."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise PackageRefused("is not a Word document (not a zip package)") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise PackageRefused(f"has {len(infos)} parts; the limit is {MAX_PARTS}")
        total = 0
        names: set[str] = set()
        for info in infos:
            name = info.filename
            if not safe_name(name) or name.lower() in names:
                raise PackageRefused(f"has a part named {name[:80]!r}: refused")
            names.add(name.lower())
            if info.flag_bits & 0x1:
                raise PackageRefused(f"{name}: is encrypted")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise PackageRefused(f"{name}: uses an unusual compression ({info.compress_type})")
            if info.file_size > MAX_PART_BYTES:
                raise PackageRefused(
                    f"{name}: inflates to {info.file_size} bytes; the limit is {MAX_PART_BYTES}"
                )
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
                raise PackageRefused(
                    f"{name}: inflates {ratio:.0f} times (a zip bomb?); the limit is {MAX_RATIO}"
                )
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise PackageRefused(f"inflates to over {MAX_TOTAL_BYTES} bytes (a zip bomb?)")
        try:
            # each read stops at the size the directory declares, and checks the CRC
            return {info.filename: archive.read(info) for info in infos if not info.is_dir()}
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
            raise PackageRefused(f"is damaged: {exc}") from None


def safe_name(name: str) -> bool:
    """A part name that stays inside the package: relative, no '..', no backslash or NUL."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name or len(name) > 255:
        return False
    return ".." not in name.split("/")


def parse_part(data: bytes, name: str) -> etree._Element:
    """A part's XML, parsed without entities, DTDs or network; a DOCTYPE is refused."""
    if DOCTYPE.search(data):
        raise PackageRefused(f"{name}: declares a DOCTYPE (entities): refused")
    try:
        root = etree.fromstring(data, XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise PackageRefused(f"{name}: is not well-formed XML ({exc})") from None
    if root.getroottree().docinfo.doctype:
        raise PackageRefused(f"{name}: declares a DOCTYPE (entities): refused")
    return root


def to_bytes(root: etree._Element) -> bytes:
    """A part's XML as Word writes it: UTF-8 with a standalone declaration."""
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels")) or name == "[Content_Types].xml"


def rels_source(rels_name: str) -> str:
    """The part a relationships part belongs to: word/_rels/document.xml.rels → word/document.xml."""
    folder, _, file = rels_name.rpartition("_rels/")
    return folder + file.removesuffix(".rels")


def rels_name(part: str) -> str:
    """The relationships part of a part: word/document.xml → word/_rels/document.xml.rels."""
    folder, _, file = part.rpartition("/")
    return f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"


def target_part(source: str, target: str) -> str:
    """The package part a relationship's target names, from the part it belongs to."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def sanitise(files: dict[str, bytes]) -> list[str]:
    """Remove macros, external relationships and foreign fields from a package, in place;
    what was removed, one phrase each (nothing: an empty list). Every XML part is parsed:
    PackageRefused for one that is not well-formed XML 1.0."""
    removed: list[str] = []
    for name in [n for n in files if REMOVED_PARTS.search(n)]:
        del files[name]
        removed.append(f"{name} (macros, ActiveX or embedded objects)")
    dropped: dict[str, set[str]] = {}  # part → the ids of its relationships removed
    for name in [n for n in files if n.endswith(".rels")]:
        root = parse_part(files[name], name)
        source = rels_source(name)
        gone = set()
        for rel in list(root):
            target = rel.get("Target", "")
            external = rel.get("TargetMode", "").lower() == "external"
            missing = not external and target_part(source, target) not in files
            if external or missing or MACRO_TYPES.search(rel.get("Type", "")):
                root.remove(rel)
                gone.add(rel.get("Id", ""))
                if external:
                    removed.append(f"a link from {source} to {target[:80]}")
        if gone:
            dropped[source] = gone
            files[name] = to_bytes(root)
    for name in [n for n in files if is_xml(n) and not n.endswith(".rels")]:
        if name == "[Content_Types].xml":
            continue
        root = parse_part(files[name], name)
        notes = strip_part(root, dropped.get(name, set()))
        if notes:
            files[name] = to_bytes(root)
            removed += [f"{note} in {name}" for note in notes]
    if "[Content_Types].xml" in files:
        fix_content_types(files)
    return removed


def strip_part(root: etree._Element, gone: set[str]) -> list[str]:
    """Remove from one part what uses a removed relationship, foreign fields and elements
    that pull content in; what was removed."""
    notes: list[str] = []
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if any(k.startswith(f"{{{R_NS}}}") and v in gone for k, v in element.attrib.items()):
            if element.tag == f"{W}hyperlink":
                unwrap(element)
            else:
                drop(element)
            notes.append("a reference to a removed relationship")
    for local in REMOVED_ELEMENTS:
        for element in list(root.iter(f"{W}{local}")):
            drop(element)
            notes.append(f"w:{local}")
    notes += strip_fields(root)
    return notes


def drop(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def unwrap(element: etree._Element) -> None:
    """Replace an element by its children (a link's text stays, the link goes)."""
    parent = element.getparent()
    if parent is None:
        return
    at = parent.index(element)
    for child in list(element):
        parent.insert(at, child)
        at += 1
    parent.remove(element)


def field_name(instruction: str) -> str:
    """The field's name: its instruction's first word, upper case."""
    words = instruction.split()
    return words[0].upper() if words else ""


def strip_fields(root: etree._Element) -> list[str]:
    """Remove every field whose name is not in ALLOWED_FIELDS: its instruction and its field
    characters go, its last shown result stays as plain text. The names removed."""
    removed: list[str] = []
    for simple in list(root.iter(f"{W}fldSimple")):
        name = field_name(simple.get(f"{W}instr", ""))
        if name not in ALLOWED_FIELDS:
            unwrap(simple)
            removed.append(f"a {name or 'nameless'} field")
    stack: list[dict[str, list[etree._Element]]] = []
    for element in list(iter_field_parts(root)):
        local = etree.QName(element).localname
        if local == "fldChar":
            kind = element.get(f"{W}fldCharType")
            if kind == "begin":
                stack.append({"parts": [element], "instr": []})
            elif not stack:  # a separate or an end of no field
                drop(element)
            elif kind == "separate":
                stack[-1]["parts"].append(element)
            elif kind == "end":
                field = stack.pop()
                field["parts"].append(element)
                name = field_name("".join(i.text or "" for i in field["instr"]))
                if name not in ALLOWED_FIELDS:
                    for part in field["parts"] + field["instr"]:
                        drop(part)
                    removed.append(f"a {name or 'nameless'} field")
        elif not stack:  # an instruction outside any field
            drop(element)
            removed.append("a field instruction")
        else:
            stack[-1]["instr"].append(element)
    for field in stack:  # never ended: removed
        for part in field["parts"] + field["instr"]:
            drop(part)
        removed.append("an unfinished field")
    for data in list(root.iter(f"{W}fldData")):
        drop(data)
    return removed


def iter_field_parts(root: etree._Element) -> Iterator[etree._Element]:
    """Field characters and instructions in document order."""
    yield from root.iter(f"{W}fldChar", f"{W}instrText", f"{W}delInstrText")


def fix_content_types(files: dict[str, bytes]) -> None:
    """[Content_Types].xml without macro types (a .docm's main part becomes a .docx's) and
    without overrides for parts that are gone."""
    root = parse_part(files["[Content_Types].xml"], "[Content_Types].xml")
    for entry in list(root):
        kind = entry.get("ContentType", "")
        part = entry.get("PartName", "").lstrip("/")
        if entry.tag == f"{{{CT_NS}}}Override" and part not in files:
            root.remove(entry)
        elif MACRO_TYPES.search(kind):
            if "document.macroEnabled.main" in kind or "template.macroEnabled" in kind:
                entry.set("ContentType", MAIN_TYPE)
            else:
                root.remove(entry)
    files["[Content_Types].xml"] = to_bytes(root)
