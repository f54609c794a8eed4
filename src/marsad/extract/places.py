"""Place mentions of a document, with offsets and their gazetteer resolution.

The work is done by ``marsad.geo``: ``PlaceRecogniser`` finds the mentions (gazetteer names, head
words, relations such as "قرب X" and "20 كلم شمال شرق X") and ``PlaceResolver`` picks each one's
place or leaves it unresolved. This module is the stage's entry point.
"""

from __future__ import annotations

from marsad.geo.geocoder import Geocoder
from marsad.model import Document, PlaceMention


def find_places(doc: Document, geocoder: Geocoder) -> list[PlaceMention]:
    """Every place mention in the text, in text order, each with its resolution (or "unresolved")."""
    return geocoder(doc)
