package dev.hotscope.bpf.probe;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A forked JVM that prints {@code READY}, then per stdin line {@code gc N} calls System.gc() N times and prints {@code DONE}. */
public final class GcCaller {
    private GcCaller() {}

    public static void main(String[] args) throws Exception {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            String[] words = line.split(" ");
            if (words[0].equals("gc")) {
                for (int i = 0; i < Integer.parseInt(words[1]); i++) {
                    System.gc();
                }
            }
            System.out.println("DONE");
        }
    }
}
