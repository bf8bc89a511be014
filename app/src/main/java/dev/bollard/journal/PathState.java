package dev.bollard.journal;

import dev.bollard.spi.RemoteFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A path as the journal knows it at one moment: absent, or a file, directory or link with its
 * mode, owner and group; for a file its size and sha256 when known, and its content when kept
 * (before a change only: {@link #KEEP_LIMIT} bytes at most). A null field was not known.
 *
 * @param size    a file's size in bytes; for a directory, 0 when it is known to have been empty (null: not known)
 * @param notKept why a file's content was not kept, when it was not
 */
public record PathState(String state, String mode, String owner, String group, Long size, String sha256,
                        String linkTarget, byte[] content, String notKept) {
    /** The largest earlier content a journal keeps for one file. */
    public static final int KEEP_LIMIT = 256 * 1024;
    public static final String ABSENT = "absent";
    public static final String FILE = "file";
    public static final String DIRECTORY = "directory";
    public static final String LINK = "link";
    public static final PathState NOTHING = new PathState(ABSENT, null, null, null, null, null, null, null, null);

    public boolean absent() {
        return ABSENT.equals(state);
    }

    public boolean isFile() {
        return FILE.equals(state);
    }

    public boolean kept() {
        return content != null;
    }

    /**
     * What a read found at a path, content kept when it was read, is not larger than
     * {@link #KEEP_LIMIT} and {@code keep} allows; an empty file's content is known from its size.
     */
    public static PathState of(Optional<RemoteFile> found, boolean keep) {
        if (found.isEmpty()) return NOTHING;
        RemoteFile f = found.get();
        String state = switch (f.type()) {
            case FILE -> FILE;
            case DIRECTORY -> DIRECTORY;
            case LINK -> LINK;
            case OTHER -> "other";
        };
        if (!f.isFile()) return new PathState(state, f.mode(), f.owner(), f.group(), null, null, f.linkTarget(), null, null);
        byte[] content = f.hasContent() ? f.content() : f.size() == 0 ? new byte[0] : null;
        String sha = content == null ? null : sha256(content);
        String why = null;
        if (content == null) why = f.size() > KEEP_LIMIT ? "larger than 256 KiB" : "its content was not read, only its checksum";
        else if (content.length > KEEP_LIMIT) why = "larger than 256 KiB";
        if (why != null || !keep) content = null;
        return new PathState(FILE, f.mode(), f.owner(), f.group(), f.size(), sha, null, content, why);
    }

    /** A directory known to be empty. */
    public PathState emptyDirectory() {
        return new PathState(state, mode, owner, group, 0L, sha256, linkTarget, content, notKept);
    }

    /** The same state with the content dropped, saying why. */
    public PathState withoutContent(String why) {
        return new PathState(state, mode, owner, group, size, sha256, linkTarget, null, why);
    }

    /** The same state with a checksum, where it had none. */
    public PathState withSha256(String sha) {
        return new PathState(state, mode, owner, group, size, sha256 != null ? sha256 : sha, linkTarget, content, notKept);
    }

    /**
     * Why {@code now} is not this state, comparing only what this state knows (null: it is); the
     * words name what differs, for a refusal a sysadmin can act on.
     */
    public String differenceFrom(PathState now) {
        if (absent() || now.absent()) {
            return absent() == now.absent() ? null : absent() ? "it exists now (" + now.state + ")" : "it no longer exists";
        }
        List<String> out = new ArrayList<>();
        if (!Objects.equals(state, now.state)) return "it is a " + now.state + " now, not a " + state;
        if (sha256 != null && now.sha256 != null && !sha256.equals(now.sha256)) {
            out.add("its content changed (sha256 " + shortSha(now.sha256) + ", the run left " + shortSha(sha256) + ")");
        }
        if (linkTarget != null && !linkTarget.equals(now.linkTarget)) out.add("it links to " + now.linkTarget + ", not " + linkTarget);
        if (mode != null && now.mode != null && !mode.equals(now.mode)) out.add("mode " + now.mode + ", the run left " + mode);
        if (owner != null && now.owner != null && !owner.equals(now.owner)) out.add("owner " + now.owner + ", the run left " + owner);
        if (group != null && now.group != null && !group.equals(now.group)) out.add("group " + now.group + ", the run left " + group);
        return out.isEmpty() ? null : String.join("; ", out);
    }

    /** For people: "file, 120 bytes, mode 0644, root:root", "absent". */
    public String describe() {
        if (absent()) return "absent";
        StringBuilder s = new StringBuilder(state);
        if (size != null) s.append(", ").append(size).append(" bytes");
        if (linkTarget != null) s.append(" to ").append(linkTarget);
        if (mode != null) s.append(", mode ").append(mode);
        if (owner != null || group != null) s.append(", ").append(owner == null ? "?" : owner).append(':').append(group == null ? "?" : group);
        return s.toString();
    }

    static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether bytes read as text (UTF-8, no NUL): kept as text in the journal, else as base64. */
    static boolean isText(byte[] b) {
        for (byte x : b) {
            if (x == 0) return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "PathState[" + describe().toLowerCase(Locale.ROOT) + (content != null ? ", content kept" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathState p && Objects.equals(state, p.state) && Objects.equals(mode, p.mode) && Objects.equals(owner, p.owner)
                && Objects.equals(group, p.group) && Objects.equals(size, p.size) && Objects.equals(sha256, p.sha256)
                && Objects.equals(linkTarget, p.linkTarget) && java.util.Arrays.equals(content, p.content) && Objects.equals(notKept, p.notKept);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, mode, owner, group, size, sha256, linkTarget, java.util.Arrays.hashCode(content), notKept);
    }
}
