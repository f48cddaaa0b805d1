"""Quote matching in every script: Unicode forms, scripts without spaces, meaning changes."""

from __future__ import annotations

import unicodedata

import pytest

from briefgen.sources.match import Prepared, meaning_changes
from briefgen.text import mentions, normalise

VIETNAMESE = (
    "Bộ Tài nguyên và Môi trường công bố số liệu mới.\n"
    "\n"
    "Hà Nội khẳng định mực nước sông Mê Kông đã giảm mạnh trong mùa khô.\n"
)
THAI = (
    "ข่าวประจำวัน\n"
    "\n"
    "รัฐบาลไทยกล่าวว่าเขื่อนไม่ได้ทำให้ระดับน้ำในแม่น้ำโขงลดลง แต่ชาวประมงในจังหวัดหนองคายรายงานว่าจับปลาได้น้อยลงมาก\n"
    "นักวิชาการเรียกร้องให้มีการศึกษาเพิ่มเติม\n"
)
CHINESE = (
    "湄公河委员会发布了最新的水文报告。\n"
    "报告指出，上游水库在旱季释放了更多的水。\n"
    "\n"
    "中国水利部表示，低降雨量是下游水位下降的主要原因。\n"
    "越南水文学家则认为，大坝运行也有影响。\n"
)
KHMER = (
    "ព័ត៌មានប្រចាំថ្ងៃ\n"
    "រដ្ឋាភិបាលកម្ពុជាបាននិយាយថា ទំនប់នេះមិនប៉ះពាល់ដល់ការនេសាទនៅទន្លេសាបទេ។\n"
    "អ្នកនេសាទនៅខេត្តសៀមរាបរាយការណ៍ថា ត្រីមានតិចជាងមុន។\n"
)


def test_a_decomposed_vietnamese_quote_is_verified() -> None:
    quote = "Hà Nội khẳng định mực nước sông Mê Kông đã giảm mạnh trong mùa khô."
    decomposed = unicodedata.normalize("NFD", quote)
    assert decomposed != quote and len(decomposed) > len(quote)
    check = Prepared(VIETNAMESE).check(decomposed)
    assert (check.status, check.score, str(check.place)) == ("verified", 1.0, "line 3, para 2")
    # and the other way round: a decomposed snapshot, a composed quote
    check = Prepared(unicodedata.normalize("NFD", VIETNAMESE)).check(quote)
    assert check.status == "verified"


def test_compatibility_forms_that_only_change_the_look_are_folded() -> None:
    text = Prepared("The \ufb01nal report: ＡＢＣ １２ dams.\nSee note x\u00b2.\n")
    assert text.check("The final report: ABC 12 dams.").status == "verified"
    # a superscript can change what a number says: not folded
    assert text.check("See note x2.").status != "verified"
    assert normalise("soft\u00adhyphen and zero\u200bwidth") == "softhyphen and zerowidth"
    assert normalise("\u00abBonjour\u00bb \u2026") == '"Bonjour" ...'


def test_thai_sara_am_typed_as_two_characters_is_verified() -> None:
    quote = "ทำให้ระดับน้ำในแม่น้ำโขงลดลง"
    # SARA AM (U+0E33) typed as NIKHAHIT + SARA AA, before or after the tone mark
    typed = quote.replace("\u0e33", "\u0e4d\u0e32").replace(
        "\u0e49\u0e4d\u0e32", "\u0e4d\u0e49\u0e32", 1
    )
    assert typed != quote
    assert Prepared(THAI).check(typed).status == "verified"
    assert (
        normalise("\u0e19\u0e49\u0e4d\u0e32")
        == normalise("\u0e19\u0e4d\u0e49\u0e32")
        == "\u0e19\u0e49\u0e33"
    )


