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
 * stream}) are set while this executor's tasks run and the pool thread's own values of those keys
 * are restored after (its other MDC entries are left as they are), so every line a session logs
 * names its room and stream whichever pool thread ran it.
 */
public final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor delegate;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean running;
  private final Map<String, String> logContext;
  private final String[] keys;
  private final String[] values;
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
    this.keys = copy.keySet().toArray(String[]::new);
    this.values = copy.values().toArray(String[]::new);
  }

  /** The MDC entries this executor's tasks run with. */
  public Map<String, String> logContext() {
    return logContext;
  }

  @Override
  public void execute(Runnable task) {
    if (enqueueAndClaim(task)) {
      submitDrain();
    }
  }

  /** Queues the task; true when no drain is running, and the caller must start one. */
  private boolean enqueueAndClaim(Runnable task) {
    Objects.requireNonNull(task, "task");
    synchronized (tasks) {
      tasks.add(task);
      if (running) {
        return false;
      }
      running = true;
      return true;
    }
  }

  /**
   * Like {@link #execute}, but when no task of this executor is running or queued, runs the task
   * (and any queued meanwhile, up to the same batch bound) on the calling thread instead of waking
   * a pool thread. For callers that are about to go idle anyway, such as a socket reader after a
   * datagram: the hand-off to another thread per packet was a large share of a recorder's CPU.
   * Never call it while holding a lock a task might need.
   */
  public void executeInline(Runnable task) {
    if (!enqueueAndClaim(task)) {
      return;
    }
    // At most one caller per core runs tasks inline; the others hand over to the pool. Without
    // the bound, 50 socket threads each running their session's media work at once on 2 cores
    // starved the GC and the pool (young pauses of 0.5 s, packets lost) in the load benchmark.
    if (!INLINE.tryAcquire()) {
      submitDrain();
      return;
    }
    try {
      drain();
    } finally {
      INLINE.release();
    }
  }

  private static final java.util.concurrent.Semaphore INLINE =
      new java.util.concurrent.Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));

  private void submitDrain() {
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
    // The pool thread's own values of our keys (usually none), put back afterwards. Only our keys
    // are read and written: no copy of the whole MDC per batch, which was a tenth of the
    // recorder's allocation at one batch per packet.
    String[] outer = saveOwn();
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
        // Checked before every task: a task may have changed the MDC.
        applyOwn();
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          LOG.error("task failed", e);
        }
      }
    } finally {
      current = null;
      restoreOwn(outer);
    }
    submitDrain(); // more than one batch queued: continue on the pool
  }

  private String[] saveOwn() {
    if (keys.length == 0) {
      return null;
    }
    String[] outer = null;
    for (int i = 0; i < keys.length; i++) {
      String v = MDC.get(keys[i]);
      if (v != null) {
        if (outer == null) {
          outer = new String[keys.length];
        }
        outer[i] = v;
      }
    }
    return outer;
  }

  private void applyOwn() {
    for (int i = 0; i < keys.length; i++) {
      if (!values[i].equals(MDC.get(keys[i]))) {
        MDC.put(keys[i], values[i]);
      }
    }
  }

  private void restoreOwn(String[] outer) {
    for (int i = 0; i < keys.length; i++) {
      String v = outer == null ? null : outer[i];
      if (v == null) {
        MDC.remove(keys[i]);
      } else {
        MDC.put(keys[i], v);
      }
    }
  }
}
