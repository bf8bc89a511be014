package dev.bollard.engine;

import dev.bollard.expr.ExpressionException;
import dev.bollard.expr.Expressions;
import dev.bollard.playbook.Loop;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The items of a task's loop, made as Ansible makes them for {@code loop} and each
 * {@code with_*} form, and the variables each iteration sees ({@code item} or the
 * {@code loop_var}, the {@code index_var}, {@code ansible_loop}).
 */
final class LoopItems {
    private LoopItems() {
    }

    static List<Object> items(Loop loop, Expressions ex, Map<String, Object> vars, Path baseDir) throws ExpressionException {
        Object v = ex.resolve(loop.source(), vars);
        return switch (loop.kind()) {
            case "loop" -> {
                if (v instanceof List<?> l) yield new ArrayList<>(l);
                throw new ExpressionException("loop must give a list, not " + describe(v) + " (for a mapping, write \"{{ x | dict2items }}\")", null);
            }
            case "with_items" -> {
                List<Object> out = new ArrayList<>();
                for (Object o : asList(v)) {
                    if (o instanceof List<?> inner) out.addAll(inner);
                    else out.add(o);
                }
                yield out;
            }
            case "with_list" -> asList(v);
            case "with_dict" -> {
                if (!(v instanceof Map<?, ?> m)) throw new ExpressionException("with_dict needs a mapping, not " + describe(v), null);
                List<Object> out = new ArrayList<>();
                m.forEach((key, value) -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("key", key);
                    item.put("value", value);
                    out.add(item);
                });
                yield out;
            }
            case "with_together" -> together(asList(v));
            case "with_fileglob" -> fileglob(asList(v), baseDir);
            default -> throw new IllegalStateException("unknown loop kind " + loop.kind());
        };
    }

    /** The variables of one iteration: the task's, plus the item under its name and the loop's own. */
    static Map<String, Object> itemVars(Loop loop, Map<String, Object> vars, List<Object> items, int index) {
        Map<String, Object> out = new HashMap<>(vars);
        Object item = items.get(index);
        out.put(loop.loopVar(), item);
        out.put("ansible_loop_var", loop.loopVar());
        if (loop.indexVar() != null) {
            out.put(loop.indexVar(), index);
            out.put("ansible_index_var", loop.indexVar());
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("index", index + 1);
        info.put("index0", index);
        info.put("revindex", items.size() - index);
        info.put("revindex0", items.size() - index - 1);
        info.put("first", index == 0);
        info.put("last", index == items.size() - 1);
        info.put("length", items.size());
        info.put("allitems", items);
        if (index > 0) info.put("previtem", items.get(index - 1));
        if (index < items.size() - 1) info.put("nextitem", items.get(index + 1));
        out.put("ansible_loop", info);
        return out;
    }

    private static List<Object> asList(Object v) {
        if (v == null) return new ArrayList<>();
        if (v instanceof List<?> l) return new ArrayList<>(l);
        List<Object> one = new ArrayList<>();
        one.add(v);
        return one;
    }

    private static List<Object> together(List<Object> lists) throws ExpressionException {
        int longest = 0;
        for (Object l : lists) {
            if (!(l instanceof List<?> list)) throw new ExpressionException("with_together needs a list of lists, not " + describe(l), null);
            longest = Math.max(longest, list.size());
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < longest; i++) {
            List<Object> row = new ArrayList<>();
            for (Object l : lists) {
                List<?> list = (List<?>) l;
                row.add(i < list.size() ? list.get(i) : null);
            }
            out.add(row);
        }
        return out;
    }

    /** Files on the control machine matching each pattern; relative patterns look in the playbook's files/ folder, then beside it. */
    private static List<Object> fileglob(List<Object> patterns, Path baseDir) throws ExpressionException {
        List<Object> out = new ArrayList<>();
        for (Object p : patterns) {
            String pattern = String.valueOf(p);
            Path pat = Path.of(pattern);
            List<Path> roots = pat.isAbsolute() ? List.of(Path.of("/")) : List.of(baseDir.resolve("files"), baseDir);
            for (Path root : roots) {
                Path full = root.resolve(pattern).normalize();
                Path dir = full.getParent();
                if (dir == null || !Files.isDirectory(dir)) continue;
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + full);
                List<Object> found = new ArrayList<>();
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> Files.isRegularFile(f) && m.matches(f)).sorted().forEach(f -> found.add(f.toString()));
                } catch (IOException e) {
                    throw new ExpressionException("with_fileglob: cannot list " + dir + ": " + e.getMessage(), null);
                }
                if (!found.isEmpty()) {
                    out.addAll(found);
                    break;
                }
            }
        }
        return out;
    }

    static String describe(Object v) {
        return v == null ? "nothing" : v instanceof Map ? "a mapping" : "'" + v + "'";
    }
}
