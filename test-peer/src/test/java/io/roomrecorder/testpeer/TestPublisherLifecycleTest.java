package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.ice.SelectedPair;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** close() releases every thread and socket, from any thread, any number of times. */
class TestPublisherLifecycleTest {
  @TempDir Path out;

  private static Set<String> publisherThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("testpeer-"))
        .collect(Collectors.toSet());
  }

  @Test
  @Timeout(60)
  void concurrentClosesWhileStreamingReleaseThreadsAndTheIcePort() throws Exception {
    Set<String> before = publisherThreads();
    SelectedPair pair;
    try (RecorderRig rig = RecorderRig.start(out, b -> b.password("false"))) {
      TestPublisher publisher = rig.publisher().streamId("closing").noPassword().build();
      publisher.start();
      assertThat(publisher.await(s -> s.videoFramesSent() >= 30, Duration.ofSeconds(20))).isTrue();
      pair = publisher.selectedPair();
      CountDownLatch go = new CountDownLatch(1);
      Thread[] closers = new Thread[4];
      for (int i = 0; i < closers.length; i++) {
        closers[i] =
            new Thread(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  publisher.close();
                });
        closers[i].start();
      }
      go.countDown();
      for (Thread t : closers) {
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
      }
      publisher.close(); // idempotent
      assertThat(publisher.stats().state()).isEqualTo(PublisherStats.ConnectionState.CLOSED);
      assertThatThrownBy(publisher::start).isInstanceOf(IllegalStateException.class);
      // The recorder sees the publisher go (close_notify) and finalizes the file.
      assertThat(
              rig.awaitEvent(
                  e -> e instanceof io.roomrecorder.api.RecorderEvent.RecordingStopped,
                  Duration.ofSeconds(10)))
          .isTrue();
    }
    assertThat(
            TestPublisher.poll(
                () -> publisherThreads().stream().allMatch(before::contains),
                Duration.ofSeconds(5)))
        .as("publisher threads left: %s", publisherThreads())
        .isTrue();
    if (pair.local().getAddress().isLoopbackAddress()) {
      try (DatagramSocket again = new DatagramSocket(pair.local())) {
        assertThat(again.getLocalPort()).isEqualTo(pair.local().getPort());
      }
    }
  }

  @Test
  void aPublisherThatNeverStartedClosesCleanly() {
    Set<String> before = publisherThreads();
    TestPublisher p = TestPublisher.builder("ws://127.0.0.1:9").streamId("idle").build();
    p.close();
    p.close();
    assertThat(publisherThreads()).allMatch(before::contains);
    assertThat(p.stats().state()).isEqualTo(PublisherStats.ConnectionState.WAITING);
    assertThat(p.sendLog()).isNull();
  }
}
