"""The access matrix: every URL of the admin and the portal (exports and PDFs included), as
every role, on a record of the office of the office-scoped demo logins (東葛飾旅券事務所, S02,
"own") and on one of another office (中央旅券事務所, S01, "other") → the expected answer.

``EXPECTED`` is the table. Each row is a pattern of URL keys (``fnmatch``: a URL name such as
``cards:card_detail``, ``name(action)`` for each action of an admin action URL,
``name+csv`` / ``name+cp932`` / ``name+pdf`` for a page's downloads (``EXPORTS``), or the
path for an unnamed one) and one answer per role in ``ROLES`` order, as a string:

- ``200``, ``403``, ``404``, ``405``: that status;
- ``302``: a redirect that is not to a sign-in page (a confirmation, back to the record);
- ``L``: a redirect to a sign-in page (the portal's or the admin's);
- ``a/b``: ``a`` on the own office's record, ``b`` on the other office's;
- anything else (``204``, ``401``): that status.

A pattern may list several, separated by ``|``.

``post=`` gives the answers to a POST where they differ from the GET's (POST-only views);
otherwise a POST must be answered as the GET when the GET is refused (``L``, 403, 404, 405).
The first row that matches a URL key decides; a URL that no row matches fails the test, so a
new URL cannot go in without its expectation. To see what new URLs answer, run
``DEBUG=True .venv/bin/python manage.py url_matrix`` (on an empty, migrated database: it loads
the demo in a transaction it rolls back), check every answer against the rules in DESIGN.md,
and add the rows. The URLs and their records are built by ``juki_admin.url_matrix``.
"""

from __future__ import annotations

from juki_admin.url_matrix import (
    EXPORTS,
    OTHER,
    OWN,
    ROLES,
    Case,
    all_cases,
    answer,
    matches,
    other_office_records,
)

__all__ = [
    "EXPECTED",
    "EXPORTS",
    "OTHER",
    "OWN",
    "REFUSED",
    "ROLES",
    "Case",
    "all_cases",
    "answer",
    "expectation",
    "matches",
    "other_office_records",
    "parse",
]
REFUSED = {"L", "403", "404", "405"}

