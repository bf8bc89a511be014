package dev.bollard.report.junit;

import dev.bollard.report.Mark;
import dev.bollard.report.RunReport;
import dev.bollard.report.RunReport.Cell;
import dev.bollard.report.RunReport.Row;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A run as JUnit XML, the test report format CI systems read (Ant's, as Jenkins documents it): a
 * test suite per host, a test case per row with a cell there (classname the host, name the
 * control and its tasks, or the task). A control that fails or a task that failed is a failure,
 * an unreachable host an error, a control not applicable or not checked (a task skipped or not
 * run) is skipped with the reason; the evidence is the text of a failure, the output of a pass.
 */
public final class JUnitReport {
    /** The format's timestamp: local date and time with no zone; written in UTC. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private JUnitReport() {
    }

    public static String render(RunReport report) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            List<Suite> suites = suites(report);
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeAttribute("name", XmlText.clean("bollard " + report.modeWord() + " " + report.playbook()));
            w.writeAttribute("tests", String.valueOf(suites.stream().mapToInt(s -> s.cases.size()).sum()));
            w.writeAttribute("failures", String.valueOf(suites.stream().mapToInt(s -> s.count(Mark.Outcome.FAIL)).sum()));
            w.writeAttribute("errors", String.valueOf(suites.stream().mapToInt(s -> s.count(Mark.Outcome.ERROR)).sum()));
            w.writeAttribute("time", seconds(suites.stream().mapToDouble(Suite::seconds).sum()));
            for (int i = 0; i < suites.size(); i++) suite(w, report, suites.get(i), i);
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** One host's test cases: its rows with a cell there, each named once. */
    private record Suite(RunReport.HostSummary host, List<Case> cases) {
        int count(Mark.Outcome o) {
            return (int) cases.stream().filter(c -> c.cell.mark().outcome == o).count();
        }

        double seconds() {
            return cases.stream().mapToDouble(c -> c.cell.seconds()).sum();
        }
    }

    private record Case(String name, Row row, Cell cell) {
    }

    private static List<Suite> suites(RunReport report) {
        List<Suite> out = new ArrayList<>();
        for (RunReport.HostSummary h : report.hosts()) {
            List<Case> cases = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Row row : report.rows()) {
                Cell cell = row.cells().get(h.name());
                if (cell == null) continue;
                // two tasks of the same name (in two plays, or a task run twice) stay two test cases
                String name = row.title();
                if (!names.add(name)) {
                    name = row.title() + " [" + row.location() + "]";
                    for (int n = 2; !names.add(name); n++) name = row.title() + " [" + row.location() + " #" + n + "]";
                }
                cases.add(new Case(name, row, cell));
            }
            out.add(new Suite(h, cases));
        }
        return out;
    }

    private static void suite(XMLStreamWriter w, RunReport report, Suite s, int id) throws XMLStreamException {
        String host = s.host.name();
        w.writeCharacters("\n  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", XmlText.clean(host));
        w.writeAttribute("tests", String.valueOf(s.cases.size()));
        w.writeAttribute("failures", String.valueOf(s.count(Mark.Outcome.FAIL)));
        w.writeAttribute("errors", String.valueOf(s.count(Mark.Outcome.ERROR)));
        w.writeAttribute("skipped", String.valueOf(s.count(Mark.Outcome.SKIP)));
        w.writeAttribute("time", seconds(s.seconds()));
        w.writeAttribute("timestamp", STAMP.format(report.generated()));
        w.writeAttribute("hostname", XmlText.clean(host));
        w.writeAttribute("id", String.valueOf(id));
        w.writeCharacters("\n    ");
        w.writeStartElement("properties");
        property(w, "playbook", report.playbook());
        property(w, "mode", report.modeWord());
        property(w, "generated", report.generated().toString());
        var t = s.host.tally();
        property(w, "recap", "ok=" + t.ok() + " changed=" + t.changed() + " unreachable=" + t.unreachable() + " failed=" + t.failed()
                + " skipped=" + t.skipped() + " rescued=" + t.rescued());
        w.writeCharacters("\n    ");
        w.writeEndElement();
        for (Case c : s.cases) testCase(w, host, c);
        w.writeCharacters("\n  ");
        w.writeEndElement();
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeCharacters("\n      ");
        w.writeEmptyElement("property");
        w.writeAttribute("name", name);
        w.writeAttribute("value", XmlText.clean(value));
    }

    private static void testCase(XMLStreamWriter w, String host, Case c) throws XMLStreamException {
        w.writeCharacters("\n    ");
        w.writeStartElement("testcase");
        w.writeAttribute("name", XmlText.clean(c.name));
        w.writeAttribute("classname", XmlText.clean(host));
        w.writeAttribute("time", seconds(c.cell.seconds()));
        Mark m = c.cell.mark();
        String message = m.word + (c.cell.detail() == null || c.cell.detail().isBlank() ? "" : ": " + c.cell.detail());
        String text = c.row.text(c.cell);
        switch (m.outcome) {
            case FAIL -> outcome(w, "failure", message, m.key, text);
            case ERROR -> outcome(w, "error", message, m.key, text);
            case SKIP -> {
                w.writeCharacters("\n      ");
                w.writeStartElement("skipped");
                w.writeAttribute("message", XmlText.clean(message));
                w.writeEndElement();
            }
            case PASS -> {
                w.writeCharacters("\n      ");
                w.writeStartElement("system-out");
                w.writeCharacters(XmlText.clean(text));
                w.writeEndElement();
            }
        }
        w.writeCharacters("\n    ");
        w.writeEndElement();
    }

    private static void outcome(XMLStreamWriter w, String element, String message, String type, String text) throws XMLStreamException {
        w.writeCharacters("\n      ");
        w.writeStartElement(element);
        w.writeAttribute("message", XmlText.clean(message));
        w.writeAttribute("type", type);
        w.writeCharacters(XmlText.clean(text));
        w.writeEndElement();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
