package com.acme.isolated;

/**
 * Loaded by a test loader whose parent is the bootstrap loader, so it sees nothing of the class
 * path: only java.base and whatever the bootstrap loader holds.
 */
public final class Worker {
    public String work(String input) {
        return input.toUpperCase(java.util.Locale.ROOT);
    }
}
