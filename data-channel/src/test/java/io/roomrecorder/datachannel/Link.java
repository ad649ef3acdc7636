package io.roomrecorder.datachannel;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Two associations back to back on a simulated network with a manual clock: every packet takes
 * {@code latencyMs} plus up to {@code jitterMs} (jitter reorders), and may be lost or duplicated,
 * all from one seeded {@link Random}. Events are collected per side unless {@link #holdEvents}.
 */
final class Link {
  final SctpAssociation a;
  final SctpAssociation b;
  final List<DataChannelEvent> eventsA = new ArrayList<>();
  final List<DataChannelEvent> eventsB = new ArrayList<>();
  final Random net;
  long now = 1_000;
  double loss;
  double duplicate;
  long latencyMs = 10;
  long jitterMs;
  boolean holdEventsA;
  boolean holdEventsB;

  /** When set, packets from that side are silently swallowed. */
  boolean blackholeA;

  boolean blackholeB;
  final List<byte[]> capturedAtoB = new ArrayList<>();
  final List<byte[]> capturedBtoA = new ArrayList<>();
  boolean capture;
  long packetsAtoB;
  long packetsBtoA;

  private record Flight(long at, long seq, boolean toB, byte[] data) {}

  private final PriorityQueue<Flight> wire =
      new PriorityQueue<>(
          (x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));
  private long seq;

  Link(SctpConfig.Builder ca, SctpConfig.Builder cb, long seed) {
    this.a = new SctpAssociation(ca.build());
    this.b = new SctpAssociation(cb.build());
    this.net = new Random(seed);
  }

  static Link standard(long seed) {
    return new Link(
        SctpConfig.builder(true, new Random(seed * 31 + 1)),
        SctpConfig.builder(false, new Random(seed * 31 + 2)),
        seed);
  }

  Link lossy(double loss, double duplicate, long jitterMs) {
    this.loss = loss;
    this.duplicate = duplicate;
    this.jitterMs = jitterMs;
    return this;
  }

  void connectBoth() {
    a.connect(now);
    b.connect(now);
  }

  /** Moves packets and time until {@code done} holds or {@code maxMs} of simulated time pass. */
  boolean runUntil(BooleanSupplier done, long maxMs) {
    long end = now + maxMs;
    while (true) {
      pump();
      if (done.getAsBoolean()) {
        return true;
      }
      long next = Math.min(a.pollTimeout(), b.pollTimeout());
      Flight f = wire.peek();
      if (f != null) {
        next = Math.min(next, f.at);
      }
      if (next == Long.MAX_VALUE || next > end) {
        now = end;
        a.handleTimeout(now);
        b.handleTimeout(now);
        pump();
        return done.getAsBoolean();
      }
      now = Math.max(now, next);
      while (!wire.isEmpty() && wire.peek().at <= now) {
        Flight x = wire.poll();
        byte[] framed = new byte[x.data.length + 7];
        net.nextBytes(framed);
        System.arraycopy(x.data, 0, framed, 3, x.data.length);
        if (x.toB) {
          b.handleInbound(framed, 3, x.data.length, now);
        } else {
          a.handleInbound(framed, 3, x.data.length, now);
        }
        pump();
      }
      if (a.pollTimeout() <= now) {
        a.handleTimeout(now);
      }
      if (b.pollTimeout() <= now) {
        b.handleTimeout(now);
      }
    }
  }

  void run(long ms) {
    runUntil(() -> false, ms);
  }

  /** Drains packets into the wire and events into the lists. */
  void pump() {
    boolean again = true;
    while (again) {
      again = false;
      byte[] p;
      while ((p = a.pollOutbound()) != null) {
        again = true;
        packetsAtoB++;
        if (capture) {
          capturedAtoB.add(p);
        }
        if (!blackholeA) {
          send(true, p);
        }
      }
      while ((p = b.pollOutbound()) != null) {
        again = true;
        packetsBtoA++;
        if (capture) {
          capturedBtoA.add(p);
        }
        if (!blackholeB) {
          send(false, p);
        }
      }
      if (!holdEventsA) {
        DataChannelEvent e;
        while ((e = a.pollEvent()) != null) {
          eventsA.add(e);
          again = true;
        }
      }
      if (!holdEventsB) {
        DataChannelEvent e;
        while ((e = b.pollEvent()) != null) {
          eventsB.add(e);
          again = true;
        }
      }
    }
  }

  private void send(boolean toB, byte[] p) {
    if (loss > 0 && net.nextDouble() < loss) {
      return;
    }
    long at = now + latencyMs + (jitterMs > 0 ? net.nextInt((int) jitterMs + 1) : 0);
    wire.add(new Flight(at, seq++, toB, p));
    if (duplicate > 0 && net.nextDouble() < duplicate) {
      wire.add(new Flight(at + net.nextInt(20), seq++, toB, p.clone()));
    }
  }

  /** Injects raw bytes as if they came from the other side. */
  void inject(boolean toB, byte[] p) {
    wire.add(new Flight(now, seq++, toB, p));
  }

  boolean established() {
    return a.state() == AssociationState.ESTABLISHED && b.state() == AssociationState.ESTABLISHED;
  }

  static <T extends DataChannelEvent> List<T> of(List<DataChannelEvent> events, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (DataChannelEvent e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }
}
