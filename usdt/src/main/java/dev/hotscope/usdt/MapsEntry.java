package dev.hotscope.usdt;

import java.util.Optional;

/**
 * One line of {@code /proc/PID/maps}.
 *
 * @param start first address of the mapping
 * @param end address just past the mapping
 * @param perms the four permission characters, e.g. {@code r-xp}
 * @param offset file offset of {@code start}
 * @param device the device as printed, {@code major:minor} in hex
 * @param inode the file's inode, 0 for anonymous mappings
 * @param path the path or pseudo-name as printed (may end in {@code " (deleted)"}); empty if none
 */
record MapsEntry(long start, long end, String perms, long offset, String device, long inode, String path) {
    private static final String DELETED = " (deleted)";

    /** Parses one line; empty if it does not have the maps layout. */
    static Optional<MapsEntry> parse(String line) {
        // The path is the rest of the line after padding, and may itself contain spaces.
        String[] f = line.split(" +", 6);
        if (f.length < 5) {
            return Optional.empty();
        }
        int dash = f[0].indexOf('-');
        if (dash < 0 || f[1].length() != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MapsEntry(Long.parseUnsignedLong(f[0].substring(0, dash), 16),
                Long.parseUnsignedLong(f[0].substring(dash + 1), 16), f[1], Long.parseUnsignedLong(f[2], 16),
                f[3], Long.parseLong(f[4]), f.length == 6 ? f[5] : ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether a file (possibly deleted, or a memfd) backs this mapping, unlike {@code [heap]} or anonymous memory. */
    boolean isFileBacked() {
        return inode != 0 && path.startsWith("/");
    }

    /** Whether the kernel reports the file as unlinked since it was mapped. */
    boolean isDeleted() {
        return path.endsWith(DELETED);
    }

    boolean isWritable() {
        return perms.charAt(1) == 'w';
    }

    boolean isPrivate() {
        return perms.charAt(3) == 'p';
    }

    long length() {
        return end - start;
    }

    /** The name of this mapping under {@code /proc/PID/map_files}, which the kernel prints unpadded. */
    String mapFilesName() {
        return Long.toHexString(start) + "-" + Long.toHexString(end);
    }
}
