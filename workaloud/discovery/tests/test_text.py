"""The lexical method (the default) and the ranking functions, on plain data."""

import numpy as np
import pytest

from workaloud.discovery import profiles, ranking, text


def test_words_fold_plurals_and_drop_stop_words():
    assert text.terms("The Engineers and their onboarding buddies") == [
        "engineer",
        "onboarding",
        "buddy",
    ]


def test_lexical_ranks_the_matching_profile_first():
    method = text.get_method("lexical")
    docs = [
        profiles.profile_text("Onboarding new engineers", ["Buddy programme"], ["Wrote a guide"]),
        profiles.profile_text("Quarterly budgets", [], ["Finance calendar"]),
        "",
    ]
    index = method.build_index(np.array([10, 20, 30]), method.encode(docs))
    scores = index.scores(method.query("How do you onboard new engineers? A buddy?"))
    assert scores[0] > 0 and scores[1] == 0 and scores[2] == 0
    assert index.idf_of("budget") > 0
    assert len(index) == 3


def test_empty_index_and_query():
    method = text.get_method("lexical")
    index = method.build_index(np.array([], dtype=np.int64), [])
    assert len(index.scores(method.query("anything"))) == 0
    index = method.build_index(np.array([1]), method.encode(["some words"]))
    assert index.scores(method.query("")).tolist() == [0.0]


def test_a_long_query_is_scored_on_its_weightiest_terms(monkeypatch):
    method = text.get_method("lexical")
    docs = ["common words shared", "common words shared rare", "common", "words", "shared"]
    index = method.build_index(np.arange(5), method.encode(docs))
    full = index.scores(method.query("common words shared rare"))
    assert full[0] > 0 and full[1] > full[0]
    monkeypatch.setattr(text, "MAX_QUERY_TERMS", 1)
    pruned = index.scores(method.query("common words shared rare"))
    assert pruned.tolist() == index.scores(method.query("rare")).tolist()  # the rarest is kept
    assert pruned[1] > 0 and pruned[0] == 0


def test_an_index_of_empty_profiles_scores_nothing():
    method = text.get_method("lexical")
    index = method.build_index(np.array([1, 2]), method.encode(["", ""]))
    assert index.scores(method.query("anything at all")).tolist() == [0.0, 0.0]


def test_rank_helpers_combines_text_with_help_and_load():
    ids = np.array([1, 2, 3])
    text_scores = np.array([1.0, 0.9, 0.0])
    helped = np.array([0, 10, 0])
    ranked = ranking.rank_helpers(ids, text_scores, helped, np.zeros(3))
    assert [r.person_id for r in ranked] == [2, 1]  # 3 matches nothing and never helped
    assert ranked[0].facts == {"helped": 10, "load": 0}
    loaded = ranking.rank_helpers(ids, text_scores, np.zeros(3), np.array([0, 4, 0]))
    assert [r.person_id for r in loaded] == [1, 2]
    assert (
        ranking.rank_helpers(ids, text_scores, helped, np.zeros(3), exclude={2})[0].person_id == 1
    )


def test_concentration():
    even = ranking.concentration([[1, 2], [3, 4]], top=2)
    assert even["gini"] == pytest.approx(0.0) and even["top_share"] == 0.5
    skewed = ranking.concentration([[1, 2], [1, 3], [1, 4]], top=1)
    assert skewed["top_share"] == 0.5 and skewed["gini"] > 0
    assert ranking.concentration([])["people"] == 0


def test_configured_method_defaults_to_lexical(settings):
    settings.DISCOVERY_TEXT_METHOD = ""
    assert text.get_method().name == "lexical"
    settings.DISCOVERY_TEXT_METHOD = "nonsense"
    with pytest.raises(ValueError):
        text.get_method()
