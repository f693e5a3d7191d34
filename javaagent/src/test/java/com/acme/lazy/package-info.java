/** A class loaded after installation. */
package com.acme.lazy;
