package dev.bollard.spi;

import java.nio.charset.StandardCharsets;

/**
 * The last {@code cap} bytes of a stream of any length, and how many came before them. A command
 * that prints gigabytes costs the control machine {@code cap} bytes, not the whole output; the
 * end is what is kept because that is where a failing command says why.
 */
public final class OutputTail {
    private final int cap;
    private byte[] buf = new byte[256];
    /** Bytes written in all; the kept ones end at {@code total % buf.length} once the buffer is full. */
    private long total;

    public OutputTail(int cap) {
        if (cap < 1) throw new IllegalArgumentException("cap must be positive");
        this.cap = cap;
    }

    /** Byte number {@code k} of the stream lives at {@code buf[k % cap]}: before the buffer fills that is simply {@code buf[k]}. */
    public void write(byte[] b, int off, int len) {
        int n = Math.min(len, cap);
        long first = total + len - n;
        ensure((int) Math.min(cap, total + len));
        int at = (int) (first % cap);
        int head = Math.min(n, cap - at);
        System.arraycopy(b, off + len - n, buf, at, head);
        System.arraycopy(b, off + len - n + head, buf, 0, n - head);
        total += len;
    }

    private void ensure(int size) {
        if (buf.length >= size) return;
        byte[] bigger = new byte[(int) Math.min(cap, Math.max(size, (long) buf.length * 2))];
        System.arraycopy(buf, 0, bigger, 0, (int) Math.min(total, buf.length));
        buf = bigger;
    }

    /** Bytes that were written but are not kept. */
    public long dropped() {
        return Math.max(0, total - cap);
    }

    /** The kept bytes in order. */
    public byte[] kept() {
        if (total <= cap) return java.util.Arrays.copyOf(buf, (int) total);
        byte[] out = new byte[cap];
        int at = (int) (total % cap);
        System.arraycopy(buf, at, out, 0, cap - at);
        System.arraycopy(buf, 0, out, cap - at, at);
        return out;
    }

    /**
     * The kept bytes, after a line that says how much was dropped when anything was: the kept part
     * then starts at its first whole line.
     */
    public byte[] withNote() {
        byte[] kept = kept();
        long dropped = dropped();
        if (dropped == 0) return kept;
        int start = 0;
        for (int i = 0; i < Math.min(kept.length, 4096); i++) {
            if (kept[i] == '\n') {
                start = i + 1;
                break;
            }
        }
        dropped += start;
        byte[] note = ("[bollard: the first " + size(dropped) + " of this output were dropped; only the last "
                + size(kept.length - start) + " were kept]\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[note.length + kept.length - start];
        System.arraycopy(note, 0, out, 0, note.length);
        System.arraycopy(kept, start, out, note.length, kept.length - start);
        return out;
    }

    /** A byte count as a person reads it: 2147483648 bytes is "2.0 GiB (2147483648 bytes)". */
    static String size(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], bytes);
    }
}
