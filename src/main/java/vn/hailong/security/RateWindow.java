package vn.hailong.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sliding-window counter held in this copy's memory: at most {@code max} events per key within
 * {@code window}. Used only where a per-copy limit is good enough by design (phone clients, whose
 * requests a load balancer spreads over N copies: the effective limit is then up to N × max); the
 * limits that must be exact across copies are counted in the database instead. Keys are keyed
 * hashes, never raw addresses. Memory is bounded: at most {@code maxKeys} keys, the table is
 * emptied when full (a reset favours the citizen, never locks anyone out).
 */
public final class RateWindow {

    private final int max;
    private final long windowNanos;
    private final int maxKeys;
    private final Map<String, Deque<Long>> events = new ConcurrentHashMap<>();

    public RateWindow(int max, Duration window, int maxKeys) {
        this.max = max;
        this.windowNanos = window.toNanos();
        this.maxKeys = maxKeys;
    }

    /** Seconds until {@code key} may act again, or empty when it may act now. */
    public OptionalLong retryAfterSeconds(String key) {
        Deque<Long> times = events.get(key);
        if (times == null) {
            return OptionalLong.empty();
        }
        long now = System.nanoTime();
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
                times.pollFirst();
            }
            if (times.size() < max) {
                return OptionalLong.empty();
            }
            long waitNanos = windowNanos - (now - times.peekFirst());
            return OptionalLong.of(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
        }
    }

    public void record(String key) {
        if (events.size() >= maxKeys && !events.containsKey(key)) {
            events.clear();
        }
        Deque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(System.nanoTime());
            while (times.size() > max) {
                times.pollFirst();
            }
        }
    }
}
