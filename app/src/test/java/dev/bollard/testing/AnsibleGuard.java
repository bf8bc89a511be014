package dev.bollard.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that compare Bollard with Ansible need the {@code ansible} command (Debian's ansible-core).
 * Without it they are skipped with the reason; with REQUIRE_ANSIBLE=true (CI) they fail instead.
 */
public final class AnsibleGuard {
    private AnsibleGuard() {
    }

    public static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("REQUIRE_ANSIBLE"));
    }

    /** Why Ansible cannot run here, or null when it can. */
    public static String problem() {
        try {
            Process p = new ProcessBuilder("ansible", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "'ansible --version' did not answer in 60 s";
            }
            return p.exitValue() == 0 ? null : "'ansible --version' exited " + p.exitValue();
        } catch (IOException e) {
            return "no ansible command (apt-get install ansible)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public static void require() {
        String problem = problem();
        if (problem == null) return;
        if (required()) Assertions.fail("REQUIRE_ANSIBLE=true but " + problem);
        Assumptions.abort("comparison with Ansible skipped: " + problem + " (set REQUIRE_ANSIBLE=true to make this an error)");
    }
}
