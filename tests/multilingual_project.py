"""A small multilingual project on a fictional topic: the Keru lake fisheries dispute.

Three fictional states share a lake; their sources write in Amharic, Arabic and English, and
further outlets in Armenian, Georgian, Hebrew, Chinese and Hindi.  Every script the setup's fonts
must cover appears in a title, a quote or a name.  One brief per shipped language.
"""

from __future__ import annotations

from pathlib import Path

from tests.sample_project import write_project

# one sample of each script the PDF must draw: (script, text as written in the content)
SCRIPT_SAMPLES = {
    "Ethiopic": "የኬሩ ሐይቅ ዓሣ ማጥመድ ስምምነት",
    "Armenian": "Կերու լճի ձկնորսության համաձայնագիր",
    "Georgian": "კერუს ტბის თევზჭერის შეთანხმება",
    "Hebrew": "הסכם הדיג באגם קרו",
    "Han": "克鲁湖渔业协定",
    "Devanagari": "केरु झील मत्स्य समझौता",
    "Arabic": "اتفاقية الصيد في بحيرة كيرو",
}

SOURCES = f"""\
sources:
  - id: herald
    title: "{SCRIPT_SAMPLES["Ethiopic"]}"
    publisher: Highland Herald
    language: am
    published: 2024-03-05
    kind: newspaper
    perspective: Newspaper of Highland
    perspective_group: highland
    reliability: C
    reliability_note: National daily close to the government
  - id: gazette
    title: "{SCRIPT_SAMPLES["Arabic"]}"
    publisher: Sahil Gazette
    language: ar
    published: 2024-04
    kind: newspaper
    perspective: Newspaper of Sahil
    perspective_group: sahil
    reliability: C
    reliability_note: Private daily of the capital
  - id: wire
    title: Keru lake talks end without a deal
    publisher: Example Wire
    abbreviation: EW
    language: en
    published: 2024-05-20
    kind: wire
    perspective: International wire service
    perspective_group: international
    reliability: B
    reliability_note: Established wire service
  - id: digest
    title: "{SCRIPT_SAMPLES["Armenian"]} / {SCRIPT_SAMPLES["Georgian"]}"
    publisher: Caucasus Fisheries Digest
    published: 2023
    kind: academic
    perspective: Regional fisheries journal
    perspective_group: international
    reliability: B
    reliability_note: Peer-reviewed regional journal
  - id: review
    title: "{SCRIPT_SAMPLES["Hebrew"]} · {SCRIPT_SAMPLES["Han"]} · {SCRIPT_SAMPLES["Devanagari"]}"
    publisher: World Lakes Review
    published: 2022-11-02
    kind: think-tank
    perspective: International lakes institute
    perspective_group: international
    reliability: B
    reliability_note: Comparative study of shared lakes
perspective_groups:
  - id: highland
    label: Highland media
  - id: sahil
    label: Sahil media
  - id: international
    label: International sources
"""

ACTORS = """\
actors:
  - id: highland-gov
    name: Government of Highland
    kind: government
  - id: sahil-gov
    name: Government of Sahil
    kind: government
  - id: fishers
    name: የኬሩ አሳ አጥማጆች ማህበር
    kind: group
"""

