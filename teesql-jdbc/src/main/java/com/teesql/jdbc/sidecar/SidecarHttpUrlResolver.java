package com.teesql.jdbc.sidecar;

import java.net.URI;

import com.teesql.jdbc.manifest.LeaderTarget;

/**
 * Tells where the sidecar HTTP API ({@code /health}, {@code /attestation}) of the leader named by the signed manifest
 * listens. Without a bean of this type (and without {@code teesql.sidecar.http-url}) it is port 8080 on the leader's
 * host; define one when nodes publish it elsewhere, for example a local cluster on ephemeral ports.
 *
 * @author teesql-spring-boot
 */
@FunctionalInterface
public interface SidecarHttpUrlResolver {

	/**
	 * The base URL of a leader's sidecar HTTP API.
	 * @param leader where the manifest says the leader's RA-TLS listener is
	 * @return an absolute {@code http(s)} URL
	 */
	URI sidecarHttpUrl(LeaderTarget leader);

}
