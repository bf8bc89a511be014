package dev.bollard.testing;

import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** On CI (REQUIRE_ANSIBLE=true) the ansible command must be there, or the build fails here. */
class AnsibleRequiredTest {

    @Test
    void ansibleIsThereWhenRequired() {
        if (!AnsibleGuard.required()) return;
        assertNull(AnsibleGuard.problem());
    }
}
