package io.roomrecorder.core.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS client ({@code a=setup:active}): DTLS 1.2 only, ECDHE with ECDSA or RSA server
 * certificates (browsers use ECDSA, GStreamer RSA), use_srtp, extended master secret required, our
 * certificate sent when asked. Package-private: Bouncy Castle types stay in this package.
 */
final class WebRtcTlsClient extends DefaultTlsClient {

  static final int[] CIPHER_SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
  };

  private final BcTlsCrypto crypto;
  private final DtlsConfig config;
  private final PeerVerification verification;

  WebRtcTlsClient(BcTlsCrypto crypto, DtlsConfig config, PeerVerification verification) {
    super(crypto);
    this.crypto = crypto;
    this.config = config;
    this.verification = verification;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return CIPHER_SUITES.clone();
  }

  @Override
  public Hashtable<Integer, byte[]> getClientExtensions() throws IOException {
    @SuppressWarnings("unchecked")
    Hashtable<Integer, byte[]> ext =
        TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
    TlsSRTPUtils.addUseSRTPExtension(ext, verification.offeredProfiles());
    return ext;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    verification.acceptServerChoice(serverExtensions);
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate)
          throws IOException {
        verification.verify(serverCertificate.getCertificate());
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        DtlsCertificate c = config.certificate();
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            c.keyParameter(),
            c.chain(crypto),
            PeerVerification.signatureFor(
                c.signatureAlgorithm(), request.getSupportedSignatureAlgorithms()));
      }
    };
  }

  @Override
  public boolean requiresExtendedMasterSecret() {
    return true; // RFC 7627; Bouncy Castle's key export needs it
  }

  @Override
  public int getHandshakeTimeoutMillis() {
    return (int) config.handshakeTimeout().toMillis();
  }

  @Override
  public void notifySecureRenegotiation(boolean secureRenegotiation) {
    // We never renegotiate; peers without renegotiation_info (some non-browser stacks) are fine.
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    verification.complete(context);
  }

  @Override
  public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
    verification.alertRaised(level, description, message, cause);
  }

  @Override
  public void notifyAlertReceived(short level, short description) {
    verification.alertReceived(level, description);
  }
}
