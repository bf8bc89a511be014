package dev.bollard.expr;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code lookup()} and {@code query()}/{@code q()}: env, file, template, vars and first_found, run
 * on the control machine. Files are searched as Ansible does: the role's, then the playbook's
 * {@code files/} or {@code templates/}, then beside the playbook.
 */
public final class Lookups {
    /** The lookup plugins Bollard has. */
    public static final Set<String> NAMES = Set.of("env", "file", "template", "vars", "first_found");

    private Lookups() {
    }

    static void register(Context c) throws NoSuchMethodException {
        c.registerFunction(new ELFunctionDefinition("", "lookup", Lookups.class.getMethod("lookup", String.class, Object[].class)));
        c.registerFunction(new ELFunctionDefinition("", "query", Lookups.class.getMethod("query", String.class, Object[].class)));
        c.registerFunction(new ELFunctionDefinition("", "q", Lookups.class.getMethod("query", String.class, Object[].class)));
    }

    /**
     * {@code lookup(name, terms...)}: the values joined with commas as Ansible does when they are
     * text, else the one value, else the list. {@code errors='ignore'} makes a failure None.
     */
    public static Object lookup(String name, Object... terms) {
        Call call = Call.of(terms);
        List<Object> values;
        try {
            values = run(name, call);
        } catch (RuntimeException e) {
            if (call.ignoreErrors()) return PyNone.NONE;
            throw e;
        }
        if (values.stream().allMatch(v -> v instanceof String)) {
            return name.endsWith("first_found") && values.isEmpty() ? values : String.join(",", values.stream().map(String.class::cast).toList());
        }
        return values.size() == 1 ? values.get(0) : values;
    }

    /** {@code query(name, terms...)} and {@code q()}: always a list. */
    public static List<Object> query(String name, Object... terms) {
        Call call = Call.of(terms);
        try {
            return run(name, call);
        } catch (RuntimeException e) {
            if (call.ignoreErrors()) return new ArrayList<>();
            throw e;
        }
    }

    /** A lookup's terms, and its options given by keyword ({@code default='x'}, {@code rstrip=false}). */
    private record Call(List<Object> terms, Map<String, Object> options) {
        static Call of(Object[] given) {
            List<Object> terms = new ArrayList<>();
            Map<String, Object> options = new HashMap<>();
            for (Object o : given) {
                if (o instanceof NamedParameter p) options.put(p.getName(), p.getValue());
                else terms.add(o);
            }
            return new Call(terms, options);
        }

        boolean ignoreErrors() {
            String errors = String.valueOf(options.getOrDefault("errors", "strict"));
            return errors.equals("ignore") || errors.equals("warn");
        }

        Object option(String name, Object fallback) {
            Object v = options.get(name);
            return v == null || v instanceof PyNone ? fallback : v;
        }
    }

    private static List<Object> run(String name, Call call) {
        JinjavaInterpreter in = JinjavaInterpreter.getCurrent();
        List<Object> out = new ArrayList<>();
        String plain = name.startsWith("ansible.builtin.") ? name.substring("ansible.builtin.".length()) : name;
        switch (plain) {
            case "env" -> {
                for (Object t : call.terms()) {
                    String v = System.getenv(Py.str(t).strip().split("\\s+")[0]);
                    out.add(v == null ? call.option("default", "") : v);
                }
            }
            case "file" -> {
                boolean rstrip = Py.truthy(call.option("rstrip", true));
                boolean lstrip = Py.truthy(call.option("lstrip", false));
                for (Object t : call.terms()) {
                    String text = read(find(in, Py.str(t), "files"));
                    if (rstrip) text = text.stripTrailing();
                    if (lstrip) text = text.stripLeading();
                    out.add(text);
                }
            }
            case "template" -> {
                for (Object t : call.terms()) {
                    String source = read(find(in, Py.str(t), "templates"));
                    out.add(Jinja.keepTrailingNewlines(source, in.render(JinjaSource.template(source, false))));
                }
            }
            case "vars" -> {
                for (Object t : call.terms()) out.add(variable(in, Py.str(t), call.option("default", null)));
            }
            case "first_found" -> firstFound(in, call, out);
            default -> throw new IllegalArgumentException("lookup plugin '" + name + "' is not available in Bollard (available: "
                    + String.join(", ", new java.util.TreeSet<>(NAMES)) + ")");
        }
        return out;
    }

