package io.roomrecorder.signaling.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.roomrecorder.signaling.DropReason;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VDO.Ninja-compatible handshake (signaling) server for LAN/offline use, the demo and tests. The
 * real VDO.Ninja web app can use it with {@code &wss2=wss://host:port} (the routed protocol,
 * vdo-ninja.md §10); Raspberry Ninja and other custom-server clients that send {@code from} are
 * served too (§11.14).
 *
 * <p>Protocol (see {@link HandshakeProtocol}): each connection gets a random UUID; {@code joinroom}
 * → {@code listing} to the joiner and {@code someonejoined} to the others; {@code seed} → {@code
 * videoaddedtoroom}; {@code play} → {@code offerSDP} to the seeder, queued until the stream is
 * seeded, and refused for a room's stream unless the viewer joined that room; request-less messages
 * are relayed to {@code UUID} with {@code UUID} rewritten to the sender. When a client disconnects,
 * its room members and every peer it exchanged signaling with get {@code
 * {"request":"cleanup","UUID":<its id>}} — the message the browser and Raspberry Ninja treat as
 * "this peer is gone".
 *
 * <p>Limits: messages over {@link Options#maxMessageChars()} are dropped (frames over 4× that close
 * the connection); each connection has a token-bucket rate limit; everything dropped is counted in
 * {@link #stats()} and logged.
 *
 * <p>Threads: one Netty I/O thread owns all sockets and all protocol state (no locks). Methods of
 * this class are thread-safe. {@link #close()} is idempotent and waits for the thread to stop.
 */
public final class HandshakeServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeServer.class);

  /** A certificate chain and its private key, both PEM files (the key in PKCS#8). */
  public record Tls(Path certificateChain, Path privateKey) {
    public Tls {
      Objects.requireNonNull(certificateChain, "certificateChain");
      Objects.requireNonNull(privateKey, "privateKey");
    }
  }

  /** Counters of a running server. */
  public record Stats(
      long connections,
      long totalConnections,
      long rooms,
      long received,
      long relayed,
      Map<DropReason, Long> dropped) {
    public Stats {
      dropped = Map.copyOf(dropped);
    }

    public long dropped(DropReason reason) {
      return dropped.getOrDefault(reason, 0L);
    }
  }

  /**
   * Server settings.
   *
   * @param bindAddress address to bind, e.g. {@code 127.0.0.1}
   * @param port TCP port, 0 for any free one (see {@link HandshakeServer#port()})
   * @param tls certificate and key for {@code wss}, or null for plain {@code ws}
   * @param maxMessageChars longest text message relayed; longer ones are dropped and counted
   * @param ratePerSecond sustained messages per second per connection
   * @param burst messages a connection may send at once
   * @param floodCloseAfter rate-limited messages after which a connection is closed
   * @param maxConnections connections beyond this are closed at once
   * @param upgradeTimeoutMs a TCP connection that has not completed the websocket upgrade by then
   *     is closed
   */
  public record Options(
      String bindAddress,
      int port,
      Tls tls,
      int maxMessageChars,
      double ratePerSecond,
      double burst,
      long floodCloseAfter,
      int maxConnections,
      long upgradeTimeoutMs) {

    public Options {
      Objects.requireNonNull(bindAddress, "bindAddress");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      if (maxMessageChars < 1024
          || ratePerSecond <= 0
          || burst < 1
          || floodCloseAfter < 1
          || maxConnections < 1
          || upgradeTimeoutMs < 1) {
        throw new IllegalArgumentException("limits must be positive (maxMessageChars >= 1024)");
      }
    }

    /**
     * Defaults: 128 Ki characters per message (the browser sends at most 35,000), 100 messages/s
     * with bursts of 400 (a room recorder sends a play per stream and a candidate per message),
     * closing after 10,000 rate-limited messages, 2,000 connections, 10 s to finish the websocket
     * upgrade.
     */
    public static Options of(String bindAddress, int port, Tls tls) {
      return new Options(bindAddress, port, tls, 128 * 1024, 100, 400, 10_000, 2_000, 10_000);
    }

    public Options withRateLimit(double ratePerSecond, double burst) {
      return new Options(
          bindAddress,
          port,
          tls,
          maxMessageChars,
          ratePerSecond,
          burst,
          floodCloseAfter,
          maxConnections,
          upgradeTimeoutMs);
    }

    public Options withMaxMessageChars(int chars) {
      return new Options(
          bindAddress,
          port,
          tls,
          chars,
          ratePerSecond,
          burst,
          floodCloseAfter,
          maxConnections,
          upgradeTimeoutMs);
    }

    public Options withUpgradeTimeoutMs(long ms) {
      return new Options(
          bindAddress,
          port,
          tls,
          maxMessageChars,
          ratePerSecond,
          burst,
          floodCloseAfter,
          maxConnections,
          ms);
    }

    public Options withFloodCloseAfter(long messages) {
      return new Options(
          bindAddress,
          port,
          tls,
          maxMessageChars,
          ratePerSecond,
          burst,
          messages,
          maxConnections,
          upgradeTimeoutMs);
    }
  }

  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final HandshakeProtocol protocol;
  private final boolean tls;
  private final InetSocketAddress bound;
  private volatile boolean closed;

  private HandshakeServer(
      EventLoopGroup group, Channel serverChannel, HandshakeProtocol protocol, boolean tls) {
    this.group = group;
    this.serverChannel = serverChannel;
    this.protocol = protocol;
    this.tls = tls;
    this.bound = (InetSocketAddress) serverChannel.localAddress();
  }

  /** Starts a server with default limits. */
  public static HandshakeServer start(String bindAddress, int port, Tls tls) {
    return start(Options.of(bindAddress, port, tls));
  }

  /**
   * Binds and starts serving.
   *
   * @throws UncheckedIOException when the address cannot be bound or the TLS files cannot be read
   */
  public static HandshakeServer start(Options options) {
    SslContext ssl = null;
    if (options.tls() != null) {
      Path cert = options.tls().certificateChain();
      Path key = options.tls().privateKey();
      if (!Files.isReadable(cert) || !Files.isReadable(key)) {
        throw new UncheckedIOException(
            new java.io.IOException("TLS certificate or key not readable: " + cert + ", " + key));
      }
      try {
        ssl = SslContextBuilder.forServer(cert.toFile(), key.toFile()).build();
      } catch (Exception e) {
        throw new UncheckedIOException(
            new java.io.IOException("cannot load TLS certificate/key: " + e.getMessage(), e));
      }
    }
    HandshakeProtocol protocol = new HandshakeProtocol(options);
    int hardLimit = (int) Math.min(Integer.MAX_VALUE, 4L * options.maxMessageChars());
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    SslContext sslContext = ssl;
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ChannelPipeline p = ch.pipeline();
                    if (sslContext != null) {
                      p.addLast(sslContext.newHandler(ch.alloc()));
                    }
                    p.addLast(new HttpServerCodec());
                    p.addLast(new HttpObjectAggregator(16 * 1024));
                    p.addLast(
                        new WebSocketServerProtocolHandler(
                            WebSocketServerProtocolConfig.newBuilder()
                                .websocketPath("/")
                                .checkStartsWith(true)
                                .handleCloseFrames(true)
                                .dropPongFrames(true)
                                .handshakeTimeoutMillis(10_000)
                                .decoderConfig(
                                    WebSocketDecoderConfig.newBuilder()
                                        .maxFramePayloadLength(hardLimit)
                                        .allowExtensions(false)
                                        .build())
                                .build()));
                    p.addLast(new WebSocketFrameAggregator(hardLimit));
                    p.addLast(new ServerHandler(protocol, options.upgradeTimeoutMs()));
                  }
                });
    try {
      Channel ch = b.bind(options.bindAddress(), options.port()).syncUninterruptibly().channel();
      HandshakeServer server = new HandshakeServer(group, ch, protocol, ssl != null);
      LOG.info("handshake server listening on {}", server.url());
      return server;
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new UncheckedIOException(
          new java.io.IOException(
              "cannot bind " + options.bindAddress() + ":" + options.port() + ": " + e.getMessage(),
              e));
    }
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return bound.getPort();
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return bound;
  }

  /** {@code ws://host:port} or {@code wss://host:port} for clients. */
  public String url() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (tls ? "wss://" : "ws://") + host + ":" + a.getPort();
  }

  /** Counters; consistent per field, read from any thread. */
  public Stats stats() {
    return new Stats(
        protocol.currentConnections.get(),
        protocol.totalConnections.get(),
        protocol.currentRooms.get(),
        protocol.received.get(),
        protocol.relayed.get(),
        protocol.drops.snapshot());
  }

  /** The UUIDs of a room's members (for tests and status), read on the I/O thread. */
  public List<String> roomMembers(String roomId) {
    CompletableFuture<List<String>> f = new CompletableFuture<>();
    group.next().execute(() -> f.complete(protocol.members(roomId)));
    return f.orTimeout(5, TimeUnit.SECONDS).join();
  }

  /** Drops every client connection (they will reconnect); the server keeps listening. */
  public void disconnectAll() {
    group.next().execute(() -> protocol.closeAll());
  }

  /** Stops listening, closes every connection and the I/O thread. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    serverChannel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    LOG.info("handshake server on port {} closed", port());
  }
}
