package dev.bollard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bollard.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the bollard command line in this JVM, the way a user would, and reads what it printed. */
public final class Bollard {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bollard() {
    }

    public record Run(int code, String out, String err) {
        /** The JSON task events (when run with --json). */
        public List<JsonNode> events() {
            List<JsonNode> out = new ArrayList<>();
            for (String line : this.out.split("\n")) {
                if (line.startsWith("{")) {
                    try {
                        out.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new IllegalStateException("not JSON: " + line, e);
                    }
                }
            }
            return out;
        }

        public JsonNode recap(String host) {
            List<JsonNode> e = events();
            JsonNode last = e.get(e.size() - 1);
            if (!"recap".equals(last.path("event").asText())) throw new IllegalStateException("last line is not the recap: " + last);
            return last.path("hosts").path(host);
        }

        public int changed(String host) {
            return recap(host).path("changed").asInt();
        }

        public int failed(String host) {
            return recap(host).path("failed").asInt();
        }

        /** The task events of one task on one host. */
        public List<JsonNode> task(String name) {
            return events().stream().filter(n -> name.equals(n.path("task").asText())).toList();
        }

        @Override
        public String toString() {
            String shown = out.length() > 4000 ? "..." + out.substring(out.length() - 4000) : out;
            return "exit " + code + "\n--- stdout\n" + shown + "\n--- stderr\n" + err;
        }
    }

    public static Run run(String... given) {
        // each run on this machine keeps its pending handlers apart: one test's leftovers never run in another
        try {
            return run(Files.createTempDirectory("bollard-local-state"), given);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A run that keeps this machine's pending handlers in {@code localState}, where a later run with the same folder finds them. */
    public static Run run(Path localState, String... given) {
        System.setProperty("bollard.localStateDir", localState.toString());
        String[] args = onThisMachine(given);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A run without an inventory is for this machine: say so with {@code -c local}, as a user must
     * for Bollard to apply anything here.
     */
    public static String[] onThisMachine(String... args) {
        List<String> all = List.of(args);
        if (all.isEmpty() || all.get(0).equals("vault") || all.get(0).equals("doc")) return args;
        if (all.contains("-i") || all.contains("--inventory") || all.contains("-c") || all.contains("--connection")) return args;
        if (all.stream().anyMatch(a -> a.startsWith("-i") && a.length() > 2 || a.startsWith("--inventory="))) return args;
        List<String> out = new ArrayList<>(all);
        out.addAll(List.of("-c", "local"));
        // an applying run keeps a journal on the host: here, in this test JVM's own folder, not root's
        if (all.stream().noneMatch(a -> a.contains("bollard_journal_dir"))) out.addAll(List.of("-e", "bollard_journal_dir=" + JOURNAL));
        return out.toArray(String[]::new);
    }

    /** Where runs on this machine keep their journal during the tests. */
    public static final Path JOURNAL = journalDir();

    private static Path journalDir() {
        try {
            Path dir = Files.createTempDirectory("bollard-test-journal");
            dir.toFile().deleteOnExit();
            return dir.resolve("journal");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a YAML inventory with the given targets, each as {@code name} logging in as {@code user}. */
    public static Path inventory(Path dir, String user, SshTarget... targets) throws IOException {
        return inventory(dir, user, "", targets);
    }

    /** As above, with more group variables for all hosts ({@code "    key: value\n"} lines). */
    public static Path inventory(Path dir, String user, String moreVars, SshTarget... targets) throws IOException {
        StringBuilder s = new StringBuilder("all:\n  vars:\n    ansible_user: " + user + "\n    ansible_become: true\n" + moreVars + "  hosts:\n");
        for (int i = 0; i < targets.length; i++) s.append(targets[i].inventoryEntry("t" + (i + 1), user));
        Path p = dir.resolve("inventory.yml");
        Files.writeString(p, s.toString());
        return p;
    }

    /** Copies a test resource folder (playbooks, templates) into {@code dir}. */
    public static Path resources(String folder, Path dir) throws IOException {
        Path src = Path.of("src/test/resources", folder);
        try (var files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path to = dir.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        return dir;
    }
}
