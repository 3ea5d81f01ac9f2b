package com.teesql.spring.boot.autoconfigure;

import java.util.List;

import com.teesql.jdbc.tls.RaTlsSocketFactory;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What teesql-jdbc and its libraries reach by reflection or as classpath resources, for Spring AOT and GraalVM
 * native images. Spring's AOT engine covers the rest (configuration properties binding, the auto-configurations'
 * bean definitions, the failure analyzers listed in {@code spring.factories}, the actuator endpoint's operations).
 * <p>
 * Deliberately absent: Jackson, BouncyCastle and web3j need no hints here. teesql-jdbc reads and writes JSON through
 * Jackson's tree model and maps only (collateral, Intel Trust Authority responses, guest-agent replies, the sidecar's
 * attestation document), never binding a class; BouncyCastle is used as a library (ASN.1, PEM, certificate holders)
 * and no BouncyCastle security provider is ever installed or named; web3j's secp256k1 and Keccak code is called
 * directly.
 *
 * @author teesql-spring-boot
 */
class TeeSqlRuntimeHints implements RuntimeHintsRegistrar {

	/** Loaded by {@code DcapVerifier} (relative to its package) as the default DCAP trust anchor. */
	static final String INTEL_ROOT_CA = "com/teesql/jdbc/attestation/dcap/intel_sgx_root_ca.der";

	/** Queried by dnsjava's {@code SunJvmResolverConfigProvider} (when enabled) for the system's DNS servers. */
	static final String SUN_RESOLVER_CONFIGURATION = "sun.net.dns.ResolverConfiguration";

	/** Instantiated by JNDI for dnsjava's {@code JndiContextResolverConfigProvider}. */
	static final String JNDI_DNS_CONTEXT_FACTORY = "com.sun.jndi.dns.DnsContextFactory";

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		// pgjdbc instantiates the socketFactory connection property by class name, through its (Properties)
		// constructor (ObjectFactory.instantiate).
		hints.reflection().registerType(RaTlsSocketFactory.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		hints.resources().registerPattern(INTEL_ROOT_CA);
		// teesql.manifest.resolvers empty: the manifest resolver asks dnsjava for the system's DNS servers. Its
		// resolv.conf reader needs nothing; these two fallbacks are reflective.
		hints.reflection()
			.registerType(TypeReference.of(SUN_RESOLVER_CONFIGURATION),
					(type) -> type.withMethod("open", List.of(), ExecutableMode.INVOKE)
						.withMethod("nameservers", List.of(), ExecutableMode.INVOKE)
						.withMethod("searchlist", List.of(), ExecutableMode.INVOKE));
		hints.reflection()
			.registerType(TypeReference.of(JNDI_DNS_CONTEXT_FACTORY),
					(type) -> type.withConstructor(List.of(), ExecutableMode.INVOKE));
	}

}
