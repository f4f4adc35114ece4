from django.db import migrations, models
from django.db.models import Count, Q


def count_released(apps, schema_editor):
    """Start each survey's count at the answers it has released already."""
    Survey = apps.get_model("surveys", "Survey")
    counts = Survey.objects.annotate(
        released=Count("responses", filter=Q(responses__release__isnull=False))
    ).values_list("pk", "released")
    for pk, released in counts:
        if released:
            Survey.objects.filter(pk=pk).update(released_answers=released)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_release"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="released_answers",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_released, migrations.RunPython.noop),
    ]
