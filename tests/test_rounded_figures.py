"""A guard: no figure is cut instead of rounded.

Django's `number_format(value, decimal_pos=n)` drops digits (0.267 → "0.26", 2.5156 →
"251 %"), and `floatformat` has no real minus sign and no place in the one helper. Every
number goes through samspill/core/figures.py (template filters: `{% load figures %}`),
which rounds half up in method/figures.py. This test fails on any other use, so the class
of bug stays fixed.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = (ROOT / "samspill", ROOT / "method")
HELPERS = {
    ROOT / "method/figures.py",
    ROOT / "samspill/core/figures.py",
    ROOT / "samspill/core/templatetags/figures.py",
}
TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".typ")
TEMPLATE_FLOATFORMAT = re.compile(r"\|\s*floatformat\b")


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _mentions_floatformat(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return any(alias.name == "floatformat" for alias in node.names)
    return isinstance(node, ast.Name | ast.Attribute) and _name(node) == "floatformat"


def python_problems(source: str) -> list[tuple[int, str]]:
    """(line, what) for each truncating number format in a Python module."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) == "number_format":
            # number_format(value, decimal_pos=None, use_l10n=None, force_grouping=False)
            if len(node.args) >= 2 or any(k.arg == "decimal_pos" for k in node.keywords):
                problems.append((node.lineno, "number_format with decimal_pos"))
        elif _mentions_floatformat(node):
            problems.append((node.lineno, "floatformat"))
    return problems


def template_problems(source: str) -> list[tuple[int, str]]:
    return [
        (source.count("\n", 0, match.start()) + 1, "floatformat")
        for match in TEMPLATE_FLOATFORMAT.finditer(source)
    ]


def scanned_files():
    for folder in SCANNED:
        for path in sorted(folder.rglob("*")):
            wanted = path.suffix == ".py" or path.suffix in TEMPLATE_SUFFIXES
            if wanted and path.is_file() and path not in HELPERS:
                yield path


def test_no_number_is_cut_instead_of_rounded():
    found = []
    for path in scanned_files():
        source = path.read_text(encoding="utf-8")
        problems = python_problems(source) if path.suffix == ".py" else template_problems(source)
        found += [f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in problems]
    assert not found, (
        "Use samspill.core.figures (or {% load figures %} … |number:2, |percent) instead:\n"
        + "\n".join(found)
    )


@pytest.mark.parametrize(
    "source",
    [
        "number_format(value, decimal_pos=2)",
        "formats.number_format(value, 0)",
        "x = f'{number_format(v * 100, decimal_pos=0)} %'",
        "from django.template.defaultfilters import floatformat",
        "defaultfilters.floatformat(value, 1)",
    ],
)
def test_the_guard_catches_truncating_python(source):
    assert python_problems(source)


def test_the_guard_lets_counts_and_the_helper_through():
    assert not python_problems("number_format(count)")
    assert not python_problems("figures.number(value, 2)")
    assert not python_problems("text = 'floatformat is banned'")


def test_the_guard_catches_floatformat_in_templates():
    assert template_problems("{{ rate|floatformat:0 }} %") == [(1, "floatformat")]
    assert template_problems("a\n{% blocktranslate with m=x | floatformat:1 %}")[0][0] == 2
    assert not template_problems("{{ rate|percent }}")


def test_the_figures_core_stays_free_of_django():
    tree = ast.parse((ROOT / "method/figures.py").read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.split(".")[0] == "django" for name in imported)


# The converted helpers, one worked example each: a tie rounds away from zero.

MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "expected"), [(12.5, "+13"), (-12.5, f"{MINUS}13"), (0.4, "0"), (None, "—")]
)
def test_nps_rounds_half_up_with_its_sign(value, expected):
    from samspill.surveys.presenting import _nps_text

    assert _nps_text(value) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (66.5, "percent", "67 %"),
        (20.5, "score", "+21"),
        (-20.5, "score", f"{MINUS}21"),
        (12.96, "count", "13"),
        (12.25, "count", "12.3"),
    ],
)
def test_kpi_values_round_half_up(value, unit, expected):
    from samspill.kpis.presenting import value_text

    assert value_text(value, unit) == expected


def test_a_group_stance_keeps_its_sign_and_the_language_decimal_sign():
    from django.utils import translation

    from samspill.stakeholders.templatetags.stakeholder_tags import signed

    with translation.override("nb"):
        assert signed("1.50") == "+1,5" and signed(-2) == f"{MINUS}2" and signed(0) == "0"
