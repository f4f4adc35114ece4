"""The leadership business case as PDF (Typst) and DOCX (python-docx), in the project's language."""

import io
from collections import defaultdict

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from method.alignment import GroupStance
from method.catalog import DecisionWeight, rollout_phases
from method.roi import business_case
from samspill.business.presenting import present
from samspill.core import clock
from samspill.core.figures import number, round_half_up
from samspill.documents.docx import DocxDocument
from samspill.documents.pdf import render_pdf, svg_to_png
from samspill.stakeholders.models import DecisionWeightChoice, Person, Stance
from samspill.stakeholders.selectors import alignment_now


def _stance_text(value) -> str:
    if value is None:
        return "—"
    nearest = int(round_half_up(value))  # as on the map
    return f"{Stance(nearest).label} ({number(value, 1, sign=True)})"


def _groups(project) -> list[dict]:
    stances = defaultdict(list)
    for group_id, stance in Person.objects.filter(project=project).values_list(
        "group_id", "stance"
    ):
        stances[group_id].append(stance)
    rows = []
    for group in project.stakeholder_groups.all():
        mean = GroupStance(
            group.name, DecisionWeight(group.decision_weight), stances[group.pk]
        ).stance
        rows.append(
            {
                "name": group.name,
                "weight": str(DecisionWeightChoice(group.decision_weight).label),
                "people": number(len(stances[group.pk])),
                "stance": _stance_text(mean),
            }
        )
    return rows


def business_case_data(project, inputs) -> dict:
    """Everything the document says, worded in the project's content language."""
    with translation.override(project.language):
        case = business_case(inputs.roi_inputs(), inputs.scenarios())
        shown = present(case, inputs)
        alignment = alignment_now(project)
        if alignment.percent is None:
            alignment_summary = _("No people are on the stakeholder map yet.")
        else:
            alignment_summary = _(
                "Weighted alignment across the groups is %(percent)s %% (from −100 %% to +100 %%)."
            ) % {"percent": number(alignment.percent, sign=True)}
            for name in alignment.vetoes_below_neutral:
                alignment_summary += " " + _(
                    "%(group)s holds a veto and leans against the project."
                ) % {"group": name}
        headline = shown["headline"]
        today = clock.today()
        return {
            "meta": {
                "lang": project.language,
                "kind": _("Business case"),
                "title": project.name,
                "subtitle": f"{project.ai_tool} · {date_format(today, 'DATE_FORMAT')}",
                "organisation": "Samspill",
                "footer": _("Business case · %(project)s") % {"project": project.name},
            },
            "labels": {
                "problem": _("The problem"),
                "no_problem": _("Not described yet."),
                "numbers": _("What it is worth"),
                "chart_caption": _("Cumulative cash flow per scenario"),
                "assumptions": _("Assumptions"),
                "sensitivity": _("What moves the payback"),
                "if_this_is": _("If this is…"),
                "lower": _("20 % lower"),
                "as_assumed": _("as assumed"),
                "higher": _("20 % higher"),
                "pilot": _("A pilot that limits the risk"),
                "alignment": _("Where the stakeholders stand"),
                "group": _("Group"),
                "decision_weight": _("Decision weight"),
                "people": _("People"),
                "stance": _("Stance"),
                "risks": _("Risks and how we limit them"),
                "risk": _("Risk"),
                "mitigation": _("Mitigation"),
                "no_risks": _("No risks recorded yet."),
            },
            "key_figures": [
                {"label": _("benefit per year at full use"), "value": headline["benefit"]},
                {"label": _("payback"), "value": headline["payback"]},
                {"label": _("ROI after 12 months"), "value": headline["roi"]["12"]},
                {"label": _("full-time equivalents"), "value": headline["fte"]},
            ],
            "problem": inputs.problem,
            "numbers_intro": _(
                "Hours saved are valued at the loaded hourly cost. One-off costs fall in the first "
                "month, running costs every month, and the benefit grows along the adoption ramp. "
                "The conservative and optimistic scenarios change hours saved and costs as shown "
                "in the assumptions."
            ),
            "scenarios": shown["scenarios"],
            "scenario_rows": [
                {
                    "label": _("Benefit per year"),
                    "values": [s["benefit"] for s in shown["scenarios"]],
                },
                {"label": _("Payback"), "values": [s["payback"] for s in shown["scenarios"]]},
                {
                    "label": _("ROI, 12 months"),
                    "values": [s["roi"]["12"] for s in shown["scenarios"]],
                },
                {
                    "label": _("ROI, 18 months"),
                    "values": [s["roi"]["18"] for s in shown["scenarios"]],
                },
                {
                    "label": _("ROI, 36 months"),
                    "values": [s["roi"]["36"] for s in shown["scenarios"]],
                },
                {
                    "label": _("Net at the horizon"),
                    "values": [s["net_at_horizon"] for s in shown["scenarios"]],
                },
            ],
            "chart": shown["chart"],
            "assumptions": [list(pair) for pair in shown["assumptions"]],
            "full_year_note": shown["full_year_note"],
            "sensitivity": shown["sensitivity"],
            "break_even": shown["break_even_text"],
            "pilot_intro": _(
                "The tool is introduced in steps. Each step is small enough to stop without great "
                "loss, and each ends with a decision on whether to go on."
            ),
            "phases": [
                {
                    "weeks": _("Weeks %(first)s–%(last)s")
                    % {"first": p.first_week, "last": p.last_week},
                    "title": p.title,
                    "description": p.description,
                }
                for p in rollout_phases(project.language)
            ],
            "alignment_summary": alignment_summary,
            "groups": _groups(project),
            "risks": [list(pair) for pair in inputs.risk_lines()],
        }


