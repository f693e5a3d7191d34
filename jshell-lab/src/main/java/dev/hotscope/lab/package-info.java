/**
 * The JShell lab's vocabulary: {@link dev.hotscope.lab.Lab}'s static verbs choose a {@link dev.hotscope.lab.Target}
 * and make {@link dev.hotscope.lab.Source}s, whose runs return {@link dev.hotscope.lab.Events} of
 * {@link dev.hotscope.lab.Event} records and the results computed from them ({@link dev.hotscope.lab.Histogram},
 * {@link dev.hotscope.lab.Table}, {@link dev.hotscope.lab.FlameGraph}), each {@link dev.hotscope.lab.Rich}:
 * bcc-style text at the prompt, HTML/SVG in Jupyter. {@link dev.hotscope.lab.LabMain} is
 * {@code bin/hotscope lab}.
 */
package dev.hotscope.lab;
