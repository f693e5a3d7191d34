package dev.hotscope.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One executed notebook: its HTML, as nbconvert wrote it.
 *
 * @param name the notebook, without {@code .ipynb}
 * @param html the page
 * @param took how long nbconvert ran, kernel start and every cell included
 */
record NotebookRun(String name, String html, Duration took) {
    /** How nbconvert marks error outputs (and stderr) in the page; the notebooks write neither. */
    static final String ERROR_OUTPUT = "data-mime-type=\"application/vnd.jupyter.stderr\"";

    /** Requires that no cell showed an error or wrote to stderr. */
    NotebookRun requireNoErrors() {
        assertThat(html).as(name + ": error or stderr output").doesNotContain(ERROR_OUTPUT)
            .doesNotContain("Traceback").doesNotContain("CellError");
        return this;
    }

    /** Returns how many times the pattern occurs in the page. */
    int count(String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " (" + took.toMillis() + " ms)";
    }
}
