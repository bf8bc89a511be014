package dev.bollard.expr;

import static dev.bollard.expr.JinjaFunction.test;
import static dev.bollard.expr.JinjaFunction.testWithArgs;

import com.hubspot.jinjava.interpret.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Ansible's tests: results of registered tasks, versions, regular expressions, sets, paths. */
final class AnsibleTests {
    private static final Pattern VERSION_PART = Pattern.compile("\\d+|[a-zA-Z]+");

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
            c.registerExpTest(testWithArgs(name, (v, a) -> version(Py.str(v), a.string(0, "version", ""), a.string(1, "operator", "eq"))));
        }
        c.registerExpTest(testWithArgs("match", (v, a) -> regex(v, a).matcher(Py.str(v)).lookingAt()));
        c.registerExpTest(testWithArgs("search", (v, a) -> regex(v, a).matcher(Py.str(v)).find()));
        c.registerExpTest(testWithArgs("regex", (v, a) -> "match".equals(a.string(3, "match_type", "search"))
                ? regex(v, a).matcher(Py.str(v)).lookingAt() : regex(v, a).matcher(Py.str(v)).find()));
        c.registerExpTest(test("contains", (v, a) -> Py.list(v, "contains").contains(JinjaValues.out(a.get(0, null, null)))));
        c.registerExpTest(test("subset", (v, a) -> Py.list(a.get(0, null, List.of()), "subset").containsAll(Py.list(v, "subset"))));
        c.registerExpTest(test("superset", (v, a) -> Py.list(v, "superset").containsAll(Py.list(a.get(0, null, List.of()), "superset"))));
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

    private static boolean flag(Object result, String key) {
        Object plain = JinjaValues.out(result);
        if (!(plain instanceof Map<?, ?> m)) throw new IllegalArgumentException("the '" + key + "' test needs a registered task result, not " + Py.typeName(plain));
        return Py.truthy(m.get(key));
    }

    private static Pattern regex(Object v, JinjaFunction.Args a) {
        return PyRegex.compile(a.string(0, "pattern", ""), a.bool(1, "ignorecase", false), a.bool(2, "multiline", false));
    }

    /** Ansible's default ("loose") version comparison: numbers compare as numbers, words as words. */
    static boolean version(String left, String right, String op) {
        int c = compareVersions(left, right);
        return switch (op) {
            case "<", "lt" -> c < 0;
            case "<=", "le" -> c <= 0;
            case ">", "gt" -> c > 0;
            case ">=", "ge" -> c >= 0;
            case "==", "=", "eq" -> c == 0;
            case "!=", "<>", "ne" -> c != 0;
            default -> throw new IllegalArgumentException("version: unknown operator '" + op + "' (use one of <, <=, >, >=, ==, !=, lt, le, gt, ge, eq, ne)");
        };
    }

    static int compareVersions(String a, String b) {
        List<String> x = parts(a);
        List<String> y = parts(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            String p = x.get(i);
            String q = y.get(i);
            boolean pn = Character.isDigit(p.charAt(0));
            boolean qn = Character.isDigit(q.charAt(0));
            int c;
            if (pn && qn) c = new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
            else if (pn != qn) c = pn ? -1 : 1;
            else c = p.compareTo(q);
            if (c != 0) return c;
        }
        return Integer.compare(x.size(), y.size());
    }

    private static List<String> parts(String v) {
        List<String> out = new ArrayList<>();
        var m = VERSION_PART.matcher(v);
        while (m.find()) out.add(m.group());
        return out;
    }
}
