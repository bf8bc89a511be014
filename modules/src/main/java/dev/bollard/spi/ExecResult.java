package dev.bollard.spi;

import java.nio.charset.StandardCharsets;

/** What a command left behind: its exit code, its output as bytes, its error stream as text. */
public record ExecResult(int rc, byte[] out, String stderr) {

    public ExecResult {
        out = out == null ? new byte[0] : out;
        stderr = stderr == null ? "" : stderr;
    }

    public static ExecResult of(int rc, String stdout, String stderr) {
        return new ExecResult(rc, stdout.getBytes(StandardCharsets.UTF_8), stderr);
    }

    public String stdout() {
        return new String(out, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return rc == 0;
    }

    /** The first non-blank line of stderr, else of stdout: what a one-line error message should quote. */
    public String firstErrorLine() {
        for (String text : new String[] {stderr, stdout()}) {
            for (String line : text.split("\n")) {
                if (!line.isBlank()) return line.strip();
            }
        }
        return "exit code " + rc;
    }
}
