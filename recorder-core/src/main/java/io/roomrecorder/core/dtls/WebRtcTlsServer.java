package io.roomrecorder.core.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS server ({@code a=setup:passive}). {@link DefaultTlsServer} lists only RSA suites for TLS
 * 1.2, so an ECDSA certificate needs the ECDHE_ECDSA suites set here; it also sends no
 * CertificateRequest by default, which would leave the client unauthenticated: we request a
 * certificate (ecdsa_sign and rsa_sign) and check it against the SDP fingerprint.
 */
final class WebRtcTlsServer extends DefaultTlsServer {

  private static final int[] ECDSA_SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
  };
  private static final int[] RSA_SUITES = {
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
  };

  private final BcTlsCrypto crypto;
  private final DtlsConfig config;
  private final PeerVerification verification;

  WebRtcTlsServer(BcTlsCrypto crypto, DtlsConfig config, PeerVerification verification) {
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
    return (config.certificate().isEcdsa() ? ECDSA_SUITES : RSA_SUITES).clone();
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    return signer();
  }

  @Override
  protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
    return signer();
  }

  private TlsCredentialedSigner signer() throws IOException {
    DtlsCertificate c = config.certificate();
    Vector<?> clientAlgorithms = context.getSecurityParametersHandshake().getClientSigAlgs();
    return new BcDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context),
        crypto,
        c.keyParameter(),
        c.chain(crypto),
        PeerVerification.signatureFor(c.signatureAlgorithm(), clientAlgorithms));
  }

  @Override
  public CertificateRequest getCertificateRequest() {
    Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
    for (short hash :
        new short[] {HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512}) {
      algorithms.add(new SignatureAndHashAlgorithm(hash, SignatureAlgorithm.ecdsa));
      algorithms.add(new SignatureAndHashAlgorithm(hash, SignatureAlgorithm.rsa));
    }
    algorithms.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
    return new CertificateRequest(
        new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
        algorithms,
        null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    verification.verify(clientCertificate);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    verification.chooseFromClient(clientExtensions);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getServerExtensions() throws IOException {
    Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
    TlsSRTPUtils.addUseSRTPExtension(ext, verification.chosenProfile());
    return ext;
  }

  @Override
  public boolean requiresExtendedMasterSecret() {
    return true;
  }

  @Override
  public int getHandshakeTimeoutMillis() {
    return (int) config.handshakeTimeout().toMillis();
  }

  @Override
  public void notifySecureRenegotiation(boolean secureRenegotiation) {
    // See WebRtcTlsClient: no renegotiation, so a missing renegotiation_info is harmless.
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
