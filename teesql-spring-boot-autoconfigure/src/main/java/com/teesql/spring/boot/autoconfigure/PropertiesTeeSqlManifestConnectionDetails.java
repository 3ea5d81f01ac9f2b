package com.teesql.spring.boot.autoconfigure;

import java.util.List;

/**
 * {@link TeeSqlManifestConnectionDetails} from {@code teesql.manifest.*} properties (validated when bound).
 *
 * @author teesql-spring-boot
 */
class PropertiesTeeSqlManifestConnectionDetails implements TeeSqlManifestConnectionDetails {

	private final TeeSqlProperties.Manifest manifest;

	PropertiesTeeSqlManifestConnectionDetails(TeeSqlProperties.Manifest manifest) {
		this.manifest = manifest;
	}

	@Override
	public String getDomain() {
		return this.manifest.getDomain();
	}

	@Override
	public String getSignerAddress() {
		return this.manifest.getSignerAddress();
	}

	@Override
	public String getClusterAddress() {
		return this.manifest.getClusterAddress();
	}

	@Override
	public List<String> getResolvers() {
		return List.copyOf(this.manifest.getResolvers());
	}

}
