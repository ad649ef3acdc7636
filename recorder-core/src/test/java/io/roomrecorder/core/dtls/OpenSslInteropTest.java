package io.roomrecorder.core.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roomrecorder.core.transport.DatagramSink;
import io.roomrecorder.core.transport.Rfc7983Demux;
import io.roomrecorder.core.transport.UdpDatagramPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with OpenSSL's DTLS (what GStreamer's webrtcbin, i.e. Raspberry Ninja, uses): the {@code
 * openssl s_server}/{@code s_client} tools on 127.0.0.1 with an RSA certificate, use_srtp, and RFC
 * 5764 key export printed by OpenSSL and compared with ours byte for byte. Skipped when the {@code
 * openssl} command is missing.
 */
class OpenSslInteropTest {

  private static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");

  @TempDir static Path dir;
  private static ExecutorService pool;
  private static Path cert;
  private static Path key;
  private static Fingerprint opensslFingerprint;

  @BeforeAll
  static void rsaCertificateMadeByOpenssl() throws Exception {
    assumeTrue(hasOpenssl(), "openssl command not installed");
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-subj",
                "/CN=webrtcbin",
                "-days",
                "2")
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String pem = Files.readString(cert);
    String b64 = pem.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s", "");
    opensslFingerprint = Fingerprint.of("sha-256", Base64.getDecoder().decode(b64));
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopPool() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private static boolean hasOpenssl() {
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Collects a process's output in the background. */
  private static final class Output {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Output(InputStream in) {
      Thread t =
          new Thread(
              () -> {
                byte[] b = new byte[4096];
                int n;
                try {
                  while ((n = in.read(b)) > 0) {
                    synchronized (bytes) {
                      bytes.write(b, 0, n);
                    }
                  }
                } catch (IOException e) {
                  // process ended
                }
              },
              "openssl-output");
      t.setDaemon(true);
      t.start();
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }

    String await(Pattern p) throws InterruptedException {
      for (int i = 0; i < 300; i++) {
        Matcher m = p.matcher(text());
        if (m.find()) {
          return m.group(m.groupCount() > 0 ? 1 : 0);
        }
        Thread.sleep(50);
      }
      throw new AssertionError("openssl never printed " + p + ":\n" + text());
    }
  }

  private static String exported(SrtpKeyingMaterial k) {
    HexFormat hex = HexFormat.of();
    return hex.formatHex(k.writeKey(DtlsRole.CLIENT))
        + hex.formatHex(k.writeKey(DtlsRole.SERVER))
        + hex.formatHex(k.writeSalt(DtlsRole.CLIENT))
        + hex.formatHex(k.writeSalt(DtlsRole.SERVER));
  }

  private static UdpDatagramPort port(int remotePort) throws IOException {
    UdpDatagramPort port =
        UdpDatagramPort.bind(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            r -> new Thread(r, "udp-openssl-interop"));
    port.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), remotePort));
    return port;
  }

  @Test
  void weConnectAsClientToAnOpensslServerWithAnRsaCertificateAndCm80Only() throws Exception {
    int serverPort = freeUdpPort();
    Process server =
        new ProcessBuilder(
                "openssl",
                "s_server",
                "-dtls1_2",
                "-accept",
                "127.0.0.1:" + serverPort,
                "-cert",
                cert.toString(),
                "-key",
                key.toString(),
                "-use_srtp",
                "SRTP_AES128_CM_SHA1_80",
                "-keymatexport",
                "EXTRACTOR-dtls_srtp",
                "-keymatexportlen",
                "60",
                "-Verify",
                "1",
                "-naccept",
                "1")
            .redirectErrorStream(true)
            .start();
    Output out = new Output(server.getInputStream());
    DtlsCertificate ours = DtlsCertificate.generateEcdsaP256(new SecureRandom(), Instant.now());
    DtlsLoopback.Events events = new DtlsLoopback.Events();
    try {
      out.await(Pattern.compile("ACCEPT"));
      UdpDatagramPort port = port(serverPort);
      DtlsEndpoint client =
          new DtlsEndpoint(
              DtlsConfig.of(DtlsRole.CLIENT, ours, List.of(opensslFingerprint)),
              port,
              pool,
              events,
              new SecureRandom());
      DatagramSink none = (b, o, n) -> {};
      port.setSink(new Rfc7983Demux(client, none, none));
      client.start();

      DtlsHandshakeResult r = events.awaitConnected();
      assertThat(r.profile()).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);
      assertThat(r.peerFingerprint()).isEqualTo(opensslFingerprint);
      assertThat(exported(r.keys())).isEqualToIgnoringCase(out.await(KEYING));
      byte[] hello = "hello from room-recorder\n".getBytes(StandardCharsets.UTF_8);
      client.send(hello, 0, hello.length);
      out.await(Pattern.compile("hello from room-recorder"));
      client.close();
      port.close();
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anOpensslClientConnectsToOurEcdsaServerWithGcmAndAnRsaClientCertificate() throws Exception {
    DtlsCertificate ours = DtlsCertificate.generateEcdsaP256(new SecureRandom(), Instant.now());
    DtlsLoopback.Events events = new DtlsLoopback.Events();
    UdpDatagramPort port =
        UdpDatagramPort.bind(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            r -> new Thread(r, "udp-openssl-interop"));
    int ourPort = port.localAddress().getPort();
    int clientPort = freeUdpPort();
    port.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort));
    DtlsEndpoint server =
        new DtlsEndpoint(
            DtlsConfig.of(DtlsRole.SERVER, ours, List.of(opensslFingerprint)),
            port,
            pool,
            events,
            new SecureRandom());
    DatagramSink none = (b, o, n) -> {};
    port.setSink(new Rfc7983Demux(server, none, none));
    server.start();
    Process clientProcess =
        new ProcessBuilder(
                "openssl",
                "s_client",
                "-dtls1_2",
                "-connect",
                "127.0.0.1:" + ourPort,
                "-bind",
                "127.0.0.1:" + clientPort,
                "-cert",
                cert.toString(),
                "-key",
                key.toString(),
                "-use_srtp",
                "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80",
                "-keymatexport",
                "EXTRACTOR-dtls_srtp",
                "-keymatexportlen",
                "56")
            .redirectErrorStream(true)
            .start(); // stdin stays open: s_client keeps the connection until destroyed
    Output out = new Output(clientProcess.getInputStream());
    try {
      DtlsHandshakeResult r = events.awaitConnected();
      assertThat(r.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
      assertThat(r.peerFingerprint()).isEqualTo(opensslFingerprint);
      assertThat(exported(r.keys())).isEqualToIgnoringCase(out.await(KEYING));
      server.close();
    } finally {
      clientProcess.destroy();
      clientProcess.waitFor(10, TimeUnit.SECONDS);
      port.close();
    }
  }
}
