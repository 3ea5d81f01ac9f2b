package com.teesql.devcluster.dns;

/**
 * How a {@link ManifestDnsServer} misbehaves, to exercise clients' handling of DNS outages.
 */
public enum DnsOutage {

	/** Answer normally. */
	NONE,

	/** Read queries and never answer (clients must time out). */
	SILENT,

	/** Answer every query with {@code REFUSED}. */
	REFUSED,

	/** Answer every query with {@code SERVFAIL}. */
	SERVFAIL

}
