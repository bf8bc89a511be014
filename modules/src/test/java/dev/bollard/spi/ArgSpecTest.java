package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgSpecTest {
    private static final ArgSpec SPEC = ArgSpec.of(
            Param.path("path", "the file").mandatory().aliases("dest", "name"),
            Param.choice("state", "present or absent", "present", "absent"),
            Param.str("line", "a line"),
            Param.str("regexp", "a pattern"),
            Param.str("insertafter", "after"),
            Param.str("insertbefore", "before"),
            Param.bool("create", false, "create the file"),
            Param.integer("count", "how many"),
            Param.list("groups", "groups"),
            Param.mode("mode", "mode"),
            Param.str("password", "a secret").secret())
            .mutuallyExclusive("insertafter", "insertbefore")
            .requiredTogether("line", "regexp")
            .requiredIf("state", "present", "line");

    private static Args bind(Object... kv) throws ArgsException {
        return bindLenient(false, kv);
    }

    private static Args bindLenient(boolean lenient, Object... kv) throws ArgsException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return SPEC.bind("demo", m, lenient);
    }

    private static String error(Object... kv) {
        return assertThrows(ArgsException.class, () -> bind(kv)).getMessage();
    }

    @Test
    void aliasesArriveUnderTheDeclaredNameAndDefaultsAreFilledIn() throws Exception {
        Args a = bind("dest", "/etc/x", "line", "l", "regexp", "^l");
        assertEquals("/etc/x", a.string("path"));
        assertEquals("present", a.string("state"));
        assertEquals(false, a.bool("create", true));
        assertEquals("'dest' and 'name' are the same argument of module demo; give only one",
                error("dest", "/a", "name", "/b", "state", "absent"));
    }

    @Test
    void unknownKeysGetTheClosestNameAndTheList() {
        assertEquals("unknown argument 'pth' for module demo (did you mean 'path'?); it takes path, state, line, regexp, insertafter, "
                + "insertbefore, create, count, groups, mode, password", error("pth", "/x", "state", "absent"));
    }

    @Test
    void typesAreConvertedAsAnsibleDoes() throws Exception {
        Args a = bind("path", "/x", "state", "absent", "create", "yes", "count", "12", "groups", "docker, sudo", "mode", 644);
        assertEquals(true, a.bool("create", false));
        assertEquals(12, a.optInt("count").orElseThrow());
        assertEquals(List.of("docker", "sudo"), a.stringList("groups"));
        assertEquals("0644", a.mode("mode").orElseThrow());
        assertEquals("'create' must be true or false, not 'maybe'", error("path", "/x", "state", "absent", "create", "maybe"));
        assertEquals("'count' must be an integer, not 'many'", error("path", "/x", "state", "absent", "count", "many"));
        assertEquals("'mode' must be an octal mode such as \"0644\", not '0999'", error("path", "/x", "state", "absent", "mode", "0999"));
        assertEquals("'path' must be a path, not a list", error("path", List.of("/x"), "state", "absent"));
        assertEquals("'state' must be one of present, absent, not 'absnet' (did you mean 'absent'?)", error("path", "/x", "state", "absnet"));
    }

    @Test
    void rulesBetweenKeysAreEnforced() {
        assertEquals("missing required argument 'path' for module demo", error("state", "absent"));
        assertEquals("module demo takes insertafter or insertbefore, not both",
                error("path", "/x", "state", "absent", "insertafter", "a", "insertbefore", "b"));
        assertEquals("'line' needs 'regexp' as well (module demo)", error("path", "/x", "line", "l"));
        assertEquals("state: present needs 'line' (module demo)", error("path", "/x"));
        assertEquals(List.of("give at most one of insertafter, insertbefore", "give line, regexp together or not at all",
                "state: present needs line"), SPEC.rules());
        assertEquals(java.util.Set.of("password"), SPEC.secrets());
    }

    @Test
    void beforeTheRunATemplatePassesTheShapeChecks() throws Exception {
        Args a = bindLenient(true, "path", "{{ dir }}/x", "state", "{{ wanted }}", "count", "{{ n }}", "create", "{{ flag }}");
        assertEquals("{{ dir }}/x", a.string("path"));
        assertThrows(ArgsException.class, () -> bindLenient(false, "path", "/x", "state", "{{ wanted }}"));
    }

    @Test
    void aModuleCannotReadWhatItDidNotDeclare() throws Exception {
        Args a = bind("path", "/x", "state", "absent");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.string("owner", "root"));
        assertTrue(e.getMessage().contains("reads 'owner', which it does not declare"), e.getMessage());
    }
}
