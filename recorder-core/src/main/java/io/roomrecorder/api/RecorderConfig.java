package io.roomrecorder.api;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to record and how: immutable and validated when built. Obtain one through {@link
 * #builder()}; {@link RoomRecorder.Builder} wraps the same builder.
 *
 * <p>Three modes, as in Raspberry Ninja's {@code publish.py}: a whole room ({@code room} with
 * {@code recordRoom}), the listed streams of a room ({@code room}, {@code recordRoom} and a streams
 * filter), or one stream ({@code streamId}, optionally inside {@code room}).
 */
public final class RecorderConfig {
  /** VDO.Ninja's public handshake server. */
  public static final String DEFAULT_SERVER = "wss://wss.vdo.ninja:443";

  /** The public STUN server Raspberry Ninja and the browser fall back to. */
  public static final String DEFAULT_STUN = "stun:stun.l.google.com:19302";

  private final String server;
  private final Optional<String> room;
  private final boolean recordRoom;
  private final Optional<String> streamId;
  private final Set<String> streamsFilter;
  private final Optional<String> password;
  private final Optional<String> salt;
  private final Path outputFolder;
  private final Optional<String> filePrefix;
  private final List<String> stunServers;
  private final List<TurnServer> turnServers;
  private final IceTransportPolicy iceTransportPolicy;
  private final boolean audio;
  private final Duration mediaTimeout;
  private final Duration connectTimeout;
  private final boolean insecureTls;
  private final boolean allowLoopback;
  private final List<String> allowedRemoteNetworks;
  private final List<String> localAddresses;

