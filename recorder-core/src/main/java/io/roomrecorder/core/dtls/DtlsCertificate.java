package io.roomrecorder.core.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Our DTLS identity: a key pair and a self-signed X.509 certificate whose fingerprint goes into SDP
 * (RFC 8827 §6.5: WebRTC certificates are self-signed, authenticated by fingerprint only). The
 * default is ECDSA P-256, what browsers use; RSA exists to play a GStreamer peer in tests.
 *
 * <p>Immutable and thread-safe. Generating a certificate costs a few milliseconds; {@link
 * #perProcess} shares one per process.
 */
public final class DtlsCertificate {

  private static final Duration VALIDITY = Duration.ofDays(30);
  private static final Duration RENEW_AFTER = Duration.ofDays(7);
  private static DtlsCertificate shared;

  private final PrivateKey privateKey;
  private final AsymmetricKeyParameter keyParameter;
  private final byte[] der;
  private final short signatureAlgorithm;
  private final Instant created;
  private final Fingerprint fingerprint;

  private DtlsCertificate(PrivateKey privateKey, byte[] der, Instant created) throws IOException {
    this.privateKey = privateKey;
    this.keyParameter = PrivateKeyFactory.createKey(privateKey.getEncoded());
    this.der = der.clone();
    this.created = created;
    this.signatureAlgorithm =
        switch (privateKey.getAlgorithm()) {
          case "EC", "ECDSA" -> SignatureAlgorithm.ecdsa;
          case "RSA" -> SignatureAlgorithm.rsa;
          default ->
              throw new IllegalArgumentException(
                  "unsupported key algorithm " + privateKey.getAlgorithm());
        };
    this.fingerprint = Fingerprint.of("sha-256", der);
  }

  /** A new ECDSA P-256 certificate valid from a day before {@code now} for 30 days. */
  public static DtlsCertificate generateEcdsaP256(SecureRandom random, Instant now) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return selfSigned(g.generateKeyPair(), "SHA256withECDSA", random, now);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK cannot make a P-256 key", e);
    }
  }

  /** A new RSA certificate (as GStreamer's webrtcbin uses), {@code bits} ≥ 2048. */
  public static DtlsCertificate generateRsa(SecureRandom random, Instant now, int bits) {
    if (bits < 2048) {
      throw new IllegalArgumentException("RSA keys below 2048 bits are refused");
    }
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits, random);
      return selfSigned(g.generateKeyPair(), "SHA256withRSA", random, now);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK cannot make an RSA key", e);
    }
  }

  /** A certificate given by the embedder: its private key and DER encoding. */
  public static DtlsCertificate of(PrivateKey privateKey, byte[] derCertificate, Instant now) {
    try {
      return new DtlsCertificate(
          Objects.requireNonNull(privateKey), Objects.requireNonNull(derCertificate), now);
    } catch (IOException e) {
      throw new IllegalArgumentException("unusable private key: " + e.getMessage(), e);
    }
  }

  /**
   * The process-wide ECDSA certificate, made on first use and replaced when older than 7 days (a
   * new one applies to sessions negotiated afterwards).
   */
  public static synchronized DtlsCertificate perProcess(SecureRandom random, Instant now) {
    if (shared == null || shared.created.plus(RENEW_AFTER).isBefore(now)) {
      shared = generateEcdsaP256(random, now);
    }
    return shared;
  }

  private static DtlsCertificate selfSigned(
      KeyPair keys, String signatureAlgorithm, SecureRandom random, Instant now)
      throws GeneralSecurityException {
    X500Name name = new X500Name("CN=room-recorder");
    BigInteger serial = new BigInteger(64, random).abs().add(BigInteger.ONE);
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            serial,
            Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(VALIDITY)),
            name,
            keys.getPublic());
    try {
      X509CertificateHolder holder =
          builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(keys.getPrivate()));
      return new DtlsCertificate(keys.getPrivate(), holder.getEncoded(), now);
    } catch (OperatorCreationException | IOException e) {
      throw new GeneralSecurityException("cannot sign certificate: " + e.getMessage(), e);
    }
  }

  /** The SHA-256 fingerprint for {@code a=fingerprint}. */
  public Fingerprint fingerprint() {
    return fingerprint;
  }

  /** The DER encoding (a copy). */
  public byte[] encoded() {
    return der.clone();
  }

  /** Whether the key is ECDSA (else RSA). */
  public boolean isEcdsa() {
    return signatureAlgorithm == SignatureAlgorithm.ecdsa;
  }

  short signatureAlgorithm() {
    return signatureAlgorithm;
  }

  AsymmetricKeyParameter keyParameter() {
    return keyParameter;
  }

  Certificate chain(BcTlsCrypto crypto) throws IOException {
    return new Certificate(new TlsCertificate[] {new BcTlsCertificate(crypto, der)});
  }

  @Override
  public String toString() {
    return "DtlsCertificate[" + privateKey.getAlgorithm() + ", " + fingerprint + "]";
  }
}
