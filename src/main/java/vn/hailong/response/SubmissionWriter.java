package vn.hailong.response;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hailong.system.Refusal;
import vn.hailong.system.DatabaseErrors;

import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit for submissions. Request threads hand over prepared responses and wait; a few
 * writer threads each take whatever is waiting (up to {@code max-batch}) and decide and store it
 * in one transaction ({@link ResponseStore#write}). Under load many responses share one commit,
 * one round of statements and one update per rollup row; a lone submission is written at once,
 * alone. Durability is unchanged: every caller is answered after the commit that holds its
 * response, so a 201 still means committed, and a crash before the commit loses only responses
 * nobody was told were stored.
 *
 * <p>When a group's transaction fails on a unique key (another copy stored the same id or dossier
 * a moment ago), a deadlock or a lock wait, its responses are written again one at a time, each
 * deciding afresh from what is committed (up to four attempts, as a single submission always
 * had; up to sixteen, after short random pauses, while the failures are deadlocks — how a Galera
 * cluster reports a conflict with another node's commit, also at COMMIT). A group that fails on one
 * row's value (a data error, SQLState class 22) is split the same way, so that only that row's
 * caller hears of it (a 422). Any other failure is the answer for every response of the group; when it is that the
 * database cannot be reached (a 503), also for every response still waiting.
 *
 * <p>Nothing here is shared between copies of the app, and nothing needs to be: the queue only
 * ever holds responses whose callers are still waiting.
 */
@Context // started with the application: its gauges are on /prometheus from the first scrape
class SubmissionWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionWriter.class);
    static final int ATTEMPTS = 4;
    /**
     * Deadlocks get more tries, each after a short random pause. On a multi-primary cluster (Galera)
     * every conflict with another node's commit arrives as a deadlock — on a statement or at COMMIT —
     * and busy rollup rows conflict often; retrying at once meets the same writers again.
     */
    static final int DEADLOCK_ATTEMPTS = 16;
    private static final long DEADLOCK_PAUSE_MS = 20;

    private record Pending(PreparedResponse response, CompletableFuture<RecordOutcome> outcome) {
    }

    /** Tells a writer thread to finish what it holds and stop. */
    private static final Pending STOP = new Pending(null, null);

    private final TransactionOperations<Connection> transactions;
    private final ResponseStore store;
    private final KioskLimits kioskLimits;
    private final SubmissionMetrics metrics;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private volatile boolean stopped;

    SubmissionWriter(TransactionOperations<Connection> transactions, ResponseStore store, KioskLimits kioskLimits,
                     SubmissionMetrics metrics,
                     @Value("${hailong.submissions.writers:4}") int writerThreads,
                     @Value("${hailong.submissions.max-batch:100}") int maxBatch) {
        this.transactions = transactions;
        this.store = store;
        this.kioskLimits = kioskLimits;
        this.metrics = metrics;
        this.maxBatch = Math.max(1, maxBatch);
        metrics.queue(waiting::get, inFlight::get);
        for (int i = 1; i <= Math.max(1, writerThreads); i++) {
            Thread writer = new Thread(this::run, "submission-writer-" + i);
            // A daemon: the JVM may stop without waiting for it; what it held was never acknowledged.
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
    }

    /** Queues a prepared response; the future completes after the commit that decided it. */
    CompletableFuture<RecordOutcome> write(PreparedResponse response) {
        CompletableFuture<RecordOutcome> outcome = new CompletableFuture<>();
        if (stopping) {
            outcome.completeExceptionally(shuttingDown());
            return outcome;
        }
        inFlight.incrementAndGet();
        outcome.whenComplete((decided, error) -> inFlight.decrementAndGet());
        waiting.incrementAndGet();
        queue.add(new Pending(response, outcome));
        if (stopped) {
            refuseLeftovers(); // handed over while the writers stopped: nobody will write it
        }
        return outcome;
    }

    private void run() {
        ArrayDeque<Pending> carried = new ArrayDeque<>();
        boolean stop = false;
        while (!stop || !carried.isEmpty()) {
            List<Pending> drained = new ArrayList<>();
            try {
                if (carried.isEmpty()) {
                    Pending first = queue.take();
                    drained.add(first);
                }
                queue.drainTo(drained, maxBatch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop = true;
            }
            stop |= takeStop(drained);
            carried.addAll(drained);
            List<Pending> group = group(carried);
            if (group.isEmpty()) {
                continue;
            }
            waiting.addAndGet(-group.size());
            Exception outage = write(group);
            if (outage != null) {
                // The database cannot be reached: what waits would wait for a connection in vain
                // too. Every such caller gets its 503 now, not one pool timeout after another.
                List<Pending> waitingToo = new ArrayList<>(carried);
                carried.clear();
                queue.drainTo(waitingToo);
                stop |= takeStop(waitingToo);
                waiting.addAndGet(-waitingToo.size());
                waitingToo.forEach(p -> p.outcome().completeExceptionally(outage));
            }
        }
    }

    /** Removes the stop signals from {@code taken}; keeps one for this writer, puts the others back for theirs. */
    private boolean takeStop(List<Pending> taken) {
        int stops = 0;
        while (taken.remove(STOP)) {
            stops++;
        }
        for (int i = 1; i < stops; i++) {
            queue.add(STOP);
        }
        return stops > 0;
    }

    /**
     * Takes from the front of {@code carried} a group that can share a transaction: up to
     * {@code max-batch}, no two with one id or one dossier and, while kiosk limits are on, no two
     * from one kiosk. The others stay in order for the next group.
     */
    private List<Pending> group(ArrayDeque<Pending> carried) {
        List<Pending> group = new ArrayList<>();
        Set<Object> taken = new HashSet<>();
        ArrayDeque<Pending> later = new ArrayDeque<>();
        while (!carried.isEmpty() && group.size() < maxBatch) {
            Pending next = carried.poll();
            PreparedResponse r = next.response();
            List<Object> keys = new ArrayList<>(3);
            keys.add(r.id());
            if (r.dossierHash() != null) {
                keys.add(List.of(r.questionnaire().code(), r.dossierHash()));
            }
            if (r.kioskId() != null && kioskLimits.oneResponsePerKiosk()) {
                keys.add(r.kioskId());
            }
            if (keys.stream().anyMatch(taken::contains)) {
                later.add(next);
            } else {
                taken.addAll(keys);
                group.add(next);
            }
        }
        while (!later.isEmpty()) {
            carried.addFirst(later.pollLast());
        }
        return group;
    }

    /** Writes a group; returns the error when it failed because the database cannot be reached, else null. */
    private Exception write(List<Pending> group) {
        try {
            complete(group, decide(group));
        } catch (Exception e) {
            if (group.size() > 1 && (worthAnotherTry(e) || DatabaseErrors.isDataError(e))) {
                LOG.debug("Group of {} responses failed ({}); writing them one by one", group.size(), e.toString());
                metrics.split();
                group.forEach(this::writeAlone);
            } else if (group.size() == 1) {
                writeAlone(group.get(0), e);
            } else {
                group.forEach(p -> p.outcome().completeExceptionally(e));
            }
            return DatabaseErrors.isUnavailable(e) ? e : null;
        } catch (Error e) {
            group.forEach(p -> p.outcome().completeExceptionally(e));
            throw e;
        }
        return null;
    }

    private void writeAlone(Pending pending) {
        writeAlone(pending, null);
    }

    /**
     * One response in its own transactions, up to {@link #ATTEMPTS} in all (counting a failed one
     * already made), or {@link #DEADLOCK_ATTEMPTS} while the failures are deadlocks.
     */
    private void writeAlone(Pending pending, Exception failedOnce) {
        Exception last = failedOnce;
        for (int attempt = failedOnce == null ? 1 : 2; attempt <= DEADLOCK_ATTEMPTS; attempt++) {
            if (last != null && !worthAnotherTry(last)) {
                break;
            }
            if (last != null && DatabaseErrors.isRetryable(last)) {
                pauseAfterDeadlock(attempt);
            } else if (attempt > ATTEMPTS) {
                break;
            }
            try {
                complete(List.of(pending), decide(List.of(pending)));
                return;
            } catch (Exception e) {
                last = e;
                LOG.debug("Retrying response {} after {}", pending.response().id(), e.toString());
            }
        }
        pending.outcome().completeExceptionally(DatabaseErrors.isDataError(last) ? unstorable() : last);
    }

    /**
     * A value of this response the database refuses (validation should have caught it): sending
     * it again cannot help, so the caller hears 422, not a 5xx to retry forever.
     */
    private static Refusal unstorable() {
        return Refusal.invalid("request", "submission.unstorable", "holds a value that cannot be stored (out of range); nothing was stored");
    }

    /** Random, growing with the attempt: two writers that collided do not collide again in step. */
    private static void pauseAfterDeadlock(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, DEADLOCK_PAUSE_MS * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A concurrent copy (or the same dossier) won, or the database asked for a retry: the next look decides. */
    private static boolean worthAnotherTry(Exception e) {
        return DatabaseErrors.isConstraintViolation(e) || DatabaseErrors.isRetryable(e);
    }

    private List<ResponseStore.Decision> decide(List<Pending> group) {
        metrics.group(group.size());
        List<PreparedResponse> responses = group.stream().map(Pending::response).toList();
        return transactions.executeWrite(status -> store.write(status.getConnection(), responses));
    }

    /** Called after the commit: only now may a caller hear "stored". */
    private static void complete(List<Pending> group, List<ResponseStore.Decision> decisions) {
        for (int i = 0; i < group.size(); i++) {
            ResponseStore.Decision decision = decisions.get(i);
            if (decision.refusal() != null) {
                group.get(i).outcome().completeExceptionally(decision.refusal());
            } else {
                group.get(i).outcome().complete(decision.outcome());
            }
        }
    }

    /**
     * On shutdown (after the HTTP server stopped taking requests): the writers finish every
     * response already handed over, then stop; new ones are refused with a 503.
     */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        for (int i = 0; i < writers.size(); i++) {
            queue.add(STOP);
        }
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        stopped = true;
        refuseLeftovers();
    }

    private static Refusal shuttingDown() {
        return Refusal.unavailable("server.stopping", "The server is shutting down: send the response again.");
    }

    private void refuseLeftovers() {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending pending : left) {
            if (pending != STOP) {
                pending.outcome().completeExceptionally(shuttingDown());
            }
        }
    }
}
