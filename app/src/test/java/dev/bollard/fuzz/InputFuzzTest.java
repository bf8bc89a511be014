package dev.bollard.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates the shipped playbooks, inventories (YAML and INI), vars files and templates with a fixed
 * seed and runs the command line on each: every case must end with exit 0, 2 or 4 and a message
 * naming a file, never a stack trace, a hang or exit 1. Failures are counted by exception class
 * and top frame, so one bug found a hundred times counts once.
 */
class InputFuzzTest {
    static final long SEED = 20261201L;
    static final int CASES = Integer.getInteger("bollard.fuzz.cases", 2000);
    private static final Pattern FRAME = Pattern.compile("(?m)^\\s+at ([\\w.$]+)\\(([^)]*)\\)");
    private static final Pattern THROWN = Pattern.compile("(?m)^(?:Caused by: )?([\\w.$]+(?:Exception|Error))\\b");

    @TempDir
    Path dir;

    @Test
    void mutatedInputsEndWithAClearMessageNamingTheFile() throws Exception {
        Corpus corpus = Corpus.copyTo(dir);
        // the unbroken corpus passes, so each failure below is the mutation's doing
        for (Path book : corpus.playbooks()) {
            for (Path inv : corpus.inventories()) {
                Outcome o = run(corpus.args(book, inv, false));
                assertEquals(0, o.code(), book + " -i " + inv + "\n" + o.err());
            }
        }
        Random random = new Random(SEED);
        Mutator mutator = new Mutator(random);
        Map<String, Failure> failures = new TreeMap<>();
        int[] codes = new int[256];
        long started = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            Path target = corpus.files().get(random.nextInt(corpus.files().size()));
            String original = Files.readString(target);
            Mutator.Mutated m = mutator.mutate(original, target.toString().endsWith(".ftl"));
            Files.writeString(target, m.text());
            Path inv = target.toString().endsWith(".ini") || target.getFileName().toString().startsWith("inventory")
                    ? target : corpus.inventories().get(random.nextInt(2));
            boolean check = random.nextInt(10) == 0;
            Outcome o = run(corpus.args(corpus.playbookFor(target), inv, check));
            Files.writeString(target, original);
            if (o.code() >= 0 && o.code() < codes.length) codes[o.code()]++;
            String why = problem(o, check, corpus);
            if (why != null) {
                int index = i;
                failures.computeIfAbsent(why, k -> new Failure(index, corpus.relative(target), m, o)).count++;
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        StringBuilder report = new StringBuilder("fuzzed " + CASES + " cases (seed " + SEED + ") in " + seconds + "s: exit 0: " + codes[0]
                + ", exit 3: " + codes[3] + ", exit 4: " + codes[4] + "; distinct failures: " + failures.size() + "\n");
        failures.forEach((sig, f) -> report.append("\n== ").append(sig).append(" (x").append(f.count).append(", first case ").append(f.index)
                .append(": ").append(f.file).append(", ").append(f.mutated.how()).append(")\n")
                .append(head(f.outcome.err(), 1500)).append("\n-- mutated file:\n").append(head(f.mutated.text(), 3000)).append('\n'));
        System.out.println(report);
        Files.writeString(Path.of("target", "fuzz-report.txt"), report);
        assertTrue(failures.isEmpty(), report.toString());
    }

    /** Why this outcome is a failure, as a signature shared by its repeats; null when it is fine. */
    static String problem(Outcome o, boolean check, Corpus corpus) {
        if (o.thrown() != null) return "thrown " + o.thrown().getClass().getName() + " at " + top(o.thrown());
        if (o.code() == -1) return "hang";
        Matcher frame = FRAME.matcher(o.err());
        if (frame.find()) {
            Matcher thrown = THROWN.matcher(o.err());
            return "stack trace " + (thrown.find() ? thrown.group(1) : "?") + " at " + frame.group(1) + "(" + frame.group(2) + ")";
        }
        boolean expected = o.code() == 0 || o.code() == 2 || o.code() == 4 || check && o.code() == 3 && o.err().contains("unreachable");
        if (!expected) return "exit " + o.code() + ": " + firstLine(o.err());
        if (o.code() == 4 && !corpus.namesAFile(o.err())) return "exit 4 naming no file: " + firstLine(o.err()).replaceAll("'[^']*'|\\d+", "_");
        return null;
    }

    private static String top(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length == 0 ? "?" : st[0].getClassName() + "." + st[0].getMethodName() + "(" + st[0].getFileName() + ":" + st[0].getLineNumber() + ")";
    }

    private static String firstLine(String s) {
        String l = s.strip().split("\n", 2)[0];
        return l.length() > 160 ? l.substring(0, 160) : l;
    }

    private static String head(String s, int n) {
        return s.length() > n ? s.substring(0, n) + "..." : s;
    }

    private static final ExecutorService[] RUNNER = {Executors.newSingleThreadExecutor(daemon())};

    /** Runs the command line in this JVM with a deadline: a case past it counts as a hang. */
    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Future<Integer> f = RUNNER[0].submit(() -> Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", System.getProperty("java.io.tmpdir")), Path.of("").toAbsolutePath()));
        try {
            int code = f.get(20, TimeUnit.SECONDS);
            // check mode reports an unreachable host on stdout
            return new Outcome(code, err.toString(StandardCharsets.UTF_8) + (code == 3 ? out.toString(StandardCharsets.UTF_8) : ""), null);
        } catch (TimeoutException e) {
            f.cancel(true);
            RUNNER[0] = Executors.newSingleThreadExecutor(daemon()); // the stuck thread is left behind
            return new Outcome(-1, err.toString(StandardCharsets.UTF_8), null);
        } catch (java.util.concurrent.ExecutionException e) {
            return new Outcome(1, err.toString(StandardCharsets.UTF_8), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        };
    }

    record Outcome(int code, String err, Throwable thrown) {
    }

    /** As {@link #run}, on the calling thread: for measuring what one run allocates. */
    static Outcome inThisThread(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("HOME", System.getProperty("java.io.tmpdir")), Path.of("").toAbsolutePath());
        return new Outcome(code, err.toString(StandardCharsets.UTF_8), null);
    }

    static final class Failure {
        final int index;
        final String file;
        final Mutator.Mutated mutated;
        final Outcome outcome;
        int count;

        Failure(int index, String file, Mutator.Mutated mutated, Outcome outcome) {
            this.index = index;
            this.file = file;
            this.mutated = mutated;
            this.outcome = outcome;
        }
    }

    /** The shipped playbooks and templates, a FreeMarker play with a vars file, and the example inventory in both forms. */
    record Corpus(Path root, List<Path> files, List<Path> playbooks, List<Path> inventories) {
        static Corpus copyTo(Path dir) throws IOException {
            Path repo = Path.of("..").toAbsolutePath().normalize();
            for (String top : List.of("playbooks", "templates")) {
                try (Stream<Path> s = Files.walk(repo.resolve(top))) {
                    for (Path p : s.toList()) {
                        Path to = dir.resolve(repo.relativize(p).toString());
                        if (Files.isDirectory(p)) Files.createDirectories(to);
                        else Files.copy(p, to);
                    }
                }
            }
            Files.copy(repo.resolve("app/src/test/resources/e2e/templates/app.conf.ftl"), dir.resolve("templates/app.conf.ftl"));
            Path pb = dir.resolve("playbooks");
            Files.writeString(pb.resolve("app-conf.yml"), """
                    - name: An application's settings from a FreeMarker template
                      hosts: all
                      vars_files: [app-vars.yml]
                      tasks:
                        - name: app.conf
                          template:
                            src: app.conf.ftl
                            dest: /etc/app.conf
                            mode: "0644"
                          when: settings | length > 0
                    """);
            Files.writeString(pb.resolve("app-vars.yml"), """
                    settings:
                      workers: 4
                      name: "web {{ inventory_hostname }}"
                      debug: false
                    """);
            Files.writeString(pb.resolve("inventory.ini"), """
                    # the example inventory, in INI form
                    [docker_hosts]
                    vps1 ansible_host=203.0.113.10 docker_disk=/dev/vdb docker_userns_socket=true rootful_docker=keep

                    [tenants:children]
                    docker_hosts

                    [all:vars]
                    ansible_user=admin
                    ansible_become=true
                    ansible_ssh_private_key_file=~/.ssh/id_ed25519
                    """);
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            return new Corpus(dir, files, List.of(pb.resolve("site.yml"), pb.resolve("examples/ssh-baseline.yml"), pb.resolve("app-conf.yml")),
                    List.of(pb.resolve("inventory.example.yml"), pb.resolve("inventory.ini")));
        }

        Path playbookFor(Path mutated) {
            String name = mutated.getFileName().toString();
            if (name.startsWith("app")) return playbooks.get(2);
            if (name.equals("ssh-baseline.yml")) return playbooks.get(1);
            return playbooks.get(0);
        }

        String[] args(Path book, Path inventory, boolean check) {
            List<String> a = new ArrayList<>(List.of(book.toString(), "-i", inventory.toString()));
            // an unreachable address: check mode loads everything, then finds the host down at once
            if (check) a.addAll(List.of("--check", "-e", "ansible_host=127.0.0.1", "-e", "ansible_port=1", "-T", "2"));
            else a.add("--syntax-check");
            return a.toArray(String[]::new);
        }

        boolean namesAFile(String message) {
            return files.stream().anyMatch(f -> message.contains(f.getFileName().toString()));
        }

        String relative(Path p) {
            return root.relativize(p).toString();
        }
    }
}
