package dev.bollard.modules.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of subid and capabilities. */
class SystemLogicTest {

    @Test
    void freeSubordinateRangeAvoidsOverlapsAndAligns() {
        assertEquals(100000, SubIdRanges.free(List.of(), 65536));
        var taken = SubIdRanges.parse("alice:100000:65536\nbob:165536:65536\n");
        assertEquals(231072, SubIdRanges.free(taken, 65536));
        var odd = SubIdRanges.parse("weird:120000:10\n");
        assertEquals(165536, SubIdRanges.free(odd, 65536));
        assertEquals("alice:100000:65536\ncarol:231072:65536\n", SubIdRanges.withLine("alice:100000:65536\n", "carol", "carol:231072:65536"));
        assertEquals("bob:1:2\n", SubIdRanges.withLine("alice:100000:65536\nbob:1:2\n", "alice", null));
    }

    @Test
    void getcapOutputsOldAndNew() {
        assertEquals(Map.of("cap_net_bind_service", "ep"), CapabilitiesModule.parse("/usr/bin/rootlesskit cap_net_bind_service=ep\n", "/usr/bin/rootlesskit"));
        assertEquals(Map.of("cap_net_bind_service", "ep"), CapabilitiesModule.parse("/usr/bin/rootlesskit = cap_net_bind_service+ep\n", "/usr/bin/rootlesskit"));
        assertEquals(Map.of("cap_net_raw", "ep", "cap_net_admin", "ep"), CapabilitiesModule.parse("/bin/x cap_net_admin,cap_net_raw=ep", "/bin/x"));
        assertEquals(Map.of(), CapabilitiesModule.parse("", "/bin/x"));
    }
}
