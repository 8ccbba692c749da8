package dev.sluice.budget;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The spend (settled plus reserved, in nano-USD) of one budget in its current window. When the
 * clock enters a new window the counter starts from zero; a reservation made in the old window
 * settles against the old window's count, which it holds.
 */
final class SpendCounter {
  /** One window's count. */
  record Window(Instant start, AtomicLong nanos) {}

  private final BudgetWindow window;
  private final AtomicReference<Window> current;

  SpendCounter(BudgetWindow window, Instant now, long alreadySpent) {
    this.window = window;
    this.current = new AtomicReference<>(new Window(window.start(now), new AtomicLong(alreadySpent)));
  }

  /** The window containing {@code now}, rolled over if the clock has left the last one. */
  Window at(Instant now) {
    Instant start = window.start(now);
    Window w = current.get();
    while (w.start().isBefore(start)) {
      Window next = new Window(start, new AtomicLong());
      if (current.compareAndSet(w, next)) {
        return next;
      }
      w = current.get();
    }
    return w;
  }

  /**
   * Adds {@code nanos} if the window then stays within {@code limit} and was not already spent;
   * returns the window charged, or null when it does not fit.
   */
  Window tryReserve(long nanos, long limit, Instant now) {
    Window w = at(now);
    while (true) {
      long spent = w.nanos().get();
      if (spent >= limit || spent + nanos > limit) {
        return null;
      }
      if (w.nanos().compareAndSet(spent, spent + nanos)) {
        return w;
      }
    }
  }
}
