package dev.wifbroker.policy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the per-file work of a policy load on a few threads: reading, hashing, parsing and linting one role file
 * depends on no other file, and 10,000 of them took seconds on one core. The pool is the load's own and bounded
 * (the cores, at most {@link #MAX_THREADS}), never the common pool, which the credential cache's renewals use.
 * Small loads (an edit recompiles one file) stay on the caller's thread.
 */
final class ParallelLoad {
    static final int MAX_THREADS = 4;
    /** Fewer items than this run on the calling thread: starting threads would cost more than it saves. */
    static final int MIN_PARALLEL = 64;

    private ParallelLoad() {}

    /** The cores, at most {@link #MAX_THREADS}. */
    static int defaultThreads() {
        return Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Calls {@code work} for every index in {@code [0, n)}, on the calling thread and {@code threads} - 1 others, and returns when all are done. The first failure (an {@code Error} too) is rethrown as it was thrown,
     * after the other threads have stopped taking new indexes.
     */
    static void forEach(int n, int threads, IntConsumer work) {
        if (n < MIN_PARALLEL || threads < 2) {
            for (int i = 0; i < n; i++) {
                work.accept(i);
            }
            return;
        }
        AtomicInteger nextIndex = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                for (int i = nextIndex.getAndIncrement(); i < n && failure.get() == null; i = nextIndex.getAndIncrement()) {
                    work.accept(i);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "policy-load-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads - 1, factory);
        try {
            Future<?>[] helpers = new Future<?>[threads - 1];
            for (int i = 0; i < helpers.length; i++) {
                helpers[i] = pool.submit(worker);
            }
            worker.run();
            for (Future<?> helper : helpers) {
                awaitQuietly(helper);
            }
        } finally {
            pool.shutdownNow();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /** Waits for a helper, which never throws (its failure is recorded); an interrupt is kept for the caller. */
    private static void awaitQuietly(Future<?> helper) {
        boolean interrupted = false;
        while (true) {
            try {
                helper.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
