package io.roomrecorder.bench;

import io.roomrecorder.ice.IceCandidate;
import io.roomrecorder.ice.turn.StunMessage;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ice-agent's parsers: an RFC 8839 candidate line (Chrome-shaped srflx with extensions) parsed and
 * formatted, and the RFC 5769 §2.1 STUN request decoded with MESSAGE-INTEGRITY and FINGERPRINT
 * checked (what the TURN client does per response).
 *
 * <pre>
 * mvn -B -q -o -pl bench -am -DskipTests package
 * java -jar bench/target/benchmarks.jar IceCandidateBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IceCandidateBenchmark {
  private static final String LINE =
      "candidate:842163049 1 udp 1677729535 192.0.2.7 51472 typ srflx raddr 10.0.0.5 rport 51472"
          + " generation 0 ufrag EsAw network-id 1 network-cost 10";
  private static final byte[] STUN_REQUEST =
      HexFormat.of()
          .parseHex(
              "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e20746573"
                  + "7420636c69656e74002400046e0001ff80290008932ff9b151263b3600060009"
                  + "6576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249"
                  + "c1b571a280280004e57a3bcf");
  private static final byte[] KEY = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);

  private IceCandidate parsed;

  @Setup
  public void setUp() {
    parsed = IceCandidate.parse(LINE).candidate();
  }

  @Benchmark
  public IceCandidate parseCandidateLine() {
    return IceCandidate.parse(LINE).candidate();
  }

  @Benchmark
  public String formatCandidateLine() {
    return parsed.toSdp();
  }

  @Benchmark
  public boolean decodeStunAndCheckIntegrity() {
    StunMessage m = StunMessage.decode(STUN_REQUEST, 0, STUN_REQUEST.length);
    return m.checkIntegrity(KEY) && m.checkFingerprint();
  }
}
