package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.testpeer.media.Ivf;
import io.roomrecorder.testpeer.media.OggOpus;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.ts.testing.Ffprobe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lines a recorded WebM file up with what the publisher sent. ffmpeg copies the file's VP8 frames
 * into IVF and its Opus packets into Ogg ({@code -c copy}: the bytes as the file holds them), our
 * readers split those, and ffprobe gives each packet's time. Every frame must be byte for byte a
 * frame the publisher sent, in sending order; gaps in the send log are frames the file lacks.
 */
final class WebmTruth {

  /** One frame or packet the publisher sent: which clip element, captured when (wall clock, µs). */
  record Sent(int clipIndex, long captureMicros) {}

  /**
   * @param logIndex the send-log entry the file's frame is (-1: no sent frame has its bytes)
   */
  record Found(double ptsSeconds, int logIndex, long captureMicros) {
    boolean matched() {
      return logIndex >= 0;
    }
  }

  /**
   * @param video, audio the file's frames in file order
   * @param videoGaps sent frames missing between the file's first and last video frame
   * @param audioGaps the same for audio packets
   * @param avOffsetMs median (video PTS − capture) minus median (audio PTS − capture): 0 when the
   *     file keeps the sender's sync
   * @param videoSpreadMs max − min of (video PTS − capture): timing kept within the stream
   */
  record Result(
      List<Found> video,
      List<Found> audio,
      int videoGaps,
      int audioGaps,
      double avOffsetMs,
      double videoSpreadMs) {

    long videoUnmatched() {
      return video.stream().filter(f -> !f.matched()).count();
    }

    long audioUnmatched() {
      return audio.stream().filter(f -> !f.matched()).count();
    }
  }

  private WebmTruth() {}

  /** Converts a {@link SendLog} into what {@link #analyze} compares against. */
  static List<Sent> video(SendLog log) {
    return log.video().stream().map(f -> new Sent(f.clipIndex(), f.captureMicros())).toList();
  }

  static List<Sent> audio(SendLog log) {
    return log.audio().stream().map(a -> new Sent(a.clipIndex(), a.captureMicros())).toList();
  }

  static Result analyze(Path webm, List<Sent> sentVideo, List<Sent> sentAudio, SampleClip clip)
      throws IOException, InterruptedException {
    Path ivf = Files.createTempFile(webm.getParent(), "video", ".ivf");
    Path ogg = Files.createTempFile(webm.getParent(), "audio", ".ogg");
    try {
      copyStream(webm, "0:v:0", "ivf", ivf);
      copyStream(webm, "0:a:0", "ogg", ogg);
      List<byte[]> frames = Ivf.frames(Files.readAllBytes(ivf));
      List<byte[]> packets = OggOpus.packets(Files.readAllBytes(ogg));
      List<Ffprobe.Packet> videoTimes = Ffprobe.packets(webm, "v:0");
      List<Ffprobe.Packet> audioTimes = Ffprobe.packets(webm, "a:0");
      assertThat(frames).as("VP8 frames copied out of %s", webm).hasSameSizeAs(videoTimes);
      assertThat(packets).as("Opus packets copied out of %s", webm).hasSameSizeAs(audioTimes);
      int[] gaps = new int[2];
      List<Found> video =
          match(frames, videoTimes, sentVideo, i -> clip.video().get(i).nalUnits().get(0), gaps, 0);
      List<Found> audio = match(packets, audioTimes, sentAudio, clip.audio()::get, gaps, 1);
      double[] vd = deltasMs(video);
      double[] ad = deltasMs(audio);
      return new Result(
          video,
          audio,
          gaps[0],
          gaps[1],
          vd.length == 0 || ad.length == 0 ? Double.NaN : vd[vd.length / 2] - ad[ad.length / 2],
          vd.length == 0 ? Double.NaN : vd[vd.length - 1] - vd[0]);
    } finally {
      Files.deleteIfExists(ivf);
      Files.deleteIfExists(ogg);
    }
  }

  /**
   * Each frame of the file takes the next send-log entry (after the previous match) with the same
   * bytes; entries skipped on the way are gaps.
   */
  private static List<Found> match(
      List<byte[]> inFile,
      List<Ffprobe.Packet> times,
      List<Sent> sent,
      java.util.function.IntFunction<byte[]> clipElement,
      int[] gaps,
      int slot) {
    List<Found> found = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < inFile.size(); i++) {
      int k = next;
      while (k < sent.size()
          && !Arrays.equals(clipElement.apply(sent.get(k).clipIndex()), inFile.get(i))) {
        k++;
      }
      double pts = times.get(i).pts();
      if (k < sent.size()) {
        if (!found.isEmpty() && found.get(found.size() - 1).matched()) {
          gaps[slot] += k - next;
        }
        found.add(new Found(pts, k, sent.get(k).captureMicros()));
        next = k + 1;
      } else {
        found.add(new Found(pts, -1, 0));
      }
    }
    return found;
  }

  private static double[] deltasMs(List<Found> found) {
    return found.stream()
        .filter(Found::matched)
        .mapToDouble(f -> f.ptsSeconds() * 1000 - f.captureMicros() / 1000.0)
        .sorted()
        .toArray();
  }

  /** {@code ffmpeg -i webm -map <stream> -c copy -f <format> out}: the stream's bytes as stored. */
  private static void copyStream(Path webm, String stream, String format, Path out)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-nostdin",
                "-hide_banner",
                "-v",
                "error",
                "-y",
                "-i",
                webm.toString(),
                "-map",
                stream,
                "-c",
                "copy",
                "-f",
                format,
                out.toString())
            .redirectErrorStream(true)
            .start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("ffmpeg -c copy %s: %s", stream, printed).isZero();
  }
}
