package io.roomrecorder.core.dtls;

import org.bouncycastle.tls.CipherSuite;

/**
 * Drops DTLS datagrams whose epoch-1 records Bouncy Castle would reject with a fatal alert before
 * authenticating them. RFC 6347 §4.1.2.7 says invalid records are silently discarded, and Bouncy
 * Castle does so for a bad MAC, but a record shorter than the cipher's explicit nonce plus tag
 * (AEAD) or not a whole number of blocks (CBC) makes it throw {@code decode_error} / {@code
 * decryption_failed} and tear down the association: one forged 13-byte datagram would end a
 * recording. The sizes checked here are exactly the ones Bouncy Castle checks.
 *
 * <pre>
 * DTLSPlaintext: type(1) version(2) epoch(2) sequence_number(6) length(2) fragment(length)
 * </pre>
 *
 * Immutable and thread-safe.
 */
final class RecordGuard {

  private static final int HEADER = 13;

  private final int minLength;
  private final int blockSize;
  private final int macAfterBlocks;

  private RecordGuard(int minLength, int blockSize, int macAfterBlocks) {
    this.minLength = minLength;
    this.blockSize = blockSize;
    this.macAfterBlocks = macAfterBlocks;
  }

  /** The guard for a negotiated suite; {@code encryptThenMac} per RFC 7366 for CBC suites. */
  static RecordGuard forSuite(int cipherSuite, boolean encryptThenMac) {
    switch (cipherSuite) {
      case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:
      case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:
      case CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:
      case CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:
        return new RecordGuard(8 + 16, 0, 0); // RFC 5288 §3: explicit nonce + tag
      case CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256:
      case CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:
        return new RecordGuard(16, 0, 0); // RFC 7905 §2: tag only
      case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA:
      case CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:
        // RFC 5246 §6.2.3.2 with an explicit IV; HMAC-SHA1 is 20 bytes.
        return encryptThenMac
            ? new RecordGuard(16 + 16 + 20, 16, 20)
            : new RecordGuard(16 + Math.max(16, 20 + 1), 16, 0);
      default:
        return new RecordGuard(16, 0, 0);
    }
  }

  /**
   * Whether every epoch-1 record of the datagram has a length the cipher can take. Records of other
   * epochs and unparseable framing are left to Bouncy Castle, which discards them silently.
   */
  boolean accepts(byte[] b, int off, int len) {
    int pos = off;
    int end = off + len;
    while (end - pos >= HEADER) {
      int type = b[pos] & 0xFF;
      int epoch = ((b[pos + 3] & 0xFF) << 8) | (b[pos + 4] & 0xFF);
      int length = ((b[pos + 11] & 0xFF) << 8) | (b[pos + 12] & 0xFF);
      if (type >= 20 && type <= 25 && epoch == 1 && pos + HEADER + length <= end) {
        if (length < minLength) {
          return false;
        }
        if (blockSize > 0 && (length - macAfterBlocks) % blockSize != 0) {
          return false;
        }
      }
      pos += HEADER + length;
    }
    return true;
  }
}
