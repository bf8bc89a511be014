package dev.bollard.playbook;

/**
 * A {@code block:} as the run needs it once its tasks are laid out in a row: whether it has a
 * {@code rescue} or an {@code always} part. Compared by identity: two blocks are never the same.
 */
public final class Block {
    private final Location location;
    private final boolean rescue;
    private final boolean always;

    Block(Location location, boolean rescue, boolean always) {
        this.location = location;
        this.rescue = rescue;
        this.always = always;
    }

    public Location location() {
        return location;
    }

    public boolean hasRescue() {
        return rescue;
    }

    public boolean hasAlways() {
        return always;
    }

    /** Where a task sits in a block. */
    public enum Part { BODY, RESCUE, ALWAYS }

    /** A task's place: the part of this block, inside the places of the blocks around it. */
    public record Scope(Block block, Part part, Scope outer) {
        /** The scopes from the outermost block in. */
        public java.util.List<Scope> chain() {
            java.util.LinkedList<Scope> out = new java.util.LinkedList<>();
            for (Scope s = this; s != null; s = s.outer) out.addFirst(s);
            return out;
        }
    }
}
