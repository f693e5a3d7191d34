package com.acme.workload;

/**
 * A checkout of two items, each priced in about 2 ms, and a step that throws; {@code sync} and
 * {@code done} mark the handshake with the tracer.
 */
public final class Checkout {
    /** How long pricing one item takes at least. */
    public static final long PRICE_MILLIS = 2;

    private Checkout() {}

    public static long checkout(int order) {
        long total = priceItem(order) + priceItem(order + 1);
        try {
            fail(order);
        } catch (IllegalStateException expected) {
            total++;
        }
        return total;
    }

    static long priceItem(int item) {
        try {
            Thread.sleep(PRICE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100L + item;
    }

    static void fail(int order) {
        throw new IllegalStateException("order " + order + " declined");
    }

    public static void sync() {
        // A probe point only.
    }

    public static void done() {
        // A probe point only.
    }
}
