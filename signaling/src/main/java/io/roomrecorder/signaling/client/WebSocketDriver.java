package io.roomrecorder.signaling.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.roomrecorder.signaling.SignalingConfig;
import io.roomrecorder.signaling.SignalingEvent;
import io.roomrecorder.signaling.SignalingMachine;
import io.roomrecorder.signaling.SignalingStats;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link SignalingMachine} over a Netty websocket: connects when asked (TLS verified
 * unless the config says insecure), feeds text, opens, closes and timers into it, sends what it
 * transmits and hands its events to the caller's executor in order.
 *
 * <p>Threads: one Netty I/O thread owned by the driver runs all protocol code; the machine is
 * confined to it. {@link #onLoop}, {@link #stats()} and {@link #close()} may be called from any
 * thread.
 */
final class WebSocketDriver {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketDriver.class);

  private final SignalingConfig config;
  private final SignalingMachine session;
  private final Executor eventExecutor;
  private final Consumer<SignalingEvent> listener;
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final SslContext sslContext;
  private final long origin = System.nanoTime();

  // confined to loop
  private Channel channel;
  private long attempt;
  private ScheduledFuture<?> timer;
  private long timerAt = Long.MAX_VALUE;
  private volatile SignalingStats lastStats;
  private volatile boolean closed;

  /**
   * @throws IllegalArgumentException when the TLS settings cannot be loaded
   */
  WebSocketDriver(
      SignalingConfig config,
      SignalingMachine session,
      Executor eventExecutor,
      Consumer<SignalingEvent> listener) {
    this.config = Objects.requireNonNull(config);
    this.session = Objects.requireNonNull(session);
    this.eventExecutor = Objects.requireNonNull(eventExecutor);
    this.listener = Objects.requireNonNull(listener);
    this.sslContext = config.tls() ? buildSslContext(config) : null;
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.loop = group.next();
    this.lastStats = session.stats();
  }

  /** Starts connecting. */
  void start() {
    LOG.info(
        "signaling to {} ({}, {})",
        config.server(),
        config.customServerMode() ? "custom-server addressing" : "routed",
        config.password());
    onLoop(now -> session.start(now));
  }

  /** Runs {@code action(now)} on the I/O thread, then carries out what the session asked for. */
  void onLoop(LongConsumer action) {
    if (closed) {
      return;
    }
    loop.execute(
        () -> {
          action.accept(now());
          pump();
        });
  }

  private static SslContext buildSslContext(SignalingConfig config) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient();
      if (config.insecureTls()) {
        LOG.warn("TLS certificate verification is OFF for {} (insecure option)", config.server());
        b.trustManager(InsecureTrustManagerFactory.INSTANCE);
      } else {
        if (config.trustedCertificates() != null) {
          b.trustManager(config.trustedCertificates().toFile());
        }
        b.endpointIdentificationAlgorithm("HTTPS");
      }
      return b.build();
    } catch (SSLException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot set up TLS for " + config.server() + ": " + e.getMessage(), e);
    }
  }

  /** Counters; waits up to 2 s for the I/O thread, else returns the last known ones. */
  SignalingStats stats() {
    if (closed || loop.inEventLoop()) {
      return loop.inEventLoop() ? session.stats() : lastStats;
    }
    CompletableFuture<SignalingStats> f = new CompletableFuture<>();
    try {
      loop.execute(() -> f.complete(session.stats()));
      return f.get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      return lastStats;
    }
  }

  /** Closes the websocket and the I/O thread; idempotent. Emits a final {@code Disconnected}. */
  void close() {
    if (closed) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      loop.execute(
          () -> {
            session.close(now());
            pump();
            lastStats = session.stats();
            if (channel != null) {
              channel.close();
            }
            done.complete(null);
          });
      done.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("close: {}", e.toString());
    }
    closed = true;
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ I/O thread

  private long now() {
    return (System.nanoTime() - origin) / 1_000_000;
  }

  /** Carries out everything the session asked for, then re-arms the timer. */
  private void pump() {
    SignalingMachine.Output o;
    while ((o = session.pollOutput()) != null) {
      if (o instanceof SignalingMachine.Output.Transmit t) {
        if (channel != null && channel.isActive()) {
          channel.writeAndFlush(new TextWebSocketFrame(t.text()));
        } else {
          LOG.debug("transmit with no open websocket dropped");
        }
      } else if (o instanceof SignalingMachine.Output.Emit e) {
        deliver(e.event());
      } else if (o instanceof SignalingMachine.Output.Connect) {
        connect();
      } else if (o instanceof SignalingMachine.Output.Disconnect d) {
        if (channel != null) {
          channel.close();
          channel = null;
        }
      }
    }
    long at = session.pollTimeout();
    if (at != timerAt) {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
      timerAt = at;
      if (at != Long.MAX_VALUE) {
        long delay = Math.max(0, at - now());
        timer =
            loop.schedule(
                () -> {
                  timer = null;
                  timerAt = Long.MAX_VALUE;
                  session.handleTimeout(now());
                  pump();
                },
                delay,
                TimeUnit.MILLISECONDS);
      }
    }
  }

  private void deliver(SignalingEvent event) {
    try {
      eventExecutor.execute(
          () -> {
            try {
              listener.accept(event);
            } catch (RuntimeException e) {
              LOG.warn("signaling listener threw on {}", event.getClass().getSimpleName(), e);
            }
          });
    } catch (RuntimeException e) {
      LOG.warn("event executor rejected {}: {}", event.getClass().getSimpleName(), e.toString());
    }
  }

  private void connect() {
    URI uri = config.server();
    String host = uri.getHost();
    int port = uri.getPort() != -1 ? uri.getPort() : config.tls() ? 443 : 80;
    long myAttempt = ++attempt;
    int hardLimit = (int) Math.min(Integer.MAX_VALUE, 4L * config.maxMessageChars());
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ChannelPipeline p = ch.pipeline();
                    if (sslContext != null) {
                      p.addLast(sslContext.newHandler(ch.alloc(), host, port));
                    }
                    p.addLast(new HttpClientCodec());
                    p.addLast(new HttpObjectAggregator(64 * 1024));
                    p.addLast(
                        new WebSocketClientProtocolHandler(
                            WebSocketClientProtocolConfig.newBuilder()
                                .webSocketUri(uri)
                                .allowExtensions(false)
                                .maxFramePayloadLength(hardLimit)
                                .handshakeTimeoutMillis(config.connectTimeout().toMillis())
                                .handleCloseFrames(true)
                                .dropPongFrames(true)
                                .build()));
                    p.addLast(new WebSocketFrameAggregator(hardLimit));
                    p.addLast(new ClientHandler(myAttempt));
                  }
                });
    LOG.debug("connecting to {} (attempt {})", uri, myAttempt);
    ChannelFuture f = b.connect(host, port);
    channel = f.channel();
    f.addListener(
        future -> {
          if (!future.isSuccess() && myAttempt == attempt) {
            channel = null;
            session.handleClosed(
                "connect to " + host + ":" + port + " failed: " + reason(future.cause()), now());
            pump();
          }
        });
  }

  private static String reason(Throwable t) {
    if (t == null) {
      return "unknown";
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  /** The last handler of one connection attempt; ignores everything once a newer attempt exists. */
  private final class ClientHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final long myAttempt;
    private boolean open;
    private String failure;

    ClientHandler(long myAttempt) {
      this.myAttempt = myAttempt;
    }

    private boolean current() {
      return myAttempt == attempt && !closed;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE
          && current()) {
        open = true;
        session.handleOpen(now());
        pump();
      } else if (evt
          == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        failure = "websocket handshake timed out";
        ctx.close();
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (!current() || !open) {
        return;
      }
      if (frame instanceof TextWebSocketFrame text) {
        session.handleText(text.text(), now());
        pump();
      } else {
        LOG.debug("non-text websocket frame ignored");
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (current()) {
        channel = null;
        session.handleClosed(
            failure != null
                ? failure
                : open ? "server closed the connection" : "connection closed during handshake",
            now());
        pump();
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failure = reason(cause);
      LOG.debug("websocket error: {}", failure);
      ctx.close();
    }
  }
}
