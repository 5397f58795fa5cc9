package io.jhyve.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One virtio-blk disk: a raw image file. In JSON an element of {@code "disks"}:
 * {@code {"path": "root.img", "readOnly": false, "serial": "jhyve-root"}}; on the command line
 * {@code -d IMAGE} (read-write) or {@code -c IMAGE} (read-only), as vftool spells them.
 *
 * @param serial what VIRTIO_BLK_T_GET_ID answers (/sys/block/vdX/serial): at most
 *               {@link #SERIAL_MAX} printable ASCII characters
 */
public record DiskConfig(Path path, boolean readOnly, Optional<String> serial) {
    /** §5.2.6: the ID string is 20 bytes, not NUL-terminated when it uses all of them. */
    public static final int SERIAL_MAX = 20;

    /** The JSON form before validation (null = not given). */
    public record Raw(String path, Boolean readOnly, String serial) { }

    @Override
    public String toString() {
        return path + (readOnly ? " (read-only)" : " (read-write)") + serial.map(s -> " serial " + s).orElse("");
    }
}
