package io.roomrecorder.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IceCandidateTest {

  @Test
  void aChromeHostCandidateWithExtensionsParsesAndFormatsBackIdentically() {
    String line =
        "candidate:842163049 1 udp 1677729535 192.0.2.7 51472 typ srflx raddr 10.0.0.5 rport 51472 generation 0 ufrag EsAw network-id 1 network-cost 10";
    IceCandidate c = IceCandidate.parse(line).candidate();
    assertThat(c.foundation()).isEqualTo("842163049");
    assertThat(c.component()).isEqualTo(1);
    assertThat(c.priority()).isEqualTo(1677729535L);
    assertThat(c.address()).isEqualTo("192.0.2.7");
    assertThat(c.port()).isEqualTo(51472);
    assertThat(c.type()).isEqualTo(CandidateType.SRFLX);
    assertThat(c.relatedAddress()).isEqualTo("10.0.0.5");
    assertThat(c.relatedPort()).isEqualTo(51472);
    assertThat(c.extension("ufrag")).isEqualTo("EsAw");
    assertThat(c.toSdp()).isEqualTo(line);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "an a= prefix is accepted|a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host|udp|HOST",
        "uppercase UDP (RFC 8839 grammar) is accepted|candidate:1 1 UDP 2122260223 127.0.0.1 5000 typ host|udp|HOST",
        "a Firefox relay candidate is parsed|candidate:3 1 UDP 92217343 198.51.100.9 61234 typ relay raddr 198.51.100.9 rport 61234|udp|RELAY",
        "an IPv6 host candidate is parsed|candidate:2 1 udp 2122262783 2001:db8::7 50001 typ host generation 0|udp|HOST",
        "a TCP active candidate parses (the agent drops it)|candidate:4 1 tcp 1518280447 192.0.2.7 9 typ host tcptype active|tcp|HOST",
        "an mDNS host name parses (the agent drops it)|candidate:5 1 udp 2122260223 2f1c1f3a-aaaa-bbbb-cccc-1234567890ab.local 5000 typ host|udp|HOST",
        "a prflx candidate is parsed|candidate:6 1 udp 1853824767 203.0.113.4 40000 typ prflx raddr 0.0.0.0 rport 0|udp|PRFLX",
      })
  void realWorldLinesParse(String description, String line, String transport, CandidateType type) {
    IceCandidate.ParseResult r = IceCandidate.parse(line);
    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.candidate().transport()).isEqualTo(transport);
    assertThat(r.candidate().type()).isEqualTo(type);
  }

  @Test
  void aTrailingCrLfIsIgnored() {
    assertThat(
            IceCandidate.parse("a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host\r\n").ok())
        .isTrue();
  }

  @ParameterizedTest(name = "rejected: {0}")
  @ValueSource(
      strings = {
        "",
        "candidate:",
        "candidat:1 1 udp 1 127.0.0.1 1 typ host",
        "candidate:1 1 udp 1 127.0.0.1 1 typ",
        "candidate:1 0 udp 1 127.0.0.1 1 typ host",
        "candidate:1 257 udp 1 127.0.0.1 1 typ host",
        "candidate:1 1 udp 0 127.0.0.1 1 typ host",
        "candidate:1 1 udp 2147483648 127.0.0.1 1 typ host",
        "candidate:1 1 udp 1 127.0.0.1 65536 typ host",
        "candidate:1 1 udp 1 127.0.0.1 -1 typ host",
        "candidate:1 1 udp 1 127.0.0.1 1 typ bogus",
        "candidate:1 1 udp 1 127.0.0.1 1 type host",
        "candidate:1 1 udp 1 127.0.0.1 1 typ host raddr",
        "candidate:1 1 udp 1 127.0.0.1 1 typ host generation",
        "candidate:fóö 1 udp 1 127.0.0.1 1 typ host",
        "candidate:123456789012345678901234567890123 1 udp 1 127.0.0.1 1 typ host",
        "candidate:1 1 udp 1 127.0.0.1;rm 1 typ host",
        "candidate:1  1 udp 1 127.0.0.1 1 typ host",
      })
  void malformedLinesAreRejectedWithAReason(String line) {
    IceCandidate.ParseResult r = IceCandidate.parse(line);
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).isNotBlank();
  }

  @Test
  void hostileInputNeverThrowsAndNeverBlocks() {
    Random r = new Random(42);
    String valid =
        "candidate:842163049 1 udp 1677729535 192.0.2.7 51472 typ srflx raddr 10.0.0.5 rport 51472 generation 0 ufrag EsAw";
    for (int i = 0; i < 50000; i++) {
      String line;
      switch (i % 4) {
        case 0 -> {
          char[] cs = new char[r.nextInt(300)];
          for (int k = 0; k < cs.length; k++) {
            cs[k] = (char) (r.nextBoolean() ? 32 + r.nextInt(95) : r.nextInt(0x3000));
          }
          line = "candidate:" + new String(cs);
        }
        case 1 -> line = valid.substring(0, r.nextInt(valid.length()));
        case 2 -> {
          char[] cs = valid.toCharArray();
          for (int k = 0; k < 1 + r.nextInt(5); k++) {
            cs[r.nextInt(cs.length)] = (char) (32 + r.nextInt(95));
          }
          line = new String(cs);
        }
        default -> line = valid + " x y".repeat(r.nextInt(400));
      }
      IceCandidate.ParseResult res = IceCandidate.parse(line);
      if (res.ok()) {
        // Whatever parses formats back to a line that parses to the same candidate.
        assertThat(IceCandidate.parse(res.candidate().toSdp()).candidate())
            .isEqualTo(res.candidate());
      } else {
        assertThat(res.error()).isNotNull();
      }
    }
    assertThat(IceCandidate.parse("candidate:1 1 udp 1 " + "a".repeat(5000) + " 1 typ host").ok())
        .isFalse();
    assertThat(IceCandidate.parse(null).ok()).isFalse();
  }
}
