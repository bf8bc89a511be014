package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JsonText reads and writes as databind's object mapper does, which it stands in for. */
class JsonTextTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> DOCS = List.of(
            "{}", "[]", "null", "true", "\"x\"", "0", "-7", "2147483648", "92233720368547758070", "1.5", "1e3", "-0.0",
            "{\"a\":1,\"b\":[1,2.5,\"s\",null,true,false,{}],\"c\":{\"d\":{\"e\":[]}}}",
            "{\"a\":1,\"a\":2}",
            "{\"log-driver\":\"journald\",\"icc\":false,\"userns-remap\":\"default\",\"x\":\"\\u00e9\\n\\t\\\"\"}",
            "{\"a\":1} trailing");

    @Test
    void readsWhatTheMapperReads() throws Exception {
        for (String doc : DOCS) {
            Object mine = JsonText.read(doc);
            Object theirs = MAPPER.readValue(doc, Object.class);
            assertEquals(theirs, mine, doc);
            if (theirs != null) assertEquals(theirs.getClass(), mine.getClass(), doc);
        }
        assertEquals(BigInteger.class, JsonText.read("92233720368547758070").getClass());
        assertEquals(Long.class, JsonText.read("2147483648").getClass());
    }

    @Test
    void writesWhatTheMapperWrites() throws Exception {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("\t", "\n"));
        for (String doc : DOCS) {
            Object v = MAPPER.readValue(doc, Object.class);
            assertEquals(MAPPER.writeValueAsString(v), JsonText.write(v), doc);
            assertEquals(MAPPER.writer(pretty).writeValueAsString(v), JsonText.write(v, pretty), doc);
        }
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("n", 3L);
        yaml.put("f", 2.0f);
        yaml.put("list", List.of(1, "two"));
        assertEquals(MAPPER.writeValueAsString(yaml), JsonText.write(yaml));
    }

    @Test
    void writesNodesAsTheirOwnPrintingDoes() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("event", "task").put("changed", true).put("rc", 2).put("big", 1L << 40).put("ratio", 0.5).putNull("none");
        n.putArray("steps").add("a").add("b\u00e9");
        n.putObject("inner").put("k", "v");
        assertEquals(n.toString(), JsonText.write(n));
    }

    @Test
    void badJsonIsAParseErrorWithItsPlace() {
        for (String bad : List.of("", "   ", "{", "{\"a\":}", "[1,", "{\"a\" 1}", "nope")) {
            JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> JsonText.read(bad), bad);
            assertTrue(e.getLocation() != null, bad);
        }
    }
}
