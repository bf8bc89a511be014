package dev.bollard.modules.system;

import static dev.bollard.modules.LocalHost.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.modules.LocalHost;
import dev.bollard.spi.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sysctl on this machine's real kernel, without changing it: the value asked for is the one the
 * kernel already has, so only the file under test is written.
 */
class SysctlModuleTest {
    @TempDir
    Path dir;

    private final SysctlModule module = new SysctlModule();

    @Test
    void fileWrittenLiveValueReadAndVerified() throws Exception {
        String current = new String(new ProcessBuilder("sysctl", "-n", "kernel.pid_max").start().getInputStream().readAllBytes()).strip();
        Path conf = dir.resolve("99-test.conf");
        Files.writeString(conf, "# kept\nkernel.pid_max = 1\n");
        var a = args("name", "kernel.pid_max", "value", current, "sysctl_file", conf.toString());
        Plan p = new LocalHost(dir).run(module, a, false);
        assertEquals(1, ((Plan.Change) p).steps().size(), "the live value already matches: only the file changes");
        assertEquals("# kept\nkernel.pid_max=" + current + "\n", Files.readString(conf), "a new line is written as Ansible writes it");
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(module, a, false));
        assertTrue(new LocalHost(dir).verify(module, a).holds());
        Files.writeString(conf, "kernel.pid_max = " + current + "\n");
        assertInstanceOf(Plan.NoOp.class, new LocalHost(dir).plan(module, a, false), "a spaced line with the value is kept");
        Files.writeString(conf, "kernel.pid_max = 7\n");
        assertFalse(new LocalHost(dir).verify(module, a).holds(), "a hand edit of the file is caught");
    }

    @Test
    void aDifferentLiveValueIsPlannedAsSysctlW() throws Exception {
        Path conf = dir.resolve("99-test.conf");
        var a = args("name", "kernel.pid_max", "value", "4194303x", "sysctl_file", conf.toString());
        Plan.Change c = (Plan.Change) new LocalHost(dir).plan(module, a, true);
        assertEquals(2, c.steps().size());
        assertEquals("sysctl -w kernel.pid_max=4194303x", c.steps().get(1).describe());
        assertFalse(Files.exists(conf), "planning wrote nothing");
    }
}
