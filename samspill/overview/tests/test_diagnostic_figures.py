from decimal import Decimal

import pytest
from django.utils import translation

from method.diagnostics import Finding, Severity
from samspill.overview.diagnostics import _params


def training_finding(share: str, target: str = "0.10") -> Finding:
    return Finding(
        "training_underfunded",
        Severity.MEDIUM,
        ("below_target",),
        {"share": Decimal(share), "target": Decimal(target)},
    )


@pytest.mark.parametrize(
    ("share", "english", "norwegian"),
    [
        ("0.0666", "7 %", "7 %"),  # cut, it read 6 %
        ("0.096", "9.6 %", "9,6 %"),  # rounded to 10 % it would equal the target
        ("0.0995", "9.95 %", "9,95 %"),
    ],
)
def test_a_share_under_its_target_never_reads_as_the_target(share, english, norwegian):
    for language, expected in (("en", english), ("nb", norwegian)):
        with translation.override(language):
            assert _params(training_finding(share)) == {"share": expected, "target": "10 %"}
