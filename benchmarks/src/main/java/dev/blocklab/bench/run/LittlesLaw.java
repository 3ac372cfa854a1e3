package dev.blocklab.bench.run;

import dev.blocklab.backend.ObjectStoreAddress;
import dev.blocklab.results.Bound;
import dev.blocklab.vocabulary.CellId;
import dev.blocklab.vocabulary.ClientStyle;
import dev.blocklab.vocabulary.Execution;
import dev.blocklab.vocabulary.Scenario;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The analytic throughput bound of a slow route: by Little's law, at most L requests in service, each for
 * the delay D, give at most L / D requests per second. L is the smallest concurrency limit on the path.
 */
public final class LittlesLaw {
    private LittlesLaw() {}

    /**
     * The bound, and the limit that sets it.
     *
     * @param pools the server's effective pools, from its ready line
     */
    public static Bound of(CellId cell, Map<String, Integer> pools) {
        Scenario scenario = cell.scenario().orElseThrow();
        double delaySeconds = cell.delayMs() / 1000.0;
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("slowThreads", cell.slowThreads());
        blockingThreads(cell, pools).forEach(limits::put);
        if (scenario.cpuBound()) {
            // CPU work is done by cores, not by waiting threads: on this machine (the server's), whatever the pools.
            limits.put("cores", Runtime.getRuntime().availableProcessors());
        }
        if (scenario.readsDisk()) {
            // A route reads what one read alone gets through in D, so reads in flight share one device's worth: 1 / D. A
            // device that serves parallel reads faster than one shows as an efficiency above 1.
            limits.put("disk", 1);
        }
        // Requests in the system spend the whole route's time there; a downstream connection only its own D.
        double routeSeconds = scenario.delaysPerRequest() * delaySeconds;
        String limitedBy = null;
        double bound = Double.POSITIVE_INFINITY;
        for (var limit : limits.entrySet()) {
            double candidate = limit.getValue() / routeSeconds;
            if (candidate < bound) {
                bound = candidate;
                limitedBy = limit.getKey();
            }
        }
        Map<String, Integer> downstream = new LinkedHashMap<>();
        if (scenario.callsHttp()) {
            downstream.put("httpConnections", pools.get("httpConnections"));
        }
        if (scenario.callsDb()) {
            downstream.put("dbPool", pools.get("dbPool"));
        }
        if (scenario.callsObjectStore()) {
            // The embedded store holds each delayed GET on one of its threads: its own limit, the same for every variant.
            downstream.put("objectStoreThreads", ObjectStoreAddress.THREADS);
        }
        for (var limit : downstream.entrySet()) {
            limits.put(limit.getKey(), limit.getValue());
            double candidate = limit.getValue() / delaySeconds;
            if (candidate < bound) {
                bound = candidate;
                limitedBy = limit.getKey();
            }
        }
        return new Bound(bound, limitedBy, limits);
    }

    /** The threads that wait out a blocking call, when there is a fixed number of them. */
    private static Map<String, Integer> blockingThreads(CellId cell, Map<String, Integer> pools) {
        ClientStyle clients = cell.variant().clients();
        Execution execution = cell.variant().execution();
        if (clients == ClientStyle.ASYNC) {
            return Map.of();
        }
        if (clients == ClientStyle.OFFLOADED) {
            return Map.of("offloadThreads", pools.get("offloadThreads"));
        }
        return switch (execution) {
            case IO_THREAD -> Map.of("ioThreads", pools.get("ioThreads"));
            case PLATFORM_POOL -> Map.of("workerThreads", pools.get("workerThreads"));
            case VIRTUAL_THREAD -> Map.of();
        };
    }
}
