package dev.bollard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bollard} launcher's class-data archive rules, on the packaged jar (this runs after
 * {@code mvn package}): a listing does not record the archive, the first playbook run does, the
 * archive then serves classes that run never used, and a newer jar makes the next run record it
 * again. Each case runs a copy of the launcher beside a copy of the jar, so the project's own
 * archive is left alone.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bollard").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "bollard.jar").toAbsolutePath();

    @TempDir
    Path root;
    private Path archive;
    private Path jar;

    record Run(int code, String out) {
    }

    @BeforeEach
    void copyLauncherAndJar() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "no " + JAR + ": run this test after mvn package (mvn verify does)");
        Path target = Files.createDirectories(root.resolve("app/target"));
        Files.copy(LAUNCHER, root.resolve("bollard"), StandardCopyOption.COPY_ATTRIBUTES);
        jar = target.resolve("bollard.jar");
        Files.copy(JAR, jar);
        archive = target.resolve("bollard.jsa");
        Files.createDirectories(root.resolve("work"));
    }

    @Test
    void aListingRunsWithoutRecordingTheArchive() throws Exception {
        Run version = bollard(List.of("--version"), null);
        assertEquals(0, version.code(), version.out());
        assertTrue(version.out().startsWith("bollard "), version.out());
        Run listing = run(directoryPlaybook("listed"), null, "--list-tasks");
        assertEquals(0, listing.code(), listing.out());
        assertFalse(Files.exists(archive), "a listing loads a fraction of a run's classes and must leave the recording to a run");
        assertFalse(Files.exists(root.resolve("work/listed")), "a listing ran the task");
    }

    @Test
    void theFirstRunRecordsAnArchiveThatServesClassesItNeverUsed() throws Exception {
        Run first = run(directoryPlaybook("made"), null);
        assertEquals(0, first.code(), first.out());
        assertTrue(Files.isDirectory(root.resolve("work/made")), first.out());
        assertTrue(Files.isRegularFile(archive), "the first playbook run records the archive\n" + first.out());
        assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0);
        try (Stream<Path> left = Files.list(archive.getParent())) {
            assertEquals(List.of("bollard.jar", "bollard.jsa"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the class list and the archive's temporary file are removed");
        }
        FileTime recorded = Files.getLastModifiedTime(archive);

        // a class only the copy module plans with, which the recording run never used, must come from the archive
        Path loads = root.resolve("class-loads.log");
        Run second = run(playbook("second.yml", "copy", "dest: '{{ dir }}/copied'\n        content: \"hello\\n\""),
                "-Xlog:class+load=info:file=" + loads);
        assertEquals(0, second.code(), second.out());
        assertEquals("hello\n", Files.readString(root.resolve("work/copied")));
        String log = Files.readString(loads);
        assertTrue(log.contains("dev.bollard.modules.files.ContentPlanner source: shared objects file"),
                "ContentPlanner (copy only) was not served by the archive:\n" + grep(log, "ContentPlanner"));
        assertEquals(recorded, Files.getLastModifiedTime(archive), "a run with a current archive must not record it again");
    }

    @Test
    void aNewerJarIsRecordedAgain() throws Exception {
        Run first = run(directoryPlaybook("made"), null);
        assertEquals(0, first.code(), first.out());
        assertTrue(Files.isRegularFile(archive), first.out());
        // the jar is rebuilt after the archive was made: it must not run with the old one
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        Path loads = root.resolve("class-loads.log");
        Run again = run(directoryPlaybook("again"), "-Xlog:class+load=info:file=" + loads);
        assertEquals(0, again.code(), again.out());
        assertEquals("", grep(Files.readString(loads), "dev.bollard.cli.Main source: shared objects file"), "the stale archive was mapped");
        assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0, "the archive was not recorded again");
    }

    /** A playbook whose one task makes the folder {@code work/NAME}. */
    private String directoryPlaybook(String name) throws IOException {
        return playbook(name + ".yml", "file", "path: '{{ dir }}/" + name + "'\n        state: directory");
    }

    private String playbook(String name, String module, String args) throws IOException {
        Path file = root.resolve(name);
        Files.writeString(file, "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: one task\n      " + module + ":\n        "
                + args + "\n");
        return file.toString();
    }

    /** Runs a playbook on this machine, its journal and its folder inside the test's own. */
    private Run run(String playbook, String javaOpts, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(playbook, "-c", "local", "-e", "dir=" + root.resolve("work"),
                "-e", "bollard_journal_dir=" + root.resolve("journal")));
        args.addAll(List.of(more));
        return bollard(args, javaOpts);
    }

    private Run bollard(List<String> args, String javaOpts) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("bollard").toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        String opts = "-Dbollard.localStateDir=" + root.resolve("state") + (javaOpts == null ? "" : " " + javaOpts);
        pb.environment().put("BOLLARD_JAVA_OPTS", opts);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
        return new Run(p.exitValue(), out);
    }

    private static String grep(String text, String word) {
        return String.join("\n", text.lines().filter(l -> l.contains(word)).limit(5).toList());
    }
}
