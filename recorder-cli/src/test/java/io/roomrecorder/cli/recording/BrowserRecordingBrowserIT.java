package io.roomrecorder.cli.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.api.StreamStats;
import io.roomrecorder.cli.browser.Browser;
import io.roomrecorder.cli.browser.BrowserTestRig;
import io.roomrecorder.ts.reader.StreamSummary;
import io.roomrecorder.ts.reader.TsReader;
import io.roomrecorder.ts.reader.TsSummary;
import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real browsers publish through a page that behaves like the VDO.Ninja publisher (data channel
 * first, camera after our hello, renegotiation over the data channel) and the recorder records each
 * for at least 15 s: Chromium sends H.264 (recorded as MPEG-TS), offline Firefox ESR only VP8
 * (recorded as WebM). Checked on the files: both codecs in one file, no ffmpeg decode error,
 * duration within 5 % of the time recorded, the resolution ramps to at least 640x360 from the
 * 1280x720 fake camera, and the video bitrate of the last 5 s is above 500 kbit/s — which the
 * browser reaches only when our receiver reports and REMB let it ramp up.
 *
 * <p>Runs inside the test network namespace (src/test/netns/bin/java).
 */
class BrowserRecordingBrowserIT {
  private static final Logger LOG = LoggerFactory.getLogger(BrowserRecordingBrowserIT.class);

  /** How long the recorder records once the file has started. */
  static final Duration RECORD = Duration.ofSeconds(18);

  @TempDir Path out;

  record Run(Path file, Duration recorded, List<StreamStats> stats, List<RecorderEvent> events) {}

