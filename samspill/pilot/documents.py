"""The pilot report as PDF, for the transparency workshop and the union representatives."""

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samspill.core import clock
from samspill.core.figures import number
from samspill.documents.pdf import render_pdf
from samspill.pilot.presenting import project_country, report_view


def _group_rows(rows: list[dict], *, fairness: bool, k: int = 5, rounded: bool = False):
    shown = []
    for row in rows:
        name = row["group"] or _("not stated")
        if row["masked"]:
            held = _("fewer than %(k)s cases: held back") % {"k": k}
            shown.append(
                [name, held if fairness else _("too few to judge"), "", "", "", ""][
                    : 6 if fairness else 4
                ]
            )
            continue
        if not fairness:
            shown.append([name, number(row["cases"]), row["selection_ai"], row["selection_human"]])
            continue
        cases = ("≈ " if rounded else "") + number(row["cases"])
        if row.get("ai_withheld"):
            ai = [_("fewer than %(k)s AI suggestions") % {"k": k}, ""]
        else:
            ai = [row["selection_ai"], _ratio_cell(row, "ai")]
        shown.append([name, cases, *ai, row["selection_human"], _ratio_cell(row, "human")])
    return shown


def _ratio_cell(row: dict, side: str) -> str:
    text = row[f"ratio_{side}_text"]
    if row[f"interval_{side}"]:
        text += f" ({row[f'interval_{side}']})"
    if row.get(f"small_sample_{side}", False):
        text += " · " + _("too wide to judge: about %(n)s cases per group needed") % {
            "n": row[f"needed_{side}"]
        }
    return text


def pilot_report_data(project, record) -> dict:
    with translation.override(project.language):
        view = report_view(record, project_country(project))
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
                "legal": _("The law this engages"),
                "not_advice": _("Samspill gives guidance, not legal advice."),
                "masked": _("too few to judge"),
                "no_fairness": _("No group attributes were analysed."),
            },
            "measured": ngettext(
                "%(cases)s case decided %(period)s: %(pilot)s in the pilot, where the AI "
                "suggested and a person decided, and %(control)s in a control group working "
                "without the AI. Case ids were pseudonymised on import; group attributes were "
                "used only in aggregate, and groups under %(k)s cases are not shown.",
                "%(cases)s cases decided %(period)s: %(pilot)s in the pilot, where the AI "
                "suggested and a person decided, and %(control)s in a control group working "
                "without the AI. Case ids were pseudonymised on import; group attributes were "
                "used only in aggregate, and groups under %(k)s cases are not shown.",
                summary["cases"],
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
                {
                    "attribute": t["attribute"],
                    "rows": _group_rows(
                        t["rows"], fairness=True, k=view["k"], rounded=bool(t["rounded"])
                    ),
                    "note": (
                        _(
                            "Held back: every group with fewer than %(k)s cases, and the AI "
                            "figures of a group with fewer than %(k)s AI suggestions. So that "
                            "nobody can work them out by subtracting the other groups from the "
                            "report's totals, the counts in this table are rounded to a "
                            "multiple of 5 (marked ≈), and its rates, ratios and intervals "
                            "are worked out from the rounded counts. Every group with %(k)s "
                            "or more cases is shown."
                        )
                        % {"k": view["k"]}
                        if t["rounded"]
                        else ""
                    ),
                }
                for t in view["fairness"]
            ],
            "legal": view["legal"],
            "shadow": (
                ngettext(
                    "Shadow agreement: in the control arm the AI also suggested, but nobody saw "
                    "it; people agreed with it in %(shadow)s of %(cases)s case, against "
                    "%(pilot)s in the pilot arm where they saw it (difference %(gap)s). More "
                    "agreement where the suggestion is seen can be automation bias.",
                    "Shadow agreement: in the control arm the AI also suggested, but nobody saw "
                    "it; people agreed with it in %(shadow)s of %(cases)s cases, against "
                    "%(pilot)s in the pilot arm where they saw it (difference %(gap)s). More "
                    "agreement where the suggestion is seen can be automation bias.",
                    view["shadow"]["case_count"],
                )
                % {
                    "shadow": view["shadow"]["agreement"],
                    "cases": view["shadow"]["cases"],
                    "pilot": view["agreement"],
                    "gap": view["shadow"]["gap"],
                }
                if view["shadow"]
                else ""
            ),
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
                _(
                    "Each ratio comes with a 95 % interval (Katz's method): the range that "
                    "chance alone leaves open. Where it reaches both under 0.8 and 1.0, the "
                    "figures cannot tell an alarm from equal treatment; the table then says "
                    "about how many cases per group would settle it."
                ),
            ],
        }


def pilot_report_pdf(project, record) -> bytes:
    return render_pdf("pilot_report.typ", pilot_report_data(project, record))
