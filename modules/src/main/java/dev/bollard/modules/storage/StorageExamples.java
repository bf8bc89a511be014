package dev.bollard.modules.storage;

/**
 * The storage modules' doc examples build on one another: a VG on a blank disk, an LV in it, its
 * filesystem, its mount. Each module's example is the chain up to itself, so it runs on its own.
 */
final class StorageExamples {
    static final String VG = """
            # disk: a blank disk such as /dev/vdb
            - name: Volume group data on the blank disk
              lvg:
                vg: data
                pvs: "{{ disk }}"
            """;
    static final String LV = VG + """
            - name: A 512 MiB logical volume in it
              lvol:
                vg: data
                lv: scratch
                size: 512M
            """;
    static final String FILESYSTEM = LV + """
            - name: ext4 on the volume
              filesystem:
                dev: /dev/data/scratch
                fstype: ext4
            """;

    private StorageExamples() {
    }
}
