"""Whether the employer is public is a project fact (projects.Project.public_employer), the
one place the FRIA rule and the letters read it from; the applicability check asked it too."""

from django.db import migrations


def copy_to_project(apps, schema_editor):
    Check = apps.get_model("guarantees", "ApplicabilityCheck")
    Project = apps.get_model("projects", "Project")
    for project_id, public in Check.objects.values_list("project_id", "public_employer"):
        Project.objects.filter(pk=project_id).update(public_employer=public)


def copy_back(apps, schema_editor):
    Check = apps.get_model("guarantees", "ApplicabilityCheck")
    Project = apps.get_model("projects", "Project")
    for check in Check.objects.all():
        public = Project.objects.filter(pk=check.project_id).values_list(
            "public_employer", flat=True
        )[0]
        check.public_employer = bool(public)
        check.save(update_fields=["public_employer"])


class Migration(migrations.Migration):
    dependencies = [
        ("guarantees", "0002_applicability_public_chatbot_biometric_site"),
        ("projects", "0004_project_facts"),
    ]

    operations = [
        migrations.RunPython(copy_to_project, copy_back),
        migrations.RemoveField(model_name="applicabilitycheck", name="public_employer"),
    ]
