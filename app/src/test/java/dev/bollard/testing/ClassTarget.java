package dev.bollard.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One container target for the tests of a class: started before the first, removed after the last.
 * {@code @RegisterExtension static final ClassTarget target = ClassTarget.sshd();}
 */
public final class ClassTarget implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<SshTarget> start;
    private SshTarget target;

    private ClassTarget(Supplier<SshTarget> start) {
        this.start = start;
    }

    /** A plain sshd container ({@link SshTarget#sshd()}). */
    public static ClassTarget sshd() {
        return new ClassTarget(SshTarget::sshd);
    }

    /** A container with systemd as PID 1 ({@link SshTarget#systemd()}). */
    public static ClassTarget systemd() {
        return new ClassTarget(SshTarget::systemd);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        target = start.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (target != null) target.close();
        target = null;
    }

    /** The running target; only inside the class's tests. */
    public SshTarget get() {
        if (target == null) throw new IllegalStateException("the target starts before the class's first test");
        return target;
    }
}
