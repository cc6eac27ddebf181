"""No page answers 500, whatever a user puts in its URL: every URL of the portal and the
admin (from the URL configuration) with malformed values in each path parameter, and every
page with malformed values in each query parameter it reads, as each kind of user. A value
out of range answers 404 or a message, never a server error. Reads each role's one walk of
the site (``urlwalk.walk``)."""

import pytest

from .urlwalk import WALKS


@pytest.mark.parametrize("username", WALKS)
def test_no_url_answers_500_for_any_value(site_walk, username):
    failures = [a for a in site_walk(username).answers if a.status >= 500]
    assert failures == [], "\n".join(f"{a.method} {a.url} {a.status}" for a in failures)
