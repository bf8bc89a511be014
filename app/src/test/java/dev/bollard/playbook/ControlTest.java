package dev.bollard.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which tags name controls, what a loop item's control key may hold, and the order controls are listed in. */
class ControlTest {

    @Test
    void aTagIsAControlWhenItsIdStartsWithADigit() {
        assertEquals(Optional.of(new Control("cis", "2.14")), Control.parse("cis-2.14"));
        assertEquals(Optional.of(new Control("seed", "001")), Control.parse("seed-001"));
        assertEquals(Optional.of(new Control("docker-bench", "1.2")), Control.parse("docker-bench-1.2"));
        for (String ordinary : List.of("docker", "cis", "cis-", "cis-x1", "-1.2", "audit_rules", "1.2", "cis 1.2")) {
            assertTrue(Control.parse(ordinary).isEmpty(), ordinary);
        }
        assertEquals(List.of(new Control("cis", "2.2"), new Control("seed", "001")),
                Control.ofTags(List.of("seed-001", "docker", "cis-2.2", "always")));
    }

    @Test
    void idsOrderNumberByNumber() {
        List<Control> sorted = new ArrayList<>();
        for (String tag : List.of("cis-1.1.10", "seed-010", "cis-1.1.2", "cis-2.2", "cis-1.1", "seed-2", "cis-10.1", "cis-1.1.2a")) {
            sorted.add(Control.parse(tag).orElseThrow());
        }
        Collections.sort(sorted);
        assertEquals("[cis-1.1, cis-1.1.2, cis-1.1.2a, cis-1.1.10, cis-2.2, cis-10.1, seed-2, seed-010]", sorted.toString());
    }

    @Test
    void aLoopItemNamesItsControlsUnderControl() {
        assertEquals(List.of(new Control("cis", "1.1.3")), Control.ofItem(Map.of("path", "/usr/bin/dockerd", "control", "cis-1.1.3")));
        assertEquals(List.of(new Control("cis", "1.1.3"), new Control("cis", "1.1.4")),
                Control.ofItem(Map.of("path", "/x", "control", List.of("cis-1.1.4", "cis-1.1.3"))));
        assertEquals(List.of(), Control.ofItem(Map.of("path", "/x")));
        assertEquals(List.of(), Control.ofItem("/usr/bin/dockerd"));
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> Control.ofItem(Map.of("control", "cis1.1.3")));
        assertTrue(typo.getMessage().contains("'cis1.1.3' is not a control name"), typo.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Control.ofItem(Map.of("control", List.of("cis-1", 3))));
    }
}
