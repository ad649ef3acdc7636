package io.roomrecorder.cli.browser;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks that this JVM runs in a network namespace whose only interface is the loopback one, as
 * src/test/netns/bin/java (the java-in-netns wrapper) sets it up. Browsers gather ICE candidates on
 * every interface they see (issue 10, "Keep all traffic on loopback"), so the browser tests refuse
 * to start them anywhere else.
 */
public final class NetworkIsolation {

  private NetworkIsolation() {}

  /** Names of the interfaces that are up and not loopback; empty inside the test namespace. */
  public static List<String> nonLoopbackInterfacesUp() {
    try {
      return NetworkInterface.networkInterfaces()
          .filter(NetworkIsolation::upAndNotLoopback)
          .map(NetworkInterface::getName)
          .collect(Collectors.toList());
    } catch (SocketException e) {
      throw new IllegalStateException("cannot list network interfaces", e);
    }
  }

  private static boolean upAndNotLoopback(NetworkInterface nif) {
    try {
      return nif.isUp() && !nif.isLoopback();
    } catch (SocketException e) {
      return true;
    }
  }

  /**
   * Throws unless only {@code lo} is up.
   *
   * @throws IllegalStateException naming the interfaces and how to run the browser tests
   */
  public static void requireOnlyLoopback() {
    List<String> others = nonLoopbackInterfacesUp();
    if (!others.isEmpty()) {
      throw new IllegalStateException(
          "browser tests must run in a network namespace with only lo, but these interfaces are"
              + " up: "
              + others
              + ". Run them through the Surefire execution whose <jvm> is"
              + " recorder-cli/src/test/netns/bin/java (the java-in-netns wrapper), e.g. mvn -o -pl"
              + " recorder-cli test -Djvm=$PWD/recorder-cli/src/test/netns/bin/java"
              + " -Dtest='*BrowserIT' -Dsurefire.failIfNoSpecifiedTests=false");
    }
  }
}