  private RecorderConfig(Builder b) {
    this.server = b.server;
    this.room = Optional.ofNullable(b.room);
    this.recordRoom = b.recordRoom;
    this.streamId = Optional.ofNullable(b.streamId);
    this.streamsFilter = Set.copyOf(b.streamsFilter);
    this.password = Optional.ofNullable(b.password);
    this.salt = Optional.ofNullable(b.salt);
    this.outputFolder = b.outputFolder;
    this.filePrefix = Optional.ofNullable(b.filePrefix);
    this.stunServers = List.copyOf(b.stunServers == null ? List.of(DEFAULT_STUN) : b.stunServers);
    this.turnServers = List.copyOf(b.turnServers);
    this.iceTransportPolicy = b.iceTransportPolicy;
    this.audio = b.audio;
    this.mediaTimeout = b.mediaTimeout;
    this.connectTimeout = b.connectTimeout;
    this.insecureTls = b.insecureTls;
    this.allowLoopback = b.allowLoopback;
    this.allowedRemoteNetworks = List.copyOf(b.allowedRemoteNetworks);
    this.localAddresses = List.copyOf(b.localAddresses);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Handshake server URL as given ({@code wss://…}, {@code ws://…}, or a bare host). */
  public String server() {
    return server;
  }

  /** The room name, as typed by users (hashed on the wire when a password is set). */
  public Optional<String> room() {
    return room;
  }

  /** Whether every publisher of the room (or every one in {@link #streamsFilter()}) is recorded. */
  public boolean recordRoom() {
    return recordRoom;
  }

  /** The single stream to record, de-salted (as users type it). */
  public Optional<String> streamId() {
    return streamId;
  }

  /** De-salted stream IDs to record in room mode; empty means all. */
  public Set<String> streamsFilter() {
    return streamsFilter;
  }

  /**
   * The room password: empty means VDO.Ninja's default password; {@code "false"}, {@code "0"} or
   * {@code "off"} disable encryption and hashing.
   */
  public Optional<String> password() {
    return password;
  }

  /** An explicit salt; empty means {@code vdo.ninja} or the one derived from the server host. */
  public Optional<String> salt() {
    return salt;
  }

  public Path outputFolder() {
    return outputFolder;
  }

  /** File name prefix; empty means the room name, or the stream ID when recording one stream. */
  public Optional<String> filePrefix() {
    return filePrefix;
  }

  /** STUN server URLs; empty means no STUN. */
  public List<String> stunServers() {
    return stunServers;
  }

  public List<TurnServer> turnServers() {
    return turnServers;
  }

  public IceTransportPolicy iceTransportPolicy() {
    return iceTransportPolicy;
  }

  /** Whether audio is recorded (and asked for). */
  public boolean audio() {
    return audio;
  }

  /** A participant whose media stops for this long has its file closed. */
  public Duration mediaTimeout() {
    return mediaTimeout;
  }

  /** How long ICE and DTLS may take before a connection counts as failed. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Whether the handshake server's TLS certificate is left unchecked (self-signed servers). */
  public boolean insecureTls() {
    return insecureTls;
  }

  /** Whether a 127.0.0.1 host candidate is offered (local rooms, tests, the demo). */
  public boolean allowLoopback() {
    return allowLoopback;
  }

  /** CIDR networks remote candidates must be in; empty means any. */
  public List<String> allowedRemoteNetworks() {
    return allowedRemoteNetworks;
  }

  /**
   * Local IP addresses (literals) host candidates may use; empty means every address of every
   * interface that is up (loopback only with {@link #allowLoopback()}).
   */
  public List<String> localAddresses() {
    return localAddresses;
  }

  @Override
  public String toString() {
    return "RecorderConfig[server="
        + server
        + ", room="
        + room.orElse("-")
        + ", recordRoom="
        + recordRoom
        + ", stream="
        + streamId.orElse("-")
        + ", filter="
        + streamsFilter
        + ", password="
        + (password.isPresent() ? "<set>" : "<default>")
        + ", output="
        + outputFolder
        + ", policy="
        + iceTransportPolicy
        + ", audio="
        + audio
        + "]";
  }

  /** Collects and validates a {@link RecorderConfig}. Not thread-safe. */
  public static final class Builder {
    private String server = DEFAULT_SERVER;
    private String room;
    private boolean recordRoom;
    private String streamId;
    private final Set<String> streamsFilter = new LinkedHashSet<>();
    private String password;
    private String salt;
    private Path outputFolder = Path.of(".");
    private String filePrefix;
    private List<String> stunServers;
    private final List<TurnServer> turnServers = new ArrayList<>();
    private IceTransportPolicy iceTransportPolicy = IceTransportPolicy.ALL;
    private boolean audio = true;
    private Duration mediaTimeout = Duration.ofSeconds(15);
    private Duration connectTimeout = Duration.ofSeconds(30);
    private boolean insecureTls;
    private boolean allowLoopback;
    private final List<String> allowedRemoteNetworks = new ArrayList<>();
    private final List<String> localAddresses = new ArrayList<>();

    private Builder() {}

    public Builder server(String url) {
      this.server = Objects.requireNonNull(url, "server");
      return this;
    }

    public Builder room(String room) {
      this.room = room;
      return this;
    }

    public Builder recordRoom(boolean recordRoom) {
      this.recordRoom = recordRoom;
      return this;
    }

    public Builder streamId(String streamId) {
      this.streamId = streamId;
      return this;
    }

    public Builder streamsFilter(Iterable<String> streamIds) {
      streamsFilter.clear();
      streamIds.forEach(id -> streamsFilter.add(Objects.requireNonNull(id, "stream id")));
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    public Builder salt(String salt) {
      this.salt = salt;
      return this;
    }

    public Builder outputFolder(Path folder) {
      this.outputFolder = Objects.requireNonNull(folder, "outputFolder");
      return this;
    }

    public Builder filePrefix(String prefix) {
      this.filePrefix = prefix;
      return this;
    }

    /** STUN URLs ({@code stun:host:port}); an empty list means no STUN. */
    public Builder stunServers(List<String> urls) {
      this.stunServers = List.copyOf(urls);
      return this;
    }

    public Builder addTurnServer(TurnServer server) {
      turnServers.add(Objects.requireNonNull(server, "turn server"));
      return this;
    }

    public Builder iceTransportPolicy(IceTransportPolicy policy) {
      this.iceTransportPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder audio(boolean audio) {
      this.audio = audio;
      return this;
    }

    public Builder mediaTimeout(Duration timeout) {
      this.mediaTimeout = Objects.requireNonNull(timeout, "mediaTimeout");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
      return this;
    }

    public Builder insecureTls(boolean insecure) {
      this.insecureTls = insecure;
      return this;
    }

    public Builder allowLoopback(boolean allow) {
      this.allowLoopback = allow;
      return this;
    }

    /** Drops remote candidates outside these CIDR networks (e.g. {@code 127.0.0.0/8}). */
    public Builder allowedRemoteNetworks(List<String> cidrs) {
      allowedRemoteNetworks.clear();
      allowedRemoteNetworks.addAll(cidrs);
      return this;
    }

    /**
     * Gathers host candidates only on these local addresses (IP literals), e.g. {@code 127.0.0.1}
     * with {@link #allowLoopback} for a recorder that must stay on this machine.
     */
    public Builder localAddresses(List<String> addresses) {
      localAddresses.clear();
      localAddresses.addAll(addresses);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first problem found
     */
    public RecorderConfig build() {
      URI uri;
      try {
        uri = URI.create(server.contains("://") ? server : "wss://" + server);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("server is not a URL: " + server, e);
      }
      if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
        throw new IllegalArgumentException("server must be ws:// or wss://: " + server);
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("server has no host: " + server);
      }
      requireNonBlankIfSet(room, "room");
      requireNonBlankIfSet(streamId, "streamId");
      if (room == null && streamId == null) {
        throw new IllegalArgumentException("give a room or a stream ID to record");
      }
      if (recordRoom && room == null) {
        throw new IllegalArgumentException("recordRoom needs a room");
      }
      if (!recordRoom && streamId == null) {
        throw new IllegalArgumentException(
            "a room without recordRoom needs a stream ID (or set recordRoom to record all)");
      }
      if (!streamsFilter.isEmpty() && !recordRoom) {
        throw new IllegalArgumentException("a streams filter applies only with recordRoom");
      }
      for (String stun : stunServers == null ? List.<String>of() : stunServers) {
        if (!stun.startsWith("stun:") && !stun.startsWith("stuns:")) {
          throw new IllegalArgumentException("a STUN URL starts with stun: — " + stun);
        }
      }
      if (iceTransportPolicy == IceTransportPolicy.RELAY && turnServers.isEmpty()) {
        throw new IllegalArgumentException("relay-only ICE needs a TURN server");
      }
      if (mediaTimeout.isNegative() || mediaTimeout.isZero()) {
        throw new IllegalArgumentException("mediaTimeout must be positive");
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive");
      }
      for (String cidr : allowedRemoteNetworks) {
        if (!cidr.matches("[0-9A-Fa-f:.]+(/\\d{1,3})?")) {
          throw new IllegalArgumentException("not a CIDR network: " + cidr);
        }
      }
      for (String a : localAddresses) {
        if (!a.matches("[0-9A-Fa-f:.]+")) {
          throw new IllegalArgumentException("not an IP address literal: " + a);
        }
      }
      return new RecorderConfig(this);
    }

    private static void requireNonBlankIfSet(String value, String what) {
      if (value != null && value.isBlank()) {
        throw new IllegalArgumentException(what + " is blank");
      }
    }
  }
}
