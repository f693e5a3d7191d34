package dev.hotscope.lab.bpftrace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Repairs bpftrace 0.17's JSON escapes of bytes above 0x7f: it sign-extends the {@code char} and writes
 * {@code \uffffffc3} for byte 0xc3, which a JSON parser would read as U+FFFF followed by the text
 * {@code ffc3}. Runs of such escapes are turned back into bytes, decoded as UTF-8 and written as proper
 * {@code \}{@code uXXXX} escapes.
 */
final class ByteEscapes {
    private static final String SIGN_EXTENDED = "uffffff";

    private ByteEscapes() {}

    /** Returns the line with every sign-extended byte escape repaired; the line itself when it has none. */
    static String repair(String line) {
        if (!line.contains("\\" + SIGN_EXTENDED)) {
            return line;
        }
        StringBuilder out = new StringBuilder(line.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c != '\\' || i + 1 >= line.length()) {
                flush(bytes, out);
                out.append(c);
                i++;
            } else if (isByteEscape(line, i)) {
                bytes.write(Integer.parseInt(line.substring(i + 8, i + 10), 16));
                i += 10;
            } else {
                // Any other escape (including an escaped backslash) is copied whole so that its second
                // character is never mistaken for the start of an escape.
                flush(bytes, out);
                out.append(c).append(line.charAt(i + 1));
                i += 2;
            }
        }
        flush(bytes, out);
        return out.toString();
    }

    private static boolean isByteEscape(String line, int backslash) {
        return line.startsWith(SIGN_EXTENDED, backslash + 1)
            && backslash + 10 <= line.length()
            && isHex(line.charAt(backslash + 8))
            && isHex(line.charAt(backslash + 9));
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() == 0) {
            return;
        }
        String decoded = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        for (int k = 0; k < decoded.length(); k++) {
            out.append(String.format("\\u%04x", (int) decoded.charAt(k)));
        }
        bytes.reset();
    }
}
