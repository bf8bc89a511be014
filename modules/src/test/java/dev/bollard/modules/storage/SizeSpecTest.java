package dev.bollard.modules.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizeSpecTest {
    static final long MIB = 1L << 20;
    static final long EXT = 4 * MIB;

    @Test
    void absoluteSizesAreBinaryAndCaseInsensitive() {
        assertEquals(20L << 30, SizeSpec.parse("20G").bytes());
        assertEquals(20L << 30, SizeSpec.parse("20g").bytes());
        assertEquals(512 * MIB, SizeSpec.parse("512m").bytes());
        assertEquals(512 * MIB, SizeSpec.parse("512").bytes(), "no unit means MiB, as for lvcreate -L");
        assertEquals(3L << 29, SizeSpec.parse("1.5G").bytes());
        assertEquals(2L << 40, SizeSpec.parse("2t").bytes());
        assertEquals(1024, SizeSpec.parse("2s").bytes());
        assertEquals("-L 20G", SizeSpec.parse("20g").lvmOption());
        assertEquals("-L 512M", SizeSpec.parse("512").lvmOption());
        assertFalse(SizeSpec.parse("1k").isPercent());
    }

    @Test
    void percentages() {
        SizeSpec free = SizeSpec.parse("100%free");
        assertTrue(free.isPercent());
        assertEquals("-l 100%FREE", free.lvmOption());
        assertEquals("-l 80%VG", SizeSpec.parse("80%VG").lvmOption());
        assertEquals("PVS", SizeSpec.parse("50%pvs").of());
    }

    @Test
    void resolvesLikeLvcreate() {
        assertEquals(12 * MIB, SizeSpec.parse("10m").resolve(0, 0, EXT), "absolute sizes round up to whole extents");
        assertEquals(20L << 30, SizeSpec.parse("20G").resolve(0, 0, EXT));
        long vg = 100 * EXT + 0;
        assertEquals(80 * EXT, SizeSpec.parse("80%VG").resolve(vg, 10 * EXT, EXT));
        assertEquals(33 * EXT, SizeSpec.parse("33%VG").resolve(vg, 0, EXT));
        assertEquals(4 * EXT, SizeSpec.parse("50%FREE").resolve(vg, 9 * EXT, EXT), "percentages round down");
    }

    @Test
    void rejectsNonsense() {
        for (String bad : new String[] {"", "G", "20Q", "-5G", "0", "0G", "150%VG", "0%FREE", "50%LV", "20 G B"}) {
            assertThrows(IllegalArgumentException.class, () -> SizeSpec.parse(bad), bad);
        }
    }

    @Test
    void humanSizes() {
        assertEquals("20 GiB", SizeSpec.human(20L << 30));
        assertEquals("10236 MiB", SizeSpec.human((10L << 30) - 4 * MIB));
        assertEquals("1536 MiB", SizeSpec.human(3L << 29));
        assertEquals("1.33 GiB", SizeSpec.human((4L << 30) / 3));
        assertEquals("512 B", SizeSpec.human(512));
    }

    @Test
    void mapperPathsLeadToTheLv() {
        assertEquals("/dev/docker/lvol0", LvmNames.canonical("/dev/mapper/docker-lvol0"));
        assertEquals("/dev/my-vg/lv-0", LvmNames.canonical("/dev/mapper/my--vg-lv--0"));
        assertEquals("/dev/vdb", LvmNames.canonical("/dev/vdb"));
        assertEquals("/dev/mapper/control", LvmNames.canonical("/dev/mapper/control"));
    }
}
