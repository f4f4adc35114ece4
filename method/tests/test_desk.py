import datetime as dt

import pytest

from method.desk import DueState, deadline, desk_stats, due_state, months_back, purge_before

OUTCOMES = ["explained", "decision_changed", "complaint"]


def test_the_default_deadline_is_thirty_days():
    assert deadline(dt.date(2026, 12, 3)) == dt.date(2027, 1, 2)
    assert deadline(dt.date(2026, 12, 3), 14) == dt.date(2026, 12, 17)


def test_a_deadline_of_no_days_is_refused():
    with pytest.raises(ValueError):
        deadline(dt.date(2026, 12, 3), 0)


def test_due_states_around_the_deadline():
    due = dt.date(2026, 12, 10)
    assert due_state(due, dt.date(2026, 12, 1), closed=False) is DueState.ON_TIME
    assert due_state(due, dt.date(2026, 12, 3), closed=False) is DueState.DUE_SOON
    assert due_state(due, dt.date(2026, 12, 10), closed=False) is DueState.DUE_SOON
    assert due_state(due, dt.date(2026, 12, 11), closed=False) is DueState.OVERDUE
    assert due_state(due, dt.date(2027, 1, 11), closed=True) is DueState.CLOSED


def test_months_back_handles_short_months():
    assert months_back(dt.date(2026, 12, 3), 6) == dt.date(2026, 6, 3)
    assert months_back(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_back(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)
    assert purge_before(dt.date(2026, 12, 3), 6) == dt.date(2026, 6, 3)


def test_statistics_unmasked_for_owners():
    received = [dt.date(2026, 10, 5), dt.date(2026, 11, 2), dt.date(2026, 11, 20)]
    answered = [
        (dt.date(2026, 10, 5), dt.date(2026, 10, 15)),
        (dt.date(2026, 11, 2), dt.date(2026, 11, 22)),
    ]
    stats = desk_stats(received, answered, ["explained", "complaint"], outcome_keys=OUTCOMES)
    assert stats.per_month == {"2026-10": 1, "2026-11": 2}
    assert stats.outcomes == {"explained": 1, "decision_changed": 0, "complaint": 1}
    assert stats.answered == 2
    assert stats.median_days == 15.0


def test_statistics_for_observers_hide_small_cells_and_the_median():
    received = [dt.date(2026, 10, 5)] + [dt.date(2026, 11, d) for d in (1, 2, 3, 4)]
    answered = [(dt.date(2026, 11, 1), dt.date(2026, 11, 5))]
    stats = desk_stats(received, answered, ["explained"], outcome_keys=OUTCOMES, k=3)
    # October's single request is hidden, and November with it, or the total would tell.
    assert stats.per_month == {"2026-10": None, "2026-11": None}
    assert stats.outcomes["explained"] is None
    assert stats.outcomes["complaint"] == 0
    assert stats.median_days is None
    assert stats.answered is None


def test_statistics_with_enough_requests_show_through_the_mask():
    received = [dt.date(2026, 11, d) for d in range(1, 8)]
    answered = [(dt.date(2026, 11, d), dt.date(2026, 11, d + 10)) for d in range(1, 5)]
    stats = desk_stats(received, answered, ["explained"] * 4, outcome_keys=OUTCOMES, k=3)
    assert stats.per_month == {"2026-11": 7}
    assert stats.outcomes["explained"] == 4
    assert stats.median_days == 10.0
