"""“Việc cần làm”: what waits for a person, per role, in every organization they belong to.

`inbox(user, now=...)` lists the groups for the home page; `inbox_total(user, now=...)` is the
count in the menu. Each item links to the page where it is handled. The reads are a fixed number
of queries whatever the number of plans, units, tasks or rounds (counts plus the first items of
each group).
"""

from reports.inbox.items import InboxGroup, InboxItem, inbox, inbox_total, round_title
from reports.inbox.owing import units_owing

__all__ = ["InboxGroup", "InboxItem", "inbox", "inbox_total", "round_title", "units_owing"]
