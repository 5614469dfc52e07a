#!/usr/bin/env python3
"""Writes the thresholds that `./talkhint bench hints --loso` printed into the playbook.

usage: scripts/apply-thresholds.py PLAYBOOK LOSO_OUTPUT
Reads the lines "  <hint>  rule-gate: X  meaning-threshold: Y" and sets those two keys of each entry.
"""
import re
import sys

playbook, output = sys.argv[1], sys.argv[2]
found = dict((m.group(1), (m.group(2), m.group(3))) for m in
             re.finditer(r"^\s+(\S+)\s+rule-gate: ([0-9.]+)\s+meaning-threshold: ([0-9.]+)", open(output).read(), re.M))
if not found:
    sys.exit("no thresholds in " + output)
text, current, out = open(playbook, encoding="utf-8").read().split("\n"), None, []
for line in text:
    m = re.match(r"^  - id: (\S+)", line)
    if m:
        current = m.group(1)
    if current in found:
        line = re.sub(r"^(    meaning-threshold: )[0-9.]+", lambda g: g.group(1) + found[current][1], line)
        line = re.sub(r"^(    rule-gate: )[0-9.]+", lambda g: g.group(1) + found[current][0], line)
    out.append(line)
open(playbook, "w", encoding="utf-8").write("\n".join(out))
print("set", found)
