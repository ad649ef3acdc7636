package io.roomrecorder.bench;

import io.roomrecorder.core.dtls.Fingerprint;
import io.roomrecorder.core.sdp.Answer;
import io.roomrecorder.core.sdp.AnswerOptions;
import io.roomrecorder.core.sdp.LocalTransport;
import io.roomrecorder.core.sdp.SdpNegotiator;
import io.roomrecorder.core.sdp.SdpParseException;
import io.roomrecorder.core.sdp.SdpParser;
import io.roomrecorder.core.sdp.SessionDescription;
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
 * Parsing a Chromium-shaped audio + video + data offer (23 video payload types with feedback and
 * fmtp, 11 extmaps, about 170 lines) and building the answer: the per-negotiation SDP cost.
 *
 * <pre>
 * mvn -B -q -o -pl bench -am -DskipTests package
 * java -jar bench/target/benchmarks.jar SdpBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SdpBenchmark {

  private String offer;
  private LocalTransport local;

  @Setup
  public void setUp() {
    String fp = Fingerprint.of("sha-256", new byte[] {1, 2, 3}).toSdpValue();
    String transport =
        "c=IN IP4 0.0.0.0\r\na=ice-ufrag:a19f\r\na=ice-pwd:Wb3nJ0Yx3cF0aJq8XmS9rT2u\r\n"
            + "a=ice-options:trickle\r\na=fingerprint:"
            + fp
            + "\r\na=setup:actpass\r\n";
    StringBuilder sb = new StringBuilder();
    sb.append("v=0\r\no=- 4611731400430051336 3 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
        .append("a=group:BUNDLE 0 1 2\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS x\r\n")
        .append("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n")
        .append(transport)
        .append("a=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n");
    int[] pts = {
      96, 97, 102, 103, 104, 107, 108, 109, 114, 115, 116, 117, 39, 40, 45, 46, 98, 99, 100, 101,
      118, 119, 120
    };
    sb.append("m=video 9 UDP/TLS/RTP/SAVPF");
    for (int pt : pts) {
      sb.append(' ').append(pt);
    }
    sb.append("\r\n").append(transport).append("a=mid:1\r\n");
    String[] ext = {
      "urn:ietf:params:rtp-hdrext:toffset",
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
      "urn:3gpp:video-orientation",
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
      "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
      "http://www.webrtc.org/experiments/rtp-hdrext/video-content-type",
      "http://www.webrtc.org/experiments/rtp-hdrext/video-timing",
      "http://www.webrtc.org/experiments/rtp-hdrext/color-space",
      "urn:ietf:params:rtp-hdrext:sdes:mid",
      "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
      "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"
    };
    for (int i = 0; i < ext.length; i++) {
      sb.append("a=extmap:").append(i + 1).append(' ').append(ext[i]).append("\r\n");
    }
    sb.append("a=sendrecv\r\na=rtcp-mux\r\na=rtcp-rsize\r\n");
    for (int i = 0; i < pts.length; i += 2) {
      int pt = pts[i];
      String codec = i == 2 || i == 6 ? "H264" : (i == 0 ? "VP8" : "VP9");
      sb.append("a=rtpmap:").append(pt).append(' ').append(codec).append("/90000\r\n");
      for (String fb : new String[] {"goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"}) {
        sb.append("a=rtcp-fb:").append(pt).append(' ').append(fb).append("\r\n");
      }
      sb.append("a=fmtp:")
          .append(pt)
          .append(" level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n");
      if (i + 1 < pts.length) {
        sb.append("a=rtpmap:")
            .append(pts[i + 1])
            .append(" rtx/90000\r\n")
            .append("a=fmtp:")
            .append(pts[i + 1])
            .append(" apt=")
            .append(pt)
            .append("\r\n");
      }
    }
    sb.append("a=ssrc-group:FID 2915386014 1402470396\r\n")
        .append("a=ssrc:2915386014 cname:Qx5yqk3nHJ9uM2fA\r\n")
        .append("a=ssrc:1402470396 cname:Qx5yqk3nHJ9uM2fA\r\n");
    sb.append("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n")
        .append(transport)
        .append("a=mid:2\r\na=extmap:14 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n")
        .append("a=sendrecv\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n")
        .append("a=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n")
        .append("a=rtpmap:63 red/48000/2\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n")
        .append("a=ssrc:3390153214 cname:Qx5yqk3nHJ9uM2fA\r\n");
    offer = sb.toString();
    local =
        new LocalTransport(
            "rrUf", "rrPasswordOfTwentyTwoChars", Fingerprint.of("sha-256", new byte[] {4}));
  }

  @Benchmark
  public SessionDescription parse() throws SdpParseException {
    return SdpParser.parse(offer);
  }

  @Benchmark
  public Answer parseAndAnswer() throws Exception {
    return new SdpNegotiator(local, AnswerOptions.defaults(1)).answer(SdpParser.parse(offer));
  }
}
