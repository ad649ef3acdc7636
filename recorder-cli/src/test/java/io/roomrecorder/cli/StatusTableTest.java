package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.StreamStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live status table, from scripted statistics. */
class StatusTableTest {
  static StreamStats stats(
      String id, PeerState state, String pair, String codec, int w, int h, long bps, long lost) {
    return new StreamStats(
        id,
        state,
        pair,
        codec,
        w,
        h,
        29.97,
        bps,
        100,
        200,
        lost,
        lost / 2,
        3,
        1,
        0,
        Path.of("x.ts"),
        1_572_864,
        Duration.ofSeconds(3725));
  }

  @Test
  void oneRowPerStreamUnderAHeader() {
    List<String> lines =
        StatusTable.render(
            List.of(
                stats("cam1", PeerState.CONNECTED, "host/host", "H264", 1280, 720, 2_500_000, 12),
                stats("guest", PeerState.CONNECTING, "", "", 0, 0, 0, 0)),
            200);

    assertThat(lines)
        .containsExactly(
            "STREAM           STATE      PAIR        CODEC RES         FPS    BITRATE DURATION      SIZE LOST/RECOVERED",
            "cam1             CONNECTED  host/host   H264  1280x720   30.0  2.50 Mb/s  1:02:05   1.5 MiB 12/6",
            "guest            CONNECTING -           -     -          30.0     0 kb/s  1:02:05   1.5 MiB 0/0");
  }

  @Test
  void relayPairsAndLowBitratesAreShown() {
    String row =
        StatusTable.render(
                List.of(
                    stats("s", PeerState.CONNECTED, "relay/srflx", "VP8", 640, 360, 850_000, 0)),
                200)
            .get(1);

    assertThat(row)
        .contains("relay/srflx")
        .contains("VP8")
        .contains("640x360")
        .contains("850 kb/s");
  }

  @Test
  void anEmptyRoomSaysSo() {
    assertThat(StatusTable.render(List.of(), 120))
        .hasSize(2)
        .last()
        .isEqualTo("(no publishers yet)");
  }

  @Test
  void linesAreCutToTheTerminalWidthAndLongIdsShortened() {
    List<String> lines =
        StatusTable.render(
            List.of(
                stats(
                    "a-very-long-stream-identifier",
                    PeerState.CONNECTED,
                    "host/host",
                    "H264",
                    1,
                    1,
                    1,
                    0)),
            60);

    assertThat(lines).allMatch(l -> l.length() <= 60);
    assertThat(lines.get(1)).startsWith("a-very-long-str~ ");
  }

  @Test
  void aHostileStreamIdCannotMoveTheCursor() {
    String row =
        StatusTable.render(
                List.of(stats("x\u001b[5A\u009b", PeerState.CONNECTED, "h", "H264", 1, 1, 1, 0)),
                200)
            .get(1);

    assertThat(row).doesNotContain("\u001b").doesNotContain("\u009b").startsWith("x?[5A?");
  }

  @Test
  void theScreenRedrawsTheTableInPlaceAndPrintsLogLinesAboveIt() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LiveScreen screen = new LiveScreen(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    screen.showTable(List.of("HEADER", "row1"));
    screen.printAbove("log line");
    screen.showTable(List.of("HEADER", "row1", "row2"));
    screen.clear();

    String esc = "\r\u001b[";
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "HEADER\nrow1\n"
                + esc
                + "2A\u001b[J"
                + "log line\n"
                + "HEADER\nrow1\n"
                + esc
                + "2A\u001b[J"
                + "HEADER\nrow1\nrow2\n"
                + esc
                + "3A\u001b[J");
  }

  @Test
  void plainLinesCarryTheSameFigures() {
    assertThat(
            StatusTable.plain(
                stats("cam1", PeerState.CONNECTED, "host/host", "H264", 1280, 720, 2_500_000, 12)))
        .isEqualTo(
            "CONNECTED host/host, H264, 1280x720, 30.0 fps, 2.50 Mb/s, 1:02:05, 1.5 MiB, lost 12,"
                + " recovered 6");
  }
}
