package io.roomrecorder.ts.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code ffprobe} (must be on the PATH) and parses its {@code default} output format ({@code
 * [SECTION]} blocks of {@code key=value} lines) into small records.
 */
public final class Ffprobe {
  private Ffprobe() {}

  /** One stream as ffprobe sees it, with packets and decoded frames counted. */
  public record Stream(
      int index,
      String codecType,
      String codecName,
      String profile,
      int width,
      int height,
      int channels,
      int sampleRate,
      long packets,
      long frames,
      double startTime,
      double duration,
      Map<String, String> raw) {}

  /** One demuxed packet: times in seconds (NaN when absent), size in bytes, key flag. */
  public record Packet(double pts, double dts, double duration, int size, boolean keyframe) {}

  /**
   * The streams of {@code file}, decoding everything to count frames ({@code -count_frames
   * -count_packets}).
   */
  public static List<Stream> streams(Path file) {
    List<Map<String, String>> sections =
        run(
            file,
            "STREAM",
            "-count_frames",
            "-count_packets",
            "-show_entries",
            "stream=index,codec_type,codec_name,profile,width,height,channels,sample_rate,"
                + "nb_read_packets,nb_read_frames,start_time,duration");
    List<Stream> streams = new ArrayList<>();
    for (Map<String, String> s : sections) {
      streams.add(
          new Stream(
              (int) number(s, "index"),
              s.getOrDefault("codec_type", ""),
              s.getOrDefault("codec_name", ""),
              s.getOrDefault("profile", ""),
              (int) number(s, "width"),
              (int) number(s, "height"),
              (int) number(s, "channels"),
              (int) number(s, "sample_rate"),
              (long) number(s, "nb_read_packets"),
              (long) number(s, "nb_read_frames"),
              decimal(s, "start_time"),
              decimal(s, "duration"),
              s));
    }
    return streams;
  }

  /** The one stream of {@code codecType} ("video" or "audio"); fails if absent. */
  public static Stream stream(Path file, String codecType) {
    return streams(file).stream()
        .filter(s -> s.codecType().equals(codecType))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + codecType + " stream in " + file));
  }

  /** The packets of the stream selected by {@code streamSpecifier} (e.g. "v:0", "a:0"). */
  public static List<Packet> packets(Path file, String streamSpecifier) {
    List<Map<String, String>> sections =
        run(
            file,
            "PACKET",
            "-select_streams",
            streamSpecifier,
            "-show_entries",
            "packet=pts_time,dts_time,duration_time,size,flags");
    List<Packet> packets = new ArrayList<>();
    for (Map<String, String> s : sections) {
      packets.add(
          new Packet(
              decimal(s, "pts_time"),
              decimal(s, "dts_time"),
              decimal(s, "duration_time"),
              (int) number(s, "size"),
              s.getOrDefault("flags", "").startsWith("K")));
    }
    return packets;
  }

  /** Container-level duration in seconds ({@code format=duration}). */
  public static double formatDuration(Path file) {
    List<Map<String, String>> sections = run(file, "FORMAT", "-show_entries", "format=duration");
    return sections.isEmpty() ? Double.NaN : decimal(sections.get(0), "duration");
  }

  private static List<Map<String, String>> run(Path file, String section, String... args) {
    List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
    command.addAll(List.of(args));
    command.addAll(List.of("-of", "default", file.toString()));
    ProcessOutput out = ProcessOutput.run(command);
    if (out.exitCode() != 0) {
      throw new AssertionError("ffprobe failed on " + file + ": " + out.stderr());
    }
    return parse(out.stdout(), section);
  }

  /**
   * Parses top-level {@code [NAME] key=value ... [/NAME]} blocks; sections nested in others (the
   * streams ffprobe repeats inside {@code [PROGRAM]}) are skipped.
   */
  static List<Map<String, String>> parse(String text, String section) {
    List<Map<String, String>> result = new ArrayList<>();
    Map<String, String> current = null;
    int depth = 0;
    for (String line : text.split("\\R")) {
      if (line.startsWith("[/") && line.endsWith("]")) {
        depth--;
        if (depth == 0 && line.equals("[/" + section + "]") && current != null) {
          result.add(current);
        }
        if (depth == 0) {
          current = null;
        }
      } else if (line.startsWith("[") && line.endsWith("]")) {
        depth++;
        if (depth == 1 && line.equals("[" + section + "]")) {
          current = new LinkedHashMap<>();
        }
      } else if (current != null && depth == 1) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          current.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    return result;
  }

  private static double number(Map<String, String> s, String key) {
    double d = decimal(s, key);
    return Double.isNaN(d) ? -1 : d;
  }

  private static double decimal(Map<String, String> s, String key) {
    String v = s.get(key);
    if (v == null || v.isEmpty() || v.equals("N/A")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
