"""Objection matching: accuracy on the evaluation set and time per match on one core.

The reference is the cheapest thing any matcher must do, measured on the same texts in
the same run: casefolding and splitting them into words.
"""

import re
import statistics
import time

from method.objection_matcher import default_matcher, evaluate, load_eval_set

WORDS = re.compile(r"\w+")


def matcher_figures(rounds: int = 5) -> dict:
    cases = load_eval_set()
    default_matcher.cache_clear()
    start = time.perf_counter()
    matcher = default_matcher()  # reads the phrase bank and builds the index, once per process
    matcher.match("warm-up")
    build_ms = (time.perf_counter() - start) * 1000
    reports = [evaluate(cases, matcher) for _ in range(rounds)]
    reference = []
    for _ in range(rounds):
        for case in cases:
            begin = time.perf_counter()
            WORDS.findall(case.text.casefold())
            reference.append((time.perf_counter() - begin) * 1000)
    report = reports[-1]
    return {
        "cases": report.cases,
        "top1": round(report.top1, 4),
        "top3": round(report.top3, 4),
        "median_ms": round(statistics.median(r.median_ms for r in reports), 3),
        "reference_median_ms": round(statistics.median(reference), 4),
        "first_use_ms": round(build_ms, 1),
    }
