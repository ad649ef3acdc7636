package io.roomrecorder.webm.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the installed ffprobe/ffmpeg (Debian 12: 5.1) on files the tests wrote. */
public final class Ffmpeg {
  private Ffmpeg() {}

  /** Output (stdout and stderr together) and exit code of a finished process. */
  public record Result(int exitCode, String output) {}

  public static Result run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command[0] + " (is ffmpeg installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Decodes every stream to nothing with {@code -v error}: the output is every error ffmpeg saw
   * (empty for a clean file). {@code -fps_mode vfr} as in the TS helper: without it ffmpeg maps
   * variable-rate frames onto a guessed constant rate for the null muxer and reports collisions
   * there ("non monotonically increasing dts to muxer") that are not in the file.
   */
  public static Result decodeErrors(Path file) {
    return run(
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-i",
        file.toString(),
        "-map",
        "0",
        "-fps_mode",
        "vfr",
        "-f",
        "null",
        "-");
  }

  /** ffprobe -show_streams -show_format as key=value lines (flat). */
  public static String probe(Path file) {
    Result r =
        run(
            "ffprobe",
            "-v",
            "error",
            "-show_format",
            "-show_streams",
            "-count_packets",
            "-of",
            "flat",
            file.toString());
    if (r.exitCode() != 0) {
      throw new AssertionError("ffprobe failed on " + file + ":\n" + r.output());
    }
    return r.output();
  }

  /**
   * One value of {@link #probe} output, e.g. {@code streams.stream.0.codec_name}; null if absent.
   */
  public static String value(String probe, String key) {
    for (String line : probe.split("\n")) {
      if (line.startsWith(key + "=")) {
        String v = line.substring(key.length() + 1).trim();
        return v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
      }
    }
    return null;
  }

  /**
   * Per-packet (stream index, pts in ms, size, flags) of every packet, as ffprobe reads them: what
   * a player's demuxer sees.
   */
  public static List<long[]> packets(Path file) {
    Result r =
        run(
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "packet=stream_index,pts,size,flags",
            "-of",
            "csv=p=0",
            file.toString());
    if (r.exitCode() != 0) {
      throw new AssertionError("ffprobe failed on " + file + ":\n" + r.output());
    }
    List<long[]> out = new ArrayList<>();
    for (String line : r.output().split("\n")) {
      String[] f = line.trim().split(",");
      if (f.length < 4) {
        continue;
      }
      out.add(
          new long[] {
            Long.parseLong(f[0]),
            Long.parseLong(f[1]),
            Long.parseLong(f[2]),
            f[3].startsWith("K") ? 1 : 0
          });
    }
    return out;
  }

  /** Decoded video frame sizes in order ("WxH"), from ffprobe -show_frames. */
  public static List<String> videoFrameSizes(Path file) {
    Result r =
        run(
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "frame=width,height",
            "-of",
            "csv=p=0",
            file.toString());
    if (r.exitCode() != 0) {
      throw new AssertionError("ffprobe failed on " + file + ":\n" + r.output());
    }
    List<String> out = new ArrayList<>();
    for (String line : r.output().split("\n")) {
      String[] f = line.trim().split(",");
      if (f.length >= 2) {
        out.add(f[0] + "x" + f[1]);
      }
    }
    return out;
  }
}
