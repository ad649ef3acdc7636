package io.roomrecorder.core.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordGuardTest {

  /** One record at offset 3 of a larger array: type, DTLS 1.2, epoch, length, zero fragment. */
  private static byte[] record(int type, int epoch, int length) {
    byte[] b = new byte[3 + 13 + length + 2];
    b[3] = (byte) type;
    b[4] = (byte) 0xFE;
    b[5] = (byte) 0xFD;
    b[6] = (byte) (epoch >> 8);
    b[7] = (byte) epoch;
    b[14] = (byte) (length >> 8);
    b[15] = (byte) length;
    return b;
  }

  private static boolean accepts(RecordGuard g, int type, int epoch, int length) {
    byte[] b = record(type, epoch, length);
    return g.accepts(b, 3, 13 + length);
  }

  @ParameterizedTest(
      name = "suite 0x{0} with EtM {1}: an epoch-1 record of {2} bytes is accepted: {3}")
  @CsvSource({
    "C02B, false, 23, false",
    "C02B, false, 24, true",
    "C030, false, 0, false",
    "CCA9, false, 15, false",
    "CCA9, false, 16, true",
    "C009, true, 51, false",
    "C009, true, 52, true",
    "C009, true, 53, false",
    "C009, true, 68, true",
    "C013, false, 36, false",
    "C013, false, 48, true",
    "C013, false, 49, false",
  })
  void shortOrMisalignedCiphertextIsRefusedAsBouncyCastleWouldFatally(
      String suite, boolean etm, int length, boolean accepted) {
    RecordGuard g = RecordGuard.forSuite(Integer.parseInt(suite, 16), etm);
    assertThat(accepts(g, 23, 1, length)).isEqualTo(accepted);
  }

  @Test
  void recordsOfOtherEpochsAndTruncatedFramingAreLeftToBouncyCastle() {
    RecordGuard g =
        RecordGuard.forSuite(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, false);
    assertThat(accepts(g, 22, 0, 5)).isTrue(); // plaintext retransmission epoch
    assertThat(accepts(g, 99, 1, 5)).isTrue(); // not a content type BC decodes
    byte[] b = record(23, 1, 5);
    assertThat(g.accepts(b, 3, 13 + 2)).isTrue(); // length runs past the datagram: BC drops it
  }

  @Test
  void oneBadRecordInAMultiRecordDatagramRefusesTheDatagram() {
    RecordGuard g =
        RecordGuard.forSuite(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, false);
    byte[] good = record(23, 1, 40);
    byte[] bad = record(21, 1, 2);
    byte[] both = new byte[13 + 40 + 13 + 2];
    System.arraycopy(good, 3, both, 0, 13 + 40);
    System.arraycopy(bad, 3, both, 13 + 40, 13 + 2);
    assertThat(g.accepts(both, 0, both.length)).isFalse();
    assertThat(g.accepts(both, 0, 13 + 40)).isTrue();
  }
}
