"""Named gazetteer errors (kept here until ``marsad.errors`` carries them)."""

from __future__ import annotations

from marsad.errors import MarsadError


class GazetteerError(MarsadError):
    """The gazetteer index is missing, corrupt or half-built, or a source dump has an unknown layout.
    The message names the file and what to do."""

    code = "gazetteer_error"
