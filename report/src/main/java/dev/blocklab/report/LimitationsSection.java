package dev.blocklab.report;

import dev.blocklab.results.RunManifest;
import java.util.Locale;

/** What the numbers do not say: the conditions of this run that a reader must carry to their own servers. */
final class LimitationsSection implements Section {
    @Override
    public void appendTo(StringBuilder out, ReportContext context) {
        RunManifest m = context.run().manifest();
        out.append("## Limitations\n\n");
        out.append(String.format(Locale.ROOT, "- **One machine, %d cores, shared.** The load generator, the server, the slow HTTP service and "
                + "PostgreSQL run on the same cores, over loopback: no network latency, no TLS, and every millisecond a process waits for a "
                + "CPU shows in every latency. Where the machine was saturated the report says so; those cells measured the machine.%n",
                m.cpu().cores()));
        out.append("- **The pools are choices.** The server options (under [Methodology](#methodology)) size the worker, offload and "
                + "database pools; a breaking point at a full pool moves with its size. The comparison is of where each model keeps its "
                + "waiting requests, not of the best tuning of each.\n");
        out.append("- **The bound assumes an even spread** of requests over the limiting pool or IO threads; an uneven spread (one busy IO "
                + "thread) falls short of it without any server fault.\n");
        out.append(String.format(Locale.ROOT, "- **Few replications.** %s: ranges over forks are shown (where a cell has two), not confidence "
                + "intervals, and with fewer than five forks a rank test cannot reach significance; a difference of a few percent is "
                + "within this machine's noise%s.%n", MethodologySection.forks(m.parameters()),
                java.nio.file.Files.isRegularFile(context.run().dir().resolve(dev.blocklab.results.RunLayout.CALIBRATION))
                        ? " (see [Calibration](#calibration))" : ""));
        out.append("- **Latency, not a production profile.** The downstream waits are synthetic (a fixed D); real services vary, and a "
                + "long-tailed downstream makes every pooled variant break earlier. One server (Undertow over XNIO) stands for the event "
                + "loop; Netty- or Vert.x-based servers share the lesson, not necessarily the figures.\n");
        out.append("- **What a number here does not say:** how a variant behaves on more cores, with a slower network, or with "
                + "CPU-heavy handlers (where no concurrency model helps and only cores do).\n\n");
    }
}
