"""Errors of the incident stage (named, like every marsad error)."""

from __future__ import annotations

from marsad.errors import MarsadError


class IncidentError(MarsadError):
    """Incidents could not be built, stored or read (a bad input record, a database problem)."""

    code = "incident_error"


class UnknownIncident(IncidentError):
    code = "unknown_incident"
