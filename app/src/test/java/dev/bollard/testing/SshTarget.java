package dev.bollard.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A real sshd host in a container, built from the local test images (scripts/build-test-images.sh):
 * root, {@code deploy} (passwordless sudo) and {@code alice} (sudo with her password {@link #ALICE_PASSWORD}),
 * all logging in with one key pair made for this test JVM.
 */
public final class SshTarget implements AutoCloseable {
    public static final String SSHD_IMAGE = "bollard/test-sshd:1";
    public static final String SYSTEMD_IMAGE = "bollard/test-systemd:1";
    /** alice's login password, which is also what sudo asks her for. */
    public static final String ALICE_PASSWORD = "alice-login-pw";
    public static final String LABEL = "dev.bollard.test";

    private static Path keyDir;
    private final GenericContainer<?> container;

    private SshTarget(GenericContainer<?> container) {
        this.container = container;
    }

    /** A plain sshd container. Skips (or, on CI, fails) when Docker or the images are missing. */
    public static SshTarget sshd() {
        DockerGuard.require(SSHD_IMAGE);
        return start(new GenericContainer<>(DockerImageName.parse(SSHD_IMAGE)));
    }

    /** A container with systemd as PID 1 and sshd as one of its services. */
    public static SshTarget systemd() {
        DockerGuard.require(SYSTEMD_IMAGE);
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(SYSTEMD_IMAGE))
                .withTmpFs(Map.of("/run", "rw,exec", "/run/lock", "rw"))
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.getHostConfig().withCapAdd(com.github.dockerjava.api.model.Capability.SYS_ADMIN)
                            .withCgroupnsMode("private");
                });
        return start(c);
    }

    /** A plain sshd container with a small tmpfs at {@code path} (options as docker's --tmpfs: {@code size=64k}), for a full disk. */
    public static SshTarget sshdWithTmpFs(String path, String options) {
        DockerGuard.require(SSHD_IMAGE);
        return start(new GenericContainer<>(DockerImageName.parse(SSHD_IMAGE)).withTmpFs(Map.of(path, options)));
    }

    /**
     * A plain sshd container on {@code network} under the name {@code alias}. With {@code published} false
     * it is on that network only, with no port on the Docker host: reachable only through another
     * container on the network (a jump host); with true its port 22 is also mapped on the Docker host.
     */
    public static SshTarget sshdOn(Network network, String alias, boolean published) {
        DockerGuard.require(SSHD_IMAGE);
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(SSHD_IMAGE))
                .withNetwork(network).withNetworkAliases(alias);
        if (published) return start(c);
        c.waitingFor(Wait.forLogMessage(".*Server listening.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
        return start(c, false);
    }

    private static SshTarget start(GenericContainer<?> c) {
        c.waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(60)));
        return start(c, true);
    }

    private static SshTarget start(GenericContainer<?> c, boolean published) {
        Path pub = publicKey();
        String authorized;
        try {
            authorized = Files.readString(pub);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (String home : List.of("/root", "/home/deploy", "/home/alice")) {
            c.withCopyToContainer(Transferable.of(authorized.getBytes(StandardCharsets.UTF_8), 0600), home + "/.ssh/authorized_keys");
        }
        c.withImagePullPolicy(name -> false).withLabel(LABEL, "true");
        if (published) c.withExposedPorts(22);
        c.start();
        SshTarget t = new SshTarget(c);
        t.exec("chown -R deploy: /home/deploy/.ssh && chown -R alice: /home/alice/.ssh");
        t.waitForSsh();
        return t;
    }

    /** sshd in the systemd image starts after the port is mapped; wait until it says hello. */
    private void waitForSsh() {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (exec("bash -c '(exec 3<>/dev/tcp/127.0.0.1/22 && head -c 4 <&3) 2>/dev/null'").out().startsWith("SSH")) return;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("sshd did not answer in 60 s in " + container.getDockerImageName());
    }

    public String host() {
        return container.getHost();
    }

    public int port() {
        return container.getMappedPort(22);
    }

    /** The container's address on its (first) Docker network: reached directly, with no port proxy in between. */
    public String address() {
        return inspect().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    /** A YAML inventory entry as {@link #inventoryEntry}, reaching the host on its network address and port 22. */
    public String inventoryEntryByAddress(String name, String user) {
        return "    " + name + ":\n"
                + "      ansible_host: " + address() + "\n"
                + "      ansible_user: " + user + "\n"
                + "      ansible_ssh_private_key_file: " + privateKey() + "\n";
    }

    /** Freezes every process of the host (docker pause): its TCP connections stay open and go silent. */
    public void pause() {
        DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
    }

    public void unpause() {
        DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
    }

    /** Takes the host off its networks (docker network disconnect): the wire is cut, nothing on the host is told. */
    public List<String> disconnect() {
        List<String> networks = List.copyOf(inspect().getNetworkSettings().getNetworks().keySet());
        for (String n : networks) {
            DockerClientFactory.instance().client().disconnectFromNetworkCmd().withContainerId(container.getContainerId())
                    .withNetworkId(n).withForce(true).exec();
        }
        return networks;
    }

    /** Puts the host back on the networks {@link #disconnect} took it off; its address may change. */
    public void reconnect(List<String> networks) {
        for (String n : networks) {
            DockerClientFactory.instance().client().connectToNetworkCmd().withContainerId(container.getContainerId())
                    .withNetworkId(n).exec();
        }
    }

    private com.github.dockerjava.api.command.InspectContainerResponse inspect() {
        return DockerClientFactory.instance().client().inspectContainerCmd(container.getContainerId()).exec();
    }

    /** Adds a public key line to {@code user}'s authorized_keys. */
    public void authorize(String user, String publicKeyLine) {
        String home = user.equals("root") ? "/root" : "/home/" + user;
        ExecResult r = exec("printf '%s\\n' '" + publicKeyLine.trim() + "' >> " + home + "/.ssh/authorized_keys");
        if (!r.ok()) throw new IllegalStateException("cannot authorize a key: " + r.err());
    }

    /** The container's host name, as {@code hostname} prints it inside. */
    public String hostname() {
        return exec("hostname").out().trim();
    }

    /** The private key every user of every target accepts. */
    public Path privateKey() {
        return keyDir.resolve("id_ed25519");
    }

    /** The output of a command run as root inside the container: an independent check, not through Bollard. */
    public record ExecResult(int rc, String out, String err) {
        public boolean ok() {
            return rc == 0;
        }
    }

    public ExecResult exec(String command) {
        try {
            Container.ExecResult r = container.execInContainer("sh", "-c", command);
            return new ExecResult(r.getExitCode(), r.getStdout(), r.getStderr());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A YAML inventory with this target as {@code name}, logging in as {@code user}. */
    public String inventoryEntry(String name, String user) {
        return "    " + name + ":\n"
                + "      ansible_host: " + host() + "\n"
                + "      ansible_port: " + port() + "\n"
                + "      ansible_user: " + user + "\n"
                + "      ansible_ssh_private_key_file: " + privateKey() + "\n";
    }

    private static synchronized Path publicKey() {
        if (keyDir == null) {
            try {
                keyDir = Files.createTempDirectory("bollard-test-keys");
                Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bollard-test",
                        "-f", keyDir.resolve("id_ed25519").toString()).redirectErrorStream(true).start();
                if (p.waitFor() != 0) throw new IllegalStateException("ssh-keygen failed: " + new String(p.getInputStream().readAllBytes()));
            } catch (IOException e) {
                throw new IllegalStateException("ssh-keygen is needed for the container tests (apt-get install openssh-client)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return keyDir.resolve("id_ed25519.pub");
    }

    public static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @Override
    public void close() {
        container.stop();
    }
}
