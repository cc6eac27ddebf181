"""``{% once_field %}``: the one-time token of a form that has no fields of its own
(``juki_admin.once``)."""

from django import template
from django.utils.html import format_html

from ..once import FIELD, new_token

register = template.Library()


@register.simple_tag
def once_field() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
