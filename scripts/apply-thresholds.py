#!/usr/bin/env python3
"""Writes the thresholds that `./talkhint bench hints --loso` printed into the playbook.

usage: scripts/apply-thresholds.py PLAYBOOK LOSO_OUTPUT
Reads the lines "  <hint>  rule-gate: X  meaning-threshold: Y  meaning-ignores: [a, b]" and sets those keys of
each entry (meaning-ignores is written right after rule-gate, and left out when the list is empty).
"""
import re
import sys

playbook, output = sys.argv[1], sys.argv[2]
found = dict((m.group(1), (m.group(2), m.group(3), m.group(4))) for m in re.finditer(
    r"^\s+(\S+)\s+rule-gate: ([0-9.]+)\s+meaning-threshold: ([0-9.]+)(?:\s+meaning-ignores: \[([^\]]*)\])?",
    open(output).read(), re.M))
if not found:
    sys.exit("no thresholds in " + output)
text, current, out = open(playbook, encoding="utf-8").read().split("\n"), None, []
for line in text:
    m = re.match(r"^  - id: (\S+)", line)
    if m:
        current = m.group(1)
    if current in found:
        gate, threshold, ignores = found[current]
        if ignores is not None and re.match(r"^    meaning-ignores:", line):
            continue
        line = re.sub(r"^(    meaning-threshold: )[0-9.]+", lambda g: g.group(1) + threshold, line)
        if re.match(r"^    rule-gate: ", line):
            out.append("    rule-gate: " + gate)
            if ignores:
                out.append("    meaning-ignores: [" + ignores + "]")
            continue
    out.append(line)
open(playbook, "w", encoding="utf-8").write("\n".join(out))
print("set", found)
