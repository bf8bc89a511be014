package dev.bollard.expr;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** {@code lookup(name, terms...)}: one value, or the values joined with commas as Ansible does. */
    public static Object lookup(String name, Object... terms) {
        List<Object> values = query(name, terms);
        if (values.size() == 1) return values.get(0);
        List<String> parts = new ArrayList<>();
        for (Object v : values) parts.add(Py.str(v));
        return String.join(",", parts);
    }

    public static List<Object> query(String name, Object... terms) {
        JinjavaInterpreter in = JinjavaInterpreter.getCurrent();
        List<Object> out = new ArrayList<>();
        if (name.startsWith("ansible.builtin.")) name = name.substring("ansible.builtin.".length());
        switch (name) {
            case "env" -> {
                for (Object t : terms) {
                    String v = System.getenv(Py.str(t));
                    out.add(v == null ? "" : v);
                }
            }
            case "file" -> {
                for (Object t : terms) out.add(read(find(in, Py.str(t), "files")).stripTrailing());
            }
            case "template" -> {
                for (Object t : terms) out.add(in.render(read(find(in, Py.str(t), "templates"))));
            }
            case "vars" -> {
                for (Object t : terms) {
                    String var = Py.str(t);
                    if (!in.getContext().containsKey(var)) throw new IllegalArgumentException("lookup('vars'): variable '" + var + "' is not defined");
                    out.add(in.getContext().get(var));
                }
            }
            case "first_found" -> out.add(firstFound(in, terms));
            default -> throw new IllegalArgumentException("lookup plugin '" + name + "' is not available in Bollard (available: "
                    + String.join(", ", new java.util.TreeSet<>(NAMES)) + ")");
        }
        return out;
    }

    private static String firstFound(JinjavaInterpreter in, Object[] terms) {
        List<String> files = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Object t : terms) {
            Object plain = JinjaValues.out(t);
            if (plain instanceof Map<?, ?> m) {
                files.addAll(strings(m.get("files")));
                paths.addAll(strings(m.get("paths")));
            } else {
                files.addAll(strings(plain));
            }
        }
        List<String> tried = new ArrayList<>();
        for (String f : files) {
            List<Path> candidates = new ArrayList<>();
            if (paths.isEmpty()) candidates.addAll(searchPath(in, f, "files"));
            for (String p : paths) candidates.add(Path.of(p).isAbsolute() ? Path.of(p, f) : base(in).resolve(p).resolve(f));
            for (Path c : candidates) {
                if (Files.isRegularFile(c)) return c.toString();
                tried.add(c.toString());
            }
        }
        throw new IllegalArgumentException("first_found: none of the files was found (tried " + String.join(", ", tried) + ")");
    }

    private static List<String> strings(Object v) {
        if (v == null) return List.of();
        if (v instanceof List<?> l) return l.stream().map(Py::str).toList();
        return List.of(AnsibleFilters.split(Py.str(v), ",", -1).stream().map(Py::str).map(String::strip).toArray(String[]::new));
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
