package dev.bollard.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One row of the fault table scripts/faults prints: what a fault test injected and what it saw.
 * Each row is a TSV file of its own under target/faults, written only once the test's assertions
 * held, so the table shows what was checked, not what was hoped for.
 */
public final class FaultRecord {
    public static final Path DIR = Path.of("target", "faults");

    private FaultRecord() {
    }

    /**
     * @param fault     what was done to the host or the run
     * @param reported  the line Bollard printed about it
     * @param exit      the run's exit code
     * @param whole     what the host was like afterwards (old file intact, no temp file, nothing left running)
     * @param rerun     what a re-run did, or "-" when the fault leaves nothing to re-run
     * @param millis    how long the faulty run took
     */
    public static void write(String fault, String reported, int exit, String whole, String rerun, long millis) {
        String row = String.join("\t", clean(fault), clean(reported), String.valueOf(exit), clean(whole), clean(rerun),
                String.format("%.1f s", millis / 1000.0)) + "\n";
        String file = fault.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "") + ".tsv";
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(file), row, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the fault table's row " + DIR.resolve(file), e);
        }
    }

    /** The first line of {@code out} that contains {@code marker}, as the table shows what Bollard said. */
    public static String line(String out, String marker) {
        for (String l : out.split("\n")) if (l.contains(marker)) return l.trim();
        throw new IllegalStateException("no line with '" + marker + "' in:\n" + out);
    }

    private static String clean(String s) {
        String one = s.replace('\t', ' ').replace('\n', ' ').trim();
        return one.length() > 220 ? one.substring(0, 217) + "..." : one;
    }
}
