package dev.blocklab.report;

import dev.blocklab.results.Run;
import java.util.List;
import java.util.Optional;

/** What every section of REPORT.md may read: the run, the comparison, the charts, and where links point. */
record ReportContext(Run run, Optional<Comparison> comparison, List<Chart> charts, String chartsLink, String runLink) {
    /** A link to a file of the run, relative to REPORT.md. */
    String raw(String pathInRun) {
        return (runLink.isEmpty() ? "" : runLink + "/") + pathInRun;
    }

    /** A Markdown link to a file or folder of the run when the run folder has it; empty when not. */
    Optional<String> link(String label, String pathInRun) {
        return java.nio.file.Files.exists(run.dir().resolve(pathInRun)) ? Optional.of("[" + label + "](" + raw(pathInRun) + ")") : Optional.empty();
    }
}
