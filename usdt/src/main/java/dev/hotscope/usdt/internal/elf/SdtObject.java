package dev.hotscope.usdt.internal.elf;

import java.util.List;

/**
 * A written SDT shared object and where its parts lie, as link-time virtual addresses (the object
 * is linked at 0, so an address plus the load base is the run-time address).
 *
 * @param bytes the whole file
 * @param textSegmentSize bytes of the read+execute segment, which starts at offset and address 0
 * @param dataSegmentAddress address (and file offset) of the read+write segment holding the semaphores
 * @param dataSegmentSize bytes of the read+write segment
 * @param functionAddresses per probe, the address of the function a caller calls to fire it
 * @param siteAddresses per probe, the address the probe's note points at
 * @param semaphoreAddress address of the first 2-byte semaphore; probe i's is at {@code + 2*i}
 * @param pageSize the page size the segments are aligned to
 */
public record SdtObject(
        byte[] bytes,
        long textSegmentSize,
        long dataSegmentAddress,
        long dataSegmentSize,
        List<Long> functionAddresses,
        List<Long> siteAddresses,
        long semaphoreAddress,
        long pageSize) {

    /** Bytes to reserve in the address space for both segments, whole pages. */
    public long spanSize() {
        return roundUp(dataSegmentAddress + dataSegmentSize, pageSize);
    }

    /** The read+execute segment rounded up to whole pages. */
    public long textSpanSize() {
        return roundUp(textSegmentSize, pageSize);
    }

    /** The read+write segment rounded up to whole pages. */
    public long dataSpanSize() {
        return roundUp(dataSegmentSize, pageSize);
    }

    static long roundUp(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
