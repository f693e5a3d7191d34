package com.acme;

/** Thrown by {@link OrderService#reject(String)}; tests check it arrives unchanged. */
public final class OrderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OrderException(String message) {
        super(message);
    }
}
