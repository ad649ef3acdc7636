package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fat jar runs no native code: it contains no native library and no JNA, and a JVM that runs
 * the whole offline demo from it maps no library beyond the JDK's own and what an idle JVM maps.
 * Runs after {@code package} (Surefire execution {@code fat-jar} in the integration-test phase).
 */
class NativeCodeFatJarIT {
  private static final Logger LOG = LoggerFactory.getLogger(NativeCodeFatJarIT.class);
  private static final Path JAR = Path.of("target", "room-recorder.jar");

  @TempDir Path out;

  @Test
  void theFatJarHoldsNoNativeLibraryAndNoJna() throws IOException {
    List<String> found = new ArrayList<>();
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      zip.stream()
          .map(e -> e.getName())
          .filter(
              n ->
                  n.matches("(?i).*\\.(so(\\.[0-9.]+)?|dll|dylib|jnilib|a)$")
                      || n.startsWith("com/sun/jna/"))
          .forEach(found::add);
      assertThat(zip.getEntry("org/jitsi/srtp/crypto/JitsiOpenSslProvider.class"))
          .as("jitsi-srtp is in the jar")
          .isNotNull();
    }
    assertThat(found).as("native libraries or JNA in %s", JAR).isEmpty();
  }

  @Test
  @Timeout(180)
  void theDemoRunFromTheFatJarMapsNoNativeLibraryOfItsOwn() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "Linux /proc needed");
    List<String> idle = probe("idle");
    List<String> demo = probe("demo", out.toString());
    assertThat(demo).as("the demo passed").contains("exit 0");

    Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
    Set<String> added = new TreeSet<>(mapped(demo));
    added.removeAll(mapped(idle));
    added.removeIf(f -> Path.of(f.replace(" (deleted)", "")).startsWith(javaHome));
    // glibc loads its own name-service modules on a host lookup; they are the C library's, not
    // ours.
    added.removeIf(f -> f.matches(".*/lib(nss_|resolv)[^/]*"));
    LOG.info("mapped after the demo and not by an idle JVM, outside the JDK: {}", added);
    assertThat(added).as("native libraries the demo loaded").isEmpty();
    assertThat(mapped(demo))
        .as("no OpenSSL, jitsi-srtp or JNA library")
        .noneMatch(f -> f.matches(".*(libcrypto|libssl|jitsisrtp|jnidispatch|/JNA/|jna[0-9]+).*"));
  }

  private static List<String> mapped(List<String> lines) {
    return lines.stream()
        .filter(l -> l.startsWith("mapped "))
        .map(l -> l.substring("mapped ".length()))
        .toList();
  }

  /** Runs NativeCodeProbe in a new JVM with the fat jar and the test classes on the class path. */
  private static List<String> probe(String... args) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(javaBin);
    command.add("-Dice4j.harvest.mapping.aws.enabled=false");
    command.add("-cp");
    command.add(
        JAR.toAbsolutePath()
            + File.pathSeparator
            + Path.of("target", "test-classes").toAbsolutePath());
    command.add(NativeCodeProbe.class.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("probe finished").isTrue();
    assertThat(p.exitValue()).as("probe exit code; output:%n%s", output).isZero();
    return output.lines().toList();
  }
}
