package dev.bollard.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Asks for passwords: on the terminal without echo, or, when there is none (a script, CI), one
 * line of standard input per question, in the order they are asked. One reader serves every
 * question so that lines buffered for the next one are not lost.
 */
final class PasswordPrompt {
    private BufferedReader stdin;

    /** The answer, or null when there is no terminal and standard input has no more lines. */
    String ask(String prompt) {
        Console console = System.console();
        if (console != null) {
            char[] pw = console.readPassword("%s", prompt);
            return pw == null ? null : new String(pw);
        }
        try {
            if (stdin == null) stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return stdin.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
        }
    }

    /**
     * A question answered in plain sight (--step): on the terminal, or on standard error with the answer
     * read from standard input; null when there is no more input.
     */
    String line(String prompt, java.io.PrintStream noTerminal) {
        Console console = System.console();
        if (console != null) return console.readLine("%s", prompt);
        noTerminal.print(prompt);
        noTerminal.flush();
        try {
            if (stdin == null) stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return stdin.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
        }
    }

    /** True when questions go to a terminal (where a new password can be asked twice to confirm it). */
    boolean interactive() {
        return System.console() != null;
    }
}
