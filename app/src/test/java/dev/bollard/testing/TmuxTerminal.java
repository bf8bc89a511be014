package dev.bollard.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The bollard command line in a real pseudo-terminal (a tmux pane of a tmux server of its own), typed
 * at as a user does: keys, Enter, Ctrl-C. What the terminal shows is read back with capture-pane.
 * Where tmux is missing the test is skipped (on CI, with REQUIRE_TMUX=true, it fails).
 */
public final class TmuxTerminal implements AutoCloseable {
    private final String socket;
    private final Path exitFile;

    private TmuxTerminal(String socket, Path exitFile) {
        this.socket = socket;
        this.exitFile = exitFile;
    }

    /** Starts {@code bollard ARGS} in a new 160x50 terminal, in {@code dir}. */
    public static TmuxTerminal start(Path dir, String... args) throws IOException, InterruptedException {
        if (!onPath()) {
            if ("true".equalsIgnoreCase(System.getenv("REQUIRE_TMUX"))) Assertions.fail("REQUIRE_TMUX=true but tmux is not on PATH");
            Assumptions.abort("tmux is not on PATH (apt-get install tmux): terminal test skipped");
        }
        Path script = dir.resolve("bollard-in-terminal.sh");
        Path exit = dir.resolve("exit-code");
        StringBuilder cmd = new StringBuilder();
        for (String a : args) cmd.append(" ").append(quote(a));
        // a trap, not an ignored SIGINT: bollard must get Ctrl-C itself (an ignored signal would be inherited)
        Files.writeString(script, "#!/bin/sh\ntrap 'true' INT\ncd " + quote(dir.toString()) + "\n"
                + quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()) + " -cp " + quote(System.getProperty("java.class.path"))
                + " dev.bollard.cli.Main" + cmd + "\necho $? > " + quote(exit.toString()) + "\nsleep 600\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        String socket = "bollard-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        TmuxTerminal t = new TmuxTerminal(socket, exit);
        t.tmux("new-session", "-d", "-s", "run", "-x", "160", "-y", "50", script.toString());
        t.tmux("set-option", "-t", "run", "history-limit", "5000");
        return t;
    }

    /** Types text (no Enter). */
    public void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "run", "-l", text);
    }

    /** Presses a key by tmux's name: Enter, C-c. */
    public void press(String key) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "run", key);
    }

    /** Everything the terminal shows, scrollback included, lines joined. */
    public String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-t", "run", "-S", "-5000");
    }

    /** Waits until the terminal shows {@code text} {@code times} times; fails with the screen after {@code seconds}. */
    public String await(String text, int times, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String s = "";
        while (System.nanoTime() < deadline) {
            s = screen();
            if (count(s, text) >= times) return s;
            Thread.sleep(100);
        }
        throw new AssertionError("the terminal did not show '" + text + "' " + times + " time(s) in " + seconds + " s:\n" + s);
    }

    /** Waits for bollard to end; its exit code. */
    public int exitCode(long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(exitFile)) {
                String code = Files.readString(exitFile).strip();
                if (!code.isEmpty()) return Integer.parseInt(code);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("bollard did not end in " + seconds + " s:\n" + screen());
    }

    public static int count(String s, String text) {
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + text.length())) n++;
        return n;
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + ": " + out);
        return out;
    }

    private static boolean onPath() {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "tmux"))) return true;
        }
        return false;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (IOException | InterruptedException e) {
            // already gone
        }
    }
}
