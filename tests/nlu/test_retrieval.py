import pytest
from rank_bm25 import BM25Okapi

from bot.guide import Guide
from bot.nlu.retrieval import SectionIndex, TermWeights, softmax, terms


@pytest.fixture(scope="module")
def index(guide: Guide) -> SectionIndex:
    return SectionIndex(guide)


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("航班延误航空公司不安排住宿", "5.13"),
        ("遭遇电信诈骗被骗转账", "5.8"),
        ("渔船被扣押船员没有食物", "5.18.2"),
    ],
)
def test_plain_wording_finds_its_section(index: SectionIndex, text: str, section: str) -> None:
    assert section in [sid for sid, _ in index.rank(text, 3)]


def test_terms_include_words_and_character_bigrams() -> None:
    found = terms("護照丢了")
    assert "护照" in found and "#照丢" in found


def test_empty_query_scores_nothing(index: SectionIndex, guide: Guide) -> None:
    for text in ("", "！！"):
        scores = index.scores(text)
        assert set(scores) == set(guide.ids)
        assert max(scores.values()) == 0.0


def test_distribution_sums_to_one(index: SectionIndex) -> None:
    assert sum(index.distribution("护照丢了").values()) == pytest.approx(1.0)


def test_softmax_of_zeros_is_uniform() -> None:
    assert softmax({"a": 0.0, "b": 0.0}, 0.1) == {"a": 0.5, "b": 0.5}


def test_precomputed_term_weights_score_as_rank_bm25() -> None:
    corpus = [
        ["护照", "丢", "了"],
        ["护照", "护照", "补办"],
        ["车祸"],
        ["签证", "过期", "了", "了"],
    ]
    bm25 = BM25Okapi(corpus)
    weights = TermWeights(bm25)
    for query in (["护照"], ["护照", "护照", "了"], ["车祸", "签证", "未知"], ["未知"]):
        assert weights.scores(query).tolist() == pytest.approx(list(bm25.get_scores(query)))
