package com.teesql.spring.boot.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the signed leader manifest of a replicated TeeSQL cluster is published and who must have signed it. Defined
 * from {@code teesql.manifest.*} properties unless another source, such as a replicated embedded dev cluster,
 * contributes a bean of this type; either one switches the DataSource to leader mode.
 *
 * @author teesql-spring-boot
 */
public interface TeeSqlManifestConnectionDetails extends ConnectionDetails {

	/**
	 * Cluster domain; the manifest is the TXT record {@code _teesql-leader.<domain>}.
	 * @return the domain
	 */
	String getDomain();

	/**
	 * Address of the key that must have signed the manifest.
	 * @return {@code 0x} + 40 hex digits
	 */
	String getSignerAddress();

	/**
	 * Address of the cluster the manifest must be signed for.
	 * @return {@code 0x} + 40 hex digits
	 */
	String getClusterAddress();

	/**
	 * DNS resolvers to query.
	 * @return {@code host[:port]} entries, empty for the system's resolvers
	 */
	default List<String> getResolvers() {
		return List.of();
	}

}