  /**
   * A camera picture that costs real bits: Chromium's built-in fake camera is a flat animation an
   * encoder squeezes below 500 kbit/s whatever its target, which would hide whether our feedback
   * lets the browser ramp. Noisy 1280x720 frames, made here (not committed), looped by Chromium.
   */
  Path noisyCamera() throws Exception {
    Path y4m = out.resolveSibling(out.getFileName() + "-camera.y4m");
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1280x720:rate=20,noise=alls=8:allf=t",
                "-t",
                "2",
                "-pix_fmt",
                "yuv420p",
                y4m.toString())
            .redirectErrorStream(true)
            .start();
    String printed = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(printed).isZero();
    y4m.toFile().deleteOnExit();
    return y4m;
  }

  Run record(Browser.Kind kind, String stream) throws Exception {
    List<String> chromiumFlags =
        kind == Browser.Kind.CHROMIUM
            ? List.of("--use-file-for-fake-video-capture=" + noisyCamera())
            : List.of();
    List<RecorderEvent> events = new CopyOnWriteArrayList<>();
    ExecutorService eventThread = Executors.newSingleThreadExecutor();
    try (BrowserTestRig rig = BrowserTestRig.start()) {
      RecorderConfig config =
          RecorderConfig.builder()
              .server(rig.signaling().url())
              .room("browser room")
              .recordRoom(true)
              .stunServers(List.of())
              .allowLoopback(true)
              .localAddresses(List.of("127.0.0.1"))
              .outputFolder(out)
              .build();
      List<StreamStats> stats;
      try (RoomRecorder recorder =
              RoomRecorder.builder().config(config).events(eventThread, events::add).build();
          Browser publisher =
              Browser.launch(
                  kind,
                  "publisher",
                  rig.page("publisher.html", Map.of("room", "browser room", "streamID", stream)),
                  chromiumFlags)) {
        recorder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (events.stream().noneMatch(e -> e instanceof RecorderEvent.RecordingStarted)) {
          assertThat(System.nanoTime()).as("a recording starts within 40 s").isLessThan(deadline);
          Thread.sleep(100);
        }
        Thread.sleep(RECORD.toMillis());
        stats = recorder.stats();
      }
      eventThread.shutdown();
      eventThread.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
      RecorderEvent.RecordingStarted started = only(events, RecorderEvent.RecordingStarted.class);
      RecorderEvent.RecordingStopped stopped = only(events, RecorderEvent.RecordingStopped.class);
      events.forEach(e -> LOG.info("event {}", e));
      LOG.info("stats {}", stats);
      return new Run(
          started.file(), Duration.between(started.time(), stopped.time()), stats, events);
    }
  }

  static <T> T only(List<RecorderEvent> events, Class<T> type) {
    List<T> matching = events.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).as(type.getSimpleName() + " events").hasSize(1);
    return matching.get(0);
  }

  /** Video kbit/s over the last five seconds of media in the file. */
  static double lastFiveSecondsKbps(Path file) {
    List<Ffprobe.Packet> packets = Ffprobe.packets(file, "v:0");
    double end = packets.stream().mapToDouble(Ffprobe.Packet::pts).max().orElseThrow();
    long bytes =
        packets.stream().filter(p -> p.pts() > end - 5.0).mapToLong(Ffprobe.Packet::size).sum();
    return bytes * 8 / 5.0 / 1000;
  }

  void assertCommon(Run run, String videoCodec, String container) {
    Path file = run.file();
    assertThat(file.getFileName().toString()).startsWith("browser_room_").endsWith(container);
    assertThat(Ffmpeg.decodeErrors(file)).isEmpty();
    assertThat(Ffprobe.stream(file, "video").codecName()).isEqualTo(videoCodec);
    assertThat(Ffprobe.stream(file, "audio").codecName()).isEqualTo("opus");
    double recorded = run.recorded().toMillis() / 1000.0;
    assertThat(recorded).isGreaterThanOrEqualTo(15.0);
    assertThat(Ffprobe.formatDuration(file))
        .isCloseTo(recorded, org.assertj.core.data.Percentage.withPercentage(5));
    double kbps = lastFiveSecondsKbps(file);
    LOG.info("{}: {} s recorded, last 5 s at {} kbit/s", file.getFileName(), recorded, kbps);
    assertThat(kbps).as("video bitrate of the last 5 s, kbit/s").isGreaterThan(500);
    assertThat(Files.exists(file.resolveSibling(file.getFileName() + ".json"))).isTrue();
  }

  @Test
  @Timeout(150)
  void chromiumIsRecordedAsH264AndOpusInMpegTs() throws Exception {
    Run run = record(Browser.Kind.CHROMIUM, "chromecam");
    assertCommon(run, "h264", ".ts");
    TsSummary summary;
    try (InputStream in = Files.newInputStream(run.file())) {
      summary = TsReader.read(in);
    }
    assertThat(summary.clean()).as(summary.describe()).isTrue();
    StreamSummary video = summary.stream("h264");
    int maxWidth =
        video.resolutions().stream().mapToInt(StreamSummary.Resolution::width).max().orElse(0);
    int maxHeight =
        video.resolutions().stream().mapToInt(StreamSummary.Resolution::height).max().orElse(0);
    assertThat(maxWidth).isGreaterThanOrEqualTo(640);
    assertThat(maxHeight).isGreaterThanOrEqualTo(360);
    assertThat(run.stats())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.state()).isEqualTo(PeerState.CONNECTED);
              assertThat(s.videoCodec()).isEqualTo("H264");
            });
  }

  @Test
  @Timeout(150)
  void firefoxIsRecordedAsVp8AndOpusInWebm() throws Exception {
    Run run = record(Browser.Kind.FIREFOX, "foxcam");
    assertCommon(run, "vp8", ".webm");
    Ffprobe.Stream video = Ffprobe.stream(run.file(), "video");
    assertThat(video.width()).isGreaterThanOrEqualTo(640);
    assertThat(video.height()).isGreaterThanOrEqualTo(360);
    assertThat(run.stats())
        .singleElement()
        .satisfies(s -> assertThat(s.videoCodec()).isEqualTo("VP8"));
  }
}
