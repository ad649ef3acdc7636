package io.roomrecorder.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ice.testing.AgentPair;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Agent behaviour the room-recording failures of the past came from, each with a test. */
class IceAgentTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @Test
  void remoteCandidatesAddedBeforeTheRemoteCredentialsAreQueuedAndUsed() {
    IceConfig config = AgentPair.loopback().build();
    try (AgentPair pair = new AgentPair(config, config)) {
      pair.offerer.trickle = false;
      pair.answerer.trickle = false;
      IceAgent offerer = pair.offerer.agent;
      IceAgent answerer = pair.answerer.agent;
      offerer.startGathering();
      assertThat(AgentPair.awaitGathered(pair.offerer, PATIENCE)).isTrue();

      // The offer's candidates reach the answerer before its remote description (credentials) and
      // before it has opened a socket.
      for (IceCandidate c : pair.offerer.localCandidates) {
        RemoteCandidateResult r = answerer.addRemoteCandidate(c.toSdp());
        assertThat(r.accepted()).isTrue();
        assertThat(r.detail()).contains("queued");
      }
      assertThat(answerer.stats().remoteCandidatesQueued())
          .isEqualTo(pair.offerer.localCandidates.size());

      answerer.setRemoteCredentials(offerer.localUfrag(), offerer.localPassword());
      answerer.start();
      offerer.setRemoteCredentials(answerer.localUfrag(), answerer.localPassword());
      offerer.start();
      // The offerer never receives a candidate: only the answerer's checks, which need the queued
      // candidates, can connect the two (the offerer learns the answerer as peer-reflexive).
      pair.awaitCompleted(PATIENCE);
      assertThat(answerer.stats().remoteCandidatesQueued()).isZero();
      assertThat(answerer.selectedPair().remoteType()).isEqualTo(CandidateType.HOST);
      assertThat(offerer.selectedPair().remoteType()).isEqualTo(CandidateType.PRFLX);
    }
  }

  @Test
  void remoteCandidatesAddedAfterConnectionAreAcceptedAndTheConnectionStays() throws Exception {
    IceConfig config = AgentPair.loopback().build();
    try (AgentPair pair = new AgentPair(config, config)) {
      BlockingQueue<String> inbox = new ArrayBlockingQueue<>(4);
      pair.answerer
          .agent
          .datagramPort()
          .setReceiveHandler((b, o, l) -> inbox.add(new String(b, o, l, StandardCharsets.UTF_8)));
      pair.start().awaitCompleted(PATIENCE);
      SelectedPair before = pair.offerer.agent.selectedPair();

      RemoteCandidateResult late =
          pair.offerer.agent.addRemoteCandidate(
              "candidate:99 1 udp 2122260223 127.0.0.1 9 typ host generation 0");
      assertThat(late.accepted()).isTrue();
      RemoteCandidateResult again =
          pair.answerer.agent.addRemoteCandidate(pair.offerer.localCandidates.get(0).toSdp());
      assertThat(again.accepted()).isTrue();

      byte[] m = "still-here".getBytes(StandardCharsets.UTF_8);
      pair.offerer.agent.datagramPort().send(m, 0, m.length);
      assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("still-here");
      assertThat(pair.offerer.state()).isEqualTo(IceState.COMPLETED);
      assertThat(pair.offerer.agent.selectedPair()).isEqualTo(before);
    }
  }

  @Test
  void dataFromTheValidatedRemoteGoesStraightFromTheSocketReaderAndStrangersNeverReachTheHandler()
      throws Exception {
    IceConfig config = AgentPair.loopback().build();
    try (AgentPair pair = new AgentPair(config, config);
        DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      BlockingQueue<String> inbox = new ArrayBlockingQueue<>(16);
      List<String> threads = Collections.synchronizedList(new ArrayList<>());
      List<String> after = Collections.synchronizedList(new ArrayList<>());
      pair.answerer
          .agent
          .datagramPort()
          .setReceiveHandler(
              new DatagramHandler() {
                @Override
                public void onDatagram(byte[] b, int o, int l) {
                  threads.add(Thread.currentThread().getName());
                  inbox.add(new String(b, o, l, StandardCharsets.UTF_8));
                }

                @Override
                public void afterDispatch() {
                  after.add(Thread.currentThread().getName());
                }
              });
      pair.start().awaitCompleted(PATIENCE);
      SelectedPair selected = pair.answerer.agent.selectedPair();

      // Same socket, same bytes, other sender: ice4j would drop it (no validated pair); so do we.
      byte[] rogue = "rogue".getBytes(StandardCharsets.UTF_8);
      stranger.send(new java.net.DatagramPacket(rogue, rogue.length, selected.local()));
      for (int i = 0; i < 20; i++) {
        byte[] m = ("media-" + i).getBytes(StandardCharsets.UTF_8);
        pair.offerer.agent.datagramPort().send(m, 0, m.length);
        assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("media-" + i);
      }
      stranger.send(new java.net.DatagramPacket(rogue, rogue.length, selected.local()));
      byte[] last = "last".getBytes(StandardCharsets.UTF_8);
      pair.offerer.agent.datagramPort().send(last, 0, last.length);
      assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("last");
      assertThat(inbox).isEmpty();

      // Delivered by the host socket's own reader, not through ice4j's receive threads.
      assertThat(threads).hasSize(21).allMatch(t -> t.startsWith("ice-udp-"), "ice-udp-* reader");
      // The follow-up hook ran once per datagram, on the thread that delivered it.
      AgentPair.await(() -> after.size() == 21, PATIENCE);
      assertThat(after).isEqualTo(threads);
      assertThat(pair.answerer.agent.stats().datagramsReceived()).isEqualTo(21);
    }
  }

  @Test
  void trickleFromManyThreadsAtOnceLosesNothingAndConnects() throws Exception {
    IceConfig config = AgentPair.loopback().build();
    try (AgentPair pair = new AgentPair(config, config)) {
      pair.start();
      int threads = 16;
      int perThread = 40;
      // Per thread: 10 valid (unused ports, low priority), 10 malformed, 10 tcp, 10 mDNS.
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch gate = new CountDownLatch(1);
      List<Future<List<RemoteCandidateResult>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  gate.await();
                  List<RemoteCandidateResult> results = new ArrayList<>();
                  for (int i = 0; i < perThread / 4; i++) {
                    int port = 30000 + thread * 100 + i;
                    results.add(
                        pair.answerer.agent.addRemoteCandidate(
                            "candidate:"
                                + thread
                                + "x"
                                + i
                                + " 1 udp 1000 127.0.0.1 "
                                + port
                                + " typ host"));
                    results.add(
                        pair.answerer.agent.addRemoteCandidate("candidate:bad " + thread + " udp"));
                    results.add(
                        pair.answerer.agent.addRemoteCandidate(
                            "candidate:7 1 tcp 1518280447 127.0.0.1 "
                                + port
                                + " typ host tcptype active"));
                    results.add(
                        pair.answerer.agent.addRemoteCandidate(
                            "candidate:8 1 udp 2122260223 "
                                + thread
                                + "-"
                                + i
                                + "-uuid.local "
                                + port
                                + " typ host"));
                  }
                  return results;
                }));
      }
      gate.countDown();
      List<RemoteCandidateResult> all = Collections.synchronizedList(new ArrayList<>());
      for (Future<List<RemoteCandidateResult>> f : futures) {
        all.addAll(f.get(30, TimeUnit.SECONDS));
      }
      pool.shutdown();
      pair.awaitCompleted(PATIENCE);

      int each = threads * perThread / 4;
      assertThat(all).hasSize(threads * perThread);
      assertThat(all.stream().filter(RemoteCandidateResult::accepted)).hasSize(each);
      IceStats s = pair.answerer.agent.stats();
      assertThat(s.dropped(CandidateDropReason.MALFORMED)).isEqualTo(each);
      assertThat(s.dropped(CandidateDropReason.TCP_CANDIDATE)).isEqualTo(each);
      assertThat(s.dropped(CandidateDropReason.MDNS_HOSTNAME)).isEqualTo(each);
      // The concurrent flood plus the real candidate from the offerer.
      assertThat(s.remoteCandidatesAccepted())
          .isEqualTo(each + pair.offerer.localCandidates.size());
      assertThat(pair.answerer.agent.selectedPair().remote().getPort())
          .isEqualTo(pair.offerer.localCandidates.get(0).port());
    }
  }

  @Test
  void aPeerThatNeverAnswersFailsWithItsReasonWithinTheConnectTimeout() throws Exception {
    Duration timeout = Duration.ofSeconds(2);
    IceConfig config = AgentPair.loopback().connectTimeout(timeout).build();
    try (DatagramSocket silent =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        AgentPair pair = new AgentPair(config, config)) {
      IceAgent agent = pair.offerer.agent;
      agent.setRemoteCredentials("silentufrag", "silentpasswordsilentpassword");
      assertThat(
              agent
                  .addRemoteCandidate(
                      "candidate:1 1 udp 2122260223 127.0.0.1 "
                          + silent.getLocalPort()
                          + " typ host")
                  .accepted())
          .isTrue();
      long t0 = System.nanoTime();
      agent.start();
      assertThat(AgentPair.await(() -> agent.state() == IceState.FAILED, timeout.plusSeconds(5)))
          .isTrue();
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      // The event reaches the listener through the executor, just after the state changed.
      assertThat(AgentPair.await(() -> pair.offerer.states.contains(IceState.FAILED), PATIENCE))
          .isTrue();
      assertThat(elapsedMs)
          .as("FAILED by the configured connect timeout (plus scheduling slack)")
          .isLessThan(timeout.toMillis() + 1500);
      assertThat(pair.offerer.reasons)
          .anySatisfy(
              r ->
                  assertThat(r)
                      .startsWith("FAILED: ")
                      .containsAnyOf("connect timeout", "all candidate pairs failed"));
      String report = agent.stats().failure();
      assertThat(report)
          .contains("gathering COMPLETE")
          .contains("local candidates host x1")
          .contains("remote candidates {HOST=1}")
          .contains("hint: ");
      assertThat(pair.offerer.states)
          .containsSubsequence(
              IceState.NEW, IceState.GATHERING, IceState.CHECKING, IceState.FAILED);
    }
  }

  @Test
  void relayOnlyWithAnUnreachableTurnServerFailsWithTheTurnHint() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    IceConfig config =
        AgentPair.loopback()
            .turnServer("turn:127.0.0.1:" + closedPort + "?transport=tcp", "u", "p")
            .policy(TransportPolicy.RELAY)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    try (AgentPair pair = new AgentPair(config, config)) {
      IceAgent agent = pair.offerer.agent;
      agent.setRemoteCredentials("someufrag", "somepasswordsomepassword");
      agent.addRemoteCandidate("candidate:1 1 udp 2122260223 127.0.0.1 9 typ host");
      agent.start();
      assertThat(AgentPair.await(() -> agent.state() == IceState.FAILED, PATIENCE)).isTrue();
      assertThat(pair.offerer.localCandidates).isEmpty();
      assertThat(agent.stats().turnErrors())
          .containsKey("turn:127.0.0.1:" + closedPort + "?transport=tcp");
      assertThat(agent.stats().failure())
          .contains("local candidates none")
          .contains("no relay candidate: check the TURN server");
    }
  }

  @Test
  void withNoStunOnlyHostCandidatesAreGatheredAndGatheringCompletes() {
    IceConfig config = AgentPair.loopback().build();
    assertThat(config.stunServers()).isEmpty();
    try (AgentPair pair = new AgentPair(config, config)) {
      pair.offerer.agent.startGathering();
      assertThat(AgentPair.awaitGathered(pair.offerer, PATIENCE)).isTrue();
      assertThat(pair.offerer.localCandidates)
          .extracting(IceCandidate::type)
          .containsOnly(CandidateType.HOST);
      assertThat(pair.offerer.agent.stats().localCandidates())
          .containsEntry(CandidateType.HOST, 1)
          .containsEntry(CandidateType.SRFLX, 0);
      assertThat(pair.offerer.agent.state()).isEqualTo(IceState.GATHERING);
    }
  }

  @Test
  void eventsRunOnTheCallersExecutorOnly() {
    IceConfig config = AgentPair.loopback().build();
    try (AgentPair pair = new AgentPair(config, config)) {
      pair.start().awaitCompleted(PATIENCE);
      assertThat(AgentPair.await(() -> pair.offerer.gatheringComplete, PATIENCE)).isTrue();
      assertThat(pair.offerer.listenerThreads)
          .isNotEmpty()
          .allMatch(n -> n.equals("test-ice-events"));
      assertThat(pair.answerer.listenerThreads)
          .isNotEmpty()
          .allMatch(n -> n.equals("test-ice-events"));
    }
  }

  @Test
  void remoteCandidatesOutsideTheAllowedNetworksAndUnusableOnesAreDroppedAndCounted() {
    IceConfig config =
        AgentPair.loopback()
            .allowRemoteNetwork("10.0.0.0/8")
            .allowRemoteNetwork("fd00::/8")
            .build();
    try (AgentPair pair = new AgentPair(config, config)) {
      IceAgent a = pair.offerer.agent;
      assertThat(
              a.addRemoteCandidate("candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host").reason())
          .isEqualTo(CandidateDropReason.OUTSIDE_ALLOWED_NETWORKS);
      assertThat(
              a.addRemoteCandidate("candidate:1 1 udp 2122260223 10.1.2.3 5000 typ host")
                  .accepted())
          .isTrue();
      assertThat(
              a.addRemoteCandidate("candidate:1 1 udp 2122260223 fd00::5 5000 typ host").accepted())
          .isTrue();
      assertThat(
              a.addRemoteCandidate("candidate:1 2 udp 2122260223 10.1.2.3 5001 typ host").reason())
          .isEqualTo(CandidateDropReason.UNSUPPORTED_COMPONENT);
      assertThat(
              a.addRemoteCandidate("candidate:1 1 udp 2122260223 turn.example.org 5000 typ host")
                  .reason())
          .isEqualTo(CandidateDropReason.UNRESOLVED_HOSTNAME);
      assertThat(
              a.addRemoteCandidate("candidate:1 1 udp 2122260223 0.0.0.0 5000 typ host").reason())
          .isEqualTo(CandidateDropReason.UNUSABLE_ADDRESS);
      assertThat(a.addRemoteCandidate("candidate:1 1 udp 2122260223 10.1.2.3 0 typ host").reason())
          .isEqualTo(CandidateDropReason.UNUSABLE_ADDRESS);
      assertThat(
              a.addRemoteCandidate("candidate:1 1 udp 2122260223 10.1.2.3 5000 typ host ufrag abcd")
                  .accepted())
          .isTrue();
      a.setRemoteCredentials("wxyz", "passwordpasswordpassword");
      assertThat(
              a.addRemoteCandidate("candidate:1 1 udp 2122260223 10.1.2.4 5000 typ host ufrag abcd")
                  .reason())
          .isEqualTo(CandidateDropReason.UFRAG_MISMATCH);
      IceStats s = a.stats();
      assertThat(s.dropped(CandidateDropReason.OUTSIDE_ALLOWED_NETWORKS)).isEqualTo(1);
      assertThat(s.dropped(CandidateDropReason.UNUSABLE_ADDRESS)).isEqualTo(2);
      assertThat(s.remoteCandidatesAccepted()).isEqualTo(3);
      a.close();
      assertThat(
              a.addRemoteCandidate("candidate:1 1 udp 2122260223 10.1.2.3 5000 typ host").reason())
          .isEqualTo(CandidateDropReason.AGENT_CLOSED);
      assertThat(a.state()).isEqualTo(IceState.CLOSED);
    }
  }

  @Test
  void hostileCandidateLinesThroughTheAgentAreDroppedNeverThrown() {
    IceConfig config = AgentPair.loopback().build();
    try (AgentPair pair = new AgentPair(config, config)) {
      IceAgent a = pair.offerer.agent;
      java.util.Random r = new java.util.Random(7);
      String valid =
          "candidate:842163049 1 udp 1677729535 127.0.0.1 51472 typ srflx raddr 127.0.0.1 rport 51472 generation 0";
      int accepted = 0;
      for (int i = 0; i < 5000; i++) {
        char[] cs = valid.toCharArray();
        for (int k = 0; k < 1 + r.nextInt(3); k++) {
          cs[r.nextInt(cs.length)] =
              (char) (r.nextInt(4) == 0 ? r.nextInt(0x10000) : 32 + r.nextInt(95));
        }
        RemoteCandidateResult res = a.addRemoteCandidate(new String(cs));
        assertThat(res).isNotNull();
        if (res.accepted()) {
          accepted++;
        } else {
          assertThat(res.reason()).isNotNull();
        }
      }
      IceStats s = a.stats();
      long dropped = s.remoteCandidatesDropped().values().stream().mapToLong(Long::longValue).sum();
      assertThat(accepted + dropped).isEqualTo(5000);
      assertThat(a.addRemoteCandidate(null).reason()).isEqualTo(CandidateDropReason.MALFORMED);
      assertThat(a.addRemoteCandidate("candidate:" + "9".repeat(100000)).reason())
          .isEqualTo(CandidateDropReason.MALFORMED);
    }
  }

  @Test
  void hostCandidatesUseTheConfiguredPortRange() throws Exception {
    int base;
    try (DatagramSocket probe =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      base = probe.getLocalPort();
    }
    int min = Math.min(base, 65000);
    IceConfig config = AgentPair.loopback().portRange(min, min + 20).build();
    try (AgentPair pair = new AgentPair(config, config)) {
      pair.start().awaitCompleted(PATIENCE);
      assertThat(pair.offerer.localCandidates)
          .isNotEmpty()
          .allSatisfy(c -> assertThat(c.port()).isBetween(min, min + 20));
      assertThat(pair.answerer.localCandidates)
          .isNotEmpty()
          .allSatisfy(c -> assertThat(c.port()).isBetween(min, min + 20));
    }
  }

  @Test
  void aStrangerFloodingTheSocketWithJunkNeverReachesTheHandlerAndTheConnectionStays()
      throws Exception {
    IceConfig config = AgentPair.loopback().build();
    java.util.Random random = new java.util.Random(9);
    try (AgentPair pair = new AgentPair(config, config);
        DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      BlockingQueue<String> inbox = new ArrayBlockingQueue<>(1000);
      pair.answerer
          .agent
          .datagramPort()
          .setReceiveHandler((b, o, l) -> inbox.add(new String(b, o, l, StandardCharsets.UTF_8)));
      pair.start().awaitCompleted(PATIENCE);
      InetSocketAddress target = pair.answerer.agent.selectedPair().local();
      for (int round = 0; round < 100; round++) {
        // 100 junk datagrams per round (120 KB at most: within the socket buffer), every class of
        // first byte (RFC 7983: STUN, DTLS, RTP/RTCP, unknown), some empty, some STUN-shaped with
        // the magic cookie; then one datagram from the peer.
        for (int i = 0; i < 100; i++) {
          byte[] d = new byte[random.nextInt(1200)];
          random.nextBytes(d);
          if (d.length >= 8 && i % 3 == 0) {
            d[0] = (byte) random.nextInt(4);
            d[4] = 0x21;
            d[5] = 0x12;
            d[6] = (byte) 0xA4;
            d[7] = 0x42;
          }
          stranger.send(new java.net.DatagramPacket(d, d.length, target));
        }
        byte[] m = ("media-" + round).getBytes(StandardCharsets.UTF_8);
        pair.offerer.agent.datagramPort().send(m, 0, m.length);
        assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("media-" + round);
      }
      assertThat(inbox).isEmpty();
      assertThat(pair.answerer.agent.stats().datagramsReceived()).isEqualTo(100);
      assertThat(pair.answerer.state()).isEqualTo(IceState.COMPLETED);
      assertThat(pair.offerer.state()).isEqualTo(IceState.COMPLETED);
    }
  }

  @Test
  void warmUpInitializesIce4jWithoutOpeningASocket() throws Exception {
    long before = openSockets();
    IceAgent.warmUp();
    IceAgent.warmUp();
    assertThat(openSockets()).isEqualTo(before);
    // And agents still work afterwards.
    IceConfig config = AgentPair.loopback().build();
    try (AgentPair pair = new AgentPair(config, config)) {
      pair.start().awaitCompleted(PATIENCE);
    }
  }

  /** UDP and TCP sockets this process has open: its socket fds found in /proc/net/{udp,tcp}*. */
  private static long openSockets() throws java.io.IOException {
    java.util.Set<String> inodes = new java.util.HashSet<>();
    for (String table : List.of("udp", "udp6", "tcp", "tcp6")) {
      java.nio.file.Path p = java.nio.file.Path.of("/proc/net", table);
      if (java.nio.file.Files.exists(p)) {
        for (String line : java.nio.file.Files.readAllLines(p)) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9) {
            inodes.add(f[9]);
          }
        }
      }
    }
    try (java.util.stream.Stream<java.nio.file.Path> fds =
        java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
      return fds.filter(
              f -> {
                try {
                  String link = java.nio.file.Files.readSymbolicLink(f).toString();
                  return link.startsWith("socket:[")
                      && inodes.contains(link.substring(8, link.length() - 1));
                } catch (java.io.IOException e) {
                  return false; // closed meanwhile
                }
              })
          .count();
    }
  }
}
