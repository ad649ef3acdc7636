package io.roomrecorder.signaling;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Collects signaling events from the client's executor and lets a test wait for them. */
public final class EventLog implements Consumer<SignalingEvent> {
  private final BlockingQueue<SignalingEvent> queue = new LinkedBlockingQueue<>();
  private final List<SignalingEvent> all = new ArrayList<>();

  @Override
  public void accept(SignalingEvent e) {
    synchronized (all) {
      all.add(e);
    }
    queue.add(e);
  }

  /** The next event of this type that matches, skipping others. */
  public <T extends SignalingEvent> T await(Class<T> type, Predicate<T> match) {
    long deadline = System.nanoTime() + RawPeer.TIMEOUT.toNanos();
    while (true) {
      SignalingEvent e;
      try {
        long left = deadline - System.nanoTime();
        e = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new AssertionError(ex);
      }
      if (e == null) {
        return fail(
            "no " + type.getSimpleName() + " within " + RawPeer.TIMEOUT + "; saw " + snapshot());
      }
      if (type.isInstance(e) && match.test(type.cast(e))) {
        return type.cast(e);
      }
    }
  }

  public <T extends SignalingEvent> T await(Class<T> type) {
    return await(type, e -> true);
  }

  public List<SignalingEvent> snapshot() {
    synchronized (all) {
      return new ArrayList<>(all);
    }
  }
}