def test_a_thai_edit_across_a_space_gives_the_whole_changed_passage() -> None:
    quote = (
        "รัฐบาลไทยกล่าวว่าเขื่อนไม่ได้ทำให้ระดับน้ำในแม่น้ำโขงลดลง "
        "แต่ชาวประมงในจังหวัดหนองคายรายงานว่าจับปลาได้น้อยลงมาก"
    )
    edited = THAI.replace("น้อยลงมาก", "น้อยลงเล็กน้อย")
    check = Prepared(edited).check(quote)
    assert check.status == "changed" and check.score > 0.85
    assert str(check.place) == "line 3, para 2"
    assert check.found == normalise(quote.replace("น้อยลงมาก", "น้อยลงเล็กน้อย"))


def test_a_two_character_chinese_edit_is_found_as_changed_with_its_place() -> None:
    quote = "中国水利部表示，低降雨量是下游水位下降的主要原因。"
    edited = CHINESE.replace("主要原因", "部分原因")
    check = Prepared(edited).check(quote)
    assert check.status == "changed"
    assert check.score >= 0.9
    assert str(check.place) == "line 4, para 3"
    # the passage as compared: the full-width comma folded
    assert check.found == normalise("中国水利部表示，低降雨量是下游水位下降的部分原因。")
    assert Prepared(CHINESE).check(quote).status == "verified"


def test_a_khmer_edit_is_found_as_changed_with_its_place() -> None:
    quote = "រដ្ឋាភិបាលកម្ពុជាបាននិយាយថា ទំនប់នេះមិនប៉ះពាល់ដល់ការនេសាទនៅទន្លេសាបទេ។"
    assert Prepared(KHMER).check(quote).status == "verified"
    edited = KHMER.replace("ទន្លេសាប", "ទន្លេមេគង្គ")
    check = Prepared(edited).check(quote)
    assert check.status == "changed" and str(check.place) == "line 2, para 2"
    assert check.found.startswith("រដ្ឋាភិបាលកម្ពុជា") and check.found.endswith("ទន្លេមេគង្គទេ។")


def test_a_quote_deleted_from_chinese_text_is_missing() -> None:
    check = Prepared(CHINESE).check("泰国渔民说鱼获量大幅减少，政府必须赔偿。")
    assert check.status == "missing"


@pytest.mark.parametrize(
    ("quote", "found", "reason"),
    [
        ("the rice was sold to Thailand", "the rice was sold to Vietnam and China", "names"),
        (
            "the dam holds 12 billion cubic metres",
            "the dam holds 15 billion cubic metres",
            "numbers",
        ),
        ("the dam did not lower the flow", "the dam did lower the flow", "negation"),
        ("the dam changes nothing downstream", "the dam changes little downstream", "negation"),
        ("水库没有减少下游水量", "水库减少了下游水量", "negation"),
        ("السد لم يخفض منسوب النهر", "السد خفض منسوب النهر", "negation"),
        ("الإنتاج بلغ ١٢ طنا", "الإنتاج بلغ 15 طنا", "numbers"),
    ],
)
def test_meaning_changing_edits_are_severe(quote: str, found: str, reason: str) -> None:
    reasons = meaning_changes(quote, found)
    assert any(r.startswith(reason) or reason in r for r in reasons), reasons


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        (
            "Northland insists the dam changes nothing downstream.",
            "Northland insists that its dam changes nothing downstream.",
        ),
        ("the 1950 TREATY split the flow", "The 1950 treaty split the flow"),  # case alone
        ("the dam holds 1,200 cubic metres", "the dam holds 1200 cubic metres"),  # grouping
        ("الإنتاج بلغ ١٢ طنا", "الإنتاج بلغ 12 طنا تقريبا"),  # the same number in other digits
    ],
)
def test_a_rewording_that_keeps_names_numbers_and_negations_is_not_severe(
    quote: str, found: str
) -> None:
    assert meaning_changes(quote, found) == ()


def test_mentions_whole_words_and_scripts_without_spaces() -> None:
    assert mentions(
        "according to China's Ministry of Water Resources", "Ministry of Water Resources"
    )
    assert not mentions("the map shows", "AP") and mentions("AP reports", "AP")
    assert mentions("据中国水利部称", "水利部")
    assert mentions("Hà Nội says", unicodedata.normalize("NFD", "Hà Nội"))
