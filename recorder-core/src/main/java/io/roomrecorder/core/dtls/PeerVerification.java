package io.roomrecorder.core.dtls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The WebRTC rules both of our Bouncy Castle peers apply, and what they learn: fingerprint check of
 * the peer certificate (RFC 8122 §5, RFC 8827 §6.5), use_srtp profile choice (RFC 5764 §4.1.1), and
 * the RFC 5764 §4.2 key export, which Bouncy Castle allows only inside {@code
 * notifyHandshakeComplete}. One instance per handshake; written by the handshake thread, read after
 * it ends.
 */
final class PeerVerification {

  private final DtlsConfig config;
  private volatile String failureReason;
  private volatile boolean closeNotifyReceived;
  private SrtpProfile profile;
  private Fingerprint peerFingerprint;
  private DtlsHandshakeResult result;
  private RecordGuard guard;

  PeerVerification(DtlsConfig config) {
    this.config = config;
  }

  String failureReason() {
    return failureReason;
  }

  DtlsHandshakeResult result() {
    return result;
  }

  RecordGuard guard() {
    return guard;
  }

  /** A fatal alert we raised ends the handshake or association; remember why. */
  void alertRaised(short level, short description, String message, Throwable cause) {
    if (level == AlertLevel.fatal) {
      noteFailure(
          "sent "
              + AlertDescription.getText(description)
              + (message != null ? ": " + message : "")
              + (cause != null ? " (" + cause + ")" : ""));
    }
  }

  /** close_notify ends the association orderly; a fatal alert from the peer is a failure. */
  void alertReceived(short level, short description) {
    if (description == AlertDescription.close_notify) {
      noteCloseNotify();
    } else if (level == AlertLevel.fatal) {
      noteFailure("peer sent " + AlertDescription.getText(description));
    }
  }

  void noteCloseNotify() {
    closeNotifyReceived = true;
  }

  boolean closeNotifyReceived() {
    return closeNotifyReceived;
  }

  void noteFailure(String reason) {
    if (failureReason == null) {
      failureReason = reason;
    }
  }

  /** Fails the handshake with {@code bad_certificate} unless the chain's leaf matches the SDP. */
  void verify(Certificate chain) throws IOException {
    if (chain == null || chain.isEmpty()) {
      throw fail(AlertDescription.handshake_failure, "peer sent no certificate");
    }
    byte[] der = chain.getCertificateAt(0).getEncoded();
    for (Fingerprint f : config.remoteFingerprints()) {
      if (f.matches(der)) {
        peerFingerprint = Fingerprint.of("sha-256", der);
        return;
      }
    }
    List<String> actual = new ArrayList<>();
    for (Fingerprint f : config.remoteFingerprints()) {
      actual.add(Fingerprint.of(f.algorithm(), der).toSdpValue());
    }
    throw fail(
        AlertDescription.bad_certificate,
        "peer certificate fingerprint "
            + actual
            + " matches none of the SDP fingerprints "
            + config.remoteFingerprints());
  }

  /** Client side: the use_srtp extension we send. */
  UseSRTPData offeredProfiles() {
    int[] ids = new int[config.srtpProfiles().size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = config.srtpProfiles().get(i).id();
    }
    return new UseSRTPData(ids, org.bouncycastle.tls.TlsUtils.EMPTY_BYTES);
  }

  /** Client side: the server must pick exactly one of ours (RFC 5764 §4.1.1). */
  void acceptServerChoice(Hashtable<?, ?> serverExtensions) throws IOException {
    UseSRTPData d =
        serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
    if (d == null || d.getProtectionProfiles().length != 1) {
      throw fail(AlertDescription.illegal_parameter, "server did not select one use_srtp profile");
    }
    SrtpProfile p = SrtpProfile.byId(d.getProtectionProfiles()[0]).orElse(null);
    if (p == null || !config.srtpProfiles().contains(p)) {
      throw fail(
          AlertDescription.illegal_parameter,
          "server selected use_srtp profile 0x"
              + Integer.toHexString(d.getProtectionProfiles()[0])
              + " that we did not offer");
    }
    profile = p;
  }

  /** Server side: our best profile the client also offers. */
  void chooseFromClient(Hashtable<?, ?> clientExtensions) throws IOException {
    UseSRTPData d =
        clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    if (d == null) {
      throw fail(AlertDescription.handshake_failure, "client offered no use_srtp extension");
    }
    for (SrtpProfile ours : config.srtpProfiles()) {
      for (int theirs : d.getProtectionProfiles()) {
        if (theirs == ours.id()) {
          profile = ours;
          return;
        }
      }
    }
    throw fail(AlertDescription.handshake_failure, "no common SRTP protection profile");
  }

  /** Server side: the use_srtp extension we answer with. */
  UseSRTPData chosenProfile() {
    return new UseSRTPData(new int[] {profile.id()}, org.bouncycastle.tls.TlsUtils.EMPTY_BYTES);
  }

  /** Runs inside notifyHandshakeComplete: the only point where BC allows the export. */
  void complete(TlsContext context) throws IOException {
    if (peerFingerprint == null) {
      // With a CertificateRequest the client must send a certificate; never finish unverified.
      throw fail(AlertDescription.handshake_failure, "peer certificate was not verified");
    }
    if (profile == null) {
      throw fail(AlertDescription.handshake_failure, "no SRTP profile negotiated");
    }
    SecurityParameters sp = context.getSecurityParametersConnection();
    if (sp == null) {
      sp = context.getSecurityParametersHandshake();
    }
    if (!sp.isExtendedMasterSecret()) {
      throw fail(AlertDescription.handshake_failure, "peer did not use extended_master_secret");
    }
    byte[] material =
        context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
    guard = RecordGuard.forSuite(sp.getCipherSuite(), sp.isEncryptThenMAC());
    result =
        new DtlsHandshakeResult(
            config.role(),
            profile,
            SrtpKeyingMaterial.fromExporter(profile, material),
            peerFingerprint,
            sp.getCipherSuite());
    java.util.Arrays.fill(material, (byte) 0);
  }

  /**
   * The signature algorithm to sign with: the first the peer lists for our key type, preferring
   * SHA-256; SHA-256 when the peer lists none (RFC 5246 §7.4.1.4.1 would default to SHA-1, which no
   * WebRTC peer needs).
   */
  static SignatureAndHashAlgorithm signatureFor(short signature, Vector<?> peerAlgorithms) {
    SignatureAndHashAlgorithm preferred =
        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, signature);
    if (peerAlgorithms == null || peerAlgorithms.isEmpty() || peerAlgorithms.contains(preferred)) {
      return preferred;
    }
    for (Object o : peerAlgorithms) {
      SignatureAndHashAlgorithm a = (SignatureAndHashAlgorithm) o;
      if (a.getSignature() == signature
          && (a.getHash() == HashAlgorithm.sha384 || a.getHash() == HashAlgorithm.sha512)) {
        return a;
      }
    }
    return preferred;
  }

  private TlsFatalAlert fail(short alert, String reason) {
    noteFailure(reason);
    return new TlsFatalAlert(alert, reason);
  }
}
