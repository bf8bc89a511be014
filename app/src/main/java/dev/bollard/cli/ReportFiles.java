package dev.bollard.cli;

import dev.bollard.report.RunReport;
import dev.bollard.report.html.HtmlReport;
import dev.bollard.report.junit.JUnitReport;
import dev.bollard.report.markdown.MarkdownReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The files {@code --report FILE} asks for, each in the format its name ends with. They are
 * checked before any host is touched (a known format, a folder that exists and can be written
 * in) and written after the recap, each in one step (a temporary file renamed over it).
 */
final class ReportFiles {

    enum Format {
        JUNIT("JUnit XML", JUnitReport::render, ".xml"),
        MARKDOWN("Markdown", MarkdownReport::render, ".md", ".markdown"),
        HTML("HTML page", HtmlReport::render, ".html", ".htm");

        final String title;
        final Function<RunReport, String> render;
        final List<String> endings;

        Format(String title, Function<RunReport, String> render, String... endings) {
            this.title = title;
            this.render = render;
            this.endings = List.of(endings);
        }

        static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Format f : values()) {
                if (f.endings.stream().anyMatch(name::endsWith)) return f;
            }
            return null;
        }
    }

    record Target(Path path, Format format) {
    }

    /** A --report argument that cannot be written: the message names it and says what to do. */
    static final class BadReport extends Exception {
        BadReport(String message) {
            super(message);
        }
    }

    private ReportFiles() {
    }

    /** Each file's format, and whether it can be written where it is named. */
    static List<Target> targets(List<Path> given) throws BadReport {
        List<Target> out = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path p : given) {
            Format f = Format.of(p);
            if (f == null) {
                throw new BadReport("--report " + p + ": the format is chosen by the file's ending: name it .xml (JUnit XML, for CI), "
                        + ".md (Markdown, for a merge request comment) or .html (a page to look at)");
            }
            Path abs = p.toAbsolutePath().normalize();
            if (!seen.add(abs)) throw new BadReport("--report " + p + " is given twice");
            if (Files.isDirectory(abs)) throw new BadReport("--report " + p + " is a folder: give the name of the file to write in it");
            Path dir = abs.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new BadReport("--report " + p + ": the folder " + dir + " does not exist (create it first)");
            }
            if (!Files.isWritable(dir)) throw new BadReport("--report " + p + ": cannot write in the folder " + dir + " (permission denied)");
            out.add(new Target(p, f));
        }
        return out;
    }

    /**
     * Writes every report; a file that cannot be written is named on {@code err}. Returns the run's
     * exit code, or {@code 4} when the run went well but a report could not be written.
     */
    static int write(List<Target> targets, RunReport report, PrintStream err, int code) {
        if (report == null) return code;
        boolean failed = false;
        for (Target t : targets) {
            try {
                AtomicFile.write(t.path(), t.format().render.apply(report).getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
            } catch (IOException | RuntimeException e) {
                failed = true;
                err.println("ERROR: cannot write the report " + t.path() + " (" + t.format().title + "): " + why(e));
            }
        }
        return failed && code == 0 ? RunCommand.EXIT_BAD_INPUT : code;
    }

    private static String why(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "its folder is gone";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
