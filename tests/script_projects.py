"""Small projects written in Khmer, Lao, Thai, Myanmar and Chinese (a fictional dam on a river).

Each project's content is in one language and script, and so is its one brief (`language:`),
with a long title (the running head), a marking and an organisation in that script.  The
Chinese project quotes sources in Chinese, English, French and Japanese, and has a brief in
Simplified and one in Traditional Chinese.  The sentences are the tests' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.sample_project import write_project


@dataclass(frozen=True)
class Texts:
    """What a project says, in one language."""

    title: str
    marking: str
    organisation: str
    section: str
    bottom_line: str
    heading: str
    claims: tuple[tuple[str, str], ...]  # (statement, quote in the source's language)
    question: str
    stances: tuple[tuple[str, str], ...]  # (stance, summary)
    measure: str  # a figure's measure, long enough to wrap in its table column
    unit: str


TEXTS = {
    "km": Texts(
        title="ទន្លេមេគង្គ និងទំនប់ថ្មី៖ ផលប៉ះពាល់លើការនេសាទ និងសន្តិសុខស្បៀងរបស់សហគមន៍មាត់ទន្លេ",
        marking="សម្រាប់ប្រើប្រាស់ផ្លូវការតែប៉ុណ្ណោះ",
        organisation="ការិយាល័យសិក្សាទន្លេ",
        section="ការនេសាទ",
        bottom_line="អ្នកនេសាទតាមដងទន្លេមេគង្គចាប់ត្រីបានតិចជាងមុន ចាប់តាំងពីទំនប់ថ្មីបើកដំណើរការ។",
        heading="បរិមាណត្រី",
        claims=(
            (
                "ទីភ្នាក់ងារព័ត៌មានរាយការណ៍ថា បរិមាណត្រីក្នុងទន្លេមេគង្គបានថយចុះមួយភាគបីក្នុងរយៈពេលប្រាំឆ្នាំ។",
                "បរិមាណត្រីបានថយចុះមួយភាគបី។",
            ),
            (
                "រដ្ឋាភិបាលថ្លែងថា ទំនប់មិនបានធ្វើឲ្យកម្រិតទឹកទន្លេធ្លាក់ចុះទេ។",
                "ទំនប់មិនបានធ្វើឲ្យកម្រិតទឹកធ្លាក់ចុះទេ។",
            ),
        ),
        question="តើទំនប់ធ្វើឲ្យត្រីថយចុះឬទេ?",
        stances=(
            ("មិនប៉ះពាល់", "រដ្ឋាភិបាលថាទំនប់រក្សាទុកតែទឹកជំនន់ប៉ុណ្ណោះ។"),
            ("ប៉ះពាល់ខ្លាំង", "អ្នកនេសាទថាត្រីមិនអាចហែលឡើងទៅពងបានទៀតទេ។"),
        ),
        measure="បរិមាណត្រីដែលអ្នកនេសាទតាមដងទន្លេមេគង្គចាប់បានក្នុងមួយឆ្នាំក្រោយពេលទំនប់ថ្មីបើកដំណើរការ",
        unit="តោន",
    ),
    "lo": Texts(
        title="ແມ່ນ້ຳຂອງ ແລະ ເຂື່ອນໃໝ່: ຜົນກະທົບຕໍ່ການຫາປາ ແລະ ຄວາມໝັ້ນຄົງດ້ານສະບຽງອາຫານຂອງຊຸມຊົນແຄມແມ່ນ້ຳ",
        marking="ສຳລັບການນຳໃຊ້ທາງລັດຖະການເທົ່ານັ້ນ",
        organisation="ຫ້ອງການສຶກສາແມ່ນ້ຳ",
        section="ການຫາປາ",
        bottom_line="ຊາວປະມົງຕາມແຄມແມ່ນ້ຳຂອງຫາປາໄດ້ໜ້ອຍລົງນັບຕັ້ງແຕ່ເຂື່ອນໃໝ່ເປີດນຳໃຊ້.",
        heading="ປະລິມານປາ",
        claims=(
            (
                "ສຳນັກຂ່າວລາຍງານວ່າປະລິມານປາໃນແມ່ນ້ຳຂອງຫຼຸດລົງໜຶ່ງສ່ວນສາມໃນຫ້າປີ.",
                "ປະລິມານປາໃນແມ່ນ້ຳຂອງຫຼຸດລົງໜຶ່ງສ່ວນສາມ.",
            ),
            (
                "ລັດຖະບານກ່າວວ່າເຂື່ອນບໍ່ໄດ້ເຮັດໃຫ້ລະດັບນ້ຳໃນແມ່ນ້ຳຫຼຸດລົງ.",
                "ເຂື່ອນບໍ່ໄດ້ເຮັດໃຫ້ລະດັບນ້ຳຫຼຸດລົງ.",
            ),
        ),
        question="ເຂື່ອນເຮັດໃຫ້ປາຫຼຸດລົງບໍ?",
        stances=(
            ("ບໍ່ມີຜົນກະທົບ", "ລັດຖະບານກ່າວວ່າເຂື່ອນເກັບນ້ຳຖ້ວມພຽງຢ່າງດຽວ."),
            ("ຜົນກະທົບຮ້າຍແຮງ", "ຊາວປະມົງກ່າວວ່າປາບໍ່ສາມາດລອຍຂຶ້ນໄປວາງໄຂ່ໄດ້ອີກ."),
        ),
        measure="ປະລິມານປາທີ່ຊາວປະມົງຕາມແຄມແມ່ນ້ຳຂອງຫາໄດ້ໃນໜຶ່ງປີຫຼັງຈາກເຂື່ອນໃໝ່ເປີດນຳໃຊ້",
        unit="ໂຕນ",
    ),
    "th": Texts(
        title="แม่น้ำโขงกับเขื่อนใหม่: ผลกระทบต่อการประมงและความมั่นคงทางอาหารของชุมชนริมฝั่งแม่น้ำ",
        marking="ใช้เฉพาะในราชการเท่านั้น",
        organisation="สำนักงานศึกษาแม่น้ำ",
        section="การประมง",
        bottom_line="ชาวประมงริมแม่น้ำโขงจับปลาได้น้อยลงตั้งแต่เขื่อนใหม่เริ่มเปิดใช้งาน",
        heading="ปริมาณปลา",
        claims=(
            (
                "สำนักข่าวรายงานว่าปริมาณปลาในแม่น้ำโขงลดลงหนึ่งในสามภายในห้าปี",
                "ปริมาณปลาในแม่น้ำโขงลดลงหนึ่งในสาม",
            ),
            (
                "รัฐบาลกล่าวว่าเขื่อนไม่ได้ทำให้ระดับน้ำในแม่น้ำลดลงเลย",
                "เขื่อนไม่ได้ทำให้ระดับน้ำลดลง",
            ),
        ),
        question="เขื่อนทำให้ปลาลดลงหรือไม่",
        stances=(
            ("ไม่มีผลกระทบ", "รัฐบาลกล่าวว่าเขื่อนกักเก็บเฉพาะน้ำหลากเท่านั้น"),
            ("ผลกระทบรุนแรง", "ชาวประมงกล่าวว่าปลาว่ายขึ้นไปวางไข่ไม่ได้อีกแล้ว"),
        ),
        measure="ปริมาณปลาที่ชาวประมงริมแม่น้ำโขงจับได้ในหนึ่งปีหลังจากเขื่อนใหม่เปิดใช้งาน",
        unit="ตัน",
    ),
    "my": Texts(
        title="မဲခေါင်မြစ်နှင့် ဆည်အသစ်များ၊ ငါးဖမ်းလုပ်ငန်းနှင့် မြစ်ကမ်းနားရပ်ရွာများ၏ စားနပ်ရိက္ခာဖူလုံရေးအပေါ် သက်ရောက်မှု",
        marking="ရုံးသုံးအတွက်သာ",
        organisation="မြစ်လေ့လာရေးရုံး",
        section="ငါးဖမ်းလုပ်ငန်း",
        bottom_line="ဆည်အသစ်ဖွင့်ပြီးနောက် မဲခေါင်မြစ်ကမ်းနားရှိ ငါးဖမ်းသမားများ ငါးဖမ်းမိမှုနည်းလာသည်။",
        heading="ငါးပမာဏ",
        claims=(
            (
                "မဲခေါင်မြစ်ရှိငါးပမာဏသည် ငါးနှစ်အတွင်း သုံးပုံတစ်ပုံလျော့ကျသွားကြောင်း သတင်းဌာနကဖော်ပြသည်။",
                "ငါးပမာဏသည် သုံးပုံတစ်ပုံလျော့ကျသွားသည်။",
            ),
            (
                "ဆည်သည် မြစ်ရေမျက်နှာပြင်ကို မလျော့ကျစေကြောင်း အစိုးရကပြောသည်။",
                "ဆည်သည် ရေမျက်နှာပြင်ကို မလျော့ကျစေပါ။",
            ),
        ),
        question="ဆည်ကြောင့် ငါးများလျော့ကျသလား။",
        stances=(
            ("သက်ရောက်မှုမရှိ", "ဆည်သည် ရေကြီးရေကိုသာ သိုလှောင်သည်ဟု အစိုးရကပြောသည်။"),
            ("ပြင်းထန်သောသက်ရောက်မှု", "ငါးများ ဥချရန် အထက်သို့ မကူးနိုင်တော့ကြောင်း ငါးဖမ်းသမားများကပြောသည်။"),
        ),
        measure="ဆည်အသစ်ဖွင့်ပြီးနောက်တစ်နှစ်အတွင်းမဲခေါင်မြစ်ကမ်းနားငါးဖမ်းသမားများဖမ်းမိသောငါးပမာဏ",
        unit="တန်",
    ),
}


def files(lang: str) -> dict[str, str]:
    """The project of one language: its sources, actors, one section and one brief."""
    t = TEXTS[lang]
    (claim1, quote1), (claim2, quote2) = t.claims
    (stance1, summary1), (stance2, summary2) = t.stances
    return {
        "content/sources.yaml": f"""\
