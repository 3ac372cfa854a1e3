package dev.blocklab.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What never reaches a published file: the JVM options a user's environment adds (they may carry credentials, and
 * the JVM echoes them), and the value of any {@code -D} property whose name says it is a secret. The recordings have
 * their own scrubber; this is for the manifest, the logs and JMH's output.
 */
public final class Secrets {
    /** Environment variables whose value every JVM reads as options, and prints as "Picked up ...". */
    public static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    private static final Pattern SECRET_PROPERTY =
            Pattern.compile("(?i)^(-D[^=]*(?:password|passwd|secret|token|credential|apikey|api_key|private)[^=]*=).*$");
    private static final Pattern PICKED_UP = Pattern.compile("Picked up (JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS): .*");
    static final String NOT_RECORDED = "(not recorded)";

    private Secrets() {}

    /** A JVM's input arguments as they may be published: the environment's options dropped and counted, secrets redacted. */
    /** A new random secret (24 bytes, URL-safe Base64) for an embedded downstream: a password, an S3 secret key. */
    public static String generate() {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static List<String> jvmOptions(List<String> arguments) {
        Set<String> fromEnvironment = new HashSet<>();
        for (String variable : OPTION_VARIABLES) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                fromEnvironment.addAll(Arrays.asList(value.trim().split("\\s+")));
            }
        }
        List<String> published = new ArrayList<>();
        int dropped = 0;
        for (String argument : arguments) {
            if (fromEnvironment.contains(argument)) {
                dropped++;
            } else {
                published.add(redact(argument));
            }
        }
        if (dropped > 0) {
            published.add("(" + dropped + " option(s) from " + String.join(" / ", OPTION_VARIABLES) + ", " + NOT_RECORDED + ")");
        }
        return List.copyOf(published);
    }

    /** {@code -Dapi.password=x} becomes {@code -Dapi.password=(not recorded)}; other options are left as they are. */
    static String redact(String option) {
        return SECRET_PROPERTY.matcher(option).replaceFirst("$1" + Matcher.quoteReplacement(NOT_RECORDED));
    }

    /** A line of a child's output as it may be logged: the JVM's echo of the environment's options is cut. */
    public static String line(String line) {
        return PICKED_UP.matcher(line).replaceAll("Picked up $1: " + Matcher.quoteReplacement(NOT_RECORDED));
    }

    /**
     * Rewrites a log written by someone else (JMH's output) through {@link #line}, whole or not at all. Read as
     * ISO-8859-1, which maps every byte to a character and back, so a log with bytes that are not UTF-8 is kept as it
     * was apart from the lines cut. A log that cannot be rewritten is deleted rather than kept with what it may hold.
     */
    public static void scrubLines(Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            List<String> scrubbed = lines.stream().map(Secrets::line).toList();
            if (!scrubbed.equals(lines)) {
                Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
                Files.write(temporary, scrubbed, StandardCharsets.ISO_8859_1);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Nothing more can be done with a file that can be neither read nor deleted.
            }
        }
    }
}
