#!/bin/sh
# Regenerates the webm-muxer test samples (committed; run by hand, never by the build).
# Made with Debian 12's ffmpeg 5.1 (libvpx, libopus). Synthetic sources only (lavfi testsrc2 and
# sine), so the files carry no third-party content. Keep the total under 300 KB.
#   vp8-320x180.ivf  2 s, 30 fps, keyframe every 30 frames, no alt-ref (hidden) frames: WebRTC-like
#   vp8-640x360.ivf  2 s, 30 fps, same settings: the second size for the resolution-change tests
#   opus-stereo.ogg  2 s stereo 440 Hz sine, 20 ms packets (RFC 7845 Ogg Opus, parsed by OggOpusReader)
set -eu
cd "$(dirname "$0")"
vp8() {
  ffmpeg -v error -y -f lavfi -i "testsrc2=size=$1:rate=30" -t 2 -c:v libvpx -b:v "$2" \
    -g 30 -keyint_min 30 -auto-alt-ref 0 -lag-in-frames 0 -deadline realtime -cpu-used 8 \
    -f ivf "vp8-$1.ivf"
}
vp8 320x180 250k
vp8 640x360 350k
ffmpeg -v error -y -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 2 -ac 2 -c:a libopus \
  -b:a 32k -frame_duration 20 -application lowdelay -map_metadata -1 -fflags +bitexact opus-stereo.ogg
