package io.roomrecorder.core.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.core.dtls.Fingerprint;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile SDP: oversized, truncated, random and mutated offers must end in a parsed description or
 * a {@link SdpParseException} (and then in an answer or a {@link SdpNegotiationException}), never
 * in anything else.
 */
class SdpHostileInputTest {

  private static final LocalTransport LOCAL =
      new LocalTransport(
          "rrUf", "rrPasswordOfTwentyTwoChars", Fingerprint.of("sha-256", new byte[] {1}));

  @Test
  void anOfferWithAThousandMLinesIsRefusedWithoutParsingThemAll() {
    StringBuilder sb = new StringBuilder("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
    for (int i = 0; i < 1000; i++) {
      sb.append("m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:").append(i).append("\r\n");
    }
    assertThatThrownBy(() -> SdpParser.parse(sb.toString()))
        .isInstanceOf(SdpParseException.class)
        .hasMessageContaining("more than 64 m-lines");
  }

  @Test
  void aHugeLineIsRefused() {
    String sdp = "v=0\r\na=fmtp:96 " + "x".repeat(100_000) + "\r\n";
    assertThatThrownBy(() -> SdpParser.parse(sdp)).hasMessageContaining("exceeds 4096");
  }

  @Test
  void aHugeOfferIsRefusedBeforeParsing() {
    String sdp = "v=0\r\n" + "a=x\r\n".repeat(100_000);
    assertThatThrownBy(() -> SdpParser.parse(sdp)).hasMessageContaining("exceeds the limit");
  }

  @Test
  void tooManyLinesAreRefused() {
    String sdp = "v=0\r\n" + "a=x\r\n".repeat(9000);
    assertThatThrownBy(() -> SdpParser.parse(sdp)).hasMessageContaining("more than 8192 lines");
  }

  @Test
  void tooManySsrcsAreRefused() {
    StringBuilder sb = new StringBuilder("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n");
    for (int i = 0; i < 40; i++) {
      sb.append("a=ssrc:").append(i).append(" cname:x\r\n");
    }
    assertThatThrownBy(() -> SdpParser.parse(sb.toString())).hasMessageContaining("SSRCs");
  }

  @Test
  void randomTextNeverThrowsAnythingButAParseError() {
    Random random = new Random(20261121);
    String alphabet = "v=0amoctsrx:/ \r\n1234567890-*;.=\u00e9\u0000";
    for (int i = 0; i < 3000; i++) {
      int len = random.nextInt(400);
      StringBuilder sb = new StringBuilder(random.nextBoolean() ? "v=0\r\n" : "");
      for (int j = 0; j < len; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      survive(sb.toString());
    }
  }

  @ParameterizedTest(name = "mutations of {0} never escape as unchecked exceptions")
  @ValueSource(
      strings = {Offers.CHROMIUM_DC, Offers.CHROMIUM_MEDIA, Offers.FIREFOX, Offers.RASPBERRY_NINJA})
  void mutatedRealOffersAreParsedOrRefused(String name) {
    String original = Offers.text(name);
    Random random = new Random(name.hashCode());
    int parsed = 0;
    for (int i = 0; i < 1500; i++) {
      char[] c = original.toCharArray();
      String mutated;
      switch (i % 4) {
        case 0 -> { // flip characters
          for (int k = 0; k < 1 + random.nextInt(8); k++) {
            c[random.nextInt(c.length)] = (char) random.nextInt(128);
          }
          mutated = new String(c);
        }
        case 1 -> mutated = original.substring(0, random.nextInt(original.length())); // truncate
        case 2 -> { // duplicate a random slice
          int a = random.nextInt(original.length());
          int b = Math.min(original.length(), a + random.nextInt(300));
          mutated = original.substring(0, b) + original.substring(a);
        }
        default -> { // replace a number with an extreme one
          String[] extremes = {"4294967296", "99999999999", "-1", "0", "65536", "128", ""};
          mutated = original.replaceFirst("\\d+", extremes[random.nextInt(extremes.length)]);
          int at = random.nextInt(original.length());
          mutated =
              mutated.substring(0, Math.min(at, mutated.length()))
                  + extremes[random.nextInt(extremes.length)]
                  + mutated.substring(Math.min(at, mutated.length()));
        }
      }
      if (survive(mutated)) {
        parsed++;
      }
    }
    // The mutations are small: many offers must still parse, or the test would only exercise the
    // first line's check.
    assertThat(parsed).isGreaterThan(100);
  }

  /** Returns whether it parsed; fails the test on any exception other than the documented ones. */
  private static boolean survive(String sdp) {
    SessionDescription sd;
    try {
      sd = SdpParser.parse(sdp);
    } catch (SdpParseException expected) {
      assertThat(expected.getMessage())
          .isNotBlank()
          .hasSizeLessThan(300)
          .doesNotContain("internal parser error");
      return false;
    }
    try {
      new SdpNegotiator(LOCAL, AnswerOptions.defaults(1)).answer(sd);
    } catch (SdpNegotiationException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
    return true;
  }
}