sources:
  - id: wire
    title: "{t.heading}"
    publisher: River Wire
    language: {lang}
    published: 2025-03-05
    kind: wire
    perspective: Regional wire service
    perspective_group: media
    reliability: B
    reliability_note: Established wire service
  - id: ministry
    title: "{t.section}"
    publisher: Ministry of Water
    language: {lang}
    published: 2025-04
    kind: government
    perspective: Government
    perspective_group: government
    reliability: C
    reliability_note: Official statement of a party
perspective_groups:
  - id: media
    label: Media
  - id: government
    label: Government
""",
        "content/actors.yaml": """\
actors:
  - id: gov
    name: Government
    kind: government
  - id: fishers
    name: Fishers
    kind: group
""",
        "content/river.yaml": f"""\
sections:
  - id: river
    title: "{t.section}"
section: river
bottom_line: "{t.bottom_line}"
paragraphs:
  - heading: "{t.heading}"
    claims:
      - id: catch
        text: "{claim1}"
        weight: key
        attributions:
          - source: wire
            quote: "{quote1}"
            locator: para 2
      - id: level
        text: "{claim2}"
        weight: key
        attributions:
          - source: ministry
            quote: "{quote2}"
            locator: para 4
            held_by: gov
figures:
  - id: yearly-catch
    measure: "{t.measure}"
    value: "12400"
    unit: "{t.unit}"
    as_of: 2025
    attributions:
      - source: wire
        quote: "{quote1}"
        locator: para 3
