"""The pager of every paginated list (``_pager.html``): links that keep the list's filters."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """``?…&page=N``: the current address's query string (its filters, whatever the list)
    with ``page`` set to ``number``."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
