package io.roomrecorder.ice;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Immutable, validated ICE configuration; build with {@link #builder()}.
 *
 * <p>Defaults: STUN {@value #DEFAULT_STUN} (call {@link Builder#noStun()} to use none; tests always
 * do), no TURN, policy {@link TransportPolicy#ALL}, every non-loopback interface and address,
 * ephemeral ports, consent freshness on, gathering timeout 5 s per server, connect timeout 30 s,
 * disconnect after 5 s without consent, fail after 30 s without consent (RFC 7675 §5.1), every
 * remote network allowed, TURN-over-TLS server certificates checked against the JDK trust store and
 * the host name.
 */
public final class IceConfig {

  /** The STUN server used when none is configured and {@link Builder#noStun()} is not called. */
  public static final String DEFAULT_STUN = "stun:stun.l.google.com:19302";

  private final List<IceServer> stunServers;
  private final List<IceServer> turnServers;
  private final TransportPolicy policy;
  private final Set<String> allowedInterfaces;
  private final List<InetAddress> allowedAddresses;
  private final boolean allowLoopback;
  private final boolean useIpv6;
  private final int minPort;
  private final int maxPort;
  private final int singleUdpPort;
  private final Duration gatheringTimeout;
  private final Duration connectTimeout;
  private final Duration disconnectedTimeout;
  private final Duration consentExpiry;
  private final boolean consentFreshness;
  private final List<IpNetwork> allowedRemoteNetworks;
  private final SSLContext turnTlsContext;

  private IceConfig(Builder b) {
    List<IceServer> stun = new ArrayList<>(b.stunServers);
    if (stun.isEmpty() && !b.noStun) {
      stun.add(IceServer.parse(DEFAULT_STUN));
    }
    this.stunServers = List.copyOf(stun);
    this.turnServers = List.copyOf(b.turnServers);
    this.policy = b.policy;
    this.allowedInterfaces = Set.copyOf(b.allowedInterfaces);
    this.allowedAddresses = List.copyOf(b.allowedAddresses);
    this.allowLoopback = b.allowLoopback;
    this.useIpv6 = b.useIpv6;
    this.minPort = b.minPort;
    this.maxPort = b.maxPort;
    this.singleUdpPort = b.singleUdpPort;
    this.gatheringTimeout = b.gatheringTimeout;
    this.connectTimeout = b.connectTimeout;
    this.disconnectedTimeout = b.disconnectedTimeout;
    this.consentExpiry = b.consentExpiry;
    this.consentFreshness = b.consentFreshness;
    this.allowedRemoteNetworks = List.copyOf(b.allowedRemoteNetworks);
    this.turnTlsContext = b.turnTlsContext;
    if (policy == TransportPolicy.RELAY && turnServers.isEmpty()) {
      throw new IllegalArgumentException("policy relay needs at least one TURN server");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.stunServers.addAll(stunServers);
    b.noStun = stunServers.isEmpty();
    b.turnServers.addAll(turnServers);
    b.policy = policy;
    b.allowedInterfaces.addAll(allowedInterfaces);
    b.allowedAddresses.addAll(allowedAddresses);
    b.allowLoopback = allowLoopback;
    b.useIpv6 = useIpv6;
    b.minPort = minPort;
    b.maxPort = maxPort;
    b.singleUdpPort = singleUdpPort;
    b.gatheringTimeout = gatheringTimeout;
    b.connectTimeout = connectTimeout;
    b.disconnectedTimeout = disconnectedTimeout;
    b.consentExpiry = consentExpiry;
    b.consentFreshness = consentFreshness;
    b.allowedRemoteNetworks.addAll(allowedRemoteNetworks);
    b.turnTlsContext = turnTlsContext;
    return b;
  }

  public List<IceServer> stunServers() {
    return stunServers;
  }

  public List<IceServer> turnServers() {
    return turnServers;
  }

  public TransportPolicy policy() {
    return policy;
  }

  /** Interface names to use (empty: all). */
  public Set<String> allowedInterfaces() {
    return allowedInterfaces;
  }

  /** Local addresses to use (empty: all of the allowed interfaces). */
  public List<InetAddress> allowedAddresses() {
    return allowedAddresses;
  }

  /** Whether loopback interfaces/addresses may give host candidates (local rooms, tests). */
  public boolean allowLoopback() {
    return allowLoopback;
  }

  public boolean useIpv6() {
    return useIpv6;
  }

  /** Lowest local UDP port for host candidates; 0 with {@link #maxPort()} 0 means ephemeral. */
  public int minPort() {
    return minPort;
  }

  public int maxPort() {
    return maxPort;
  }

  /**
   * The one UDP port every agent of this JVM with this setting shares for its host candidates (0:
   * off). Fits the answering side (the recorder): the shared socket learns a remote address from
   * its first Binding request, so the peer must send checks to us (browsers do).
   */
  public int singleUdpPort() {
    return singleUdpPort;
  }

  /**
   * How long one STUN/TURN transaction may take during gathering (a TURN allocation is two: the 401
   * challenge and the authenticated request). Gathering completes at the latest about twice this
   * after it started; candidates found later are not signaled.
   */
  public Duration gatheringTimeout() {
    return gatheringTimeout;
  }

  /** From {@link IceAgent#start()} to a valid pair; then {@link IceState#FAILED}. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration disconnectedTimeout() {
    return disconnectedTimeout;
  }

  public Duration consentExpiry() {
    return consentExpiry;
  }

  public boolean consentFreshness() {
    return consentFreshness;
  }

  /** Remote candidate networks accepted (empty: all); others are dropped and counted. */
  public List<IpNetwork> allowedRemoteNetworks() {
    return allowedRemoteNetworks;
  }

  /** SSL context for TURN over TLS ({@code null}: the JDK default trust store). */
  public SSLContext turnTlsContext() {
    return turnTlsContext;
  }

  /** Builder; not thread-safe. */
  public static final class Builder {
    private final List<IceServer> stunServers = new ArrayList<>();
    private boolean noStun;
    private final List<IceServer> turnServers = new ArrayList<>();
    private TransportPolicy policy = TransportPolicy.ALL;
    private final Set<String> allowedInterfaces = new LinkedHashSet<>();
    private final List<InetAddress> allowedAddresses = new ArrayList<>();
    private boolean allowLoopback;
    private boolean useIpv6 = true;
    private int minPort;
    private int maxPort;
    private int singleUdpPort;
    private Duration gatheringTimeout = Duration.ofSeconds(5);
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration disconnectedTimeout = Duration.ofSeconds(5);
    private Duration consentExpiry = Duration.ofSeconds(30);
    private boolean consentFreshness = true;
    private final List<IpNetwork> allowedRemoteNetworks = new ArrayList<>();
    private SSLContext turnTlsContext;

    private Builder() {}

    /** Adds a STUN server ({@code stun:host:port}). */
    public Builder stunServer(String uri) {
      IceServer s = IceServer.parse(uri);
      if (s.kind() != IceServer.Kind.STUN) {
        throw new IllegalArgumentException("not a stun: URI: " + s);
      }
      stunServers.add(s);
      noStun = false;
      return this;
    }

    /** Uses no STUN server at all (not even the default). */
    public Builder noStun() {
      stunServers.clear();
      noStun = true;
      return this;
    }

    /** Adds a TURN server whose URI carries the credentials ({@code turn:user:pass@host:port}). */
    public Builder turnServer(String uri) {
      return turnServer(IceServer.parse(uri));
    }

    /** Adds a TURN server with long-term credentials (RFC 8489 §9.2). */
    public Builder turnServer(String uri, String username, String password) {
      return turnServer(IceServer.parse(uri, username, password));
    }

    public Builder turnServer(IceServer server) {
      if (server.kind() != IceServer.Kind.TURN) {
        throw new IllegalArgumentException("not a turn:/turns: URI: " + server);
      }
      turnServers.add(server);
      return this;
    }

    public Builder policy(TransportPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Restricts host candidates to this interface (repeatable). */
    public Builder allowInterface(String name) {
      allowedInterfaces.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /** Restricts host candidates to this local address literal (repeatable). */
    public Builder allowAddress(String literal) {
      InetAddress a = IpLiterals.parse(literal);
      if (a == null) {
        throw new IllegalArgumentException("not an IP address literal: " + literal);
      }
      allowedAddresses.add(a);
      return this;
    }

    /** Allows loopback host candidates (127.0.0.1, ::1). Off by default. */
    public Builder allowLoopback(boolean allow) {
      this.allowLoopback = allow;
      return this;
    }

    public Builder useIpv6(boolean use) {
      this.useIpv6 = use;
      return this;
    }

    /** Host candidate ports in {@code [min, max]}; (0, 0) = ephemeral. */
    public Builder portRange(int min, int max) {
      if (!(min == 0 && max == 0) && (min < 1 || max > 65535 || min > max)) {
        throw new IllegalArgumentException("bad port range " + min + "-" + max);
      }
      this.minPort = min;
      this.maxPort = max;
      return this;
    }

    /**
     * Shares one UDP port for the host candidates of all agents using it (ice4j's single-port
     * harvester); 0 turns it off. The port range is then ignored.
     */
    public Builder singleUdpPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("bad port " + port);
      }
      this.singleUdpPort = port;
      return this;
    }

    public Builder gatheringTimeout(Duration d) {
      this.gatheringTimeout = positive(d, "gatheringTimeout");
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    public Builder disconnectedTimeout(Duration d) {
      this.disconnectedTimeout = positive(d, "disconnectedTimeout");
      return this;
    }

    public Builder consentExpiry(Duration d) {
      this.consentExpiry = positive(d, "consentExpiry");
      return this;
    }

    /** RFC 7675 consent freshness (Binding requests on the selected pair). On by default. */
    public Builder consentFreshness(boolean on) {
      this.consentFreshness = on;
      return this;
    }

    /** Accepts remote candidates in this CIDR (repeatable); without any, all are accepted. */
    public Builder allowRemoteNetwork(String cidr) {
      allowedRemoteNetworks.add(IpNetwork.parse(cidr));
      return this;
    }

    /**
     * SSL context for {@code turns:} servers. Pass one that trusts a test CA or self-signed server
     * certificate; host name checks stay on.
     */
    public Builder turnTlsContext(SSLContext context) {
      this.turnTlsContext = context;
      return this;
    }

    public IceConfig build() {
      return new IceConfig(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }
  }
}
