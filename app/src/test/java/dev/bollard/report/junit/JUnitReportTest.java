package dev.bollard.report.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bollard.testing.Bollard;
import dev.bollard.testing.ReportScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * --report FILE.xml on real runs: valid against the JUnit XML schema of the test resources
 * (written from the format's documentation), a test case per host and control, failures with
 * their evidence, skipped cases with their reason.
 */
class JUnitReportTest {
    private static final Path SCHEMA = Path.of("src/test/resources/reports/junit.xsd");

    @TempDir
    Path dir;

    static void validate(Path xml) throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        f.newSchema(SCHEMA.toFile()).newValidator().validate(new StreamSource(xml.toFile()));
    }

    static Document parse(Path xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }

    /** Per test case of a suite, by name: the outcome element's tag (or "pass"), its message, its text. */
    static Map<String, List<String>> cases(Document doc, String host) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        NodeList suites = doc.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
            Element s = (Element) suites.item(i);
            if (!s.getAttribute("name").equals(host)) continue;
            NodeList cases = s.getElementsByTagName("testcase");
            for (int j = 0; j < cases.getLength(); j++) {
                Element c = (Element) cases.item(j);
                assertEquals(host, c.getAttribute("classname"));
                String kind = "pass";
                String message = "";
                String text = "";
                for (String tag : List.of("failure", "error", "skipped", "system-out")) {
                    NodeList found = c.getElementsByTagName(tag);
                    if (found.getLength() == 0) continue;
                    Element e = (Element) found.item(0);
                    if (!tag.equals("system-out")) kind = tag;
                    message = message.isEmpty() ? e.getAttribute("message") : message;
                    text = e.getTextContent();
                    break;
                }
                out.put(c.getAttribute("name"), List.of(kind, message, text));
            }
        }
        return out;
    }

    @Test
    void verifyReportHasACasePerHostAndControlAndIsValid() throws Exception {
        ReportScenario s = ReportScenario.in(dir);
        Path xml = dir.resolve("verify.xml");
        Bollard.Run run = s.verifyAfterHandEdit(xml);
        assertEquals(2, run.code(), "a failure wins over an unreachable host: " + run);
        validate(xml);
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("bollard verify " + s.playbook, root.getAttribute("name"));

        Map<String, List<String>> here = cases(doc, "here");
        String settings = "cis-2.2: " + ReportScenario.SETTINGS;
        assertEquals(List.of("cis-1.1.3: watched paths are audited", "cis-1.1.4: watched paths are audited", settings,
                "seed-001: " + ReportScenario.SETTINGS, "seed-003: the settings say icc", "the host's folder exists"), List.copyOf(here.keySet()));
        List<String> failing = here.get(settings);
        assertEquals("failure", failing.get(0));
        // held at the apply before the hand edit: drifted, a failure all the same
        assertTrue(failing.get(1).startsWith("drifted: held at apply "), failing.toString());
        assertTrue(failing.get(1).contains(", not now: not in the desired state: update " + dir + "/here/daemon.json"), failing.toString());
        // the evidence: the task's result and, with --diff, the drift itself
        assertTrue(failing.get(2).contains("-{\"icc\": true}") && failing.get(2).contains("+{\"icc\": false}"), failing.get(2));
        assertEquals(List.of("skipped", "not applicable: /nonexistent/containerd: condition is false: item.path != '/nonexistent/containerd'", ""),
                here.get("cis-1.1.4: watched paths are audited"));
        assertEquals("pass", here.get("cis-1.1.3: watched paths are audited").get(0));
        assertTrue(here.get("seed-003: the settings say icc").get(2).contains("$ grep -q icc " + dir + "/{{ inventory_hostname }}/daemon.json"),
                "the check as written: " + here.get("seed-003: the settings say icc"));

        Map<String, List<String>> gone = cases(doc, "gone");
        assertEquals(here.keySet(), gone.keySet());
        gone.values().forEach(c -> {
            assertEquals("skipped", c.get(0));
            assertTrue(c.get(1).startsWith("not checked: "), c.toString());
        });

        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals(List.of("6", "2", "0", "1"), List.of(suite.getAttribute("tests"), suite.getAttribute("failures"), suite.getAttribute("errors"),
                suite.getAttribute("skipped")));
        assertEquals("12", root.getAttribute("tests"));
        assertEquals("2", root.getAttribute("failures"));
    }

    @Test
    void applyReportHasACasePerHostAndTaskAndAnUnreachableHostIsAnError() throws Exception {
        ReportScenario s = ReportScenario.in(dir);
        Path xml = dir.resolve("apply.xml");
        Bollard.Run run = s.apply("--report", xml.toString());
        assertEquals(3, run.code(), run.toString());
        validate(xml);
        Document doc = parse(xml);
        Map<String, List<String>> here = cases(doc, "here");
        assertEquals(List.of("the host's folder exists", ReportScenario.SETTINGS, "watched paths are audited", "the settings say icc"), List.copyOf(here.keySet()));
        assertEquals("pass", here.get(ReportScenario.SETTINGS).get(0));
        assertTrue(here.get(ReportScenario.SETTINGS).get(2).startsWith("changed: create " + dir + "/here/daemon.json"), here.toString());
        Map<String, List<String>> gone = cases(doc, "gone");
        assertEquals("error", gone.get("the host's folder exists").get(0));
        assertTrue(gone.get("the host's folder exists").get(1).startsWith("unreachable: "), gone.toString());
        assertEquals(List.of("skipped", "did not run: host unreachable: " + firstLine(gone.get("the host's folder exists").get(1).substring("unreachable: ".length())), ""),
                gone.get(ReportScenario.SETTINGS));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Test
    void outputXmlCannotHoldIsReplacedAndTheRestKept() throws Exception {
        Path book = dir.resolve("noisy.yml");
        Files.writeString(book, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: a coloured failure
                      shell: printf '\\033[31mred\\033[0m ]]> & <tag>\\n'; exit 3
                """);
        Path xml = dir.resolve("noisy.xml");
        Bollard.Run run = Bollard.run(book.toString(), "--report", xml.toString());
        assertEquals(2, run.code(), run.toString());
        validate(xml);
        List<String> c = cases(parse(xml), "localhost").get("a coloured failure");
        assertEquals("failure", c.get(0));
        assertTrue(c.get(2).contains("\uFFFD[31mred\uFFFD[0m ]]> & <tag>"), c.get(2));
        assertTrue(c.get(2).contains("rc: 3"), c.get(2));
    }

    @Test
    void theSchemaRefusesWhatIsNotJUnit() throws Exception {
        Path bad = dir.resolve("bad.xml");
        List<String> docs = new ArrayList<>(List.of(
                "<testsuites><testsuite name='h' tests='1'><testcase name='no classname'/></testsuite></testsuites>",
                "<testsuites><testsuite name='h' tests='one'/></testsuites>",
                "<testsuites><testsuite name='h' tests='1'><testcase name='a' classname='h'><failure/><skipped/></testcase></testsuite></testsuites>",
                "<testsuites><testsuite name='h' tests='1' timestamp='2024-01-01T00:00:00Z'/></testsuites>"));
        for (String d : docs) {
            Files.writeString(bad, d);
            assertThrows(SAXException.class, () -> validate(bad), d);
        }
        Files.writeString(bad, "<testsuites><testsuite name='h' tests='1' timestamp='2024-01-01T00:00:00'><testcase name='a' classname='h'/></testsuite></testsuites>");
        validate(bad);
        assertNotNull(parse(bad));
    }
}
