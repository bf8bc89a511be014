package dev.bollard.modules.files;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A text file as lines, remembering whether it ended with a newline so a rewrite keeps that. */
final class TextLines {
    final List<String> lines;
    final boolean finalNewline;

    private TextLines(List<String> lines, boolean finalNewline) {
        this.lines = lines;
        this.finalNewline = finalNewline;
    }

    static TextLines of(byte[] content) {
        if (content == null || content.length == 0) return new TextLines(new ArrayList<>(), true);
        String text = new String(content, StandardCharsets.UTF_8);
        boolean nl = text.endsWith("\n");
        String body = nl ? text.substring(0, text.length() - 1) : text;
        return new TextLines(new ArrayList<>(Arrays.asList(body.split("\n", -1))), nl);
    }

    byte[] bytes() {
        if (lines.isEmpty()) return new byte[0];
        // like Ansible, a rewritten file always ends with a newline
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