CONTENT = f"""\
sections:
  - id: fisheries
    title: Fisheries
  - id: contested
    title: Contested claims
section: fisheries
bottom_line: The three states agree that the lake is overfished and disagree on who should fish less.
paragraphs:
  - heading: Catches
    claims:
      - id: catch-fall
        text: Example Wire reports that catches on the lake fell by a third in five years.
        date: 2024-05-20
        weight: key
        attributions:
          - source: wire
            quote: "Catches on Keru lake have fallen by a third in five years."
            locator: para 2
      - id: highland-quota
        text: The Highland Herald reports that Highland proposes a common quota.
        weight: key
        attributions:
          - source: herald
            quote: "ሃይላንድ የጋራ ኮታ ሐሳብ አቀረበ።"
            translation: "Highland proposed a common quota."
            locator: page 1
            held_by: highland-gov
      - id: sahil-refusal
        text: The Sahil Gazette reports that Sahil rejects a quota before a joint survey.
        weight: key
        attributions:
          - source: gazette
            quote: "ترفض ساحل أي حصة قبل إجراء مسح مشترك."
            translation: "Sahil rejects any quota before a joint survey."
            locator: para 4
            held_by: sahil-gov
      - id: fishers-union
        text: The fishers' union of Highland (የኬሩ አሳ አጥማጆች ማህበር) asks for a closed season.
        attributions:
          - source: herald
            quote: "ማህበሩ የተዘጋ ወቅት ጠየቀ።"
            locator: page 3
            held_by: fishers
      - id: comparisons
        text: "Studies of other shared lakes, in Armenian, Georgian, Hebrew, Chinese and Hindi, describe similar agreements: {SCRIPT_SAMPLES["Armenian"]}; {SCRIPT_SAMPLES["Georgian"]}; {SCRIPT_SAMPLES["Hebrew"]}; {SCRIPT_SAMPLES["Han"]}; {SCRIPT_SAMPLES["Devanagari"]}."
        attributions:
          - source: digest
            quote: "{SCRIPT_SAMPLES["Armenian"]}"
            language: hy
            locator: p. 14
          - source: review
            quote: "{SCRIPT_SAMPLES["Han"]}"
            locator: p. 3
figures:
  - id: catch-2024
    measure: Annual catch
    value: "12,400"
    unit: tonnes
    as_of: 2024
    weight: key
    attributions:
      - source: wire
        quote: "The annual catch was 12,400 tonnes."
        locator: para 5
events:
  - id: ev-talks
    date: 2024-05-20
    text: Talks on the lake end without a deal.
    weight: key
    attributions:
      - source: wire
        quote: "Keru lake talks ended without a deal."
        locator: para 1
  - id: ev-survey
    date: 2023-09
    text: Sahil calls for a joint survey.
    attributions:
      - source: gazette
        quote: "ترفض ساحل أي حصة قبل إجراء مسح مشترك."
        locator: para 4
contested:
  - id: who-overfishes
    section: contested
    question: Who takes most of the lake's fish?
    positions:
      - held_by: highland-gov
        stance: Sahil's trawlers
        summary: Highland says Sahil's trawlers take most of the catch.
        attributions:
          - source: herald
            quote: "ሃይላንድ የጋራ ኮታ ሐሳብ አቀረበ።"
            locator: page 1
      - held_by: sahil-gov
        stance: Highland's nets
        summary: Sahil says Highland's small nets take the young fish.
        attributions:
          - source: gazette
            quote: "ترفض ساحل أي حصة قبل إجراء مسح مشترك."
            locator: para 4
"""

# title, subtitle and marking of each brief, in its language
BRIEF_TEXTS = {
    "en": ("The Keru lake fisheries", "Brief", "FOR OFFICIAL USE ONLY"),
    "fr": ("Les pêcheries du lac Keru", "Note", "DIFFUSION RESTREINTE"),
    "tr": ("Keru Gölü balıkçılığı", "Brifing", "HİZMETE ÖZEL"),
    "ru": ("Рыболовство на озере Керу", "Справка", "ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ"),
    "ar": ("مصايد بحيرة كيرو", "موجز", "للاستخدام الرسمي فقط"),
}


def brief(language: str) -> str:
    """The brief in one language: every built-in part, notes at the foot of the page."""
    title, subtitle, marking = BRIEF_TEXTS[language]
    return f"""\
title: "{title}"
subtitle: "{subtitle}"
edition: 2026-11-23
marking: "{marking}"
organisation: Lakes Office
language: {language}
sections:
  - overview
  - fisheries
  - contested
  - timeline
  - summary
  - sources
"""


def multilingual_files() -> dict[str, str]:
    """Every file of the project: content and one brief per shipped language."""
    files = {
        "content/sources.yaml": SOURCES,
        "content/actors.yaml": ACTORS,
        "content/fisheries.yaml": CONTENT,
    }
    for language in BRIEF_TEXTS:
        files[f"briefs/brief-{language}.yaml"] = brief(language)
    return files


def multilingual_root(base: Path) -> Path:
    """The project written under base."""
    return write_project(base / "multilingual", multilingual_files())
