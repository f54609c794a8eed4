"""When a document was posted, from its address, when the record has no publication date.

Relative dates ("أمس") are resolved against the publication date, and the incident stage dates an
event without a date of its own by it. Scraped posts often arrive without one, but the address
still says when they were posted:

- news sites put the day in the path: ``/2022/08/06/slug``, ``/2022-08-06/``;
- an X (Twitter) status id is a "snowflake": its top bits are milliseconds since 2010-11-04
  01:42:54.657 UTC, so the id itself is the posting time.

Only these two forms are read; a Facebook post id carries no date. Path dates before 2006 are taken
for something else (an archive path, a product number) and ignored.
"""

from __future__ import annotations

import datetime as dt
import re

_PATH_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?=[/_.-]|$|\?|#)")
_X_STATUS = re.compile(r"(?:^|[/.])(?:x|twitter)\.com/[^/?#]+/status(?:es)?/(\d{15,20})(?!\d)")
_SNOWFLAKE_EPOCH_MS = 1288834974657
_EARLIEST = dt.date(2006, 1, 1)


def date_from_url(url: str | None) -> dt.date | None:
    """The posting day an address gives (X status id, or a /YYYY/MM/DD/ path), else None."""
    if not url:
        return None
    m = _X_STATUS.search(url)
    if m:
        ms = (int(m.group(1)) >> 22) + _SNOWFLAKE_EPOCH_MS
        try:
            return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    m = _PATH_DATE.search(url)
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return day if day >= _EARLIEST else None
    return None
