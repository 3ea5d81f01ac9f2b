package com.teesql.devcluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.teesql.devcluster.platform.AttestationKnobs;

/**
 * How a {@link DevCluster} starts.
 *
 * @param simulatorMode whether the sidecar behaves like one next to a dstack simulator: its certificate carries no
 * RA-TLS extension and it requests no client certificate
 * @param serverKnobs what the sidecar's certificate attests (ignored in simulator mode)
 * @param extraRoleSecrets roles beyond {@code teesql_read}/{@code teesql_readwrite} that the sidecar accepts, with
 * their secrets; PostgreSQL does not know them unless they are provisioned separately
 * @author teesql-spring-boot
 */
public record DevClusterOptions(boolean simulatorMode, AttestationKnobs serverKnobs,
		Map<String, String> extraRoleSecrets) {

	public DevClusterOptions {
		Objects.requireNonNull(serverKnobs, "serverKnobs");
		extraRoleSecrets = Map.copyOf(extraRoleSecrets);
	}

	/**
	 * A genuine-looking node: RA-TLS certificate bound to its key, mutual TLS required.
	 * @return the default options
	 */
	public static DevClusterOptions defaults() {
		return new DevClusterOptions(false, AttestationKnobs.genuine(), Map.of());
	}

	public DevClusterOptions withSimulatorMode(boolean value) {
		return new DevClusterOptions(value, this.serverKnobs, this.extraRoleSecrets);
	}

	public DevClusterOptions withServerKnobs(AttestationKnobs value) {
		return new DevClusterOptions(this.simulatorMode, value, this.extraRoleSecrets);
	}

	public DevClusterOptions withExtraRole(String role, String secret) {
		Map<String, String> roles = new LinkedHashMap<>(this.extraRoleSecrets);
		roles.put(role, secret);
		return new DevClusterOptions(this.simulatorMode, this.serverKnobs, roles);
	}

	@Override
	public String toString() {
		return "DevClusterOptions[simulatorMode=" + this.simulatorMode + ", serverKnobs=" + this.serverKnobs
				+ ", extraRoles=" + this.extraRoleSecrets.keySet() + "]";
	}

}
