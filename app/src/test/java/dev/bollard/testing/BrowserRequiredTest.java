package dev.bollard.testing;

import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** On CI (REQUIRE_BROWSER=true) chromium must be there, or the build fails here. */
class BrowserRequiredTest {

    @Test
    void chromiumIsThereWhenRequired() {
        if (!BrowserGuard.required()) return;
        assertNull(BrowserGuard.problem());
    }
}
