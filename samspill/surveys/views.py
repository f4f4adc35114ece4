from django.shortcuts import render

from method.roles import Capability
from samspill.projects.permissions import ProjectAccess, project_view


@project_view(Capability.VIEW)
def survey_list(request, access: ProjectAccess):
    return render(request, "surveys/list.html", {"access": access, "project": access.project})
