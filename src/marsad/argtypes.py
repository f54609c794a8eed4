"""Argument types shared by the command-line parsers (``marsad.cli`` and ``marsad serve``)."""

from __future__ import annotations

import argparse


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{value} must be greater than 0")
    return number
