package dev.bollard.modules.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.Module;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Before the run, values only the run can fill in pass the checks of their shape; the same text given for real does not. */
class UnresolvedArgumentsTest {

    static <A> void lenient(Module<A> m, Map<String, ?> args) throws ArgsException {
        m.parse(Args.bind(m, args, true));
    }

    @Test
    void templatesWaitForTheRun() throws Exception {
        lenient(new LvgModule(), Map.of("vg", "{{ vg }}", "pvs", "{{ disk }}", "pesize", "{{ pe }}"));
        lenient(new LvolModule(), Map.of("vg", "{{ vg }}", "lv", "{{ lv }}", "size", "{{ size }}"));
        lenient(new FilesystemModule(), Map.of("dev", "{{ dev }}", "fstype", "{{ fs | default('ext4') }}"));
        lenient(new MountModule(), Map.of("path", "{{ dir }}", "src", "{{ dev }}", "fstype", "{{ fs }}", "opts", "{{ opts }}",
                "state", "mounted"));
        assertEquals("pvs", assertThrows(ArgsException.class,
                () -> new LvgModule().parse(Args.bind(new LvgModule(), Map.of("vg", "data", "pvs", "vdb"), true))).key());
    }
}
