"""Per-document extraction stages."""
