/**
 * Text, HTML and SVG renderers behind {@link dev.hotscope.lab.Rich}: number and label formatting,
 * escaping, and the layouts of histograms, tables and flame graphs. Public only so that
 * {@code dev.hotscope.lab} can reach it; call the {@code Rich} methods instead.
 */
package dev.hotscope.lab.render;
