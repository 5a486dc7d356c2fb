"""Read services over the registry for people: search, person pages, the dashboard.

Every function takes ``*, session, actor``, checks the policy, applies the partner scope and the
field visibility, and records what was read in the audit log.
"""
