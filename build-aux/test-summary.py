#!/usr/bin/env python3
"""Prints "N passed, N failed" from meson's test log (meson-logs/testlog.json).

A test counts as passed when meson says OK or EXPECTEDFAIL; anything else it
ran (FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS, SKIP) counts as failed, so that a
skipped test cannot hide in a green run. Exits 1 if any failed or none ran.
"""
import json
import sys

passed = failed = 0
names = []
try:
    with open(sys.argv[1], encoding="utf-8") as log:
        for line in log:
            if not line.strip():
                continue
            entry = json.loads(line)
            if entry.get("result") in ("OK", "EXPECTEDFAIL"):
                passed += 1
            else:
                failed += 1
                names.append(f"{entry.get('name')} ({entry.get('result')})")
except FileNotFoundError:
    print(f"no test log at {sys.argv[1]}: the build or meson failed before any test ran",
          file=sys.stderr)

for name in names:
    print(f"not passed: {name}")
print(f"{passed} passed, {failed} failed")
sys.exit(0 if failed == 0 and passed > 0 else 1)
