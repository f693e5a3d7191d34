/** A class loaded by a loader that does not delegate to the application loader. */
package com.acme.isolated;
