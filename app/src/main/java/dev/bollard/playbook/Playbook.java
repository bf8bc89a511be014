package dev.bollard.playbook;

import java.nio.file.Path;
import java.util.List;

/** A playbook file with its plays, {@code import_playbook} already expanded. */
public record Playbook(Path file, List<Play> plays) {
}
