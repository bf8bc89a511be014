package dev.bollard.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bollard.spi.JsonText;

/**
 * JSON for the few places the engine and the reports print or read it. Writing and building
 * nodes need no object mapper (whose first use is slow, see {@link JsonText}); the mapper is made
 * only where a tree is read.
 */
public final class Json {
    private Json() {
    }

    public static String write(Object value) {
        return JsonText.write(value);
    }

    /** An empty object node, printed with {@link #write}. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The shared mapper, made on first use. */
    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }

    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
