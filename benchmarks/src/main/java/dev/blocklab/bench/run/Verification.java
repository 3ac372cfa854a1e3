package dev.blocklab.bench.run;

import dev.blocklab.bench.ServerLauncher;
import dev.blocklab.launch.Commands;
import dev.blocklab.launch.ManagedProcess;
import dev.blocklab.server.Routes;
import dev.blocklab.vocabulary.Scenario;
import dev.blocklab.server.ServerMain;
import dev.blocklab.vocabulary.Variant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Before anything is measured, as TechEmpower does: every route of every variant answers 200, and the
 * bodies are the same across variants. A variant that fails is reported with the reason and not measured.
 */
final class Verification {
    static final int DELAY_MS = 10;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A variant's outcome: the bodies it answered, or why it failed. */
    record Outcome(Variant variant, Map<String, String> bodies, Optional<String> failure) {
        boolean passed() {
            return failure.isEmpty();
        }
    }

    private Verification() {}

    /** The routes checked: the fast ones and the slow route of every scenario the run will measure. */
    static List<String> paths(List<Scenario> scenarios) {
        List<String> paths = new ArrayList<>(List.of(Routes.FAST, Routes.HEALTH));
        for (Scenario scenario : scenarios) {
            paths.add(scenario.path() + "?ms=" + DELAY_MS);
        }
        return paths;
    }

    static List<Outcome> verify(List<Variant> variants, List<Scenario> scenarios, List<String> serverArgs, List<String> serverOptions,
            Path logs) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Variant variant : variants) {
            outcomes.add(verifyOne(variant, paths(scenarios.stream().filter(variant.edition()::serves).toList()), serverArgs, serverOptions, logs));
        }
        return sameBodies(outcomes);
    }

    private static Outcome verifyOne(Variant variant, List<String> paths, List<String> serverArgs, List<String> serverOptions, Path logs) {
        List<String> args = new ArrayList<>(serverArgs);
        args.addAll(serverOptions);
        Map<String, String> bodies = new LinkedHashMap<>();
        try (ManagedProcess server = ServerLauncher.start("server " + variant.id(), variant, args, List.of(),
                ManagedProcess.file(logs.resolve("verify-" + variant.id() + ".log")))) {
            URI base = ServerMain.baseUri(server.ready());
            for (String path : paths) {
                HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return new Outcome(variant, bodies, Optional.of("GET " + path + " answered " + response.statusCode() + ": " + response.body()));
                }
                bodies.put(path, response.body());
            }
        } catch (Commands.Failure | IOException e) {
            return new Outcome(variant, bodies, Optional.of(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(variant, bodies, Optional.of("interrupted"));
        }
        if (!Routes.FAST_BODY.toString().equals(bodies.get(Routes.FAST))) {
            return new Outcome(variant, bodies, Optional.of("GET / answered " + bodies.get(Routes.FAST)));
        }
        return new Outcome(variant, bodies, Optional.empty());
    }

    /**
     * Fails the variants whose body of some route differs from what most variants answered: the FastAPI edition is held to
     * the JVM's bodies byte for byte.
     */
    private static List<Outcome> sameBodies(List<Outcome> outcomes) {
        List<Outcome> checked = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            Optional<String> difference = Optional.empty();
            if (outcome.passed()) {
                for (String path : outcome.bodies().keySet()) {
                    String usual = mostCommon(outcomes, path);
                    if (!outcome.bodies().get(path).equals(usual)) {
                        difference = Optional.of("GET " + path + " answered " + outcome.bodies().get(path)
                                + " where the other variants answered " + usual);
                        break;
                    }
                }
            }
            checked.add(difference.isEmpty() ? outcome : new Outcome(outcome.variant(), outcome.bodies(), difference));
        }
        return checked;
    }

    private static String mostCommon(List<Outcome> outcomes, String path) {
        Map<String, Integer> counts = new HashMap<>();
        outcomes.stream().filter(Outcome::passed).map(o -> o.bodies().get(path)).forEach(body -> counts.merge(body, 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }
}
