package dev.hotscope.tests.agent;

import java.io.IOException;

/**
 * An application that does nothing but say it ran; with {@code wait} it first prints
 * {@code READY <pid>} and waits for a line on stdin, so the test can attach to it.
 */
public final class PlainApp {
    private PlainApp() {}

    public static void main(String[] args) throws IOException {
        boolean ownContext = Thread.currentThread().getContextClassLoader() == ClassLoader.getSystemClassLoader();
        System.out.println("app main runs; context loader is the app's: " + ownContext);
        if (args.length > 0 && args[0].equals("wait")) {
            System.out.println("READY " + ProcessHandle.current().pid());
            System.in.read();
        }
        System.out.println("app main done");
    }
}
