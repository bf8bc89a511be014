package dev.bollard.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tail kept of a stream is exactly its last bytes, whatever the sizes of the writes. */
class OutputTailTest {
    @Test
    void keepsTheLastBytesForAnyWriteSizes() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            int cap = 1 + random.nextInt(40);
            OutputTail tail = new OutputTail(cap);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int writes = random.nextInt(20);
            for (int w = 0; w < writes; w++) {
                byte[] chunk = new byte[random.nextInt(3 * cap)];
                random.nextBytes(chunk);
                int off = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
                int len = chunk.length - off;
                tail.write(chunk, off, len);
                all.write(chunk, off, len);
            }
            byte[] whole = all.toByteArray();
            byte[] expected = Arrays.copyOfRange(whole, Math.max(0, whole.length - cap), whole.length);
            assertArrayEquals(expected, tail.kept(), "round " + round);
            assertEquals(Math.max(0, whole.length - cap), tail.dropped());
        }
    }

    @Test
    void theNoteSaysWhatWasDroppedAndTheKeptPartStartsAtALine() {
        OutputTail tail = new OutputTail(16);
        byte[] text = "line one\nline two\nline three\n".getBytes(StandardCharsets.UTF_8);
        tail.write(text, 0, text.length);
        assertEquals("[bollard: the first 18 bytes of this output were dropped; only the last 11 bytes were kept]\nline three\n",
                new String(tail.withNote(), StandardCharsets.UTF_8));
        OutputTail small = new OutputTail(100);
        small.write(text, 0, text.length);
        assertEquals("line one\nline two\nline three\n", new String(small.withNote(), StandardCharsets.UTF_8));
        assertEquals("2.0 GiB (2147483648 bytes)", OutputTail.size(2147483648L));
    }
}
