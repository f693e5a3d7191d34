package dev.hotscope.jfr.report;

/** A report could not be made; the message is one line naming the problem and what is accepted. */
public final class ReportException extends Exception {
    private static final long serialVersionUID = 1L;

    ReportException(String message) {
        super(message);
    }

    ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
