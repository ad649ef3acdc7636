package io.roomrecorder.signaling;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Immutable, validated configuration of a signaling session. Build with {@link #builder()}.
 * Thread-safe.
 */
public final class SignalingConfig {

  /** The official handshake server, used when no server is given (vdo-ninja.md §1.1). */
  public static final String DEFAULT_SERVER = "wss://wss.vdo.ninja:443";

  /** Hosts treated as the official routed server (Raspberry Ninja's signaling_utils). */
  public static final Set<String> OFFICIAL_HOSTS = Set.of("wss.vdo.ninja", "apibackup.vdo.ninja");

  /** How messages are addressed (§1.2). */
  public enum Routing {
    /**
     * Routed for the official hosts, custom ({@code from}) for every other host, like publish.py.
     */
    AUTO,
    /**
     * Server-assigned ids: {@code UUID} is the target when sending and the sender when receiving.
     */
    ROUTED,
    /** Custom/fan-out server: we send {@code from} = our own id on every message. */
    CUSTOM
  }

  private final URI server;
  private final String room;
  private final String streamId;
  private final Set<String> streams;
  private final Password password;
  private final boolean insecureTls;
  private final Path trustedCertificates;
  private final Routing routing;
  private final String customId;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration candidateHoldTime;
  private final int maxMessageChars;
  private final Duration connectTimeout;

  private SignalingConfig(Builder b) {
    this.server = b.server;
    this.room = b.room;
    this.streamId = b.streamId;
    this.streams = Set.copyOf(b.streams);
    this.password =
        Password.of(b.password, b.salt != null ? b.salt : Password.saltForAppHost(b.appHost));
    this.insecureTls = b.insecureTls;
    this.trustedCertificates = b.trustedCertificates;
    this.routing = b.routing;
    this.customId = b.customId;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.candidateHoldTime = b.candidateHoldTime;
    this.maxMessageChars = b.maxMessageChars;
    this.connectTimeout = b.connectTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Normalizes a {@code --server} value like publish.py's {@code normalize_signaling_server_url}:
   * {@code wss://} is prepended when there is no scheme; only {@code ws} and {@code wss} are
   * accepted, and a host is required. An explicit {@code ws://} is kept (plain text).
   *
   * @throws IllegalArgumentException for any other scheme, a missing host or an unparsable URL
   */
  public static URI normalizeServerUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("signaling server URL is empty");
    }
    String s = url.trim();
    if (!s.contains("://")) {
      s = "wss://" + s;
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("signaling server URL is not a URL: " + url, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException(
          "signaling server URL must be ws:// or wss://, not " + scheme + "://: " + url);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("signaling server URL has no host: " + url);
    }
    try {
      return new URI(
          scheme,
          uri.getRawUserInfo() == null ? null : uri.getUserInfo(),
          uri.getHost(),
          uri.getPort(),
          uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath(),
          uri.getQuery(),
          null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("signaling server URL is not a URL: " + url, e);
    }
  }

  /** The normalized websocket URL. */
  public URI server() {
    return server;
  }

  /** Whether the URL is {@code wss://}. */
  public boolean tls() {
    return server.getScheme().equals("wss");
  }

  /** The room as given (sanitized and hashed only on the wire), or null for single-stream mode. */
  public String room() {
    return room;
  }

  /** The single stream to play (sanitized, unsalted), or null. With a room it acts as a filter. */
  public String streamId() {
    return streamId;
  }

  /**
   * The de-salted stream IDs to record in room mode; empty means every stream. Includes {@link
   * #streamId()} when a room is set.
   */
  public Set<String> streams() {
    return streams;
  }

  public Password password() {
    return password;
  }

  /** Whether TLS certificates are accepted without verification (explicit opt-in only). */
  public boolean insecureTls() {
    return insecureTls;
  }

  /**
   * Certificates (PEM) to trust instead of the JDK's trust store, for a self-hosted {@code wss}
   * server with its own CA; null to use the JDK's trust store. Host names are verified either way.
   */
  public Path trustedCertificates() {
    return trustedCertificates;
  }

  public Routing routing() {
    return routing;
  }

  /**
   * Whether custom-server ({@code from}) addressing is used, with {@link Routing#AUTO} resolved.
   */
  public boolean customServerMode() {
    return switch (routing) {
      case ROUTED -> false;
      case CUSTOM -> true;
      case AUTO -> !OFFICIAL_HOSTS.contains(server.getHost().toLowerCase(Locale.ROOT));
    };
  }

  /** Our own id in custom-server mode, or null to make one up. */
  public String customId() {
    return customId;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** How long candidates that arrive before their offer are held (the SDK uses 15 s). */
  public Duration candidateHoldTime() {
    return candidateHoldTime;
  }

  /** Longest text message accepted, in characters. */
  public int maxMessageChars() {
    return maxMessageChars;
  }

  /** TCP connect + TLS + websocket handshake timeout. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  @Override
  public String toString() {
    return "SignalingConfig[server="
        + server
        + ", room="
        + room
        + ", streamId="
        + streamId
        + ", streams="
        + streams
        + ", "
        + password
        + ", insecureTls="
        + insecureTls
        + ", routing="
        + routing
        + "]";
  }

  /** Builder; not thread-safe. */
  public static final class Builder {
    private URI server = URI.create(DEFAULT_SERVER);
    private String room;
    private String streamId;
    private final Set<String> streams = new LinkedHashSet<>();
    private String password;
    private String salt;
    private String appHost = Password.DEFAULT_SALT;
    private boolean insecureTls;
    private Path trustedCertificates;
    private Routing routing = Routing.AUTO;
    private String customId;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration candidateHoldTime = Duration.ofSeconds(15);
    private int maxMessageChars = 256 * 1024;
    private Duration connectTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** A {@code --server} value; normalized by {@link #normalizeServerUrl}. */
    public Builder server(String url) {
      this.server = normalizeServerUrl(url);
      return this;
    }

    /** Room to join (raw; sanitized like the browser before hashing). */
    public Builder room(String room) {
      this.room = room == null || room.isBlank() ? null : room;
      return this;
    }

    /** Stream to play (single-stream mode), or the one stream to record in the room. */
    public Builder streamId(String streamId) {
      this.streamId = streamId == null || streamId.isBlank() ? null : StreamIds.sanitize(streamId);
      return this;
    }

    /** De-salted stream IDs to record in room mode (sanitized like the browser). */
    public Builder streams(Collection<String> ids) {
      for (String id : ids) {
        if (id != null && !id.isBlank()) {
          streams.add(StreamIds.sanitize(id));
        }
      }
      return this;
    }

    /** Password as typed ({@code null} = default, {@code false}/{@code 0}/{@code off} = none). */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** Explicit salt; wins over {@link #appHost}. */
    public Builder salt(String salt) {
      this.salt = salt;
      return this;
    }

    /** Hostname of the web app the peers use; the salt is derived from it (default vdo.ninja). */
    public Builder appHost(String host) {
      this.appHost = host;
      return this;
    }

    /** Accept any TLS certificate. Off by default; never silently enabled. */
    public Builder insecureTls(boolean insecure) {
      this.insecureTls = insecure;
      return this;
    }

    /** Trust these PEM certificates instead of the JDK's trust store (a private CA). */
    public Builder trustedCertificates(Path pem) {
      this.trustedCertificates = pem;
      return this;
    }

    public Builder routing(Routing routing) {
      this.routing = routing;
      return this;
    }

    /** Our own id in custom-server mode (default: a random number, like Raspberry Ninja). */
    public Builder customId(String id) {
      this.customId = id;
      return this;
    }

    /** Reconnect backoff: first delay, doubling up to {@code max}, with ±20 % jitter. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public Builder candidateHoldTime(Duration hold) {
      this.candidateHoldTime = hold;
      return this;
    }

    public Builder maxMessageChars(int max) {
      this.maxMessageChars = max;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * @throws IllegalArgumentException when neither room nor stream is set, or a duration/limit is
     *     not positive
     */
    public SignalingConfig build() {
      if (room == null && streamId == null) {
        throw new IllegalArgumentException("a room or a stream ID is required");
      }
      if (room != null && RoomNames.sanitize(room).isEmpty()) {
        throw new IllegalArgumentException("room name is empty after sanitizing: " + room);
      }
      if (room != null && streamId != null) {
        streams.add(streamId);
      }
      if (initialBackoff.isNegative()
          || initialBackoff.isZero()
          || maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("backoff must be positive and max >= initial");
      }
      if (candidateHoldTime.isNegative()
          || maxMessageChars < 1024
          || connectTimeout.isNegative()
          || connectTimeout.isZero()) {
        throw new IllegalArgumentException(
            "hold time, message limit (>= 1024) and timeout must be positive");
      }
      if (customId != null && customId.isBlank()) {
        customId = null;
      }
      return new SignalingConfig(this);
    }
  }
}
