package io.roomrecorder.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags of Raspberry Ninja's {@code publish.py} (v23.1.0 argparse) that {@code room-recorder}
 * does not support, each with the reason shown to the user. They are registered as hidden options
 * so that picocli consumes their values exactly as argparse would; {@link RecordCommand} then
 * refuses the run with "not supported: --flag (reason)" and exit code 2 instead of a generic
 * "unknown option". Immutable.
 */
final class UnsupportedFlags {
  /** One publish.py flag: whether argparse expects a value after it, and why we refuse it. */
  record Flag(String name, boolean takesValue, String reason) {}

  private static final String PUBLISH =
      "Room Recorder only records: it never publishes a stream, so capture, encoder and"
          + " publishing options do not apply";
  private static final String CODEC =
      "choosing the publisher's codec is not implemented; the recorder keeps what the publisher"
          + " sends (H.264 to MPEG-TS, VP8 to WebM). In publish.py this flag has no effect on"
          + " --record/--record-room either";
  private static final String VIEW =
      "playback and viewer outputs are not part of Room Recorder; it records to files only";
  private static final String HLS =
      "HLS segmenting is not implemented; each participant is recorded to one MPEG-TS (H.264) or"
          + " WebM (VP8) file";
  private static final String NDI =
      "NDI output is not supported (Room Recorder has no native code)";
  private static final String NOTIFY =
      "room-join notifications are not implemented; use --json and react to participant_joined"
          + " events";

  private static final Map<String, Flag> FLAGS;

  static {
    Map<String, Flag> m = new LinkedHashMap<>();
    // Publishing: sources, encoders, outbound transports, outbound error correction.
    for (String f :
        new String[] {
          "--streamid",
          "--rtmp",
          "--whip",
          "--bitrate",
          "--audiobitrate",
          "--width",
          "--height",
          "--framerate",
          "--apple",
          "--v4l2",
          "--iomode",
          "--format",
          "--rotate",
          "--alsa",
          "--pulse",
          "--publisher-fec-percentage",
          "--publisher-red-distance",
          "--publisher-red-pt",
          "--publisher-fec-pt",
          "--pipeline",
          "--filesrc",
          "--filesrc2",
          "--pipein",
          "--video-pipeline",
          "--audio-pipeline"
        }) {
      add(m, f, true, PUBLISH);
    }
    for (String f :
        new String[] {
          "--test",
          "--hdmi",
          "--camlink",
          "--z1",
          "--z1passthru",
          "--libcamera",
          "--rpicam",
          "--nvidiacsi",
          "--zerolatency",
          "--lowlatency",
          "--raw",
          "--bt601",
          "--x264",
          "--openh264",
          "--aom",
          "--rav1e",
          "--qsv",
          "--omx",
          "--vorbis",
          "--nvidia",
          "--rpi",
          "--multiviewer",
          "--noqos",
          "--nored",
          "--force-red",
          "--force-rtx",
          "--led",
          "--save",
          "--timestamp",
          "--clockstamp",
          "--x265",
          "--soft-jpeg"
        }) {
      add(m, f, false, PUBLISH);
    }
    for (String f : new String[] {"--h264", "--vp8", "--vp9", "--av1", "--h265", "--hevc"}) {
      add(m, f, false, CODEC);
    }
    // Viewing / playback outputs.
    for (String f :
        new String[] {
          "--view",
          "--viewer-retry-initial",
          "--viewer-retry-short",
          "--viewer-retry-long",
          "--splashscreen-idle",
          "--splashscreen-connecting",
          "--ndiout",
          "--fdsink",
          "--framebuffer",
          "--v4l2sink",
          "--v4l2sink-width",
          "--v4l2sink-height",
          "--v4l2sink-fps",
          "--v4l2sink-format",
          "--v4l2sink-io-mode",
          "--buffer",
          "--socketport",
          "--socketout",
          "--force-h264-profile",
          "--force-h264-profile-id"
        }) {
      add(m, f, true, VIEW);
    }
    for (String f :
        new String[] {
          "--no-auto-retry",
          "--viewer-enable-fec",
          "--stretch-display",
          "--disable-hw-decoder",
          "--auto-view-buffer"
        }) {
      add(m, f, false, VIEW);
    }
    add(m, "--hls", false, HLS);
    add(m, "--hls-splitmux", false, HLS);
    add(m, "--room-ndi", false, NDI);
    add(m, "--ndi-combine", false, NDI);
    add(m, "--room-monitor", false, NOTIFY);
    add(m, "--join-gpio-active-low", false, NOTIFY);
    for (String f :
        new String[] {
          "--join-webhook",
          "--join-postapi",
          "--join-notify-topic",
          "--join-notify-url",
          "--join-notify-timeout",
          "--join-gpio-pin",
          "--join-gpio-pulse"
        }) {
      add(m, f, true, NOTIFY);
    }
    add(m, "--midi", false, "the MIDI bridge is not part of Room Recorder");
    add(
        m,
        "--novideo",
        false,
        "audio-only recording is not implemented; --noaudio records video only");
    add(
        m,
        "--puuid",
        true,
        "a custom UUID cannot be set; the recorder addresses custom servers on its own");
    add(m, "--webserver", true, "there is no web interface; use the status table or --json");
    add(
        m,
        "--config",
        true,
        "JSON configuration files are not supported; pass the flags on the command line");
    FLAGS = Collections.unmodifiableMap(m);
  }

  private UnsupportedFlags() {}

  private static void add(Map<String, Flag> m, String name, boolean takesValue, String reason) {
    if (m.put(name, new Flag(name, takesValue, reason)) != null) {
      throw new IllegalStateException("listed twice: " + name);
    }
  }

  /** Every refused flag by name. */
  static Map<String, Flag> all() {
    return FLAGS;
  }

  /** The refused flag with this name, or {@code null}. */
  static Flag find(String name) {
    return FLAGS.get(name);
  }

  /** Adds every refused flag to {@code spec} as a hidden option with argparse's arity. */
  static void register(CommandSpec spec) {
    for (Flag f : FLAGS.values()) {
      spec.addOption(
          OptionSpec.builder(f.name())
              .hidden(true)
              .arity(f.takesValue() ? "1" : "0")
              .type(f.takesValue() ? String.class : boolean.class)
              .description("not supported: " + f.reason())
              .build());
    }
  }

  /** The message printed for a refused flag. */
  static String message(Flag f) {
    return "not supported: " + f.name() + " (" + f.reason() + ")";
  }
}
