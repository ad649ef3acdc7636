package io.roomrecorder.bench;

import io.roomrecorder.datachannel.DataChannel;
import io.roomrecorder.datachannel.DataChannelEvent;
import io.roomrecorder.datachannel.SctpAssociation;
import io.roomrecorder.datachannel.SctpConfig;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Data-channel throughput between two SCTP associations in one thread, packets handed across in
 * memory with no loss (the cost of SCTP + DCEP framing, CRC32c, SACK processing, reassembly and
 * delivery; no DTLS). One operation is one message delivered to the receiving application; MB/s =
 * ops/s x messageSize.
 *
 * <pre>
 * mvn -B -q -o -pl bench -am -DskipTests package
 * java -jar bench/target/benchmarks.jar DataChannel -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DataChannelThroughputBenchmark {
  private static final int BATCH = 64;

  @Param({"1024", "65536"})
  public int messageSize;

  private SctpAssociation sender;
  private SctpAssociation receiver;
  private DataChannel channel;
  private byte[] message;
  private final byte[] packet = new byte[1500];
  private long now;
  private long received;

  @Setup(Level.Trial)
  public void setUp() {
    sender = new SctpAssociation(SctpConfig.builder(true, new Random(1)).build());
    receiver = new SctpAssociation(SctpConfig.builder(false, new Random(2)).build());
    sender.connect(now);
    receiver.connect(now);
    channel = sender.openChannel("bench");
    message = new byte[messageSize];
    new Random(3).nextBytes(message);
    pumpUntil(() -> channel.state() == io.roomrecorder.datachannel.DataChannelState.OPEN);
    pumpUntil(() -> receiver.channel(channel.id()) != null);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long sendAndDeliver() {
    long target = received + BATCH;
    for (int i = 0; i < BATCH; i++) {
      if (!channel.send(message)) {
        throw new IllegalStateException("send buffer full");
      }
    }
    pumpUntil(() -> received >= target);
    return received;
  }

  private void pumpUntil(java.util.function.BooleanSupplier done) {
    while (!done.getAsBoolean()) {
      boolean moved = false;
      int n;
      while ((n = sender.pollOutbound(packet, 0)) > 0) {
        receiver.handleInbound(packet, 0, n, now);
        moved = true;
      }
      while ((n = receiver.pollOutbound(packet, 0)) > 0) {
        sender.handleInbound(packet, 0, n, now);
        moved = true;
      }
      DataChannelEvent e;
      while ((e = receiver.pollEvent()) != null) {
        if (e instanceof DataChannelEvent.BinaryMessage) {
          received++;
        }
      }
      while (sender.pollEvent() != null) {
        // ChannelOpened etc.
      }
      if (!moved) {
        // Nothing in flight: let the next timer (delayed SACK) fire on the virtual clock.
        long t = Math.min(sender.pollTimeout(), receiver.pollTimeout());
        now = t == Long.MAX_VALUE ? now + 1 : Math.max(now + 1, t);
        sender.handleTimeout(now);
        receiver.handleTimeout(now);
      }
    }
  }
}
