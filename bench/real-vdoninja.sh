#!/usr/bin/env bash
# Interop check against the real VDO.Ninja web app, run by hand (like recorder-load.sh): the app's
# static files publish a fake camera from headless Chromium to our handshake server (wss, routed
# protocol via &wss2=), and room-recorder records the room. Everything runs in a fresh network
# namespace with only lo, so neither the browser nor the app reaches the internet.
#
#   sudo bench/real-vdoninja.sh /path/to/vdo.ninja [seconds] [password|false]
#   sudo PUBLISHERS=3 bench/real-vdoninja.sh /path/to/vdo.ninja   # cam1..cam3 in one room
#
# /path/to/vdo.ninja is a checkout of https://github.com/steveseguin/vdo.ninja (not part of this
# project; bring your own). Needs root (unshare --net), chromium, openssl, python3, java, and
# ffmpeg for the decode check. Exit 0 when one file per publisher was recorded, `inspect` calls
# each valid and ffmpeg decodes each without a message. The work folder is printed and kept.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
app="${1:?usage: $0 /path/to/vdo.ninja [seconds] [password|false]}"
seconds="${2:-40}"
password="${3:-false}"
publishers="${PUBLISHERS:-1}"
[[ -f "$app/index.html" && -f "$app/webrtc.js" ]] || { echo "$app: not a VDO.Ninja checkout" >&2; exit 2; }
app="$(cd "$app" && pwd)"

if [[ "${RR_IN_NETNS:-}" != 1 ]]; then
  [[ "$(id -u)" -eq 0 ]] || { echo "run as root (network namespace)" >&2; exit 2; }
  "$root/room-recorder" --version >/dev/null # builds the jar, with the network, before we leave it
  exec env RR_IN_NETNS=1 PUBLISHERS="$publishers" unshare --net "$0" "$app" "$seconds" "$password"
fi

ip link set lo up
ip route add default dev lo src 127.0.0.1 2>/dev/null || true
jar="$root/recorder-cli/target/room-recorder.jar"
work="$(mktemp -d /tmp/rr-vdoninja-XXXXXX)"
echo "work folder: $work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  pkill -KILL -f -- "--user-data-dir=$work/profile" 2>/dev/null || true # zygotes, renderers
  wait 2>/dev/null || true
}
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
java_opts=(-Dice4j.harvest.mapping.aws.enabled=false)

python3 -m http.server 8000 --bind 127.0.0.1 --directory "$app" >"$work/http.log" 2>&1 &
pids+=($!)
java "${java_opts[@]}" -jar "$jar" serve-signaling --port 8443 --bind 127.0.0.1 \
  --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" >"$work/server.log" 2>&1 &
pids+=($!)
sleep 3

if [[ "$password" == false ]]; then rec_pw=(--password false); page_pw="&password=false"; else
  rec_pw=(--password "$password"); page_pw="&password=$password"; fi
java "${java_opts[@]}" -jar "$jar" --server wss://127.0.0.1:8443 --insecure-signaling --room room1 \
  --record-room "${rec_pw[@]}" --no-stun --allow-loopback --local-address 127.0.0.1 \
  --output "$work/rec" >"$work/recorder.log" 2>&1 &
recorder=$!
pids+=($recorder)
sleep 2

for i in $(seq 1 "$publishers"); do
  url="http://127.0.0.1:8000/index.html?push=cam$i&room=room1${page_pw}&wss2=wss://127.0.0.1:8443&webcam&autostart&turn=nostun"
  chromium --headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --use-fake-device-for-media-stream --use-fake-ui-for-media-stream \
    --allow-loopback-in-peer-connection --disable-features=WebRtcHideLocalIpsWithMdns \
    --autoplay-policy=no-user-gesture-required --ignore-certificate-errors \
    --user-data-dir="$work/profile$i" --enable-logging=stderr --v=0 "$url" >"$work/chromium$i.log" 2>&1 &
  pids+=($!)
done

sleep "$seconds"
kill -TERM "$recorder" # a background job of a script ignores SIGINT; SIGTERM finalizes the same way
wait "$recorder" || true
grep -a -A3 "^Summary" "$work/recorder.log" || true

shopt -s nullglob
files=("$work"/rec/*.ts "$work"/rec/*.webm)
if ((${#files[@]} != publishers)); then
  echo "FAIL: ${#files[@]} recordings (want $publishers); see $work/recorder.log" >&2
  exit 1
fi
for f in "${files[@]}"; do
  java "${java_opts[@]}" -jar "$jar" inspect "$f"
  if command -v ffmpeg >/dev/null; then
    # -fps_mode vfr: browser video has a variable frame rate (see ts-muxer's testing/Ffmpeg.java)
    errors="$(ffmpeg -nostdin -v error -i "$f" -fps_mode vfr -f null - 2>&1 | head -5)"
    if [[ -n "$errors" ]]; then
      echo "FAIL: ffmpeg on $f: $errors" >&2
      exit 1
    fi
  fi
done
echo "PASS: the real VDO.Ninja app was recorded: ${files[*]}"
