package dev.bollard.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Container tests need Docker and the local test images. On a user's machine without them the
 * tests are skipped with the reason; with REQUIRE_DOCKER=true (CI) they fail instead, so a green
 * CI run can never hide skipped container tests.
 */
public final class DockerGuard {
    private DockerGuard() {
    }

    public static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("REQUIRE_DOCKER"));
    }

    /** Why container tests cannot run here, or null when they can. */
    public static String problem(String image) {
        if (!DockerClientFactory.instance().isDockerAvailable()) return "no Docker engine answers";
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return null;
        } catch (RuntimeException e) {
            return "image " + image + " is missing (run scripts/build-test-images.sh)";
        }
    }

    public static void require(String image) {
        String problem = problem(image);
        if (problem == null) return;
        if (required()) Assertions.fail("REQUIRE_DOCKER=true but " + problem);
        Assumptions.abort("container test skipped: " + problem + " (set REQUIRE_DOCKER=true to make this an error)");
    }
}
