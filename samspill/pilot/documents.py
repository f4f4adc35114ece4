"""The pilot report as PDF, for the transparency workshop and the union representatives."""

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samspill.core import clock
from samspill.core.figures import number
from samspill.documents.pdf import render_pdf
from samspill.pilot.presenting import report_view


def _group_rows(rows: list[dict], *, fairness: bool) -> list[list[str]]:
    shown = []
    for row in rows:
        name = row["group"] or _("not stated")
        if row["masked"]:
            shown.append([name, _("too few to judge"), "", "", *([""] * (2 if fairness else 0))])
            continue
        cells = [name, number(row["cases"]), row["selection_ai"], row["selection_human"]]
        if fairness:
            cells += [row["ratio_ai_text"], row["ratio_human_text"]]
        shown.append(cells)
    return shown


def pilot_report_data(project, record) -> dict:
    with translation.override(project.language):
        view = report_view(record)
        summary = view["summary"]
        saved = view["saved"]
        return {
            "meta": {
                "title": _("Pilot evaluation"),
                "subtitle": f"{project.name} · {project.ai_tool}",
                "kind": _("Pilot report"),
                "organisation": project.name,
                "footer": _("Samspill · made %(date)s")
                % {"date": date_format(clock.today(), "DATE_FORMAT")},
                "lang": project.language,
            },
            "labels": {
                "measured": _("What was measured"),
                "results": _("Results"),
                "flags": _("Flags"),
                "no_flags": _("No flag was raised."),
                "weekly": _("Week by week"),
                "departments": _("By department"),
                "fairness": _("Fairness"),
                "limits": _("What these figures can and cannot say"),
                "week": _("Week of"),
                "compared": _("Compared cases"),
                "agreement": _("Agreement"),
                "overrides": _("Overrides"),
                "minutes": _("Minutes (pilot)"),
                "group": _("Group"),
                "cases": _("Cases"),
                "selected_ai": _("Selected (AI)"),
                "selected_human": _("Selected (person)"),
                "ratio_ai": _("Ratio (AI)"),
                "ratio_human": _("Ratio (person)"),
                "masked": _("too few to judge"),
                "no_fairness": _("No group attributes were analysed."),
            },
            "measured": _(
                "%(cases)s cases decided %(period)s: %(pilot)s in the pilot, where the AI "
                "suggested and a person decided, and %(control)s in a control group working "
                "without the AI. Case ids were pseudonymised on import; group attributes were "
                "used only in aggregate, and groups under %(k)s cases are not shown."
            )
            % {
                "cases": number(summary["cases"]),
                "period": view["period"],
                "pilot": number(summary["pilot_cases"]),
                "control": number(summary["control_cases"]),
                "k": summary.get("k", 5),
            },
            "key_figures": [
                {"label": _("AI and person agree"), "value": view["agreement"]},
                {"label": _("Cohen's kappa"), "value": view["kappa"]},
                {"label": _("overridden by a person"), "value": view["override"]},
                {
                    "label": _("minutes saved per case")
                    + (f" ({saved['low']}–{saved['high']}, 95 %)" if saved else ""),
                    "value": saved["estimate"] if saved else "—",
                },
            ],
            "flags": [{"title": f["title"], "text": f["text"]} for f in view["flags"]],
            "weekly": [
                [
                    date_format(w["week"], "SHORT_DATE_FORMAT"),
                    number(w["cases"]),
                    *(
                        [_("too few to judge"), "", ""]
                        if w["masked"]
                        else [w["agreement"], w["override"], w["minutes"]]
                    ),
                ]
                for w in view["weekly"]
            ],
            "departments": _group_rows(view["departments"], fairness=False),
            "fairness": [
                {"attribute": t["attribute"], "rows": _group_rows(t["rows"], fairness=True)}
                for t in view["fairness"]
            ],
            "limits": [
                _(
                    "Agreement with the AI is not the same as being right: it says how often "
                    "people and the tool decide alike."
                ),
                _(
                    "The four-fifths rule is a rule of thumb. A lower rate for a group is a "
                    "reason to look closer, not proof of discrimination; it may come from who "
                    "applied rather than from the tool. Correlation is not cause."
                ),
                _(
                    "Small groups and short periods swing by chance. The interval for the time "
                    "saved shows that chance, not differences between the two groups' cases."
                ),
            ],
        }


def pilot_report_pdf(project, record) -> bytes:
    return render_pdf("pilot_report.typ", pilot_report_data(project, record))
