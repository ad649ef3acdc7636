package io.roomrecorder.ts.testing;

import java.nio.file.Path;
import java.util.List;

/** Runs {@code ffmpeg} (must be on the PATH) to check that a media file decodes cleanly. */
public final class Ffmpeg {
  private Ffmpeg() {}

  /**
   * Decodes every stream of {@code file} ({@code ffmpeg -v error -i file -fps_mode vfr -f null -})
   * and returns what ffmpeg printed: the empty string for a file that decodes without a single
   * error.
   *
   * <p>{@code -fps_mode vfr}: WebRTC video has a variable frame rate (capture timestamps). Without
   * it ffmpeg rescales decoded frames to a guessed constant rate for the null muxer, and two frames
   * closer than one guessed frame period collide there ("non monotonically increasing dts to
   * muxer") although the file's own timestamps are strictly increasing.
   */
  public static String decodeErrors(Path file) {
    ProcessOutput out =
        ProcessOutput.run(
            List.of(
                "ffmpeg",
                "-nostdin",
                "-hide_banner",
                "-v",
                "error",
                "-i",
                file.toString(),
                "-fps_mode",
                "vfr",
                "-f",
                "null",
                "-"));
    String printed = (out.stdout() + out.stderr()).strip();
    if (out.exitCode() != 0 && printed.isEmpty()) {
      return "ffmpeg exited with " + out.exitCode();
    }
    return printed;
  }
}
