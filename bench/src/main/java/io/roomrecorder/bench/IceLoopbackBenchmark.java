package io.roomrecorder.bench;

import io.roomrecorder.ice.IceAgent;
import io.roomrecorder.ice.IceCandidate;
import io.roomrecorder.ice.IceConfig;
import io.roomrecorder.ice.IceListener;
import io.roomrecorder.ice.IceRole;
import io.roomrecorder.ice.IceState;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The selected pair as a datagram port: two connected {@link IceAgent}s on 127.0.0.1 (host
 * candidates, no STUN), one 1,200-byte datagram sent and awaited at the peer's receive handler per
 * operation. Measures the per-datagram cost of our port plus ice4j's component socket (merging
 * reader thread, STUN demultiplexing) and loopback UDP: the latency a media packet pays in ICE.
 *
 * <pre>
 * mvn -B -q -o -pl bench -am -DskipTests package
 * java -jar bench/target/benchmarks.jar IceLoopbackBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IceLoopbackBenchmark {
  private final ExecutorService events = Executors.newSingleThreadExecutor();
  private final AtomicLong received = new AtomicLong();
  private IceAgent offerer;
  private IceAgent answerer;
  private final byte[] datagram = new byte[1200];

  @Setup(Level.Trial)
  public void connect() throws Exception {
    IceConfig config =
        IceConfig.builder().noStun().allowLoopback(true).allowAddress("127.0.0.1").build();
    IceAgent[] peers = new IceAgent[2];
    offerer =
        IceAgent.create(
            config,
            IceRole.CONTROLLING,
            events,
            new IceListener() {
              @Override
              public void onLocalCandidate(IceCandidate c) {
                peers[1].addRemoteCandidate(c.toSdp());
              }
            });
    answerer =
        IceAgent.create(
            config,
            IceRole.CONTROLLED,
            events,
            new IceListener() {
              @Override
              public void onLocalCandidate(IceCandidate c) {
                peers[0].addRemoteCandidate(c.toSdp());
              }
            });
    peers[0] = offerer;
    peers[1] = answerer;
    answerer.datagramPort().setReceiveHandler((b, o, l) -> received.incrementAndGet());
    offerer.setRemoteCredentials(answerer.localUfrag(), answerer.localPassword());
    answerer.setRemoteCredentials(offerer.localUfrag(), offerer.localPassword());
    offerer.start();
    answerer.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(offerer.state() == IceState.COMPLETED && answerer.state() == IceState.COMPLETED)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("ICE did not connect: " + offerer + " " + answerer);
      }
      Thread.sleep(10);
    }
    datagram[0] = (byte) 0x80; // looks like RTP, not STUN
  }

  @Benchmark
  public long sendAndAwaitOneDatagram() throws IOException {
    long target = received.get() + 1;
    offerer.datagramPort().send(datagram, 0, datagram.length);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (received.get() < target) {
      if (System.nanoTime() > deadline) {
        // Loopback UDP may drop under load; count it as a slow operation, not a failure.
        break;
      }
      Thread.onSpinWait();
      LockSupport.parkNanos(1_000);
    }
    return received.get();
  }

  @TearDown(Level.Trial)
  public void close() {
    offerer.close();
    answerer.close();
    events.shutdown();
  }
}
