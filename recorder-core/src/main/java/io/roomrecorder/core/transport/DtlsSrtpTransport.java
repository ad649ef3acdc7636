package io.roomrecorder.core.transport;

import io.roomrecorder.core.dtls.DtlsConfig;
import io.roomrecorder.core.dtls.DtlsEndpoint;
import io.roomrecorder.core.dtls.DtlsHandshakeResult;
import io.roomrecorder.core.dtls.DtlsListener;
import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.core.srtp.SrtpInbound;
import io.roomrecorder.core.srtp.SrtpStatus;
import io.roomrecorder.core.srtp.SrtpTransformer;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * One peer's secure transport over a datagram port it owns (RFC 5764 DTLS-SRTP with the data
 * channel's DTLS, demultiplexed per RFC 7983):
 *
 * <pre>
 *   port --&gt; Rfc7983Demux --DTLS 20-63--&gt; DtlsEndpoint --app data--&gt; onApplicationData (SCTP)
 *                         --RTP/RTCP----&gt; SrtpInbound (hold until keys) --&gt; onRtp / onRtcp
 *   DTLS connected --&gt; SrtpTransformer from the exported keys --&gt; held packets replayed
 *   sendRtcp / sendRtp --&gt; SRTCP/SRTP protect --&gt; port;  sendApplicationData --&gt; DTLS --&gt; port
 * </pre>
 *
 * <p>Threads: see {@link Listener}. The send methods may be called from any thread (sends are
 * serialized per kind). Stats from any thread.
 */
public final class DtlsSrtpTransport implements AutoCloseable {

  /**
   * Events. {@link #onConnected}: handshake pool thread, before held packets are replayed; {@link
   * #onRtp}/{@link #onRtcp}: the port's receive thread (or the handshake thread for replayed
   * packets), buffer borrowed for the call; {@link #onApplicationData}: as in {@link DtlsListener}.
   * Return quickly, do not throw.
   */
  public interface Listener {
    void onConnected(DtlsHandshakeResult result);

    void onApplicationData(byte[] buffer, int offset, int length);

    void onRtp(PacketBuffer packet);

    void onRtcp(PacketBuffer packet);

    void onClosed(String reason);

    void onFailed(String reason);
  }

  /** All counters of the transport, a snapshot; {@code srtp} is null before keys exist. */
  public record Stats(
      Rfc7983Demux.Stats demux,
      DtlsEndpoint.Stats dtls,
      SrtpInbound.Stats hold,
      SrtpTransformer.Stats srtp) {}

  private final DatagramPort port;
  private final int maxSsrcs;
  private final Listener listener;
  private final DtlsEndpoint dtls;
  private final SrtpInbound inbound;
  private final Rfc7983Demux demux;
  private final Object rtpSendLock = new Object();
  private final PacketBuffer ownRtcp = new PacketBuffer(1500);
  private volatile SrtpTransformer transformer;

  /**
   * @param port the datagram path; this transport becomes its sink and closes it on {@link
   *     #close()}
   * @param dtlsConfig role, certificates, SRTP profiles
   * @param handshakePool bounded pool for Bouncy Castle's blocking handshake
   * @param random for DTLS
   * @param holdCapacity SRTP/SRTCP packets held until keys exist
   * @param maxSsrcs SRTP contexts kept per kind
   */
  public DtlsSrtpTransport(
      DatagramPort port,
      DtlsConfig dtlsConfig,
      Executor handshakePool,
      SecureRandom random,
      Listener listener,
      int holdCapacity,
      int maxSsrcs) {
    this.port = Objects.requireNonNull(port, "port");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.maxSsrcs = maxSsrcs;
    this.inbound =
        new SrtpInbound(
            holdCapacity,
            new SrtpInbound.Listener() {
              @Override
              public void onRtp(PacketBuffer packet) {
                listener.onRtp(packet);
              }

              @Override
              public void onRtcp(PacketBuffer packet) {
                listener.onRtcp(packet);
              }
            });
    this.dtls =
        new DtlsEndpoint(
            dtlsConfig,
            port,
            handshakePool,
            new DtlsListener() {
              @Override
              public void onConnected(DtlsHandshakeResult result) {
                SrtpTransformer t = new SrtpTransformer(result.keys(), result.role(), maxSsrcs);
                transformer = t;
                listener.onConnected(result);
                inbound.installKeys(t);
              }

              @Override
              public void onApplicationData(byte[] buffer, int offset, int length) {
                listener.onApplicationData(buffer, offset, length);
              }

              @Override
              public void onClosed(String reason) {
                listener.onClosed(reason);
              }

              @Override
              public void onFailed(String reason) {
                listener.onFailed(reason);
              }
            },
            random);
    this.demux = new Rfc7983Demux(dtls, inbound::handleRtp, inbound::handleRtcp);
    port.setSink(demux);
  }

  /** Starts the DTLS handshake. */
  public void start() {
    dtls.start();
  }

  /** Sends one SCTP packet over DTLS; see {@link DtlsEndpoint#send}. */
  public void sendApplicationData(byte[] buffer, int offset, int length) throws IOException {
    dtls.send(buffer, offset, length);
  }

  /** The largest SCTP packet {@link #sendApplicationData} takes, 0 before connected. */
  public int applicationSendLimit() {
    return dtls.applicationSendLimit();
  }

  /**
   * Protects an RTCP compound packet (RR, NACK, PLI, REMB …) in place and sends it.
   *
   * @return {@link SrtpStatus#NO_KEYS} before the handshake finished (nothing sent), else the
   *     protect outcome (sent only when OK)
   */
  public SrtpStatus sendRtcp(PacketBuffer rtcp) throws IOException {
    return send(rtcp, true);
  }

  /** Copies {@code rtcp[offset..offset+length)}, protects the copy and sends it. */
  public SrtpStatus sendRtcp(byte[] rtcp, int offset, int length) throws IOException {
    synchronized (ownRtcp) {
      return send(ownRtcp.load(rtcp, offset, length), true);
    }
  }

  /** Protects an RTP packet in place and sends it (the test publisher's path). */
  public SrtpStatus sendRtp(PacketBuffer rtp) throws IOException {
    return send(rtp, false);
  }

  private SrtpStatus send(PacketBuffer p, boolean rtcp) throws IOException {
    SrtpTransformer t = transformer;
    if (t == null) {
      return SrtpStatus.NO_KEYS;
    }
    SrtpStatus s;
    synchronized (rtpSendLock) { // protect calls are confined to one thread at a time
      s = rtcp ? t.protectRtcp(p) : t.protectRtp(p);
    }
    if (s == SrtpStatus.OK) {
      port.send(p.getBuffer(), p.getOffset(), p.getLength());
    }
    return s;
  }

  public DtlsEndpoint.State state() {
    return dtls.state();
  }

  public Stats stats() {
    SrtpTransformer t = transformer;
    return new Stats(demux.stats(), dtls.stats(), inbound.stats(), t == null ? null : t.stats());
  }

  /** close_notify, wipe SRTP keys, close the port. Idempotent. */
  @Override
  public void close() {
    dtls.close();
    port.setSink(null);
    SrtpTransformer t = transformer;
    if (t != null) {
      t.close();
    }
    port.close();
  }
}
