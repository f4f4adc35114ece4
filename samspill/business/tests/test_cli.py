import json

import pytest
from django.core.management import CommandError, call_command


def run(capsys, *args):
    call_command("roi", *args)
    return capsys.readouterr().out


def test_json_has_the_documented_keys_and_the_article_figures(capsys):
    report = json.loads(
        run(
            capsys,
            "--hours-per-week",
            "10",
            "--hourly-rate",
            "500",
            "--weeks-per-year",
            "52",
            "--json",
        )
    )
    assert set(report) >= {
        "currency",
        "hours_saved_per_year",
        "annual_benefit",
        "hours_per_fte",
        "fte_equivalent",
        "payback_months",
        "roi",
        "scenarios",
    }
    assert report["annual_benefit"] == "260000.00"
    assert report["currency"] == "NOK"
    assert set(report["roi"]) == {"12", "18", "36"}
    assert set(report["scenarios"]) == {"conservative", "base", "optimistic"}


def test_380_hours_a_year_is_0_23_fte(capsys):
    report = json.loads(run(capsys, "--hours-per-year", "380", "--hourly-rate", "500", "--json"))
    assert report["hours_per_fte"] == "1687.5"
    assert report["fte_equivalent"] == "0.2252"


def test_costs_give_payback_and_roi_fractions(capsys):
    report = json.loads(
        run(
            capsys,
            "--hours-per-week",
            "10",
            "--hourly-rate",
            "500",
            "--one-off-cost",
            "50000",
            "--annual-cost",
            "60000",
            "--json",
        )
    )
    assert report["payback_months"] == 7
    assert 0 < float(report["roi"]["12"]) < float(report["roi"]["36"])


def test_never_paying_back_is_null(capsys):
    report = json.loads(
        run(
            capsys,
            "--hours-per-week",
            "0.1",
            "--hourly-rate",
            "100",
            "--one-off-cost",
            "1000000",
            "--months",
            "12",
            "--json",
        )
    )
    assert report["payback_months"] is None


def test_readable_table(capsys):
    out = run(capsys, "--hours-per-week", "10", "--hourly-rate", "500", "--one-off-cost", "50000")
    assert "Benefit per year       225000.00 NOK" in out
    assert "conservative" in out and "optimistic" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hours-per-week", "0"], "--hours-per-week must be more than zero."),
        (["--hours-per-week", "40"], "--hours-per-week is more than the hours worked (37.5)."),
        (["--hours-per-week", "5", "--one-off-cost", "-1"], "--one-off-cost cannot be negative."),
    ],
)
def test_bad_input_names_the_option(args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("roi", "--hourly-rate", "500", *args)
