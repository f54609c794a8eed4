"""Incidents: reports of one real-world event across documents, merged and reconciled (spec §3)."""

from marsad.incidents.build import IncidentBuilder, Thresholds
from marsad.incidents.corpus import IncidentCorpus, build_incidents
from marsad.incidents.db import IncidentDB
from marsad.incidents.errors import IncidentError, UnknownIncident
from marsad.incidents.features import Report, ReportExtractor
from marsad.incidents.minhash import MinHasher
from marsad.incidents.reconcile import Reconciler

__all__ = ["IncidentBuilder", "IncidentCorpus", "IncidentDB", "IncidentError", "MinHasher", "Reconciler",
           "Report", "ReportExtractor", "Thresholds", "UnknownIncident", "build_incidents"]
