package io.roomrecorder.core.peer;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the owner "thread" of a peer
 * session without a thread of its own, so thousands of sessions share a small pool. Thread-safe. A
 * task that throws is logged and does not stop later tasks.
 *
 * <p>Logging context: the given SLF4J MDC entries (the recorder uses {@code room} and {@code
 * stream}) are set while this executor's tasks run and the pool thread's own MDC is restored after,
 * so every line a session logs names its room and stream whichever pool thread ran it.
 */
public final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor delegate;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean running;
  private final Map<String, String> logContext;
  private volatile Thread current;

  public SerialExecutor(Executor delegate) {
    this(delegate, Map.of());
  }

  /**
   * @param logContext MDC entries set while tasks run (a {@code null} value is left out)
   */
  public SerialExecutor(Executor delegate, Map<String, String> logContext) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    Map<String, String> copy = new LinkedHashMap<>();
    logContext.forEach(
        (k, v) -> {
          if (v != null) {
            copy.put(Objects.requireNonNull(k, "MDC key"), v);
          }
        });
    this.logContext = Map.copyOf(copy);
  }

  /** The MDC entries this executor's tasks run with. */
  public Map<String, String> logContext() {
    return logContext;
  }

  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    synchronized (tasks) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    try {
      delegate.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (tasks) {
        tasks.clear();
        running = false;
      }
      LOG.debug("executor shut down; dropped tasks", e);
    }
  }

  /** Whether the calling thread is running this executor's task now. */
  public boolean inExecutor() {
    return current == Thread.currentThread();
  }

  private void drain() {
    current = Thread.currentThread();
    Map<String, String> outer = logContext.isEmpty() ? null : MDC.getCopyOfContextMap();
    try {
      // Bounded batch so one busy session cannot starve the shared pool.
      for (int i = 0; i < 256; i++) {
        Runnable task;
        synchronized (tasks) {
          task = tasks.poll();
          if (task == null) {
            running = false;
            return;
          }
        }
        // Set before every task: a task may have changed the MDC.
        logContext.forEach(MDC::put);
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          LOG.error("task failed", e);
        }
      }
    } finally {
      current = null;
      if (!logContext.isEmpty()) {
        restore(outer, logContext);
      }
    }
    try {
      delegate.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (tasks) {
        tasks.clear();
        running = false;
      }
    }
  }

  /** Puts back the pool thread's own MDC (usually empty: then only our keys go, no allocation). */
  private static void restore(Map<String, String> outer, Map<String, String> ours) {
    if (outer == null || outer.isEmpty()) {
      for (String key : ours.keySet()) {
        MDC.remove(key);
      }
    } else {
      MDC.setContextMap(outer);
    }
  }
}
