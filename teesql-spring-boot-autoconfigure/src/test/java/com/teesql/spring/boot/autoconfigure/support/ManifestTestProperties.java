package com.teesql.spring.boot.autoconfigure.support;

import com.teesql.devcluster.DevManifestCluster;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The {@code teesql.manifest.*} properties of a test context in leader mode against a {@link DevManifestCluster}, with
 * read-only routing on.
 */
public final class ManifestTestProperties {

	private ManifestTestProperties() {
	}

	public static void register(DynamicPropertyRegistry registry, DevManifestCluster cluster, String domain) {
		registry.add("teesql.manifest.domain", () -> domain);
		registry.add("teesql.manifest.signer-address", cluster::signerAddress);
		registry.add("teesql.manifest.cluster-address", () -> cluster.group().clusterAddress());
		registry.add("teesql.manifest.resolvers", cluster::resolver);
		registry.add("teesql.read-only.enabled", () -> "true");
	}

}
