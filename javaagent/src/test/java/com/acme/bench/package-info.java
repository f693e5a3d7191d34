/** Methods whose probing cost {@code MethodProbeOverhead} measures. */
package com.acme.bench;
