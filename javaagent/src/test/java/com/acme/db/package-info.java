/** A package for glob patterns. */
package com.acme.db;
