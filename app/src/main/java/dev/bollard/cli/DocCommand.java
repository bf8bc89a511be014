package dev.bollard.cli;

import dev.bollard.engine.ActionSpecs;
import dev.bollard.engine.Actions;
import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleRegistry;
import dev.bollard.spi.Param;
import dev.bollard.spi.Suggest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bollard doc}: the modules and actions with a one-line summary; {@code bollard doc NAME}:
 * what one takes (from its declaration, so it cannot drift from what the engine accepts), what it
 * proves after applying, what check mode predicts, and an example that runs.
 */
final class DocCommand {
    private static final List<String> PREFIXES = List.of("ansible.builtin.", "ansible.legacy.", "ansible.posix.", "community.general.");
    private static final int NAME_WIDTH = 20;

    private DocCommand() {
    }

    /** A module or an action as documented: its name, declaration (null: free keys) and text. */
    record Entry(String name, ArgSpec spec, ModuleDoc doc) {
    }

    static Map<String, Entry> entries(ModuleRegistry registry) {
        Map<String, Entry> out = new TreeMap<>();
        for (String n : registry.names()) {
            Module<?> m = registry.find(n).orElseThrow();
            out.put(n, new Entry(n, m.spec(), m.doc()));
        }
        for (String n : Actions.NAMES) out.put(n, new Entry(n, ActionSpecs.SPECS.get(n), ActionSpecs.DOCS.get(n)));
        return out;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Entry> entries = entries(ModuleRegistry.load());
        if (args.length == 0) {
            out.println("Modules and actions (bollard doc NAME for one; ansible.builtin., ansible.posix. and community.general. names work too):");
            for (Entry e : entries.values()) out.println("  " + pad(e.name(), NAME_WIDTH) + firstSentence(e.doc()));
            return 0;
        }
        if (args.length > 1 || args[0].startsWith("-")) {
            err.println("ERROR: usage: bollard doc [MODULE]");
            return RunCommand.EXIT_BAD_INPUT;
        }
        String name = plain(args[0]);
        Entry e = entries.get(name);
        if (e == null) {
            err.println("ERROR: no module or action named '" + args[0] + "' in Bollard" + Suggest.closest(name, entries.keySet())
                    + "; bollard doc lists them");
            return RunCommand.EXIT_BAD_INPUT;
        }
        out.print(render(e));
        return 0;
    }

    static String plain(String name) {
        for (String p : PREFIXES) if (name.startsWith(p)) return name.substring(p.length());
        return name;
    }

    static String render(Entry e) {
        StringBuilder b = new StringBuilder();
        ModuleDoc doc = e.doc();
        b.append("> ").append(e.name().toUpperCase(java.util.Locale.ROOT)).append("\n");
        if (doc != null) indent(b, doc.summary(), "  ");
        b.append("\nARGUMENTS\n");
        if (e.spec() == null) {
            b.append("  any variable names, each set to its value\n");
        } else if (e.spec().params().isEmpty()) {
            b.append("  none\n");
        } else {
            for (Param p : e.spec().params()) {
                b.append("  ").append(pad(p.name(), NAME_WIDTH)).append(facts(p)).append("\n");
                if (p.description() != null && !p.description().isEmpty()) {
                    b.append("  ").append(" ".repeat(NAME_WIDTH)).append(p.description()).append("\n");
                }
            }
            if (!e.spec().rules().isEmpty()) {
                b.append("\nRULES\n");
                for (String r : e.spec().rules()) b.append("  - ").append(r).append("\n");
            }
        }
        if (doc != null) {
            b.append("\nVERIFIES AFTER APPLYING\n");
            indent(b, doc.verifies(), "  ");
            b.append("\nCHECK MODE PREDICTS FOR LATER TASKS\n");
            indent(b, doc.checkMode(), "  ");
            b.append("\nEXAMPLE\n");
            indent(b, doc.example().stripTrailing(), "  ");
        }
        return b.toString();
    }

    private static String facts(Param p) {
        List<String> parts = new ArrayList<>();
        parts.add(p.choices().isEmpty() ? p.type().label() : "one of " + String.join(", ", p.choices()));
        if (p.required()) parts.add("required");
        if (p.defaultValue() != null) parts.add("default " + p.defaultValue());
        if (!p.aliases().isEmpty()) parts.add("aliases " + String.join(", ", p.aliases()));
        if (p.noLog()) parts.add("secret (never printed)");
        return String.join("; ", parts);
    }

    private static String firstSentence(ModuleDoc doc) {
        if (doc == null) return "";
        String s = doc.summary().strip();
        int dot = s.indexOf(". ");
        return dot < 0 ? s : s.substring(0, dot + 1);
    }

    private static void indent(StringBuilder b, String text, String prefix) {
        for (String line : text.strip().split("\n", -1)) b.append(line.isEmpty() ? "" : prefix + line).append("\n");
    }

    private static String pad(String s, int width) {
        return s.length() >= width - 1 ? s + " " : s + " ".repeat(width - s.length());
    }
}
