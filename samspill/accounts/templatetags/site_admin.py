from django import template

from samspill.accounts import site

register = template.Library()


@register.filter
def is_site_admin(user) -> bool:
    return site.is_site_admin(user)
