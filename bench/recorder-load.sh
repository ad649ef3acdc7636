#!/usr/bin/env bash
# The recorder's own CPU and heap per stream (issue 9): N publishers at a given H.264 bit rate,
# recorded over loopback, with the handshake server, the recorder and the publishers (loadgen) in
# three separate JVMs so that only the recorder process is measured.
#
#   bench/recorder-load.sh              # N = 1 10 50, 2.5 Mbit/s, 60 s measured per N
#   bench/recorder-load.sh 1 10         # chosen N
#   MEASURE_SECONDS=30 BITRATE=1M PROFILE=1 bench/recorder-load.sh 10
#
# Per N: start serve-signaling (127.0.0.1, a free port) and the recorder
#   room-recorder --room benchN --record-room --allow-loopback --local-address 127.0.0.1 --stun-server false --output DIR
# measure the idle recorder (CPU over IDLE_SECONDS, heap after a full GC), start
#   room-recorder loadgen --streams N --bitrate BITRATE
# wait until every publisher sends media and WARMUP_SECONDS more (JIT), then sample the recorder's
# utime+stime from /proc/PID/stat over MEASURE_SECONDS and its live heap after a full GC (jcmd
# GC.class_histogram). Then stop everything (the recorder finalizes its files on SIGTERM) and check every
# file with `room-recorder inspect` (our MPEG-TS reader).
#
# Output: a table on stdout; logs, GC logs, JFR recordings and per-N details in $OUT.
# Environment: JAR (default recorder-cli/target/room-recorder.jar, built when missing), OUT
# (default bench/target/recorder-load), BITRATE (2.5M), IDLE_SECONDS (10), WARMUP_SECONDS (15),
# MEASURE_SECONDS (60), RECORDER_OPTS (extra JVM options for the recorder), PROFILE=1 (JFR
# recording of the measured window, and its hottest frames printed), KEEP_FILES=1 (keep the
# recordings; by default they are deleted after the check: 50 streams for 90 s are over 1 GB).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${JAR:-$root/recorder-cli/target/room-recorder.jar}"
OUT="${OUT:-$root/bench/target/recorder-load}"
BITRATE="${BITRATE:-2.5M}"
IDLE_SECONDS="${IDLE_SECONDS:-10}"
WARMUP_SECONDS="${WARMUP_SECONDS:-15}"
MEASURE_SECONDS="${MEASURE_SECONDS:-60}"
RECORDER_OPTS="${RECORDER_OPTS:-}"
PROFILE="${PROFILE:-0}"
KEEP_FILES="${KEEP_FILES:-0}"
if [[ $# -gt 0 ]]; then counts=("$@"); else counts=(1 10 50); fi

if [[ ! -f "$JAR" ]]; then
  echo "building $JAR ..." >&2
  (cd "$root" && mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true -pl recorder-cli -am package) >&2
fi
for tool in java jcmd; do
  command -v "$tool" >/dev/null || { echo "recorder-load: $tool not found (needs a JDK)" >&2; exit 2; }
done
[[ "$PROFILE" != 1 ]] || command -v jfr >/dev/null || { echo "recorder-load: jfr not found" >&2; exit 2; }

JAVA=(java -Dice4j.harvest.mapping.aws.enabled=false)
HZ="$(getconf CLK_TCK)"
CORES="$(nproc)"
mkdir -p "$OUT"
pids=()

cleanup() {
  for p in "${pids[@]:-}"; do
    [[ -n "$p" ]] && kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]:-}"; do
    [[ -n "$p" ]] && wait "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT

# utime + stime of a process, in clock ticks (proc(5): fields 14 and 15 of /proc/PID/stat; the
# command name in field 2 may contain spaces, so count from the closing parenthesis).
cpu_ticks() {
  local stat
  stat="$(cat "/proc/$1/stat")"
  stat="${stat##*) }"
  # after "pid (comm) ": field 3 is the first word, so utime (14) is word 12, stime (15) word 13
  awk '{ print $12 + $13 }' <<<"$stat"
}

# user and kernel ticks of a process, "utime stime"
cpu_split() {
  local stat
  stat="$(cat "/proc/$1/stat")"
  stat="${stat##*) }"
  awk '{ print $12, $13 }' <<<"$stat"
}

# "tid name ticks" for every thread of a process (proc(5): /proc/PID/task/TID/stat, comm is the
# thread name as Java sets it, cut to 15 characters)
thread_ticks() {
  local t stat name
  for t in /proc/"$1"/task/*; do
    stat="$(cat "$t/stat" 2>/dev/null)" || continue
    name="${stat#*(}"
    name="${name%%) *}"
    stat="${stat##*) }"
    awk -v t="${t##*/}" -v n="$name" '{ gsub(/ /, "_", n); print t, n, $12 + $13 }' <<<"$stat"
  done
}

