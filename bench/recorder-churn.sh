#!/usr/bin/env bash
# Churn soak for a recorder that runs unattended: publishers join a recorded room, send for a
# while and leave, cycle after cycle; after each cycle the recorder's threads, open file
# descriptors and live heap (after a full GC) are sampled, so a leak per participant shows as a
# column that keeps growing. At the end every file is checked with `room-recorder inspect`.
#
#   bench/recorder-churn.sh                 # 10 cycles of 5 publishers, 12 s each
#   CYCLES=30 STREAMS=10 bench/recorder-churn.sh
#
# Three JVMs on 127.0.0.1 (serve-signaling, the recorder, loadgen per cycle) so that only the
# recorder is sampled. Environment: JAR (default recorder-cli/target/room-recorder.jar, built when
# missing), OUT (default bench/target/recorder-churn), CYCLES (10), STREAMS (5), SEND (12s),
# SETTLE_SECONDS (25: after a cycle, time for the recorder to see every publisher go), PORT (18443).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${JAR:-$root/recorder-cli/target/room-recorder.jar}"
OUT="${OUT:-$root/bench/target/recorder-churn}"
CYCLES="${CYCLES:-10}"
STREAMS="${STREAMS:-5}"
SEND="${SEND:-12s}"
SETTLE_SECONDS="${SETTLE_SECONDS:-25}"
PORT="${PORT:-18443}"

if [[ ! -f "$JAR" ]]; then
  (cd "$root" && mvn -B -q -DskipTests -pl recorder-cli -am package)
fi
rm -rf "$OUT" && mkdir -p "$OUT/rec"
java_cmd=(java -Dice4j.harvest.mapping.aws.enabled=false)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

"${java_cmd[@]}" -jar "$JAR" serve-signaling --port "$PORT" --bind 127.0.0.1 >"$OUT/server.log" 2>&1 &
pids+=($!)
sleep 3
"${java_cmd[@]}" -jar "$JAR" --server "ws://127.0.0.1:$PORT" --room churn --record-room \
  --password false --no-stun --allow-loopback --local-address 127.0.0.1 \
  --output "$OUT/rec" >"$OUT/recorder.log" 2>&1 &
recorder=$!
pids+=($recorder)
sleep 5

printf '%-8s %8s %6s %10s %6s\n' cycle threads fds heap_KiB files
sample() {
  jcmd "$recorder" GC.run >/dev/null 2>&1 || true
  sleep 1
  local heap
  heap="$(jcmd "$recorder" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')"
  printf '%-8s %8d %6d %10s %6d\n' "$1" "$(ls "/proc/$recorder/task" | wc -l)" \
    "$(ls "/proc/$recorder/fd" | wc -l)" "$heap" "$(find "$OUT/rec" -name '*.ts' | wc -l)"
}
sample idle
for i in $(seq 1 "$CYCLES"); do
  if ! "${java_cmd[@]}" -jar "$JAR" loadgen --server "ws://127.0.0.1:$PORT" --room churn \
    --streams "$STREAMS" --duration "$SEND" --password false --stream-prefix "c$i-" \
    --start-interval 200 >"$OUT/loadgen-$i.log" 2>&1; then
    echo "cycle $i: loadgen failed, see $OUT/loadgen-$i.log" >&2
  fi
  sleep "$SETTLE_SECONDS"
  sample "$i"
done
kill -TERM "$recorder"
wait "$recorder" || true
grep -a '^Summary' "$OUT/recorder.log" || true

valid=0
total=0
for f in "$OUT"/rec/*.ts; do
  total=$((total + 1))
  if "${java_cmd[@]}" -jar "$JAR" inspect "$f" | head -1 | grep -q ': valid$'; then
    valid=$((valid + 1))
  else
    echo "not valid: $f" >&2
  fi
done
echo "files valid: $valid of $total (want $((CYCLES * STREAMS)))"
