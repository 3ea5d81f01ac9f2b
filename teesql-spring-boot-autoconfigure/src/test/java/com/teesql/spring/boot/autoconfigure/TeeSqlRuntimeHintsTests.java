package com.teesql.spring.boot.autoconfigure;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Properties;

import com.teesql.jdbc.attestation.dcap.DcapVerifier;
import com.teesql.jdbc.tls.RaTlsSocketFactory;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TeeSqlRuntimeHints}: each hint matches what the code it is for really does.
 */
class TeeSqlRuntimeHintsTests {

	private final RuntimeHints hints = registered();

	@Test
	void isRegisteredForTheAotEngine() {
		List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader
			.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class);
		assertThat(registrars).hasAtLeastOneElementOfType(TeeSqlRuntimeHints.class);
	}

	@Test
	void pgjdbcCanInstantiateTheSocketFactoryByName() throws Exception {
		// What pgjdbc's ObjectFactory.instantiate looks up first for a socketFactory class name.
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(RaTlsSocketFactory.class.getConstructor(Properties.class))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(RaTlsSocketFactory.class)).accepts(this.hints);
	}

	@Test
	void theEmbeddedIntelRootCaIsIncluded() {
		assertThat(RuntimeHintsPredicates.resource().forResource(TeeSqlRuntimeHints.INTEL_ROOT_CA)).accepts(this.hints);
		// The hinted path is the one DcapVerifier loads (relative to its own package).
		assertThat(getClass().getClassLoader().getResource(TeeSqlRuntimeHints.INTEL_ROOT_CA)).isNotNull()
			.isEqualTo(DcapVerifier.class.getResource("intel_sgx_root_ca.der"));
	}

	@Test
	void dnsjavasReflectiveResolverConfigurationFallbacksAreReachable() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(TeeSqlRuntimeHints.SUN_RESOLVER_CONFIGURATION, "open")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(TeeSqlRuntimeHints.SUN_RESOLVER_CONFIGURATION, "nameservers")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(TeeSqlRuntimeHints.SUN_RESOLVER_CONFIGURATION, "searchlist")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(Class.forName(TeeSqlRuntimeHints.JNDI_DNS_CONTEXT_FACTORY).getConstructor()))
			.accepts(this.hints);
	}

	@Test
	void namesInTheHintsStillExist() throws Exception {
		// A renamed class or method would leave a hint that silently matches nothing.
		Class<?> resolverConfiguration = Class.forName(TeeSqlRuntimeHints.SUN_RESOLVER_CONFIGURATION);
		Method open = resolverConfiguration.getDeclaredMethod("open");
		assertThat(open).isNotNull();
		assertThat(resolverConfiguration.getMethod("nameservers")).isNotNull();
		assertThat(resolverConfiguration.getMethod("searchlist")).isNotNull();
		assertThat(Class.forName(TeeSqlRuntimeHints.JNDI_DNS_CONTEXT_FACTORY).getConstructor()).isNotNull();
	}

	@Test
	void nothingElseIsOpenedUp() throws Exception {
		// Hints are scoped: no blanket access to teesql-jdbc's methods.
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(RaTlsSocketFactory.class.getMethod("createSocket"))).rejects(this.hints);
	}

	private static RuntimeHints registered() {
		RuntimeHints hints = new RuntimeHints();
		new TeeSqlRuntimeHints().registerHints(hints, TeeSqlRuntimeHintsTests.class.getClassLoader());
		return hints;
	}

}
