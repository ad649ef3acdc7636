package io.roomrecorder.core.dtls;

import io.roomrecorder.core.transport.DatagramPort;
import io.roomrecorder.core.transport.DatagramSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS 1.2 association over a {@link DatagramPort}, for DTLS-SRTP keys (RFC 5764) and the data
 * channel's SCTP (RFC 8261).
 *
 * <pre>
 *   demux --DTLS records--&gt; handle() --bounded queue--&gt; Bouncy Castle (handshake pool thread)
 *                                                              |
 *   port  &lt;--------------------- send ------------------------+
 * </pre>
 *
 * <p>{@link #start()} runs Bouncy Castle's blocking handshake on the injected handshake pool, so a
 * bounded pool bounds concurrent handshakes. The handshake retransmits per RFC 6347 §4.2.4 and is
 * abandoned after {@link DtlsConfig#handshakeTimeout()}. The peer's certificate must match an SDP
 * fingerprint and use_srtp must agree; then {@link DtlsListener#onConnected} carries the SRTP keys.
 * Afterwards each queued record is decrypted on the thread that delivered it ({@link #handle}) and
 * application data goes to {@link DtlsListener#onApplicationData}; {@link #send} encrypts outgoing
 * application data. {@link #close()} sends close_notify.
 *
 * <p>Thread-safe: {@link #handle} from the port's receive thread, {@link #send} and {@link #close}
 * from any thread.
 */
public final class DtlsEndpoint implements DatagramSink {

  private static final Logger LOG = LoggerFactory.getLogger(DtlsEndpoint.class);

  /** Lifecycle: NEW → HANDSHAKING → CONNECTED → CLOSED, or → FAILED from any but CLOSED. */
  public enum State {
    NEW,
    HANDSHAKING,
    CONNECTED,
    CLOSED,
    FAILED
  }

  /** Counters, a snapshot. */
  public record Stats(
      long recordsQueued,
      long droppedQueueFull,
      long droppedNotRunning,
      long droppedInvalidRecords,
      long applicationRecordsIn,
      long applicationBytesIn,
      long applicationRecordsOut) {}

  private final DtlsConfig config;
  private final DatagramPort port;
  private final Executor handshakePool;
  private final DtlsListener listener;
  private final SecureRandom random;
  private final QueueDatagramTransport transport;
  private final PeerVerification verification;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final Object receiveLock = new Object();
  private final Object sendLock = new Object();
  private volatile DTLSTransport dtls;
  private volatile RecordGuard guard;
  private byte[] receiveBuffer;

  private final LongAdder recordsQueued = new LongAdder();
  private final LongAdder droppedNotRunning = new LongAdder();
  private final LongAdder droppedInvalidRecords = new LongAdder();
  private final LongAdder applicationRecordsIn = new LongAdder();
  private final LongAdder applicationBytesIn = new LongAdder();
  private final LongAdder applicationRecordsOut = new LongAdder();

  /**
   * @param config role, certificates, profiles, limits
   * @param port where our records go (the demux feeds incoming ones to {@link #handle})
   * @param handshakePool runs the blocking handshake; bound it (e.g. a fixed pool) to bound
   *     concurrent handshakes
   * @param listener see {@link DtlsListener} for threads
   * @param random for the handshake's randoms and ECDHE keys
   */
  public DtlsEndpoint(
      DtlsConfig config,
      DatagramPort port,
      Executor handshakePool,
      DtlsListener listener,
      SecureRandom random) {
    this.config = Objects.requireNonNull(config, "config");
    this.port = Objects.requireNonNull(port, "port");
    this.handshakePool = Objects.requireNonNull(handshakePool, "handshakePool");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.random = Objects.requireNonNull(random, "random");
    this.transport =
        new QueueDatagramTransport(port, config.sendLimit(), config.receiveQueueCapacity());
    this.verification = new PeerVerification(config);
  }

  /** Starts the handshake on the handshake pool. Once only. */
  public void start() {
    if (!transition(State.NEW, State.HANDSHAKING, "start as " + config.role())) {
      throw new IllegalStateException("DTLS endpoint already started: " + state.get());
    }
    transport.startDeadline(System.nanoTime(), config.handshakeTimeout().toMillis());
    try {
      handshakePool.execute(this::handshake);
    } catch (RejectedExecutionException e) {
      fail("handshake pool refused the handshake (saturated or shut down)");
    }
  }

  /**
   * Feeds one DTLS record datagram (first byte 20–63). Copies it into the bounded queue (also
   * before {@link #start()}); drops it (counted) when the queue is full or the endpoint has ended.
   * Never throws.
   */
  @Override
  public void handle(byte[] buffer, int offset, int length) {
    State s = state.get();
    // Records may precede start(): a browser's ClientHello can beat our answer's processing.
    if (s == State.CLOSED || s == State.FAILED) {
      droppedNotRunning.increment();
      return;
    }
    RecordGuard g = guard;
    if (g != null && !g.accepts(buffer, offset, length)) {
      droppedInvalidRecords.increment(); // would make Bouncy Castle end the association
      return;
    }
    if (!transport.offer(buffer, offset, length)) {
      return;
    }
    recordsQueued.increment();
    if (state.get() == State.CONNECTED) {
      pump();
    }
  }

  /**
   * Sends application data (one SCTP packet) in one DTLS record.
   *
   * @throws IllegalStateException before {@link DtlsListener#onConnected} or after close
   * @throws IOException when the record cannot be sent or exceeds {@link #applicationSendLimit()}
   */
  public void send(byte[] buffer, int offset, int length) throws IOException {
    DTLSTransport t = dtls;
    if (t == null || state.get() != State.CONNECTED) {
      throw new IllegalStateException("DTLS not connected: " + state.get());
    }
    synchronized (sendLock) {
      t.send(buffer, offset, length);
    }
    applicationRecordsOut.increment();
  }

  /** The largest application record {@link #send} accepts once connected, else 0. */
  public int applicationSendLimit() {
    DTLSTransport t = dtls;
    try {
      return t == null ? 0 : t.getSendLimit();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Sends close_notify when connected, abandons a running handshake; idempotent. */
  public void close() {
    State before = state.get();
    if (before == State.CLOSED || before == State.FAILED) {
      return;
    }
    if (!transition(before, State.CLOSED, "closed locally")) {
      close(); // raced with another transition; re-evaluate
      return;
    }
    DTLSTransport t = dtls;
    if (t != null) {
      try {
        synchronized (sendLock) {
          t.close(); // close_notify, RFC 5246 §7.2.1
        }
      } catch (IOException e) {
        LOG.debug("close_notify not sent", e);
      }
    }
    transport.close();
    listener.onClosed("closed locally");
  }

  public State state() {
    return state.get();
  }

  public Stats stats() {
    return new Stats(
        recordsQueued.sum(),
        transport.droppedQueueFull(),
        droppedNotRunning.sum(),
        droppedInvalidRecords.sum(),
        applicationRecordsIn.sum(),
        applicationBytesIn.sum(),
        applicationRecordsOut.sum());
  }

  private void handshake() {
    DTLSTransport t;
    try {
      BcTlsCrypto crypto = new BcTlsCrypto(random);
      if (config.role() == DtlsRole.CLIENT) {
        t =
            new DTLSClientProtocol()
                .connect(new WebRtcTlsClient(crypto, config, verification), transport);
      } else {
        DTLSServerProtocol server = new DTLSServerProtocol();
        // ICE has already proven the address (RFC 8445 §7.2.5.2.1), so skip the cookie round trip.
        server.setVerifyRequests(false);
        t = server.accept(new WebRtcTlsServer(crypto, config, verification), transport);
      }
    } catch (IOException | RuntimeException e) {
      if (state.get() == State.CLOSED) {
        return; // closed while handshaking: onClosed already reported
      }
      fail(describe(e));
      return;
    }
    transport.clearDeadline();
    DtlsHandshakeResult result = verification.result();
    if (result == null) {
      closeQuietly(t);
      fail("handshake ended without keys");
      return;
    }
    receiveBuffer = new byte[receiveLimit(t)];
    guard = verification.guard();
    dtls = t;
    if (!transition(
        State.HANDSHAKING,
        State.CONNECTED,
        result.profile() + ", cipher suite 0x" + Integer.toHexString(result.cipherSuite()))) {
      closeQuietly(t); // closed meanwhile
      return;
    }
    listener.onConnected(result);
    pump(); // records that arrived while the handshake was finishing
  }

  /**
   * Decrypts queued records; one thread at a time. A datagram may carry several records (RFC 6347
   * §4.1.1); Bouncy Castle keeps the rest after the first, and {@code receivePending} drains them
   * without waiting for another datagram.
   */
  private void pump() {
    synchronized (receiveLock) {
      DTLSTransport t = dtls;
      if (t == null) {
        return;
      }
      while (state.get() == State.CONNECTED) {
        int n;
        try {
          n = t.receivePending(receiveBuffer, 0, receiveBuffer.length);
          if (n < 0) {
            if (!transport.hasQueued()) {
              return;
            }
            // Wait at most 1 ms: the queue holds a datagram; a non-application record (a
            // retransmitted Finished, an alert) yields -1 once the queue is empty.
            n = t.receive(receiveBuffer, 0, receiveBuffer.length, 1);
          }
        } catch (IOException | RuntimeException e) {
          if (verification.closeNotifyReceived()) {
            peerClosed();
          } else if (state.get() == State.CONNECTED) {
            fail(describe(e));
          }
          return;
        }
        if (n > 0) {
          applicationRecordsIn.increment();
          applicationBytesIn.add(n);
          listener.onApplicationData(receiveBuffer, 0, n);
        } else if (verification.closeNotifyReceived()) {
          peerClosed();
          return;
        }
      }
    }
  }

  private void peerClosed() {
    if (transition(State.CONNECTED, State.CLOSED, "peer sent close_notify")) {
      transport.close();
      listener.onClosed("peer sent close_notify");
    }
  }

  private void fail(String reason) {
    State s;
    do {
      s = state.get();
      if (s == State.CLOSED || s == State.FAILED) {
        return;
      }
    } while (!transition(s, State.FAILED, reason));
    transport.close();
    DTLSTransport t = dtls;
    if (t != null) {
      closeQuietly(t);
    }
    listener.onFailed(reason);
  }

  private String describe(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof TlsTimeoutException || c instanceof InterruptedIOException) {
        return "DTLS handshake timed out after " + config.handshakeTimeout().toMillis() + " ms";
      }
    }
    String own = verification.failureReason();
    if (own != null) {
      return own;
    }
    if (e instanceof TlsFatalAlert a) {
      return "DTLS alert "
          + org.bouncycastle.tls.AlertDescription.getText(a.getAlertDescription())
          + (a.getMessage() != null ? ": " + a.getMessage() : "");
    }
    return "DTLS failed: " + e;
  }

  private boolean transition(State from, State to, String reason) {
    if (state.compareAndSet(from, to)) {
      LOG.info("DTLS {} -> {} ({})", from, to, reason);
      return true;
    }
    return false;
  }

  private static int receiveLimit(DTLSTransport t) {
    try {
      return Math.max(t.getReceiveLimit(), 1500);
    } catch (IOException e) {
      return 1500;
    }
  }

  private static void closeQuietly(DTLSTransport t) {
    try {
      t.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing DTLS transport", e);
    }
  }
}
