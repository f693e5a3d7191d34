/** Method kinds that are never probed. */
package com.acme.shapes;
