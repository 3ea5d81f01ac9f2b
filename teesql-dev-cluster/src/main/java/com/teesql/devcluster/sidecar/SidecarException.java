package com.teesql.devcluster.sidecar;

/**
 * The sidecar could not start or reconfigure: a port could not be bound or the TLS material is unusable.
 *
 * @author TeeSQL contributors
 */
public class SidecarException extends RuntimeException {

	public SidecarException(String message, Throwable cause) {
		super(message, cause);
	}

}
