package io.roomrecorder.ice.turn;

import io.roomrecorder.ice.IceServer;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TURN allocation (RFC 8656) with a UDP relay, reached over UDP, TCP or TLS.
 *
 * <p>{@link #allocate()} connects, authenticates with the long-term credential mechanism (RFC 8489
 * §9.2: the first Allocate is answered 401 with REALM and NONCE, the second carries USERNAME,
 * REALM, NONCE and MESSAGE-INTEGRITY; 438 Stale Nonce is retried with the new nonce) and returns
 * once the relayed address is known. Afterwards the client keeps the allocation (Refresh before
 * LIFETIME ends, §7), the permissions (CreatePermission, refreshed every 4 minutes since they last
 * 5, §9) and the channels (ChannelBind, refreshed before their 10 minutes, §12) alive on the shared
 * timer. Data to a peer goes as ChannelData once the channel is bound, as a Send indication before;
 * data from peers arrives as Data indications or ChannelData and is passed to the {@link
 * PeerDataListener}.
 *
 * <p>Over TCP and TLS, STUN messages and ChannelData share the stream: the first two bits tell them
 * apart and ChannelData is padded to a multiple of 4 bytes (RFC 8656 §12.5). TLS uses the JDK's
 * {@code SSLSocket} with the given {@code SSLContext} (default trust store otherwise) and
 * HTTPS-style host name/IP checks of the server certificate.
 *
 * <p>Threads: one reader thread per client (daemon, ended by {@link #close()}), the caller-given
 * timer for retransmissions, refreshes and timeouts. {@link #send} and {@link #permit} are
 * thread-safe; the listener runs on the reader thread with a borrowed buffer.
 */
public final class TurnClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TurnClient.class);
  private static final int UDP_PROTOCOL = 17;
  private static final long PERMISSION_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(240);
  private static final long CHANNEL_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(540);
  private static final int FIRST_CHANNEL = 0x4000;
  private static final int LAST_CHANNEL = 0x4FFF;
  private static final long INITIAL_RTO_MS = 500;

  /** Receives peer data; runs on the reader thread; the buffer is borrowed. */
  public interface PeerDataListener {
    void onPeerData(InetSocketAddress peer, byte[] buffer, int offset, int length);

    /** The control connection to the server ended unexpectedly. */
    default void onConnectionLost(String reason) {}
  }

  private final IceServer server;
  private final SSLContext tlsContext;
  private final ScheduledExecutorService timer;
  private final long timeoutMs;
  private final PeerDataListener listener;
  private final SecureRandom random = new SecureRandom();
  private final Map<ByteBuffer, CompletableFuture<StunMessage>> transactions =
      new ConcurrentHashMap<>();
  private final Map<InetAddress, Long> permissions = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, Channel> channelsByPeer = new ConcurrentHashMap<>();
  private final Channel[] channelsByNumber = new Channel[LAST_CHANNEL - FIRST_CHANNEL + 1];
  private final Object sendLock = new Object();
  private byte[] sendBuffer = new byte[2048];
  // Reused under sendLock: no allocation per datagram sent over UDP.
  private final DatagramPacket udpSendPacket = new DatagramPacket(new byte[0], 0);

  private volatile boolean closed;
  private DatagramSocket udpSocket;
  private Socket streamSocket;
  private OutputStream out;
  private volatile InetSocketAddress serverAddress;
  private Thread reader;
  private ScheduledFuture<?> maintenance;
  private volatile String realm;
  private volatile String nonce;
  private volatile byte[] key;
  private volatile InetSocketAddress relayedAddress;
  private volatile InetSocketAddress mappedAddress;
  private volatile long lifetimeSeconds;
  private volatile long allocationRefreshedNanos;
  private int nextChannel = FIRST_CHANNEL;
  private final java.util.concurrent.atomic.AtomicLong channelDataSent =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong sendIndicationsSent =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong channelDataReceived =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong dataIndicationsReceived =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong malformedReceived =
      new java.util.concurrent.atomic.AtomicLong();

  private final java.util.concurrent.atomic.AtomicLong refreshes =
      new java.util.concurrent.atomic.AtomicLong();

  private final java.util.concurrent.atomic.AtomicLong staleNonces =
      new java.util.concurrent.atomic.AtomicLong();

  /** 438 Stale Nonce answers that were retried with the new nonce. */
  public long staleNonces() {
    return staleNonces.get();
  }

  /** Successful allocation Refresh transactions (RFC 8656 §7). */
  public long refreshes() {
    return refreshes.get();
  }

  /** Datagrams sent to peers as ChannelData. */
  public long channelDataSent() {
    return channelDataSent.get();
  }

  /** Datagrams sent to peers as Send indications (before the channel was bound). */
  public long sendIndicationsSent() {
    return sendIndicationsSent.get();
  }

  /** Datagrams received from peers as ChannelData. */
  public long channelDataReceived() {
    return channelDataReceived.get();
  }

  /** Datagrams received from peers as Data indications. */
  public long dataIndicationsReceived() {
    return dataIndicationsReceived.get();
  }

  /** Messages from the server that were dropped as malformed or unknown. */
  public long malformedReceived() {
    return malformedReceived.get();
  }

  private static final class Channel {
    final int number;
    final InetSocketAddress peer;
    volatile boolean bound;
    volatile boolean failed;
    volatile long refreshedNanos;

    Channel(int number, InetSocketAddress peer) {
      this.number = number;
      this.peer = peer;
    }
  }

  /**
   * @param server the TURN server with credentials
   * @param tlsContext for {@link IceServer.Transport#TLS}; {@code null} = JDK default
   * @param timer shared timer for retransmissions and refreshes (not shut down by this client)
   * @param timeout per-transaction timeout (also the connect and TLS handshake timeout)
   * @param listener receives data from peers
   */
  public TurnClient(
      IceServer server,
      SSLContext tlsContext,
      ScheduledExecutorService timer,
      Duration timeout,
      PeerDataListener listener) {
    if (server.kind() != IceServer.Kind.TURN) {
      throw new IllegalArgumentException("not a TURN server: " + server);
    }
    this.server = server;
    this.tlsContext = tlsContext;
    this.timer = timer;
    this.timeoutMs = Math.max(1, timeout.toMillis());
    this.listener = listener;
  }

  public IceServer server() {
    return server;
  }

  /** The server's resolved address, after {@link #allocate()} connected. */
  public InetSocketAddress serverAddress() {
    return serverAddress;
  }

  /** The relayed transport address (XOR-RELAYED-ADDRESS), after {@link #allocate()}. */
  public InetSocketAddress relayedAddress() {
    return relayedAddress;
  }

  /** Our address as the server saw it (XOR-MAPPED-ADDRESS), after {@link #allocate()}. */
  public InetSocketAddress mappedAddress() {
    return mappedAddress;
  }

  /** Connects to the server and allocates a UDP relay. Blocks up to about twice the timeout. */
  public void allocate() throws IOException {
    connect();
    StunMessage response =
        await(
            transact(
                StunMessage.ALLOCATE,
                m -> {
                  m.add(StunMessage.ATTR_REQUESTED_TRANSPORT, new byte[] {UDP_PROTOCOL, 0, 0, 0});
                },
                2));
    InetSocketAddress relayed = response.xorAddress(StunMessage.ATTR_XOR_RELAYED_ADDRESS);
    if (relayed == null) {
      throw new TurnException("Allocate success without XOR-RELAYED-ADDRESS from " + server, -1);
    }
    mappedAddress = response.xorAddress(StunMessage.ATTR_XOR_MAPPED_ADDRESS);
    byte[] lifetime = response.attribute(StunMessage.ATTR_LIFETIME);
    lifetimeSeconds =
        lifetime != null && lifetime.length == 4
            ? StunMessage.readInt(lifetime, 0) & 0xFFFFFFFFL
            : 600;
    allocationRefreshedNanos = System.nanoTime();
    relayedAddress = relayed;
    // Check often enough for short server lifetimes (refresh happens at max(L/2, L-60) s).
    long period = Math.max(1, Math.min(15, lifetimeSeconds / 3));
    maintenance = timer.scheduleWithFixedDelay(this::maintain, period, period, TimeUnit.SECONDS);
    LOG.debug(
        "TURN {} allocated relay {} (mapped {}, lifetime {} s)",
        server,
        relayed,
        mappedAddress,
        lifetimeSeconds);
  }

  private void connect() throws IOException {
    InetAddress address = InetAddress.getByName(server.host());
    serverAddress = new InetSocketAddress(address, server.port());
    switch (server.transport()) {
      case UDP -> {
        udpSocket = new DatagramSocket();
        try {
          udpSocket.setReceiveBufferSize(1 << 20); // relayed media: ride out short stalls
        } catch (IOException e) {
          LOG.debug("TURN socket receive buffer stays at the default: {}", e.toString());
        }
        udpSocket.connect(serverAddress);
        reader = new Thread(this::readDatagrams, "turn-udp-" + serverAddress);
      }
      case TCP -> {
        Socket s = new Socket();
        streamSocket = s;
        s.setTcpNoDelay(true);
        s.connect(serverAddress, (int) timeoutMs);
        out = s.getOutputStream();
        reader = new Thread(this::readStream, "turn-tcp-" + serverAddress);
      }
      case TLS -> {
        SSLContext ctx;
        try {
          ctx = tlsContext != null ? tlsContext : SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IOException("no default SSLContext", e);
        }
        Socket plain = new Socket();
        streamSocket = plain;
        plain.setTcpNoDelay(true);
        plain.connect(serverAddress, (int) timeoutMs);
        SSLSocket tls =
            (SSLSocket)
                ctx.getSocketFactory().createSocket(plain, server.host(), server.port(), true);
        streamSocket = tls;
        SSLParameters params = tls.getSSLParameters();
        // Check the certificate against the host name or IP literal we dialled (RFC 6125 / 2818).
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isLiteral(server.host())) {
          params.setServerNames(java.util.List.of(new SNIHostName(server.host())));
        }
        tls.setSSLParameters(params);
        tls.setSoTimeout((int) timeoutMs);
        tls.startHandshake();
        tls.setSoTimeout(0);
        out = tls.getOutputStream();
        reader = new Thread(this::readStream, "turn-tls-" + serverAddress);
      }
    }
    reader.setDaemon(true);
    reader.start();
  }

  private static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  /** Installs a permission for a peer IP (RFC 8656 §9) unless one exists; asynchronous. */
  public void permit(InetAddress peer) {
    if (closed || relayedAddress == null) {
      return;
    }
    if (permissions.putIfAbsent(peer, System.nanoTime()) == null) {
      sendCreatePermission(peer);
    }
  }

  private void sendCreatePermission(InetAddress peer) {
    transact(
            StunMessage.CREATE_PERMISSION,
            m -> m.addXorAddress(StunMessage.ATTR_XOR_PEER_ADDRESS, new InetSocketAddress(peer, 0)),
            1)
        .whenComplete(
            (r, e) -> {
              if (e != null && !closed) {
                permissions.remove(peer);
                LOG.warn(
                    "TURN {} CreatePermission for {} failed: {}",
                    server,
                    peer.getHostAddress(),
                    cause(e).getMessage());
              }
            });
  }

  /**
   * Sends a datagram to a peer through the relay: ChannelData when the channel is bound, else a
   * Send indication (and the permission and channel are requested). The bytes are copied before
   * return.
   */
  public void send(InetSocketAddress peer, byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("TURN client closed");
    }
    if (relayedAddress == null) {
      throw new IOException("no allocation");
    }
    Channel ch = channelsByPeer.get(peer);
    if (ch == null) {
      ch = bindChannel(peer);
    }
    if (ch != null && ch.bound) {
      sendChannelData(ch.number, buf, off, len);
      channelDataSent.incrementAndGet();
      return;
    }
    permit(peer.getAddress());
    // RFC 8656 §10.1: Send indication with XOR-PEER-ADDRESS and DATA; no authentication.
    StunMessage m =
        StunMessage.create(StunMessage.SEND, StunMessage.INDICATION, newTransactionId());
    m.addXorAddress(StunMessage.ATTR_XOR_PEER_ADDRESS, peer);
    byte[] data = new byte[len];
    System.arraycopy(buf, off, data, 0, len);
    m.add(StunMessage.ATTR_DATA, data);
    sendRaw(m.encode(null, false));
    sendIndicationsSent.incrementAndGet();
  }

  private Channel bindChannel(InetSocketAddress peer) {
    Channel ch;
    synchronized (channelsByNumber) {
      ch = channelsByPeer.get(peer);
      if (ch != null) {
        return ch;
      }
      if (nextChannel > LAST_CHANNEL) {
        return null;
      }
      ch = new Channel(nextChannel++, peer);
      channelsByNumber[ch.number - FIRST_CHANNEL] = ch;
      channelsByPeer.put(peer, ch);
    }
    sendChannelBind(ch);
    return ch;
  }

  private void sendChannelBind(Channel ch) {
    byte[] number = {(byte) (ch.number >>> 8), (byte) ch.number, 0, 0};
    transact(
            StunMessage.CHANNEL_BIND,
            m -> {
              m.add(StunMessage.ATTR_CHANNEL_NUMBER, number);
              m.addXorAddress(StunMessage.ATTR_XOR_PEER_ADDRESS, ch.peer);
            },
            1)
        .whenComplete(
            (r, e) -> {
              if (e == null) {
                ch.refreshedNanos = System.nanoTime();
                // ChannelBind also installs or refreshes the permission (RFC 8656 §12.2).
                permissions.put(ch.peer.getAddress(), ch.refreshedNanos);
                ch.bound = true;
              } else if (!closed) {
                ch.failed = true;
                LOG.warn(
                    "TURN {} ChannelBind {} for {} failed: {}; using Send indications",
                    server,
                    Integer.toHexString(ch.number),
                    ch.peer,
                    cause(e).getMessage());
              }
            });
  }

  private void sendChannelData(int channel, byte[] buf, int off, int len) throws IOException {
    // RFC 8656 §12.4: channel number, length, data; padded to 4 bytes over TCP/TLS (§12.5).
    boolean stream = server.transport() != IceServer.Transport.UDP;
    int padded = stream ? (len + 3) & ~3 : len;
    synchronized (sendLock) {
      if (sendBuffer.length < 4 + padded) {
        sendBuffer = new byte[4 + padded];
      }
      StunMessage.writeShort(sendBuffer, 0, channel);
      StunMessage.writeShort(sendBuffer, 2, len);
      System.arraycopy(buf, off, sendBuffer, 4, len);
      for (int i = 4 + len; i < 4 + padded; i++) {
        sendBuffer[i] = 0;
      }
      writeLocked(sendBuffer, 0, 4 + padded);
    }
  }

  private void sendRaw(byte[] bytes) throws IOException {
    synchronized (sendLock) {
      writeLocked(bytes, 0, bytes.length);
    }
  }

  private void writeLocked(byte[] b, int off, int len) throws IOException {
    if (udpSocket != null) {
      udpSendPacket.setData(b, off, len);
      udpSocket.send(udpSendPacket);
    } else if (out != null) {
      out.write(b, off, len);
    } else {
      throw new IOException("not connected");
    }
  }

  /**
   * Runs a request, adding the long-term credentials once known and retrying on 401 (first
   * challenge) and 438 (stale nonce).
   */
  private CompletableFuture<StunMessage> transact(
      int method, Consumer<StunMessage> attributes, int retries) {
    byte[] tx = newTransactionId();
    StunMessage m = StunMessage.create(method, StunMessage.REQUEST, tx);
    attributes.accept(m);
    byte[] k = key;
    if (k != null) {
      m.addString(StunMessage.ATTR_USERNAME, server.username());
      m.addString(StunMessage.ATTR_REALM, realm);
      m.addString(StunMessage.ATTR_NONCE, nonce);
    }
    byte[] bytes = m.encode(k, true);
    CompletableFuture<StunMessage> future = new CompletableFuture<>();
    ByteBuffer id = ByteBuffer.wrap(tx);
    transactions.put(id, future);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try {
      sendRaw(bytes);
    } catch (IOException e) {
      transactions.remove(id);
      return CompletableFuture.failedFuture(e);
    }
    if (udpSocket != null) {
      scheduleRetransmit(id, bytes, INITIAL_RTO_MS, deadline);
    }
    ScheduledFuture<?> timeout =
        timer.schedule(
            () -> {
              if (transactions.remove(id) != null) {
                future.completeExceptionally(
                    new TurnException(
                        "no response from " + server + " within " + timeoutMs + " ms", -1));
              }
            },
            timeoutMs,
            TimeUnit.MILLISECONDS);
    return future.thenCompose(
        response -> {
          timeout.cancel(false);
          if (response.messageClass() == StunMessage.ERROR) {
            int code = response.errorCode();
            String newNonce = response.stringAttribute(StunMessage.ATTR_NONCE);
            String newRealm = response.stringAttribute(StunMessage.ATTR_REALM);
            if (retries > 0
                && newNonce != null
                && ((code == 401 && key == null && newRealm != null) || code == 438)) {
              if (newRealm != null) {
                realm = newRealm;
              }
              nonce = newNonce;
              key = StunMessage.longTermKey(server.username(), realm, server.password());
              if (code == 438) {
                staleNonces.incrementAndGet();
              }
              return transact(method, attributes, retries - 1);
            }
            String text =
                code == 401 && k != null
                    ? "401 Unauthorized (wrong user name or password?)"
                    : String.valueOf(code);
            return CompletableFuture.failedFuture(
                new TurnException(methodName(method) + " error " + text + " from " + server, code));
          }
          // RFC 8489 §9.2.5: a success response to an authenticated request must carry a valid
          // MESSAGE-INTEGRITY; otherwise it may be forged and is rejected.
          if (k != null && !response.checkIntegrity(k)) {
            return CompletableFuture.failedFuture(
                new TurnException(
                    methodName(method) + " response with bad MESSAGE-INTEGRITY from " + server,
                    -1));
          }
          return CompletableFuture.completedFuture(response);
        });
  }

  /** RFC 8489 §6.2.1: over UDP, retransmit at RTO, 2 RTO, 4 RTO … until answered or timed out. */
  private void scheduleRetransmit(ByteBuffer id, byte[] bytes, long rtoMs, long deadline) {
    timer.schedule(
        () -> {
          if (closed || !transactions.containsKey(id) || System.nanoTime() > deadline) {
            return;
          }
          try {
            sendRaw(bytes);
          } catch (IOException e) {
            return;
          }
          scheduleRetransmit(id, bytes, Math.min(rtoMs * 2, 4000), deadline);
        },
        rtoMs,
        TimeUnit.MILLISECONDS);
  }

  private StunMessage await(CompletableFuture<StunMessage> f) throws IOException {
    try {
      return f.get(timeoutMs * 3, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = cause(e);
      throw c instanceof IOException io ? io : new IOException(c);
    } catch (TimeoutException e) {
      throw new TurnException("no response from " + server, -1);
    }
  }

  private static Throwable cause(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static String methodName(int method) {
    return switch (method) {
      case StunMessage.ALLOCATE -> "Allocate";
      case StunMessage.REFRESH -> "Refresh";
      case StunMessage.CREATE_PERMISSION -> "CreatePermission";
      case StunMessage.CHANNEL_BIND -> "ChannelBind";
      default -> "method " + method;
    };
  }

  private byte[] newTransactionId() {
    byte[] tx = new byte[12];
    random.nextBytes(tx);
    return tx;
  }

  /** Periodic refresh of the allocation, permissions and channels (on the timer). */
  private void maintain() {
    try {
      maintainUnchecked();
    } catch (RuntimeException e) {
      // Never let an exception cancel the periodic task (that would silently lose the allocation).
      LOG.warn("TURN {} maintenance failed", server, e);
    }
  }

  private void maintainUnchecked() {
    LOG.trace("TURN {} maintenance", server);
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    long refreshAfter =
        TimeUnit.SECONDS.toNanos(Math.max(lifetimeSeconds / 2, lifetimeSeconds - 60));
    if (now - allocationRefreshedNanos >= refreshAfter) {
      allocationRefreshedNanos = now;
      LOG.debug("TURN {} refreshing the allocation", server);
      transact(
              StunMessage.REFRESH,
              m -> m.addInt(StunMessage.ATTR_LIFETIME, (int) Math.min(lifetimeSeconds, 600)),
              1)
          .whenComplete(
              (r, e) -> {
                if (e == null) {
                  refreshes.incrementAndGet();
                } else if (!closed) {
                  LOG.warn("TURN {} Refresh failed: {}", server, cause(e).getMessage());
                }
              });
    }
    for (Map.Entry<InetAddress, Long> p : permissions.entrySet()) {
      if (now - p.getValue() >= PERMISSION_REFRESH_NANOS) {
        p.setValue(now);
        sendCreatePermission(p.getKey());
      }
    }
    for (Channel ch : channelsByPeer.values()) {
      if (ch.bound && !ch.failed && now - ch.refreshedNanos >= CHANNEL_REFRESH_NANOS) {
        ch.refreshedNanos = now;
        sendChannelBind(ch);
      }
    }
  }

  private void readDatagrams() {
    byte[] buf = new byte[65536];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      while (!closed) {
        p.setLength(buf.length);
        udpSocket.receive(p);
        handleMessage(buf, 0, p.getLength(), false);
      }
    } catch (IOException e) {
      if (!closed) {
        connectionLost("UDP socket to " + server + ": " + e.getMessage());
      }
    }
  }

  private void readStream() {
    byte[] buf = new byte[65536 + 8];
    try {
      InputStream raw = streamSocket.getInputStream();
      DataInputStream in = new DataInputStream(raw);
      while (!closed) {
        in.readFully(buf, 0, 4);
        int first = buf[0] & 0xC0;
        int length = StunMessage.readShort(buf, 2);
        int total;
        if (first == 0x00) {
          total = StunMessage.HEADER_LENGTH + length;
        } else if (first == 0x40) {
          total = 4 + ((length + 3) & ~3);
        } else {
          // Not STUN and not ChannelData: the framing is lost and cannot be recovered (§12.5).
          throw new IOException(
              "framing error: first byte 0x" + Integer.toHexString(buf[0] & 0xFF));
        }
        in.readFully(buf, 4, total - 4);
        handleMessage(buf, 0, total, true);
      }
    } catch (EOFException e) {
      if (!closed) {
        connectionLost("connection to " + server + " closed by the server");
      }
    } catch (IOException e) {
      if (!closed) {
        connectionLost("connection to " + server + ": " + e.getMessage());
      }
    }
  }

  /**
   * Fails the pending transactions at once (no waiting for their timeout) and tells the listener.
   */
  private void connectionLost(String reason) {
    for (CompletableFuture<StunMessage> f : transactions.values()) {
      f.completeExceptionally(new TurnException(reason, -1));
    }
    transactions.clear();
    listener.onConnectionLost(reason);
  }

  /** Dispatches one STUN message or ChannelData message received from the server. */
  private void handleMessage(byte[] buf, int off, int len, boolean stream) {
    if (len >= 4 && (buf[off] & 0xC0) == 0x40) {
      int number = StunMessage.readShort(buf, off);
      int dataLength = StunMessage.readShort(buf, off + 2);
      if (number > LAST_CHANNEL || 4 + dataLength > len) {
        malformedReceived.incrementAndGet();
        return; // RFC 8656 §12.6: reserved channel numbers or a short message are discarded
      }
      Channel ch = channelsByNumber[number - FIRST_CHANNEL];
      if (ch != null) {
        channelDataReceived.incrementAndGet();
        listener.onPeerData(ch.peer, buf, off + 4, dataLength);
      } else {
        malformedReceived.incrementAndGet();
      }
      return;
    }
    StunMessage m = StunMessage.decode(buf, off, len);
    if (m == null) {
      malformedReceived.incrementAndGet();
      return;
    }
    int cls = m.messageClass();
    if (cls == StunMessage.SUCCESS || cls == StunMessage.ERROR) {
      CompletableFuture<StunMessage> f = transactions.remove(ByteBuffer.wrap(m.transactionId()));
      if (f != null) {
        f.complete(m);
      }
    } else if (cls == StunMessage.INDICATION && m.method() == StunMessage.DATA) {
      InetSocketAddress peer = m.xorAddress(StunMessage.ATTR_XOR_PEER_ADDRESS);
      int[] data = m.attributeSpan(StunMessage.ATTR_DATA);
      if (peer != null && data != null) {
        dataIndicationsReceived.incrementAndGet();
        listener.onPeerData(peer, m.raw(), data[0], data[1]);
      } else {
        malformedReceived.incrementAndGet();
      }
    }
  }

  /** Whether the client is closed. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Deletes the allocation (Refresh with LIFETIME 0, RFC 8656 §7, best effort without waiting),
   * closes the socket and ends the reader thread. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (relayedAddress != null && key != null) {
      try {
        StunMessage m =
            StunMessage.create(StunMessage.REFRESH, StunMessage.REQUEST, newTransactionId());
        m.addInt(StunMessage.ATTR_LIFETIME, 0);
        m.addString(StunMessage.ATTR_USERNAME, server.username());
        m.addString(StunMessage.ATTR_REALM, realm);
        m.addString(StunMessage.ATTR_NONCE, nonce);
        sendRaw(m.encode(key, true));
      } catch (IOException | RuntimeException e) {
        LOG.debug("TURN {} deallocation not sent: {}", server, e.toString());
      }
    }
    closed = true;
    if (maintenance != null) {
      maintenance.cancel(false);
    }
    try {
      if (udpSocket != null) {
        udpSocket.close();
      }
      if (streamSocket != null) {
        streamSocket.close();
      }
    } catch (IOException e) {
      LOG.debug("TURN {} close: {}", server, e.toString());
    }
    for (CompletableFuture<StunMessage> f : transactions.values()) {
      f.completeExceptionally(new TurnException("TURN client closed", -1));
    }
    transactions.clear();
    Thread r = reader;
    if (r != null && r != Thread.currentThread()) {
      try {
        r.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "TurnClient["
        + server
        + (relayedAddress != null ? " relay " + relayedAddress : "")
        + "]";
  }
}
