package io.roomrecorder.webm;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.webm.testing.Feed;
import io.roomrecorder.webm.testing.Ffmpeg;
import io.roomrecorder.webm.testing.Frame;
import io.roomrecorder.webm.testing.RecordUntilKilled;
import io.roomrecorder.webm.testing.Samples;
import io.roomrecorder.webm.testing.WebmTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording that is never closed, because its process dies, must still be a playable file up to
 * the last flush: the Segment and Clusters have unknown sizes and every element is complete.
 */
class WebmCrashTest {
  @TempDir Path dir;

  /** Last video packet pts (ms) ffprobe finds, and the count of video and audio packets. */
  private static long lastVideoMs(Path file) {
    return Ffmpeg.packets(file).stream()
        .filter(p -> p[0] == 0)
        .mapToLong(p -> p[1])
        .max()
        .orElse(-1);
  }

  @Test
  void whatTheLastFlushLeftOnDiskDecodesWithoutAnError() throws IOException {
    List<Frame> video = Samples.vp8Small();
    List<Frame> audio = Samples.opus();
    InMemoryWebmSink memory = new InMemoryWebmSink();
    WebmMuxer muxer = new WebmMuxer(WebmMuxerConfig.videoAndAudio(320, 180, 2), memory);
    Feed.interleave(
        muxer, Feed.concat(video, video, 3000), Feed.concat(audio, audio, 1800), 90_000);
    // No close(): the process "dies" here. What was flushed is what a crash leaves on disk;
    // the bytes written after the last flush are lost.
    assertThat(memory.size()).isGreaterThan(memory.flushedSize());
    Path file = dir.resolve("crashed.webm");
    Files.write(file, memory.flushedBytes());

    assertThat(Ffmpeg.decodeErrors(file).output()).isEmpty();
    WebmTree tree = WebmTree.parse(memory.flushedBytes());
    assertThat(tree.segment.unknownSize).isTrue();
    long lastFlushedVideoMs =
        tree.blocks().stream()
            .filter(b -> b.track() == 1)
            .mapToLong(b -> b.timestampMs())
            .max()
            .getAsLong();
    assertThat(lastFlushedVideoMs).isGreaterThanOrEqualTo(3000); // flushed once a second of media
    assertThat(lastVideoMs(file)).isEqualTo(lastFlushedVideoMs);
  }

  @Test
  void aRecordingProcessKilledWithSigkillLeavesAFileThatDecodesUpToItsLastFlush() throws Exception {
    Path file = dir.resolve("killed.webm");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                RecordUntilKilled.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long lastReportedMs = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("flushed ")) {
          lastReportedMs = Long.parseLong(line.substring(8).trim());
          if (lastReportedMs >= 5000) {
            break; // more than two loops of the sample: resolution-stable, several Clusters
          }
        }
      }
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL
    assertThat(lastReportedMs).isGreaterThanOrEqualTo(5000);

    Path copy = dir.resolve("copy.webm");
    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Ffmpeg.decodeErrors(copy).output()).isEmpty();
    // Everything up to the last flush the child reported is there (it may have flushed again
    // between printing and dying, never less).
    assertThat(lastVideoMs(copy)).isGreaterThanOrEqualTo(lastReportedMs);
    String probe = Ffmpeg.probe(copy);
    assertThat(Ffmpeg.value(probe, "format.nb_streams")).isEqualTo("2");
    assertThat(Long.parseLong(Ffmpeg.value(probe, "streams.stream.1.nb_read_packets")))
        .isGreaterThanOrEqualTo(lastReportedMs / 20);
  }
}
