package com.acme.timeline;

import java.util.concurrent.CountDownLatch;

/** Three nested methods that note the time inside each, and one that waits while open. */
public final class Nested {
    /** Set by the calls: in outer before middle, in middle before inner, in inner, in middle after inner, in outer after middle. */
    public final long[] marks = new long[5];

    public void outer() {
        marks[0] = System.nanoTime();
        middle();
        marks[4] = System.nanoTime();
    }

    void middle() {
        marks[1] = System.nanoTime();
        inner();
        marks[3] = System.nanoTime();
    }

    private void inner() {
        marks[2] = System.nanoTime();
    }

    public void waitInside(CountDownLatch entered, CountDownLatch release) throws InterruptedException {
        entered.countDown();
        release.await();
    }

    public int recurse(int depth) {
        return depth == 0 ? 0 : 1 + recurse(depth - 1);
    }
}
