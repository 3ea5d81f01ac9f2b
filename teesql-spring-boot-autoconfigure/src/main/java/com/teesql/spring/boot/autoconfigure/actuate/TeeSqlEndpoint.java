package com.teesql.spring.boot.autoconfigure.actuate;

import java.util.Map;

import com.teesql.jdbc.monitor.TeeSqlMonitor;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code teesql} actuator endpoint. Read: the connection status ({@link TeeSqlMonitor#status()}). Write, with the
 * operation as selector ({@code POST /actuator/teesql/reverify}, {@code POST /actuator/teesql/refresh-manifest}):
 * {@link TeeSqlMonitor#reverify()} and {@link TeeSqlMonitor#refreshManifest()}.
 * <p>
 * Read-only by default: the write operations make the application attest the cluster or query DNS on request, so an
 * operator opens them explicitly ({@code management.endpoint.teesql.access=unrestricted}).
 *
 * @author teesql-spring-boot
 */
@Endpoint(id = "teesql", defaultAccess = Access.READ_ONLY)
public class TeeSqlEndpoint {

	/** Write operation that clears the verification cache and attests the target now. */
	public static final String REVERIFY = TeeSqlMonitor.REVERIFY;

	/** Write operation that would refresh the leader manifest. */
	public static final String REFRESH_MANIFEST = TeeSqlMonitor.REFRESH_MANIFEST;

	private final TeeSqlMonitor monitor;

	/**
	 * Create the endpoint.
	 * @param monitor the monitor that does the work
	 */
	public TeeSqlEndpoint(TeeSqlMonitor monitor) {
		this.monitor = monitor;
	}

	/**
	 * The connection status.
	 * @return connector configuration (no secrets), last attestation, cache, verification count, pool state
	 */
	@ReadOperation
	public Map<String, Object> status() {
		return this.monitor.status();
	}

	/**
	 * Run a write operation.
	 * @param operation {@value #REVERIFY} or {@value #REFRESH_MANIFEST}
	 * @return the operation's outcome
	 */
	@WriteOperation
	public Map<String, Object> run(@Selector String operation) {
		return switch (operation) {
			case REVERIFY -> this.monitor.reverify();
			case REFRESH_MANIFEST -> this.monitor.refreshManifest();
			default -> throw new InvalidEndpointRequestException("Unknown teesql operation '" + operation
					+ "'; use " + REVERIFY + " or " + REFRESH_MANIFEST, "Unknown teesql operation");
		};
	}

}
