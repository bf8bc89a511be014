package dev.bollard.ssh;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsVerifierTest {
    @TempDir
    Path dir;

    /** Hosts of one run connect at once; on a machine without a known_hosts file each may be the one to create it. */
    @Test
    void hostsThatConnectAtOnceCanAllStartTheKnownHostsFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 50; round++) {
                Path file = dir.resolve("r" + round).resolve(".ssh/known_hosts");
                CyclicBarrier together = new CyclicBarrier(4);
                List<Future<KnownHostsVerifier>> opened = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    opened.add(pool.submit(() -> {
                        together.await();
                        return KnownHostsVerifier.open(file, true, true);
                    }));
                }
                for (Future<KnownHostsVerifier> f : opened) f.get();
                assertTrue(Files.isRegularFile(file), file.toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
