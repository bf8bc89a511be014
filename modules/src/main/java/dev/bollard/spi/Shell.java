package dev.bollard.spi;

/** Quoting for POSIX sh, used wherever a module builds a command line. */
public final class Shell {
    private Shell() {
    }

    /** Quotes one word so that sh reads it back unchanged. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) return word;
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
