package dev.blocklab.launch;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the libraries' start-up banners (XNIO, Undertow, Vert.x) out of the programs' output. */
public final class Quiet {
    // java.util.logging holds loggers weakly: keep them, or their level is forgotten.
    private static final List<Logger> LOGGERS = List.of(Logger.getLogger("org.xnio"), Logger.getLogger("io.undertow"));

    private Quiet() {}

    public static void libraryLogs() {
        LOGGERS.forEach(logger -> logger.setLevel(Level.WARNING));
    }
}
