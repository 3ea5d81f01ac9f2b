package com.teesql.spring.boot.autoconfigure.diagnostics;

import java.sql.SQLException;
import java.util.List;

import com.teesql.jdbc.errors.DebugModeException;
import com.teesql.jdbc.errors.HandshakeTimeoutException;
import com.teesql.jdbc.errors.MissingAttestationExtensionException;
import com.teesql.jdbc.errors.MrtdNotAllowedException;
import com.teesql.jdbc.errors.ReportDataBindingException;
import com.teesql.jdbc.errors.RuntimeEventsException;
import com.teesql.jdbc.errors.TdAttributesException;
import com.teesql.jdbc.errors.TeeSqlException;
import com.teesql.jdbc.errors.TlsNegotiationException;
import com.teesql.jdbc.errors.UnsupportedAttestationFormatException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fallback analyzer for a {@link TeeSqlException} without a dedicated one, in isolation and among every
 * registered analyzer, chosen the way Boot chooses (sorted by order, first analysis wins).
 */
class TeeSqlFailureAnalyzerTests {

	@Test
	void describesTheRefusalWithItsMessageAndPointsAtTheTroubleshootingSection() {
		TdAttributesException refusal = new TdAttributesException("SEPT_VE_DISABLE",
				"TDATTRIBUTES 0000000000000000 does not set SEPT_VE_DISABLE — connection refused");
		FailureAnalysis analysis = new TeeSqlFailureAnalyzer().analyze(startupFailure(refusal));
		assertThat(analysis.getDescription()).isEqualTo(refusal.getMessage());
		assertThat(analysis.getAction()).contains("\"Troubleshooting\" section of the teesql-spring-boot README")
			.contains("cluster operator");
		assertThat(analysis.getCause()).isSameAs(refusal);
	}

	@Test
	void ignoresFailuresWithoutATeeSqlException() {
		assertThat(new TeeSqlFailureAnalyzer().analyze(new BeanCreationException("dataSource", "boom",
				new SQLException("FATAL: database \"app\" does not exist", "3D000"))))
			.isNull();
	}

	@Test
	void explainsRefusalsThatNoOtherRegisteredAnalyzerExplains() {
		for (TeeSqlException refusal : List.of(
				new TdAttributesException("reserved", "TDATTRIBUTES 0000000000000001 has reserved bits set"),
				new RuntimeEventsException("runtime events do not replay to the quote's RTMR3"),
				new UnsupportedAttestationFormatException("dstack V1 (msgpack) VersionedAttestation format"))) {
			FailureAnalysis analysis = analyzeAsBootDoes(startupFailure(refusal));
			assertThat(analysis).as(refusal.getClass().getSimpleName()).isNotNull();
			assertThat(analysis.getDescription()).isEqualTo(refusal.getMessage());
			assertThat(analysis.getAction()).isEqualTo(TeeSqlFailureAnalyzer.ACTION);
		}
	}

	@Test
	void dedicatedAnalyzersStillWin() {
		for (TeeSqlException refusal : List.of(new DebugModeException(), new MissingAttestationExtensionException(),
				new MrtdNotAllowedException("ab".repeat(48)), new HandshakeTimeoutException(1000),
				new TlsNegotiationException("server does not speak TLS"),
				new ReportDataBindingException("REPORTDATA does not bind the certificate key"))) {
			FailureAnalysis analysis = analyzeAsBootDoes(startupFailure(refusal));
			assertThat(analysis).as(refusal.getClass().getSimpleName()).isNotNull();
			assertThat(analysis.getAction()).as(refusal.getClass().getSimpleName())
				.isNotEqualTo(TeeSqlFailureAnalyzer.ACTION);
		}
	}

	/** The chain a refused connection produces while a bean is created: pgjdbc keeps the refusal as the cause. */
	private static Throwable startupFailure(TeeSqlException refusal) {
		return new BeanCreationException("dataSourceScriptDatabaseInitializer", "Failed to initialize",
				new SQLException("The connection attempt failed.", "08001", refusal));
	}

	/** What Boot's {@code FailureAnalyzers} does: load every registered analyzer sorted by order, take the first. */
	private static FailureAnalysis analyzeAsBootDoes(Throwable failure) {
		MockEnvironment environment = new MockEnvironment();
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader
			.forDefaultResourceLocation(TeeSqlFailureAnalyzerTests.class.getClassLoader())
			.load(FailureAnalyzer.class,
					SpringFactoriesLoader.ArgumentResolver
						.of(BeanFactory.class, new DefaultListableBeanFactory())
						.and(Environment.class, environment),
					// Like Boot, skip analyzers whose optional dependency is absent (e.g. jakarta.validation).
					SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
					}));
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

}
