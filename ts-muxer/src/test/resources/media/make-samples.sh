#!/bin/sh
# Regenerates the test media in this folder (run once by hand; tests never call ffmpeg to make input).
# H.264: libx264 constrained baseline (what browsers send), 30 fps, a keyframe every second, no B-frames,
# an AUD before every access unit (the tests split access units on it), SPS/PPS before every IDR.
# Opus: libopus, 48 kHz stereo, 20 ms packets, in Ogg (the tests parse the Ogg pages themselves).
set -e
cd "$(dirname "$0")"
x264="keyint=30:min-keyint=30:scenecut=0:bframes=0:aud=1:repeat-headers=1"
ffmpeg -v error -y -f lavfi -i testsrc2=size=320x180:rate=30:duration=2 -c:v libx264 -profile:v baseline \
  -pix_fmt yuv420p -b:v 250k -x264-params "$x264" -f h264 video-320x180-30fps-2s.h264
ffmpeg -v error -y -f lavfi -i testsrc=size=480x272:rate=30:duration=1 -c:v libx264 -profile:v baseline \
  -pix_fmt yuv420p -b:v 300k -x264-params "$x264" -f h264 video-480x272-30fps-1s.h264
ffmpeg -v error -y -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=2" -ac 2 -c:a libopus -b:a 64k \
  -frame_duration 20 -application audio opus-48k-stereo-20ms-2s.ogg
