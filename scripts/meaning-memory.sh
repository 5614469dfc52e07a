#!/usr/bin/env bash
# Resident memory the meaning path adds to a running TalkHint (issue 12's "+<= 150 MB"): starts the built jar
# twice per round, with talkhint.hints.meaning=false and =true, each in simulator mode on its own port and data
# folder; reads VmRSS and the JVM's own committed memory (Native Memory Tracking) after start-up and again after one
# built-in demo call, then the Java heap in use after a full collection (the committed heap moves by +-100 MB
# between identical starts; the live heap is what the meaning path holds), then stops it. Prints the difference per
# round; the two starts of a round run back to back, so compare within a round (the machine is shared).
# usage: scripts/meaning-memory.sh [ROUNDS]   (./talkhint bench memory [ROUNDS] builds the jar first)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
jar=$(ls target/talkhint-*.jar | head -1)
port=${MEMORY_BENCH_PORT:-18190}

rss_mb() { awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$1/status"; }
heap_mb() { jcmd "$1" VM.native_memory summary 2>/dev/null | awk -F'committed=' '/Java Heap/ { print int($2 / 1024) }'; }
# the Java heap in use after a full collection: what the app holds, without the slack G1 keeps committed
live_mb() {
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/garbage-first heap/ { for (i = 1; i < NF; i++) if ($i == "used") print int($(i + 1) / 1024) }'
}

measure() { # meaning -> "rssAfterStart rssAfterCall heapAfterCall liveAfterCall hints"
  local data; data=$(mktemp -d)
  PORT=$port TALKHINT_DATA_DIR="$data" TWILIO_ACCOUNT_SID= MALLOC_ARENA_MAX=2 \
    java -XX:NativeMemoryTracking=summary -Dtalkhint.hints.meaning="$1" -jar "$jar" > "$data/app.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "localhost:$port/actuator/health" 2>/dev/null && break; sleep 1; done
  sleep 10 # the meaning model loads in the background after the server is up
  local r0; r0=$(rss_mb "$pid")
  local sid; sid=$(curl -fsS -X POST "localhost:$port/start-call" -H 'Content-Type: application/json' \
    -d '{"to":"+14155550100","scenario":"discovery"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["callSid"])')
  local status=""
  for _ in $(seq 1 150); do
    status=$(curl -fsS "localhost:$port/api/calls/$sid" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    [ "$status" = completed ] && break
    sleep 2
  done
  sleep 3
  local r1; r1=$(rss_mb "$pid"); local h1; h1=$(heap_mb "$pid"); local l1; l1=$(live_mb "$pid")
  local hints; hints=$(curl -fsS "localhost:$port/api/calls/$sid" | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("hints", [])))')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  [ "$status" = completed ] || { echo "the demo call did not complete (status '$status')" >&2; exit 1; }
  echo "$r0 $r1 $h1 $l1 $hints"
}

echo "Resident memory (MB) of TalkHint in simulator mode, meaning path off and on; one demo call (discovery) each"
printf '%-6s %-8s %14s %14s %18s %14s %6s\n' round meaning after-start after-call java-heap-commit java-heap-live hints
for round in $(seq 1 "$rounds"); do
  read -r a0 a1 ah al an <<< "$(measure false)"
  read -r b0 b1 bh bl bn <<< "$(measure true)"
  [ -n "${an:-}" ] && [ -n "${bn:-}" ] || { echo "round $round: a measurement failed (see above)" >&2; exit 1; }
  printf '%-6s %-8s %14s %14s %18s %14s %6s\n' "$round" off "$a0" "$a1" "$ah" "$al" "$an"
  printf '%-6s %-8s %14s %14s %18s %14s %6s\n' "$round" on "$b0" "$b1" "$bh" "$bl" "$bn"
  printf '%-6s %-8s %+14d %+14d %+18d %+14d\n' "$round" "on-off" $((b0 - a0)) $((b1 - a1)) $((bh - ah)) $((bl - al))
done
