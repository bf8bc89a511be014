package dev.bollard.cli;

import dev.bollard.playbook.KeyValues;
import dev.bollard.playbook.Location;
import dev.bollard.playbook.PlaybookException;
import dev.bollard.playbook.PlaybookLoader;
import dev.bollard.vault.VaultSecrets;
import dev.bollard.yaml.BollardYaml;
import dev.bollard.yaml.YamlException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code -e key=value}, {@code -e @vars.yml} and {@code -e '{"key": [1, 2]}'}, later ones winning. */
final class ExtraVars {
    private ExtraVars() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(List<String> values, VaultSecrets vault) throws PlaybookException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String v : values) {
            String s = v.strip();
            if (s.startsWith("@")) {
                out.putAll(PlaybookLoader.readVarsFile(Path.of(s.substring(1)), vault));
            } else if (s.startsWith("{")) {
                try {
                    Object parsed = BollardYaml.toJava(BollardYaml.compose(s, "-e", vault));
                    if (!(parsed instanceof Map)) throw new PlaybookException("-e: '" + s + "' is not a mapping");
                    out.putAll((Map<String, Object>) parsed);
                } catch (YamlException e) {
                    throw new PlaybookException("-e: " + e.getMessage());
                }
            } else {
                out.putAll(KeyValues.parse(s, new Location(Path.of("-e"), 1)));
            }
        }
        return out;
    }
}
