package io.roomrecorder.ice.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ice.IceServer;
import io.roomrecorder.ice.testing.AgentPair;
import io.roomrecorder.ice.testing.Coturn;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Allocation refresh (RFC 8656 §7) and stale nonces (RFC 8489 §9.2.5, 438) against a coturn whose
 * allocations live 6 s and whose nonces go stale after 3 s.
 */
class TurnRefreshTest {

  @Test
  void anAllocationOutlivesItsLifetimeByRefreshingAndSurvivesStaleNonces() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (Coturn turn = Coturn.start("--max-allocate-lifetime=6", "--stale-nonce=3")) {
      LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
      IceServer server = IceServer.parse(turn.tcpUrl(), turn.username(), turn.password());
      try (TurnClient a =
              new TurnClient(server, null, timer, Duration.ofSeconds(3), (p, b, o, l) -> {});
          TurnClient b =
              new TurnClient(
                  server,
                  null,
                  timer,
                  Duration.ofSeconds(3),
                  (p, buf, o, l) -> inbox.add(new String(buf, o, l, StandardCharsets.UTF_8)))) {
        a.allocate();
        b.allocate();
        InetSocketAddress target = b.relayedAddress();
        // Longer than the 6 s lifetime: only refreshes (some answered 438 first) keep both alive.
        Thread.sleep(8000);
        assertThat(a.refreshes()).isGreaterThanOrEqualTo(1);
        assertThat(a.staleNonces() + b.staleNonces())
            .as("nonces went stale after 3 s")
            .isGreaterThanOrEqualTo(1);
        b.permit(a.relayedAddress().getAddress());
        a.permit(target.getAddress());
        boolean delivered =
            AgentPair.await(
                () -> {
                  try {
                    a.send(target, "alive".getBytes(StandardCharsets.UTF_8), 0, 5);
                    return "alive".equals(inbox.poll(100, TimeUnit.MILLISECONDS));
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                },
                Duration.ofSeconds(5));
        assertThat(delivered)
            .as("relay still allocated after its lifetime; coturn log:%n%s", turn.log())
            .isTrue();
      }
    } finally {
      timer.shutdownNow();
    }
  }
}
