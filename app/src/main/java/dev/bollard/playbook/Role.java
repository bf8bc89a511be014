package dev.bollard.playbook;

import java.nio.file.Path;
import java.util.Map;

/**
 * A role as a play uses it: where it lives, its {@code defaults/} (the lowest variables), its
 * {@code vars/} (above the play's) and the parameters the play gave it (above almost everything).
 */
public record Role(String name, Path path, Map<String, Object> defaults, Map<String, Object> vars,
                   Map<String, Object> params) {
}
