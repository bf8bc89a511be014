package dev.bollard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.spi.ModuleRegistry;
import dev.bollard.spi.Param;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's module table names every module and action there is, and only arguments they declare. */
class ReadmeModuleTableTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void theTableMatchesTheDeclarations() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String table = readme.substring(readme.indexOf("| module | what it manages |"));
        table = table.substring(0, table.indexOf("\n\n"));
        Map<String, DocCommand.Entry> entries = DocCommand.entries(ModuleRegistry.load());
        Set<String> listed = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String row : table.split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length < 3 || cells[1].isBlank() || cells[1].contains("---") || cells[1].contains("module")) continue;
            List<String> names = codes(cells[1]);
            listed.addAll(names);
            Set<String> words = new TreeSet<>(names);
            for (String n : names) {
                DocCommand.Entry e = entries.get(n);
                if (e == null) {
                    problems.add("README lists '" + n + "', which is no module of Bollard");
                } else if (e.spec() != null) {
                    for (Param p : e.spec().params()) {
                        words.add(p.name());
                        words.addAll(p.aliases());
                        words.addAll(p.choices());
                    }
                }
            }
            words.add("register");
            for (String said : codes(cells[2])) {
                String key = said.contains(": ") ? said.substring(0, said.indexOf(": ")) : said;
                if (key.contains("/") || key.contains(".")) continue;
                if (!words.contains(key)) problems.add("README row " + names + " mentions '" + said + "', which none of them declares");
            }
        }
        Set<String> missing = new TreeSet<>(entries.keySet());
        missing.removeAll(listed);
        if (!missing.isEmpty()) problems.add("README's module table leaves out " + missing);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(entries.keySet(), listed);
    }

    private static List<String> codes(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
