package dev.bollard.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests of the HTML report in a real browser need Debian's {@code chromium}. Without it they are
 * skipped with the reason; with REQUIRE_BROWSER=true (CI, whose .ci/run installs it) they fail.
 */
public final class BrowserGuard {
    private BrowserGuard() {
    }

    public static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("REQUIRE_BROWSER"));
    }

    /** The chromium command on PATH, or null. */
    public static Path chromium() {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "chromium");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Why the browser tests cannot run here, or null when they can. */
    public static String problem() {
        return chromium() == null ? "no chromium command on PATH (apt-get install chromium)" : null;
    }

    public static void require() {
        String problem = problem();
        if (problem == null) return;
        if (required()) Assertions.fail("REQUIRE_BROWSER=true but " + problem);
        Assumptions.abort("browser test skipped: " + problem + " (set REQUIRE_BROWSER=true to make this an error)");
    }
}
