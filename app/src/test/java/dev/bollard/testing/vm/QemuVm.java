package dev.bollard.testing.vm;

import dev.bollard.spi.ExecResult;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real Debian 12 VM under QEMU (TCG) for end-to-end tests: a fresh "VPS" with ssh for {@code admin}
 * (passwordless sudo), systemd, device-mapper and a blank 4 GiB second disk {@code vdb}, from one of two
 * {@link Image images}: {@link #start()} boots the one with docker.io, auditd, LVM tools and the rootless
 * prerequisites preinstalled; {@link #startBare()} boots a provider's minimal image, whose apt reaches this
 * machine's Debian mirror through an {@link AptCacheProxy} so packages are downloaded once per machine.
 *
 * <p>It drives the scripts in {@code testing/vm/}: each image is built once into the cache
 * ({@code BOLLARD_VM_CACHE}, default /var/cache/bollard/vm, the bare one in its {@code bare/}) and each VM
 * runs on a throwaway overlay, so every start gets a pristine machine. Tests using it are tagged
 * {@code @Tag("vm")}. If QEMU or debootstrap are missing and cannot be installed, starting skips the test
 * through an assumption; with {@code REQUIRE_VM=true} it fails instead, so CI cannot turn green by skipping.
 */
public final class QemuVm implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final String USER = "admin";
    /** Exit code of the scripts for "needed tools are missing and cannot be installed". */
    private static final int EXIT_UNAVAILABLE = 3;
    /** The host's loopback as QEMU's user network shows it to the guest. */
    private static final String HOST_SEEN_FROM_GUEST = "10.0.2.2";
    /** Where the guest's apt learns about the proxy; a file of its own, so a playbook's apt settings stay apart. */
    public static final String APT_PROXY_CONF = "/etc/apt/apt.conf.d/01bollard-test-cache";

    /** The images the VM can boot, each built and cached on first use by {@code testing/vm/build-image.sh}. */
    public enum Image {
        /** docker.io, auditd, lvm2, uidmap, rootlesskit, slirp4netns, socat, ... preinstalled; apt as debootstrap left it. */
        TOOLS(List.of(), ""),
        /** A provider's minimal Debian 12: kernel, systemd, sshd, sudo, apt on this machine's mirrors through the cache. */
        BARE(List.of("--bare"), "bare");

        private final List<String> buildOptions;
        private final String subdirectory;

        Image(List<String> buildOptions, String subdirectory) {
            this.buildOptions = buildOptions;
            this.subdirectory = subdirectory;
        }
    }

    private final Path scripts;
    private final Path runDir;
    private final int port;
    private final long pid;
    private final AptCacheProxy aptCache;
    private final Thread shutdownHook;
    private boolean closed;

    private QemuVm(Path scripts, Path runDir, int port, long pid, AptCacheProxy aptCache) {
        this.scripts = scripts;
        this.runDir = runDir;
        this.port = port;
        this.pid = pid;
        this.aptCache = aptCache;
        this.shutdownHook = new Thread(this::stopQuietly, "bollard-vm-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The VM with the tools preinstalled: builds the image when the cache lacks it (minutes), boots, waits for ssh. */
    public static QemuVm start() {
        return start(Image.TOOLS);
    }

    /**
     * A bare VM, like a provider's minimal Debian 12 image: builds the image when the cache lacks it, starts
     * an {@link AptCacheProxy} for this machine's mirrors, boots, and points the guest's apt at the proxy
     * ({@link #APT_PROXY_CONF}) before returning. The guest has no package lists yet: run {@code apt-get update}
     * first. {@link #close()} stops the proxy too.
     */
    public static QemuVm startBare() {
        return start(Image.BARE);
    }

    public static QemuVm start(Image image) {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            unavailable("the test VM needs a Linux host with QEMU");
        }
        Path scripts = findScripts();
        Path base = Path.of(System.getenv().getOrDefault("BOLLARD_VM_CACHE", "/var/cache/bollard/vm"));
        Path cache = image.subdirectory.isEmpty() ? base : base.resolve(image.subdirectory);
        long begin = System.nanoTime();
        List<String> build = new ArrayList<>(List.of(scripts.resolve("build-image.sh").toString()));
        build.addAll(image.buildOptions);
        build.add(cache.toString());
        ExecResult built = run(Duration.ofMinutes(30), QemuVm::progress, build, Map.of());
        checkScript("build-image.sh", built);

        Path runDir;
        try {
            runDir = Files.createTempDirectory("bollard-vm-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AptCacheProxy aptCache = image == Image.BARE ? AptCacheProxy.forMachineMirrors(base.resolve("apt-debs")) : null;
        long booting = System.nanoTime();
        ExecResult started = run(Duration.ofMinutes(8), QemuVm::progress,
                List.of(scripts.resolve("start.sh").toString(), cache.toString(), runDir.toString()),
                Map.of("BOLLARD_VM_OWNER_PID", Long.toString(ProcessHandle.current().pid())));
        if (!started.ok()) {
            run(Duration.ofMinutes(2), line -> { }, List.of(scripts.resolve("stop.sh").toString(), runDir.toString()), Map.of());
            if (aptCache != null) aptCache.close();
        }
        checkScript("start.sh", started);
        QemuVm vm = new QemuVm(scripts, runDir, Integer.parseInt(value(started, "PORT")),
                Long.parseLong(value(started, "PID")), aptCache);
        if (aptCache != null) vm.useAptCache();
        progress(String.format("VM (%s image) ready on %s:%d: image check %d s, boot to ssh %d s",
                image.name().toLowerCase(), HOST, vm.port, seconds(booting - begin), seconds(System.nanoTime() - booting)));
        return vm;
    }

    /** Writes the guest's apt proxy setting; a VM whose apt would bypass the cache is stopped, not handed out. */
    private void useAptCache() {
        String conf = aptCache.aptConfig(HOST_SEEN_FROM_GUEST);
        ExecResult written = exec("echo '" + conf + "' | sudo -n tee " + APT_PROXY_CONF + " >/dev/null", Duration.ofMinutes(1));
        if (!written.ok()) {
            close();
            Assertions.fail("could not write " + APT_PROXY_CONF + " in the test VM (exit " + written.rc() + "): "
                    + written.firstErrorLine());
        }
    }

    /**
     * An inventory file in {@code dir} with this VM as host {@code vps}, reached as {@link #user()}
     * with become, and {@code hostVars} added (YAML lines, indented relative to one another).
     */
    public java.nio.file.Path inventory(java.nio.file.Path dir, String hostVars) throws java.io.IOException {
        StringBuilder vars = new StringBuilder();
        for (String line : hostVars.stripIndent().split("\n")) if (!line.isBlank()) vars.append("      ").append(line).append('\n');
        return java.nio.file.Files.writeString(dir.resolve("inventory.yml"), """
                all:
                  hosts:
                    vps:
                      ansible_host: %s
                      ansible_port: %d
                      ansible_user: %s
                      ansible_ssh_private_key_file: %s
                      ansible_become: true
                """.formatted(host(), port(), user(), privateKey()) + vars);
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    /** The private key {@code admin} logs in with (mode 0600, private to this run). */
    public Path privateKey() {
        return runDir.resolve("id_ed25519");
    }

    /** The apt cache the guest's apt goes through: present for the bare image only. */
    public java.util.Optional<AptCacheProxy> aptCache() {
        return java.util.Optional.ofNullable(aptCache);
    }

    /** The run's directory: overlays, console.log, vm.env. Removed by {@link #close()}. */
    public Path runDir() {
        return runDir;
    }

    /** Runs a shell command on the VM as {@code admin} over plain ssh, independent of Bollard's own client. */
    public ExecResult exec(String command) {
        return exec(command, Duration.ofMinutes(10));
    }

    public ExecResult exec(String command, Duration timeout) {
        ensureOpen();
        return run(timeout, null, List.of(scripts.resolve("ssh.sh").toString(), runDir.toString(), command), Map.of());
    }

    /** Reboots the guest and waits until ssh answers from the new boot; the disks persist. */
    public void reboot() {
        ensureOpen();
        long begin = System.nanoTime();
        ExecResult result = run(Duration.ofMinutes(8), QemuVm::progress,
                List.of(scripts.resolve("reboot.sh").toString(), runDir.toString()), Map.of());
        if (!result.ok()) {
            throw new IllegalStateException("reboot of the test VM failed (exit " + result.rc() + "):\n"
                    + tail(result.stderr(), 40));
        }
        progress("VM rebooted: ssh back after " + seconds(System.nanoTime() - begin) + " s");
    }

    /** The last lines of the serial console, for failure messages. */
    public String consoleTail(int lines) {
        try {
            return tail(Files.readString(runDir.resolve("console.log"), StandardCharsets.ISO_8859_1), lines);
        } catch (IOException e) {
            return "(no console log: " + e.getMessage() + ")";
        }
    }

    /** Powers the VM off (killing it after a timeout), removes the run directory and stops the apt cache, if any. */
    @Override
    public synchronized void close() {
        if (closed) return;
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing left to do
        }
    }

    private synchronized void stopQuietly() {
        if (closed) return;
        closed = true;
        ExecResult result = run(Duration.ofMinutes(3), QemuVm::progress,
                List.of(scripts.resolve("stop.sh").toString(), runDir.toString()), Map.of());
        if (!result.ok()) {
            progress("stopping the VM (QEMU pid " + pid + ") failed: " + result.firstErrorLine());
        }
        if (aptCache != null) aptCache.close();
    }

    private synchronized void ensureOpen() {
        if (closed) throw new IllegalStateException("the test VM is already stopped");
    }

    private static void checkScript(String script, ExecResult result) {
        if (result.rc() == EXIT_UNAVAILABLE) {
            unavailable(lastLine(result.stderr()));
        }
        if (!result.ok()) {
            Assertions.fail("testing/vm/" + script + " failed (exit " + result.rc() + "):\n" + tail(result.stderr(), 40));
        }
    }

    private static void unavailable(String why) {
        String message = "no test VM: " + why;
        if ("true".equalsIgnoreCase(System.getenv("REQUIRE_VM"))) {
            Assertions.fail(message + " (REQUIRE_VM=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(message);
    }

    /** testing/vm/ from the repository root: Maven runs tests in the module directory, so look upwards. */
    private static Path findScripts() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testing/vm");
            if (Files.isRegularFile(candidate.resolve("start.sh"))) return candidate;
        }
        throw new IllegalStateException("testing/vm/start.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static String value(ExecResult result, String key) {
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith(key + "=")) return line.substring(key.length() + 1).strip();
        }
        throw new IllegalStateException("start.sh printed no " + key + "= line; it printed:\n" + result.stdout());
    }

    /**
     * Runs a local command with stdin closed. Stderr lines go to {@code onStderr} as they come (progress of
     * the slow scripts) when it is given; the result holds both streams.
     */
    private static ExecResult run(Duration timeout, Consumer<String> onStderr, List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            unavailable("cannot run " + command.get(0) + ": " + e.getMessage());
            throw new AssertionError("unreachable");
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readLines(process.getErrorStream(), onStderr));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
            }
            return new ExecResult(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String readLines(InputStream in, Consumer<String> onLine) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (in) {
            int b;
            while ((b = in.read()) != -1) {
                all.write(b);
                if (b != '\n') {
                    line.write(b);
                } else {
                    if (onLine != null) onLine.accept(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
            }
        } catch (IOException e) {
            // the process went away; keep what was read
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private static void progress(String line) {
        System.err.println(line.startsWith("[vm") ? line : "[vm] " + line);
    }

    private static String tail(String text, int lines) {
        Deque<String> last = new ArrayDeque<>();
        for (String line : text.split("\n")) {
            if (last.size() == lines) last.removeFirst();
            last.addLast(line);
        }
        return String.join("\n", new ArrayList<>(last));
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].replaceFirst("^\\[vm [0-9:]+\\] (UNAVAILABLE: )?", "");
    }

    private static long seconds(long nanos) {
        return Math.round(nanos / 1e9);
    }
}
