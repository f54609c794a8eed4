"""``python -m marsad``: the same command line as ``marsad``."""

import sys

from marsad.cli import main

if __name__ == "__main__":
    sys.exit(main())
