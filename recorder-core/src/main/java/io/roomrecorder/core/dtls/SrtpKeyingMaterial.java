package io.roomrecorder.core.dtls;

import java.util.Arrays;
import java.util.Objects;

/**
 * SRTP master keys and salts exported from a DTLS handshake (RFC 5764 §4.2): the exporter output
 * {@code client_write_SRTP_master_key | server_write_SRTP_master_key |
 * client_write_SRTP_master_salt | server_write_SRTP_master_salt}. Each side protects with its own
 * write key and unprotects with the peer's: a DTLS client sends with the client key and receives
 * with the server key.
 *
 * <p>Immutable; accessors return copies. Holds secrets: do not log it.
 */
public final class SrtpKeyingMaterial {

  private final SrtpProfile profile;
  private final byte[] clientKey;
  private final byte[] serverKey;
  private final byte[] clientSalt;
  private final byte[] serverSalt;

  private SrtpKeyingMaterial(SrtpProfile profile, byte[] material) {
    this.profile = profile;
    int k = profile.keyLength();
    int s = profile.saltLength();
    clientKey = Arrays.copyOfRange(material, 0, k);
    serverKey = Arrays.copyOfRange(material, k, 2 * k);
    clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
    serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
  }

  /**
   * Splits exporter output.
   *
   * @throws IllegalArgumentException if {@code material} is not {@link
   *     SrtpProfile#keyingMaterialLength()} bytes
   */
  public static SrtpKeyingMaterial fromExporter(SrtpProfile profile, byte[] material) {
    Objects.requireNonNull(profile, "profile");
    if (material.length != profile.keyingMaterialLength()) {
      throw new IllegalArgumentException(
          profile + " needs " + profile.keyingMaterialLength() + " bytes, got " + material.length);
    }
    return new SrtpKeyingMaterial(profile, material);
  }

  public SrtpProfile profile() {
    return profile;
  }

  /** The master key {@code role} protects its outgoing packets with. */
  public byte[] writeKey(DtlsRole role) {
    return (role == DtlsRole.CLIENT ? clientKey : serverKey).clone();
  }

  /** The master salt {@code role} protects its outgoing packets with. */
  public byte[] writeSalt(DtlsRole role) {
    return (role == DtlsRole.CLIENT ? clientSalt : serverSalt).clone();
  }

  /** Whether both sides derived the same material (for tests; constant time). */
  public boolean sameAs(SrtpKeyingMaterial other) {
    return profile == other.profile
        && java.security.MessageDigest.isEqual(clientKey, other.clientKey)
        && java.security.MessageDigest.isEqual(serverKey, other.serverKey)
        && java.security.MessageDigest.isEqual(clientSalt, other.clientSalt)
        && java.security.MessageDigest.isEqual(serverSalt, other.serverSalt);
  }

  @Override
  public String toString() {
    return "SrtpKeyingMaterial[" + profile + ", secrets hidden]";
  }
}
