package io.roomrecorder.ts.testing;

import java.nio.file.Path;
import java.util.List;

/** Runs {@code ffmpeg} (must be on the PATH) to check that a media file decodes cleanly. */
public final class Ffmpeg {
  private Ffmpeg() {}

  /**
   * Decodes every stream of {@code file} ({@code ffmpeg -v error -i file -f null -}) and returns
   * what ffmpeg printed: the empty string for a file that decodes without a single error.
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
