package io.roomrecorder.ice;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a delegate executor one at a time, in submission order, so one agent's events never
 * overlap or reorder even on a thread pool. Thread-safe.
 */
final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
  private final Executor delegate;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    enqueue(task);
    kick();
  }

  /**
   * Queues a task without running anything: safe to call under the caller's locks, so tasks keep
   * the order of the state changes they report. Follow with {@link #kick()} outside the locks.
   */
  void enqueue(Runnable task) {
    synchronized (tasks) {
      tasks.add(task);
    }
  }

  /** Starts draining on the delegate executor unless a drain is already running. */
  void kick() {
    synchronized (tasks) {
      if (running || tasks.isEmpty()) {
        return;
      }
      running = true;
    }
    try {
      delegate.execute(this::drain);
    } catch (RejectedExecutionException e) {
      LOG.warn("event executor rejected ICE events: {}", e.toString());
      synchronized (tasks) {
        tasks.clear();
        running = false;
      }
    }
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (tasks) {
        next = tasks.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        LOG.warn("ICE listener threw: {}", e.toString(), e);
      }
    }
  }
}
