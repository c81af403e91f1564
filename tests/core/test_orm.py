"""match_by_key: how every content import pairs file ids with stored rows."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from qualify.core.orm import match_by_key


@dataclass
class Row:
    slug: str


def test_rows_are_reused_created_and_left_over() -> None:
    stored = [Row("a"), Row("b"), Row("gone")]
    matched = match_by_key(stored, lambda r: r.slug, ["b", "new", "a"], Row)
    assert [r.slug for r in matched.rows] == ["b", "new", "a"]
    assert matched.rows[0] is stored[1] and matched.rows[2] is stored[0]
    assert [r.slug for r in matched.created] == ["new"]
    assert matched.left_over == [stored[2]]


@given(
    st.sets(st.text(min_size=1, max_size=3), max_size=8),
    st.lists(st.text(min_size=1, max_size=3), unique=True, max_size=8),
)
def test_every_key_gets_one_row_and_every_stored_row_is_kept_or_left_over(
    stored_keys: set[str], keys: list[str]
) -> None:
    stored = [Row(k) for k in sorted(stored_keys)]
    matched = match_by_key(stored, lambda r: r.slug, keys, Row)
    assert [r.slug for r in matched.rows] == keys
    assert {r.slug for r in matched.created} == set(keys) - stored_keys
    assert {r.slug for r in matched.left_over} == stored_keys - set(keys)
    kept = [r for r in matched.rows if r not in matched.created]
    assert all(any(r is s for s in stored) for r in kept)
