"""Small groups are suppressed in the report: the pure rules, with examples and properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qualify.reports.report import (
    BREAKDOWN,
    COLUMNS,
    PEOPLE_COLUMNS,
    CohortFacts,
    Column,
    ReportFacts,
    SessionFacts,
    _equations,
    build_report,
)
from qualify.reports.suppression import Equation, Mark, masked_parts, recoverable, suppress

ROW = Equation(((0, 0), (0, 1), (0, 2)), (0, 3))


def marks_of(*row: int) -> list[Mark]:
    return suppress([list(row)], frozenset(range(len(row))), [ROW])[0]


def test_counts_of_one_to_four_are_small_and_zero_shows() -> None:
    assert marks_of(0, 0, 0, 0) == [Mark.SHOWN] * 4
    assert marks_of(2, 0, 5, 7) == [Mark.SMALL, Mark.SHOWN, Mark.WITHHELD, Mark.SHOWN]
    assert marks_of(5, 6, 7, 18) == [Mark.SHOWN] * 4


def test_a_single_small_cell_takes_the_next_smallest_with_it() -> None:
    """3 + 9 + 20 = 32: publishing 9, 20 and 32 would give the 3 away."""
    assert marks_of(3, 20, 9, 32) == [Mark.SMALL, Mark.SHOWN, Mark.WITHHELD, Mark.SHOWN]


def test_ranges_count_too() -> None:
    """1 + 5 = 6: a reader knows "< 5" is at least 1 and "x" at least 5, so both are
    exact; a third cell is withheld."""
    assert marks_of(1, 5, 0, 6) == [Mark.SMALL, Mark.WITHHELD, Mark.SHOWN, Mark.WITHHELD]
    # Two small cells adding up to 8 are both 4: not enough either.
    assert marks_of(4, 4, 10, 18) == [Mark.SMALL, Mark.SMALL, Mark.WITHHELD, Mark.SHOWN]


def test_the_parts_of_a_small_total_are_all_small() -> None:
    """Four parts of "< 5" under "< 5" would each be 1; a 0 beside them would tell more."""
    assert marks_of(1, 1, 1, 3) == [Mark.SMALL] * 4
    assert marks_of(0, 0, 2, 2) == [Mark.SMALL] * 4


def test_only_people_columns_are_suppressed() -> None:
    assert suppress([[3, 2]], frozenset({0}), []) == [[Mark.SMALL, Mark.SHOWN]]


def cohort(cohort_id: int, place: str = "Harz") -> CohortFacts:
    return CohortFacts(cohort_id, f"Gruppe {cohort_id}", place, 1, "Q", frozenset({"kurs"}))


def test_the_report_withholds_a_small_target_group_and_its_complement() -> None:
    members = [(1, user, "migrant_organisation") for user in range(12)]
    members += [(1, 100 + user, "administration") for user in range(2)]
    members += [(1, 200 + user, "other") for user in range(6)]
    facts = ReportFacts(
        cohorts=[cohort(1)],
        members=members,
        enrolments=[(user, "kurs") for user in range(12)],
        sessions=[SessionFacts(1, 3.0, 2)],
    )
    row = build_report(facts, group_by="cohort").rows[0]  # type: ignore[arg-type]
    assert row.cells[Column.ADMINISTRATION].mark == Mark.SMALL
    assert row.cells[Column.OTHER].mark == Mark.WITHHELD  # 6: next smallest after the 2
    assert row.cells[Column.MIGRANT_ORGANISATION].value == 12
    assert row.cells[Column.PEOPLE].value == 20
    assert row.cells[Column.STARTED].value == 12
    # 2 attendances at one session: both the count and the average are withheld.
    assert row.cells[Column.ATTENDANCES].mark == Mark.SMALL
    assert row.cells[Column.PER_SESSION].mark == Mark.SMALL
    assert row.cells[Column.SESSIONS].value == 1
    assert row.cells[Column.HOURS].value == 3.0


GROUPS = st.sampled_from(["administration", "migrant_organisation", "other", None])


@st.composite
def report_facts(draw: st.DrawFn) -> ReportFacts:
    cohorts = [
        cohort(i, place)
        for i, place in enumerate(
            draw(st.lists(st.sampled_from(["Harz", "online", "Börde"]), min_size=1, max_size=5))
        )
    ]
    members = draw(
        st.lists(
            st.tuples(st.integers(0, len(cohorts) - 1), st.integers(0, 60), GROUPS), max_size=120
        )
    )
    unique = {(c, u): g for c, u, g in members}
    # A person states one target group, whichever group they are in.
    stated = {u: g for (_c, u), g in unique.items()}
    return ReportFacts(
        cohorts=cohorts,
        members=[(c, u, stated[u]) for (c, u) in unique],
        enrolments=draw(st.lists(st.tuples(st.integers(0, 60), st.just("kurs")), max_size=60)),
        completions=draw(st.lists(st.tuples(st.integers(0, 60), st.just("kurs")), max_size=60)),
        sessions=[
            SessionFacts(c, 2.0, n)
            for c, n in draw(
                st.lists(
                    st.tuples(st.integers(0, len(cohorts) - 1), st.integers(0, 12)), max_size=8
                )
            )
        ],
    )


@given(report_facts(), st.sampled_from(["cohort", "place", "qualification"]))
def test_no_published_count_is_small_and_no_withheld_one_is_recoverable(
    facts: ReportFacts, group_by: str
) -> None:
    report = build_report(facts, group_by=group_by)  # type: ignore[arg-type]
    rows = [*report.rows, report.total]
    for row in rows:
        for column in PEOPLE_COLUMNS:
            cell = row.cells[column]
            assert not (cell.shown and 0 < cell.value < 5)
            assert cell.mark != Mark.SMALL or 0 <= cell.value < 5
            assert cell.mark != Mark.WITHHELD or cell.value >= 5
        # Total minus the published cells of its row never leaves one withheld cell.
        # (A lone hidden 0, the part of a small column total, gives nobody away.)
        hidden = [row.cells[c].value for c in BREAKDOWN if not row.cells[c].shown]
        if row.cells[Column.PEOPLE].shown:
            assert len(hidden) != 1 or hidden == [0]
        assert row.cells[Column.PER_SESSION].shown == row.cells[Column.ATTENDANCES].shown
    values = [[round(row.cells[c].value) for c in COLUMNS] for row in rows]
    marks = [[row.cells[c].mark for c in COLUMNS] for row in rows]
    equations = _equations(len(rows))
    masked = masked_parts(equations, marks)
    assert not any(recoverable(eq, values, marks, masked) for eq in equations)


@given(st.lists(st.integers(0, 30), min_size=3, max_size=3))
def test_a_row_with_a_single_small_cell_never_stays_alone(parts: list[int]) -> None:
    marks = marks_of(*parts, sum(parts))
    hidden = [m for m in marks[:3] if m != Mark.SHOWN]
    assert len(hidden) != 1 or marks[3] != Mark.SHOWN
