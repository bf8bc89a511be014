package dev.bollard.journal;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A run's name in the journal: its UTC start time to the second, then six random hex digits so
 * that two runs started in the same second differ ({@code 20261201T101502Z-3f9a1c}). Ids sort
 * as the runs were started, to the second (the journal lists entries in the order they were
 * written); the journal file of a run is {@code ID.json}.
 */
public record RunId(String value) implements Comparable<RunId> {
    private static final Pattern FORMAT = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
    /** The same format, as a POSIX extended regexp for the shell scripts that list and prune entries. */
    static final String FILE_ERE = "^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}\\.json$";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public RunId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a run id: bollard history shows them, e.g. 20261201T101502Z-3f9a1c");
        }
    }

    /** A new id for a run started at {@code time}. */
    public static RunId at(Instant time) {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return new RunId(STAMP.format(time) + "-" + HexFormat.of().formatHex(b));
    }

    /** The time the run started, to the second. */
    public Instant time() {
        try {
            return Instant.from(STAMP.parse(value.substring(0, 16)));
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(value + ": " + e.getMessage());
        }
    }

    /** What ids of runs started before {@code time} sort below: the pruning script compares names with it. */
    static String before(Instant time) {
        return STAMP.format(time);
    }

    String fileName() {
        return value + ".json";
    }

    @Override
    public int compareTo(RunId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
