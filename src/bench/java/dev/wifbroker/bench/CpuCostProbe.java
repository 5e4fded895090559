package dev.wifbroker.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The CPU time per operation of {@link SigningBenchmark}'s benchmarks, measured with the thread's own CPU
 * clock instead of the wall clock. On a machine shared with other busy processes, JMH's wall-clock time
 * per operation includes the time this thread waited for a core; CPU time does not, so it is the better
 * estimate of what an operation costs (cache and frequency effects of the neighbours remain).
 *
 * <p>Usage (after {@code bench/jmh.sh} has built the classpath):
 * {@code java -cp ... dev.wifbroker.bench.CpuCostProbe [seconds-per-round] [rounds]}
 */
public final class CpuCostProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Enough for C2 to have compiled the JCA's field arithmetic before any round counts. */
    private static final int WARMUP_ROUNDS = 4;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("java %s, %.1f s CPU per round, %d rounds after %d warm-up rounds; median and best, us CPU/op%n",
                System.getProperty("java.version"), seconds, rounds, WARMUP_ROUNDS);
        System.out.printf("%-22s %-6s %10s %10s%n", "benchmark", "alg", "median", "best");
        for (String alg : List.of("RS256", "ES256")) {
            VerifyBenchmark v = new VerifyBenchmark();
            v.alg = alg;
            v.setUp();
            report("verifyToken", alg, v::verifyToken, seconds, rounds);
            report("jcaVerifyOnly", alg, v::jcaVerifyOnly, seconds, rounds);
        }
        for (String algs : List.of("RS256>ES256", "ES256>ES256", "RS256>RS256")) {
            ExchangeBenchmark e = new ExchangeBenchmark();
            e.algs = algs;
            e.setUp();
            report("exchange", algs, e::exchange, seconds, rounds);
        }
        for (String alg : List.of("ES256", "RS256", "EdDSA")) {
            SigningBenchmark b = new SigningBenchmark();
            b.alg = alg;
            b.setUp();
            report("jcaSign", alg, b::jcaSign, seconds, rounds);
            report("jcaSignFreshInstance", alg, b::jcaSignFreshInstance, seconds, rounds);
            report("jcaVerify", alg, b::jcaVerify, seconds, rounds);
            report("mint", alg, b::mint, seconds, rounds);
        }
    }

    private static void report(String name, String alg, Callable<?> op, double seconds, int rounds) throws Exception {
        List<Double> perOp = new ArrayList<>();
        for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
            double us = round(op, seconds);
            if (round >= 0) {
                perOp.add(us);
            }
        }
        Collections.sort(perOp);
        System.out.printf("%-22s %-12s %10.1f %10.1f%n", name, alg, perOp.get(perOp.size() / 2), perOp.get(0));
    }

    private static double round(Callable<?> op, double seconds) throws Exception {
        long budget = (long) (seconds * 1e9);
        long start = THREADS.getCurrentThreadCpuTime();
        long ops = 0;
        long used;
        Object sink = null;
        do {
            for (int i = 0; i < 16; i++) {
                sink = op.call();
            }
            ops += 16;
            used = THREADS.getCurrentThreadCpuTime() - start;
        } while (used < budget);
        if (sink == null) {
            throw new IllegalStateException("no result");
        }
        return used / 1e3 / ops;
    }
}
