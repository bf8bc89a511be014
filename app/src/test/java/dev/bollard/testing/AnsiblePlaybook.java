package dev.bollard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Ansible's own {@code ansible-playbook}, run as a subprocess so Bollard can be compared with it.
 * Where it is not installed the comparison is skipped with the reason; with REQUIRE_ANSIBLE=true
 * (CI) it fails instead. Per-task results come from the {@code ansible.posix.json} stdout callback.
 */
public final class AnsiblePlaybook {
    private static final String COMMAND = "ansible-playbook";
    private static final String CALLBACK = "ansible.posix.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnsiblePlaybook() {
    }

    public static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("REQUIRE_ANSIBLE"));
    }

    /** Skips the calling test (or fails it on CI) when ansible-playbook is not on PATH. */
    public static void require() {
        if (onPath() == null) unavailable(COMMAND + " is not on PATH (apt-get install ansible)");
    }

    private static void unavailable(String why) {
        if (required()) Assertions.fail("REQUIRE_ANSIBLE=true but " + why);
        Assumptions.abort("Ansible comparison skipped: " + why + " (set REQUIRE_ANSIBLE=true to make this an error)");
    }

    private static Path onPath() {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, COMMAND);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }

    /**
     * An inventory for Ansible with the target as host {@code name}, logging in as root with the
     * test key. The containers are new on each run, so their host keys are not checked.
     */
    public static Path inventory(Path file, String name, SshTarget target) throws IOException {
        Files.writeString(file, "all:\n  vars:\n"
                + "    ansible_ssh_common_args: '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'\n"
                + "    ansible_python_interpreter: /usr/bin/python3\n"
                + "  hosts:\n" + target.inventoryEntry(name, "root"));
        return file;
    }

    /** One run: exit code, output, and the status of each task on {@code host} in the order run. */
    public record Run(int code, String out, String err, List<TaskStatus> tasks, int changed, int failed) {
        @Override
        public String toString() {
            String shown = out.length() > 4000 ? "..." + out.substring(out.length() - 4000) : out;
            return "ansible-playbook exit " + code + "\n--- stdout\n" + shown + "\n--- stderr\n" + err;
        }
    }

    /**
     * Runs the playbook. Ansible's state (local temp files, SSH control sockets) stays in
     * {@code work}, and a configuration file of its own there keeps the user's ansible.cfg out.
     */
    public static Run run(Path work, Path inventory, Path playbook, String host) {
        return run(work, inventory, playbook, host, List.of());
    }

    /** As above, with more command-line arguments ({@code --vault-password-file FILE}). */
    public static Run run(Path work, Path inventory, Path playbook, String host, List<String> more) {
        try {
            Path home = Files.createDirectories(work.resolve("ansible-home"));
            Path config = work.resolve("ansible.cfg");
            if (!Files.exists(config)) Files.writeString(config, "[defaults]\n");
            Path out = Files.createTempFile(work, "ansible-out", ".json");
            Path err = Files.createTempFile(work, "ansible-err", ".txt");
            List<String> command = new ArrayList<>(List.of(COMMAND, "-i", inventory.toString(), playbook.toString()));
            command.addAll(more);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = pb.environment();
            env.put("ANSIBLE_CONFIG", config.toString());
            env.put("ANSIBLE_HOME", home.toString());
            env.put("ANSIBLE_LOCAL_TEMP", home.resolve("tmp").toString());
            env.put("ANSIBLE_SSH_CONTROL_PATH_DIR", Files.createDirectories(work.resolve("cp")).toString());
            env.put("ANSIBLE_STDOUT_CALLBACK", CALLBACK);
            env.put("ANSIBLE_HOST_KEY_CHECKING", "False");
            env.put("ANSIBLE_PIPELINING", "True");
            env.put("ANSIBLE_RETRY_FILES_ENABLED", "False");
            env.put("ANSIBLE_NOCOLOR", "1");
            env.put("ANSIBLE_DEPRECATION_WARNINGS", "False");
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(COMMAND + " did not finish in 180 s: " + Files.readString(err));
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            if (stderr.contains("Invalid callback for stdout specified")) {
                unavailable("the " + CALLBACK + " callback is missing (the ansible package ships it; ansible-core alone does not)");
            }
            return parse(p.exitValue(), stdout, stderr, host);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + COMMAND, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What {@code ansible-playbook --syntax-check} said of a playbook: its exit code and output. */
    public record SyntaxCheck(int code, String output) {
    }

    /** Runs {@code ansible-playbook --syntax-check} on a playbook; Ansible's state stays in {@code work}. */
    public static SyntaxCheck syntaxCheck(Path work, Path playbook) {
        try {
            Path home = Files.createDirectories(work.resolve("ansible-home"));
            Path config = work.resolve("ansible.cfg");
            if (!Files.exists(config)) Files.writeString(config, "[defaults]\n");
            ProcessBuilder pb = new ProcessBuilder(COMMAND, "--syntax-check", "-i", "localhost,", playbook.toString())
                    .directory(work.toFile()).redirectErrorStream(true);
            pb.environment().put("ANSIBLE_CONFIG", config.toString());
            pb.environment().put("ANSIBLE_HOME", home.toString());
            pb.environment().put("ANSIBLE_LOCAL_TEMP", home.resolve("tmp").toString());
            pb.environment().put("ANSIBLE_NOCOLOR", "1");
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(COMMAND + " --syntax-check did not finish in 120 s");
            }
            return new SyntaxCheck(p.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + COMMAND, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Run parse(int code, String out, String err, String host) {
        JsonNode root;
        try {
            root = JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError(COMMAND + " printed no JSON (exit " + code + ")\n--- stdout\n" + out + "\n--- stderr\n" + err, e);
        }
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode play : root.path("plays")) {
            for (JsonNode task : play.path("tasks")) {
                JsonNode r = task.path("hosts").path(host);
                if (r.isMissingNode()) continue;
                tasks.add(new TaskStatus(task.path("task").path("name").asText(), status(r), r.path("msg").asText("")));
            }
        }
        JsonNode stats = root.path("stats").path(host);
        return new Run(code, out, err, List.copyOf(tasks), stats.path("changed").asInt(), stats.path("failures").asInt());
    }

    /** A host's result as one word, in Bollard's terms. */
    private static String status(JsonNode r) {
        if (r.path("unreachable").asBoolean()) return "unreachable";
        if (r.path("failed").asBoolean()) return "failed";
        if (r.path("skipped").asBoolean()) return "skipped";
        return r.path("changed").asBoolean() ? "changed" : "ok";
    }
}
