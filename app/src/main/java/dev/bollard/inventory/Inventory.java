package dev.bollard.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Placeholder until the inventory package lands. */
public final class Inventory {
    private final List<Host> hosts;

    private Inventory(List<Host> hosts) {
        this.hosts = hosts;
    }

    public static Inventory load(Path file) throws InventoryException {
        throw new InventoryException("not yet");
    }

    public static Inventory implicitLocalhost() {
        return new Inventory(List.of(new Host("localhost", Map.of(), List.of(),
                new ConnectionSettings("local", "localhost", 22, System.getProperty("user.name"), null, null, false, "root", null))));
    }

    public List<Host> hosts() {
        return hosts;
    }

    public List<Host> select(String pattern) throws InventoryException {
        return hosts;
    }

    public Map<String, List<String>> groups() {
        return Map.of("all", hosts.stream().map(Host::name).toList());
    }

    public Path source() {
        return null;
    }
}
