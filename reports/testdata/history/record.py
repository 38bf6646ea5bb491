#!/usr/bin/python3
"""Records one run of the history test data: `record.py STEP` (1 to 4).

Runs the built `heapbound run --fixture tiny --tool track` from the
repository root with the step's bounds and copies its results.json here as
0STEP.json. Run each step at its own commit, oldest first (README.md).
"""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
BUILD = os.path.join(ROOT, "build")
SCRATCH = os.path.join(BUILD, "history-record")
BOUNDS = os.path.join(ROOT, "cases", "bounds.toml")
# Step 2 tightens chunk's bound below its peak (a mistake the run catches).
TIGHT = ('max_peak = "4.5 KiB"', 'max_peak = "3 KiB"')
REGRESSION_BYTES = 512  # step 4: chunk's simulated regression


def bounds_for(step):
    if step != 2:
        return BOUNDS
    with open(BOUNDS, encoding="utf-8") as f:
        text = f.read()
    assert TIGHT[0] in text, "chunk's bound changed; update TIGHT"
    path = os.path.join(SCRATCH, "bounds-step2.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(TIGHT[0], TIGHT[1]))
    return path


def regress(doc):
    """Step 4: chunk's net peak grows by REGRESSION_BYTES, judged again."""
    for row in doc["results"]:
        if row["case"] == "chunk":
            row["peak_bytes"] += REGRESSION_BYTES
            row["net_peak_bytes"] += REGRESSION_BYTES
            if row["net_peak_bytes"] > row["bound_bytes"]:
                row["status"] = "fail"


def main(step):
    os.makedirs(SCRATCH, exist_ok=True)
    out = os.path.join(SCRATCH, f"out{step}")
    code = subprocess.run([os.path.join(BUILD, "bin", "heapbound"), "run", "--fixture", "tiny",
                           "--tool", "track", "--cache", os.path.join(BUILD, "test-fixtures"),
                           "--bounds", bounds_for(step), "--out", out, "--quiet"],
                          cwd=ROOT, check=False).returncode
    print(f"record: step {step}: heapbound run exited {code}")
    with open(os.path.join(out, "results.json"), encoding="utf-8") as f:
        doc = json.load(f)
    if step == 4:
        regress(doc)
    with open(os.path.join(HERE, f"0{step}.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    shutil.rmtree(out)


if __name__ == "__main__":
    main(int(sys.argv[1]))
