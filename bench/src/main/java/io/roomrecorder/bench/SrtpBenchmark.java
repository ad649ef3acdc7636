package io.roomrecorder.bench;

import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.dtls.SrtpKeyingMaterial;
import io.roomrecorder.core.dtls.SrtpProfile;
import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.core.srtp.SrtpStatus;
import io.roomrecorder.core.srtp.SrtpTransformer;
import io.roomrecorder.core.transport.Rfc7983Demux;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The receive path's per-packet cost: one operation is an RTP packet protected by the sender (fresh
 * sequence number, so replay protection stays on), pushed through the RFC 7983 demux, copied into
 * the receive buffer and unprotected in place. Packets/s per core = ops/s; the receiver alone costs
 * roughly half.
 *
 * <pre>
 * mvn -B -q -o -pl bench -am -DskipTests package
 * java -jar bench/target/benchmarks.jar SrtpBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SrtpBenchmark {

  @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
  public SrtpProfile profile;

  @Param({"200", "1200"})
  public int payload;

  private SrtpTransformer sender;
  private SrtpTransformer receiver;
  private Rfc7983Demux demux;
  private final PacketBuffer out = new PacketBuffer(1500);
  private final PacketBuffer in = new PacketBuffer(1500);
  private byte[] plain;
  private int seq;
  private boolean ok;

  @Setup
  public void setUp() {
    byte[] material = new byte[profile.keyingMaterialLength()];
    new Random(1).nextBytes(material);
    SrtpKeyingMaterial keys = SrtpKeyingMaterial.fromExporter(profile, material);
    sender = new SrtpTransformer(keys, DtlsRole.SERVER, 4);
    receiver = new SrtpTransformer(keys, DtlsRole.CLIENT, 4);
    plain = new byte[12 + payload];
    plain[0] = (byte) 0x80;
    plain[1] = 102;
    plain[11] = 7;
    demux =
        new Rfc7983Demux(
            (b, o, n) -> {},
            (b, o, n) -> ok = receiver.unprotectRtp(in.load(b, o, n)) == SrtpStatus.OK,
            (b, o, n) -> {});
  }

  @TearDown
  public void tearDown() {
    sender.close();
    receiver.close();
  }

  @Benchmark
  public boolean protectDemuxUnprotect() {
    seq++;
    plain[2] = (byte) (seq >> 8);
    plain[3] = (byte) seq;
    out.load(plain, 0, plain.length);
    sender.protectRtp(out);
    demux.handle(out.getBuffer(), out.getOffset(), out.getLength());
    if (!ok) {
      throw new IllegalStateException("unprotect failed at seq " + seq);
    }
    return ok;
  }
}
