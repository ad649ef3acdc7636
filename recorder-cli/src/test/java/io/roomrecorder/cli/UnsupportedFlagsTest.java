package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** publish.py's flags: each one is either supported or refused with a reason, never a crash. */
class UnsupportedFlagsTest {
  /** Every option of Raspberry Ninja's publish.py v23.1.0 argparse, in source order. */
  static final List<String> PUBLISH_PY_FLAGS =
      List.of(
          "--streamid",
          "--room",
          "--rtmp",
          "--whip",
          "--bitrate",
          "--audiobitrate",
          "--width",
          "--height",
          "--framerate",
          "--server",
          "--insecure-signaling",
          "--puuid",
          "--test",
          "--hdmi",
          "--camlink",
          "--z1",
          "--z1passthru",
          "--apple",
          "--v4l2",
          "--iomode",
          "--libcamera",
          "--rpicam",
          "--format",
          "--rotate",
          "--nvidiacsi",
          "--alsa",
          "--pulse",
          "--zerolatency",
          "--lowlatency",
          "--raw",
          "--bt601",
          "--h264",
          "--x264",
          "--openh264",
          "--force-h264-profile",
          "--force-h264-profile-id",
          "--vp8",
          "--vp9",
          "--aom",
          "--av1",
          "--rav1e",
          "--qsv",
          "--omx",
          "--vorbis",
          "--nvidia",
          "--rpi",
          "--multiviewer",
          "--webserver",
          "--noqos",
          "--nored",
          "--force-red",
          "--publisher-fec-percentage",
          "--publisher-red-distance",
          "--publisher-red-pt",
          "--publisher-fec-pt",
          "--force-rtx",
          "--novideo",
          "--noaudio",
          "--led",
          "--pipeline",
          "--record",
          "--view",
          "--no-auto-retry",
          "--viewer-retry-initial",
          "--viewer-retry-short",
          "--viewer-retry-long",
          "--viewer-enable-fec",
          "--stretch-display",
          "--splashscreen-idle",
          "--splashscreen-connecting",
          "--disable-hw-decoder",
          "--save",
          "--record-room",
          "--record-streams",
          "--room-monitor",
          "--join-webhook",
          "--join-postapi",
          "--join-notify-topic",
          "--join-notify-url",
          "--join-notify-timeout",
          "--join-gpio-pin",
          "--join-gpio-pulse",
          "--join-gpio-active-low",
          "--audio",
          "--hls",
          "--hls-splitmux",
          "--room-ndi",
          "--ndi-combine",
          "--midi",
          "--filesrc",
          "--filesrc2",
          "--pipein",
          "--ndiout",
          "--fdsink",
          "--framebuffer",
          "--v4l2sink",
          "--v4l2sink-width",
          "--v4l2sink-height",
          "--v4l2sink-fps",
          "--v4l2sink-format",
          "--v4l2sink-io-mode",
          "--debug",
          "--buffer",
          "--auto-view-buffer",
          "--password",
          "--salt",
          "--hostname",
          "--video-pipeline",
          "--audio-pipeline",
          "--timestamp",
          "--clockstamp",
          "--socketport",
          "--socketout",
          "--stun-server",
          "--turn-server",
          "--ice-transport-policy",
          "--h265",
          "--hevc",
          "--x265",
          "--config",
          "--soft-jpeg");

  /** The publish.py flags room-recorder accepts. */
  static final Set<String> SUPPORTED =
      Set.of(
          "--room",
          "--record",
          "--record-room",
          "--record-streams",
          "--password",
          "--salt",
          "--hostname",
          "--server",
          "--insecure-signaling",
          "--stun-server",
          "--turn-server",
          "--ice-transport-policy",
          "--noaudio",
          "--audio",
          "--debug");

  static Stream<UnsupportedFlags.Flag> refused() {
    return UnsupportedFlags.all().values().stream();
  }

  @ParameterizedTest(name = "{0} is refused with its reason and exit code 2")
  @MethodSource("refused")
  void aRefusedFlagGivesNotSupportedAndExitCode2(UnsupportedFlags.Flag flag) {
    List<String> args = new ArrayList<>(List.of("--room", "r", "--record-room", flag.name()));
    if (flag.takesValue()) {
      args.add("value");
    }
    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err)
        .contains("not supported: " + flag.name() + " (" + flag.reason() + ")")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(run.out).isEmpty();
  }

  @ParameterizedTest(name = "publish.py flag {0} is either supported or refused")
  @MethodSource("publishPyFlags")
  void everyPublishPyFlagIsEitherSupportedOrRefused(String flag) {
    CommandLine cl = RecordCommand.commandLine(TestContexts.quiet());
    boolean known = cl.getCommandSpec().findOption(flag) != null;
    boolean refused = UnsupportedFlags.find(flag) != null;

    assertThat(known).as("%s is an option of the record command", flag).isTrue();
    assertThat(refused).as("%s refused", flag).isEqualTo(!SUPPORTED.contains(flag));
  }

  static Stream<String> publishPyFlags() {
    return PUBLISH_PY_FLAGS.stream();
  }

  @Test
  void noFlagIsRefusedThatPublishPyDoesNotHave() {
    assertThat(PUBLISH_PY_FLAGS).containsAll(UnsupportedFlags.all().keySet());
  }

  @Test
  void aRefusedFlagWithoutItsValueIsAUsageErrorNotACrash() {
    CliRun run = CliRun.run("--room", "r", "--record-room", "--bitrate");

    assertThat(run.exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(run.err).contains("--bitrate").doesNotContain("\tat ");
  }

  @Test
  void severalRefusedFlagsAreAllNamed() {
    CliRun run = CliRun.run("--record", "cam1", "--view", "x", "--hls", "--h264");

    assertThat(run.exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(run.err)
        .contains("not supported: --view")
        .contains("not supported: --hls")
        .contains("not supported: --h264");
  }

  @Test
  void anUnknownFlagIsAPicocliUsageErrorWithASuggestion() {
    CliRun run = CliRun.run("--room", "r", "--recordroom");

    assertThat(run.exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(run.err)
        .contains("Unknown option: '--recordroom'")
        .contains("--record-room")
        .contains("--help")
        .doesNotContain("\tat ");
  }

  @Test
  void argparsePrefixAbbreviationsOtherThanTurnAreNotGuessed() {
    CliRun run = CliRun.run("--record", "cam1", "--ice-transport", "relay");

    assertThat(run.exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(run.err).contains("Unknown option");
  }
}
