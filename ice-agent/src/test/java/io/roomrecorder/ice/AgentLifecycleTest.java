package io.roomrecorder.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ice.testing.AgentPair;
import io.roomrecorder.ice.testing.Coturn;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * close() releases every socket and thread: 200 agents are opened and closed and the process's live
 * threads and open file descriptors stay flat.
 *
 * <p>Why a GC before counting: ice4j's {@code MultiplexedDatagramSocket} (the STUN child socket of
 * every candidate socket) calls {@code DelegatingDatagramSocket(delegate)}, whose {@code super((
 * SocketAddress) null)} opens an unbound JDK socket, and its {@code close()} deliberately skips
 * {@code super.close()} (ice4j 3.2, socket/MultiplexedDatagramSocket.java). Nothing outside ice4j
 * can close that descriptor; the JDK's Cleaner closes it once the object is unreachable. So the
 * test asks for a GC: if the agent (or anything of ours) still referenced a closed agent's sockets,
 * they would stay reachable and the count would grow by one per agent.
 *
 * <p>Why a tolerance: ice4j keeps static, JVM-wide pools (Agent timer/executor, StunStack,
 * NetAccessManager, StunClientTransaction) that grow with concurrency and shrink only after 60 s
 * idle, and the JVM opens jars lazily. A warm-up round lets them reach their working size before
 * the baseline. A leak per agent would show up 200 times over (each agent holds at least one socket
 * and, connected, one receive thread; each TURN allocation a socket and a reader thread), so a
 * bound of {@value #TOLERANCE} separates pool jitter from leaks by more than an order of magnitude.
 */
class AgentLifecycleTest {
  private static final int TOLERANCE = 10;

  @Test
  void openingAndClosing200AgentsKeepsThreadsAndFileDescriptorsFlat() throws Exception {
    try (Coturn turn = Coturn.start()) {
      IceConfig host = AgentPair.loopback().build();
      IceConfig relay =
          AgentPair.loopback()
              .turnServer(turn.tcpUrl(), turn.username(), turn.password())
              .policy(TransportPolicy.RELAY)
              .build();
      cycle(40, host, relay); // warm-up: class loading, ice4j's static pools, JIT
      waitForQuiet();
      System.gc();
      Thread.sleep(200);
      int threadsBefore = liveThreads();
      java.util.Set<String> namesBefore = threadNames();
      int fdsBefore = openFileDescriptors();
      LoggerFactory.getLogger(AgentLifecycleTest.class)
          .info("baseline fds: {}", describeFileDescriptors());

      cycle(200, host, relay);

      // Threads of closed agents end within a bounded time; wait for them rather than sleeping.
      boolean flat =
          AgentPair.await(
              () -> {
                System.gc();
                return liveThreads() <= threadsBefore + TOLERANCE
                    && openFileDescriptors() <= fdsBefore + TOLERANCE;
              },
              Duration.ofSeconds(20));
      LoggerFactory.getLogger(AgentLifecycleTest.class)
          .info(
              "after 200 agents: threads {} -> {} (new: {}), fds {} -> {}: {}",
              threadsBefore,
              liveThreads(),
              newThreads(namesBefore),
              fdsBefore,
              openFileDescriptors(),
              describeFileDescriptors());
      assertThat(flat)
          .as(
              "threads %d -> %d (new: %s), fds %d -> %d",
              threadsBefore,
              liveThreads(),
              newThreads(namesBefore),
              fdsBefore,
              openFileDescriptors())
          .isTrue();
    }
  }

  /**
   * Every 10th round is a connected pair (receive threads, consent timer); every 10th+5 a
   * relay-only pair through coturn (TURN sockets and reader threads); the rest gather host
   * candidates and close.
   */
  private static void cycle(int agents, IceConfig host, IceConfig relay) {
    for (int i = 0; i < agents; i += 2) {
      IceConfig offerer = i % 20 == 10 ? relay : host;
      try (AgentPair pair = new AgentPair(offerer, host)) {
        if (i % 10 == 0) {
          pair.start().awaitConnected(Duration.ofSeconds(10));
        } else {
          pair.offerer.agent.startGathering();
          pair.answerer.agent.startGathering();
          assertThat(AgentPair.awaitGathered(pair.offerer, Duration.ofSeconds(10))).isTrue();
          assertThat(AgentPair.awaitGathered(pair.answerer, Duration.ofSeconds(10))).isTrue();
        }
      }
    }
  }

  private static void waitForQuiet() {
    int[] last = {-1};
    AgentPair.await(
        () -> {
          int now = liveThreads();
          boolean same = now == last[0];
          last[0] = now;
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return same;
        },
        Duration.ofSeconds(5));
  }

  /** fd targets grouped (socket inodes resolved to their /proc/net entry) for failure messages. */
  static String describeFileDescriptors() {
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    java.util.Map<String, String> inodes = new java.util.HashMap<>();
    for (String table : new String[] {"udp", "tcp", "udp6", "tcp6"}) {
      try {
        for (String line :
            java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/" + table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && !f[0].equals("sl")) {
            inodes.put(f[9], table + " local " + f[1] + " st " + f[3]);
          }
        }
      } catch (java.io.IOException e) {
        // not on Linux
      }
    }
    File[] fds = new File("/proc/self/fd").listFiles();
    if (fds == null) {
      return "?";
    }
    for (File fd : fds) {
      String target;
      try {
        target = java.nio.file.Files.readSymbolicLink(fd.toPath()).toString();
      } catch (java.io.IOException e) {
        continue;
      }
      if (target.startsWith("socket:[")) {
        String inode = target.substring(8, target.length() - 1);
        String kind = inodes.getOrDefault(inode, "socket (unix/other)");
        target = kind.replaceAll("local [0-9A-F]+:", "local *:");
        target =
            kind.startsWith("udp") || kind.startsWith("tcp")
                ? kind.substring(0, kind.indexOf(' '))
                    + " st "
                    + kind.substring(kind.lastIndexOf(' ') + 1)
                : kind;
      } else if (target.startsWith("pipe:") || target.startsWith("anon_inode:")) {
        target = target.replaceAll("\\[.*", "");
      }
      counts.merge(target, 1, Integer::sum);
    }
    return counts.toString();
  }

  private static java.util.Set<String> threadNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));
    return names;
  }

  private static java.util.Set<String> newThreads(java.util.Set<String> before) {
    java.util.Set<String> now = threadNames();
    now.removeAll(before);
    return now;
  }

  private static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static int openFileDescriptors() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }
}