def business_case_pdf(project, inputs) -> bytes:
    return render_pdf("business_case.typ", business_case_data(project, inputs))


def business_case_docx(project, inputs) -> bytes:
    data = business_case_data(project, inputs)
    labels = data["labels"]
    doc = DocxDocument(
        title=data["meta"]["title"], kind=data["meta"]["kind"], subtitle=data["meta"]["subtitle"]
    )
    doc.table(["", ""], [[k["label"], k["value"]] for k in data["key_figures"]])
    doc.heading(labels["problem"])
    doc.paragraph(data["problem"] or labels["no_problem"])
    doc.heading(labels["numbers"])
    doc.paragraph(data["numbers_intro"])
    doc.table(
        ["", *[s["label"] for s in data["scenarios"]]],
        [[r["label"], *r["values"]] for r in data["scenario_rows"]],
    )
    doc.image(svg_to_png(data["chart"]), caption=labels["chart_caption"])
    doc.heading(labels["assumptions"], level=2)
    doc.table(["", ""], data["assumptions"])
    if data["full_year_note"]:
        doc.paragraph(data["full_year_note"])
    doc.heading(labels["sensitivity"], level=2)
    doc.table(
        [labels["if_this_is"], labels["lower"], labels["as_assumed"], labels["higher"]],
        [[r["name"], r["lower"], r["base"], r["higher"]] for r in data["sensitivity"]],
    )
    doc.paragraph(data["break_even"])
    doc.heading(labels["pilot"])
    doc.paragraph(data["pilot_intro"])
    for phase in data["phases"]:
        doc.bullet(f"{phase['weeks']} · {phase['title']}. {phase['description']}")
    doc.heading(labels["alignment"])
    doc.paragraph(data["alignment_summary"])
    if data["groups"]:
        doc.table(
            [labels["group"], labels["decision_weight"], labels["people"], labels["stance"]],
            [[g["name"], g["weight"], g["people"], g["stance"]] for g in data["groups"]],
        )
    doc.heading(labels["risks"])
    if data["risks"]:
        doc.table([labels["risk"], labels["mitigation"]], data["risks"])
    else:
        doc.paragraph(labels["no_risks"])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
