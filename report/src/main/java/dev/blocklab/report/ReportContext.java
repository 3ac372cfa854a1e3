package dev.blocklab.report;

import java.util.List;
import java.util.Optional;

/** What every section of REPORT.md may read: the run, the comparison, the charts, and where links point. */
record ReportContext(Run run, Optional<Comparison> comparison, List<Chart> charts, String chartsLink, String runLink) {
    /** A link to a file of the run, relative to REPORT.md. */
    String raw(String pathInRun) {
        return (runLink.isEmpty() ? "" : runLink + "/") + pathInRun;
    }
}
