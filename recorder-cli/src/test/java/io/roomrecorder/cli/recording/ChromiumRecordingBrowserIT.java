package io.roomrecorder.cli.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.api.StreamStats;
import io.roomrecorder.cli.browser.Browser;
import io.roomrecorder.cli.browser.BrowserTestRig;
import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The milestone: a real browser publishing like VDO.Ninja (data channel first, camera after our
 * hello, renegotiation over the data channel) lands in a playable file. Runs inside the test
 * network namespace (src/test/netns/bin/java).
 */
class ChromiumRecordingBrowserIT {
  @TempDir Path out;

  @Test
  @Timeout(120)
  void aChromiumPublisherIsRecordedToAPlayableH264AndOpusFile() throws Exception {
    List<RecorderEvent> events = new CopyOnWriteArrayList<>();
    try (BrowserTestRig rig = BrowserTestRig.start()) {
      RecorderConfig config =
          RecorderConfig.builder()
              .server(rig.signaling().url())
              .room("rec room")
              .recordRoom(true)
              .stunServers(List.of())
              .allowLoopback(true)
              .outputFolder(out)
              .build();
      try (RoomRecorder recorder =
              RoomRecorder.builder()
                  .config(config)
                  .events(Executors.newSingleThreadExecutor(), events::add)
                  .build();
          Browser publisher =
              Browser.launch(
                  Browser.Kind.CHROMIUM,
                  "publisher",
                  rig.page("publisher.html", Map.of("room", "rec room", "streamID", "cam1")))) {
        recorder.start();
        Thread.sleep(20_000);
        List<StreamStats> stats = recorder.stats();
        assertThat(stats).hasSize(1);
        assertThat(stats.get(0).state()).isEqualTo(PeerState.CONNECTED);
        assertThat(stats.get(0).videoCodec()).isEqualTo("H264");
        assertThat(stats.get(0).width()).isGreaterThanOrEqualTo(640);
      }
    }
    assertThat(events)
        .anyMatch(e -> e instanceof RecorderEvent.RecordingStarted)
        .anyMatch(e -> e instanceof RecorderEvent.RecordingStopped);
    Path ts;
    try (Stream<Path> files = Files.list(out)) {
      ts = files.filter(p -> p.toString().endsWith(".ts")).findFirst().orElseThrow();
    }
    assertThat(ts.getFileName().toString()).startsWith("rec_room_cam1_");
    assertThat(Ffmpeg.decodeErrors(ts)).isEmpty();
    assertThat(Ffprobe.stream(ts, "video").codecName()).isEqualTo("h264");
    assertThat(Ffprobe.stream(ts, "audio").codecName()).isEqualTo("opus");
    assertThat(Ffprobe.formatDuration(ts)).isGreaterThan(10.0);
  }
}
