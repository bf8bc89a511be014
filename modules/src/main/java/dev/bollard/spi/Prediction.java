package dev.bollard.spi;

/**
 * What check mode expects an earlier task to have left on a host, typed by what it is about, so
 * that a later task plans against it instead of against the host as it still is. A file's
 * predicted content is kept apart ({@link HostState#predictFile}); everything else is named by a
 * {@link Key} made here, the one place the modules agree on.
 */
public final class Prediction {
    static final String PACKAGE = "package";
    private Prediction() {
    }

    /** What a prediction is about: a kind, the thing's name, and the type of what is known of it. */
    public record Key<T>(String kind, String id, Class<T> type) {
        // written out: a record's generated equals and hashCode are linked on first use, which
        // every fresh apply paid for on its host thread (see ConnectionSettings)
        @Override
        public boolean equals(Object o) {
            return o instanceof Key<?> k && kind.equals(k.kind) && java.util.Objects.equals(id, k.id) && type.equals(k.type);
        }

        @Override
        public int hashCode() {
            return (kind.hashCode() * 31 + java.util.Objects.hashCode(id)) * 31 + type.hashCode();
        }
    }

    /** A local account an earlier task creates; uid and home as it would get them (null if unknown). */
    public record User(String name, Integer uid, String home) {
    }

    /** A volume group: its size, its free space and its extent size, in bytes. */
    public record VolumeGroup(long size, long free, long extent) {
    }

    /** A systemd unit's state as systemctl would show it ({@code active}, {@code enabled}). */
    public record Unit(String activeState, String unitFileState) {
    }

    public static Key<User> user(String name) {
        return new Key<>("user", name, User.class);
    }

    public static Key<String> group(String name) {
        return new Key<>("group", name, String.class);
    }

    public static Key<VolumeGroup> volumeGroup(String name) {
        return new Key<>("volume group", name, VolumeGroup.class);
    }

    /** A logical volume by its canonical device path; the value is its size in bytes. */
    public static Key<Long> logicalVolume(String devicePath) {
        return new Key<>("logical volume", devicePath, Long.class);
    }

    /** The filesystem on a device (canonical path); the value is its type, e.g. {@code ext4}. */
    public static Key<String> filesystem(String devicePath) {
        return new Key<>("filesystem", devicePath, String.class);
    }

    /** What is mounted on a directory; the value is the source device. */
    public static Key<String> mount(String path) {
        return new Key<>("mount", path, String.class);
    }

    /** An installed Debian package; the value is its version, or "" when not known in advance. */
    public static Key<String> debianPackage(String name) {
        return new Key<>(PACKAGE, name, String.class);
    }

    /** A path some command creates or removes, content unknown; the value is the path. */
    public static Key<String> path(String path) {
        return new Key<>("path", path, String.class);
    }

    /** A unit of the system's systemd ({@code user} null) or of a user's. */
    public static Key<Unit> unit(String user, String name) {
        return new Key<>("unit", (user == null ? "" : user + "@") + name, Unit.class);
    }

    /** A kernel module loaded (present) or not (absent); the value is its name. */
    public static Key<String> kernelModule(String name) {
        return new Key<>("kernel module", name.replace('-', '_'), String.class);
    }

    /**
     * Package sources an earlier task adds (apt_repository, deb822_repository); the value lists
     * them, one a line. A later apt task knows the packages they bring are not in the lists yet.
     */
    public static Key<String> aptSourcesAdded() {
        return new Key<>("apt sources", "added", String.class);
    }

    /**
     * The package lists an earlier task refreshes (apt-get update); the value is unused. A later apt task with
     * cache_valid_time finds them fresh, and plans against what that update would bring, as apply would.
     */
    public static Key<String> aptListsUpdated() {
        return new Key<>("apt lists", "updated", String.class);
    }

    /** Records an added package source, after those already predicted. */
    public static void addAptSource(HostState state, String source) {
        Predicted<String> before = state.predicted(aptSourcesAdded());
        String list = before.isPresent() ? before.value().orElse("") : "";
        state.predict(aptSourcesAdded(), list.isEmpty() ? source : list + "\n" + source);
    }
}
