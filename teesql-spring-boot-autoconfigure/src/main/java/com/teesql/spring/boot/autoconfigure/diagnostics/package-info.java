/**
 * Failure analyzers that turn TeeSQL startup failures (bad {@code teesql.url}, no identity pin, attestation refusals, sidecar
 * authentication errors, unreachable guest agent, TLS and timeout problems) into Boot's "APPLICATION FAILED TO START"
 * report, worded like the connection troubleshooting guide and naming the {@code teesql.*} property or operator step
 * that fixes them.
 */
package com.teesql.spring.boot.autoconfigure.diagnostics;
