import dev.bollard.expr.Expressions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the Jinja engine costs Bollard: its start in a fresh JVM, then each kind of expression warm. */
public class JinjaCost {
    public static void main(String[] args) throws Exception {
        Map<String, Object> vars = new HashMap<>(Map.of("port", 8080, "users", List.of("alice", "bob"),
                "result", Map.of("rc", 0, "stdout", "ok", "changed", false), "flag", "yes", "name", "web1"));
        String template = "# {{ ansible_managed | default('x') }}\n{% for u in users %}\nuser {{ u }} on {{ port }}\n{% endfor %}\n";
        long t0 = System.nanoTime();
        Expressions ex = new Expressions();
        ex.test("result.rc == 0 and flag | bool", vars);
        long first = System.nanoTime() - t0;
        if (args.length > 0 && args[0].equals("--start")) {
            System.out.printf("%.1f%n", first / 1e6);
            return;
        }
        String[][] cases = {
            {"condition", "result.rc == 0 and flag | bool and 'bob' in users"},
            {"whole value", "{{ users }}"},
            {"string", "host {{ name }} listens on {{ port }}"},
            {"filters", "{{ users | map('upper') | join(',') | regex_replace('A', 'a') }}"},
            {"template", template},
        };
        System.out.println("| expression | µs each (warm, 20000 runs) |");
        System.out.println("|---|---|");
        for (String[] c : cases) {
            Runnable r = switch (c[0]) {
                case "condition" -> () -> call(() -> ex.test(c[1], vars));
                case "template" -> () -> call(() -> ex.renderFile("t.j2", c[1], vars));
                default -> () -> call(() -> ex.resolve(c[1], vars));
            };
            for (int i = 0; i < 20000; i++) r.run();
            long s = System.nanoTime();
            for (int i = 0; i < 20000; i++) r.run();
            System.out.printf("| %s `%s` | %.1f |%n", c[0], c[1].replace("\n", "\\n").replace("|", "\\|"), (System.nanoTime() - s) / 20000 / 1e3);
        }
    }

    interface Body {
        Object run() throws Exception;
    }

    private static void call(Body b) {
        try {
            b.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
