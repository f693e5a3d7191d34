/**
 * Application-like classes that the method-probe tests instrument. They live outside
 * {@code dev.hotscope} because hotscope never instruments its own classes.
 */
package com.acme;
