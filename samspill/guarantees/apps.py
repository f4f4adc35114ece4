from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuaranteesConfig(AppConfig):
    name = "samspill.guarantees"
    label = "guarantees"
    verbose_name = _("Security guarantees")
