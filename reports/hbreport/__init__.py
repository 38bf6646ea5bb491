"""heapbound reports: pictures and pages from a run's results.json.

Run with Debian's /usr/bin/python3 and python3-matplotlib (Agg backend).
Modules: results (load and validate), units (byte formatting), palette
(one colour per case), pictures/* (one module per picture), html and
markdown (the pages), main (the command line).
"""
