package io.roomrecorder.cli;

import io.roomrecorder.api.IceTransportPolicy;
import io.roomrecorder.api.RecorderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code room-recorder [record flags]}: the default command. Takes Raspberry Ninja's recording
 * flags ({@code publish.py --room R --record-room}, {@code --record STREAMID}, passwords, ICE
 * servers) so its users keep their habits, refuses publish.py's other flags with a reason (exit 2),
 * maps the rest to a {@link RecorderConfig} and runs a {@link RecordingSession}.
 *
 * <p>Not thread-safe; picocli fills one instance per run.
 */
@Command(
    name = "room-recorder",
    mixinStandardHelpOptions = true,
    version = "room-recorder 0.1.0-SNAPSHOT",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Records every participant of a VDO.Ninja room (or one stream) to its own file:"
          + " H.264 + Opus to MPEG-TS, VP8 + Opus to WebM.",
      "",
      "  room-recorder --room myroom --record-room",
      "  room-recorder --record cam1 --password false --duration 10m",
      ""
    },
    footer = ExitCode.HELP_FOOTER,
    subcommands = {
      InspectCommand.class,
      ServeSignalingCommand.class,
      DemoCommand.class,
      LoadgenCommand.class
    })
final class RecordCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final CliContext ctx;

  @Option(names = "--room", paramLabel = "ROOM", description = "The VDO.Ninja room.")
  String room;

  @Option(
      names = "--record-room",
      description = "Record every publisher of --room, each to its own file.")
  boolean recordRoom;

  @Option(
      names = "--record-streams",
      paramLabel = "a,b",
      description = "With --record-room: record only these stream IDs (comma-separated).")
  String recordStreams;

  @Option(
      names = "--record",
      paramLabel = "ID|PREFIX",
      description = {
        "Without --record-room: the stream ID to record (inside --room if given).",
        "With --record-room: the file name prefix (default: the room name)."
      })
  String record;

  @Option(
      names = "--password",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "P|false",
      description = {
        "Room password (default: VDO.Ninja's default password). A bare --password, true, 1 or on"
            + " mean the default; false, 0 or off turn encryption off."
      })
  String password;

  @Option(
      names = "--salt",
      paramLabel = "SALT",
      description = "Salt for password hashes (default: vdo.ninja, or derived from --hostname).")
  String salt;

  @Option(
      names = "--hostname",
      paramLabel = "URL",
      description = "Where the VDO.Ninja site is served, to derive the salt as the browser does.")
  String hostname;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Handshake server (default: " + RecorderConfig.DEFAULT_SERVER + ").")
  String server;

  @Option(
      names = "--insecure-signaling",
      description = "Do not verify the handshake server's TLS certificate (self-signed servers).")
  boolean insecureSignaling;

  @Option(
      names = "--stun-server",
      paramLabel = "URL|false",
      description = "STUN server, stun://host:port or stun:host:port; false disables STUN.")
  String stunServer;

  @Option(names = "--no-stun", description = "Use no STUN server.")
  boolean noStun;

  @Option(
      names = {"--turn-server", "--turn"},
      paramLabel = "URL",
      description = "TURN server: turn://user:pass@host:port, turns://…, or turn:host:port.")
  String turnServer;

  @Option(names = "--turn-user", paramLabel = "USER", description = "TURN user name.")
  String turnUser;

  @Option(names = "--turn-pass", paramLabel = "PASS", description = "TURN password.")
  String turnPass;

  @Option(
      names = "--ice-transport-policy",
      paramLabel = "all|relay",
      description = "relay: use only TURN-relayed candidates (needs --turn-server).")
  IceTransportPolicy iceTransportPolicy;

  @Option(names = "--noaudio", description = "Do not record audio.")
  boolean noAudio;

  @Option(
      names = "--audio",
      hidden = true,
      description = "Deprecated in publish.py (audio is recorded by default); accepted, no effect.")
  boolean audio;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Folder for the recordings (default: the current folder).")
  Path output;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      converter = DurationFlag.class,
      description = "Stop after this long: 90 (seconds), 30s, 10m, 1h30m. Default: until Ctrl+C.")
  Duration duration;

  @Option(
      names = "--json",
      description = "Write events as JSON lines on stdout (logs stay on stderr).")
  boolean json;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "ERROR, WARN, INFO (default), DEBUG or TRACE.")
  LoggingSetup.LogLevel logLevel;

  @Option(
      names = "--debug",
      hidden = true,
      description = "publish.py's --debug: --log-level DEBUG.")
  boolean debug;

  @Option(
      names = "--allow-loopback",
      description = "Also use 127.0.0.1 candidates (a publisher on this machine).")
  boolean allowLoopback;

  @Option(
      names = "--allow-remote-network",
      paramLabel = "CIDR",
      description =
          "Accept publisher candidates only from these networks, e.g. 192.168.1.0/24"
              + " (repeatable; default: any).")
  List<String> allowRemoteNetworks = new ArrayList<>();

  @Option(
      names = "--local-address",
      paramLabel = "IP",
      description =
          "Gather host candidates only on this local address, e.g. 127.0.0.1 with"
              + " --allow-loopback (repeatable; default: every interface that is up).")
  List<String> localAddresses = new ArrayList<>();

  RecordCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /** The command line for this command, with publish.py's refused flags registered. */
  static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new RecordCommand(ctx), new ContextFactory(ctx));
    UnsupportedFlags.register(cl.getCommandSpec());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  @Override
  public Integer call() {
    List<String> refused = refusedFlags();
    if (!refused.isEmpty()) {
      for (String m : refused) {
        ctx.err().println("room-recorder: " + m);
      }
      return ExitCode.USAGE;
    }
    RecorderConfig config;
    try {
      config = toConfig();
    } catch (IllegalArgumentException e) {
      ctx.err().println("room-recorder: " + e.getMessage());
      ctx.err().println("Try 'room-recorder --help' for more information.");
      return ExitCode.USAGE;
    }
    LiveScreen screen = ctx.terminal() && !json ? new LiveScreen(ctx.out()) : null;
    if (ctx.process()) {
      LoggingSetup.configure(logLevel());
      if (screen != null) {
        LoggingSetup.routeThrough(screen);
      }
    }
    return new RecordingSession(config, ctx, duration, json, screen).run();
  }

  /** "not supported: --flag (reason)" for each refused publish.py flag on the command line. */
  List<String> refusedFlags() {
    List<String> messages = new ArrayList<>();
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (parsed == null) {
      return messages;
    }
    for (OptionSpec o : parsed.matchedOptions()) {
      UnsupportedFlags.Flag f = UnsupportedFlags.find(o.longestName());
      if (f != null) {
        messages.add(UnsupportedFlags.message(f));
      }
    }
    return messages;
  }

  LoggingSetup.LogLevel logLevel() {
    if (logLevel != null) {
      return logLevel;
    }
    return debug ? LoggingSetup.LogLevel.DEBUG : LoggingSetup.LogLevel.INFO;
  }

  Duration duration() {
    return duration;
  }

  boolean json() {
    return json;
  }

  /**
   * The recorder configuration these flags describe.
   *
   * @throws IllegalArgumentException with a message for the user when flags contradict each other
   *     or a value is malformed
   */
  RecorderConfig toConfig() {
    RecorderConfig.Builder b = RecorderConfig.builder();
    if (server != null) {
      b.server(server.trim());
    }
    List<String> filter = new ArrayList<>();
    if (recordStreams != null) {
      for (String s : recordStreams.split(",")) {
        if (!s.isBlank()) {
          filter.add(s.trim());
        }
      }
      if (!recordRoom) {
        throw new IllegalArgumentException("--record-streams needs --record-room (and --room)");
      }
      if (filter.isEmpty()) {
        throw new IllegalArgumentException("--record-streams lists no stream ID");
      }
    }
    if (recordRoom) {
      if (room == null) {
        throw new IllegalArgumentException("--record-room needs --room ROOM");
      }
      b.room(room).recordRoom(true).streamsFilter(filter);
      if (record != null) {
        b.filePrefix(record);
      }
    } else if (record != null) {
      b.streamId(record);
      if (room != null) {
        b.room(room);
      }
    } else {
      throw new IllegalArgumentException(
          room == null
              ? "nothing to record: give --room ROOM --record-room, or --record STREAMID"
              : "nothing to record in room "
                  + room
                  + ": add --record-room (every publisher) or --record STREAMID (one)");
    }
    String pw = PasswordFlags.normalizePassword(password);
    if (pw != null) {
      b.password(pw);
    }
    if (salt != null) {
      b.salt(salt);
    } else if (hostname != null) {
      b.salt(PasswordFlags.saltForHostname(hostname));
    }
    if (noStun) {
      if (stunServer != null && !IceServerFlags.stunServers(stunServer).isEmpty()) {
        throw new IllegalArgumentException("--no-stun contradicts --stun-server " + stunServer);
      }
      b.stunServers(List.of());
    } else if (stunServer != null) {
      b.stunServers(IceServerFlags.stunServers(stunServer));
    }
    if (turnServer != null) {
      b.addTurnServer(IceServerFlags.turnServer(turnServer, turnUser, turnPass));
    } else if (turnUser != null || turnPass != null) {
      throw new IllegalArgumentException("--turn-user/--turn-pass need --turn-server");
    }
    if (iceTransportPolicy != null) {
      b.iceTransportPolicy(iceTransportPolicy);
    }
    b.audio(!noAudio);
    if (output != null) {
      b.outputFolder(output);
    }
    b.insecureTls(insecureSignaling);
    b.allowLoopback(allowLoopback);
    b.allowedRemoteNetworks(allowRemoteNetworks);
    b.localAddresses(localAddresses);
    return b.build();
  }

  /** Gives every command its {@link CliContext}. */
  private static final class ContextFactory implements CommandLine.IFactory {
    private final CliContext ctx;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    ContextFactory(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        return cls.getDeclaredConstructor(CliContext.class).newInstance(ctx);
      } catch (NoSuchMethodException e) {
        return fallback.create(cls);
      }
    }
  }
}
