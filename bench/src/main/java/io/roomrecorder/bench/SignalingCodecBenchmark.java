package io.roomrecorder.bench;

import io.roomrecorder.signaling.DataChannelCodec;
import io.roomrecorder.signaling.DcMessage;
import io.roomrecorder.signaling.Password;
import io.roomrecorder.signaling.SignalingConfig;
import io.roomrecorder.signaling.SignalingSession;
import java.util.Random;
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
 * Cost of the VDO.Ninja signaling codec per message: decoding the browser's encrypted media offer
 * on the data channel (hex decode + AES-256-CBC + JSON of a ~5 KB SDP), a batched candidate bundle
 * through the sans-IO session, and building our encrypted answer. Signaling is not on the media
 * path; this bounds what a room with many joins costs.
 *
 * <pre>
 * mvn -B -q -o -pl bench -am -DskipTests package
 * java -jar bench/target/benchmarks.jar SignalingCodec -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignalingCodecBenchmark {

  private DataChannelCodec codec;
  private String encryptedOffer;
  private String candidateBundle;
  private String sdp;
  private SignalingSession session;
  private long now;

  @Setup
  public void setUp() {
    Password pw = Password.defaults();
    codec = new DataChannelCodec(pw, new Random(1));
    StringBuilder s =
        new StringBuilder("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n");
    for (int i = 0; s.length() < 5000; i++) {
      s.append("a=rtpmap:")
          .append(96 + i % 30)
          .append(" H264/90000\r\na=rtcp-fb:")
          .append(96 + i % 30)
          .append(" nack pli\r\n");
    }
    sdp = s.toString();
    Password.Encrypted e =
        pw.encrypt(
            "{\"type\":\"offer\",\"sdp\":\"" + sdp.replace("\r\n", "\\r\\n") + "\"}",
            new Random(2));
    encryptedOffer =
        "{\"UUID\":\"me\",\"streamID\":\"cam808d64\",\"session\":\"sess\",\"description\":\""
            + e.ciphertextHex()
            + "\",\"vector\":\""
            + e.vectorHex()
            + "\"}";
    candidateBundle =
        "{\"UUID\":\"pub\",\"type\":\"local\",\"session\":\"sess\",\"candidates\":["
            + "{\"candidate\":\"candidate:1 1 udp 2122260223 192.168.1.20 40000 typ host generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"a19f\"},"
            + "{\"candidate\":\"candidate:2 1 udp 1686052607 203.0.113.7 40000 typ srflx raddr 192.168.1.20 rport 40000\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"a19f\"},"
            + "{\"candidate\":\"candidate:3 1 tcp 1518280447 192.168.1.20 9 typ host tcptype active\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"a19f\"}]}";
    session =
        new SignalingSession(
            SignalingConfig.builder()
                .server("ws://127.0.0.1:1")
                .room("bench")
                .routing(SignalingConfig.Routing.ROUTED)
                .build(),
            new Random(3));
    session.start(now);
    session.handleOpen(now);
    session.handleText(
        "{\"UUID\":\"pub\",\"session\":\"sess\",\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}",
        now);
    drain();
  }

  private int drain() {
    int n = 0;
    while (session.pollOutput() != null) {
      n++;
    }
    return n;
  }

  @Benchmark
  public DcMessage decodeEncryptedDataChannelOffer() {
    return codec.decode(encryptedOffer);
  }

  @Benchmark
  public int sessionCandidateBundle() {
    session.handleText(candidateBundle, ++now);
    return drain();
  }

  @Benchmark
  public int sessionEncryptedAnswer() {
    session.sendAnswer("pub", "sess", sdp, ++now);
    return drain();
  }
}
