package io.roomrecorder.core.dtls;

import io.roomrecorder.core.transport.DatagramPort;
import io.roomrecorder.core.transport.DatagramSink;
import io.roomrecorder.core.transport.Rfc7983Demux;
import io.roomrecorder.core.transport.UdpDatagramPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two real UDP sockets on 127.0.0.1, each with an RFC 7983 demux in front of a {@link
 * DtlsEndpoint}: the same wiring a peer session uses, minus ICE. Test helper.
 */
final class DtlsLoopback implements AutoCloseable {

  /** Records one endpoint's events. */
  static final class Events implements DtlsListener {
    final CompletableFuture<DtlsHandshakeResult> connected = new CompletableFuture<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final BlockingQueue<String> data = new LinkedBlockingQueue<>();

    @Override
    public void onConnected(DtlsHandshakeResult result) {
      connected.complete(result);
    }

    @Override
    public void onApplicationData(byte[] buffer, int offset, int length) {
      data.add(new String(buffer, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void onClosed(String reason) {
      closed.complete(reason);
    }

    @Override
    public void onFailed(String reason) {
      connected.completeExceptionally(new IllegalStateException(reason)); // before failed: tests
      failed.complete(reason); // await failed, then look at connected
    }

    DtlsHandshakeResult awaitConnected() throws Exception {
      return connected.get(15, TimeUnit.SECONDS);
    }

    String awaitFailed() throws Exception {
      return failed.get(20, TimeUnit.SECONDS);
    }

    String nextData() throws InterruptedException {
      return data.poll(10, TimeUnit.SECONDS);
    }
  }

  /** Forwards to a port but swallows every send after the first {@code budget} datagrams. */
  static final class StallingPort implements DatagramPort {
    private final DatagramPort inner;
    private final AtomicInteger budget;

    StallingPort(DatagramPort inner, int budget) {
      this.inner = inner;
      this.budget = new AtomicInteger(budget);
    }

    @Override
    public void send(byte[] buffer, int offset, int length) throws IOException {
      if (budget.getAndDecrement() > 0) {
        inner.send(buffer, offset, length);
      }
    }

    @Override
    public void setSink(DatagramSink sink) {
      inner.setSink(sink);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /** Forwards to a port; while holding, concatenates datagrams and sends them as one on flush. */
  static final class CoalescingPort implements DatagramPort {
    private final DatagramPort inner;
    private final java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
    private volatile boolean holding;

    CoalescingPort(DatagramPort inner) {
      this.inner = inner;
    }

    void hold() {
      holding = true;
    }

    synchronized void flush() throws IOException {
      holding = false;
      byte[] all = held.toByteArray();
      held.reset();
      inner.send(all, 0, all.length);
    }

    @Override
    public synchronized void send(byte[] buffer, int offset, int length) throws IOException {
      if (holding) {
        held.write(buffer, offset, length);
      } else {
        inner.send(buffer, offset, length);
      }
    }

    @Override
    public void setSink(DatagramSink sink) {
      inner.setSink(sink);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  final UdpDatagramPort portA;
  final UdpDatagramPort portB;
  final Events eventsA = new Events();
  final Events eventsB = new Events();
  DtlsEndpoint a;
  DtlsEndpoint b;
  Rfc7983Demux demuxA;
  Rfc7983Demux demuxB;

  DtlsLoopback() throws IOException {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    portA = UdpDatagramPort.bind(any, r -> daemon(r, "udp-a"));
    portB = UdpDatagramPort.bind(any, r -> daemon(r, "udp-b"));
    portA.connect(portB.localAddress());
    portB.connect(portA.localAddress());
  }

  /** Wires both endpoints; {@code sendA}/{@code sendB} may wrap the real ports. */
  DtlsLoopback wire(
      DtlsConfig configA,
      DatagramPort sendA,
      DtlsConfig configB,
      DatagramPort sendB,
      Executor pool,
      DatagramSink rtpA,
      DatagramSink rtpB) {
    SecureRandom random = new SecureRandom();
    a = new DtlsEndpoint(configA, sendA, pool, eventsA, random);
    b = new DtlsEndpoint(configB, sendB, pool, eventsB, random);
    demuxA = new Rfc7983Demux(a, rtpA, rtpA);
    demuxB = new Rfc7983Demux(b, rtpB, rtpB);
    portA.setSink(demuxA);
    portB.setSink(demuxB);
    return this;
  }

  DtlsLoopback wire(DtlsConfig configA, DtlsConfig configB, Executor pool) {
    DatagramSink ignore = (buf, off, len) -> {};
    return wire(configA, portA, configB, portB, pool, ignore, ignore);
  }

  void start() {
    b.start();
    a.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    portA.close();
    portB.close();
  }
}
