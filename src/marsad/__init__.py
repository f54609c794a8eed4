"""marsad (مرصد): Arabic conflict reports to structured, source-attributed event records."""

__version__ = "0.1.0"
