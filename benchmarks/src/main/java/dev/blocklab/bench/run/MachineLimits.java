package dev.blocklab.bench.run;

import dev.blocklab.results.OpenLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What this machine lets one cell hold in flight, read before anything runs so that a level that cannot fit is
 * refused with its reason instead of failing mid-run. A proxying server holds about two sockets per request in flight
 * (the generator's connection, up to its cap {@link OpenLoad#CAP_RULE}, and its own to the downstream) plus its jars,
 * recordings and pools; its outgoing connections and the load generator's take ephemeral ports from one range. (The
 * probe of {@code GET /} adds one connection per request it has waiting: a couple, unless the server stalls.)
 *
 * @param openFiles the per-process limit on open files (the hard one: the JVM raises its soft limit to it)
 * @param ephemeralPorts how many ports {@code /proc/sys/net/ipv4/ip_local_port_range} gives outgoing connections
 */
record MachineLimits(OptionalLong openFiles, OptionalLong ephemeralPorts) {
    /** Files a server holds besides its sockets: jars, the JFR repository, pools, logs (measured here: about 150). */
    static final int BASE_FILES = 512;

    static MachineLimits detect() {
        return new MachineLimits(openFiles(Path.of("/proc/self/limits")), ports(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
    }

    /** Why {@code inFlight} requests cannot be held here, or empty when they can (or the limits are unknown). */
    Optional<String> refusal(int inFlight) {
        long sockets = (long) OpenLoad.capFor(inFlight) + inFlight;
        long serverFiles = sockets + BASE_FILES;
        if (openFiles.isPresent() && serverFiles > openFiles.getAsLong()) {
            return Optional.of(String.format(Locale.ROOT, "%d in flight cannot run here: the server would hold about %d sockets + %d = %d open"
                    + " files, over this machine's per-process limit of %d (ulimit -Hn)", inFlight, sockets, BASE_FILES, serverFiles,
                    openFiles.getAsLong()));
        }
        long ports = sockets;
        if (ephemeralPorts.isPresent() && ports > ephemeralPorts.getAsLong()) {
            return Optional.of(String.format(Locale.ROOT, "%d in flight cannot run here: the load generator's and the server's connections need"
                    + " about %d ephemeral ports, over the %d of net.ipv4.ip_local_port_range", inFlight, ports, ephemeralPorts.getAsLong()));
        }
        return Optional.empty();
    }

    /** The largest level that fits, for messages and help. */
    int largestLevel() {
        int fits = 0;
        for (int step = 1 << 30; step > 0; step >>= 1) {
            if (fits + step > 0 && refusal(fits + step).isEmpty()) {
                fits += step;
            }
        }
        return fits;
    }

    static OptionalLong openFiles(Path limits) {
        try {
            for (String line : Files.readAllLines(limits)) {
                if (line.startsWith("Max open files")) {
                    List<String> fields = List.of(line.substring("Max open files".length()).trim().split("\\s+"));
                    return fields.get(1).equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields.get(1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an unexpected layout: the limit is unknown and nothing is refused for it.
        }
        return OptionalLong.empty();
    }

    static OptionalLong ports(Path range) {
        try {
            String[] bounds = Files.readString(range).trim().split("\\s+");
            return OptionalLong.of(Long.parseLong(bounds[1]) - Long.parseLong(bounds[0]) + 1);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
