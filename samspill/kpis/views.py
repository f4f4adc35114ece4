from django.shortcuts import render

from method.roles import Capability
from samspill.projects.permissions import ProjectAccess, project_view


def _page(request, access, template):
    return render(request, template, {"access": access, "project": access.project})


@project_view(Capability.VIEW)
def dashboard(request, access: ProjectAccess):
    return _page(request, access, "kpis/dashboard.html")


@project_view(Capability.VIEW)
def usage(request, access: ProjectAccess):
    return _page(request, access, "kpis/usage.html")


@project_view(Capability.VIEW)
def stories(request, access: ProjectAccess):
    return _page(request, access, "kpis/stories.html")
