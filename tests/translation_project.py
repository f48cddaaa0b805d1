"""A small project for translations: the Tavi river ferry, written in English, with Turkish and
French translations of every text (the tests fill the catalogs with them) and briefs in English,
Turkish, French and Arabic (the Arabic one has no catalog: every text is an English original)."""

from __future__ import annotations

from pathlib import Path

from tests.sample_project import write_project

PROJECT = """\
topic: The Tavi river ferry
language: en
sections:
  - id: crossing
    title: The crossing
  - id: contested
    title: Contested claims
"""

SOURCES = """\
sources:
  - id: wire
    title: Ferry talks resume on the Tavi
    publisher: Example Wire
    abbreviation: EW
    published: 2025-03-14
    kind: wire
    perspective: International wire service
    perspective_group: international
    reliability: B
    reliability_note: Established wire service
  - id: haber
    title: Tavi feribotu yeniden sefere başlıyor
    publisher: Kıyı Haber
    language: tr
    published: 2025-04-02
    kind: newspaper
    perspective: Newspaper of the east bank
    perspective_group: east
    reliability: C
    reliability_note: Regional daily close to the town council
perspective_groups:
  - id: international
    label: International media
  - id: east
    label: East bank media
actors:
  - id: east-council
    name: East Bank town council
    kind: government
  - id: west-council
    name: West Bank town council
    kind: government
"""

CROSSING = """\
section: crossing
bottom_line: The ferry will run again, but the two towns still disagree on who pays for it.
paragraphs:
  - heading: Talks and timetable
    claims:
      - id: talks-resume
        text: Example Wire reports that the two towns resumed talks on the ferry in March 2025.
        weight: key
        attributions:
          - source: wire
            quote: "Talks on the Tavi ferry resumed on Friday."
            locator: para 1
      - id: timetable
        text: Kıyı Haber says the ferry will cross four times a day from May.
        attributions:
          - source: haber
            quote: "Feribot mayıs ayından itibaren günde dört sefer yapacak."
            translation: "The ferry will make four crossings a day from May."
            locator: page 2
            held_by: east-council
figures:
  - id: fare
    measure: Single fare
    value: "3"
    unit: euros
    as_of: 2025-03
    attributions:
      - source: wire
        quote: "A single crossing will cost three euros."
        locator: para 4
events:
  - id: ev-talks
    date: 2025-03-14
    text: The two towns resume talks on the ferry.
    attributions:
      - source: wire
        quote: "Talks on the Tavi ferry resumed on Friday."
        locator: para 1
"""

CONTESTED = """\
section: contested
bottom_line: The councils disagree on who pays, and the region has not said.
contested:
  - id: who-pays
    question: Who should pay for the ferry?
    positions:
      - held_by: east-council
        stance: Both towns
        summary: The East Bank council wants the two towns to share the cost.
        attributions:
          - source: haber
            quote: "Masraflar iki belediye arasında paylaşılmalı."
            locator: page 3
      - held_by: west-council
        stance: The region
        summary: The West Bank council says the region should pay.
        attributions:
          - source: wire
            quote: "The West Bank wants the region to foot the bill."
            locator: para 6
      - stance: Not settled
        summary: Example Wire notes that the region's budget for 2025 does not mention the ferry.
        attributions:
          - source: wire
            quote: "The region's 2025 budget makes no mention of the ferry."
            locator: para 7
"""

BRIEF = """\
title: The Tavi river ferry
subtitle: Situation brief
edition: 2026-05-04
marking: FOR OFFICIAL USE ONLY
organisation: River Office
formats: [html]
sections:
  - overview
  - crossing
  - section: contested
    intro: The towns disagree on the cost.
  - timeline
  - sources
"""

