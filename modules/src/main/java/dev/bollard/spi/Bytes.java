package dev.bollard.spi;

/** Searching raw command output, which may hold any bytes (file contents), for the markers that cut it apart. */
final class Bytes {
    private Bytes() {
    }

    /** Where {@code pattern} first occurs in {@code data} at or after {@code from}, or -1. */
    static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
