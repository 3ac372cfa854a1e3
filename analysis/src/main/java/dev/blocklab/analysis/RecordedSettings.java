package dev.blocklab.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;

/**
 * The event settings a recording was made with, from its {@code jdk.ActiveSetting} events: whether an event that
 * never occurred was off or merely rare, and which thresholds and throttles limit what the numbers can show.
 */
final class RecordedSettings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h|d)");
    private static final long ONE_MS = 1_000_000L;

    private final Map<Long, Map<String, String>> byTypeId = new HashMap<>();
    private final Map<String, Long> idByName = new HashMap<>();

    void add(RecordedEvent activeSetting) {
        byTypeId.computeIfAbsent(activeSetting.getLong("id"), id -> new HashMap<>())
                .put(activeSetting.getString("name"), activeSetting.getString("value"));
    }

    void knowTypes(List<EventType> types) {
        types.forEach(type -> idByName.put(type.getName(), type.getId()));
    }

    /** The value of {@code event#name}, if the recording says. */
    Optional<String> value(String event, String name) {
        Long id = idByName.get(event);
        return id == null ? Optional.empty() : Optional.ofNullable(byTypeId.getOrDefault(id, Map.of()).get(name));
    }

    boolean enabled(String event) {
        return value(event, "enabled").map(Boolean::parseBoolean).orElse(false);
    }

    /** Thresholds above 1 ms and throttles on the blocking events, as sentences for the warnings. */
    List<String> limits() {
        List<String> limits = new ArrayList<>();
        for (String event : BlockingEvents.ALL) {
            if (!enabled(event)) {
                continue;
            }
            value(event, "threshold").filter(t -> nanos(t) > ONE_MS).ifPresent(threshold -> limits.add(event
                    + " was recorded only from " + threshold + " (threshold): shorter blocking is not counted"));
            value(event, "throttle").filter(t -> !t.equals("off") && !t.startsWith("0")).ifPresent(throttle ->
                    limits.add(event + " was throttled to " + throttle + ": blocked time may be undercounted"));
        }
        return limits;
    }

    private static long nanos(String duration) {
        Matcher m = DURATION.matcher(duration.trim());
        if (!m.matches()) {
            return 0;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ns" -> n;
            case "us" -> n * 1_000;
            case "ms" -> n * ONE_MS;
            case "s" -> n * 1_000 * ONE_MS;
            case "m" -> n * 60_000 * ONE_MS;
            case "h" -> n * 3_600_000 * ONE_MS;
            default -> n * 86_400_000 * ONE_MS;
        };
    }
}