    private static Object variable(JinjavaInterpreter in, String var, Object fallback) {
        Object v = in.getContext().containsKey(var) ? in.getContext().get(var) : in.getContext().getDynamicVariableResolver().apply(var);
        if (v == null || v instanceof Undefined) {
            if (fallback != null) return fallback;
            throw new IllegalArgumentException("lookup('vars'): no variable found with this name: " + var);
        }
        return v;
    }

    /** The first of the files that exists, looked for as {@code file} does or in {@code paths}; its absolute path. */
    private static void firstFound(JinjavaInterpreter in, Call call, List<Object> out) {
        List<String> files = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        boolean skip = Py.truthy(call.option("skip", false));
        files.addAll(strings(call.option("files", null), ",;"));
        paths.addAll(strings(call.option("paths", null), ",:;"));
        for (Object t : call.terms()) {
            Object plain = JinjaValues.out(t);
            for (Object term : plain instanceof List<?> l ? l : List.of(plain)) {
                if (term instanceof Map<?, ?> m) {
                    files.addAll(strings(m.get("files"), ",;"));
                    paths.addAll(strings(m.get("paths"), ",:;"));
                    skip |= Py.truthy(m.get("skip"));
                } else {
                    files.addAll(strings(term, ",;"));
                }
            }
        }
        List<String> tried = new ArrayList<>();
        for (String f : files) {
            List<Path> candidates = new ArrayList<>();
            if (paths.isEmpty()) candidates.addAll(searchPath(in, f, "files"));
            for (String p : paths) candidates.addAll(searchPath(in, Path.of(p).resolve(f).toString(), "files"));
            for (Path c : candidates) {
                if (Files.isRegularFile(c)) {
                    out.add(c.toAbsolutePath().normalize().toString());
                    return;
                }
                tried.add(c.toString());
            }
        }
        if (!skip) throw new IllegalArgumentException("first_found: none of the files was found (tried " + String.join(", ", tried) + ")");
    }

    /** Names from a list, or from one text holding several split on {@code separators}. */
    private static List<String> strings(Object v, String separators) {
        Object plain = JinjaValues.out(v);
        if (plain == null) return List.of();
        if (plain instanceof List<?> l) return l.stream().map(Py::str).toList();
        return java.util.Arrays.stream(Py.str(plain).split("[" + separators + "]"))
                .map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static Path find(JinjavaInterpreter in, String name, String folder) {
        List<Path> candidates = searchPath(in, name, folder);
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) return c;
        }
        throw new IllegalArgumentException("file '" + name + "' not found (looked in " + String.join(", ", candidates.stream().map(Path::toString).toList()) + ")");
    }

    private static List<Path> searchPath(JinjavaInterpreter in, String name, String folder) {
        Path p = Path.of(name);
        if (p.isAbsolute()) return List.of(p);
        List<Path> out = new ArrayList<>();
        Object role = in.getContext().get("role_path");
        if (role != null && !(role instanceof PyNone)) {
            out.add(Path.of(Py.str(role)).resolve(folder).resolve(name));
            out.add(Path.of(Py.str(role)).resolve(name));
        }
        Path base = base(in);
        out.add(base.resolve(folder).resolve(name));
        out.add(base.resolve(name));
        return out;
    }

    private static Path base(JinjavaInterpreter in) {
        Object dir = in.getContext().get("playbook_dir");
        return Path.of(dir == null || dir instanceof PyNone ? "." : Py.str(dir));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
