import datetime as dt

from method.aifile import (
    AckState,
    LogWarning,
    Overseer,
    ack_expires,
    ack_state,
    log_retention_warning,
    uninformed,
    without_literacy,
)


def test_unknown_log_retention_is_a_warning():
    assert log_retention_warning(None) is LogWarning.UNKNOWN


def test_five_months_of_logs_is_too_short_and_six_is_enough():
    assert log_retention_warning(5) is LogWarning.TOO_SHORT
    assert log_retention_warning(0) is LogWarning.TOO_SHORT
    assert log_retention_warning(6) is None
    assert log_retention_warning(24) is None


def test_groups_without_information_keep_their_order():
    assert uninformed(["union", "employees", "it"], ["it"]) == ["union", "employees"]
    assert uninformed(["union", "employees"], ["employees", "union"]) == []
    assert uninformed([], ["union"]) == []


def test_an_overseer_without_a_literacy_record_is_named():
    people = [Overseer("Kari", 1), Overseer("Per", 0), Overseer("Ola", 3)]
    assert without_literacy(people) == ["Per"]


def test_a_link_is_valid_until_it_expires_and_used_wins_over_expired():
    issued = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)
    expires = ack_expires(issued, days=60)
    assert expires == dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    before = expires - dt.timedelta(seconds=1)
    assert ack_state(confirmed=False, expires=expires, now=before) is AckState.VALID
    assert ack_state(confirmed=False, expires=expires, now=expires) is AckState.EXPIRED
    assert ack_state(confirmed=True, expires=expires, now=expires) is AckState.USED
