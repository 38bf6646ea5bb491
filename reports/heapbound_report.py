#!/usr/bin/python3
"""heapbound report: pictures, index.html and summary.md from results.json.

    /usr/bin/python3 reports/heapbound_report.py <out>/results.json [--out <out>/report]

Needs Debian's python3-matplotlib (no PyPI). `heapbound report` runs this.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from hbreport.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
