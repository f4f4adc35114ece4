from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from method.alignment import WEIGHTS
from method.roles import Capability
from method.trend import sparkline_points
from samspill.audit.readcache import cached_partials
from samspill.core import clock
from samspill.projects.permissions import ProjectAccess, project_view
from samspill.stakeholders import selectors
from samspill.stakeholders.forms import ORDERINGS, PeopleFilterForm
from samspill.stakeholders.models import DecisionWeightChoice, Stance, stance_css

PAGE_SIZE = 100


class PersonRow:
    """One row of the people table, with its labels ready to print."""

    FIELDS = ("uuid", "name", "title", "group__name", "influence", "interest", "stance")
    __slots__ = ("group_name", "influence", "interest", "name", "stance_class", "stance_label",
                 "title", "uuid")  # fmt: skip

    def __init__(self, uuid, name, title, group_name, influence, interest, stance, labels):
        self.uuid, self.name, self.title, self.group_name = uuid, name, title, group_name
        self.influence, self.interest = influence, interest
        self.stance_label, self.stance_class = labels.get(stance, ""), stance_css(stance)


@project_view(Capability.VIEW)
def stakeholder_map(request, access: ProjectAccess):
    show_groups = request.GET.get("show") == "groups"

    def build_context() -> dict:
        data = selectors.build_map(access.project, clock.today())
        for summary in data.groups:
            summary.sparkline = sparkline_points(
                summary.trend, low=-2, high=2, width=120, height=24
            )
        return {
            "access": access,
            "project": access.project,
            "map": data,
            "show_groups": show_groups,
            "alignment_sparkline": sparkline_points(
                data.alignment_trend, low=-100, high=100, width=240, height=40
            ),
            "weights": [(DecisionWeightChoice(w.value).label, n) for w, n in WEIGHTS.items()],
            "stances": Stance.choices,
        }

    template = "stakeholders/map.html"
    sections = cached_partials(request, access, template, ["content"], build_context, show_groups)
    context = {"access": access, "project": access.project, "sections": sections}
    return render(request, template, context)


@project_view(Capability.VIEW)
def people_table(request, access: ProjectAccess):
    template = "stakeholders/people.html"
    part = "table" if request.htmx else "content"
    query = sorted(request.GET.lists())
    sections = cached_partials(
        request, access, template, [part], lambda: _people_context(request, access), query
    )
    if request.htmx:
        return HttpResponse(sections[part])
    return render(
        request, template, {"access": access, "project": access.project, "sections": sections}
    )


def _people_context(request, access: ProjectAccess) -> dict:
    project = access.project
    filters = PeopleFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    sort = criteria.get("sort") or "name"
    people = selectors.people_table(
        project,
        group=criteria.get("group"),
        stance=criteria.get("stance"),
        influence=criteria.get("influence"),
        interest=criteria.get("interest"),
        order=ORDERINGS[sort],
    )
    page = Paginator(people.values_list(*PersonRow.FIELDS), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Display values computed once per row here, not through model lookups in the template.
    labels = dict(Stance.choices)
    page.object_list = [PersonRow(*row, labels) for row in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    filter_query = query.copy()
    filter_query.pop("sort", None)
    return {
        "access": access,
        "project": project,
        "page": page,
        "filters": filters,
        "criteria": criteria,
        "sort": sort,
        "query": query.urlencode(),
        "filter_query": filter_query.urlencode(),
        "groups": project.stakeholder_groups.all(),
        "stances": Stance.choices,
        "scale": range(1, 6),
    }
