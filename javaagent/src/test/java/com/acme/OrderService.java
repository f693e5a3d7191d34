package com.acme;

import java.io.IOException;
import java.util.List;

/** Methods of every return shape, throwing ones, and static ones. */
public final class OrderService {
    private int calls;

    public String placeOrder(String item, int quantity) {
        calls++;
        return quantity + " x " + item;
    }

    public long total(long[] prices) {
        long sum = 0;
        for (long p : prices) {
            sum += p;
        }
        return sum;
    }

    public double ratio(double a, double b) {
        return a / b;
    }

    public List<String> items(List<String> given) {
        return given;
    }

    public void touch() {
        calls++;
    }

    public int calls() {
        return calls;
    }

    public void reject(String why) {
        throw new OrderException(why);
    }

    public byte[] read(boolean fail) throws IOException {
        if (fail) {
            throw new IOException("disk on fire");
        }
        return new byte[] {1, 2, 3};
    }

    public static int add(int a, int b) {
        return a + b;
    }

    public void sleepMillis(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
