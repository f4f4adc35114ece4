import datetime as dt


def week_csv(
    monday: dt.date,
    *,
    cases: int = 40,
    minutes: float = 0.4,
    overrides: int = 0,
    undecided: int = 0,
    prefix: str = "W",
) -> bytes:
    """A week of production cases. The defaults are the rubber-stamp pattern: people take
    the AI's suggestion every time, in under half a minute."""
    lines = ["case_id;decided_on;department;ai_decision;human_decision;minutes;arm"]
    for i in range(cases):
        day = monday + dt.timedelta(days=i % 5)
        ai = "reject" if i % 2 else "advance"
        human = ai if i >= overrides else ("advance" if ai == "reject" else "reject")
        if i >= cases - undecided:
            human = ""
        lines.append(
            f"{prefix}-{monday:%Y%m%d}-{i};{day.isoformat()};Recruitment;{ai};{human};{minutes};pilot"
        )
    return ("\n".join(lines) + "\n").encode()