contested:
  - id: dam
    question: "{t.question}"
    positions:
      - held_by: gov
        stance: "{stance1}"
        summary: "{summary1}"
        attributions:
          - source: ministry
            quote: "{quote2}"
            locator: para 4
      - held_by: fishers
        stance: "{stance2}"
        summary: "{summary2}"
        attributions:
          - source: wire
            quote: "{quote1}"
            locator: para 2
""",
        f"briefs/brief-{lang}.yaml": f"""\
title: "{t.title}"
edition: 2026-01-15
marking: "{t.marking}"
organisation: "{t.organisation}"
language: {lang}
options:
  cover_page: true
sections:
  - river
  - sources
""",
    }


def script_root(base: Path, lang: str) -> Path:
    """The project of one language written under base."""
    return write_project(base / f"river-{lang}", files(lang))


def mixed_briefs(lang: str) -> dict[str, str]:
    """Two more briefs of a project: one whose title (three times over) is too long for a
    running head, and one in English whose marking and organisation are in the project's script."""
    t = TEXTS[lang]
    brief = files(lang)[f"briefs/brief-{lang}.yaml"]
    long_title = " ".join([t.title] * 3)[:300]
    english = (
        brief.replace(f'title: "{t.title}"', 'title: "The river and the new dam"')
        .replace(f"language: {lang}", "language: en")
        .replace("  cover_page: true", "  cover_page: false")
    )
    return {
        f"briefs/long-{lang}.yaml": brief.replace(t.title, long_title),
        f"briefs/english-{lang}.yaml": english,
    }


