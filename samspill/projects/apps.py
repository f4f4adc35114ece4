from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "samspill.projects"
    label = "projects"
