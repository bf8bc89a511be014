package dev.bollard.expr;

import static dev.bollard.expr.JinjaFunction.test;
import static dev.bollard.expr.JinjaFunction.testWithArgs;

import com.hubspot.jinjava.interpret.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Ansible's tests: results of registered tasks, versions, regular expressions, sets, paths. */
final class AnsibleTests {
    private AnsibleTests() {
    }

    static void register(Context c) {
        c.registerExpTest(test("none", (v, a) -> JinjaValues.out(v) == null));
        c.registerExpTest(test("defined", (v, a) -> v != null && !(v instanceof Undefined)));
        c.registerExpTest(test("undefined", (v, a) -> v == null || v instanceof Undefined));
        for (String name : List.of("changed", "change")) c.registerExpTest(test(name, (v, a) -> flag(v, "changed")));
        for (String name : List.of("failed", "failure")) c.registerExpTest(test(name, (v, a) -> flag(v, "failed")));
        for (String name : List.of("succeeded", "success", "successful")) c.registerExpTest(test(name, (v, a) -> !flag(v, "failed")));
        for (String name : List.of("skipped", "skip")) c.registerExpTest(test(name, (v, a) -> flag(v, "skipped")));
        for (String name : List.of("version", "version_compare")) {
            c.registerExpTest(testWithArgs(name, (v, a) -> Versions.test(Py.str(v), a.string(0, "version", ""), a.string(1, "operator", "eq"),
                    a.bool(2, "strict", false), a.string(3, "version_type", null))));
        }
        c.registerExpTest(testWithArgs("match", (v, a) -> regex(v, a).matcher(Py.str(v)).lookingAt()));
        c.registerExpTest(testWithArgs("search", (v, a) -> regex(v, a).matcher(Py.str(v)).find()));
        c.registerExpTest(testWithArgs("regex", (v, a) -> "match".equals(a.string(3, "match_type", "search"))
                ? regex(v, a).matcher(Py.str(v)).lookingAt() : regex(v, a).matcher(Py.str(v)).find()));
        c.registerExpTest(test("contains", (v, a) -> keys(v, "contains").contains(Py.key(a.get(0, null, null)))));
        c.registerExpTest(test("subset", (v, a) -> keys(a.get(0, null, List.of()), "subset").containsAll(keys(v, "subset"))));
        c.registerExpTest(test("superset", (v, a) -> keys(v, "superset").containsAll(keys(a.get(0, null, List.of()), "superset"))));
        c.registerExpTest(test("all", (v, a) -> Py.list(v, "all").stream().allMatch(Py::truthy)));
        c.registerExpTest(test("any", (v, a) -> Py.list(v, "any").stream().anyMatch(Py::truthy)));
        c.registerExpTest(test("truthy", (v, a) -> Py.truthy(v)));
        c.registerExpTest(test("falsy", (v, a) -> !Py.truthy(v)));
        c.registerExpTest(test("file", (v, a) -> Files.isRegularFile(Path.of(Py.str(v)))));
        c.registerExpTest(test("directory", (v, a) -> Files.isDirectory(Path.of(Py.str(v)))));
        c.registerExpTest(test("exists", (v, a) -> Files.exists(Path.of(Py.str(v)))));
        c.registerExpTest(test("link", (v, a) -> Files.isSymbolicLink(Path.of(Py.str(v)))));
        c.registerExpTest(test("abs", (v, a) -> Py.str(v).startsWith("/")));
    }

    /** The items as Python compares them (1 == 1.0). */
    private static java.util.Set<Object> keys(Object v, String test) {
        java.util.Set<Object> out = new java.util.HashSet<>();
        for (Object o : Py.list(v, test)) out.add(Py.key(o));
        return out;
    }

    private static boolean flag(Object result, String key) {
        Object plain = JinjaValues.out(result);
        if (!(plain instanceof Map<?, ?> m)) throw new IllegalArgumentException("the '" + key + "' test needs a registered task result, not " + Py.typeName(plain));
        return Py.truthy(m.get(key));
    }

    private static Pattern regex(Object v, JinjaFunction.Args a) {
        return PyRegex.compile(a.string(0, "pattern", ""), a.bool(1, "ignorecase", false), a.bool(2, "multiline", false));
    }
}
