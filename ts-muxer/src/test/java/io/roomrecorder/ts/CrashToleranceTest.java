package io.roomrecorder.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.roomrecorder.ts.reader.TsReader;
import io.roomrecorder.ts.reader.TsSummary;
import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import io.roomrecorder.ts.testing.FileTsSink;
import io.roomrecorder.ts.testing.SampleMedia;
import io.roomrecorder.ts.testing.SampleMedia.AccessUnit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder process killed with SIGKILL (no close, no shutdown hook) leaves a file that decodes
 * cleanly up to its last flush point. The recorder runs in a child JVM ({@link Recorder}) that
 * flushes once per second of media, reports each flush, writes half a second more without flushing
 * and waits to be killed.
 */
class CrashToleranceTest {
  static final int FLUSHED_SECONDS = 5;

  @TempDir Path dir;

  @Test
  void aKilledRecorderLeavesAFileThatDecodesUpToItsLastFlush() throws Exception {
    Path file = dir.resolve("killed.ts");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Recorder.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long flushedBytes = -1;
    int flushes = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("WAITING")) {
        if (line.startsWith("FLUSHED ")) {
          flushes++;
          flushedBytes = Long.parseLong(line.split(" ")[2]);
        }
      }
      child.destroyForcibly(); // SIGKILL: nothing in the child runs after this
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL
    assertThat(flushes).isEqualTo(FLUSHED_SECONDS);

    // Everything up to the last flush is there, and nothing torn after it.
    assertThat(Files.size(file)).isEqualTo(flushedBytes);
    assertThat(flushedBytes % 188).isZero();
    assertThat(Ffmpeg.decodeErrors(file)).isEmpty();
    Ffprobe.Stream video = Ffprobe.stream(file, "video");
    Ffprobe.Stream audio = Ffprobe.stream(file, "audio");
    assertThat(video.frames()).isEqualTo(FLUSHED_SECONDS * 30L);
    assertThat(audio.packets()).isEqualTo(FLUSHED_SECONDS * 50L);
    assertThat(Ffprobe.formatDuration(file)).isCloseTo(FLUSHED_SECONDS, within(1 / 30.0));
    TsSummary summary;
    try (var in = Files.newInputStream(file)) {
      summary = TsReader.read(in);
    }
    assertThat(summary.problems()).isEmpty();
  }

  /** The child process: records sample media in a loop with a flush every second of media. */
  public static final class Recorder {
    public static void main(String[] args) throws Exception {
      List<AccessUnit> video = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
      List<byte[]> audio = SampleMedia.opusPackets(SampleMedia.OPUS_STEREO).subList(0, 100);
      FileTsSink sink = new FileTsSink(Path.of(args[0]));
      TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink);
      long nextFlush = 90_000;
      int v = 0;
      int a = 0;
      long end = (FLUSHED_SECONDS * 90_000L) + 45_000; // half a second past the last flush
      while (true) {
        long vp = v * 3000L;
        long ap = a * 1800L;
        long next = Math.min(vp, ap);
        if (next >= nextFlush && nextFlush <= FLUSHED_SECONDS * 90_000L) {
          muxer.flush();
          System.out.println("FLUSHED " + nextFlush / 90_000 + " " + sink.bytesFlushed());
          nextFlush += 90_000;
        }
        if (next >= end) {
          break;
        }
        if (vp <= ap) {
          AccessUnit au = video.get(v++ % video.size());
          muxer.writeVideo(au.data(), 0, au.data().length, vp, au.keyframe());
        } else {
          byte[] p = audio.get(a++ % audio.size());
          muxer.writeAudio(p, 0, p.length, ap);
        }
      }
      System.out.println("WAITING");
      System.out.flush();
      System.in.read(); // blocks: the parent kills us long before it closes our stdin
    }
  }
}
