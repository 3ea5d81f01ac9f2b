package com.teesql.devcluster;

/**
 * What a {@link DevNode} currently is in its {@link DevClusterGroup}.
 *
 * @author teesql-spring-boot
 */
public enum NodeRole {

	/** PostgreSQL primary behind an accepting sidecar: the only node that accepts writes. */
	LEADER,

	/** Hot standby behind an accepting sidecar: reads work, writes fail with PostgreSQL's read-only error. */
	STANDBY,

	/** A former leader after failover: its sidecar is closed and its PostgreSQL stopped until it rejoins. */
	FENCED

}
