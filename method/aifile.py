"""Rules of the employer's AI Act file (Regulation (EU) 2024/1689, Art. 4, 26 and 50).

Plain Python: which affected groups are still uninformed (Art. 26(7), aml § 9-2(2)),
whether a log retention is long enough (Art. 26(6): at least six months), who oversees
without an AI-literacy record (Art. 4 with 26(2)), and when a personal acknowledgement
link expires.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

# Art. 26(6): logs kept "for a period appropriate to the intended purpose … of at least six
# months", unless other Union or national law says otherwise.
MIN_LOG_RETENTION_MONTHS = 6
ACK_LINK_DAYS = 60  # a personal acknowledgement link stays valid this long


class LogWarning(StrEnum):
    UNKNOWN = "unknown"
    TOO_SHORT = "too_short"


def log_retention_warning(months: int | None) -> LogWarning | None:
    """None when the logs are kept at least six months; otherwise why not."""
    if months is None:
        return LogWarning.UNKNOWN
    if months < MIN_LOG_RETENTION_MONTHS:
        return LogWarning.TOO_SHORT
    return None


def uninformed[K](affected: Iterable[K], informed: Iterable[K]) -> list[K]:
    """The affected groups with no recorded information, in the order given."""
    done = set(informed)
    return [group for group in affected if group not in done]


@dataclass(frozen=True)
class Overseer:
    name: str
    literacy_records: int  # AI-literacy records linked to this person


def without_literacy(overseers: Iterable[Overseer]) -> list[str]:
    """Art. 26(2) asks for overseers with the necessary competence, training and authority;
    Art. 4 for measures supporting AI literacy. An overseer with no record is a warning."""
    return [o.name for o in overseers if o.literacy_records == 0]


def ack_expires(issued: dt.datetime, days: int = ACK_LINK_DAYS) -> dt.datetime:
    return issued + dt.timedelta(days=days)


class AckState(StrEnum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"


def ack_state(*, confirmed: bool, expires: dt.datetime, now: dt.datetime) -> AckState:
    """A used link says so even after it expired: the person did confirm."""
    if confirmed:
        return AckState.USED
    if now >= expires:
        return AckState.EXPIRED
    return AckState.VALID


# The gate key that stays missing while an affected group is uninformed, and its gate.
WORKER_INFORMED = "worker_informed"
WORKER_INFORMED_GATE = "rollout"