# Rows: (pattern, answers per role in ROLES order[, post answers]).
# fmt: off
EXPECTED: list[tuple] = [
    # --- signing in, the session, two-factor ---------------------------------------------
    ("healthz",                          "200 200 200 200 200 200 200"),
    ("portal:login",                     "200 200 200 200 200 200 200"),
    ("portal:two_factor_setup",          "L   200 200 200 200 200 200"),
    ("portal:two_factor_verify",         "L   200 200 200 200 200 200"),
    ("portal:session_keepalive",         "401 204 204 204 204 204 204"),
    # security keys: the browser's ceremonies (JSON, POST only; a key needs a signed-in
    # login; a "complete" after its "begin" is refused 422 for the empty answer), and
    # renaming or removing one's own key (nobody's key here: refused, 302)
    ("otp_webauthn:credential-registration-begin|otp_webauthn:credential-authentication-begin",
                                         "403 405 405 405 405 405 405",
                                         "403 200 200 200 200 200 200"),
    ("otp_webauthn:credential-registration-complete"
     "|otp_webauthn:credential-authentication-complete",
                                         "403 405 405 405 405 405 405",
                                         "403 422 422 422 422 422 422"),
    ("otp_webauthn:js-i18n-catalog",     "200 200 200 200 200 200 200"),
    ("portal:security_key_change",       "405 405 405 405 405 405 405",
                                         "L   302 302 302 302 302 302"),
    # --- the portal: every role reads; office-scoped roles their own office's records ------
    ("portal:home|portal:staff_list",    "L   200 200 200 200 200 200"),
    ("portal:staff_detail",              "L   200 200 200 200/404 200/404 200/404"),
    ("cards:card_list|cards:reclaims|cards:passwords|cards:ledger|cards:roster_list"
     "|cards:inventory",                 "L   200 200 200 200 200 200"),
    ("cards:card_detail|cards:issue_receipt|cards:roster_detail|cards:roster_detail+*",
                                         "L   200 200 200 200/404 200/404 200/404"),
    ("cards:ledger+*|training:rates+*|terminals:placement_plan+*|terminals:usage_list+pdf",
                                         "L   200 200 200 200 200 200"),
    # card actions: the system administrator, and the office head for their office
    ("cards:card_reclaim|cards:card_report_lost|cards:inventory_confirm",
                                         "L   405 405 405 405 405 405",
                                         "L   302 403 403 302/404 403 403"),
    ("cards:staff_reclaim_all",          "L   200 403 403 200/404 403 403"),
    # rosters: the office head of the office
    ("cards:roster_open",                "L   405 405 405 405 405 405",
                                         "L   403 403 403 302 403 403"),
    ("cards:roster_*",                   "L   405 405 405 405 405 405",
                                         "L   403 403 403 302/404 403 403"),
    ("training:index|training:rates|training:reeducation",
                                         "L   200 200 200 200 200 200"),
    ("training:office_rate",             "L   200 200 200 200/404 200/404 200/404"),
    ("terminals:usage_list|terminals:placement_plan|terminals:registers",
                                         "L   200 200 200 200 200 200"),
    ("terminals:usage_new",              "L   200 403 403 200 200 200"),
    ("terminals:usage_detail|terminals:terminal_label|terminals:terminal_label+pdf",
                                         "L   200 200 200 200/404 200/404 200/404"),
    # registers: the office's own people and the system administrator; disposal approved
    # by the office head
    ("terminals:room_entry|terminals:key_take|terminals:media_new|terminals:daily_check",
                                         "L   405 405 405 405 405 405",
                                         "L   302 403 403 302 302 302"),
    ("terminals:media_approve_disposal", "L   405 405 405 405 405 405",
                                         "L   403 403 403 302/404 403 403"),
    ("terminals:room_exit|terminals:key_return|terminals:media_*",
                                         "L   405 405 405 405 405 405",
                                         "L   302 403 403 302/404 302/404 302/404"),
    # --- self-inspections: everyone answers their own sheet; results for the readers of
    # every office; an operator sees only their own sheet ----------------------------------
    ("audits:index|audits:campaign|audits:findings",
                                         "L   200 200 200 200 200 200"),
    ("audits:notices",                   "L   200 200 200 200 200 200",
                                         "L   302 403 403 403 403 403"),
    ("audits:results|audits:item_detail|audits:annual_report|audits:access_findings",
                                         "L   200 200 200 403 403 403"),
    ("audits:sheet",                     "L   200 200 200 200/404 200/404 404",
                                         "L   403 403 403 302/404 403/404 404"),
    ("audits:sheet_submit",              "L   405 405 405 405 405 405",
                                         "L   403 403 403 302/404 403/404 404"),
    # --- audits: auditors (and the system administrator) plan, perform and notify; the
    # security chief approves the plan; office heads answer their office's findings --------
    ("audits:plans",                     "L   200 200 200 403 403 403",
                                         "L   200 403 200 403 403 403"),
    ("audits:plan",                      "L   200 200 200 403 403 403",
                                         "L   302 403 302 403 403 403"),
    ("audits:plan+zip",                  "L   200 200 200 403 403 403"),
    ("audits:plan_approve",              "L   405 405 405 405 405 405",
                                         "L   403 302 403 403 403 403"),
    ("audits:audit|audits:finding|audits:notice_pdf|cards:incident_report",
                                         "L   200 200 200 200/404 200/404 200/404"),
    ("audits:audit_*|audits:finding_add|audits:finding_edit",
                                         "L   405 405 405 405 405 405",
                                         "L   302 403 302 403 403 403"),
    ("audits:improvement_submit|audits:improvement_complete",
                                         "L   405 405 405 405 405 405",
                                         "L   403 403 403 302/404 403 403"),
    ("audits:improvement_accept|audits:improvement_return",
                                         "L   405 405 405 405 405 405",
                                         "L   302 403 403 403 403 403"),
    # evidence files: read with their record, added by whoever writes it (auditors on
    # findings), downloaded only (a POST is refused)
    ("audits:evidence",                  "L   200 200 200 200/404 200/404 200/404",
                                         "L   302 403 302 403/404 403/404 403/404"),
    ("audits:evidence_download",         "L   200 200 200 200/404 200/404 200/404",
                                         "L   405 405 405 405 405 405"),
    ("audits:access_finding",            "L   200 200 200 403 403 403"),
    ("audits:lost_card_review",          "L   200 200 200 403 403 403",
                                         "L   302 403 403 403 403 403"),
    # --- the admin: the system administrator works; the security chief and auditors read;
    # the portal roles are sent to sign in there --------------------------------------------
    ("admin:login",                      "200 302 302 302 200 200 200"),
    ("admin:catch_all",                  "L   404 404 404 L L L"),
    ("admin:*_redirect",                 "L   302 302 302 L L L"),
    ("admin:*_delete",                   "L   403 403 403 L L L"),  # nothing is deleted
    # records that only services make have no add form, for anyone
    ("admin:cards_card_add|admin:cards_cardevent_add|admin:cards_incident_add"
     "|admin:cards_inventory_add|admin:cards_roster_add|admin:terminals_dailycheck_add"
     "|admin:terminals_keylog_add|admin:terminals_mediaitem_add|admin:terminals_purgerecord_add"
     "|admin:terminals_roomentry_add|admin:terminals_usagelogentry_add"
     "|admin:terminals_veinenrolment_add|admin:training_attendance_add"
     "|admin:training_violation_add|admin:audits_*_add",
                                         "L   403 403 403 L L L"),
    ("admin:audits_accesslogfile_import", "L   200 403 403 L L L"),
    # a closed self-inspection and its submitted sheets take no action: back to the record
    ("admin:audits_campaign_action(*)|admin:audits_sheet_action(*)",
                                         "L   302 403 403 L L L"),
    ("admin:*_add|admin:*_list_action(*)|admin:juki_admin_staff_import|admin:auth_user_password"
     "|admin:training_trainingsession_attendance|admin:training_trainingsession_invite",
                                         "L   200 403 403 L L L"),
    # an action the record's state does not allow sends the system administrator back to it
    ("admin:cards_card_action(dispose)|admin:cards_card_action(found)",
                                         "L   200/302 403 403 L L L"),
    ("admin:cards_card_action(lost)|admin:cards_card_action(password)"
     "|admin:cards_card_action(reclaim)|admin:cards_card_action(return)"
     "|admin:cards_card_action(suspend)", "L   302/200 403 403 L L L"),
    ("admin:auth_user_action(*)|admin:cards_card_action(issue)|admin:cards_card_action(reinstate)"
     "|admin:cards_operatorgroup_action(remove_member)|admin:cards_roster_action(*)",
                                         "L   302 403 403 L L L"),
    ("admin:*_action(*)",                "L   200 403 403 L L L"),
    ("admin:index|admin:app_list|admin:password_change|admin:password_change_done"
     "|admin:*_changelist|admin:*_change|admin:*_history|admin:*_simple_history",
                                         "L   200 200 200 L L L"),
]
# fmt: on


def parse(answers: str) -> list[tuple[str, str]]:
    """``"L 200/404 ..."`` → [(own, other), ...] per role."""
    out = []
    for token in answers.split():
        own, _sep, other = token.partition("/")
        out.append((own, other or own))
    assert len(out) == len(ROLES), answers
    return out


def expectation(key: str):
    """(get answers, post answers or None) of the first row matching ``key``, or None."""
    for row in EXPECTED:
        if matches(row[0], key):
            return parse(row[1]), parse(row[2]) if len(row) > 2 else None
    return None
