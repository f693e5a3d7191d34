/** Nested methods for timeline tests. */
package com.acme.timeline;
