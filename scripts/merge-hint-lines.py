#!/usr/bin/env python3
"""Adds a labelled customer-line set to the meaning path's built-in sentences.

usage: scripts/merge-hint-lines.py [EXAMPLES.yml] SET.tsv [SET.tsv ...]
       (EXAMPLES.yml defaults to src/main/resources/hints/meaning-examples.yml)

Each hint line is appended to that hint's `examples:`; each `none` line to the `look-alikes:` of the hint whose
words it shares (a keyword guess; the meaning head treats every look-alike and ordinary-talk line as the none
class, so the choice only decides where a reader finds it), else to `ordinary-talk:`. Lines already present are
skipped. Only for sets that are meant for training: a held-out set must never be merged. Then run the
leave-one-set-out bench, scripts/apply-thresholds.py and `HintBench --cache` (docs/hints.md).
"""
import re
import sys

HINTS = ["price-objection", "competitor-mention", "cancellation-risk", "escalation-request",
         "follow-up-request", "decision-timeline"]
LOOKS = [
    ("price-objection", r"\b(price|prices|cost|costs|budget|expensive|cheap|afford|fee|fees|rate|rates|quote|invoice|bill|pay|paid)\b"),
    ("cancellation-risk", r"\b(cancel|cancelled|canceled|cancelling|renew|renewal|leave|leaving|switch|stop|quit|notice)\b"),
    ("escalation-request", r"\b(manager|supervisor|boss|director|senior|head|owner|charge)\b"),
    ("follow-up-request", r"\b(send|email|e-mail|call back|get back|mail|remind|follow)\b"),
    ("decision-timeline", r"\b(decide|decision|board|committee|approve|approval|sign off|quarter|fiscal|deadline|month|week)\b"),
    ("competitor-mention", r"\b(vendor|provider|supplier|company|competitor|quote|other|alternative)\b"),
]


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    args = sys.argv[1:]
    playbook = args.pop(0) if args and args[0].endswith((".yml", ".yaml")) else "src/main/resources/hints/meaning-examples.yml"
    sets = args
    lines = open(playbook, encoding="utf-8").read().split("\n")
    present = set(re.findall(r'^\s+- "(.*)"$', "\n".join(lines), re.M))
    add = {}  # (hint or None, block) -> [quoted]
    for path in sets:
        for raw in open(path, encoding="utf-8"):
            raw = raw.rstrip("\n")
            if not raw.strip() or raw.startswith("#"):
                continue
            label, text = raw.split("\t", 1)
            text = text.strip()
            q = quote(text)
            if q[1:-1] in present:
                continue
            present.add(q[1:-1])
            if label in HINTS:
                key = (label, "examples")
            elif label == "none":
                key = next(((h, "look-alikes") for h, rx in LOOKS if re.search(rx, text.lower())), (None, "ordinary-talk"))
            else:
                sys.exit(f"{path}: unknown label {label!r}")
            add.setdefault(key, []).append(q)
    out, current, block = [], None, None
    def flush():
        if (current, block) in add:
            indent = "      - " if current else "  - "
            # put them after the block's last list item
            while out and out[-1].strip() == "":
                out.pop()
                trailing.append("")
            out.extend(indent + q for q in add.pop((current, block)))
    trailing = []
    for line in lines:
        m = re.match(r"^  ([a-z0-9-]+):\s*$", line)
        starts_block = re.match(r"^    (examples|look-alikes):\s*$", line) or re.match(r"^ordinary-talk:\s*$", line)
        ends_block = block is not None and line.strip() and not re.match(r"^\s+- ", line) and not line.lstrip().startswith("#")
        if ends_block or m or starts_block:
            if block is not None:
                trailing = []
                flush()
                out.extend(trailing)
                block = None
        if m:
            current = m.group(1)
        if starts_block:
            block = starts_block.group(1) if starts_block.group(0).startswith("    ") else "ordinary-talk"
            if block == "ordinary-talk":
                current = None
        out.append(line)
    if block is not None:
        trailing = []
        flush()
        out.extend(trailing)
    if add:
        sys.exit(f"no block for {list(add)}")
    open(playbook, "w", encoding="utf-8").write("\n".join(out))


if __name__ == "__main__":
    main()
