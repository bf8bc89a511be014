package dev.bollard.modules.storage;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.bollard.spi.ModuleRegistry;
import org.junit.jupiter.api.Test;

class RegistrationTest {
    @Test
    void storageModulesAreFoundByName() {
        ModuleRegistry registry = ModuleRegistry.load();
        assertInstanceOf(LvgModule.class, registry.find("lvg").orElseThrow());
        assertInstanceOf(LvolModule.class, registry.find("lvol").orElseThrow());
        assertInstanceOf(FilesystemModule.class, registry.find("filesystem").orElseThrow());
        assertInstanceOf(MountModule.class, registry.find("mount").orElseThrow());
    }
}
