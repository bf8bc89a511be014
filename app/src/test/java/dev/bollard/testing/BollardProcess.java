package dev.bollard.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bollard command line in a JVM of its own, for what a test cannot do to its own JVM: kill it
 * mid-run, or give it a small heap. Its output goes to files in {@code dir}.
 */
public final class BollardProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private BollardProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public static BollardProcess start(Path dir, List<String> jvmOptions, String... args) throws IOException {
        return start(dir, jvmOptions, java.util.Map.of(), args);
    }

    /** As above, with {@code env} added to this JVM's environment (what a user exports before the run). */
    public static BollardProcess start(Path dir, List<String> jvmOptions, java.util.Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.bollard.cli.Main");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "bollard-out", ".txt");
        Path err = Files.createTempFile(dir, "bollard-err", ".txt");
        ProcessBuilder b = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        b.environment().putAll(env);
        Process p = b.start();
        return new BollardProcess(p, out, err);
    }

    public Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hook, no clean disconnect; the kernel closes its sockets. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the run to end and reads what it printed. */
    public Bollard.Run await(long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the run did not end in " + seconds + " s:\n" + output());
        }
        return new Bollard.Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    public String output() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8) + "\n--- stderr\n" + Files.readString(err, StandardCharsets.UTF_8);
    }
}
