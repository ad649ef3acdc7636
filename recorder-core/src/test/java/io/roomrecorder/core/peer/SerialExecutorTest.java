package io.roomrecorder.core.peer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The session executor: serial order, and the room and stream in the SLF4J MDC of its tasks. */
class SerialExecutorTest {
  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private final Logger logger = (Logger) LoggerFactory.getLogger("serial-executor-test");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void attach() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
    pool.shutdownNow();
    MDC.clear();
  }

  private static Map<String, String> context(String room, String stream) {
    Map<String, String> m = new HashMap<>();
    m.put(PeerSession.MDC_ROOM, room);
    m.put(PeerSession.MDC_STREAM, stream);
    return m;
  }

  private void await(SerialExecutor executor) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    executor.execute(done::countDown);
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void logLinesOfATaskCarryTheRoomAndTheStream() throws Exception {
    SerialExecutor executor = new SerialExecutor(pool, context("room1", "cam1"));
    executor.execute(() -> logger.info("hello"));
    await(executor);
    assertThat(appender.list).hasSize(1);
    assertThat(appender.list.get(0).getMDCPropertyMap())
        .containsEntry("room", "room1")
        .containsEntry("stream", "cam1");
  }

  @Test
  void sessionsSharingOnePoolThreadEachLogTheirOwnStream() throws Exception {
    SerialExecutor a = new SerialExecutor(pool, context("room1", "cam1"));
    SerialExecutor b = new SerialExecutor(pool, context("room1", "cam2"));
    for (int i = 0; i < 50; i++) {
      int n = i;
      a.execute(() -> logger.info("a{}", n));
      b.execute(() -> logger.info("b{}", n));
    }
    await(a);
    await(b);
    assertThat(appender.list).hasSize(100);
    for (ILoggingEvent e : appender.list) {
      String expected = e.getFormattedMessage().startsWith("a") ? "cam1" : "cam2";
      assertThat(e.getMDCPropertyMap()).containsEntry("stream", expected);
    }
  }

  @Test
  void aRoomlessSessionHasOnlyTheStream() throws Exception {
    SerialExecutor executor = new SerialExecutor(pool, context(null, "cam1"));
    executor.execute(() -> logger.info("hello"));
    await(executor);
    assertThat(appender.list.get(0).getMDCPropertyMap())
        .containsEntry("stream", "cam1")
        .doesNotContainKey("room");
  }

  @Test
  void theRunningThreadsOwnMdcIsRestoredAfterTheTasksEvenWhenOneThrows() {
    // A direct delegate: the tasks run on this thread, which has an MDC of its own.
    MDC.put("stream", "outer");
    MDC.put("job", "embedder");
    SerialExecutor executor = new SerialExecutor(Runnable::run, context("room1", "cam1"));
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    executor.execute(() -> seen.add(MDC.get("stream") + "/" + MDC.get("room")));
    executor.execute(
        () -> {
          MDC.put("stream", "changed by a task");
          throw new IllegalStateException("boom");
        });
    executor.execute(() -> seen.add(MDC.get("stream") + "/" + MDC.get("job")));
    assertThat(seen).containsExactly("cam1/room1", "cam1/embedder");
    assertThat(MDC.get("stream")).isEqualTo("outer");
    assertThat(MDC.get("job")).isEqualTo("embedder");
    assertThat(MDC.get("room")).isNull();
  }

  @Test
  void aPoolThreadWithoutMdcIsLeftWithout() throws Exception {
    SerialExecutor executor = new SerialExecutor(pool, context("room1", "cam1"));
    executor.execute(() -> logger.info("x"));
    await(executor);
    CountDownLatch checked = new CountDownLatch(1);
    List<Map<String, String>> after = new ArrayList<>();
    pool.execute(
        () -> {
          Map<String, String> m = MDC.getCopyOfContextMap();
          after.add(m == null ? Map.of() : m);
          checked.countDown();
        });
    assertThat(checked.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(after.get(0)).doesNotContainKeys("room", "stream");
  }

  @Test
  void tasksRunOneAtATimeInSubmissionOrder() throws Exception {
    ExecutorService wide = Executors.newFixedThreadPool(4);
    try {
      SerialExecutor executor = new SerialExecutor(wide, context("room1", "cam1"));
      List<Integer> order = Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 1000; i++) {
        int n = i;
        executor.execute(() -> order.add(n));
      }
      await(executor);
      assertThat(order).hasSize(1000).isSorted();
    } finally {
      wide.shutdownNow();
    }
  }

  @Test
  void executeInlineRunsOnTheCallingThreadWhenIdleWithTheLogContext() throws Exception {
    SerialExecutor executor = new SerialExecutor(pool, context("room1", "cam1"));
    java.util.List<String> seen = new java.util.ArrayList<>();
    executor.executeInline(
        () -> seen.add(Thread.currentThread().getName() + " " + MDC.get(PeerSession.MDC_STREAM)));
    assertThat(seen).containsExactly(Thread.currentThread().getName() + " cam1");
    assertThat(MDC.get(PeerSession.MDC_STREAM)).isNull(); // the caller's MDC is put back
  }

  @Test
  void executeInlineWhileATaskRunsQueuesBehindItAndKeepsTheOrder() throws Exception {
    SerialExecutor executor = new SerialExecutor(pool, Map.of());
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    java.util.List<String> order =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    executor.execute(
        () -> {
          started.countDown();
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          order.add("first on " + Thread.currentThread().getName());
        });
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    String caller = Thread.currentThread().getName();
    executor.executeInline(() -> order.add("second on " + Thread.currentThread().getName()));
    assertThat(order).isEmpty(); // not run here: the session is busy on the pool
    release.countDown();
    await(executor);
    assertThat(order).hasSize(2);
    assertThat(order.get(0)).startsWith("first on ");
    assertThat(order.get(1)).startsWith("second on ").doesNotEndWith(" " + caller);
  }
}