# each text of the content and of the English brief, translated: (Turkish, French)
TRANSLATIONS: dict[str, tuple[str, str]] = {
    "project:topic": ("Tavi nehri feribotu", "Le bac de la rivière Tavi"),
    "section:crossing:title": ("Geçiş", "La traversée"),
    "section:contested:title": ("Tartışmalı iddialar", "Affirmations contestées"),
    "section:contested:bottom_line": (
        "Belediyeler masrafı kimin ödeyeceği konusunda anlaşamıyor ve bölge bir şey söylemedi.",
        "Les conseils ne s'accordent pas sur qui paie, et la région ne s'est pas prononcée.",
    ),
    "section:crossing:bottom_line": (
        "Feribot yeniden çalışacak, ancak iki kasaba masrafı kimin ödeyeceği konusunda hâlâ"
        " anlaşamıyor.",
        "Le bac reprendra du service, mais les deux villes ne s'accordent toujours pas sur qui"
        " le paiera.",
    ),
    "source:wire:perspective": ("Uluslararası haber ajansı", "Agence de presse internationale"),
    "source:wire:reliability_note": ("Köklü haber ajansı", "Agence de presse établie"),
    "source:haber:perspective": ("Doğu yakasının gazetesi", "Journal de la rive est"),
    "source:haber:reliability_note": (
        "Belediye meclisine yakın bölgesel günlük gazete",
        "Quotidien régional proche du conseil municipal",
    ),
    "group:international:label": ("Uluslararası medya", "Médias internationaux"),
    "group:east:label": ("Doğu yakası medyası", "Médias de la rive est"),
    "actor:east-council:name": ("Doğu Yakası belediye meclisi", "Conseil municipal de la rive est"),
    "actor:west-council:name": (
        "Batı Yakası belediye meclisi",
        "Conseil municipal de la rive ouest",
    ),
    "talks-resume:heading": ("Görüşmeler ve sefer tarifesi", "Négociations et horaires"),
    "talks-resume:text": (
        "Example Wire'a göre iki kasaba Mart 2025'te feribot görüşmelerine yeniden başladı.",
        "Selon Example Wire, les deux villes ont repris en mars 2025 les négociations sur le bac.",
    ),
    "timetable:text": (
        "Kıyı Haber'e göre feribot mayıstan itibaren günde dört kez karşıya geçecek.",
        "Selon Kıyı Haber, le bac traversera quatre fois par jour à partir de mai.",
    ),
    "fare:measure": ("Tek yön ücret", "Tarif d'un aller simple"),
    "fare:unit": ("avro", "euros"),
    "ev-talks:text": (
        "İki kasaba feribot görüşmelerine yeniden başlar.",
        "Les deux villes reprennent les négociations sur le bac.",
    ),
    "who-pays:question": ("Feribotun masrafını kim ödemeli?", "Qui doit payer le bac ?"),
    "who-pays:positions.1.stance": ("İki kasaba", "Les deux villes"),
    "who-pays:positions.1.summary": (
        "Doğu Yakası meclisi masrafın iki kasaba arasında paylaşılmasını istiyor.",
        "Le conseil de la rive est veut que les deux villes partagent les frais.",
    ),
    "who-pays:positions.2.stance": ("Bölge", "La région"),
    "who-pays:positions.2.summary": (
        "Batı Yakası meclisi masrafı bölgenin ödemesi gerektiğini söylüyor.",
        "Le conseil de la rive ouest dit que la région doit payer.",
    ),
    "who-pays:positions.3.stance": ("Belirsiz", "Non tranché"),
    "who-pays:positions.3.summary": (
        "Example Wire, bölgenin 2025 bütçesinde feribottan söz edilmediğini belirtiyor.",
        "Example Wire note que le budget 2025 de la région ne mentionne pas le bac.",
    ),
    "brief:brief:title": ("Tavi nehri feribotu", "Le bac de la rivière Tavi"),
    "brief:brief:subtitle": ("Durum notu", "Note de situation"),
    "brief:brief:marking": ("HİZMETE ÖZEL", "DIFFUSION RESTREINTE"),
    "brief:brief:organisation": ("Nehir Ofisi", "Bureau de la rivière"),
    "brief:brief:sections.contested.intro": (
        "Kasabalar masraf konusunda anlaşamıyor.",
        "Les villes sont en désaccord sur le coût.",
    ),
}
# the quotes' translations, by quote: (Turkish, French); a Turkish quote needs none in Turkish
QUOTES: dict[str, tuple[str, str]] = {
    "Talks on the Tavi ferry resumed on Friday.": (
        "Tavi feribotu görüşmeleri cuma günü yeniden başladı.",
        "Les négociations sur le bac de la Tavi ont repris vendredi.",
    ),
    "A single crossing will cost three euros.": (
        "Tek bir geçiş üç avroya mal olacak.",
        "Une traversée coûtera trois euros.",
    ),
    "The West Bank wants the region to foot the bill.": (
        "Batı Yakası faturayı bölgenin ödemesini istiyor.",
        "La rive ouest veut que la région règle la note.",
    ),
    "The region's 2025 budget makes no mention of the ferry.": (
        "Bölgenin 2025 bütçesinde feribottan hiç söz edilmiyor.",
        "Le budget 2025 de la région ne fait aucune mention du bac.",
    ),
    "Feribot mayıs ayından itibaren günde dört sefer yapacak.": (
        "",
        "Le bac fera quatre traversées par jour à partir de mai.",
    ),
    "Masraflar iki belediye arasında paylaşılmalı.": (
        "",
        "Les frais doivent être partagés entre les deux municipalités.",
    ),
}
LANGUAGES = ("tr", "fr")


def translated(context: str, original: str, language: str) -> str:
    """The test project's translation of a text (or quote) into tr or fr ('' when none)."""
    index = LANGUAGES.index(language)
    if context.startswith("quote:"):
        return QUOTES.get(original, ("", ""))[index]
    return TRANSLATIONS.get(context, ("", ""))[index]


def translation_files() -> dict[str, str]:
    """Every file of the project: content, the English brief and its tr, fr and ar versions."""
    return {
        "content/project.yaml": PROJECT,
        "content/sources.yaml": SOURCES,
        "content/crossing.yaml": CROSSING,
        "content/contested.yaml": CONTESTED,
        "briefs/brief.yaml": BRIEF,
        "briefs/brief-tr.yaml": "extends: brief\nlanguage: tr\n",
        "briefs/brief-fr.yaml": "extends: brief\nlanguage: fr\n",
        "briefs/brief-ar.yaml": "extends: brief\nlanguage: ar\nformats: [html, pdf]\n",
    }


def translation_root(base: Path) -> Path:
    """The project written under base."""
    return write_project(base / "tavi", translation_files())
