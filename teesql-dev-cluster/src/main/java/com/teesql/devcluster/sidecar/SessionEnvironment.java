package com.teesql.devcluster.sidecar;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What every {@link ClientSession} of one sidecar shares.
 *
 * @param tls the current server TLS context (replaced when the certificate rotates)
 * @param authenticator checks cluster secrets
 * @param injector logs in to PostgreSQL
 * @param cancelKeys keys of live sessions
 * @param counters statistics
 * @param backend PostgreSQL address, also the target of cancel requests
 * @param handshakeTimeout bound on the phase before the splice
 * @param backendConnectTimeout bound on TCP connects to PostgreSQL
 * @param workers runs the second splice direction
 */
record SessionEnvironment(Supplier<SidecarTlsContext> tls, ClusterSecretAuthenticator authenticator,
		CredentialInjector injector, CancelKeyRegistry cancelKeys, SidecarCounters counters,
		InetSocketAddress backend, Duration handshakeTimeout, Duration backendConnectTimeout, Executor workers) {

}
