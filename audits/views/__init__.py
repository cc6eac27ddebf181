"""Portal pages of the audits app, one module per sub-domain.

Who does what (DESIGN.md, Users): auditors and the system administrator plan and perform
audits, record findings and issue notices; the security chief approves the plan; office
heads answer their office's findings and their office's self-inspection sheet, operators
their own sheet; the system administrator accepts or returns the plans. Everyone reads what
their scope allows; another office's id answers 404.
"""