# busy and total jiffies of the whole machine (proc(5): the cpu line of /proc/stat)
machine_ticks() {
  awk '/^cpu / { idle = $5 + $6; total = 0; for (i = 2; i <= NF; i++) total += $i; print total - idle, total }' /proc/stat
}

# Live heap in KiB: GC.class_histogram runs a full GC first and then counts every live object, so
# its "Total" line is the heap after GC, exact and without the allocations that follow a separate
# GC.run. The histogram itself is kept in FILE.
heap_after_gc_kib() {
  local pid="$1" file="$2"
  jcmd "$pid" GC.class_histogram >"$file"
  awk '$1 == "Total" { printf "%d\n", $3 / 1024 }' "$file"
}

# Waits until FILE contains PATTERN (a fixed string) or SECONDS pass; returns 1 on timeout.
await_line() {
  local file="$1" pattern="$2" seconds="$3" i
  for ((i = 0; i < seconds * 5; i++)); do
    grep -qF -- "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

results=()
for n in "${counts[@]}"; do
  dir="$OUT/n$n"
  rm -rf "$dir"
  mkdir -p "$dir/files"
  room="bench$n"
  echo "== N=$n: starting the handshake server, the recorder and $n publishers at $BITRATE" >&2

  "${JAVA[@]}" -jar "$JAR" serve-signaling --bind 127.0.0.1 --port 0 >"$dir/signaling.out" 2>"$dir/signaling.err" &
  sig=$!
  pids=("$sig")
  await_line "$dir/signaling.out" "Handshake server listening on" 30 || { echo "signaling did not start" >&2; exit 1; }
  url="$(sed -n 's/^Handshake server listening on \(ws:[^ ]*\).*/\1/p' "$dir/signaling.out" | head -1)"

  # shellcheck disable=SC2086
  "${JAVA[@]}" "-Xlog:gc:file=$dir/recorder-gc.log" $RECORDER_OPTS -jar "$JAR" \
    --server "$url" --room "$room" --record-room --allow-loopback --local-address 127.0.0.1 --stun-server false \
    --output "$dir/files" >"$dir/recorder.out" 2>"$dir/recorder.err" &
  rec=$!
  pids+=("$rec")
  await_line "$dir/recorder.err" "Connected to the handshake server" 60 || { echo "the recorder did not connect" >&2; exit 1; }

  # The idle recorder: connected to the server, nobody to record.
  sleep 2
  c0="$(cpu_ticks "$rec")"
  sleep "$IDLE_SECONDS"
  c1="$(cpu_ticks "$rec")"
  idle_cpu="$(awk -v d="$((c1 - c0))" -v hz="$HZ" -v s="$IDLE_SECONDS" 'BEGIN { printf "%.2f", 100 * d / hz / s }')"
  heap0="$(heap_after_gc_kib "$rec" "$dir/histogram-idle.txt")"

  "${JAVA[@]}" -jar "$JAR" loadgen --server "$url" --room "$room" --streams "$n" --bitrate "$BITRATE" \
    --status-every 10s >"$dir/loadgen.out" 2>"$dir/loadgen.err" &
  gen=$!
  pids+=("$gen")
  if ! await_line "$dir/loadgen.err" "All $n publishers sending media" $((60 + 2 * n)); then
    echo "N=$n: not every publisher was sending after $((60 + 2 * n)) s (see $dir/loadgen.err)" >&2
  fi
  sleep "$WARMUP_SECONDS"

  # The measured window.
  read -r mb0 mt0 < <(machine_ticks)
  c0="$(cpu_ticks "$rec")"
  read -r u0 k0 < <(cpu_split "$rec")
  thread_ticks "$rec" >"$dir/threads-before.txt"
  g0="$(cpu_ticks "$gen")"
  if [[ "$PROFILE" == 1 ]]; then
    jcmd "$rec" JFR.start name=window settings=profile filename="$dir/window.jfr" >/dev/null
  fi
  t0="$(date +%s.%N)"
  w0="$(date +%H:%M:%S.%3N)"
  sleep "$MEASURE_SECONDS"
  c1="$(cpu_ticks "$rec")"
  read -r u1 k1 < <(cpu_split "$rec")
  thread_ticks "$rec" >"$dir/threads-after.txt"
  g1="$(cpu_ticks "$gen")"
  t1="$(date +%s.%N)"
  w1="$(date +%H:%M:%S.%3N)"
  read -r mb1 mt1 < <(machine_ticks)
  if [[ "$PROFILE" == 1 ]]; then
    jcmd "$rec" JFR.stop name=window >/dev/null
  fi
  jcmd "$rec" Thread.print >"$dir/threads.txt" 2>&1 || true
  heap1="$(heap_after_gc_kib "$rec" "$dir/histogram.txt")"

  kill -TERM "$gen"
  wait "$gen" || true
  kill -TERM "$rec"
  wait "$rec" || true
  kill -TERM "$sig"
  wait "$sig" || true
  pids=()

  files=0
  valid=0
  ts=("$dir"/files/*.ts)
  if [[ -e "${ts[0]}" ]]; then
    files=${#ts[@]}
    "${JAVA[@]}" -jar "$JAR" inspect --json "${ts[@]}" >"$dir/inspect.jsonl" 2>"$dir/inspect.err" || true
    valid="$(grep -c '"valid":true' "$dir/inspect.jsonl" || true)"
  fi
  lost="$(sed -n 's/.*packets lost \([0-9]*\).*/\1/p' "$dir/recorder.out" | awk '{ s += $1 } END { print s + 0 }')"
  # Lost inside the measured window: from the recorder's status lines (every 10 s per stream,
  # "HH:MM:SS.mmm [stream] Status: … lost N, recovered M"), the last count before the window
  # subtracted from the last one in it.
  wlost="$(awk -v w0="$w0" -v w1="$w1" '/ Status: / && match($0, /lost [0-9]+/) {
        n = substr($0, RSTART + 5, RLENGTH - 5); st = $2
        if ($1 <= w0) before[st] = n
        if ($1 <= w1) after[st] = n }
      END { for (st in after) s += after[st] - before[st]; print s + 0 }' "$dir/recorder.err")"
  if [[ "$KEEP_FILES" != 1 ]]; then
    rm -f "$dir"/files/*.ts
  fi

  # CPU by thread name (numbers folded: ice-recv-12 -> ice-recv-#), in % of one core.
  awk -v hz="$HZ" -v s="$MEASURE_SECONDS" '
      NR == FNR { before[$1] = $3; next }
      { name = $2; gsub(/[0-9]+/, "#", name); used[name] += $3 - before[$1] }
      END { for (n in used) if (used[n] > 0) printf "%7.2f%%  %s\n", 100 * used[n] / hz / s, n }' \
    "$dir/threads-before.txt" "$dir/threads-after.txt" | sort -rn >"$dir/threads-cpu.txt"
  kernel="$(awk -v u="$((u1 - u0))" -v k="$((k1 - k0))" 'BEGIN { if (u + k > 0) printf "%.0f", 100 * k / (u + k); else print 0 }')"

  row="$(awk -v n="$n" -v d="$((c1 - c0))" -v g="$((g1 - g0))" -v hz="$HZ" -v t0="$t0" -v t1="$t1" \
    -v h0="$heap0" -v h1="$heap1" -v idle="$idle_cpu" -v files="$files" -v valid="$valid" \
    -v mb="$((mb1 - mb0))" -v mt="$((mt1 - mt0))" -v cores="$CORES" -v lost="$lost" -v wlost="$wlost" -v kernel="$kernel" 'BEGIN {
      s = t1 - t0
      cpu = 100 * d / hz / s
      printf "%5d %9.1f %12.2f %7d%% %9.1f %9.1f %12.2f %9.1f %10.0f%% %8d %8d %8s\n",
        n, cpu, cpu / n, kernel, idle, h1 / 1024, (h1 - h0) / 1024 / n, 100 * g / hz / s,
        100 * mb / mt * cores, lost, wlost, valid "/" n (files != n ? " (" files " files)" : "")
    }')"
  echo "N=$n: the recorder's CPU by thread (% of one core, $dir/threads-cpu.txt):" >&2
  head -8 "$dir/threads-cpu.txt" >&2
  results+=("$row")
  echo "$row" >"$dir/row.txt"
  if [[ "$PROFILE" == 1 && -f "$dir/window.jfr" ]]; then
    # The hottest top frames of the recorder's execution samples in the measured window.
    jfr print --events jdk.ExecutionSample "$dir/window.jfr" \
      | awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); count[$0]++; total++ }
             END { for (f in count) printf "%6.1f%%  %s\n", 100 * count[f] / total, f }' \
      | sort -rn | head -25 >"$dir/hot-frames.txt"
    # Where the recorder allocates (sampled allocation weight by the first frame outside java.*,
    # jdk.*, sun.*).
    jfr print --events jdk.ObjectAllocationSample "$dir/window.jfr" \
      | awk '/weight = / { w = $3; u = $4; if (u ~ /kB/) w *= 1024; else if (u ~ /MB/) w *= 1048576 }
             /stackTrace = \[/ { inside = 1; next }
             inside && /line:/ && !/^[ \t]+(java|jdk|sun)\./ {
               f = $0; sub(/^[ \t]+/, "", f); sub(/line:.*/, "", f); bytes[f] += w; total += w; inside = 0 }
             /^\]/ { inside = 0 }
             END { for (f in bytes) printf "%6.1f%%  %s\n", 100 * bytes[f] / total, f }' \
      | sort -rn | head -25 >"$dir/allocation-sites.txt"
    echo "N=$n: hottest frames (JFR execution samples) in $dir/hot-frames.txt:" >&2
    head -12 "$dir/hot-frames.txt" >&2
    echo "N=$n: allocation by first non-JDK frame in $dir/allocation-sites.txt:" >&2
    head -12 "$dir/allocation-sites.txt" >&2
  fi
done

echo
echo "Recorder alone, H.264 at $BITRATE per stream (+ Opus), ${MEASURE_SECONDS} s measured after ${WARMUP_SECONDS} s warm-up; $CORES cores"
printf "%5s %9s %12s %8s %9s %9s %12s %9s %11s %8s %8s %8s\n" \
  "N" "CPU%" "CPU%/stream" "kernel" "idle CPU%" "heap MiB" "MiB/stream" "loadgen%" "machine%" "lost" "lost/win" "valid"
for r in "${results[@]}"; do
  echo "$r"
done
echo "(CPU% = % of one core, from /proc/PID/stat utime+stime, kernel = stime's share; heap = live objects after a full GC (jcmd"
echo " GC.class_histogram); MiB/stream = (heap with N streams - heap idle) / N; machine% = all processes, of"
echo " $((CORES * 100))%; lost = packets lost per the recorder's summary, whole run;"
echo " lost/win = of those, lost inside the measured window; valid = files our TS reader passes)"
