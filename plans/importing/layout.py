"""Line shapes the recognisers share: item markers ("1.", "1.1.", "- ") and offsets as spans."""

from __future__ import annotations

import re

ITEM_RE = re.compile(r"^(?P<num>\d{1,2})\s*[.)]\s*(?P<text>\S.*)$")
SUBITEM_RE = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<text>\S.*)$")
DASH_RE = re.compile(r"^[-+•*–—]\s*")


def span(a: int, b: int) -> list[int]:
    """[start, end) offsets of a recognised piece in Source.text, as the JSON gives them."""
    return [a, b]