# The Chinese project: quotes in Chinese (Simplified and Traditional), English, French and
# Japanese, each with the analyst's translation where it is not Chinese.
CHINESE_SOURCES = """\
sources:
  - id: daily
    title: 湄公河渔获量下降
    publisher: River Daily
    language: zh-Hans
    published: 2025-03-05
    kind: newspaper
    perspective: Regional daily
    perspective_group: media
    reliability: B
    reliability_note: Established daily
  - id: weekly
    title: 湄公河漁獲量下降
    publisher: River Weekly
    language: zh-TW
    published: 2025-03-06
    kind: newspaper
    perspective: Regional weekly
    perspective_group: media
    reliability: B
    reliability_note: Established weekly
  - id: wire
    title: Dam leaves the river level unchanged, ministry says
    publisher: River Wire
    language: en
    published: 2025-04-01
    kind: wire
    perspective: International wire
    perspective_group: media
    reliability: B
    reliability_note: Established wire service
  - id: journal
    title: Le barrage et les pêcheurs
    publisher: Revue des fleuves
    language: fr
    published: 2025-05
    kind: academic
    perspective: Academic journal
    perspective_group: media
    reliability: B
    reliability_note: Peer-reviewed journal
  - id: shimbun
    title: メコン川のダム
    publisher: Kawa Shimbun
    language: ja
    published: 2025-06
    kind: newspaper
    perspective: Japanese daily
    perspective_group: media
    reliability: B
    reliability_note: Established daily
perspective_groups:
  - id: media
    label: Media
"""

CHINESE_CONTENT = """\
sections:
  - id: river
    title: 渔业
section: river
bottom_line: 新水坝启用以来，沿岸渔民的渔获量明显减少。
claims:
  - id: catch
    text: 报纸报道，湄公河的渔获量在五年内减少了三分之一。
    attributions:
      - source: daily
        quote: 渔获量在五年内减少了三分之一。
        locator: 第2段
  - id: catch-weekly
    text: 另一家周刊也报道了同样的下降。
    attributions:
      - source: weekly
        quote: 漁獲量在五年內減少了三分之一。
        locator: 第3段
  - id: level
    text: 通讯社报道，政府否认水坝降低了水位。
    attributions:
      - source: wire
        quote: The dam has not lowered the river.
        translation: 水坝没有降低河流水位。
        locator: para 4
  - id: fishers
    text: 一份学术期刊记录了渔民的说法。
    attributions:
      - source: journal
        quote: Les poissons ne remontent plus.
        translation: 鱼不再洄游了。
        locator: p. 12
  - id: japan
    text: 一家日本报纸也报道了此事。
    attributions:
      - source: shimbun
        quote: ダムは川の水位を下げていない。
        translation: 水坝没有降低河流水位。
        locator: 3面
"""


def chinese_brief(language: str, title: str) -> str:
    """A brief of the Chinese project in one variant of Chinese."""
    return f"""\
title: {title}
edition: 2026-01-15
marking: 内部
language: {language}
sections:
  - river
  - sources
"""


CHINESE_BRIEFS = {
    "zh-Hans": "湄公河新水坝对渔业的影响",
    "zh": "湄公河新水坝对渔业的影响",
    "zh-TW": "湄公河新水壩對漁業的影響",
    "zh-Hant": "湄公河新水壩對漁業的影響",
}


def chinese_root(base: Path) -> Path:
    """The Chinese project, one brief per variant (brief-zh-hans, brief-zh, …), under base."""
    project = {"content/sources.yaml": CHINESE_SOURCES, "content/river.yaml": CHINESE_CONTENT}
    for language, title in CHINESE_BRIEFS.items():
        project[f"briefs/brief-{language.lower()}.yaml"] = chinese_brief(language, title)
    return write_project(base / "river-zh", project)
