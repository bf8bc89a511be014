package dev.bollard.engine;

import dev.bollard.spi.HostLock;
import dev.bollard.vault.VaultSecrets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What the command line asked for, as the engine needs it; {@code vault} opens vault data in files read during the run;
 * {@code hostLock}: how an applying run locks each host (null: no lock, as in check mode and verify).
 */
public record RunOptions(Mode mode, boolean diff, String limit, Set<String> tags, Set<String> skipTags, int forks,
                         Map<String, Object> extraVars, Duration commandTimeout, String becomePassword, VaultSecrets vault,
                         String startAtTask, boolean forceHandlers, HostLock.Settings hostLock) {

    public RunOptions(Mode mode, boolean diff, String limit, Set<String> tags, Set<String> skipTags, int forks,
                      Map<String, Object> extraVars, Duration commandTimeout, String becomePassword, VaultSecrets vault) {
        this(mode, diff, limit, tags, skipTags, forks, extraVars, commandTimeout, becomePassword, vault, null, false, null);
    }

    public boolean check() {
        return mode != Mode.APPLY;
    }

    @Override
    public String toString() {
        return "RunOptions[mode=" + mode + ", diff=" + diff + ", limit=" + limit + ", forks=" + forks
                + (becomePassword == null ? "" : ", becomePassword=********") + "]";
    }
}
