package io.roomrecorder.core.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintTest {

  private static final byte[] DER =
      "not really DER, any bytes hash".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest(name = "{0} fingerprints are {1} bytes, round-trip through SDP text and match")
  @CsvSource({
    "sha-1, 20, SHA-1",
    "sha-256, 32, SHA-256",
    "sha-384, 48, SHA-384",
    "sha-512, 64, SHA-512"
  })
  void everySupportedHashRoundTripsAndMatches(String name, int bytes, String jca) throws Exception {
    Fingerprint f = Fingerprint.of(name, DER);
    assertThat(f.value()).hasSize(bytes).isEqualTo(MessageDigest.getInstance(jca).digest(DER));
    Fingerprint parsed = Fingerprint.parse(f.toSdpValue().toLowerCase());
    assertThat(parsed).isEqualTo(f);
    assertThat(parsed.toSdpValue()).startsWith(name + " ").isEqualTo(f.toSdpValue());
    assertThat(parsed.matches(DER)).isTrue();
    assertThat(parsed.matches(new byte[] {1})).isFalse();
    assertThat(parsed.toSdpValue())
        .matches(name + " ([0-9A-F]{2}:){" + (bytes - 1) + "}[0-9A-F]{2}");
    assertThat(HexFormat.of().formatHex(parsed.value())).hasSize(2 * bytes);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(
      strings = {
        "",
        "sha-256",
        "sha-256 ",
        "md5 AB:CD",
        "sha-256 AB:CD",
        "sha-1 GG:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00",
        "sha-1 000:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:0",
        "sha-1 00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00",
      })
  void malformedFingerprintsAreRefused(String text) {
    assertThatThrownBy(() -> Fingerprint.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
