package dev.blocklab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocklab.downstream.DownstreamsMain;
import dev.blocklab.launch.ManagedProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real downstreams (embedded PostgreSQL, Debian's MariaDB and the slow HTTP service, in their own JVM), started once for
 * the whole test run and stopped at its end. Tests receive them as a parameter.
 */
public final class TestDownstreams implements ParameterResolver {
    /** Where they are. */
    public record Running(URI slowUrl, String pgUrl, String pgUser, String pgPasswordFile, JsonNode ready, ManagedProcess process)
            implements AutoCloseable {
        /** The options that point a server at these downstreams, MariaDB's included: what every launcher passes. */
        public List<String> serverArgs() {
            return dev.blocklab.server.ServerMain.downstreamArgs(ready);
        }

        /** The embedded PostgreSQL's generated password, for a test that connects itself. */
        public String pgPassword() {
            try {
                return java.nio.file.Files.readString(Path.of(pgPasswordFile)).strip();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            process.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Running resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> start(), Running.class);
    }

    private static Running start() {
        ManagedProcess process = ManagedProcess.start("downstreams", DownstreamsMain.class, List.of(), List.of(), Map.of(),
                ManagedProcess.file(Path.of("target", "test-logs", "downstreams.log")), Duration.ofSeconds(120));
        JsonNode ready = process.ready();
        return new Running(URI.create(ready.get("slowUrl").asText()), ready.get("pgUrl").asText(),
                ready.get("pgUser").asText(), ready.get("pgPasswordFile").asText(), ready, process);
    }
}
