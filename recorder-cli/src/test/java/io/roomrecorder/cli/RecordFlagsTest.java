package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.roomrecorder.api.IceTransportPolicy;
import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.TurnServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every supported flag of the record command and the {@link RecorderConfig} field it sets. */
class RecordFlagsTest {

  static RecordCommand parse(String... args) {
    CommandLine cl = RecordCommand.commandLine(TestContexts.quiet());
    cl.parseArgs(args);
    return cl.getCommand();
  }

  static RecorderConfig config(String... args) {
    return parse(args).toConfig();
  }

  static String[] a(String... args) {
    return args;
  }

  static Arguments row(
      String sentence, String[] args, Function<RecorderConfig, Object> field, Object expected) {
    return arguments(sentence, args, field, expected);
  }

  static Stream<Arguments> flags() {
    String[] room = {"--room", "R", "--record-room"};
    return Stream.of(
        row(
            "--room R --record-room records the room",
            room,
            RecorderConfig::room,
            Optional.of("R")),
        row("--room R --record-room sets recordRoom", room, RecorderConfig::recordRoom, true),
        row("--record-room records every stream", room, RecorderConfig::streamsFilter, Set.of()),
        row("--record-room has no single stream", room, RecorderConfig::streamId, Optional.empty()),
        row(
            "--record-streams 'a, b' filters the room",
            a("--room", "R", "--record-room", "--record-streams", "a, b,"),
            RecorderConfig::streamsFilter,
            Set.of("a", "b")),
        row(
            "--record P with --record-room is the file prefix",
            a("--room", "R", "--record-room", "--record", "P"),
            RecorderConfig::filePrefix,
            Optional.of("P")),
        row(
            "--record P with --record-room records no single stream",
            a("--room", "R", "--record-room", "--record", "P"),
            RecorderConfig::streamId,
            Optional.empty()),
        row(
            "--record ID alone records that stream",
            a("--record", "cam1"),
            RecorderConfig::streamId,
            Optional.of("cam1")),
        row(
            "--record ID alone has no room",
            a("--record", "cam1"),
            RecorderConfig::room,
            Optional.empty()),
        row(
            "--record ID alone is not room recording",
            a("--record", "cam1"),
            RecorderConfig::recordRoom,
            false),
        row(
            "--room R --record ID records R's member ID",
            a("--room", "R", "--record", "cam1"),
            RecorderConfig::room,
            Optional.of("R")),
        row(
            "--room R --record ID records stream ID",
            a("--room", "R", "--record", "cam1"),
            RecorderConfig::streamId,
            Optional.of("cam1")),
        row(
            "no --password means the default password",
            room,
            RecorderConfig::password,
            Optional.empty()),
        row(
            "a bare --password means the default password",
            a("--room", "R", "--record-room", "--password"),
            RecorderConfig::password,
            Optional.empty()),
        row(
            "a bare --password before another flag means the default password",
            a("--password", "--room", "R", "--record-room"),
            RecorderConfig::password,
            Optional.empty()),
        row(
            "--password true means the default password",
            a("--record", "x", "--password", "true"),
            RecorderConfig::password,
            Optional.empty()),
        row(
            "--password=1 means the default password",
            a("--record", "x", "--password=1"),
            RecorderConfig::password,
            Optional.empty()),
        row(
            "--password ON means the default password",
            a("--record", "x", "--password", "ON"),
            RecorderConfig::password,
            Optional.empty()),
        row(
            "--password false disables encryption",
            a("--record", "x", "--password", "false"),
            RecorderConfig::password,
            Optional.of("false")),
        row(
            "--password 0 disables encryption",
            a("--record", "x", "--password", "0"),
            RecorderConfig::password,
            Optional.of("false")),
        row(
            "--password Off disables encryption",
            a("--record", "x", "--password", "Off"),
            RecorderConfig::password,
            Optional.of("false")),
        row(
            "--password s3cret is the password verbatim",
            a("--record", "x", "--password", "s3 cret&é"),
            RecorderConfig::password,
            Optional.of("s3 cret&é")),
        row(
            "--salt sets the salt",
            a("--record", "x", "--salt", "example.com"),
            RecorderConfig::salt,
            Optional.of("example.com")),
        row(
            "--hostname of a self-hosted subdomain salts with the full host, as the browser does",
            a("--record", "x", "--hostname", "https://ninja.example.com/"),
            RecorderConfig::salt,
            Optional.of("ninja.example.com")),
        row(
            "--hostname under vdo.ninja salts with vdo.ninja",
            a("--record", "x", "--hostname", "https://beta.vdo.ninja/"),
            RecorderConfig::salt,
            Optional.of("vdo.ninja")),
        row(
            "--hostname of an IP address salts with vdo.ninja",
            a("--record", "x", "--hostname", "http://192.168.1.20:8080/"),
            RecorderConfig::salt,
            Optional.of("vdo.ninja")),
        row(
            "--salt wins over --hostname",
            a("--record", "x", "--hostname", "https://a.example.com", "--salt", "s"),
            RecorderConfig::salt,
            Optional.of("s")),
        row(
            "--server sets the handshake server",
            a("--record", "x", "--server", "wss://signal.example.com:8443"),
            RecorderConfig::server,
            "wss://signal.example.com:8443"),
        row(
            "no --server means VDO.Ninja's server",
            a("--record", "x"),
            RecorderConfig::server,
            RecorderConfig.DEFAULT_SERVER),
        row(
            "--insecure-signaling skips TLS verification",
            a("--record", "x", "--insecure-signaling"),
            RecorderConfig::insecureTls,
            true),
        row("TLS is verified by default", a("--record", "x"), RecorderConfig::insecureTls, false),
        row(
            "--stun-server stun://host:port becomes stun:host:port",
            a("--record", "x", "--stun-server", "stun://stun.example.com:3478"),
            RecorderConfig::stunServers,
            List.of("stun:stun.example.com:3478")),
        row(
            "--stun-server stun:host:port is kept",
            a("--record", "x", "--stun-server", "stun:stun.example.com:3478"),
            RecorderConfig::stunServers,
            List.of("stun:stun.example.com:3478")),
        row(
            "--stun-server host:port gets the stun: scheme",
            a("--record", "x", "--stun-server", "stun.example.com:3478"),
            RecorderConfig::stunServers,
            List.of("stun:stun.example.com:3478")),
        row(
            "--stun-server false disables STUN",
            a("--record", "x", "--stun-server", "false"),
            RecorderConfig::stunServers,
            List.of()),
        row(
            "--stun-server NONE disables STUN",
            a("--record", "x", "--stun-server", "NONE"),
            RecorderConfig::stunServers,
            List.of()),
        row(
            "--no-stun disables STUN",
            a("--record", "x", "--no-stun"),
            RecorderConfig::stunServers,
            List.of()),
        row(
            "without STUN flags the default STUN server is used",
            a("--record", "x"),
            RecorderConfig::stunServers,
            List.of(RecorderConfig.DEFAULT_STUN)),
        row(
            "--turn-server turn://user:pass@host:port carries the credentials",
            a("--record", "x", "--turn-server", "turn://steve:secret@turn.example.com:3478"),
            RecorderConfig::turnServers,
            List.of(new TurnServer("turn:turn.example.com:3478", "steve", "secret"))),
        row(
            "--turn is --turn-server",
            a("--record", "x", "--turn", "turn://u:p@127.0.0.1:3478"),
            RecorderConfig::turnServers,
            List.of(new TurnServer("turn:127.0.0.1:3478", "u", "p"))),
        row(
            "--turn-user and --turn-pass give the credentials of an RFC 7065 URL",
            a(
                "--record",
                "x",
                "--turn-server",
                "turn:turn.example.com:3478?transport=tcp",
                "--turn-user",
                "u",
                "--turn-pass",
                "p"),
            RecorderConfig::turnServers,
            List.of(new TurnServer("turn:turn.example.com:3478?transport=tcp", "u", "p"))),
        row(
            "--turn-user overrides the user in the URL",
            a("--record", "x", "--turn-server", "turn://a:b@h:3478", "--turn-user", "c"),
            RecorderConfig::turnServers,
            List.of(new TurnServer("turn:h:3478", "c", "b"))),
        row(
            "percent-encoded TURN credentials are decoded",
            a("--record", "x", "--turn-server", "turns://u%40x:p%3Aq@turn.example.com:5349"),
            RecorderConfig::turnServers,
            List.of(new TurnServer("turns:turn.example.com:5349", "u@x", "p:q"))),
        row(
            "--ice-transport-policy relay allows only relayed candidates",
            a("--record", "x", "--turn", "turn://u:p@h:3478", "--ice-transport-policy", "relay"),
            RecorderConfig::iceTransportPolicy,
            IceTransportPolicy.RELAY),
        row(
            "--ice-transport-policy ALL is case-insensitive",
            a("--record", "x", "--ice-transport-policy", "ALL"),
            RecorderConfig::iceTransportPolicy,
            IceTransportPolicy.ALL),
        row(
            "the default ICE transport policy is all",
            a("--record", "x"),
            RecorderConfig::iceTransportPolicy,
            IceTransportPolicy.ALL),
        row(
            "--noaudio records no audio",
            a("--record", "x", "--noaudio"),
            RecorderConfig::audio,
            false),
        row("audio is recorded by default", a("--record", "x"), RecorderConfig::audio, true),
        row(
            "publish.py's deprecated --audio is accepted and changes nothing",
            a("--record", "x", "--audio"),
            RecorderConfig::audio,
            true),
        row(
            "--output DIR is the output folder",
            a("--record", "x", "--output", "/tmp/rec"),
            RecorderConfig::outputFolder,
            Path.of("/tmp/rec")),
        row(
            "-o DIR is the output folder",
            a("--record", "x", "-o", "rec"),
            RecorderConfig::outputFolder,
            Path.of("rec")),
        row(
            "the current folder is the default output folder",
            a("--record", "x"),
            RecorderConfig::outputFolder,
            Path.of(".")),
        row(
            "--allow-loopback allows 127.0.0.1 candidates",
            a("--record", "x", "--allow-loopback"),
            RecorderConfig::allowLoopback,
            true),
        row("loopback is off by default", a("--record", "x"), RecorderConfig::allowLoopback, false),
        row(
            "--allow-remote-network is repeatable",
            a(
                "--record",
                "x",
                "--allow-remote-network",
                "127.0.0.0/8",
                "--allow-remote-network",
                "192.168.1.0/24"),
            RecorderConfig::allowedRemoteNetworks,
            List.of("127.0.0.0/8", "192.168.1.0/24")),
        row(
            "any remote network by default",
            a("--record", "x"),
            RecorderConfig::allowedRemoteNetworks,
            List.of()),
        row(
            "--local-address limits host candidates",
            a("--record", "x", "--local-address", "127.0.0.1"),
            RecorderConfig::localAddresses,
            List.of("127.0.0.1")),
        row(
            "every local address by default",
            a("--record", "x"),
            RecorderConfig::localAddresses,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flags")
  void aFlagSetsItsConfigField(
      String sentence, String[] args, Function<RecorderConfig, Object> field, Object expected) {
    assertThat(field.apply(config(args))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "--duration {0} is {1} seconds")
  @CsvSource({"90, 90", "30s, 30", "10m, 600", "1h30m, 5400", "2H, 7200", "1m5s, 65"})
  void durationAcceptsSecondsAndUnits(String value, long seconds) {
    assertThat(parse("--record", "x", "--duration", value).duration())
        .isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void withoutDurationTheRecordingRunsUntilStopped() {
    assertThat(parse("--record", "x").duration()).isNull();
  }

  @ParameterizedTest(name = "--duration {0} is a usage error")
  @CsvSource({"0", "0s", "abc", "-5", "10x", "1.5h", "''"})
  void aBadDurationIsAUsageError(String value) {
    CliRun run = CliRun.run("--record", "x", "--duration", value);

    assertThat(run.exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(run.err).contains("--duration").doesNotContain("\tat ");
  }

  @Test
  void jsonFlagSwitchesToJsonLines() {
    assertThat(parse("--record", "x", "--json").json()).isTrue();
    assertThat(parse("--record", "x").json()).isFalse();
  }

  @ParameterizedTest(name = "{0} gives log level {1}")
  @CsvSource({
    "'--log-level debug', DEBUG",
    "'--log-level=WARN', WARN",
    "'--debug', DEBUG",
    "'', INFO"
  })
  void logLevelFlags(String flags, LoggingSetup.LogLevel level) {
    String[] extra = flags.isEmpty() ? new String[0] : flags.split("[ ]");
    String[] args =
        Stream.concat(Stream.of("--record", "x"), Stream.of(extra)).toArray(String[]::new);

    assertThat(parse(args).logLevel()).isEqualTo(level);
  }

  static Stream<Arguments> contradictions() {
    return Stream.of(
        arguments(a(), "nothing to record"),
        arguments(a("--room", "R"), "nothing to record in room R"),
        arguments(a("--record-room"), "--record-room needs --room"),
        arguments(
            a("--room", "R", "--record-streams", "a"), "--record-streams needs --record-room"),
        arguments(
            a("--room", "R", "--record-room", "--record-streams", " , "), "lists no stream ID"),
        arguments(a("--record", "x", "--turn-user", "u"), "need --turn-server"),
        arguments(
            a("--record", "x", "--ice-transport-policy", "relay"), "relay-only ICE needs a TURN"),
        arguments(a("--record", "x", "--stun-server", "https://h"), "--stun-server must be"),
        arguments(a("--record", "x", "--stun-server", "stun://"), "no usable host"),
        arguments(a("--record", "x", "--turn-server", "http://h:3478"), "--turn-server must be"),
        arguments(a("--record", "x", "--turn-server", "turn://u:p@"), "has no host"),
        arguments(a("--record", "x", "--no-stun", "--stun-server", "stun:h:1"), "contradicts"),
        arguments(a("--record", "x", "--server", "https://h"), "ws:// or wss://"),
        arguments(a("--record", "x", "--allow-remote-network", "10.0.0.0/8;rm"), "not a CIDR"),
        arguments(a("--record", "x", "--hostname", "https://"), "--hostname"));
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @MethodSource("contradictions")
  void contradictoryOrMalformedFlagsAreUsageErrors(String[] args, String message) {
    assertThatThrownBy(() -> config(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);

    CliRun run = CliRun.run(args);
    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err).contains(message).doesNotContain("\tat ");
  }

  @Test
  void aMissingValueIsAUsageError() {
    CliRun run = CliRun.run("--record");

    assertThat(run.exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(run.err).contains("--record");
  }

  @Test
  void recordCanBeSpelledOutAsACommand() {
    CliRun run = CliRun.run("record", "--room", "r", "--record-room", "--view", "x");

    assertThat(run.exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(run.err).contains("not supported: --view");
  }

  @Test
  void helpListsTheExitCodes() {
    CliRun run = CliRun.run("--help");

    assertThat(run.exitCode).isEqualTo(ExitCode.OK);
    assertThat(run.out)
        .contains("--record-room")
        .contains("--turn-server")
        .contains("130  stopped with Ctrl+C")
        .contains("2    usage error");
  }

  @Test
  void helpListsTheDemoAndTheLoadGenerator() {
    CliRun run = CliRun.run("--help");

    assertThat(run.out).contains("demo").contains("loadgen");
    assertThat(CliRun.run("loadgen", "--help").out).contains("--bitrate").contains("Exit codes");
    assertThat(CliRun.run("demo", "--help").out).contains("--duration").contains("Exit codes");
  }
}
