package dev.blocklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.launch.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of bad input a user can type, refused in one line with the right exit code (2: wrong arguments, 1: a
 * file or folder that is not what it should be), never a stack trace, before anything starts. The rows are the
 * project's own count of bad inputs handled.
 */
class BadInputTableTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        // run-all: what to measure
        "run-all|--profile=huge|2|unknown profile 'huge'; valid profiles: smoke, quick, full",
        "run-all|--variants=loop-magic|2|unknown variant 'loop-magic'",
        "run-all|--scenarios=grpc|2|unknown scenario 'grpc'",
        "run-all|--delay-ms=-5|2|--delay-ms must be between 1 and 60000, got -5",
        "run-all|--delay-ms=60001|2|--delay-ms must be between 1 and 60000, got 60001",
        "run-all|--in-flight=0|2|--in-flight values must be 1 or more, got 0",
        "run-all|--in-flight=abc|2|'abc' is not an int",
        "run-all|--in-flight=16,100000|2|--in-flight 100000 in flight cannot run here",
        "run-all|--in-flight=4096 --max-rate=10|2|needs a delay of 409600 ms, over the slow routes' 60000 ms",
        "run-all|--max-rate=0|2|--max-rate must be between 1 and 100000, got 0",
        "run-all|--probe-rate=0|2|--probe-rate must be between 1 and 10000, got 0",
        "run-all|--probe-rate=10001|2|--probe-rate must be between 1 and 10000, got 10001",
        "run-all|--slow-load=half|2|unknown slow load 'half'; valid: open, closed",
        "run-all|--bogus|2|Unknown option: '--bogus'",
        // run-all and serve: the server's sizes and timeouts
        "run-all|--io-threads=0|2|--io-threads must be between 1 and 4096, got 0",
        "run-all|--worker-threads=20000|2|--worker-threads must be between 1 and 10000, got 20000",
        "run-all|--db-pool=1000|2|--db-pool must be between 1 and 250, got 1000",
        "run-all|--http-connections=0|2|--http-connections must be between 1 and 100000, got 0",
        "run-all|--timeout-slack-ms=99999999|2|--timeout-slack-ms must be between 1 and 600000, got 99999999",
        "blocklab|serve loop-async --offload-threads=0|2|--offload-threads must be between 1 and 10000, got 0",
        "blocklab|serve loop-async --port=70000|2|--port must be between 0 and 65535, got 70000",
        "blocklab|serve loop-async --port=-1|2|--port must be between 0 and 65535, got -1",
        "blocklab|serve loop-magic|2|unknown variant 'loop-magic'",
        "blocklab|serve|2|Missing required parameter",
        "blocklab|bogus|2|Unmatched argument at index 0: 'bogus'",
        // analyze: a recording
        "blocklab|analyze /nonexistent.jfr|1|no such file: /nonexistent.jfr",
        "blocklab|analyze pom.xml|1|pom.xml is not a JFR recording",
        "blocklab|analyze --top=0 x.jfr|2|top must be at least 1, not 0",
        "blocklab|analyze --from=yesterday x.jfr|2|'yesterday' is not an ISO-8601 instant",
        // report, merge, compact, convert: run folders
        "blocklab|report --run=/nonexistent|1|no run folder at /nonexistent",
        "blocklab|report --fail-on-regression=-5 --baseline=x|2|--fail-on-regression must be a percentage from 0 to 1000, got -5.0",
        "blocklab|report --fail-on-regression=Infinity --baseline=x|2|--fail-on-regression must be a percentage from 0 to 1000, got Infinity",
        "blocklab|report --fail-on-regression=10|2|--fail-on-regression needs --baseline",
        "blocklab|report --publish --out=x.md|2|give --out or --publish, not both",
        "blocklab|report --bogus|2|Unknown option: '--bogus'",
        "blocklab|merge /tmp|2|Missing required option: '--out=DIR'",
        "blocklab|merge --out=/tmp/blocklab-never /nonexistent|1|/nonexistent is not a run folder (no manifest.json)",
        "blocklab|compact /nonexistent --out=/tmp/blocklab-never|1|no run folder at /nonexistent",
        "blocklab|convert /nonexistent --out=/tmp/blocklab-never|1|/nonexistent is not a run folder"})
    void refusedInOneLine(String tool, String arguments, int exitCode, String message) {
        String[] args = arguments.split(" ");
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            System.setOut(capture);
            code = tool.equals("run-all") ? Commands.execute(new RunAllCommand(), args) : Commands.execute(BlocklabCli.commandLine(args), args);
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = printed.lines().toList();
        assertEquals(exitCode, code, printed);
        assertEquals(1, lines.size(), printed);
        assertTrue(lines.getFirst().contains(message), lines.getFirst());
        assertFalse(printed.contains("\tat "), "no stack trace: " + printed);
    }
}
