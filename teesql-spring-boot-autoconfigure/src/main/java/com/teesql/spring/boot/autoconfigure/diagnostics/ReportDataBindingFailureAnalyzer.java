package com.teesql.spring.boot.autoconfigure.diagnostics;

import com.teesql.jdbc.errors.ReportDataBindingException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ReportDataBindingException}: the server's certificate carries a TDX quote that does not bind the
 * certificate's own key — a genuine quote replayed into another certificate looks exactly like this.
 *
 * @author teesql-spring-boot
 */
class ReportDataBindingFailureAnalyzer extends AbstractFailureAnalyzer<ReportDataBindingException> {


	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ReportDataBindingException cause) {
		String description = "The RA-TLS certificate of " + ConnectionTarget.of(cause).describe()
				+ " carries a TDX quote that does not bind its own public key: " + cause.getMessage();
		String action = """
				Treat this as a man-in-the-middle attempt until proven otherwise: a genuine quote copied into another \
				certificate fails exactly this check. Do not connect and do not look for a setting to relax it (there \
				is none). Check that teesql.url points at the cluster's sidecar (and not at a proxy that terminates \
				TLS), and report it to the cluster operator.""";
		return new FailureAnalysis(description, action, cause);
	}

}
