package io.roomrecorder.ice.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real coturn ({@code turnserver}) on 127.0.0.1 for tests: UDP and TCP listener on one random
 * port, TLS listener on another with a self-signed certificate (EC P-256, SAN IP:127.0.0.1)
 * generated with the JDK's {@code keytool} at start, long-term credentials, relay ports on
 * 127.0.0.1, loopback peers allowed (coturn refuses them by default), no CLI, no DTLS.
 *
 * <pre>{@code
 * try (Coturn turn = Coturn.start()) {
 *   IceConfig c = IceConfig.builder().turnServer(turn.udpUrl(), turn.username(), turn.password())
 *       .turnTlsContext(turn.clientTlsContext()).build();
 * }
 * }</pre>
 */
public final class Coturn implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final int port;
  private final int tlsPort;
  private final String username = "rr-user";
  private final String password;
  private final X509Certificate certificate;

  private Coturn(
      Process process,
      Path dir,
      int port,
      int tlsPort,
      String password,
      X509Certificate certificate) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.tlsPort = tlsPort;
    this.password = password;
    this.certificate = certificate;
  }

  /** Starts coturn and waits until its TCP and TLS listeners accept connections. */
  public static Coturn start() throws IOException, InterruptedException {
    return start(new String[0]);
  }

  /**
   * Starts coturn with extra options (e.g. {@code --max-allocate-lifetime=6}, {@code
   * --stale-nonce=4}) appended to the fixture's own.
   */
  public static Coturn start(String... extraOptions) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("coturn-test");
    String password = "pw-" + Long.toHexString(new SecureRandom().nextLong());
    X509Certificate cert = generateCertificate(dir);
    int port = freeUdpAndTcpPort();
    int tlsPort = freeUdpAndTcpPort();
    int relayMin = 20000 + ThreadLocalRandom.current().nextInt(20000);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "turnserver",
                "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1",
                "--listening-port=" + port,
                "--tls-listening-port=" + tlsPort,
                "--min-port=" + relayMin,
                "--max-port=" + (relayMin + 400),
                "--cert=" + dir.resolve("cert.pem"),
                "--pkey=" + dir.resolve("key.pem"),
                "--lt-cred-mech",
                "--user=rr-user:" + password,
                "--realm=roomrecorder.test",
                "--fingerprint",
                "--allow-loopback-peers",
                "--no-multicast-peers",
                "--no-cli",
                "--no-dtls",
                "--no-rfc5780",
                "--no-software-attribute",
                "--userdb=" + dir.resolve("turndb"),
                "--pidfile=" + dir.resolve("turnserver.pid"),
                "--log-file=" + dir.resolve("turnserver.log"),
                "--simple-log",
                "--no-stdout-log"));
    cmd.addAll(List.of(extraOptions));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile());
    Process p = pb.start();
    Coturn turn = new Coturn(p, dir, port, tlsPort, password, cert);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(canConnect(port) && canConnect(tlsPort))) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        String log = turn.log();
        turn.close();
        throw new IOException("coturn did not start: " + log);
      }
      Thread.sleep(20);
    }
    return turn;
  }

  private static boolean canConnect(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port free for both UDP and TCP on 127.0.0.1 right now. */
  static int freeUdpAndTcpPort() throws IOException {
    for (int i = 0; i < 50; i++) {
      try (DatagramSocket u =
          new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        int p = u.getLocalPort();
        try (ServerSocket t = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          return p;
        } catch (IOException busy) {
          // try another
        }
      }
    }
    throw new IOException("no free port");
  }

  /** EC P-256 self-signed certificate for 127.0.0.1, PEM files for coturn in {@code dir}. */
  private static X509Certificate generateCertificate(Path dir)
      throws IOException, InterruptedException {
    Path ks = dir.resolve("turn.p12");
    Process k =
        new ProcessBuilder(
                "keytool",
                "-genkeypair",
                "-alias",
                "turn",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-sigalg",
                "SHA256withECDSA",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                ks.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String out = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!k.waitFor(30, TimeUnit.SECONDS) || k.exitValue() != 0) {
      throw new IOException("keytool failed: " + out);
    }
    try (InputStream in = Files.newInputStream(ks)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, "changeit".toCharArray());
      PrivateKey key = (PrivateKey) store.getKey("turn", "changeit".toCharArray());
      Certificate cert = store.getCertificate("turn");
      Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
      Files.writeString(
          dir.resolve("cert.pem"),
          "-----BEGIN CERTIFICATE-----\n"
              + b64.encodeToString(cert.getEncoded())
              + "\n-----END CERTIFICATE-----\n");
      Files.writeString(
          dir.resolve("key.pem"),
          "-----BEGIN PRIVATE KEY-----\n"
              + b64.encodeToString(key.getEncoded())
              + "\n-----END PRIVATE KEY-----\n");
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read the generated key store", e);
    }
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  public int port() {
    return port;
  }

  public int tlsPort() {
    return tlsPort;
  }

  public String stunUrl() {
    return "stun:127.0.0.1:" + port;
  }

  public String udpUrl() {
    return "turn:127.0.0.1:" + port + "?transport=udp";
  }

  public String tcpUrl() {
    return "turn:127.0.0.1:" + port + "?transport=tcp";
  }

  public String tlsUrl() {
    return "turns:127.0.0.1:" + tlsPort + "?transport=tcp";
  }

  /** The server's self-signed certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** An SSLContext trusting only this server's certificate (host name checks stay on). */
  public SSLContext clientTlsContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("coturn", certificate);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** coturn's log so far (for failure messages). */
  public String log() {
    try {
      Path log = dir.resolve("turnserver.log");
      String s = Files.exists(log) ? Files.readString(log) : "";
      Path out = dir.resolve("stdout.log");
      return s + (Files.exists(out) ? Files.readString(out) : "");
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // temp files are left behind; harmless
    }
  }

  /** How long tests wait for coturn-backed connections. */
  public static Duration patience() {
    return Duration.ofSeconds(15);
  }
}
