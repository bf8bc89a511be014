package dev.bollard.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Ansible's own commands (ansible-core: {@code ansible-vault}, {@code ansible}) for interop
 * tests. Where they are not installed the tests are skipped with the reason; with
 * REQUIRE_ANSIBLE=true (CI) they fail instead, so a green run cannot hide them.
 */
public final class AnsibleTool {
    private AnsibleTool() {
    }

    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Skips (or, with REQUIRE_ANSIBLE=true, fails) the calling test unless {@code command} is on PATH. */
    public static void require(String command) {
        if (find(command) != null) return;
        String problem = command + " is not on PATH (Debian: apt-get install ansible-core)";
        if ("true".equalsIgnoreCase(System.getenv("REQUIRE_ANSIBLE"))) Assertions.fail("REQUIRE_ANSIBLE=true but " + problem);
        Assumptions.abort("interop test skipped: " + problem + " (set REQUIRE_ANSIBLE=true to make this an error)");
    }

    private static Path find(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, command);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Runs the command in {@code dir}, with Ansible's state and temporary files kept there too. */
    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        require(command[0]);
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile());
        pb.environment().put("ANSIBLE_HOME", dir.resolve(".ansible").toString());
        pb.environment().put("ANSIBLE_LOCAL_TEMP", dir.resolve(".ansible/tmp").toString());
        pb.environment().put("ANSIBLE_LOCALHOST_WARNING", "false");
        pb.environment().put("ANSIBLE_INVENTORY_UNPARSED_WARNING", "false");
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail(String.join(" ", command) + " did not finish in 120 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
