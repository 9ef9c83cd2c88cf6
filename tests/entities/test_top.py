"""entities.annotate._top picks what heapq.nsmallest picks, making the sort key only for
the candidates near the n-th best score (related articles and co-mentioned entities)."""

import heapq
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from entities.annotate import _top

# Scores as _related makes them: sums of 1/(articles naming an entity), so that equal
# fractions reached by different sums differ in their last bits (the key rounds them).
weights = st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(weights, min_size=0, max_size=40), st.integers(min_value=1, max_value=8))
def test_related_articles_are_nsmallests(sums, n):
    score = {j: sum(1.0 / d for d in ds) for j, ds in enumerate(sums)}
    order = {j: (-(j % 3), f"slug-{j:03d}") for j in score}  # dates repeat: ties go to the slug

    def key(j):
        return (-round(score[j], 9), *order[j])

    assert _top(score, n, key) == heapq.nsmallest(n, score, key=key)


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(min_value=1, max_value=5)),
       st.integers(min_value=1, max_value=12))
def test_co_mentions_are_nsmallests(co, n):
    def key(k):
        return (-co[k], len(k))  # ties beyond the key keep the dictionary's order

    assert _top(co, n, key) == heapq.nsmallest(n, co, key=key)


def test_rounding_ties_are_kept_as_candidates():
    score = {0: 0.1 + 0.2, 1: 0.3, 2: 0.25}  # 0.30000000000000004 and 0.3: equal once rounded
    assert Fraction(score[0]) > Fraction(score[1])

    def key(j):
        return (-round(score[j], 9), -j)

    assert _top(score, 1, key) == heapq.nsmallest(1, score, key=key) == [1]
    assert _top(score, 2, key) == [1, 0]
