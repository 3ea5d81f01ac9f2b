package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.attestation.dcap.CollateralUnavailableException;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a {@link CollateralUnavailableException}: DCAP collateral could not be fetched, so no quote can be
 * verified.
 *
 * @author teesql-spring-boot
 */
class CollateralUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<CollateralUnavailableException> {

	private final Environment environment;

	CollateralUnavailableFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CollateralUnavailableException cause) {
		String description = "The TDX quote of " + ConnectionTarget.of(cause).describe()
				+ " could not be verified because DCAP collateral (TCB info, QE identity, CRLs) is unavailable: "
				+ cause.getMessage();
		Binder binder = Binder.get(this.environment);
		String directory = binder.bind("teesql.attestation.dcap.collateral-dir", String.class).orElse(null);
		String action = (directory != null)
				? "Check that teesql.attestation.dcap.collateral-dir ('" + directory
						+ "') holds current collateral files (<FMSPC>.json) readable by the application."
				: "Check that teesql.attestation.dcap.pccs-url ('"
						+ binder.bind("teesql.attestation.dcap.pccs-url", String.class)
							.orElse("https://api.trustedservices.intel.com")
						+ "') is reachable from this host, or raise teesql.attestation.dcap.timeout. Air-gapped "
						+ "deployments can set teesql.attestation.dcap.collateral-dir instead.";
		return new FailureAnalysis(description, action, cause);
	}

}
