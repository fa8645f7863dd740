import pytest

from bot.nlu.homophones import HomophoneIndex, min_identical, readings


@pytest.fixture(scope="module")
def index() -> HomophoneIndex:
    return HomophoneIndex(["新加坡", "澳大利亚", "土耳其", "泰国", "不列颠哥伦比亚"])


@pytest.mark.parametrize(
    ("text", "phrase", "span"),
    [
        ("下个月去新家坡看孙子", "新加坡", (4, 7)),
        ("我在澳大力亚看闺女", "澳大利亚", (2, 6)),
        ("大巴在土耳七翻了", "土耳其", (3, 6)),
    ],
)
def test_homophone_slips_are_found(
    index: HomophoneIndex, text: str, phrase: str, span: tuple[int, int]
) -> None:
    [match] = index.find(text)
    assert (match.phrase, (match.start, match.end)) == (phrase, span)


@pytest.mark.parametrize(
    "text",
    [
        "我在新加坡",  # exact: the gazetteer's own match, not a slip
        "太国",  # two characters: too many everyday homophones
        "新家人",  # one shared character is chance
        "新家波",  # 波 (bo) is not 坡 (po)
        "",
    ],
)
def test_not_slips(index: HomophoneIndex, text: str) -> None:
    assert index.find(text) == []


def test_overlapping_slips_keep_the_longest() -> None:
    index = HomophoneIndex(["哥伦比亚", "不列颠哥伦比亚"])
    assert [m.phrase for m in index.find("在不列颠哥轮比亚读书")] == ["不列颠哥伦比亚"]


def test_readings_cover_heteronyms_and_skip_non_han() -> None:
    assert {"zhang", "chang"} <= readings("长")
    assert readings("a") == frozenset()
    assert min_identical(3) == 2 and min_identical(6) == 4
