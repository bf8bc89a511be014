package dev.bollard.ssh;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a line as a splitter finds them, for the shell words of ssh's command line and the
 * words of an ssh_config line: characters go into the current word, whitespace ends it, and a
 * quote starts one (so {@code ""} is an empty word).
 */
final class Words {
    private final List<String> out = new ArrayList<>();
    private StringBuilder word;

    /** A word already split off (ssh_config's keyword). */
    void add(String w) {
        out.add(w);
    }

    /** A word starts here, even if nothing is appended to it. */
    void start() {
        if (word == null) word = new StringBuilder();
    }

    void append(char c) {
        start();
        word.append(c);
    }

    /** The current word, if any, ends. */
    void end() {
        if (word != null) out.add(word.toString());
        word = null;
    }

    boolean inWord() {
        return word != null;
    }

    /** The words, the last one ended. */
    List<String> list() {
        end();
        return out;
    }
}
