package dev.blocklab.bench.run;

import dev.blocklab.http.Delay;
import dev.blocklab.server.ServerOptions;
import dev.blocklab.server.VariantConverter;
import dev.blocklab.vocabulary.IdConverter;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.vocabulary.Variant;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of a measuring run, checked and turned into a {@link RunPlan}; a picocli mixin of {@code run-all}. */
public final class RunOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--profile", paramLabel = "PROFILE", converter = ProfileConverter.class,
            description = "smoke, quick or full. Default: quick.")
    Profile profile = Profile.QUICK;

    @Option(names = "--variants", split = ",", paramLabel = "VARIANT", converter = VariantConverter.class,
            description = "Variants to measure. Default: all (${COMPLETION-CANDIDATES}).", completionCandidates = VariantConverter.class)
    List<Variant> variants = List.of(Variant.values());

    @Option(names = "--scenarios", split = ",", paramLabel = "SCENARIO", converter = ScenarioConverter.class,
            description = "Slow routes: ${COMPLETION-CANDIDATES}. Default: the profile's.", completionCandidates = ScenarioConverter.class)
    List<Scenario> scenarios;

    @Option(names = {"--in-flight", "--concurrency"}, split = ",", paramLabel = "N",
            description = "Slow requests in flight, a sweep, e.g. 64,1024, for every scenario. Default: the profile's levels of each"
                    + " scenario (full: http from 1 to 4,096, db at 16, 1,024 and 4,096, every other scenario at 16).")
    List<Integer> concurrency;

    @Option(names = "--delay-ms", paramLabel = "MS", description = "Delay D of each slow request (longer at levels that need it:"
            + " see --max-rate). Default: ${DEFAULT-VALUE}.")
    int delayMs = 100;

    @Option(names = "--slow-load", paramLabel = "MODEL", converter = SlowLoadConverter.class,
            description = "open: a generator offers N / D requests a second, timed from each one's due time; closed: N JMH threads"
                    + " in a loop. Default: open.")
    SlowLoad slowLoad = SlowLoad.OPEN;

    @Option(names = "--max-rate", paramLabel = "RPS", description = "Highest slow arrival rate N / D a level may ask of this machine;"
            + " above it, the level's delay grows to N / RPS. Default: ${DEFAULT-VALUE}.")
    int maxRate = 400;

    @Option(names = "--probe-rate", paramLabel = "RPS", description = "Open-loop probe of GET /, requests per second. Default: ${DEFAULT-VALUE}.")
    int probeRate = 100;

    @Option(names = "--results", paramLabel = "DIR", description = "Where run folders go. Default: ${DEFAULT-VALUE}.")
    Path results = Path.of("results");

    @Option(names = "--calibrate", negatable = true, fallbackValue = "true",
            description = "Also measure JFR's overhead and the harness floor next to wrk's. Default: with the full profile.")
    Boolean calibrate;

    @Mixin
    ServerOptions serverOptions;

    public Path results() {
        return results;
    }

    public ServerOptions serverOptions() {
        return serverOptions;
    }

    /** The plan, or a {@link ParameterException} (one line, exit 2) for a value out of range. */
    public RunPlan plan() {
        serverOptions.validate();
        serverOptions.validateDatabaseEnvironment();
        if (delayMs < 1 || delayMs > Delay.MAX_MS) {
            throw new ParameterException(spec.commandLine(), "--delay-ms must be between 1 and " + Delay.MAX_MS + ", got " + delayMs);
        }
        if (probeRate < 1 || probeRate > 10_000) {
            throw new ParameterException(spec.commandLine(), "--probe-rate must be between 1 and 10000, got " + probeRate);
        }
        if (maxRate < 1 || maxRate > 100_000) {
            throw new ParameterException(spec.commandLine(), "--max-rate must be between 1 and 100000, got " + maxRate);
        }
        MachineLimits limits = MachineLimits.detect();
        // A value given twice would make two cells of one folder.
        java.util.Map<Scenario, List<Integer>> levels = new java.util.LinkedHashMap<>();
        for (Scenario scenario : scenarios != null ? scenarios.stream().distinct().toList() : profile.scenarios()) {
            levels.put(scenario, (concurrency != null ? concurrency : profile.levels(scenario)).stream().distinct().toList());
        }
        RunPlan plan = new RunPlan(profile, variants.stream().distinct().toList(), java.util.Collections.unmodifiableMap(levels),
                concurrency != null || scenarios != null, delayMs, probeRate, serverOptions.toArgs(), calibrate != null ? calibrate : profile == Profile.FULL, slowLoad, maxRate);
        for (int c : plan.concurrencies()) {
            if (c < 1) {
                throw new ParameterException(spec.commandLine(), "--in-flight values must be 1 or more, got " + c);
            }
            limits.refusal(c).ifPresent(why -> {
                throw new ParameterException(spec.commandLine(), "--in-flight " + why + "; at most " + limits.largestLevel() + " fits");
            });
            if (plan.delayFor(c) > Delay.MAX_MS) {
                throw new ParameterException(spec.commandLine(), "--in-flight " + c + " at --max-rate " + maxRate + " needs a delay of "
                        + plan.delayFor(c) + " ms, over the slow routes' " + Delay.MAX_MS + " ms: raise --max-rate");
            }
        }
        return plan;
    }

    static final class SlowLoadConverter extends IdConverter<SlowLoad> {
        SlowLoadConverter() {
            super(SlowLoad::fromId);
        }
    }

    static final class ProfileConverter extends IdConverter<Profile> {
        ProfileConverter() {
            super(Profile::fromId);
        }
    }

    static final class ScenarioConverter extends IdConverter<Scenario> implements Iterable<String> {
        ScenarioConverter() {
            super(Scenario::fromId);
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Scenario.values()).map(Scenario::id).iterator();
        }
    }
}
