package dev.hotscope.bpf.proc;

/** Search of sorted address tables. */
public final class Addresses {
    private Addresses() {}

    /**
     * The index of the last entry at or below an address, or -1; both compared unsigned, since
     * kernel addresses are negative as longs.
     *
     * @param starts addresses sorted unsigned
     * @param address the address sought
     * @return the index, or -1 if every entry lies above the address
     */
    public static int floorIndex(long[] starts, long address) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }
}
