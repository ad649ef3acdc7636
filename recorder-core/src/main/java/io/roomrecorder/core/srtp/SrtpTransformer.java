package io.roomrecorder.core.srtp;

import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.dtls.SrtpKeyingMaterial;
import io.roomrecorder.core.dtls.SrtpProfile;
import java.security.GeneralSecurityException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.utils.logging2.LoggerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRTP and SRTCP for one DTLS-SRTP association (RFC 3711, RFC 7714, keys per RFC 5764 §4.2), on
 * jitsi-srtp. Inbound packets are unprotected with the peer's write key (as DTLS server the
 * client's, as DTLS client the server's), outbound with ours. All operations work in place on a
 * {@link PacketBuffer}.
 *
 * <p>Contexts are per SSRC, created lazily and cached only after a packet authenticated, so forged
 * packets with random SSRCs cannot fill the cache; at most {@code maxSsrcs} per kind are kept, the
 * least recently used evicted. Replay protection is on for receiving (RFC 3711 §3.3.2, 64-packet
 * window). Every outcome is counted by {@link SrtpStatus} per direction.
 *
 * <p>AES runs in the JDK's SunJCE provider (no native code): see {@link #useJavaAes()}.
 *
 * <p>Thread confinement per direction: the unprotect methods must be called from one thread at a
 * time (e.g. under {@link SrtpInbound}'s lock) and the protect methods from one thread at a time
 * (the peer session sending RTCP); the two directions may run concurrently, they share only
 * thread-safe counters and immutable factories. {@link #stats()} may be called from any thread.
 */
public final class SrtpTransformer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SrtpTransformer.class);
  private static final org.jitsi.utils.logging2.Logger JITSI_LOG =
      new LoggerImpl(SrtpTransformer.class.getName() + ".jitsi");

  private static final AtomicBoolean NATIVE_REPORTED = new AtomicBoolean();

  static {
    useJavaAes();
  }

  /** Direction and packet kind of a counter. */
  public enum Flow {
    RTP_IN,
    RTCP_IN,
    RTP_OUT,
    RTCP_OUT
  }

  /** Counters, a snapshot. */
  public record Stats(Map<Flow, Map<SrtpStatus, Long>> counts, long contextsEvicted) {
    public Stats {
      counts = Map.copyOf(counts);
    }

    /** How many packets of {@code flow} ended with {@code status}. */
    public long count(Flow flow, SrtpStatus status) {
      return counts.getOrDefault(flow, Map.of()).getOrDefault(status, 0L);
    }
  }

  private final SrtpProfile profile;
  private final int maxSsrcs;
  private final SrtpContextFactory inbound;
  private final SrtpContextFactory outbound;
  private final Map<Integer, SrtpCryptoContext> rtpIn;
  private final Map<Integer, SrtcpCryptoContext> rtcpIn;
  private final Map<Integer, SrtpCryptoContext> rtpOut;
  private final Map<Integer, SrtcpCryptoContext> rtcpOut;
  private final LongAdder[][] counters =
      new LongAdder[Flow.values().length][SrtpStatus.values().length];
  private final LongAdder evicted = new LongAdder();
  private final AtomicBoolean loggedUnexpected = new AtomicBoolean();

  /**
   * Forces jitsi-srtp's AES to the JDK's SunJCE provider. jitsi-srtp otherwise benchmarks its
   * bundled OpenSSL JNI library (native code, which this project does not run) against SunJCE, BC
   * and PKCS#11 on first use. Called from the static initializer; idempotent.
   *
   * <p>Caveat: this selects the AES implementation only. jitsi-srtp's {@code JitsiOpenSslProvider}
   * static initializer still tries to load its JNI library (unpacked through JNA) when its HMAC or
   * GCM classes first ask whether it is available, and uses it for HMAC-SHA1 and for authenticating
   * received AES-GCM packets if the system has libssl. The CLI application prevents that with its
   * own {@code org.jitsi.utils.JNIUtils} and no JNA (see docs/user-guide.md, embedding).
   */
  public static void useJavaAes() {
    Aes.setFactoryClassName("SunJCE");
  }

  /**
   * Loads and initializes the SRTP and AES classes once by protecting and unprotecting one packet
   * with throw-away keys, so the first participant does not pay for it while its media already
   * flows. Safe from any thread.
   *
   * @return whether the round trip succeeded with every profile (a later call repeats it)
   */
  public static boolean warmUp() {
    boolean ok = true;
    for (SrtpProfile profile : SrtpProfile.values()) {
      byte[] material = new byte[profile.keyingMaterialLength()];
      new java.security.SecureRandom().nextBytes(material);
      SrtpKeyingMaterial keys = SrtpKeyingMaterial.fromExporter(profile, material);
      try (SrtpTransformer sender = new SrtpTransformer(keys, DtlsRole.SERVER, 1);
          SrtpTransformer receiver = new SrtpTransformer(keys, DtlsRole.CLIENT, 1)) {
        byte[] rtp = new byte[12 + 160];
        rtp[0] = (byte) 0x80;
        rtp[1] = 111;
        rtp[3] = 1;
        PacketBuffer p = new PacketBuffer(rtp.length + 64).load(rtp, 0, rtp.length);
        if (sender.protectRtp(p) != SrtpStatus.OK
            || receiver.unprotectRtp(p) != SrtpStatus.OK
            || !java.util.Arrays.equals(
                rtp, 0, rtp.length, p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength())) {
          LOG.warn("SRTP self-test with {} failed", profile);
          ok = false;
        }
      }
    }
    return ok;
  }

  /**
   * @param keys exported by the DTLS handshake
   * @param localRole our DTLS role (decides which half of the keys is ours)
   * @param maxSsrcs contexts kept per kind (RTP in, RTCP in, RTP out, RTCP out)
   */
  public SrtpTransformer(SrtpKeyingMaterial keys, DtlsRole localRole, int maxSsrcs) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(localRole, "localRole");
    if (maxSsrcs < 1) {
      throw new IllegalArgumentException("maxSsrcs must be positive");
    }
    this.profile = keys.profile();
    this.maxSsrcs = maxSsrcs;
    if (NATIVE_REPORTED.compareAndSet(false, true)
        && org.jitsi.srtp.crypto.JitsiOpenSslProvider.isLoaded()) {
      // See useJavaAes(): AES is SunJCE, but jitsi-srtp loaded its JNI library and prefers it for
      // HMAC-SHA1. Only removing the library from the classpath prevents that.
      LOG.warn("jitsi-srtp loaded its native OpenSSL library (used for HMAC-SHA1); AES is SunJCE");
    }
    DtlsRole peer = localRole == DtlsRole.CLIENT ? DtlsRole.SERVER : DtlsRole.CLIENT;
    this.inbound =
        new SrtpContextFactory(
            false, keys.writeKey(peer), keys.writeSalt(peer), policy(), policy(), JITSI_LOG);
    this.outbound =
        new SrtpContextFactory(
            true,
            keys.writeKey(localRole),
            keys.writeSalt(localRole),
            policy(),
            policy(),
            JITSI_LOG);
    rtpIn = lru();
    rtcpIn = lru();
    rtpOut = lru();
    rtcpOut = lru();
    for (LongAdder[] row : counters) {
      for (int i = 0; i < row.length; i++) {
        row[i] = new LongAdder();
      }
    }
  }

  public SrtpProfile profile() {
    return profile;
  }

  /** Authenticates and decrypts an SRTP packet in place; on OK the buffer holds the RTP packet. */
  public SrtpStatus unprotectRtp(PacketBuffer p) {
    SrtpStatus s;
    if (!validRtp(p, profile.authTagLength())) {
      s = SrtpStatus.INVALID_PACKET;
    } else {
      int ssrc = readInt(p, 8);
      try {
        SrtpCryptoContext c = rtpIn.get(ssrc);
        if (c != null) {
          s = SrtpStatus.of(c.reverseTransformPacket(p, false));
        } else {
          c = inbound.deriveContext(ssrc, 0);
          s = SrtpStatus.of(c.reverseTransformPacket(p, false));
          if (s == SrtpStatus.OK) {
            rtpIn.put(ssrc, c); // cache only contexts a packet authenticated
          }
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        s = unexpected(e);
      }
    }
    return count(Flow.RTP_IN, s);
  }

  /** Authenticates and decrypts an SRTCP packet in place; on OK the buffer holds the RTCP. */
  public SrtpStatus unprotectRtcp(PacketBuffer p) {
    SrtpStatus s;
    if (!validRtcp(p, 4 + srtcpTagLength())) {
      s = SrtpStatus.INVALID_PACKET;
    } else {
      int ssrc = readInt(p, 4); // sender SSRC of the first packet, RFC 3550 §6.4
      try {
        SrtcpCryptoContext c = rtcpIn.get(ssrc);
        if (c != null) {
          s = SrtpStatus.of(c.reverseTransformPacket(p));
        } else {
          c = inbound.deriveControlContext(ssrc);
          s = SrtpStatus.of(c.reverseTransformPacket(p));
          if (s == SrtpStatus.OK) {
            rtcpIn.put(ssrc, c);
          }
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        s = unexpected(e);
      }
    }
    return count(Flow.RTCP_IN, s);
  }

  /** Encrypts and authenticates an RTP packet in place (appends the tag). */
  public SrtpStatus protectRtp(PacketBuffer p) {
    SrtpStatus s;
    if (!validRtp(p, 0)) {
      s = SrtpStatus.INVALID_PACKET;
    } else {
      int ssrc = readInt(p, 8);
      try {
        SrtpCryptoContext c = rtpOut.get(ssrc);
        if (c == null) {
          c = outbound.deriveContext(ssrc, 0);
          rtpOut.put(ssrc, c);
        }
        p.grow(PacketBuffer.TAIL_ROOM); // GCM writes its tag without growing
        s = SrtpStatus.of(c.transformPacket(p));
      } catch (GeneralSecurityException | RuntimeException e) {
        s = unexpected(e);
      }
    }
    return count(Flow.RTP_OUT, s);
  }

  /** Encrypts and authenticates an RTCP compound packet in place (RR, NACK, PLI, REMB …). */
  public SrtpStatus protectRtcp(PacketBuffer p) {
    SrtpStatus s;
    if (!validRtcp(p, 0)) {
      s = SrtpStatus.INVALID_PACKET;
    } else {
      int ssrc = readInt(p, 4);
      try {
        SrtcpCryptoContext c = rtcpOut.get(ssrc);
        if (c == null) {
          c = outbound.deriveControlContext(ssrc);
          rtcpOut.put(ssrc, c);
        }
        p.grow(PacketBuffer.TAIL_ROOM);
        s = SrtpStatus.of(c.transformPacket(p));
      } catch (GeneralSecurityException | RuntimeException e) {
        s = unexpected(e);
      }
    }
    return count(Flow.RTCP_OUT, s);
  }

  /** A snapshot of the counters. */
  public Stats stats() {
    Map<Flow, Map<SrtpStatus, Long>> out = new EnumMap<>(Flow.class);
    for (Flow f : Flow.values()) {
      Map<SrtpStatus, Long> m = new EnumMap<>(SrtpStatus.class);
      for (SrtpStatus s : SrtpStatus.values()) {
        long v = counters[f.ordinal()][s.ordinal()].sum();
        if (v != 0) {
          m.put(s, v);
        }
      }
      out.put(f, m);
    }
    return new Stats(out, evicted.sum());
  }

  /** Wipes the master keys held by jitsi's factories. */
  @Override
  public void close() {
    inbound.close();
    outbound.close();
    rtpIn.clear();
    rtcpIn.clear();
    rtpOut.clear();
    rtcpOut.clear();
  }

  private SrtpPolicy policy() {
    SrtpPolicy p =
        switch (profile) {
          case AES128_CM_HMAC_SHA1_80 ->
              new SrtpPolicy(
                  SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
          case AEAD_AES_128_GCM ->
              new SrtpPolicy(
                  SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
        };
    p.setReceiveReplayEnabled(true);
    return p;
  }

  /** SRTCP trailer after the E|index word: HMAC-80 tag 10, GCM tag 16 (RFC 7714 §9.3). */
  private int srtcpTagLength() {
    return profile.authTagLength();
  }

  private <V> Map<Integer, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, V> eldest) {
        if (size() > maxSsrcs) {
          evicted.increment();
          return true;
        }
        return false;
      }
    };
  }

  /**
   * RFC 3550 §5.1: version 2, 12-byte header, CSRCs and (with X) the extension header within the
   * packet, followed by at least {@code trailer} bytes.
   */
  static boolean validRtp(PacketBuffer p, int trailer) {
    int len = p.getLength();
    if (len < 12) {
      return false;
    }
    byte[] b = p.getBuffer();
    int off = p.getOffset();
    if ((b[off] & 0xC0) != 0x80) {
      return false;
    }
    int header = 12 + 4 * (b[off] & 0x0F);
    if ((b[off] & 0x10) != 0) {
      if (header + 4 > len) {
        return false;
      }
      int words = ((b[off + header + 2] & 0xFF) << 8) | (b[off + header + 3] & 0xFF);
      header += 4 + 4 * words;
    }
    return header + trailer <= len;
  }

  /** RFC 3550 §6.4: version 2 and at least the header and sender SSRC, then {@code trailer}. */
  static boolean validRtcp(PacketBuffer p, int trailer) {
    return p.getLength() >= 8 + trailer && (p.getBuffer()[p.getOffset()] & 0xC0) == 0x80;
  }

  private static int readInt(PacketBuffer p, int at) {
    byte[] b = p.getBuffer();
    int o = p.getOffset() + at;
    return ((b[o] & 0xFF) << 24)
        | ((b[o + 1] & 0xFF) << 16)
        | ((b[o + 2] & 0xFF) << 8)
        | (b[o + 3] & 0xFF);
  }

  private SrtpStatus unexpected(Exception e) {
    if (loggedUnexpected.compareAndSet(false, true)) {
      LOG.warn("SRTP transform failed unexpectedly; counted as FAIL (logged once)", e);
    }
    return SrtpStatus.FAIL;
  }

  private SrtpStatus count(Flow flow, SrtpStatus s) {
    counters[flow.ordinal()][s.ordinal()].increment();
    return s;
  }
}
