package dev.bollard.testing;

import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** On CI (REQUIRE_DOCKER=true) Docker and every test image must be there, or the build fails here. */
class DockerRequiredTest {

    @Test
    void dockerAndImagesAreThereWhenRequired() {
        if (!DockerGuard.required()) return;
        assertNull(DockerGuard.problem(SshTarget.SSHD_IMAGE));
        assertNull(DockerGuard.problem(SshTarget.SYSTEMD_IMAGE));
    }
}
