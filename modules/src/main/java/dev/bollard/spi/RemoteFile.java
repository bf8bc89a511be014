package dev.bollard.spi;

import java.nio.charset.StandardCharsets;

/**
 * What a path is on a host: type, mode (four octal digits), owner, group, size, link target,
 * and, when it was asked for, the content of a regular file.
 */
public record RemoteFile(String path, Type type, String mode, String owner, String group, long size,
                         String linkTarget, byte[] content) {

    public enum Type { FILE, DIRECTORY, LINK, OTHER }

    public boolean isFile() {
        return type == Type.FILE;
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean hasContent() {
        return content != null;
    }

    public String text() {
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    /** The state a file would have after a write of {@code newContent}, for check-mode predictions. */
    public static RemoteFile predicted(String path, byte[] newContent, String mode, String owner, String group) {
        return new RemoteFile(path, Type.FILE, mode, owner, group, newContent.length, null, newContent);
    }

    public RemoteFile withContent(byte[] newContent) {
        return new RemoteFile(path, type, mode, owner, group, newContent.length, linkTarget, newContent);
    }
}
